package dealerkit_test

import (
	"errors"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Fixed ids shared by the kernel's tests.
var (
	testDealer        = dealerkit.DealerID(uuid.MustParse("d0000000-0000-0000-0000-000000000001"))
	otherTestDealer   = dealerkit.DealerID(uuid.MustParse("d0000000-0000-0000-0000-000000000002"))
	testCustomer      = dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001"))
	otherTestCustomer = dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000002"))
	testStaff         = dealerkit.StaffID(uuid.MustParse("50000000-0000-0000-0000-000000000001"))
)

// staffActor builds a staff member of testDealer holding roles, failing the test if it cannot.
func staffActor(t testing.TB, roles ...dealerkit.Role) dealerkit.Actor {
	t.Helper()
	a, err := dealerkit.NewStaffActor(testDealer, testStaff, roles...)
	if err != nil {
		t.Fatalf("NewStaffActor(%v): %v", roles, err)
	}
	return a
}

// customerActor builds the customer of testDealer.
func customerActor(t testing.TB) dealerkit.Actor {
	t.Helper()
	a, err := dealerkit.NewCustomerActor(testDealer, dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001")))
	if err != nil {
		t.Fatalf("NewCustomerActor: %v", err)
	}
	return a
}

// validationFields returns the field names of err, which must be a *dealerkit.ValidationError
// that unwraps to dealerkit.ErrInvalid.
func validationFields(t testing.TB, err error) []string {
	t.Helper()
	if err == nil {
		t.Fatal("got nil error, want a *dealerkit.ValidationError")
	}
	if !errors.Is(err, dealerkit.ErrInvalid) {
		t.Fatalf("errors.Is(%v, ErrInvalid) = false", err)
	}
	var ve *dealerkit.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("errors.As(%T, *ValidationError) = false: %v", err, err)
	}
	out := make([]string, len(ve.Fields))
	for i, f := range ve.Fields {
		out[i] = f.Field
	}
	return out
}
