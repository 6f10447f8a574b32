package aftersales

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// conflictingRepo makes the next n Updates fail as if another change had landed first.
type conflictingRepo struct {
	*testRepo
	conflicts atomic.Int32
}

func (r *conflictingRepo) Update(ctx context.Context, d dealerkit.DealerID, id uuid.UUID, fn func(*RepairOrder) error) error {
	if r.conflicts.Add(-1) >= 0 {
		return dealerkit.ErrConflict
	}
	return r.testRepo.Update(ctx, d, id, fn)
}

func TestService_RetriesAVersionConflictOnTheFreshOrder(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	repo := &conflictingRepo{testRepo: e.repo}
	for _, c := range []struct {
		retries, conflicts int
		wantErr            bool
	}{
		{0, 3, false}, // default: three retries absorb three conflicts
		{0, 4, true},  // the fourth surfaces
		{-1, 1, true}, // retries switched off
		{1, 1, false},
	} {
		svc, err := NewService(repo, e.qual, e.equip, &Options{Now: e.clock.Now, ConflictRetries: c.retries})
		require.NoError(t, err)
		repo.conflicts.Store(int32(c.conflicts))
		err = svc.Notify(e.ctx, e.advisor, r.id, ChannelPhone, "update")
		if c.wantErr {
			require.ErrorIs(t, err, dealerkit.ErrConflict, "%+v", c)
		} else {
			require.NoError(t, err, "%+v", c)
		}
	}
}

// §4.3.1: a clock a technician left running can be stopped by the manager, so the job is not
// stranded; no one else can stop another's clock.
func TestWork_Clause4_3_1_ManagerStopsAClockLeftRunning(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateInProgress)
	require.NoError(t, e.svc.ClockOn(e.ctx, e.tech, r.id, r.job))
	e.refused(r.id, dealerkit.ErrForbidden, func() error { return e.svc.StopClock(e.ctx, e.tech2, r.id, r.job, e.tech.Staff()) })
	e.refused(r.id, dealerkit.ErrForbidden, func() error { return e.svc.StopClock(e.ctx, e.advisor, r.id, r.job, e.tech.Staff()) })
	e.refused(r.id, ErrClockNotRunning, func() error { return e.svc.StopClock(e.ctx, e.manager, r.id, r.job, e.tech2.Staff()) })
	require.NoError(t, e.svc.StopClock(e.ctx, e.manager, r.id, r.job, e.tech.Staff()))
	o := e.get(r.id)
	require.False(t, o.Clock()[0].Running())
	ev := e.repo.events[len(e.repo.events)-1]
	require.Equal(t, "repair_order.clock_stopped", ev.Type)
	require.Equal(t, e.manager.Staff(), ev.Actor.Staff)
	// The job can now go to someone else.
	require.NoError(t, e.svc.Dispatch(e.ctx, e.advisor, r.id, DispatchInput{Line: r.job, Technician: e.tech2.Staff(), PromisedAt: e.clock.t.Add(time.Hour)}))
}

// §3: taking payments is its own action, so a dealer can give it to a cashier who may not settle.
func TestPermissions_Clause3_PaymentIsSeparateFromSettlement(t *testing.T) {
	cashier := dealerkit.DefaultPermissions().With(dealerkit.ActionRecordPayment,
		dealerkit.Grant{Roles: dealerkit.NewRoleSet(dealerkit.RoleManager, dealerkit.RoleServiceAdvisor, dealerkit.RolePartsClerk)})
	e := newEnv(t, &Options{Permissions: &dealerkit.Table[*dealerkit.Permissions]{Default: dealerkit.Single("cashier", cashier)}})
	r := e.open()
	e.advance(r, StateReady)
	require.NoError(t, e.svc.NotifyReady(e.ctx, e.advisor, r.id, ChannelPhone, "ready"))
	e.refused(r.id, dealerkit.ErrForbidden, func() error { _, err := e.svc.Settle(e.ctx, e.clerk, r.id); return err })
	_, err := e.svc.Settle(e.ctx, e.advisor, r.id)
	require.NoError(t, err)
	require.NoError(t, e.svc.Respond(e.ctx, e.customer, r.id, true, ""))
	require.NoError(t, e.svc.RecordPayment(e.ctx, e.clerk, r.id, PaymentInput{Amount: dec("930.00"), Method: "cash"}))
}

func TestService_AFailedAddReturnsNoID(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	id, err := e.svc.AddLine(e.ctx, e.advisor, r.id, part("x", "", "1", "1"))
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	require.Equal(t, uuid.UUID{}, id)
	id, err = e.svc.ProposeExtraWork(e.ctx, e.tech, r.id, "found", labour("x", "1", "1"))
	require.ErrorIs(t, err, ErrWrongState)
	require.Equal(t, uuid.UUID{}, id)
}
