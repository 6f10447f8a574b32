package complaints

import (
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Aggregates of this package, as dealerkit.Event.Aggregate names them.
const (
	AggregateComplaint        = "complaint"
	AggregateCorrectiveAction = "corrective_action"
)

// Event types of complaints. Each names the payload its dealerkit.Event.Data holds (JSON of the
// named type), or says it has none; Event.From and Event.To are the states before and after.
const (
	// EventReceived: a complaint was taken (§5.1). Payload ReceivedPayload.
	EventReceived = "complaint.received"
	// EventAcknowledged: the advisor talked to the customer (§5.2). No payload; the note is in the
	// complaint's history.
	EventAcknowledged = "complaint.acknowledged"
	// EventReported: the complaint was reported to the manager (§5.2). Payload ReportedPayload.
	EventReported = "complaint.reported"
	// EventInvestigated: the investigation started or recorded a finding (§5.3). No payload.
	EventInvestigated = "complaint.investigated"
	// EventSolutionProposed: the manager put a solution to the customer (§5.3). Payload
	// SolutionProposedPayload.
	EventSolutionProposed = "complaint.solution_proposed"
	// EventSolutionAccepted: the customer accepted the solution (§5.3). No payload.
	EventSolutionAccepted = "complaint.solution_accepted"
	// EventSolutionRejected: the customer rejected it; investigating again (§5.3). No payload.
	EventSolutionRejected = "complaint.solution_rejected"
	// EventResolved: the solution was carried out (§5.3). No payload.
	EventResolved = "complaint.resolved"
	// EventVerified: the verification contact confirmed the matter solved (§5.4). No payload.
	EventVerified = "complaint.verified"
	// EventReopened: a failed verification or a new contact reopened the complaint (§5.4).
	// Payload ReopenedPayload.
	EventReopened = "complaint.reopened"
	// EventClosed: the complaint was closed (§5.4). Payload ClosedPayload.
	EventClosed = "complaint.closed"
	// EventStaffNamed: the investigation named staff (§5.3). Payload StaffNamedPayload.
	EventStaffNamed = "complaint.staff_named"
	// EventContacted: the customer raised the matter again on an open complaint (§5.1). Payload
	// ContactedPayload.
	EventContacted = "complaint.contacted"
	// EventWaiting: the clock stopped while waiting for the customer (§5). No payload.
	EventWaiting = "complaint.waiting"
	// EventCustomerResponded: the customer answered; the clock runs again (§5). No payload.
	EventCustomerResponded = "complaint.customer_responded"
	// EventRootCauseSet: the root cause was revised (§5.5). Payload RootCauseSetPayload.
	EventRootCauseSet = "complaint.root_cause_set"
	// EventEscalated: a deadline was missed and the complaint rose a level (§5.2-§5.4). Payload
	// Breach.
	EventEscalated = "complaint.escalated"

	// EventCorrectiveOpened: a corrective action was opened (§5.5). Payload
	// CorrectiveOpenedPayload.
	EventCorrectiveOpened = "corrective_action.opened"
	// EventCorrectiveCompleted: the action was carried out (§5.5). Payload
	// CorrectiveCompletedPayload.
	EventCorrectiveCompleted = "corrective_action.completed"
	// EventCorrectiveChecked: its effectiveness was checked (§5.5). Payload Effectiveness.
	EventCorrectiveChecked = "corrective_action.checked"
	// EventCorrectiveEscalated: the action passed its due date and rose a level (§5.5). Payload
	// CorrectiveEscalatedPayload.
	EventCorrectiveEscalated = "corrective_action.escalated"
)

// EventTypes lists every event type this package records.
func EventTypes() []string {
	return []string{EventReceived, EventAcknowledged, EventReported, EventInvestigated,
		EventSolutionProposed, EventSolutionAccepted, EventSolutionRejected, EventResolved,
		EventVerified, EventReopened, EventClosed, EventStaffNamed, EventContacted, EventWaiting,
		EventCustomerResponded, EventRootCauseSet, EventEscalated,
		EventCorrectiveOpened, EventCorrectiveCompleted, EventCorrectiveChecked, EventCorrectiveEscalated}
}

// ReceivedPayload is the data of EventReceived.
type ReceivedPayload struct {
	Channel     Channel   `json:"channel"`
	Category    Category  `json:"category"`
	Severity    Severity  `json:"severity"`
	Level       Level     `json:"level"`
	ReceivedAt  time.Time `json:"received_at"`
	RepairOrder uuid.UUID `json:"repair_order,omitzero"`
	VIN         string    `json:"vin,omitempty"`
	RepeatOf    uuid.UUID `json:"repeat_of,omitzero"`
	SourceSeq   int64     `json:"source_seq,omitempty"`
	IntakeKey   string    `json:"intake_key,omitempty"`
	// SeveritySetBy is "staff" when the intake named the severity instead of taking the
	// policy's, and PolicySeverity is then what the policy gives the category.
	SeveritySetBy  string   `json:"severity_set_by,omitempty"`
	PolicySeverity Severity `json:"policy_severity,omitzero"`
	// Customer is the complainant's DMS customer id; zero for an anonymous complaint.
	Customer dealerkit.CustomerID `json:"customer,omitzero"`
}

// ReportedPayload is the data of EventReported.
type ReportedPayload struct {
	Manager dealerkit.StaffID `json:"manager"`
}

// SolutionProposedPayload is the data of EventSolutionProposed.
type SolutionProposedPayload struct {
	RootCause string `json:"root_cause"`
}

// ReopenedPayload is the data of EventReopened: Reason is "verification_failed" or
// "new_contact" (then Channel says how the customer came back); Round is the new round.
type ReopenedPayload struct {
	Reason  string  `json:"reason"`
	Round   int     `json:"round"`
	Channel Channel `json:"channel,omitzero"`
}

// ClosedPayload is the data of EventClosed: how many deadlines the complaint missed.
type ClosedPayload struct {
	Missed int `json:"missed"`
}

// StaffNamedPayload is the data of EventStaffNamed: the staff newly named.
type StaffNamedPayload struct {
	Staff []Involved `json:"staff"`
}

// ContactedPayload is the data of EventContacted.
type ContactedPayload struct {
	Channel Channel `json:"channel"`
}

// RootCauseSetPayload is the data of EventRootCauseSet: the cause before and after.
type RootCauseSetPayload struct {
	From string `json:"from,omitempty"`
	To   string `json:"to"`
}

// CorrectiveOpenedPayload is the data of EventCorrectiveOpened.
type CorrectiveOpenedPayload struct {
	Category  Category          `json:"category"`
	RootCause string            `json:"root_cause"`
	Owner     dealerkit.StaffID `json:"owner"`
	DueAt     time.Time         `json:"due_at"`
}

// CorrectiveCompletedPayload is the data of EventCorrectiveCompleted.
type CorrectiveCompletedPayload struct {
	Late    bool      `json:"late"`
	CheckAt time.Time `json:"check_at"`
}

// CorrectiveEscalatedPayload is the data of EventCorrectiveEscalated.
type CorrectiveEscalatedPayload struct {
	Due   time.Time `json:"due"`
	Level Level     `json:"level"`
}
