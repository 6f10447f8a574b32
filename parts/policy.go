package parts

import (
	"github.com/dealerkit/dealerkit"
	"github.com/shopspring/decimal"
)

// Policy is a dealer's parts rules. It is versioned (§9): hold it in a dealerkit.Table and each
// rule reads the version in force when its event happens (a posting at posting time, a
// stocktake's recount rule at the stocktake's start). Every field has a documented default
// (DefaultPolicy) and Validate reports every bad field.
type Policy struct {
	// Valuation is how issues are costed: moving average (default) or FIFO. A stock row kept
	// under one method is converted on its next movement under the other: to FIFO as one layer
	// holding its on-hand and value, to the average by dropping its layers. Value is never lost.
	Valuation ValuationMethod `json:"valuation"`
	// Rounding is where stock values are rounded: receipt lines, issue costs and adjustment
	// values. Default half-up to the cent.
	Rounding dealerkit.Rounding `json:"rounding"`
	// DemandWindowDays is the history average daily demand is measured over. Default 90.
	DemandWindowDays int `json:"demand_window_days"`
	// SafetyStockDays of average demand are held against late deliveries and demand spikes.
	// Default 7.
	SafetyStockDays decimal.Decimal `json:"safety_stock_days"`
	// ReviewPeriodDays of demand are added above the reorder point to give the order-up-to
	// level (min/max). Default 14.
	ReviewPeriodDays decimal.Decimal `json:"review_period_days"`
	// Recount says which stocktake variances need a second count (§3.4.4).
	Recount RecountRule `json:"recount"`
	// ObsoleteAfterMonths without a receipt, issue or return marks stock obsolete. Default 12.
	ObsoleteAfterMonths int `json:"obsolete_after_months"`
}

// RecountRule says when a stocktake line must be counted again before its variance can be
// approved (§3.4.4): when the variance's value is over OverValue, or the variance is over
// OverRate of the book quantity, or anything is found where the book says nothing. Zero disables
// a test.
type RecountRule struct {
	OverValue decimal.Decimal `json:"over_value"` // default 200.00
	OverRate  decimal.Decimal `json:"over_rate"`  // default 0.05 (5%)
}

// DefaultPolicy is moving-average valuation, half-up to the cent, 90 days of demand, 7 days of
// safety stock, a 14-day review period, recount over 200.00 or 5%, obsolete after 12 months.
func DefaultPolicy() Policy {
	return Policy{
		Valuation: MovingAverage, Rounding: dealerkit.DefaultRounding(), DemandWindowDays: 90,
		SafetyStockDays: decimal.NewFromInt(7), ReviewPeriodDays: decimal.NewFromInt(14),
		Recount:             RecountRule{OverValue: decimal.RequireFromString("200.00"), OverRate: decimal.RequireFromString("0.05")},
		ObsoleteAfterMonths: 12,
	}
}

// Validate reports every bad field.
func (p Policy) Validate() error {
	var v dealerkit.ValidationError
	if !methodEnum.Valid(p.Valuation) {
		v.AddCode("valuation", p.Valuation.String(), dealerkit.ReasonUnknownValue, "moving_average or fifo")
	}
	if err, ok := p.Rounding.Validate().(*dealerkit.ValidationError); ok {
		v.Fields = append(v.Fields, err.Fields...)
	}
	if p.DemandWindowDays < 1 || p.DemandWindowDays > 730 {
		v.AddCode("demand_window_days", itoa(p.DemandWindowDays), dealerkit.ReasonOutOfRange, "must be between 1 and 730")
	}
	// §9: a policy file's numbers are bounded like any input, before any other check reads them.
	for _, f := range []struct {
		name string
		d    decimal.Decimal
		b    dealerkit.Bound
	}{{"safety_stock_days", p.SafetyStockDays, dealerkit.DaysBound()},
		{"review_period_days", p.ReviewPeriodDays, dealerkit.DaysBound()},
		{"recount.over_value", p.Recount.OverValue, dealerkit.AmountBound(dealerkit.DefaultCurrency)},
		{"recount.over_rate", p.Recount.OverRate, dealerkit.RateBound()}} {
		if v.Within(f.name, f.d, f.b) && f.d.IsNegative() {
			v.AddCode(f.name, f.d.String(), dealerkit.ReasonNegative, "must not be negative")
		}
	}
	if p.ObsoleteAfterMonths < 1 {
		v.AddCode("obsolete_after_months", itoa(p.ObsoleteAfterMonths), dealerkit.ReasonOutOfRange, "must be at least 1")
	}
	return v.Err()
}

// ParsePolicies reads a policy history from JSON (see dealerkit.ParseVersions) and validates
// every version.
func ParsePolicies(data []byte) (dealerkit.Versions[Policy], error) {
	return dealerkit.ParseVersions(data, Policy.Validate)
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x Policy) MarshalJSON() ([]byte, error) {
	type plain Policy
	return exactJSON(plain(x))
}
