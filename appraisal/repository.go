package appraisal

import (
	"bytes"
	"context"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Repository stores appraisals. Adapters implement it (adapters/memory, adapters/sqlstore) and
// prove it with adapters/storetest.RunAppraisal. Every method is scoped to one dealer: another
// dealer's appraisal is not found and never listed.
//
// Adapters keep these columns beside the snapshot: dealer, id, version, staff, period_from,
// state, updated_at; (dealer, staff, period_from) is unique.
type Repository interface {
	// Create stores a new appraisal with its pending events. It returns an error matching
	// dealerkit.ErrConflict if the id is taken or the staff member already has an appraisal for a
	// period starting at the same time; nothing is stored then.
	Create(ctx context.Context, a *Appraisal) error
	// Get returns the appraisal or an error matching dealerkit.ErrNotFound.
	Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Appraisal, error)
	// Update loads, applies fn and stores the result with its events in one transaction; if fn
	// fails nothing is stored; if the version moved since the load, the error matches
	// dealerkit.ErrConflict and nothing is stored.
	Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Appraisal) error) error
	// List returns the dealer's appraisals matching f, ordered by id.
	List(ctx context.Context, dealer dealerkit.DealerID, f Filter) ([]*Appraisal, error)
}

// Filter selects appraisals for List. Zero fields do not filter.
type Filter struct {
	Staff       dealerkit.StaffID // only this staff member's
	States      []State           // only in one of these states
	FromAtLeast time.Time         // periods starting at or after
	FromBefore  time.Time         // periods starting before
	After       uuid.UUID         // cursor: ids greater than this
	Limit       int               // 0 means no limit
}

// Matches reports whether a passes the filter (Limit aside); SQL adapters select the same set.
func (f Filter) Matches(a *Appraisal) bool {
	switch {
	case !f.Staff.IsZero() && a.staff != f.Staff,
		len(f.States) > 0 && !slices.Contains(f.States, a.state),
		!f.FromAtLeast.IsZero() && a.from.Before(f.FromAtLeast),
		!f.FromBefore.IsZero() && !a.from.Before(f.FromBefore),
		f.After != (uuid.UUID{}) && bytes.Compare(a.id[:], f.After[:]) <= 0:
		return false
	}
	return true
}
