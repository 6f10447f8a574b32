package appraisal

import (
	"fmt"

	"github.com/dealerkit/dealerkit"
)

// Errors of the appraisal rules. Each refusal leaves every record as it was. Match them with
// errors.Is; each matches exactly one kernel class and carries its code (dealerkit.CodeOf).
var (
	// ErrWrongState: the step is not allowed in the appraisal's state; a frozen appraisal is never
	// recomputed or re-rated (§6, §9.1).
	ErrWrongState = dealerkit.NewError(dealerkit.ErrRefused, "appraisal.wrong_state", "appraisal: not allowed in this state")
	// ErrOwnAppraisal: a manager never signs off, rates or answers an objection to their own
	// appraisal (§3.1(3)).
	ErrOwnAppraisal = dealerkit.NewError(dealerkit.ErrRefused, "appraisal.own_appraisal", "appraisal: a manager cannot review or sign off their own appraisal")
	// ErrNotYours: only the staff member appraised acknowledges or objects to an appraisal.
	ErrNotYours = dealerkit.NewError(dealerkit.ErrRefused, "appraisal.not_yours", "appraisal: only the staff member appraised may respond")
	// ErrNoScheme: the policy in force has no scheme for the staff member's role (§6.1).
	ErrNoScheme = dealerkit.NewError(dealerkit.ErrRefused, "appraisal.no_scheme", "appraisal: no scheme for this role")
	// ErrUnknownVersion: no scheme version of that name (§6.4).
	ErrUnknownVersion = dealerkit.NewError(dealerkit.ErrInvalid, "appraisal.unknown_version", "appraisal: unknown scheme version")
	// ErrNotManual: a rating was given for a dimension computed from facts (§6.2).
	ErrNotManual = dealerkit.NewError(dealerkit.ErrInvalid, "appraisal.not_manual", "appraisal: the dimension is computed from facts, not rated")
	// ErrTaken: the staff member already has an appraisal for a period starting then.
	ErrTaken = dealerkit.NewError(dealerkit.ErrConflict, "appraisal.taken", "appraisal: the staff member already has an appraisal for this period")
)

// StateError names the appraisal's state and the step refused in it. It unwraps to ErrWrongState.
type StateError struct {
	State State
	Step  string
}

func (e *StateError) Error() string {
	return fmt.Sprintf("%v: cannot %s an appraisal that is %s", ErrWrongState, e.Step, e.State)
}

// Unwrap returns ErrWrongState.
func (e *StateError) Unwrap() error { return ErrWrongState }

// Field reasons of this package (dealerkit.FieldError.Code).
const (
	// ReasonWeightsSum: a scheme's weights do not add up to exactly 100% (§6.1).
	ReasonWeightsSum dealerkit.Reason = "appraisal.weights_sum"
	// ReasonBackwardsCurve: a curve runs against its metric's direction (§6.1).
	ReasonBackwardsCurve dealerkit.Reason = "appraisal.backwards_curve"
	// ReasonUnknownGrade: an outcome names a grade no band has (§6.3).
	ReasonUnknownGrade dealerkit.Reason = "appraisal.unknown_grade"
)

// FieldReasons lists the package's field reasons.
func FieldReasons() []dealerkit.Reason {
	return []dealerkit.Reason{ReasonWeightsSum, ReasonBackwardsCurve, ReasonUnknownGrade}
}

// errorValues lists every exported error value, for LabelKeys and the class table test.
func errorValues() []error {
	return []error{ErrWrongState, ErrOwnAppraisal, ErrNotYours, ErrNoScheme, ErrUnknownVersion, ErrNotManual, ErrTaken,
		&StateError{State: StateDraft, Step: "answer"}}
}

func invalid(field, value string, reason dealerkit.Reason, text string) error {
	var v dealerkit.ValidationError
	v.AddCode(field, value, reason, text)
	return v.Err()
}
