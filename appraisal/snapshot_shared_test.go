package appraisal_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/internal/surfacetest"
)

// TestSnapshots_ShareNothingWithTheirRecords: an appraisal restored from a filled snapshot, the
// snapshot, its own snapshots and what its getters return share no list, map or pointer with each
// other, so a host changing one (a role in the actor of a rating or of the sign-off, say) never
// changes the appraisal or what a store keeps of it. Every field is filled, so a field added later
// without its copy fails here.
func TestSnapshots_ShareNothingWithTheirRecords(t *testing.T) {
	surfacetest.RequireRecordSharesNothing(t, func(s *appraisal.Snapshot) {
		s.To = s.From.AddDate(0, 1, 0) // a period ends after it starts
	}, appraisal.RestoreAppraisal, (*appraisal.Appraisal).Snapshot, map[string]func(*appraisal.Appraisal) any{
		"Rules":     func(a *appraisal.Appraisal) any { return a.Rules() },
		"Result":    func(a *appraisal.Appraisal) any { return a.Result() },
		"SignedOff": func(a *appraisal.Appraisal) any { return a.SignedOff() },
	})
}
