package safety_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/internal/surfacetest"
	"github.com/dealerkit/dealerkit/safety"
)

// TestSnapshots_ShareNothingWithTheirRecords: for every aggregate, a record restored from a
// filled snapshot, the snapshot, its own snapshots and what its getters return share no list, map
// or pointer with each other, so a host changing one (a role in the actor who closed a finding,
// say) never changes the record or what a store keeps of it. Every field is filled, so a field
// added later without its copy fails here.
func TestSnapshots_ShareNothingWithTheirRecords(t *testing.T) {
	t.Run("Drill", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, nil, safety.RestoreDrill, (*safety.Drill).Snapshot,
			map[string]func(*safety.Drill) any{
				"Participants": func(d *safety.Drill) any { return d.Participants() },
				"Findings":     func(d *safety.Drill) any { return d.Findings() },
			})
	})
	t.Run("AreaCheck", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, nil, safety.RestoreAreaCheck, (*safety.AreaCheck).Snapshot,
			map[string]func(*safety.AreaCheck) any{
				"Findings": func(c *safety.AreaCheck) any { return c.Findings() },
			})
	})
	t.Run("Equipment", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, func(s *safety.EquipmentSnapshot) {
			s.State = safety.StateOutOfService // out of service exactly when a failure is recorded
		}, safety.RestoreEquipment, (*safety.Equipment).Snapshot, map[string]func(*safety.Equipment) any{
			"Dues":    func(e *safety.Equipment) any { return e.Dues() },
			"Failure": func(e *safety.Equipment) any { f, _ := e.Failure(); return f },
		})
	})
	t.Run("Incident", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, nil, safety.RestoreIncident, (*safety.Incident).Snapshot,
			map[string]func(*safety.Incident) any{
				"EquipmentIDs": func(inc *safety.Incident) any { return inc.EquipmentIDs() },
				"Related":      func(inc *safety.Incident) any { return inc.Related() },
				"Actions":      func(inc *safety.Incident) any { return inc.Actions() },
			})
	})
	t.Run("Inspection", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, nil, safety.RestoreInspection, (*safety.Inspection).Snapshot,
			map[string]func(*safety.Inspection) any{
				"FailedItems": func(ins *safety.Inspection) any { return ins.FailedItems() },
			})
	})
}
