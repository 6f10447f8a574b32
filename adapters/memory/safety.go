package memory

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/google/uuid"
)

// safetyData is the store's safety records: one table of JSON snapshots per kind, and the unique
// (dealer, code) key of the equipment register.
type safetyData struct {
	equipment, inspections, areaChecks, incidents, drills safetyTable
	codes                                                 map[dealerkit.DealerID]map[string]uuid.UUID
}

func newSafetyData() safetyData {
	return safetyData{equipment: newSafetyTable(), inspections: newSafetyTable(), areaChecks: newSafetyTable(), incidents: newSafetyTable(),
		drills: newSafetyTable(), codes: map[dealerkit.DealerID]map[string]uuid.UUID{}}
}

// Safety returns the store's safety.Repository.
func (s *Store) Safety() safety.Repository { return safetyRepo{s} }

// safetyTable is one kind of versioned document, per dealer.
type safetyTable struct {
	rows map[dealerkit.DealerID]map[uuid.UUID]safetyRow
}

type safetyRow struct {
	version int64
	body    any
}

func newSafetyTable() safetyTable {
	return safetyTable{rows: map[dealerkit.DealerID]map[uuid.UUID]safetyRow{}}
}

// put stores r, recording in v how to undo it.
func (t safetyTable) put(v view, d dealerkit.DealerID, id uuid.UUID, r safetyRow) {
	m := t.rows[d]
	if m == nil {
		m = map[uuid.UUID]safetyRow{}
		t.rows[d] = m
	}
	saveEntry(v, m, id)
	m[id] = r
}

// safetyRecord is what every safety record offers the store.
type safetyRecord interface {
	comparable
	Dealer() dealerkit.DealerID
	ID() uuid.UUID
	SetVersion(int64)
	PendingEvents() []dealerkit.Event
}

// safetyKind is how one kind is kept: its table (picked from the data under the lock), name and
// codec.
type safetyKind[T safetyRecord] struct {
	what   string
	table  func(*data) safetyTable
	encode func(T, int64) (any, error)
	decode func(any, int64) (T, error)
}

var (
	equipmentKind  = safetyKind[*safety.Equipment]{"equipment", func(d *data) safetyTable { return d.safety.equipment }, codec.KeepEquipment, codec.FromKeptEquipment}
	inspectionKind = safetyKind[*safety.Inspection]{"inspection", func(d *data) safetyTable { return d.safety.inspections }, codec.KeepInspection, codec.FromKeptInspection}
	areaCheckKind  = safetyKind[*safety.AreaCheck]{"area check", func(d *data) safetyTable { return d.safety.areaChecks }, codec.KeepAreaCheck, codec.FromKeptAreaCheck}
	incidentKind   = safetyKind[*safety.Incident]{"incident", func(d *data) safetyTable { return d.safety.incidents }, codec.KeepIncident, codec.FromKeptIncident}
	drillKind      = safetyKind[*safety.Drill]{"drill", func(d *data) safetyTable { return d.safety.drills }, codec.KeepDrill, codec.FromKeptDrill}
)

// createSafety stores x at version 1 with its events; claim, when given, takes a unique key under the
// same lock and may refuse.
func createSafety[T safetyRecord](ctx context.Context, s *Store, k safetyKind[T], x T, claim func(v view) error) error {
	body, err := k.encode(x, 1)
	if err != nil {
		return fmt.Errorf("memory: create %s: %w", k.what, err)
	}
	v, release, err := s.enter(ctx, x.Dealer())
	if err != nil {
		return err
	}
	defer release()
	t, d, id := k.table(v.data), x.Dealer(), x.ID()
	if _, taken := t.rows[d][id]; taken {
		return fmt.Errorf("memory: create %s %s: id is taken: %w", k.what, id, dealerkit.ErrConflict)
	}
	if claim != nil {
		if err := claim(v); err != nil {
			return err
		}
	}
	t.put(v, d, id, safetyRow{version: 1, body: body})
	v.appendEvents(d, x.PendingEvents())
	v.afterCommit(func() { x.SetVersion(1) })
	return nil
}

func loadSafety[T safetyRecord](ctx context.Context, s *Store, k safetyKind[T], dealer dealerkit.DealerID, id uuid.UUID) (safetyRow, error) {
	v, release, err := s.enter(ctx, dealer)
	if err != nil {
		return safetyRow{}, err
	}
	defer release()
	r, ok := k.table(v.data).rows[dealer][id]
	if !ok {
		return safetyRow{}, fmt.Errorf("memory: %s %s: %w", k.what, id, dealerkit.ErrNotFound)
	}
	return r, nil
}

func getSafety[T safetyRecord](ctx context.Context, s *Store, k safetyKind[T], dealer dealerkit.DealerID, id uuid.UUID) (T, error) {
	r, err := loadSafety(ctx, s, k, dealer, id)
	if err != nil {
		var zero T
		return zero, err
	}
	return decodeSafety(k, r)
}

func decodeSafety[T safetyRecord](k safetyKind[T], r safetyRow) (T, error) {
	x, err := k.decode(r.body, r.version)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("memory: %w", err)
	}
	return x, nil
}

// updateSafety loads a copy, runs fn on it without the dealer's lock (outside a transaction), and
// stores the result only if the version is still the one loaded.
func updateSafety[T safetyRecord](ctx context.Context, s *Store, k safetyKind[T], dealer dealerkit.DealerID, id uuid.UUID, fn func(T) error) error {
	r, err := loadSafety(ctx, s, k, dealer, id)
	if err != nil {
		return err
	}
	x, err := decodeSafety(k, r)
	if err != nil {
		return err
	}
	if err := fn(x); err != nil {
		return err
	}
	next := r.version + 1
	body, err := k.encode(x, next)
	if err != nil {
		return fmt.Errorf("memory: update %s: %w", k.what, err)
	}
	v, release, err := s.enter(ctx, dealer)
	if err != nil {
		return err
	}
	defer release()
	t := k.table(v.data)
	if cur, ok := t.rows[dealer][id]; !ok || cur.version != r.version {
		return fmt.Errorf("memory: update %s %s: version %d is stale: %w", k.what, id, r.version, dealerkit.ErrConflict)
	}
	t.put(v, dealer, id, safetyRow{version: next, body: body})
	v.appendEvents(dealer, x.PendingEvents())
	v.afterCommit(func() { x.SetVersion(next) })
	return nil
}

// listSafety decodes the dealer's records, keeps those match accepts, in id order, at most limit.
func listSafety[T safetyRecord](ctx context.Context, s *Store, k safetyKind[T], dealer dealerkit.DealerID, match func(T) bool, limit int) ([]T, error) {
	v, release, err := s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	type idRow struct {
		id uuid.UUID
		r  safetyRow
	}
	var rows []idRow
	for id, r := range k.table(v.data).rows[dealer] {
		rows = append(rows, idRow{id, r})
	}
	release() // rows are never changed in place
	slices.SortFunc(rows, func(a, b idRow) int { return bytes.Compare(a.id[:], b.id[:]) })
	var out []T
	for _, r := range rows {
		x, err := decodeSafety(k, r.r)
		if err != nil {
			return nil, err
		}
		if match(x) {
			out = append(out, x)
			if limit > 0 && len(out) == limit {
				break
			}
		}
	}
	return out, nil
}

type safetyRepo struct{ s *Store }

func (r safetyRepo) CreateEquipment(ctx context.Context, e *safety.Equipment) error {
	return createSafety(ctx, r.s, equipmentKind, e, func(v view) error {
		d := e.Dealer()
		if _, taken := v.safety.codes[d][e.Code()]; taken {
			return fmt.Errorf("memory: create equipment %s: code %q is taken: %w", e.ID(), e.Code(), dealerkit.ErrConflict)
		}
		claimUnique(v, v.safety.codes, d, e.Code(), e.ID())
		return nil
	})
}

func (r safetyRepo) GetEquipment(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*safety.Equipment, error) {
	return getSafety(ctx, r.s, equipmentKind, dealer, id)
}

func (r safetyRepo) EquipmentByCode(ctx context.Context, dealer dealerkit.DealerID, code string) (*safety.Equipment, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	id, ok := v.safety.codes[dealer][code]
	release()
	if !ok {
		return nil, fmt.Errorf("memory: equipment %q: %w", code, dealerkit.ErrNotFound)
	}
	return getSafety(ctx, r.s, equipmentKind, dealer, id)
}

func (r safetyRepo) UpdateEquipment(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*safety.Equipment) error) error {
	return updateSafety(ctx, r.s, equipmentKind, dealer, id, fn)
}

func (r safetyRepo) ListEquipment(ctx context.Context, dealer dealerkit.DealerID, f safety.EquipmentFilter) ([]*safety.Equipment, error) {
	return listSafety(ctx, r.s, equipmentKind, dealer, f.Matches, f.Limit)
}

func (r safetyRepo) CreateInspection(ctx context.Context, ins *safety.Inspection) error {
	return createSafety(ctx, r.s, inspectionKind, ins, nil)
}

func (r safetyRepo) GetInspection(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*safety.Inspection, error) {
	return getSafety(ctx, r.s, inspectionKind, dealer, id)
}

func (r safetyRepo) ListInspections(ctx context.Context, dealer dealerkit.DealerID, f safety.InspectionFilter) ([]*safety.Inspection, error) {
	return listSafety(ctx, r.s, inspectionKind, dealer, f.Matches, f.Limit)
}

func (r safetyRepo) CreateAreaCheck(ctx context.Context, c *safety.AreaCheck) error {
	return createSafety(ctx, r.s, areaCheckKind, c, nil)
}

func (r safetyRepo) GetAreaCheck(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*safety.AreaCheck, error) {
	return getSafety(ctx, r.s, areaCheckKind, dealer, id)
}

func (r safetyRepo) UpdateAreaCheck(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*safety.AreaCheck) error) error {
	return updateSafety(ctx, r.s, areaCheckKind, dealer, id, fn)
}

func (r safetyRepo) ListAreaChecks(ctx context.Context, dealer dealerkit.DealerID, f safety.AreaCheckFilter) ([]*safety.AreaCheck, error) {
	return listSafety(ctx, r.s, areaCheckKind, dealer, f.Matches, f.Limit)
}

func (r safetyRepo) CreateIncident(ctx context.Context, inc *safety.Incident) error {
	return createSafety(ctx, r.s, incidentKind, inc, nil)
}

func (r safetyRepo) GetIncident(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*safety.Incident, error) {
	return getSafety(ctx, r.s, incidentKind, dealer, id)
}

func (r safetyRepo) UpdateIncident(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*safety.Incident) error) error {
	return updateSafety(ctx, r.s, incidentKind, dealer, id, fn)
}

func (r safetyRepo) ListIncidents(ctx context.Context, dealer dealerkit.DealerID, f safety.IncidentFilter) ([]*safety.Incident, error) {
	return listSafety(ctx, r.s, incidentKind, dealer, f.Matches, f.Limit)
}

func (r safetyRepo) CreateDrill(ctx context.Context, d *safety.Drill) error {
	return createSafety(ctx, r.s, drillKind, d, nil)
}

func (r safetyRepo) GetDrill(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*safety.Drill, error) {
	return getSafety(ctx, r.s, drillKind, dealer, id)
}

func (r safetyRepo) UpdateDrill(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*safety.Drill) error) error {
	return updateSafety(ctx, r.s, drillKind, dealer, id, fn)
}

func (r safetyRepo) ListDrills(ctx context.Context, dealer dealerkit.DealerID, f safety.DrillFilter) ([]*safety.Drill, error) {
	return listSafety(ctx, r.s, drillKind, dealer, f.Matches, f.Limit)
}
