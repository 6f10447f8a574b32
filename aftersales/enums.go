package aftersales

import (
	"github.com/dealerkit/dealerkit/internal/enum"
)

// State is where a repair order stands in the §4 flow. See transitions.go for what each state
// allows.
type State uint8

// The states of a repair order, in flow order.
const (
	StateReceived   State = iota + 1 // §4.1: received, walk-around and concerns on record, estimate drafted
	StateApproved                    // §4.2.1: the customer approved at least one line
	StateInProgress                  // §4.2.2, §4.3: jobs dispatched and worked
	StateWorkDone                    // §4.3: every approved job completed
	StateCleaned                     // §4.3.3: vehicle cleaned, awaiting inspection
	StateReady                       // §4.4.2: inspection passed, report kept
	StateSettled                     // §4.5.2: settlement statement issued
	StateAccepted                    // §4.5.3: customer accepted the vehicle and the statement
	StateDelivered                   // §4.5.3: paid and handed over
	StateClosed                      // §4.5.4: followed up
	StateCancelled                   // the customer withdrew before work was done
)

var stateEnum = enum.New[State]("aftersales.state", "state", "received", "approved", "in_progress",
	"work_done", "cleaned", "ready", "settled", "accepted", "delivered", "closed", "cancelled")

// States lists every state in flow order.
func States() []State { return stateEnum.All() }

func (s State) String() string { return stateEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s State) LabelKey() string { return stateEnum.LabelKey(s) }

// ParseState parses the name String returns.
func ParseState(s string) (State, error) { return stateEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (s State) MarshalText() ([]byte, error) { return stateEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *State) UnmarshalText(b []byte) (err error) { *s, err = stateEnum.Unmarshal(b); return }

// LineKind says whether a line is labour (a job) or parts (materials). §4.5.2 itemises them
// separately.
type LineKind uint8

// Line kinds.
const (
	LineLabour LineKind = iota + 1
	LinePart
)

var lineKindEnum = enum.New[LineKind]("aftersales.line_kind", "kind", "labour", "part")

func (k LineKind) String() string { return lineKindEnum.String(k) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (k LineKind) LabelKey() string { return lineKindEnum.LabelKey(k) }

// ParseLineKind parses the name String returns.
func ParseLineKind(s string) (LineKind, error) { return lineKindEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (k LineKind) MarshalText() ([]byte, error) { return lineKindEnum.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *LineKind) UnmarshalText(b []byte) (err error) {
	*k, err = lineKindEnum.Unmarshal(b)
	return
}

// PayType says who pays for a line (§4.5.2).
type PayType uint8

// Pay types.
const (
	PayCustomer PayType = iota + 1 // the customer pays at delivery
	PayWarranty                    // the manufacturer pays under its warranty
	PayInternal                    // the dealer pays (goodwill, used-car preparation)
)

var payTypeEnum = enum.New[PayType]("aftersales.pay_type", "pay_type", "customer", "warranty", "internal")

// PayTypes lists every pay type.
func PayTypes() []PayType { return []PayType{PayCustomer, PayWarranty, PayInternal} }

func (p PayType) String() string { return payTypeEnum.String(p) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (p PayType) LabelKey() string { return payTypeEnum.LabelKey(p) }

// ParsePayType parses the name String returns.
func ParsePayType(s string) (PayType, error) { return payTypeEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (p PayType) MarshalText() ([]byte, error) { return payTypeEnum.Marshal(p) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *PayType) UnmarshalText(b []byte) (err error) { *p, err = payTypeEnum.Unmarshal(b); return }

// LineStatus is a line's standing with the customer (§4.2.1, §4.3.2).
type LineStatus uint8

// Line statuses.
const (
	LineProposed LineStatus = iota + 1 // awaiting the customer's decision; no work may start
	LineApproved                       // the customer consented
	LineDeclined                       // the customer refused: kept as a declined recommendation
)

var lineStatusEnum = enum.New[LineStatus]("aftersales.line_status", "status", "proposed", "approved", "declined")

func (s LineStatus) String() string { return lineStatusEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s LineStatus) LabelKey() string { return lineStatusEnum.LabelKey(s) }

// ParseLineStatus parses the name String returns.
func ParseLineStatus(s string) (LineStatus, error) { return lineStatusEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (s LineStatus) MarshalText() ([]byte, error) { return lineStatusEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *LineStatus) UnmarshalText(b []byte) (err error) {
	*s, err = lineStatusEnum.Unmarshal(b)
	return
}

// Channel is how the customer was reached or gave consent (§4.2.1: signature, phone, message).
type Channel uint8

// Channels.
const (
	ChannelInPerson  Channel = iota + 1 // face to face; for consent, a signature on the order
	ChannelPhone                        // a recorded phone call
	ChannelMessage                      // SMS, WeChat or app message
	ChannelSignature                    // an electronic or paper signature given remotely
)

var channelEnum = enum.New[Channel]("aftersales.channel", "channel", "in_person", "phone", "message", "signature")

func (c Channel) String() string { return channelEnum.String(c) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (c Channel) LabelKey() string { return channelEnum.LabelKey(c) }

// ParseChannel parses the name String returns.
func ParseChannel(s string) (Channel, error) { return channelEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (c Channel) MarshalText() ([]byte, error) { return channelEnum.Marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Channel) UnmarshalText(b []byte) (err error) { *c, err = channelEnum.Unmarshal(b); return }

// VisitMode says whether the customer waits at the dealership or leaves the vehicle (§4.1.3). It
// selects the promised-time policy.
type VisitMode uint8

// Visit modes.
const (
	VisitWaiting VisitMode = iota + 1
	VisitDropOff
)

var visitModeEnum = enum.New[VisitMode]("aftersales.visit_mode", "visit", "waiting", "drop_off")

func (v VisitMode) String() string { return visitModeEnum.String(v) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (v VisitMode) LabelKey() string { return visitModeEnum.LabelKey(v) }

// ParseVisitMode parses the name String returns.
func ParseVisitMode(s string) (VisitMode, error) { return visitModeEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (v VisitMode) MarshalText() ([]byte, error) { return visitModeEnum.Marshal(v) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (v *VisitMode) UnmarshalText(b []byte) (err error) {
	*v, err = visitModeEnum.Unmarshal(b)
	return
}

// RepairCategory is the class of work that sets the repair-quality warranty period (PRC 机动车维修管理规定).
type RepairCategory uint8

// Repair categories, from the shortest warranty period to the longest.
const (
	CategoryMinor        RepairCategory = iota + 1 // 一级维护、小修、专项修理
	CategoryMaintenance2                           // 二级维护
	CategoryMajor                                  // 整车修理、总成修理
)

var categoryEnum = enum.New[RepairCategory]("aftersales.repair_category", "category", "minor", "maintenance_2", "major")

// RepairCategories lists every category.
func RepairCategories() []RepairCategory {
	return []RepairCategory{CategoryMinor, CategoryMaintenance2, CategoryMajor}
}

func (c RepairCategory) String() string { return categoryEnum.String(c) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (c RepairCategory) LabelKey() string { return categoryEnum.LabelKey(c) }

// ParseRepairCategory parses the name String returns.
func ParseRepairCategory(s string) (RepairCategory, error) { return categoryEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (c RepairCategory) MarshalText() ([]byte, error) { return categoryEnum.Marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *RepairCategory) UnmarshalText(b []byte) (err error) {
	*c, err = categoryEnum.Unmarshal(b)
	return
}

// PartOrigin says what kind of part a part line supplies. The origin is printed on the estimate,
// so the customer's approval of the line is consent to it (§4.2.1: confirm items and costs with the
// customer; §3.4(3): accurate parts information). Repaired and used parts may only be fitted with
// that consent: parts issue checks the stocked part's origin against the line's (§3.4.3).
type PartOrigin uint8

// Part origins. A part line without one is OriginOriginal.
const (
	OriginOriginal    PartOrigin = iota + 1 // 原厂件: the manufacturer's genuine part
	OriginNonOriginal                       // 副厂件: an aftermarket (non-original) part
	OriginRepaired                          // 修复件: a repaired or reconditioned part
	OriginUsed                              // 旧件: a used part
)

var partOriginEnum = enum.New[PartOrigin]("aftersales.part_origin", "origin", "original", "non_original", "repaired", "used")

// PartOrigins lists every origin.
func PartOrigins() []PartOrigin {
	return []PartOrigin{OriginOriginal, OriginNonOriginal, OriginRepaired, OriginUsed}
}

func (o PartOrigin) String() string { return partOriginEnum.String(o) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (o PartOrigin) LabelKey() string { return partOriginEnum.LabelKey(o) }

// Valid reports whether o is one of the declared origins.
func (o PartOrigin) Valid() bool { return partOriginEnum.Valid(o) }

// NeedsConsent reports whether fitting a part of this origin needs the customer's explicit consent
// on the repair-order line: repaired and used parts do (§4.2.1).
func (o PartOrigin) NeedsConsent() bool { return o == OriginRepaired || o == OriginUsed }

// ParsePartOrigin parses the name String returns.
func ParsePartOrigin(s string) (PartOrigin, error) { return partOriginEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (o PartOrigin) MarshalText() ([]byte, error) { return partOriginEnum.Marshal(o) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (o *PartOrigin) UnmarshalText(b []byte) (err error) {
	*o, err = partOriginEnum.Unmarshal(b)
	return
}

// LineKinds lists every line kind.
func LineKinds() []LineKind { return lineKindEnum.All() }

// LineStatuses lists every line status.
func LineStatuses() []LineStatus { return lineStatusEnum.All() }

// Channels lists every consent channel.
func Channels() []Channel { return channelEnum.All() }

// VisitModes lists every visit mode.
func VisitModes() []VisitMode { return visitModeEnum.All() }
