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
// Errors are matched with errors.Is against ErrNotFound, ErrConflict, ErrForbidden and
// ErrInvalid; a *ValidationError lists every bad field of a request at once.
package dealerkit
