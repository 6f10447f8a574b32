package appraisal_test

import (
	"errors"
	"fmt"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/shopspring/decimal"
)

// A technician's month scored under the default scheme: the figures would come from
// Measure over the recorded facts; here they are given.
func ExampleRules_Score() {
	rules, err := appraisal.RulesFor("2025", appraisal.DefaultPolicy(), "technician")
	if err != nil {
		fmt.Println(err)
		return
	}
	values := map[appraisal.Metric]appraisal.MetricValue{
		appraisal.MetricFirstPass:    {Value: decimal.RequireFromString("95"), Count: 19, Sample: 20},
		appraisal.MetricComebackRate: {Value: decimal.RequireFromString("5"), Count: 1, Sample: 20},
		appraisal.MetricEfficiency:   {Value: decimal.RequireFromString("104"), Sample: 20},
		appraisal.MetricOnTime:       {Value: decimal.RequireFromString("90"), Count: 18, Sample: 20},
		appraisal.MetricSurveyMean:   {Value: decimal.RequireFromString("9.4"), Sample: 2}, // below its minimum of 3
		appraisal.MetricComplaints:   {Value: decimal.Zero, Sample: 20},
	}
	res := rules.Score(func(d appraisal.Dimension) appraisal.MetricValue { return values[d.Metric] }, nil)
	for _, d := range res.Dimensions {
		score := "—"
		if d.Score.Valid {
			score = d.Score.Decimal.StringFixed(2)
		}
		fmt.Printf("%-12s %5s%%  %-17s %s\n", d.Key, d.Weight, d.Status, score)
	}
	fmt.Println("renormalised:", res.Renormalised, "over", res.ScoredWeight.String()+"%")
	fmt.Println("total", res.Total.Decimal.StringFixed(2), "grade", res.Grade, "reward", res.Reward.StringFixed(2))
	// Output:
	// first_pass      30%  scored            75.00
	// comebacks       20%  scored            50.00
	// efficiency      20%  scored            85.00
	// on_time         10%  scored            66.67
	// satisfaction    10%  insufficient_data —
	// attitude        10%  scored            100.00
	// renormalised: true over 90%
	// total 73.52 grade C reward 0.00
}

// A scheme that does not add up is refused with every bad field named (§6.1).
func ExamplePolicy_Validate() {
	p := appraisal.DefaultPolicy()
	p.Schemes = p.Schemes[:1]
	dims := append([]appraisal.Dimension(nil), p.Schemes[0].Dimensions...)
	dims[0].Weight = decimal.RequireFromString("35")
	dims[2].Curve.Floor, dims[2].Curve.Target = dims[2].Curve.Target, dims[2].Curve.Floor
	p.Schemes[0].Dimensions = dims
	var v *dealerkit.ValidationError
	if errors.As(p.Validate(), &v) {
		for _, f := range v.Fields {
			fmt.Println(f.Field, f.Code)
		}
	}
	// Output:
	// schemes[technician].dimensions[efficiency].curve appraisal.backwards_curve
	// schemes[technician].dimensions appraisal.weights_sum
}
