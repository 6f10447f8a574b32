-- dealerkit 0007 (MySQL): safety (§8): the equipment register, inspections, area checks,
-- incidents and drills. A row holds the JSON of the record's snapshot (safety.EquipmentSnapshot,
-- InspectionSnapshot, AreaCheckSnapshot, IncidentSnapshot, DrillSnapshot) and, beside it, the
-- header columns the lists query. Every key and index leads with dealer_id (§2). Types as in
-- 0001. MySQL has no partial index: the next-due index covers every row, the NULLs first.

CREATE TABLE dealerkit_safety_equipment (
    dealer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version   BIGINT         NOT NULL,
    code      VARBINARY(255) NOT NULL,
    type      VARBINARY(64)  NOT NULL,
    state     VARBINARY(64)  NOT NULL,
    next_due  DATETIME(6),
    body      LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE KEY dealerkit_safety_equipment_code_key (dealer_id, code),
    KEY dealerkit_safety_equipment_type (dealer_id, type, id),
    KEY dealerkit_safety_equipment_due (dealer_id, next_due),
    CONSTRAINT dealerkit_safety_equipment_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE dealerkit_safety_inspections (
    dealer_id    CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id           CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version      BIGINT      NOT NULL,
    equipment_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    performed_at DATETIME(6) NOT NULL,
    body         LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    KEY dealerkit_safety_inspections_equipment (dealer_id, equipment_id, id),
    KEY dealerkit_safety_inspections_performed (dealer_id, performed_at),
    CONSTRAINT dealerkit_safety_inspections_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE dealerkit_safety_area_checks (
    dealer_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id            CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version       BIGINT        NOT NULL,
    area          VARBINARY(64) NOT NULL,
    checked_at    DATETIME(6)   NOT NULL,
    open_findings BOOLEAN       NOT NULL,
    body          LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    KEY dealerkit_safety_area_checks_area (dealer_id, area, checked_at),
    CONSTRAINT dealerkit_safety_area_checks_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE dealerkit_safety_incidents (
    dealer_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id            CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version       BIGINT        NOT NULL,
    area          VARBINARY(64) NOT NULL,
    state         VARBINARY(64) NOT NULL,
    occurred_at   DATETIME(6)   NOT NULL,
    equipment_ids TEXT CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    body          LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    KEY dealerkit_safety_incidents_occurred (dealer_id, occurred_at),
    CONSTRAINT dealerkit_safety_incidents_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE dealerkit_safety_drills (
    dealer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    id        CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version   BIGINT        NOT NULL,
    kind      VARBINARY(64) NOT NULL,
    held_at   DATETIME(6)   NOT NULL,
    body      LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (dealer_id, id),
    KEY dealerkit_safety_drills_held (dealer_id, kind, held_at),
    CONSTRAINT dealerkit_safety_drills_version_check CHECK (version >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
