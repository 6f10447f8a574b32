package policylab_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/policylab"
)

// Replaying a small history under a candidate calendar that closes one Thursday: the complaint
// acknowledged that Thursday was late under A and is on time under B.
func ExampleLab_Replay() {
	t := &testing.T{}
	h := newHistory(t)
	a, b := sides(t)
	lab, err := policylab.NewLab(h.store, &policylab.Options{AsOf: utc(30, 0, 0)})
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := lab.Replay(context.Background(), []dealerkit.DealerID{h.dealer}, a, b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Totals[policylab.KindDeadline], rep.Totals[policylab.KindEscalation])
	for _, o := range rep.Changes() {
		if o.Kind == policylab.KindEscalation {
			fmt.Printf("%s: %s -> %s\n", o.Kind, o.A, o.B)
		}
	}
	// Output:
	// {4 4 0} {1 1 0}
	// complaint.escalations: 3 escalations -> 2 escalations
}

// A combined policy file: each package's history in its own form, permissions as changes to the
// regulation's table.
func ExampleParsePolicy() {
	p, err := policylab.ParsePolicy("candidate", []byte(`{
	  "parts": [{"version": "fifo", "effective": "2025-01-01T00:00:00Z", "rules": {"valuation": "fifo",
	    "rounding": {"places": 2, "mode": "half_up"}, "demand_window_days": 90, "safety_stock_days": "7",
	    "review_period_days": "14", "recount": {"over_value": "200", "over_rate": "0.05"}, "obsolete_after_months": 12}}],
	  "permissions": [{"version": "close-by-manager", "effective": "2025-01-01T00:00:00Z",
	    "rules": {"complaints.close": {"roles": ["manager"]}}}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	perms := p.Permissions.All()[0].Rules
	fmt.Println(p.Parts.All()[0].Rules.Valuation, perms.Grant(dealerkit.ActionCloseComplaint).Roles)
	_, err = policylab.ParsePolicy("typo", []byte(`{"permissions": [{"version": "x", "effective": "2025-01-01T00:00:00Z",
	  "rules": {"complaints.clsoe": {"roles": ["manager"]}}}]}`))
	fmt.Println(err != nil)
	// Output:
	// fifo manager
	// true
}

// Events whose §3 action the log does not name cannot be judged under either role table: the
// report counts them in groups by kind, reference and reason, each with its first records
// (Options.UnreplayableSamples, 20 by default), rather than listing millions of identical rows.
func ExampleReport_unreplayable() {
	src, dealers := unreplayableLogs() // six dealers' logs
	lab, err := policylab.NewLab(src, &policylab.Options{UnreplayableSamples: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := lab.Replay(context.Background(), dealers, policylab.Policy{Name: "A"}, policylab.Policy{Name: "B"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Totals[policylab.KindPermission])
	for _, g := range rep.Unreplayable {
		fmt.Printf("%s %s: %q x%d, first seq %d and %d\n", g.Kind, g.Ref, g.Reason, g.Count, g.Samples[0].Seq, g.Samples[1].Seq)
	}
	// Output:
	// {71 0 238}
	// permission complaint.closed: "the event does not record the actor's roles" x68, first seq 4 and 9
	// permission reservation.created: "the log does not say which §3 action recorded reservation.created" x139, first seq 2 and 3
	// permission stock.reversed: "the log does not say which §3 action recorded stock.reversed" x31, first seq 5 and 10
}
