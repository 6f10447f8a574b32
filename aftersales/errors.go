package aftersales

import (
	"fmt"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Errors of the repair-order rules, beside ErrWrongState and ErrBadVIN. Each refusal leaves the
// order unchanged. Match them with errors.Is.
var (
	ErrUnknownLine         = dealerkit.NewError(dealerkit.ErrNotFound, "aftersales.unknown_line", "aftersales: no such line on this repair order")
	ErrNotApproved         = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.not_approved", "aftersales: the customer has not approved this line")                  // §4.2.1, §4.3.2
	ErrAlreadyDecided      = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.already_decided", "aftersales: the customer has already decided this line")            // §4.2.1
	ErrNotQualified        = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.not_qualified", "aftersales: technician not qualified for this job")                   // §3.3, §4.2.2, §8.4
	ErrEquipmentOutOfUse   = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.equipment_out_of_use", "aftersales: equipment is out of service")                      // §4.2.2, §8.2
	ErrNotAssigned         = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.not_assigned", "aftersales: job not dispatched to this technician")                    // §4.2.2, §4.3.1
	ErrClockRunning        = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.clock_running", "aftersales: a clock is running on this job")                          // §4.3.1
	ErrClockNotRunning     = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.clock_not_running", "aftersales: no clock is running on this job")                     // §4.3.1
	ErrWorkOutstanding     = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.work_outstanding", "aftersales: work is outstanding")                                  // §4.3
	ErrInspectorDidTheWork = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.inspector_did_the_work", "aftersales: the inspector worked on this vehicle")           // §4.4.1
	ErrNoReadyNotice       = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.no_ready_notice", "aftersales: the customer has not been told the vehicle is ready")   // §4.5.1
	ErrPaymentDue          = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.payment_due", "aftersales: the customer's share is not paid")                          // §4.5.2
	ErrOverpayment         = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.overpayment", "aftersales: payment exceeds the amount due")                            // §4.5.2
	ErrPaymentReference    = dealerkit.NewError(dealerkit.ErrConflict, "aftersales.payment_reference", "aftersales: payment reference already used for another payment") // §4.5.2
	ErrNotPartLine         = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.not_part_line", "aftersales: not a part line")                                         // §3.4.3
	ErrIssueOverApproved   = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.issue_over_approved", "aftersales: more parts issued than the customer approved")      // §3.4.3, §4.2.1
	ErrReturnOverIssued    = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.return_over_issued", "aftersales: more parts returned than were issued")               // §3.4.3
	ErrPartsOutstanding    = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.parts_outstanding", "aftersales: parts are issued to this order")                      // §3.4.3
	// ErrDecidePartLines refuses a decision on a part line through Service.Decide: approving or
	// declining a part line reserves or releases stock, so it is one call of the parts package,
	// parts.Service.Approve, which changes the order and the stock in one transaction (§3.4.3).
	ErrDecidePartLines = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.decide_part_lines_through_parts",
		"aftersales: part lines are approved or declined through parts.Service.Approve, which reserves or releases their stock with the decision")
	// ErrCancelPartLines refuses Service.Cancel on an order with an approved part line: stock may
	// be held for it, so the order is cancelled through parts.Service.CancelOrder, which releases
	// that stock in the same transaction (§3.4.3).
	ErrCancelPartLines = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.cancel_through_parts",
		"aftersales: an order with approved part lines is cancelled through parts.Service.CancelOrder, which releases their stock with the cancellation")
	// ErrReturnCost: a parts return came with another cost than the line gives (see ReturnCostError).
	ErrReturnCost = dealerkit.NewError(dealerkit.ErrConflict, "aftersales.return_cost_changed",
		"aftersales: the return's cost is not what the line gives")
	// ErrOrderNotFound: no repair order with that id that the actor may reach (another dealer's,
	// and for a customer another customer's, is not found either). What a service returns for a
	// store's not-found, so no adapter's wording reaches a host.
	ErrOrderNotFound = dealerkit.NewError(dealerkit.ErrNotFound, "aftersales.order_not_found", "aftersales: no such repair order")
	// ErrOrderChanged: the order changed between read and write more often than the service
	// retries, or its id or number is taken; reload and try again.
	ErrOrderChanged = dealerkit.NewError(dealerkit.ErrConflict, "aftersales.order_changed", "aftersales: the repair order changed meanwhile or its number is taken; reload and try again")
	ErrWorkStarted  = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.work_started", "aftersales: work on this line has started") // §4.2.1
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
		dealerkit.FormatExact(e.Want), dealerkit.FormatExact(e.Got), ErrReturnCost)
}

// Unwrap returns ErrReturnCost, of class dealerkit.ErrConflict.
func (e *ReturnCostError) Unwrap() error { return ErrReturnCost }

// The package's own field reasons (dealerkit.FieldError.Code), beside the kernel's and
// ReasonBadVIN; each is labelled in Labels.
const (
	ReasonNotADispatchedJob dealerkit.Reason = "aftersales.not_a_dispatched_job" // names a line that is no dispatched job of the order
	ReasonOnlyOnPartLines   dealerkit.Reason = "aftersales.only_on_part_lines"   // a part-line field given on a labour line
	ReasonWalkAroundNotDone dealerkit.Reason = "aftersales.walk_around_not_done" // §4.1.2: the order opens only after the walk-around
	ReasonNotExpected       dealerkit.Reason = "aftersales.not_expected"         // given where the rest of the request rules it out
)

// Reasons lists the package's field reasons, for label catalogues and their tests.
func Reasons() []dealerkit.Reason {
	return []dealerkit.Reason{ReasonBadVIN, ReasonNotADispatchedJob, ReasonOnlyOnPartLines, ReasonWalkAroundNotDone, ReasonNotExpected}
}

// fromStore gives a repository's not-found and conflict errors as the package's own sentinels,
// so the class stays and no adapter's text reaches a host; domain errors (which carry their own
// code) and errors of no class (a broken connection) pass unchanged.
func fromStore(err error) error {
	switch dealerkit.CodeOf(err) {
	case dealerkit.CodeNotFound:
		return ErrOrderNotFound
	case dealerkit.CodeConflict:
		return ErrOrderChanged
	}
	return err
}
