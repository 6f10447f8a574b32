package safety

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
)

// Errors of the safety rules. Each refusal leaves every record unchanged. Match them with
// errors.Is; each matches exactly one kernel class and carries a stable code (dealerkit.CodeOf).
var (
	// ErrOutOfService: the equipment may not be used now (§8.2): unknown, retired, failed its
	// last inspection or overdue for one. *OutOfServiceError says which.
	ErrOutOfService = dealerkit.NewError(dealerkit.ErrRefused, "safety.out_of_service", "safety: equipment is out of service")
	// ErrWrongState: the record is not in a state that allows the step (a *StateError says which).
	ErrWrongState = dealerkit.NewError(dealerkit.ErrRefused, "safety.wrong_state", "safety: not allowed in this state")
	// ErrRepairRequired: failed equipment returns to service only after a repair is recorded
	// and a later inspection passes (§8.2).
	ErrRepairRequired = dealerkit.NewError(dealerkit.ErrRefused, "safety.repair_required", "safety: a repair must be recorded before the re-inspection")
	// ErrWeakerInspection: a failed inspection is cleared only by an inspection of the same plan
	// or a stricter one (pre-use < periodic < statutory), not by a quick pre-use check (§8.2).
	ErrWeakerInspection = dealerkit.NewError(dealerkit.ErrRefused, "safety.weaker_inspection", "safety: the re-inspection must be of the failed plan or a stricter one")
	// ErrOwnCorrection: who corrected a finding or completed an action does not verify it
	// (§8.1, §8.3): the check that a hazard is gone is someone else's.
	ErrOwnCorrection = dealerkit.NewError(dealerkit.ErrRefused, "safety.own_correction", "safety: the one who corrected it cannot verify it")
	// ErrActionsOpen: an incident closes only when it has an action and every action is done and
	// found effective (§8.3).
	ErrActionsOpen = dealerkit.NewError(dealerkit.ErrRefused, "safety.actions_open", "safety: corrective and preventive actions are still open")
	// ErrNotFound: the dealer has no such record (*NotFoundError says which).
	ErrNotFound = dealerkit.NewError(dealerkit.ErrNotFound, "safety.not_found", "safety: not found")
	// ErrCodeTaken: another piece of the dealer's equipment has that code.
	ErrCodeTaken = dealerkit.NewError(dealerkit.ErrConflict, "safety.code_taken", "safety: equipment code already registered")
)

// Field reasons of this package's validation errors.
const (
	// ReasonNotOnChecklist: an item that is not on the policy's checklist for that equipment
	// type, inspection plan or area.
	ReasonNotOnChecklist dealerkit.Reason = "safety.not_on_checklist"
	// ReasonMissingItem: the checklist has an item the result does not give.
	ReasonMissingItem dealerkit.Reason = "safety.missing_checklist_item"
	// ReasonNoFinding: a failed checklist item has no finding with an owner and a due date.
	ReasonNoFinding dealerkit.Reason = "safety.failed_item_without_finding"
	// ReasonNoPlan: the policy has no such plan for that equipment.
	ReasonNoPlan dealerkit.Reason = "safety.no_plan"
)

// FieldReasons lists the package's own field reasons, for labels.
func FieldReasons() []dealerkit.Reason {
	return []dealerkit.Reason{ReasonNotOnChecklist, ReasonMissingItem, ReasonNoFinding, ReasonNoPlan}
}

// OutOfServiceError says why equipment may not be used (§8.2): the code asked about, the reason,
// since when (the due date of the overdue inspection, the time of the failed one), which plan and
// which checklist items failed. It unwraps to ErrOutOfService and to
// aftersales.ErrEquipmentOutOfUse, so a refused dispatch matches both; its code is
// "safety.out_of_service".
type OutOfServiceError struct {
	Equipment string             `json:"equipment"`
	Reason    OutOfServiceReason `json:"reason"`
	Since     time.Time          `json:"since,omitzero"`
	Kind      InspectionKind     `json:"kind,omitempty"`
	Items     []string           `json:"items,omitempty"`
}

func (e *OutOfServiceError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v: %s: %s", ErrOutOfService, e.Equipment, e.Reason)
	if e.Kind != 0 {
		fmt.Fprintf(&b, " (%s inspection)", e.Kind)
	}
	if !e.Since.IsZero() {
		fmt.Fprintf(&b, " since %s", e.Since.UTC().Format(time.RFC3339Nano))
	}
	if len(e.Items) > 0 {
		fmt.Fprintf(&b, ": failed %s", strings.Join(e.Items, ", "))
	}
	return b.String()
}

// Unwrap returns ErrOutOfService and aftersales.ErrEquipmentOutOfUse.
func (e *OutOfServiceError) Unwrap() []error {
	return []error{ErrOutOfService, aftersales.ErrEquipmentOutOfUse}
}

// ErrorCode returns ErrOutOfService's code.
func (e *OutOfServiceError) ErrorCode() dealerkit.Code { return ErrOutOfService.ErrorCode() }

// StateError names the record, its state and the step refused. It unwraps to ErrWrongState.
type StateError struct {
	Record string `json:"record"`
	State  string `json:"state"`
	Action string `json:"action"`
}

func (e *StateError) Error() string {
	return fmt.Sprintf("%v: %s is %s, cannot %s", ErrWrongState, e.Record, e.State, e.Action)
}

// Unwrap returns ErrWrongState.
func (e *StateError) Unwrap() error { return ErrWrongState }

// NotFoundError names a record the dealer does not have: an unknown id, another dealer's record
// (never told apart, §2), or an unknown finding or action of a record. It unwraps to ErrNotFound,
// so it matches dealerkit.ErrNotFound. The Service reports a repository's not-found and conflict errors in its
// own words, so no adapter's wording reaches the host.
type NotFoundError struct {
	Record string `json:"record"`
	ID     string `json:"id"`
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("safety: %s %s: not found", e.Record, e.ID)
}

// Unwrap returns ErrNotFound.
func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// ownWords reports a repository's error about the record in the package's words: not found as a
// *NotFoundError, a lost race as a conflict naming the record; the package's own errors and
// errors of no class (a store failure) pass unchanged.
func ownWords(record, id string, err error) error {
	var (
		rule *dealerkit.RuleError
		v    *dealerkit.ValidationError
		st   *StateError
		nf   *NotFoundError
		oos  *OutOfServiceError
		f    *dealerkit.ForbiddenError
	)
	switch {
	case err == nil, errors.As(err, &rule), errors.As(err, &v), errors.As(err, &st), errors.As(err, &nf), errors.As(err, &oos), errors.As(err, &f):
		return err
	case errors.Is(err, dealerkit.ErrNotFound):
		return &NotFoundError{Record: record, ID: id}
	case errors.Is(err, dealerkit.ErrConflict):
		return fmt.Errorf("safety: %s %s changed meanwhile, try again: %w", record, id, dealerkit.ErrConflict)
	}
	return err
}

// errorTable lists every exported error value with a sample of each typed error, for the label
// list and the tests.
func errorTable() []error {
	return []error{ErrOutOfService, ErrWrongState, ErrRepairRequired, ErrWeakerInspection, ErrOwnCorrection,
		ErrActionsOpen, ErrCodeTaken, ErrNotFound, &OutOfServiceError{Equipment: "LIFT-1", Reason: ReasonOverdue}, &StateError{}, &NotFoundError{}}
}
