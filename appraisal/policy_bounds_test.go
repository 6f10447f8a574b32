package appraisal_test

import (
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/shopspring/decimal"
)

// §9: an appraisal policy file's decimals are bounded like any input (kernel bounds.go): weights,
// band minimums and outcome percentages and scores out of 100 (PercentBound), curve ends as
// quantities, outcome amounts, floors and caps as money. Beyond the bound in size or in places
// each is refused as out of range under its own name, and no other check reads it.
func TestPolicy_Clause9_DecimalsBounded(t *testing.T) {
	for _, bad := range []string{"1e10000", "1e-30"} {
		p := appraisal.DefaultPolicy()
		s := &p.Schemes[0]
		dims := append([]appraisal.Dimension(nil), s.Dimensions...)
		dims[0].Weight = dec(bad)
		dims[1].Curve.Floor = dec(bad)
		dims[2].Curve.Target = dec(bad)
		s.Dimensions = dims
		bands := append([]appraisal.Band(nil), p.Bands...)
		bands[1].Min = dec(bad)
		p.Bands = bands
		s.Outcomes = append(append([]appraisal.Outcome(nil), s.Outcomes...),
			appraisal.Outcome{Grade: "A", Kind: appraisal.OutcomeReward, Basis: appraisal.BasisPercent, Base: "labour_commission",
				Amount: dec(bad), Percent: dec(bad), Floor: dec(bad), Cap: dec(bad), Below: dec(bad)})
		n := itoa(len(s.Outcomes) - 1)
		got := fields(t, p.Validate())
		f := "schemes[" + s.Role + "]"
		for _, field := range []string{
			f + ".dimensions[" + dims[0].Key + "].weight",
			f + ".dimensions[" + dims[1].Key + "].curve.floor",
			f + ".dimensions[" + dims[2].Key + "].curve.target",
			"bands[1].min",
			f + ".outcomes[" + n + "].amount", f + ".outcomes[" + n + "].percent", f + ".outcomes[" + n + "].floor",
			f + ".outcomes[" + n + "].cap", f + ".outcomes[" + n + "].below",
		} {
			if got[field] != dealerkit.ReasonOutOfRange {
				t.Errorf("%s %s: reason %q, want out of range (all %v)", field, bad, got[field], got)
			}
		}
		// A refused weight is not summed: the sum of the rest is no separate fault.
		if _, ok := got[f+".dimensions"]; ok {
			t.Errorf("%s: the weights' sum reported beside the refused weight: %v", bad, got)
		}
	}
	// Places: a weight or a score to five places, a reward amount to the tenth of a fen.
	p := appraisal.DefaultPolicy()
	p.Bands = append([]appraisal.Band(nil), p.Bands...)
	p.Bands[0].Min = dec("90.00001")
	p.Schemes[0].Outcomes = append(append([]appraisal.Outcome(nil), p.Schemes[0].Outcomes...),
		appraisal.Outcome{Grade: "A", Kind: appraisal.OutcomeReward, Basis: appraisal.BasisFixed,
			Amount: dec("100.001"), Percent: decimal.Zero, Floor: decimal.Zero, Cap: decimal.Zero, Below: decimal.Zero})
	got := fields(t, p.Validate())
	n := itoa(len(p.Schemes[0].Outcomes) - 1)
	for _, field := range []string{"bands[0].min", "schemes[" + p.Schemes[0].Role + "].outcomes[" + n + "].amount"} {
		if got[field] != dealerkit.ReasonOutOfRange {
			t.Errorf("%s: reason %q, want out of range (all %v)", field, got[field], got)
		}
	}
	// From a file, too.
	_, err := appraisal.ParsePolicies([]byte(`[{"version": "huge", "effective": "2026-01-01T00:00:00Z", "rules":
		{"schemes": [{"role": "washer", "dimensions": [{"key": "q", "metric": "first_pass", "weight": "1e10000",
		"curve": {"kind": "linear", "floor": "0.5", "target": "1"}, "min_sample": 1}]}],
		"bands": [{"grade": "A", "min": "0"}]}}]`))
	var found bool
	for f, r := range fields(t, err) {
		found = found || (r == dealerkit.ReasonOutOfRange && len(f) > 7 && f[len(f)-7:] == ".weight")
	}
	if !found {
		t.Errorf("a weight of 1e10000 in a file: %v", err)
	}
}
