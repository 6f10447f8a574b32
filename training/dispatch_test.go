package training_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

type allUsable struct{}

func (allUsable) CheckUsable(_ context.Context, _ dealerkit.DealerID, _ string, _ time.Time) error {
	return nil
}

// §3.3, §4.2.2: aftersales dispatch asks training; a dispatch to an unqualified technician
// changes nothing and returns training's typed error unchanged.
func TestDispatch_Clause3_3_TrainingGatesDispatch(t *testing.T) {
	f := newFixture(t, false)
	orders, err := aftersales.NewService(f.store.RepairOrders(), f.svc, allUsable{},
		&aftersales.Options{Now: func() time.Time { return f.now }, NewID: dealerkit.SequentialIDs()})
	require.NoError(t, err)
	advisor, err := dealerkit.NewStaffActor(dealerA, staff(9), dealerkit.RoleServiceAdvisor)
	require.NoError(t, err)
	o, err := orders.Open(f.ctx, advisor, aftersales.ReceptionInput{ArrivedAt: f.now, GreetedAt: f.now, VIN: "1M8GDM9AXKP042788",
		Plate: "沪A·12345", MileageKm: 42000, FuelPercent: 50, WalkAroundDone: true, Visit: aftersales.VisitWaiting,
		Concerns: []aftersales.Concern{{Text: "battery warning"}}})
	require.NoError(t, err)
	line, err := orders.AddLine(f.ctx, advisor, o.ID(), aftersales.LineInput{Kind: aftersales.LineLabour, Description: "HV battery check",
		Quantity: decimal.NewFromInt(1), UnitPrice: decimal.NewFromInt(300), PayType: aftersales.PayCustomer, Skill: "ev.high_voltage"})
	require.NoError(t, err)
	require.NoError(t, orders.Decide(f.ctx, advisor, o.ID(), aftersales.DecisionInput{Lines: []uuid.UUID{line}, Approved: true,
		Channel: aftersales.ChannelPhone}))

	before, err := f.store.RepairOrders().Get(f.ctx, dealerA, o.ID())
	require.NoError(t, err)
	eventsBefore := f.state()
	err = orders.Dispatch(f.ctx, advisor, o.ID(), aftersales.DispatchInput{Line: line, Technician: f.tech.Staff(), PromisedAt: f.now.Add(time.Hour)})
	qe, unchanged := err.(*training.QualificationError)
	require.True(t, unchanged, "Dispatch returns training's refusal itself, not wrapped: %T %v", err, err)
	require.True(t, errors.Is(err, aftersales.ErrNotQualified))
	require.Equal(t, dealerkit.ErrRefused, dealerkit.ClassOf(err))
	require.ElementsMatch(t, []string{training.CertWorkshopSafety, training.CertElectrician, training.CertEVHighVoltage}, qe.Missing)
	after, err := f.store.RepairOrders().Get(f.ctx, dealerA, o.ID())
	require.NoError(t, err)
	require.Equal(t, before.Version(), after.Version(), "a refused dispatch changes nothing")
	require.Equal(t, eventsBefore, f.state(), "and records no event")

	for _, typ := range []string{training.CertWorkshopSafety, training.CertElectrician, training.CertEVHighVoltage} {
		_, err := f.svc.RecordCertificate(f.ctx, f.manager, training.CertificateSpec{Staff: f.tech.Staff(), Type: typ, IssuedAt: f.now, Evidence: "e"})
		require.NoError(t, err)
	}
	f.now = f.now.Add(time.Minute)
	require.NoError(t, orders.Dispatch(f.ctx, advisor, o.ID(), aftersales.DispatchInput{Line: line, Technician: f.tech.Staff(), PromisedAt: f.now.Add(time.Hour)}))
}
