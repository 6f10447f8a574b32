package main

import (
	"testing"

	"github.com/dealerkit/dealerkit/appraisal"
)

// checkAppraisal holds the month-end appraisal against the month (§6): everyone on staff under
// the manager is appraised, signed off and has responded; the feed tells the same story; and the
// comparison's side for the scheme in force reproduces the stored figures exactly.
func checkAppraisal(t *testing.T, m *Month) {
	t.Helper()
	ap := m.Appraisal
	want := len(advisorNames) + len(techProfiles) + len(inspectorNames) + len(clerkNames)
	if ap == nil || len(ap.Appraisals) != want {
		t.Fatalf("appraisals: %v, want %d", ap, want)
	}
	if got := m.Events.ByType[appraisal.EventDrafted]; got != want {
		t.Errorf("%d drafted events, want %d", got, want)
	}
	if got := m.Events.ByType[appraisal.EventSignedOff]; got != want {
		t.Errorf("%d signed-off events, want %d", got, want)
	}
	if m.Events.ByType[appraisal.EventObjected] != 1 || m.Events.ByType[appraisal.EventAnswered] != 1 {
		t.Errorf("objections %d, answers %d, want 1 and 1", m.Events.ByType[appraisal.EventObjected], m.Events.ByType[appraisal.EventAnswered])
	}
	stored := map[string]appraisal.Result{}
	for _, a := range ap.Appraisals {
		if a.State() != appraisal.StateAcknowledged || a.SignedOff() == nil || a.Rules().Version != schemeInForce {
			t.Errorf("%s: %s, version %s", m.Names[a.Staff()], a.State(), a.Rules().Version)
		}
		stored[a.Staff().String()] = a.Result()
	}
	for _, row := range ap.Compare.Rows {
		s := stored[row.Staff.String()]
		if row.A.Grade != s.Grade || !row.A.Total.Decimal.Equal(s.Total.Decimal) || !row.A.Reward.Equal(s.Reward) || !row.A.Penalty.Equal(s.Penalty) {
			t.Errorf("%s: compare says %s %s, stored %s %s", m.Names[row.Staff], row.A.Total.Decimal, row.A.Grade, s.Total.Decimal, s.Grade)
		}
	}
}
