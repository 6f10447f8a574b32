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
	"github.com/shopspring/decimal"
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
	// OrderFacts, when not nil, are what the metrics read of those orders, in place of Orders:
	// RepositoryFacts fills it instead of Orders when its source is an OrderFactSource.
	OrderFacts []OrderFacts
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

// OrderFactSource is an OrderSource that can also list only the facts of orders that the metrics
// read (OrderFacts), sparing the appraisal the cost of whole orders: the SQL stores decode just
// those fields of each stored order. It lists the orders List would, in the same order.
type OrderFactSource interface {
	ListOrderFacts(ctx context.Context, dealer dealerkit.DealerID, f aftersales.Filter) ([]OrderFacts, error)
}

// OrderFacts is what the metrics (§6.2) read of one repair order: who opened it and when, the
// order a comeback returns to, its lines' standard hours and jobs, the clock, the quality
// inspections and the follow-up survey.
type OrderFacts struct {
	ID          uuid.UUID               `json:"id"`
	OpenedBy    dealerkit.StaffID       `json:"opened_by"`
	OpenedAt    time.Time               `json:"opened_at"`
	ComebackOf  uuid.UUID               `json:"comeback_of"`
	Lines       []LineFacts             `json:"lines"`
	Clock       []aftersales.ClockEntry `json:"clock"`
	Inspections []aftersales.Inspection `json:"inspections"`
	Survey      *aftersales.Survey      `json:"survey"`
}

// LineFacts is what the metrics read of an estimate line: its standard hours and its job.
type LineFacts struct {
	ID       uuid.UUID       `json:"id"`
	Quantity decimal.Decimal `json:"quantity"`
	Job      *aftersales.Job `json:"job"`
}

// FactsOf returns the facts of a whole order.
func FactsOf(o *aftersales.RepairOrder) OrderFacts {
	f := OrderFacts{ID: o.ID(), OpenedBy: o.OpenedBy().Staff, OpenedAt: o.OpenedAt(), ComebackOf: o.ComebackOf(),
		Clock: o.Clock(), Inspections: o.Inspections(), Survey: o.Survey()}
	for _, l := range o.Lines() {
		f.Lines = append(f.Lines, LineFacts{ID: l.ID, Quantity: l.Quantity, Job: l.Job})
	}
	return f.normal()
}

// normal gives empty lists as nil, whichever way the facts were read.
func (f OrderFacts) normal() OrderFacts {
	if len(f.Lines) == 0 {
		f.Lines = nil
	}
	if len(f.Clock) == 0 {
		f.Clock = nil
	}
	if len(f.Inspections) == 0 {
		f.Inspections = nil
	}
	return f
}

// Normal returns f with its empty lists nil, as FactsOf gives them: for an OrderFactSource that
// builds OrderFacts of its own.
func (f OrderFacts) Normal() OrderFacts { return f.normal() }

// lastPassed is the last inspection that passed (aftersales.RepairOrder.LastPassedInspection).
func (f *OrderFacts) lastPassed() (aftersales.Inspection, bool) {
	for i := len(f.Inspections) - 1; i >= 0; i-- {
		if f.Inspections[i].Passed {
			return f.Inspections[i], true
		}
	}
	return aftersales.Inspection{}, false
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
	filter := aftersales.Filter{OpenedFrom: q.OpenedFrom, OpenedBefore: q.To}
	var err error
	if src, ok := r.Orders.(OrderFactSource); ok {
		fs.OrderFacts, err = src.ListOrderFacts(ctx, q.Dealer, filter)
		if fs.OrderFacts == nil {
			fs.OrderFacts = []OrderFacts{} // listed, and none: not "use Orders"
		}
	} else {
		fs.Orders, err = r.Orders.List(ctx, q.Dealer, filter)
	}
	if err != nil {
		return nil, err
	}
	facts := fs.facts()
	have := make(map[uuid.UUID]bool, len(facts))
	for i := range facts {
		have[facts[i].ID] = true
	}
	for i := range facts {
		o := &facts[i]
		orig := o.ComebackOf
		if orig == (uuid.UUID{}) || have[orig] || !inPeriod(o.OpenedAt, q.From, q.To) {
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

// facts are the facts of the set's orders: OrderFacts, or those of Orders.
func (fs *FactSet) facts() []OrderFacts {
	if fs.OrderFacts != nil {
		return fs.OrderFacts
	}
	out := make([]OrderFacts, len(fs.Orders))
	for i, o := range fs.Orders {
		out[i] = FactsOf(o)
	}
	return out
}
