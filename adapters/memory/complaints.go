package memory

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
)

// complaintData is the store's complaints and corrective actions: rows with the JSON of their
// snapshots, the next-deadline index the escalation scan reads, the unique (dealer, source
// event) key of automatic intake and the unique (dealer, intake key) of staff intake.
type complaintData struct {
	complaints dueTable[complaintHead]
	sources    map[dealerkit.DealerID]map[int64]uuid.UUID
	intakeKeys map[dealerkit.DealerID]map[string]uuid.UUID
	actions    dueTable[struct{}]
}

func newComplaintData() complaintData {
	return complaintData{
		complaints: newDueTable[complaintHead](),
		sources:    map[dealerkit.DealerID]map[int64]uuid.UUID{},
		intakeKeys: map[dealerkit.DealerID]map[string]uuid.UUID{},
		actions:    newDueTable[struct{}](),
	}
}

// Complaints returns the store's complaints.Repository.
func (s *Store) Complaints() complaints.Repository { return complaintRepo{s} }

// CorrectiveActions returns the store's complaints.CorrectiveRepository.
func (s *Store) CorrectiveActions() complaints.CorrectiveRepository { return actionRepo{s} }

// dueRow is one stored record: its version, the JSON of its snapshot, the next deadline it is
// indexed under and the header List narrows on before decoding.
type dueRow[H any] struct {
	version int64
	body    any
	next    time.Time
	hasNext bool
	head    H
}

func (r dueRow[H]) key(id uuid.UUID) dueKey { return dueKey{at: r.next, id: id} }

// dueTable is one kind of record, per dealer, with its due index.
type dueTable[H any] struct {
	rows map[dealerkit.DealerID]map[uuid.UUID]dueRow[H]
	due  map[dealerkit.DealerID]*dueIndex
}

func newDueTable[H any]() dueTable[H] {
	return dueTable[H]{rows: map[dealerkit.DealerID]map[uuid.UUID]dueRow[H]{}, due: map[dealerkit.DealerID]*dueIndex{}}
}

func (t dueTable[H]) get(d dealerkit.DealerID, id uuid.UUID) (dueRow[H], bool) {
	r, ok := t.rows[d][id]
	return r, ok
}

// put stores r and moves its index entry, recording in v how to undo both.
func (t dueTable[H]) put(v view, d dealerkit.DealerID, id uuid.UUID, r dueRow[H]) {
	m := t.rows[d]
	if m == nil {
		m = map[uuid.UUID]dueRow[H]{}
		t.rows[d] = m
	}
	idx := t.due[d]
	if idx == nil {
		idx = &dueIndex{}
		t.due[d] = idx
	}
	prev, existed := m[id]
	m[id] = r
	if existed && prev.hasNext {
		idx.remove(prev.key(id))
	}
	if r.hasNext {
		idx.insert(r.key(id))
	}
	v.onUndo(func() {
		if r.hasNext {
			idx.remove(r.key(id))
		}
		if !existed {
			delete(m, id)
			return
		}
		m[id] = prev
		if prev.hasNext {
			idx.insert(prev.key(id))
		}
	})
}

// dueOf serves Due from the dealer's index.
func (t dueTable[H]) dueOf(d dealerkit.DealerID, q complaints.DueQuery) []complaints.DueRef {
	idx := t.due[d]
	if idx == nil {
		return nil
	}
	return idx.due(q)
}

// sorted returns the dealer's rows that keep accepts, ordered by id.
func (t dueTable[H]) sorted(d dealerkit.DealerID, keep func(uuid.UUID, dueRow[H]) bool) []dueRow[H] {
	ids := make([]uuid.UUID, 0, len(t.rows[d]))
	for id, r := range t.rows[d] {
		if keep(id, r) {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	out := make([]dueRow[H], len(ids))
	for i, id := range ids {
		out[i] = t.rows[d][id]
	}
	return out
}

func (v view) claimSource(d dealerkit.DealerID, seq int64, id uuid.UUID) {
	claimUnique(v, v.complaints.sources, d, seq, id)
}

// claimUnique records that id holds key k of dealer d in a unique index, undone with v.
func claimUnique[K comparable](v view, index map[dealerkit.DealerID]map[K]uuid.UUID, d dealerkit.DealerID, k K, id uuid.UUID) {
	m := index[d]
	if m == nil {
		m = map[K]uuid.UUID{}
		index[d] = m
	}
	saveEntry(v, m, k)
	m[k] = id
}

// complaintHead is what List narrows on before it decodes a body: the columns the SQL adapters
// keep beside the snapshot.
type complaintHead struct {
	state       complaints.State
	channel     complaints.Channel
	category    complaints.Category
	severity    complaints.Severity
	vin         string
	customerKey string
	repairOrder uuid.UUID
	receivedAt  time.Time
}

func headOf(c *complaints.Complaint) complaintHead {
	return complaintHead{state: c.State(), channel: c.Channel(), category: c.Category(), severity: c.Severity(),
		vin: c.VIN().String(), customerKey: c.CustomerKey(), repairOrder: c.RepairOrder(), receivedAt: c.ReceivedAt()}
}

// mayMatch is a cheap first pass of f.Matches on the header, so that List decodes only likely
// candidates; f.Matches on the decoded complaint has the last word.
func (h complaintHead) mayMatch(f complaints.Filter, id uuid.UUID) bool {
	switch {
	case len(f.States) > 0 && !slices.Contains(f.States, h.state),
		f.OpenOnly && h.state == complaints.StateClosed,
		f.Channel != 0 && h.channel != f.Channel,
		f.Category != 0 && h.category != f.Category,
		f.Severity != 0 && h.severity != f.Severity,
		f.VIN != "" && h.vin != f.VIN.String(),
		f.CustomerKey != "" && h.customerKey != f.CustomerKey,
		f.RepairOrder != (uuid.UUID{}) && h.repairOrder != f.RepairOrder,
		!f.ReceivedFrom.IsZero() && h.receivedAt.Before(f.ReceivedFrom),
		!f.ReceivedBefore.IsZero() && !h.receivedAt.Before(f.ReceivedBefore),
		f.After != (uuid.UUID{}) && bytes.Compare(id[:], f.After[:]) <= 0:
		return false
	}
	return true
}

func complaintRow(c *complaints.Complaint, version int64, body any) dueRow[complaintHead] {
	next, ok := c.NextDeadline()
	return dueRow[complaintHead]{version: version, body: body, next: next.UTC(), hasNext: ok, head: headOf(c)}
}

type complaintRepo struct{ s *Store }

func (r complaintRepo) Create(ctx context.Context, c *complaints.Complaint) error {
	body, err := codec.KeepComplaint(c, 1)
	if err != nil {
		return fmt.Errorf("memory: create complaint: %w", err)
	}
	v, release, err := r.s.enter(ctx, c.Dealer())
	if err != nil {
		return err
	}
	defer release()
	d, id := c.Dealer(), c.ID()
	if _, taken := v.complaints.complaints.get(d, id); taken {
		return fmt.Errorf("create complaint %s: id is taken: %w", id, dealerkit.ErrConflict)
	}
	src := c.Source()
	if src != nil {
		if other, taken := v.complaints.sources[d][src.Seq]; taken {
			return fmt.Errorf("create complaint %s: event %d already opened complaint %s: %w", id, src.Seq, other, dealerkit.ErrConflict)
		}
	}
	key := c.IntakeKey()
	if key != "" {
		if other, taken := v.complaints.intakeKeys[d][key]; taken {
			return fmt.Errorf("create complaint %s: intake key %q already recorded complaint %s: %w", id, key, other, dealerkit.ErrConflict)
		}
	}
	v.complaints.complaints.put(v, d, id, complaintRow(c, 1, body))
	if src != nil {
		v.claimSource(d, src.Seq, id)
	}
	if key != "" {
		claimUnique(v, v.complaints.intakeKeys, d, key, id)
	}
	v.appendEvents(d, c.PendingEvents())
	v.afterCommit(func() { c.SetVersion(1) })
	return nil
}

func (r complaintRepo) load(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (dueRow[complaintHead], error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return dueRow[complaintHead]{}, err
	}
	defer release()
	row, ok := v.complaints.complaints.get(dealer, id)
	if !ok {
		return row, fmt.Errorf("complaint %s: %w", id, dealerkit.ErrNotFound)
	}
	return row, nil
}

func decodeComplaint(row dueRow[complaintHead]) (*complaints.Complaint, error) {
	c, err := codec.FromKeptComplaint(row.body, row.version)
	if err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	return c, nil
}

func (r complaintRepo) Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*complaints.Complaint, error) {
	row, err := r.load(ctx, dealer, id)
	if err != nil {
		return nil, err
	}
	return decodeComplaint(row)
}

func (r complaintRepo) GetBySource(ctx context.Context, dealer dealerkit.DealerID, seq int64) (*complaints.Complaint, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	id, ok := v.complaints.sources[dealer][seq]
	var row dueRow[complaintHead]
	if ok {
		row, ok = v.complaints.complaints.get(dealer, id)
	}
	release()
	if !ok {
		return nil, fmt.Errorf("complaint from event %d: %w", seq, dealerkit.ErrNotFound)
	}
	return decodeComplaint(row)
}

func (r complaintRepo) GetByIntakeKey(ctx context.Context, dealer dealerkit.DealerID, key string) (*complaints.Complaint, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	id, ok := v.complaints.intakeKeys[dealer][key]
	var row dueRow[complaintHead]
	if ok {
		row, ok = v.complaints.complaints.get(dealer, id)
	}
	release()
	if !ok {
		return nil, fmt.Errorf("complaint with intake key %q: %w", key, dealerkit.ErrNotFound)
	}
	return decodeComplaint(row)
}

// Update loads a copy, runs fn on it without holding the dealer's lock (outside a transaction),
// then stores the result only if the version is still the one loaded.
func (r complaintRepo) Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*complaints.Complaint) error) error {
	row, err := r.load(ctx, dealer, id)
	if err != nil {
		return err
	}
	c, err := decodeComplaint(row)
	if err != nil {
		return err
	}
	if err := fn(c); err != nil {
		return err
	}
	next := row.version + 1
	body, err := codec.KeepComplaint(c, next)
	if err != nil {
		return fmt.Errorf("memory: update complaint: %w", err)
	}
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return err
	}
	defer release()
	cur, ok := v.complaints.complaints.get(dealer, id)
	if !ok || cur.version != row.version {
		return fmt.Errorf("update complaint %s: version %d is stale: %w", id, row.version, dealerkit.ErrConflict)
	}
	v.complaints.complaints.put(v, dealer, id, complaintRow(c, next, body))
	v.appendEvents(dealer, c.PendingEvents())
	v.afterCommit(func() { c.SetVersion(next) })
	return nil
}

func (r complaintRepo) List(ctx context.Context, dealer dealerkit.DealerID, f complaints.Filter) ([]*complaints.Complaint, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	rows := v.complaints.complaints.sorted(dealer, func(id uuid.UUID, row dueRow[complaintHead]) bool { return row.head.mayMatch(f, id) })
	release() // decoding and filtering need no lock: bodies are never changed in place

	var out []*complaints.Complaint
	for _, row := range rows {
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
		c, err := decodeComplaint(row)
		if err != nil {
			return nil, err
		}
		if f.Matches(c) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (r complaintRepo) Due(ctx context.Context, dealer dealerkit.DealerID, q complaints.DueQuery) ([]complaints.DueRef, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	defer release()
	return v.complaints.complaints.dueOf(dealer, q), nil
}

type actionRepo struct{ s *Store }

func actionRow(a *complaints.CorrectiveAction, version int64, body any) dueRow[struct{}] {
	next, ok := a.NextDeadline()
	return dueRow[struct{}]{version: version, body: body, next: next.UTC(), hasNext: ok}
}

func (r actionRepo) Create(ctx context.Context, a *complaints.CorrectiveAction) error {
	body, err := codec.KeepCorrectiveAction(a, 1)
	if err != nil {
		return fmt.Errorf("memory: create corrective action: %w", err)
	}
	v, release, err := r.s.enter(ctx, a.Dealer())
	if err != nil {
		return err
	}
	defer release()
	d, id := a.Dealer(), a.ID()
	if _, taken := v.complaints.actions.get(d, id); taken {
		return fmt.Errorf("create corrective action %s: id is taken: %w", id, dealerkit.ErrConflict)
	}
	v.complaints.actions.put(v, d, id, actionRow(a, 1, body))
	v.appendEvents(d, a.PendingEvents())
	v.afterCommit(func() { a.SetVersion(1) })
	return nil
}

func (r actionRepo) load(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (dueRow[struct{}], error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return dueRow[struct{}]{}, err
	}
	defer release()
	row, ok := v.complaints.actions.get(dealer, id)
	if !ok {
		return row, fmt.Errorf("corrective action %s: %w", id, dealerkit.ErrNotFound)
	}
	return row, nil
}

func decodeAction(row dueRow[struct{}]) (*complaints.CorrectiveAction, error) {
	a, err := codec.FromKeptCorrectiveAction(row.body, row.version)
	if err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	return a, nil
}

func (r actionRepo) Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*complaints.CorrectiveAction, error) {
	row, err := r.load(ctx, dealer, id)
	if err != nil {
		return nil, err
	}
	return decodeAction(row)
}

// Update works as the complaints' Update: fn runs on a copy, the save checks the version.
func (r actionRepo) Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*complaints.CorrectiveAction) error) error {
	row, err := r.load(ctx, dealer, id)
	if err != nil {
		return err
	}
	a, err := decodeAction(row)
	if err != nil {
		return err
	}
	if err := fn(a); err != nil {
		return err
	}
	next := row.version + 1
	body, err := codec.KeepCorrectiveAction(a, next)
	if err != nil {
		return fmt.Errorf("memory: update corrective action: %w", err)
	}
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return err
	}
	defer release()
	cur, ok := v.complaints.actions.get(dealer, id)
	if !ok || cur.version != row.version {
		return fmt.Errorf("update corrective action %s: version %d is stale: %w", id, row.version, dealerkit.ErrConflict)
	}
	v.complaints.actions.put(v, dealer, id, actionRow(a, next, body))
	v.appendEvents(dealer, a.PendingEvents())
	v.afterCommit(func() { a.SetVersion(next) })
	return nil
}

func (r actionRepo) List(ctx context.Context, dealer dealerkit.DealerID, f complaints.CorrectiveFilter) ([]*complaints.CorrectiveAction, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	rows := v.complaints.actions.sorted(dealer, func(id uuid.UUID, _ dueRow[struct{}]) bool {
		return f.After == (uuid.UUID{}) || bytes.Compare(id[:], f.After[:]) > 0
	})
	release()

	var out []*complaints.CorrectiveAction
	for _, row := range rows {
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
		a, err := decodeAction(row)
		if err != nil {
			return nil, err
		}
		if f.Matches(a) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (r actionRepo) Due(ctx context.Context, dealer dealerkit.DealerID, q complaints.DueQuery) ([]complaints.DueRef, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	defer release()
	return v.complaints.actions.dueOf(dealer, q), nil
}
