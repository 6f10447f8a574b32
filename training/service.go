package training

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Options configure a Service. A nil *Options, and every zero field, means the documented default.
type Options struct {
	// Now is the clock; nil means time.Now. NewID makes ids; nil means UUIDv7.
	Now   func() time.Time
	NewID func() uuid.UUID
	// Permissions is the §3 role x action table per dealer and over time; nil means
	// dealerkit.DefaultPermissions.
	Permissions *dealerkit.Table[*dealerkit.Permissions]
	// Policy is the training policy per dealer and over time; nil means DefaultPolicy.
	Policy *dealerkit.Table[Policy]
	// Grades reads appraisal grades for the career ladder (§7.4); the appraisal package meets
	// it. Nil means no grades are known: a rung that needs grades is reported as unknown, never
	// as met.
	Grades Grades
}

// Service holds the training use cases (§7, §8.4). Each checks the actor's permission, reads the
// policy in force, stamps time and ids from the injected sources and stores each change with its
// events in one transaction; a refused call changes nothing. It also answers aftersales'
// dispatch check (Qualify). It is safe for concurrent use.
type Service struct {
	repo     Repository
	tx       dealerkit.Transactor
	src      dealerkit.Sources
	perms    *dealerkit.Table[*dealerkit.Permissions]
	pol      *dealerkit.Table[Policy]
	fallback Policy // DefaultPolicy, built once: the rules where the table has no version
	grades   Grades
}

// NewService returns a Service over repo; tx is the transactor repo's calls join, so that a
// session's completion and the certificates it issues are stored together.
func NewService(repo Repository, tx dealerkit.Transactor, opts *Options) (*Service, error) {
	var v dealerkit.ValidationError
	if repo == nil {
		v.Required("repository")
	}
	if tx == nil {
		v.Required("transactor")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &Options{}
	}
	return &Service{repo: repo, tx: tx, src: dealerkit.Sources{Now: opts.Now, NewID: opts.NewID},
		perms: opts.Permissions, pol: opts.Policy, fallback: DefaultPolicy(), grades: opts.Grades}, nil
}

// Policy returns the dealer's training policy in force at t.
func (s *Service) Policy(dealer dealerkit.DealerID, at time.Time) (Policy, error) {
	v, err := s.pol.At(dealer, at, s.fallback)
	return v.Rules, err
}

// begin checks the actor may take action now and returns now and the policy in force.
func (s *Service) begin(actor dealerkit.Actor, action dealerkit.Action) (time.Time, Policy, error) {
	now := s.src.Time()
	if err := dealerkit.Authorize(s.perms, actor, action, now); err != nil {
		return now, Policy{}, err
	}
	pol, err := s.Policy(actor.Dealer(), now)
	return now, pol, err
}

// asRef names the field of an input whose id names no record of the dealer: dealerkit.ErrNotFound
// as for an id in the path, whether the record does not exist or is another dealer's (§2), so a
// refusal never tells one dealer what another holds.
func asRef(err error, field string, id fmt.Stringer) error {
	if errors.Is(err, dealerkit.ErrNotFound) {
		return fmt.Errorf("training: %s %s: no such record of this dealer: %w", field, id, dealerkit.ErrNotFound)
	}
	return err
}

// Courses (§7.2, §7.3).

// CreateCourse adds a course to the catalogue. Each prerequisite must be an active course of the
// dealer; the code must be new to the dealer (ErrCodeTaken).
func (s *Service) CreateCourse(ctx context.Context, actor dealerkit.Actor, in CourseInput) (*Course, error) {
	now, pol, err := s.begin(actor, dealerkit.ActionManageTraining)
	if err != nil {
		return nil, err
	}
	c, err := NewCourse(actor.Dealer(), s.src.ID(), actor, now, in, pol)
	if err != nil {
		return nil, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		for i, p := range c.s.Prerequisites {
			pc, err := s.repo.GetCourse(ctx, actor.Dealer(), p)
			if err != nil {
				return asRef(err, fmt.Sprintf("prerequisites[%d]", i), p)
			}
			if !pc.Active() {
				return fmt.Errorf("prerequisites[%d] %s: %w", i, p, ErrInactiveCourse)
			}
		}
		if err := s.repo.CreateCourse(ctx, c); err != nil {
			if errors.Is(err, dealerkit.ErrConflict) {
				return ErrCodeTaken
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, hide(err)
	}
	return c, nil
}

// RetireCourse takes a course out of the catalogue.
func (s *Service) RetireCourse(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) error {
	now, _, err := s.begin(actor, dealerkit.ActionManageTraining)
	if err != nil {
		return err
	}
	return hide(s.repo.UpdateCourse(ctx, actor.Dealer(), id, func(c *Course) error { return c.Retire(actor, now) }))
}

// Course returns one course.
func (s *Service) Course(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*Course, error) {
	if _, _, err := s.begin(actor, dealerkit.ActionViewTraining); err != nil {
		return nil, err
	}
	x, err := s.repo.GetCourse(ctx, actor.Dealer(), id)
	return x, hide(err)
}

// Courses pages through the catalogue in id order.
func (s *Service) Courses(ctx context.Context, actor dealerkit.Actor, f CourseFilter, cursor dealerkit.Cursor, limit int) (dealerkit.Page[*Course], error) {
	if _, _, err := s.begin(actor, dealerkit.ActionViewTraining); err != nil {
		return dealerkit.Page[*Course]{}, err
	}
	after, err := cursor.After()
	if err != nil {
		return dealerkit.Page[*Course]{}, err
	}
	size := dealerkit.PageSize(limit)
	f.After, f.Limit = after, size+1
	items, err := s.repo.ListCourses(ctx, actor.Dealer(), f)
	if err != nil {
		return dealerkit.Page[*Course]{}, err
	}
	return dealerkit.NewPage(items, size, (*Course).ID), nil
}

// Roster (§7.4).

// RegisterMember puts a staff member on the training roster, on a career track if given.
func (s *Service) RegisterMember(ctx context.Context, actor dealerkit.Actor, in MemberInput) (*Member, error) {
	now, pol, err := s.begin(actor, dealerkit.ActionManageTraining)
	if err != nil {
		return nil, err
	}
	m, err := NewMember(actor.Dealer(), actor, now, in, pol)
	if err != nil {
		return nil, err
	}
	if err := s.repo.CreateMember(ctx, m); err != nil {
		if errors.Is(err, dealerkit.ErrConflict) {
			return nil, ErrAlreadyRegistered
		}
		return nil, err
	}
	return m, nil
}

// Member returns a staff member's roster entry.
func (s *Service) Member(ctx context.Context, actor dealerkit.Actor, staff dealerkit.StaffID) (*Member, error) {
	if _, _, err := s.begin(actor, dealerkit.ActionViewTraining); err != nil {
		return nil, err
	}
	x, err := s.repo.GetMember(ctx, actor.Dealer(), staff)
	return x, hide(err)
}

// Plans (§7.1).

// CreatePlan records a training plan for a period and role. Every course must be an active course
// of the dealer.
func (s *Service) CreatePlan(ctx context.Context, actor dealerkit.Actor, in PlanInput) (*Plan, error) {
	now, _, err := s.begin(actor, dealerkit.ActionManageTraining)
	if err != nil {
		return nil, err
	}
	p, err := NewPlan(actor.Dealer(), s.src.ID(), actor, now, in)
	if err != nil {
		return nil, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		for i, it := range p.s.Items {
			c, err := s.repo.GetCourse(ctx, actor.Dealer(), it.Course)
			if err != nil {
				return asRef(err, fmt.Sprintf("items[%d].course", i), it.Course)
			}
			if !c.Active() {
				return fmt.Errorf("items[%d].course %s: %w", i, it.Course, ErrInactiveCourse)
			}
		}
		return s.repo.CreatePlan(ctx, p)
	})
	if err != nil {
		return nil, hide(err)
	}
	return p, nil
}

// Sessions (§7.2, §7.3).

// ScheduleSession schedules a session of an active course. The trainer, if staff, and every
// attendee must be on the roster, and every attendee must have passed the course's prerequisites
// (ErrPrerequisiteMissing).
func (s *Service) ScheduleSession(ctx context.Context, actor dealerkit.Actor, in SessionInput) (*Session, error) {
	now, _, err := s.begin(actor, dealerkit.ActionManageTraining)
	if err != nil {
		return nil, err
	}
	var v dealerkit.ValidationError
	in.validate(&v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *Session
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.repo.GetCourse(ctx, actor.Dealer(), in.Course)
		if err != nil {
			return asRef(err, "course", in.Course)
		}
		if !in.TrainerStaff.IsZero() {
			if _, err := s.repo.GetMember(ctx, actor.Dealer(), in.TrainerStaff); err != nil {
				return asRef(err, "trainer_staff", in.TrainerStaff)
			}
		}
		if err := s.checkAttendees(ctx, actor.Dealer(), c, in.Attendees, now); err != nil {
			return err
		}
		out, err = NewSession(actor.Dealer(), s.src.ID(), actor, now, in, c)
		if err != nil {
			return err
		}
		return s.repo.CreateSession(ctx, out)
	})
	if err != nil {
		return nil, hide(err)
	}
	return out, nil
}

// checkAttendees refuses attendees not on the roster or short of the prerequisites (§7.2).
func (s *Service) checkAttendees(ctx context.Context, dealer dealerkit.DealerID, c *Course, staff []dealerkit.StaffID, at time.Time) error {
	for i, st := range staff {
		if _, err := s.repo.GetMember(ctx, dealer, st); err != nil {
			return asRef(err, fmt.Sprintf("attendees[%d]", i), st)
		}
	}
	if len(c.s.Prerequisites) == 0 {
		return nil
	}
	for _, st := range staff {
		passes, err := s.passes(ctx, dealer, st, at)
		if err != nil {
			return err
		}
		var missing []uuid.UUID
		for _, p := range c.s.Prerequisites {
			if _, ok := passes[p]; !ok {
				missing = append(missing, p)
			}
		}
		if len(missing) > 0 {
			return &PrerequisiteError{Staff: st, Course: c.ID(), Missing: missing} // §7.2
		}
	}
	return nil
}

// passes returns the courses staff passed at or before at, with their pass times.
func (s *Service) passes(ctx context.Context, dealer dealerkit.DealerID, staff dealerkit.StaffID, at time.Time) (map[uuid.UUID][]time.Time, error) {
	sessions, err := s.repo.ListSessions(ctx, dealer, SessionFilter{Staff: staff, States: []SessionState{SessionCompleted}})
	if err != nil {
		return nil, err
	}
	out := map[uuid.UUID][]time.Time{}
	for _, se := range sessions {
		for _, a := range se.s.Attendees {
			if a.Staff == staff && a.Result == ResultPass && !se.s.EndsAt.After(at) {
				out[se.s.Course] = append(out[se.s.Course], se.s.EndsAt)
			}
		}
	}
	return out, nil
}

// Enrol adds attendees to a scheduled session, with the same checks as ScheduleSession.
func (s *Service) Enrol(ctx context.Context, actor dealerkit.Actor, session uuid.UUID, staff []dealerkit.StaffID) error {
	now, _, err := s.begin(actor, dealerkit.ActionManageTraining)
	if err != nil {
		return err
	}
	return hide(s.tx.InTx(ctx, func(ctx context.Context) error {
		se, err := s.repo.GetSession(ctx, actor.Dealer(), session)
		if err != nil {
			return err
		}
		c, err := s.repo.GetCourse(ctx, actor.Dealer(), se.Course())
		if err != nil {
			return err
		}
		if err := s.checkAttendees(ctx, actor.Dealer(), c, staff, now); err != nil {
			return err
		}
		return s.repo.UpdateSession(ctx, actor.Dealer(), session, func(se *Session) error { return se.Enrol(actor, now, staff) })
	}))
}

// CompleteSession records attendance, hours and results (§7.2); each pass issues the course's
// certificate under the policy in force, in the same transaction.
func (s *Service) CompleteSession(ctx context.Context, actor dealerkit.Actor, session uuid.UUID, results []ResultInput) (*Session, error) {
	now, pol, err := s.begin(actor, dealerkit.ActionRecordTraining)
	if err != nil {
		return nil, err
	}
	var out *Session
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		se, err := s.repo.GetSession(ctx, actor.Dealer(), session)
		if err != nil {
			return err
		}
		c, err := s.repo.GetCourse(ctx, actor.Dealer(), se.Course())
		if err != nil {
			return err
		}
		return s.repo.UpdateSession(ctx, actor.Dealer(), session, func(se *Session) error {
			_, err := se.Complete(actor, now, results, s.issuer(ctx, actor, now, pol, c, se.ID(), "", now))
			out = se
			return err
		})
	})
	if err != nil {
		return nil, hide(err)
	}
	return out, nil
}

// issuer returns the function that issues c's certificate to a passer, or nil if c issues none.
func (s *Service) issuer(ctx context.Context, actor dealerkit.Actor, now time.Time, pol Policy, c *Course, session uuid.UUID,
	evidence string, issuedAt time.Time) func(dealerkit.StaffID) (uuid.UUID, error) {
	if c.Certificate() == "" {
		return nil
	}
	return func(staff dealerkit.StaffID) (uuid.UUID, error) {
		issuer := "dealership"
		if c.Delivery() == DeliveryExternal {
			issuer = c.s.Provider
		}
		cert, err := NewCertificate(actor.Dealer(), s.src.ID(), actor, now, CertificateSpec{Staff: staff, Type: c.Certificate(),
			Issuer: issuer, Course: c.ID(), Session: session, External: evidence != "", Evidence: evidence, IssuedAt: issuedAt}, pol)
		if err != nil {
			return uuid.Nil, err
		}
		return cert.ID(), s.repo.CreateCertificate(ctx, cert)
	}
}

// CancelSession calls off a scheduled session.
func (s *Service) CancelSession(ctx context.Context, actor dealerkit.Actor, session uuid.UUID, note string) error {
	now, _, err := s.begin(actor, dealerkit.ActionManageTraining)
	if err != nil {
		return err
	}
	return hide(s.repo.UpdateSession(ctx, actor.Dealer(), session, func(se *Session) error { return se.Cancel(actor, now, note) }))
}

// RecordExternal records training a staff member took elsewhere, with its evidence (§7.3). The
// course must be an external course of the catalogue; a pass issues its certificate, dated the
// end of the training.
func (s *Service) RecordExternal(ctx context.Context, actor dealerkit.Actor, in ExternalInput) (*Session, error) {
	now, pol, err := s.begin(actor, dealerkit.ActionRecordTraining)
	if err != nil {
		return nil, err
	}
	var out *Session
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.repo.GetCourse(ctx, actor.Dealer(), in.Course)
		if err != nil {
			return asRef(err, "course", in.Course)
		}
		if c.Delivery() != DeliveryExternal {
			var v dealerkit.ValidationError
			v.AddCode("course", in.Course.String(), dealerkit.ReasonInvalid, "not an external course")
			return &v
		}
		if in.Staff.IsZero() {
			var v dealerkit.ValidationError
			v.Required("staff")
			return &v
		}
		if _, err := s.repo.GetMember(ctx, actor.Dealer(), in.Staff); err != nil {
			return asRef(err, "staff", in.Staff)
		}
		id := s.src.ID()
		out, err = NewExternalSession(actor.Dealer(), id, actor, now, in, c, s.issuer(ctx, actor, now, pol, c, id, in.Evidence, in.EndsAt))
		if err != nil {
			return err
		}
		return s.repo.CreateSession(ctx, out)
	})
	if err != nil {
		return nil, hide(err)
	}
	return out, nil
}

// Sessions pages through sessions in id order.
func (s *Service) Sessions(ctx context.Context, actor dealerkit.Actor, f SessionFilter, cursor dealerkit.Cursor, limit int) (dealerkit.Page[*Session], error) {
	if _, _, err := s.begin(actor, dealerkit.ActionViewTraining); err != nil {
		return dealerkit.Page[*Session]{}, err
	}
	after, err := cursor.After()
	if err != nil {
		return dealerkit.Page[*Session]{}, err
	}
	size := dealerkit.PageSize(limit)
	f.After, f.Limit = after, size+1
	items, err := s.repo.ListSessions(ctx, actor.Dealer(), f)
	if err != nil {
		return dealerkit.Page[*Session]{}, err
	}
	return dealerkit.NewPage(items, size, (*Session).ID), nil
}

// hide gives a store's not-found and conflict errors the package's words, so that no adapter's
// message reaches a host; coded errors of the domain and failures of no class pass unchanged.
func hide(err error) error {
	switch dealerkit.CodeOf(err) {
	case dealerkit.CodeNotFound:
		return fmt.Errorf("training: no such record of this dealer: %w", dealerkit.ErrNotFound)
	case dealerkit.CodeConflict:
		return fmt.Errorf("training: changed by another writer; reload and retry: %w", dealerkit.ErrConflict)
	}
	return err
}
