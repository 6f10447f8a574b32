package dealerkit_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// The regulation's table (§3): a technician proposes extra work but may not approve it; the
// service advisor and the customer may. A dealer may change the table with With.
func ExampleDefaultPermissions() {
	dealer := dealerkit.DealerID(uuid.MustParse("d0000000-0000-0000-0000-000000000001"))
	staff := dealerkit.StaffID(uuid.MustParse("50000000-0000-0000-0000-000000000007"))
	tech, _ := dealerkit.NewStaffActor(dealer, staff, dealerkit.RoleTechnician)
	customer, _ := dealerkit.NewCustomerActor(dealer, dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001")))

	perms := dealerkit.DefaultPermissions()
	fmt.Println("technician may propose extra work:", perms.Allows(tech, dealerkit.ActionProposeExtraWork))
	fmt.Println("technician may approve work:", perms.Allows(tech, dealerkit.ActionApproveWork))
	fmt.Println("customer may approve work:", perms.Allows(customer, dealerkit.ActionApproveWork))

	err := perms.Check(tech, dealerkit.ActionApproveWork)
	fmt.Println(errors.Is(err, dealerkit.ErrForbidden))
	fmt.Println(err)
	// Output:
	// technician may propose extra work: true
	// technician may approve work: false
	// customer may approve work: true
	// true
	// dealerkit: forbidden: staff 50000000-0000-0000-0000-000000000007 (technician) may not aftersales.approve_work
}

// Splitting a tax-inclusive price at the default 13% VAT, rounded half-up to the fen.
func ExampleTax_Split() {
	tax := dealerkit.DefaultTax()
	r := dealerkit.DefaultRounding()
	for _, price := range []string{"113.00", "100.00"} {
		s := tax.Split(decimal.RequireFromString(price), r)
		fmt.Printf("gross %s = net %s + tax %s\n", s.Gross.StringFixed(2), s.Net.StringFixed(2), s.Tax.StringFixed(2))
	}
	// A tax-exclusive quote adds the tax on top.
	s := dealerkit.Tax{Rate: decimal.RequireFromString("0.13")}.Split(decimal.RequireFromString("100.00"), r)
	fmt.Printf("net %s + tax %s = gross %s\n", s.Net.StringFixed(2), s.Tax.StringFixed(2), s.Gross.StringFixed(2))
	// Output:
	// gross 113.00 = net 100.00 + tax 13.00
	// gross 100.00 = net 88.50 + tax 11.50
	// net 100.00 + tax 13.00 = gross 113.00
}

// A policy's history (§9): each revision applies from its effective date, and a past event is
// judged by the version in force when it happened.
func ExampleVersions_At() {
	type deadlines struct {
		AckHours int `json:"ack_hours"`
	}
	history, err := dealerkit.ParseVersions[deadlines]([]byte(`[
		{"version": "2024-01", "effective": "2024-01-01T00:00:00Z", "rules": {"ack_hours": 4}},
		{"version": "2024-07", "effective": "2024-07-01T00:00:00Z", "rules": {"ack_hours": 2}}
	]`), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, at := range []string{"2023-12-31T12:00:00Z", "2024-03-15T09:00:00Z", "2024-07-01T00:00:00Z"} {
		t, _ := time.Parse(time.RFC3339, at)
		v, err := history.At(t)
		if err != nil {
			fmt.Println(at, "->", err)
			continue
		}
		fmt.Println(at, "->", v.Name, "ack within", v.Rules.AckHours, "hours")
	}
	// Output:
	// 2023-12-31T12:00:00Z -> dealerkit: no policy in force at 2023-12-31T12:00:00Z
	// 2024-03-15T09:00:00Z -> 2024-01 ack within 4 hours
	// 2024-07-01T00:00:00Z -> 2024-07 ack within 2 hours
}

// A validator records every bad field and ends with `return v.Err()`; the caller matches the
// result with errors.Is and lists the fields.
func ExampleValidationError() {
	validate := func(vin, plate string, mileage int) error {
		var v dealerkit.ValidationError
		if len(vin) != 17 {
			v.Add("vin", vin, "must be 17 characters")
		}
		if plate == "" {
			v.Add("plate", "", "required")
		}
		if mileage < 0 {
			v.Add("mileage", fmt.Sprint(mileage), "must not be negative")
		}
		return v.Err()
	}

	fmt.Println(validate("LSVAU218XN2183294", "沪A12345", 12000))
	err := validate("LSV123", "", -5)
	fmt.Println(errors.Is(err, dealerkit.ErrInvalid))
	var ve *dealerkit.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f.Field+":", f.Reason)
		}
	}
	fmt.Println(err)
	// Output:
	// <nil>
	// true
	// vin: must be 17 characters
	// plate: required
	// mileage: must not be negative
	// dealerkit: invalid input: vin "LSV123": must be 17 characters; plate: required; mileage "-5": must not be negative
}
