package parts

import (
	"cmp"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Ratio is a measured fraction Num / Den.
type Ratio struct {
	Num decimal.Decimal `json:"num"`
	Den decimal.Decimal `json:"den"`
}

// Measured reports whether there was anything to measure.
func (r Ratio) Measured() bool { return r.Den.IsPositive() }

// Value is Num / Den to 4 places; zero when not measured.
func (r Ratio) Value() decimal.Decimal {
	if !r.Measured() {
		return decimal.Zero
	}
	return r.Num.DivRound(r.Den, 4)
}

// ValuationLine is on-hand and value of one part, category or bin.
type ValuationLine struct {
	Key      string          `json:"key"` // the part number, category or bin
	Part     uuid.UUID       `json:"part"`
	Name     Name            `json:"name"`
	OnHand   decimal.Decimal `json:"on_hand"`  // by part only: quantities of different units do not add up
	Reserved decimal.Decimal `json:"reserved"` // by part only
	Value    decimal.Decimal `json:"value"`
	Rows     int             `json:"rows"` // stock rows summed
}

// ValuationReport is stock on hand and its value by part, category and bin, each sorted by key,
// and the total. The total is the sum of the rows' values, so it equals the sum of every movement's
// value to the cent.
type ValuationReport struct {
	ByPart     []ValuationLine `json:"by_part"`
	ByCategory []ValuationLine `json:"by_category"`
	ByBin      []ValuationLine `json:"by_bin"`
	Total      decimal.Decimal `json:"total"`
}

// Valuation reports rows (§3.4(4): what the book says is there, and what it is worth).
func Valuation(rows []*Stock, parts map[uuid.UUID]*Part) ValuationReport {
	byPart, byCat, byBin := map[string]*ValuationLine{}, map[string]*ValuationLine{}, map[string]*ValuationLine{}
	rep := ValuationReport{Total: decimal.Zero}
	add := func(m map[string]*ValuationLine, key string, s *Stock, p *Part, qty bool) {
		l := m[key]
		if l == nil {
			l = &ValuationLine{Key: key, OnHand: decimal.Zero, Reserved: decimal.Zero, Value: decimal.Zero}
			m[key] = l
		}
		if qty {
			l.Part, l.Name = s.Part(), p.Name()
			l.OnHand, l.Reserved = l.OnHand.Add(s.OnHand()), l.Reserved.Add(s.Reserved())
		}
		l.Value = l.Value.Add(s.Value())
		l.Rows++
	}
	for _, s := range rows {
		p := parts[s.Part()]
		number, category := s.Part().String(), "(unknown)"
		if p != nil {
			number, category = string(p.Number()), p.Category()
		} else {
			p = &Part{}
		}
		add(byPart, number, s, p, true)
		add(byCat, category, s, p, false)
		add(byBin, s.Bin(), s, p, false)
		rep.Total = rep.Total.Add(s.Value())
	}
	flat := func(m map[string]*ValuationLine) []ValuationLine {
		out := make([]ValuationLine, 0, len(m))
		for _, l := range m {
			out = append(out, *l)
		}
		slices.SortFunc(out, func(a, b ValuationLine) int { return cmp.Compare(a.Key, b.Key) })
		return out
	}
	rep.ByPart, rep.ByCategory, rep.ByBin = flat(byPart), flat(byCat), flat(byBin)
	return rep
}

// TurnsReport is inventory turnover over a period: the cost of parts issued (net of returns)
// against the average stock value, the average of the opening and closing values.
type TurnsReport struct {
	From       time.Time       `json:"from"`
	To         time.Time       `json:"to"`
	Opening    decimal.Decimal `json:"opening"`
	Closing    decimal.Decimal `json:"closing"`    // stock value at From and at To
	Average    decimal.Decimal `json:"average"`    // (Opening + Closing) / 2, to the cent
	COGS       decimal.Decimal `json:"cogs"`       // value issued less value returned in [From, To)
	Turns      decimal.Decimal `json:"turns"`      // COGS / Average, to 4 places; zero when Average is zero
	Annualised decimal.Decimal `json:"annualised"` // Turns × 365 / days in the period, to 2 places
}

// Turns computes turnover from the ledger: moves must hold every movement before To (values are
// summed, so the opening and closing values are exact).
func Turns(moves []Movement, from, to time.Time) TurnsReport {
	r := TurnsReport{From: from, To: to, Opening: decimal.Zero, Closing: decimal.Zero, COGS: decimal.Zero}
	for _, m := range moves {
		if m.At.Before(from) {
			r.Opening = r.Opening.Add(m.Value)
		}
		if m.At.Before(to) {
			r.Closing = r.Closing.Add(m.Value)
			if !m.At.Before(from) && (m.Kind == MoveIssue || m.Kind == MoveReturn) {
				r.COGS = r.COGS.Sub(m.Value)
			}
		}
	}
	r.Average = r.Opening.Add(r.Closing).DivRound(decimal.NewFromInt(2), 2)
	r.Turns, r.Annualised = decimal.Zero, decimal.Zero
	if r.Average.IsPositive() {
		r.Turns = r.COGS.DivRound(r.Average, 4)
		if days := decimal.NewFromInt(int64(to.Sub(from)/time.Second)).DivRound(decimal.NewFromInt(86400), 4); days.IsPositive() {
			r.Annualised = r.COGS.Mul(decimal.NewFromInt(365)).DivRound(r.Average.Mul(days), 2)
		}
	}
	return r
}

// FillReport measures how well stock met repair-order demand (§3.4(2): quality and timely
// supply), over the part lines approved in a period.
type FillReport struct {
	Lines          int `json:"lines"`            // part lines requested
	FirstTimeLines int `json:"first_time_lines"` // lines held in full at once when approved
	// FirstTimeFillRate is FirstTimeLines / Lines: the share of lines the customer never waited
	// for. FillRate is the mean share of each line's quantity held at once: every line weighs the
	// same, so litres of oil and pieces of brake pads are never added together.
	FirstTimeFillRate Ratio `json:"first_time_fill_rate"`
	FillRate          Ratio `json:"fill_rate"`
}

// FillRates measures the reservations made in [from, to).
func FillRates(rs []*Reservation, from, to time.Time) FillReport {
	var f FillReport
	shares := decimal.Zero // Σ filled / requested, each to 8 places
	for _, r := range rs {
		if r.createdAt.Before(from) || !r.createdAt.Before(to) {
			continue
		}
		f.Lines++
		if r.filledAt.GreaterThanOrEqual(r.requested) {
			f.FirstTimeLines++
		}
		shares = shares.Add(decimal.Min(r.filledAt, r.requested).DivRound(r.requested, 8))
	}
	lines := decimal.NewFromInt(int64(f.Lines))
	f.FirstTimeFillRate = Ratio{Num: decimal.NewFromInt(int64(f.FirstTimeLines)), Den: lines}
	f.FillRate = Ratio{Num: shares, Den: lines}
	return f
}

// Demand is the net quantity of part issued in [from, to): issues less returns.
func Demand(moves []Movement, part uuid.UUID, from, to time.Time) decimal.Decimal {
	d := decimal.Zero
	for _, m := range moves {
		if m.Part == part && !m.At.Before(from) && m.At.Before(to) && (m.Kind == MoveIssue || m.Kind == MoveReturn) {
			d = d.Sub(m.Quantity)
		}
	}
	return d
}

// SupplyLine is a part's days of supply: how long its stock lasts at its average daily demand.
type SupplyLine struct {
	Part        uuid.UUID       `json:"part"`
	Number      PartNumber      `json:"number"`
	OnHand      decimal.Decimal `json:"on_hand"`
	DailyDemand decimal.Decimal `json:"daily_demand"` // to 4 places
	Days        decimal.Decimal `json:"days"`         // OnHand / DailyDemand, to 1 place; zero when not Measured
	Measured    bool            `json:"measured"`     // false when the part had no demand in the window
}

// DaysOfSupply reports each part with stock, from the movements of the demand window
// [to − windowDays, to).
func DaysOfSupply(rows []*Stock, parts map[uuid.UUID]*Part, moves []Movement, to time.Time, windowDays int) []SupplyLine {
	onHand := map[uuid.UUID]decimal.Decimal{}
	for _, s := range rows {
		onHand[s.Part()] = onHand[s.Part()].Add(s.OnHand())
	}
	from := to.AddDate(0, 0, -windowDays)
	var out []SupplyLine
	for id, q := range onHand {
		l := SupplyLine{Part: id, OnHand: q, Days: decimal.Zero}
		if p := parts[id]; p != nil {
			l.Number = p.Number()
		}
		l.DailyDemand = Demand(moves, id, from, to).DivRound(decimal.NewFromInt(int64(max(windowDays, 1))), 4)
		if l.DailyDemand.IsPositive() {
			l.Days, l.Measured = q.DivRound(l.DailyDemand, 1), true
		}
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b SupplyLine) int { return cmp.Compare(a.Number, b.Number) })
	return out
}

// AgeBucket is stock whose latest receipt, issue or return lies FromDays to ToDays ago (ToDays 0:
// no upper bound).
type AgeBucket struct {
	Label    string          `json:"label"`
	FromDays int             `json:"from_days"`
	ToDays   int             `json:"to_days"`
	Rows     int             `json:"rows"`
	Value    decimal.Decimal `json:"value"`
}

// ObsoleteLine is a stock row without a receipt, issue or return for the policy's months.
type ObsoleteLine struct {
	Part           uuid.UUID       `json:"part"`
	Number         PartNumber      `json:"number"`
	Bin            string          `json:"bin"`
	OnHand         decimal.Decimal `json:"on_hand"`
	Value          decimal.Decimal `json:"value"`
	LastMovementAt time.Time       `json:"last_movement_at"`
}

// AgeingReport is stock value by age, and the obsolete stock.
type AgeingReport struct {
	At            time.Time       `json:"at"`
	Buckets       []AgeBucket     `json:"buckets"`
	Obsolete      []ObsoleteLine  `json:"obsolete"`
	ObsoleteValue decimal.Decimal `json:"obsolete_value"`
}

// Ageing buckets the rows with stock by days since their latest receipt, issue or return (0–90,
// 91–180, 181–365, over 365) and lists as obsolete those without one for obsoleteMonths.
func Ageing(rows []*Stock, parts map[uuid.UUID]*Part, at time.Time, obsoleteMonths int) AgeingReport {
	rep := AgeingReport{At: at, ObsoleteValue: decimal.Zero, Buckets: []AgeBucket{
		{Label: "0-90 days", FromDays: 0, ToDays: 90}, {Label: "91-180 days", FromDays: 91, ToDays: 180},
		{Label: "181-365 days", FromDays: 181, ToDays: 365}, {Label: "over 365 days", FromDays: 366},
	}}
	for i := range rep.Buckets {
		rep.Buckets[i].Value = decimal.Zero
	}
	cutoff := at.AddDate(0, -obsoleteMonths, 0)
	for _, s := range rows {
		if !s.OnHand().IsPositive() {
			continue
		}
		days := int(at.Sub(s.LastMovementAt()).Hours() / 24)
		for i := range rep.Buckets {
			b := &rep.Buckets[i]
			if days >= b.FromDays && (b.ToDays == 0 || days <= b.ToDays) {
				b.Rows++
				b.Value = b.Value.Add(s.Value())
			}
		}
		if !s.LastMovementAt().After(cutoff) {
			l := ObsoleteLine{Part: s.Part(), Bin: s.Bin(), OnHand: s.OnHand(), Value: s.Value(), LastMovementAt: s.LastMovementAt()}
			if p := parts[s.Part()]; p != nil {
				l.Number = p.Number()
			}
			rep.Obsolete = append(rep.Obsolete, l)
			rep.ObsoleteValue = rep.ObsoleteValue.Add(s.Value())
		}
	}
	slices.SortFunc(rep.Obsolete, func(a, b ObsoleteLine) int { return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.Bin, b.Bin)) })
	return rep
}

// SupplierFigures are a supplier's delivery record (§3.4(2): quality and timely supply).
type SupplierFigures struct {
	Supplier   uuid.UUID `json:"supplier"`
	Deliveries int       `json:"deliveries"`
	OnTime     int       `json:"on_time"`
	// DeliveredValue and AcceptedValue are what was delivered and what passed the receiving
	// inspection, at the invoiced unit costs: value, so litres and pieces are never added.
	DeliveredValue decimal.Decimal `json:"delivered_value"`
	AcceptedValue  decimal.Decimal `json:"accepted_value"`
	// OnTimeRate is deliveries by the expected time / deliveries; QualityRate is AcceptedValue /
	// DeliveredValue.
	OnTimeRate  Ratio `json:"on_time_rate"`
	QualityRate Ratio `json:"quality_rate"`
}

// SupplierPerformance measures supplier's receipts in [from, to) on orders; reversed receipts
// do not count.
func SupplierPerformance(orders []*PurchaseOrder, supplier uuid.UUID, from, to time.Time) SupplierFigures {
	f := SupplierFigures{Supplier: supplier, DeliveredValue: decimal.Zero, AcceptedValue: decimal.Zero}
	for _, o := range orders {
		if o.supplier != supplier {
			continue
		}
		for _, r := range o.receipts {
			if r.Reversed || r.At.Before(from) || !r.At.Before(to) {
				continue
			}
			f.Deliveries++
			if r.OnTime {
				f.OnTime++
			}
			for _, l := range r.Lines {
				f.DeliveredValue = f.DeliveredValue.Add(l.Delivered.Mul(l.UnitCost))
				f.AcceptedValue = f.AcceptedValue.Add(l.Accepted.Mul(l.UnitCost))
			}
		}
	}
	f.OnTimeRate = Ratio{Num: decimal.NewFromInt(int64(f.OnTime)), Den: decimal.NewFromInt(int64(f.Deliveries))}
	f.QualityRate = Ratio{Num: f.AcceptedValue, Den: f.DeliveredValue}
	return f
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x Ratio) MarshalJSON() ([]byte, error) {
	type plain Ratio
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x ValuationLine) MarshalJSON() ([]byte, error) {
	type plain ValuationLine
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x ValuationReport) MarshalJSON() ([]byte, error) {
	type plain ValuationReport
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x TurnsReport) MarshalJSON() ([]byte, error) {
	type plain TurnsReport
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x SupplyLine) MarshalJSON() ([]byte, error) {
	type plain SupplyLine
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x AgeBucket) MarshalJSON() ([]byte, error) {
	type plain AgeBucket
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x ObsoleteLine) MarshalJSON() ([]byte, error) {
	type plain ObsoleteLine
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x AgeingReport) MarshalJSON() ([]byte, error) {
	type plain AgeingReport
	return exactJSON(plain(x))
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x SupplierFigures) MarshalJSON() ([]byte, error) {
	type plain SupplierFigures
	return exactJSON(plain(x))
}
