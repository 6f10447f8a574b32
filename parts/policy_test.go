package parts

import (
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §9: the parts policy is a versioned plain struct with documented defaults, loaded from JSON and
// validated whole.
func TestPolicy_Clause9_DefaultsJSONAndValidation(t *testing.T) {
	require.NoError(t, DefaultPolicy().Validate())
	vs, err := ParsePolicies([]byte(`[{"version": "2026-fifo", "effective": "2026-01-01T00:00:00+08:00", "rules": {
		"valuation": "fifo", "rounding": {"places": 2, "mode": "half_up"}, "demand_window_days": 60,
		"safety_stock_days": "5", "review_period_days": "7", "recount": {"over_value": "100.00", "over_rate": "0.02"},
		"obsolete_after_months": 18}}]`))
	require.NoError(t, err)
	v, err := vs.At(t0)
	require.NoError(t, err)
	require.Equal(t, FIFO, v.Rules.Valuation)
	require.Equal(t, 60, v.Rules.DemandWindowDays)
	requireDec(t, "100.00", v.Rules.Recount.OverValue)

	_, err = ParsePolicies([]byte(`[{"version": "bad", "effective": "2026-01-01T00:00:00Z", "rules": {
		"valuation": "lifo", "rounding": {"places": 9, "mode": "half_up"}, "demand_window_days": 0,
		"safety_stock_days": "-1", "review_period_days": "1", "recount": {"over_value": "1", "over_rate": "-0.1"},
		"obsolete_after_months": 0}}]`))
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	p := DefaultPolicy()
	p.DemandWindowDays, p.SafetyStockDays, p.Recount.OverRate, p.ObsoleteAfterMonths, p.Valuation = 0, dec("-1"), dec("-0.1"), 0, 0
	err = p.Validate()
	for _, f := range []string{"valuation", "demand_window_days", "safety_stock_days", "recount.over_rate", "obsolete_after_months"} {
		requireField(t, err, f)
	}
	// A version applies from its date only (§9.1): before it, postings use the defaults.
	fifo := DefaultPolicy()
	fifo.Valuation = FIFO
	late, err := dealerkit.NewVersions(dealerkit.Version[Policy]{Name: "late", Effective: t0.AddDate(1, 0, 0), Rules: fifo})
	require.NoError(t, err)
	e := newEnv(t, &Options{Policy: &dealerkit.Table[Policy]{Default: late}})
	pads := e.part("BP-1", UnitSet, "A")
	posted, err := e.adjust(pads, "1")
	require.NoError(t, err)
	require.Equal(t, MovingAverage, posted.Method())
}

// §3, §3.4, §3.1: the default permission table for the parts actions: everyone may look, the clerk
// and the manager post, only the manager approves adjustments; a dealer may change it.
func TestPermissions_Clause3_4_DefaultTableAndDealerOverride(t *testing.T) {
	e := newEnv(t, nil)
	e.part("BP-1", UnitSet, "A")
	for _, a := range []dealerkit.Actor{e.tech, e.advisor, e.clerk, e.manager} {
		_, err := e.svc.Availability(e.ctx, a, "BP-1")
		require.NoError(t, err, "§3.4(3): accurate parts information for %s", a)
	}
	_, err := e.svc.Availability(e.ctx, e.customer, "BP-1")
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
	for _, a := range []dealerkit.Actor{e.tech, e.advisor, e.customer} {
		e.refused(dealerkit.ErrForbidden, func() error { _, err := e.svc.StartStocktake(e.ctx, a, StocktakeInput{Reason: "x"}); return err })
		e.refused(dealerkit.ErrForbidden, func() error {
			_, err := e.svc.Return(e.ctx, a, ReturnInput{Key: "x", Order: uuid.New(), Line: uuid.New(), Quantity: dec("1")})
			return err
		})
	}
	// A dealer that lets its senior clerk approve adjustments says so in its table.
	senior := mustActor(t, dealerA, staff(9), dealerkit.RolePartsClerk)
	perms := dealerkit.DefaultPermissions().With(dealerkit.ActionApproveAdjustment, dealerkit.Grant{Roles: dealerkit.NewRoleSet(dealerkit.RoleManager, dealerkit.RolePartsClerk)})
	e2 := newEnv(t, &Options{Permissions: &dealerkit.Table[*dealerkit.Permissions]{Dealers: map[dealerkit.DealerID]dealerkit.Versions[*dealerkit.Permissions]{
		dealerA: dealerkit.Single("senior-clerk", perms)}}})
	p2 := e2.part("BP-1", UnitSet, "A")
	_, err = e2.svc.Adjust(e2.ctx, senior, AdjustInput{Key: "a", Part: p2.ID(), Quantity: dec("1"), Reason: "found"})
	require.NoError(t, err)

}

// §3.4.3: stock held for a line in two bins is issued from those bins first, releasing it; the
// rest of a larger line comes from the bin asked for.
func TestIssue_Clause3_4_3_HeldStockAcrossBins(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "1", "300")
	o, err := e.svc.CreatePurchaseOrder(e.ctx, e.clerk, POInput{Supplier: e.supplier.ID(), Lines: []POLineInput{{Part: pads.ID(), Quantity: dec("2"), UnitCost: dec("330")}}})
	require.NoError(t, err)
	require.NoError(t, e.svc.PlaceOrder(e.ctx, e.clerk, o.ID(), t0.AddDate(0, 0, 1)))
	_, err = e.svc.Receive(e.ctx, e.clerk, o.ID(), ReceiptInput{Key: e.key(), Lines: []ReceiptLineInput{{Line: o.Lines()[0].ID, Delivered: dec("2"), Bin: "OVERFLOW"}}})
	require.NoError(t, err)
	r, la := e.approved(partLine("5Q0 698 151 B", "3"))
	requireDec(t, "3", la[0].Reserved)
	requireDec(t, "1", e.row(pads, "A-01").Reserved(), "the default bin first")
	requireDec(t, "2", e.row(pads, "OVERFLOW").Reserved())
	p, err := e.svc.Issue(e.ctx, e.clerk, IssueInput{Key: e.key(), Order: r.id, Line: r.parts[0], Quantity: dec("3")})
	require.NoError(t, err)
	ms := p.Movements()
	require.Len(t, ms, 2)
	requireDec(t, "-960.00", p.Value())
	requireDec(t, "0", e.row(pads, "A-01").Reserved())
	requireDec(t, "0", e.row(pads, "OVERFLOW").Reserved())

	// ReleaseOrder gives back what an order holds.
	e.buy(pads, "2", "300")
	r2, _ := e.approved(partLine("5Q0 698 151 B", "2"))
	requireDec(t, "2", e.row(pads, "A-01").Reserved())
	require.NoError(t, e.svc.ReleaseOrder(e.ctx, e.clerk, r2.id, "customer brings own parts"))
	requireDec(t, "0", e.row(pads, "A-01").Reserved())
	_, err = e.issue(r2, 0, "2") // the line is still approved: unreserved stock can fill it
	require.NoError(t, err)
	o2, _ := e.store.orderGet(r2.id)
	require.Equal(t, aftersales.StateApproved, o2.State())
	e.ledger(dealerA)
}
