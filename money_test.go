package dealerkit_test

import (
	"encoding/json"
	"errors"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Money rounding (DESIGN: "rounding happens at named points with a documented mode"): each mode
// on the cases where they part ways, at 2 places (分).
func TestRounding_ModesGolden(t *testing.T) {
	modes := []dealerkit.RoundingMode{dealerkit.HalfUp, dealerkit.HalfEven, dealerkit.Down, dealerkit.Up}
	for _, tc := range []struct {
		in   string
		want [4]string // HalfUp, HalfEven, Down, Up
	}{
		{"0.125", [4]string{"0.13", "0.12", "0.12", "0.13"}},      // half, even digit below
		{"0.135", [4]string{"0.14", "0.14", "0.13", "0.14"}},      // half, odd digit below
		{"-0.125", [4]string{"-0.13", "-0.12", "-0.12", "-0.13"}}, // half away from zero / towards zero
		{"-0.135", [4]string{"-0.14", "-0.14", "-0.13", "-0.14"}},
		{"2.675", [4]string{"2.68", "2.68", "2.67", "2.68"}}, // 2.675 is 2.67499… as a float64
		{"2.665", [4]string{"2.67", "2.66", "2.66", "2.67"}},
		{"1.005", [4]string{"1.01", "1.00", "1.00", "1.01"}}, // 1.00499… as a float64
		{"1.001", [4]string{"1.00", "1.00", "1.00", "1.01"}}, // below half: only Up moves
		{"-1.001", [4]string{"-1.00", "-1.00", "-1.00", "-1.01"}},
		{"1.009", [4]string{"1.01", "1.01", "1.00", "1.01"}},     // above half: only Down stays
		{"0.1250001", [4]string{"0.13", "0.13", "0.12", "0.13"}}, // just above half
		{"0.1249999", [4]string{"0.12", "0.12", "0.12", "0.13"}}, // just below half
		{"13", [4]string{"13.00", "13.00", "13.00", "13.00"}},    // exact: unchanged
		{"-7.50", [4]string{"-7.50", "-7.50", "-7.50", "-7.50"}},
		{"0", [4]string{"0.00", "0.00", "0.00", "0.00"}},
		{"99999999.995", [4]string{"100000000.00", "100000000.00", "99999999.99", "100000000.00"}},
	} {
		for i, m := range modes {
			r := dealerkit.Rounding{Places: 2, Mode: m}
			got := r.Round(dec(tc.in))
			if !got.Equal(dec(tc.want[i])) {
				t.Errorf("%s.Round(%s) = %s, want %s", m, tc.in, got, tc.want[i])
			}
		}
	}
}

func TestRounding_Places(t *testing.T) {
	for _, tc := range []struct {
		places int32
		mode   dealerkit.RoundingMode
		in     string
		want   string
	}{
		{0, dealerkit.HalfUp, "2.5", "3"},
		{0, dealerkit.HalfEven, "2.5", "2"},
		{0, dealerkit.HalfEven, "3.5", "4"},
		{0, dealerkit.HalfUp, "-2.5", "-3"},
		{1, dealerkit.HalfUp, "0.05", "0.1"},
		{3, dealerkit.Down, "1.23456", "1.234"},
		{4, dealerkit.HalfUp, "1.23455", "1.2346"},
		{4, dealerkit.HalfEven, "1.23445", "1.2344"},
		{4, dealerkit.Up, "0.00001", "0.0001"},
	} {
		got := dealerkit.Rounding{Places: tc.places, Mode: tc.mode}.Round(dec(tc.in))
		if !got.Equal(dec(tc.want)) {
			t.Errorf("{%d %s}.Round(%s) = %s, want %s", tc.places, tc.mode, tc.in, got, tc.want)
		}
	}
}

func TestDefaults_HalfUp2AndInclusive13(t *testing.T) {
	if r := dealerkit.DefaultRounding(); r.Places != 2 || r.Mode != dealerkit.HalfUp {
		t.Errorf("DefaultRounding() = %+v, want half-up to 2 places", r)
	}
	tax := dealerkit.DefaultTax()
	if !tax.Rate.Equal(dec("0.13")) || !tax.Inclusive {
		t.Errorf("DefaultTax() = %v inclusive %v, want 0.13 inclusive", tax.Rate, tax.Inclusive)
	}
	if err := dealerkit.DefaultRounding().Validate(); err != nil {
		t.Errorf("default rounding invalid: %v", err)
	}
	if err := tax.Validate(); err != nil {
		t.Errorf("default tax invalid: %v", err)
	}
}

func TestRounding_Validate(t *testing.T) {
	for _, m := range []dealerkit.RoundingMode{dealerkit.HalfUp, dealerkit.HalfEven, dealerkit.Down, dealerkit.Up} {
		for p := int32(0); p <= 4; p++ {
			if err := (dealerkit.Rounding{Places: p, Mode: m}).Validate(); err != nil {
				t.Errorf("{%d %s} refused: %v", p, m, err)
			}
		}
	}
	for _, tc := range []struct {
		r    dealerkit.Rounding
		want []string
	}{
		{dealerkit.Rounding{Places: 5, Mode: dealerkit.HalfUp}, []string{"rounding.places"}},
		{dealerkit.Rounding{Places: -1, Mode: dealerkit.HalfUp}, []string{"rounding.places"}},
		{dealerkit.Rounding{Places: 2, Mode: 0}, []string{"rounding.mode"}},
		{dealerkit.Rounding{Places: 2, Mode: dealerkit.Up + 1}, []string{"rounding.mode"}},
		{dealerkit.Rounding{}, []string{"rounding.mode"}},
		{dealerkit.Rounding{Places: 9, Mode: 7}, []string{"rounding.places", "rounding.mode"}}, // both at once
	} {
		if got := validationFields(t, tc.r.Validate()); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: fields %v, want %v", tc.r, got, tc.want)
		}
	}
}

func TestRoundingMode_Text(t *testing.T) {
	names := map[dealerkit.RoundingMode]string{
		dealerkit.HalfUp: "half_up", dealerkit.HalfEven: "half_even", dealerkit.Down: "down", dealerkit.Up: "up",
	}
	for m, name := range names {
		if m.String() != name {
			t.Errorf("%d.String() = %q, want %q", m, m.String(), name)
		}
		b, err := m.MarshalText()
		if err != nil || string(b) != name {
			t.Errorf("MarshalText = %s, %v", b, err)
		}
		var back dealerkit.RoundingMode
		if err := back.UnmarshalText([]byte(name)); err != nil || back != m {
			t.Errorf("UnmarshalText(%q) = %v, %v", name, back, err)
		}
	}
	// An unset mode is "" both ways (never an error to encode); Rounding.Validate refuses it.
	var unset dealerkit.RoundingMode = dealerkit.Down
	if b, err := dealerkit.RoundingMode(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("RoundingMode(0).MarshalText() = %q, %v; want \"\"", b, err)
	}
	if err := unset.UnmarshalText(nil); err != nil || unset != 0 {
		t.Errorf("UnmarshalText(\"\") = %v, %v; want unset", unset, err)
	}
	for _, bad := range []string{"HALF_UP", "halfup", "bankers", "RoundingMode(0)"} {
		m := dealerkit.Down
		if err := m.UnmarshalText([]byte(bad)); !errors.Is(err, dealerkit.ErrInvalid) {
			t.Errorf("UnmarshalText(%q) = %v, want ErrInvalid", bad, err)
		}
		if m != dealerkit.Down {
			t.Errorf("refused UnmarshalText(%q) changed the mode to %v", bad, m)
		}
	}
	if got := dealerkit.RoundingMode(0).String(); got != "RoundingMode(0)" {
		t.Errorf("RoundingMode(0).String() = %q", got)
	}

	// A dealer's rounding in its policy file.
	var r dealerkit.Rounding
	if err := json.Unmarshal([]byte(`{"places":0,"mode":"half_even"}`), &r); err != nil {
		t.Fatal(err)
	}
	if r != (dealerkit.Rounding{Places: 0, Mode: dealerkit.HalfEven}) {
		t.Errorf("unmarshalled %+v", r)
	}
	b, err := json.Marshal(dealerkit.DefaultRounding())
	if err != nil || string(b) != `{"places":2,"mode":"half_up"}` {
		t.Errorf("marshal default rounding = %s, %v", b, err)
	}
}

func TestTax_Validate(t *testing.T) {
	for _, ok := range []string{"0", "0.13", "0.06", "0.9999"} {
		if err := (dealerkit.Tax{Rate: dec(ok)}).Validate(); err != nil {
			t.Errorf("rate %s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"1", "1.00", "1.13", "13", "-0.01", "-1"} {
		err := (dealerkit.Tax{Rate: dec(bad), Inclusive: true}).Validate()
		if got := validationFields(t, err); !slices.Equal(got, []string{"tax.rate"}) {
			t.Errorf("rate %s: fields %v", bad, got)
		}
	}
}

// Worked numbers for the tax split at the default 13% VAT (DESIGN: prices inclusive by default).
func TestTax_SplitGolden(t *testing.T) {
	halfUp := dealerkit.DefaultRounding()
	halfEven := dealerkit.Rounding{Places: 2, Mode: dealerkit.HalfEven}
	incl := dealerkit.DefaultTax()
	excl := dealerkit.Tax{Rate: dec("0.13")}
	for _, tc := range []struct {
		name            string
		tax             dealerkit.Tax
		r               dealerkit.Rounding
		amount          string
		net, vat, gross string
	}{
		{"inclusive 113.00", incl, halfUp, "113.00", "100.00", "13.00", "113.00"},
		// 100 × 0.13 / 1.13 = 11.504424…
		{"inclusive 100.00", incl, halfUp, "100.00", "88.50", "11.50", "100.00"},
		{"exclusive 100.00", excl, halfUp, "100.00", "100.00", "13.00", "113.00"},
		// 1000 × 0.13 / 1.13 = 115.044247…
		{"inclusive 1000.00", incl, halfUp, "1000.00", "884.96", "115.04", "1000.00"},
		// 1.00 × 0.13 / 1.13 = 0.115044…
		{"inclusive 1.00", incl, halfUp, "1.00", "0.88", "0.12", "1.00"},
		{"inclusive 1.00 down", incl, dealerkit.Rounding{Places: 2, Mode: dealerkit.Down}, "1.00", "0.89", "0.11", "1.00"},
		// A refund splits symmetrically.
		{"inclusive refund", incl, halfUp, "-113.00", "-100.00", "-13.00", "-113.00"},
		{"inclusive refund 100", incl, halfUp, "-100.00", "-88.50", "-11.50", "-100.00"},
		// Half-up and half-even part on an exact half cent: 12.50 × 0.13 = 1.625.
		{"exclusive 12.50 half-up", excl, halfUp, "12.50", "12.50", "1.63", "14.13"},
		{"exclusive 12.50 half-even", excl, halfEven, "12.50", "12.50", "1.62", "14.12"},
		// An unrounded inclusive line: 0.565 × 0.13 / 1.13 = 0.065 exactly.
		{"inclusive 0.565 half-up", incl, halfUp, "0.565", "0.495", "0.07", "0.565"},
		{"inclusive 0.565 half-even", incl, halfEven, "0.565", "0.505", "0.06", "0.565"},
		// 6% exclusive: 99.99 × 0.06 = 5.9994.
		{"exclusive 6%", dealerkit.Tax{Rate: dec("0.06")}, halfUp, "99.99", "99.99", "6.00", "105.99"},
		// Whole yuan: 11.504… → 12.
		{"inclusive to 0 places", incl, dealerkit.Rounding{Places: 0, Mode: dealerkit.HalfUp}, "100", "88", "12", "100"},
		{"zero rate", dealerkit.Tax{Rate: decimal.Zero, Inclusive: true}, halfUp, "57.30", "57.30", "0.00", "57.30"},
		{"zero amount", incl, halfUp, "0", "0", "0", "0"},
	} {
		s := tc.tax.Split(dec(tc.amount), tc.r)
		if !s.Net.Equal(dec(tc.net)) || !s.Tax.Equal(dec(tc.vat)) || !s.Gross.Equal(dec(tc.gross)) {
			t.Errorf("%s: Split(%s) = net %s tax %s gross %s; want %s %s %s",
				tc.name, tc.amount, s.Net, s.Tax, s.Gross, tc.net, tc.vat, tc.gross)
		}
	}
}

// The tax of the split is always at its places, keeping trailing zeros for the invoice.
func TestTax_SplitTaxScale(t *testing.T) {
	s := dealerkit.DefaultTax().Split(dec("113.00"), dealerkit.DefaultRounding())
	if got := s.Tax.StringFixed(2); got != "13.00" {
		t.Errorf("tax = %s", got)
	}
	if got := s.Net.StringFixed(2); got != "100.00" {
		t.Errorf("net = %s", got)
	}
}

// exactRound rounds x to places with mode, computed on exact rationals: the reference the
// library's decimal arithmetic must agree with.
func exactRound(x *big.Rat, places int32, mode dealerkit.RoundingMode) decimal.Decimal {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	y := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	num := new(big.Int).Abs(y.Num())
	q, rem := new(big.Int).QuoRem(num, y.Denom(), new(big.Int))
	if rem.Sign() != 0 {
		c := new(big.Int).Lsh(rem, 1).Cmp(y.Denom())
		var up bool
		switch mode {
		case dealerkit.HalfUp:
			up = c >= 0
		case dealerkit.HalfEven:
			up = c > 0 || c == 0 && q.Bit(0) == 1
		case dealerkit.Down:
			up = false
		case dealerkit.Up:
			up = true
		}
		if up {
			q.Add(q, big.NewInt(1))
		}
	}
	if y.Sign() < 0 {
		q.Neg(q)
	}
	return decimal.NewFromBigInt(q, -places)
}

// randomAmount returns a decimal with 0 to 4 places and up to 12 integer digits, of either sign.
func randomAmount(rng *rand.Rand) decimal.Decimal {
	exp := -int32(rng.IntN(5))
	digits := rng.Int64N(1_000_000_000_000_000)
	if rng.IntN(8) == 0 {
		digits = rng.Int64N(1000) // small amounts are where rounding bites
	}
	if rng.IntN(5) == 0 {
		digits = -digits
	}
	return decimal.New(digits, exp)
}

// Property (seeded, so reproducible): for any amount, rate, mode and places, net + tax = gross
// exactly, the side given is kept, and the tax is the exactly rounded value of the true tax.
func TestTax_SplitProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240613, 13))
	rates := []string{"0", "0.03", "0.06", "0.09", "0.13", "0.17", "0.5", "0.99", "0.0725", "0.123456789"}
	modes := []dealerkit.RoundingMode{dealerkit.HalfUp, dealerkit.HalfEven, dealerkit.Down, dealerkit.Up}
	one := big.NewRat(1, 1)
	for i := 0; i < 20000; i++ {
		amount := randomAmount(rng)
		tax := dealerkit.Tax{Rate: dec(rates[rng.IntN(len(rates))]), Inclusive: rng.IntN(2) == 0}
		r := dealerkit.Rounding{Places: int32(rng.IntN(5)), Mode: modes[rng.IntN(len(modes))]}
		s := tax.Split(amount, r)

		if !s.Net.Add(s.Tax).Equal(s.Gross) {
			t.Fatalf("%v %+v %s: net %s + tax %s != gross %s", tax, r, amount, s.Net, s.Tax, s.Gross)
		}
		var exact *big.Rat
		if tax.Inclusive {
			if !s.Gross.Equal(amount) {
				t.Fatalf("inclusive: gross %s != amount %s", s.Gross, amount)
			}
			exact = new(big.Rat).Mul(amount.Rat(), tax.Rate.Rat())
			exact.Quo(exact, new(big.Rat).Add(one, tax.Rate.Rat()))
		} else {
			if !s.Net.Equal(amount) {
				t.Fatalf("exclusive: net %s != amount %s", s.Net, amount)
			}
			exact = new(big.Rat).Mul(amount.Rat(), tax.Rate.Rat())
		}
		if want := exactRound(exact, r.Places, r.Mode); !s.Tax.Equal(want) {
			t.Fatalf("rate %s inclusive %v %+v amount %s: tax %s, exactly rounded %s",
				tax.Rate, tax.Inclusive, r, amount, s.Tax, want)
		}
		if !s.Tax.Equal(s.Tax.Truncate(r.Places)) {
			t.Fatalf("tax %s has more than %d places", s.Tax, r.Places)
		}
		// For an amount already at the rounding's places, the tax never exceeds the gross in
		// size; and it always has the amount's sign (or is zero).
		if amount.Equal(amount.Truncate(r.Places)) && s.Tax.Abs().GreaterThan(s.Gross.Abs()) {
			t.Fatalf("tax %s larger than gross %s", s.Tax, s.Gross)
		}
		if s.Tax.Sign()*amount.Sign() < 0 {
			t.Fatalf("tax %s has the opposite sign of %s", s.Tax, amount)
		}
	}
}

// The reference rounding itself must agree with the golden table, or the property test proves
// nothing.
func TestExactRoundReference(t *testing.T) {
	r, _ := new(big.Rat).SetString("-0.125")
	for m, want := range map[dealerkit.RoundingMode]string{
		dealerkit.HalfUp: "-0.13", dealerkit.HalfEven: "-0.12", dealerkit.Down: "-0.12", dealerkit.Up: "-0.13",
	} {
		if got := exactRound(r, 2, m); !got.Equal(dec(want)) {
			t.Errorf("exactRound(-0.125, %s) = %s, want %s", m, got, want)
		}
	}
}

func TestParseAmount_Refuses(t *testing.T) {
	for _, s := range []string{
		"", " ", "1e3", "1E3", "1.5e-2", "1,000", "1_000", "NaN", "nan", "Inf", "-Inf", "Infinity",
		"12.3.4", " 1", "1 ", "\t1", "1\n", "0x10", "¥12", "12元", "１２", "-", "+", ".", "-.", "--1",
		"1-", "+-1", "1+",
	} {
		d, err := dealerkit.ParseAmount("labour.price", s)
		if !errors.Is(err, dealerkit.ErrInvalid) {
			t.Errorf("ParseAmount(%q) = %s, %v; want ErrInvalid", s, d, err)
			continue
		}
		var ve *dealerkit.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "labour.price" || ve.Fields[0].Value != s {
			t.Errorf("ParseAmount(%q): error %v does not name the field and value", s, err)
		}
	}
}

func TestParseAmount_Accepts(t *testing.T) {
	for _, tc := range []struct {
		in, exact string
		intPart   int64
		exp       int32
	}{
		{"-0.50", "-0.50", -50, -2},
		{"12345678901234.5678", "12345678901234.5678", 123456789012345678, -4},
		{"0", "0", 0, 0},
		{"100", "100", 100, 0},
		{"12.3400", "12.3400", 123400, -4},
		{"+7.1", "7.1", 71, -1},
		{"-0", "0", 0, 0},
	} {
		d, err := dealerkit.ParseAmount("amount", tc.in)
		if err != nil {
			t.Errorf("ParseAmount(%q): %v", tc.in, err)
			continue
		}
		if !d.Equal(decimal.New(tc.intPart, tc.exp)) {
			t.Errorf("ParseAmount(%q) = %s", tc.in, d)
		}
		if got := dealerkit.FormatExact(d); got != tc.exact {
			t.Errorf("FormatExact(ParseAmount(%q)) = %q, want %q", tc.in, got, tc.exact)
		}
	}
	// Larger than any int64 and float64's precision: kept exactly.
	const huge = "98765432109876543210.0123456789"
	d, err := dealerkit.ParseAmount("amount", huge)
	if err != nil || dealerkit.FormatExact(d) != huge {
		t.Errorf("ParseAmount(%s) = %s, %v", huge, dealerkit.FormatExact(d), err)
	}
}

// FormatExact keeps the scale, so a store reads back what it wrote.
func TestFormatExact(t *testing.T) {
	for _, tc := range []struct {
		d    decimal.Decimal
		want string
	}{
		{dec("12.3400"), "12.3400"},
		{dec("100"), "100"},
		{dec("100.00"), "100.00"},
		{dec("-0.50"), "-0.50"},
		{dec("0.000"), "0.000"},
		{dec("0.0001"), "0.0001"},
		{decimal.New(1, 2), "100"},
		{decimal.New(-125, -3), "-0.125"},
		{decimal.Zero, "0"},
	} {
		if got := dealerkit.FormatExact(tc.d); got != tc.want {
			t.Errorf("FormatExact(%s exp %d) = %q, want %q", tc.d, tc.d.Exponent(), got, tc.want)
		}
		if got := string(dealerkit.AppendExact([]byte("x"), tc.d)); got != "x"+tc.want {
			t.Errorf("AppendExact(x, %s exp %d) = %q, want %q", tc.d, tc.d.Exponent(), got, "x"+tc.want)
		}
		// Round trip: parse the text back and it formats the same and is equal.
		back, err := dealerkit.ParseAmount("x", tc.want)
		if err != nil || !back.Equal(tc.d) || dealerkit.FormatExact(back) != tc.want {
			t.Errorf("round trip of %q: %s, %v", tc.want, back, err)
		}
	}
}

func TestExactDecimal_JSONKeepsScale(t *testing.T) {
	type line struct {
		Amount dealerkit.ExactDecimal  `json:"amount"`
		Ptr    *dealerkit.ExactDecimal `json:"ptr"`
	}
	p := dealerkit.ExactDecimal(dec("100"))
	b, err := json.Marshal(line{Amount: dealerkit.ExactDecimal(dec("12.3400")), Ptr: &p})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"amount":"12.3400","ptr":"100"}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	// decimal's own UnmarshalJSON keeps the scale it reads, so the pair round-trips.
	var back struct {
		Amount decimal.Decimal `json:"amount"`
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got := dealerkit.FormatExact(back.Amount); got != "12.3400" {
		t.Errorf("round trip = %q", got)
	}
	for _, s := range []string{"-0.50", "0.00", "12345678901234.5678"} {
		b, _ := json.Marshal(dealerkit.ExactDecimal(dec(s)))
		if string(b) != `"`+s+`"` {
			t.Errorf("ExactDecimal(%s) = %s", s, b)
		}
	}
}

func TestTax_JSON(t *testing.T) {
	var tax dealerkit.Tax
	if err := json.Unmarshal([]byte(`{"rate":"0.06","inclusive":false}`), &tax); err != nil {
		t.Fatal(err)
	}
	if !tax.Rate.Equal(dec("0.06")) || tax.Inclusive {
		t.Errorf("unmarshalled %v %v", tax.Rate, tax.Inclusive)
	}
}

// AppendExact writes what FormatExact returns, on its fast path (coefficients of up to 18 digits)
// and off it: every scale from 20 places to a positive exponent, coefficients around each power
// of ten and the ends of int64, and random ones of up to 30 digits.
func TestAppendExact_IsFormatExact(t *testing.T) {
	coefficients := []*big.Int{big.NewInt(0)}
	ten := big.NewInt(10)
	for p := big.NewInt(1); len(coefficients) < 3*22; p = new(big.Int).Mul(p, ten) {
		coefficients = append(coefficients, p, new(big.Int).Sub(p, big.NewInt(1)), new(big.Int).Add(p, big.NewInt(1)))
	}
	maxInt64 := new(big.Int).SetUint64(1<<63 - 1)
	coefficients = append(coefficients, maxInt64, new(big.Int).Add(maxInt64, big.NewInt(1)))
	rng := rand.New(rand.NewPCG(13, 12))
	for range 2000 {
		c, _ := new(big.Int).SetString(strconv.FormatUint(rng.Uint64(), 10)+strconv.FormatUint(rng.Uint64N(1e12), 10), 10)
		coefficients = append(coefficients, c.Rsh(c, uint(rng.IntN(100))))
	}
	for _, c := range coefficients {
		for _, sign := range []int64{1, -1} {
			for exp := int32(-20); exp <= 3; exp++ {
				d := decimal.NewFromBigInt(new(big.Int).Mul(c, big.NewInt(sign)), exp)
				want := "[" + dealerkit.FormatExact(d)
				if got := string(dealerkit.AppendExact([]byte("["), d)); got != want {
					t.Fatalf("AppendExact of %s×10^%d = %q, FormatExact %q", d.Coefficient(), exp, got, want)
				}
			}
		}
	}
}
