package aftersales

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// §4.5.2: a stored statement reads back exactly as issued, scale included (320.00, not 320).
func TestStatement_Clause4_5_2_JSONKeepsEveryDecimalsScale(t *testing.T) {
	lines := statementLines()
	lines[1].Origin = OriginRepaired
	st := BuildStatement(lines, dealerkit.DefaultTax(), dealerkit.DefaultRounding())
	b, err := json.Marshal(st)
	require.NoError(t, err)
	var back Statement
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, fmt.Sprintf("%+v", st), fmt.Sprintf("%+v", back), "every field survives")
	for name, d := range map[string]interface{ Exponent() int32 }{
		"customer_due": back.CustomerDue, "total.gross": back.Total.Gross, "totals.tax": back.Totals[0].Tax,
		"totals.labour": back.Totals[0].Labour, "parts.discount": back.Parts[0].Discount,
		"parts.unit_price": back.Parts[0].UnitPrice, "tax.rate": back.Tax.Rate,
	} {
		require.EqualValues(t, -2, d.Exponent(), name)
	}
	require.Equal(t, OriginRepaired, back.Parts[0].Origin)
}
