package aftersales

import (
	"encoding/json"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// The event types a repair order records (dealerkit.Event.Type; Aggregate "repair_order"), each
// with the payload type its Data holds as JSON. Types are stable: a host may switch on them and
// label them (Labels).
const (
	EventOpened           = "repair_order.opened"              // §4.1.1; Data OpenedData
	EventComeback         = "repair_order.comeback"            // §3.3; Data ComebackData
	EventLineAdded        = "repair_order.line_added"          // §4.2.1; Data LineData
	EventLineRemoved      = "repair_order.line_removed"        // §4.2.1; Data LineData
	EventApproved         = "repair_order.approved"            // §4.2.1, §4.3.2; Data DecisionData
	EventDeclined         = "repair_order.declined"            // §4.2.1, §4.3.2; Data DecisionData
	EventConsentWithdrawn = "repair_order.consent_withdrawn"   // §4.2.1; Data DecisionData
	EventCustomerNotified = "repair_order.customer_notified"   // §4.2.3; no Data
	EventDispatched       = "repair_order.dispatched"          // §4.2.2; Data DispatchData
	EventClockedOn        = "repair_order.clocked_on"          // §4.3.1; Data LineData
	EventClockedOff       = "repair_order.clocked_off"         // §4.3.1; Data ClockData
	EventClockStopped     = "repair_order.clock_stopped"       // §4.3.1, a manager's override; Data ClockData
	EventJobCompleted     = "repair_order.job_completed"       // §4.3.1; Data LineData
	EventExtraWork        = "repair_order.extra_work_proposed" // §4.3.2; Data LineData
	EventWorkFinished     = "repair_order.work_finished"       // §4.3.1; no Data
	EventCleaned          = "repair_order.cleaned"             // §4.3.3; no Data
	EventInspectionPassed = "repair_order.inspection_passed"   // §4.4.2; no Data
	EventInspectionFailed = "repair_order.inspection_failed"   // §4.4.1; Data InspectionFailedData
	EventReadyNotified    = "repair_order.ready_notified"      // §4.5.1; no Data
	EventSettled          = "repair_order.settled"             // §4.5.2; Data SettledData
	EventObjected         = "repair_order.objected"            // §4.5.3; Data ObjectedData
	EventAccepted         = "repair_order.accepted"            // §4.5.3; no Data
	EventReturnedToWork   = "repair_order.returned_to_work"    // §4.5.3; Data ReturnedToWorkData
	EventPaid             = "repair_order.paid"                // §4.5.2; Data PaidData
	EventDelivered        = "repair_order.delivered"           // §4.5.3; no Data
	EventFollowedUp       = "repair_order.followed_up"         // §4.5.4; Data FollowedUpData
	EventCancelled        = "repair_order.cancelled"           // §4.2.1; no Data
	EventPartsIssued      = "repair_order.parts_issued"        // §3.4.3; Data PartsMovedData
	EventPartsReturned    = "repair_order.parts_returned"      // §3.4.3; Data PartsMovedData
)

// EventTypes lists every event type a repair order records.
func EventTypes() []string {
	return []string{EventOpened, EventComeback, EventLineAdded, EventLineRemoved, EventApproved,
		EventDeclined, EventConsentWithdrawn, EventCustomerNotified, EventDispatched, EventClockedOn,
		EventClockedOff, EventClockStopped, EventJobCompleted, EventExtraWork, EventWorkFinished,
		EventCleaned, EventInspectionPassed, EventInspectionFailed, EventReadyNotified, EventSettled,
		EventObjected, EventAccepted, EventReturnedToWork, EventPaid, EventDelivered, EventFollowedUp,
		EventCancelled, EventPartsIssued, EventPartsReturned}
}

// OpenedData is the Data of EventOpened. TimeToGreet is a Go duration string ("1m30s");
// TimeToGreetNS the same in nanoseconds, as events recorded before the string was added carry it.
type OpenedData struct {
	VIN           VIN    `json:"vin"`
	TimeToGreetNS int64  `json:"time_to_greet_ns"`
	TimeToGreet   string `json:"time_to_greet,omitempty"`
}

// ComebackData is the Data of EventComeback: the earlier order this one returns to.
type ComebackData struct {
	Original uuid.UUID `json:"original"`
}

// LineData is the Data of the events about one line.
type LineData struct {
	Line uuid.UUID `json:"line"`
}

// DecisionData is the Data of EventApproved, EventDeclined and EventConsentWithdrawn.
type DecisionData struct {
	Lines   []uuid.UUID `json:"lines"`
	Channel Channel     `json:"channel"`
}

// DispatchData is the Data of EventDispatched.
type DispatchData struct {
	Line       uuid.UUID         `json:"line"`
	Technician dealerkit.StaffID `json:"technician"`
	PromisedAt time.Time         `json:"promised_at"`
}

// ClockData is the Data of EventClockedOff and EventClockStopped.
type ClockData struct {
	Line       uuid.UUID         `json:"line"`
	Technician dealerkit.StaffID `json:"technician"`
}

// InspectionFailedData is the Data of EventInspectionFailed: the jobs sent back.
type InspectionFailedData struct {
	Rework []uuid.UUID `json:"rework"`
}

// SettledData is the Data of EventSettled: exact decimals as strings.
type SettledData struct {
	Total       string `json:"total"`
	CustomerDue string `json:"customer_due"`
}

// ObjectedData is the Data of EventObjected.
type ObjectedData struct {
	Remarks string `json:"remarks"`
}

// ReturnedToWorkData is the Data of EventReturnedToWork.
type ReturnedToWorkData struct {
	Lines  []uuid.UUID `json:"lines"`
	Reason string      `json:"reason"`
}

// PaidData is the Data of EventPaid; Amount is an exact decimal string.
type PaidData struct {
	Amount    string `json:"amount"`
	Method    string `json:"method"`
	Reference string `json:"reference,omitempty"`
}

// FollowedUpData is the Data of EventFollowedUp: the survey's scores, 0..10 per item.
type FollowedUpData struct {
	Scores map[string]int `json:"scores"`
}

// PartsMovedData is the Data of EventPartsIssued and EventPartsReturned.
type PartsMovedData struct {
	Line     uuid.UUID       `json:"line"`
	Quantity decimal.Decimal `json:"quantity"`
	Cost     decimal.Decimal `json:"cost"`
}

// MarshalJSON keeps the decimals' scale.
func (d PartsMovedData) MarshalJSON() ([]byte, error) {
	type plain PartsMovedData
	return json.Marshal(struct {
		plain
		Quantity exact `json:"quantity"`
		Cost     exact `json:"cost"`
	}{plain(d), exact(d.Quantity), exact(d.Cost)})
}
