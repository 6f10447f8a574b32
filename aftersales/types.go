package aftersales

import (
	"encoding/json"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Customer is who brought the vehicle in. ID is the customer as the host's DMS knows them: a
// customer actor (dealerkit.NewCustomerActor) reaches only orders whose ID is theirs. It may be
// left zero for a walk-in the DMS has not registered; no customer actor can then reach the order,
// and staff approve and answer for the customer.
type Customer struct {
	ID    dealerkit.CustomerID `json:"id,omitzero"`
	Name  string               `json:"name"`
	Phone string               `json:"phone"`
}

// Finding is one observation of the walk-around check (§4.1.2): existing damage and the like.
type Finding struct {
	Area        string `json:"area"` // "front bumper", "interior rear left"
	Description string `json:"description"`
}

// Concern is a problem the customer reports, in their own words (§4.1.2). Code is the dealer's
// optional classification ("brakes.noise"); comebacks are matched on it when both orders have one
// and on the normalised text otherwise.
type Concern struct {
	Text string `json:"text"`
	Code string `json:"code,omitempty"`
}

// Reception is what the advisor records when the customer arrives (§4.1).
type Reception struct {
	ArrivedAt   time.Time `json:"arrived_at"`   // §4.1.1
	GreetedAt   time.Time `json:"greeted_at"`   // §4.1.1: time to greet = GreetedAt - ArrivedAt
	VIN         VIN       `json:"vin"`          // §4.1.2
	Plate       string    `json:"plate"`        // §4.1.2
	Model       string    `json:"model"`        // vehicle model, for reports
	MileageKm   int64     `json:"mileage_km"`   // §4.1.2 odometer reading
	FuelPercent int       `json:"fuel_percent"` // §4.1.2 fuel (or charge) level, 0..100
	Findings    []Finding `json:"findings"`     // §4.1.2 walk-around; empty means checked, nothing found
	Belongings  []string  `json:"belongings"`   // §4.1.2 items left in the vehicle
	Concerns    []Concern `json:"concerns"`     // §4.1.2 at least one
	Visit       VisitMode `json:"visit"`        // §4.1.3 waiting or drop-off
	Customer    Customer  `json:"customer"`
	// WalkAroundDone confirms the walk-around check took place (§4.1.2), even when it found nothing.
	WalkAroundDone bool `json:"walk_around_done"`
}

// TimeToGreet is the §4.1.1 KPI.
func (r Reception) TimeToGreet() time.Duration { return r.GreetedAt.Sub(r.ArrivedAt) }

// Decision is the customer's answer on a line (§4.2.1, §4.3.2): who recorded it, when, and through
// which channel the customer gave it.
type Decision struct {
	Approved bool               `json:"approved"`
	By       dealerkit.ActorRef `json:"by"`
	At       time.Time          `json:"at"`
	Channel  Channel            `json:"channel"`
	Note     string             `json:"note,omitempty"`
}

// Job is the dispatch of a labour line to a technician (§4.2.2).
type Job struct {
	Technician   dealerkit.StaffID  `json:"technician"`
	PromisedAt   time.Time          `json:"promised_at"`
	DispatchedAt time.Time          `json:"dispatched_at"`
	DispatchedBy dealerkit.ActorRef `json:"dispatched_by"`
	CompletedAt  time.Time          `json:"completed_at,omitzero"` // zero while the job is open
}

// Done reports whether the job is completed.
func (j Job) Done() bool { return !j.CompletedAt.IsZero() }

// Line is one item of the estimate: a labour operation (a job) or a part. Lines are values: the
// order hands out copies.
type Line struct {
	ID          uuid.UUID      `json:"id"`
	Kind        LineKind       `json:"kind"`
	Description string         `json:"description"`
	Operation   string         `json:"operation,omitempty"`   // labour operation code
	PartNumber  string         `json:"part_number,omitempty"` // part lines
	Category    RepairCategory `json:"category,omitzero"`     // labour lines: sets the warranty period
	Skill       string         `json:"skill,omitempty"`       // qualification the job needs (§4.2.2)
	Equipment   []string       `json:"equipment,omitempty"`   // equipment the job uses (§4.2.2, §8.2)
	// Quantity is the standard hours of a labour line or the quantity of a part line.
	Quantity decimal.Decimal `json:"quantity"`
	// UnitPrice is the hourly rate of a labour line or the unit price of a part, as quoted (tax
	// inclusive or exclusive per the dealer's tax policy).
	UnitPrice decimal.Decimal `json:"unit_price"`
	// Discount is a rate between 0 and 1 taken off the line amount.
	Discount decimal.Decimal `json:"discount"`
	PayType  PayType         `json:"pay_type"`
	Status   LineStatus      `json:"status"`
	// Extra marks work found during the repair (§4.3.2), with the finding and who proposed it.
	Extra      bool               `json:"extra,omitempty"`
	Finding    string             `json:"finding,omitempty"`
	ProposedBy dealerkit.ActorRef `json:"proposed_by"`
	ProposedAt time.Time          `json:"proposed_at"`
	Decision   *Decision          `json:"decision,omitempty"`
	Job        *Job               `json:"job,omitempty"`
	// Origin is what kind of part a part line supplies, shown to the customer with the estimate
	// so that approving the line is consent to it (§4.2.1). Zero on labour lines, and on part lines
	// stored before origins were recorded, where it means OriginOriginal.
	Origin PartOrigin `json:"origin,omitzero"`
	// Issued is the quantity of a part line the parts store has issued to the order, net of
	// returns, and IssuedCost what that stock cost (§3.4.3). Both are zero on labour lines.
	Issued     decimal.Decimal `json:"issued"`
	IssuedCost decimal.Decimal `json:"issued_cost"`
	// Stocked marks a part line supplied from the dealer's stock: once anything has been issued
	// to it, the statement bills what was issued (net of returns), not what was approved.
	Stocked bool `json:"stocked,omitempty"`
}

// Amounts of a line, rounded at the line (§4.5.2).
func (l Line) Amounts(r dealerkit.Rounding) LineAmounts {
	gross := r.Round(l.BilledQuantity().Mul(l.UnitPrice))
	discount := r.Round(gross.Mul(l.Discount))
	return LineAmounts{Gross: gross, Discount: discount, Net: gross.Sub(discount)}
}

// BilledQuantity is what the customer pays for (§4.5.2): the issued quantity of a part line
// supplied from stock, so parts that went back to the store are not charged; otherwise the
// approved quantity (standard hours for labour).
func (l Line) BilledQuantity() decimal.Decimal {
	if l.Stocked {
		return l.Issued
	}
	return l.Quantity
}

// LineAmounts are a line's list amount, its discount and what remains.
type LineAmounts struct {
	Gross    decimal.Decimal `json:"gross"`
	Discount decimal.Decimal `json:"discount"`
	Net      decimal.Decimal `json:"net"`
}

// ClockEntry is a technician's time on a job (§4.3.1). Off is zero while the clock runs.
type ClockEntry struct {
	Line       uuid.UUID         `json:"line"`
	Technician dealerkit.StaffID `json:"technician"`
	On         time.Time         `json:"on"`
	Off        time.Time         `json:"off,omitzero"`
}

// Running reports whether the clock is still on.
func (c ClockEntry) Running() bool { return c.Off.IsZero() }

// Notification is a contact with the customer about their vehicle (§4.2.3 progress, §4.5.1 ready).
type Notification struct {
	At      time.Time          `json:"at"`
	By      dealerkit.ActorRef `json:"by"`
	Channel Channel            `json:"channel"`
	Message string             `json:"message"`
	Ready   bool               `json:"ready,omitempty"` // §4.5.1 the vehicle-ready notice
}

// CheckItem is one point of the quality-inspection checklist (§4.4.1).
type CheckItem struct {
	Item string `json:"item"`
	OK   bool   `json:"ok"`
	Note string `json:"note,omitempty"`
}

// Inspection is a quality-inspection report (§4.4.1, §4.4.2). Every inspection is kept, failed
// ones too: failures are counted as rework.
type Inspection struct {
	At        time.Time          `json:"at"`
	Inspector dealerkit.ActorRef `json:"inspector"`
	Checklist []CheckItem        `json:"checklist"`
	Passed    bool               `json:"passed"`
	Rework    []uuid.UUID        `json:"rework,omitempty"` // lines sent back when failed
	Remarks   string             `json:"remarks,omitempty"`
}

// Cleaning records the §4.3.3 wash after the work.
type Cleaning struct {
	At time.Time          `json:"at"`
	By dealerkit.ActorRef `json:"by"`
}

// Response is the customer's answer at delivery (§4.5.3): acceptance, or an objection that opens a
// complaint.
type Response struct {
	At       time.Time          `json:"at"`
	By       dealerkit.ActorRef `json:"by"`
	Accepted bool               `json:"accepted"`
	Remarks  string             `json:"remarks,omitempty"`
}

// Payment is money received for the customer's share of the statement.
type Payment struct {
	At     time.Time          `json:"at"`
	By     dealerkit.ActorRef `json:"by"`
	Amount decimal.Decimal    `json:"amount"`
	Method string             `json:"method"` // cash, card, wechat, alipay, transfer …
	// Reference is the till's or provider's id for the payment, if given.
	Reference string `json:"reference,omitempty"`
}

// Survey is the follow-up contact's satisfaction survey (§4.5.4): scores 0..10 per item.
type Survey struct {
	At      time.Time          `json:"at"`
	By      dealerkit.ActorRef `json:"by"`
	Channel Channel            `json:"channel"`
	Scores  map[string]int     `json:"scores"`
	Comment string             `json:"comment,omitempty"`
}

// Cancellation records a customer's withdrawal before work began.
type Cancellation struct {
	At     time.Time          `json:"at"`
	By     dealerkit.ActorRef `json:"by"`
	Reason string             `json:"reason"`
}

// MarshalJSON keeps the scale of the line's decimals (12.3400 stays 12.3400) so a stored order
// reads back exactly.
func (l Line) MarshalJSON() ([]byte, error) {
	type plain Line
	return json.Marshal(struct {
		plain
		Quantity   dealerkit.ExactDecimal `json:"quantity"`
		UnitPrice  dealerkit.ExactDecimal `json:"unit_price"`
		Discount   dealerkit.ExactDecimal `json:"discount"`
		Issued     dealerkit.ExactDecimal `json:"issued"`
		IssuedCost dealerkit.ExactDecimal `json:"issued_cost"`
	}{plain(l), dealerkit.ExactDecimal(l.Quantity), dealerkit.ExactDecimal(l.UnitPrice), dealerkit.ExactDecimal(l.Discount),
		dealerkit.ExactDecimal(l.Issued), dealerkit.ExactDecimal(l.IssuedCost)})
}

// MarshalJSON keeps the scale of the amount.
func (p Payment) MarshalJSON() ([]byte, error) {
	type plain Payment
	return json.Marshal(struct {
		plain
		Amount dealerkit.ExactDecimal `json:"amount"`
	}{plain(p), dealerkit.ExactDecimal(p.Amount)})
}
