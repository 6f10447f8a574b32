-- dealerkit 0009 (PostgreSQL): the front-desk searches of issue 7. Every index leads with dealer_id (§2).
-- customer_id is complaints.Complaint.Customer (the complainant's dealerkit.CustomerID), NULL for
-- an anonymous complaint: a customer lists their own complaints, staff search by customer.
-- created_at of a purchase order is when its draft was started (POFilter.CreatedFrom/Before).
-- Both are filled from the stored snapshots of rows written before this migration.

ALTER TABLE dealerkit_complaints ADD COLUMN customer_id uuid;
UPDATE dealerkit_complaints SET customer_id = NULLIF(body->'complainant'->>'customer', '')::uuid;
CREATE INDEX dealerkit_complaints_customer_id ON dealerkit_complaints (dealer_id, customer_id, id)
    WHERE customer_id IS NOT NULL;

ALTER TABLE dealerkit_purchase_orders ADD COLUMN created_at timestamptz;
UPDATE dealerkit_purchase_orders SET created_at = (body->>'created_at')::timestamptz;
CREATE INDEX dealerkit_purchase_orders_created ON dealerkit_purchase_orders (dealer_id, created_at);
