-- dealerkit 0006 (MySQL): training (§7, §8.4): courses, plans, sessions, certificates and the
-- training roster. Every key and index leads with dealer_id (§2). Types as in 0001. Each row holds
-- the JSON of the record's snapshot (decimals as strings) beside the header columns queried.

CREATE TABLE dealerkit_training_courses (
    dealer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version   BIGINT         NOT NULL,
    code      VARBINARY(255) NOT NULL,
    subject   VARBINARY(64)  NOT NULL,
    active    BOOLEAN        NOT NULL,
    body      LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE KEY dealerkit_training_courses_code_key (dealer_id, code),
    CONSTRAINT dealerkit_training_courses_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE dealerkit_training_plans (
    dealer_id   CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id          CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version     BIGINT        NOT NULL,
    role        VARBINARY(64) NOT NULL,
    period_from DATETIME(6)   NOT NULL,
    period_to   DATETIME(6)   NOT NULL,
    body        LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    KEY dealerkit_training_plans_role (dealer_id, role),
    CONSTRAINT dealerkit_training_plans_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE dealerkit_training_sessions (
    dealer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version   BIGINT        NOT NULL,
    course_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    state     VARBINARY(64) NOT NULL,
    starts_at DATETIME(6)   NOT NULL,
    body      LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    KEY dealerkit_training_sessions_course (dealer_id, course_id),
    KEY dealerkit_training_sessions_state (dealer_id, state),
    CONSTRAINT dealerkit_training_sessions_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The dispatch check reads a technician's certificates: (dealer_id, staff_id).
CREATE TABLE dealerkit_training_certificates (
    dealer_id  CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id         CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version    BIGINT         NOT NULL,
    staff_id   CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    type       VARBINARY(255) NOT NULL,
    state      VARBINARY(64)  NOT NULL,
    expires_at DATETIME(6)    NOT NULL,
    body       LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    KEY dealerkit_training_certificates_staff (dealer_id, staff_id, id),
    KEY dealerkit_training_certificates_expiry (dealer_id, expires_at),
    CONSTRAINT dealerkit_training_certificates_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per staff member on the roster; id is the staff id.
CREATE TABLE dealerkit_training_members (
    dealer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version   BIGINT         NOT NULL,
    track     VARBINARY(255) NOT NULL,
    body      LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    CONSTRAINT dealerkit_training_members_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
