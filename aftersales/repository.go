package aftersales

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Repository stores repair orders. Adapters implement it (adapters/memory, adapters/sqlstore) and
// prove it with adapters/storetest. Every method is scoped to one dealer: a record of another
// dealer is not found.
type Repository interface {
	// Create stores a new repair order with its pending events. It returns an error matching
	// dealerkit.ErrConflict if the id, or the order number within the dealer, is taken.
	Create(ctx context.Context, order *RepairOrder) error
	// Get returns the order or an error matching dealerkit.ErrNotFound.
	Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*RepairOrder, error)
	// Update loads the order, applies fn and stores the result with the events fn recorded, all
	// in one transaction. If fn returns an error nothing is stored and that error is returned. If
	// the order changed since it was loaded, nothing is stored and the error matches
	// dealerkit.ErrConflict: an update is never lost and never silently overwritten.
	Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*RepairOrder) error) error
	// List returns the dealer's orders matching f, ordered by id (so by opening time with UUIDv7
	// ids). Pass the last id seen as f.After to page.
	List(ctx context.Context, dealer dealerkit.DealerID, f Filter) ([]*RepairOrder, error)
}

// Query is what a front desk searches repair orders by (Service.List): zero fields do not filter,
// and the result is one page of at most dealerkit.PageSize(Limit) orders in opening order.
type Query struct {
	Number       string               `json:"number,omitempty"`       // the printed order number
	Plate        string               `json:"plate,omitempty"`        // the licence plate as recorded at reception
	VIN          VIN                  `json:"vin,omitempty"`          // the vehicle
	Customer     dealerkit.CustomerID `json:"customer,omitzero"`      // the customer's DMS id
	States       []State              `json:"states,omitempty"`       // in one of these states
	OpenedFrom   time.Time            `json:"opened_from,omitzero"`   // opened at or after
	OpenedBefore time.Time            `json:"opened_before,omitzero"` // opened before
	Cursor       dealerkit.Cursor     `json:"cursor,omitempty"`       // the Next of the page before
	Limit        int                  `json:"limit,omitempty"`        // page size; 0 means the default
}

// filter checks the query and returns the repository filter and the page size.
func (q Query) filter() (Filter, int, error) {
	var v dealerkit.ValidationError
	after, err := q.Cursor.After()
	if err != nil {
		v.AddCode("cursor", string(q.Cursor), dealerkit.ReasonBadFormat, "not a cursor this library issued")
	}
	if !q.OpenedFrom.IsZero() && !q.OpenedBefore.IsZero() && !q.OpenedFrom.Before(q.OpenedBefore) {
		v.AddCode("opened_before", q.OpenedBefore.UTC().Format(time.RFC3339), dealerkit.ReasonWrongOrder, "must be after opened_from")
	}
	for _, st := range q.States {
		if !stateEnum.Valid(st) {
			v.AddCode("states", st.String(), dealerkit.ReasonUnknownValue, "unknown state")
		}
	}
	v.CheckText("query", q)
	if err := v.Err(); err != nil {
		return Filter{}, 0, err
	}
	return Filter{Number: strings.TrimSpace(q.Number), Plate: strings.TrimSpace(q.Plate), VIN: q.VIN,
		Customer: q.Customer, States: q.States, OpenedFrom: q.OpenedFrom, OpenedBefore: q.OpenedBefore,
		After: after}, dealerkit.PageSize(q.Limit), nil
}

// Filter selects repair orders for Repository.List. Zero fields do not filter.
type Filter struct {
	Number   string               `json:"number,omitempty"`  // only the order with this number
	Plate    string               `json:"plate,omitempty"`   // only orders of this licence plate
	Customer dealerkit.CustomerID `json:"customer,omitzero"` // only orders of this customer
	VIN      VIN                  `json:"vin,omitempty"`     // only this vehicle
	States   []State              `json:"states,omitempty"`  // only orders in one of these states
	// PromisedBefore keeps orders with an unfinished dispatched job promised before this time
	// (§4.2.3 overdue jobs).
	PromisedBefore time.Time `json:"promised_before,omitzero"`
	OpenedFrom     time.Time `json:"opened_from,omitzero"`   // opened at or after
	OpenedBefore   time.Time `json:"opened_before,omitzero"` // opened before
	After          uuid.UUID `json:"after,omitzero"`         // cursor: ids greater than this
	Limit          int       `json:"limit,omitempty"`        // 0 means no limit
}

// Header is the part of an order a repository indexes and filters on without decoding the
// whole order: the header columns of a SQL table, the index entry of an in-memory store.
type Header struct {
	ID          uuid.UUID            `json:"id"`
	Number      string               `json:"number"`
	VIN         VIN                  `json:"vin"`
	Plate       string               `json:"plate"`
	Customer    dealerkit.CustomerID `json:"customer,omitzero"`
	State       State                `json:"state"`
	OpenedAt    time.Time            `json:"opened_at"`
	NextPromise time.Time            `json:"next_promise,omitzero"` // zero when no dispatched job is open
	DeliveredAt time.Time            `json:"delivered_at,omitzero"`
	UpdatedAt   time.Time            `json:"updated_at"`
}

// Header returns the order's header.
func (o *RepairOrder) Header() Header {
	next, _ := o.NextPromise()
	return Header{ID: o.id, Number: o.number, VIN: o.reception.VIN, Plate: o.reception.Plate,
		Customer: o.reception.Customer.ID, State: o.state,
		OpenedAt: o.reception.ArrivedAt, NextPromise: next, DeliveredAt: o.deliveredAt, UpdatedAt: o.updatedAt}
}

// Matches reports whether o passes the filter; adapters without a query language (memory) use
// it, and SQL adapters must select the same set.
func (f Filter) Matches(o *RepairOrder) bool { return f.MatchesHeader(o.Header()) }

// MatchesHeader is Matches on an order's header alone, so a store can filter before decoding.
func (f Filter) MatchesHeader(h Header) bool {
	if f.Number != "" && h.Number != f.Number {
		return false
	}
	if f.Plate != "" && h.Plate != f.Plate {
		return false
	}
	if !f.Customer.IsZero() && h.Customer != f.Customer {
		return false
	}
	if f.VIN != "" && h.VIN != f.VIN {
		return false
	}
	if len(f.States) > 0 && !slices.Contains(f.States, h.State) {
		return false
	}
	if !f.PromisedBefore.IsZero() && (h.NextPromise.IsZero() || !h.NextPromise.Before(f.PromisedBefore)) {
		return false
	}
	if !f.OpenedFrom.IsZero() && h.OpenedAt.Before(f.OpenedFrom) {
		return false
	}
	if !f.OpenedBefore.IsZero() && !h.OpenedAt.Before(f.OpenedBefore) {
		return false
	}
	if f.After != (uuid.UUID{}) && compareUUID(h.ID, f.After) <= 0 {
		return false
	}
	return true
}

func compareUUID(a, b uuid.UUID) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
