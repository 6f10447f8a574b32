package safety

import (
	"bytes"
	"context"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Repository is everything the safety Service stores. Adapters implement it (adapters/memory,
// adapters/sqlstore) and prove it with adapters/storetest.RunSafety. Every method is scoped to one
// dealer: a record of another dealer is not found, never listed and never changed. Every method
// called with a context that fn of dealerkit.Transactor.InTx received joins that transaction, so
// that an inspection and the equipment it changes are stored together or not at all.
//
// Each record kind follows one contract: Create stores a new record with its pending events and
// returns an error matching dealerkit.ErrConflict if the id (or, for equipment, the code within
// the dealer) is taken; Get returns dealerkit.ErrNotFound for an unknown id; Update loads, runs fn
// and stores the result with the events fn recorded, atomically, and returns dealerkit.ErrConflict
// when the record's version moved since it was loaded (nothing stored), or fn's error (nothing
// stored); List returns the dealer's records matching the filter ordered by id, after the cursor
// and at most Limit of them (0: no limit).
//
// Adapters keep header columns beside each snapshot for the lists: equipment (code, type, state,
// next_due), inspections (equipment, performed_at), area checks (area, checked_at, open),
// incidents (area, occurred_at, state) with the equipment ids involved, drills (kind, held_at).
type Repository interface {
	CreateEquipment(ctx context.Context, e *Equipment) error
	GetEquipment(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Equipment, error)
	// EquipmentByCode returns the dealer's equipment with that code or dealerkit.ErrNotFound.
	EquipmentByCode(ctx context.Context, dealer dealerkit.DealerID, code string) (*Equipment, error)
	UpdateEquipment(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Equipment) error) error
	ListEquipment(ctx context.Context, dealer dealerkit.DealerID, f EquipmentFilter) ([]*Equipment, error)

	// CreateInspection stores an inspection; inspections never change.
	CreateInspection(ctx context.Context, ins *Inspection) error
	GetInspection(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Inspection, error)
	ListInspections(ctx context.Context, dealer dealerkit.DealerID, f InspectionFilter) ([]*Inspection, error)

	CreateAreaCheck(ctx context.Context, c *AreaCheck) error
	GetAreaCheck(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*AreaCheck, error)
	UpdateAreaCheck(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*AreaCheck) error) error
	ListAreaChecks(ctx context.Context, dealer dealerkit.DealerID, f AreaCheckFilter) ([]*AreaCheck, error)

	CreateIncident(ctx context.Context, inc *Incident) error
	GetIncident(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Incident, error)
	UpdateIncident(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Incident) error) error
	ListIncidents(ctx context.Context, dealer dealerkit.DealerID, f IncidentFilter) ([]*Incident, error)

	CreateDrill(ctx context.Context, d *Drill) error
	GetDrill(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Drill, error)
	UpdateDrill(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Drill) error) error
	ListDrills(ctx context.Context, dealer dealerkit.DealerID, f DrillFilter) ([]*Drill, error)
}

func afterID(id, after uuid.UUID) bool {
	return after == uuid.Nil || bytes.Compare(id[:], after[:]) > 0
}

// inRange reports whether t lies in [from, before), where a zero bound does not bound.
func inRange(t, from, before time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (before.IsZero() || t.Before(before))
}

// EquipmentFilter selects equipment for ListEquipment. Zero fields do not filter.
type EquipmentFilter struct {
	Type   EquipmentType    `json:"type,omitempty"`
	States []EquipmentState `json:"states,omitempty"`
	// DueBefore: only equipment with a plan due before this time (next_due < DueBefore).
	DueBefore time.Time `json:"due_before,omitzero"`
	After     uuid.UUID `json:"after,omitzero"`
	Limit     int       `json:"limit,omitempty"`
}

// Matches reports whether e passes the filter; SQL adapters select the same set.
func (f EquipmentFilter) Matches(e *Equipment) bool {
	next, ok := e.NextDue()
	return (f.Type == 0 || e.in.Type == f.Type) && (len(f.States) == 0 || slices.Contains(f.States, e.state)) &&
		(f.DueBefore.IsZero() || ok && next.Before(f.DueBefore)) && afterID(e.id, f.After)
}

// InspectionFilter selects inspections. Zero fields do not filter.
type InspectionFilter struct {
	Equipment uuid.UUID `json:"equipment,omitzero"`
	From      time.Time `json:"from,omitzero"`   // performed at or after
	Before    time.Time `json:"before,omitzero"` // performed before
	After     uuid.UUID `json:"after,omitzero"`
	Limit     int       `json:"limit,omitempty"`
}

// Matches reports whether ins passes the filter.
func (f InspectionFilter) Matches(ins *Inspection) bool {
	return (f.Equipment == uuid.Nil || ins.equipment == f.Equipment) && inRange(ins.performedAt, f.From, f.Before) && afterID(ins.id, f.After)
}

// AreaCheckFilter selects area checks. Zero fields do not filter.
type AreaCheckFilter struct {
	Area     Area      `json:"area,omitempty"`
	OpenOnly bool      `json:"open_only,omitempty"`
	From     time.Time `json:"from,omitzero"`
	Before   time.Time `json:"before,omitzero"`
	After    uuid.UUID `json:"after,omitzero"`
	Limit    int       `json:"limit,omitempty"`
}

// Matches reports whether c passes the filter.
func (f AreaCheckFilter) Matches(c *AreaCheck) bool {
	return (f.Area == 0 || c.area == f.Area) && (!f.OpenOnly || c.Open()) && inRange(c.checkedAt, f.From, f.Before) && afterID(c.id, f.After)
}

// IncidentFilter selects incidents. Zero fields do not filter.
type IncidentFilter struct {
	Area      Area            `json:"area,omitempty"`
	Equipment uuid.UUID       `json:"equipment,omitzero"` // involving this equipment
	States    []IncidentState `json:"states,omitempty"`
	From      time.Time       `json:"from,omitzero"` // occurred at or after
	Before    time.Time       `json:"before,omitzero"`
	After     uuid.UUID       `json:"after,omitzero"`
	Limit     int             `json:"limit,omitempty"`
}

// Matches reports whether inc passes the filter.
func (f IncidentFilter) Matches(inc *Incident) bool {
	return (f.Area == 0 || inc.in.Area == f.Area) && (f.Equipment == uuid.Nil || slices.Contains(inc.equipmentIDs, f.Equipment)) &&
		(len(f.States) == 0 || slices.Contains(f.States, inc.state)) && inRange(inc.in.OccurredAt, f.From, f.Before) && afterID(inc.id, f.After)
}

// DrillFilter selects drills. Zero fields do not filter.
type DrillFilter struct {
	Kinds  []DrillKind `json:"kinds,omitempty"`
	From   time.Time   `json:"from,omitzero"` // held at or after
	Before time.Time   `json:"before,omitzero"`
	After  uuid.UUID   `json:"after,omitzero"`
	Limit  int         `json:"limit,omitempty"`
}

// Matches reports whether d passes the filter.
func (f DrillFilter) Matches(d *Drill) bool {
	return (len(f.Kinds) == 0 || slices.Contains(f.Kinds, d.kind)) && inRange(d.heldAt, f.From, f.Before) && afterID(d.id, f.After)
}
