package policylab

import (
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// ledger is the stock as one side's replay of the movements leaves it.
type ledger struct {
	stocks map[stockKey]*parts.Stock
	bins   map[uuid.UUID][]string        // per part: the bins it has a row in, so value reads only its rows
	values map[uuid.UUID]decimal.Decimal // each movement's value under this side
	issued map[uuid.UUID]aftersales.Line // per repair-order part line: issued quantity and cost, net of returns
	cost   map[uuid.UUID]decimal.Decimal // per part: the net cost of issues (issues less returns)
	broken map[uuid.UUID]string          // parts whose movements this side could not replay, and why
}

type stockKey struct {
	part uuid.UUID
	bin  string
}

// replayParts reposts the dealer's whole stock ledger under each side's valuation method and
// rounding (§3.4: moving average or FIFO, the version in force at each posting), with the
// package's own parts.NewPosting and Posting.Apply, and compares each part's stock value at the
// end and the net cost of its issues. The recorded facts are kept: quantities, bins, receipt
// values and costs; what a side computes (issue costs, and the values returns and reversals
// carry back, which follow from them) is recomputed. Reservations are not replayed: they change
// no value.
func replayParts(dealer dealerkit.DealerID, moves []parts.Movement, a, b Policy) ([]Outcome, error) {
	if len(moves) == 0 {
		return nil, nil
	}
	actor, err := dealerkit.NewStaffActor(dealer, labManagerID(), dealerkit.RoleManager)
	if err != nil {
		return nil, err
	}
	// Postings in ledger order: moves come from ListMovements, ordered by movement id (the ledger
	// order), and each posting takes the place of its first movement in that list.
	var order []uuid.UUID
	groups := map[uuid.UUID][]parts.Movement{}
	for _, m := range moves {
		if groups[m.Posting] == nil {
			order = append(order, m.Posting)
		}
		groups[m.Posting] = append(groups[m.Posting], m)
	}
	var sides [2]*ledger
	for side, pol := range []Policy{a, b} {
		l := &ledger{stocks: map[stockKey]*parts.Stock{}, bins: map[uuid.UUID][]string{}, values: map[uuid.UUID]decimal.Decimal{},
			issued: map[uuid.UUID]aftersales.Line{}, cost: map[uuid.UUID]decimal.Decimal{}, broken: map[uuid.UUID]string{}}
		for _, id := range order {
			l.post(actor, id, groups[id], partsAt(pol, groups[id][0].At))
		}
		sides[side] = l
	}
	var partIDs []uuid.UUID
	last := map[uuid.UUID]time.Time{}
	for _, m := range moves {
		if _, ok := last[m.Part]; !ok {
			partIDs = append(partIDs, m.Part)
		}
		if m.At.After(last[m.Part]) {
			last[m.Part] = m.At
		}
	}
	slices.SortFunc(partIDs, func(x, y uuid.UUID) int { return slices.Compare(x[:], y[:]) })
	var out []Outcome
	for _, p := range partIDs {
		value := Outcome{Kind: KindStockValue, Dealer: dealer, Record: p, RecordKind: "part", Ref: "stock value at the end", At: last[p]}
		cost := Outcome{Kind: KindIssueCost, Dealer: dealer, Record: p, RecordKind: "part", Ref: "net cost of issues", At: last[p]}
		if r := sides[0].broken[p] + sides[1].broken[p]; r != "" {
			value.Status, value.Reason = NotReplayable, r
			cost.Status, cost.Reason = NotReplayable, r
			out = append(out, value, cost)
			continue
		}
		value.A, value.B = money(sides[0].value(p)), money(sides[1].value(p))
		value.Status = status(value.A, value.B)
		cost.A, cost.B = money(sides[0].cost[p]), money(sides[1].cost[p])
		cost.Status = status(cost.A, cost.B)
		out = append(out, value, cost)
	}
	return out, nil
}

// labManagerID is the staff id the lab acts as where a domain constructor needs an actor.
func labManagerID() dealerkit.StaffID {
	return dealerkit.StaffID(uuid.UUID{0: 0x0b, 6: 0x40, 8: 0x80, 15: 0x01})
}

// value is a part's stock value over its bins.
func (l *ledger) value(part uuid.UUID) decimal.Decimal {
	sum := decimal.Zero
	for _, bin := range l.bins[part] {
		sum = sum.Add(l.stocks[stockKey{part, bin}].Value())
	}
	return sum
}

// post replays one recorded posting under pol.
func (l *ledger) post(actor dealerkit.Actor, id uuid.UUID, ms []parts.Movement, pol parts.Policy) {
	first := ms[0]
	for _, m := range ms {
		if l.broken[m.Part] != "" {
			return // a part already off the record stays off: its later values would be invented
		}
	}
	in := parts.PostingInput{Key: "policylab:" + id.String(), Kind: first.Kind, Reference: first.Reference,
		Reason: first.Reason, Method: pol.Valuation, Rounding: pol.Rounding, FoundCost: map[uuid.UUID]decimal.Decimal{}}
	if in.Reason == "" {
		in.Reason = "replay"
	}
	for _, m := range ms {
		pl := parts.PostingLine{ID: m.ID, Part: m.Part, Bin: m.Bin, Quantity: m.Quantity, Reverses: m.Reverses, Line: m.Reference.Line}
		switch m.Kind {
		case parts.MoveReceipt:
			pl.Value, pl.UnitCost = m.Value, m.UnitCost // the invoice: a fact
		case parts.MoveReturn:
			// §3.4.3: back at the cost they left with under this side.
			pl.Value = l.issued[m.Reference.Line].ReturnCost(m.Quantity, pol.Rounding)
		case parts.MoveReversal:
			v, ok := l.values[m.Reverses]
			if !ok {
				l.broken[m.Part] = fmt.Sprintf("reversal %s of movement %s, which is not in the ledger", m.ID, m.Reverses)
				return
			}
			pl.Value = v.Abs()
		case parts.MoveAdjustment:
			if m.Quantity.IsPositive() {
				// Stock found in an empty row that never had a receipt is valued at the part's
				// cost, which the record keeps only as the recorded movement's unit value.
				in.FoundCost[m.Part] = m.Value.DivRound(m.Quantity, 4)
			}
		}
		in.Lines = append(in.Lines, pl)
	}
	p, err := parts.NewPosting(id, actor, first.At, in)
	if err != nil {
		for _, m := range ms {
			l.broken[m.Part] = fmt.Sprintf("posting %s: %v", id, err)
		}
		return
	}
	posted := p.Movements()
	next := map[stockKey]*parts.Stock{}
	for i, m := range posted {
		k := stockKey{m.Part, m.Bin}
		before := next[k]
		if before == nil {
			before = l.stocks[k]
		}
		after, err := p.Apply(i, before)
		if err != nil {
			for _, m := range ms {
				l.broken[m.Part] = fmt.Sprintf("posting %s: %v", id, err)
			}
			return
		}
		next[k] = after
	}
	for k, s := range next {
		if _, ok := l.stocks[k]; !ok {
			l.bins[k.part] = append(l.bins[k.part], k.bin)
		}
		l.stocks[k] = s
	}
	for _, m := range p.Movements() {
		l.values[m.ID] = m.Value
		line := m.Reference.Line
		switch m.Kind {
		case parts.MoveIssue:
			x := l.issued[line]
			x.Issued, x.IssuedCost = x.Issued.Add(m.Quantity.Neg()), x.IssuedCost.Add(m.Value.Neg())
			l.issued[line] = x
			l.cost[m.Part] = l.cost[m.Part].Add(m.Value.Neg())
		case parts.MoveReturn:
			x := l.issued[line]
			x.Issued, x.IssuedCost = x.Issued.Sub(m.Quantity), x.IssuedCost.Sub(m.Value)
			l.issued[line] = x
			l.cost[m.Part] = l.cost[m.Part].Sub(m.Value)
		}
	}
}
