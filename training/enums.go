package training

import "github.com/dealerkit/dealerkit/internal/enum"

// Subject is what a course teaches (§7.2, §8.4).
type Subject uint8

// The subjects.
const (
	SubjectProductKnowledge      Subject = iota + 1 // §7.2 产品知识
	SubjectRepairTechnique                          // §7.2 维修技术
	SubjectServiceProcess                           // §7.2 服务流程
	SubjectCustomerCommunication                    // §7.2 客户沟通
	SubjectSafety                                   // §8.4 safety education and emergency training
	SubjectStatutory                                // statutory courses (special operations and the like)
)

var subjectEnum = enum.New[Subject]("training.subject", "subject", "product_knowledge", "repair_technique", "service_process", "customer_communication", "safety", "statutory")

// Subjects lists every value in order.
func Subjects() []Subject { return subjectEnum.All() }

// Valid reports whether x is one of the declared values.
func (x Subject) Valid() bool { return subjectEnum.Valid(x) }

func (x Subject) String() string { return subjectEnum.String(x) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (x Subject) LabelKey() string { return subjectEnum.LabelKey(x) }

// ParseSubject parses the name String returns.
func ParseSubject(s string) (Subject, error) { return subjectEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler; the zero value is "".
func (x Subject) MarshalText() ([]byte, error) { return subjectEnum.Marshal(x) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero value.
func (x *Subject) UnmarshalText(b []byte) (err error) { *x, err = subjectEnum.Unmarshal(b); return }

// Delivery is who gives a course: the dealership or an outside provider (§7.3).
type Delivery uint8

// The deliveries.
const (
	DeliveryInternal Delivery = iota + 1 // given by the dealership's own trainers
	DeliveryExternal                     // §7.3 given by a provider outside the dealership
)

var deliveryEnum = enum.New[Delivery]("training.delivery", "delivery", "internal", "external")

// Deliveries lists every value in order.
func Deliveries() []Delivery { return deliveryEnum.All() }

// Valid reports whether x is one of the declared values.
func (x Delivery) Valid() bool { return deliveryEnum.Valid(x) }

func (x Delivery) String() string { return deliveryEnum.String(x) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (x Delivery) LabelKey() string { return deliveryEnum.LabelKey(x) }

// ParseDelivery parses the name String returns.
func ParseDelivery(s string) (Delivery, error) { return deliveryEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler; the zero value is "".
func (x Delivery) MarshalText() ([]byte, error) { return deliveryEnum.Marshal(x) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero value.
func (x *Delivery) UnmarshalText(b []byte) (err error) { *x, err = deliveryEnum.Unmarshal(b); return }

// CertificateKind is who stands behind a certificate.
type CertificateKind uint8

// The certificate kinds.
const (
	KindInternal  CertificateKind = iota + 1 // issued by the dealership
	KindOEM                                  // issued by the manufacturer (OEM)
	KindStatutory                            // required by law, such as the special-operations certificate (特种作业操作证)
)

var certificateKindEnum = enum.New[CertificateKind]("training.certificate_kind", "certificate_kind", "internal", "oem", "statutory")

// CertificateKinds lists every value in order.
func CertificateKinds() []CertificateKind { return certificateKindEnum.All() }

// Valid reports whether x is one of the declared values.
func (x CertificateKind) Valid() bool { return certificateKindEnum.Valid(x) }

func (x CertificateKind) String() string { return certificateKindEnum.String(x) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (x CertificateKind) LabelKey() string { return certificateKindEnum.LabelKey(x) }

// ParseCertificateKind parses the name String returns.
func ParseCertificateKind(s string) (CertificateKind, error) { return certificateKindEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler; the zero value is "".
func (x CertificateKind) MarshalText() ([]byte, error) { return certificateKindEnum.Marshal(x) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero value.
func (x *CertificateKind) UnmarshalText(b []byte) (err error) {
	*x, err = certificateKindEnum.Unmarshal(b)
	return
}

// CertificateState is the stored state of a certificate; whether it is valid at a time is Certificate.Status.
type CertificateState uint8

// The certificate states.
const (
	CertificateActive    CertificateState = iota + 1 // in force unless expired or its review lapsed
	CertificateSuspended                             // suspended by a manager's decision
	CertificateRevoked                               // withdrawn for good
)

var certificateStateEnum = enum.New[CertificateState]("training.certificate_state", "certificate_state", "active", "suspended", "revoked")

// CertificateStates lists every value in order.
func CertificateStates() []CertificateState { return certificateStateEnum.All() }

// Valid reports whether x is one of the declared values.
func (x CertificateState) Valid() bool { return certificateStateEnum.Valid(x) }

func (x CertificateState) String() string { return certificateStateEnum.String(x) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (x CertificateState) LabelKey() string { return certificateStateEnum.LabelKey(x) }

// ParseCertificateState parses the name String returns.
func ParseCertificateState(s string) (CertificateState, error) { return certificateStateEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler; the zero value is "".
func (x CertificateState) MarshalText() ([]byte, error) { return certificateStateEnum.Marshal(x) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero value.
func (x *CertificateState) UnmarshalText(b []byte) (err error) {
	*x, err = certificateStateEnum.Unmarshal(b)
	return
}

// Status is what a certificate is worth at a given instant.
type Status uint8

// The certificate statuses.
const (
	StatusValid        Status = iota + 1 // grants its skills
	StatusExpired                        // past its expiry instant
	StatusSuspended                      // suspended, or its statutory review lapsed
	StatusRevoked                        // withdrawn
	StatusNotYetIssued                   // issued after the instant asked about
)

var certificateStatusEnum = enum.New[Status]("training.certificate_status", "certificate_status", "valid", "expired", "suspended", "revoked", "not_yet_issued")

// Statuses lists every value in order.
func Statuses() []Status { return certificateStatusEnum.All() }

// Valid reports whether x is one of the declared values.
func (x Status) Valid() bool { return certificateStatusEnum.Valid(x) }

func (x Status) String() string { return certificateStatusEnum.String(x) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (x Status) LabelKey() string { return certificateStatusEnum.LabelKey(x) }

// ParseStatus parses the name String returns.
func ParseStatus(s string) (Status, error) { return certificateStatusEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler; the zero value is "".
func (x Status) MarshalText() ([]byte, error) { return certificateStatusEnum.Marshal(x) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero value.
func (x *Status) UnmarshalText(b []byte) (err error) {
	*x, err = certificateStatusEnum.Unmarshal(b)
	return
}

// SessionState is where a training session stands.
type SessionState uint8

// The session states.
const (
	SessionScheduled SessionState = iota + 1 // planned, taking attendees
	SessionCompleted                         // held, attendance and results recorded
	SessionCancelled                         // called off
)

var sessionStateEnum = enum.New[SessionState]("training.session_state", "session_state", "scheduled", "completed", "cancelled")

// SessionStates lists every value in order.
func SessionStates() []SessionState { return sessionStateEnum.All() }

// Valid reports whether x is one of the declared values.
func (x SessionState) Valid() bool { return sessionStateEnum.Valid(x) }

func (x SessionState) String() string { return sessionStateEnum.String(x) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (x SessionState) LabelKey() string { return sessionStateEnum.LabelKey(x) }

// ParseSessionState parses the name String returns.
func ParseSessionState(s string) (SessionState, error) { return sessionStateEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler; the zero value is "".
func (x SessionState) MarshalText() ([]byte, error) { return sessionStateEnum.Marshal(x) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero value.
func (x *SessionState) UnmarshalText(b []byte) (err error) {
	*x, err = sessionStateEnum.Unmarshal(b)
	return
}

// Result is an attendee's assessment (§7.2).
type Result uint8

// The results.
const (
	ResultPending Result = iota + 1 // not assessed yet
	ResultPass                      // passed
	ResultFail                      // failed
	ResultAbsent                    // did not attend
)

var resultEnum = enum.New[Result]("training.result", "result", "pending", "pass", "fail", "absent")

// Results lists every value in order.
func Results() []Result { return resultEnum.All() }

// Valid reports whether x is one of the declared values.
func (x Result) Valid() bool { return resultEnum.Valid(x) }

func (x Result) String() string { return resultEnum.String(x) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (x Result) LabelKey() string { return resultEnum.LabelKey(x) }

// ParseResult parses the name String returns.
func ParseResult(s string) (Result, error) { return resultEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler; the zero value is "".
func (x Result) MarshalText() ([]byte, error) { return resultEnum.Marshal(x) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero value.
func (x *Result) UnmarshalText(b []byte) (err error) { *x, err = resultEnum.Unmarshal(b); return }

// ItemStatus is where one staff member stands on one required course of a plan (§7.1).
type ItemStatus uint8

// The plan item statuses.
const (
	ItemDone    ItemStatus = iota + 1 // passed, and still current under the retake interval
	ItemPlanned                       // enrolled in a scheduled session
	ItemOverdue                       // not done by the due date
	ItemMissing                       // not done and not booked
)

var itemStatusEnum = enum.New[ItemStatus]("training.item_status", "item_status", "done", "planned", "overdue", "missing")

// ItemStatuses lists every value in order.
func ItemStatuses() []ItemStatus { return itemStatusEnum.All() }

// Valid reports whether x is one of the declared values.
func (x ItemStatus) Valid() bool { return itemStatusEnum.Valid(x) }

func (x ItemStatus) String() string { return itemStatusEnum.String(x) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (x ItemStatus) LabelKey() string { return itemStatusEnum.LabelKey(x) }

// ParseItemStatus parses the name String returns.
func ParseItemStatus(s string) (ItemStatus, error) { return itemStatusEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler; the zero value is "".
func (x ItemStatus) MarshalText() ([]byte, error) { return itemStatusEnum.Marshal(x) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero value.
func (x *ItemStatus) UnmarshalText(b []byte) (err error) {
	*x, err = itemStatusEnum.Unmarshal(b)
	return
}

// Eligibility is whether a staff member may step up to the next rung (§7.4).
type Eligibility uint8

// The eligibilities.
const (
	Eligible           Eligibility = iota + 1 // meets every requirement
	NotEligible                               // lacks at least one requirement
	EligibilityUnknown                        // meets the rest, but a requirement cannot be judged (no appraisal grades)
	TopRung                                   // already on the track's top rung
)

var eligibilityEnum = enum.New[Eligibility]("training.eligibility", "eligibility", "eligible", "not_eligible", "unknown", "top")

// Eligibilities lists every value in order.
func Eligibilities() []Eligibility { return eligibilityEnum.All() }

// Valid reports whether x is one of the declared values.
func (x Eligibility) Valid() bool { return eligibilityEnum.Valid(x) }

func (x Eligibility) String() string { return eligibilityEnum.String(x) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (x Eligibility) LabelKey() string { return eligibilityEnum.LabelKey(x) }

// ParseEligibility parses the name String returns.
func ParseEligibility(s string) (Eligibility, error) { return eligibilityEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler; the zero value is "".
func (x Eligibility) MarshalText() ([]byte, error) { return eligibilityEnum.Marshal(x) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero value.
func (x *Eligibility) UnmarshalText(b []byte) (err error) {
	*x, err = eligibilityEnum.Unmarshal(b)
	return
}

// Requirement is what a rung of the career ladder asks for (§7.4).
type Requirement uint8

// The requirements.
const (
	NeedTenure      Requirement = iota + 1 // months of service
	NeedCertificate                        // a valid certificate
	NeedGrades                             // recent appraisal grades at or above a grade
)

var requirementEnum = enum.New[Requirement]("training.requirement", "requirement", "tenure", "certificate", "grades")

// Requirements lists every value in order.
func Requirements() []Requirement { return requirementEnum.All() }

// Valid reports whether x is one of the declared values.
func (x Requirement) Valid() bool { return requirementEnum.Valid(x) }

func (x Requirement) String() string { return requirementEnum.String(x) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (x Requirement) LabelKey() string { return requirementEnum.LabelKey(x) }

// ParseRequirement parses the name String returns.
func ParseRequirement(s string) (Requirement, error) { return requirementEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler; the zero value is "".
func (x Requirement) MarshalText() ([]byte, error) { return requirementEnum.Marshal(x) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero value.
func (x *Requirement) UnmarshalText(b []byte) (err error) {
	*x, err = requirementEnum.Unmarshal(b)
	return
}
