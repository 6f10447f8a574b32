-- dealerkit 0003 (PostgreSQL): parts (§3.4): the catalogue, suppliers, purchase orders, stock,
-- the ledger (postings and their movements), reservations and stocktakes.
-- Every key and index leads with dealer_id (§2). Documents hold the JSON of the aggregate's
-- snapshot (decimals as strings, so jsonb keeps them exact) beside the header columns queried.
-- Quantities and values are numeric, written with their scale (dealerkit.FormatExact) and changed
-- only by exact numeric arithmetic. Bins compare byte by byte (COLLATE "C"): the order Go sorts
-- them in, which is the order a posting locks its rows in.

CREATE TABLE dealerkit_parts (
    dealer_id uuid    NOT NULL,
    id        uuid    NOT NULL,
    version   bigint  NOT NULL CHECK (version >= 1),
    number    text    NOT NULL, -- parts.PartNumber, normalised
    category  text    NOT NULL,
    active    boolean NOT NULL,
    body      jsonb   NOT NULL,
    CONSTRAINT dealerkit_parts_pkey PRIMARY KEY (dealer_id, id),
    CONSTRAINT dealerkit_parts_number_key UNIQUE (dealer_id, number)
);

CREATE INDEX dealerkit_parts_category ON dealerkit_parts (dealer_id, category);

CREATE TABLE dealerkit_suppliers (
    dealer_id uuid   NOT NULL,
    id        uuid   NOT NULL,
    version   bigint NOT NULL CHECK (version >= 1),
    code      text   NOT NULL,
    body      jsonb  NOT NULL,
    CONSTRAINT dealerkit_suppliers_pkey PRIMARY KEY (dealer_id, id),
    CONSTRAINT dealerkit_suppliers_code_key UNIQUE (dealer_id, code)
);

CREATE TABLE dealerkit_purchase_orders (
    dealer_id   uuid   NOT NULL,
    id          uuid   NOT NULL,
    version     bigint NOT NULL CHECK (version >= 1),
    number      text   NOT NULL,
    supplier_id uuid   NOT NULL,
    state       text   NOT NULL,
    body        jsonb  NOT NULL, -- parts.POSnapshot; POFilter.Part reads its lines
    CONSTRAINT dealerkit_purchase_orders_pkey PRIMARY KEY (dealer_id, id),
    CONSTRAINT dealerkit_purchase_orders_number_key UNIQUE (dealer_id, number)
);

CREATE INDEX dealerkit_purchase_orders_supplier ON dealerkit_purchase_orders (dealer_id, supplier_id);
CREATE INDEX dealerkit_purchase_orders_state ON dealerkit_purchase_orders (dealer_id, state);

-- One row per part per bin. The checks are the backstop of what every posting keeps: stock never
-- goes negative, never below what is held for repair orders, and nothing on hand is worth nothing.
CREATE TABLE dealerkit_stock (
    dealer_id        uuid    NOT NULL,
    part_id          uuid    NOT NULL,
    bin              text    COLLATE "C" NOT NULL,
    on_hand          numeric NOT NULL,
    reserved         numeric NOT NULL,
    value            numeric NOT NULL,
    method           text    NOT NULL, -- parts.ValuationMethod the row is kept under
    layers           jsonb,            -- FIFO cost layers, oldest first; NULL under the moving average
    last_unit_cost   numeric NOT NULL,
    last_movement_at timestamptz,
    CONSTRAINT dealerkit_stock_pkey PRIMARY KEY (dealer_id, part_id, bin),
    CONSTRAINT dealerkit_stock_on_hand_check CHECK (on_hand >= 0),
    CONSTRAINT dealerkit_stock_reserved_check CHECK (reserved >= 0 AND reserved <= on_hand),
    CONSTRAINT dealerkit_stock_value_check CHECK (value >= 0 AND (on_hand > 0 OR value = 0))
);

-- A posting is one atomic change of stock under an idempotency key, unique per dealer.
CREATE TABLE dealerkit_postings (
    dealer_id uuid        NOT NULL,
    id        uuid        NOT NULL,
    key       text        NOT NULL,
    kind      text        NOT NULL,
    at        timestamptz NOT NULL,
    body      jsonb       NOT NULL, -- parts.PostingSnapshot without its movements
    CONSTRAINT dealerkit_postings_pkey PRIMARY KEY (dealer_id, id),
    CONSTRAINT dealerkit_postings_key_key UNIQUE (dealer_id, key)
);

-- The ledger: on_hand and value of a stock row are the sums of its movements' quantity and value.
CREATE TABLE dealerkit_movements (
    dealer_id  uuid        NOT NULL,
    id         uuid        NOT NULL,
    posting_id uuid        NOT NULL,
    ordinal    integer     NOT NULL, -- place in the posting
    part_id    uuid        NOT NULL,
    bin        text        COLLATE "C" NOT NULL,
    kind       text        NOT NULL,
    quantity   numeric     NOT NULL CHECK (quantity <> 0),
    value      numeric     NOT NULL,
    at         timestamptz NOT NULL,
    body       jsonb       NOT NULL, -- parts.Movement
    CONSTRAINT dealerkit_movements_pkey PRIMARY KEY (dealer_id, id),
    CONSTRAINT dealerkit_movements_posting_key UNIQUE (dealer_id, posting_id, ordinal)
);

CREATE INDEX dealerkit_movements_row ON dealerkit_movements (dealer_id, part_id, bin, id);
CREATE INDEX dealerkit_movements_at ON dealerkit_movements (dealer_id, at);

CREATE TABLE dealerkit_reservations (
    dealer_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    version      bigint      NOT NULL CHECK (version >= 1),
    order_id     uuid        NOT NULL,
    line_id      uuid        NOT NULL,
    part_id      uuid        NOT NULL,
    state        text        NOT NULL,
    back_ordered boolean     NOT NULL, -- Reservation.BackOrdered is positive
    created_at   timestamptz NOT NULL,
    body         jsonb       NOT NULL,
    CONSTRAINT dealerkit_reservations_pkey PRIMARY KEY (dealer_id, id)
);

-- At most one open reservation per repair-order line.
CREATE UNIQUE INDEX dealerkit_reservations_open_line ON dealerkit_reservations (dealer_id, line_id)
    WHERE state = 'open';
CREATE INDEX dealerkit_reservations_order ON dealerkit_reservations (dealer_id, order_id, line_id);
CREATE INDEX dealerkit_reservations_part ON dealerkit_reservations (dealer_id, part_id, state);
-- Back-orders are filled in creation (id) order.
CREATE INDEX dealerkit_reservations_back_ordered ON dealerkit_reservations (dealer_id, id) WHERE back_ordered;
CREATE INDEX dealerkit_reservations_created ON dealerkit_reservations (dealer_id, created_at);

CREATE TABLE dealerkit_stocktakes (
    dealer_id uuid   NOT NULL,
    id        uuid   NOT NULL,
    version   bigint NOT NULL CHECK (version >= 1),
    number    text   NOT NULL,
    state     text   NOT NULL,
    body      jsonb  NOT NULL,
    CONSTRAINT dealerkit_stocktakes_pkey PRIMARY KEY (dealer_id, id),
    CONSTRAINT dealerkit_stocktakes_number_key UNIQUE (dealer_id, number)
);

CREATE INDEX dealerkit_stocktakes_state ON dealerkit_stocktakes (dealer_id, state);
