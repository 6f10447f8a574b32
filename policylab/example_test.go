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
