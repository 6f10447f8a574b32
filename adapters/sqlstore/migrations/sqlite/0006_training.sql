-- dealerkit 0006 (SQLite): training (§7, §8.4): courses, plans, sessions, certificates and the
-- training roster. As in 0001: every key and index leads with dealer_id (§2); STRICT tables;
-- canonical UUID text; fixed-width UTC time text. Each row holds the JSON of the record's snapshot
-- (decimals as strings) beside the header columns queried.

CREATE TABLE dealerkit_training_courses (
    dealer_id TEXT    NOT NULL,
    id        TEXT    NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    code      TEXT    NOT NULL,
    subject   TEXT    NOT NULL,
    active    INTEGER NOT NULL, -- 0 or 1
    body      TEXT    NOT NULL, -- training.CourseSnapshot
    PRIMARY KEY (dealer_id, id),
    UNIQUE (dealer_id, code)
) STRICT;

CREATE TABLE dealerkit_training_plans (
    dealer_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    role        TEXT    NOT NULL,
    period_from TEXT    NOT NULL,
    period_to   TEXT    NOT NULL,
    body        TEXT    NOT NULL, -- training.PlanSnapshot
    PRIMARY KEY (dealer_id, id)
) STRICT;

CREATE INDEX dealerkit_training_plans_role ON dealerkit_training_plans (dealer_id, role);

CREATE TABLE dealerkit_training_sessions (
    dealer_id TEXT    NOT NULL,
    id        TEXT    NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    course_id TEXT    NOT NULL,
    state     TEXT    NOT NULL,
    starts_at TEXT    NOT NULL,
    body      TEXT    NOT NULL, -- training.SessionSnapshot; SessionFilter.Staff reads its attendees
    PRIMARY KEY (dealer_id, id)
) STRICT;

CREATE INDEX dealerkit_training_sessions_course ON dealerkit_training_sessions (dealer_id, course_id);
CREATE INDEX dealerkit_training_sessions_state ON dealerkit_training_sessions (dealer_id, state);

-- The dispatch check reads a technician's certificates: (dealer_id, staff_id).
CREATE TABLE dealerkit_training_certificates (
    dealer_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    staff_id   TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    body       TEXT    NOT NULL, -- training.CertificateSnapshot
    PRIMARY KEY (dealer_id, id)
) STRICT;

CREATE INDEX dealerkit_training_certificates_staff ON dealerkit_training_certificates (dealer_id, staff_id, id);
CREATE INDEX dealerkit_training_certificates_expiry ON dealerkit_training_certificates (dealer_id, expires_at);

-- One row per staff member on the roster; id is the staff id.
CREATE TABLE dealerkit_training_members (
    dealer_id TEXT    NOT NULL,
    id        TEXT    NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    track     TEXT    NOT NULL, -- '' when on no track
    body      TEXT    NOT NULL, -- training.MemberSnapshot
    PRIMARY KEY (dealer_id, id)
) STRICT;
