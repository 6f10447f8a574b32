package aftersales

import (
	"errors"

	"github.com/dealerkit/dealerkit"
)

// Policy is a dealer's repair-order rules: how the statement is taxed and rounded and how long
// repairs are guaranteed. It is versioned (§9): hold it in a dealerkit.Table and each rule reads
// the version in force when its event happens (settlement at settlement time, warranty at the
// original order's delivery).
type Policy struct {
	Tax      dealerkit.Tax      `json:"tax"`
	Rounding dealerkit.Rounding `json:"rounding"`
	Warranty WarrantyRules      `json:"warranty"`
}

// DefaultPolicy is 13% VAT with tax-inclusive prices, half-up rounding to the cent and the PRC
// repair-quality warranty periods.
func DefaultPolicy() Policy {
	return Policy{Tax: dealerkit.DefaultTax(), Rounding: dealerkit.DefaultRounding(), Warranty: DefaultWarrantyRules()}
}

// Validate checks every part of the policy and reports every bad field.
func (p Policy) Validate() error {
	var v dealerkit.ValidationError
	for _, err := range []error{p.Tax.Validate(), p.Rounding.Validate(), p.Warranty.Validate()} {
		var ve *dealerkit.ValidationError
		switch {
		case errors.As(err, &ve):
			v.Fields = append(v.Fields, ve.Fields...)
		case err != nil: // not expected, but never let a failed check pass as valid
			v.Add("policy", "", err.Error())
		}
	}
	return v.Err()
}

// ParsePolicies reads a policy history from JSON (see dealerkit.ParseVersions) and validates
// every version.
func ParsePolicies(data []byte) (dealerkit.Versions[Policy], error) {
	return dealerkit.ParseVersions(data, Policy.Validate)
}
