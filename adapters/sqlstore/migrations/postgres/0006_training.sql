-- dealerkit 0006 (PostgreSQL): training (§7, §8.4): courses, plans, sessions, certificates and the
-- training roster. Every key and index leads with dealer_id (§2). Each row holds the JSON of the
-- record's snapshot (decimals as strings, so jsonb keeps them exact) beside the header columns
-- queried.

CREATE TABLE dealerkit_training_courses (
    dealer_id uuid    NOT NULL,
    id        uuid    NOT NULL,
    version   bigint  NOT NULL CHECK (version >= 1),
    code      text    NOT NULL,
    subject   text    NOT NULL,
    active    boolean NOT NULL,
    body      jsonb   NOT NULL, -- training.CourseSnapshot
    CONSTRAINT dealerkit_training_courses_pkey PRIMARY KEY (dealer_id, id),
    CONSTRAINT dealerkit_training_courses_code_key UNIQUE (dealer_id, code)
);

CREATE TABLE dealerkit_training_plans (
    dealer_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    version     bigint      NOT NULL CHECK (version >= 1),
    role        text        NOT NULL,
    period_from timestamptz NOT NULL,
    period_to   timestamptz NOT NULL,
    body        jsonb       NOT NULL, -- training.PlanSnapshot
    CONSTRAINT dealerkit_training_plans_pkey PRIMARY KEY (dealer_id, id)
);

CREATE INDEX dealerkit_training_plans_role ON dealerkit_training_plans (dealer_id, role);

CREATE TABLE dealerkit_training_sessions (
    dealer_id uuid        NOT NULL,
    id        uuid        NOT NULL,
    version   bigint      NOT NULL CHECK (version >= 1),
    course_id uuid        NOT NULL,
    state     text        NOT NULL,
    starts_at timestamptz NOT NULL,
    body      jsonb       NOT NULL, -- training.SessionSnapshot; SessionFilter.Staff reads its attendees
    CONSTRAINT dealerkit_training_sessions_pkey PRIMARY KEY (dealer_id, id)
);

CREATE INDEX dealerkit_training_sessions_course ON dealerkit_training_sessions (dealer_id, course_id);
CREATE INDEX dealerkit_training_sessions_state ON dealerkit_training_sessions (dealer_id, state);

-- The dispatch check reads a technician's certificates: (dealer_id, staff_id).
CREATE TABLE dealerkit_training_certificates (
    dealer_id  uuid        NOT NULL,
    id         uuid        NOT NULL,
    version    bigint      NOT NULL CHECK (version >= 1),
    staff_id   uuid        NOT NULL,
    type       text        NOT NULL,
    state      text        NOT NULL,
    expires_at timestamptz NOT NULL,
    body       jsonb       NOT NULL, -- training.CertificateSnapshot
    CONSTRAINT dealerkit_training_certificates_pkey PRIMARY KEY (dealer_id, id)
);

CREATE INDEX dealerkit_training_certificates_staff ON dealerkit_training_certificates (dealer_id, staff_id, id);
CREATE INDEX dealerkit_training_certificates_expiry ON dealerkit_training_certificates (dealer_id, expires_at);

-- One row per staff member on the roster; id is the staff id.
CREATE TABLE dealerkit_training_members (
    dealer_id uuid   NOT NULL,
    id        uuid   NOT NULL,
    version   bigint NOT NULL CHECK (version >= 1),
    track     text   NOT NULL, -- '' when on no track
    body      jsonb  NOT NULL, -- training.MemberSnapshot
    CONSTRAINT dealerkit_training_members_pkey PRIMARY KEY (dealer_id, id)
);
