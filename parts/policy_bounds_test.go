package parts

import (
	"errors"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// §9: a policy file's decimals are bounded like any input (kernel bounds.go): days, the recount
// value and rate beyond their bound, in size or in places, are refused as out of range under the
// field's name, from a struct and from a JSON file.
func TestPolicy_Clause9_DecimalsBounded(t *testing.T) {
	for _, tc := range []struct {
		field string
		set   func(*Policy, string)
		bad   []string
	}{
		{"safety_stock_days", func(p *Policy, s string) { p.SafetyStockDays = dec(s) }, []string{"1e10000", "1e-30", "3661", "7.001"}},
		{"review_period_days", func(p *Policy, s string) { p.ReviewPeriodDays = dec(s) }, []string{"1e10000", "1e-30", "3661"}},
		{"recount.over_value", func(p *Policy, s string) { p.Recount.OverValue = dec(s) }, []string{"1e10000", "1e-30", "200.001"}},
		{"recount.over_rate", func(p *Policy, s string) { p.Recount.OverRate = dec(s) }, []string{"1e10000", "1e-30", "1.5", "0.00001"}},
	} {
		for _, s := range tc.bad {
			p := DefaultPolicy()
			tc.set(&p, s)
			requireOutOfRange(t, p.Validate(), tc.field)
		}
		p := DefaultPolicy()
		tc.set(&p, "3.5")
		if tc.field == "recount.over_rate" {
			tc.set(&p, "0.0125")
		}
		require.NoError(t, p.Validate(), tc.field)
	}
	_, err := ParsePolicies([]byte(`[{"version": "huge", "effective": "2026-01-01T00:00:00Z", "rules": {
		"valuation": "fifo", "rounding": {"places": 2, "mode": "half_up"}, "demand_window_days": 60,
		"safety_stock_days": "1e10000", "review_period_days": "7", "recount": {"over_value": "100.00", "over_rate": "1e-30"},
		"obsolete_after_months": 18}}]`))
	requireOutOfRange(t, err, "safety_stock_days")
	requireOutOfRange(t, err, "recount.over_rate")
}

// requireOutOfRange requires err to name field (or, from a file, the version's field) as out of
// range.
func requireOutOfRange(t *testing.T, err error, field string) {
	t.Helper()
	var ve *dealerkit.ValidationError
	require.True(t, errors.As(err, &ve), "%s: want a *ValidationError, got %v", field, err)
	for _, f := range ve.Fields {
		if (f.Field == field || strings.HasSuffix(f.Field, "."+field)) && f.Code == dealerkit.ReasonOutOfRange {
			return
		}
	}
	t.Errorf("want %s out of range in %v", field, err)
}
