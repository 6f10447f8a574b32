-- dealerkit 0005 (MySQL): staff appraisals (§3.1(3), §6).
-- A row holds the JSON of appraisal.Snapshot (its scheme version, every figure and the ids of the
-- records behind them, frozen from sign-off on) and, beside it, the header columns the repository
-- queries. Every key and index leads with dealer_id (§2). Types as in 0001.

CREATE TABLE dealerkit_appraisals (
    dealer_id   CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id          CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version     BIGINT        NOT NULL,
    staff_id    CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    period_from DATETIME(6)   NOT NULL,
    state       VARBINARY(64) NOT NULL,
    updated_at  DATETIME(6)   NOT NULL,
    body        LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    -- One appraisal per staff member and period start.
    UNIQUE KEY dealerkit_appraisals_staff_period (dealer_id, staff_id, period_from),
    CONSTRAINT dealerkit_appraisals_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
