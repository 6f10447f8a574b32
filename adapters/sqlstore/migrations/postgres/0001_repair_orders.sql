-- dealerkit 0001 (PostgreSQL): repair orders and the event log.
-- Every key and index leads with dealer_id (§2), so a vendor can shard or distribute by dealer.
-- The order body is the JSON of aftersales.Snapshot; decimals in it are JSON strings, so jsonb
-- keeps them exact, scale included.

CREATE TABLE dealerkit_repair_orders (
    dealer_id       uuid        NOT NULL,
    id              uuid        NOT NULL,
    number          text        NOT NULL,
    vin             text        NOT NULL,
    state           text        NOT NULL,
    version         bigint      NOT NULL CHECK (version >= 1),
    opened_at       timestamptz NOT NULL,
    next_promise_at timestamptz,
    delivered_at    timestamptz,
    updated_at      timestamptz NOT NULL,
    body            jsonb       NOT NULL,
    CONSTRAINT dealerkit_repair_orders_pkey PRIMARY KEY (dealer_id, id),
    CONSTRAINT dealerkit_repair_orders_number_key UNIQUE (dealer_id, number)
);

CREATE INDEX dealerkit_repair_orders_vin ON dealerkit_repair_orders (dealer_id, vin);
CREATE INDEX dealerkit_repair_orders_state ON dealerkit_repair_orders (dealer_id, state);
CREATE INDEX dealerkit_repair_orders_next_promise ON dealerkit_repair_orders (dealer_id, next_promise_at)
    WHERE next_promise_at IS NOT NULL;
CREATE INDEX dealerkit_repair_orders_opened ON dealerkit_repair_orders (dealer_id, opened_at);

-- The last Seq handed out per dealer. A writer takes this row's lock last, just before commit, and
-- holds it until then: each dealer's log is gap-free and numbered in commit order.
CREATE TABLE dealerkit_event_counters (
    dealer_id uuid   NOT NULL,
    seq       bigint NOT NULL,
    CONSTRAINT dealerkit_event_counters_pkey PRIMARY KEY (dealer_id)
);

CREATE TABLE dealerkit_events (
    dealer_id    uuid        NOT NULL,
    seq          bigint      NOT NULL,
    aggregate    text        NOT NULL,
    aggregate_id uuid        NOT NULL,
    type         text        NOT NULL,
    clause       text        NOT NULL,
    actor        jsonb       NOT NULL, -- dealerkit.ActorRef
    at           timestamptz NOT NULL,
    from_state   text        NOT NULL,
    to_state     text        NOT NULL,
    data         jsonb,                -- NULL when the event has none
    CONSTRAINT dealerkit_events_pkey PRIMARY KEY (dealer_id, seq)
);

CREATE INDEX dealerkit_events_aggregate ON dealerkit_events (dealer_id, aggregate, aggregate_id, seq);
