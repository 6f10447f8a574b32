-- dealerkit 0009 (MySQL): the front-desk searches of issue 7. Every index leads with dealer_id (§2).
-- customer_id is complaints.Complaint.Customer (the complainant's dealerkit.CustomerID), NULL for
-- an anonymous complaint: a customer lists their own complaints, staff search by customer.
-- created_at of a purchase order is when its draft was started (POFilter.CreatedFrom/Before).
-- Both are filled from the stored snapshots of rows written before this migration.

ALTER TABLE dealerkit_complaints ADD COLUMN customer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NULL;

UPDATE dealerkit_complaints SET customer_id = JSON_UNQUOTE(JSON_EXTRACT(body, '$.complainant.customer'))
    WHERE JSON_EXTRACT(body, '$.complainant.customer') IS NOT NULL;

CREATE INDEX dealerkit_complaints_customer_id ON dealerkit_complaints (dealer_id, customer_id, id);

ALTER TABLE dealerkit_purchase_orders ADD COLUMN created_at DATETIME(6) NULL;

-- The snapshot holds RFC 3339 in UTC ("2026-03-02T01:02:03.456Z"); the column is UTC, as every
-- time column of this store.
UPDATE dealerkit_purchase_orders
    SET created_at = CAST(REPLACE(REPLACE(JSON_UNQUOTE(JSON_EXTRACT(body, '$.created_at')), 'T', ' '), 'Z', '') AS DATETIME(6));

CREATE INDEX dealerkit_purchase_orders_created ON dealerkit_purchase_orders (dealer_id, created_at);
