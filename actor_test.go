package dealerkit_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit"
)

func TestNewStaffActor(t *testing.T) {
	a, err := dealerkit.NewStaffActor(testDealer, testStaff, dealerkit.RoleTechnician, dealerkit.RoleQualityInspector)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Valid() || a.IsCustomer() {
		t.Errorf("Valid %v, IsCustomer %v", a.Valid(), a.IsCustomer())
	}
	if a.Dealer() != testDealer || a.Staff() != testStaff {
		t.Errorf("Dealer %v Staff %v", a.Dealer(), a.Staff())
	}
	if want := dealerkit.NewRoleSet(dealerkit.RoleTechnician, dealerkit.RoleQualityInspector); a.Roles() != want {
		t.Errorf("Roles() = %v, want %v", a.Roles(), want)
	}
	for _, r := range dealerkit.Roles() {
		want := r == dealerkit.RoleTechnician || r == dealerkit.RoleQualityInspector
		if a.HasRole(r) != want {
			t.Errorf("HasRole(%s) = %v", r, !want)
		}
	}
	if got, want := a.String(), "staff "+testStaff.String()+" (quality_inspector,technician)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// A *ValidationError lists every bad field, not only the first.
func TestNewStaffActor_ListsAllBadFields(t *testing.T) {
	_, err := dealerkit.NewStaffActor(dealerkit.DealerID{}, dealerkit.StaffID{})
	if got, want := validationFields(t, err), []string{"dealer", "staff", "roles"}; !slices.Equal(got, want) {
		t.Errorf("fields = %v, want %v", got, want)
	}

	// Each bad role is listed with its value, beside the missing ids.
	_, err = dealerkit.NewStaffActor(dealerkit.DealerID{}, testStaff, dealerkit.RoleTechnician, 0, 42)
	if got, want := validationFields(t, err), []string{"dealer", "roles", "roles"}; !slices.Equal(got, want) {
		t.Errorf("fields = %v, want %v", got, want)
	}
	var ve *dealerkit.ValidationError
	errors.As(err, &ve)
	if ve.Fields[1].Value != "Role(0)" || ve.Fields[2].Value != "Role(42)" {
		t.Errorf("bad roles reported as %q, %q", ve.Fields[1].Value, ve.Fields[2].Value)
	}

	for name, tc := range map[string]struct {
		dealer dealerkit.DealerID
		staff  dealerkit.StaffID
		roles  []dealerkit.Role
		field  string
	}{
		"no dealer": {dealerkit.DealerID{}, testStaff, []dealerkit.Role{dealerkit.RoleManager}, "dealer"},
		"no staff":  {testDealer, dealerkit.StaffID{}, []dealerkit.Role{dealerkit.RoleManager}, "staff"},
		"no roles":  {testDealer, testStaff, nil, "roles"},
		"bad role":  {testDealer, testStaff, []dealerkit.Role{dealerkit.RoleQualityInspector + 1}, "roles"},
	} {
		a, err := dealerkit.NewStaffActor(tc.dealer, tc.staff, tc.roles...)
		if got := validationFields(t, err); !slices.Equal(got, []string{tc.field}) {
			t.Errorf("%s: fields = %v, want [%s]", name, got, tc.field)
		}
		if a != (dealerkit.Actor{}) {
			t.Errorf("%s: returned a non-zero actor with its error", name)
		}
	}
}

func TestNewCustomerActor(t *testing.T) {
	c, err := dealerkit.NewCustomerActor(testDealer, testCustomer)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Valid() || !c.IsCustomer() || c.Dealer() != testDealer {
		t.Errorf("customer: Valid %v IsCustomer %v Dealer %v", c.Valid(), c.IsCustomer(), c.Dealer())
	}
	if !c.Staff().IsZero() || c.Roles() != 0 {
		t.Errorf("customer has staff %v roles %v", c.Staff(), c.Roles())
	}
	for _, r := range dealerkit.Roles() {
		if c.HasRole(r) {
			t.Errorf("customer HasRole(%s)", r)
		}
	}
	if c.Customer() != testCustomer || !c.MayReach(testCustomer) || c.MayReach(otherTestCustomer) || c.MayReach(dealerkit.CustomerID{}) {
		t.Errorf("§2: customer %v reaches own %v, other %v, none %v", c.Customer(), c.MayReach(testCustomer), c.MayReach(otherTestCustomer), c.MayReach(dealerkit.CustomerID{}))
	}
	if c.String() != "customer "+testCustomer.String() {
		t.Errorf("String() = %q", c.String())
	}

	c, err = dealerkit.NewCustomerActor(dealerkit.DealerID{}, dealerkit.CustomerID{})
	if got := validationFields(t, err); !slices.Equal(got, []string{"dealer", "customer"}) {
		t.Errorf("fields = %v, want [dealer customer]", got)
	}
	if c.Valid() {
		t.Error("refused customer actor is valid")
	}
}

// §2: an actor acts within one dealer; the same person at two dealers is two actors.
func TestActor_Clause2_ScopedToDealer(t *testing.T) {
	a, _ := dealerkit.NewStaffActor(testDealer, testStaff, dealerkit.RoleManager)
	b, _ := dealerkit.NewStaffActor(otherTestDealer, testStaff, dealerkit.RoleManager)
	if a == b || a.Dealer() == b.Dealer() {
		t.Error("actors of two dealers compare equal")
	}
}

func TestActor_ZeroValue(t *testing.T) {
	var z dealerkit.Actor
	if z.Valid() || z.IsCustomer() || z.String() != "unidentified actor" {
		t.Errorf("zero actor: Valid %v IsCustomer %v String %q", z.Valid(), z.IsCustomer(), z.String())
	}
	if r := z.Ref(); !r.Staff.IsZero() || len(r.Roles) != 0 || r.Customer {
		t.Errorf("zero actor Ref() = %+v", r)
	}
}

// Ref is what events and approvals keep: staff id and roles in declaration order, or the customer.
func TestActor_Ref(t *testing.T) {
	staff := staffActor(t, dealerkit.RoleQualityInspector, dealerkit.RoleTechnician)
	r := staff.Ref()
	if r.Staff != testStaff || r.Customer {
		t.Errorf("Ref() = %+v", r)
	}
	if want := []dealerkit.Role{dealerkit.RoleTechnician, dealerkit.RoleQualityInspector}; !slices.Equal(r.Roles, want) {
		t.Errorf("Ref().Roles = %v, want %v", r.Roles, want)
	}
	if r.StaffUUID().String() != testStaff.String() {
		t.Errorf("StaffUUID() = %v", r.StaffUUID())
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"staff":"` + testStaff.String() + `","roles":["technician","quality_inspector"]}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var back dealerkit.ActorRef
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Staff != r.Staff || !slices.Equal(back.Roles, r.Roles) || back.Customer {
		t.Errorf("round trip = %+v, want %+v", back, r)
	}

	cr := customerActor(t).Ref()
	if !cr.Customer || !cr.Staff.IsZero() || len(cr.Roles) != 0 {
		t.Errorf("customer Ref() = %+v", cr)
	}
	b, err = json.Marshal(cr)
	if err != nil {
		t.Fatal(err)
	}
	// omitzero drops the zero staff id rather than writing the nil UUID; the customer's id is
	// kept, so the audit trail says which customer consented (§4.2.1).
	if string(b) != `{"customer":true,"customer_id":"c0000000-0000-0000-0000-000000000001"}` {
		t.Errorf("customer json = %s", b)
	}
	if strings.Contains(string(b), "00000000-0000") {
		t.Error("customer ref stores a nil staff id")
	}
}

func TestIDs_TextRoundTrip(t *testing.T) {
	b, err := json.Marshal(struct {
		D dealerkit.DealerID
		S dealerkit.StaffID
	}{testDealer, testStaff})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"D":"` + testDealer.String() + `","S":"` + testStaff.String() + `"}`; string(b) != want {
		t.Fatalf("json = %s, want %s", b, want)
	}
	var back struct {
		D dealerkit.DealerID
		S dealerkit.StaffID
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.D != testDealer || back.S != testStaff {
		t.Errorf("round trip = %+v", back)
	}
	var d dealerkit.DealerID
	if err := d.UnmarshalText([]byte("not-a-uuid")); err == nil {
		t.Error("DealerID accepted a malformed id")
	}
	if !(dealerkit.DealerID{}).IsZero() || testDealer.IsZero() || !(dealerkit.StaffID{}).IsZero() || testStaff.IsZero() {
		t.Error("IsZero wrong")
	}
}
