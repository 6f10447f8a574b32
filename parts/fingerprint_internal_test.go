package parts

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// A retried request is the same request whatever scale its decimals are written with, though the
// input's JSON keeps the scale (§3.4(1): a key serves one request).
func TestFingerprint_ScaleDoesNotMatterJSONDoes(t *testing.T) {
	a := IssueInput{Key: "k", Quantity: decimal.RequireFromString("1.5")}
	b := IssueInput{Key: "k", Quantity: decimal.RequireFromString("1.50")}
	require.Equal(t, fingerprint("issue", a), fingerprint("issue", b))
	c := IssueInput{Key: "k", Quantity: decimal.RequireFromString("1.51")}
	require.NotEqual(t, fingerprint("issue", a), fingerprint("issue", c))
	j, err := b.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(j), `"quantity":"1.50"`)
}
