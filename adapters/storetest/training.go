package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TrainingStore is what the training suite needs of an adapter: the training repository, the
// event log and transactions.
type TrainingStore interface {
	Training() training.Repository
	dealerkit.EventReader
	dealerkit.Transactor
}

// RunTraining runs the training.Repository contract against the stores newStore returns, through
// the repository and through training.Service: round trips, versions and lost updates, unique
// course codes, tenant isolation, list filters and paging, events in the same transaction, the
// dispatch gate at a certificate's expiry instant, and refusals of bad input that change nothing.
// Every sub-test calls newStore once and expects an empty store.
func RunTraining(t *testing.T, newStore func(t *testing.T) TrainingStore) {
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, f *trainingFixture)
	}{
		{"Get and Update of unknown records are ErrNotFound and do not call fn", testTrainingUnknown},
		{"records round-trip through the store as their snapshots, each Update adding one to the version", testTrainingRoundTrip},
		{"a taken id or course code is ErrConflict and stores nothing; another dealer may use the code", testTrainingConflicts},
		{"§2 another dealer cannot Get, Update or List a training record", testTrainingTenants},
		{"Lists select exactly what the filters' Matches select, ordered by id, and page with After and Limit", testTrainingLists},
		{"concurrent Updates of one certificate each succeed or conflict and none is lost", testTrainingConcurrentUpdates},
		{"InTx stores a course and a roster entry together, or neither and no event", testTrainingTxAtomic},
		{"§7.2 completing a session stores the results, the certificates and their events in one transaction", testTrainingCompletion},
		{"§4.2.2 a stored certificate refuses dispatch from its expiry instant on, not a nanosecond before", testTrainingExpiryInstant},
		{"bad input is refused with a classed, coded error and changes nothing", testTrainingRefusals},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			f := &trainingFixture{t: t, ctx: t.Context(), store: s, repo: s.Training(), now: t0().UTC()}
			svc, err := training.NewService(f.repo, s, &training.Options{Now: func() time.Time { return f.now },
				NewID: dealerkit.SequentialIDs()})
			require.NoError(t, err)
			f.svc = svc
			tc.run(t, f)
		})
	}
}

type trainingFixture struct {
	t     *testing.T
	ctx   context.Context
	store TrainingStore
	repo  training.Repository
	svc   *training.Service
	now   time.Time
}

func trainingManager(t *testing.T, d dealerkit.DealerID) dealerkit.Actor {
	t.Helper()
	a, err := dealerkit.NewStaffActor(d, staffID(7), dealerkit.RoleManager)
	require.NoError(t, err)
	return a
}

// seed registers a technician, a safety course and a session, and passes the technician.
func (f *trainingFixture) seed(d dealerkit.DealerID) (tech dealerkit.StaffID, course *training.Course, se *training.Session) {
	t := f.t
	t.Helper()
	m := trainingManager(t, d)
	tech = staffID(2)
	_, err := f.svc.RegisterMember(f.ctx, m, training.MemberInput{Staff: tech, Name: "王强", Roles: []dealerkit.Role{dealerkit.RoleTechnician},
		HiredAt: f.now.AddDate(-2, 0, 0), Track: training.TrackTechnician})
	require.NoError(t, err)
	course, err = f.svc.CreateCourse(f.ctx, m, training.CourseInput{Code: "SAFE-1", Title: "车间安全", Subject: training.SubjectSafety,
		Delivery: training.DeliveryInternal, Cost: decimal.RequireFromString("120.50"), Hours: decimal.RequireFromString("4.0"),
		Certificate: training.CertWorkshopSafety})
	require.NoError(t, err)
	mark := decimal.RequireFromString("60.0")
	se, err = f.svc.ScheduleSession(f.ctx, m, training.SessionInput{Course: course.ID(), StartsAt: f.now, EndsAt: f.now.Add(4 * time.Hour),
		TrainerStaff: tech, Location: "车间二楼", PassMark: &mark, Attendees: []dealerkit.StaffID{tech}})
	require.NoError(t, err)
	return tech, course, se
}

// snapshot is every training record of dealer d and its event log, as JSON.
func (f *trainingFixture) snapshot(d dealerkit.DealerID) string {
	f.t.Helper()
	cs, err := f.repo.ListCourses(f.ctx, d, training.CourseFilter{})
	require.NoError(f.t, err)
	ps, err := f.repo.ListPlans(f.ctx, d, training.PlanFilter{})
	require.NoError(f.t, err)
	ss, err := f.repo.ListSessions(f.ctx, d, training.SessionFilter{})
	require.NoError(f.t, err)
	xs, err := f.repo.ListCertificates(f.ctx, d, training.CertificateFilter{})
	require.NoError(f.t, err)
	ms, err := f.repo.ListMembers(f.ctx, d, training.MemberFilter{})
	require.NoError(f.t, err)
	evs, err := f.store.Events(f.ctx, d, 0, 10_000)
	require.NoError(f.t, err)
	b, err := json.Marshal([]any{cs, ps, ss, xs, ms, evs})
	require.NoError(f.t, err)
	return string(b)
}

func testTrainingUnknown(t *testing.T, f *trainingFixture) {
	d, id := dealerA(), uuid.New()
	called := false
	fn := func() error { called = true; return nil }
	_, err := f.repo.GetCourse(f.ctx, d, id)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.GetPlan(f.ctx, d, id)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.GetSession(f.ctx, d, id)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.GetCertificate(f.ctx, d, id)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.GetMember(f.ctx, d, dealerkit.StaffID(id))
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.ErrorIs(t, f.repo.UpdateCourse(f.ctx, d, id, func(*training.Course) error { return fn() }), dealerkit.ErrNotFound)
	require.ErrorIs(t, f.repo.UpdateSession(f.ctx, d, id, func(*training.Session) error { return fn() }), dealerkit.ErrNotFound)
	require.ErrorIs(t, f.repo.UpdateCertificate(f.ctx, d, id, func(*training.Certificate) error { return fn() }), dealerkit.ErrNotFound)
	require.ErrorIs(t, f.repo.UpdateMember(f.ctx, d, dealerkit.StaffID(id), func(*training.Member) error { return fn() }), dealerkit.ErrNotFound)
	require.False(t, called)
}

func testTrainingRoundTrip(t *testing.T, f *trainingFixture) {
	d := dealerA()
	tech, course, se := f.seed(d)
	got, err := f.repo.GetCourse(f.ctx, d, course.ID())
	require.NoError(t, err)
	requireSameJSON(t, course, got)
	require.Equal(t, int64(1), got.Version())
	require.Equal(t, "4.0", dealerkit.FormatExact(got.Hours()), "decimals keep their scale")
	require.Equal(t, "120.50", dealerkit.FormatExact(got.Cost()), "decimals keep their scale")
	gotSe, err := f.repo.GetSession(f.ctx, d, se.ID())
	require.NoError(t, err)
	requireSameJSON(t, se, gotSe)
	m, err := f.repo.GetMember(f.ctx, d, tech)
	require.NoError(t, err)
	require.Equal(t, "王强", m.Name())
	require.Equal(t, time.UTC, m.HiredAt().Location())

	require.NoError(t, f.svc.RetireCourse(f.ctx, trainingManager(t, d), course.ID()))
	got, err = f.repo.GetCourse(f.ctx, d, course.ID())
	require.NoError(t, err)
	require.Equal(t, int64(2), got.Version())
	require.False(t, got.Active())

	evs, err := f.store.Events(f.ctx, d, 0, 100)
	require.NoError(t, err)
	var types []string
	for i, e := range evs {
		require.Equal(t, int64(i+1), e.Seq)
		types = append(types, e.Type)
	}
	require.Equal(t, []string{training.EventMemberRegistered, training.EventCourseCreated, training.EventSessionScheduled,
		training.EventCourseRetired}, types)

	cid, sid := course.ID(), se.ID()
	requireIsolated(t, "course", course, func() (*training.Course, error) { return f.repo.GetCourse(f.ctx, d, cid) })
	requireIsolated(t, "session", se, func() (*training.Session, error) { return f.repo.GetSession(f.ctx, d, sid) })
	requireIsolated(t, "member", m, func() (*training.Member, error) { return f.repo.GetMember(f.ctx, d, tech) })
}

func requireSameJSON(t *testing.T, want, got any) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(got)
	require.NoError(t, err)
	require.JSONEq(t, string(w), string(g))
}

func testTrainingConflicts(t *testing.T, f *trainingFixture) {
	d := dealerA()
	_, course, _ := f.seed(d)
	before := f.snapshot(d)
	// The same course again (same id) and another course with the same code.
	require.ErrorIs(t, f.repo.CreateCourse(f.ctx, course), dealerkit.ErrConflict)
	again, err := training.NewCourse(d, uuid.New(), trainingManager(t, d), f.now, training.CourseInput{Code: "SAFE-1", Title: "x",
		Subject: training.SubjectSafety, Delivery: training.DeliveryInternal, Hours: decimal.NewFromInt(1)}, training.DefaultPolicy())
	require.NoError(t, err)
	require.ErrorIs(t, f.repo.CreateCourse(f.ctx, again), dealerkit.ErrConflict)
	require.Equal(t, before, f.snapshot(d))
	// Another dealer may use the code.
	other, err := training.NewCourse(dealerB(), uuid.New(), trainingManager(t, dealerB()), f.now, training.CourseInput{Code: "SAFE-1",
		Title: "x", Subject: training.SubjectSafety, Delivery: training.DeliveryInternal, Hours: decimal.NewFromInt(1)}, training.DefaultPolicy())
	require.NoError(t, err)
	require.NoError(t, f.repo.CreateCourse(f.ctx, other))
	// Registering a staff member twice.
	_, err = f.svc.RegisterMember(f.ctx, trainingManager(t, d), training.MemberInput{Staff: staffID(2), Name: "x",
		Roles: []dealerkit.Role{dealerkit.RoleTechnician}, HiredAt: f.now})
	require.ErrorIs(t, err, training.ErrAlreadyRegistered)
	require.Equal(t, before, f.snapshot(d))
}

func testTrainingTenants(t *testing.T, f *trainingFixture) {
	tech, course, se := f.seed(dealerA())
	b := dealerB()
	_, err := f.repo.GetCourse(f.ctx, b, course.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.GetSession(f.ctx, b, se.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.GetMember(f.ctx, b, tech)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.ErrorIs(t, f.repo.UpdateCourse(f.ctx, b, course.ID(), func(*training.Course) error { return nil }), dealerkit.ErrNotFound)
	cs, err := f.repo.ListCourses(f.ctx, b, training.CourseFilter{})
	require.NoError(t, err)
	require.Empty(t, cs)
	// Through the Service: dealer B's manager cannot reach dealer A's records, nor name A's course.
	mB := trainingManager(t, b)
	_, err = f.svc.Course(f.ctx, mB, course.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	before := f.snapshot(b)
	_, err = f.svc.CreatePlan(f.ctx, mB, training.PlanInput{Name: "x", Role: dealerkit.RoleTechnician, From: f.now,
		To: f.now.AddDate(0, 1, 0), Items: []training.PlanItem{{Course: course.ID()}}})
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	require.Equal(t, dealerkit.Reason(training.ReasonUnknownReference), validationCode(err))
	require.Equal(t, before, f.snapshot(b))
}

func validationCode(err error) dealerkit.Reason {
	var v *dealerkit.ValidationError
	if errors.As(err, &v) && len(v.Fields) > 0 {
		return v.Fields[0].Code
	}
	return ""
}

func testTrainingLists(t *testing.T, f *trainingFixture) {
	d := dealerA()
	m := trainingManager(t, d)
	tech, course, _ := f.seed(d)
	_, err := f.svc.RegisterMember(f.ctx, m, training.MemberInput{Staff: staffID(3), Name: "李雷",
		Roles: []dealerkit.Role{dealerkit.RoleServiceAdvisor}, HiredAt: f.now})
	require.NoError(t, err)
	for _, typ := range []string{training.CertAirbag, training.CertElectrician, training.CertAirbag} {
		_, err := f.svc.RecordCertificate(f.ctx, m, training.CertificateSpec{Staff: tech, Type: typ, IssuedAt: f.now.AddDate(-1, 0, 0), Evidence: "e"})
		require.NoError(t, err)
	}
	_, err = f.svc.RecordCertificate(f.ctx, m, training.CertificateSpec{Staff: staffID(3), Type: training.CertAirbag, IssuedAt: f.now, Evidence: "e"})
	require.NoError(t, err)
	_, err = f.svc.CreatePlan(f.ctx, m, training.PlanInput{Name: "p", Role: dealerkit.RoleTechnician, From: f.now,
		To: f.now.AddDate(0, 6, 0), Items: []training.PlanItem{{Course: course.ID()}}})
	require.NoError(t, err)

	all, err := f.repo.ListCertificates(f.ctx, d, training.CertificateFilter{})
	require.NoError(t, err)
	require.Len(t, all, 4)
	for _, flt := range []training.CertificateFilter{{Staff: tech}, {Type: training.CertAirbag}, {Staff: tech, Type: training.CertAirbag},
		{States: []training.CertificateState{training.CertificateActive}}, {ExpiresBefore: f.now.AddDate(0, 13, 0)},
		{After: all[1].ID()}, {Staff: tech, Limit: 2}} {
		got, err := f.repo.ListCertificates(f.ctx, d, flt)
		require.NoError(t, err)
		var want []uuid.UUID
		for _, c := range all {
			if flt.Matches(c) && (flt.Limit == 0 || len(want) < flt.Limit) {
				want = append(want, c.ID())
			}
		}
		require.Equal(t, want, idsOf(got), "%+v", flt)
	}
	members, err := f.repo.ListMembers(f.ctx, d, training.MemberFilter{Role: dealerkit.RoleServiceAdvisor})
	require.NoError(t, err)
	require.Len(t, members, 1)
	members, err = f.repo.ListMembers(f.ctx, d, training.MemberFilter{Track: training.TrackTechnician})
	require.NoError(t, err)
	require.Len(t, members, 1)
	sessions, err := f.repo.ListSessions(f.ctx, d, training.SessionFilter{Staff: tech, States: []training.SessionState{training.SessionScheduled}})
	require.NoError(t, err)
	require.Len(t, sessions, 1)
	sessions, err = f.repo.ListSessions(f.ctx, d, training.SessionFilter{Staff: staffID(3)})
	require.NoError(t, err)
	require.Empty(t, sessions)
	plans, err := f.repo.ListPlans(f.ctx, d, training.PlanFilter{ActiveAt: f.now.AddDate(0, 6, 0)})
	require.NoError(t, err)
	require.Empty(t, plans, "a plan's period ends before its To")
	plans, err = f.repo.ListPlans(f.ctx, d, training.PlanFilter{Role: dealerkit.RoleTechnician, ActiveAt: f.now})
	require.NoError(t, err)
	require.Len(t, plans, 1)

	// Paging through the Service: two pages of two.
	page, err := f.svc.Certificates(f.ctx, m, training.CertificateFilter{}, "", 2)
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	require.NotEmpty(t, page.Next)
	page2, err := f.svc.Certificates(f.ctx, m, training.CertificateFilter{}, page.Next, 2)
	require.NoError(t, err)
	require.Equal(t, idsOf(all[2:]), idsOf(page2.Items))
	require.Empty(t, page2.Next)

	cid := all[0].ID()
	requireIsolated(t, "certificate", all[0], func() (*training.Certificate, error) { return f.repo.GetCertificate(f.ctx, d, cid) })
	plans, err = f.repo.ListPlans(f.ctx, d, training.PlanFilter{})
	require.NoError(t, err)
	require.NotEmpty(t, plans)
	pid := plans[0].ID()
	requireIsolated(t, "plan", plans[0], func() (*training.Plan, error) { return f.repo.GetPlan(f.ctx, d, pid) })
}

func idsOf[T interface{ ID() uuid.UUID }](xs []T) []uuid.UUID {
	var out []uuid.UUID
	for _, x := range xs {
		out = append(out, x.ID())
	}
	return out
}

func testTrainingConcurrentUpdates(t *testing.T, f *trainingFixture) {
	d := dealerA()
	tech, _, _ := f.seed(d)
	c, err := f.svc.RecordCertificate(f.ctx, trainingManager(t, d), training.CertificateSpec{Staff: tech, Type: training.CertAirbag,
		IssuedAt: f.now, Evidence: "e"})
	require.NoError(t, err)
	const workers = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := f.repo.UpdateCertificate(f.ctx, d, c.ID(), func(c *training.Certificate) error {
				return c.Renew(trainingManager(t, d), f.now, f.now.Add(-time.Duration(i)*time.Hour), time.Time{}, training.DefaultPolicy())
			})
			if err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
				return
			}
			if !errors.Is(err, dealerkit.ErrConflict) {
				t.Errorf("update: %v", err)
			}
		}()
	}
	wg.Wait()
	got, err := f.repo.GetCertificate(f.ctx, d, c.ID())
	require.NoError(t, err)
	require.GreaterOrEqual(t, ok, 1)
	require.Equal(t, int64(1+ok), got.Version(), "every successful update is kept")
	evs, err := f.store.Events(f.ctx, d, 0, 1000)
	require.NoError(t, err)
	renewed := 0
	for _, e := range evs {
		if e.Type == training.EventCertificateRenewed {
			renewed++
		}
	}
	require.Equal(t, ok, renewed)
}

func testTrainingTxAtomic(t *testing.T, f *trainingFixture) {
	d := dealerA()
	m := trainingManager(t, d)
	boom := errors.New("boom")
	err := f.store.InTx(f.ctx, func(ctx context.Context) error {
		c, err := training.NewCourse(d, uuid.New(), m, f.now, training.CourseInput{Code: "C1", Title: "x", Subject: training.SubjectSafety,
			Delivery: training.DeliveryInternal, Hours: decimal.NewFromInt(1)}, training.DefaultPolicy())
		require.NoError(t, err)
		require.NoError(t, f.repo.CreateCourse(ctx, c))
		mem, err := training.NewMember(d, m, f.now, training.MemberInput{Staff: staffID(4), Name: "x",
			Roles: []dealerkit.Role{dealerkit.RoleTechnician}, HiredAt: f.now}, training.DefaultPolicy())
		require.NoError(t, err)
		require.NoError(t, f.repo.CreateMember(ctx, mem))
		got, err := f.repo.ListCourses(ctx, d, training.CourseFilter{})
		require.NoError(t, err)
		require.Len(t, got, 1, "inside InTx the transaction's own writes are visible")
		return boom
	})
	require.ErrorIs(t, err, boom)
	require.Equal(t, `[null,null,null,null,null,[]]`, f.snapshot(d))
}

func testTrainingCompletion(t *testing.T, f *trainingFixture) {
	d := dealerA()
	tech, _, se := f.seed(d)
	f.now = f.now.Add(4 * time.Hour)
	score := decimal.RequireFromString("88.5")
	done, err := f.svc.CompleteSession(f.ctx, trainingManager(t, d), se.ID(), []training.ResultInput{{Staff: tech, Attended: true,
		Hours: decimal.RequireFromString("4.0"), Score: &score}})
	require.NoError(t, err)
	got, err := f.repo.GetSession(f.ctx, d, se.ID())
	require.NoError(t, err)
	requireSameJSON(t, done, got)
	att := got.Attendees()
	require.Equal(t, training.ResultPass, att[0].Result)
	cert, err := f.repo.GetCertificate(f.ctx, d, att[0].Certificate)
	require.NoError(t, err)
	require.Equal(t, training.CertWorkshopSafety, cert.Type())
	require.Equal(t, f.now.AddDate(1, 0, 0), cert.ExpiresAt())
	evs, err := f.store.Events(f.ctx, d, 3, 100)
	require.NoError(t, err)
	var types []string
	for _, e := range evs {
		types = append(types, e.Type)
	}
	require.ElementsMatch(t, []string{training.EventCertificateIssued, training.EventSessionCompleted}, types)
	require.NoError(t, f.svc.Qualify(f.ctx, d, tech, "", f.now))
}

func testTrainingExpiryInstant(t *testing.T, f *trainingFixture) {
	d := dealerA()
	tech, _, _ := f.seed(d)
	m := trainingManager(t, d)
	// An expiry with nanoseconds, recorded from elsewhere, is kept to the nanosecond.
	expiry := f.now.AddDate(0, 3, 0).Add(123 * time.Nanosecond)
	for _, typ := range []string{training.CertWorkshopSafety, training.CertAirbag} {
		_, err := f.svc.RecordCertificate(f.ctx, m, training.CertificateSpec{Staff: tech, Type: typ, IssuedAt: f.now.AddDate(0, -1, 0),
			ExpiresAt: expiry, Evidence: "e"})
		require.NoError(t, err)
	}
	require.NoError(t, f.svc.Qualify(f.ctx, d, tech, "airbag", expiry.Add(-time.Nanosecond)))
	err := f.svc.Qualify(f.ctx, d, tech, "airbag", expiry)
	var qe *training.QualificationError
	require.ErrorAs(t, err, &qe)
	require.Len(t, qe.Expired, 2)
	require.True(t, qe.Expired[0].ExpiresAt.Equal(expiry))
	// Another dealer's technician with the same staff id holds nothing.
	err = f.svc.Qualify(f.ctx, dealerB(), tech, "airbag", f.now)
	require.ErrorAs(t, err, &qe)
	require.Len(t, qe.Missing, 2)
}

func testTrainingRefusals(t *testing.T, f *trainingFixture) {
	d := dealerA()
	m := trainingManager(t, d)
	tech, course, se := f.seed(d)
	_, err := f.svc.RegisterMember(f.ctx, trainingManager(t, dealerB()), training.MemberInput{Staff: staffID(9), Name: "B's",
		Roles: []dealerkit.Role{dealerkit.RoleTechnician}, HiredAt: f.now})
	require.NoError(t, err)
	neg := decimal.NewFromInt(-5)
	cases := []struct {
		name  string
		class error
		code  dealerkit.Code
		call  func() error
	}{
		{"unknown course in a session", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.ScheduleSession(f.ctx, m, training.SessionInput{Course: uuid.New(), StartsAt: f.now, EndsAt: f.now.Add(time.Hour), TrainerStaff: tech})
			return err
		}},
		{"another dealer's staff as attendee", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.ScheduleSession(f.ctx, m, training.SessionInput{Course: course.ID(), StartsAt: f.now, EndsAt: f.now.Add(time.Hour),
				TrainerStaff: tech, Attendees: []dealerkit.StaffID{staffID(9)}})
			return err
		}},
		{"dates in the wrong order", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.ScheduleSession(f.ctx, m, training.SessionInput{Course: course.ID(), StartsAt: f.now, EndsAt: f.now.Add(-time.Hour), TrainerStaff: tech})
			return err
		}},
		{"negative pass mark", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.ScheduleSession(f.ctx, m, training.SessionInput{Course: course.ID(), StartsAt: f.now, EndsAt: f.now.Add(time.Hour),
				TrainerStaff: tech, PassMark: &neg})
			return err
		}},
		{"negative cost", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.CreateCourse(f.ctx, m, training.CourseInput{Code: "N", Title: "n", Subject: training.SubjectSafety,
				Delivery: training.DeliveryInternal, Hours: decimal.NewFromInt(1), Cost: neg})
			return err
		}},
		{"control characters", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.CreateCourse(f.ctx, m, training.CourseInput{Code: "N", Title: "bad\x00title", Subject: training.SubjectSafety,
				Delivery: training.DeliveryInternal, Hours: decimal.NewFromInt(1)})
			return err
		}},
		{"negative retake interval", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.CreatePlan(f.ctx, m, training.PlanInput{Name: "p", Role: dealerkit.RoleTechnician, From: f.now,
				To: f.now.AddDate(0, 1, 0), Items: []training.PlanItem{{Course: course.ID(), RetakeMonths: -1}}})
			return err
		}},
		{"a result for someone not enrolled", dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			_, err := f.svc.CompleteSession(f.ctx, m, se.ID(), []training.ResultInput{{Staff: staffID(9), Attended: true,
				Hours: decimal.NewFromInt(1), Result: training.ResultPass}})
			return err
		}},
		{"another dealer's certificate", dealerkit.ErrNotFound, dealerkit.CodeNotFound, func() error {
			return f.svc.SuspendCertificate(f.ctx, trainingManager(t, dealerB()), se.ID(), "x")
		}},
		{"a technician managing courses", dealerkit.ErrForbidden, dealerkit.CodeForbidden, func() error {
			tActor, _ := dealerkit.NewStaffActor(d, tech, dealerkit.RoleTechnician)
			return f.svc.RetireCourse(f.ctx, tActor, course.ID())
		}},
		{"a promotion not yet earned", dealerkit.ErrRefused, "training.not_eligible", func() error {
			_, err := f.svc.Promote(f.ctx, m, tech, "")
			return err
		}},
	}
	for _, c := range cases {
		beforeA, beforeB := f.snapshot(d), f.snapshot(dealerB())
		err := c.call()
		require.Error(t, err, c.name)
		require.Equal(t, c.class, dealerkit.ClassOf(err), "%s: %v", c.name, err)
		require.Equal(t, c.code, dealerkit.CodeOf(err), "%s: %v", c.name, err)
		require.NotContains(t, err.Error(), "sqlstore", c.name)
		require.Equal(t, beforeA, f.snapshot(d), c.name)
		require.Equal(t, beforeB, f.snapshot(dealerB()), c.name)
	}
}
