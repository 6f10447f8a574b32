-- dealerkit 0002 (MySQL): complaints and corrective actions (§5).
-- A row holds the JSON of the aggregate's snapshot (complaints.Snapshot,
-- complaints.CorrectiveSnapshot) and, beside it, the header columns the repositories query.
-- Every key and index leads with dealer_id (§2). Types as in 0001. MySQL has no partial index:
-- the indexes PostgreSQL restricts to rows with a deadline cover every row here, the NULLs first.

CREATE TABLE dealerkit_complaints (
    dealer_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id            CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version       BIGINT         NOT NULL,
    state         VARBINARY(64)  NOT NULL,
    channel       VARBINARY(64)  NOT NULL,
    category      VARBINARY(64)  NOT NULL,
    severity      VARBINARY(64)  NOT NULL,
    received_at   DATETIME(6)    NOT NULL,
    vin           VARBINARY(64)  NOT NULL,
    customer_key  VARBINARY(255) NOT NULL,
    repair_order  CHAR(36) CHARACTER SET ascii COLLATE ascii_bin,
    next_deadline DATETIME(6),
    source_seq    BIGINT,
    updated_at    DATETIME(6)    NOT NULL,
    body          LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE KEY dealerkit_complaints_source_key (dealer_id, source_seq),
    KEY dealerkit_complaints_due (dealer_id, next_deadline, id),
    KEY dealerkit_complaints_received (dealer_id, received_at),
    KEY dealerkit_complaints_vin (dealer_id, vin, received_at),
    KEY dealerkit_complaints_customer (dealer_id, customer_key, received_at),
    KEY dealerkit_complaints_repair_order (dealer_id, repair_order),
    CONSTRAINT dealerkit_complaints_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE dealerkit_corrective_actions (
    dealer_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id            CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version       BIGINT        NOT NULL,
    state         VARBINARY(64) NOT NULL,
    category      VARBINARY(64) NOT NULL,
    owner_id      CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    due_at        DATETIME(6)   NOT NULL,
    next_deadline DATETIME(6),
    updated_at    DATETIME(6)   NOT NULL,
    body          LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    KEY dealerkit_corrective_actions_due (dealer_id, next_deadline, id),
    CONSTRAINT dealerkit_corrective_actions_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
