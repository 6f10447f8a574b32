package safety_test

import (
	"errors"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/stretchr/testify/require"
)

// §8.2: equipment becomes unusable at the very instant its periodic inspection falls due: usable
// a nanosecond before, refused at the instant, with a typed error saying since when.
func TestCheckUsable_Clause8_2_OverdueAtTheInstantItFallsDue(t *testing.T) {
	e := newEnv(t, nil)
	e.lift("LIFT-1")
	due := t0.Add(30 * 24 * time.Hour)
	require.NoError(t, e.svc.CheckUsable(e.ctx, e.dealer, "LIFT-1", due.Add(-time.Nanosecond)))
	err := e.svc.CheckUsable(e.ctx, e.dealer, "LIFT-1", due)
	require.ErrorIs(t, err, aftersales.ErrEquipmentOutOfUse)
	require.ErrorIs(t, err, safety.ErrOutOfService)
	require.ErrorIs(t, err, dealerkit.ErrRefused)
	require.Equal(t, dealerkit.Code("safety.out_of_service"), dealerkit.CodeOf(err))
	var oos *safety.OutOfServiceError
	require.ErrorAs(t, err, &oos)
	require.Equal(t, safety.ReasonOverdue, oos.Reason)
	require.True(t, oos.Since.Equal(due))
	require.Equal(t, safety.InspectionPeriodic, oos.Kind)

	// A passing periodic inspection moves the due date on by the interval from when it was done.
	e.clock.set(due.Add(2 * time.Hour))
	_, err = e.svc.RecordInspection(e.ctx, e.tech, safety.InspectionInput{Equipment: "LIFT-1", Kind: safety.InspectionPeriodic,
		PerformedAt: due.Add(time.Hour), Inspector: e.tech.Staff(), Items: liftPeriodic()})
	require.NoError(t, err)
	next := due.Add(time.Hour).Add(30 * 24 * time.Hour)
	require.NoError(t, e.svc.CheckUsable(e.ctx, e.dealer, "LIFT-1", next.Add(-time.Nanosecond)))
	require.ErrorIs(t, e.svc.CheckUsable(e.ctx, e.dealer, "LIFT-1", next), safety.ErrOutOfService)
}

// §8.2: fail safe: equipment not in the register, another dealer's, or a type of which the dealer
// has no usable piece is not usable.
func TestCheckUsable_Clause8_2_UnknownEquipmentIsNotUsable(t *testing.T) {
	e := newEnv(t, nil)
	e.lift("LIFT-1")
	for _, code := range []string{"LIFT-9", "type:four_post_lift", "type:no_such_type"} {
		err := e.svc.CheckUsable(e.ctx, e.dealer, code, t0)
		var oos *safety.OutOfServiceError
		require.ErrorAs(t, err, &oos, code)
		require.Equal(t, safety.ReasonUnknown, oos.Reason, code)
		require.ErrorIs(t, err, aftersales.ErrEquipmentOutOfUse)
	}
	require.ErrorIs(t, e.svc.CheckUsable(e.ctx, dealerkit.DealerID{0xd2}, "LIFT-1", t0), aftersales.ErrEquipmentOutOfUse)
	// A type requirement is met by any usable piece of the type.
	require.NoError(t, e.svc.CheckUsable(e.ctx, e.dealer, "type:two_post_lift", t0))
	require.ErrorIs(t, e.svc.CheckUsable(e.ctx, e.dealer, "type:two_post_lift", t0.Add(30*24*time.Hour)), safety.ErrOutOfService)
}

// §8.2: a failed inspection puts the equipment out of service at once; only a recorded repair and
// then a passing inspection of the failed plan (or a stricter one) bring it back. Each refusal
// changes nothing.
func TestInspection_Clause8_2_FailureHoldsOutOfServiceUntilRepairAndPass(t *testing.T) {
	e := newEnv(t, nil)
	lift := e.lift("LIFT-1")
	e.clock.set(t0.Add(10 * 24 * time.Hour))
	failedAt := t0.Add(9 * 24 * time.Hour)
	ins, err := e.svc.RecordInspection(e.ctx, e.tech, safety.InspectionInput{Equipment: "LIFT-1", Kind: safety.InspectionPeriodic,
		PerformedAt: failedAt, Inspector: e.tech.Staff(), Items: liftPeriodic("safety_catches_work"), Evidence: []string{"photo://1"}})
	require.NoError(t, err)
	require.False(t, ins.Passed())
	err = e.svc.CheckUsable(e.ctx, e.dealer, "LIFT-1", failedAt)
	var oos *safety.OutOfServiceError
	require.ErrorAs(t, err, &oos)
	require.Equal(t, safety.ReasonFailed, oos.Reason)
	require.Equal(t, []string{"safety_catches_work"}, oos.Items)
	require.True(t, oos.Since.Equal(failedAt))

	pass := safety.InspectionInput{Equipment: "LIFT-1", Kind: safety.InspectionPeriodic, PerformedAt: e.clock.Now(),
		Inspector: e.inspector.Staff(), Items: liftPeriodic()}
	e.refused(safety.ErrRepairRequired, func() error { _, err := e.svc.RecordInspection(e.ctx, e.inspector, pass); return err })
	require.NoError(t, e.svc.RecordRepair(e.ctx, e.tech, lift.ID(), safety.RepairInput{RepairedAt: e.clock.Now(), Note: "new catch spring"}))
	require.ErrorIs(t, e.svc.CheckUsable(e.ctx, e.dealer, "LIFT-1", e.clock.Now()), safety.ErrOutOfService, "a repair alone does not return it")
	preUse := safety.InspectionInput{Equipment: "LIFT-1", Kind: safety.InspectionPreUse, PerformedAt: e.clock.Now(), Inspector: e.tech.Staff(),
		Items: items(safety.DefaultPolicy().Equipment[safety.TypeTwoPostLift].PreUse)}
	e.refused(safety.ErrWeakerInspection, func() error { _, err := e.svc.RecordInspection(e.ctx, e.tech, preUse); return err })
	_, err = e.svc.RecordInspection(e.ctx, e.inspector, pass)
	require.NoError(t, err)
	require.NoError(t, e.svc.CheckUsable(e.ctx, e.dealer, "LIFT-1", e.clock.Now()))
	got, err := e.svc.Equipment(e.ctx, e.manager, lift.ID())
	require.NoError(t, err)
	require.Equal(t, safety.StateInService, got.State())
	// A repair of equipment in service is refused.
	e.refused(safety.ErrWrongState, func() error {
		return e.svc.RecordRepair(e.ctx, e.tech, lift.ID(), safety.RepairInput{RepairedAt: e.clock.Now(), Note: "x"})
	})
	// A failed pre-use check takes it out of service too.
	preUse.PerformedAt = e.clock.Now()
	preUse.Items = items(safety.DefaultPolicy().Equipment[safety.TypeTwoPostLift].PreUse, "arm_locks_engage")
	_, err = e.svc.RecordInspection(e.ctx, e.tech, preUse)
	require.NoError(t, err)
	require.ErrorIs(t, e.svc.CheckUsable(e.ctx, e.dealer, "LIFT-1", e.clock.Now()), aftersales.ErrEquipmentOutOfUse)
}

// §8.2: an inspection answers its plan's checklist in full and nothing else; bad input is refused
// with coded fields and changes nothing.
func TestInspection_Clause8_2_ChecklistIsAnsweredInFull(t *testing.T) {
	e := newEnv(t, nil)
	e.lift("LIFT-1")
	base := safety.InspectionInput{Equipment: "LIFT-1", Kind: safety.InspectionPeriodic, PerformedAt: t0, Inspector: e.tech.Staff(), Items: liftPeriodic()}
	for name, tc := range map[string]struct {
		edit   func(*safety.InspectionInput)
		field  string
		reason dealerkit.Reason
	}{
		"missing item":      {func(in *safety.InspectionInput) { in.Items = in.Items[1:] }, "items", safety.ReasonMissingItem},
		"unknown item":      {func(in *safety.InspectionInput) { in.Items[0].Item = "paint_colour" }, "items[0].item", safety.ReasonNotOnChecklist},
		"duplicate item":    {func(in *safety.InspectionInput) { in.Items[1] = in.Items[0] }, "items[1].item", dealerkit.ReasonDuplicate},
		"no statutory plan": {func(in *safety.InspectionInput) { in.Kind = safety.InspectionStatutory; in.Grade = 1; in.Body = "x" }, "kind", safety.ReasonNoPlan},
		"future":            {func(in *safety.InspectionInput) { in.PerformedAt = t0.Add(time.Hour) }, "performed_at", dealerkit.ReasonWrongOrder},
		"no inspector":      {func(in *safety.InspectionInput) { in.Inspector = dealerkit.StaffID{} }, "inspector", dealerkit.ReasonRequired},
		"unknown kind":      {func(in *safety.InspectionInput) { in.Kind = 9 }, "kind", dealerkit.ReasonUnknownValue},
		"control char":      {func(in *safety.InspectionInput) { in.Items[0].Note = "a\x00b" }, "items[0].note", dealerkit.ReasonControlCharacter},
		"unknown equipment": {func(in *safety.InspectionInput) { in.Equipment = "LIFT-9" }, "equipment", dealerkit.ReasonUnknownValue},
		"grade on periodic": {func(in *safety.InspectionInput) { in.Grade = 2 }, "grade", dealerkit.ReasonInvalid},
	} {
		t.Run(name, func(t *testing.T) {
			in := base
			in.Items = append([]safety.ItemResult(nil), base.Items...)
			tc.edit(&in)
			err := e.refused(dealerkit.ErrInvalid, func() error { _, err := e.svc.RecordInspection(e.ctx, e.tech, in); return err })
			field(t, err, tc.field, tc.reason)
		})
	}
}

// §8.2: a pressure vessel's first statutory inspection is due within three years of
// commissioning, the next by the grade the inspection gave; grade 5 may not be used.
func TestStatutory_Clause8_2_FirstWithinThreeYearsThenByGrade(t *testing.T) {
	e := newEnv(t, nil)
	commissioned := t0.AddDate(-1, 0, 0)
	_, err := e.svc.RegisterEquipment(e.ctx, e.manager, safety.EquipmentInput{Code: "AIR-1", Type: safety.TypeAirReceiver,
		Location: "compressor room", Commissioned: commissioned, Grade: 2})
	require.NoError(t, err)
	eq, err := e.svc.EquipmentByCode(e.ctx, e.manager, "AIR-1")
	require.NoError(t, err)
	var statutory time.Time
	for _, d := range eq.Dues() {
		if d.Kind == safety.InspectionStatutory {
			statutory = d.At
		}
	}
	require.True(t, statutory.Equal(commissioned.Add(3*365*24*time.Hour)), "statutory due %s", statutory)

	list := safety.DefaultPolicy().Statutory.Checklist
	in := safety.InspectionInput{Equipment: "AIR-1", Kind: safety.InspectionStatutory, PerformedAt: t0, Inspector: e.manager.Staff(),
		Body: "市特种设备检验所", Items: items(list), Grade: 3}
	_, err = e.svc.RecordInspection(e.ctx, e.manager, in)
	require.NoError(t, err)
	eq, err = e.svc.EquipmentByCode(e.ctx, e.manager, "AIR-1")
	require.NoError(t, err)
	for _, d := range eq.Dues() {
		if d.Kind == safety.InspectionStatutory {
			require.True(t, d.At.Equal(t0.Add(3*365*24*time.Hour)), "grade 3: every three years, got %s", d.At)
		}
	}
	in.Grade = 5
	ins, err := e.svc.RecordInspection(e.ctx, e.manager, in)
	require.NoError(t, err)
	require.False(t, ins.Passed(), "grade 5 may not be used")
	var oos *safety.OutOfServiceError
	require.ErrorAs(t, e.svc.CheckUsable(e.ctx, e.dealer, "AIR-1", t0), &oos)
	require.Equal(t, []string{"grade_5"}, oos.Items)
}

// §8.2: the register refuses a second piece with the same code, and bad registrations, and
// changes nothing.
func TestRegister_Clause8_2_RefusesBadInput(t *testing.T) {
	e := newEnv(t, nil)
	e.lift("LIFT-1")
	err := e.refused(safety.ErrCodeTaken, func() error {
		_, err := e.svc.RegisterEquipment(e.ctx, e.manager, safety.EquipmentInput{Code: "LIFT-1", Type: safety.TypeFourPostLift, Location: "bay 2", Commissioned: t0})
		return err
	})
	require.ErrorIs(t, err, dealerkit.ErrConflict)
	for name, in := range map[string]safety.EquipmentInput{
		"no code":      {Type: safety.TypeTyreChanger, Location: "bay 3", Commissioned: t0},
		"type prefix":  {Code: "type:x", Type: safety.TypeTyreChanger, Location: "bay 3", Commissioned: t0},
		"unknown type": {Code: "X-1", Type: 99, Location: "bay 3", Commissioned: t0},
		"future":       {Code: "X-1", Type: safety.TypeTyreChanger, Location: "bay 3", Commissioned: t0.Add(time.Hour)},
		"grade":        {Code: "X-1", Type: safety.TypeAirReceiver, Location: "bay 3", Commissioned: t0, Grade: 6},
		"no location":  {Code: "X-1", Type: safety.TypeTyreChanger, Commissioned: t0},
	} {
		e.refused(dealerkit.ErrInvalid, func() error { _, err := e.svc.RegisterEquipment(e.ctx, e.manager, in); return err })
		_ = name
	}
	e.refused(dealerkit.ErrForbidden, func() error {
		_, err := e.svc.RegisterEquipment(e.ctx, e.tech, safety.EquipmentInput{Code: "X-1", Type: safety.TypeTyreChanger, Location: "bay 3", Commissioned: t0})
		return err
	})
}

// §8.2: retired equipment is never usable again, and is not inspected.
func TestRetire_Clause8_2_RetiredIsNotUsable(t *testing.T) {
	e := newEnv(t, nil)
	lift := e.lift("LIFT-1")
	require.NoError(t, e.svc.RetireEquipment(e.ctx, e.manager, lift.ID(), "replaced"))
	var oos *safety.OutOfServiceError
	require.True(t, errors.As(e.svc.CheckUsable(e.ctx, e.dealer, "LIFT-1", t0), &oos))
	require.Equal(t, safety.ReasonRetired, oos.Reason)
	e.refused(safety.ErrWrongState, func() error {
		_, err := e.svc.RecordInspection(e.ctx, e.tech, safety.InspectionInput{Equipment: "LIFT-1", Kind: safety.InspectionPeriodic,
			PerformedAt: t0, Inspector: e.tech.Staff(), Items: liftPeriodic()})
		return err
	})
	// Another dealer's equipment is not found.
	other := staff(t, dealerkit.DealerID{0xd2}, 1, dealerkit.RoleManager)
	_, err := e.svc.Equipment(e.ctx, other, lift.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
}
