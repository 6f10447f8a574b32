package parts

import (
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// addDec and subDec are Add and Sub, scale included (§3.4(1): stored balances keep their scale),
// for every pair, zeros of more, as many and fewer places among them.
func TestAddSubDecAreAddSub(t *testing.T) {
	vals := []string{"0", "0.00", "0.0000", "-0", "1", "1.50", "-2.5", "1000000000", "1E+3", "0E+2", "12.3400"}
	for _, x := range vals {
		for _, y := range vals {
			a, b := decimal.RequireFromString(x), decimal.RequireFromString(y)
			for _, c := range []struct{ got, want decimal.Decimal }{{addDec(a, b), a.Add(b)}, {subDec(a, b), a.Sub(b)}} {
				require.True(t, c.want.Equal(c.got), "%s, %s", x, y)
				require.Equal(t, c.want.Exponent(), c.got.Exponent(), "%s, %s", x, y)
				require.Equal(t, dealerkit.FormatExact(c.want), dealerkit.FormatExact(c.got), "%s, %s", x, y)
			}
		}
	}
}
