package complaints

import (
	"github.com/dealerkit/dealerkit/internal/enum"
)

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

var channelEnum = enum.New[Channel]("complaints.channel", "channel", "phone", "email", "walk_in", "online",
	"follow_up_survey", "delivery_objection")

// Channels lists every channel.
func Channels() []Channel { return channelEnum.All() }

// Valid reports whether c is one of the declared channels.
func (c Channel) Valid() bool { return channelEnum.Valid(c) }

func (c Channel) String() string { return channelEnum.String(c) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (c Channel) LabelKey() string { return channelEnum.LabelKey(c) }

// ParseChannel parses the name String returns.
func ParseChannel(s string) (Channel, error) { return channelEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (c Channel) MarshalText() ([]byte, error) { return channelEnum.Marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Channel) UnmarshalText(b []byte) (err error) { *c, err = channelEnum.Unmarshal(b); return }

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

var categoryEnum = enum.New[Category]("complaints.category", "category", "repair_quality", "service_attitude",
	"price", "waiting_time", "parts_availability", "vehicle_damage", "other")

// Categories lists every category.
func Categories() []Category { return categoryEnum.All() }

// Valid reports whether c is one of the declared categories.
func (c Category) Valid() bool { return categoryEnum.Valid(c) }

func (c Category) String() string { return categoryEnum.String(c) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (c Category) LabelKey() string { return categoryEnum.LabelKey(c) }

// ParseCategory parses the name String returns.
func ParseCategory(s string) (Category, error) { return categoryEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (c Category) MarshalText() ([]byte, error) { return categoryEnum.Marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Category) UnmarshalText(b []byte) (err error) {
	*c, err = categoryEnum.Unmarshal(b)
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

var severityEnum = enum.New[Severity]("complaints.severity", "severity", "low", "medium", "high", "critical")

// Severities lists every severity, least urgent first.
func Severities() []Severity { return severityEnum.All() }

// Valid reports whether s is one of the declared severities.
func (s Severity) Valid() bool { return severityEnum.Valid(s) }

func (s Severity) String() string { return severityEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s Severity) LabelKey() string { return severityEnum.LabelKey(s) }

// ParseSeverity parses the name String returns.
func ParseSeverity(s string) (Severity, error) { return severityEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return severityEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) (err error) {
	*s, err = severityEnum.Unmarshal(b)
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

var levelEnum = enum.New[Level]("complaints.level", "level", "after_sales_manager", "general_manager", "brand")

// Levels lists every level, lowest first.
func Levels() []Level { return levelEnum.All() }

func (l Level) String() string { return levelEnum.String(l) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (l Level) LabelKey() string { return levelEnum.LabelKey(l) }

// ParseLevel parses the name String returns.
func ParseLevel(s string) (Level, error) { return levelEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (l Level) MarshalText() ([]byte, error) { return levelEnum.Marshal(l) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (l *Level) UnmarshalText(b []byte) (err error) { *l, err = levelEnum.Unmarshal(b); return }

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

var stepEnum = enum.New[Step]("complaints.step", "step", "acknowledge", "report", "solution", "closure")

// Steps lists every deadline-bearing step in flow order.
func Steps() []Step { return stepEnum.All() }

func (s Step) String() string { return stepEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s Step) LabelKey() string { return stepEnum.LabelKey(s) }

// ParseStep parses the name String returns.
func ParseStep(s string) (Step, error) { return stepEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Step) MarshalText() ([]byte, error) { return stepEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Step) UnmarshalText(b []byte) (err error) { *s, err = stepEnum.Unmarshal(b); return }
