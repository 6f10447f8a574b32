package aftersales

import (
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// ReceptionInput is what the advisor records when the customer arrives (§4.1). The VIN is given
// as text and validated.
// MaxMileageKm is the highest odometer reading accepted: odometers show at most seven digits,
// and the bound keeps warranty distances far from overflow.
const MaxMileageKm = 9_999_999

type ReceptionInput struct {
	Number      string    `json:"number,omitempty"` // order number; empty means the order id
	ArrivedAt   time.Time `json:"arrived_at"`
	GreetedAt   time.Time `json:"greeted_at"`
	VIN         string    `json:"vin"`
	Plate       string    `json:"plate"`
	Model       string    `json:"model"`
	MileageKm   int64     `json:"mileage_km"`
	FuelPercent int       `json:"fuel_percent"`
	// WalkAroundDone must be true: §4.1.2 requires the exterior and interior check on the order
	// before any estimate, and Findings may be empty when it found nothing.
	WalkAroundDone bool      `json:"walk_around_done"`
	Findings       []Finding `json:"findings"`
	Belongings     []string  `json:"belongings"`
	Concerns       []Concern `json:"concerns"`
	Visit          VisitMode `json:"visit"`
	Customer       Customer  `json:"customer"`
}

func (in ReceptionInput) validate() (Reception, error) {
	var v dealerkit.ValidationError
	v.CheckText("reception", in)
	vin, err := ParseVIN(in.VIN)
	if err != nil {
		v.AddErr("vin", in.VIN, err) // §4.1.2: the check digit is validated
	}
	if in.ArrivedAt.IsZero() {
		v.AddCode("arrived_at", "", dealerkit.ReasonRequired, "required") // §4.1.1
	}
	if in.GreetedAt.IsZero() {
		v.AddCode("greeted_at", "", dealerkit.ReasonRequired, "required") // §4.1.1
	} else if in.GreetedAt.Before(in.ArrivedAt) {
		v.AddCode("greeted_at", in.GreetedAt.Format(time.RFC3339), dealerkit.ReasonWrongOrder, "before arrival")
	}
	if strings.TrimSpace(in.Plate) == "" {
		v.AddCode("plate", "", dealerkit.ReasonRequired, "required") // §4.1.2
	}
	if in.MileageKm < 0 {
		v.AddCode("mileage_km", itoa(in.MileageKm), dealerkit.ReasonNegative, "must not be negative")
	} else if in.MileageKm > MaxMileageKm {
		v.AddCode("mileage_km", itoa(in.MileageKm), dealerkit.ReasonOutOfRange, "must be at most "+itoa(MaxMileageKm))
	}
	if in.FuelPercent < 0 || in.FuelPercent > 100 {
		v.AddCode("fuel_percent", itoa(int64(in.FuelPercent)), dealerkit.ReasonOutOfRange, "must be between 0 and 100")
	}
	if !in.WalkAroundDone {
		v.AddCode("walk_around_done", "", ReasonWalkAroundNotDone, "the walk-around check must be done before the order is opened") // §4.1.2
	}
	for i, f := range in.Findings {
		if strings.TrimSpace(f.Description) == "" {
			v.Required(indexed("findings", i, "description"))
		}
	}
	if len(in.Concerns) == 0 {
		v.AddCode("concerns", "", dealerkit.ReasonRequired, "at least one concern in the customer's words is required") // §4.1.2
	}
	for i, c := range in.Concerns {
		if strings.TrimSpace(c.Text) == "" {
			v.Required(indexed("concerns", i, "text"))
		}
	}
	if !visitModeEnum.Valid(in.Visit) {
		v.AddCode("visit", in.Visit.String(), dealerkit.ReasonRequired, "waiting or drop_off is required") // §4.1.3
	}
	if err := v.Err(); err != nil {
		return Reception{}, err
	}
	return cloneReception(Reception{
		ArrivedAt: storedTime(in.ArrivedAt), GreetedAt: storedTime(in.GreetedAt), VIN: vin,
		Plate: strings.TrimSpace(in.Plate), Model: in.Model, MileageKm: in.MileageKm,
		FuelPercent: in.FuelPercent, WalkAroundDone: true, Findings: in.Findings,
		Belongings: in.Belongings, Concerns: in.Concerns, Visit: in.Visit, Customer: in.Customer,
	}), nil
}

// NewRepairOrder opens a repair order at reception (§4.1). by is the advisor who received the
// customer; at is the time the order is recorded. The order starts in StateReceived with an
// "opened" event pending.
func NewRepairOrder(id uuid.UUID, by dealerkit.Actor, at time.Time, in ReceptionInput) (*RepairOrder, error) {
	r, err := in.validate()
	if err != nil {
		return nil, err
	}
	if id == (uuid.UUID{}) || !by.Valid() {
		return nil, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "id", Reason: "an id and a valid actor are required"}}}
	}
	number := strings.TrimSpace(in.Number)
	if number == "" {
		number = id.String()
	}
	o := &RepairOrder{dealer: by.Dealer(), id: id, number: number, state: StateReceived,
		openedBy: by.Ref(), reception: r}
	o.record(EventOpened, "§4.1.1", by, at.UTC(), 0, OpenedData{VIN: r.VIN, TimeToGreetNS: int64(r.TimeToGreet()), TimeToGreet: r.TimeToGreet().String()})
	return o, nil
}

// markComeback links the order to the earlier one it returns to (see warranty.go). §3.3: the
// technician guarantees repair quality; a comeback is counted against it.
func (o *RepairOrder) markComeback(original uuid.UUID, by dealerkit.Actor, at time.Time) {
	o.comebackOf = original
	o.record(EventComeback, "§3.3", by, at, o.state, ComebackData{original})
}
