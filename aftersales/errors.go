package aftersales

import (
	"errors"
	"fmt"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Errors of the repair-order rules, beside ErrWrongState and ErrBadVIN. Each refusal leaves the
// order unchanged. Match them with errors.Is.
var (
	ErrUnknownLine         = errors.New("aftersales: no such line on this repair order")
	ErrNotApproved         = errors.New("aftersales: the customer has not approved this line")             // §4.2.1, §4.3.2
	ErrAlreadyDecided      = errors.New("aftersales: the customer has already decided this line")          // §4.2.1
	ErrNotQualified        = errors.New("aftersales: technician not qualified for this job")               // §3.3, §4.2.2, §8.4
	ErrEquipmentOutOfUse   = errors.New("aftersales: equipment is out of service")                         // §4.2.2, §8.2
	ErrNotAssigned         = errors.New("aftersales: job not dispatched to this technician")               // §4.2.2, §4.3.1
	ErrClockRunning        = errors.New("aftersales: a clock is running on this job")                      // §4.3.1
	ErrClockNotRunning     = errors.New("aftersales: no clock is running on this job")                     // §4.3.1
	ErrWorkOutstanding     = errors.New("aftersales: work is outstanding")                                 // §4.3
	ErrInspectorDidTheWork = errors.New("aftersales: the inspector worked on this vehicle")                // §4.4.1
	ErrNoReadyNotice       = errors.New("aftersales: the customer has not been told the vehicle is ready") // §4.5.1
	ErrPaymentDue          = errors.New("aftersales: the customer's share is not paid")                    // §4.5.2
	ErrOverpayment         = errors.New("aftersales: payment exceeds the amount due")                      // §4.5.2
	ErrPaymentReference    = errors.New("aftersales: payment reference already used for another payment")  // §4.5.2
	ErrNotPartLine         = errors.New("aftersales: not a part line")                                     // §3.4.3
	ErrIssueOverApproved   = errors.New("aftersales: more parts issued than the customer approved")        // §3.4.3, §4.2.1
	ErrReturnOverIssued    = errors.New("aftersales: more parts returned than were issued")                // §3.4.3
	ErrPartsOutstanding    = errors.New("aftersales: parts are issued to this order")                      // §3.4.3
	ErrWorkStarted         = errors.New("aftersales: work on this line has started")                       // §4.2.1
)

// QuantityError says that a part line can take at most Limit more (issue: approved less issued;
// return: issued) and Want was asked. It unwraps to ErrIssueOverApproved or ErrReturnOverIssued.
type QuantityError struct {
	Line  uuid.UUID
	Limit decimal.Decimal
	Want  decimal.Decimal
	Err   error
}

func (e *QuantityError) Error() string {
	return fmt.Sprintf("%v (line %s: at most %s, asked %s)", e.Err, e.Line, e.Limit, e.Want)
}

// Unwrap returns the rule's sentinel.
func (e *QuantityError) Unwrap() error { return e.Err }

// LineError names the line a rule refused. It unwraps to the rule's sentinel.
type LineError struct {
	Line uuid.UUID
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%v (line %s)", e.Err, e.Line) }

// Unwrap returns the rule's sentinel.
func (e *LineError) Unwrap() error { return e.Err }

// PaymentError names a payment reference already recorded with another amount or method. It
// unwraps to ErrPaymentReference.
type PaymentError struct{ Reference string }

func (e *PaymentError) Error() string { return fmt.Sprintf("%v: %q", ErrPaymentReference, e.Reference) }

// Unwrap returns ErrPaymentReference.
func (e *PaymentError) Unwrap() error { return ErrPaymentReference }

// ReturnCostError says a parts return came with another cost than the line gives the returned
// quantity (§3.4.3). It matches dealerkit.ErrConflict: the usual cause is a line that changed
// since the caller read it, and a fresh read gives the right cost.
type ReturnCostError struct {
	Line      uuid.UUID
	Want, Got decimal.Decimal
}

func (e *ReturnCostError) Error() string {
	return fmt.Sprintf("aftersales: return of line %s costs %s, not %s: %v", e.Line,
		dealerkit.FormatExact(e.Want), dealerkit.FormatExact(e.Got), dealerkit.ErrConflict)
}

// Unwrap returns dealerkit.ErrConflict.
func (e *ReturnCostError) Unwrap() error { return dealerkit.ErrConflict }
