package dealerkit_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/dealerkit/dealerkit"
)

// §3: the closed set of posts, with their stable names.
func TestRoles_Clause3_NamesAndOrder(t *testing.T) {
	want := []struct {
		role dealerkit.Role
		name string
	}{
		{dealerkit.RoleManager, "manager"},                    // §3.1
		{dealerkit.RoleServiceAdvisor, "service_advisor"},     // §3.2
		{dealerkit.RoleTechnician, "technician"},              // §3.3
		{dealerkit.RolePartsClerk, "parts_clerk"},             // §3.4
		{dealerkit.RoleQualityInspector, "quality_inspector"}, // §4.4.1
	}
	got := dealerkit.Roles()
	if len(got) != len(want) {
		t.Fatalf("Roles() = %v, want %d roles", got, len(want))
	}
	for i, w := range want {
		if got[i] != w.role {
			t.Errorf("Roles()[%d] = %v, want %v", i, got[i], w.role)
		}
		if s := w.role.String(); s != w.name {
			t.Errorf("%d.String() = %q, want %q", w.role, s, w.name)
		}
		if !w.role.Valid() {
			t.Errorf("%s.Valid() = false", w.name)
		}
	}
}

func TestParseRole_RoundTrip(t *testing.T) {
	for _, r := range dealerkit.Roles() {
		got, err := dealerkit.ParseRole(r.String())
		if err != nil {
			t.Errorf("ParseRole(%q): %v", r, err)
			continue
		}
		if got != r {
			t.Errorf("ParseRole(%q) = %v, want %v", r.String(), got, r)
		}
		b, err := r.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back dealerkit.Role
		if err := back.UnmarshalText(b); err != nil || back != r {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", b, back, err, r)
		}
	}
}

// The set is closed: any other name, including a differently cased or padded one, is refused.
func TestParseRole_UnknownIsInvalid(t *testing.T) {
	for _, s := range []string{"", "Manager", "MANAGER", " manager", "manager ", "advisor", "service advisor", "customer", "Role(1)", "0", "1"} {
		r, err := dealerkit.ParseRole(s)
		if !errors.Is(err, dealerkit.ErrInvalid) {
			t.Errorf("ParseRole(%q) = %v, %v; want ErrInvalid", s, r, err)
			continue
		}
		if r != 0 {
			t.Errorf("ParseRole(%q) returned role %v with its error", s, r)
		}
		var ve *dealerkit.ValidationError
		if !errors.As(err, &ve) || !ve.Has("role") {
			t.Errorf("ParseRole(%q): error %v does not name the field role", s, err)
		}
	}
	var r dealerkit.Role = dealerkit.RoleTechnician
	if err := r.UnmarshalText([]byte("boss")); !errors.Is(err, dealerkit.ErrInvalid) {
		t.Errorf("UnmarshalText(boss) = %v, want ErrInvalid", err)
	}
	if r != dealerkit.RoleTechnician {
		t.Errorf("a refused UnmarshalText changed the role to %v", r)
	}
}

func TestRole_InvalidValues(t *testing.T) {
	if dealerkit.Role(0).Valid() {
		t.Error("Role(0).Valid() = true")
	}
	for _, r := range []dealerkit.Role{dealerkit.RoleQualityInspector + 1, 255} {
		if r.Valid() {
			t.Errorf("Role(%d).Valid() = true", uint8(r))
		}
		if _, err := r.MarshalText(); err == nil {
			t.Errorf("Role(%d).MarshalText() succeeded", uint8(r))
		}
	}
	if got := dealerkit.Role(0).String(); got != "Role(0)" {
		t.Errorf("Role(0).String() = %q", got)
	}
	if got := dealerkit.Role(9).String(); got != "Role(9)" {
		t.Errorf("Role(9).String() = %q", got)
	}
}

func TestRole_JSON(t *testing.T) {
	b, err := json.Marshal([]dealerkit.Role{dealerkit.RoleTechnician, dealerkit.RolePartsClerk})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `["technician","parts_clerk"]` {
		t.Errorf("json = %s", b)
	}
	var back []dealerkit.Role
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back, []dealerkit.Role{dealerkit.RoleTechnician, dealerkit.RolePartsClerk}) {
		t.Errorf("round trip = %v", back)
	}
	if err := json.Unmarshal([]byte(`["chef"]`), &back); !errors.Is(err, dealerkit.ErrInvalid) {
		t.Errorf("unmarshal unknown role: %v, want ErrInvalid", err)
	}
	// An unset role encodes as "" (a view must never fail to encode) and reads back unset.
	if b, err := json.Marshal(dealerkit.Role(0)); err != nil || string(b) != `""` {
		t.Errorf("marshalling Role(0) = %s, %v; want \"\"", b, err)
	}
	var r dealerkit.Role = dealerkit.RoleManager
	if err := json.Unmarshal([]byte(`""`), &r); err != nil || r != 0 {
		t.Errorf("unmarshalling \"\" = %v, %v; want unset", r, err)
	}
}

func TestRoleSet_HasSliceString(t *testing.T) {
	s := dealerkit.NewRoleSet(dealerkit.RoleQualityInspector, dealerkit.RoleServiceAdvisor, dealerkit.RoleQualityInspector)
	for _, r := range dealerkit.Roles() {
		want := r == dealerkit.RoleQualityInspector || r == dealerkit.RoleServiceAdvisor
		if got := s.Has(r); got != want {
			t.Errorf("Has(%s) = %v, want %v", r, got, want)
		}
	}
	if s.Has(0) || s.Has(dealerkit.RoleQualityInspector+1) {
		t.Error("Has reports an invalid role")
	}
	// A set built from invalid roles holds no role, even where their bits are set.
	junk := dealerkit.NewRoleSet(0, dealerkit.RoleQualityInspector+1, 9)
	for _, r := range []dealerkit.Role{0, dealerkit.RoleQualityInspector + 1, 9} {
		if junk.Has(r) {
			t.Errorf("Has(%v) = true for an invalid role", r)
		}
	}
	if got := junk.Slice(); len(got) != 0 {
		t.Errorf("Slice() of invalid roles = %v", got)
	}
	// Slice is in declaration order, whatever the order given; duplicates collapse.
	if got, want := s.Slice(), []dealerkit.Role{dealerkit.RoleServiceAdvisor, dealerkit.RoleQualityInspector}; !slices.Equal(got, want) {
		t.Errorf("Slice() = %v, want %v", got, want)
	}
	// String is sorted by name, so it is stable for audits.
	if got := s.String(); got != "quality_inspector,service_advisor" {
		t.Errorf("String() = %q", got)
	}
	if got := dealerkit.NewRoleSet(dealerkit.Roles()...).String(); got != "manager,parts_clerk,quality_inspector,service_advisor,technician" {
		t.Errorf("full set String() = %q", got)
	}
	var empty dealerkit.RoleSet
	if empty.String() != "" || len(empty.Slice()) != 0 {
		t.Errorf("empty set: String %q, Slice %v", empty.String(), empty.Slice())
	}
	for _, r := range dealerkit.Roles() {
		if empty.Has(r) {
			t.Errorf("empty set has %s", r)
		}
	}
	// Order of construction does not matter: sets compare with ==.
	if dealerkit.NewRoleSet(dealerkit.RoleManager, dealerkit.RoleTechnician) != dealerkit.NewRoleSet(dealerkit.RoleTechnician, dealerkit.RoleManager) {
		t.Error("equal sets compare unequal")
	}
}

func TestRoleSet_Intersects(t *testing.T) {
	m, a, tech := dealerkit.RoleManager, dealerkit.RoleServiceAdvisor, dealerkit.RoleTechnician
	if !dealerkit.NewRoleSet(m, a).Intersects(dealerkit.NewRoleSet(a, tech)) {
		t.Error("{m,a} ∩ {a,t} is empty")
	}
	if dealerkit.NewRoleSet(m, a).Intersects(dealerkit.NewRoleSet(tech)) {
		t.Error("{m,a} ∩ {t} is not empty")
	}
	if dealerkit.NewRoleSet().Intersects(dealerkit.NewRoleSet(dealerkit.Roles()...)) {
		t.Error("the empty set intersects")
	}
}
