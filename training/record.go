package training

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Aggregate names, the Aggregate of the events each records.
const (
	AggregateCourse      = "training_course"
	AggregatePlan        = "training_plan"
	AggregateSession     = "training_session"
	AggregateCertificate = "training_certificate"
	AggregateMember      = "training_member"
)

// pending is the events an aggregate recorded since it was built or loaded.
type pending struct{ events []dealerkit.Event }

func (p *pending) record(dealer dealerkit.DealerID, aggregate string, id uuid.UUID, typ, clause string,
	by dealerkit.ActorRef, at time.Time, from, to string, data any) {
	var raw json.RawMessage
	if data != nil {
		// The payloads are plain structs of this package; marshalling them cannot fail.
		raw, _ = json.Marshal(data)
	}
	p.events = append(p.events, dealerkit.Event{Dealer: dealer, Aggregate: aggregate, AggregateID: id,
		Type: typ, Clause: clause, Actor: by, At: at.UTC(), From: from, To: to, Data: raw})
}

// PendingEvents returns the events recorded since the record was built or loaded, for the adapter
// to store in the same transaction.
func (p *pending) PendingEvents() []dealerkit.Event {
	return append([]dealerkit.Event(nil), p.events...)
}

// Input bounds: beyond them a value is a mistake, not data.
const (
	maxText     = 200
	maxNote     = 2000
	maxAttendee = 200
	maxItems    = 100
)

var (
	maxMoney = decimal.NewFromInt(100_000_000) // a course costing more is a typo
	maxHours = decimal.NewFromInt(10_000)
	maxScore = decimal.NewFromInt(1000)
)

// checkText records a required (or optional) text field that is empty, too long, not UTF-8 or
// holds a control character.
func checkText(v *dealerkit.ValidationError, field, s string, limit int, required bool) {
	switch {
	case strings.TrimSpace(s) == "":
		if required {
			v.Required(field)
		}
	case !utf8.ValidString(s):
		v.AddCode(field, "", dealerkit.ReasonInvalidUTF8, "not valid UTF-8")
	case utf8.RuneCountInString(s) > limit:
		v.AddCode(field, s[:min(len(s), 32)]+"…", dealerkit.ReasonTooLong, fmt.Sprintf("at most %d characters", limit))
	default:
		v.CheckText(field, s)
	}
}

// maxCheckedPlaces is how many places an amount may have before its check refuses it outright;
// the finer ones within it are refused as a bad format.
const maxCheckedPlaces = 40

// checkAmount records an amount that is negative, or not positive when positive is set, or over
// limit, or finer than 1/100. It reports whether d is small enough to compare and round at all.
func checkAmount(v *dealerkit.ValidationError, field string, d decimal.Decimal, positive bool, limit decimal.Decimal) bool {
	// Bounded first (kernel bounds.go): rounding or comparing 1e-100000000 would take as long as
	// writing out its digits. Within it, the checks below are cheap.
	if !v.Within(field, d, dealerkit.Bound{Max: limit, Places: maxCheckedPlaces}) {
		return false
	}
	switch {
	case d.IsNegative():
		v.AddCode(field, d.String(), dealerkit.ReasonNegative, "must not be negative")
	case positive && !d.IsPositive():
		v.AddCode(field, d.String(), dealerkit.ReasonNotPositive, "must be greater than zero")
	case d.GreaterThan(limit):
		v.AddCode(field, d.String(), dealerkit.ReasonOutOfRange, "must not exceed "+limit.String())
	case d.Exponent() < -2 && !d.Equal(d.Round(2)):
		v.AddCode(field, d.String(), dealerkit.ReasonBadFormat, "at most two decimal places")
	}
	return true
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
