package safety

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
)

// §9: a safety policy's periods are bounded: a day count whose hours would overflow a
// time.Duration ("213504d" read as 25 minutes, "106752d" as a negative span) is refused, not
// wrapped, and no period may exceed dealerkit.MaxPolicyDays in either syntax, each refused as out
// of range under its field's name.
func TestPolicy_Clause9_PeriodsBounded(t *testing.T) {
	file := func(repeat string) []byte {
		return []byte(`[{"version":"x","effective":"2025-01-01T00:00:00Z","rules":{"statutory":{"first_within":"30d",
			"checklist":["valve"]},"drills":[{"name":"fire","kinds":["on_site"],"every":"180d"}],"repeat_window":"` + repeat + `"}}]`)
	}
	if _, err := ParsePolicy(file("3660d")); err != nil {
		t.Fatalf("ten years is a valid period: %v", err)
	}
	for _, s := range []string{"213504d", "106752d", "3661d", "-1d", "99999999999d"} {
		if _, err := ParsePolicy(file(s)); !errors.Is(err, dealerkit.ErrInvalid) {
			t.Errorf("repeat window %s: %v, want refused", s, err)
		}
	}
	_, err := ParsePolicy(file("2562047h")) // 292 years in Go's syntax
	requireOutOfRange(t, err, "repeat_window")

	long := Duration((dealerkit.MaxPolicyDays + 1) * 24 * time.Hour)
	p := DefaultPolicy()
	p.RepeatWindow = long
	p.Drills = append([]DrillRequirement(nil), p.Drills...)
	p.Drills[0].Every = long
	p.Statutory.FirstWithin = long
	p.Statutory.ByGrade = map[int]Duration{1: long}
	plan := p.Equipment[TypeTwoPostLift]
	plan.Periodic.Every = long
	p.Equipment[TypeTwoPostLift] = plan
	err = p.Validate()
	for _, f := range []string{"repeat_window", "drills[0].every", "statutory.first_within", "statutory.by_grade[1]",
		"equipment[" + TypeTwoPostLift.String() + "].periodic.every"} {
		requireOutOfRange(t, err, f)
	}
}

// requireOutOfRange requires err to name field (or, from a file, the version's field) as out of
// range.
func requireOutOfRange(t *testing.T, err error, field string) {
	t.Helper()
	var ve *dealerkit.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("%s: want a *ValidationError, got %v", field, err)
	}
	for _, f := range ve.Fields {
		if (f.Field == field || strings.HasSuffix(f.Field, "."+field)) && f.Code == dealerkit.ReasonOutOfRange {
			return
		}
	}
	t.Errorf("want %s out of range in %v", field, err)
}
