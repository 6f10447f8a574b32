package storetest

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// peopleWorld is dealer A's appraisal, training and safety records for the tenant contract, and
// the services over the suite's store that dealer B's staff call with their ids.
type peopleWorld struct {
	as *appraisal.Service
	ts *training.Service
	ss *safety.Service

	appraisals []*appraisal.Appraisal
	member     dealerkit.StaffID
	course     *training.Course
	plan       *training.Plan
	session    *training.Session
	cert       *training.Certificate
	equipment  *safety.Equipment
	inspection *safety.Inspection
	check      *safety.AreaCheck
	incident   *safety.Incident
	action     uuid.UUID
	drill      *safety.Drill
	// bMember is dealer B's own training member, so that an input of B's is valid but for the
	// one id of A's nested in it.
	bMember dealerkit.StaffID
}

func newPeopleWorld(t *testing.T, s TenantStore, pf *partsFixture) *peopleWorld {
	ctx, now := t.Context(), pf.clock.Now()
	w := &peopleWorld{member: staffID(2), bMember: staffID(5)}
	var err error
	w.as, err = appraisal.NewService(s.Appraisals(), appraisal.RepositoryFacts{Orders: s.RepairOrders(),
		Complaints: s.Complaints(), Parts: s.Parts()}, &appraisal.Options{Now: pf.clock.Now, NewID: pf.newID, Tx: s})
	require.NoError(t, err)
	w.ts, err = training.NewService(s.Training(), s, &training.Options{Now: pf.clock.Now, NewID: pf.newID})
	require.NoError(t, err)
	w.ss, err = safety.NewService(s.Safety(), s, &safety.Options{Now: pf.clock.Now, NewID: pf.newID})
	require.NoError(t, err)

	m := trainingManager(t, dealerA())
	from, to := now.AddDate(0, -1, 0), now
	w.appraisals, err = w.as.Draft(ctx, m, appraisal.DraftInput{From: from, To: to, Members: []appraisal.Member{
		{Staff: w.member, Role: "technician"}}})
	require.NoError(t, err)
	require.NotEmpty(t, w.appraisals)

	_, err = w.ts.RegisterMember(ctx, m, training.MemberInput{Staff: w.member, Name: "王强",
		Roles: []dealerkit.Role{dealerkit.RoleTechnician}, HiredAt: now.AddDate(-2, 0, 0), Track: training.TrackTechnician})
	require.NoError(t, err)
	w.course, err = w.ts.CreateCourse(ctx, m, training.CourseInput{Code: "SAFE-1", Title: "车间安全", Subject: training.SubjectSafety,
		Delivery: training.DeliveryInternal, Cost: decimal.Zero, Hours: decimal.NewFromInt(4), Certificate: training.CertWorkshopSafety})
	require.NoError(t, err)
	w.plan, err = w.ts.CreatePlan(ctx, m, training.PlanInput{Name: "2025", Role: dealerkit.RoleTechnician, From: now,
		To: now.AddDate(0, 6, 0), Items: []training.PlanItem{{Course: w.course.ID()}}})
	require.NoError(t, err)
	w.session, err = w.ts.ScheduleSession(ctx, m, training.SessionInput{Course: w.course.ID(), StartsAt: now.Add(time.Hour),
		EndsAt: now.Add(5 * time.Hour), TrainerStaff: w.member, Location: "车间二楼", Attendees: []dealerkit.StaffID{w.member}})
	require.NoError(t, err)
	w.cert, err = w.ts.RecordCertificate(ctx, m, training.CertificateSpec{Staff: w.member, Type: training.CertElectrician,
		Number: "T-001", Issuer: "应急管理局", External: true, Evidence: "scan:T-001", IssuedAt: now.AddDate(-1, 0, 0),
		ExpiresAt: now.AddDate(5, 0, 0)})
	require.NoError(t, err)

	lift := safety.DefaultPolicy().Equipment[safety.TypeTwoPostLift].Periodic.Checklist
	w.equipment, err = w.ss.RegisterEquipment(ctx, m, safety.EquipmentInput{Code: "LIFT-A1", Type: safety.TypeTwoPostLift,
		Location: "bay 1", Commissioned: now.AddDate(-1, 0, 0)})
	require.NoError(t, err)
	w.inspection, err = w.ss.RecordInspection(ctx, m, safety.InspectionInput{Equipment: "LIFT-A1", Kind: safety.InspectionPeriodic,
		PerformedAt: now, Inspector: w.member, Items: passAll(lift), Evidence: []string{"photo:LIFT-A1"}})
	require.NoError(t, err)
	floor := safety.DefaultPolicy().Areas[safety.AreaWorkshopFloor]
	items := passAll(floor)
	items[0].Pass = false
	w.check, err = w.ss.RecordAreaCheck(ctx, m, safety.AreaCheckInput{Area: safety.AreaWorkshopFloor, CheckedAt: now, Checker: w.member,
		Items: items, Findings: []safety.FindingInput{{Item: floor[0], Severity: safety.SeverityLow, Description: "oil on floor",
			Action: "clean", Owner: w.member, Due: now.Add(24 * time.Hour)}}})
	require.NoError(t, err)
	w.incident, err = w.ss.ReportIncident(ctx, m, safety.IncidentInput{OccurredAt: now, Area: safety.AreaWorkshopFloor,
		Location: "bay 1", Description: "slipped", Equipment: []string{"LIFT-A1"}, Class: safety.ClassNearMiss})
	require.NoError(t, err)
	require.NoError(t, w.ss.InvestigateIncident(ctx, m, w.incident.ID(), safety.InvestigationInput{RootCause: "oil", Findings: "leak",
		Class: safety.ClassNearMiss}))
	w.action, err = w.ss.AddIncidentAction(ctx, m, w.incident.ID(), safety.ActionInput{Kind: safety.ActionCorrective,
		Description: "mats", Owner: w.member, Due: now.Add(48 * time.Hour)})
	require.NoError(t, err)
	w.drill, err = w.ss.HoldDrill(ctx, m, safety.DrillInput{Kind: safety.DrillKinds()[0], Scenario: "fire in bay 1", HeldAt: now,
		Leader: w.member, Participants: []dealerkit.StaffID{w.member},
		Findings: []safety.DrillFindingInput{{Description: "exit blocked", Action: "clear", Owner: w.member, Due: now.Add(24 * time.Hour)}}})
	require.NoError(t, err)
	return w
}

// ownB gives dealer B records of its own that B's calls then build on; it runs before the calls.
func (w *peopleWorld) ownB(t *testing.T, pf *partsFixture) {
	_, err := w.ts.RegisterMember(t.Context(), trainingManager(t, dealerB()), training.MemberInput{Staff: w.bMember, Name: "李明",
		Roles: []dealerkit.Role{dealerkit.RoleTechnician}, HiredAt: pf.clock.Now().AddDate(-1, 0, 0), Track: training.TrackTechnician})
	require.NoError(t, err)
}

func passAll(list []string) []safety.ItemResult {
	out := make([]safety.ItemResult, len(list))
	for i, it := range list {
		out[i] = safety.ItemResult{Item: it, Pass: true}
	}
	return out
}

// secrets is what of dealer A's people records must never show in dealer B's answers.
func (w *peopleWorld) secrets() []string {
	out := []string{w.course.ID().String(), w.plan.ID().String(), w.session.ID().String(), w.cert.ID().String(),
		w.equipment.ID().String(), "LIFT-A1", w.inspection.ID().String(), w.check.ID().String(), w.incident.ID().String(),
		w.action.String(), w.drill.ID().String(), "T-001", "SAFE-1"}
	for _, a := range w.appraisals {
		out = append(out, a.ID().String())
	}
	return out
}

// services are the services whose every exported method the contract calls.
func (w *peopleWorld) services() map[string]any {
	return map[string]any{"appraisal": w.as, "training": w.ts, "safety": w.ss}
}

// calls are dealer B's calls with dealer A's ids, nested ids in inputs that are otherwise B's own.
func (w *peopleWorld) calls(t *testing.T, b dealerkit.Actor, now time.Time) map[string]tenantCall {
	ctx := t.Context()
	found := func(v any, err error) (any, error) { return v, err }
	none := func(err error) (any, error) { return nil, err }
	nf := func(call func() (any, error)) tenantCall { return tenantCall{notFound: true, call: call} }
	shows := func(call func() (any, error)) tenantCall { return tenantCall{call: call} }
	byCode := func(call func(code string) (any, error)) tenantCall {
		return tenantCall{notFound: true, call: func() (any, error) { return call("LIFT-A1") },
			unknown: func() (any, error) { return call("NO-SUCH-CODE") }}
	}
	a0 := w.appraisals[0].ID()
	from, to := now.AddDate(0, -1, 0), now
	lift := safety.DefaultPolicy().Equipment[safety.TypeTwoPostLift].Periodic.Checklist
	floor := safety.DefaultPolicy().Areas[safety.AreaWorkshopFloor]
	finding := w.check.Findings()[0].ID
	drillFinding := w.drill.Findings()[0].ID
	return map[string]tenantCall{
		// appraisal.Service: staff ids are not checkable (the library keeps no staff register), so
		// Draft and Compare as B work on B's own facts, which hold nothing of A's.
		"appraisal.Compare": shows(func() (any, error) {
			return found(w.as.Compare(ctx, b, appraisal.CompareInput{From: from, To: to, A: "2025", B: "2025",
				Members: []appraisal.Member{{Staff: w.member, Role: "technician"}}}))
		}),
		"appraisal.Draft": shows(func() (any, error) {
			return found(w.as.Draft(ctx, b, appraisal.DraftInput{From: from, To: to,
				Members: []appraisal.Member{{Staff: w.member, Role: "technician"}}}))
		}),
		"appraisal.Recompute": nf(func() (any, error) { return found(w.as.Recompute(ctx, b, a0)) }),
		"appraisal.Rate": nf(func() (any, error) {
			return found(w.as.Rate(ctx, b, a0, appraisal.RateInput{Dimension: "attitude", Value: decimal.NewFromInt(80), Reason: "r"}))
		}),
		"appraisal.SignOff":     nf(func() (any, error) { return found(w.as.SignOff(ctx, b, a0, "ok")) }),
		"appraisal.Acknowledge": nf(func() (any, error) { return found(w.as.Acknowledge(ctx, b, a0)) }),
		"appraisal.Object":      nf(func() (any, error) { return found(w.as.Object(ctx, b, a0, "unfair")) }),
		"appraisal.Answer":      nf(func() (any, error) { return found(w.as.Answer(ctx, b, a0, "fair")) }),
		"appraisal.Get":         nf(func() (any, error) { return found(w.as.Get(ctx, b, a0)) }),
		"appraisal.List": shows(func() (any, error) {
			return found(w.as.List(ctx, b, appraisal.Filter{Staff: w.member}, ""))
		}),
		"appraisal.Recent":       shows(func() (any, error) { return found(w.as.Recent(ctx, dealerB(), w.member, 3, to)) }),
		"appraisal.RecentGrades": shows(func() (any, error) { return found(w.as.RecentGrades(ctx, dealerB(), w.member, 3, to)) }),
		"appraisal.Retraining":   shows(func() (any, error) { return found(w.as.Retraining(ctx, dealerB(), w.member, to)) }),

		// training.Service
		"training.Policy": shows(func() (any, error) { return found(w.ts.Policy(dealerB(), now)) }),
		"training.RecordCertificate": nf(func() (any, error) { // A's member (one from elsewhere names no course)
			return found(w.ts.RecordCertificate(ctx, b, training.CertificateSpec{Staff: w.member, Type: training.CertWorkshopSafety,
				Number: "B-1", Issuer: "dealer", Evidence: "scan:B-1", IssuedAt: now.AddDate(0, -1, 0), ExpiresAt: now.AddDate(1, 0, 0)}))
		}),
		"training.RenewCertificate": nf(func() (any, error) {
			return none(w.ts.RenewCertificate(ctx, b, w.cert.ID(), training.RenewInput{IssuedAt: now, ExpiresAt: now.AddDate(6, 0, 0)}))
		}),
		"training.ReviewCertificate":    nf(func() (any, error) { return none(w.ts.ReviewCertificate(ctx, b, w.cert.ID())) }),
		"training.SuspendCertificate":   nf(func() (any, error) { return none(w.ts.SuspendCertificate(ctx, b, w.cert.ID(), "n")) }),
		"training.ReinstateCertificate": nf(func() (any, error) { return none(w.ts.ReinstateCertificate(ctx, b, w.cert.ID(), "n")) }),
		"training.RevokeCertificate":    nf(func() (any, error) { return none(w.ts.RevokeCertificate(ctx, b, w.cert.ID(), "n")) }),
		"training.Certificate":          nf(func() (any, error) { return found(w.ts.Certificate(ctx, b, w.cert.ID())) }),
		"training.Certificates": shows(func() (any, error) {
			return found(w.ts.Certificates(ctx, b, training.CertificateFilter{Staff: w.member}, "", 0))
		}),
		"training.Expiring": shows(func() (any, error) { return found(w.ts.Expiring(ctx, b, now.AddDate(6, 0, 0))) }),
		"training.Qualify": shows(func() (any, error) {
			return none(w.ts.Qualify(ctx, dealerB(), w.member, training.CertElectrician, now))
		}),
		"training.Progress":   nf(func() (any, error) { return found(w.ts.Progress(ctx, b, w.plan.ID(), now)) }),
		"training.Completion": shows(func() (any, error) { return found(w.ts.Completion(ctx, b, now)) }),
		"training.Ladder":     shows(func() (any, error) { return found(w.ts.Ladder(ctx, b, now)) }),
		"training.Promote":    nf(func() (any, error) { return found(w.ts.Promote(ctx, b, w.member, "n")) }),
		"training.CreateCourse": nf(func() (any, error) { // a prerequisite of A's
			return found(w.ts.CreateCourse(ctx, b, training.CourseInput{Code: "B-2", Title: "进阶", Subject: training.SubjectSafety,
				Delivery: training.DeliveryInternal, Cost: decimal.Zero, Hours: decimal.NewFromInt(2), Prerequisites: []uuid.UUID{w.course.ID()}}))
		}),
		"training.RetireCourse": nf(func() (any, error) { return none(w.ts.RetireCourse(ctx, b, w.course.ID())) }),
		"training.Course":       nf(func() (any, error) { return found(w.ts.Course(ctx, b, w.course.ID())) }),
		"training.Courses": shows(func() (any, error) {
			return found(w.ts.Courses(ctx, b, training.CourseFilter{}, "", 0))
		}),
		"training.RegisterMember": shows(func() (any, error) { // the same person may work at both dealers
			return found(w.ts.RegisterMember(ctx, b, training.MemberInput{Staff: w.member, Name: "王强",
				Roles: []dealerkit.Role{dealerkit.RoleTechnician}, HiredAt: now.AddDate(-1, 0, 0)}))
		}),
		"training.Member": nf(func() (any, error) { return found(w.ts.Member(ctx, b, w.member)) }),
		"training.CreatePlan": nf(func() (any, error) { // an item on A's course
			return found(w.ts.CreatePlan(ctx, b, training.PlanInput{Name: "B", Role: dealerkit.RoleTechnician, From: now,
				To: now.AddDate(0, 6, 0), Items: []training.PlanItem{{Course: w.course.ID()}}}))
		}),
		"training.ScheduleSession": nf(func() (any, error) { // B's member on A's course
			return found(w.ts.ScheduleSession(ctx, b, training.SessionInput{Course: w.course.ID(), StartsAt: now.Add(time.Hour),
				EndsAt: now.Add(2 * time.Hour), TrainerProvider: "OEM", Location: "B", Attendees: []dealerkit.StaffID{w.bMember}}))
		}),
		"training.Enrol": nf(func() (any, error) { return none(w.ts.Enrol(ctx, b, w.session.ID(), []dealerkit.StaffID{w.bMember})) }),
		"training.CompleteSession": nf(func() (any, error) {
			return found(w.ts.CompleteSession(ctx, b, w.session.ID(), []training.ResultInput{{Staff: w.member, Attended: true,
				Hours: decimal.NewFromInt(4), Result: training.ResultPass}}))
		}),
		"training.CancelSession": nf(func() (any, error) { return none(w.ts.CancelSession(ctx, b, w.session.ID(), "n")) }),
		"training.RecordExternal": nf(func() (any, error) { // B's member, A's course
			return found(w.ts.RecordExternal(ctx, b, training.ExternalInput{Staff: w.bMember, Course: w.course.ID(), Provider: "OEM",
				StartsAt: now.AddDate(0, 0, -2), EndsAt: now.AddDate(0, 0, -1), Hours: decimal.NewFromInt(4), Result: training.ResultPass,
				Evidence: "scan"}))
		}),
		"training.Sessions": shows(func() (any, error) {
			return found(w.ts.Sessions(ctx, b, training.SessionFilter{Course: w.course.ID(), Staff: w.member}, "", 0))
		}),

		// safety.Service
		"safety.Policy": shows(func() (any, error) { return found(w.ss.Policy(dealerB(), now)) }),
		"safety.RegisterEquipment": shows(func() (any, error) {
			return found(w.ss.RegisterEquipment(ctx, b, safety.EquipmentInput{Code: "LIFT-B1", Type: safety.TypeTwoPostLift,
				Location: "B", Commissioned: now.AddDate(0, -1, 0)}))
		}),
		"safety.Equipment":       nf(func() (any, error) { return found(w.ss.Equipment(ctx, b, w.equipment.ID())) }),
		"safety.EquipmentByCode": byCode(func(code string) (any, error) { return found(w.ss.EquipmentByCode(ctx, b, code)) }),
		"safety.ListEquipment": shows(func() (any, error) {
			return found(w.ss.ListEquipment(ctx, b, safety.EquipmentFilter{}, ""))
		}),
		"safety.CheckUsable": byCode(func(code string) (any, error) { return none(w.ss.CheckUsable(ctx, dealerB(), code, now)) }),
		"safety.RecordInspection": byCode(func(code string) (any, error) {
			return found(w.ss.RecordInspection(ctx, b, safety.InspectionInput{Equipment: code, Kind: safety.InspectionPeriodic,
				PerformedAt: now, Inspector: w.bMember, Items: passAll(lift), Evidence: []string{"photo"}}))
		}),
		"safety.RecordRepair": nf(func() (any, error) {
			return none(w.ss.RecordRepair(ctx, b, w.equipment.ID(), safety.RepairInput{RepairedAt: now, Note: "n"}))
		}),
		"safety.RetireEquipment": nf(func() (any, error) { return none(w.ss.RetireEquipment(ctx, b, w.equipment.ID(), "n")) }),
		"safety.ListInspections": shows(func() (any, error) {
			return found(w.ss.ListInspections(ctx, b, safety.InspectionFilter{Equipment: w.equipment.ID()}, ""))
		}),
		"safety.RecordAreaCheck": shows(func() (any, error) {
			return found(w.ss.RecordAreaCheck(ctx, b, safety.AreaCheckInput{Area: safety.AreaWorkshopFloor, CheckedAt: now,
				Checker: w.bMember, Items: passAll(floor)}))
		}),
		"safety.CorrectFinding": nf(func() (any, error) { return none(w.ss.CorrectFinding(ctx, b, w.check.ID(), finding, "n")) }),
		"safety.VerifyFinding": nf(func() (any, error) {
			return none(w.ss.VerifyFinding(ctx, b, w.check.ID(), finding, safety.VerifyInput{Closed: true, Note: "n"}))
		}),
		"safety.AreaCheck": nf(func() (any, error) { return found(w.ss.AreaCheck(ctx, b, w.check.ID())) }),
		"safety.ListAreaChecks": shows(func() (any, error) {
			return found(w.ss.ListAreaChecks(ctx, b, safety.AreaCheckFilter{}, ""))
		}),
		"safety.ReportIncident": byCode(func(code string) (any, error) { // B's incident naming A's equipment
			return found(w.ss.ReportIncident(ctx, b, safety.IncidentInput{OccurredAt: now, Area: safety.AreaWorkshopFloor, Location: "B",
				Description: "d", Equipment: []string{code}, Class: safety.ClassNearMiss}))
		}),
		"safety.InvestigateIncident": nf(func() (any, error) {
			return none(w.ss.InvestigateIncident(ctx, b, w.incident.ID(), safety.InvestigationInput{RootCause: "r", Findings: "f",
				Class: safety.ClassNearMiss}))
		}),
		"safety.AddIncidentAction": nf(func() (any, error) {
			return found(w.ss.AddIncidentAction(ctx, b, w.incident.ID(), safety.ActionInput{Kind: safety.ActionCorrective,
				Description: "d", Owner: w.bMember, Due: now.Add(time.Hour)}))
		}),
		"safety.CompleteIncidentAction": nf(func() (any, error) {
			return none(w.ss.CompleteIncidentAction(ctx, b, w.incident.ID(), w.action, "n"))
		}),
		"safety.CheckIncidentAction": nf(func() (any, error) {
			return none(w.ss.CheckIncidentAction(ctx, b, w.incident.ID(), w.action, safety.VerifyInput{Closed: true, Note: "n"}))
		}),
		"safety.CloseIncident": nf(func() (any, error) { return none(w.ss.CloseIncident(ctx, b, w.incident.ID())) }),
		"safety.Incident":      nf(func() (any, error) { return found(w.ss.Incident(ctx, b, w.incident.ID())) }),
		"safety.ListIncidents": shows(func() (any, error) {
			return found(w.ss.ListIncidents(ctx, b, safety.IncidentFilter{Equipment: w.equipment.ID()}, ""))
		}),
		"safety.HoldDrill": shows(func() (any, error) {
			return found(w.ss.HoldDrill(ctx, b, safety.DrillInput{Kind: safety.DrillKinds()[0], Scenario: "s", HeldAt: now,
				Leader: w.bMember, Participants: []dealerkit.StaffID{w.bMember}}))
		}),
		"safety.CloseDrillFinding": nf(func() (any, error) { return none(w.ss.CloseDrillFinding(ctx, b, w.drill.ID(), drillFinding, "n")) }),
		"safety.ListDrills": shows(func() (any, error) {
			return found(w.ss.ListDrills(ctx, b, safety.DrillFilter{}, ""))
		}),
		"safety.DrillCompliance": shows(func() (any, error) { return found(w.ss.DrillCompliance(ctx, b, now)) }),
		"safety.Participation": shows(func() (any, error) {
			return found(w.ss.Participation(ctx, b, w.member, now.AddDate(-1, 0, 0), now.Add(time.Hour)))
		}),
		"safety.Summary": shows(func() (any, error) { return found(w.ss.Summary(ctx, b, now.AddDate(-1, 0, 0), now.Add(time.Hour))) }),
	}
}
