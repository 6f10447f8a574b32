package safety_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2025, 4, 1, 8, 0, 0, 0, time.UTC)

// clock is a manual clock the tests move.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

type env struct {
	t                               *testing.T
	ctx                             context.Context
	store                           *memory.Store
	svc                             *safety.Service
	clock                           *clock
	dealer                          dealerkit.DealerID
	manager, tech, inspector, clerk dealerkit.Actor
}

func staff(t *testing.T, d dealerkit.DealerID, n byte, r dealerkit.Role) dealerkit.Actor {
	a, err := dealerkit.NewStaffActor(d, dealerkit.StaffID{0x50, n}, r)
	require.NoError(t, err)
	return a
}

func newEnv(t *testing.T, opts *safety.Options) *env {
	st := memory.New()
	c := &clock{t: t0}
	if opts == nil {
		opts = &safety.Options{}
	}
	opts.Now, opts.NewID = c.Now, dealerkit.SequentialIDs()
	svc, err := safety.NewService(st.Safety(), st, opts)
	require.NoError(t, err)
	d := dealerkit.DealerID{0xd1}
	return &env{t: t, ctx: t.Context(), store: st, svc: svc, clock: c, dealer: d,
		manager: staff(t, d, 1, dealerkit.RoleManager), tech: staff(t, d, 2, dealerkit.RoleTechnician),
		inspector: staff(t, d, 3, dealerkit.RoleQualityInspector), clerk: staff(t, d, 4, dealerkit.RolePartsClerk)}
}

// lift registers a two-post lift commissioned at t0: its monthly check falls due at t0+30 days.
func (e *env) lift(code string) *safety.Equipment {
	eq, err := e.svc.RegisterEquipment(e.ctx, e.manager, safety.EquipmentInput{Code: code, Type: safety.TypeTwoPostLift,
		Location: "bay 1", Serial: "SN-" + code, Commissioned: t0})
	require.NoError(e.t, err)
	return eq
}

// items answers every item of list, failing those named.
func items(list []string, failed ...string) []safety.ItemResult {
	out := make([]safety.ItemResult, len(list))
	for i, it := range list {
		out[i] = safety.ItemResult{Item: it, Pass: true}
		for _, f := range failed {
			if f == it {
				out[i].Pass = false
				out[i].Note = "not ok"
			}
		}
	}
	return out
}

func liftPeriodic(failed ...string) []safety.ItemResult {
	return items(safety.DefaultPolicy().Equipment[safety.TypeTwoPostLift].Periodic.Checklist, failed...)
}

// state is everything the store holds for the dealer, and its event log, to prove a refusal
// changed nothing.
func (e *env) state() string {
	e.t.Helper()
	r := e.store.Safety()
	eq, err := r.ListEquipment(e.ctx, e.dealer, safety.EquipmentFilter{})
	require.NoError(e.t, err)
	ins, err := r.ListInspections(e.ctx, e.dealer, safety.InspectionFilter{})
	require.NoError(e.t, err)
	ac, err := r.ListAreaChecks(e.ctx, e.dealer, safety.AreaCheckFilter{})
	require.NoError(e.t, err)
	inc, err := r.ListIncidents(e.ctx, e.dealer, safety.IncidentFilter{})
	require.NoError(e.t, err)
	dr, err := r.ListDrills(e.ctx, e.dealer, safety.DrillFilter{})
	require.NoError(e.t, err)
	evs, err := e.store.Events(e.ctx, e.dealer, 0, 10000)
	require.NoError(e.t, err)
	b, err := json.Marshal([]any{eq, ins, ac, inc, dr, evs})
	require.NoError(e.t, err)
	return string(b)
}

// refused runs fn, requires an error matching want, and requires that nothing changed.
func (e *env) refused(want error, fn func() error) error {
	e.t.Helper()
	before := e.state()
	err := fn()
	require.Error(e.t, err)
	require.ErrorIs(e.t, err, want)
	require.NotNil(e.t, dealerkit.ClassOf(err), "error of no class: %v", err)
	require.NotEmpty(e.t, dealerkit.CodeOf(err))
	require.Equal(e.t, before, e.state(), "a refused call changed the store")
	return err
}

// field requires a validation error naming field with reason.
func field(t *testing.T, err error, name string, reason dealerkit.Reason) {
	t.Helper()
	var v *dealerkit.ValidationError
	require.True(t, errors.As(err, &v), "not a validation error: %v", err)
	for _, f := range v.Fields {
		if f.Field == name && f.Code == reason {
			return
		}
	}
	t.Fatalf("no field %s with reason %s in %v", name, reason, v.Fields)
}
