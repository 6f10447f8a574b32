package aftersales

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// §4.1.2: check digit.
func TestParseVIN_Clause4_1_2_CheckDigit(t *testing.T) {
	for _, ok := range []string{"1M8GDM9AXKP042788", "11111111111111111", testVIN} {
		v, err := ParseVIN(ok)
		require.NoError(t, err, ok)
		require.Len(t, v.String(), 17)
	}
	lower, err := ParseVIN("  1m8gdm9axkp042788 ")
	require.NoError(t, err)
	require.Equal(t, VIN("1M8GDM9AXKP042788"), lower)

	for vin, reason := range map[string]string{
		"1M8GDM9A1KP042788":  "check digit",        // one digit off
		"1M8GDM9AXKP04278":   "16 characters",      // too short
		"1M8GDM9AXKP0427880": "18 characters",      // too long
		"1M8GDM9AXKP04278O":  `character 17 ('O')`, // O is never used
		"":                   "0 characters",
	} {
		_, err := ParseVIN(vin)
		require.ErrorIs(t, err, ErrBadVIN, vin)
		var ve *VINError
		require.ErrorAs(t, err, &ve)
		require.Contains(t, ve.Error(), reason)
	}
}

// §4.1.1: records arrival and greeting.
func TestOpen_Clause4_1_1_RecordsArrivalAndGreeting(t *testing.T) {
	e := newEnv(t, nil)
	in := reception(t0.Add(time.Hour))
	o, err := e.svc.Open(e.ctx, e.advisor, in)
	require.NoError(t, err)
	got := e.get(o.ID())
	require.True(t, got.Reception().ArrivedAt.Equal(in.ArrivedAt))
	require.True(t, got.Reception().GreetedAt.Equal(in.GreetedAt))
	require.Equal(t, 90*time.Second, got.Reception().TimeToGreet())
	// The event carries time to greet for the KPI feed.
	require.Len(t, e.repo.events, 1)
	ev := e.repo.events[0]
	require.Equal(t, "repair_order.opened", ev.Type)
	require.Equal(t, "§4.1.1", ev.Clause)
	var data struct {
		TimeToGreet time.Duration `json:"time_to_greet_ns"`
	}
	require.NoError(t, json.Unmarshal(ev.Data, &data))
	require.Equal(t, 90*time.Second, data.TimeToGreet)

	in.GreetedAt = in.ArrivedAt.Add(-time.Second)
	_, err = e.svc.Open(e.ctx, e.advisor, in)
	requireField(t, err, "greeted_at")
}

// §4.1.2: walk around concerns and vehicle before any estimate.
func TestOpen_Clause4_1_2_WalkAroundConcernsAndVehicleBeforeAnyEstimate(t *testing.T) {
	e := newEnv(t, nil)
	o, err := e.svc.Open(e.ctx, e.advisor, reception(t0))
	require.NoError(t, err)
	r := o.Reception()
	require.Equal(t, VIN(testVIN), r.VIN)
	require.Equal(t, "沪A·12345", r.Plate)
	require.EqualValues(t, 42000, r.MileageKm)
	require.Equal(t, 60, r.FuelPercent)
	require.Equal(t, []Finding{{Area: "rear bumper", Description: "scratch 5 cm"}}, r.Findings)
	require.Equal(t, []string{"umbrella"}, r.Belongings)
	require.Equal(t, "Brakes squeal when stopping", r.Concerns[0].Text, "concerns are kept in the customer's words")

	// Without the walk-around, the concerns and a valid vehicle, no order (and so no estimate)
	// exists; every missing field is reported at once.
	bad := reception(t0)
	bad.WalkAroundDone = false
	bad.Concerns = nil
	bad.VIN = "1M8GDM9A1KP042788"
	bad.Plate = " "
	bad.MileageKm = -1
	bad.FuelPercent = 101
	_, err = e.svc.Open(e.ctx, e.advisor, bad)
	for _, f := range []string{"walk_around_done", "concerns", "vin", "plate", "mileage_km", "fuel_percent"} {
		requireField(t, err, f)
	}
	require.ErrorIs(t, err, ErrBadVIN, "the VIN's typed cause is kept")
	all, err := e.svc.List(e.ctx, e.manager, Query{})
	require.NoError(t, err)
	require.Len(t, all.Items, 1, "the refused reception stored nothing")
}

// §4.1.3: visit mode is recorded.
func TestOpen_Clause4_1_3_VisitModeIsRecorded(t *testing.T) {
	e := newEnv(t, nil)
	in := reception(t0)
	in.Visit = VisitDropOff
	o, err := e.svc.Open(e.ctx, e.advisor, in)
	require.NoError(t, err)
	require.Equal(t, VisitDropOff, e.get(o.ID()).Reception().Visit)

	in.Visit = 0
	_, err = e.svc.Open(e.ctx, e.advisor, in)
	requireField(t, err, "visit")
}

// §3.2: only advisor or manager receives.
func TestOpen_Clause3_2_OnlyAdvisorOrManagerReceives(t *testing.T) {
	e := newEnv(t, nil)
	for _, a := range []dealerkit.Actor{e.tech, e.inspector, e.clerk, e.customer, {}} {
		_, err := e.svc.Open(e.ctx, a, reception(t0))
		require.ErrorIs(t, err, dealerkit.ErrForbidden, a.String())
	}
	for _, a := range []dealerkit.Actor{e.advisor, e.manager} {
		_, err := e.svc.Open(e.ctx, a, reception(t0))
		require.NoError(t, err)
	}
	all, err := e.svc.List(e.ctx, e.manager, Query{})
	require.NoError(t, err)
	require.Len(t, all.Items, 2)
}

func TestRestoreRepairOrder_RefusesImpossibleSnapshots(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	good := e.get(r.id).Snapshot()
	back, err := RestoreRepairOrder(good)
	require.NoError(t, err)
	require.Equal(t, good, back.Snapshot())

	bad := good
	bad.State, bad.Version, bad.Dealer = 0, 0, dealerkit.DealerID{}
	_, err = RestoreRepairOrder(bad)
	for _, f := range []string{"state", "version", "dealer"} {
		requireField(t, err, f)
	}
	// The restored order shares nothing with the snapshot it came from.
	good.Lines[0].Description = "changed"
	good.Reception.Concerns[0].Text = "changed"
	require.NotEqual(t, "changed", back.Lines()[0].Description)
	require.NotEqual(t, "changed", back.Reception().Concerns[0].Text)
}

// requireField asserts err is a *dealerkit.ValidationError naming field.
func requireField(t *testing.T, err error, field string) {
	t.Helper()
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	var ve *dealerkit.ValidationError
	require.True(t, errors.As(err, &ve), "want a ValidationError, got %v", err)
	require.True(t, ve.Has(field), "want field %q in %v", field, err)
}

func TestRestoreRepairOrder_RefusesAStateWithoutWhatItImplies(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateClosed)
	closed := e.get(r.id).Snapshot()
	for field, breakIt := range map[string]func(*Snapshot){
		"statement":    func(s *Snapshot) { s.Statement = nil },
		"delivered_at": func(s *Snapshot) { s.DeliveredAt = time.Time{} },
		"survey":       func(s *Snapshot) { s.Survey = nil },
		"cancellation": func(s *Snapshot) { s.State = StateCancelled },
	} {
		s := closed
		breakIt(&s)
		_, err := RestoreRepairOrder(s)
		requireField(t, err, field)
	}
	// So a payment on an order restored from bad data is a refusal, never a panic.
	accepted := closed
	accepted.State, accepted.Statement, accepted.Payments = StateAccepted, nil, nil
	_, err := RestoreRepairOrder(accepted)
	requireField(t, err, "statement")
}

// Times given by the caller are kept to the microsecond, as every store keeps them, so a store's
// filter and the order never disagree about an instant.
func TestOpen_InputTimesAreKeptInUTCToTheMicrosecond(t *testing.T) {
	e := newEnv(t, nil)
	shanghai := time.FixedZone("CST", 8*3600)
	in := reception(time.Date(2026, 3, 2, 17, 0, 0, 123456789, shanghai))
	in.GreetedAt = in.ArrivedAt.Add(time.Minute)
	o, err := e.svc.Open(e.ctx, e.advisor, in)
	require.NoError(t, err)
	got := e.get(o.ID()).Reception()
	require.Equal(t, time.UTC, got.ArrivedAt.Location())
	require.Equal(t, 123456000, got.ArrivedAt.Nanosecond())
	require.True(t, got.ArrivedAt.Equal(time.Date(2026, 3, 2, 9, 0, 0, 123456000, time.UTC)))
}

// Text with control characters (a NUL from a bad paste) is refused as input on every path, so no
// store is ever asked to keep what another would refuse.
func TestInput_ControlCharactersAreRefused(t *testing.T) {
	e := newEnv(t, nil)
	in := reception(t0)
	in.Customer.Name = "Li\x00Wei"
	in.Concerns[0].Text = "brakes\x07"
	_, err := e.svc.Open(e.ctx, e.advisor, in)
	requireField(t, err, "reception.customer.name")
	requireField(t, err, "reception.concerns[0].text")

	r := e.open()
	e.refused(r.id, dealerkit.ErrInvalid, func() error { return e.svc.Notify(e.ctx, e.advisor, r.id, ChannelPhone, "ok\x00") })
	e.refused(r.id, dealerkit.ErrInvalid, func() error {
		_, err := e.svc.AddLine(e.ctx, e.advisor, r.id, part("pads\x1b[31m", "BP-1", "1", "10"))
		return err
	})
	// Tabs and line breaks are ordinary text.
	require.NoError(t, e.svc.Notify(e.ctx, e.advisor, r.id, ChannelMessage, "line one\nline two\tend"))
}
