-- dealerkit 0002 (PostgreSQL): complaints and corrective actions (§5).
-- A row holds the JSON of the aggregate's snapshot (complaints.Snapshot,
-- complaints.CorrectiveSnapshot) and, beside it, the header columns the repositories query.
-- Every key and index leads with dealer_id (§2).

CREATE TABLE dealerkit_complaints (
    dealer_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    version       bigint      NOT NULL CHECK (version >= 1),
    state         text        NOT NULL,
    channel       text        NOT NULL,
    category      text        NOT NULL,
    severity      text        NOT NULL,
    received_at   timestamptz NOT NULL,
    vin           text        NOT NULL, -- '' when unknown
    customer_key  text        NOT NULL, -- complaints.Complainant.Key, '' when unknown; never shown
    repair_order  uuid,                 -- NULL when the complaint names no repair order
    next_deadline timestamptz,          -- Complaint.NextDeadline; NULL when no deadline runs
    source_seq    bigint,               -- the aftersales event it was opened from; NULL if taken by staff
    updated_at    timestamptz NOT NULL,
    body          jsonb       NOT NULL,
    CONSTRAINT dealerkit_complaints_pkey PRIMARY KEY (dealer_id, id),
    -- Replaying the aftersales feed never opens a complaint twice (NULLs do not collide).
    CONSTRAINT dealerkit_complaints_source_key UNIQUE (dealer_id, source_seq)
);

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
    dealer_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    version       bigint      NOT NULL CHECK (version >= 1),
    state         text        NOT NULL,
    category      text        NOT NULL,
    owner_id      uuid        NOT NULL,
    due_at        timestamptz NOT NULL,
    next_deadline timestamptz,          -- CorrectiveAction.NextDeadline; NULL when none is pending
    updated_at    timestamptz NOT NULL,
    body          jsonb       NOT NULL,
    CONSTRAINT dealerkit_corrective_actions_pkey PRIMARY KEY (dealer_id, id)
);

CREATE INDEX dealerkit_corrective_actions_due ON dealerkit_corrective_actions (dealer_id, next_deadline, id)
    WHERE next_deadline IS NOT NULL;
