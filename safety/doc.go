// Package safety keeps the dealership's safety records (§8): the equipment register with its
// inspection plans, inspections and out-of-service rule (§8.2), area checks with findings and
// corrective actions (§8.1), incidents and near misses with their investigation and corrective
// and preventive actions (§8.3), and emergency drills (§8.4).
//
// The Service is the door: every change goes through it, checks the actor against the §3 table
// (dealerkit.ActionManageEquipment, ActionInspectEquipment, ActionCheckArea, ActionReportIncident,
// ActionHoldDrill …), stamps time and ids from the injected clock and id source, and is stored
// with its event in one transaction. A refused call changes nothing and returns an error of one
// kernel class with a stable code (ErrOutOfService, ErrRepairRequired, …).
//
//	svc, err := safety.NewService(store.Safety(), store, &safety.Options{Now: clock})
//	lift, err := svc.RegisterEquipment(ctx, manager, safety.EquipmentInput{
//		Code: "LIFT-03", Type: safety.TypeTwoPostLift, Location: "bay 3", Commissioned: bought})
//	_, err = svc.RecordInspection(ctx, technician, safety.InspectionInput{
//		Equipment: "LIFT-03", Kind: safety.InspectionPeriodic, PerformedAt: now, Inspector: techID,
//		Items: []safety.ItemResult{{Item: "arm_locks_engage", Pass: true}, …}})
//
// # Equipment and dispatch (§8.2)
//
// Each equipment type has a plan in the versioned Policy (DefaultPolicy documents the defaults):
// a pre-use checklist, a periodic check (monthly for lifts and fire extinguishers …), and for
// pressure vessels a statutory inspection (the first within three years of commissioning, then by
// the safety grade). Equipment is unusable from the very instant an inspection falls due (a
// nanosecond before it is usable), from a failed inspection until a repair is recorded and an
// inspection of the failed plan or a stricter one passes, once retired, and when it is not in the
// register at all (fail safe).
//
// Service meets aftersales.EquipmentStatus: CheckUsable returns nil or an *OutOfServiceError
// (reason, since when, which plan, which items failed) that matches both ErrOutOfService and
// aftersales.ErrEquipmentOutOfUse; aftersales.Service.Dispatch returns it unchanged and changes
// nothing. A labour line names what it needs in aftersales.Line.Equipment: the code of one piece of
// equipment ("LIFT-03"), or TypePrefix and a type ("type:two_post_lift") when any usable piece of
// that type will do. The host wires dispatch with one call:
//
//	orders, err := aftersales.NewService(store.RepairOrders(), trainingService, safetyService, opts)
//
// # Safety training and drills (§8.4)
//
// Safety training certificates and their validity belong to the training package, which answers
// aftersales.Qualifications and so gates shop-floor dispatch; this package keeps no training
// record. It records drills (HoldDrill: kind, scenario, leader, participants, findings with
// follow-up actions), says whether the policy's drills were held often enough
// (DrillCompliance: by default a comprehensive or special drill once a year and an on-site drill
// every half year), and answers who took part (Participation), which a host may read beside
// training's certificates.
//
// # Storage
//
// Repository is implemented by adapters/memory and adapters/sqlstore and proven by
// adapters/storetest.RunSafety. Aggregates have unexported fields; a repository rebuilds them from
// their snapshots with RestoreEquipment, RestoreInspection, RestoreAreaCheck, RestoreIncident and
// RestoreDrill, and their JSON is their snapshot's.
package safety
