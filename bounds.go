package dealerkit

import (
	"fmt"
	"math/big"
	"reflect"
	"strings"

	"github.com/shopspring/decimal"
)

// Bound is a documented limit on a decimal input: its magnitude at most Max and at most Places
// decimal places (trailing zeros aside: 1.50 has one). Every quantity and amount a service takes
// is checked against its bound before any arithmetic, so neither 1e-30 hours nor a price of
// 1e10000 reaches a ledger, and no input can make the arithmetic slow (the check itself costs no
// more than reading the number).
type Bound struct {
	Max    decimal.Decimal
	Places int32
}

// DefaultCurrency is the currency amounts are in when a dealer names none: the renminbi.
const DefaultCurrency = "CNY"

// CurrencyPlaces is the number of decimal places of the currency's minor unit (ISO 4217): 2 for
// CNY, HKD, USD, EUR, GBP and most others, 0 for JPY and KRW, 3 for KWD, BHD and OMR. An empty
// code is DefaultCurrency; an unknown one has 2.
func CurrencyPlaces(currency string) int32 {
	switch currency {
	case "JPY", "KRW", "VND", "CLP", "ISK":
		return 0
	case "KWD", "BHD", "OMR", "JOD", "TND":
		return 3
	default:
		return 2
	}
}

// AmountBound bounds an amount of money (a payment, a total, a value): the currency's minor unit
// and at most 10^15 major units, beyond any dealership's ledger yet more digits than a float64
// holds, so a float anywhere on the way would show.
func AmountBound(currency string) Bound {
	return Bound{Max: decimal.New(1, 15), Places: CurrencyPlaces(currency)}
}

// PriceBound bounds a price or cost per unit: two places finer than the currency's minor unit
// (cost per litre to 0.0001 yuan) and at most 10^14 major units.
func PriceBound(currency string) Bound {
	return Bound{Max: decimal.New(1, 14), Places: CurrencyPlaces(currency) + 2}
}

// QuantityBound bounds a quantity of stock in a unit of measure with the given places (0 for
// pieces and sets, 3 for litres, kilograms and metres): at most 10^6 units.
func QuantityBound(places int32) Bound { return Bound{Max: decimal.New(1, 6), Places: places} }

// HoursBound bounds labour hours: at most 1000 hours on a line, to the hundredth (36 seconds).
func HoursBound() Bound { return Bound{Max: decimal.New(1, 3), Places: 2} }

// RateBound bounds a rate such as a discount or a tax: at most 1, to four places (0.01%).
func RateBound() Bound { return Bound{Max: decimal.New(1, 0), Places: 4} }

// PercentBound bounds a percentage or a score out of 100 in a policy file (an appraisal weight,
// a grade's minimum, a share of a commission): at most 100, to four places.
func PercentBound() Bound { return Bound{Max: decimal.New(1, 2), Places: 4} }

// DaysBound bounds a number of days in a policy file (safety stock, a review period): at most
// MaxPolicyDays, to the hundredth of a day.
func DaysBound() Bound { return Bound{Max: decimal.New(MaxPolicyDays, 0), Places: 2} }

// MaxPolicyDays bounds every period a policy file names: ten years, far beyond any deadline,
// window or interval a dealer sets, and far below time.Duration's 292-year range, so a period
// can be added to a time without overflow (§9).
const MaxPolicyDays = 3660

// maxMagnitudeDigits is more integer digits than any Bound allows; a number longer than that is
// refused before it is compared, so the comparison never builds a huge integer.
const maxMagnitudeDigits = 40

// Fault says why d is beyond b: ReasonOutOfRange with an English sentence, or an empty Reason
// when d is within it. The sign is not checked: a negative quantity is the caller's rule.
func (b Bound) Fault(d decimal.Decimal) (Reason, string) {
	coef := d.Coefficient()
	if coef.Sign() == 0 {
		return "", ""
	}
	coef.Abs(coef)
	digits := int64(len(coef.String()))
	exp := int64(d.Exponent())
	if digits+exp > maxMagnitudeDigits {
		return ReasonOutOfRange, b.tooLarge()
	}
	if exp < -int64(b.Places) {
		// Places beyond b.Places must all be zeros: the coefficient ends in that many zeros,
		// which it cannot when it has fewer digits.
		need := -int64(b.Places) - exp
		if need >= digits {
			return ReasonOutOfRange, b.tooFine()
		}
		var rem big.Int
		if rem.Mod(coef, new(big.Int).Exp(big.NewInt(10), big.NewInt(need), nil)).Sign() != 0 {
			return ReasonOutOfRange, b.tooFine()
		}
	}
	if d.Abs().GreaterThan(b.Max) {
		return ReasonOutOfRange, b.tooLarge()
	}
	return "", ""
}

func (b Bound) tooLarge() string { return "must be at most " + b.Max.String() + " in size" }

func (b Bound) tooFine() string { return fmt.Sprintf("must have at most %d decimal places", b.Places) }

// Within records field as bad if d is beyond b (see Fault) and reports whether it is within.
// Check the bound before any other rule on the number: comparing or rounding a number far beyond
// it (1e-1000000000) would take as long as writing out its digits.
func (e *ValidationError) Within(field string, d decimal.Decimal, b Bound) bool {
	if code, reason := b.Fault(d); code != "" {
		e.AddCode(field, shortNumber(d), code, reason)
		return false
	}
	return true
}

// shortNumber is d for an error message, cut when it is long (1e10000 is 10 001 digits).
func shortNumber(d decimal.Decimal) string {
	coef := d.Coefficient().String()
	if len(coef) > 30 || d.Exponent() > 30 || d.Exponent() < -30 {
		return fmt.Sprintf("%.20se%d", coef, d.Exponent())
	}
	return d.String()
}

var decimalType = reflect.TypeOf(decimal.Decimal{})

// CheckNumbers records, under field, every decimal reachable from value (a decimal, or a struct,
// slice or map holding them) that is beyond the bound its field's name implies: price and cost
// PriceBound, amount, value and total AmountBound, rate and discount RateBound, hours HoursBound,
// every other decimal (quantities, counts, min and max) QuantityBound(3), the finest unit of
// measure. A package then checks a quantity against its own unit (pieces have no places). Field
// paths are snake_case, as CheckText's.
func (e *ValidationError) CheckNumbers(field string, value any) {
	e.checkNumbers(field, reflect.ValueOf(value))
}

func (e *ValidationError) checkNumbers(field string, v reflect.Value) {
	if !v.IsValid() {
		return
	}
	if v.Type() == decimalType {
		e.Within(field, v.Interface().(decimal.Decimal), boundOf(field))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				e.checkNumbers(joinField(field, f.Name), v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := range v.Len() {
			e.checkNumbers(fmt.Sprintf("%s[%d]", field, i), v.Index(i))
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			e.checkNumbers(fmt.Sprintf("%s[%v]", field, iter.Key()), iter.Value())
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			e.checkNumbers(field, v.Elem())
		}
	}
}

// boundOf is the bound CheckNumbers applies to the decimal at path, by its innermost field name.
func boundOf(path string) Bound {
	name := path
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(name, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("price", "cost"):
		return PriceBound(DefaultCurrency)
	case has("amount", "value", "total"):
		return AmountBound(DefaultCurrency)
	case has("rate", "discount"):
		return RateBound()
	case has("hours"):
		return HoursBound()
	}
	return QuantityBound(3)
}

// ValidInput checks the text (CheckText) and the numbers (CheckNumbers) of an input and returns
// the *ValidationError naming every bad field, or nil. A Service calls it on what it is given
// before it reads or writes anything, so the outcome never depends on the store.
func ValidInput(field string, value any) error {
	var v ValidationError
	v.CheckText(field, value)
	v.CheckNumbers(field, value)
	return v.Err()
}
