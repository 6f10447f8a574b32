package safety

import (
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Event types of the safety package. Each event's Data is the JSON of the payload type named.
// Falling overdue is not an event: it is no change to a record but the passing of a due date,
// which Equipment.Usable reads at the time asked about.
const (
	// EventEquipmentRegistered: equipment entered the register (§8.2). Payload EquipmentRegistered.
	EventEquipmentRegistered = "equipment.registered"
	// EventEquipmentInspected: a passing inspection moved a due date on (§8.2). Payload
	// EquipmentInspected.
	EventEquipmentInspected = "equipment.inspected"
	// EventEquipmentOutOfService: a failed inspection took equipment out of service (§8.2).
	// Payload EquipmentInspected.
	EventEquipmentOutOfService = "equipment.out_of_service"
	// EventEquipmentReturned: a passing re-inspection after a repair returned it to service
	// (§8.2). Payload EquipmentInspected.
	EventEquipmentReturned = "equipment.returned_to_service"
	// EventEquipmentRepaired: failed equipment was repaired (§8.2). Payload EquipmentRepaired.
	EventEquipmentRepaired = "equipment.repaired"
	// EventEquipmentRetired: equipment left the register. Payload EquipmentRetired.
	EventEquipmentRetired = "equipment.retired"
	// EventInspectionRecorded: an inspection was recorded (§8.2). Payload InspectionRecorded.
	EventInspectionRecorded = "equipment_inspection.recorded"
	// EventAreaChecked: an area check was recorded (§8.1). Payload AreaChecked.
	EventAreaChecked = "area_check.recorded"
	// EventFindingCorrected: a finding's corrective action was done (§8.1). Payload FindingChange.
	EventFindingCorrected = "area_check.finding_corrected"
	// EventFindingVerified: a finding was verified closed (§8.1). Payload FindingChange.
	EventFindingVerified = "area_check.finding_verified"
	// EventFindingReopened: the verification found the hazard still there (§8.1). Payload
	// FindingChange.
	EventFindingReopened = "area_check.finding_reopened"
	// EventIncidentReported: an incident or near miss was reported (§8.3). Payload
	// IncidentReported.
	EventIncidentReported = "incident.reported"
	// EventIncidentInvestigated: its investigation was recorded (§8.3). Payload
	// IncidentInvestigated.
	EventIncidentInvestigated = "incident.investigated"
	// EventIncidentActionAdded: a corrective or preventive action was set (§8.3). Payload
	// ActionChange.
	EventIncidentActionAdded = "incident.action_added"
	// EventIncidentActionCompleted: an action was carried out (§8.3). Payload ActionChange.
	EventIncidentActionCompleted = "incident.action_completed"
	// EventIncidentActionEffective: an action was found effective (§8.3). Payload ActionChange.
	EventIncidentActionEffective = "incident.action_effective"
	// EventIncidentActionReopened: an action was found ineffective and reopened (§8.3). Payload
	// ActionChange.
	EventIncidentActionReopened = "incident.action_reopened"
	// EventIncidentClosed: the incident was closed (§8.3). Payload IncidentClosed.
	EventIncidentClosed = "incident.closed"
	// EventDrillHeld: an emergency drill was recorded (§8.4). Payload DrillHeld.
	EventDrillHeld = "drill.held"
	// EventDrillFindingClosed: a drill finding's follow-up was done (§8.4). Payload FindingChange.
	EventDrillFindingClosed = "drill.finding_closed"
)

// EventTypes lists every event type of the package.
func EventTypes() []string {
	return []string{EventEquipmentRegistered, EventEquipmentInspected, EventEquipmentOutOfService, EventEquipmentReturned,
		EventEquipmentRepaired, EventEquipmentRetired, EventInspectionRecorded, EventAreaChecked, EventFindingCorrected,
		EventFindingVerified, EventFindingReopened, EventIncidentReported, EventIncidentInvestigated, EventIncidentActionAdded,
		EventIncidentActionCompleted, EventIncidentActionEffective, EventIncidentActionReopened, EventIncidentClosed,
		EventDrillHeld, EventDrillFindingClosed}
}

// EquipmentRegistered is the payload of EventEquipmentRegistered.
type EquipmentRegistered struct {
	Code      string        `json:"code"`
	Type      EquipmentType `json:"type"`
	Location  string        `json:"location"`
	Statutory bool          `json:"statutory"`
	Due       []Due         `json:"due"`
}

// EquipmentInspected is the payload of EventEquipmentInspected, EventEquipmentOutOfService and
// EventEquipmentReturned.
type EquipmentInspected struct {
	Inspection  uuid.UUID      `json:"inspection"`
	Kind        InspectionKind `json:"kind"`
	PerformedAt time.Time      `json:"performed_at"`
	Passed      bool           `json:"passed"`
	Failed      []string       `json:"failed"`
	Due         []Due          `json:"due,omitempty"`
}

// EquipmentRepaired is the payload of EventEquipmentRepaired.
type EquipmentRepaired struct {
	RepairedAt time.Time `json:"repaired_at"`
	Note       string    `json:"note"`
}

// EquipmentRetired is the payload of EventEquipmentRetired.
type EquipmentRetired struct {
	Note string `json:"note"`
}

// InspectionRecorded is the payload of EventInspectionRecorded.
type InspectionRecorded struct {
	Equipment   uuid.UUID      `json:"equipment"`
	Code        string         `json:"code"`
	Kind        InspectionKind `json:"kind"`
	PerformedAt time.Time      `json:"performed_at"`
	Passed      bool           `json:"passed"`
	Failed      []string       `json:"failed"`
	Grade       int            `json:"grade,omitempty"`
}

// AreaChecked is the payload of EventAreaChecked.
type AreaChecked struct {
	Area      Area      `json:"area"`
	CheckedAt time.Time `json:"checked_at"`
	Failed    int       `json:"failed"`
	Findings  []Finding `json:"findings"`
}

// FindingChange is the payload of the finding events of area checks and drills.
type FindingChange struct {
	Finding uuid.UUID `json:"finding"`
	Item    string    `json:"item,omitempty"`
	Note    string    `json:"note,omitempty"`
}

// IncidentReported is the payload of EventIncidentReported.
type IncidentReported struct {
	Class      IncidentClass  `json:"class"`
	Statutory  StatutoryClass `json:"statutory_class,omitempty"`
	Area       Area           `json:"area"`
	OccurredAt time.Time      `json:"occurred_at"`
	Equipment  []string       `json:"equipment"`
	Related    []uuid.UUID    `json:"related"`
}

// IncidentInvestigated is the payload of EventIncidentInvestigated.
type IncidentInvestigated struct {
	RootCause string         `json:"root_cause"`
	Class     IncidentClass  `json:"class"`
	Statutory StatutoryClass `json:"statutory_class,omitempty"`
}

// ActionChange is the payload of the incident action events.
type ActionChange struct {
	Action uuid.UUID         `json:"action"`
	Kind   ActionKind        `json:"kind"`
	Owner  dealerkit.StaffID `json:"owner"`
	Due    time.Time         `json:"due"`
	Note   string            `json:"note,omitempty"`
}

// IncidentClosed is the payload of EventIncidentClosed: nothing beyond the event itself.
type IncidentClosed struct{}

// DrillHeld is the payload of EventDrillHeld.
type DrillHeld struct {
	Kind         DrillKind `json:"kind"`
	HeldAt       time.Time `json:"held_at"`
	Participants int       `json:"participants"`
	Findings     int       `json:"findings"`
}
