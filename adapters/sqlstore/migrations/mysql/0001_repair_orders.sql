-- dealerkit 0001 (MySQL 8.0.16+, MariaDB 10.11+): repair orders and the event log.
-- Every key and index leads with dealer_id (§2), so a vendor can shard or distribute by dealer.
-- Ids are canonical lower-case UUID text, CHAR(36) ascii_bin: they sort as the bytes of the UUID
-- do, as in the other dialects. Text that is compared or kept unique is VARBINARY: compared byte
-- by byte, case-sensitive and without trailing-space padding, as PostgreSQL and SQLite compare.
-- Documents are the JSON of the snapshot in LONGTEXT (kept byte for byte; decimals in it are JSON
-- strings, so exact, scale included). Times are DATETIME(6) in UTC: microseconds.
-- Statements end with a semicolon at the end of a line: Migrate runs them one by one.

CREATE TABLE dealerkit_repair_orders (
    dealer_id       CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id              CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    number          VARBINARY(255) NOT NULL,
    vin             VARBINARY(64)  NOT NULL,
    state           VARBINARY(64)  NOT NULL,
    version         BIGINT         NOT NULL,
    opened_at       DATETIME(6)    NOT NULL,
    next_promise_at DATETIME(6),
    delivered_at    DATETIME(6),
    updated_at      DATETIME(6)    NOT NULL,
    body            LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE KEY dealerkit_repair_orders_number_key (dealer_id, number),
    KEY dealerkit_repair_orders_vin (dealer_id, vin),
    KEY dealerkit_repair_orders_state (dealer_id, state),
    KEY dealerkit_repair_orders_next_promise (dealer_id, next_promise_at),
    KEY dealerkit_repair_orders_opened (dealer_id, opened_at),
    CONSTRAINT dealerkit_repair_orders_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The last Seq handed out per dealer. A writer takes this row's lock last, just before commit, and
-- holds it until then: each dealer's log is gap-free and numbered in commit order.
CREATE TABLE dealerkit_event_counters (
    dealer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    seq       BIGINT NOT NULL,
    PRIMARY KEY (dealer_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE dealerkit_events (
    dealer_id    CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    seq          BIGINT        NOT NULL,
    aggregate    VARBINARY(64) NOT NULL,
    aggregate_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    type         VARBINARY(255) NOT NULL,
    clause       VARBINARY(64) NOT NULL,
    actor        LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    at           DATETIME(6)   NOT NULL,
    from_state   VARBINARY(64) NOT NULL,
    to_state     VARBINARY(64) NOT NULL,
    data         LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    PRIMARY KEY (dealer_id, seq),
    KEY dealerkit_events_aggregate (dealer_id, aggregate, aggregate_id, seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
