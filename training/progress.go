package training

import (
	"context"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// ItemProgress is one staff member's standing on one required course (§7.1).
type ItemProgress struct {
	Course   uuid.UUID  `json:"course"`
	Subject  Subject    `json:"subject"`
	Status   ItemStatus `json:"status"`
	LastPass time.Time  `json:"last_pass,omitzero"`
}

// MemberProgress is one staff member's standing on a plan.
type MemberProgress struct {
	Staff dealerkit.StaffID `json:"staff"`
	Name  string            `json:"name"`
	Items []ItemProgress    `json:"items"`
}

// PlanProgress is a plan's standing at an instant: every roster member holding the plan's role
// against every required course.
type PlanProgress struct {
	Plan    PlanSnapshot     `json:"plan"`
	At      time.Time        `json:"at"`
	Members []MemberProgress `json:"members"`
}

// Rate is a completion rate: done of required, and done/required rounded to 4 places (0 when
// nothing is required).
type Rate struct {
	Done     int             `json:"done"`
	Required int             `json:"required"`
	Rate     decimal.Decimal `json:"rate"`
}

func (r *Rate) add(done bool) {
	r.Required++
	if done {
		r.Done++
	}
	r.Rate = decimal.NewFromInt(int64(r.Done)).DivRound(decimal.NewFromInt(int64(r.Required)), 4)
}

// RoleRate and SubjectRate are the rows of a Completion report.
type RoleRate struct {
	Role dealerkit.Role `json:"role,omitempty"`
	Rate
}

// SubjectRate is the completion of one subject's required courses.
type SubjectRate struct {
	Subject Subject `json:"subject"`
	Rate
}

// Completion is the completion of every plan in force at an instant (§7.1), by role and by
// subject, with the count of each status.
type Completion struct {
	At        time.Time          `json:"at"`
	ByRole    []RoleRate         `json:"by_role"`
	BySubject []SubjectRate      `json:"by_subject"`
	Statuses  map[ItemStatus]int `json:"statuses"`
}

// passBook is what progress needs of the dealer's sessions: each member's passes per course and
// the courses each is booked on.
type passBook struct {
	passes map[dealerkit.StaffID]map[uuid.UUID][]time.Time
	booked map[dealerkit.StaffID]map[uuid.UUID]bool
}

func (s *Service) passBook(ctx context.Context, dealer dealerkit.DealerID, at time.Time) (passBook, error) {
	b := passBook{passes: map[dealerkit.StaffID]map[uuid.UUID][]time.Time{}, booked: map[dealerkit.StaffID]map[uuid.UUID]bool{}}
	sessions, err := s.repo.ListSessions(ctx, dealer, SessionFilter{States: []SessionState{SessionCompleted, SessionScheduled}})
	if err != nil {
		return b, err
	}
	for _, se := range sessions {
		for _, a := range se.s.Attendees {
			switch {
			case se.s.State == SessionCompleted && a.Result == ResultPass && !se.s.EndsAt.After(at):
				if b.passes[a.Staff] == nil {
					b.passes[a.Staff] = map[uuid.UUID][]time.Time{}
				}
				b.passes[a.Staff][se.s.Course] = append(b.passes[a.Staff][se.s.Course], se.s.EndsAt)
			case se.s.State == SessionScheduled && se.s.EndsAt.After(at):
				if b.booked[a.Staff] == nil {
					b.booked[a.Staff] = map[uuid.UUID]bool{}
				}
				b.booked[a.Staff][se.s.Course] = true
			}
		}
	}
	return b, nil
}

// progress judges members against plan at at.
func (s *Service) progress(ctx context.Context, dealer dealerkit.DealerID, p *Plan, members []*Member, book passBook, pol Policy, at time.Time) (PlanProgress, error) {
	out := PlanProgress{Plan: p.Snapshot(), At: at.UTC(), Members: []MemberProgress{}}
	courses := map[uuid.UUID]*Course{}
	for _, it := range p.s.Items {
		c, err := s.repo.GetCourse(ctx, dealer, it.Course)
		if err != nil {
			return out, err
		}
		courses[it.Course] = c
	}
	for _, m := range members {
		if !m.HasRole(p.s.Role) || m.s.HiredAt.After(at) {
			continue
		}
		mp := MemberProgress{Staff: m.s.Staff, Name: m.s.Name, Items: []ItemProgress{}}
		for _, it := range p.s.Items {
			c := courses[it.Course]
			retake := it.RetakeMonths
			if retake == 0 {
				retake = pol.RetakeMonths[c.Subject()] // §7.1: regular training, retaken at the policy's interval
			}
			st, last := itemStatus(it, p.s.To, retake, book.passes[m.s.Staff][it.Course], book.booked[m.s.Staff][it.Course], at)
			mp.Items = append(mp.Items, ItemProgress{Course: it.Course, Subject: c.Subject(), Status: st, LastPass: last})
		}
		out.Members = append(out.Members, mp)
	}
	return out, nil
}

// Progress is where everyone the plan applies to stands at at (§7.1): done, planned, overdue or
// missing on each required course.
func (s *Service) Progress(ctx context.Context, actor dealerkit.Actor, plan uuid.UUID, at time.Time) (PlanProgress, error) {
	if _, _, err := s.begin(actor, dealerkit.ActionViewTraining); err != nil {
		return PlanProgress{}, err
	}
	pol, err := s.Policy(actor.Dealer(), at)
	if err != nil {
		return PlanProgress{}, err
	}
	p, err := s.repo.GetPlan(ctx, actor.Dealer(), plan)
	if err != nil {
		return PlanProgress{}, hide(err)
	}
	members, err := s.repo.ListMembers(ctx, actor.Dealer(), MemberFilter{Role: p.Role()})
	if err != nil {
		return PlanProgress{}, err
	}
	book, err := s.passBook(ctx, actor.Dealer(), at)
	if err != nil {
		return PlanProgress{}, err
	}
	return s.progress(ctx, actor.Dealer(), p, members, book, pol, at)
}

// Completion is the completion rate at at of every plan in force then, by role and by subject
// (§7.1, §7.2).
func (s *Service) Completion(ctx context.Context, actor dealerkit.Actor, at time.Time) (Completion, error) {
	out := Completion{At: at.UTC(), ByRole: []RoleRate{}, BySubject: []SubjectRate{}, Statuses: map[ItemStatus]int{}}
	if _, _, err := s.begin(actor, dealerkit.ActionViewTraining); err != nil {
		return out, err
	}
	pol, err := s.Policy(actor.Dealer(), at)
	if err != nil {
		return out, err
	}
	plans, err := s.repo.ListPlans(ctx, actor.Dealer(), PlanFilter{ActiveAt: at})
	if err != nil {
		return out, err
	}
	members, err := s.repo.ListMembers(ctx, actor.Dealer(), MemberFilter{})
	if err != nil {
		return out, err
	}
	book, err := s.passBook(ctx, actor.Dealer(), at)
	if err != nil {
		return out, err
	}
	byRole, bySubject := map[dealerkit.Role]*Rate{}, map[Subject]*Rate{}
	for _, p := range plans {
		pp, err := s.progress(ctx, actor.Dealer(), p, members, book, pol, at)
		if err != nil {
			return out, err
		}
		for _, m := range pp.Members {
			for _, it := range m.Items {
				if byRole[p.Role()] == nil {
					byRole[p.Role()] = &Rate{}
				}
				if bySubject[it.Subject] == nil {
					bySubject[it.Subject] = &Rate{}
				}
				byRole[p.Role()].add(it.Status == ItemDone)
				bySubject[it.Subject].add(it.Status == ItemDone)
				out.Statuses[it.Status]++
			}
		}
	}
	for _, r := range dealerkit.Roles() {
		if byRole[r] != nil {
			out.ByRole = append(out.ByRole, RoleRate{Role: r, Rate: *byRole[r]})
		}
	}
	for _, sub := range Subjects() {
		if bySubject[sub] != nil {
			out.BySubject = append(out.BySubject, SubjectRate{Subject: sub, Rate: *bySubject[sub]})
		}
	}
	return out, nil
}

// Ladder (§7.4).

// standing judges m against the next rung of their track at at.
func (s *Service) standing(ctx context.Context, dealer dealerkit.DealerID, m *Member, pol Policy, at time.Time) (Standing, error) {
	st := Standing{Staff: m.s.Staff, Name: m.s.Name, Track: m.s.Track, Rung: m.s.Rung}
	tr, ok := pol.track(m.s.Track)
	i := slices.IndexFunc(tr.Rungs, func(r Rung) bool { return r.Name == m.s.Rung })
	if !ok || i < 0 {
		st.Lacks = []Lack{{Need: NeedTenure, Detail: "track or rung not in the policy in force", Unknown: true}}
		st.Eligibility = EligibilityUnknown
		return st, nil
	}
	if i == len(tr.Rungs)-1 {
		st.Eligibility = TopRung
		return st, nil
	}
	next := tr.Rungs[i+1]
	st.Next = next.Name
	if have := monthsBetween(m.s.HiredAt, at); have < next.TenureMonths {
		st.Lacks = append(st.Lacks, Lack{Need: NeedTenure, Detail: itoa(next.TenureMonths) + " months", Have: itoa(have) + " months"})
	}
	if len(next.Certificates) > 0 {
		certs, err := s.repo.ListCertificates(ctx, dealer, CertificateFilter{Staff: m.s.Staff})
		if err != nil {
			return st, err
		}
		for _, t := range next.Certificates {
			if !slices.ContainsFunc(certs, func(c *Certificate) bool { return c.s.Type == t && c.Valid(at) }) {
				st.Lacks = append(st.Lacks, Lack{Need: NeedCertificate, Detail: t, Have: "none valid"})
			}
		}
	}
	unknown := false
	if g := next.Grades; g != nil {
		detail := itoa(g.Last) + " × " + g.AtLeast
		if s.grades == nil {
			unknown = true // §7.4: without appraisal, grades are unknown, never met
			st.Lacks = append(st.Lacks, Lack{Need: NeedGrades, Detail: detail, Unknown: true})
		} else {
			got, err := s.grades.Recent(ctx, dealer, m.s.Staff, g.Last, at)
			if err != nil {
				return st, err
			}
			ok := len(got) >= g.Last
			for _, x := range got[:min(len(got), g.Last)] {
				ok = ok && pol.gradeRank(x) >= pol.gradeRank(g.AtLeast)
			}
			if !ok {
				st.Lacks = append(st.Lacks, Lack{Need: NeedGrades, Detail: detail, Have: joinGrades(got)})
			}
		}
	}
	switch {
	case len(st.Lacks) == 0:
		st.Eligibility = Eligible
	case unknown && len(st.Lacks) == 1:
		st.Eligibility = EligibilityUnknown
	default:
		st.Eligibility = NotEligible
	}
	return st, nil
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

func joinGrades(g []string) string {
	if len(g) == 0 {
		return "none"
	}
	out := g[0]
	for _, x := range g[1:] {
		out += ", " + x
	}
	return out
}

// Ladder lists where every roster member on a track stands at at (§7.4): who is eligible for the
// next rung, and what each of the others lacks. Members are in id (staff) order.
func (s *Service) Ladder(ctx context.Context, actor dealerkit.Actor, at time.Time) ([]Standing, error) {
	if _, _, err := s.begin(actor, dealerkit.ActionViewTraining); err != nil {
		return nil, err
	}
	pol, err := s.Policy(actor.Dealer(), at)
	if err != nil {
		return nil, err
	}
	members, err := s.repo.ListMembers(ctx, actor.Dealer(), MemberFilter{})
	if err != nil {
		return nil, err
	}
	out := []Standing{}
	for _, m := range members {
		if m.s.Track == "" {
			continue
		}
		st, err := s.standing(ctx, actor.Dealer(), m, pol, at)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// Promote records a manager's decision to move a staff member up to the next rung of their track
// (§7.4). It is refused with an *EligibilityError (ErrNotEligible) unless every requirement is
// met now; a requirement that cannot be judged (grades without an appraisal source) is not met.
func (s *Service) Promote(ctx context.Context, actor dealerkit.Actor, staff dealerkit.StaffID, note string) (*Member, error) {
	now, pol, err := s.begin(actor, dealerkit.ActionPromote)
	if err != nil {
		return nil, err
	}
	var v dealerkit.ValidationError
	checkText(&v, "note", note, maxNote, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *Member
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		return s.repo.UpdateMember(ctx, actor.Dealer(), staff, func(m *Member) error {
			if m.s.Track == "" {
				return &StateError{Record: "member", State: "off_track", Command: "promote"}
			}
			st, err := s.standing(ctx, actor.Dealer(), m, pol, now)
			if err != nil {
				return err
			}
			if st.Eligibility == TopRung {
				return &StateError{Record: "member", State: "top_rung", Command: "promote"}
			}
			if st.Eligibility != Eligible {
				return &EligibilityError{Staff: staff, Rung: st.Next, Lacks: st.Lacks}
			}
			m.promote(actor, now, st.Next, note)
			out = m
			return nil
		})
	})
	if err != nil {
		return nil, hide(err)
	}
	return out, nil
}
