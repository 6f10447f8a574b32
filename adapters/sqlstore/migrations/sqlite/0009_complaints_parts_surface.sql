-- dealerkit 0009 (SQLite): the front-desk searches of issue 7. Every index leads with dealer_id (§2).
-- customer_id is complaints.Complaint.Customer (the complainant's dealerkit.CustomerID), NULL for
-- an anonymous complaint: a customer lists their own complaints, staff search by customer.
-- created_at of a purchase order is when its draft was started (POFilter.CreatedFrom/Before).
-- Both are filled from the stored snapshots of rows written before this migration.

ALTER TABLE dealerkit_complaints ADD COLUMN customer_id TEXT;
UPDATE dealerkit_complaints SET customer_id = json_extract(body, '$.complainant.customer');
CREATE INDEX dealerkit_complaints_customer_id ON dealerkit_complaints (dealer_id, customer_id, id)
    WHERE customer_id IS NOT NULL;

ALTER TABLE dealerkit_purchase_orders ADD COLUMN created_at TEXT;
-- The snapshot holds RFC 3339 in UTC with up to 6 fractional digits; the column the fixed-width
-- form every time column of this store has (2006-01-02T15:04:05.000000Z), so it sorts as time.
UPDATE dealerkit_purchase_orders SET created_at = CASE
    WHEN substr(json_extract(body, '$.created_at'), 20, 1) = '.' THEN
        substr(json_extract(body, '$.created_at'), 1, 19) || '.' ||
        substr(replace(substr(json_extract(body, '$.created_at'), 21), 'Z', '') || '000000', 1, 6) || 'Z'
    ELSE substr(json_extract(body, '$.created_at'), 1, 19) || '.000000Z'
END;
CREATE INDEX dealerkit_purchase_orders_created ON dealerkit_purchase_orders (dealer_id, created_at);
