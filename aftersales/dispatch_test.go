package aftersales

import (
	"errors"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §4.2.2: job gets technician and promised time.
func TestDispatch_Clause4_2_2_JobGetsTechnicianAndPromisedTime(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateApproved)
	promise := e.clock.t.Add(4 * time.Hour)
	require.NoError(t, e.svc.Dispatch(e.ctx, e.advisor, r.id, DispatchInput{Line: r.job, Technician: e.tech.Staff(), PromisedAt: promise}))
	o := e.get(r.id)
	require.Equal(t, StateInProgress, o.State())
	l, _ := o.Line(r.job)
	require.Equal(t, e.tech.Staff(), l.Job.Technician)
	require.True(t, l.Job.PromisedAt.Equal(promise))
	requireDec(t, "1.5", l.Quantity) // standard hours

	// A promise in the past, or no technician, is refused.
	r2 := e.open()
	e.advance(r2, StateApproved)
	e.refused(r2.id, dealerkit.ErrInvalid, func() error {
		return e.svc.Dispatch(e.ctx, e.advisor, r2.id, DispatchInput{Line: r2.job, PromisedAt: t0})
	})
	// Parts lines are not jobs.
	e.refused(r2.id, dealerkit.ErrInvalid, func() error {
		return e.svc.Dispatch(e.ctx, e.advisor, r2.id, DispatchInput{Line: r2.partLine, Technician: e.tech.Staff(), PromisedAt: promise})
	})
}

// §3.3 and §4.2.2: only a qualified technician is dispatched; §8.4 safety training and §7
// certificates reach dispatch through Qualifications.
// §3.3: only aqualified technician.
func TestDispatch_Clause3_3_OnlyAQualifiedTechnician(t *testing.T) {
	e := newEnv(t, nil)
	e.qual.refused = map[dealerkit.StaffID]bool{e.tech2.Staff(): true}
	e.qual.skills = map[string][]dealerkit.StaffID{"high_voltage": {e.tech.Staff()}}
	o, err := e.svc.Open(e.ctx, e.advisor, reception(t0))
	require.NoError(t, err)
	hv := labour("battery pack inspection", "2", "400")
	hv.Skill = "high_voltage"
	line, err := e.svc.AddLine(e.ctx, e.advisor, o.ID(), hv)
	require.NoError(t, err)
	require.NoError(t, e.decide(e.advisor, o.ID(), DecisionInput{Lines: []uuid.UUID{line}, Approved: true, Channel: ChannelInPerson}))
	promise := e.clock.t.Add(3 * time.Hour)

	e.refused(o.ID(), ErrNotQualified, func() error {
		return e.svc.Dispatch(e.ctx, e.advisor, o.ID(), DispatchInput{Line: line, Technician: e.tech2.Staff(), PromisedAt: promise})
	})
	unskilled := staff(9)
	e.refused(o.ID(), ErrNotQualified, func() error {
		return e.svc.Dispatch(e.ctx, e.advisor, o.ID(), DispatchInput{Line: line, Technician: unskilled, PromisedAt: promise})
	})
	require.NoError(t, e.svc.Dispatch(e.ctx, e.advisor, o.ID(), DispatchInput{Line: line, Technician: e.tech.Staff(), PromisedAt: promise}))
}

// §4.2.2 and §8.2: equipment out of service cannot be used for a job.
func TestDispatch_Clause4_2_2_EquipmentMustBeInService(t *testing.T) {
	e := newEnv(t, nil)
	e.equip.outOfService = map[string]bool{"LIFT-2": true}
	o, err := e.svc.Open(e.ctx, e.advisor, reception(t0))
	require.NoError(t, err)
	in := labour("replace exhaust", "2", "300")
	in.Equipment = []string{"LIFT-1", "LIFT-2"}
	line, err := e.svc.AddLine(e.ctx, e.advisor, o.ID(), in)
	require.NoError(t, err)
	require.NoError(t, e.decide(e.advisor, o.ID(), DecisionInput{Lines: []uuid.UUID{line}, Approved: true, Channel: ChannelInPerson}))
	d := DispatchInput{Line: line, Technician: e.tech.Staff(), PromisedAt: e.clock.t.Add(3 * time.Hour)}
	e.refused(o.ID(), ErrEquipmentOutOfUse, func() error { return e.svc.Dispatch(e.ctx, e.advisor, o.ID(), d) })
	var ee *EquipmentError
	require.ErrorAs(t, e.svc.Dispatch(e.ctx, e.advisor, o.ID(), d), &ee)
	require.Equal(t, "LIFT-2", ee.Equipment)

	// A register that cannot answer is a failure, not a refusal: not ErrEquipmentOutOfUse, and
	// nothing changes either.
	e.equip.broken = errors.New("register offline")
	e.refused(o.ID(), e.equip.broken, func() error {
		err := e.svc.Dispatch(e.ctx, e.advisor, o.ID(), d)
		require.NotErrorIs(t, err, ErrEquipmentOutOfUse)
		return err
	})
	e.equip.broken = nil

	e.equip.outOfService = nil
	require.NoError(t, e.svc.Dispatch(e.ctx, e.advisor, o.ID(), d))
}

func TestNewService_RequiresTheDispatchChecks(t *testing.T) {
	_, err := NewService(newTestRepo(), nil, nil, nil)
	requireField(t, err, "qualifications")
	requireField(t, err, "equipment_status")
	_, err = NewService(nil, &fakeQualifications{}, &fakeEquipment{}, nil)
	requireField(t, err, "repository")
}

// §4.2.3: notifications and overdue jobs.
func TestProgress_Clause4_2_3_NotificationsAndOverdueJobs(t *testing.T) {
	e := newEnv(t, nil)
	late, onTime := e.open(), e.open()
	e.advance(late, StateInProgress) // promised 3 h after dispatch
	e.advance(onTime, StateApproved)
	require.NoError(t, e.svc.Dispatch(e.ctx, e.advisor, onTime.id, DispatchInput{Line: onTime.job, Technician: e.tech2.Staff(), PromisedAt: e.clock.t.Add(48 * time.Hour)}))

	require.NoError(t, e.svc.Notify(e.ctx, e.advisor, late.id, ChannelMessage, "waiting for a part, 30 more minutes"))
	n := e.get(late.id).Notifications()
	require.Len(t, n, 1)
	require.Equal(t, ChannelMessage, n[0].Channel)
	require.Equal(t, e.advisor.Staff(), n[0].By.Staff)
	e.refused(late.id, dealerkit.ErrInvalid, func() error { return e.svc.Notify(e.ctx, e.advisor, late.id, ChannelPhone, "") })
	e.refused(late.id, dealerkit.ErrForbidden, func() error { return e.svc.Notify(e.ctx, e.tech, late.id, ChannelPhone, "hi") })

	overdue, err := e.svc.Overdue(e.ctx, e.manager)
	require.NoError(t, err)
	require.Empty(t, overdue, "nothing is late yet")

	e.clock.Advance(4 * time.Hour)
	overdue, err = e.svc.Overdue(e.ctx, e.manager)
	require.NoError(t, err)
	require.Len(t, overdue, 1)
	require.Equal(t, late.id, overdue[0].Order)
	require.Equal(t, late.job, overdue[0].Line)
	require.Equal(t, e.tech.Staff(), overdue[0].Technician)
	require.Greater(t, overdue[0].Overdue, time.Hour)

	// A finished job is no longer overdue.
	e.advance(late, StateWorkDone)
	overdue, err = e.svc.Overdue(e.ctx, e.manager)
	require.NoError(t, err)
	require.Empty(t, overdue)
}
