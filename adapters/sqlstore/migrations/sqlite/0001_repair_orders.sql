-- dealerkit 0001 (SQLite): repair orders and the event log.
-- Every key and index leads with dealer_id (§2), so a vendor can shard by dealer. Tables are STRICT
-- so no value is coerced: ids are canonical UUID text, times are fixed-width UTC text
-- (2006-01-02T15:04:05.000000Z) that sorts as time does, and the order body is the JSON of
-- aftersales.Snapshot, where decimals are strings: NUMERIC affinity would round them through
-- floating point.

CREATE TABLE dealerkit_repair_orders (
    dealer_id       TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    number          TEXT    NOT NULL,
    vin             TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    version         INTEGER NOT NULL CHECK (version >= 1),
    opened_at       TEXT    NOT NULL,
    next_promise_at TEXT,
    delivered_at    TEXT,
    updated_at      TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE (dealer_id, number)
) STRICT;

CREATE INDEX dealerkit_repair_orders_vin ON dealerkit_repair_orders (dealer_id, vin);
CREATE INDEX dealerkit_repair_orders_state ON dealerkit_repair_orders (dealer_id, state);
CREATE INDEX dealerkit_repair_orders_next_promise ON dealerkit_repair_orders (dealer_id, next_promise_at)
    WHERE next_promise_at IS NOT NULL;
CREATE INDEX dealerkit_repair_orders_opened ON dealerkit_repair_orders (dealer_id, opened_at);

-- The last Seq handed out per dealer. Reserving numbers here, in the writing transaction, keeps
-- each dealer's log gap-free and in commit order.
CREATE TABLE dealerkit_event_counters (
    dealer_id TEXT    NOT NULL PRIMARY KEY,
    seq       INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE dealerkit_events (
    dealer_id    TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    aggregate    TEXT    NOT NULL,
    aggregate_id TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    clause       TEXT    NOT NULL,
    actor        TEXT    NOT NULL, -- JSON of dealerkit.ActorRef
    at           TEXT    NOT NULL,
    from_state   TEXT    NOT NULL,
    to_state     TEXT    NOT NULL,
    data         TEXT,             -- JSON, NULL when the event has none
    PRIMARY KEY (dealer_id, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX dealerkit_events_aggregate ON dealerkit_events (dealer_id, aggregate, aggregate_id, seq);
