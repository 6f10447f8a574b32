package training

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
)

// The package's sentinel errors. Each matches exactly one kernel class and carries a stable code;
// the typed errors below unwrap to them. A refused call changes nothing.
var (
	// ErrWrongState: the record is not in a state that allows the command.
	ErrWrongState = dealerkit.NewError(dealerkit.ErrRefused, "training.wrong_state", "training: not allowed in this state")
	// ErrInactiveCourse: the course is retired and takes no new sessions or plans (§7.2).
	ErrInactiveCourse = dealerkit.NewError(dealerkit.ErrRefused, "training.inactive_course", "training: the course is retired")
	// ErrPrerequisiteMissing: an attendee has not passed a course the course requires first (§7.2).
	ErrPrerequisiteMissing = dealerkit.NewError(dealerkit.ErrRefused, "training.prerequisite_missing", "training: a prerequisite course is not passed")
	// ErrNotQualified: the technician lacks a valid certificate the job needs (§3.3, §4.2.2, §8.4).
	// *QualificationError says which; it matches aftersales.ErrNotQualified as well.
	ErrNotQualified = dealerkit.NewError(dealerkit.ErrRefused, "training.not_qualified", "training: technician not qualified for this job")
	// ErrNotEligible: the staff member does not meet the next rung's requirements (§7.4).
	ErrNotEligible = dealerkit.NewError(dealerkit.ErrRefused, "training.not_eligible", "training: not eligible for the next rung")
	// ErrCodeTaken: another course of the dealer has the code.
	ErrCodeTaken = dealerkit.NewError(dealerkit.ErrConflict, "training.code_taken", "training: course code already used")
	// ErrAlreadyRegistered: the staff member is already on the training roster.
	ErrAlreadyRegistered = dealerkit.NewError(dealerkit.ErrConflict, "training.already_registered", "training: staff member already registered")
)

// Field reasons of this package (FieldError.Code), labelled in Labels.
const (
	// ReasonUnknownReference: an id that names no record of the dealer (a course, a staff
	// member on the roster, a certificate).
	ReasonUnknownReference dealerkit.Reason = "training.unknown_reference"
	// ReasonUnknownCertificateType: a certificate type the policy in force does not declare.
	ReasonUnknownCertificateType dealerkit.Reason = "training.unknown_certificate_type"
)

// Reasons lists the package's field reasons.
func Reasons() []dealerkit.Reason {
	return []dealerkit.Reason{ReasonUnknownReference, ReasonUnknownCertificateType}
}

// StateError names the record, its state and the refused command. It unwraps to ErrWrongState.
type StateError struct {
	Record  string `json:"record"` // "session", "certificate"
	State   string `json:"state"`
	Command string `json:"command"`
}

func (e *StateError) Error() string {
	return fmt.Sprintf("training: cannot %s a %s that is %s", e.Command, e.Record, e.State)
}

// Unwrap returns ErrWrongState.
func (e *StateError) Unwrap() error { return ErrWrongState }

// ErrorCode returns ErrWrongState's code.
func (e *StateError) ErrorCode() dealerkit.Code { return ErrWrongState.ErrorCode() }

// PrerequisiteError names the attendee and the prerequisite courses they have not passed. It
// unwraps to ErrPrerequisiteMissing.
type PrerequisiteError struct {
	Staff   dealerkit.StaffID `json:"staff"`
	Course  uuid.UUID         `json:"course"`
	Missing []uuid.UUID       `json:"missing"`
}

func (e *PrerequisiteError) Error() string {
	ids := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		ids[i] = m.String()
	}
	return fmt.Sprintf("%v: staff %s, course %s needs %s", ErrPrerequisiteMissing, e.Staff, e.Course, strings.Join(ids, ", "))
}

// Unwrap returns ErrPrerequisiteMissing.
func (e *PrerequisiteError) Unwrap() error { return ErrPrerequisiteMissing }

// ErrorCode returns ErrPrerequisiteMissing's code.
func (e *PrerequisiteError) ErrorCode() dealerkit.Code { return ErrPrerequisiteMissing.ErrorCode() }

// CertificateRef names one certificate a qualification check found wanting.
type CertificateRef struct {
	ID        uuid.UUID `json:"id"`
	Type      string    `json:"type"`
	Status    Status    `json:"status"`
	ExpiresAt time.Time `json:"expires_at"`
}

// QualificationError is the refusal of a dispatch (§3.3, §4.2.2, §8.4): which certificate types
// the skill needs that the technician does not hold at all (Missing), holds only expired
// (Expired) or holds only suspended or revoked (Suspended). A skill the policy does not know is
// UnknownSkill. It unwraps to ErrNotQualified and to aftersales.ErrNotQualified, so the
// aftersales Service passes it back unchanged and a front end can say why.
type QualificationError struct {
	Technician   dealerkit.StaffID `json:"technician"`
	Skill        string            `json:"skill"`
	At           time.Time         `json:"at"`
	UnknownSkill bool              `json:"unknown_skill,omitempty"`
	Missing      []string          `json:"missing,omitempty"`
	Expired      []CertificateRef  `json:"expired,omitempty"`
	Suspended    []CertificateRef  `json:"suspended,omitempty"`
}

func (e *QualificationError) Error() string {
	skill := e.Skill
	if skill == "" {
		skill = "shop-floor work"
	}
	var why []string
	if e.UnknownSkill {
		why = append(why, "skill not in the training policy")
	}
	if len(e.Missing) > 0 {
		why = append(why, "missing "+strings.Join(e.Missing, ", "))
	}
	for _, c := range e.Expired {
		why = append(why, fmt.Sprintf("%s expired %s", c.Type, c.ExpiresAt.UTC().Format(time.RFC3339)))
	}
	for _, c := range e.Suspended {
		why = append(why, fmt.Sprintf("%s %s", c.Type, c.Status))
	}
	return fmt.Sprintf("%v: technician %s, %s: %s", ErrNotQualified, e.Technician, skill, strings.Join(why, "; "))
}

// Unwrap returns ErrNotQualified and aftersales.ErrNotQualified.
func (e *QualificationError) Unwrap() []error {
	return []error{ErrNotQualified, aftersales.ErrNotQualified}
}

// ErrorCode returns ErrNotQualified's code.
func (e *QualificationError) ErrorCode() dealerkit.Code { return ErrNotQualified.ErrorCode() }

// EligibilityError is a refused promotion: what the staff member lacks for the next rung. It
// unwraps to ErrNotEligible.
type EligibilityError struct {
	Staff dealerkit.StaffID `json:"staff"`
	Rung  string            `json:"rung"`
	Lacks []Lack            `json:"lacks"`
}

func (e *EligibilityError) Error() string {
	parts := make([]string, len(e.Lacks))
	for i, l := range e.Lacks {
		parts[i] = l.String()
	}
	return fmt.Sprintf("%v: staff %s for %s: %s", ErrNotEligible, e.Staff, e.Rung, strings.Join(parts, "; "))
}

// Unwrap returns ErrNotEligible.
func (e *EligibilityError) Unwrap() error { return ErrNotEligible }

// ErrorCode returns ErrNotEligible's code.
func (e *EligibilityError) ErrorCode() dealerkit.Code { return ErrNotEligible.ErrorCode() }

// errorList lists every exported error value, for labels and tests.
func errorList() []error {
	return []error{ErrWrongState, ErrInactiveCourse, ErrPrerequisiteMissing, ErrNotQualified, ErrNotEligible,
		ErrCodeTaken, ErrAlreadyRegistered}
}

// MarshalJSON gives the error's stable form: its code and message beside its fields.
func (e *StateError) MarshalJSON() ([]byte, error) {
	type plain StateError
	return json.Marshal(struct {
		Code    dealerkit.Code `json:"code"`
		Message string         `json:"message"`
		*plain
	}{e.ErrorCode(), e.Error(), (*plain)(e)})
}

// MarshalJSON gives the error's stable form: its code and message beside its fields.
func (e *PrerequisiteError) MarshalJSON() ([]byte, error) {
	type plain PrerequisiteError
	return json.Marshal(struct {
		Code    dealerkit.Code `json:"code"`
		Message string         `json:"message"`
		*plain
	}{e.ErrorCode(), e.Error(), (*plain)(e)})
}

// MarshalJSON gives the error's stable form: its code and message beside its fields.
func (e *QualificationError) MarshalJSON() ([]byte, error) {
	type plain QualificationError
	return json.Marshal(struct {
		Code    dealerkit.Code `json:"code"`
		Message string         `json:"message"`
		*plain
	}{e.ErrorCode(), e.Error(), (*plain)(e)})
}

// MarshalJSON gives the error's stable form: its code and message beside its fields.
func (e *EligibilityError) MarshalJSON() ([]byte, error) {
	type plain EligibilityError
	return json.Marshal(struct {
		Code    dealerkit.Code `json:"code"`
		Message string         `json:"message"`
		*plain
	}{e.ErrorCode(), e.Error(), (*plain)(e)})
}
