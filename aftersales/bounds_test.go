package aftersales

import (
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// requireReason asserts err names field with the reason code.
func requireReason(t *testing.T, err error, field string, code dealerkit.Reason) {
	t.Helper()
	requireField(t, err, field)
	ve := err.(*dealerkit.ValidationError)
	for _, f := range ve.Fields {
		if f.Field == field {
			require.Equal(t, code, f.Code, "%s: %v", field, f)
		}
	}
}

// §4.2.1, bounded numbers: an estimate line's hours, price and discount have documented bounds
// (kernel bounds.go); 1e-30 hours or a price of 1e10000 are refused as out of range and nothing
// is stored.
func TestAddLine_Clause4_2_1_BoundedNumbers(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	before := e.get(r.id).Snapshot()
	for field, in := range map[string]LineInput{
		"quantity":   labour("diagnose", "1e-30", "300"),
		"unit_price": labour("diagnose", "1", "1e10000"),
	} {
		_, err := e.svc.AddLine(e.ctx, e.advisor, r.id, in)
		requireReason(t, err, field, dealerkit.ReasonOutOfRange)
	}
	in := labour("diagnose", "1", "300")
	in.Discount = decimal.New(1, -1000000000) // beyond the parser, not beyond a host
	_, err := e.svc.AddLine(e.ctx, e.advisor, r.id, in)
	requireReason(t, err, "discount", dealerkit.ReasonOutOfRange)
	_, err = e.svc.AddLine(e.ctx, e.advisor, r.id, part("oil", "OIL-1", "4.125", "88.0001"))
	require.NoError(t, err, "litres to the millilitre, prices to 0.0001")
	require.Equal(t, len(before.Lines)+1, len(e.get(r.id).Lines()))
}
