package policylab

import (
	"testing"

	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/shopspring/decimal"
)

// TestCostChartPrintsExactMoney: the reward-cost chart's text is formatted from the decimal, to the
// cent; float64 (which cannot hold 1234567890123456.78, nor 0.10 as typed) is for bar geometry only.
func TestCostChartPrintsExactMoney(t *testing.T) {
	d := decimal.RequireFromString
	r := &Report{
		CostA: appraisal.Cost{Reward: d("1234567890123456.78"), Penalty: d("0.1")},
		CostB: appraisal.Cost{Reward: d("12.5"), Penalty: d("0")},
	}
	var cost *chart
	for _, c := range r.charts() {
		if c.ID == "chart-cost" {
			cost = &c
		}
	}
	if cost == nil {
		t.Fatal("no chart-cost")
	}
	want := map[string]bool{
		"reward A: 1234567890123456.78": false, "penalty A: 0.10": false,
		"reward B: 12.50": false, "penalty B: 0.00": false,
	}
	for _, b := range cost.Bars {
		if _, ok := want[b.Title]; !ok {
			t.Errorf("bar title %q", b.Title)
		}
		want[b.Title] = true
	}
	for title, seen := range want {
		if !seen {
			t.Errorf("no bar titled %q", title)
		}
	}
	if got := cost.Labels[0].Text; got != "1234567890123456.78" {
		t.Errorf("axis maximum %q, want 1234567890123456.78", got)
	}
}
