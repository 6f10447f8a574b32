package complaints

import (
	"bytes"
	"context"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
)

// Repository stores complaints. Adapters implement it (adapters/memory, adapters/sqlstore) and
// prove it with adapters/storetest. Every method is scoped to one dealer: a record of another
// dealer is not found, never listed and never due.
//
// Adapters keep these columns beside the snapshot, for the queries below: dealer, id, version,
// state, channel, category, severity, received_at, vin, customer_key (Complaint.CustomerKey),
// customer_id (Complaint.Customer, NULL when zero),
// repair_order, next_deadline (Complaint.NextDeadline, NULL when false), source_seq
// (Source().Seq, NULL when nil) and intake_key (Complaint.IntakeKey, NULL when empty).
type Repository interface {
	// Create stores a new complaint with its pending events, atomically. It returns an error
	// matching dealerkit.ErrConflict if the id is taken or if another complaint of the dealer
	// came from the same source event (a unique key on (dealer, source_seq)), so that replaying
	// the aftersales feed never opens a complaint twice, or was recorded under the same intake key
	// (a unique key on (dealer, intake_key) where intake_key is not NULL), so that a retried
	// Service.Record never records one twice. Nothing is stored then, and a caller's transaction
	// stays usable.
	Create(ctx context.Context, c *Complaint) error
	// Get returns the complaint or an error matching dealerkit.ErrNotFound.
	Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Complaint, error)
	// GetBySource returns the complaint opened from the dealer's event seq, or an error matching
	// dealerkit.ErrNotFound.
	GetBySource(ctx context.Context, dealer dealerkit.DealerID, seq int64) (*Complaint, error)
	// GetByIntakeKey returns the dealer's complaint recorded under the intake key
	// (Complaint.IntakeKey), or an error matching dealerkit.ErrNotFound.
	GetByIntakeKey(ctx context.Context, dealer dealerkit.DealerID, key string) (*Complaint, error)
	// Update loads the complaint, applies fn and stores the result with the events fn recorded,
	// all in one transaction, with the new version and next deadline. If fn returns an error
	// nothing is stored and that error is returned. If the complaint changed since it was loaded
	// (its version moved), nothing is stored and the error matches dealerkit.ErrConflict: an
	// update is never lost and never silently overwritten.
	Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Complaint) error) error
	// List returns the dealer's complaints matching f, ordered by id (so by recording time with
	// UUIDv7 ids). Pass the last id seen as f.After to page.
	List(ctx context.Context, dealer dealerkit.DealerID, f Filter) ([]*Complaint, error)
	// Due returns the dealer's complaints whose next deadline is at or before q.Now, ordered by
	// (next deadline, id) and starting after the cursor q.After, at most q.Limit of them. It must
	// be served by an index on (dealer, next_deadline, id), never by a scan of the dealer's
	// complaints: the escalation scan calls it every few minutes over every open complaint.
	Due(ctx context.Context, dealer dealerkit.DealerID, q DueQuery) ([]DueRef, error)
}

// DueQuery pages through what has fallen due.
type DueQuery struct {
	Now   time.Time `json:"now"`
	After DueRef    `json:"after"` // cursor: entries after (After.Deadline, After.ID); zero to start
	Limit int       `json:"limit"` // at most this many; 0 means no limit
}

// DueRef is one record that has fallen due: its id and the next deadline the store indexed.
type DueRef struct {
	ID       uuid.UUID `json:"id"`
	Deadline time.Time `json:"deadline"`
}

// Matches reports whether a record with next deadline at and id fell due under q; the memory
// adapter uses it and SQL adapters select the same set.
func (q DueQuery) Matches(id uuid.UUID, at time.Time, ok bool) bool {
	if !ok || at.After(q.Now) {
		return false
	}
	return q.After.less(DueRef{ID: id, Deadline: at})
}

func (r DueRef) less(o DueRef) bool {
	if c := r.Deadline.Compare(o.Deadline); c != 0 {
		return c < 0
	}
	return bytes.Compare(r.ID[:], o.ID[:]) < 0
}

// SortDue orders refs as Due returns them, for adapters without ORDER BY.
func SortDue(refs []DueRef) {
	slices.SortFunc(refs, func(a, b DueRef) int {
		if a.less(b) {
			return -1
		}
		if b.less(a) {
			return 1
		}
		return 0
	})
}

// Filter selects complaints: what a front desk searches by (customer, repair order, vehicle,
// state, category, severity, when received) and a page. Zero fields do not filter. Hosts page with
// Cursor and Limit through Service.List; repositories page with After and Limit.
type Filter struct {
	States         []State              `json:"states,omitempty"`         // only complaints in one of these states
	OpenOnly       bool                 `json:"open_only,omitempty"`      // only complaints that are not closed
	Channel        Channel              `json:"channel,omitzero"`         // only this channel
	Category       Category             `json:"category,omitzero"`        // only this category
	Severity       Severity             `json:"severity,omitzero"`        // only this severity
	VIN            aftersales.VIN       `json:"vin,omitempty"`            // only this vehicle
	Customer       dealerkit.CustomerID `json:"customer,omitzero"`        // only complaints of this customer (Complainant.Customer)
	CustomerKey    string               `json:"customer_key,omitempty"`   // only this contact (Complainant.Key)
	RepairOrder    uuid.UUID            `json:"repair_order,omitzero"`    // only complaints linked to this repair order
	Staff          dealerkit.StaffID    `json:"staff,omitzero"`           // only complaints naming this staff member
	ReceivedFrom   time.Time            `json:"received_from,omitzero"`   // received at or after
	ReceivedBefore time.Time            `json:"received_before,omitzero"` // received before
	Cursor         dealerkit.Cursor     `json:"cursor,omitempty"`         // Service.List: the page after this cursor (Page.Next)
	After          uuid.UUID            `json:"after,omitzero"`           // Repository.List: ids greater than this
	Limit          int                  `json:"limit,omitempty"`          // Service.List: page size (dealerkit.PageSize); Repository.List: 0 means no limit
}

// Matches reports whether c passes the filter; adapters without a query language (memory) use
// it, and SQL adapters must select the same set.
func (f Filter) Matches(c *Complaint) bool {
	switch {
	case len(f.States) > 0 && !slices.Contains(f.States, c.state),
		f.OpenOnly && c.state == StateClosed,
		f.Channel != 0 && c.channel != f.Channel,
		f.Category != 0 && c.category != f.Category,
		f.Severity != 0 && c.severity != f.Severity,
		f.VIN != "" && c.vin != f.VIN,
		f.CustomerKey != "" && c.CustomerKey() != f.CustomerKey,
		!f.Customer.IsZero() && c.complainant.Customer != f.Customer,
		f.RepairOrder != (uuid.UUID{}) && c.repairOrder != f.RepairOrder,
		!f.ReceivedFrom.IsZero() && c.receivedAt.Before(f.ReceivedFrom),
		!f.ReceivedBefore.IsZero() && !c.receivedAt.Before(f.ReceivedBefore),
		f.After != (uuid.UUID{}) && bytes.Compare(c.id[:], f.After[:]) <= 0:
		return false
	}
	if !f.Staff.IsZero() {
		found := false
		for _, s := range c.staff {
			found = found || s.Staff == f.Staff
		}
		return found
	}
	return true
}

// CorrectiveRepository stores corrective actions, with the same contract as Repository: dealer
// scoped, ErrNotFound, optimistic Update with ErrConflict, events stored in the same transaction,
// and Due served by an index on (dealer, next_deadline, id) where next_deadline is
// CorrectiveAction.NextDeadline.
type CorrectiveRepository interface {
	// Create stores a new action with its pending events; ErrConflict if the id is taken.
	Create(ctx context.Context, a *CorrectiveAction) error
	// Get returns the action or an error matching dealerkit.ErrNotFound.
	Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*CorrectiveAction, error)
	// Update loads, applies fn and stores atomically; ErrConflict when the version moved.
	Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*CorrectiveAction) error) error
	// List returns the dealer's actions matching f, ordered by id.
	List(ctx context.Context, dealer dealerkit.DealerID, f CorrectiveFilter) ([]*CorrectiveAction, error)
	// Due returns the actions whose next deadline is at or before q.Now, ordered by (next
	// deadline, id), after the cursor.
	Due(ctx context.Context, dealer dealerkit.DealerID, q DueQuery) ([]DueRef, error)
}

// CorrectiveFilter selects corrective actions for List. Zero fields do not filter.
type CorrectiveFilter struct {
	States   []CorrectiveState `json:"states,omitempty"`
	Category Category          `json:"category,omitzero"`
	Owner    dealerkit.StaffID `json:"owner,omitzero"`
	After    uuid.UUID         `json:"after,omitzero"`
	Limit    int               `json:"limit,omitempty"`
}

// Matches reports whether a passes the filter.
func (f CorrectiveFilter) Matches(a *CorrectiveAction) bool {
	switch {
	case len(f.States) > 0 && !slices.Contains(f.States, a.state),
		f.Category != 0 && a.category != f.Category,
		!f.Owner.IsZero() && a.owner != f.Owner,
		f.After != (uuid.UUID{}) && bytes.Compare(a.id[:], f.After[:]) <= 0:
		return false
	}
	return true
}
