// Package aftersales is the repair order of a dealership's after-sales department, from the
// customer's arrival to the follow-up call (§4 of the regulation).
//
// # The Service is the door
//
// A host changes repair orders only through the Service. Each call checks the actor against the
// §3 permission table in force, stamps time and ids from injected sources, and stores the change
// with its event in one transaction through a Repository (adapters/memory, adapters/sqlstore); a
// refused call changes nothing:
//
//	svc, err := aftersales.NewService(store.RepairOrders(), training, safety, nil)
//	order, err := svc.Open(ctx, advisor, aftersales.ReceptionInput{VIN: "LSVAU218XN2183294",
//		Customer: aftersales.Customer{ID: customerID, Name: "Li Wei"}, …})
//	line, err := svc.AddLine(ctx, advisor, order.ID(), aftersales.LineInput{Kind: aftersales.LineLabour, …})
//	err = svc.Decide(ctx, customer, order.ID(), aftersales.DecisionInput{Lines: []uuid.UUID{line}, Approved: true, Channel: aftersales.ChannelMessage})
//	err = svc.Dispatch(ctx, advisor, order.ID(), aftersales.DispatchInput{Line: line, Technician: tech, PromisedAt: t})
//	…
//	statement, err := svc.Settle(ctx, advisor, order.ID())
//
// The RepairOrder's own methods (Decide, Dispatch, Settle …) are the domain rules the Service
// applies inside a Repository update, and what the storage adapters and the contract suites in
// adapters/storetest drive directly. Called by a host they would skip the permission check, the
// customer's reach and the stock, so a host calls the Service.
//
// # One call per change that touches stock
//
// Approving or declining a part line, withdrawing consent to it and cancelling an order that has
// an approved part line change the order and the parts store together (§3.4.3: approving an
// estimate reserves stock). Each is one call of the parts package, in one transaction:
// parts.Service.Approve (the decision, with the stock reserved or released) and
// parts.Service.CancelOrder (the cancellation, with everything held released); the parts
// package's Issue, Pick and Return move stock and the order's line together. This package cannot
// import parts (parts imports it), so its partial calls refuse instead of leaving stock behind:
// Service.Decide refuses a decision naming a part line with ErrDecidePartLines, and
// Service.Cancel an order with an approved part line with ErrCancelPartLines; both are class
// dealerkit.ErrRefused and name the right call. Labour-only decisions and cancellations stay here.
//
// # Customers
//
// Customer.ID is the customer as the host's DMS knows them. A customer actor
// (dealerkit.NewCustomerActor) sees, lists, approves and answers for only the orders whose
// customer id is theirs; every other order of the dealer is dealerkit.ErrNotFound, exactly as
// another dealer's is, so nothing leaks. An order opened without a customer id (a walk-in the DMS
// has not registered) is reachable by staff only.
//
// # Reading
//
// Get returns the record itself (*RepairOrder): in every package of dealerkit, Service.Get(ctx,
// actor, id) returns the stored record, never a view. List returns one page of orders matching a
// Query (number, plate, VIN, customer, state, opening dates), in opening order, at most
// dealerkit.PageSize(limit), with an opaque cursor for the next page.
//
// # The order
//
// A RepairOrder moves through an explicit state machine (transitions.go): received, approved,
// in progress, work done, cleaned, ready, settled, accepted, delivered and closed, or cancelled.
// Each step checks the state, the rule it implements (cited by clause, such as §4.3.2 for extra
// work that needs the customer's consent) and its input. Every change records a dealerkit.Event
// of one of the EventTypes, whose Data is the payload type named beside the constant.
//
// Dispatch asks two interfaces declared here, Qualifications (met by training: certificates and
// safety training) and EquipmentStatus (met by safety: inspected equipment in service), so this
// package depends on neither.
//
// Part lines carry the part's origin (original, non-original, repaired, used), shown with the
// estimate, so the customer's approval is consent to it (§4.2.1). Line.Issued and Line.IssuedCost
// record what the parts store issued and what it cost.
//
// # Errors, labels and JSON
//
// Every error a Service returns matches exactly one kernel class (errors.Is with
// dealerkit.ErrInvalid, ErrNotFound, ErrForbidden, ErrConflict, ErrRefused) and carries a stable
// code (dealerkit.CodeOf: aftersales.wrong_state …); typed errors (*StateError, *LineError …)
// unwrap to the package's sentinels. Field errors carry a reason code (the kernel's, or
// ReasonBadVIN and the others of Reasons). Labels gives every state, line kind, pay type,
// channel, error code, reason and event type in English and Chinese for a dealerkit.Catalogue.
// Every exported type has a stable snake_case JSON form, the stored snapshot's where both exist:
// json.Marshal of a *RepairOrder is its Snapshot; durations are strings such as "1m30s".
//
// Money is exact: shopspring/decimal throughout, rounded only at the named points of the
// statement (each line, each payer's tax) under the dealer's versioned Policy (tax inclusive at
// 13% and half-up to the cent by default). ComputeKPIs measures the §4 process over any set of
// orders.
package aftersales
