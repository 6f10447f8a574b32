package aftersales

import (
	"errors"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit"
)

// §9: the aftersales policy's decimal, the tax rate, is bounded like any input (kernel
// bounds.go): 1e10000 and 1e-30 are refused as out of range under tax.rate, from a struct and
// from a file.
func TestPolicy_Clause9_TaxRateBounded(t *testing.T) {
	for _, s := range []string{"1e10000", "1e-30"} {
		p := DefaultPolicy()
		p.Tax.Rate = dec(s)
		requireOutOfRange(t, p.Validate(), "tax.rate")
		_, err := ParsePolicies([]byte(`[{"version": "v", "effective": "2026-01-01T00:00:00Z", "rules": {
			"tax": {"rate": "` + s + `", "inclusive": true}, "rounding": {"places": 2, "mode": "half_up"},
			"warranty": {"periods": {"major": {"km": 20000, "days": 100}, "maintenance_2": {"km": 5000, "days": 30},
			"minor": {"km": 2000, "days": 10}}}}}]`))
		requireOutOfRange(t, err, "tax.rate")
	}
}

// requireOutOfRange requires err to name field (or, from a file, the version's field) as out of
// range.
func requireOutOfRange(t *testing.T, err error, field string) {
	t.Helper()
	var ve *dealerkit.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("%s: want a *ValidationError, got %v", field, err)
	}
	for _, f := range ve.Fields {
		if (f.Field == field || strings.HasSuffix(f.Field, "."+field)) && f.Code == dealerkit.ReasonOutOfRange {
			return
		}
	}
	t.Errorf("want %s out of range in %v", field, err)
}
