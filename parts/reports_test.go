package parts

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// §3.4(4): on-hand and value by part, category and bin, exact to the cent: the total is the sum of
// every movement's value.
func TestReports_Clause3_4_4_ValuationByPartCategoryAndBin(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	discs := e.part("5Q0 615 301 F", UnitPiece, "A-01")
	oil, err := e.svc.AddPart(e.ctx, e.clerk, PartInput{Number: "G 052 195 M4", Name: Name{Zh: "机油"}, Unit: UnitLitre,
		Category: "fluids", Bin: "OIL", Sources: []Source{{Supplier: e.supplier.ID()}}})
	require.NoError(t, err)
	e.buy(pads, "3", "3.3333") // 10.00
	e.buy(discs, "2", "400")   // 800.00
	e.buy(oil, "20.5", "45.1234")
	r, _ := e.approved(partLine("5Q0 698 151 B", "1"))
	_, err = e.issue(r, 0, "1") // 3.33
	require.NoError(t, err)

	rep, err := e.svc.StockValuation(e.ctx, e.tech)
	require.NoError(t, err)
	require.Len(t, rep.ByPart, 3)
	require.Equal(t, []string{"5Q0 615 301 F", "5Q0 698 151 B", "G 052 195 M4"}, []string{rep.ByPart[0].Key, rep.ByPart[1].Key, rep.ByPart[2].Key})
	requireDec(t, "2", rep.ByPart[0].OnHand)
	requireDec(t, "6.67", rep.ByPart[1].Value)
	requireDec(t, "20.5", rep.ByPart[2].OnHand)
	require.Equal(t, []string{"brakes", "fluids"}, []string{rep.ByCategory[0].Key, rep.ByCategory[1].Key})
	requireDec(t, "806.67", rep.ByCategory[0].Value)
	requireDec(t, "925.03", rep.ByCategory[1].Value) // 20.5 × 45.1234 = 925.0297
	require.Equal(t, "A-01", rep.ByBin[0].Key)
	require.Equal(t, 2, rep.ByBin[0].Rows)
	requireDec(t, "1731.70", rep.Total)
	moves, _ := e.store.ListMovements(e.ctx, dealerA, MovementFilter{})
	requireDec(t, rep.Total.String(), sumDec(moves, func(m Movement) decimal.Decimal { return m.Value }))
}

// §3.4(2): turns, days of supply, ageing and obsolescence from the ledger, worked by hand:
//
//	day 0   receipt 10 @ 100.00                       value 1000.00
//	day 10  issue 4: cost 400.00                      value  600.00
//	day 20  return 1: +100.00                         value  700.00
//	turns over [day 5, day 30): COGS 400 − 100 = 300; opening 1000, closing 700, average 850.00;
//	  300 / 850 = 0.3529; annualised 300 × 365 / (850 × 25) = 5.15
func TestReports_Clause3_4_TurnsDaysOfSupplyAndAgeing(t *testing.T) {
	e := newEnv(t, nil)
	p := e.part("5Q0 698 151 B", UnitSet, "A-01")
	old := e.part("1J0 411 105 AB", UnitPiece, "Z-99")
	e.buy(old, "2", "50")
	start := e.clock.Peek()
	e.buy(p, "10", "100")
	r, _ := e.approved(partLine("5Q0 698 151 B", "4"))
	e.clock.Advance(10 * 24 * time.Hour)
	_, err := e.issue(r, 0, "4")
	require.NoError(t, err)
	e.clock.Advance(10 * 24 * time.Hour)
	_, err = e.svc.Return(e.ctx, e.clerk, ReturnInput{Key: e.key(), Order: r.id, Line: r.parts[0], Quantity: dec("1")})
	require.NoError(t, err)

	from, to := start.Add(5*24*time.Hour), start.Add(30*24*time.Hour)
	tr, err := e.svc.Turns(e.ctx, e.manager, from, to)
	require.NoError(t, err)
	requireDec(t, "1100.00", tr.Opening) // with the 2 old parts at 50.00
	requireDec(t, "800.00", tr.Closing)
	requireDec(t, "950.00", tr.Average)
	requireDec(t, "300.00", tr.COGS)
	requireDec(t, "0.3158", tr.Turns)
	requireDec(t, "4.61", tr.Annualised) // 300 × 365 / (950 × 25)

	// Days of supply: 3 net issued in the 90-day window, 0.0333 a day; 7 on hand last 210.2 days.
	ds, err := e.svc.DaysOfSupply(e.ctx, e.manager)
	require.NoError(t, err)
	require.Len(t, ds, 2)
	require.False(t, ds[0].Measured, "no demand for the old part")
	requireDec(t, "0.0333", ds[1].DailyDemand)
	requireDec(t, "210.2", ds[1].Days)

	// Thirteen months on, both rows are past 365 days; the old one (and now the pads too) obsolete.
	e.clock.Advance(13 * 30 * 24 * time.Hour)
	ag, err := e.svc.Ageing(e.ctx, e.manager)
	require.NoError(t, err)
	require.Equal(t, 2, ag.Buckets[3].Rows)
	requireDec(t, "800.00", ag.Buckets[3].Value)
	require.Len(t, ag.Obsolete, 2)
	requireDec(t, "800.00", ag.ObsoleteValue)

	// Fresh stock is young and not obsolete.
	e.buy(p, "1", "100")
	ag, err = e.svc.Ageing(e.ctx, e.manager)
	require.NoError(t, err)
	require.Equal(t, 1, ag.Buckets[0].Rows)
	require.Len(t, ag.Obsolete, 1)
	require.Equal(t, old.Number(), ag.Obsolete[0].Number)
}
