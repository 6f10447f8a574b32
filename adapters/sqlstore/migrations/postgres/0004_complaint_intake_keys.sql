-- dealerkit 0004 (PostgreSQL): idempotent staff intake of complaints (§5.1).
-- intake_key is complaints.Complaint.IntakeKey (IntakeInput.Key, a client's request id), NULL
-- when none was given. A retried Service.Record never records a complaint twice: the key is
-- unique per dealer, like source_seq, and Create's INSERT … ON CONFLICT DO NOTHING finds it taken.
-- Complaints recorded before this migration have none.

ALTER TABLE dealerkit_complaints ADD COLUMN intake_key text;

CREATE UNIQUE INDEX dealerkit_complaints_intake_key ON dealerkit_complaints (dealer_id, intake_key)
    WHERE intake_key IS NOT NULL;
