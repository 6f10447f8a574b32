-- dealerkit 0008 (MySQL): what a front desk searches repair orders by (issue 7), as in the other
-- dialects. plate is Reception.Plate (VARBINARY: compared byte by byte, as PostgreSQL and SQLite
-- compare), customer_id Reception.Customer.ID (NULL for a walk-in the DMS has not registered).
-- Both are set at reception and never change. Orders stored before this migration take them from
-- their body.

ALTER TABLE dealerkit_repair_orders ADD COLUMN plate VARBINARY(255) NOT NULL DEFAULT '';

ALTER TABLE dealerkit_repair_orders ADD COLUMN customer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin;

UPDATE dealerkit_repair_orders
   SET plate = COALESCE(JSON_UNQUOTE(JSON_EXTRACT(body, '$.reception.plate')), ''),
       customer_id = JSON_UNQUOTE(JSON_EXTRACT(body, '$.reception.customer.id'));

CREATE INDEX dealerkit_repair_orders_plate ON dealerkit_repair_orders (dealer_id, plate);

CREATE INDEX dealerkit_repair_orders_customer ON dealerkit_repair_orders (dealer_id, customer_id);
