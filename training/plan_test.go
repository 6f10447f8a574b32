package training_test

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// §7.1: a plan per period and role; each member holding the role is done, planned, overdue or
// missing on each course; a course with a retake interval is done only while the pass is current;
// completion is rated by role and by subject.
func TestPlan_Clause7_1_ProgressAndCompletion(t *testing.T) {
	f := newFixture(t, false)
	tech2 := staff(3)
	f.register(tech2, "Li Lei", t0.AddDate(-1, 0, 0), dealerkit.RoleTechnician)
	f.register(staff(4), "Zhao Min", t0.AddDate(-1, 0, 0), dealerkit.RoleServiceAdvisor)
	safety := f.course("SAFE-1", training.SubjectSafety, training.CertWorkshopSafety)
	product := f.course("PROD-1", training.SubjectProductKnowledge, "")
	comms := f.course("COMM-1", training.SubjectCustomerCommunication, "")

	// The safety pass is 13 months old: past the policy's 12-month retake interval.
	f.now = t0.AddDate(-1, -1, 0)
	f.pass(safety, f.tech.Staff())
	f.now = t0
	plan, err := f.svc.CreatePlan(f.ctx, f.manager, training.PlanInput{Name: "2026 H1 technicians", Role: dealerkit.RoleTechnician,
		From: t0, To: t0.AddDate(0, 6, 0), Items: []training.PlanItem{
			{Course: safety.ID(), DueAt: t0.AddDate(0, 1, 0)},
			{Course: product.ID()},
			{Course: comms.ID()},
		}})
	require.NoError(t, err)
	f.pass(product, f.tech.Staff())
	_, err = f.svc.ScheduleSession(f.ctx, f.manager, training.SessionInput{Course: comms.ID(), StartsAt: t0.AddDate(0, 2, 0),
		EndsAt: t0.AddDate(0, 2, 0).Add(3 * time.Hour), TrainerProvider: "Service academy", Attendees: []dealerkit.StaffID{tech2}})
	require.NoError(t, err)

	at := t0.AddDate(0, 1, 1) // after the safety course's due date
	pr, err := f.svc.Progress(f.ctx, f.manager, plan.ID(), at)
	require.NoError(t, err)
	require.Len(t, pr.Members, 2, "only technicians: the advisor is not on this plan")
	status := map[dealerkit.StaffID][]training.ItemStatus{}
	for _, m := range pr.Members {
		for _, it := range m.Items {
			status[m.Staff] = append(status[m.Staff], it.Status)
		}
	}
	require.Equal(t, []training.ItemStatus{training.ItemOverdue, training.ItemDone, training.ItemMissing}, status[f.tech.Staff()],
		"the 13-month-old safety pass is not current")
	require.Equal(t, []training.ItemStatus{training.ItemOverdue, training.ItemMissing, training.ItemPlanned}, status[tech2])

	c, err := f.svc.Completion(f.ctx, f.manager, at)
	require.NoError(t, err)
	require.Len(t, c.ByRole, 1)
	require.Equal(t, dealerkit.RoleTechnician, c.ByRole[0].Role)
	require.Equal(t, 1, c.ByRole[0].Done)
	require.Equal(t, 6, c.ByRole[0].Required)
	require.True(t, decimal.RequireFromString("0.1667").Equal(c.ByRole[0].Rate.Rate))
	bySubject := map[training.Subject]training.Rate{}
	for _, r := range c.BySubject {
		bySubject[r.Subject] = r.Rate
	}
	require.Equal(t, 1, bySubject[training.SubjectProductKnowledge].Done)
	require.Equal(t, 0, bySubject[training.SubjectSafety].Done)
	require.Equal(t, 2, c.Statuses[training.ItemOverdue])

	// Bad plans are refused and change nothing.
	for name, in := range map[string]training.PlanInput{
		"no items":    {Name: "x", Role: dealerkit.RoleTechnician, From: t0, To: t0.AddDate(0, 1, 0)},
		"wrong order": {Name: "x", Role: dealerkit.RoleTechnician, From: t0, To: t0, Items: []training.PlanItem{{Course: safety.ID()}}},
		"negative retake": {Name: "x", Role: dealerkit.RoleTechnician, From: t0, To: t0.AddDate(0, 1, 0),
			Items: []training.PlanItem{{Course: safety.ID(), RetakeMonths: -1}}},
		"control text": {Name: "x\x00", Role: dealerkit.RoleTechnician, From: t0, To: t0.AddDate(0, 1, 0), Items: []training.PlanItem{{Course: safety.ID()}}},
	} {
		t.Run(name, func(t *testing.T) {
			f.refused(dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
				_, err := f.svc.CreatePlan(f.ctx, f.manager, in)
				return err
			})
		})
	}
	// §2: a course the dealer does not have, nested in the input, is not found, as in the path.
	f.refused(dealerkit.ErrNotFound, dealerkit.CodeNotFound, func() error {
		_, err := f.svc.CreatePlan(f.ctx, f.manager, training.PlanInput{Name: "x", Role: dealerkit.RoleTechnician, From: t0,
			To: t0.AddDate(0, 1, 0), Items: []training.PlanItem{{Course: uuid.New()}}})
		return err
	})
	f.refused(dealerkit.ErrForbidden, dealerkit.CodeForbidden, func() error {
		_, err := f.svc.CreatePlan(f.ctx, f.tech, training.PlanInput{Name: "x", Role: dealerkit.RoleTechnician, From: t0,
			To: t0.AddDate(0, 1, 0), Items: []training.PlanItem{{Course: safety.ID()}}})
		return err
	})
}

// §7.2: the catalogue has the four subjects of the regulation; sessions record attendance, hours
// and a result against a pass mark; a pass issues the course's certificate; a course's
// prerequisites must be passed first.
func TestSession_Clause7_2_AssessmentIssuesCertificatesAndPrerequisitesGate(t *testing.T) {
	f := newFixture(t, false)
	for _, s := range []training.Subject{training.SubjectProductKnowledge, training.SubjectRepairTechnique,
		training.SubjectServiceProcess, training.SubjectCustomerCommunication} {
		require.True(t, s.Valid())
	}
	tech2 := staff(3)
	f.register(tech2, "Li Lei", t0.AddDate(-1, 0, 0), dealerkit.RoleTechnician)
	basics := f.course("HV-0", training.SubjectRepairTechnique, "")
	hv := f.course("HV-1", training.SubjectRepairTechnique, training.CertEVHighVoltage, basics.ID())

	// Neither has passed the basics yet.
	err := f.refused(dealerkit.ErrRefused, "training.prerequisite_missing", func() error {
		_, err := f.svc.ScheduleSession(f.ctx, f.manager, training.SessionInput{Course: hv.ID(), StartsAt: f.now,
			EndsAt: f.now.Add(8 * time.Hour), TrainerProvider: "OEM", Attendees: []dealerkit.StaffID{f.tech.Staff()}})
		return err
	})
	var pe *training.PrerequisiteError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, []uuid.UUID{basics.ID()}, pe.Missing)

	f.pass(basics, f.tech.Staff(), tech2)
	mark := decimal.NewFromInt(70)
	se, err := f.svc.ScheduleSession(f.ctx, f.manager, training.SessionInput{Course: hv.ID(), StartsAt: f.now,
		EndsAt: f.now.Add(8 * time.Hour), TrainerProvider: "OEM", PassMark: &mark, Attendees: []dealerkit.StaffID{f.tech.Staff(), tech2}})
	require.NoError(t, err)
	f.now = f.now.Add(8 * time.Hour)
	seventy, sixtyNine := decimal.NewFromInt(70), decimal.RequireFromString("69.99")

	// A score contradicting the stated result, or hours beyond the session, is refused.
	f.refused(dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
		_, err := f.svc.CompleteSession(f.ctx, f.manager, se.ID(), []training.ResultInput{
			{Staff: f.tech.Staff(), Attended: true, Hours: decimal.NewFromInt(8), Score: &sixtyNine, Result: training.ResultPass}})
		return err
	})
	f.refused(dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
		_, err := f.svc.CompleteSession(f.ctx, f.manager, se.ID(), []training.ResultInput{
			{Staff: f.tech.Staff(), Attended: true, Hours: decimal.NewFromInt(9), Score: &seventy}})
		return err
	})
	se, err = f.svc.CompleteSession(f.ctx, f.manager, se.ID(), []training.ResultInput{
		{Staff: f.tech.Staff(), Attended: true, Hours: decimal.NewFromInt(8), Score: &seventy},
		{Staff: tech2, Attended: true, Hours: decimal.NewFromInt(8), Score: &sixtyNine},
	})
	require.NoError(t, err)
	att := se.Attendees()
	require.Equal(t, training.ResultPass, att[0].Result, "a score at the pass mark passes")
	require.Equal(t, training.ResultFail, att[1].Result)
	require.NotEqual(t, uuid.Nil, att[0].Certificate)
	require.Len(t, f.certs(tech2), 0, "a fail issues nothing")
	var hvCert *training.Certificate
	for _, c := range f.certs(f.tech.Staff()) {
		if c.Type() == training.CertEVHighVoltage {
			hvCert = c
		}
	}
	require.NotNil(t, hvCert)
	require.Equal(t, att[0].Certificate, hvCert.ID())
	require.Equal(t, se.ID(), hvCert.Snapshot().Session)

	// A completed session cannot be completed again.
	f.refused(dealerkit.ErrRefused, "training.wrong_state", func() error {
		_, err := f.svc.CompleteSession(f.ctx, f.manager, se.ID(), nil)
		return err
	})
	// A retired course takes no new sessions.
	require.NoError(t, f.svc.RetireCourse(f.ctx, f.manager, basics.ID()))
	f.refused(dealerkit.ErrRefused, "training.inactive_course", func() error {
		_, err := f.svc.ScheduleSession(f.ctx, f.manager, training.SessionInput{Course: basics.ID(), StartsAt: f.now,
			EndsAt: f.now.Add(time.Hour), TrainerStaff: f.tech.Staff()})
		return err
	})
	// Codes are unique within the dealer.
	f.refused(dealerkit.ErrConflict, "training.code_taken", func() error {
		_, err := f.svc.CreateCourse(f.ctx, f.manager, training.CourseInput{Code: "HV-1", Title: "again", Subject: training.SubjectSafety,
			Delivery: training.DeliveryInternal, Hours: decimal.NewFromInt(1)})
		return err
	})
	// Bad courses: negative cost, external without provider, unknown certificate.
	for name, in := range map[string]training.CourseInput{
		"negative cost": {Code: "X", Title: "x", Subject: training.SubjectSafety, Delivery: training.DeliveryInternal,
			Hours: decimal.NewFromInt(1), Cost: decimal.NewFromInt(-1)},
		"no provider": {Code: "X", Title: "x", Subject: training.SubjectSafety, Delivery: training.DeliveryExternal, Hours: decimal.NewFromInt(1)},
		"bad cert": {Code: "X", Title: "x", Subject: training.SubjectSafety, Delivery: training.DeliveryInternal,
			Hours: decimal.NewFromInt(1), Certificate: "nope"},
		"no subject": {Code: "X", Title: "x", Delivery: training.DeliveryInternal, Hours: decimal.NewFromInt(1)},
	} {
		t.Run(name, func(t *testing.T) {
			f.refused(dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
				_, err := f.svc.CreateCourse(f.ctx, f.manager, in)
				return err
			})
		})
	}
	// §2: an unknown prerequisite is not found, as an id in the path would be.
	f.refused(dealerkit.ErrNotFound, dealerkit.CodeNotFound, func() error {
		_, err := f.svc.CreateCourse(f.ctx, f.manager, training.CourseInput{Code: "X", Title: "x", Subject: training.SubjectSafety,
			Delivery: training.DeliveryInternal, Hours: decimal.NewFromInt(1), Prerequisites: []uuid.UUID{uuid.New()}})
		return err
	})
}

// §7.3: external training is recorded alongside internal training, with its evidence, and a pass
// issues the course's certificate marked external.
func TestExternal_Clause7_3_RecordedWithEvidence(t *testing.T) {
	f := newFixture(t, false)
	ext, err := f.svc.CreateCourse(f.ctx, f.manager, training.CourseInput{Code: "OEM-SRS", Title: "Airbag systems",
		Subject: training.SubjectRepairTechnique, Delivery: training.DeliveryExternal, Provider: "OEM academy",
		Cost: decimal.RequireFromString("1800.00"), Hours: decimal.NewFromInt(16), Certificate: training.CertAirbag})
	require.NoError(t, err)
	in := training.ExternalInput{Staff: f.tech.Staff(), Course: ext.ID(), Provider: "OEM academy", StartsAt: t0.AddDate(0, 0, -3),
		EndsAt: t0.AddDate(0, 0, -2), Hours: decimal.NewFromInt(16), Result: training.ResultPass}
	f.refused(dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
		_, err := f.svc.RecordExternal(f.ctx, f.manager, in) // no evidence
		return err
	})
	in.Evidence = "certificate scan OEM-2026-0042"
	se, err := f.svc.RecordExternal(f.ctx, f.manager, in)
	require.NoError(t, err)
	require.True(t, se.External())
	require.Equal(t, training.SessionCompleted, se.State())
	certs := f.certs(f.tech.Staff())
	require.Len(t, certs, 1)
	require.True(t, certs[0].Snapshot().External)
	require.Equal(t, in.EndsAt, certs[0].IssuedAt())
	require.Equal(t, "OEM academy", certs[0].Snapshot().Issuer)
}
