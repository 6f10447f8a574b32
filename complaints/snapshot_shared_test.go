package complaints_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/internal/surfacetest"
)

// TestSnapshots_ShareNothingWithTheirRecords: for every aggregate, a record restored from a
// filled snapshot, the snapshot, its own snapshots and what its getters return share no list, map
// or pointer with each other, so a host changing one never changes the record or what a store
// keeps of it. Every field is filled, so a field added later without its copy fails here.
func TestSnapshots_ShareNothingWithTheirRecords(t *testing.T) {
	t.Run("Complaint", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, nil, complaints.RestoreComplaint, (*complaints.Complaint).Snapshot,
			map[string]func(*complaints.Complaint) any{
				"Staff":     func(c *complaints.Complaint) any { return c.Staff() },
				"Source":    func(c *complaints.Complaint) any { return c.Source() },
				"Deadlines": func(c *complaints.Complaint) any { return c.Deadlines() },
				"Pauses":    func(c *complaints.Complaint) any { return c.Pauses() },
				"History":   func(c *complaints.Complaint) any { return c.History() },
			})
	})
	t.Run("CorrectiveAction", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, nil, complaints.RestoreCorrectiveAction, (*complaints.CorrectiveAction).Snapshot,
			map[string]func(*complaints.CorrectiveAction) any{
				"Complaints":    func(a *complaints.CorrectiveAction) any { return a.Complaints() },
				"Effectiveness": func(a *complaints.CorrectiveAction) any { return a.Effectiveness() },
			})
	})
}
