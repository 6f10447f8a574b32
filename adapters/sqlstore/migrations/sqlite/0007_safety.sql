-- dealerkit 0007 (SQLite): safety (§8): the equipment register, inspections, area checks,
-- incidents and drills. A row holds the JSON of the record's snapshot (safety.EquipmentSnapshot,
-- InspectionSnapshot, AreaCheckSnapshot, IncidentSnapshot, DrillSnapshot) and, beside it, the
-- header columns the lists query. As in 0001: every key and index leads with dealer_id (§2);
-- STRICT tables; canonical UUID text; fixed-width UTC time text (2006-01-02T15:04:05.000000Z).

CREATE TABLE dealerkit_safety_equipment (
    dealer_id TEXT    NOT NULL,
    id        TEXT    NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    code      TEXT    NOT NULL, -- the asset tag aftersales.Line.Equipment names
    type      TEXT    NOT NULL,
    state     TEXT    NOT NULL,
    next_due  TEXT,             -- Equipment.NextDue; NULL when no plan runs
    body      TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id),
    UNIQUE (dealer_id, code)
) STRICT;

CREATE INDEX dealerkit_safety_equipment_type ON dealerkit_safety_equipment (dealer_id, type, id);
CREATE INDEX dealerkit_safety_equipment_due ON dealerkit_safety_equipment (dealer_id, next_due)
    WHERE next_due IS NOT NULL;

CREATE TABLE dealerkit_safety_inspections (
    dealer_id    TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    equipment_id TEXT    NOT NULL,
    performed_at TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id)
) STRICT;

CREATE INDEX dealerkit_safety_inspections_equipment ON dealerkit_safety_inspections (dealer_id, equipment_id, id);
CREATE INDEX dealerkit_safety_inspections_performed ON dealerkit_safety_inspections (dealer_id, performed_at);

CREATE TABLE dealerkit_safety_area_checks (
    dealer_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    area       TEXT    NOT NULL,
    checked_at TEXT    NOT NULL,
    open_findings INTEGER NOT NULL, -- 1 while a finding is not verified closed
    body       TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id)
) STRICT;

CREATE INDEX dealerkit_safety_area_checks_area ON dealerkit_safety_area_checks (dealer_id, area, checked_at);

CREATE TABLE dealerkit_safety_incidents (
    dealer_id     TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    area          TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    occurred_at   TEXT    NOT NULL,
    equipment_ids TEXT    NOT NULL, -- the ids of the equipment involved, comma-separated
    body          TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id)
) STRICT;

CREATE INDEX dealerkit_safety_incidents_occurred ON dealerkit_safety_incidents (dealer_id, occurred_at);

CREATE TABLE dealerkit_safety_drills (
    dealer_id TEXT    NOT NULL,
    id        TEXT    NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    kind      TEXT    NOT NULL,
    held_at   TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, id)
) STRICT;

CREATE INDEX dealerkit_safety_drills_held ON dealerkit_safety_drills (dealer_id, kind, held_at);
