package dealerkit_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/dealerkit/dealerkit"
)

// vinError stands for a typed cause a field check may give (a bad VIN check digit, say).
type vinError struct{ VIN string }

func (e *vinError) Error() string { return "bad check digit in " + e.VIN }

var errPlate = errors.New("plate: unknown format")

// A *ValidationError lists every bad field, not only the first (DESIGN: kernel conventions).
func TestValidationError_ListsEveryField(t *testing.T) {
	var v dealerkit.ValidationError
	v.Add("vin", "WDB123", "must be 17 characters")
	v.Add("plate", "", "required")
	v.Add("mileage", "-3", "must not be negative")
	err := v.Err()
	if got, want := validationFields(t, err), []string{"vin", "plate", "mileage"}; !slices.Equal(got, want) {
		t.Errorf("fields = %v, want %v", got, want)
	}
	want := `dealerkit: invalid input: vin "WDB123": must be 17 characters; plate: required; mileage "-3": must not be negative`
	if err.Error() != want {
		t.Errorf("Error() =\n%s\nwant\n%s", err.Error(), want)
	}
	for _, f := range []string{"vin", "plate", "mileage"} {
		if !v.Has(f) {
			t.Errorf("Has(%q) = false", f)
		}
	}
	if v.Has("customer") {
		t.Error("Has(customer) = true")
	}
	if errors.Is(err, dealerkit.ErrForbidden) || errors.Is(err, dealerkit.ErrNotFound) || errors.Is(err, dealerkit.ErrConflict) {
		t.Error("ValidationError matches another sentinel")
	}
}

// Err is nil, a plain nil interface, when nothing was added, so `return v.Err()` works.
func TestValidationError_ErrNilWhenEmpty(t *testing.T) {
	var v dealerkit.ValidationError
	if err := v.Err(); err != nil {
		t.Errorf("empty Err() = %#v, want nil", err)
	}
	var p *dealerkit.ValidationError
	if err := p.Err(); err != nil {
		t.Errorf("nil pointer Err() = %#v, want nil", err)
	}
	validate := func(ok bool) error {
		var v dealerkit.ValidationError
		if !ok {
			v.Add("x", "", "bad")
		}
		return v.Err()
	}
	if err := validate(true); err != nil {
		t.Errorf("validator returned non-nil %#v", err)
	}
	if err := validate(false); err == nil {
		t.Error("validator returned nil with a bad field")
	}
}

// AddErr keeps the typed cause: errors.Is and errors.As reach it as well as ErrInvalid.
func TestValidationError_AddErrUnwrapsToCauses(t *testing.T) {
	var v dealerkit.ValidationError
	v.AddErr("vin", "WDB1230000000000X", &vinError{VIN: "WDB1230000000000X"})
	v.Add("mileage", "-1", "must not be negative")
	v.AddErr("plate", "??", fmt.Errorf("reception: %w", errPlate))
	err := v.Err()

	if !errors.Is(err, dealerkit.ErrInvalid) {
		t.Error("does not unwrap to ErrInvalid")
	}
	if !errors.Is(err, errPlate) {
		t.Error("does not unwrap to the wrapped sentinel cause")
	}
	var ve *vinError
	if !errors.As(err, &ve) || ve.VIN != "WDB1230000000000X" {
		t.Errorf("errors.As to the typed cause: %v", ve)
	}
	if got, want := validationFields(t, err), []string{"vin", "mileage", "plate"}; !slices.Equal(got, want) {
		t.Errorf("fields = %v, want %v", got, want)
	}
	var all *dealerkit.ValidationError
	errors.As(err, &all)
	if all.Fields[0].Reason != "bad check digit in WDB1230000000000X" {
		t.Errorf("AddErr reason = %q", all.Fields[0].Reason)
	}
	if all.Fields[2].Reason != "reception: plate: unknown format" {
		t.Errorf("AddErr reason = %q", all.Fields[2].Reason)
	}

	// Without AddErr nothing but ErrInvalid matches.
	var plain dealerkit.ValidationError
	plain.Add("plate", "??", errPlate.Error())
	if errors.Is(plain.Err(), errPlate) {
		t.Error("Add (not AddErr) unwraps to a cause")
	}
	// Wrapped once more, the ValidationError and its causes are still found.
	wrapped := fmt.Errorf("aftersales: open: %w", err)
	if !errors.Is(wrapped, dealerkit.ErrInvalid) || !errors.Is(wrapped, errPlate) {
		t.Error("wrapping hides the causes")
	}
}

func TestFieldError_Error(t *testing.T) {
	for _, tc := range []struct {
		f    dealerkit.FieldError
		want string
	}{
		{dealerkit.FieldError{Field: "plate", Reason: "required"}, "plate: required"},
		{dealerkit.FieldError{Field: "vin", Value: "X1", Reason: "too short"}, `vin "X1": too short`},
		{dealerkit.FieldError{Field: "note", Value: "a\"b", Reason: "bad"}, `note "a\"b": bad`},
	} {
		if got := tc.f.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestSentinels_DistinctAndPrefixed(t *testing.T) {
	all := []error{dealerkit.ErrNotFound, dealerkit.ErrConflict, dealerkit.ErrForbidden, dealerkit.ErrInvalid, dealerkit.ErrNoPolicy}
	for i, a := range all {
		if msg := a.Error(); len(msg) < len("dealerkit: ") || msg[:len("dealerkit: ")] != "dealerkit: " {
			t.Errorf("%q is not prefixed with the package name", msg)
		}
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("%v matches %v", a, b)
			}
		}
	}
}

func TestForbiddenError(t *testing.T) {
	c := customerActor(t)
	err := error(&dealerkit.ForbiddenError{Action: dealerkit.ActionDeliver, Actor: c})
	if !errors.Is(err, dealerkit.ErrForbidden) {
		t.Error("does not unwrap to ErrForbidden")
	}
	if want := "dealerkit: forbidden: customer c0000000-0000-0000-0000-000000000001 may not aftersales.deliver"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}
