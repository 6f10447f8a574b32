package parts

import (
	"encoding/json"
	"fmt"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Errors of the parts rules. Each refusal leaves everything unchanged. Match them with errors.Is;
// the typed errors below carry the details and unwrap to one of these. Each is a
// *dealerkit.RuleError of one kernel class (dealerkit.ErrRefused for a rule, ErrInvalid for a bad
// part number, ErrConflict for a reused key, ErrNotFound for a line the document lacks) with a
// stable code (dealerkit.CodeOf).
var (
	// ErrInsufficientStock: a movement or reservation would take stock that is not there, or is
	// held for another order. Stock never goes negative (§3.4(1)).
	ErrInsufficientStock = dealerkit.NewError(dealerkit.ErrRefused, "parts.insufficient_stock", "parts: insufficient stock")
	// ErrBadPartNumber: the part number is malformed (§3.4(3)).
	ErrBadPartNumber = dealerkit.NewError(dealerkit.ErrInvalid, "parts.bad_part_number", "parts: invalid part number")
	// ErrWrongState: the command is not allowed in the document's state.
	ErrWrongState = dealerkit.NewError(dealerkit.ErrRefused, "parts.wrong_state", "parts: not allowed in this state")
	// ErrKeyReused: an idempotency key was used before for a different request.
	ErrKeyReused = dealerkit.NewError(dealerkit.ErrConflict, "parts.key_reused", "parts: idempotency key already used for a different request")
	// ErrUnknownLine: no such line on the document.
	ErrUnknownLine = dealerkit.NewError(dealerkit.ErrNotFound, "parts.unknown_line", "parts: no such line")
	// ErrOverReceipt: more accepted than the purchase line still awaits (§3.4.2).
	ErrOverReceipt = dealerkit.NewError(dealerkit.ErrRefused, "parts.over_receipt", "parts: more received than ordered")
	// ErrNotSourced: the supplier is not a source of the part in the catalogue (§3.4.1).
	ErrNotSourced = dealerkit.NewError(dealerkit.ErrRefused, "parts.not_sourced", "parts: the supplier does not supply this part")
	// ErrInactivePart: the part is discontinued and cannot be bought (§3.4.1).
	ErrInactivePart = dealerkit.NewError(dealerkit.ErrRefused, "parts.inactive_part", "parts: part is discontinued")
	// ErrOriginNotApproved: the stocked part's origin is not the one the customer approved on the
	// repair-order line (§3.4.3, §4.2.1).
	ErrOriginNotApproved = dealerkit.NewError(dealerkit.ErrRefused, "parts.origin_not_approved", "parts: the customer did not approve a part of this origin")
	// ErrWrongPart: the repair-order line is not for this part (§3.4.3).
	ErrWrongPart = dealerkit.NewError(dealerkit.ErrRefused, "parts.wrong_part", "parts: the repair-order line is for another part")
	// ErrNotCounted: a stocktake line has no count yet (§3.4.4).
	ErrNotCounted = dealerkit.NewError(dealerkit.ErrRefused, "parts.not_counted", "parts: stocktake line not counted")
	// ErrRecountNeeded: a stocktake line's variance is over the policy threshold and needs a
	// recount (§3.4.4).
	ErrRecountNeeded = dealerkit.NewError(dealerkit.ErrRefused, "parts.recount_needed", "parts: stocktake line needs a recount")
	// ErrCounterApproves: whoever counted a stocktake may not approve its adjustments: counts
	// and adjustments are separate duties (§3.4(4), §3.1).
	ErrCounterApproves = dealerkit.NewError(dealerkit.ErrRefused, "parts.counter_approves", "parts: a counter may not approve the stocktake's adjustments")
	// ErrNotReversible: a movement can be reversed once, and a reversal cannot be reversed.
	ErrNotReversible = dealerkit.NewError(dealerkit.ErrRefused, "parts.not_reversible", "parts: movement cannot be reversed")
)

// StockError says which stock row could not give what was asked: Have is what it could give
// (on-hand less what is held for other orders, or the reserved quantity when releasing), Want
// what was asked. It unwraps to ErrInsufficientStock.
type StockError struct {
	Part uuid.UUID       `json:"part"`
	Bin  string          `json:"bin"`
	Have decimal.Decimal `json:"have"`
	Want decimal.Decimal `json:"want"`
}

func (e *StockError) Error() string {
	return fmt.Sprintf("parts: insufficient stock of part %s in bin %q: have %s, want %s", e.Part, e.Bin, e.Have, e.Want)
}

// Unwrap returns ErrInsufficientStock.
func (e *StockError) Unwrap() error { return ErrInsufficientStock }

// PartNumberError says why a part number was refused. It unwraps to ErrBadPartNumber.
type PartNumberError struct {
	Number string `json:"number"`
	Reason string `json:"reason"`
}

func (e *PartNumberError) Error() string {
	return fmt.Sprintf("parts: invalid part number %q: %s", e.Number, e.Reason)
}

// Unwrap returns ErrBadPartNumber.
func (e *PartNumberError) Unwrap() error { return ErrBadPartNumber }

// FieldReason is the field reason a validation error records for a bad part number.
func (e *PartNumberError) FieldReason() dealerkit.Reason { return dealerkit.ReasonBadFormat }

// StateError names the document, its state and the refused command. It unwraps to
// ErrWrongState.
type StateError struct {
	Document string `json:"document"` // "purchase_order", "stocktake"
	State    string `json:"state"`
	Command  string `json:"command"`
}

func (e *StateError) Error() string {
	return fmt.Sprintf("parts: cannot %s a %s that is %s", e.Command, e.Document, e.State)
}

// Unwrap returns ErrWrongState.
func (e *StateError) Unwrap() error { return ErrWrongState }

// KeyError names an idempotency key used before for a different request. It unwraps to
// ErrKeyReused.
type KeyError struct {
	Key string `json:"key"`
}

func (e *KeyError) Error() string { return fmt.Sprintf("%v: %q", ErrKeyReused, e.Key) }

// Unwrap returns ErrKeyReused.
func (e *KeyError) Unwrap() error { return ErrKeyReused }

// LineError names the document line a rule refused. It unwraps to the rule's sentinel.
type LineError struct {
	Line uuid.UUID `json:"line"`
	Err  error     `json:"-"`
}

func (e *LineError) Error() string { return fmt.Sprintf("%v (line %s)", e.Err, e.Line) }

// Unwrap returns the rule's sentinel.
func (e *LineError) Unwrap() error { return e.Err }

// QuantityError says a purchase line could take at most Limit and Want was asked. It unwraps to
// ErrOverReceipt.
type QuantityError struct {
	Line  uuid.UUID       `json:"line"`
	Limit decimal.Decimal `json:"limit"`
	Want  decimal.Decimal `json:"want"`
}

func (e *QuantityError) Error() string {
	return fmt.Sprintf("%v (line %s: at most %s, asked %s)", ErrOverReceipt, e.Line, e.Limit, e.Want)
}

// Unwrap returns ErrOverReceipt.
func (e *QuantityError) Unwrap() error { return ErrOverReceipt }

// ReversalError says a reversal of an inbound movement could not take back the stock that
// movement brought in: under FIFO, its cost layer holds only Have of the Want to reverse (the rest
// was issued, or the row was converted to FIFO after the movement). It unwraps to
// ErrNotReversible.
type ReversalError struct {
	Movement uuid.UUID       `json:"movement"` // the movement being reversed
	Part     uuid.UUID       `json:"part"`
	Bin      string          `json:"bin"`
	Have     decimal.Decimal `json:"have"`
	Want     decimal.Decimal `json:"want"`
}

func (e *ReversalError) Error() string {
	return fmt.Sprintf("%v: movement %s brought %s of part %s into bin %q, of which %s is left in its cost layer",
		ErrNotReversible, e.Movement, e.Want, e.Part, e.Bin, e.Have)
}

// Unwrap returns ErrNotReversible.
func (e *ReversalError) Unwrap() error { return ErrNotReversible }

// errorJSON is a typed error's JSON form: its stable code and message beside its own fields
// (fields is a method-less copy of the error; its decimals keep their scale).
func errorJSON(err error, fields any) ([]byte, error) {
	b, err2 := exactJSON(fields)
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
func (e *StockError) MarshalJSON() ([]byte, error) {
	type plain StockError
	return errorJSON(e, plain(*e))
}

// MarshalJSON gives the error's JSON form: {"code", "message"} and its fields.
func (e *PartNumberError) MarshalJSON() ([]byte, error) {
	type plain PartNumberError
	return errorJSON(e, plain(*e))
}

// MarshalJSON gives the error's JSON form: {"code", "message"} and its fields.
func (e *StateError) MarshalJSON() ([]byte, error) {
	type plain StateError
	return errorJSON(e, plain(*e))
}

// MarshalJSON gives the error's JSON form: {"code", "message"} and its fields.
func (e *KeyError) MarshalJSON() ([]byte, error) {
	type plain KeyError
	return errorJSON(e, plain(*e))
}

// MarshalJSON gives the error's JSON form: {"code", "message"} and its fields.
func (e *LineError) MarshalJSON() ([]byte, error) {
	type plain LineError
	return errorJSON(e, plain(*e))
}

// MarshalJSON gives the error's JSON form: {"code", "message"} and its fields.
func (e *QuantityError) MarshalJSON() ([]byte, error) {
	type plain QuantityError
	return errorJSON(e, plain(*e))
}

// MarshalJSON gives the error's JSON form: {"code", "message"} and its fields.
func (e *ReversalError) MarshalJSON() ([]byte, error) {
	type plain ReversalError
	return errorJSON(e, plain(*e))
}
