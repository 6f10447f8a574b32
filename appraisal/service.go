package appraisal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Options configure a Service. A nil *Options, and every zero field, means the documented default.
type Options struct {
	// Now is the clock; nil means time.Now. NewID makes ids; nil means UUIDv7.
	Now   func() time.Time
	NewID func() uuid.UUID
	// Permissions is the §3 role x action table per dealer and over time; nil means
	// dealerkit.DefaultPermissions.
	Permissions *dealerkit.Table[*dealerkit.Permissions]
	// Policy is the appraisal policy per dealer and over time (§9); nil means DefaultPolicy,
	// version "default".
	Policy *dealerkit.Table[Policy]
	// Tx runs a multi-record change (a department's drafts) in one transaction; nil runs each
	// write on its own.
	Tx dealerkit.Transactor
}

// Service holds the appraisal use cases (§3.1(3), §6). Each checks the actor's permission, reads
// the facts and the policy in force, and stores the appraisal with its events; a refused call
// changes nothing. It is safe for concurrent use.
type Service struct {
	repo     Repository
	facts    Facts
	src      dealerkit.Sources
	perms    *dealerkit.Table[*dealerkit.Permissions]
	pol      *dealerkit.Table[Policy]
	fallback Policy // DefaultPolicy, built once: the rules where the table has no version
	tx       dealerkit.Transactor
}

// NewService returns a Service over the appraisal repository and the facts it measures.
func NewService(repo Repository, facts Facts, opts *Options) (*Service, error) {
	var v dealerkit.ValidationError
	if repo == nil {
		v.Required("repository")
	}
	if facts == nil {
		v.AddCode("facts", "", dealerkit.ReasonRequired, "required (§6.1: each dimension is computed from recorded facts)")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &Options{}
	}
	return &Service{repo: repo, facts: facts, src: dealerkit.Sources{Now: opts.Now, NewID: opts.NewID},
		perms: opts.Permissions, pol: opts.Policy, fallback: DefaultPolicy(), tx: opts.Tx}, nil
}

// Member is a staff member to appraise: who, under which role's scheme, and the bases their
// percentage outcomes are reckoned on (such as "labour_commission"), which payroll knows and the
// library does not record.
type Member struct {
	Staff dealerkit.StaffID          `json:"staff"`
	Role  string                     `json:"role"`
	Bases map[string]decimal.Decimal `json:"bases,omitempty"`
}

// DraftInput asks for a period's drafts.
type DraftInput struct {
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Members []Member  `json:"members"`
}

const (
	maxMembers = 1000
	maxPeriod  = 366 * 24 * time.Hour
)

func (s *Service) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if s.tx == nil {
		return fn(ctx)
	}
	return s.tx.InTx(ctx, fn)
}

// policyAt is the policy version in force for dealer at t.
func (s *Service) policyAt(dealer dealerkit.DealerID, t time.Time) (dealerkit.Version[Policy], error) {
	v, err := s.pol.At(dealer, t, s.fallback)
	if err != nil {
		return v, err
	}
	if err := v.Rules.Validate(); err != nil {
		return v, fmt.Errorf("appraisal: policy %q of dealer %s: %w", v.Name, dealer, err)
	}
	v.Rules = v.Rules.withDefaults()
	return v, nil
}

// policyNamed finds a version by name among the dealer's and the default versions; "default" is
// the library's DefaultPolicy.
func (s *Service) policyNamed(dealer dealerkit.DealerID, name string) (dealerkit.Version[Policy], bool) {
	if s.pol != nil {
		for _, vs := range []dealerkit.Versions[Policy]{s.pol.Dealers[dealer], s.pol.Default} {
			for _, v := range vs.All() {
				if v.Name == name {
					v.Rules = v.Rules.withDefaults()
					return v, true
				}
			}
		}
	}
	if name == "default" {
		return dealerkit.Version[Policy]{Name: "default", Rules: s.fallback.withDefaults()}, true
	}
	return dealerkit.Version[Policy]{}, false
}

func checkPeriod(v *dealerkit.ValidationError, from, to time.Time) {
	switch {
	case from.IsZero():
		v.Required("from")
	case to.IsZero():
		v.Required("to")
	case !from.Before(to):
		v.AddCode("to", to.UTC().Format(time.RFC3339), dealerkit.ReasonWrongOrder, "must be after from")
	case to.Sub(from) > maxPeriod:
		v.AddCode("to", to.UTC().Format(time.RFC3339), dealerkit.ReasonOutOfRange, "a period is at most 366 days")
	}
}

// checkMembers validates the members against the policy: every bad field at once.
func checkMembers(v *dealerkit.ValidationError, members []Member, pols ...Policy) {
	if len(members) == 0 {
		v.Required("members")
	}
	if len(members) > maxMembers {
		v.AddCode("members", fmt.Sprint(len(members)), dealerkit.ReasonOutOfRange, fmt.Sprintf("at most %d", maxMembers))
		return
	}
	seen := map[dealerkit.StaffID]bool{}
	for i, m := range members {
		f := fmt.Sprintf("members[%d]", i)
		if m.Staff.IsZero() {
			v.Required(f + ".staff")
		} else if seen[m.Staff] {
			v.AddCode(f+".staff", m.Staff.String(), dealerkit.ReasonDuplicate, "each staff member once")
		}
		seen[m.Staff] = true
		if strings.TrimSpace(m.Role) == "" {
			v.Required(f + ".role")
		} else {
			for _, p := range pols {
				if _, ok := p.Scheme(m.Role); !ok {
					v.AddCode(f+".role", m.Role, dealerkit.ReasonUnknownValue, "no scheme for this role in the policy in force (§6.1)")
					break
				}
			}
		}
		for k, b := range m.Bases {
			switch {
			case strings.TrimSpace(k) == "" || len(k) > maxName:
				v.AddCode(f+".bases", k, dealerkit.ReasonBadFormat, "a base needs a name of at most 64 characters")
			case !v.Within(f+".bases."+k, b, dealerkit.AmountBound(dealerkit.DefaultCurrency)):
				// a base is money, bounded before any comparison (kernel bounds.go)
			case b.IsNegative():
				v.AddCode(f+".bases."+k, b.String(), dealerkit.ReasonNegative, "must not be negative")
			}
			v.CheckText(f+".bases", k)
		}
	}
}

// measure reads the facts of a period once and measures every staff member (§6.2).
func (s *Service) measure(ctx context.Context, dealer dealerkit.DealerID, from, to time.Time, p Policy) (*Measures, error) {
	fs, err := s.facts.Period(ctx, FactQuery{Dealer: dealer, From: from, To: to,
		OpenedFrom: from.Add(-time.Duration(p.LookbackDays) * 24 * time.Hour)})
	if err != nil {
		return nil, err
	}
	return Measure(fs, p.SurveyItem, p.CountedRootCauses), nil
}

func valuesFor(m *Measures, staff dealerkit.StaffID, r Rules) []MetricValue {
	var out []MetricValue
	for _, dm := range r.Scheme.Dimensions {
		if dm.Metric.Manual() || slices.ContainsFunc(out, func(v MetricValue) bool { return v.Metric == dm.Metric }) {
			continue
		}
		out = append(out, m.Value(staff, dm.Metric))
	}
	if out == nil {
		out = []MetricValue{}
	}
	return out
}

// Draft computes the period's appraisals of the members as drafts (§6): the facts are read once
// for the whole department, each member is scored under the scheme of their role in the policy
// version in force when the period starts, and every draft is stored, with its event, in one
// transaction. A member who already has an appraisal for a period starting then is refused with
// ErrTaken (dealerkit.ErrConflict), and nothing is stored.
func (s *Service) Draft(ctx context.Context, actor dealerkit.Actor, in DraftInput) ([]*Appraisal, error) {
	now := s.src.Time()
	if err := dealerkit.Authorize(s.perms, actor, dealerkit.ActionAppraise, now); err != nil {
		return nil, err
	}
	var v dealerkit.ValidationError
	checkPeriod(&v, in.From, in.To)
	if v.Err() != nil {
		checkMembers(&v, in.Members)
		return nil, v.Err()
	}
	from, to := in.From.UTC(), in.To.UTC()
	dealer := actor.Dealer()
	pol, err := s.policyAt(dealer, from)
	if err != nil {
		return nil, err
	}
	checkMembers(&v, in.Members, pol.Rules)
	if err := v.Err(); err != nil {
		return nil, err
	}
	// One query for the whole department: who already has an appraisal for a period starting then.
	existing, err := s.repo.List(ctx, dealer, Filter{FromAtLeast: from, FromBefore: from.Add(time.Microsecond)})
	if err != nil {
		return nil, storeErr(uuid.Nil, err)
	}
	taken := make(map[dealerkit.StaffID]uuid.UUID, len(existing))
	for _, a := range existing {
		taken[a.staff] = a.id
	}
	for _, mb := range in.Members {
		if id, ok := taken[mb.Staff]; ok {
			return nil, fmt.Errorf("%w: staff %s, period from %s (appraisal %s)", ErrTaken, mb.Staff, from.Format(time.RFC3339), id)
		}
	}
	m, err := s.measure(ctx, dealer, from, to, pol.Rules)
	if err != nil {
		return nil, err
	}
	out := make([]*Appraisal, 0, len(in.Members))
	for _, mb := range in.Members {
		r, _ := rulesOf(pol.Name, pol.Rules, mb.Role)
		out = append(out, newAppraisal(s.src.ID(), actor, now, mb, from, to, r, valuesFor(m, mb.Staff, r)))
	}
	err = s.inTx(ctx, func(ctx context.Context) error {
		for _, a := range out {
			if err := s.repo.Create(ctx, a); err != nil {
				if errors.Is(err, dealerkit.ErrConflict) {
					return fmt.Errorf("%w: staff %s, period from %s", ErrTaken, a.staff, from.Format(time.RFC3339))
				}
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// reach loads an appraisal the actor may see: the manager (ActionViewAppraisals) any of the
// dealer's, a staff member (ActionViewOwnAppraisal) their own; another's is not found.
func (s *Service) reach(actor dealerkit.Actor, a *Appraisal, now time.Time) error {
	p, err := dealerkit.PermissionsAt(s.perms, actor.Dealer(), now)
	if err != nil {
		return err
	}
	if p.Allows(actor, dealerkit.ActionViewAppraisals) {
		return nil
	}
	if a.staff == actor.Staff() && p.Allows(actor, dealerkit.ActionViewOwnAppraisal) {
		return nil
	}
	return fmt.Errorf("appraisal %s: %w", a.id, dealerkit.ErrNotFound)
}

// change is the one path of every workflow step: authorize, load, check the actor may see it,
// apply and store atomically with the step's event.
func (s *Service) change(ctx context.Context, actor dealerkit.Actor, action dealerkit.Action, id uuid.UUID,
	fn func(a *Appraisal, now time.Time) error) (*Appraisal, error) {
	now := s.src.Time()
	if err := dealerkit.Authorize(s.perms, actor, action, now); err != nil {
		return nil, err
	}
	var out *Appraisal
	var ruleErr error
	err := s.repo.Update(ctx, actor.Dealer(), id, func(a *Appraisal) error {
		if ruleErr = s.reach(actor, a, now); ruleErr != nil {
			return ruleErr
		}
		if ruleErr = fn(a, now); ruleErr != nil {
			return ruleErr
		}
		out = a
		return nil
	})
	if ruleErr != nil {
		return nil, ruleErr
	}
	if err != nil {
		return nil, storeErr(id, err)
	}
	return out, nil
}

// storeErr words a repository's not-found and conflict in the package's own terms, so no
// adapter's name reaches a host through the service; other errors (a driver's) pass as they are.
func storeErr(id uuid.UUID, err error) error {
	switch {
	case errors.Is(err, dealerkit.ErrNotFound):
		return fmt.Errorf("appraisal %s: %w", id, dealerkit.ErrNotFound)
	case errors.Is(err, dealerkit.ErrConflict):
		return fmt.Errorf("appraisal %s changed meanwhile; reload and try again: %w", id, dealerkit.ErrConflict)
	}
	return err
}

// Recompute measures a draft again from the facts as they stand now (§6.2). A frozen appraisal is
// refused with a *StateError: it keeps the figures it was signed off with.
func (s *Service) Recompute(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*Appraisal, error) {
	now := s.src.Time()
	if err := dealerkit.Authorize(s.perms, actor, dealerkit.ActionAppraise, now); err != nil {
		return nil, err
	}
	cur, err := s.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if _, err := cur.check(StepRecompute); err != nil {
		return nil, err
	}
	pol, ok := s.policyNamed(actor.Dealer(), cur.rules.Version)
	if !ok {
		if pol, err = s.policyAt(actor.Dealer(), cur.from); err != nil {
			return nil, err
		}
	}
	m, err := s.measure(ctx, actor.Dealer(), cur.from, cur.to, pol.Rules)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, actor, dealerkit.ActionAppraise, id, func(a *Appraisal, now time.Time) error {
		return a.Recompute(actor, now, valuesFor(m, a.staff, a.rules))
	})
}

// Rate sets a manual dimension of a draft, with a written reason (§3.1(3), §6.2).
func (s *Service) Rate(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, in RateInput) (*Appraisal, error) {
	return s.change(ctx, actor, dealerkit.ActionAppraise, id, func(a *Appraisal, now time.Time) error {
		return a.Rate(actor, now, in)
	})
}

// SignOff freezes a draft (§3.1(3)); a manager never signs off their own (ErrOwnAppraisal).
func (s *Service) SignOff(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, note string) (*Appraisal, error) {
	return s.change(ctx, actor, dealerkit.ActionSignOffAppraisal, id, func(a *Appraisal, now time.Time) error {
		return a.SignOff(actor, now, note)
	})
}

// Acknowledge records that the staff member accepts their appraisal.
func (s *Service) Acknowledge(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*Appraisal, error) {
	return s.change(ctx, actor, dealerkit.ActionRespondAppraisal, id, func(a *Appraisal, now time.Time) error {
		return a.Acknowledge(actor, now)
	})
}

// Object records the staff member's objection with its reason; it goes back to the manager.
func (s *Service) Object(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, reason string) (*Appraisal, error) {
	return s.change(ctx, actor, dealerkit.ActionRespondAppraisal, id, func(a *Appraisal, now time.Time) error {
		return a.Object(actor, now, reason)
	})
}

// Answer records the manager's answer to an objection.
func (s *Service) Answer(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, answer string) (*Appraisal, error) {
	return s.change(ctx, actor, dealerkit.ActionAppraise, id, func(a *Appraisal, now time.Time) error {
		return a.Answer(actor, now, answer)
	})
}

// Get returns an appraisal the actor may see: the manager any, a staff member their own; another
// staff member's is not found.
func (s *Service) Get(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*Appraisal, error) {
	now := s.src.Time()
	p, err := dealerkit.PermissionsAt(s.perms, actor.Dealer(), now)
	if err != nil {
		return nil, err
	}
	if !p.Allows(actor, dealerkit.ActionViewAppraisals) && !p.Allows(actor, dealerkit.ActionViewOwnAppraisal) {
		return nil, p.Check(actor, dealerkit.ActionViewOwnAppraisal)
	}
	a, err := s.repo.Get(ctx, actor.Dealer(), id)
	if err != nil {
		return nil, storeErr(id, err)
	}
	if err := s.reach(actor, a, now); err != nil {
		return nil, err
	}
	return a, nil
}

// List returns the appraisals matching f that the actor may see, a page at a time: the manager
// any, a staff member only their own (f.Staff is set to them).
func (s *Service) List(ctx context.Context, actor dealerkit.Actor, f Filter, cursor dealerkit.Cursor) (dealerkit.Page[*Appraisal], error) {
	now := s.src.Time()
	p, err := dealerkit.PermissionsAt(s.perms, actor.Dealer(), now)
	if err != nil {
		return dealerkit.Page[*Appraisal]{}, err
	}
	switch {
	case p.Allows(actor, dealerkit.ActionViewAppraisals):
	case p.Allows(actor, dealerkit.ActionViewOwnAppraisal):
		f.Staff = actor.Staff()
	default:
		return dealerkit.Page[*Appraisal]{}, p.Check(actor, dealerkit.ActionViewOwnAppraisal)
	}
	size := dealerkit.PageSize(f.Limit)
	after, err := cursor.After()
	if err != nil {
		return dealerkit.Page[*Appraisal]{}, err
	}
	f.After, f.Limit = after, size+1
	items, err := s.repo.List(ctx, actor.Dealer(), f)
	if err != nil {
		return dealerkit.Page[*Appraisal]{}, err
	}
	return dealerkit.NewPage(items, size, func(a *Appraisal) uuid.UUID { return a.id }), nil
}

// Grade is a signed-off grade of a staff member, for the career ladder and the training plan (§7.4).
type Grade struct {
	Appraisal uuid.UUID `json:"appraisal"`
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Grade     string    `json:"grade"`
	SignedAt  time.Time `json:"signed_at"`
}

// Recent returns the grades of staff's last n appraisals signed off at or before at, the latest
// period first (§6.3, §7.4): the career ladder's question, with kernel types only, so the Service
// answers training's Grades as it is. It takes no actor: it is a question between packages, not a
// user's request. RecentGrades gives the appraisals and periods behind the grades.
func (s *Service) Recent(ctx context.Context, dealer dealerkit.DealerID, staff dealerkit.StaffID, n int, at time.Time) ([]string, error) {
	gs, err := s.RecentGrades(ctx, dealer, staff, n, at)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.Grade
	}
	return out, nil
}

// RecentGrades returns the last n grades of staff signed off at or before at, the latest period
// first, each with its appraisal and period. Appraisals left incomplete for want of data have no
// grade and are skipped.
func (s *Service) RecentGrades(ctx context.Context, dealer dealerkit.DealerID, staff dealerkit.StaffID, n int, at time.Time) ([]Grade, error) {
	if n <= 0 {
		return []Grade{}, nil
	}
	list, err := s.repo.List(ctx, dealer, Filter{Staff: staff, States: []State{StateSignedOff, StateAcknowledged, StateObjected, StateAnswered}})
	if err != nil {
		return nil, storeErr(uuid.Nil, err)
	}
	out := []Grade{}
	for _, a := range list {
		if a.signed == nil || a.signed.At.After(at) || a.result.Grade == "" {
			continue
		}
		out = append(out, Grade{Appraisal: a.id, From: a.from, To: a.to, Grade: a.result.Grade, SignedAt: a.signed.At})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].From.Equal(out[j].From) {
			return out[i].From.After(out[j].From)
		}
		return bytes.Compare(out[i].Appraisal[:], out[j].Appraisal[:]) > 0
	})
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// Retraining returns the skills the latest appraisal of staff signed off at or before at calls
// for retraining in (§6.3, §7.1): "retraining needed in this skill", one entry per skill, in the
// scheme's order. Kernel types only, for the training plan to read; empty when there is none.
func (s *Service) Retraining(ctx context.Context, dealer dealerkit.DealerID, staff dealerkit.StaffID, at time.Time) ([]string, error) {
	list, err := s.repo.List(ctx, dealer, Filter{Staff: staff, States: []State{StateSignedOff, StateAcknowledged, StateObjected, StateAnswered}})
	if err != nil {
		return nil, storeErr(uuid.Nil, err)
	}
	var latest *Appraisal
	for _, a := range list {
		if a.signed != nil && !a.signed.At.After(at) && (latest == nil || a.from.After(latest.from)) {
			latest = a
		}
	}
	out := []string{}
	if latest == nil {
		return out, nil
	}
	for _, o := range latest.result.Outcomes {
		if o.Kind == OutcomeRetraining && o.Skill != "" && !slices.Contains(out, o.Skill) {
			out = append(out, o.Skill)
		}
	}
	return out, nil
}
