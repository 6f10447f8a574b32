// Package dealerkit is the kernel that every dealerkit package builds on: the dealer (tenant),
// staff and their roles, the acting party, the permission table of the regulation's §3, injected
// time and IDs, the shared errors, money rounding and tax, versioned policies and the event record.
//
// It imports no other package of this module. Domain packages (aftersales, parts, complaints,
// appraisal, training, safety) import it; adapters implement the repositories those packages
// declare.
//
// A typical host builds one Actor per request and passes it to a domain service:
//
//	dealer := dealerkit.DealerID(uuid.MustParse("…"))
//	advisor, err := dealerkit.NewStaffActor(dealer, staffID, dealerkit.RoleServiceAdvisor)
//	if err != nil { … }
//	order, err := service.Open(ctx, advisor, aftersales.ReceptionInput{…})
//
// # Trust: what the host does, what the library guarantees
//
// The host authenticates people (its login, SSO or API keys) and looks up their roles and their
// dealer in its own staff records; dealerkit has no passwords, sessions or user store. The host
// then builds the Actor (NewStaffActor with the roles it looked up, or NewCustomerActor for a
// customer it identified) and the library trusts it: it cannot tell a forged actor from a real
// one, so an Actor must never be built from what a client claims about itself.
//
// Once it has the actor, the library guarantees, on every store:
//   - §3: each call is allowed only if the permission table in force for the actor's dealer at
//     that time grants the action to one of the actor's roles; a refusal (ErrForbidden) changes
//     nothing.
//   - §2: each call reads and writes only the actor's dealer's records. Every id in an input,
//     wherever it is nested, must be the dealer's own; another dealer's record is ErrNotFound,
//     exactly like one that does not exist, and nothing is written (adapters/storetest.RunTenants).
//   - A customer actor reaches only records that carry its own customer id; any other is
//     ErrNotFound.
//   - Every text and number of an input keeps one rule (text.go, bounds.go) before anything is
//     read or stored, so the outcome never depends on the store.
//   - Every change is stamped with the actor, the injected time and a new id, and recorded as an
//     event in the same transaction.
//
// Every error a service returns matches exactly one class with errors.Is (ErrInvalid,
// ErrNotFound, ErrForbidden, ErrConflict, ErrRefused; ClassOf) and carries a stable code (CodeOf)
// that a Catalogue labels in Chinese and English; a *ValidationError lists every bad field of a
// request at once, each with a reason code.
package dealerkit
