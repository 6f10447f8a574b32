-- dealerkit 0005 (PostgreSQL): staff appraisals (§3.1(3), §6).
-- A row holds the JSON of appraisal.Snapshot (its scheme version, every figure and the ids of the
-- records behind them, frozen from sign-off on; decimals as strings with their scale) and, beside
-- it, the header columns the repository queries. Every key and index leads with dealer_id (§2).

CREATE TABLE dealerkit_appraisals (
    dealer_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    version     bigint      NOT NULL CHECK (version >= 1),
    staff_id    uuid        NOT NULL,
    period_from timestamptz NOT NULL,
    state       text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    body        jsonb       NOT NULL,
    CONSTRAINT dealerkit_appraisals_pkey PRIMARY KEY (dealer_id, id),
    -- One appraisal per staff member and period start.
    CONSTRAINT dealerkit_appraisals_staff_period UNIQUE (dealer_id, staff_id, period_from)
);
