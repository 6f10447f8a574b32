package parts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// AdjustInput is a manager's correction of one stock row outside a stocktake (§3.1: only a manager
// approves stock adjustments).
type AdjustInput struct {
	Key      string          `json:"key"`
	Part     uuid.UUID       `json:"part"`
	Bin      string          `json:"bin"`      // empty means the part's default bin
	Quantity decimal.Decimal `json:"quantity"` // signed: found stock in, lost or damaged stock out
	Reason   string          `json:"reason"`   // required: why the book was wrong
}

// Adjust posts an adjustment movement (§3.1). Stock out is costed as an issue is; stock found is
// valued at the row's current cost, or at its last receipt's cost when the row is empty, or, in a
// bin the part never came into, at the part's cost across its rows (partCost).
func (s *Service) Adjust(ctx context.Context, actor dealerkit.Actor, in AdjustInput) (*Posting, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionApproveAdjustment, now); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("", in); err != nil { // one text rule for every store
		return nil, err
	}
	var v dealerkit.ValidationError
	if err, ok := requireKey(in.Key).(*dealerkit.ValidationError); ok {
		v.Fields = append(v.Fields, err.Fields...)
	}
	if in.Quantity.IsZero() {
		v.AddCode("quantity", "0", dealerkit.ReasonNotPositive, "must not be zero")
	}
	if strings.TrimSpace(in.Reason) == "" {
		v.AddCode("reason", "", dealerkit.ReasonRequired, "required") // §3.1: every adjustment says why
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	fp := fingerprint("adjust", in)
	pol, err := s.Policy(actor.Dealer(), now)
	if err != nil {
		return nil, err
	}
	dealer := actor.Dealer()
	var out *Posting
	err = s.atomically(ctx, func(ctx context.Context) error {
		if p, ok, err := s.replay(ctx, dealer, in.Key, fp); err != nil || ok {
			out = p
			return err
		}
		part, err := s.repo.GetPart(ctx, dealer, in.Part)
		if err != nil {
			return err
		}
		if !part.Unit().Fits(in.Quantity) {
			return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "quantity", Value: in.Quantity.String(), Reason: "must fit the unit " + part.Unit().String()}}}
		}
		bin := strings.TrimSpace(in.Bin)
		if bin == "" {
			bin = part.Bin()
		}
		found, err := s.foundCosts(ctx, dealer, []uuid.UUID{part.ID()})
		if err != nil {
			return err
		}
		p, err := NewPosting(s.src.ID(), actor, now, PostingInput{Key: in.Key, Fingerprint: fp, Kind: MoveAdjustment,
			Reference: Reference{Kind: RefManual}, Reason: in.Reason, Method: pol.Valuation, Rounding: pol.Rounding,
			Lines: []PostingLine{{ID: s.src.ID(), Part: part.ID(), Bin: bin, Quantity: in.Quantity}}, FoundCost: found})
		if err != nil {
			return err
		}
		if err := s.repo.Post(ctx, p); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

// Reverse corrects an adjustment posted in error (a manual one or a stocktake's) with the exact
// opposite movements (§3.4(1): corrections are reversing movements, never edits). Issues and
// returns are corrected with Return and Issue, receipts with ReverseReceipt, so the documents they
// belong to stay right. A posting is reversed at most once: asking again returns the first
// reversal.
func (s *Service) Reverse(ctx context.Context, actor dealerkit.Actor, posting uuid.UUID, reason string) (*Posting, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionApproveAdjustment, now); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("reason", reason); err != nil { // one text rule for every store
		return nil, err
	}
	if strings.TrimSpace(reason) == "" {
		return nil, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "reason", Reason: "required"}}}
	}
	key, fp := "reversal:"+posting.String(), fingerprint("reverse", posting)
	pol, err := s.Policy(actor.Dealer(), now)
	if err != nil {
		return nil, err
	}
	dealer := actor.Dealer()
	var out *Posting
	err = s.atomically(ctx, func(ctx context.Context) error {
		if p, ok, err := s.replay(ctx, dealer, key, fp); err != nil || ok {
			out = p
			return err
		}
		orig, err := s.repo.GetPosting(ctx, dealer, posting)
		if err != nil {
			return err
		}
		if orig.Kind() != MoveAdjustment {
			return ErrNotReversible
		}
		out, err = s.reverse(ctx, actor, now, pol, orig, key, fp, reason)
		return err
	})
	return out, err
}

// foundCosts returns partCost of each part, for valuing stock found in a bin the part never came
// into.
func (s *Service) foundCosts(ctx context.Context, dealer dealerkit.DealerID, parts []uuid.UUID) (map[uuid.UUID]decimal.Decimal, error) {
	out := map[uuid.UUID]decimal.Decimal{}
	for _, id := range parts {
		if _, ok := out[id]; ok {
			continue
		}
		rows, err := s.repo.ListStock(ctx, dealer, StockFilter{Part: id})
		if err != nil {
			return nil, err
		}
		out[id] = partCost(rows)
	}
	return out, nil
}

// partCost is a part's unit cost across its stock rows, to 4 places: the weighted average (total
// value ÷ total on-hand) while any is on hand, else the last receipt cost of the row that moved
// last; zero when no row has either.
func partCost(rows []*Stock) decimal.Decimal {
	q, v := decimal.Zero, decimal.Zero
	last, cost := time.Time{}, decimal.Zero
	for _, r := range rows {
		q, v = q.Add(r.OnHand()), v.Add(r.Value())
		if r.LastUnitCost().IsPositive() && (cost.IsZero() || r.LastMovementAt().After(last)) {
			last, cost = r.LastMovementAt(), r.LastUnitCost()
		}
	}
	if q.IsPositive() {
		return v.DivRound(q, 4)
	}
	return cost
}

// Stock lists stock rows (§3.4(3)).
func (s *Service) Stock(ctx context.Context, actor dealerkit.Actor, f StockFilter) ([]*Stock, error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("", f); err != nil { // one text rule for every store
		return nil, err
	}
	return s.repo.ListStock(ctx, actor.Dealer(), f)
}

// Movements lists the ledger.
func (s *Service) Movements(ctx context.Context, actor dealerkit.Actor, f MovementFilter) ([]Movement, error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("", f); err != nil { // one text rule for every store
		return nil, err
	}
	return s.repo.ListMovements(ctx, actor.Dealer(), f)
}

// StartStocktake freezes the book quantities of the rows in scope (§3.4.4): all rows, or those in
// the given bins, or of parts in the given category. The recount rule is the policy's in force
// now.
func (s *Service) StartStocktake(ctx context.Context, actor dealerkit.Actor, in StocktakeInput) (*Stocktake, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionCountStock, now); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("", in); err != nil { // one text rule for every store
		return nil, err
	}
	pol, err := s.Policy(actor.Dealer(), now)
	if err != nil {
		return nil, err
	}
	dealer := actor.Dealer()
	rows, err := s.repo.ListStock(ctx, dealer, StockFilter{Bins: in.Bins})
	if err != nil {
		return nil, err
	}
	parts, err := s.partsOf(ctx, dealer, rows)
	if err != nil {
		return nil, err
	}
	var scoped []*Stock
	for _, r := range rows {
		if p := parts[r.Part()]; p != nil && (in.Category == "" || p.Category() == in.Category) {
			scoped = append(scoped, r)
		}
	}
	st, err := NewStocktake(s.src.ID(), actor, now, in, scoped, parts, pol.Recount, s.src.ID)
	if err != nil {
		return nil, err
	}
	if err := s.repo.CreateStocktake(ctx, st); err != nil {
		return nil, err
	}
	return st, nil
}

func (s *Service) partsOf(ctx context.Context, dealer dealerkit.DealerID, rows []*Stock) (map[uuid.UUID]*Part, error) {
	var ids []uuid.UUID
	seen := map[uuid.UUID]bool{}
	for _, r := range rows {
		if !seen[r.Part()] {
			seen[r.Part()] = true
			ids = append(ids, r.Part())
		}
	}
	out := map[uuid.UUID]*Part{}
	if len(ids) == 0 {
		return out, nil
	}
	ps, err := s.repo.ListParts(ctx, dealer, PartFilter{IDs: ids})
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		out[p.ID()] = p
	}
	return out, nil
}

// CountSheet is the sheet counters work from (§3.4.4): without book quantities on a blind count.
func (s *Service) CountSheet(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) ([]SheetLine, error) {
	if err := s.authorize(actor, dealerkit.ActionCountStock, s.src.Time()); err != nil {
		return nil, err
	}
	st, err := s.repo.GetStocktake(ctx, actor.Dealer(), id)
	if err != nil {
		return nil, err
	}
	return st.Sheet(), nil
}

// GetStocktake returns a stocktake with its book quantities and counts. While a blind count is
// open only those who may approve adjustments see it whole (§3.4.4); counters use CountSheet.
func (s *Service) GetStocktake(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*Stocktake, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionViewStock, now); err != nil {
		return nil, err
	}
	st, err := s.repo.GetStocktake(ctx, actor.Dealer(), id)
	if err != nil {
		return nil, err
	}
	if st.Blind() && (st.State() == StocktakeCounting || st.State() == StocktakeSubmitted) {
		if err := s.authorize(actor, dealerkit.ActionApproveAdjustment, now); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// Count enters a count of one stocktake line (§3.4.4). The variance is taken against the row as
// it stands now, so movements posted while the count goes on are accounted for. Counting a line
// again is a recount; the latest count stands.
func (s *Service) Count(ctx context.Context, actor dealerkit.Actor, id, line uuid.UUID, qty decimal.Decimal) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionCountStock, now); err != nil {
		return err
	}
	if err := dealerkit.ValidInput("quantity", qty); err != nil { // bounded before any arithmetic
		return err
	}
	pol, err := s.Policy(actor.Dealer(), now)
	if err != nil {
		return err
	}
	dealer := actor.Dealer()
	return s.atomically(ctx, func(ctx context.Context) error {
		st, err := s.repo.GetStocktake(ctx, dealer, id)
		if err != nil {
			return err
		}
		i := st.lineIndex(line)
		if i < 0 {
			return &LineError{Line: line, Err: ErrUnknownLine}
		}
		row, err := s.repo.GetStock(ctx, dealer, st.lines[i].Part, st.lines[i].Bin)
		if errors.Is(err, dealerkit.ErrNotFound) {
			row = nil
		} else if err != nil {
			return err
		}
		return s.repo.UpdateStocktake(ctx, dealer, id, func(st *Stocktake) error {
			return st.Count(actor, now, line, qty, row, pol.Rounding)
		})
	})
}

// SubmitStocktake hands the counts to a manager (§3.4.4).
func (s *Service) SubmitStocktake(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionCountStock, now); err != nil {
		return err
	}
	return s.repo.UpdateStocktake(ctx, actor.Dealer(), id, func(st *Stocktake) error { return st.Submit(actor, now) })
}

// ReopenStocktake sends a submitted stocktake back for more counting (§3.4.4).
func (s *Service) ReopenStocktake(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, reason string) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionApproveAdjustment, now); err != nil {
		return err
	}
	if err := dealerkit.ValidInput("reason", reason); err != nil { // one text rule for every store
		return err
	}
	return s.repo.UpdateStocktake(ctx, actor.Dealer(), id, func(st *Stocktake) error { return st.Reopen(actor, now, reason) })
}

// CancelStocktake abandons a stocktake; nothing is posted. While it is being counted the counters
// may abandon it (dealerkit.ActionCountStock); once submitted the counts are a manager's to judge
// (§3.4(4), §3.1: separation of duties), so cancelling it then takes
// dealerkit.ActionApproveAdjustment and is refused to anyone who counted it (ErrCounterApproves),
// as approving it is.
func (s *Service) CancelStocktake(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, reason string) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionViewStock, now); err != nil {
		return err
	}
	if err := dealerkit.ValidInput("reason", reason); err != nil { // one text rule for every store
		return err
	}
	return s.repo.UpdateStocktake(ctx, actor.Dealer(), id, func(st *Stocktake) error {
		action := dealerkit.ActionCountStock
		if st.State() == StocktakeSubmitted {
			action = dealerkit.ActionApproveAdjustment
		}
		if err := s.authorize(actor, action, now); err != nil {
			return err
		}
		return st.Cancel(actor, now, reason)
	})
}

// ApproveStocktake approves a submitted stocktake and posts its variances as adjustment movements
// with the stocktake as reference and the reason "stocktake <number>" (§3.1, §3.4.4), in one
// transaction with the stocktake. Only a manager who counted no line of it may approve: counts
// and adjustments are separate duties (§3.4(4)).
//
// A loss larger than the row's unreserved stock takes stock that was held for repair orders: it is
// not there, so book must follow the count (§3.4.4). The adjustment releases that much of the row's
// reserved quantity (its Unreserve) and the reservations holding it in that bin give it up, newest
// first, so it becomes a back-order again (Reservation.Unallocate), all in the same transaction.
func (s *Service) ApproveStocktake(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*Stocktake, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionApproveAdjustment, now); err != nil {
		return nil, err
	}
	pol, err := s.Policy(actor.Dealer(), now)
	if err != nil {
		return nil, err
	}
	dealer := actor.Dealer()
	var out *Stocktake
	err = s.atomically(ctx, func(ctx context.Context) error {
		st, err := s.repo.GetStocktake(ctx, dealer, id)
		if err != nil {
			return err
		}
		if _, err := st.check(StocktakeCmdApprove); err != nil {
			return err
		}
		if err := st.CheckApprover(actor); err != nil {
			return err
		}
		var p *Posting
		type unhold struct {
			part uuid.UUID
			bin  string
			q    decimal.Decimal
		}
		var unholds []unhold
		if adj := st.Adjustments(); len(adj) > 0 {
			lines := make([]PostingLine, len(adj))
			var gained []uuid.UUID
			for i, a := range adj {
				lines[i] = PostingLine{ID: s.src.ID(), Part: a.Part, Bin: a.Bin, Quantity: a.Quantity, Line: a.Line}
				if !a.Quantity.IsNegative() {
					gained = append(gained, a.Part)
					continue
				}
				row, err := s.repo.GetStock(ctx, dealer, a.Part, a.Bin)
				if errors.Is(err, dealerkit.ErrNotFound) {
					continue // Post refuses it
				} else if err != nil {
					return err
				}
				if short := a.Quantity.Neg().Sub(row.Available()); short.IsPositive() {
					lines[i].Unreserve = decimal.Min(short, row.Reserved())
					unholds = append(unholds, unhold{a.Part, a.Bin, lines[i].Unreserve})
				}
			}
			found, err := s.foundCosts(ctx, dealer, gained)
			if err != nil {
				return err
			}
			p, err = NewPosting(s.src.ID(), actor, now, PostingInput{Key: "stocktake:" + id.String(), Kind: MoveAdjustment,
				Reference: Reference{Kind: RefStocktake, ID: id, Number: st.Number()}, Reason: "stocktake " + st.Number() + ": count variance",
				Method: pol.Valuation, Rounding: pol.Rounding, Lines: lines, FoundCost: found})
			if err != nil {
				return err
			}
			if err := s.repo.Post(ctx, p); errors.Is(err, ErrInsufficientStock) && len(unholds) > 0 {
				return fmt.Errorf("%w: %w", errRace, err) // reserved meanwhile: start again
			} else if err != nil {
				return err
			}
		}
		reason := "stocktake " + st.Number() + ": held stock not found"
		for _, u := range unholds {
			rs, err := s.repo.ListReservations(ctx, dealer, ReservationFilter{Part: u.part, States: []ReservationState{ReservationOpen}})
			if err != nil {
				return err
			}
			left := u.q
			for k := len(rs) - 1; k >= 0 && left.IsPositive(); k-- { // newest first
				held := decimal.Zero
				for _, a := range rs[k].Allocations() {
					if a.Bin == u.bin {
						held = a.Quantity
					}
				}
				q := decimal.Min(held, left)
				if !q.IsPositive() {
					continue
				}
				if err := s.repo.UpdateReservation(ctx, dealer, rs[k].ID(), func(r *Reservation) error {
					return r.Unallocate(actor, now, u.bin, q, reason)
				}); err != nil {
					return err
				}
				left = left.Sub(q)
			}
			if left.IsPositive() {
				return fmt.Errorf("parts: reservations hold %s less of part %s in bin %q than the row reserves", left, u.part, u.bin)
			}
		}
		return s.repo.UpdateStocktake(ctx, dealer, id, func(st *Stocktake) error {
			if err := st.Approve(actor, now, p); err != nil {
				return err
			}
			out = st
			return nil
		})
	})
	return out, err
}

// Stocktakes lists stocktakes. Blind ones still being counted are listed only to those who may
// approve adjustments.
func (s *Service) Stocktakes(ctx context.Context, actor dealerkit.Actor, f StocktakeFilter) ([]*Stocktake, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionViewStock, now); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("", f); err != nil { // one text rule for every store
		return nil, err
	}
	all, err := s.repo.ListStocktakes(ctx, actor.Dealer(), f)
	if err != nil {
		return nil, err
	}
	approver := s.authorize(actor, dealerkit.ActionApproveAdjustment, now) == nil
	var out []*Stocktake
	for _, st := range all {
		if approver || !st.Blind() || st.State() == StocktakePosted || st.State() == StocktakeCancelled {
			out = append(out, st)
		}
	}
	return out, nil
}

// Posting returns a posting with its movements.
func (s *Service) Posting(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*Posting, error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return nil, err
	}
	return s.repo.GetPosting(ctx, actor.Dealer(), id)
}

// Plan computes replenishment for every active part (§3.4(2)): reorder point and min/max from
// average daily demand, lead time and the safety-stock policy, against stock, orders (placed ones'
// outstanding quantities and open drafts' quantities) and back-orders.
func (s *Service) Plan(ctx context.Context, actor dealerkit.Actor) ([]PlanLine, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionViewStock, now); err != nil {
		return nil, err
	}
	pol, err := s.Policy(actor.Dealer(), now)
	if err != nil {
		return nil, err
	}
	dealer := actor.Dealer()
	parts, err := s.repo.ListParts(ctx, dealer, PartFilter{ActiveOnly: true})
	if err != nil {
		return nil, err
	}
	from := now.AddDate(0, 0, -pol.DemandWindowDays)
	moves, err := s.repo.ListMovements(ctx, dealer, MovementFilter{Kinds: []MovementKind{MoveIssue, MoveReturn}, From: from, To: now})
	if err != nil {
		return nil, err
	}
	// Open drafts are orders the clerk is about to place: counted as on order, so planning again
	// (DraftPurchaseOrders twice) does not order the same shortage twice.
	drafts, err := s.repo.ListPurchaseOrders(ctx, dealer, POFilter{States: []POState{PODraft}})
	if err != nil {
		return nil, err
	}
	drafted := map[uuid.UUID]decimal.Decimal{}
	for _, o := range drafts {
		for _, l := range o.Lines() {
			drafted[l.Part] = drafted[l.Part].Add(l.Quantity)
		}
	}
	var out []PlanLine
	for _, p := range parts {
		a, err := s.availability(ctx, dealer, p)
		if err != nil {
			return nil, err
		}
		out = append(out, Plan(PlanInput{Part: p, OnHand: a.OnHand, Reserved: a.Reserved, OnOrder: a.OnOrder.Add(drafted[p.ID()]),
			BackOrdered: a.BackOrdered, Demand: Demand(moves, p.ID(), from, now)}, pol))
	}
	return out, nil
}

// SuggestPurchases groups the parts to reorder by supplier: suggested purchase orders (§3.4(2)).
func (s *Service) SuggestPurchases(ctx context.Context, actor dealerkit.Actor) ([]Suggestion, error) {
	lines, err := s.Plan(ctx, actor)
	if err != nil {
		return nil, err
	}
	return Suggest(lines), nil
}

// StockValuation reports on-hand and value by part, category and bin.
func (s *Service) StockValuation(ctx context.Context, actor dealerkit.Actor) (ValuationReport, error) {
	rows, parts, err := s.rows(ctx, actor)
	if err != nil {
		return ValuationReport{}, err
	}
	return Valuation(rows, parts), nil
}

func (s *Service) rows(ctx context.Context, actor dealerkit.Actor) ([]*Stock, map[uuid.UUID]*Part, error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return nil, nil, err
	}
	rows, err := s.repo.ListStock(ctx, actor.Dealer(), StockFilter{})
	if err != nil {
		return nil, nil, err
	}
	parts, err := s.partsOf(ctx, actor.Dealer(), rows)
	return rows, parts, err
}

// Turns reports inventory turnover over [from, to).
func (s *Service) Turns(ctx context.Context, actor dealerkit.Actor, from, to time.Time) (TurnsReport, error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return TurnsReport{}, err
	}
	moves, err := s.repo.ListMovements(ctx, actor.Dealer(), MovementFilter{To: to})
	if err != nil {
		return TurnsReport{}, err
	}
	return Turns(moves, from, to), nil
}

// FillRates reports fill rate and first-time fill rate of the part lines approved in [from, to).
func (s *Service) FillRates(ctx context.Context, actor dealerkit.Actor, from, to time.Time) (FillReport, error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return FillReport{}, err
	}
	rs, err := s.repo.ListReservations(ctx, actor.Dealer(), ReservationFilter{CreatedFrom: from, CreatedBefore: to})
	if err != nil {
		return FillReport{}, err
	}
	return FillRates(rs, from, to), nil
}

// DaysOfSupply reports each stocked part's days of supply at its demand over the policy's window.
func (s *Service) DaysOfSupply(ctx context.Context, actor dealerkit.Actor) ([]SupplyLine, error) {
	now := s.src.Time()
	rows, parts, err := s.rows(ctx, actor)
	if err != nil {
		return nil, err
	}
	pol, err := s.Policy(actor.Dealer(), now)
	if err != nil {
		return nil, err
	}
	moves, err := s.repo.ListMovements(ctx, actor.Dealer(), MovementFilter{Kinds: []MovementKind{MoveIssue, MoveReturn},
		From: now.AddDate(0, 0, -pol.DemandWindowDays), To: now})
	if err != nil {
		return nil, err
	}
	return DaysOfSupply(rows, parts, moves, now, pol.DemandWindowDays), nil
}

// Ageing reports stock value by age and the obsolete stock under the policy in force.
func (s *Service) Ageing(ctx context.Context, actor dealerkit.Actor) (AgeingReport, error) {
	now := s.src.Time()
	rows, parts, err := s.rows(ctx, actor)
	if err != nil {
		return AgeingReport{}, err
	}
	pol, err := s.Policy(actor.Dealer(), now)
	if err != nil {
		return AgeingReport{}, err
	}
	return Ageing(rows, parts, now, pol.ObsoleteAfterMonths), nil
}

// DraftPurchaseOrders turns the purchase suggestions into draft purchase orders, one per supplier
// (§3.4.1, §3.4(2)), for the clerk to review and place. Each line is priced at the cost last
// agreed with that supplier for the part, or else at the part's last receipt cost; a part with
// neither, or without a source, is left out (it is still in SuggestPurchases).
//
// The drafts are created in one transaction, all or none. Open drafts count as on order in the
// plan (Plan), so calling it again drafts only what the earlier drafts do not already cover.
func (s *Service) DraftPurchaseOrders(ctx context.Context, actor dealerkit.Actor) ([]*PurchaseOrder, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionPurchaseParts, now); err != nil {
		return nil, err
	}
	dealer := actor.Dealer()
	var out []*PurchaseOrder
	err := s.atomically(ctx, func(ctx context.Context) error {
		out = nil
		sugg, err := s.SuggestPurchases(ctx, actor)
		if err != nil {
			return err
		}
		for _, sg := range sugg {
			if sg.Supplier == uuid.Nil {
				continue
			}
			o, err := NewPurchaseOrder(s.src.ID(), actor, now, sg.Supplier, "")
			if err != nil {
				return err
			}
			for _, l := range sg.Lines {
				cost, err := s.lastCost(ctx, dealer, sg.Supplier, l.Part)
				if err != nil {
					return err
				}
				if !cost.IsPositive() {
					continue
				}
				p, err := s.repo.GetPart(ctx, dealer, l.Part)
				if err != nil {
					return err
				}
				if err := o.AddLine(s.src.ID(), actor, now, p, l.Suggested, cost); err != nil {
					return err
				}
			}
			if len(o.Lines()) == 0 {
				continue
			}
			if err := s.repo.CreatePurchaseOrder(ctx, o); err != nil {
				return err
			}
			out = append(out, o)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// lastCost is the unit cost last agreed with supplier for part, else the part's last receipt cost.
func (s *Service) lastCost(ctx context.Context, dealer dealerkit.DealerID, supplier, part uuid.UUID) (decimal.Decimal, error) {
	pos, err := s.repo.ListPurchaseOrders(ctx, dealer, POFilter{Supplier: supplier, Part: part})
	if err != nil {
		return decimal.Zero, err
	}
	for i := len(pos) - 1; i >= 0; i-- {
		if pos[i].State() == POCancelled {
			continue
		}
		lines := pos[i].Lines()
		for k := len(lines) - 1; k >= 0; k-- {
			if lines[k].Part == part {
				return lines[k].UnitCost, nil
			}
		}
	}
	rows, err := s.repo.ListStock(ctx, dealer, StockFilter{Part: part})
	if err != nil {
		return decimal.Zero, err
	}
	cost := decimal.Zero
	for _, r := range rows {
		cost = decimal.Max(cost, r.LastUnitCost())
	}
	return cost, nil
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x AdjustInput) MarshalJSON() ([]byte, error) {
	type plain AdjustInput
	return exactJSON(plain(x))
}
