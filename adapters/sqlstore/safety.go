package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/google/uuid"
)

// Safety returns the store's safety.Repository (migration 0007). Its calls join InTx and WithTx,
// so an inspection and the equipment it changes commit together.
func (s *Store) Safety() safety.Repository { return safetyRepo{s} }

// safetyRepo is the safety.Repository: five kinds of versioned document with header columns.
type safetyRepo struct{ s *Store }

func idKey[T interface{ ID() uuid.UUID }](x T) string { return x.ID().String() }

var equipmentDocs = docKind[*safety.Equipment]{
	what: "equipment", table: "dealerkit_safety_equipment", cols: []string{"code", "type", "state", "next_due"},
	header: func(s *Store, x *safety.Equipment) []any {
		next, ok := x.NextDue()
		return []any{x.Code(), x.Type().String(), x.State().String(), s.optFloorArg(next, ok)}
	},
	keyName: "code", key: (*safety.Equipment).Code,
	encode: codec.EncodeEquipment, decode: codec.DecodeEquipment,
}.sql()

var inspectionDocs = docKind[*safety.Inspection]{
	what: "inspection", table: "dealerkit_safety_inspections", cols: []string{"equipment_id", "performed_at"},
	header: func(s *Store, x *safety.Inspection) []any {
		return []any{x.Equipment().String(), s.floorArg(x.PerformedAt())}
	},
	keyName: "id", key: idKey[*safety.Inspection],
	encode: codec.EncodeInspection, decode: codec.DecodeInspection,
}.sql()

var areaCheckDocs = docKind[*safety.AreaCheck]{
	what: "area check", table: "dealerkit_safety_area_checks", cols: []string{"area", "checked_at", "open_findings"},
	header: func(s *Store, x *safety.AreaCheck) []any {
		return []any{x.Area().String(), s.floorArg(x.CheckedAt()), x.Open()}
	},
	keyName: "id", key: idKey[*safety.AreaCheck],
	encode: codec.EncodeAreaCheck, decode: codec.DecodeAreaCheck,
}.sql()

var incidentDocs = docKind[*safety.Incident]{
	what: "incident", table: "dealerkit_safety_incidents", cols: []string{"area", "state", "occurred_at", "equipment_ids"},
	header: func(s *Store, x *safety.Incident) []any {
		ids := x.EquipmentIDs()
		texts := make([]string, len(ids))
		for i, id := range ids {
			texts[i] = id.String()
		}
		return []any{x.Area().String(), x.State().String(), s.floorArg(x.OccurredAt()), strings.Join(texts, ",")}
	},
	keyName: "id", key: idKey[*safety.Incident],
	encode: codec.EncodeIncident, decode: codec.DecodeIncident,
}.sql()

var drillDocs = docKind[*safety.Drill]{
	what: "drill", table: "dealerkit_safety_drills", cols: []string{"kind", "held_at"},
	header: func(s *Store, x *safety.Drill) []any {
		return []any{x.Kind().String(), s.floorArg(x.HeldAt())}
	},
	keyName: "id", key: idKey[*safety.Drill],
	encode: codec.EncodeDrill, decode: codec.DecodeDrill,
}.sql()

// between adds [from, before) on the time column col, a zero bound not bounding: stored
// microseconds compare with the bounds rounded up as the domain's Matches compares full precision.
func (s *Store) between(q *docQuery, col string, from, before time.Time) {
	if !from.IsZero() {
		q.and(col + " >= " + q.arg(s.ceilArg(from)))
	}
	if !before.IsZero() {
		q.and(col + " < " + q.arg(s.ceilArg(before)))
	}
}

func (r safetyRepo) CreateEquipment(ctx context.Context, e *safety.Equipment) error {
	return createDoc(ctx, r.s, equipmentDocs, e)
}

func (r safetyRepo) GetEquipment(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*safety.Equipment, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), equipmentDocs, dealer, id)
}

func (r safetyRepo) EquipmentByCode(ctx context.Context, dealer dealerkit.DealerID, code string) (*safety.Equipment, error) {
	return oneDoc(ctx, r.s, r.s.reader(ctx), equipmentDocs, "equipment "+strconv.Quote(code),
		"SELECT version, body FROM dealerkit_safety_equipment WHERE dealer_id = $1 AND code = $2", dealer.String(), code)
}

func (r safetyRepo) UpdateEquipment(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*safety.Equipment) error) error {
	return updateDoc(ctx, r.s, equipmentDocs, dealer, id, fn)
}

// ListEquipment selects with the header columns what safety.EquipmentFilter.Matches selects.
func (r safetyRepo) ListEquipment(ctx context.Context, dealer dealerkit.DealerID, f safety.EquipmentFilter) ([]*safety.Equipment, error) {
	q := newDocQuery(dealer)
	if f.Type != 0 {
		q.and("type = " + q.arg(f.Type.String()))
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = st.String()
		}
		q.in("state", states)
	}
	if !f.DueBefore.IsZero() {
		q.and("next_due IS NOT NULL AND next_due < " + q.arg(r.s.ceilArg(f.DueBefore)))
	}
	q.after(f.After)
	return listDocs(ctx, r.s, equipmentDocs, q, f.Limit)
}

func (r safetyRepo) CreateInspection(ctx context.Context, ins *safety.Inspection) error {
	return createDoc(ctx, r.s, inspectionDocs, ins)
}

func (r safetyRepo) GetInspection(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*safety.Inspection, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), inspectionDocs, dealer, id)
}

func (r safetyRepo) ListInspections(ctx context.Context, dealer dealerkit.DealerID, f safety.InspectionFilter) ([]*safety.Inspection, error) {
	q := newDocQuery(dealer)
	if f.Equipment != uuid.Nil {
		q.and("equipment_id = " + q.arg(f.Equipment.String()))
	}
	r.s.between(q, "performed_at", f.From, f.Before)
	q.after(f.After)
	return listDocs(ctx, r.s, inspectionDocs, q, f.Limit)
}

func (r safetyRepo) CreateAreaCheck(ctx context.Context, c *safety.AreaCheck) error {
	return createDoc(ctx, r.s, areaCheckDocs, c)
}

func (r safetyRepo) GetAreaCheck(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*safety.AreaCheck, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), areaCheckDocs, dealer, id)
}

func (r safetyRepo) UpdateAreaCheck(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*safety.AreaCheck) error) error {
	return updateDoc(ctx, r.s, areaCheckDocs, dealer, id, fn)
}

func (r safetyRepo) ListAreaChecks(ctx context.Context, dealer dealerkit.DealerID, f safety.AreaCheckFilter) ([]*safety.AreaCheck, error) {
	q := newDocQuery(dealer)
	if f.Area != 0 {
		q.and("area = " + q.arg(f.Area.String()))
	}
	if f.OpenOnly {
		q.and("open_findings = " + q.arg(true))
	}
	r.s.between(q, "checked_at", f.From, f.Before)
	q.after(f.After)
	return listDocs(ctx, r.s, areaCheckDocs, q, f.Limit)
}

func (r safetyRepo) CreateIncident(ctx context.Context, inc *safety.Incident) error {
	return createDoc(ctx, r.s, incidentDocs, inc)
}

func (r safetyRepo) GetIncident(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*safety.Incident, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), incidentDocs, dealer, id)
}

func (r safetyRepo) UpdateIncident(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*safety.Incident) error) error {
	return updateDoc(ctx, r.s, incidentDocs, dealer, id, fn)
}

func (r safetyRepo) ListIncidents(ctx context.Context, dealer dealerkit.DealerID, f safety.IncidentFilter) ([]*safety.Incident, error) {
	q := newDocQuery(dealer)
	if f.Area != 0 {
		q.and("area = " + q.arg(f.Area.String()))
	}
	if f.Equipment != uuid.Nil {
		// A canonical id is 36 characters with no comma, so it matches only itself in the list.
		q.and("equipment_ids LIKE " + q.arg("%"+f.Equipment.String()+"%"))
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = st.String()
		}
		q.in("state", states)
	}
	r.s.between(q, "occurred_at", f.From, f.Before)
	q.after(f.After)
	return listDocs(ctx, r.s, incidentDocs, q, f.Limit)
}

func (r safetyRepo) CreateDrill(ctx context.Context, d *safety.Drill) error {
	return createDoc(ctx, r.s, drillDocs, d)
}

func (r safetyRepo) GetDrill(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*safety.Drill, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), drillDocs, dealer, id)
}

func (r safetyRepo) UpdateDrill(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*safety.Drill) error) error {
	return updateDoc(ctx, r.s, drillDocs, dealer, id, fn)
}

func (r safetyRepo) ListDrills(ctx context.Context, dealer dealerkit.DealerID, f safety.DrillFilter) ([]*safety.Drill, error) {
	q := newDocQuery(dealer)
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = k.String()
		}
		q.in("kind", kinds)
	}
	r.s.between(q, "held_at", f.From, f.Before)
	q.after(f.After)
	return listDocs(ctx, r.s, drillDocs, q, f.Limit)
}
