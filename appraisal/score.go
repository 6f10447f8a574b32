package appraisal

import (
	"encoding/json"
	"fmt"

	"github.com/dealerkit/dealerkit"
	"github.com/shopspring/decimal"
)

// Result is a scored appraisal: every dimension with its value, the records behind it and its
// score, the total, the grade and what the grade brings (§6.1–§6.4).
type Result struct {
	Dimensions []DimensionResult `json:"dimensions"`
	// MissingData is the policy that applied and Complete whether the appraisal has a total: with
	// MissingIncomplete a dimension of insufficient data leaves it without one (§6.4).
	MissingData MissingData `json:"missing_data"`
	Complete    bool        `json:"complete"`
	// Renormalised says the total is over the dimensions that had enough data, their weights
	// scaled to ScoredWeight (§6.4).
	Renormalised bool            `json:"renormalised"`
	ScoredWeight decimal.Decimal `json:"scored_weight"`
	// Total is Σ weight × score / ScoredWeight to 2 places, half up; null when not Complete.
	Total    decimal.NullDecimal `json:"total"`
	Grade    string              `json:"grade,omitempty"`
	Outcomes []OutcomeResult     `json:"outcomes"`
	// Reward and Penalty total the monetary outcomes.
	Reward  decimal.Decimal `json:"reward"`
	Penalty decimal.Decimal `json:"penalty"`
}

// DimensionResult is one dimension of a scored appraisal.
type DimensionResult struct {
	Key       string          `json:"key"`
	Metric    Metric          `json:"metric"`
	Weight    decimal.Decimal `json:"weight"`
	Curve     Curve           `json:"curve"`
	MinSample int             `json:"min_sample"`
	Skill     string          `json:"skill,omitempty"`
	Value     MetricValue     `json:"value"`
	Status    Status          `json:"status"`
	// Score is the curve's score, 0..100 to 2 places; null when the dimension had insufficient
	// data, which is never scored as zero (§6.4).
	Score decimal.NullDecimal `json:"score"`
}

// OutcomeResult is one outcome the grade brought (§6.3).
type OutcomeResult struct {
	Kind   OutcomeKind     `json:"kind"`
	Basis  Basis           `json:"basis,omitzero"`
	Amount decimal.Decimal `json:"amount"`
	// Units is the count a per-unit amount was reckoned on; Base and BaseValue the base of a
	// percentage.
	Units     int             `json:"units,omitempty"`
	Unit      Metric          `json:"unit,omitzero"`
	Base      string          `json:"base,omitempty"`
	BaseValue decimal.Decimal `json:"base_value"`
	// Capped says the floor or cap changed the amount.
	Capped bool `json:"capped,omitempty"`
	// Skill and Dimension say where retraining is needed: "retraining needed in this skill" (§7).
	Skill     string `json:"skill,omitempty"`
	Dimension string `json:"dimension,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Rules are what an appraisal is scored by, kept on it so a frozen appraisal keeps them (§9.1).
type Rules struct {
	Version     string             `json:"version"`
	Scheme      Scheme             `json:"scheme"`
	Bands       []Band             `json:"bands"`
	MissingData MissingData        `json:"missing_data"`
	Money       dealerkit.Rounding `json:"money,omitzero"`
}

// rulesOf takes a role's rules from a policy version.
func rulesOf(version string, p Policy, role string) (Rules, bool) {
	p = p.withDefaults()
	s, ok := p.Scheme(role)
	if !ok {
		return Rules{}, false
	}
	return Rules{Version: version, Scheme: s, Bands: p.Bands, MissingData: p.MissingData, Money: p.Money}, true
}

// Score scores a staff member's values under r (§6.1–§6.4). value gives a dimension's metric value;
// bases are the staff member's named bases for percentage outcomes (such as "labour_commission").
// It reads nothing else, so the same values always give the same result.
func (r Rules) Score(value func(Dimension) MetricValue, bases map[string]decimal.Decimal) Result {
	res := Result{MissingData: r.MissingData, ScoredWeight: decimal.Zero, Reward: decimal.Zero, Penalty: decimal.Zero,
		Outcomes: []OutcomeResult{}}
	weighted := decimal.Zero
	missing := false
	counts := map[Metric]int{}
	for _, dm := range r.Scheme.Dimensions {
		v := value(dm)
		counts[dm.Metric] = v.Count
		dr := DimensionResult{Key: dm.Key, Metric: dm.Metric, Weight: dm.Weight, Curve: dm.Curve, MinSample: dm.MinSample,
			Skill: dm.Skill, Value: v}
		// §6.4: below its minimum sample a dimension is flagged, never scored as zero.
		if v.Sample < dm.MinSample || v.Sample == 0 {
			dr.Status = StatusInsufficient
			missing = true
		} else {
			dr.Status = StatusScored
			s := curveScore(dm.Curve, v.Value)
			dr.Score = decimal.NewNullDecimal(s)
			res.ScoredWeight = res.ScoredWeight.Add(dm.Weight)
			weighted = weighted.Add(dm.Weight.Mul(s))
		}
		res.Dimensions = append(res.Dimensions, dr)
	}
	if (missing && r.MissingData == MissingIncomplete) || !res.ScoredWeight.IsPositive() {
		return res
	}
	res.Complete = true
	res.Renormalised = missing
	total := weighted.DivRound(res.ScoredWeight, 2)
	res.Total = decimal.NewNullDecimal(total)
	res.Grade = grade(r.Bands, total)
	for _, o := range r.Scheme.Outcomes {
		if o.Grade != res.Grade {
			continue
		}
		switch o.Kind {
		case OutcomeReward, OutcomePenalty:
			or := r.money(o, counts, bases)
			if o.Kind == OutcomeReward {
				res.Reward = res.Reward.Add(or.Amount)
			} else {
				res.Penalty = res.Penalty.Add(or.Amount)
			}
			res.Outcomes = append(res.Outcomes, or)
		case OutcomeCriticism:
			res.Outcomes = append(res.Outcomes, OutcomeResult{Kind: o.Kind, Amount: decimal.Zero, BaseValue: decimal.Zero, Note: o.Note})
		case OutcomeRetraining:
			// §6.3, §7: retraining in the skill of each scored dimension below the threshold.
			for _, dr := range res.Dimensions {
				if dr.Status == StatusScored && dr.Score.Decimal.LessThan(o.Below) {
					res.Outcomes = append(res.Outcomes, OutcomeResult{Kind: o.Kind, Amount: decimal.Zero, BaseValue: decimal.Zero,
						Skill: dr.Skill, Dimension: dr.Key, Note: o.Note})
				}
			}
		}
	}
	return res
}

// money reckons a monetary outcome (§6.3) and bounds it by its floor and cap.
func (r Rules) money(o Outcome, counts map[Metric]int, bases map[string]decimal.Decimal) OutcomeResult {
	or := OutcomeResult{Kind: o.Kind, Basis: o.Basis, Amount: decimal.Zero, BaseValue: decimal.Zero, Note: o.Note}
	amount := decimal.Zero
	switch o.Basis {
	case BasisFixed:
		amount = o.Amount
	case BasisPercent:
		or.Base = o.Base
		base, ok := bases[o.Base]
		if !ok {
			or.Note = "base " + o.Base + " not given"
			return or
		}
		or.BaseValue = base
		amount = base.Mul(o.Percent).Div(hundred)
	case BasisPerUnit:
		or.Unit, or.Units = o.Unit, counts[o.Unit]
		amount = o.Amount.Mul(decimal.NewFromInt(int64(or.Units)))
	}
	bounded := decimal.Max(amount, o.Floor)
	if o.Cap.IsPositive() {
		bounded = decimal.Min(bounded, o.Cap)
	}
	or.Capped = !bounded.Equal(amount)
	or.Amount = fixed(r.Money.Round(bounded), r.Money.Places)
	return or
}

// curveScore is the linear curve (§6.1): 0 at the floor, 100 at the target, capped at both, to 2
// places half up.
func curveScore(c Curve, v decimal.Decimal) decimal.Decimal {
	s := v.Sub(c.Floor).Mul(hundred).DivRound(c.Target.Sub(c.Floor), 2)
	return decimal.Min(decimal.Max(s, decimal.Zero), hundred)
}

func grade(bands []Band, total decimal.Decimal) string {
	for _, b := range bands {
		if total.GreaterThanOrEqual(b.Min) {
			return b.Grade
		}
	}
	return ""
}

// MarshalJSON keeps the decimals' scale.
func (o OutcomeResult) MarshalJSON() ([]byte, error) {
	type plain OutcomeResult
	return json.Marshal(struct {
		plain
		Amount    dealerkit.ExactDecimal `json:"amount"`
		BaseValue dealerkit.ExactDecimal `json:"base_value"`
	}{plain(o), dealerkit.ExactDecimal(o.Amount), dealerkit.ExactDecimal(o.BaseValue)})
}

// RulesFor returns the rules of role in policy version p named version: what Score scores by.
// ErrNoScheme when p has no scheme for role.
func RulesFor(version string, p Policy, role string) (Rules, error) {
	r, ok := rulesOf(version, p, role)
	if !ok {
		return Rules{}, fmt.Errorf("%w: %q in version %q", ErrNoScheme, role, version)
	}
	return r, nil
}

// fixed gives x the scale of places, so 150 reads "150.00" in reports and JSON.
func fixed(x decimal.Decimal, places int32) decimal.Decimal {
	y, err := decimal.NewFromString(x.StringFixed(places))
	if err != nil {
		return x
	}
	return y
}
