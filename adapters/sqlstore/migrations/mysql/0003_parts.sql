-- dealerkit 0003 (MySQL): parts (§3.4): the catalogue, suppliers, purchase orders, stock, the
-- ledger (postings and their movements), reservations and stocktakes.
-- Every key and index leads with dealer_id (§2). Types as in 0001. Quantities and values in the
-- stock and movement rows are DECIMAL(65,30): exact, up to 35 digits before the point and 30
-- after; the adapter refuses a posting that would not fit. DECIMAL keeps a fixed scale, so the
-- stock row keeps the scale of each quantity in a column of its own, and the adapter reads the
-- value back at that scale. Stock changes only by exact DECIMAL arithmetic under a row lock.
-- Bins are VARBINARY: compared byte by byte, the order Go sorts them in, which is the order a
-- posting locks its rows in. `key` is a reserved word in MySQL: quoted.

CREATE TABLE dealerkit_parts (
    dealer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version   BIGINT         NOT NULL,
    number    VARBINARY(255) NOT NULL,
    category  VARBINARY(255) NOT NULL,
    active    BOOLEAN        NOT NULL,
    body      LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE KEY dealerkit_parts_number_key (dealer_id, number),
    KEY dealerkit_parts_category (dealer_id, category),
    CONSTRAINT dealerkit_parts_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE dealerkit_suppliers (
    dealer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version   BIGINT         NOT NULL,
    code      VARBINARY(255) NOT NULL,
    body      LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE KEY dealerkit_suppliers_code_key (dealer_id, code),
    CONSTRAINT dealerkit_suppliers_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE dealerkit_purchase_orders (
    dealer_id   CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id          CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version     BIGINT         NOT NULL,
    number      VARBINARY(255) NOT NULL,
    supplier_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    state       VARBINARY(64)  NOT NULL,
    body        LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE KEY dealerkit_purchase_orders_number_key (dealer_id, number),
    KEY dealerkit_purchase_orders_supplier (dealer_id, supplier_id),
    KEY dealerkit_purchase_orders_state (dealer_id, state),
    CONSTRAINT dealerkit_purchase_orders_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per part per bin. The checks are the backstop of what every posting keeps: stock never
-- goes negative, never below what is held for repair orders, and nothing on hand is worth nothing.
CREATE TABLE dealerkit_stock (
    dealer_id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    part_id          CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    bin              VARBINARY(255) NOT NULL,
    on_hand          DECIMAL(65,30) NOT NULL,
    reserved         DECIMAL(65,30) NOT NULL,
    value            DECIMAL(65,30) NOT NULL,
    on_hand_scale    TINYINT UNSIGNED NOT NULL,
    reserved_scale   TINYINT UNSIGNED NOT NULL,
    value_scale      TINYINT UNSIGNED NOT NULL,
    method           VARBINARY(64)  NOT NULL,
    layers           LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    last_unit_cost   VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    last_movement_at DATETIME(6),
    PRIMARY KEY (dealer_id, part_id, bin),
    CONSTRAINT dealerkit_stock_on_hand_check CHECK (on_hand >= 0),
    CONSTRAINT dealerkit_stock_reserved_check CHECK (reserved >= 0 AND reserved <= on_hand),
    CONSTRAINT dealerkit_stock_value_check CHECK (value >= 0 AND (on_hand > 0 OR value = 0)),
    CONSTRAINT dealerkit_stock_scale_check CHECK (on_hand_scale <= 30 AND reserved_scale <= 30 AND value_scale <= 30)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A posting is one atomic change of stock under an idempotency key, unique per dealer.
CREATE TABLE dealerkit_postings (
    dealer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    `key`     VARBINARY(255) NOT NULL,
    kind      VARBINARY(64)  NOT NULL,
    at        DATETIME(6)    NOT NULL,
    body      LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE KEY dealerkit_postings_key_key (dealer_id, `key`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The ledger: on_hand and value of a stock row are the sums of its movements' quantity and value.
CREATE TABLE dealerkit_movements (
    dealer_id  CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id         CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    posting_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    ordinal    INT            NOT NULL,
    part_id    CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    bin        VARBINARY(255) NOT NULL,
    kind       VARBINARY(64)  NOT NULL,
    quantity   DECIMAL(65,30) NOT NULL,
    value      DECIMAL(65,30) NOT NULL,
    at         DATETIME(6)    NOT NULL,
    body       LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE KEY dealerkit_movements_posting_key (dealer_id, posting_id, ordinal),
    KEY dealerkit_movements_row (dealer_id, part_id, bin, id),
    KEY dealerkit_movements_at (dealer_id, at),
    CONSTRAINT dealerkit_movements_quantity_check CHECK (quantity <> 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- At most one open reservation per repair-order line: open_line_id is the line while the
-- reservation is open and NULL after (NULLs do not collide), MySQL having no partial index.
-- (RTRIM: MariaDB refuses a CHAR column in a generated expression as it depends on sql_mode
-- PAD_CHAR_TO_FULL_LENGTH; an id has no trailing spaces.)
CREATE TABLE dealerkit_reservations (
    dealer_id    CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id           CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version      BIGINT        NOT NULL,
    order_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    line_id      CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    part_id      CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    state        VARBINARY(64) NOT NULL,
    back_ordered BOOLEAN       NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    body         LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    open_line_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin
        GENERATED ALWAYS AS (CASE WHEN state = 'open' THEN RTRIM(line_id) END) STORED,
    PRIMARY KEY (dealer_id, id),
    UNIQUE KEY dealerkit_reservations_open_line (dealer_id, open_line_id),
    KEY dealerkit_reservations_order (dealer_id, order_id, line_id),
    KEY dealerkit_reservations_part (dealer_id, part_id, state),
    KEY dealerkit_reservations_back_ordered (dealer_id, back_ordered, id),
    KEY dealerkit_reservations_created (dealer_id, created_at),
    CONSTRAINT dealerkit_reservations_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE dealerkit_stocktakes (
    dealer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version   BIGINT         NOT NULL,
    number    VARBINARY(255) NOT NULL,
    state     VARBINARY(64)  NOT NULL,
    body      LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE KEY dealerkit_stocktakes_number_key (dealer_id, number),
    KEY dealerkit_stocktakes_state (dealer_id, state),
    CONSTRAINT dealerkit_stocktakes_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
