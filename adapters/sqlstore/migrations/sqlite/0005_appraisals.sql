-- dealerkit 0005 (SQLite): staff appraisals (§3.1(3), §6).
-- A row holds the JSON of appraisal.Snapshot (its scheme version, every figure and the ids of the
-- records behind them, frozen from sign-off on) and, beside it, the header columns the repository
-- queries. Every key and index leads with dealer_id (§2). As in 0001: STRICT tables, canonical
-- UUID text, fixed-width UTC time text that sorts as time does.

CREATE TABLE dealerkit_appraisals (
    dealer_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    staff_id    TEXT    NOT NULL,
    period_from TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id),
    -- One appraisal per staff member and period start.
    UNIQUE (dealer_id, staff_id, period_from)
) STRICT;
