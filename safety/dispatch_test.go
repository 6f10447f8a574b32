package safety_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

type anyoneQualified struct{}

func (anyoneQualified) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

// §8.2, §4.2.2: dispatch asks safety; a job that needs a lift whose periodic inspection fell due
// is refused at the instant it falls due with safety's typed error, unchanged, and the order and
// the event log are exactly as they were; after a passing inspection the same dispatch succeeds.
func TestDispatch_Clause8_2_OverdueEquipmentRefusesTheJobAndChangesNothing(t *testing.T) {
	e := newEnv(t, nil)
	e.lift("LIFT-1")
	orders, err := aftersales.NewService(e.store.RepairOrders(), anyoneQualified{}, e.svc, &aftersales.Options{Now: e.clock.Now, NewID: dealerkit.SequentialIDs()})
	require.NoError(t, err)
	advisor := staff(t, e.dealer, 5, dealerkit.RoleServiceAdvisor)
	due := t0.Add(30 * 24 * time.Hour)
	e.clock.set(due.Add(-2 * time.Hour))
	o, err := orders.Open(e.ctx, advisor, aftersales.ReceptionInput{ArrivedAt: e.clock.Now(), GreetedAt: e.clock.Now(), VIN: "LSVAU218XN2183294",
		Plate: "沪A·D1234", MileageKm: 9870, WalkAroundDone: true, Visit: aftersales.VisitWaiting,
		Concerns: []aftersales.Concern{{Text: "Exhaust rattles"}}})
	require.NoError(t, err)
	line, err := orders.AddLine(e.ctx, advisor, o.ID(), aftersales.LineInput{Kind: aftersales.LineLabour, Description: "Replace exhaust",
		Equipment: []string{"LIFT-1"}, Quantity: decimal.RequireFromString("1"), UnitPrice: decimal.RequireFromString("300"), PayType: aftersales.PayCustomer})
	require.NoError(t, err)
	require.NoError(t, orders.Decide(e.ctx, advisor, o.ID(), aftersales.DecisionInput{Lines: []uuid.UUID{line}, Approved: true, Channel: aftersales.ChannelInPerson}))

	e.clock.set(due) // the instant the lift's monthly check falls due
	snapshot := func() string {
		got, err := e.store.RepairOrders().Get(e.ctx, e.dealer, o.ID())
		require.NoError(t, err)
		evs, err := e.store.Events(e.ctx, e.dealer, 0, 1000)
		require.NoError(t, err)
		b, err := json.Marshal([]any{got.Snapshot(), evs})
		require.NoError(t, err)
		return string(b)
	}
	before := snapshot()
	in := aftersales.DispatchInput{Line: line, Technician: e.tech.Staff(), PromisedAt: due.Add(3 * time.Hour)}
	err = orders.Dispatch(e.ctx, advisor, o.ID(), in)
	require.ErrorIs(t, err, aftersales.ErrEquipmentOutOfUse)
	var oos *safety.OutOfServiceError
	require.ErrorAs(t, err, &oos)
	require.Equal(t, safety.ReasonOverdue, oos.Reason)
	require.True(t, oos.Since.Equal(due))
	require.Equal(t, dealerkit.Code("safety.out_of_service"), dealerkit.CodeOf(err))
	require.Equal(t, before, snapshot(), "a refused dispatch changed the order or the log")

	_, err = e.svc.RecordInspection(e.ctx, e.tech, safety.InspectionInput{Equipment: "LIFT-1", Kind: safety.InspectionPeriodic,
		PerformedAt: due, Inspector: e.tech.Staff(), Items: liftPeriodic()})
	require.NoError(t, err)
	require.NoError(t, orders.Dispatch(e.ctx, advisor, o.ID(), in))
}
