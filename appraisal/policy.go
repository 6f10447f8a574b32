package appraisal

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/dealerkit/dealerkit"
	"github.com/shopspring/decimal"
)

// Policy is one version of the dealer's appraisal system (§6.1, §6.3, §6.4): a scheme per role,
// the grade bands, what missing data does and which complaint findings count against staff. It is
// versioned with effective dates through dealerkit.Versions (§9): an appraisal uses the version
// in force when its period starts and keeps its name, and Service.Compare runs two versions over
// the same past period (§6.4). Load a history with ParsePolicies.
type Policy struct {
	// Schemes holds one scheme per role; a role is a kernel role's name (technician,
	// service_advisor, parts_clerk, quality_inspector, manager) or a dealer's own.
	Schemes []Scheme `json:"schemes"`
	// Bands are the grades on the total score, highest first; the last starts at 0 so every score
	// has a grade (§6.3).
	Bands []Band `json:"bands"`
	// MissingData says what a dimension below its minimum sample does (§6.4); it is never scored
	// as zero. Default MissingRenormalise.
	MissingData MissingData `json:"missing_data"`
	// CountedRootCauses are the complaint root causes (complaints.Policy.RootCauses) that count
	// against the staff a complaint names (§5.3, §6.2): a complaint counts only once its
	// investigation found one of these, never at intake.
	CountedRootCauses []string `json:"counted_root_causes"`
	// SurveyItem is the survey item the survey metrics read (§4.5.4); empty means the mean of the
	// survey's items.
	SurveyItem string `json:"survey_item,omitempty"`
	// LookbackDays is how long before a period the facts are searched for orders whose jobs,
	// inspections or surveys fall in the period. Default 31: a job finished, or a survey taken,
	// more than a month after its order was opened is rare, and every day of lookback is more
	// orders to read (aftersales.Filter selects by opening time only).
	LookbackDays int `json:"lookback_days"`
	// Money rounds every reward and penalty amount. Default half-up to 2 places.
	Money dealerkit.Rounding `json:"money,omitzero"`
}

// Scheme is a role's weighted dimensions and the outcomes its grades bring (§6.1, §6.3).
type Scheme struct {
	Role       string      `json:"role"`
	Dimensions []Dimension `json:"dimensions"`
	Outcomes   []Outcome   `json:"outcomes,omitempty"`
}

// Dimension is one weighted, measured part of a scheme (§6.1, §6.2).
type Dimension struct {
	Key    string `json:"key"` // unique within the scheme: "quality", "attitude"
	Metric Metric `json:"metric"`
	// Weight is the dimension's share of the total, in percent; a scheme's weights sum to exactly
	// 100.
	Weight decimal.Decimal `json:"weight"`
	Curve  Curve           `json:"curve"`
	// MinSample is the least number of facts (surveys, jobs, lines …) the metric needs to be
	// scored; below it the dimension is insufficient data (§6.4). At least 1.
	MinSample int `json:"min_sample"`
	// Skill is the training topic a low score here calls for (§7.2), read by a retraining
	// outcome.
	Skill string `json:"skill,omitempty"`
}

// Curve maps a metric's value to a score from 0 to 100 (§6.1).
type Curve struct {
	Kind CurveKind `json:"kind"`
	// Floor scores 0 and Target 100; for a metric where lower is better the floor is above the
	// target.
	Floor  decimal.Decimal `json:"floor"`
	Target decimal.Decimal `json:"target"`
}

// Band is a grade and the least total score that earns it (§6.3).
type Band struct {
	Grade string          `json:"grade"`
	Min   decimal.Decimal `json:"min"`
}

// Outcome is what a grade brings (§6.3).
type Outcome struct {
	Grade string      `json:"grade"`
	Kind  OutcomeKind `json:"kind"`
	// Basis, Amount, Percent, Base and Unit reckon a monetary outcome: a fixed Amount; Percent of
	// the staff member's named Base (such as "labour_commission", given with the appraisal); or
	// Amount per unit of Unit's count (such as per comeback).
	Basis   Basis           `json:"basis,omitzero"`
	Amount  decimal.Decimal `json:"amount"`
	Percent decimal.Decimal `json:"percent"`
	Base    string          `json:"base,omitempty"`
	Unit    Metric          `json:"unit,omitzero"`
	// Floor and Cap bound a monetary amount; a zero Cap means none.
	Floor decimal.Decimal `json:"floor"`
	Cap   decimal.Decimal `json:"cap"`
	// Below is the score under which a dimension calls for retraining in its skill (retraining
	// outcomes).
	Below decimal.Decimal `json:"below"`
	Note  string          `json:"note,omitempty"`
}

var hundred = decimal.NewFromInt(100)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// DefaultPolicy is the library's appraisal system: bands A ≥ 90, B ≥ 75, C ≥ 60, D below;
// renormalised weights when data is missing; and a scheme for each post of §3 under the manager.
func DefaultPolicy() Policy {
	dim := func(key string, m Metric, w, floor, target string, min int, skill string) Dimension {
		return Dimension{Key: key, Metric: m, Weight: d(w), Curve: Curve{Kind: CurveLinear, Floor: d(floor), Target: d(target)},
			MinSample: min, Skill: skill}
	}
	money := func(grade string, k OutcomeKind, b Basis, amount, percent, base string, unit Metric, cap string) Outcome {
		return Outcome{Grade: grade, Kind: k, Basis: b, Amount: d(amount), Percent: d(percent), Base: base, Unit: unit,
			Floor: decimal.Zero, Cap: d(cap), Below: decimal.Zero}
	}
	note := func(grade string, k OutcomeKind, below, text string) Outcome {
		return Outcome{Grade: grade, Kind: k, Amount: decimal.Zero, Percent: decimal.Zero, Floor: decimal.Zero, Cap: decimal.Zero,
			Below: d(below), Note: text}
	}
	common := func(extra ...Outcome) []Outcome {
		return append([]Outcome{
			money("A", OutcomeReward, BasisFixed, "800", "0", "", 0, "0"),
			money("B", OutcomeReward, BasisFixed, "300", "0", "", 0, "0"),
			note("C", OutcomeRetraining, "60", ""),
			note("D", OutcomeCriticism, "0", "criticised at the monthly meeting"),
			note("D", OutcomeRetraining, "60", ""),
		}, extra...)
	}
	return Policy{
		Bands:             []Band{{"A", d("90")}, {"B", d("75")}, {"C", d("60")}, {"D", d("0")}},
		MissingData:       MissingRenormalise,
		CountedRootCauses: []string{"process_not_followed", "skill_gap", "diagnosis_error", "communication"},
		LookbackDays:      31,
		Money:             dealerkit.DefaultRounding(),
		Schemes: []Scheme{
			{Role: "technician", Dimensions: []Dimension{
				dim("first_pass", MetricFirstPass, "30", "80", "100", 5, "repair_technique"),
				dim("comebacks", MetricComebackRate, "20", "10", "0", 5, "repair_technique"),
				dim("efficiency", MetricEfficiency, "20", "70", "110", 5, "repair_technique"),
				dim("on_time", MetricOnTime, "10", "70", "100", 5, "service_process"),
				dim("satisfaction", MetricSurveyMean, "10", "7", "10", 3, "customer_communication"),
				dim("attitude", MetricComplaints, "10", "3", "0", 5, "customer_communication"),
			}, Outcomes: common(
				money("A", OutcomeReward, BasisPercent, "0", "10", "labour_commission", 0, "1000"),
				money("D", OutcomePenalty, BasisPerUnit, "100", "0", "", MetricComebackRate, "500"),
			)},
			{Role: "service_advisor", Dimensions: []Dimension{
				dim("satisfaction", MetricSurveyMean, "30", "7", "10", 5, "customer_communication"),
				dim("net_satisfaction", MetricSurveyNet, "20", "0", "60", 5, "customer_communication"),
				dim("on_time", MetricOnTime, "15", "70", "100", 5, "service_process"),
				dim("complaints", MetricComplaints, "15", "3", "0", 5, "customer_communication"),
				dim("manager_rating", MetricManagerRating, "20", "0", "100", 1, "service_process"),
			}, Outcomes: common(
				money("D", OutcomePenalty, BasisPerUnit, "100", "0", "", MetricComplaints, "500"),
			)},
			{Role: "parts_clerk", Dimensions: []Dimension{
				dim("fill_rate", MetricFillRate, "50", "70", "95", 10, "product_knowledge"),
				dim("stocktake", MetricStocktakeVariance, "30", "2000", "0", 5, "service_process"),
				dim("manager_rating", MetricManagerRating, "20", "0", "100", 1, "service_process"),
			}, Outcomes: common()},
			{Role: "quality_inspector", Dimensions: []Dimension{
				dim("passed_comebacks", MetricPassedComebacks, "60", "10", "0", 5, "repair_technique"),
				dim("manager_rating", MetricManagerRating, "40", "0", "100", 1, "service_process"),
			}, Outcomes: common()},
		},
	}
}

// Scheme returns the scheme of role.
func (p Policy) Scheme(role string) (Scheme, bool) {
	for _, s := range p.Schemes {
		if s.Role == role {
			return s, true
		}
	}
	return Scheme{}, false
}

// Grade returns the band total falls in (§6.3).
func (p Policy) Grade(total decimal.Decimal) string { return grade(p.Bands, total) }

func (p Policy) hasGrade(g string) bool {
	return slices.ContainsFunc(p.Bands, func(b Band) bool { return b.Grade == g })
}

const maxName = 64

// Validate reports every bad field at once (§6.1): a scheme whose weights do not add up to exactly
// 100, a weight that is not positive, an unknown metric, a curve that goes backwards against its
// metric (or is flat), a minimum sample below 1, duplicated roles or keys, bands out of order or
// without a floor of 0, and outcomes that name an unknown grade or cannot be reckoned.
func (p Policy) Validate() error {
	var v dealerkit.ValidationError
	if len(p.Schemes) == 0 {
		v.Required("schemes")
	}
	roles := map[string]bool{}
	for i, s := range p.Schemes {
		f := fmt.Sprintf("schemes[%d]", i)
		switch {
		case strings.TrimSpace(s.Role) == "":
			v.Required(f + ".role")
		case len(s.Role) > maxName:
			v.AddCode(f+".role", s.Role, dealerkit.ReasonTooLong, fmt.Sprintf("at most %d characters", maxName))
		case roles[s.Role]:
			v.AddCode(f+".role", s.Role, dealerkit.ReasonDuplicate, "one scheme per role")
		default:
			f = "schemes[" + s.Role + "]"
		}
		roles[s.Role] = true
		p.validateScheme(&v, f, s)
	}
	if len(p.Bands) == 0 {
		v.Required("bands")
	}
	grades := map[string]bool{}
	for i, b := range p.Bands {
		f := fmt.Sprintf("bands[%d]", i)
		switch {
		case strings.TrimSpace(b.Grade) == "":
			v.Required(f + ".grade")
		case len(b.Grade) > maxName:
			v.AddCode(f+".grade", b.Grade, dealerkit.ReasonTooLong, fmt.Sprintf("at most %d characters", maxName))
		case grades[b.Grade]:
			v.AddCode(f+".grade", b.Grade, dealerkit.ReasonDuplicate, "each grade once")
		}
		grades[b.Grade] = true
		// §9: a policy file's numbers are bounded (kernel bounds.go) before anything compares them.
		if !v.Within(f+".min", b.Min, dealerkit.PercentBound()) {
			continue
		}
		if b.Min.IsNegative() || b.Min.GreaterThan(hundred) {
			v.AddCode(f+".min", b.Min.String(), dealerkit.ReasonOutOfRange, "must be between 0 and 100")
		}
		if i > 0 && !b.Min.LessThan(p.Bands[i-1].Min) {
			v.AddCode(f+".min", b.Min.String(), dealerkit.ReasonWrongOrder, "bands go from the highest minimum down")
		}
		if i == len(p.Bands)-1 && !b.Min.IsZero() {
			v.AddCode(f+".min", b.Min.String(), dealerkit.ReasonOutOfRange, "the lowest band starts at 0, so every score has a grade")
		}
	}
	if p.MissingData != 0 && !p.MissingData.Valid() {
		v.AddCode("missing_data", p.MissingData.String(), dealerkit.ReasonUnknownValue, "unknown value")
	}
	for i, c := range p.CountedRootCauses {
		if strings.TrimSpace(c) == "" {
			v.Required(fmt.Sprintf("counted_root_causes[%d]", i))
		}
	}
	if p.LookbackDays < 0 || p.LookbackDays > 366 {
		v.AddCode("lookback_days", fmt.Sprint(p.LookbackDays), dealerkit.ReasonOutOfRange, "must be between 0 and 366")
	}
	if p.Money != (dealerkit.Rounding{}) {
		if err := p.Money.Validate(); err != nil {
			v.Add("money", "", err.Error())
		}
	}
	v.CheckText("survey_item", p.SurveyItem)
	return v.Err()
}

func (p Policy) validateScheme(v *dealerkit.ValidationError, f string, s Scheme) {
	if len(s.Dimensions) == 0 {
		v.Required(f + ".dimensions")
	}
	sum, weightsOK := decimal.Zero, true
	keys := map[string]bool{}
	metrics := map[Metric]bool{}
	for j, dm := range s.Dimensions {
		g := fmt.Sprintf("%s.dimensions[%d]", f, j)
		switch {
		case strings.TrimSpace(dm.Key) == "":
			v.Required(g + ".key")
		case len(dm.Key) > maxName:
			v.AddCode(g+".key", dm.Key, dealerkit.ReasonTooLong, fmt.Sprintf("at most %d characters", maxName))
		case keys[dm.Key]:
			v.AddCode(g+".key", dm.Key, dealerkit.ReasonDuplicate, "each key once")
		default:
			g = f + ".dimensions[" + dm.Key + "]"
		}
		keys[dm.Key] = true
		if !dm.Metric.Valid() {
			v.AddCode(g+".metric", dm.Metric.String(), dealerkit.ReasonUnknownValue, "unknown metric")
		}
		metrics[dm.Metric] = true
		// §9: bounded before any sum or comparison: a weight of 1e10000 would make the sum
		// as long as its digits. A curve's ends are values of a metric (a mean score, a rate,
		// a count), bounded as a quantity measured to four places.
		if v.Within(g+".weight", dm.Weight, dealerkit.PercentBound()) {
			if !dm.Weight.IsPositive() {
				v.AddCode(g+".weight", dm.Weight.String(), dealerkit.ReasonNotPositive, "must be above 0")
			}
			sum = sum.Add(dm.Weight)
		} else {
			weightsOK = false // a sum without the refused weight would only mislead
		}
		curveOK := v.Within(g+".curve.floor", dm.Curve.Floor, dealerkit.QuantityBound(4))
		curveOK = v.Within(g+".curve.target", dm.Curve.Target, dealerkit.QuantityBound(4)) && curveOK
		if !dm.Curve.Kind.Valid() {
			v.AddCode(g+".curve.kind", dm.Curve.Kind.String(), dealerkit.ReasonUnknownValue, "unknown curve")
		}
		// §6.1: a curve runs from its floor (0 points) to its target (100 points) in the direction
		// the metric improves; one that goes backwards would reward the worse result.
		if dm.Metric.Valid() && curveOK {
			up := dm.Curve.Target.GreaterThan(dm.Curve.Floor)
			down := dm.Curve.Target.LessThan(dm.Curve.Floor)
			if dm.Metric.LowerIsBetter() && !down || !dm.Metric.LowerIsBetter() && !up {
				dir := "above"
				if dm.Metric.LowerIsBetter() {
					dir = "below"
				}
				v.AddCode(g+".curve", dm.Curve.Floor.String()+" → "+dm.Curve.Target.String(), ReasonBackwardsCurve,
					fmt.Sprintf("the target must be %s the floor: %s improves that way", dir, dm.Metric))
			}
		}
		if dm.MinSample < 1 || dm.MinSample > 1_000_000 {
			v.AddCode(g+".min_sample", fmt.Sprint(dm.MinSample), dealerkit.ReasonOutOfRange, "must be between 1 and 1000000")
		}
		v.CheckText(g+".skill", dm.Skill)
	}
	if len(s.Dimensions) > 0 && weightsOK && !sum.Equal(hundred) {
		v.AddCode(f+".dimensions", sum.String()+"%", ReasonWeightsSum, "the weights must add up to exactly 100%") // §6.1
	}
	for j, o := range s.Outcomes {
		g := fmt.Sprintf("%s.outcomes[%d]", f, j)
		if !p.hasGrade(o.Grade) {
			v.AddCode(g+".grade", o.Grade, ReasonUnknownGrade, "no band has this grade")
		}
		if !o.Kind.Valid() {
			v.AddCode(g+".kind", o.Kind.String(), dealerkit.ReasonUnknownValue, "unknown outcome")
			continue
		}
		// §9: amounts are money (AmountBound), percent and below are out of 100 (PercentBound),
		// checked before any comparison below reads them.
		bounded := true
		for _, x := range []struct {
			name string
			d    decimal.Decimal
			b    dealerkit.Bound
		}{{"amount", o.Amount, dealerkit.AmountBound(dealerkit.DefaultCurrency)}, {"percent", o.Percent, dealerkit.PercentBound()},
			{"floor", o.Floor, dealerkit.AmountBound(dealerkit.DefaultCurrency)}, {"cap", o.Cap, dealerkit.AmountBound(dealerkit.DefaultCurrency)},
			{"below", o.Below, dealerkit.PercentBound()}} {
			if !v.Within(g+"."+x.name, x.d, x.b) {
				bounded = false
			} else if x.d.IsNegative() {
				v.AddCode(g+"."+x.name, x.d.String(), dealerkit.ReasonNegative, "must not be negative")
			}
		}
		if !bounded {
			continue
		}
		if !o.Kind.Monetary() {
			if o.Kind == OutcomeRetraining && o.Below.GreaterThan(hundred) {
				v.AddCode(g+".below", o.Below.String(), dealerkit.ReasonOutOfRange, "must be between 0 and 100")
			}
			continue
		}
		switch o.Basis {
		case BasisFixed:
			if !o.Amount.IsPositive() {
				v.AddCode(g+".amount", o.Amount.String(), dealerkit.ReasonNotPositive, "must be above 0")
			}
		case BasisPercent:
			if !o.Percent.IsPositive() || o.Percent.GreaterThan(hundred) {
				v.AddCode(g+".percent", o.Percent.String(), dealerkit.ReasonOutOfRange, "must be above 0 and at most 100")
			}
			if strings.TrimSpace(o.Base) == "" {
				v.Required(g + ".base")
			}
		case BasisPerUnit:
			if !o.Amount.IsPositive() {
				v.AddCode(g+".amount", o.Amount.String(), dealerkit.ReasonNotPositive, "must be above 0")
			}
			if !metrics[o.Unit] {
				v.AddCode(g+".unit", o.Unit.String(), dealerkit.ReasonUnknownValue, "must be a metric of the scheme")
			}
		default:
			v.AddCode(g+".basis", o.Basis.String(), dealerkit.ReasonUnknownValue, "unknown basis")
		}
		if o.Cap.IsPositive() && o.Cap.LessThan(o.Floor) {
			v.AddCode(g+".cap", o.Cap.String(), dealerkit.ReasonWrongOrder, "must not be below the floor")
		}
	}
}

// withDefaults fills what a version left zero.
func (p Policy) withDefaults() Policy {
	if p.MissingData == 0 {
		p.MissingData = MissingRenormalise
	}
	if p.LookbackDays == 0 {
		p.LookbackDays = 31
	}
	if p.Money == (dealerkit.Rounding{}) {
		p.Money = dealerkit.DefaultRounding()
	}
	return p
}

// ParsePolicies reads an appraisal policy history (§9): a JSON array of
// {"version", "effective", "rules": Policy}. Every version is validated; a bad file is refused
// whole with every bad field named.
func ParsePolicies(data []byte) (dealerkit.Versions[Policy], error) {
	vs, err := dealerkit.ParseVersions(data, func(p Policy) error { return p.Validate() })
	if err != nil {
		return dealerkit.Versions[Policy]{}, err
	}
	return vs, nil
}

// MarshalJSON keeps the decimals' scale.
func (dm Dimension) MarshalJSON() ([]byte, error) {
	type plain Dimension
	return json.Marshal(struct {
		plain
		Weight dealerkit.ExactDecimal `json:"weight"`
	}{plain(dm), dealerkit.ExactDecimal(dm.Weight)})
}
