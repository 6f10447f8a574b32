package appraisal_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/shopspring/decimal"
)

func TestDefaultPolicy_IsValid(t *testing.T) {
	if err := appraisal.DefaultPolicy().Validate(); err != nil {
		t.Fatal(err)
	}
}

func fields(t *testing.T, err error) map[string]dealerkit.Reason {
	t.Helper()
	var v *dealerkit.ValidationError
	if !errors.As(err, &v) || !errors.Is(err, dealerkit.ErrInvalid) {
		t.Fatalf("err = %v, want a *dealerkit.ValidationError", err)
	}
	out := map[string]dealerkit.Reason{}
	for _, f := range v.Fields {
		out[f.Field] = f.Code
	}
	return out
}

// §6.1: a scheme whose weights do not add up to exactly 100%, that names an unknown metric or has
// a curve going backwards is refused, with every bad field named at once.
func TestPolicy_Clause6_1_BadSchemeRefusedWithEveryField(t *testing.T) {
	p := appraisal.DefaultPolicy()
	tech := p.Schemes[0]
	dims := append([]appraisal.Dimension(nil), tech.Dimensions...)
	dims[0].Weight = dec("30.01")                                     // sum 100.01
	dims[1].Metric = appraisal.Metric(99)                             // unknown metric
	dims[2].Curve.Floor, dims[2].Curve.Target = dec("110"), dec("70") // efficiency backwards
	dims[3].MinSample = 0
	p.Schemes[0].Dimensions = dims
	got := fields(t, p.Validate())
	want := map[string]dealerkit.Reason{
		"schemes[technician].dimensions":                     appraisal.ReasonWeightsSum,
		"schemes[technician].dimensions[comebacks].metric":   dealerkit.ReasonUnknownValue,
		"schemes[technician].dimensions[efficiency].curve":   appraisal.ReasonBackwardsCurve,
		"schemes[technician].dimensions[on_time].min_sample": dealerkit.ReasonOutOfRange,
	}
	for f, r := range want {
		if got[f] != r {
			t.Errorf("field %s: reason %q, want %q (all: %v)", f, got[f], r, got)
		}
	}
}

// §6.1: exactly 100, not approximately: 33.33 × 3 is refused, 33.33 + 33.33 + 33.34 is accepted.
func TestPolicy_Clause6_1_WeightsSumExactly100(t *testing.T) {
	p := appraisal.DefaultPolicy()
	p.Schemes = []appraisal.Scheme{{Role: "washer", Dimensions: []appraisal.Dimension{
		{Key: "a", Metric: appraisal.MetricOnTime, Weight: dec("33.33"), Curve: appraisal.Curve{Kind: appraisal.CurveLinear, Floor: dec("0"), Target: dec("100")}, MinSample: 1},
		{Key: "b", Metric: appraisal.MetricSurveyMean, Weight: dec("33.33"), Curve: appraisal.Curve{Kind: appraisal.CurveLinear, Floor: dec("0"), Target: dec("10")}, MinSample: 1},
		{Key: "c", Metric: appraisal.MetricComplaints, Weight: dec("33.33"), Curve: appraisal.Curve{Kind: appraisal.CurveLinear, Floor: dec("3"), Target: dec("0")}, MinSample: 1},
	}}}
	if got := fields(t, p.Validate()); got["schemes[washer].dimensions"] != appraisal.ReasonWeightsSum {
		t.Errorf("99.99%% accepted: %v", got)
	}
	p.Schemes[0].Dimensions[2].Weight = dec("33.34")
	if err := p.Validate(); err != nil {
		t.Errorf("a dealer's own role summing to 100%%: %v", err)
	}
}

// §6.1, §9: a policy history is read from JSON and a bad version refuses the whole file.
func TestParsePolicies_Clause6_1_RefusesBadVersion(t *testing.T) {
	good := `[{"version":"2025","effective":"2025-01-01T00:00:00Z","rules":{"schemes":[{"role":"technician","dimensions":[
		{"key":"q","metric":"first_pass","weight":"100","curve":{"kind":"linear","floor":"80","target":"100"},"min_sample":5}]}],
		"bands":[{"grade":"A","min":"90"},{"grade":"B","min":"0"}],"missing_data":"incomplete","counted_root_causes":["skill_gap"],"lookback_days":30}}]`
	vs, err := appraisal.ParsePolicies([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if v := vs.All()[0]; v.Rules.MissingData != appraisal.MissingIncomplete {
		t.Errorf("missing data = %s", v.Rules.MissingData)
	}
	bad := strings.Replace(good, `"weight":"100"`, `"weight":"90"`, 1)
	if _, err := appraisal.ParsePolicies([]byte(bad)); !errors.Is(err, dealerkit.ErrInvalid) || !strings.Contains(err.Error(), "100%") {
		t.Errorf("weights of 90%% accepted: %v", err)
	}
	bad = strings.Replace(good, `"metric":"first_pass"`, `"metric":"charm"`, 1)
	if _, err := appraisal.ParsePolicies([]byte(bad)); !errors.Is(err, dealerkit.ErrInvalid) {
		t.Errorf("unknown metric accepted: %v", err)
	}
}

// §6.3: bands go down to 0 in order; outcomes name a band's grade and can be reckoned.
func TestPolicy_Clause6_3_BandsAndOutcomes(t *testing.T) {
	p := appraisal.DefaultPolicy()
	p.Bands = []appraisal.Band{{Grade: "A", Min: dec("75")}, {Grade: "B", Min: dec("90")}, {Grade: "C", Min: dec("10")}}
	p.Schemes[0].Outcomes = append(p.Schemes[0].Outcomes, appraisal.Outcome{Grade: "Z", Kind: appraisal.OutcomeReward,
		Basis: appraisal.BasisPerUnit, Amount: dec("10"), Unit: appraisal.MetricFillRate, Percent: decimal.Zero,
		Floor: dec("50"), Cap: dec("20"), Below: decimal.Zero})
	got := fields(t, p.Validate())
	n := len(p.Schemes[0].Outcomes) - 1
	for f, r := range map[string]dealerkit.Reason{
		"bands[1].min": dealerkit.ReasonWrongOrder,
		"bands[2].min": dealerkit.ReasonOutOfRange,
		"schemes[technician].outcomes[" + itoa(n) + "].grade": appraisal.ReasonUnknownGrade,
		"schemes[technician].outcomes[" + itoa(n) + "].unit":  dealerkit.ReasonUnknownValue,
		"schemes[technician].outcomes[" + itoa(n) + "].cap":   dealerkit.ReasonWrongOrder,
	} {
		if got[f] != r {
			t.Errorf("field %s: reason %q, want %q (all %v)", f, got[f], r, got)
		}
	}
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

// §6.4: a dimension below its minimum sample is insufficient data and never scored as zero:
// under renormalise the total is over the remaining weights; under incomplete there is no total,
// no grade and no outcome.
func TestScore_Clause6_4_InsufficientDataNeverZero(t *testing.T) {
	// Only three surveyed-less jobs: every dimension with a minimum of 5 lacks data; satisfaction
	// (min 3) has its 3 surveys.
	fs := &appraisal.FactSet{From: april, To: may, Orders: goldenMonth(t)[:3]}
	m := appraisal.Measure(fs, "overall", nil)
	p := appraisal.DefaultPolicy()
	r, err := appraisal.RulesFor("2025", p, "technician")
	if err != nil {
		t.Fatal(err)
	}
	res := r.Score(func(d appraisal.Dimension) appraisal.MetricValue { return m.Value(tech, d.Metric) }, nil)
	for _, d := range res.Dimensions {
		switch d.Key {
		case "satisfaction": // 10, 10, 9 → 9.67 → (9.67−7)/3×100 = 89.00
			if d.Status != appraisal.StatusScored || !d.Score.Decimal.Equal(dec("89")) {
				t.Errorf("satisfaction %s %s", d.Status, d.Score.Decimal)
			}
		default:
			if d.Status != appraisal.StatusInsufficient || d.Score.Valid {
				t.Errorf("%s: %s, score valid %v: a dimension without enough data must not be scored", d.Key, d.Status, d.Score.Valid)
			}
		}
	}
	// Renormalised: 10 × 89 / 10 = 89.00, grade B. Had the missing dimensions counted as zero the
	// total would be 8.90 and the grade D.
	if !res.Complete || !res.Renormalised || !res.Total.Decimal.Equal(dec("89")) || res.Grade != "B" || !res.ScoredWeight.Equal(dec("10")) {
		t.Errorf("renormalised: complete %v renormalised %v total %s grade %s weight %s", res.Complete, res.Renormalised, res.Total.Decimal, res.Grade, res.ScoredWeight)
	}
	p.MissingData = appraisal.MissingIncomplete
	r, _ = appraisal.RulesFor("2025", p, "technician")
	res = r.Score(func(d appraisal.Dimension) appraisal.MetricValue { return m.Value(tech, d.Metric) }, nil)
	if res.Complete || res.Total.Valid || res.Grade != "" || len(res.Outcomes) != 0 || !res.Reward.IsZero() {
		t.Errorf("incomplete: complete %v total %v grade %q outcomes %v", res.Complete, res.Total, res.Grade, res.Outcomes)
	}
}

// §6.3: a per-unit penalty is units × amount, bounded by the cap; fixed amounts are exact.
func TestScore_Clause6_3_PerUnitPenaltyCapped(t *testing.T) {
	r := appraisal.Rules{Version: "x", MissingData: appraisal.MissingRenormalise, Money: dealerkit.DefaultRounding(),
		Bands: []appraisal.Band{{Grade: "D", Min: decimal.Zero}},
		Scheme: appraisal.Scheme{Role: "technician", Dimensions: []appraisal.Dimension{{Key: "comebacks", Metric: appraisal.MetricComebackRate,
			Weight: dec("100"), Curve: appraisal.Curve{Kind: appraisal.CurveLinear, Floor: dec("10"), Target: dec("0")}, MinSample: 1}},
			Outcomes: []appraisal.Outcome{{Grade: "D", Kind: appraisal.OutcomePenalty, Basis: appraisal.BasisPerUnit, Amount: dec("150"),
				Unit: appraisal.MetricComebackRate, Floor: decimal.Zero, Cap: dec("400"), Percent: decimal.Zero, Below: decimal.Zero}}}}
	for _, c := range []struct {
		comebacks int
		want      string
		capped    bool
	}{{1, "150.00", false}, {2, "300.00", false}, {3, "400.00", true}} {
		res := r.Score(func(appraisal.Dimension) appraisal.MetricValue {
			return appraisal.MetricValue{Metric: appraisal.MetricComebackRate, Value: dec("50"), Count: c.comebacks, Sample: 4}
		}, nil)
		if !res.Penalty.Equal(dec(c.want)) || res.Outcomes[0].Units != c.comebacks || res.Outcomes[0].Capped != c.capped {
			t.Errorf("%d comebacks: penalty %s capped %v, want %s %v", c.comebacks, res.Penalty, res.Outcomes[0].Capped, c.want, c.capped)
		}
	}
}
