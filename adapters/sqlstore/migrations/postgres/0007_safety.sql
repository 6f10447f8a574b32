-- dealerkit 0007 (PostgreSQL): safety (§8): the equipment register, inspections, area checks,
-- incidents and drills. A row holds the JSON of the record's snapshot (safety.EquipmentSnapshot,
-- InspectionSnapshot, AreaCheckSnapshot, IncidentSnapshot, DrillSnapshot) and, beside it, the
-- header columns the lists query. Every key and index leads with dealer_id (§2).

CREATE TABLE dealerkit_safety_equipment (
    dealer_id uuid        NOT NULL,
    id        uuid        NOT NULL,
    version   bigint      NOT NULL CHECK (version >= 1),
    code      text        NOT NULL, -- the asset tag aftersales.Line.Equipment names
    type      text        NOT NULL,
    state     text        NOT NULL,
    next_due  timestamptz,          -- Equipment.NextDue; NULL when no plan runs
    body      jsonb       NOT NULL,
    CONSTRAINT dealerkit_safety_equipment_pkey PRIMARY KEY (dealer_id, id),
    CONSTRAINT dealerkit_safety_equipment_code_key UNIQUE (dealer_id, code)
);

CREATE INDEX dealerkit_safety_equipment_type ON dealerkit_safety_equipment (dealer_id, type, id);
CREATE INDEX dealerkit_safety_equipment_due ON dealerkit_safety_equipment (dealer_id, next_due)
    WHERE next_due IS NOT NULL;

CREATE TABLE dealerkit_safety_inspections (
    dealer_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    version      bigint      NOT NULL CHECK (version >= 1),
    equipment_id uuid        NOT NULL,
    performed_at timestamptz NOT NULL,
    body         jsonb       NOT NULL,
    CONSTRAINT dealerkit_safety_inspections_pkey PRIMARY KEY (dealer_id, id)
);

CREATE INDEX dealerkit_safety_inspections_equipment ON dealerkit_safety_inspections (dealer_id, equipment_id, id);
CREATE INDEX dealerkit_safety_inspections_performed ON dealerkit_safety_inspections (dealer_id, performed_at);

CREATE TABLE dealerkit_safety_area_checks (
    dealer_id  uuid        NOT NULL,
    id         uuid        NOT NULL,
    version    bigint      NOT NULL CHECK (version >= 1),
    area       text        NOT NULL,
    checked_at timestamptz NOT NULL,
    open_findings boolean     NOT NULL, -- true while a finding is not verified closed (open is reserved in MySQL)
    body       jsonb       NOT NULL,
    CONSTRAINT dealerkit_safety_area_checks_pkey PRIMARY KEY (dealer_id, id)
);

CREATE INDEX dealerkit_safety_area_checks_area ON dealerkit_safety_area_checks (dealer_id, area, checked_at);

CREATE TABLE dealerkit_safety_incidents (
    dealer_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    version       bigint      NOT NULL CHECK (version >= 1),
    area          text        NOT NULL,
    state         text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    equipment_ids text        NOT NULL, -- the ids of the equipment involved, comma-separated
    body          jsonb       NOT NULL,
    CONSTRAINT dealerkit_safety_incidents_pkey PRIMARY KEY (dealer_id, id)
);

CREATE INDEX dealerkit_safety_incidents_occurred ON dealerkit_safety_incidents (dealer_id, occurred_at);

CREATE TABLE dealerkit_safety_drills (
    dealer_id uuid        NOT NULL,
    id        uuid        NOT NULL,
    version   bigint      NOT NULL CHECK (version >= 1),
    kind      text        NOT NULL,
    held_at   timestamptz NOT NULL,
    body      jsonb       NOT NULL,
    CONSTRAINT dealerkit_safety_drills_pkey PRIMARY KEY (dealer_id, id)
);

CREATE INDEX dealerkit_safety_drills_held ON dealerkit_safety_drills (dealer_id, kind, held_at);
