package dealerkit_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
)

// escalation stands for a policy's rules: complaint deadlines in business hours (§5).
type escalation struct {
	AckHours      int `json:"ack_hours"`
	EscalateHours int `json:"escalate_hours"`
}

func (e escalation) validate() error {
	var v dealerkit.ValidationError
	if e.AckHours <= 0 {
		v.Add("ack_hours", fmt.Sprint(e.AckHours), "must be positive")
	}
	if e.EscalateHours < e.AckHours {
		v.Add("escalate_hours", fmt.Sprint(e.EscalateHours), "must not be before ack_hours")
	}
	return v.Err()
}

var (
	jan2024 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	jul2024 = time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	jan2025 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
)

func mustVersions(t *testing.T, vs ...dealerkit.Version[escalation]) dealerkit.Versions[escalation] {
	t.Helper()
	out, err := dealerkit.NewVersions(vs...)
	if err != nil {
		t.Fatalf("NewVersions: %v", err)
	}
	return out
}

// §9.1, §9.2: a revision applies from its effective instant; a time before it reads the rules in
// force then; a time before the first version has no policy.
func TestVersions_At_Clause9_VersionInForce(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	// Given out of order and in another zone: NewVersions orders them by instant.
	vs := mustVersions(t,
		dealerkit.Version[escalation]{Name: "2025", Effective: jan2025.In(shanghai), Rules: escalation{4, 16}},
		dealerkit.Version[escalation]{Name: "2024a", Effective: jan2024, Rules: escalation{2, 8}},
		dealerkit.Version[escalation]{Name: "2024b", Effective: jul2024, Rules: escalation{3, 12}},
	)
	for _, tc := range []struct {
		at   time.Time
		want string // "" means no policy
	}{
		{time.Time{}, ""},
		{jan2024.Add(-time.Nanosecond), ""},
		{jan2024, "2024a"}, // exactly at its effective instant
		{jan2024.Add(time.Nanosecond), "2024a"},
		{jul2024.Add(-time.Microsecond), "2024a"}, // between: the earlier
		{jul2024, "2024b"},
		{jul2024.In(shanghai), "2024b"}, // the same instant in another zone
		{jan2025.Add(-time.Nanosecond), "2024b"},
		{jan2025, "2025"},
		{time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), "2025"},
	} {
		v, err := vs.At(tc.at)
		if tc.want == "" {
			if !errors.Is(err, dealerkit.ErrNoPolicy) {
				t.Errorf("At(%v) = %q, %v; want ErrNoPolicy", tc.at, v.Name, err)
			}
			continue
		}
		if err != nil || v.Name != tc.want {
			t.Errorf("At(%v) = %q, %v; want %q", tc.at, v.Name, err, tc.want)
		}
	}
	v, _ := vs.At(jul2024)
	if v.Rules != (escalation{3, 12}) {
		t.Errorf("At(jul2024).Rules = %+v", v.Rules)
	}
	_, err := vs.At(jan2024.Add(-time.Hour))
	if err == nil || !strings.Contains(err.Error(), "2023-12-31T23:00:00Z") {
		t.Errorf("ErrNoPolicy does not name the time: %v", err)
	}
}

func TestVersions_AllOrderedUTCAndCopied(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	vs := mustVersions(t,
		dealerkit.Version[escalation]{Name: "b", Effective: jul2024.In(shanghai)},
		dealerkit.Version[escalation]{Name: "a", Effective: jan2024},
	)
	all := vs.All()
	if len(all) != 2 || all[0].Name != "a" || all[1].Name != "b" {
		t.Fatalf("All() = %+v", all)
	}
	for _, v := range all {
		if v.Effective.Location() != time.UTC {
			t.Errorf("%s effective stored in %v, want UTC", v.Name, v.Effective.Location())
		}
	}
	all[0].Name = "changed"
	all[0].Effective = jan2025
	if again := vs.All(); again[0].Name != "a" {
		t.Error("All exposes the internal list")
	}
	if v, _ := vs.At(jan2024); v.Name != "a" {
		t.Errorf("changing All's result changed At: %q", v.Name)
	}
}

func TestVersions_ZeroAndSingle(t *testing.T) {
	var zero dealerkit.Versions[escalation]
	if _, err := zero.At(jan2024); !errors.Is(err, dealerkit.ErrNoPolicy) {
		t.Errorf("zero Versions At = %v, want ErrNoPolicy", err)
	}
	s := dealerkit.Single("builtin", escalation{2, 8})
	for _, at := range []time.Time{{}, jan2024, time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)} {
		v, err := s.At(at)
		if err != nil || v.Name != "builtin" || v.Rules != (escalation{2, 8}) {
			t.Errorf("Single.At(%v) = %+v, %v", at, v, err)
		}
	}
}

// §9: every version carries a name and an effective date, and no two share either; a bad history
// is refused with every bad field named at once.
func TestNewVersions_Clause9_Refusals(t *testing.T) {
	v := func(name string, eff time.Time) dealerkit.Version[escalation] {
		return dealerkit.Version[escalation]{Name: name, Effective: eff}
	}
	for _, tc := range []struct {
		name string
		in   []dealerkit.Version[escalation]
		want []string
	}{
		{"none", nil, []string{"versions"}},
		{"missing name", []dealerkit.Version[escalation]{v("", jan2024)}, []string{"versions[0].version"}},
		{"missing time", []dealerkit.Version[escalation]{v("a", time.Time{})}, []string{"versions[0].effective"}},
		{"duplicate name", []dealerkit.Version[escalation]{v("a", jan2024), v("a", jul2024)}, []string{"versions[1].version"}},
		{"same instant", []dealerkit.Version[escalation]{v("a", jul2024), v("b", jul2024)}, []string{"versions[1].effective"}},
		{"same instant in two zones", []dealerkit.Version[escalation]{
			v("a", jul2024), v("b", jul2024.In(time.FixedZone("CST", 8*3600))),
		}, []string{"versions[1].effective"}},
		// Every problem at once: a missing name, a missing time, a duplicate name.
		{"all at once", []dealerkit.Version[escalation]{
			v("", jan2024), v("b", time.Time{}), v("b", jul2024),
		}, []string{"versions[0].version", "versions[1].effective", "versions[2].version"}},
		// Fields name a version by its position as given, not its place in effective order.
		{"position as given", []dealerkit.Version[escalation]{
			v("2025", jan2025), v("", jan2024),
		}, []string{"versions[1].version"}},
		{"duplicate name out of order", []dealerkit.Version[escalation]{
			v("a", jan2025), v("b", jul2024), v("a", jan2024),
		}, []string{"versions[2].version"}},
	} {
		got, err := dealerkit.NewVersions(tc.in...)
		fields := validationFields(t, err)
		if !slices.Equal(fields, tc.want) {
			t.Errorf("%s: fields %v, want %v (%v)", tc.name, fields, tc.want, err)
		}
		if len(got.All()) != 0 {
			t.Errorf("%s: refused history still holds versions", tc.name)
		}
	}
}

const policyJSON = `[
  {"version": "2024-H2", "effective": "2024-07-01T00:00:00+08:00", "rules": {"ack_hours": 3, "escalate_hours": 12}},
  {"version": "2024-H1", "effective": "2024-01-01T00:00:00Z",      "rules": {"ack_hours": 2, "escalate_hours": 8}}
]`

func TestParseVersions_Clause9_FromJSON(t *testing.T) {
	vs, err := dealerkit.ParseVersions([]byte(policyJSON), escalation.validate)
	if err != nil {
		t.Fatal(err)
	}
	all := vs.All()
	if len(all) != 2 || all[0].Name != "2024-H1" || all[1].Name != "2024-H2" {
		t.Fatalf("All() = %+v", all)
	}
	if want := time.Date(2024, 6, 30, 16, 0, 0, 0, time.UTC); !all[1].Effective.Equal(want) || all[1].Effective.Location() != time.UTC {
		t.Errorf("2024-H2 effective = %v, want %v", all[1].Effective, want)
	}
	v, err := vs.At(time.Date(2024, 6, 30, 15, 59, 59, 0, time.UTC))
	if err != nil || v.Name != "2024-H1" || v.Rules != (escalation{2, 8}) {
		t.Errorf("At(just before H2) = %+v, %v", v, err)
	}
	v, err = vs.At(time.Date(2024, 6, 30, 16, 0, 0, 0, time.UTC))
	if err != nil || v.Name != "2024-H2" || v.Rules != (escalation{3, 12}) {
		t.Errorf("At(H2) = %+v, %v", v, err)
	}
	if _, err := dealerkit.ParseVersions[escalation]([]byte(policyJSON), nil); err != nil {
		t.Errorf("nil validate: %v", err)
	}
}

// "A misspelt rule name must not silently fall back to a default."
func TestParseVersions_Clause9_RefusesUnknownFields(t *testing.T) {
	for _, tc := range []struct{ name, json, mention string }{
		{"misspelt rule", `[{"version":"a","effective":"2024-01-01T00:00:00Z","rules":{"ack_hours":2,"escalte_hours":8}}]`, "escalte_hours"},
		{"misspelt effective", `[{"version":"a","efective":"2024-01-01T00:00:00Z","rules":{}}]`, "efective"},
		{"extra top-level field", `[{"version":"a","effective":"2024-01-01T00:00:00Z","rules":{},"note":"x"}]`, "note"},
	} {
		_, err := dealerkit.ParseVersions[escalation]([]byte(tc.json), nil)
		if got := validationFields(t, err); !slices.Equal(got, []string{"policy"}) {
			t.Errorf("%s: fields %v", tc.name, got)
		}
		if err != nil && !strings.Contains(err.Error(), tc.mention) {
			t.Errorf("%s: error %q does not name %q", tc.name, err, tc.mention)
		}
	}
}

// A bad file is refused whole.
func TestParseVersions_RefusesMalformed(t *testing.T) {
	for _, tc := range []struct{ name, json string }{
		{"empty", ``},
		{"not json", `version: 1`},
		{"object, not array", `{"version":"a","effective":"2024-01-01T00:00:00Z","rules":{}}`},
		{"date without time", `[{"version":"a","effective":"2024-01-01","rules":{}}]`},
		{"wrong rule type", `[{"version":"a","effective":"2024-01-01T00:00:00Z","rules":{"ack_hours":"two"}}]`},
		{"truncated", `[{"version":"a","effective":"2024-01-01T00:00:00Z","rules":{}}`},
		{"trailing bracket", `[{"version":"a","effective":"2024-01-01T00:00:00Z","rules":{"ack_hours":1,"escalate_hours":1}}]]`},
		{"second document", `[{"version":"a","effective":"2024-01-01T00:00:00Z","rules":{"ack_hours":1,"escalate_hours":1}}]
[{"version":"b","effective":"2025-01-01T00:00:00Z","rules":{"ack_hours":1,"escalate_hours":1}}]`},
	} {
		_, err := dealerkit.ParseVersions([]byte(tc.json), escalation.validate)
		if !errors.Is(err, dealerkit.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", tc.name, err)
		}
	}
	// Well-formed but empty: NewVersions' own refusals come through.
	for _, empty := range []string{`[]`, `null`} {
		_, err := dealerkit.ParseVersions[escalation]([]byte(empty), nil)
		if got := validationFields(t, err); !slices.Equal(got, []string{"versions"}) {
			t.Errorf("%s: fields %v", empty, got)
		}
	}
	// Trailing white space is not trailing data.
	if _, err := dealerkit.ParseVersions([]byte(policyJSON+"\n\n  \t"), escalation.validate); err != nil {
		t.Errorf("trailing white space refused: %v", err)
	}
	_, err := dealerkit.ParseVersions[escalation]([]byte(`[
		{"version":"a","effective":"2024-01-01T00:00:00Z","rules":{"ack_hours":1,"escalate_hours":1}},
		{"version":"a","effective":"2024-01-01T00:00:00Z","rules":{"ack_hours":1,"escalate_hours":1}}]`), nil)
	if got := validationFields(t, err); !slices.Equal(got, []string{"versions[1].version", "versions[1].effective"}) {
		t.Errorf("duplicate version: fields %v", got)
	}
}

// The validate callback's errors are reported under the version they belong to, for every bad
// version at once.
func TestParseVersions_ValidateErrorsPrefixedWithVersion(t *testing.T) {
	data := `[
	  {"version":"v1","effective":"2024-01-01T00:00:00Z","rules":{"ack_hours":0,"escalate_hours":8}},
	  {"version":"v2","effective":"2024-07-01T00:00:00Z","rules":{"ack_hours":4,"escalate_hours":2}},
	  {"version":"v3","effective":"2025-01-01T00:00:00Z","rules":{"ack_hours":4,"escalate_hours":8}}
	]`
	_, err := dealerkit.ParseVersions([]byte(data), escalation.validate)
	want := []string{"versions[v1].ack_hours", "versions[v2].escalate_hours"}
	if got := validationFields(t, err); !slices.Equal(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}

	// A validator that returns a plain error is reported against the version as a whole.
	plain := func(e escalation) error {
		if e.AckHours > 3 {
			return errors.New("too slow")
		}
		return nil
	}
	_, err = dealerkit.ParseVersions([]byte(data), plain)
	if got := validationFields(t, err); !slices.Equal(got, []string{"versions[v2]", "versions[v3]"}) {
		t.Errorf("plain error fields %v", got)
	}
	if err != nil && !strings.Contains(err.Error(), "too slow") {
		t.Errorf("error %q drops the validator's reason", err)
	}
}

// §9: a dealer's own policy beats the default, the default beats the built-in fallback.
func TestTable_At_Clause9_DealerOverrideDefaultFallback(t *testing.T) {
	fallback := escalation{1, 1}
	table := &dealerkit.Table[escalation]{
		Default: mustVersions(t, dealerkit.Version[escalation]{Name: "group", Effective: jan2024, Rules: escalation{2, 8}}),
		Dealers: map[dealerkit.DealerID]dealerkit.Versions[escalation]{
			testDealer: mustVersions(t, dealerkit.Version[escalation]{Name: "own", Effective: jan2024, Rules: escalation{1, 4}}),
		},
	}
	v, err := table.At(testDealer, jul2024, fallback)
	if err != nil || v.Name != "own" || v.Rules != (escalation{1, 4}) {
		t.Errorf("dealer with override: %+v, %v", v, err)
	}
	v, err = table.At(otherTestDealer, jul2024, fallback)
	if err != nil || v.Name != "group" || v.Rules != (escalation{2, 8}) {
		t.Errorf("dealer without override: %+v, %v", v, err)
	}
	// Before the default's first version, the library's rules were in force.
	if v, err := table.At(otherTestDealer, jan2024.Add(-time.Second), fallback); err != nil || v.Name != "default" || v.Rules != fallback {
		t.Errorf("before the default: %+v, %v; want the fallback", v, err)
	}
	// Before the dealer's own first version, the default history was in force.
	if v, err := table.At(testDealer, jan2024.Add(-time.Second), fallback); err != nil || v.Name != "default" {
		t.Errorf("before the dealer's own first version: %+v, %v; want the layer below", v, err)
	}

	noDefault := &dealerkit.Table[escalation]{Dealers: table.Dealers}
	v, err = noDefault.At(otherTestDealer, jul2024, fallback)
	if err != nil || v.Name != "default" || v.Rules != fallback {
		t.Errorf("no default: %+v, %v; want the fallback", v, err)
	}
	v, err = noDefault.At(testDealer, jul2024, fallback)
	if err != nil || v.Name != "own" {
		t.Errorf("override without default: %+v, %v", v, err)
	}

	var nilTable *dealerkit.Table[escalation]
	v, err = nilTable.At(testDealer, jul2024, fallback)
	if err != nil || v.Name != "default" || v.Rules != fallback {
		t.Errorf("nil table: %+v, %v; want the fallback", v, err)
	}
	var zero dealerkit.Table[escalation]
	v, err = zero.At(testDealer, time.Time{}, fallback)
	if err != nil || v.Name != "default" || v.Rules != fallback {
		t.Errorf("zero table: %+v, %v; want the fallback", v, err)
	}
}
