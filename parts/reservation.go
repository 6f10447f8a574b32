package parts

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Allocation is stock held in one bin for a reservation.
type Allocation struct {
	Bin      string          `json:"bin"`
	Quantity decimal.Decimal `json:"quantity"`
}

// MarshalJSON keeps the scale of the quantity.
func (a Allocation) MarshalJSON() ([]byte, error) { type plain Allocation; return exactJSON(plain(a)) }

// Reservation holds stock of one part for one approved repair-order part line (§3.4.3: approving
// an estimate reserves stock; available = on-hand − reserved). What could not be held when the
// line was approved is back-ordered: it waits for a receipt, which allocates it in the order the
// back-orders were made, and replenishment counts it as demand (a purchase suggestion).
//
// The quantity held in each bin is mirrored in that stock row's reserved column: a reservation
// changes only in the same transaction as the rows (StockRepository.Reserve, or a posting's
// Unreserve).
type Reservation struct {
	dealer      dealerkit.DealerID
	id          uuid.UUID
	part        uuid.UUID
	number      PartNumber
	order       uuid.UUID
	orderNumber string
	line        uuid.UUID
	requested   decimal.Decimal
	filledAt    decimal.Decimal // held at once when the line was approved: first-time fill
	allocations []Allocation
	issued      decimal.Decimal
	state       ReservationState
	createdAt   time.Time
	updatedAt   time.Time
	version     int64
	recorder
}

// ReservationInput is what NewReservation needs: the part, the repair-order line and what could
// be held in each bin at once.
type ReservationInput struct {
	Part        uuid.UUID       `json:"part"`
	Number      PartNumber      `json:"number"`
	Order       uuid.UUID       `json:"order"`
	OrderNumber string          `json:"order_number"`
	Line        uuid.UUID       `json:"line"`
	Requested   decimal.Decimal `json:"requested"`
	Allocations []Allocation    `json:"allocations"`
}

// NewReservation records a reservation for a repair-order line. The allocations must already be
// held on the stock rows in the same transaction.
func NewReservation(id uuid.UUID, by dealerkit.Actor, at time.Time, in ReservationInput) (*Reservation, error) {
	var v dealerkit.ValidationError
	if id == uuid.Nil || !by.Valid() {
		v.AddCode("id", "", dealerkit.ReasonRequired, "an id and a valid actor are required")
	}
	if in.Part == uuid.Nil || in.Order == uuid.Nil || in.Line == uuid.Nil {
		v.AddCode("line", "", dealerkit.ReasonRequired, "part, order and line are required")
	}
	if !in.Requested.IsPositive() {
		v.AddCode("requested", in.Requested.String(), dealerkit.ReasonNotPositive, "must be positive")
	}
	held := decimal.Zero
	for i, a := range in.Allocations {
		if strings.TrimSpace(a.Bin) == "" || !a.Quantity.IsPositive() {
			v.AddCode(indexed("allocations", i, "quantity"), a.Quantity.String(), dealerkit.ReasonNotPositive, "a bin and a positive quantity")
		}
		held = held.Add(a.Quantity)
	}
	if held.GreaterThan(in.Requested) {
		v.AddCode("allocations", held.String(), dealerkit.ReasonOutOfRange, "more held than requested")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	r := &Reservation{dealer: by.Dealer(), id: id, part: in.Part, number: in.Number, order: in.Order,
		orderNumber: in.OrderNumber, line: in.Line, requested: in.Requested, filledAt: held,
		allocations: mergeAllocations(nil, in.Allocations), issued: decimal.Zero, state: ReservationOpen,
		createdAt: at, updatedAt: at}
	r.record(r.dealer, "reservation", id, "created", "§3.4.3", by.Ref(), at, "", r.state.String(), r.summary())
	return r, nil
}

// mergeAllocations adds more to allocs, one entry per bin, sorted by bin, dropping empty ones.
func mergeAllocations(allocs, more []Allocation) []Allocation {
	out := slices.Clone(allocs)
	for _, a := range more {
		i := slices.IndexFunc(out, func(x Allocation) bool { return x.Bin == a.Bin })
		if i < 0 {
			out = append(out, a)
		} else {
			out[i].Quantity = out[i].Quantity.Add(a.Quantity)
		}
	}
	out = slices.DeleteFunc(out, func(a Allocation) bool { return !a.Quantity.IsPositive() })
	slices.SortFunc(out, func(a, b Allocation) int { return cmp.Compare(a.Bin, b.Bin) })
	return out
}

// Allocate records that q more is now held in bin for a back-ordered reservation (after a
// receipt).
func (r *Reservation) Allocate(by dealerkit.Actor, at time.Time, bin string, q decimal.Decimal) error {
	if r.state != ReservationOpen {
		return &StateError{Document: "reservation", State: r.state.String(), Command: "allocate"}
	}
	if !q.IsPositive() || q.GreaterThan(r.BackOrdered()) {
		return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "quantity", Value: q.String(), Reason: "must be positive and at most the back-ordered quantity"}}}
	}
	r.allocations = mergeAllocations(r.allocations, []Allocation{{Bin: bin, Quantity: q}})
	r.updatedAt = at
	r.record(r.dealer, "reservation", r.id, "allocated", "§3.4.2", by.Ref(), at, r.state.String(), r.state.String(), r.summary())
	return nil
}

// Unallocate gives up q of what is held in bin because the stock is not there (a stocktake found
// less than the book, §3.4.4): the quantity is back-ordered again, to be allocated by the next
// receipt. The caller releases it on the stock row in the same transaction (the stocktake's
// posting does, with its Unreserve).
func (r *Reservation) Unallocate(by dealerkit.Actor, at time.Time, bin string, q decimal.Decimal, reason string) error {
	if r.state != ReservationOpen {
		return &StateError{Document: "reservation", State: r.state.String(), Command: "unallocate"}
	}
	k := slices.IndexFunc(r.allocations, func(a Allocation) bool { return a.Bin == bin })
	if !q.IsPositive() || k < 0 || q.GreaterThan(r.allocations[k].Quantity) {
		return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "quantity", Value: q.String(), Reason: "must be positive and at most what is held in the bin"}}}
	}
	r.allocations = mergeAllocations(r.allocations, []Allocation{{Bin: bin, Quantity: q.Neg()}})
	r.updatedAt = at
	r.record(r.dealer, "reservation", r.id, "unallocated", "§3.4.4", by.Ref(), at, r.state.String(), r.state.String(), UnallocatedPayload{bin, dealerkit.ExactDecimal(q), reason})
	return nil
}

// Take plans an issue of q against the reservation: what to release from each bin (the held
// stock is issued first, bin by bin) and what must come from unreserved stock. It changes
// nothing; Consume records it.
func (r *Reservation) Take(q decimal.Decimal) (release []Allocation, rest decimal.Decimal) {
	rest = q
	if r.state != ReservationOpen {
		return nil, rest
	}
	for _, a := range r.allocations {
		if !rest.IsPositive() {
			break
		}
		t := decimal.Min(a.Quantity, rest)
		release = append(release, Allocation{Bin: a.Bin, Quantity: t})
		rest = rest.Sub(t)
	}
	return release, rest
}

// Consume records an issue of q to the line that released the given allocations. When everything
// requested is issued the reservation is fulfilled, and any stock still held is returned in
// leftover for the caller to release in the same transaction.
func (r *Reservation) Consume(by dealerkit.Actor, at time.Time, q decimal.Decimal, released []Allocation) (leftover []Allocation, err error) {
	if r.state != ReservationOpen {
		return nil, &StateError{Document: "reservation", State: r.state.String(), Command: "consume"}
	}
	neg := make([]Allocation, len(released))
	for i, a := range released {
		neg[i] = Allocation{Bin: a.Bin, Quantity: a.Quantity.Neg()}
		if k := slices.IndexFunc(r.allocations, func(x Allocation) bool { return x.Bin == a.Bin }); k < 0 || a.Quantity.GreaterThan(r.allocations[k].Quantity) {
			return nil, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "released", Value: a.Bin, Reason: "more than the reservation holds there"}}}
		}
	}
	from := r.state
	r.allocations = mergeAllocations(r.allocations, neg)
	r.issued = r.issued.Add(q)
	if r.issued.GreaterThanOrEqual(r.requested) {
		r.state = ReservationFulfilled
		leftover, r.allocations = r.allocations, nil
	}
	r.updatedAt = at
	r.record(r.dealer, "reservation", r.id, "consumed", "§3.4.3", by.Ref(), at, from.String(), r.state.String(), r.summary())
	return leftover, nil
}

// Release gives the reservation up (the order was cancelled, or the line will not be fitted) and
// returns what was held, for the caller to release on the stock rows in the same transaction.
func (r *Reservation) Release(by dealerkit.Actor, at time.Time, reason string) ([]Allocation, error) {
	if r.state != ReservationOpen {
		return nil, &StateError{Document: "reservation", State: r.state.String(), Command: "release"}
	}
	held := r.allocations
	from := r.state
	r.allocations, r.state, r.updatedAt = nil, ReservationReleased, at
	r.record(r.dealer, "reservation", r.id, "released", "§3.4.3", by.Ref(), at, from.String(), r.state.String(), ReasonPayload{reason})
	return held, nil
}

func (r *Reservation) summary() any {
	return ReservationPayload{r.order, r.line, r.part, dealerkit.ExactDecimal(r.Held()), dealerkit.ExactDecimal(r.BackOrdered())}
}

// Dealer is the dealer the reservation belongs to.
func (r *Reservation) Dealer() dealerkit.DealerID { return r.dealer }

// ID is the reservation's id.
func (r *Reservation) ID() uuid.UUID { return r.id }

// Part is the reserved part.
func (r *Reservation) Part() uuid.UUID { return r.part }

// Number is the reserved part's number.
func (r *Reservation) Number() PartNumber { return r.number }

// Order is the repair order.
func (r *Reservation) Order() uuid.UUID { return r.order }

// Line is the repair-order part line.
func (r *Reservation) Line() uuid.UUID { return r.line }

// Requested is the quantity the line needed when it was approved.
func (r *Reservation) Requested() decimal.Decimal { return r.requested }

// FilledAtRequest is what could be held at once when the line was approved (first-time fill).
func (r *Reservation) FilledAtRequest() decimal.Decimal { return r.filledAt }

// Allocations returns what is held, per bin.
func (r *Reservation) Allocations() []Allocation { return slices.Clone(r.allocations) }

// Held is the quantity held in all bins.
func (r *Reservation) Held() decimal.Decimal {
	return sumDec(r.allocations, func(a Allocation) decimal.Decimal { return a.Quantity })
}

// Issued is the quantity issued against the reservation.
func (r *Reservation) Issued() decimal.Decimal { return r.issued }

// BackOrdered is what the line still needs that is neither issued nor held: it waits for a
// receipt. Zero unless the reservation is open.
func (r *Reservation) BackOrdered() decimal.Decimal {
	if r.state != ReservationOpen {
		return decimal.Zero
	}
	return decimal.Max(decimal.Zero, r.requested.Sub(r.issued).Sub(r.Held()))
}

// State is where the reservation stands.
func (r *Reservation) State() ReservationState { return r.state }

// CreatedAt is when the line was approved and the reservation made.
func (r *Reservation) CreatedAt() time.Time { return r.createdAt }

// Version is the stored version.
func (r *Reservation) Version() int64 { return r.version }

// SetVersion is for adapters, as Part.SetVersion.
func (r *Reservation) SetVersion(v int64) { r.version, r.pending = v, nil }

// ReservationSnapshot is the stored form of a reservation.
type ReservationSnapshot struct {
	Dealer          dealerkit.DealerID `json:"dealer"`
	ID              uuid.UUID          `json:"id"`
	Part            uuid.UUID          `json:"part"`
	Number          PartNumber         `json:"number"`
	Order           uuid.UUID          `json:"order"`
	OrderNumber     string             `json:"order_number,omitempty"`
	Line            uuid.UUID          `json:"line"`
	Requested       decimal.Decimal    `json:"requested"`
	FilledAtRequest decimal.Decimal    `json:"filled_at_request"`
	Allocations     []Allocation       `json:"allocations,omitempty"`
	Issued          decimal.Decimal    `json:"issued"`
	State           ReservationState   `json:"state"`
	CreatedAt       time.Time          `json:"created_at"`
	UpdatedAt       time.Time          `json:"updated_at"`
	Version         int64              `json:"version"`
}

// MarshalJSON keeps the scale of the decimals.
func (s ReservationSnapshot) MarshalJSON() ([]byte, error) {
	type plain ReservationSnapshot
	return exactJSON(plain(s))
}

// Snapshot returns a copy of the reservation.
func (r *Reservation) Snapshot() ReservationSnapshot {
	return ReservationSnapshot{Dealer: r.dealer, ID: r.id, Part: r.part, Number: r.number, Order: r.order,
		OrderNumber: r.orderNumber, Line: r.line, Requested: r.requested, FilledAtRequest: r.filledAt,
		Allocations: slices.Clone(r.allocations), Issued: r.issued, State: r.state, CreatedAt: r.createdAt,
		UpdatedAt: r.updatedAt, Version: r.version}
}

// RestoreReservation rebuilds a stored reservation (for adapters).
func RestoreReservation(s ReservationSnapshot) (*Reservation, error) {
	var v dealerkit.ValidationError
	restoreCommon(&v, s.Dealer, s.ID, s.Version)
	if !reservationStateEnum.Valid(s.State) {
		v.AddCode("state", s.State.String(), dealerkit.ReasonUnknownValue, "unknown state")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &Reservation{dealer: s.Dealer, id: s.ID, part: s.Part, number: s.Number, order: s.Order,
		orderNumber: s.OrderNumber, line: s.Line, requested: s.Requested, filledAt: s.FilledAtRequest,
		allocations: slices.Clone(s.Allocations), issued: s.Issued, state: s.State, createdAt: s.CreatedAt,
		updatedAt: s.UpdatedAt, version: s.Version}, nil
}

// MarshalJSON gives the Reservation's JSON form: its snapshot, the same as a store keeps.
func (x *Reservation) MarshalJSON() ([]byte, error) { return json.Marshal(x.Snapshot()) }

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x ReservationInput) MarshalJSON() ([]byte, error) {
	type plain ReservationInput
	return exactJSON(plain(x))
}
