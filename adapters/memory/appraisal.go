package memory

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/google/uuid"
)

// Appraisals returns the store's appraisal.Repository.
func (s *Store) Appraisals() appraisal.Repository { return appraisalRepo{s} }

// appraisalRow is one stored appraisal: its version, the JSON of its snapshot and the header List
// and the unique key (dealer, staff, period start) read.
type appraisalRow struct {
	version int64
	body    any
	staff   dealerkit.StaffID
	from    time.Time
	state   appraisal.State
}

type appraisalKey struct {
	staff dealerkit.StaffID
	from  time.Time
}

type appraisalData struct {
	rows map[dealerkit.DealerID]map[uuid.UUID]appraisalRow
	keys map[dealerkit.DealerID]map[appraisalKey]uuid.UUID
}

func newAppraisalData() appraisalData {
	return appraisalData{rows: map[dealerkit.DealerID]map[uuid.UUID]appraisalRow{},
		keys: map[dealerkit.DealerID]map[appraisalKey]uuid.UUID{}}
}

type appraisalRepo struct{ s *Store }

func rowOf(a *appraisal.Appraisal, version int64, body any) appraisalRow {
	// Microseconds, as the SQL stores keep, so the unique key behaves the same on every store.
	return appraisalRow{version: version, body: body, staff: a.Staff(), from: a.From().UTC().Truncate(time.Microsecond), state: a.State()}
}

// put stores r, recording in v how to undo it.
func (d appraisalData) put(v view, dealer dealerkit.DealerID, id uuid.UUID, r appraisalRow) {
	m := d.rows[dealer]
	if m == nil {
		m = map[uuid.UUID]appraisalRow{}
		d.rows[dealer] = m
	}
	keys := d.keys[dealer]
	if keys == nil {
		keys = map[appraisalKey]uuid.UUID{}
		d.keys[dealer] = keys
	}
	prev, existed := m[id]
	m[id] = r
	key := appraisalKey{r.staff, r.from}
	keys[key] = id
	v.onUndo(func() {
		if !existed {
			delete(m, id)
			delete(keys, key)
			return
		}
		m[id] = prev
	})
}

func (r appraisalRepo) Create(ctx context.Context, a *appraisal.Appraisal) error {
	body, err := codec.KeepAppraisal(a, 1)
	if err != nil {
		return fmt.Errorf("memory: create appraisal: %w", err)
	}
	v, release, err := r.s.enter(ctx, a.Dealer())
	if err != nil {
		return err
	}
	defer release()
	d, id := a.Dealer(), a.ID()
	row := rowOf(a, 1, body)
	if _, taken := v.appraisals.rows[d][id]; taken {
		return fmt.Errorf("memory: create appraisal %s: id is taken: %w", id, dealerkit.ErrConflict)
	}
	if _, taken := v.appraisals.keys[d][appraisalKey{row.staff, row.from}]; taken {
		return fmt.Errorf("memory: create appraisal %s: staff %s already has one from %s: %w", id, row.staff,
			row.from.Format(time.RFC3339), dealerkit.ErrConflict)
	}
	v.appraisals.put(v, d, id, row)
	v.appendEvents(d, a.PendingEvents())
	v.afterCommit(func() { a.SetVersion(1) })
	return nil
}

func (r appraisalRepo) load(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (appraisalRow, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return appraisalRow{}, err
	}
	defer release()
	row, ok := v.appraisals.rows[dealer][id]
	if !ok {
		return row, fmt.Errorf("memory: appraisal %s: %w", id, dealerkit.ErrNotFound)
	}
	return row, nil
}

func decodeAppraisal(row appraisalRow) (*appraisal.Appraisal, error) {
	a, err := codec.FromKeptAppraisal(row.body, row.version)
	if err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	return a, nil
}

func (r appraisalRepo) Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*appraisal.Appraisal, error) {
	row, err := r.load(ctx, dealer, id)
	if err != nil {
		return nil, err
	}
	return decodeAppraisal(row)
}

// Update runs fn on a copy; the save checks the version.
func (r appraisalRepo) Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*appraisal.Appraisal) error) error {
	row, err := r.load(ctx, dealer, id)
	if err != nil {
		return err
	}
	a, err := decodeAppraisal(row)
	if err != nil {
		return err
	}
	if err := fn(a); err != nil {
		return err
	}
	next := row.version + 1
	body, err := codec.KeepAppraisal(a, next)
	if err != nil {
		return fmt.Errorf("memory: update appraisal: %w", err)
	}
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return err
	}
	defer release()
	cur, ok := v.appraisals.rows[dealer][id]
	if !ok || cur.version != row.version {
		return fmt.Errorf("memory: update appraisal %s: version %d is stale: %w", id, row.version, dealerkit.ErrConflict)
	}
	v.appraisals.put(v, dealer, id, rowOf(a, next, body))
	v.appendEvents(dealer, a.PendingEvents())
	v.afterCommit(func() { a.SetVersion(next) })
	return nil
}

// List selects what appraisal.Filter.Matches selects, narrowing on the header before decoding.
func (r appraisalRepo) List(ctx context.Context, dealer dealerkit.DealerID, f appraisal.Filter) ([]*appraisal.Appraisal, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	type idRow struct {
		id  uuid.UUID
		row appraisalRow
	}
	var rows []idRow
	for id, row := range v.appraisals.rows[dealer] {
		if (!f.Staff.IsZero() && row.staff != f.Staff) || (len(f.States) > 0 && !slices.Contains(f.States, row.state)) ||
			(f.After != uuid.Nil && bytes.Compare(id[:], f.After[:]) <= 0) {
			continue
		}
		rows = append(rows, idRow{id, row})
	}
	release()
	slices.SortFunc(rows, func(a, b idRow) int { return bytes.Compare(a.id[:], b.id[:]) })
	var out []*appraisal.Appraisal
	for _, x := range rows {
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
		a, err := decodeAppraisal(x.row)
		if err != nil {
			return nil, err
		}
		if f.Matches(a) {
			out = append(out, a)
		}
	}
	return out, nil
}
