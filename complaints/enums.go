package complaints

import (
	"fmt"

	"github.com/dealerkit/dealerkit"
)

// enum holds the names of a closed enumeration whose values run from 1; 0 is never valid.
type enum[T ~uint8] struct {
	field string
	names []string // index = value; names[0] unused
}

func (e enum[T]) valid(v T) bool { return v > 0 && int(v) < len(e.names) }

func (e enum[T]) str(v T) string {
	if !e.valid(v) {
		return fmt.Sprintf("%s(%d)", e.field, uint8(v))
	}
	return e.names[v]
}

func (e enum[T]) parse(s string) (T, error) {
	for i := 1; i < len(e.names); i++ {
		if e.names[i] == s {
			return T(i), nil
		}
	}
	return 0, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: e.field, Value: s, Reason: "unknown value"}}}
}

func (e enum[T]) marshal(v T) ([]byte, error) {
	if !e.valid(v) {
		return nil, fmt.Errorf("complaints: cannot marshal %s", e.str(v))
	}
	return []byte(e.names[v]), nil
}

func (e enum[T]) all() []T {
	out := make([]T, 0, len(e.names)-1)
	for i := 1; i < len(e.names); i++ {
		out = append(out, T(i))
	}
	return out
}

// Channel is how a complaint reached the dealership (§5.1).
type Channel uint8

// The intake channels of §5.1. ChannelSurvey and ChannelDeliveryObjection are also opened on their
// own from the aftersales event feed (see Service.IntakeFromEvents).
const (
	ChannelPhone             Channel = iota + 1 // §5.1 the complaint hotline
	ChannelEmail                                // §5.1 the complaint mailbox
	ChannelWalkIn                               // in person at the dealership
	ChannelOnline                               // web, app, WeChat or a review platform
	ChannelSurvey                               // §4.5.4 a follow-up survey below the policy threshold
	ChannelDeliveryObjection                    // §4.5.3 an objection when the vehicle was handed back
)

var channelEnum = enum[Channel]{field: "channel", names: []string{"", "phone", "email", "walk_in", "online",
	"follow_up_survey", "delivery_objection"}}

// Channels lists every channel.
func Channels() []Channel { return channelEnum.all() }

// Valid reports whether c is one of the declared channels.
func (c Channel) Valid() bool { return channelEnum.valid(c) }

func (c Channel) String() string { return channelEnum.str(c) }

// ParseChannel parses the name String returns.
func ParseChannel(s string) (Channel, error) { return channelEnum.parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (c Channel) MarshalText() ([]byte, error) { return channelEnum.marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Channel) UnmarshalText(b []byte) (err error) { *c, err = channelEnum.parse(string(b)); return }

// Category is what a complaint is about (§5.1, §5.5). Its default severity comes from the Policy.
type Category uint8

// Complaint categories.
const (
	CategoryRepairQuality     Category = iota + 1 // the repair did not fix it, or broke something
	CategoryServiceAttitude                       // how the customer was treated (§6.2 service attitude)
	CategoryPrice                                 // the bill, the estimate, the discount
	CategoryWaitingTime                           // late delivery, long waits
	CategoryPartsAvailability                     // parts not in stock, back orders
	CategoryVehicleDamage                         // damage done to the vehicle at the dealership
	CategoryOther
)

var categoryEnum = enum[Category]{field: "category", names: []string{"", "repair_quality", "service_attitude",
	"price", "waiting_time", "parts_availability", "vehicle_damage", "other"}}

// Categories lists every category.
func Categories() []Category { return categoryEnum.all() }

// Valid reports whether c is one of the declared categories.
func (c Category) Valid() bool { return categoryEnum.valid(c) }

func (c Category) String() string { return categoryEnum.str(c) }

// ParseCategory parses the name String returns.
func ParseCategory(s string) (Category, error) { return categoryEnum.parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (c Category) MarshalText() ([]byte, error) { return categoryEnum.marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Category) UnmarshalText(b []byte) (err error) {
	*c, err = categoryEnum.parse(string(b))
	return
}

// Severity sets a complaint's deadlines (see Policy.Deadlines).
type Severity uint8

// Severities, from the least urgent.
const (
	SeverityLow Severity = iota + 1
	SeverityMedium
	SeverityHigh
	SeverityCritical // safety, vehicle damage, press or legal threats
)

var severityEnum = enum[Severity]{field: "severity", names: []string{"", "low", "medium", "high", "critical"}}

// Severities lists every severity, least urgent first.
func Severities() []Severity { return severityEnum.all() }

// Valid reports whether s is one of the declared severities.
func (s Severity) Valid() bool { return severityEnum.valid(s) }

func (s Severity) String() string { return severityEnum.str(s) }

// ParseSeverity parses the name String returns.
func ParseSeverity(s string) (Severity, error) { return severityEnum.parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return severityEnum.marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) (err error) {
	*s, err = severityEnum.parse(string(b))
	return
}

// Level is who a complaint or corrective action is escalated to. It starts with the after-sales
// manager (§3.1(4)) and rises one level for each missed deadline, up to the brand.
type Level uint8

// Escalation levels, from the lowest.
const (
	LevelManager        Level = iota + 1 // §3.1(4) the after-sales manager
	LevelGeneralManager                  // the dealership's general manager
	LevelBrand                           // the brand's (manufacturer's) regional customer service
)

var levelEnum = enum[Level]{field: "level", names: []string{"", "after_sales_manager", "general_manager", "brand"}}

// Levels lists every level, lowest first.
func Levels() []Level { return levelEnum.all() }

func (l Level) String() string { return levelEnum.str(l) }

// ParseLevel parses the name String returns.
func ParseLevel(s string) (Level, error) { return levelEnum.parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (l Level) MarshalText() ([]byte, error) { return levelEnum.marshal(l) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (l *Level) UnmarshalText(b []byte) (err error) { *l, err = levelEnum.parse(string(b)); return }

// up is the next level, capped at the brand.
func (l Level) up() Level {
	if l >= LevelBrand {
		return LevelBrand
	}
	return l + 1
}

// Step is a deadline-bearing step of the §5.2 and §5.3 flow.
type Step uint8

// Steps that carry a deadline per severity.
const (
	StepAcknowledge Step = iota + 1 // §5.2 the advisor has talked to the customer
	StepReport                      // §5.2 reported to the manager
	StepSolution                    // §5.3 the manager's solution is put to the customer
	StepClosure                     // §5.4 closed after the verification contact
)

var stepEnum = enum[Step]{field: "step", names: []string{"", "acknowledge", "report", "solution", "closure"}}

// Steps lists every deadline-bearing step in flow order.
func Steps() []Step { return stepEnum.all() }

func (s Step) String() string { return stepEnum.str(s) }

// ParseStep parses the name String returns.
func ParseStep(s string) (Step, error) { return stepEnum.parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Step) MarshalText() ([]byte, error) { return stepEnum.marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Step) UnmarshalText(b []byte) (err error) { *s, err = stepEnum.parse(string(b)); return }
