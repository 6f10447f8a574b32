-- dealerkit 0003 (SQLite): parts (§3.4): the catalogue, suppliers, purchase orders, stock, the
-- ledger (postings and their movements), reservations and stocktakes.
-- As in 0001: every key and index leads with dealer_id (§2); STRICT tables; canonical UUID text;
-- fixed-width UTC time text (2006-01-02T15:04:05.000000Z). Quantities and values are TEXT written
-- with their scale (dealerkit.FormatExact): NUMERIC affinity would round them through floating
-- point. The adapter does their arithmetic in Go, inside the immediate transaction that holds the
-- write lock. Bins compare with SQLite's default BINARY collation: byte by byte, as Go sorts them.

CREATE TABLE dealerkit_parts (
    dealer_id TEXT    NOT NULL,
    id        TEXT    NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    number    TEXT    NOT NULL, -- parts.PartNumber, normalised
    category  TEXT    NOT NULL,
    active    INTEGER NOT NULL, -- 0 or 1
    body      TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE (dealer_id, number)
) STRICT;

CREATE INDEX dealerkit_parts_category ON dealerkit_parts (dealer_id, category);

CREATE TABLE dealerkit_suppliers (
    dealer_id TEXT    NOT NULL,
    id        TEXT    NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    code      TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE (dealer_id, code)
) STRICT;

CREATE TABLE dealerkit_purchase_orders (
    dealer_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    number      TEXT    NOT NULL,
    supplier_id TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    body        TEXT    NOT NULL, -- parts.POSnapshot; POFilter.Part reads its lines
    PRIMARY KEY (dealer_id, id),
    UNIQUE (dealer_id, number)
) STRICT;

CREATE INDEX dealerkit_purchase_orders_supplier ON dealerkit_purchase_orders (dealer_id, supplier_id);
CREATE INDEX dealerkit_purchase_orders_state ON dealerkit_purchase_orders (dealer_id, state);

-- One row per part per bin. The checks are a backstop of what every posting keeps. They compare
-- (never compute) through REAL: rounding to the nearest double is monotonic, so a row that keeps
-- 0 <= reserved <= on_hand exactly always passes, and a negative text never does.
CREATE TABLE dealerkit_stock (
    dealer_id        TEXT NOT NULL,
    part_id          TEXT NOT NULL,
    bin              TEXT NOT NULL,
    on_hand          TEXT NOT NULL,
    reserved         TEXT NOT NULL,
    value            TEXT NOT NULL,
    method           TEXT NOT NULL, -- parts.ValuationMethod the row is kept under
    layers           TEXT,          -- JSON of the FIFO cost layers; NULL under the moving average
    last_unit_cost   TEXT NOT NULL,
    last_movement_at TEXT,
    PRIMARY KEY (dealer_id, part_id, bin),
    CHECK (on_hand NOT LIKE '-%' AND reserved NOT LIKE '-%' AND value NOT LIKE '-%'),
    CHECK (CAST(reserved AS REAL) <= CAST(on_hand AS REAL)),
    CHECK (CAST(on_hand AS REAL) > 0 OR CAST(value AS REAL) = 0)
) STRICT, WITHOUT ROWID;

-- A posting is one atomic change of stock under an idempotency key, unique per dealer.
CREATE TABLE dealerkit_postings (
    dealer_id TEXT NOT NULL,
    id        TEXT NOT NULL,
    key       TEXT NOT NULL,
    kind      TEXT NOT NULL,
    at        TEXT NOT NULL,
    body      TEXT NOT NULL, -- parts.PostingSnapshot without its movements
    PRIMARY KEY (dealer_id, id),
    UNIQUE (dealer_id, key)
) STRICT;

-- The ledger: on_hand and value of a stock row are the sums of its movements' quantity and value.
CREATE TABLE dealerkit_movements (
    dealer_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    posting_id TEXT    NOT NULL,
    ordinal    INTEGER NOT NULL, -- place in the posting
    part_id    TEXT    NOT NULL,
    bin        TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    quantity   TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    at         TEXT    NOT NULL,
    body       TEXT    NOT NULL, -- parts.Movement
    PRIMARY KEY (dealer_id, id),
    UNIQUE (dealer_id, posting_id, ordinal)
) STRICT;

CREATE INDEX dealerkit_movements_row ON dealerkit_movements (dealer_id, part_id, bin, id);
CREATE INDEX dealerkit_movements_at ON dealerkit_movements (dealer_id, at);

CREATE TABLE dealerkit_reservations (
    dealer_id    TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    order_id     TEXT    NOT NULL,
    line_id      TEXT    NOT NULL,
    part_id      TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    back_ordered INTEGER NOT NULL, -- Reservation.BackOrdered is positive: 0 or 1
    created_at   TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id)
) STRICT;

-- At most one open reservation per repair-order line.
CREATE UNIQUE INDEX dealerkit_reservations_open_line ON dealerkit_reservations (dealer_id, line_id)
    WHERE state = 'open';
CREATE INDEX dealerkit_reservations_order ON dealerkit_reservations (dealer_id, order_id, line_id);
CREATE INDEX dealerkit_reservations_part ON dealerkit_reservations (dealer_id, part_id, state);
-- Back-orders are filled in creation (id) order.
CREATE INDEX dealerkit_reservations_back_ordered ON dealerkit_reservations (dealer_id, id) WHERE back_ordered = 1;
CREATE INDEX dealerkit_reservations_created ON dealerkit_reservations (dealer_id, created_at);

CREATE TABLE dealerkit_stocktakes (
    dealer_id TEXT    NOT NULL,
    id        TEXT    NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    number    TEXT    NOT NULL,
    state     TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE (dealer_id, number)
) STRICT;

CREATE INDEX dealerkit_stocktakes_state ON dealerkit_stocktakes (dealer_id, state);
