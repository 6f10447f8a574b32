package dealerkit

import (
	"fmt"
	"sort"
	"strings"
)

// Role is a post in the after-sales department (§3). The set is closed: ParseRole refuses any
// other name.
type Role uint8

// The roles of §3. The zero value is not a role.
const (
	RoleManager          Role = iota + 1 // §3.1 售后经理
	RoleServiceAdvisor                   // §3.2 服务顾问
	RoleTechnician                       // §3.3 维修技师
	RolePartsClerk                       // §3.4 配件管理员
	RoleQualityInspector                 // §4.4.1 质检员
)

var roleNames = [...]string{
	RoleManager:          "manager",
	RoleServiceAdvisor:   "service_advisor",
	RoleTechnician:       "technician",
	RolePartsClerk:       "parts_clerk",
	RoleQualityInspector: "quality_inspector",
}

// Roles lists every role in declaration order.
func Roles() []Role {
	return []Role{RoleManager, RoleServiceAdvisor, RoleTechnician, RolePartsClerk, RoleQualityInspector}
}

// Valid reports whether r is one of the declared roles.
func (r Role) Valid() bool { return r >= RoleManager && r <= RoleQualityInspector }

func (r Role) String() string {
	if !r.Valid() {
		return fmt.Sprintf("Role(%d)", uint8(r))
	}
	return roleNames[r]
}

// ParseRole parses the name String returns.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles() {
		if roleNames[r] == s {
			return r, nil
		}
	}
	return 0, &ValidationError{Fields: []FieldError{{Field: "role", Value: s, Reason: "unknown role"}}}
}

// MarshalText implements encoding.TextMarshaler; an unset role is "".
func (r Role) MarshalText() ([]byte, error) {
	if r == 0 {
		return []byte{}, nil
	}
	if !r.Valid() {
		return nil, fmt.Errorf("dealerkit: cannot marshal %v", r)
	}
	return []byte(r.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *Role) UnmarshalText(b []byte) error {
	if len(b) == 0 { // an unset role, as MarshalText writes it
		*r = 0
		return nil
	}
	v, err := ParseRole(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// RoleSet is a set of roles, as a bit set so it compares with == and copies by value.
type RoleSet uint16

// NewRoleSet returns the set of the given roles.
func NewRoleSet(roles ...Role) RoleSet {
	var s RoleSet
	for _, r := range roles {
		s |= 1 << r
	}
	return s
}

// Has reports whether r is in the set.
func (s RoleSet) Has(r Role) bool { return r.Valid() && s&(1<<r) != 0 }

// Intersects reports whether the two sets share a role.
func (s RoleSet) Intersects(o RoleSet) bool { return s&o != 0 }

// Slice returns the roles in declaration order.
func (s RoleSet) Slice() []Role {
	var out []Role
	for _, r := range Roles() {
		if s.Has(r) {
			out = append(out, r)
		}
	}
	return out
}

func (s RoleSet) String() string {
	names := make([]string, 0, 5)
	for _, r := range s.Slice() {
		names = append(names, r.String())
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}
