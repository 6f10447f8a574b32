package appraisal

import (
	"context"
	"errors"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
)

// Facts gives the recorded facts of one dealer's period (§6.2): what every metric is computed
// from. A whole department is appraised from one FactSet, in one pass, not person by person.
// RepositoryFacts is the implementation over the packages' repositories.
type Facts interface {
	Period(ctx context.Context, q FactQuery) (*FactSet, error)
}

// FactQuery asks for a period's facts.
type FactQuery struct {
	Dealer dealerkit.DealerID `json:"dealer"`
	// From and To bound the period, [From, To).
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// OpenedFrom is how far back orders are read: jobs, inspections and surveys of the period
	// may belong to orders opened before it (Policy.LookbackDays).
	OpenedFrom time.Time `json:"opened_from"`
}

// FactSet is what the library recorded that bears on a period. Each metric picks the facts whose
// own time falls in [From, To): a job by its completion, a survey by when it was taken, an
// inspection by when it was made, a comeback by the return visit's arrival, a complaint by its
// receipt, a stocktake by its approval, a reservation by its creation.
type FactSet struct {
	From, To time.Time
	// Orders are the repair orders opened from the query's OpenedFrom up to To.
	Orders []*aftersales.RepairOrder
	// Originals are the orders the period's comebacks returned to, when not among Orders.
	Originals map[uuid.UUID]*aftersales.RepairOrder
	// Complaints are those received in the period; nil with NoComplaints.
	Complaints []*complaints.Complaint
	// Stocktakes are those approved in the period; Reservations those made in it.
	Stocktakes   []*parts.Stocktake
	Reservations []*parts.Reservation
	// NoComplaints and NoParts say the source of those facts was not given: the metrics built on
	// them are not available rather than zero (§6.4).
	NoComplaints, NoParts bool
}

// OrderSource reads repair orders; aftersales.Repository satisfies it.
type OrderSource interface {
	Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*aftersales.RepairOrder, error)
	List(ctx context.Context, dealer dealerkit.DealerID, f aftersales.Filter) ([]*aftersales.RepairOrder, error)
}

// ComplaintSource lists complaints; complaints.Repository satisfies it.
type ComplaintSource interface {
	List(ctx context.Context, dealer dealerkit.DealerID, f complaints.Filter) ([]*complaints.Complaint, error)
}

// PartsSource lists stocktakes and reservations; parts.Repository satisfies it.
type PartsSource interface {
	ListStocktakes(ctx context.Context, dealer dealerkit.DealerID, f parts.StocktakeFilter) ([]*parts.Stocktake, error)
	ListReservations(ctx context.Context, dealer dealerkit.DealerID, f parts.ReservationFilter) ([]*parts.Reservation, error)
}

// RepositoryFacts reads a period's facts from the packages' repositories: the orders once, the
// complaints once, the stocktakes and reservations once. Orders is required; a nil Complaints or
// Parts leaves the metrics built on them not available.
type RepositoryFacts struct {
	Orders     OrderSource
	Complaints ComplaintSource
	Parts      PartsSource
}

// Period implements Facts.
func (r RepositoryFacts) Period(ctx context.Context, q FactQuery) (*FactSet, error) {
	if r.Orders == nil {
		return nil, invalid("facts.orders", "", dealerkit.ReasonRequired, "required: the repair orders are the facts")
	}
	fs := &FactSet{From: q.From, To: q.To, Originals: map[uuid.UUID]*aftersales.RepairOrder{}}
	orders, err := r.Orders.List(ctx, q.Dealer, aftersales.Filter{OpenedFrom: q.OpenedFrom, OpenedBefore: q.To})
	if err != nil {
		return nil, err
	}
	fs.Orders = orders
	have := make(map[uuid.UUID]bool, len(orders))
	for _, o := range orders {
		have[o.ID()] = true
	}
	for _, o := range orders {
		orig := o.ComebackOf()
		if orig == (uuid.UUID{}) || have[orig] || !inPeriod(o.OpenedAt(), q.From, q.To) {
			continue
		}
		if _, ok := fs.Originals[orig]; ok {
			continue
		}
		x, err := r.Orders.Get(ctx, q.Dealer, orig)
		if errors.Is(err, dealerkit.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		fs.Originals[orig] = x
	}
	if r.Complaints == nil {
		fs.NoComplaints = true
	} else if fs.Complaints, err = r.Complaints.List(ctx, q.Dealer, complaints.Filter{ReceivedFrom: q.From, ReceivedBefore: q.To}); err != nil {
		return nil, err
	}
	if r.Parts == nil {
		fs.NoParts = true
		return fs, nil
	}
	sts, err := r.Parts.ListStocktakes(ctx, q.Dealer, parts.StocktakeFilter{States: []parts.StocktakeState{parts.StocktakePosted}})
	if err != nil {
		return nil, err
	}
	for _, st := range sts {
		if a := st.Approved(); a != nil && inPeriod(a.At, q.From, q.To) {
			fs.Stocktakes = append(fs.Stocktakes, st)
		}
	}
	if fs.Reservations, err = r.Parts.ListReservations(ctx, q.Dealer, parts.ReservationFilter{CreatedFrom: q.From, CreatedBefore: q.To}); err != nil {
		return nil, err
	}
	return fs, nil
}

func inPeriod(t, from, to time.Time) bool { return !t.Before(from) && t.Before(to) }
