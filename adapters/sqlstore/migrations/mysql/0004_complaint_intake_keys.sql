-- dealerkit 0004 (MySQL): idempotent staff intake of complaints (§5.1).
-- intake_key is complaints.Complaint.IntakeKey, NULL when none was given; unique per dealer
-- (NULLs do not collide), so a retried Service.Record never records a complaint twice.

ALTER TABLE dealerkit_complaints ADD COLUMN intake_key VARBINARY(255);

CREATE UNIQUE INDEX dealerkit_complaints_intake_key ON dealerkit_complaints (dealer_id, intake_key);
