-- dealerkit 0008 (SQLite): what a front desk searches repair orders by (issue 7).
-- plate is Reception.Plate and customer_id Reception.Customer.ID (NULL for a walk-in the DMS has
-- not registered): aftersales.Service.List filters on them, and a customer actor lists only the
-- orders whose customer_id is theirs. Both are set at reception and never change. Orders stored
-- before this migration take them from their body.

ALTER TABLE dealerkit_repair_orders ADD COLUMN plate TEXT NOT NULL DEFAULT '';
ALTER TABLE dealerkit_repair_orders ADD COLUMN customer_id TEXT;

UPDATE dealerkit_repair_orders
   SET plate = COALESCE(json_extract(body, '$.reception.plate'), ''),
       customer_id = json_extract(body, '$.reception.customer.id');

CREATE INDEX dealerkit_repair_orders_plate ON dealerkit_repair_orders (dealer_id, plate);
CREATE INDEX dealerkit_repair_orders_customer ON dealerkit_repair_orders (dealer_id, customer_id)
    WHERE customer_id IS NOT NULL;
