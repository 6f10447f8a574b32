package training_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

var (
	dealerA = dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-0000000000a1"))
	t0      = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
)

type fixture struct {
	t       *testing.T
	ctx     context.Context
	store   *memory.Store
	svc     *training.Service
	now     time.Time
	manager dealerkit.Actor
	tech    dealerkit.Actor
	grades  *fakeGrades
}

type fakeGrades struct {
	by map[dealerkit.StaffID][]string
}

func (g *fakeGrades) Recent(_ context.Context, _ dealerkit.DealerID, s dealerkit.StaffID, n int, _ time.Time) ([]string, error) {
	got := g.by[s]
	return got[:min(n, len(got))], nil
}

func staff(n int) dealerkit.StaffID {
	var id uuid.UUID
	id[0], id[15] = 0x5f, byte(n)
	return dealerkit.StaffID(id)
}

func newFixture(t *testing.T, withGrades bool) *fixture {
	f := &fixture{t: t, ctx: t.Context(), store: memory.New(), now: t0}
	opts := &training.Options{Now: func() time.Time { return f.now }, NewID: dealerkit.SequentialIDs()}
	if withGrades {
		f.grades = &fakeGrades{by: map[dealerkit.StaffID][]string{}}
		opts.Grades = f.grades
	}
	svc, err := training.NewService(f.store.Training(), f.store, opts)
	require.NoError(t, err)
	f.svc = svc
	f.manager, err = dealerkit.NewStaffActor(dealerA, staff(1), dealerkit.RoleManager)
	require.NoError(t, err)
	f.tech, err = dealerkit.NewStaffActor(dealerA, staff(2), dealerkit.RoleTechnician)
	require.NoError(t, err)
	f.register(staff(2), "Wang Qiang", t0.AddDate(-5, 0, 0), dealerkit.RoleTechnician)
	return f
}

func (f *fixture) register(s dealerkit.StaffID, name string, hired time.Time, roles ...dealerkit.Role) {
	f.t.Helper()
	_, err := f.svc.RegisterMember(f.ctx, f.manager, training.MemberInput{Staff: s, Name: name, Roles: roles,
		HiredAt: hired, Track: training.TrackTechnician})
	require.NoError(f.t, err)
}

func (f *fixture) course(code string, subject training.Subject, cert string, prereq ...uuid.UUID) *training.Course {
	f.t.Helper()
	c, err := f.svc.CreateCourse(f.ctx, f.manager, training.CourseInput{Code: code, Title: code, Subject: subject,
		Delivery: training.DeliveryInternal, Hours: decimal.NewFromInt(4), Certificate: cert, Prerequisites: prereq})
	require.NoError(f.t, err)
	return c
}

// pass runs a session of course for the staff and passes them all; it returns the session.
func (f *fixture) pass(c *training.Course, who ...dealerkit.StaffID) *training.Session {
	f.t.Helper()
	se, err := f.svc.ScheduleSession(f.ctx, f.manager, training.SessionInput{Course: c.ID(), StartsAt: f.now,
		EndsAt: f.now.Add(4 * time.Hour), TrainerStaff: staff(2), Attendees: who})
	require.NoError(f.t, err)
	f.now = f.now.Add(4 * time.Hour)
	var rs []training.ResultInput
	for _, w := range who {
		rs = append(rs, training.ResultInput{Staff: w, Attended: true, Hours: decimal.NewFromInt(4), Result: training.ResultPass})
	}
	se, err = f.svc.CompleteSession(f.ctx, f.manager, se.ID(), rs)
	require.NoError(f.t, err)
	return se
}

func (f *fixture) certs(s dealerkit.StaffID) []*training.Certificate {
	f.t.Helper()
	p, err := f.svc.Certificates(f.ctx, f.manager, training.CertificateFilter{Staff: s}, "", 0)
	require.NoError(f.t, err)
	return p.Items
}

// state is everything stored for dealerA: the event log and every record's JSON.
func (f *fixture) state() string {
	f.t.Helper()
	evs, err := f.store.Events(f.ctx, dealerA, 0, 10000)
	require.NoError(f.t, err)
	repo := f.store.Training()
	cs, _ := repo.ListCourses(f.ctx, dealerA, training.CourseFilter{})
	ps, _ := repo.ListPlans(f.ctx, dealerA, training.PlanFilter{})
	ss, _ := repo.ListSessions(f.ctx, dealerA, training.SessionFilter{})
	xs, _ := repo.ListCertificates(f.ctx, dealerA, training.CertificateFilter{})
	ms, _ := repo.ListMembers(f.ctx, dealerA, training.MemberFilter{})
	b, err := json.Marshal([]any{evs, cs, ps, ss, xs, ms})
	require.NoError(f.t, err)
	return string(b)
}

// refused checks that fn fails with an error of class and code and changes nothing.
func (f *fixture) refused(class error, code dealerkit.Code, fn func() error) error {
	f.t.Helper()
	before := f.state()
	err := fn()
	require.Error(f.t, err)
	require.Equal(f.t, class, dealerkit.ClassOf(err), "%v", err)
	n := 0
	for _, c := range dealerkit.Classes() {
		if errors.Is(err, c) {
			n++
		}
	}
	require.Equal(f.t, 1, n, "%v matches %d classes", err, n)
	require.Equal(f.t, code, dealerkit.CodeOf(err), "%v", err)
	require.Equal(f.t, before, f.state(), "a refused call changed the store")
	return err
}

var _ = reflect.TypeOf
