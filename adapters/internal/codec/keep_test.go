package codec

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/shopspring/decimal"
)

type detachNode struct {
	Name string
	Next *detachNode
}

type detachSample struct {
	At      time.Time
	When    *time.Time
	Actor   dealerkit.ActorRef
	Lines   []detachLine
	Scores  map[string][]int
	Any     any
	Raw     json.RawMessage
	Empty   []string
	None    []string
	Chain   *detachNode
	Amount  decimal.Decimal
	Grid    [2][]int
	private []int // unexported: copied as it is, the exported fields beside it still detached
}

type detachLine struct {
	Tags []string
	By   *dealerkit.ActorRef
}

// TestDetach: after Detach, a copy shares no slice, map or pointer with the value it was copied
// from (changing every one of them in the original leaves the copy as it was), its times are in
// UTC, and empty and nil slices keep their difference.
func TestDetach(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	at := time.Date(2025, 4, 1, 9, 30, 0, 0, shanghai)
	when := at
	orig := detachSample{At: at, When: &when, Actor: dealerkit.ActorRef{Roles: []dealerkit.Role{dealerkit.RoleTechnician}},
		Lines:  []detachLine{{Tags: []string{"a"}, By: &dealerkit.ActorRef{Roles: []dealerkit.Role{dealerkit.RoleManager}}}},
		Scores: map[string][]int{"overall": {9}}, Any: []int{1}, Raw: json.RawMessage(`{"a":1}`), Empty: []string{},
		Chain: &detachNode{Name: "1", Next: &detachNode{Name: "2"}}, Amount: decimal.RequireFromString("12.3400"),
		Grid: [2][]int{{1}, {2}}, private: []int{1}}
	cp := orig
	Detach(&cp)
	want, err := json.Marshal(cp)
	if err != nil {
		t.Fatal(err)
	}

	*orig.When = at.Add(time.Hour)
	orig.Actor.Roles[0] = dealerkit.RoleManager
	orig.Lines[0].Tags[0] = "changed"
	orig.Lines[0].By.Roles[0] = dealerkit.RoleTechnician
	orig.Scores["overall"][0] = 0
	orig.Scores["new"] = []int{1}
	orig.Any.([]int)[0] = 7
	orig.Raw[2] = 'b'
	orig.Chain.Next.Name = "changed"
	orig.Grid[1][0] = 9
	got, _ := json.Marshal(cp)
	if string(got) != string(want) {
		t.Errorf("the copy changed with the original:\n got %s\nwant %s", got, want)
	}
	if cp.At.Location() != time.UTC || cp.When.Location() != time.UTC || !cp.At.Equal(at) || !cp.When.Equal(at) {
		t.Errorf("times not in UTC: %v, %v", cp.At, *cp.When)
	}
	if len(cp.private) != 1 {
		t.Errorf("unexported field lost: %v", cp.private)
	}
	if cp.Empty == nil || cp.None != nil {
		t.Errorf("empty %#v and nil %#v slices not kept apart", cp.Empty, cp.None)
	}
	if cp.Amount.String() != "12.34" || cp.Amount.Exponent() != -4 {
		t.Errorf("decimal %s (exponent %d), want 12.3400", cp.Amount, cp.Amount.Exponent())
	}
}
