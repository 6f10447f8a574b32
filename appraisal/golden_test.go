package appraisal_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/shopspring/decimal"
)

// qualityFirst is the "quality weighted up" variant of the default technician scheme: first pass
// 50%, comebacks 20%, efficiency 5%, on time 5%, satisfaction 10%, attitude 10%; grade C earns
// 5% of the labour commission.
func qualityFirst() appraisal.Policy {
	p := appraisal.DefaultPolicy()
	weights := map[string]string{"first_pass": "50", "comebacks": "20", "efficiency": "5", "on_time": "5", "satisfaction": "10", "attitude": "10"}
	for i, s := range p.Schemes {
		if s.Role != "technician" {
			continue
		}
		dims := append([]appraisal.Dimension(nil), s.Dimensions...)
		for j := range dims {
			dims[j].Weight = dec(weights[dims[j].Key])
		}
		p.Schemes[i].Dimensions = dims
		p.Schemes[i].Outcomes = append(append([]appraisal.Outcome(nil), s.Outcomes...), appraisal.Outcome{Grade: "C",
			Kind: appraisal.OutcomeReward, Basis: appraisal.BasisPercent, Percent: dec("5"), Base: "labour_commission",
			Amount: decimal.Zero, Floor: decimal.Zero, Cap: decimal.Zero, Below: decimal.Zero})
	}
	return p
}

func score(t *testing.T, version string, p appraisal.Policy, m *appraisal.Measures) appraisal.Result {
	t.Helper()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	r, err := appraisal.RulesFor(version, p, "technician")
	if err != nil {
		t.Fatal(err)
	}
	return r.Score(func(d appraisal.Dimension) appraisal.MetricValue { return m.Value(tech, d.Metric) },
		map[string]decimal.Decimal{"labour_commission": dec("4321.50")})
}

// TestGolden_Clause6_1_6_3_TechnicianMonth works a technician's April by hand under two scheme
// versions (§6.1 weights and curves, §6.2 metrics from facts, §6.3 grades and rewards).
//
// Metrics (goldenMonth):
//
//	first_pass   9/10            = 90.00%
//	comebacks    0/10            =  0.00%
//	efficiency   12.0 h / 10.0 h = 120.00%
//	on_time      9/10            = 90.00%
//	satisfaction (10+10+9+8)/4   =  9.25
//	attitude     0 complaints over 10 orders served
//
// Scores on the default curves (linear, floor → target, capped at 0 and 100, 2 places half up):
//
//	first_pass   80 → 100: (90−80)/20×100    =  50.00
//	comebacks    10 → 0:   (0−10)/(−10)×100  = 100.00
//	efficiency   70 → 110: (120−70)/40×100   = 125 → capped 100.00
//	on_time      70 → 100: (90−70)/30×100    =  66.666… → 66.67
//	satisfaction  7 → 10:  (9.25−7)/3×100    =  75.00
//	attitude      3 → 0:   (0−3)/(−3)×100    = 100.00
//
// Version "2025" (default weights 30/20/20/10/10/10):
//
//	(30×50 + 20×100 + 20×100 + 10×66.67 + 10×75 + 10×100) / 100
//	= (1500 + 2000 + 2000 + 666.7 + 750 + 1000) / 100 = 7916.7 / 100 = 79.167 → 79.17
//	grade B (≥ 75): reward fixed 300.00; penalty 0.00.
//
// Version "2025-quality" (weights 50/20/5/5/10/10):
//
//	(50×50 + 20×100 + 5×100 + 5×66.67 + 10×75 + 10×100) / 100
//	= (2500 + 2000 + 500 + 333.35 + 750 + 1000) / 100 = 7083.35 / 100 = 70.8335 → 70.83
//	grade C (≥ 60): reward 5% of the labour commission 4321.50 = 216.075 → 216.08 (half up);
//	retraining in repair_technique, since first_pass scored 50.00 < 60.
func TestGolden_Clause6_1_6_3_TechnicianMonth(t *testing.T) {
	fs := &appraisal.FactSet{From: april, To: may, Orders: goldenMonth(t)}
	m := appraisal.Measure(fs, "overall", appraisal.DefaultPolicy().CountedRootCauses)

	values := map[appraisal.Metric]string{appraisal.MetricFirstPass: "90", appraisal.MetricComebackRate: "0",
		appraisal.MetricEfficiency: "120", appraisal.MetricOnTime: "90", appraisal.MetricSurveyMean: "9.25",
		appraisal.MetricComplaints: "0"}
	for metric, want := range values {
		if got := m.Value(tech, metric); !got.Value.Equal(dec(want)) {
			t.Errorf("%s = %s, want %s", metric, got.Value, want)
		}
	}
	if v := m.Value(tech, appraisal.MetricFirstPass); len(v.Records) != 10 || v.Sample != 10 || v.Count != 9 {
		t.Errorf("first pass: %d records, sample %d, count %d; want 10, 10, 9", len(v.Records), v.Sample, v.Count)
	}

	a := score(t, "2025", appraisal.DefaultPolicy(), m)
	wantScores := map[string]string{"first_pass": "50", "comebacks": "100", "efficiency": "100", "on_time": "66.67",
		"satisfaction": "75", "attitude": "100"}
	for _, d := range a.Dimensions {
		if d.Status != appraisal.StatusScored || !d.Score.Decimal.Equal(dec(wantScores[d.Key])) {
			t.Errorf("2025 %s: %s %s, want scored %s", d.Key, d.Status, d.Score.Decimal, wantScores[d.Key])
		}
	}
	if !a.Total.Decimal.Equal(dec("79.17")) || a.Grade != "B" || !a.Reward.Equal(dec("300.00")) || !a.Penalty.IsZero() {
		t.Errorf("2025: total %s grade %s reward %s penalty %s; want 79.17 B 300.00 0", a.Total.Decimal, a.Grade, a.Reward, a.Penalty)
	}

	b := score(t, "2025-quality", qualityFirst(), m)
	if !b.Total.Decimal.Equal(dec("70.83")) || b.Grade != "C" || b.Reward.String() != "216.08" || !b.Penalty.IsZero() {
		t.Errorf("2025-quality: total %s grade %s reward %s penalty %s; want 70.83 C 216.08 0", b.Total.Decimal, b.Grade, b.Reward, b.Penalty)
	}
	var retrain []string
	for _, o := range b.Outcomes {
		if o.Kind == appraisal.OutcomeRetraining {
			retrain = append(retrain, o.Skill+"/"+o.Dimension)
		}
	}
	if len(retrain) != 1 || retrain[0] != "repair_technique/first_pass" {
		t.Errorf("2025-quality retraining = %v, want [repair_technique/first_pass]", retrain)
	}
}
