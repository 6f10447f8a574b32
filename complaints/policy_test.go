package complaints

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// §5, §9: the documented defaults are a valid policy, and Rules keep their own copy of it.
func TestDefaultPolicy_Clause9_IsValid(t *testing.T) {
	require.NoError(t, DefaultPolicy().Validate())
	r := DefaultRules()
	require.NotNil(t, r)
	require.Equal(t, "default", r.Version())
	require.Equal(t, SeverityHigh, r.SeverityOf(CategoryVehicleDamage))
	require.True(t, r.IsRootCause("skill_gap"))
	require.False(t, r.IsRootCause("bad luck"))
	// Rules keep their own copy.
	p := r.Policy()
	p.RootCauses[0] = "changed"
	delete(p.Deadlines, SeverityLow)
	require.True(t, r.IsRootCause("process_not_followed"))
	require.Equal(t, 4*time.Hour, r.Deadlines(SeverityLow).Acknowledge.D())
}

// §5: a policy with negative or missing deadlines, a missing severity or a time zone that does not
// exist is refused, with every bad field named.
func TestPolicy_Clause5_ValidateListsEveryBadField(t *testing.T) {
	p := DefaultPolicy()
	p.Calendar.TimeZone = "Asia/Atlantis"
	delete(p.Deadlines, SeverityCritical)
	p.Deadlines[SeverityHigh] = Deadlines{Acknowledge: Duration(-time.Hour), Report: 0, Solution: Duration(8 * time.Hour), Closure: Duration(4 * time.Hour)}
	delete(p.Severity, CategoryPrice)
	p.SurveyThreshold = 11
	p.SurveyCategories["speed"] = Category(99)
	p.ObjectionCategory = 0
	p.ReopenWindow = -1
	p.RootCauses = []string{"skill_gap", " ", "skill_gap"}
	p.EffectivenessPeriod = 0
	err := p.Validate()
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	require.ErrorIs(t, err, ErrUnknownTimeZone)
	require.ElementsMatch(t, []string{
		"calendar.time_zone",
		"deadlines.critical",
		"deadlines.high.acknowledge", "deadlines.high.report", "deadlines.high.closure",
		"severity.price", "survey_threshold", "survey_categories.speed", "objection_category",
		"reopen_window", "root_causes[1]", "root_causes[2]", "effectiveness_period",
	}, fieldsOf(t, err))
	require.Contains(t, err.Error(), `deadlines.high.acknowledge "-1h": must be positive`)
	require.Contains(t, err.Error(), "deadlines.high.report: required")
	require.Contains(t, err.Error(), `deadlines.high.closure "4h": must not be shorter than the step before it`)
	_, err = NewRules("bad", p)
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
}

// §9: policies load from JSON with versions and effective dates; a bad file is refused whole.
func TestParsePolicies_Clause5_JSON(t *testing.T) {
	b, err := json.Marshal([]dealerkit.Version[Policy]{{Name: "2026", Effective: t0, Rules: DefaultPolicy()}})
	require.NoError(t, err)
	for _, want := range []string{`"acknowledge":"2h"`, `"closure":"80h"`, `"reopen_window":"720h"`, `"medium"`,
		`"vehicle_damage":"high"`, `"time_zone":"Asia/Shanghai"`} {
		require.Contains(t, string(b), want)
	}
	vs, err := ParsePolicies(b)
	require.NoError(t, err)
	v, err := vs.At(t0)
	require.NoError(t, err)
	require.Equal(t, DefaultPolicy(), v.Rules)

	bad := strings.Replace(string(b), `"acknowledge":"30m"`, `"acknowledge":"-30m"`, 1)
	bad = strings.Replace(bad, `"Asia/Shanghai"`, `"Nowhere/Land"`, 1)
	bad = strings.Replace(bad, `"high":{"acknowledge":"1h",`, `"high":{`, 1) // acknowledge missing
	_, err = ParsePolicies([]byte(bad))
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	fields := fieldsOf(t, err)
	require.Len(t, fields, 3, "%v", fields)
	for _, want := range []string{"calendar.time_zone", "deadlines.critical.acknowledge", "deadlines.high.acknowledge"} {
		found := false
		for _, f := range fields {
			found = found || strings.HasSuffix(f, want)
		}
		require.True(t, found, "%s in %v", want, fields)
	}
	// A misspelt field is refused, not silently defaulted.
	_, err = ParsePolicies([]byte(strings.Replace(string(b), `"survey_threshold"`, `"survey_treshold"`, 1)))
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
}

// §9: durations in policy files read in Go's syntax or whole days, and write unambiguously.
func TestDuration_Clause9_Text(t *testing.T) {
	for in, want := range map[string]time.Duration{"30d": 30 * 24 * time.Hour, "2h30m": 150 * time.Minute, "-1h": -time.Hour} {
		var d Duration
		require.NoError(t, d.UnmarshalText([]byte(in)), in)
		require.Equal(t, want, d.D())
	}
	for _, in := range []string{"", "2 days", "1.5d", "d"} {
		var d Duration
		require.Error(t, d.UnmarshalText([]byte(in)), in)
	}
	for d, want := range map[time.Duration]string{48 * time.Hour: "48h", 90 * time.Minute: "1h30m",
		30 * time.Minute: "30m", 90 * time.Second: "1m30s", time.Hour + time.Second: "1h0m1s", 0: "0s"} {
		require.Equal(t, want, Duration(d).String())
	}
}
