package dealerkit

import (
	"testing"

	"github.com/google/uuid"
)

// §2: an actor not built by a constructor (no dealer, or staff without an id) is not identified
// and is refused every action, even one its roles would allow; so is a customer without a dealer.
func TestPermissions_Clause2_InvalidActorsRefusedEverything(t *testing.T) {
	dealer := DealerID(uuid.MustParse("d0000000-0000-0000-0000-000000000001"))
	staff := StaffID(uuid.MustParse("50000000-0000-0000-0000-000000000001"))
	all := NewRoleSet(Roles()...)
	p := DefaultPermissions()
	for name, a := range map[string]Actor{
		"zero":                    {},
		"staff without dealer":    {staff: staff, roles: all},
		"staff without id":        {dealer: dealer, roles: all},
		"customer without dealer": {customer: CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001"))},
	} {
		if a.Valid() {
			t.Errorf("%s: Valid() = true", name)
		}
		if got := a.String(); got != "unidentified actor" {
			t.Errorf("%s: String() = %q", name, got)
		}
		for act := range p.grants {
			if p.Allows(a, act) {
				t.Errorf("%s allowed %s", name, act)
			}
		}
	}
}
