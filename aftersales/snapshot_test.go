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
// store. Every field is filled, so a field added later without its copy fails here.
func TestSnapshot_SharesNothingWithTheOrder(t *testing.T) {
	s := *filled(reflect.TypeFor[Snapshot]()).Interface().(*Snapshot)
	o, err := RestoreRepairOrder(s)
	require.NoError(t, err)

	a := o.Snapshot()
	require.Equal(t, s, a, "restore and snapshot keep every field")
	surfacetest.RequireNothingShared(t, s, a)
	surfacetest.RequireNothingShared(t, a, o.Snapshot())
	require.Equal(t, a.Lines, o.Lines())
	surfacetest.RequireNothingShared(t, a.Lines, o.Lines())
	surfacetest.RequireNothingShared(t, o.OpenedBy(), o.OpenedBy())
}
