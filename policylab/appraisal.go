package policylab

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

type appraisalResult struct {
	outcomes []Outcome
	records  int
	grades   map[[2]string]int
	costA    appraisal.Cost
	costB    appraisal.Cost
}

// replayAppraisals reruns every recorded appraisal period (the periods the dealer's stored
// appraisals cover, with the people, roles, payroll bases and manager's ratings they recorded)
// under A's and B's scheme versions in force at the period's start, with appraisal.Service.Compare
// (§6.4: a scheme run over a past period beside another, storing nothing).
func (l *Lab) replayAppraisals(ctx context.Context, dealer dealerkit.DealerID, facts []appraisal.OrderFacts, cs []*complaints.Complaint,
	a, b Policy) (res appraisalResult, err error) {
	// Compare may read the store (a period's parts facts): the whole replay is one read.
	err = l.reading(ctx, func(ctx context.Context) (err error) {
		res, err = l.replayAppraisalsIn(ctx, dealer, facts, cs, a, b)
		return err
	})
	return res, err
}

func (l *Lab) replayAppraisalsIn(ctx context.Context, dealer dealerkit.DealerID, facts []appraisal.OrderFacts, cs []*complaints.Complaint,
	a, b Policy) (appraisalResult, error) {
	res := appraisalResult{grades: map[[2]string]int{},
		costA: appraisal.Cost{Reward: decimal.Zero, Penalty: decimal.Zero}, costB: appraisal.Cost{Reward: decimal.Zero, Penalty: decimal.Zero}}
	stored, err := l.src.Appraisals().List(ctx, dealer, appraisal.Filter{})
	if err != nil {
		return res, err
	}
	res.records = len(stored)
	type period struct{ from, to time.Time }
	byPeriod := map[period][]appraisal.Snapshot{}
	var periods []period
	for _, x := range stored {
		s := x.Snapshot()
		p := period{s.From, s.To}
		if byPeriod[p] == nil {
			periods = append(periods, p)
		}
		byPeriod[p] = append(byPeriod[p], s)
	}
	sort.Slice(periods, func(i, j int) bool { return periods[i].from.Before(periods[j].from) })
	mgr, err := dealerkit.NewStaffActor(dealer, labManagerID(), dealerkit.RoleManager)
	if err != nil {
		return res, err
	}
	for _, p := range periods {
		va, vb := appraisalAt(a, p.from), appraisalAt(b, p.from)
		va.Name, vb.Name = "A:"+va.Name, "B:"+vb.Name
		// policyNamed looks in the dealer's history, then the default one: one side in each
		// keeps equal names of the two files apart.
		svc, err := appraisal.NewService(loadedAppraisals{Repository: l.src.Appraisals(), list: stored}, appraisal.RepositoryFacts{Orders: loadedFacts{facts: facts, src: l.src.RepairOrders()},
			Complaints: loadedComplaints(cs), Parts: l.src.Parts()}, &appraisal.Options{
			Now: func() time.Time { return p.to },
			Policy: &dealerkit.Table[appraisal.Policy]{
				Default: dealerkit.Single(va.Name, va.Rules),
				Dealers: map[dealerkit.DealerID]dealerkit.Versions[appraisal.Policy]{dealer: dealerkit.Single(vb.Name, vb.Rules)}},
		})
		if err != nil {
			return res, err
		}
		var members []appraisal.Member
		for _, s := range byPeriod[p] {
			o := Outcome{Kind: KindAppraisal, Dealer: dealer, Record: uuid.UUID(s.Staff), RecordKind: "staff",
				Ref: fmt.Sprintf("%s %s..%s (appraisal %s)", s.Role, p.from.Format("2006-01-02"), p.to.Format("2006-01-02"), s.ID), At: p.to}
			if reason := unreplayableMember(s, va, vb); reason != "" {
				o.Status, o.Reason = NotReplayable, reason
				res.outcomes = append(res.outcomes, o)
				continue
			}
			members = append(members, appraisal.Member{Staff: s.Staff, Role: s.Role, Bases: s.Bases})
		}
		if len(members) == 0 {
			continue
		}
		cmp, err := svc.Compare(ctx, mgr, appraisal.CompareInput{From: p.from, To: p.to, Members: members, A: va.Name, B: vb.Name})
		if err != nil {
			return res, fmt.Errorf("policylab: appraisal period %s: %w", p.from.Format(time.RFC3339), err)
		}
		for _, row := range cmp.Rows {
			o := Outcome{Kind: KindAppraisal, Dealer: dealer, Record: uuid.UUID(row.Staff), RecordKind: "staff",
				Ref: fmt.Sprintf("%s %s..%s", row.Role, p.from.Format("2006-01-02"), p.to.Format("2006-01-02")),
				A:   resultText(row.A), B: resultText(row.B), At: p.to}
			o.Status = status(o.A, o.B)
			res.outcomes = append(res.outcomes, o)
			res.grades[[2]string{gradeOf(row.A), gradeOf(row.B)}]++
		}
		res.costA = appraisal.Cost{Reward: res.costA.Reward.Add(cmp.CostA.Reward), Penalty: res.costA.Penalty.Add(cmp.CostA.Penalty)}
		res.costB = appraisal.Cost{Reward: res.costB.Reward.Add(cmp.CostB.Reward), Penalty: res.costB.Penalty.Add(cmp.CostB.Penalty)}
	}
	sortOutcomes(res.outcomes)
	return res, nil
}

// unreplayableMember says why a person cannot be scored under a side: the side has no scheme for
// their role, or rates a dimension by the manager's judgement that was never recorded for them
// (a rating cannot be invented).
func unreplayableMember(s appraisal.Snapshot, sides ...dealerkit.Version[appraisal.Policy]) string {
	for _, v := range sides {
		sc, ok := v.Rules.Scheme(s.Role)
		if !ok {
			return fmt.Sprintf("%s has no scheme for role %s", v.Name, s.Role)
		}
		for _, d := range sc.Dimensions {
			if !d.Metric.Manual() {
				continue
			}
			rated := false
			for _, r := range s.Ratings {
				rated = rated || r.Dimension == d.Key
			}
			if !rated {
				return fmt.Sprintf("%s rates %q by the manager's judgement; no rating was recorded", v.Name, d.Key)
			}
		}
	}
	return ""
}

func gradeOf(r appraisal.Result) string {
	if !r.Complete {
		return "incomplete"
	}
	return r.Grade
}

func resultText(r appraisal.Result) string {
	if !r.Complete {
		return "incomplete (insufficient data), reward " + money(r.Reward) + ", penalty " + money(r.Penalty)
	}
	return fmt.Sprintf("score %s, grade %s, reward %s, penalty %s", r.Total.Decimal.StringFixed(2), r.Grade, money(r.Reward), money(r.Penalty))
}

// loadedFacts serves the appraisal facts of the repair orders a replay has already read
// (appraisal.OrderFactSource): a period's facts come from the one read of the dealer's orders, in
// its id order, with the filter semantics every adapter shares (aftersales.Filter.Matches on the
// opening time), instead of another read of the store per period. What the facts cannot answer
// (a whole order, another filter) is read from src.
type loadedFacts struct {
	facts []appraisal.OrderFacts
	src   appraisal.OrderSource
}

func (l loadedFacts) Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*aftersales.RepairOrder, error) {
	return l.src.Get(ctx, dealer, id)
}

func (l loadedFacts) List(ctx context.Context, dealer dealerkit.DealerID, f aftersales.Filter) ([]*aftersales.RepairOrder, error) {
	return l.src.List(ctx, dealer, f)
}

func (l loadedFacts) ListOrderFacts(ctx context.Context, dealer dealerkit.DealerID, f aftersales.Filter) ([]appraisal.OrderFacts, error) {
	if f.Number != "" || f.Plate != "" || !f.Customer.IsZero() || f.VIN != "" || len(f.States) > 0 || !f.PromisedBefore.IsZero() ||
		f.After != (uuid.UUID{}) {
		os, err := l.src.List(ctx, dealer, f)
		if err != nil {
			return nil, err
		}
		out := make([]appraisal.OrderFacts, len(os))
		for i, o := range os {
			out[i] = appraisal.FactsOf(o)
		}
		return out, nil
	}
	var out []appraisal.OrderFacts
	for _, x := range l.facts {
		if !f.OpenedFrom.IsZero() && x.OpenedAt.Before(f.OpenedFrom) || !f.OpenedBefore.IsZero() && !x.OpenedAt.Before(f.OpenedBefore) {
			continue
		}
		out = append(out, x)
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
	}
	return out, nil
}

// loadedComplaints serves the complaints a replay has already read (appraisal.ComplaintSource).
type loadedComplaints []*complaints.Complaint

func (l loadedComplaints) List(_ context.Context, _ dealerkit.DealerID, f complaints.Filter) ([]*complaints.Complaint, error) {
	var out []*complaints.Complaint
	for _, c := range l {
		if f.Matches(c) {
			out = append(out, c)
			if f.Limit > 0 && len(out) == f.Limit {
				break
			}
		}
	}
	return out, nil
}

// loadedAppraisals serves List from the appraisals a replay has already read, in their id order,
// with the filter semantics every adapter shares (appraisal.Filter.Matches), so Compare's look-up
// of a period's ratings does not read every stored appraisal body again. The rest goes to the
// store; the replay calls none of it, and Compare only reads what List gives.
type loadedAppraisals struct {
	appraisal.Repository
	list []*appraisal.Appraisal
}

func (l loadedAppraisals) List(_ context.Context, _ dealerkit.DealerID, f appraisal.Filter) ([]*appraisal.Appraisal, error) {
	var out []*appraisal.Appraisal
	for _, x := range l.list {
		if f.Matches(x) {
			out = append(out, x)
			if f.Limit > 0 && len(out) == f.Limit {
				break
			}
		}
	}
	return out, nil
}
