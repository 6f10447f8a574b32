package complaints

import (
	"errors"
	"testing"

	"github.com/dealerkit/dealerkit"
)

// fieldsOf returns the field names of err, which must be a *dealerkit.ValidationError.
func fieldsOf(t testing.TB, err error) []string {
	t.Helper()
	var ve *dealerkit.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v (%T), want a *dealerkit.ValidationError", err, err)
	}
	out := make([]string, len(ve.Fields))
	for i, f := range ve.Fields {
		out[i] = f.Field
	}
	return out
}
