package aftersales

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// NotifyReady records that the customer was told the vehicle is ready and invited to inspect it
// (§4.5.1).
func (o *RepairOrder) NotifyReady(by dealerkit.Actor, at time.Time, ch Channel, message string) error {
	to, err := o.check(CmdNotifyReady)
	if err != nil {
		return err
	}
	if err := validateContact(ch, message); err != nil {
		return err
	}
	from := o.state
	o.notifications = append(o.notifications, Notification{At: at, By: by.Ref(), Channel: ch, Message: message, Ready: true})
	o.state = to
	o.record(EventReadyNotified, "§4.5.1", by, at, from, nil)
	return nil
}

// readyNotified reports whether a ready notice followed the inspection that released the vehicle.
func (o *RepairOrder) readyNotified() bool {
	passed, ok := o.LastPassedInspection()
	if !ok {
		return false
	}
	for _, n := range o.notifications {
		if n.Ready && !n.At.Before(passed.At) {
			return true
		}
	}
	return false
}

// Settle issues the settlement statement (§4.5.2) under the dealer's tax and rounding policy. The
// customer must have been told the vehicle is ready first (§4.5.1).
func (o *RepairOrder) Settle(by dealerkit.Actor, at time.Time, tax dealerkit.Tax, r dealerkit.Rounding) error {
	to, err := o.check(CmdSettle)
	if err != nil {
		return err
	}
	if !o.readyNotified() {
		return ErrNoReadyNotice
	}
	if err := tax.Validate(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	st := BuildStatement(o.lines, tax, r)
	st.IssuedAt, st.IssuedBy = at, by.Ref()
	from := o.state
	o.statement = &st
	o.state = to
	o.record(EventSettled, "§4.5.2", by, at, from, SettledData{dealerkit.FormatExact(st.Total.Gross), dealerkit.FormatExact(st.CustomerDue)})
	return nil
}

// Respond records the customer's answer when they inspect the vehicle with the advisor (§4.5.3):
// acceptance moves on to payment and delivery; an objection is recorded (the complaints package
// opens a complaint from its event) and the order stays settled until it is resolved by rework
// or a later acceptance.
func (o *RepairOrder) Respond(by dealerkit.Actor, at time.Time, accepted bool, remarks string) error {
	to, err := o.check(CmdRespond)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	if !accepted && strings.TrimSpace(remarks) == "" {
		v.AddCode("remarks", "", dealerkit.ReasonRequired, "an objection must say what the customer objects to")
	}
	v.CheckText("remarks", remarks)
	if err := v.Err(); err != nil {
		return err
	}
	from := o.state
	o.responses = append(o.responses, Response{At: at, By: by.Ref(), Accepted: accepted, Remarks: remarks})
	if !accepted {
		o.record(EventObjected, "§4.5.3", by, at, from, ObjectedData{remarks})
		return nil
	}
	o.state = to
	o.record(EventAccepted, "§4.5.3", by, at, from, nil)
	return nil
}

// ReturnToWork sends the vehicle back to the workshop after an objection (§4.5.3). The named jobs
// reopen; the statement is withdrawn and must be issued again after a new inspection.
func (o *RepairOrder) ReturnToWork(by dealerkit.Actor, at time.Time, lines []uuid.UUID, reason string) error {
	to, err := o.check(CmdReturnToWork)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	if strings.TrimSpace(reason) == "" {
		v.AddCode("reason", "", dealerkit.ReasonRequired, "required")
	}
	v.CheckText("reason", reason)
	if len(lines) == 0 {
		v.AddCode("lines", "", dealerkit.ReasonRequired, "name the jobs to redo")
	}
	idx := make([]int, 0, len(lines))
	for k, id := range lines {
		i := o.lineIndex(id)
		if i < 0 || o.lines[i].Job == nil {
			v.AddCode(indexed("lines", k, "line"), id.String(), ReasonNotADispatchedJob, "not a dispatched job of this order")
			continue
		}
		idx = append(idx, i)
	}
	if err := v.Err(); err != nil {
		return err
	}
	from := o.state
	o.ownLines()
	for _, i := range idx {
		o.lines[i].Job = o.lines[i].Job.completedAt(time.Time{})
	}
	o.statement, o.cleaning = nil, nil
	o.state = to
	o.record(EventReturnedToWork, "§4.5.3", by, at, from, ReturnedToWorkData{lines, reason})
	return nil
}

// PaymentInput is money received towards the customer's share (§4.5.2).
type PaymentInput struct {
	Amount decimal.Decimal `json:"amount"`
	Method string          `json:"method"` // cash, card, wechat, alipay, transfer …
	// Reference is the payment's id at the till or the payment provider. A payment recorded
	// again with the same reference (a retry after a timeout) is recognised, not taken twice.
	Reference string `json:"reference,omitempty"`
}

// RecordPayment records money received towards the customer's share (§4.5.2). Payments may be
// split (card and cash, say) but never exceed what is due, nor carry more decimal places than the
// statement was rounded to.
func (o *RepairOrder) RecordPayment(by dealerkit.Actor, at time.Time, in PaymentInput) error {
	to, err := o.check(CmdRecordPayment)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	switch {
	case !v.Within("amount", in.Amount, dealerkit.AmountBound(dealerkit.DefaultCurrency)): // before any arithmetic
	case !in.Amount.IsPositive():
		v.AddCode("amount", in.Amount.String(), dealerkit.ReasonNotPositive, "must be positive")
	case o.statement != nil && !in.Amount.Equal(in.Amount.Round(o.statement.Rounding.Places)):
		v.AddCode("amount", in.Amount.String(), dealerkit.ReasonBadFormat, "has more decimal places than the statement")
	}
	if strings.TrimSpace(in.Method) == "" {
		v.AddCode("method", "", dealerkit.ReasonRequired, "required")
	}
	v.CheckText("payment", in)
	if err := v.Err(); err != nil {
		return err
	}
	if in.Reference != "" {
		for _, p := range o.payments {
			if p.Reference != in.Reference {
				continue
			}
			if p.Amount.Equal(in.Amount) && p.Method == strings.TrimSpace(in.Method) {
				return nil // the same payment again: already recorded
			}
			return &PaymentError{Reference: in.Reference}
		}
	}
	if in.Amount.GreaterThan(o.Balance()) {
		return ErrOverpayment
	}
	from := o.state
	o.payments = append(o.payments, Payment{At: at, By: by.Ref(), Amount: in.Amount,
		Method: strings.TrimSpace(in.Method), Reference: in.Reference})
	o.state = to
	o.record(EventPaid, "§4.5.2", by, at, from, PaidData{dealerkit.FormatExact(in.Amount), strings.TrimSpace(in.Method), in.Reference})
	return nil
}

// Balance is what the customer still owes; zero before settlement.
func (o *RepairOrder) Balance() decimal.Decimal {
	if o.statement == nil {
		return decimal.Zero.Sub(o.Paid())
	}
	return o.statement.CustomerDue.Sub(o.Paid())
}

// DeliveryInput is what is recorded as the vehicle leaves (§4.5.3).
type DeliveryInput struct {
	// MileageKm is the odometer reading as the vehicle leaves: the repair-quality warranty's
	// distance runs from it. Zero means not read, and the warranty then counts from the reading at
	// reception (Coverage.MileageFromReception says so). It may not be below reception's reading.
	MileageKm int64 `json:"mileage_km,omitempty"`
}

// Deliver hands the vehicle back (§4.5.3) without an odometer reading: see DeliverWith.
func (o *RepairOrder) Deliver(by dealerkit.Actor, at time.Time) error {
	return o.DeliverWith(by, at, DeliveryInput{})
}

// DeliverWith hands the vehicle back (§4.5.3) and records the odometer as it leaves, from which
// its warranty's distance is counted. The customer has accepted it and paid their share.
func (o *RepairOrder) DeliverWith(by dealerkit.Actor, at time.Time, in DeliveryInput) error {
	to, err := o.check(CmdDeliver)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	switch {
	case in.MileageKm < 0:
		v.AddCode("mileage_km", itoa(in.MileageKm), dealerkit.ReasonNegative, "must not be negative")
	case in.MileageKm > MaxMileageKm:
		v.AddCode("mileage_km", itoa(in.MileageKm), dealerkit.ReasonOutOfRange, "must be at most "+itoa(MaxMileageKm))
	case in.MileageKm != 0 && in.MileageKm < o.reception.MileageKm:
		v.AddCode("mileage_km", itoa(in.MileageKm), dealerkit.ReasonWrongOrder, "must not be below the reading at reception")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if o.Balance().IsPositive() {
		return ErrPaymentDue
	}
	from := o.state
	o.deliveredAt = at
	o.deliveryKm = in.MileageKm
	o.state = to
	o.record(EventDelivered, "§4.5.3", by, at, from, nil)
	return nil
}

// SurveyInput is the follow-up contact's satisfaction survey (§4.5.4).
type SurveyInput struct {
	Channel Channel        `json:"channel"`
	Scores  map[string]int `json:"scores"` // item -> 0..10
	Comment string         `json:"comment,omitempty"`
}

// FollowUp records the follow-up contact after delivery with its satisfaction survey (§4.5.4),
// which feeds the appraisal of §6, and closes the order.
func (o *RepairOrder) FollowUp(by dealerkit.Actor, at time.Time, in SurveyInput) error {
	to, err := o.check(CmdFollowUp)
	if err != nil {
		return err
	}
	var v dealerkit.ValidationError
	if !channelEnum.Valid(in.Channel) {
		v.AddCode("channel", in.Channel.String(), dealerkit.ReasonUnknownValue, "unknown channel")
	}
	if len(in.Scores) == 0 {
		v.AddCode("scores", "", dealerkit.ReasonRequired, "at least one item is required")
	}
	v.CheckText("survey", in)
	for _, item := range slices.Sorted(maps.Keys(in.Scores)) { // sorted: the same input, the same error
		score := in.Scores[item]
		if strings.TrimSpace(item) == "" {
			v.AddCode("scores", "", dealerkit.ReasonRequired, "an item needs a name")
		}
		if score < 0 || score > 10 {
			v.AddCode("scores."+item, itoa(int64(score)), dealerkit.ReasonOutOfRange, "must be between 0 and 10") // §4.5.4
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	scores := make(map[string]int, len(in.Scores))
	for k, s := range in.Scores {
		scores[k] = s
	}
	from := o.state
	o.survey = &Survey{At: at, By: by.Ref(), Channel: in.Channel, Scores: scores, Comment: in.Comment}
	o.state = to
	o.record(EventFollowedUp, "§4.5.4", by, at, from, FollowedUpData{scores})
	return nil
}
