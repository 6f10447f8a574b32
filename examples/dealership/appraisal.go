package main

import (
	"context"
	"fmt"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/shopspring/decimal"
)

// The month-end appraisal (§3.1(3), §6): the manager drafts every staff member's appraisal from
// the month's records, rates the manual dimensions with a reason, signs them off; the staff
// acknowledge, and the technician with the lowest score objects and is answered. Then the
// manager runs a candidate scheme, quality weighted up, over the same month beside the one in
// force (§6.4).

const (
	schemeInForce  = "2025-01"
	schemeQuality  = "quality-first"
	commissionRate = "0.08" // the labour commission: 8% of the labour of the jobs a technician completed
)

// appraisalPolicy is the dealership's appraisal history: the library's default since January, and
// the quality-first candidate dated years ahead, so it is never in force but can be compared.
func appraisalPolicy() (*dealerkit.Table[appraisal.Policy], error) {
	quality := appraisal.DefaultPolicy()
	weights := map[string]string{"first_pass": "50", "comebacks": "30", "efficiency": "5", "on_time": "5", "satisfaction": "5", "attitude": "5"}
	for i, sc := range quality.Schemes {
		if sc.Role != "technician" {
			continue
		}
		dims := append([]appraisal.Dimension(nil), sc.Dimensions...)
		for j := range dims {
			dims[j].Weight = decimal.RequireFromString(weights[dims[j].Key])
		}
		quality.Schemes[i].Dimensions = dims
	}
	vs, err := dealerkit.NewVersions(
		dealerkit.Version[appraisal.Policy]{Name: schemeInForce, Effective: time.Date(2025, 1, 1, 0, 0, 0, 0, local), Rules: appraisal.DefaultPolicy()},
		dealerkit.Version[appraisal.Policy]{Name: schemeQuality, Effective: time.Date(2099, 1, 1, 0, 0, 0, 0, local), Rules: quality},
	)
	if err != nil {
		return nil, err
	}
	for _, v := range vs.All() {
		if err := v.Rules.Validate(); err != nil {
			return nil, fmt.Errorf("appraisal policy %s: %w", v.Name, err)
		}
	}
	return &dealerkit.Table[appraisal.Policy]{Default: vs}, nil
}

// members lists who is appraised, under which scheme, with each technician's labour commission
// for the month as the base of percentage rewards.
func (s *sim) members(orders []*aftersales.RepairOrder) []appraisal.Member {
	commission := map[dealerkit.StaffID]decimal.Decimal{}
	rate := decimal.RequireFromString(commissionRate)
	for _, o := range orders {
		for _, l := range o.Lines() {
			if l.Job != nil && l.Job.Done() && !l.Job.CompletedAt.Before(s.start) && l.Job.CompletedAt.Before(s.end) {
				commission[l.Job.Technician] = commission[l.Job.Technician].Add(l.Amounts(dealerkit.DefaultRounding()).Net.Mul(rate))
			}
		}
	}
	var out []appraisal.Member
	for _, a := range s.advisors {
		out = append(out, appraisal.Member{Staff: a.actor.Staff(), Role: "service_advisor"})
	}
	for _, t := range s.techs {
		out = append(out, appraisal.Member{Staff: t.actor.Staff(), Role: "technician",
			Bases: map[string]decimal.Decimal{"labour_commission": commission[t.actor.Staff()].Round(2)}})
	}
	for _, p := range s.inspectors {
		out = append(out, appraisal.Member{Staff: p.actor.Staff(), Role: "quality_inspector"})
	}
	for _, p := range s.clerks {
		out = append(out, appraisal.Member{Staff: p.actor.Staff(), Role: "parts_clerk"})
	}
	return out
}

var ratingReasons = []string{
	"kept the board up to date and customers informed without being asked",
	"reliable, but handovers at shift change need more care",
	"helped the new colleagues through a busy week",
	"two customers mentioned a brusque tone on the phone",
}

// appraise runs the month-end appraisal on the first working morning after the month.
func (s *sim) appraise(ctx context.Context, store Store, m *Month) error {
	pol, err := appraisalPolicy()
	if err != nil {
		return err
	}
	svc, err := appraisal.NewService(store.Appraisals(), appraisal.RepositoryFacts{Orders: store.RepairOrders(),
		Complaints: store.Complaints(), Parts: store.Parts()},
		&appraisal.Options{Now: func() time.Time { return s.clock }, NewID: s.ids, Policy: pol, Tx: store})
	if err != nil {
		return err
	}
	rng := s.arng
	mgr := s.manager.actor
	members := s.members(m.Orders)
	s.clock = nextOpening(s.end)
	drafts, err := svc.Draft(ctx, mgr, appraisal.DraftInput{From: s.start, To: s.end, Members: members})
	if err != nil {
		return fmt.Errorf("draft appraisals: %w", err)
	}
	// Review: the manager rates the manual dimensions, each with its reason (§6.2).
	s.clock = s.clock.Add(2 * time.Hour)
	for i, a := range drafts {
		for _, d := range a.Rules().Scheme.Dimensions {
			if !d.Metric.Manual() {
				continue
			}
			value := decimal.NewFromInt(int64(60 + rng.IntN(36)))
			if drafts[i], err = svc.Rate(ctx, mgr, a.ID(), appraisal.RateInput{Dimension: d.Key, Value: value,
				Reason: ratingReasons[rng.IntN(len(ratingReasons))]}); err != nil {
				return fmt.Errorf("rate %s: %w", s.names[a.Staff()], err)
			}
		}
	}
	// Sign-off (§3.1(3)): the manager is not among the appraised, so he signs every one.
	s.clock = s.clock.Add(24 * time.Hour)
	for i, a := range drafts {
		if drafts[i], err = svc.SignOff(ctx, mgr, a.ID(), "reviewed at the monthly staff meeting"); err != nil {
			return fmt.Errorf("sign off %s: %w", s.names[a.Staff()], err)
		}
	}
	// The staff respond; the technician with the lowest total objects first.
	var low *appraisal.Appraisal
	for _, a := range drafts {
		r := a.Result()
		if a.Role() == "technician" && r.Complete && (low == nil || r.Total.Decimal.LessThan(low.Result().Total.Decimal)) {
			low = a
		}
	}
	s.clock = s.clock.Add(3 * time.Hour)
	for _, a := range drafts {
		who, err := dealerkit.NewStaffActor(s.dealer, a.Staff(), s.roleOf(a.Staff()))
		if err != nil {
			return err
		}
		if low != nil && a.ID() == low.ID() {
			if _, err := svc.Object(ctx, who, a.ID(), "two of the failed inspections were for parts that came in faulty"); err != nil {
				return fmt.Errorf("object: %w", err)
			}
			s.clock = s.clock.Add(time.Hour)
			if _, err := svc.Answer(ctx, mgr, a.ID(), "the inspection reports name the fitting, not the part; we will go through them together"); err != nil {
				return fmt.Errorf("answer: %w", err)
			}
		}
		if _, err := svc.Acknowledge(ctx, who, a.ID()); err != nil {
			return fmt.Errorf("acknowledge %s: %w", s.names[a.Staff()], err)
		}
	}
	ap := &AppraisalMonth{Version: schemeInForce, Candidate: schemeQuality}
	for _, a := range drafts {
		got, err := svc.Get(ctx, mgr, a.ID())
		if err != nil {
			return err
		}
		ap.Appraisals = append(ap.Appraisals, got)
	}
	if ap.Compare, err = svc.Compare(ctx, mgr, appraisal.CompareInput{From: s.start, To: s.end, Members: members,
		A: schemeInForce, B: schemeQuality}); err != nil {
		return fmt.Errorf("compare schemes: %w", err)
	}
	m.Appraisal = ap
	return nil
}

func (s *sim) roleOf(staff dealerkit.StaffID) dealerkit.Role {
	for _, a := range s.advisors {
		if a.actor.Staff() == staff {
			return dealerkit.RoleServiceAdvisor
		}
	}
	for _, t := range s.techs {
		if t.actor.Staff() == staff {
			return dealerkit.RoleTechnician
		}
	}
	for _, p := range s.inspectors {
		if p.actor.Staff() == staff {
			return dealerkit.RoleQualityInspector
		}
	}
	return dealerkit.RolePartsClerk
}
