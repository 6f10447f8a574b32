package dealerkit

import (
	"fmt"
	"slices"

	"github.com/google/uuid"
)

// Actor is who takes an action (§2): an identified staff member with their roles, or the customer,
// always within one dealer. Build one with NewStaffActor or NewCustomerActor; the zero Actor is
// refused by every service.
type Actor struct {
	dealer   DealerID
	staff    StaffID
	roles    RoleSet
	customer CustomerID // set for a customer actor, zero for staff
}

// NewStaffActor returns a staff member of dealer holding the given roles.
func NewStaffActor(dealer DealerID, staff StaffID, roles ...Role) (Actor, error) {
	var v ValidationError
	if dealer.IsZero() {
		v.Add("dealer", "", "required")
	}
	if staff.IsZero() {
		v.Add("staff", "", "required")
	}
	if len(roles) == 0 {
		v.Add("roles", "", "at least one role is required")
	}
	for _, r := range roles {
		if !r.Valid() {
			v.Add("roles", r.String(), "unknown role")
		}
	}
	if err := v.Err(); err != nil {
		return Actor{}, err
	}
	return Actor{dealer: dealer, staff: staff, roles: NewRoleSet(roles...)}, nil
}

// NewCustomerActor returns customer acting for themselves (approving work, accepting the
// vehicle, answering a survey) at dealer. The host authenticates the customer and gives their id
// as the DMS knows it; services let a customer actor reach only records of that customer
// (§2), and report every other record as not found.
func NewCustomerActor(dealer DealerID, customer CustomerID) (Actor, error) {
	var v ValidationError
	if dealer.IsZero() {
		v.Required("dealer")
	}
	if customer.IsZero() {
		v.Required("customer")
	}
	if err := v.Err(); err != nil {
		return Actor{}, err
	}
	return Actor{dealer: dealer, customer: customer}, nil
}

// Dealer is the dealer the actor acts within.
func (a Actor) Dealer() DealerID { return a.dealer }

// Staff is the staff member's id; zero for a customer.
func (a Actor) Staff() StaffID { return a.staff }

// Roles is the staff member's role set; empty for a customer.
func (a Actor) Roles() RoleSet { return a.roles }

// IsCustomer reports whether the customer is acting.
func (a Actor) IsCustomer() bool { return !a.customer.IsZero() }

// Customer is the acting customer's id; zero for staff.
func (a Actor) Customer() CustomerID { return a.customer }

// MayReach reports whether the actor may see a record of customer: staff may (their roles decide
// what they do with it), a customer only their own. Services report a record the actor may not
// reach as not found.
func (a Actor) MayReach(customer CustomerID) bool {
	return !a.IsCustomer() || (!customer.IsZero() && customer == a.customer)
}

// HasRole reports whether the actor is staff holding r.
func (a Actor) HasRole(r Role) bool { return !a.IsCustomer() && a.roles.Has(r) }

// Valid reports whether a was built by one of the constructors.
func (a Actor) Valid() bool {
	return !a.dealer.IsZero() && (a.IsCustomer() || !a.staff.IsZero())
}

func (a Actor) String() string {
	switch {
	case !a.Valid():
		return "unidentified actor"
	case a.IsCustomer():
		return "customer " + a.customer.String()
	default:
		return fmt.Sprintf("staff %s (%s)", a.staff, a.roles)
	}
}

// Ref is the storable record of who acted, kept on events and on the records an action leaves
// (an approval, an inspection report).
func (a Actor) Ref() ActorRef {
	return ActorRef{Staff: a.staff, Roles: a.roles.Slice(), Customer: a.IsCustomer(), CustomerID: a.customer}
}

// ActorRef is the stored form of an Actor, without the dealer (the record carries it).
type ActorRef struct {
	Staff      StaffID    `json:"staff,omitzero"`
	Roles      []Role     `json:"roles,omitempty"`
	Customer   bool       `json:"customer,omitempty"`
	CustomerID CustomerID `json:"customer_id,omitzero"` // zero in records made before customers had ids
}

// StaffUUID returns the staff id as a plain UUID, for adapters.
func (r ActorRef) StaffUUID() uuid.UUID { return uuid.UUID(r.Staff) }

// Clone returns r with a roles list of its own, for records that hand out copies sharing nothing.
func (r ActorRef) Clone() ActorRef {
	r.Roles = slices.Clone(r.Roles)
	return r
}
