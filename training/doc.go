// Package training is a dealership's training and development (§7 of the regulation) and the
// qualification gate of dispatch (§3.3, §4.2.2, §8.4): a course catalogue, plans per period and
// role, sessions with attendance and assessment, certificates that expire, and the career ladder.
//
// The Service is what a host calls. It checks the actor against the §3 permission table, reads the
// versioned Policy in force, stamps time and ids from injected sources and stores each change with
// its event through a Repository (adapters/memory, adapters/sqlstore) in one transaction:
//
//	svc, err := training.NewService(store.Training(), store, &training.Options{Now: clock.Now})
//	tech, err := svc.RegisterMember(ctx, manager, training.MemberInput{Staff: techID, Name: "Wang Qiang",
//		Roles: []dealerkit.Role{dealerkit.RoleTechnician}, HiredAt: hired, Track: training.TrackTechnician})
//	hv, err := svc.CreateCourse(ctx, manager, training.CourseInput{Code: "EV-HV-2", Title: "High-voltage systems",
//		Subject: training.SubjectRepairTechnique, Delivery: training.DeliveryExternal, Provider: "OEM academy",
//		Cost: decimal.RequireFromString("2400.00"), Hours: decimal.NewFromInt(16), Certificate: training.CertEVHighVoltage})
//	plan, err := svc.CreatePlan(ctx, manager, training.PlanInput{Name: "2026 technicians", Role: dealerkit.RoleTechnician,
//		From: jan1, To: jan1.AddDate(1, 0, 0), Items: []training.PlanItem{{Course: hv.ID()}}})
//	se, err := svc.ScheduleSession(ctx, manager, training.SessionInput{Course: hv.ID(), StartsAt: start, EndsAt: end,
//		TrainerProvider: "OEM academy", PassMark: &seventy, Attendees: []dealerkit.StaffID{techID}})
//	se, err = svc.CompleteSession(ctx, manager, se.ID(), []training.ResultInput{{Staff: techID, Attended: true,
//		Hours: decimal.NewFromInt(16), Score: &score}}) // a pass issues the course's certificate
//	progress, err := svc.Progress(ctx, manager, plan.ID(), clock.Now())   // §7.1 done, planned, overdue, missing
//	expiring, err := svc.Expiring(ctx, manager, clock.Now())              // 90 and 30 days ahead
//	ladder, err := svc.Ladder(ctx, manager, clock.Now())                  // §7.4 who is eligible, what others lack
//
// Certificates are internal, the manufacturer's (OEM) or statutory. Each type's validity comes
// from the policy in force when it is issued: the special-operations certificate (特种作业操作证)
// is valid 6 years and reviewed every 3, and a lapsed review suspends it. Certificate.Status says
// what one is worth at an instant: it is expired from its expiry instant on, not a nanosecond
// before. An expired, suspended or revoked certificate stays on record and grants nothing.
//
// Dispatch. The Service meets aftersales.Qualifications: Qualify asks whether a technician holds,
// valid at the job's time, every certificate the policy asks for the job's skill, together with
// the valid safety training every shop-floor job needs (§8.4; an empty skill asks for that alone).
// A refusal is a *QualificationError naming the missing, expired or suspended certificates; it
// matches ErrNotQualified and aftersales.ErrNotQualified, and aftersales passes it back unchanged.
// Training owns safety training (a course of subject safety issuing the safety.workshop
// certificate); the safety package owns drills. The host wires dispatch with both:
//
//	orders, err := aftersales.NewService(store.RepairOrders(), trainingService, safetyService, opts)
//
// Career ladder. Rungs need tenure, certificates and appraisal grades. Grades come through the
// small Grades interface, which the appraisal package meets; with none, a rung that needs grades
// is reported as unknown, never as met, and nobody is promoted to it. A promotion is a manager's
// recorded decision (Promote), refused unless every requirement is met.
package training
