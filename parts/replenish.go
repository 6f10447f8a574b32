package parts

import (
	"cmp"
	"slices"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// PlanInput is what replenishment knows of one part: its stock across bins, what is on order,
// what repair orders are waiting for, and its demand over the policy's window.
type PlanInput struct {
	Part        *Part           `json:"part"`
	OnHand      decimal.Decimal `json:"on_hand"`
	Reserved    decimal.Decimal `json:"reserved"`
	OnOrder     decimal.Decimal `json:"on_order"`     // outstanding on placed purchase orders, and on open drafts (Service.Plan)
	BackOrdered decimal.Decimal `json:"back_ordered"` // approved repair-order lines still waiting for stock
	Demand      decimal.Decimal `json:"demand"`       // net quantity issued (issues less returns) over the window
}

// PlanLine is replenishment's view of one part (§3.4(2): timely supply).
type PlanLine struct {
	Part         uuid.UUID  `json:"part"`
	Number       PartNumber `json:"number"`
	Supplier     uuid.UUID  `json:"supplier"` // the preferred source; zero when the part has none
	LeadTimeDays int        `json:"lead_time_days"`
	// DailyDemand is Demand / DemandWindowDays, to 4 places.
	DailyDemand decimal.Decimal `json:"daily_demand"`
	// SafetyStock is DailyDemand × SafetyStockDays; ReorderPoint is DailyDemand × lead time +
	// SafetyStock; Max (order-up-to) is ReorderPoint + DailyDemand × ReviewPeriodDays. Each is
	// rounded up to the unit's scale (whole pieces). A part's manual Min and Max replace the
	// computed reorder point and order-up-to level (Manual).
	SafetyStock  decimal.Decimal `json:"safety_stock"`
	ReorderPoint decimal.Decimal `json:"reorder_point"`
	Max          decimal.Decimal `json:"max"`
	Manual       bool            `json:"manual"`
	// Position is on-hand + on order − reserved − back-ordered: what is free to meet demand.
	Position    decimal.Decimal `json:"position"`
	BackOrdered decimal.Decimal `json:"back_ordered"`
	// Suggested is what to order: Max − Position when Position is at or below the reorder point,
	// rounded up to the unit's scale; zero when no order is needed.
	Suggested decimal.Decimal `json:"suggested"`
}

// Plan computes a part's reorder point, min/max and suggested order quantity under pol (§3.4(2)).
// A back-order always produces a suggestion, even for a part with no demand history, so a
// shortage at estimate time becomes a purchase suggestion.
func Plan(in PlanInput, pol Policy) PlanLine {
	p := in.Part
	scale := p.Unit().Scale()
	src, _ := p.PreferredSource()
	days := decimal.NewFromInt(int64(max(pol.DemandWindowDays, 1)))
	add := in.Demand.DivRound(days, 4)
	if add.IsNegative() {
		add = decimal.Zero
	}
	l := PlanLine{Part: p.ID(), Number: p.Number(), Supplier: src.Supplier, LeadTimeDays: src.LeadTimeDays,
		DailyDemand: add, BackOrdered: in.BackOrdered}
	l.SafetyStock = add.Mul(pol.SafetyStockDays).RoundCeil(scale)
	l.ReorderPoint = add.Mul(decimal.NewFromInt(int64(src.LeadTimeDays))).Add(add.Mul(pol.SafetyStockDays)).RoundCeil(scale)
	l.Max = add.Mul(decimal.NewFromInt(int64(src.LeadTimeDays))).Add(add.Mul(pol.SafetyStockDays)).
		Add(add.Mul(pol.ReviewPeriodDays)).RoundCeil(scale)
	if p.Min().IsPositive() || p.Max().IsPositive() {
		l.ReorderPoint, l.Max, l.Manual = p.Min(), p.Max(), true
	}
	l.Position = in.OnHand.Add(in.OnOrder).Sub(in.Reserved).Sub(in.BackOrdered)
	l.Suggested = decimal.Zero
	if l.Position.LessThanOrEqual(l.ReorderPoint) {
		if q := l.Max.Sub(l.Position).RoundCeil(scale); q.IsPositive() {
			l.Suggested = q
		}
	}
	return l
}

// Suggestion is a suggested purchase order: the parts to buy from one supplier (zero when the
// parts have no source in the catalogue), in part-number order.
type Suggestion struct {
	Supplier uuid.UUID  `json:"supplier"`
	Lines    []PlanLine `json:"lines"`
}

// Suggest groups the plan lines that suggest an order by supplier, suppliers in id order.
func Suggest(lines []PlanLine) []Suggestion {
	by := map[uuid.UUID][]PlanLine{}
	for _, l := range lines {
		if l.Suggested.IsPositive() {
			by[l.Supplier] = append(by[l.Supplier], l)
		}
	}
	out := make([]Suggestion, 0, len(by))
	for s, ls := range by {
		slices.SortFunc(ls, func(a, b PlanLine) int { return cmp.Compare(a.Number, b.Number) })
		out = append(out, Suggestion{Supplier: s, Lines: ls})
	}
	slices.SortFunc(out, func(a, b Suggestion) int { return compareUUID(a.Supplier, b.Supplier) })
	return out
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x PlanInput) MarshalJSON() ([]byte, error) {
	type plain PlanInput
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x PlanLine) MarshalJSON() ([]byte, error) {
	type plain PlanLine
	return exactJSON(plain(x))
}
