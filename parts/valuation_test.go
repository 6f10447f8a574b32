package parts

import (
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// step checks the row after a posting: the posting's value, the row's on-hand and value.
func (e *env) step(p *Posting, err error, part *Part, bin, value, onHand, total string) {
	e.t.Helper()
	require.NoError(e.t, err)
	requireDec(e.t, value, p.Value(), "posting value")
	r := e.row(part, bin)
	requireDec(e.t, onHand, r.OnHand(), "on-hand")
	requireDec(e.t, total, r.Value(), "row value")
	e.ledger(dealerA)
}

func (e *env) posting(rc Receipt) *Posting {
	e.t.Helper()
	p, err := e.store.GetPosting(e.ctx, dealerA, rc.Posting)
	require.NoError(e.t, err)
	return p
}

func (e *env) adjust(p *Part, qty string) (*Posting, error) {
	return e.svc.Adjust(e.ctx, e.manager, AdjustInput{Key: e.key(), Part: p.ID(), Quantity: dec(qty), Reason: "found in the wrong bin"})
}

// §3.4.3: issues are costed at the moving average from the row's total value, worked by hand:
//
//	receipt  10 @ 12.3456  value round(123.456) = 123.46        row 10  123.46
//	receipt   5 @ 13.0000  value 65.00                           row 15  188.46
//	issue     4            cost  round(188.46 × 4/15 = 50.256)   row 11  138.20   -50.26
//	return    1 of those 4 cost  round(50.26 × 1/4 = 12.565)     row 12  150.77   +12.57
//	issue    12 (all)      cost  150.77 (the last unit takes the rest)  row 0  0.00
//	adjust   +2 found      value 2 × last receipt cost 13.0000   row  2   26.00
//	adjust   -1 lost       cost  round(26.00 × 1/2)              row  1   13.00
func TestValuation_Clause3_4_3_MovingAverageGolden(t *testing.T) {
	e := newEnv(t, nil)
	p := e.part("BP-100", UnitPiece, "A-01")
	e.step(e.posting(e.buy(p, "10", "12.3456")), nil, p, "A-01", "123.46", "10", "123.46")
	e.step(e.posting(e.buy(p, "5", "13.0000")), nil, p, "A-01", "65.00", "15", "188.46")

	r1, _ := e.approved(partLine("BP-100", "4"))
	pi, err := e.issue(r1, 0, "4")
	e.step(pi, err, p, "A-01", "-50.26", "11", "138.20")
	requireDec(t, "50.26", e.line(r1.id, r1.parts[0]).IssuedCost)

	pr, err := e.svc.Return(e.ctx, e.clerk, ReturnInput{Key: e.key(), Order: r1.id, Line: r1.parts[0], Quantity: dec("1")})
	e.step(pr, err, p, "A-01", "12.57", "12", "150.77")
	l := e.line(r1.id, r1.parts[0])
	requireDec(t, "3", l.Issued)
	requireDec(t, "37.69", l.IssuedCost)

	r2, _ := e.approved(partLine("BP-100", "12"))
	pi, err = e.issue(r2, 0, "12")
	e.step(pi, err, p, "A-01", "-150.77", "0", "0")

	pa, err := e.adjust(p, "2")
	e.step(pa, err, p, "A-01", "26.00", "2", "26.00")
	pa, err = e.adjust(p, "-1")
	e.step(pa, err, p, "A-01", "-13.00", "1", "13.00")
	requireDec(t, "13.0000", e.row(p, "A-01").UnitCost())
}

// §3.4.3: a value that does not split evenly never loses a cent: 3 pieces received for 10.00
// (3 × 3.3333 = 9.9999, rounded at the receipt line) are issued one by one at 3.33, 3.34 and 3.33.
func TestValuation_Clause3_4_3_TheLastUnitTakesTheRemainder(t *testing.T) {
	e := newEnv(t, nil)
	p := e.part("N 909 167 02", UnitPiece, "B-02")
	e.step(e.posting(e.buy(p, "3", "3.3333")), nil, p, "B-02", "10.00", "3", "10.00")
	r, _ := e.approved(partLine("N 909 167 02", "3"))
	for _, want := range []struct{ cost, onHand, value string }{{"-3.33", "2", "6.67"}, {"-3.34", "1", "3.33"}, {"-3.33", "0", "0"}} {
		pi, err := e.issue(r, 0, "1")
		e.step(pi, err, p, "B-02", want.cost, want.onHand, want.value)
	}
	requireDec(t, "10.00", e.line(r.id, r.parts[0]).IssuedCost)
}

// §3.4.3: under FIFO (a dealer policy) issues draw on the oldest cost layers first, each layer
// shared the same way; returns go back to the front of the queue at the cost they left with:
//
//	receipt A 10 @ 12.3456 = 123.46     layers A(10, 123.46)
//	receipt B  5 @ 13.0000 =  65.00     layers A(10, 123.46) B(5, 65.00)
//	issue  4: A round(123.46 × 4/10 = 49.384) = 49.38           A(6, 74.08) B(5, 65.00)   -49.38
//	issue  8: A 6 = 74.08, B round(65 × 2/5) = 26.00           B(3, 39.00)               -100.08
//	return 1 of the 8: round(100.08 × 1/8 = 12.51)            R(1, 12.51) B(3, 39.00)   +12.51
//	issue  2: R 12.51, B round(39 × 1/3) = 13.00               B(2, 26.00)               -25.51
//	adjust +1 found at the row's average round(26 × 1/2)       B(2, 26.00) F(1, 13.00)   +13.00
//	adjust -3: everything                                      none                      -39.00
func TestValuation_Clause3_4_3_FIFOGolden(t *testing.T) {
	fifo := DefaultPolicy()
	fifo.Valuation = FIFO
	e := newEnv(t, &Options{Policy: &dealerkit.Table[Policy]{Default: dealerkit.Single("fifo", fifo)}})
	p := e.part("5Q0 698 151 B", UnitSet, "C-03")
	layers := func(want ...string) {
		t.Helper()
		ls := e.row(p, "C-03").Layers()
		require.Len(t, ls, len(want)/2)
		for i := range ls {
			requireDec(t, want[2*i], ls[i].Quantity)
			requireDec(t, want[2*i+1], ls[i].Value)
		}
	}
	e.step(e.posting(e.buy(p, "10", "12.3456")), nil, p, "C-03", "123.46", "10", "123.46")
	e.step(e.posting(e.buy(p, "5", "13.0000")), nil, p, "C-03", "65.00", "15", "188.46")
	layers("10", "123.46", "5", "65.00")

	r1, _ := e.approved(partLine("5Q0 698 151 B", "4"), partLine("5Q0 698 151 B", "8"), partLine("5Q0 698 151 B", "2"))
	pi, err := e.issue(r1, 0, "4")
	e.step(pi, err, p, "C-03", "-49.38", "11", "139.08")
	layers("6", "74.08", "5", "65.00")

	pi, err = e.issue(r1, 1, "8")
	e.step(pi, err, p, "C-03", "-100.08", "3", "39.00")
	layers("3", "39.00")

	pr, err := e.svc.Return(e.ctx, e.clerk, ReturnInput{Key: e.key(), Order: r1.id, Line: r1.parts[1], Quantity: dec("1")})
	e.step(pr, err, p, "C-03", "12.51", "4", "51.51")
	layers("1", "12.51", "3", "39.00")

	// The third line's 2 were held at approval (14 of 15 reserved); they come from the front of
	// the queue: the returned unit first.
	requireDec(t, "2", e.row(p, "C-03").Reserved())
	pi, err = e.issue(r1, 2, "2")
	e.step(pi, err, p, "C-03", "-25.51", "2", "26.00")
	layers("2", "26.00")

	pa, err := e.adjust(p, "1")
	e.step(pa, err, p, "C-03", "13.00", "3", "39.00")
	layers("2", "26.00", "1", "13.00")

	pa, err = e.adjust(p, "-3")
	e.step(pa, err, p, "C-03", "-39.00", "0", "0")
	layers()
}

// §3.4.3, §9: a dealer that changes its valuation policy keeps every cent: a row kept at the
// moving average becomes one FIFO layer of its on-hand and value on its next movement.
func TestValuation_Clause3_4_3_PolicyChangeConvertsTheRow(t *testing.T) {
	fifo := DefaultPolicy()
	fifo.Valuation = FIFO
	switchAt := t0.AddDate(0, 0, 1)
	vs, err := dealerkit.NewVersions(
		dealerkit.Version[Policy]{Name: "2026-average", Effective: t0.AddDate(-1, 0, 0), Rules: DefaultPolicy()},
		dealerkit.Version[Policy]{Name: "2026-fifo", Effective: switchAt, Rules: fifo})
	require.NoError(t, err)
	e := newEnv(t, &Options{Policy: &dealerkit.Table[Policy]{Default: vs}})
	p := e.part("G 052 195 M4", UnitLitre, "OIL")
	e.buy(p, "10.5", "20.0000") // 210.00
	e.buy(p, "4.5", "22.0000")  // 99.00
	require.Equal(t, MovingAverage, e.row(p, "OIL").Method())
	e.clock.Advance(48 * 60 * 60 * 1e9)
	e.buy(p, "5", "30.0000") // 150.00: the row first becomes one layer (15, 309.00)
	r := e.row(p, "OIL")
	require.Equal(t, FIFO, r.Method())
	ls := r.Layers()
	require.Len(t, ls, 2)
	requireDec(t, "15", ls[0].Quantity)
	requireDec(t, "309.00", ls[0].Value)
	requireDec(t, "459.00", r.Value())
	// 4.5 litres come from the converted layer: round(309 × 4.5/15 = 92.70).
	ro, _ := e.approved(partLine("G 052 195 M4", "4.5"))
	pi, err := e.issue(ro, 0, "4.5")
	e.step(pi, err, p, "OIL", "-92.70", "15.5", "366.30")
}
