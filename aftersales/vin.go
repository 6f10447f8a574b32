package aftersales

import (
	"fmt"
	"strings"

	"github.com/dealerkit/dealerkit"
)

// ErrBadVIN: a vehicle identification number is malformed or its check digit is wrong.
var ErrBadVIN = dealerkit.NewError(dealerkit.ErrInvalid, "aftersales.bad_vin", "aftersales: bad VIN")

// ReasonBadVIN is the field reason of a malformed VIN or a wrong check digit.
const ReasonBadVIN dealerkit.Reason = "aftersales.bad_vin"

// VINError says what is wrong with a VIN. It unwraps to ErrBadVIN.
type VINError struct {
	VIN    string
	Reason string
}

func (e *VINError) Error() string { return fmt.Sprintf("aftersales: bad VIN %q: %s", e.VIN, e.Reason) }

// Unwrap returns ErrBadVIN.
func (e *VINError) Unwrap() error { return ErrBadVIN }

// FieldReason is the reason a ValidationError records for the VIN field: ReasonBadVIN.
func (e *VINError) FieldReason() dealerkit.Reason { return ReasonBadVIN }

// VIN is a validated 17-character vehicle identification number (ISO 3779).
type VIN string

// vinValues are the transliteration values of ISO 3779 / GB 16735 (I, O and Q are never used).
var vinValues = map[byte]int{
	'0': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7, '8': 8, '9': 9,
	'A': 1, 'B': 2, 'C': 3, 'D': 4, 'E': 5, 'F': 6, 'G': 7, 'H': 8,
	'J': 1, 'K': 2, 'L': 3, 'M': 4, 'N': 5, 'P': 7, 'R': 9,
	'S': 2, 'T': 3, 'U': 4, 'V': 5, 'W': 6, 'X': 7, 'Y': 8, 'Z': 9,
}

var vinWeights = [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}

// ParseVIN validates s as a VIN (§4.1.2: the vehicle is identified by a VIN whose check digit is
// validated). Letters are upper-cased and surrounding space trimmed. The ninth character is the
// check digit, as GB 16735 requires for vehicles sold in China and FMVSS 565 in North America.
func ParseVIN(s string) (VIN, error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	if len(v) != 17 {
		return "", &VINError{VIN: s, Reason: fmt.Sprintf("has %d characters, want 17", len(v))}
	}
	sum := 0
	for i := 0; i < 17; i++ {
		val, ok := vinValues[v[i]]
		if !ok {
			return "", &VINError{VIN: s, Reason: fmt.Sprintf("character %d (%q) is not allowed", i+1, v[i])}
		}
		sum += val * vinWeights[i]
	}
	want := byte('0' + sum%11)
	if sum%11 == 10 {
		want = 'X'
	}
	if v[8] != want {
		return "", &VINError{VIN: s, Reason: fmt.Sprintf("check digit is %q, want %q", v[8], want)}
	}
	return VIN(v), nil
}

func (v VIN) String() string { return string(v) }
