package appraisal

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// CompareInput asks for two scheme versions run over the same past period (§6.4).
type CompareInput struct {
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Members []Member  `json:"members"`
	// A and B name policy versions (dealerkit.Version.Name) of the dealer's or the default
	// history; "default" is DefaultPolicy.
	A string `json:"a"`
	B string `json:"b"`
}

// Comparison shows, per person, the score and grade under each version, who changes grade, and
// the reward and penalty cost under each; with the fairness figures of each version beside it
// (§6.4, §9).
type Comparison struct {
	From     time.Time        `json:"from"`
	To       time.Time        `json:"to"`
	A        string           `json:"a"`
	B        string           `json:"b"`
	Rows     []CompareRow     `json:"rows"`
	Changed  int              `json:"changed"` // rows whose grade differs
	CostA    Cost             `json:"cost_a"`
	CostB    Cost             `json:"cost_b"`
	FairA    Fairness         `json:"fair_a"`
	FairB    Fairness         `json:"fair_b"`
	Coverage []SurveyCoverage `json:"coverage"`
}

// CompareRow is one staff member under both versions.
type CompareRow struct {
	Staff        dealerkit.StaffID `json:"staff"`
	Role         string            `json:"role"`
	A            Result            `json:"a"`
	B            Result            `json:"b"`
	GradeChanged bool              `json:"grade_changed"`
}

// Cost is the total reward and penalty of a version over the members.
type Cost struct {
	Reward  decimal.Decimal `json:"reward"`
	Penalty decimal.Decimal `json:"penalty"`
}

// Fairness are the figures a policy team reads before adopting a scheme (§6.4): the score spread
// per role and how often data was missing.
type Fairness struct {
	Roles []RoleSpread `json:"roles"`
	// Insufficient of Dimensions had too little data; InsufficientShare is the percentage.
	Dimensions        int             `json:"dimensions"`
	Insufficient      int             `json:"insufficient"`
	InsufficientShare decimal.Decimal `json:"insufficient_share"`
}

// RoleSpread is the distribution of one role's scores.
type RoleSpread struct {
	Role     string              `json:"role"`
	Staff    int                 `json:"staff"`
	Complete int                 `json:"complete"` // with a total
	Min      decimal.NullDecimal `json:"min"`
	Max      decimal.NullDecimal `json:"max"`
	Mean     decimal.NullDecimal `json:"mean"`
	Grades   map[string]int      `json:"grades"`
}

// SurveyCoverage is how many of an advisor's orders of the period were surveyed (§4.5.4): a
// satisfaction score resting on few surveys is a weak one (§6.4).
type SurveyCoverage struct {
	Advisor  dealerkit.StaffID `json:"advisor"`
	Orders   int               `json:"orders"`
	Surveyed int               `json:"surveyed"`
	Share    decimal.Decimal   `json:"share"` // percent
}

// Compare runs two policy versions over the same period and members, from the same facts, and
// stores nothing (§6.4). Manual dimensions take the ratings the manager gave in review of the
// period's stored appraisals, matched by dimension key. Only the manager compares (dealerkit.ActionAppraise).
func (s *Service) Compare(ctx context.Context, actor dealerkit.Actor, in CompareInput) (Comparison, error) {
	now := s.src.Time()
	if err := dealerkit.Authorize(s.perms, actor, dealerkit.ActionAppraise, now); err != nil {
		return Comparison{}, err
	}
	dealer := actor.Dealer()
	var v dealerkit.ValidationError
	checkPeriod(&v, in.From, in.To)
	a, okA := s.policyNamed(dealer, in.A)
	b, okB := s.policyNamed(dealer, in.B)
	if !okA {
		v.AddErr("a", in.A, ErrUnknownVersion)
	}
	if !okB {
		v.AddErr("b", in.B, ErrUnknownVersion)
	}
	if okA && okB {
		checkMembers(&v, in.Members, a.Rules, b.Rules)
	} else {
		checkMembers(&v, in.Members)
	}
	if err := v.Err(); err != nil {
		return Comparison{}, err
	}
	from, to := in.From.UTC(), in.To.UTC()
	ma, err := s.measure(ctx, dealer, from, to, a.Rules)
	if err != nil {
		return Comparison{}, err
	}
	mb := ma
	if a.Rules.SurveyItem != b.Rules.SurveyItem || a.Rules.LookbackDays != b.Rules.LookbackDays ||
		fmt.Sprint(a.Rules.CountedRootCauses) != fmt.Sprint(b.Rules.CountedRootCauses) {
		if mb, err = s.measure(ctx, dealer, from, to, b.Rules); err != nil {
			return Comparison{}, err
		}
	}
	// The manager's ratings given in review of this period's appraisals count under both
	// versions, by dimension key; a member without one is not rated (insufficient data).
	stored, err := s.repo.List(ctx, dealer, Filter{FromAtLeast: from, FromBefore: from.Add(time.Microsecond)})
	if err != nil {
		return Comparison{}, storeErr(uuid.Nil, err)
	}
	ratings := map[dealerkit.StaffID][]Rating{}
	for _, x := range stored {
		ratings[x.staff] = x.ratings
	}
	c := Comparison{From: from, To: to, A: a.Name, B: b.Name, CostA: Cost{decimal.Zero, decimal.Zero}, CostB: Cost{decimal.Zero, decimal.Zero}}
	var ra, rb []Evaluated
	for _, m := range in.Members {
		ea := evaluate(a, m, ma, ratings[m.Staff])
		eb := evaluate(b, m, mb, ratings[m.Staff])
		ra, rb = append(ra, ea), append(rb, eb)
		row := CompareRow{Staff: m.Staff, Role: m.Role, A: ea.Result, B: eb.Result, GradeChanged: ea.Result.Grade != eb.Result.Grade}
		if row.GradeChanged {
			c.Changed++
		}
		c.CostA = Cost{c.CostA.Reward.Add(ea.Result.Reward), c.CostA.Penalty.Add(ea.Result.Penalty)}
		c.CostB = Cost{c.CostB.Reward.Add(eb.Result.Reward), c.CostB.Penalty.Add(eb.Result.Penalty)}
		c.Rows = append(c.Rows, row)
	}
	c.FairA, c.FairB = FairnessOf(ra), FairnessOf(rb)
	c.Coverage = ma.Coverage(in.Members)
	return c, nil
}

// Evaluated is a member scored under one version, not stored.
type Evaluated struct {
	Member Member `json:"member"`
	Result Result `json:"result"`
}

func evaluate(p dealerkit.Version[Policy], m Member, ms *Measures, ratings []Rating) Evaluated {
	r, _ := rulesOf(p.Name, p.Rules, m.Role)
	values := valuesFor(ms, m.Staff, r)
	res := r.Score(func(dm Dimension) MetricValue {
		if dm.Metric.Manual() {
			for _, x := range ratings {
				if x.Dimension == dm.Key {
					return MetricValue{Metric: dm.Metric, Value: x.Value, Count: 1, Sample: 1, Records: []uuid.UUID{}, Note: x.Reason}
				}
			}
			// Not rated in review: insufficient data, as in a draft.
			return MetricValue{Metric: dm.Metric, Value: decimal.Zero, Records: []uuid.UUID{}, Note: "not rated"}
		}
		for _, v := range values {
			if v.Metric == dm.Metric {
				return v
			}
		}
		return MetricValue{Metric: dm.Metric, Value: decimal.Zero, Records: []uuid.UUID{}}
	}, m.Bases)
	return Evaluated{Member: m, Result: res}
}

// FairnessOf sums the fairness figures of a set of results (§6.4).
func FairnessOf(rs []Evaluated) Fairness {
	f := Fairness{Roles: []RoleSpread{}, InsufficientShare: decimal.Zero}
	byRole := map[string]*RoleSpread{}
	sums := map[string]decimal.Decimal{}
	for _, e := range rs {
		sp := byRole[e.Member.Role]
		if sp == nil {
			sp = &RoleSpread{Role: e.Member.Role, Grades: map[string]int{}}
			byRole[e.Member.Role] = sp
		}
		sp.Staff++
		for _, d := range e.Result.Dimensions {
			f.Dimensions++
			if d.Status == StatusInsufficient {
				f.Insufficient++
			}
		}
		if !e.Result.Complete {
			continue
		}
		t := e.Result.Total.Decimal
		sp.Complete++
		sp.Grades[e.Result.Grade]++
		sums[sp.Role] = sums[sp.Role].Add(t)
		if !sp.Min.Valid || t.LessThan(sp.Min.Decimal) {
			sp.Min = decimal.NewNullDecimal(t)
		}
		if !sp.Max.Valid || t.GreaterThan(sp.Max.Decimal) {
			sp.Max = decimal.NewNullDecimal(t)
		}
	}
	for _, sp := range byRole {
		if sp.Complete > 0 {
			sp.Mean = decimal.NewNullDecimal(sums[sp.Role].DivRound(decimal.NewFromInt(int64(sp.Complete)), 2))
		}
		f.Roles = append(f.Roles, *sp)
	}
	sort.Slice(f.Roles, func(i, j int) bool { return f.Roles[i].Role < f.Roles[j].Role })
	f.InsufficientShare = percent(f.Insufficient, f.Dimensions)
	return f
}

// Coverage is the survey coverage of the members appraised as service advisors: how many of the
// orders they opened in the period were surveyed (§4.5.4, §6.4).
func (m *Measures) Coverage(members []Member) []SurveyCoverage {
	out := []SurveyCoverage{}
	for _, mb := range members {
		if mb.Role != "service_advisor" {
			continue
		}
		t := m.staff[mb.Staff]
		c := SurveyCoverage{Advisor: mb.Staff, Share: decimal.Zero}
		if t != nil {
			c.Orders, c.Surveyed = t.opened, t.openedSurveyed
			c.Share = percent(c.Surveyed, c.Orders)
		}
		out = append(out, c)
	}
	return out
}
