package training

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// CourseInput describes a course of the catalogue (§7.2, §7.3, §8.4).
type CourseInput struct {
	Code     string   `json:"code"`  // the dealer's own code, unique within the dealer
	Title    string   `json:"title"` // as staff know it
	Subject  Subject  `json:"subject"`
	Delivery Delivery `json:"delivery"`
	// Provider gives an external course (§7.3); required when Delivery is external.
	Provider string          `json:"provider,omitempty"`
	Cost     decimal.Decimal `json:"cost"`  // per attendee, tax included; 0 for an internal course
	Hours    decimal.Decimal `json:"hours"` // nominal length
	// Prerequisites are courses an attendee must have passed first (§7.2).
	Prerequisites []uuid.UUID `json:"prerequisites,omitempty"`
	// Certificate is the certificate type a pass issues ("" for none); its validity is the
	// policy's (CertificateType) at the time of issue.
	Certificate string `json:"certificate,omitempty"`
}

// CourseSnapshot is a course's stored and JSON form.
type CourseSnapshot struct {
	ID      uuid.UUID          `json:"id"`
	Dealer  dealerkit.DealerID `json:"dealer"`
	Version int64              `json:"version"`
	CourseInput
	Active    bool               `json:"active"`
	CreatedAt time.Time          `json:"created_at"`
	CreatedBy dealerkit.ActorRef `json:"created_by"`
	RetiredAt time.Time          `json:"retired_at,omitzero"`
}

// Course is a course of the catalogue. Build one with Service.CreateCourse (or NewCourse);
// RestoreCourse rebuilds a stored one.
type Course struct {
	s CourseSnapshot
	pending
}

func (in *CourseInput) normalise() {
	in.Prerequisites = slices.Clone(in.Prerequisites) // amounts keep the scale given (at most 2 places)
}

// validate checks what the input alone can tell, under the policy in force.
func (in CourseInput) validate(v *dealerkit.ValidationError, pol Policy, self uuid.UUID) {
	checkCode(v, "code", in.Code)
	checkText(v, "title", in.Title, maxText, true)
	if !in.Subject.Valid() {
		v.AddCode("subject", in.Subject.String(), dealerkit.ReasonUnknownValue, "unknown subject")
	}
	if !in.Delivery.Valid() {
		v.AddCode("delivery", in.Delivery.String(), dealerkit.ReasonUnknownValue, "internal or external")
	}
	checkText(v, "provider", in.Provider, maxText, in.Delivery == DeliveryExternal) // §7.3
	checkAmount(v, "cost", in.Cost, false, maxMoney)
	checkAmount(v, "hours", in.Hours, true, maxHours)
	if len(in.Prerequisites) > maxItems {
		v.AddCode("prerequisites", "", dealerkit.ReasonOutOfRange, "at most 100")
	}
	for i, p := range in.Prerequisites {
		f := fmt.Sprintf("prerequisites[%d]", i)
		switch {
		case p == uuid.Nil:
			v.Required(f)
		case p == self:
			v.AddCode(f, p.String(), dealerkit.ReasonInvalid, "a course cannot require itself")
		case slices.Index(in.Prerequisites, p) < i:
			v.AddCode(f, p.String(), dealerkit.ReasonDuplicate, "given twice")
		}
	}
	if in.Certificate != "" {
		if _, ok := pol.CertificateTypes[in.Certificate]; !ok {
			v.AddCode("certificate", in.Certificate, ReasonUnknownCertificateType, "not a certificate type of the policy in force")
		}
	}
}

// NewCourse builds a course from in, checked under pol. The Service also checks that each
// prerequisite is an active course of the dealer.
func NewCourse(dealer dealerkit.DealerID, id uuid.UUID, by dealerkit.Actor, at time.Time, in CourseInput, pol Policy) (*Course, error) {
	in.normalise()
	var v dealerkit.ValidationError
	in.validate(&v, pol, id)
	if err := v.Err(); err != nil {
		return nil, err
	}
	c := &Course{s: CourseSnapshot{ID: id, Dealer: dealer, CourseInput: in, Active: true, CreatedAt: utc(at), CreatedBy: by.Ref()}}
	c.record(dealer, AggregateCourse, id, EventCourseCreated, "§7.2", by.Ref(), at, "", "active", c.Snapshot())
	return c, nil
}

// RestoreCourse rebuilds a course from its snapshot, as stored by an adapter. It checks the
// snapshot's shape, not the policy (which may have changed since).
func RestoreCourse(s CourseSnapshot) (*Course, error) {
	if s.ID == uuid.Nil || s.Dealer.IsZero() || !s.Subject.Valid() || !s.Delivery.Valid() {
		return nil, fmt.Errorf("training: restore course %s: bad snapshot", s.ID)
	}
	s.Prerequisites = slices.Clone(s.Prerequisites)
	s.CreatedBy = s.CreatedBy.Clone()
	return &Course{s: s}, nil
}

// Retire takes the course out of the catalogue: no new sessions or plans use it; its history
// stays.
func (c *Course) Retire(by dealerkit.Actor, at time.Time) error {
	if !c.s.Active {
		return &StateError{Record: "course", State: "retired", Command: "retire"}
	}
	c.s.Active = false
	c.s.RetiredAt = utc(at)
	c.record(c.s.Dealer, AggregateCourse, c.s.ID, EventCourseRetired, "§7.2", by.Ref(), at, "active", "retired", Note{})
	return nil
}

// Snapshot returns the course's stored form, sharing nothing with it.
func (c *Course) Snapshot() CourseSnapshot {
	s := c.s
	s.Prerequisites = slices.Clone(s.Prerequisites)
	s.CreatedBy = s.CreatedBy.Clone()
	return s
}

// MarshalJSON returns the snapshot's JSON.
func (c *Course) MarshalJSON() ([]byte, error) { return json.Marshal(c.Snapshot()) }

func (c *Course) Dealer() dealerkit.DealerID { return c.s.Dealer }
func (c *Course) ID() uuid.UUID              { return c.s.ID }
func (c *Course) Version() int64             { return c.s.Version }

// SetVersion is for adapters: the version stored; the pending events are written.
func (c *Course) SetVersion(v int64) { c.s.Version = v; c.events = nil }

func (c *Course) Code() string               { return c.s.Code }
func (c *Course) Title() string              { return c.s.Title }
func (c *Course) Subject() Subject           { return c.s.Subject }
func (c *Course) Delivery() Delivery         { return c.s.Delivery }
func (c *Course) Active() bool               { return c.s.Active }
func (c *Course) Certificate() string        { return c.s.Certificate }
func (c *Course) Hours() decimal.Decimal     { return c.s.Hours }
func (c *Course) Cost() decimal.Decimal      { return c.s.Cost }
func (c *Course) Prerequisites() []uuid.UUID { return slices.Clone(c.s.Prerequisites) }
