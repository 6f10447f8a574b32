package complaints

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Errors of the complaint rules, beside ErrWrongState and ErrUnknownTimeZone. Each refusal leaves
// the complaint unchanged. Match them with errors.Is.
// Each is a *dealerkit.RuleError: errors.Is matches its kernel class too (dealerkit.ErrRefused
// for a rule, dealerkit.ErrInvalid for bad input), and dealerkit.CodeOf gives its stable code.
var (
	ErrAlreadyWaiting     = dealerkit.NewError(dealerkit.ErrRefused, "complaints.already_waiting", "complaints: already waiting for the customer")                               // §5
	ErrNotWaiting         = dealerkit.NewError(dealerkit.ErrRefused, "complaints.not_waiting", "complaints: not waiting for the customer")                                       // §5
	ErrReopenWindowPassed = dealerkit.NewError(dealerkit.ErrRefused, "complaints.reopen_window_passed", "complaints: the reopening window has passed")                           // §5.4
	ErrNamedTechnician    = dealerkit.NewError(dealerkit.ErrRefused, "complaints.named_technician", "complaints: a technician named in the complaint cannot verify or close it") // §5.4
	ErrUnknownRootCause   = dealerkit.NewError(dealerkit.ErrInvalid, "complaints.unknown_root_cause", "complaints: root cause not on the policy's list")                         // §5.5
	ErrTooEarly           = dealerkit.NewError(dealerkit.ErrRefused, "complaints.too_early", "complaints: the effectiveness period has not ended")                               // §5.5
)

// WindowError says when the complaint was closed and how long the reopening window was. It
// unwraps to ErrReopenWindowPassed: record a new complaint instead (it will count as a repeat).
type WindowError struct {
	ClosedAt time.Time `json:"closed_at"`
	At       time.Time `json:"at"`
	Window   Duration  `json:"window"`
}

func (e *WindowError) Error() string {
	return fmt.Sprintf("%v: closed %s, contact %s, window %s", ErrReopenWindowPassed,
		e.ClosedAt.UTC().Format(time.RFC3339), e.At.UTC().Format(time.RFC3339), e.Window)
}

// Unwrap returns ErrReopenWindowPassed.
func (e *WindowError) Unwrap() error { return ErrReopenWindowPassed }

// ErrKeyReused: an intake key was used before for a different complaint (§5.1). It matches
// dealerkit.ErrConflict too.
var ErrKeyReused = dealerkit.NewError(dealerkit.ErrConflict, "complaints.key_reused", "complaints: intake key already used for a different request")

// KeyError names an intake key (IntakeInput.Key) that the dealer used before for a different
// request, and the complaint recorded under it. It unwraps to ErrKeyReused, so it matches
// dealerkit.ErrConflict as well; nothing was recorded.
type KeyError struct {
	Key       string    `json:"key"`
	Complaint uuid.UUID `json:"complaint"`
}

func (e *KeyError) Error() string {
	return fmt.Sprintf("%v: %q (complaint %s)", ErrKeyReused, e.Key, e.Complaint)
}

// Unwrap returns ErrKeyReused.
func (e *KeyError) Unwrap() error { return ErrKeyReused }

// StaffError names the staff member a rule refused. It unwraps to the rule's sentinel.
type StaffError struct {
	Staff dealerkit.StaffID `json:"staff"`
	Err   error             `json:"-"`
}

func (e *StaffError) Error() string { return fmt.Sprintf("%v (staff %s)", e.Err, e.Staff) }

// Unwrap returns the rule's sentinel.
func (e *StaffError) Unwrap() error { return e.Err }

// CheckError says when a corrective action's effectiveness can first be checked. It unwraps to
// ErrTooEarly.
type CheckError struct {
	DueAt time.Time `json:"due_at"`
}

func (e *CheckError) Error() string {
	return fmt.Sprintf("%v: check due %s", ErrTooEarly, e.DueAt.UTC().Format(time.RFC3339))
}

// Unwrap returns ErrTooEarly.
func (e *CheckError) Unwrap() error { return ErrTooEarly }

// ErrWrongState: the command is not allowed in the record's current state.
var ErrWrongState = dealerkit.NewError(dealerkit.ErrRefused, "complaints.wrong_state", "complaints: not allowed in this state")

// StateError names the state and the refused command. It unwraps to ErrWrongState.
type StateError struct {
	State   State   `json:"state"`
	Command Command `json:"command"`
}

func (e *StateError) Error() string {
	return fmt.Sprintf("complaints: cannot %s a complaint that is %s", e.Command, e.State)
}

// Unwrap returns ErrWrongState.
func (e *StateError) Unwrap() error { return ErrWrongState }

// CorrectiveStateError names the corrective action's state and the refused command. It unwraps to
// ErrWrongState.
type CorrectiveStateError struct {
	State   CorrectiveState   `json:"state"`
	Command CorrectiveCommand `json:"command"`
}

func (e *CorrectiveStateError) Error() string {
	return fmt.Sprintf("complaints: cannot %s a corrective action that is %s", e.Command, e.State)
}

// Unwrap returns ErrWrongState.
func (e *CorrectiveStateError) Unwrap() error { return ErrWrongState }

// errorJSON is a typed error's JSON form: its stable code and message beside its own fields
// (fields is a method-less copy of the error).
func errorJSON(err error, fields any) ([]byte, error) {
	b, err2 := json.Marshal(fields)
	if err2 != nil {
		return nil, err2
	}
	m := map[string]json.RawMessage{}
	if err2 := json.Unmarshal(b, &m); err2 != nil {
		return nil, err2
	}
	m["code"], _ = json.Marshal(dealerkit.CodeOf(err))
	m["message"], _ = json.Marshal(err.Error())
	return json.Marshal(m)
}

// MarshalJSON gives the error's JSON form: {"code", "message"} and its fields.
func (e *WindowError) MarshalJSON() ([]byte, error) {
	type plain WindowError
	return errorJSON(e, (*plain)(e))
}

// MarshalJSON gives the error's JSON form: {"code", "message"} and its fields.
func (e *KeyError) MarshalJSON() ([]byte, error) {
	type plain KeyError
	return errorJSON(e, (*plain)(e))
}

// MarshalJSON gives the error's JSON form: {"code", "message"} and its fields.
func (e *StaffError) MarshalJSON() ([]byte, error) {
	type plain StaffError
	return errorJSON(e, (*plain)(e))
}

// MarshalJSON gives the error's JSON form: {"code", "message"} and its fields.
func (e *CheckError) MarshalJSON() ([]byte, error) {
	type plain CheckError
	return errorJSON(e, (*plain)(e))
}

// MarshalJSON gives the error's JSON form: {"code", "message"} and its fields.
func (e *StateError) MarshalJSON() ([]byte, error) {
	type plain StateError
	return errorJSON(e, (*plain)(e))
}

// MarshalJSON gives the error's JSON form: {"code", "message"} and its fields.
func (e *CorrectiveStateError) MarshalJSON() ([]byte, error) {
	type plain CorrectiveStateError
	return errorJSON(e, (*plain)(e))
}
