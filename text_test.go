package dealerkit_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

func TestCheckText_FindsControlCharactersAnywhereInAnInput(t *testing.T) {
	type inner struct{ Note string }
	type input struct {
		Remarks string
		Tags    []string
		Scores  map[string]int
		Inner   *inner
		ID      uuid.UUID // bytes, not text
		secret  string
	}
	var v dealerkit.ValidationError
	v.CheckText("in", input{
		Remarks: "ok\ttab\nnewline\rreturn", Tags: []string{"fine", "bell\a"},
		Scores: map[string]int{"nul\x00key": 1}, Inner: &inner{Note: "esc\x1b"},
		ID: uuid.UUID{0: 0x00, 1: 0x07}, secret: "\x00",
	})
	for _, f := range []string{"in.tags[1]", "in.scores", "in.inner.note"} {
		if !v.Has(f) {
			t.Errorf("want %s in %v", f, v.Fields)
		}
	}
	if v.Has("in.remarks") || v.Has("in.id") || len(v.Fields) != 3 {
		t.Errorf("tabs and line breaks are text, ids are not text, unexported fields are not input: %v", v.Fields)
	}
}

// Shares of 10.00 over 3 units, taken one at a time: 3.33, then 3.34 of the 6.67 left over 2,
// then the last unit takes the 3.33 that remain; nothing is left when nothing is left.
func TestShare_LastUnitTakesTheRemainder(t *testing.T) {
	r := dealerkit.DefaultRounding()
	total, units := decimal.RequireFromString("10.00"), decimal.NewFromInt(3)
	one := decimal.NewFromInt(1)
	var got []string
	for units.IsPositive() {
		s := dealerkit.Share(total, one, units, r)
		got = append(got, s.StringFixed(2))
		total, units = total.Sub(s), units.Sub(one)
	}
	if strings.Join(got, " ") != "3.33 3.34 3.33" || !total.IsZero() {
		t.Fatalf("shares %v, left %s", got, total)
	}
	if s := dealerkit.Share(decimal.RequireFromString("7.00"), decimal.NewFromInt(5), decimal.NewFromInt(2), r); !s.Equal(decimal.RequireFromString("7")) {
		t.Fatalf("more than all is the whole: %s", s)
	}
	if s := dealerkit.Share(decimal.RequireFromString("7.00"), decimal.Zero, decimal.NewFromInt(2), r); !s.IsZero() {
		t.Fatalf("zero quantity is zero value: %s", s)
	}
}

// §3, §9: a service checks the table in force for the actor's dealer at the time: the dealer's
// own version from its effective date, the regulation's default before it and without a table.
func TestAuthorize_Clause3_TableInForceForTheDealer(t *testing.T) {
	dealer := dealerkit.DealerID(uuid.UUID{15: 1})
	tech, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.UUID{15: 2}), dealerkit.RoleTechnician)
	if err != nil {
		t.Fatal(err)
	}
	may := dealerkit.DefaultPermissions().With(dealerkit.ActionApproveWork, dealerkit.Grant{Roles: dealerkit.NewRoleSet(dealerkit.RoleTechnician)})
	from := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	vs, err := dealerkit.NewVersions(dealerkit.Version[*dealerkit.Permissions]{Name: "may", Effective: from, Rules: may})
	if err != nil {
		t.Fatal(err)
	}
	table := &dealerkit.Table[*dealerkit.Permissions]{Dealers: map[dealerkit.DealerID]dealerkit.Versions[*dealerkit.Permissions]{dealer: vs}}
	if err := dealerkit.Authorize(nil, tech, dealerkit.ActionApproveWork, from); !errors.Is(err, dealerkit.ErrForbidden) {
		t.Errorf("no table: the default refuses a technician approving work, got %v", err)
	}
	if err := dealerkit.Authorize(table, tech, dealerkit.ActionApproveWork, from.Add(-time.Second)); !errors.Is(err, dealerkit.ErrForbidden) {
		t.Errorf("before the dealer's version: the default applies, got %v", err)
	}
	if err := dealerkit.Authorize(table, tech, dealerkit.ActionApproveWork, from); err != nil {
		t.Errorf("from the dealer's version: allowed, got %v", err)
	}
}

// Every command runs CheckText on its input, so a valid input must cost no allocation: the
// field paths are built only for a text that breaks the rule.
func TestCheckText_ValidInputAllocatesNothing(t *testing.T) {
	type line struct {
		Description string
		Equipment   []string
	}
	type input struct {
		Plate    string
		Concerns []string
		Lines    []line
		Scores   map[string]int
	}
	in := &input{Plate: "沪A·12345", Concerns: []string{"brakes squeal", "车门异响\n左后"},
		Lines: []line{{Description: "replace pads", Equipment: []string{"LIFT-01"}}}}
	var v dealerkit.ValidationError
	allocs := testing.AllocsPerRun(100, func() { v.CheckText("in", in) })
	if len(v.Fields) != 0 {
		t.Fatal(v.Err())
	}
	if allocs != 0 {
		t.Errorf("CheckText of a valid input allocates %v times, want 0", allocs)
	}
}
