package safety

import "github.com/dealerkit/dealerkit/internal/enum"

// EquipmentType is a kind of equipment or tool in the register (§8.2). The policy gives each type its inspection plan.
type EquipmentType uint8

// The values of EquipmentType.
const (
	TypeTwoPostLift EquipmentType = iota + 1
	TypeFourPostLift
	TypeAirCompressor
	TypeAirReceiver
	TypeTyreChanger
	TypeWheelBalancer
	TypeAlignmentRig
	TypeACRecoveryMachine
	TypeEVInsulationTester
	TypeBatteryLiftTable
	TypeFireExtinguisher
	TypeOtherEquipment
)

var equipmentTypeEnum = enum.New[EquipmentType]("safety.equipment_type", "type", "two_post_lift", "four_post_lift", "air_compressor", "air_receiver", "tyre_changer", "wheel_balancer", "alignment_rig", "ac_recovery_machine", "ev_insulation_tester", "battery_lift_table", "fire_extinguisher", "other")

// EquipmentTypes lists every EquipmentType value.
func EquipmentTypes() []EquipmentType { return equipmentTypeEnum.All() }

// Valid reports whether e is a declared value.
func (e EquipmentType) Valid() bool { return equipmentTypeEnum.Valid(e) }

func (e EquipmentType) String() string { return equipmentTypeEnum.String(e) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (e EquipmentType) LabelKey() string { return equipmentTypeEnum.LabelKey(e) }

// ParseEquipmentType parses the name String returns.
func ParseEquipmentType(s string) (EquipmentType, error) { return equipmentTypeEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (e EquipmentType) MarshalText() ([]byte, error) { return equipmentTypeEnum.Marshal(e) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (e *EquipmentType) UnmarshalText(b []byte) (err error) {
	*e, err = equipmentTypeEnum.Unmarshal(b)
	return
}

// EquipmentState is where a piece of equipment stands in its register entry (§8.2). Overdue is not a state: it follows from the due dates and the time asked about, so equipment falls out of service at the very instant an inspection falls due.
type EquipmentState uint8

// The values of EquipmentState.
const (
	StateInService EquipmentState = iota + 1
	StateOutOfService
	StateRetired
)

var equipmentStateEnum = enum.New[EquipmentState]("safety.equipment_state", "state", "in_service", "out_of_service", "retired")

// EquipmentStates lists every EquipmentState value.
func EquipmentStates() []EquipmentState { return equipmentStateEnum.All() }

// Valid reports whether e is a declared value.
func (e EquipmentState) Valid() bool { return equipmentStateEnum.Valid(e) }

func (e EquipmentState) String() string { return equipmentStateEnum.String(e) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (e EquipmentState) LabelKey() string { return equipmentStateEnum.LabelKey(e) }

// ParseEquipmentState parses the name String returns.
func ParseEquipmentState(s string) (EquipmentState, error) { return equipmentStateEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (e EquipmentState) MarshalText() ([]byte, error) { return equipmentStateEnum.Marshal(e) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (e *EquipmentState) UnmarshalText(b []byte) (err error) {
	*e, err = equipmentStateEnum.Unmarshal(b)
	return
}

// InspectionKind is one of the three inspection plans of §8.2: the check before use, the periodic check the dealer does itself, and the statutory inspection an outside body does.
type InspectionKind uint8

// The values of InspectionKind.
const (
	InspectionPreUse InspectionKind = iota + 1
	InspectionPeriodic
	InspectionStatutory
)

var inspectionKindEnum = enum.New[InspectionKind]("safety.inspection_kind", "kind", "pre_use", "periodic", "statutory")

// InspectionKinds lists every InspectionKind value.
func InspectionKinds() []InspectionKind { return inspectionKindEnum.All() }

// Valid reports whether i is a declared value.
func (i InspectionKind) Valid() bool { return inspectionKindEnum.Valid(i) }

func (i InspectionKind) String() string { return inspectionKindEnum.String(i) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (i InspectionKind) LabelKey() string { return inspectionKindEnum.LabelKey(i) }

// ParseInspectionKind parses the name String returns.
func ParseInspectionKind(s string) (InspectionKind, error) { return inspectionKindEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (i InspectionKind) MarshalText() ([]byte, error) { return inspectionKindEnum.Marshal(i) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (i *InspectionKind) UnmarshalText(b []byte) (err error) {
	*i, err = inspectionKindEnum.Unmarshal(b)
	return
}

// OutOfServiceReason says why equipment may not be used (§8.2).
type OutOfServiceReason uint8

// The values of OutOfServiceReason.
const (
	ReasonUnknown OutOfServiceReason = iota + 1
	ReasonOverdue
	ReasonFailed
	ReasonRetired
)

var outOfServiceReasonEnum = enum.New[OutOfServiceReason]("safety.out_of_service_reason", "reason", "unknown", "overdue", "failed", "retired")

// OutOfServiceReasons lists every OutOfServiceReason value.
func OutOfServiceReasons() []OutOfServiceReason { return outOfServiceReasonEnum.All() }

// Valid reports whether r is a declared value.
func (r OutOfServiceReason) Valid() bool { return outOfServiceReasonEnum.Valid(r) }

func (r OutOfServiceReason) String() string { return outOfServiceReasonEnum.String(r) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (r OutOfServiceReason) LabelKey() string { return outOfServiceReasonEnum.LabelKey(r) }

// ParseOutOfServiceReason parses the name String returns.
func ParseOutOfServiceReason(s string) (OutOfServiceReason, error) {
	return outOfServiceReasonEnum.Parse(s)
}

// MarshalText implements encoding.TextMarshaler.
func (r OutOfServiceReason) MarshalText() ([]byte, error) { return outOfServiceReasonEnum.Marshal(r) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *OutOfServiceReason) UnmarshalText(b []byte) (err error) {
	*r, err = outOfServiceReasonEnum.Unmarshal(b)
	return
}

// Area is a part of the service area that is checked against its own checklist (§8.1).
type Area uint8

// The values of Area.
const (
	AreaWorkshopFloor Area = iota + 1
	AreaCustomerLounge
	AreaPartsStore
	AreaPaintBooth
	AreaBatteryStore
)

var areaEnum = enum.New[Area]("safety.area", "area", "workshop_floor", "customer_lounge", "parts_store", "paint_booth", "battery_store")

// Areas lists every Area value.
func Areas() []Area { return areaEnum.All() }

// Valid reports whether a is a declared value.
func (a Area) Valid() bool { return areaEnum.Valid(a) }

func (a Area) String() string { return areaEnum.String(a) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (a Area) LabelKey() string { return areaEnum.LabelKey(a) }

// ParseArea parses the name String returns.
func ParseArea(s string) (Area, error) { return areaEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (a Area) MarshalText() ([]byte, error) { return areaEnum.Marshal(a) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *Area) UnmarshalText(b []byte) (err error) { *a, err = areaEnum.Unmarshal(b); return }

// Severity is how serious an area finding is (§8.1).
type Severity uint8

// The values of Severity.
const (
	SeverityLow Severity = iota + 1
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityEnum = enum.New[Severity]("safety.severity", "severity", "low", "medium", "high", "critical")

// Severities lists every Severity value.
func Severities() []Severity { return severityEnum.All() }

// Valid reports whether s is a declared value.
func (s Severity) Valid() bool { return severityEnum.Valid(s) }

func (s Severity) String() string { return severityEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s Severity) LabelKey() string { return severityEnum.LabelKey(s) }

// ParseSeverity parses the name String returns.
func ParseSeverity(s string) (Severity, error) { return severityEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return severityEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) (err error) { *s, err = severityEnum.Unmarshal(b); return }

// IncidentClass is what an incident did to people (§8.3): from a near miss that hurt nobody to a lost-time injury.
type IncidentClass uint8

// The values of IncidentClass.
const (
	ClassNearMiss IncidentClass = iota + 1
	ClassFirstAid
	ClassMedicalTreatment
	ClassLostTime
)

var incidentClassEnum = enum.New[IncidentClass]("safety.incident_class", "class", "near_miss", "first_aid", "medical_treatment", "lost_time")

// IncidentClasses lists every IncidentClass value.
func IncidentClasses() []IncidentClass { return incidentClassEnum.All() }

// Valid reports whether i is a declared value.
func (i IncidentClass) Valid() bool { return incidentClassEnum.Valid(i) }

func (i IncidentClass) String() string { return incidentClassEnum.String(i) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (i IncidentClass) LabelKey() string { return incidentClassEnum.LabelKey(i) }

// ParseIncidentClass parses the name String returns.
func ParseIncidentClass(s string) (IncidentClass, error) { return incidentClassEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (i IncidentClass) MarshalText() ([]byte, error) { return incidentClassEnum.Marshal(i) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (i *IncidentClass) UnmarshalText(b []byte) (err error) {
	*i, err = incidentClassEnum.Unmarshal(b)
	return
}

// StatutoryClass is the State Council's grading of a production-safety accident (一般、较大、重大、特别重大, §8.3), where one applies; the zero value means none applies.
type StatutoryClass uint8

// The values of StatutoryClass.
const (
	StatutoryGeneral StatutoryClass = iota + 1
	StatutoryLarger
	StatutoryMajor
	StatutoryEspeciallyMajor
)

var statutoryClassEnum = enum.New[StatutoryClass]("safety.statutory_class", "statutory_class", "general", "larger", "major", "especially_major")

// StatutoryClasses lists every StatutoryClass value.
func StatutoryClasses() []StatutoryClass { return statutoryClassEnum.All() }

// Valid reports whether s is a declared value.
func (s StatutoryClass) Valid() bool { return statutoryClassEnum.Valid(s) }

func (s StatutoryClass) String() string { return statutoryClassEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s StatutoryClass) LabelKey() string { return statutoryClassEnum.LabelKey(s) }

// ParseStatutoryClass parses the name String returns.
func ParseStatutoryClass(s string) (StatutoryClass, error) { return statutoryClassEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (s StatutoryClass) MarshalText() ([]byte, error) { return statutoryClassEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *StatutoryClass) UnmarshalText(b []byte) (err error) {
	*s, err = statutoryClassEnum.Unmarshal(b)
	return
}

// IncidentState is where an incident stands (§8.3): reported, investigated (root cause known), closed (every action done and found effective).
type IncidentState uint8

// The values of IncidentState.
const (
	IncidentStateReported IncidentState = iota + 1
	IncidentStateInvestigated
	IncidentStateClosed
)

var incidentStateEnum = enum.New[IncidentState]("safety.incident_state", "state", "reported", "investigated", "closed")

// IncidentStates lists every IncidentState value.
func IncidentStates() []IncidentState { return incidentStateEnum.All() }

// Valid reports whether i is a declared value.
func (i IncidentState) Valid() bool { return incidentStateEnum.Valid(i) }

func (i IncidentState) String() string { return incidentStateEnum.String(i) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (i IncidentState) LabelKey() string { return incidentStateEnum.LabelKey(i) }

// ParseIncidentState parses the name String returns.
func ParseIncidentState(s string) (IncidentState, error) { return incidentStateEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (i IncidentState) MarshalText() ([]byte, error) { return incidentStateEnum.Marshal(i) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (i *IncidentState) UnmarshalText(b []byte) (err error) {
	*i, err = incidentStateEnum.Unmarshal(b)
	return
}

// ActionKind says whether an action corrects what happened or prevents it elsewhere (§8.3).
type ActionKind uint8

// The values of ActionKind.
const (
	ActionCorrective ActionKind = iota + 1
	ActionPreventive
)

var actionKindEnum = enum.New[ActionKind]("safety.action_kind", "kind", "corrective", "preventive")

// ActionKinds lists every ActionKind value.
func ActionKinds() []ActionKind { return actionKindEnum.All() }

// Valid reports whether a is a declared value.
func (a ActionKind) Valid() bool { return actionKindEnum.Valid(a) }

func (a ActionKind) String() string { return actionKindEnum.String(a) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (a ActionKind) LabelKey() string { return actionKindEnum.LabelKey(a) }

// ParseActionKind parses the name String returns.
func ParseActionKind(s string) (ActionKind, error) { return actionKindEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (a ActionKind) MarshalText() ([]byte, error) { return actionKindEnum.Marshal(a) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *ActionKind) UnmarshalText(b []byte) (err error) {
	*a, err = actionKindEnum.Unmarshal(b)
	return
}

// DrillKind is the kind of emergency drill (§8.4): a comprehensive drill of the whole plan, a special drill of one scenario (fire, refrigerant leak, battery thermal runaway), or an on-site drill of one post.
type DrillKind uint8

// The values of DrillKind.
const (
	DrillComprehensive DrillKind = iota + 1
	DrillSpecial
	DrillOnSite
)

var drillKindEnum = enum.New[DrillKind]("safety.drill_kind", "kind", "comprehensive", "special", "on_site")

// DrillKinds lists every DrillKind value.
func DrillKinds() []DrillKind { return drillKindEnum.All() }

// Valid reports whether d is a declared value.
func (d DrillKind) Valid() bool { return drillKindEnum.Valid(d) }

func (d DrillKind) String() string { return drillKindEnum.String(d) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (d DrillKind) LabelKey() string { return drillKindEnum.LabelKey(d) }

// ParseDrillKind parses the name String returns.
func ParseDrillKind(s string) (DrillKind, error) { return drillKindEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (d DrillKind) MarshalText() ([]byte, error) { return drillKindEnum.Marshal(d) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *DrillKind) UnmarshalText(b []byte) (err error) { *d, err = drillKindEnum.Unmarshal(b); return }
