-- dealerkit 0002 (SQLite): complaints and corrective actions (§5).
-- A row holds the JSON of the aggregate's snapshot (complaints.Snapshot,
-- complaints.CorrectiveSnapshot) and, beside it, the header columns the repositories query.
-- Every key and index leads with dealer_id (§2). As in 0001: STRICT tables, canonical UUID text,
-- fixed-width UTC time text (2006-01-02T15:04:05.000000Z) that sorts as time does.

CREATE TABLE dealerkit_complaints (
    dealer_id     TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    state         TEXT    NOT NULL,
    channel       TEXT    NOT NULL,
    category      TEXT    NOT NULL,
    severity      TEXT    NOT NULL,
    received_at   TEXT    NOT NULL,
    vin           TEXT    NOT NULL, -- '' when unknown
    customer_key  TEXT    NOT NULL, -- complaints.Complainant.Key, '' when unknown; never shown
    repair_order  TEXT,             -- NULL when the complaint names no repair order
    next_deadline TEXT,             -- Complaint.NextDeadline; NULL when no deadline runs
    source_seq    INTEGER,          -- the aftersales event it was opened from; NULL if taken by staff
    updated_at    TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id),
    -- Replaying the aftersales feed never opens a complaint twice (NULLs do not collide).
    UNIQUE (dealer_id, source_seq)
) STRICT;

-- The escalation scan (Due) reads this index in order, from its cursor up to now, and nothing
-- else: closed, finished and paused complaints have no next deadline and are not in it.
CREATE INDEX dealerkit_complaints_due ON dealerkit_complaints (dealer_id, next_deadline, id)
    WHERE next_deadline IS NOT NULL;
CREATE INDEX dealerkit_complaints_received ON dealerkit_complaints (dealer_id, received_at);
-- Repeat detection looks up the same vehicle or customer within a window of receipt times.
CREATE INDEX dealerkit_complaints_vin ON dealerkit_complaints (dealer_id, vin, received_at);
CREATE INDEX dealerkit_complaints_customer ON dealerkit_complaints (dealer_id, customer_key, received_at);
CREATE INDEX dealerkit_complaints_repair_order ON dealerkit_complaints (dealer_id, repair_order)
    WHERE repair_order IS NOT NULL;

CREATE TABLE dealerkit_corrective_actions (
    dealer_id     TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    state         TEXT    NOT NULL,
    category      TEXT    NOT NULL,
    owner_id      TEXT    NOT NULL,
    due_at        TEXT    NOT NULL,
    next_deadline TEXT,             -- CorrectiveAction.NextDeadline; NULL when none is pending
    updated_at    TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id)
) STRICT;

CREATE INDEX dealerkit_corrective_actions_due ON dealerkit_corrective_actions (dealer_id, next_deadline, id)
    WHERE next_deadline IS NOT NULL;
