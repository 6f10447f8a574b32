package aftersales

import (
	"reflect"
	"testing"

	"github.com/dealerkit/dealerkit/internal/surfacetest"
	"github.com/stretchr/testify/require"
)

// A snapshot is a copy sharing nothing with the order, and an order restored from a snapshot
// shares nothing with it: the memory store keeps snapshots as they are and restores from them
// without copying again, so a shared roles list or line would let a caller's change reach the
// store. Every field is filled, so a field added later without its copy fails here; so do the
// getters handing out lists, maps, pointers or actors, each compared with a second call.
func TestSnapshot_SharesNothingWithTheOrder(t *testing.T) {
	o := surfacetest.RequireRecordSharesNothing(t, func(s *Snapshot) {
		*s = *filled(reflect.TypeFor[Snapshot]()).Interface().(*Snapshot) // a valid VIN, dates, …
	}, RestoreRepairOrder, (*RepairOrder).Snapshot, map[string]func(*RepairOrder) any{
		"OpenedBy":             func(o *RepairOrder) any { return o.OpenedBy() },
		"Reception":            func(o *RepairOrder) any { return o.Reception() },
		"Header":               func(o *RepairOrder) any { return o.Header() },
		"Lines":                func(o *RepairOrder) any { return o.Lines() },
		"Clock":                func(o *RepairOrder) any { return o.Clock() },
		"Notifications":        func(o *RepairOrder) any { return o.Notifications() },
		"Cleaning":             func(o *RepairOrder) any { return o.Cleaning() },
		"Inspections":          func(o *RepairOrder) any { return o.Inspections() },
		"LastPassedInspection": func(o *RepairOrder) any { in, _ := o.LastPassedInspection(); return in },
		"Responses":            func(o *RepairOrder) any { return o.Responses() },
		"Payments":             func(o *RepairOrder) any { return o.Payments() },
		"Survey":               func(o *RepairOrder) any { return o.Survey() },
		"Cancellation":         func(o *RepairOrder) any { return o.Cancellation() },
		"Statement":            func(o *RepairOrder) any { return o.Statement() },
	})
	a := o.Snapshot()
	require.Equal(t, a.Lines, o.Lines())
	surfacetest.RequireNothingShared(t, a.Lines, o.Lines())
	line, ok := o.Line(a.Lines[0].ID)
	require.True(t, ok)
	surfacetest.RequireNothingShared(t, a.Lines[0], line)
}
