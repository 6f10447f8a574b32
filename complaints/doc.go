// Package complaints is a dealership's complaint handling (§5 of the regulation): a complaint is
// never lost, never forgotten past its deadline, and closed only when the customer confirms it is
// solved.
//
// # The Service
//
// The Service is the one door a host uses. Each call checks the actor against the §3 permission
// table, reads the versioned Policy in force, stamps time and ids from injected sources and stores
// the change with its events through a Repository (adapters/memory, adapters/sqlstore) in one
// transaction; a refused call changes nothing and returns an error of one dealerkit class with a
// stable code (dealerkit.CodeOf):
//
//	svc, err := complaints.NewService(store.Complaints(), store.CorrectiveActions(), store.RepairOrders(), nil)
//	v, err := svc.Record(ctx, advisor, complaints.IntakeInput{Channel: complaints.ChannelPhone,
//		Category: complaints.CategoryRepairQuality, Description: "the brakes squeal again", RepairOrder: order})
//	err = svc.Acknowledge(ctx, advisor, v.ID, "apologised; booked a check for tomorrow")
//	err = svc.Report(ctx, advisor, v.ID, complaints.ReportInput{Manager: managerID})
//	err = svc.Investigate(ctx, manager, v.ID, "pads fitted without shims")
//	err = svc.ProposeSolution(ctx, manager, v.ID, complaints.SolutionInput{RootCause: "process_not_followed", Solution: "refit free of charge"})
//	…
//	err = svc.Close(ctx, advisor, v.ID, "")
//
// Reading: Get returns the record (it holds the complainant's contact details, so staff need
// dealerkit.ActionViewComplainant too); View returns what any viewer may see (§5
// confidentiality); List pages by dealerkit.Cursor with the filters a front desk searches by
// (customer, repair order, vehicle, state, category, severity, receipt dates).
//
// Customers: a complainant may carry the host's dealerkit.CustomerID (Complainant.Customer; none
// for an anonymous or unidentified caller). A customer actor reaches only complaints carrying
// their id: any other complaint, of any customer, is dealerkit.ErrNotFound for every call, before
// the permission table is asked, so nothing tells them it exists.
//
// The exported methods of Complaint and CorrectiveAction (Acknowledge, Report, … Escalate) are the
// domain rules the Service applies inside Repository.Update. They check neither the permission
// table nor a customer's reach and they store nothing: they are for adapters and contract suites
// (adapters/storetest) that build records in every state. A host changes complaints through the
// Service only.
//
// Labels (Chinese and English) of every value, error code and event type are in Labels; event
// types are the Event… constants, each naming its payload type.
//
// # The flow
//
// A Complaint moves through an explicit state machine (transitions.go): received, acknowledged
// (§5.2, the advisor talked to the customer), reported to the manager, investigating (§5.3),
// solution proposed (the manager owns it, §3.1(4)), accepted (or rejected, back to
// investigating), resolved, verified (§5.4, a verification contact) and closed. A failed
// verification, or a new contact on the same matter within the policy's window, reopens it. Each
// step records who and when and an event; a refused step returns a typed error and changes
// nothing.
//
// Deadlines per severity for acknowledgement, report, solution and closure are counted in
// business time on the dealer's Calendar: weekly opening hours, public holidays and make-up
// working days (调休), in the dealer's IANA time zone, daylight saving included. Waiting for the
// customer stops the clock. A missed deadline escalates the complaint one level (after-sales
// manager, general manager, brand) and stays recorded as missed; a repeat complaint from the same
// customer or vehicle starts one level up. Complaint.NextDeadline is what stores index, so that
// Service.Escalate reads only what fell due.
//
// Background jobs the host runs, per dealer:
//
//	report, err := svc.Escalate(ctx, dealer, clock.Now())     // every few minutes, on the host's clock
//	intake, err := svc.IntakeFeed(ctx, store, dealer, cursor) // low surveys and objections open complaints
//	cursor = intake.Last
//
// The complainant's contact details are shown (View) only to actors allowed
// dealerkit.ActionViewComplainant; a technician named in a complaint
// (at intake, or later by the manager with NameStaff) can neither verify nor close it. Corrective
// actions (§5.5) have an owner, a due date that escalates like a deadline and an effectiveness
// check; Analyze gives the periodic §5.5 summary.
package complaints
