// Package aftersales is the repair order of a dealership's after-sales department, from the
// customer's arrival to the follow-up call (§4 of the regulation).
//
// A RepairOrder moves through an explicit state machine (transitions.go): received, approved,
// in progress, work done, cleaned, ready, settled, accepted, delivered and closed, or cancelled.
// Each step is a method that checks the state, the rule it implements (cited by clause, such as
// §4.3.2 for extra work that needs the customer's consent) and its input; a refused step returns a
// typed error and changes nothing. Every change records a dealerkit.Event.
//
// The Service is what a host calls. It checks the actor against the §3 permission table, stamps
// time and ids from injected sources, and stores each change with its event through a Repository
// (adapters/memory, adapters/sqlstore):
//
//	svc, err := aftersales.NewService(store.RepairOrders(), training, safety, nil)
//	order, err := svc.Open(ctx, advisor, aftersales.ReceptionInput{VIN: "LSVAU218XN2183294", …})
//	line, err := svc.AddLine(ctx, advisor, order.ID(), aftersales.LineInput{Kind: aftersales.LineLabour, …})
//	err = svc.Decide(ctx, customer, order.ID(), aftersales.DecisionInput{Lines: []uuid.UUID{line}, Approved: true, Channel: aftersales.ChannelMessage})
//	err = svc.Dispatch(ctx, advisor, order.ID(), aftersales.DispatchInput{Line: line, Technician: tech, PromisedAt: t})
//	…
//	statement, err := svc.Settle(ctx, advisor, order.ID())
//
// Dispatch asks two interfaces declared here, Qualifications (met by training: certificates and
// safety training) and EquipmentStatus (met by safety: inspected equipment in service), so this
// package depends on neither.
//
// Part lines carry the part's origin (original, non-original, repaired, used), shown with the
// estimate, so the customer's approval is consent to it (§4.2.1). The parts package issues stock
// to approved part lines and takes unused parts back (§3.4.3) through RecordPartsIssue and
// RecordPartsReturn, in the same transaction as its stock movements; Line.Issued and
// Line.IssuedCost record what the store issued and what it cost.
//
// Money is exact: shopspring/decimal throughout, rounded only at the named points of the
// statement (each line, each payer's tax) under the dealer's versioned Policy (tax inclusive at
// 13% and half-up to the cent by default). ComputeKPIs measures the §4 process over any set of
// orders.
package aftersales
