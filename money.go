package dealerkit

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// RoundingMode says how an amount is brought to its places. Modes are named after what they do to
// a positive half: HalfUp rounds 0.125 to 0.13, HalfEven to 0.12.
type RoundingMode uint8

// Rounding modes. HalfUp is the default: it is what Chinese invoices (四舍五入) use.
const (
	HalfUp   RoundingMode = iota + 1 // half away from zero
	HalfEven                         // banker's rounding
	Down                             // towards zero (truncate)
	Up                               // away from zero
)

var roundingNames = [...]string{HalfUp: "half_up", HalfEven: "half_even", Down: "down", Up: "up"}

func (m RoundingMode) String() string {
	if m < HalfUp || m > Up {
		return fmt.Sprintf("RoundingMode(%d)", uint8(m))
	}
	return roundingNames[m]
}

// MarshalText implements encoding.TextMarshaler; an unset mode is "".
func (m RoundingMode) MarshalText() ([]byte, error) {
	if m == 0 {
		return []byte{}, nil
	}
	return []byte(m.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler; "" is the unset mode, which
// Rounding.Validate refuses.
func (m *RoundingMode) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = 0
		return nil
	}
	for i := HalfUp; i <= Up; i++ {
		if roundingNames[i] == string(b) {
			*m = i
			return nil
		}
	}
	return &ValidationError{Fields: []FieldError{{Field: "rounding.mode", Value: string(b), Reason: "unknown rounding mode"}}}
}

// Rounding is where and how amounts are rounded. Rounding happens only at named points (a line
// amount, a tax amount, a document total), never in between, so a total is the sum of its
// rounded lines and no cent appears or vanishes.
type Rounding struct {
	Places int32        `json:"places"`
	Mode   RoundingMode `json:"mode"`
}

// DefaultRounding is half-up to 2 places (分).
func DefaultRounding() Rounding { return Rounding{Places: 2, Mode: HalfUp} }

// Validate reports a mode outside the set or places outside 0..4.
func (r Rounding) Validate() error {
	var v ValidationError
	if r.Places < 0 || r.Places > 4 {
		v.Add("rounding.places", fmt.Sprint(r.Places), "must be between 0 and 4")
	}
	if r.Mode < HalfUp || r.Mode > Up {
		v.Add("rounding.mode", r.Mode.String(), "unknown rounding mode")
	}
	return v.Err()
}

// Round brings d to r.Places with r.Mode.
func (r Rounding) Round(d decimal.Decimal) decimal.Decimal {
	switch r.Mode {
	case HalfEven:
		return d.RoundBank(r.Places)
	case Down:
		return d.Truncate(r.Places)
	case Up:
		return d.RoundUp(r.Places)
	default:
		return d.Round(r.Places)
	}
}

// quotientPlaces is the precision of intermediate quotients. Amounts here have few decimals and
// divisors such as 1.13, so a quotient that is not exact lies far more than 1e-20 from any
// rounding boundary: rounding it once more at the named point gives the exactly rounded result.
const quotientPlaces = 20

// Tax is a dealer's value-added tax setting. Prices are tax-inclusive by default (what a Chinese
// customer is quoted) at the 13% VAT rate for repair services and goods.
type Tax struct {
	Rate      decimal.Decimal `json:"rate"`
	Inclusive bool            `json:"inclusive"`
}

// DefaultTax is 13% VAT, prices inclusive.
func DefaultTax() Tax { return Tax{Rate: decimal.RequireFromString("0.13"), Inclusive: true} }

// Validate refuses a rate beyond RateBound (1e-30, 1e10000), a negative rate or one of 100% or
// more (§9: a policy file is bounded like any input).
func (t Tax) Validate() error {
	var v ValidationError
	if v.Within("tax.rate", t.Rate, RateBound()) &&
		(t.Rate.IsNegative() || t.Rate.GreaterThanOrEqual(decimal.NewFromInt(1))) {
		v.Add("tax.rate", t.Rate.String(), "must be at least 0 and below 1")
	}
	return v.Err()
}

// TaxSplit is an amount split into its net part and its tax.
type TaxSplit struct {
	Net   decimal.Decimal `json:"net"`
	Tax   decimal.Decimal `json:"tax"`
	Gross decimal.Decimal `json:"gross"`
}

// Split divides amount (tax-inclusive or exclusive as t says) into net, tax and gross. The tax is
// rounded with r; net + tax = gross holds exactly.
func (t Tax) Split(amount decimal.Decimal, r Rounding) TaxSplit {
	if t.Inclusive {
		tax := r.Round(amount.Mul(t.Rate).DivRound(t.Rate.Add(decimal.NewFromInt(1)), quotientPlaces))
		return TaxSplit{Net: amount.Sub(tax), Tax: tax, Gross: amount}
	}
	tax := r.Round(amount.Mul(t.Rate))
	return TaxSplit{Net: amount, Tax: tax, Gross: amount.Add(tax)}
}

// ParseAmount parses a decimal money or quantity string, refusing anything that is not a plain
// decimal number (no exponents, no thousands separators, no NaN).
func ParseAmount(field, s string) (decimal.Decimal, error) {
	bad := func() (decimal.Decimal, error) {
		return decimal.Decimal{}, &ValidationError{Fields: []FieldError{{Field: field, Value: s, Reason: "not a decimal number"}}}
	}
	if s == "" {
		return bad()
	}
	for i, c := range s {
		if !(c >= '0' && c <= '9' || c == '.' || (c == '-' || c == '+') && i == 0) {
			return bad()
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return bad()
	}
	return d, nil
}

// FormatExact renders d keeping its scale: 12.3400 stays "12.3400", where d.String() would give
// "12.34". Stores use it so a value reads back exactly as it was written, scale included.
func FormatExact(d decimal.Decimal) string {
	if exp := d.Exponent(); exp < 0 {
		return d.StringFixed(-exp)
	}
	return d.String()
}

// AppendExact appends FormatExact(d) to b. A coefficient of up to 18 digits (every amount and
// quantity a dealer records) is written digit by digit without allocating; formatting each
// movement's decimals was a sixth of what recording a posting's event cost (issue 12).
func AppendExact(b []byte, d decimal.Decimal) []byte {
	exp := d.Exponent()
	if exp > 0 || exp < -18 || d.NumDigits() > 18 {
		return append(b, FormatExact(d)...)
	}
	c := d.CoefficientInt64() // exact: at most 18 digits
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	var digits [20]byte
	text := strconv.AppendInt(digits[:0], c, 10)
	places := int(-exp)
	if len(text) <= places { // 0.0…: as many zeros as the point needs before the digits
		b = append(b, '0', '.')
		for range places - len(text) {
			b = append(b, '0')
		}
		return append(b, text...)
	}
	b = append(b, text[:len(text)-places]...)
	if places > 0 {
		b = append(append(b, '.'), text[len(text)-places:]...)
	}
	return b
}

// ExactDecimal is a decimal whose JSON form keeps its scale (see FormatExact). Use it in a
// MarshalJSON method; decimal's own UnmarshalJSON already keeps the scale it reads.
type ExactDecimal decimal.Decimal

// MarshalJSON renders the decimal as a quoted string with its scale.
func (d ExactDecimal) MarshalJSON() ([]byte, error) {
	return []byte(`"` + FormatExact(decimal.Decimal(d)) + `"`), nil
}

// UnmarshalJSON reads a decimal as decimal does, keeping the scale it reads.
func (d *ExactDecimal) UnmarshalJSON(b []byte) error { return (*decimal.Decimal)(d).UnmarshalJSON(b) }

// MarshalJSON keeps the scale of the rate.
func (t Tax) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Rate      ExactDecimal `json:"rate"`
		Inclusive bool         `json:"inclusive"`
	}{ExactDecimal(t.Rate), t.Inclusive})
}

// Share is the part of total that q of of carries: round(total × q / of) with r, never more than
// total, and total itself when q is all of of. Taking shares this way keeps a value exact as it
// is split (stock issued unit by unit, a line's parts returned one by one): the last share takes
// the remainder, so nothing is left over when nothing is left, and zero quantity is zero value.
func Share(total, q, of decimal.Decimal, r Rounding) decimal.Decimal {
	if q.GreaterThanOrEqual(of) {
		return total
	}
	return decimal.Min(total, r.Round(total.Mul(q).DivRound(of, quotientPlaces)))
}
