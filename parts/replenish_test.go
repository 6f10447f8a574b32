package parts

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// §3.4(2): replenishment from average daily demand, lead time and safety stock, worked by hand
// with the default policy (90-day window, 7 days of safety stock, 14-day review period):
//
//	demand 135 sets in 90 days     daily 1.5
//	safety stock  1.5 × 7          = 10.5  → 11 (whole sets, rounded up)
//	reorder point 1.5 × 5 + 10.5   = 18
//	max           18 + 1.5 × 14    = 39
//	position      on-hand 20 + on order 4 − reserved 3 − back-ordered 2 = 19: above 18, no order
//	after 2 more issued: 17 ≤ 18 → order 39 − 17 = 22
func TestReplenishment_Clause3_4_ReorderPointAndMinMax(t *testing.T) {
	e := newEnv(t, nil)
	p := e.part("5Q0 698 151 B", UnitSet, "A-01") // 5-day lead time
	pol := DefaultPolicy()
	in := PlanInput{Part: p, OnHand: dec("20"), OnOrder: dec("4"), Reserved: dec("3"), BackOrdered: dec("2"), Demand: dec("135")}
	l := Plan(in, pol)
	requireDec(t, "1.5", l.DailyDemand)
	requireDec(t, "11", l.SafetyStock)
	requireDec(t, "18", l.ReorderPoint)
	requireDec(t, "39", l.Max)
	requireDec(t, "19", l.Position)
	requireDec(t, "0", l.Suggested)
	in.OnHand = dec("18")
	l = Plan(in, pol)
	requireDec(t, "22", l.Suggested)
	require.Equal(t, e.supplier.ID(), l.Supplier)
	require.Equal(t, 5, l.LeadTimeDays)

	// Litres are ordered to the litre's scale, rounded up.
	oil := e.part("G 052 195 M4", UnitLitre, "OIL")
	l = Plan(PlanInput{Part: oil, OnHand: dec("1"), Demand: dec("100")}, pol) // 1.1111 a day
	requireDec(t, "1.1111", l.DailyDemand)
	requireDec(t, "13.334", l.ReorderPoint) // 5.5555 + 7.7777 = 13.3332 → 13.334
	requireDec(t, "28.889", l.Max)          // + 15.5554 = 28.8886 → 28.889
	requireDec(t, "27.889", l.Suggested)

	// A part's manual min/max replaces the computed levels.
	manual, err := e.svc.AddPart(e.ctx, e.clerk, PartInput{Number: "WB-2", Name: Name{En: "wipers"}, Unit: UnitPair, Category: "body", Bin: "W",
		Min: dec("4"), Max: dec("10"), Sources: []Source{{Supplier: e.supplier.ID(), LeadTimeDays: 2}}})
	require.NoError(t, err)
	l = Plan(PlanInput{Part: manual, OnHand: dec("4"), Demand: dec("900")}, pol)
	require.True(t, l.Manual)
	requireDec(t, "6", l.Suggested)

	// With no demand and nothing waiting, nothing is suggested.
	l = Plan(PlanInput{Part: p}, pol)
	requireDec(t, "0", l.Suggested)
	require.Empty(t, Suggest([]PlanLine{l}))
}

// §3.4(2): the Service plans from the ledger: demand is the net issues of the window, and parts
// to reorder are grouped into suggested purchase orders by supplier.
func TestReplenishment_Clause3_4_SuggestedPurchaseOrders(t *testing.T) {
	e := newEnv(t, nil)
	p := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(p, "30", "300")
	r, _ := e.approved(partLine("5Q0 698 151 B", "27"))
	_, err := e.issue(r, 0, "27")
	require.NoError(t, err)
	_, err = e.svc.Return(e.ctx, e.clerk, ReturnInput{Key: e.key(), Order: r.id, Line: r.parts[0], Quantity: dec("9")})
	require.NoError(t, err)
	e.clock.Advance(24 * time.Hour)
	// Net demand 18 in 90 days: 0.2 a day; reorder point 0.2 × 5 + 1.4 = 2.4 → 3; max 5.2 → 6.
	plan, err := e.svc.Plan(e.ctx, e.clerk)
	require.NoError(t, err)
	require.Len(t, plan, 1)
	requireDec(t, "0.2", plan[0].DailyDemand)
	requireDec(t, "3", plan[0].ReorderPoint)
	requireDec(t, "12", plan[0].Position)
	requireDec(t, "0", plan[0].Suggested)
	e.approved(partLine("5Q0 698 151 B", "10"))
	sugg, err := e.svc.SuggestPurchases(e.ctx, e.clerk)
	require.NoError(t, err)
	require.Len(t, sugg, 1)
	requireDec(t, "4", sugg[0].Lines[0].Suggested) // position 12 − 10 held = 2 ≤ 3 → 6 − 2
}

// §3.4.1, §3.4(2): suggestions become draft purchase orders, priced at the cost last agreed with
// the supplier, for the clerk to review and place.
func TestReplenishment_Clause3_4_1_DraftPurchaseOrders(t *testing.T) {
	e := newEnv(t, nil)
	p := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(p, "1", "312.5000")
	e.approved(partLine("5Q0 698 151 B", "4")) // 3 back-ordered
	e.part("NO-COST-1", UnitPiece, "B")        // suggested nothing: no demand
	drafts, err := e.svc.DraftPurchaseOrders(e.ctx, e.clerk)
	require.NoError(t, err)
	require.Len(t, drafts, 1)
	require.Equal(t, PODraft, drafts[0].State())
	l := drafts[0].Lines()[0]
	requireDec(t, "3", l.Quantity)
	requireDec(t, "312.5000", l.UnitCost)
	_, err = e.svc.DraftPurchaseOrders(e.ctx, e.tech)
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
}
