package dealerkit_test

import (
	"errors"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/shopspring/decimal"
)

// Bounded numbers: every quantity and amount has a documented bound on size and scale, refused
// beyond it as out of range, and the check is quick however far beyond the number lies.
func TestBound_SizeAndScale(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    dealerkit.Bound
		d    string
		ok   bool
	}{
		{"hours to the hundredth", dealerkit.HoursBound(), "0.25", true},
		{"1e-30 hours", dealerkit.HoursBound(), "1e-30", false},
		{"trailing zeros are not places", dealerkit.HoursBound(), "1.5000000000", true},
		{"a thousand hours", dealerkit.HoursBound(), "1000", true},
		{"more than a thousand hours", dealerkit.HoursBound(), "1000.01", false},
		{"a price of 1e10000", dealerkit.PriceBound("CNY"), "1e10000", false},
		{"a price to 0.0001 yuan", dealerkit.PriceBound("CNY"), "12.3456", true},
		{"a price to 0.00001 yuan", dealerkit.PriceBound("CNY"), "12.34567", false},
		{"yen have no sen in an amount", dealerkit.AmountBound("JPY"), "100.5", false},
		{"dinar have three places", dealerkit.AmountBound("KWD"), "100.125", true},
		{"an amount of 10^15 yuan", dealerkit.AmountBound(""), "1000000000000000", true},
		{"beyond 10^15 yuan", dealerkit.AmountBound(""), "1000000000000000.01", false},
		{"a price of 10^14 yuan", dealerkit.PriceBound(""), "100000000000000", true},
		{"beyond 10^14 yuan", dealerkit.PriceBound(""), "100000000000000.0001", false},
		{"pieces have no places", dealerkit.QuantityBound(0), "1.5", false},
		{"litres to the millilitre", dealerkit.QuantityBound(3), "4.125", true},
		{"a stock adjustment of 1e10000", dealerkit.QuantityBound(3), "1e10000", false},
		{"negative sizes are bounded too", dealerkit.QuantityBound(3), "-1e7", false},
		{"a far-off exponent is refused at once", dealerkit.QuantityBound(3), "1e-1000000000", false},
		{"and a far-off size", dealerkit.QuantityBound(3), "1e1000000000", false},
		{"zero at any exponent", dealerkit.QuantityBound(0), "0e-1000000000", true},
		{"a rate", dealerkit.RateBound(), "0.1300", true},
	} {
		d, err := decimal.NewFromString(tc.d)
		switch tc.d { // beyond what the decimal parser reads, but a host may build them
		case "1e-1000000000":
			d, err = decimal.New(1, -1000000000), nil
		case "1e1000000000":
			d, err = decimal.New(1, 1000000000), nil
		case "0e-1000000000":
			d, err = decimal.New(0, -1000000000), nil
		}
		if err != nil {
			t.Fatal(err)
		}
		code, _ := tc.b.Fault(d)
		if (code == "") != tc.ok {
			t.Errorf("%s: Fault(%s) = %q, want ok=%v", tc.name, tc.d, code, tc.ok)
		}
		if !tc.ok && code != dealerkit.ReasonOutOfRange {
			t.Errorf("%s: code %q", tc.name, code)
		}
	}
}

// CheckNumbers picks the bound by field name, and ValidInput reports numbers and text together.
func TestValidInput_NumbersByFieldName(t *testing.T) {
	type line struct {
		Quantity  decimal.Decimal
		UnitCost  decimal.Decimal
		Discount  decimal.Decimal
		Reference string
	}
	err := dealerkit.ValidInput("", struct{ Lines []line }{[]line{{
		Quantity: decimal.RequireFromString("1e10000"), UnitCost: decimal.RequireFromString("1.00001"),
		Discount: decimal.RequireFromString("2"), Reference: "a\x00"}}})
	v, ok := err.(*dealerkit.ValidationError)
	if !ok {
		t.Fatalf("want a *ValidationError, got %v", err)
	}
	for _, f := range []string{"lines[0].quantity", "lines[0].unit_cost", "lines[0].discount", "lines[0].reference"} {
		if !v.Has(f) {
			t.Errorf("want %s in %v", f, v.Fields)
		}
	}
	for _, f := range v.Fields {
		if len(f.Value) > 80 {
			t.Errorf("value %q is too long for a message", f.Value)
		}
	}
}

// §9: a policy file's tax rate is bounded like any input: beyond RateBound in places or size it
// is refused as out of range, before the range check reads it.
func TestTax_Clause9_RateBounded(t *testing.T) {
	for _, s := range []string{"1e10000", "1e-30", "0.13001"} {
		err := dealerkit.Tax{Rate: decimal.RequireFromString(s)}.Validate()
		var ve *dealerkit.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "tax.rate" || ve.Fields[0].Code != dealerkit.ReasonOutOfRange {
			t.Errorf("rate %s: %v, want tax.rate out of range", s, err)
		}
	}
	if err := (dealerkit.Tax{Rate: decimal.RequireFromString("0.0925")}).Validate(); err != nil {
		t.Error(err)
	}
}
