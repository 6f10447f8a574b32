package parts

import (
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// §3.1, §3.4, bounded numbers: stock adjustments, prices and costs are refused beyond their
// documented bounds (kernel bounds.go) before any arithmetic, and the books stay as they were.
func TestBounds_Clause3_4_QuantitiesAndMoney(t *testing.T) {
	e := newEnv(t, nil)
	p := e.part("BP-1", UnitSet, "A")
	_, err := e.svc.Adjust(e.ctx, e.manager, AdjustInput{Key: "k1", Part: p.ID(), Quantity: dec("1e10000"), Reason: "found"})
	requireField(t, err, "quantity")
	require.Equal(t, dealerkit.ReasonOutOfRange, err.(*dealerkit.ValidationError).Fields[0].Code)
	_, err = e.svc.Adjust(e.ctx, e.manager, AdjustInput{Key: "k2", Part: p.ID(), Quantity: dec("1e-30"), Reason: "found"})
	requireField(t, err, "quantity")
	_, err = e.svc.AddPart(e.ctx, e.clerk, PartInput{Number: "BP-2", Name: Name{En: "pads"}, Unit: UnitSet, Category: "brakes",
		Bin: "A", ListPrice: dec("1e10000")})
	requireField(t, err, "list_price")
	moves, err := e.svc.Movements(e.ctx, e.clerk, MovementFilter{})
	require.NoError(t, err)
	require.Empty(t, moves)
}
