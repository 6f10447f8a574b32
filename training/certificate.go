package training

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// CertificateSnapshot is a certificate's stored and JSON form.
type CertificateSnapshot struct {
	ID      uuid.UUID          `json:"id"`
	Dealer  dealerkit.DealerID `json:"dealer"`
	Version int64              `json:"version"`
	Staff   dealerkit.StaffID  `json:"staff"`
	Type    string             `json:"type"` // a CertificateType of the policy in force at issue
	Name    string             `json:"name"`
	Kind    CertificateKind    `json:"kind"`
	Number  string             `json:"number,omitempty"` // the issuer's number, if any
	Issuer  string             `json:"issuer,omitempty"` // the dealership, the manufacturer, the authority
	Course  uuid.UUID          `json:"course,omitzero"`  // the course whose pass issued it
	Session uuid.UUID          `json:"session,omitzero"` // the session it was passed in
	// External marks a certificate earned elsewhere and recorded with its evidence (§7.3).
	External  bool      `json:"external,omitempty"`
	Evidence  string    `json:"evidence,omitempty"`
	IssuedAt  time.Time `json:"issued_at"`  // start of the current term
	ExpiresAt time.Time `json:"expires_at"` // the certificate grants nothing from this instant on
	// ReviewMonths is the statutory review interval (0: none) and ReviewDue the instant the next
	// review lapses: from then on the certificate is suspended until reviewed.
	ReviewMonths int              `json:"review_months,omitempty"`
	ReviewDue    time.Time        `json:"review_due,omitzero"`
	State        CertificateState `json:"state"`
	Note         string           `json:"note,omitempty"` // why it was suspended or revoked
	UpdatedAt    time.Time        `json:"updated_at"`
}

// Certificate is a qualification a staff member holds: internal, the manufacturer's or
// statutory. It is issued by a pass (Service.CompleteSession) or recorded from elsewhere
// (Service.RecordCertificate), and renewed, reviewed, suspended, reinstated or revoked through the
// Service. Whether it grants anything at an instant is Status: an expired, suspended or revoked
// certificate stays on record but grants nothing.
type Certificate struct {
	s CertificateSnapshot
	pending
}

// CertificateSpec is what issuing a certificate needs. ExpiresAt zero means the policy's
// validity from IssuedAt.
type CertificateSpec struct {
	Staff     dealerkit.StaffID `json:"staff"`
	Type      string            `json:"type"`
	Number    string            `json:"number,omitempty"`
	Issuer    string            `json:"issuer,omitempty"`
	Course    uuid.UUID         `json:"course,omitzero"`
	Session   uuid.UUID         `json:"session,omitzero"`
	External  bool              `json:"external,omitempty"`
	Evidence  string            `json:"evidence,omitempty"`
	IssuedAt  time.Time         `json:"issued_at"`
	ExpiresAt time.Time         `json:"expires_at,omitzero"`
}

// term returns the expiry and review of a term starting at from under ct, unless expires is set.
func term(ct CertificateType, from, expires time.Time) (time.Time, time.Time) {
	if expires.IsZero() {
		expires = from.AddDate(0, ct.ValidMonths, 0)
	}
	var review time.Time
	if ct.ReviewMonths > 0 {
		review = from.AddDate(0, ct.ReviewMonths, 0)
		if !review.Before(expires) {
			review = time.Time{}
		}
	}
	return utc(expires), utc(review)
}

// NewCertificate issues a certificate under the policy in force. The statutory special-operations
// certificate, for example, is valid for 6 years and reviewed every 3 (DefaultPolicy).
func NewCertificate(dealer dealerkit.DealerID, id uuid.UUID, by dealerkit.Actor, at time.Time, in CertificateSpec, pol Policy) (*Certificate, error) {
	var v dealerkit.ValidationError
	if in.Staff.IsZero() {
		v.Required("staff")
	}
	ct, ok := pol.CertificateTypes[in.Type]
	if !ok {
		v.AddCode("type", in.Type, ReasonUnknownCertificateType, "not a certificate type of the policy in force")
	}
	checkText(&v, "number", in.Number, maxText, false)
	checkText(&v, "issuer", in.Issuer, maxText, false)
	checkText(&v, "evidence", in.Evidence, maxNote, in.External) // §7.3: recorded with evidence
	if in.IssuedAt.IsZero() {
		v.Required("issued_at")
	} else if in.IssuedAt.After(at) {
		v.AddCode("issued_at", timeText(in.IssuedAt), dealerkit.ReasonOutOfRange, "must not be in the future")
	}
	if !in.ExpiresAt.IsZero() && !in.ExpiresAt.After(in.IssuedAt) {
		v.AddCode("expires_at", timeText(in.ExpiresAt), dealerkit.ReasonWrongOrder, "must be after issued_at")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	expires, review := term(ct, in.IssuedAt, in.ExpiresAt)
	c := &Certificate{s: CertificateSnapshot{ID: id, Dealer: dealer, Staff: in.Staff, Type: in.Type, Name: ct.Name,
		Kind: ct.Kind, Number: in.Number, Issuer: in.Issuer, Course: in.Course, Session: in.Session,
		External: in.External, Evidence: in.Evidence, IssuedAt: utc(in.IssuedAt), ExpiresAt: expires,
		ReviewMonths: ct.ReviewMonths, ReviewDue: review, State: CertificateActive, UpdatedAt: utc(at)}}
	clause := "§7.2"
	if in.External {
		clause = "§7.3"
	}
	c.record(dealer, AggregateCertificate, id, EventCertificateIssued, clause, by.Ref(), at, "", CertificateActive.String(), c.Snapshot())
	return c, nil
}

// RestoreCertificate rebuilds a certificate from its snapshot, as stored by an adapter.
func RestoreCertificate(s CertificateSnapshot) (*Certificate, error) {
	if s.ID == uuid.Nil || s.Dealer.IsZero() || s.Staff.IsZero() || !s.State.Valid() || !s.ExpiresAt.After(s.IssuedAt) {
		return nil, fmt.Errorf("training: restore certificate %s: bad snapshot", s.ID)
	}
	return &Certificate{s: s}, nil
}

// Status is what the certificate is worth at the instant at. It is expired from its expiry
// instant on and not a nanosecond before; a statutory certificate whose review is due is
// suspended from that instant until reviewed (§7, §8.4).
func (c *Certificate) Status(at time.Time) Status {
	switch {
	case at.Before(c.s.IssuedAt):
		return StatusNotYetIssued
	case c.s.State == CertificateRevoked:
		return StatusRevoked
	case !at.Before(c.s.ExpiresAt):
		return StatusExpired
	case c.s.State == CertificateSuspended:
		return StatusSuspended
	case !c.s.ReviewDue.IsZero() && !at.Before(c.s.ReviewDue):
		return StatusSuspended // the review lapsed
	}
	return StatusValid
}

// Valid reports whether the certificate grants its skills at at.
func (c *Certificate) Valid(at time.Time) bool { return c.Status(at) == StatusValid }

func (c *Certificate) refuse(command string) error {
	return &StateError{Record: "certificate", State: c.s.State.String(), Command: command}
}

// Renew starts a new term at at (or the given dates): the policy's validity from then and, for a
// statutory certificate, a fresh review. A revoked certificate cannot be renewed; a suspended one
// stays suspended until reinstated.
func (c *Certificate) Renew(by dealerkit.Actor, at time.Time, issuedAt, expiresAt time.Time, pol Policy) error {
	if c.s.State == CertificateRevoked {
		return c.refuse("renew")
	}
	ct, ok := pol.CertificateTypes[c.s.Type]
	var v dealerkit.ValidationError
	if !ok {
		v.AddCode("type", c.s.Type, ReasonUnknownCertificateType, "not a certificate type of the policy in force")
	}
	if issuedAt.IsZero() {
		issuedAt = at
	} else if issuedAt.After(at) {
		v.AddCode("issued_at", timeText(issuedAt), dealerkit.ReasonOutOfRange, "must not be in the future")
	}
	if !expiresAt.IsZero() && !expiresAt.After(issuedAt) {
		v.AddCode("expires_at", timeText(expiresAt), dealerkit.ReasonWrongOrder, "must be after issued_at")
	}
	if err := v.Err(); err != nil {
		return err
	}
	c.s.IssuedAt = utc(issuedAt)
	c.s.ExpiresAt, c.s.ReviewDue = term(ct, issuedAt, expiresAt)
	c.s.ReviewMonths = ct.ReviewMonths
	c.s.UpdatedAt = utc(at)
	st := c.s.State.String()
	c.record(c.s.Dealer, AggregateCertificate, c.s.ID, EventCertificateRenewed, "§7.1", by.Ref(), at, st, st, c.term())
	return nil
}

// Review records a passed statutory review (复审): the next is due one interval later, never
// after the expiry. It restores a certificate whose review had lapsed; an expired, suspended or
// revoked one, or one without reviews, cannot be reviewed.
func (c *Certificate) Review(by dealerkit.Actor, at time.Time) error {
	if c.s.ReviewMonths == 0 || c.s.State != CertificateActive || !at.Before(c.s.ExpiresAt) {
		return c.refuse("review")
	}
	next := at.AddDate(0, c.s.ReviewMonths, 0)
	if !next.Before(c.s.ExpiresAt) {
		next = time.Time{}
	}
	c.s.ReviewDue = utc(next)
	c.s.UpdatedAt = utc(at)
	c.record(c.s.Dealer, AggregateCertificate, c.s.ID, EventCertificateReviewed, "§7.1", by.Ref(), at, "active", "active", c.term())
	return nil
}

// Suspend suspends an active certificate (a manager's decision, with the reason).
func (c *Certificate) Suspend(by dealerkit.Actor, at time.Time, note string) error {
	return c.move(by, at, note, "suspend", CertificateActive, CertificateSuspended, EventCertificateSuspended)
}

// Reinstate lifts a suspension.
func (c *Certificate) Reinstate(by dealerkit.Actor, at time.Time, note string) error {
	return c.move(by, at, note, "reinstate", CertificateSuspended, CertificateActive, EventCertificateReinstated)
}

// Revoke withdraws the certificate for good.
func (c *Certificate) Revoke(by dealerkit.Actor, at time.Time, note string) error {
	if c.s.State == CertificateSuspended {
		return c.move(by, at, note, "revoke", CertificateSuspended, CertificateRevoked, EventCertificateRevoked)
	}
	return c.move(by, at, note, "revoke", CertificateActive, CertificateRevoked, EventCertificateRevoked)
}

func (c *Certificate) move(by dealerkit.Actor, at time.Time, note, command string, from, to CertificateState, typ string) error {
	var v dealerkit.ValidationError
	checkText(&v, "note", note, maxNote, command != "reinstate")
	if err := v.Err(); err != nil {
		return err
	}
	if c.s.State != from {
		return c.refuse(command)
	}
	c.s.State, c.s.Note, c.s.UpdatedAt = to, note, utc(at)
	c.record(c.s.Dealer, AggregateCertificate, c.s.ID, typ, "§7.1", by.Ref(), at, from.String(), to.String(), Note{Note: note})
	return nil
}

func (c *Certificate) term() CertificateTerm {
	return CertificateTerm{IssuedAt: c.s.IssuedAt, ExpiresAt: c.s.ExpiresAt, ReviewDue: c.s.ReviewDue}
}

// Snapshot returns the certificate's stored form.
func (c *Certificate) Snapshot() CertificateSnapshot { return c.s }

// MarshalJSON returns the snapshot's JSON.
func (c *Certificate) MarshalJSON() ([]byte, error) { return json.Marshal(c.s) }

func (c *Certificate) Dealer() dealerkit.DealerID { return c.s.Dealer }
func (c *Certificate) ID() uuid.UUID              { return c.s.ID }
func (c *Certificate) Version() int64             { return c.s.Version }

// SetVersion is for adapters: the version stored; the pending events are written.
func (c *Certificate) SetVersion(v int64) { c.s.Version = v; c.events = nil }

func (c *Certificate) Staff() dealerkit.StaffID { return c.s.Staff }
func (c *Certificate) Type() string             { return c.s.Type }
func (c *Certificate) Kind() CertificateKind    { return c.s.Kind }
func (c *Certificate) State() CertificateState  { return c.s.State }
func (c *Certificate) IssuedAt() time.Time      { return c.s.IssuedAt }
func (c *Certificate) ExpiresAt() time.Time     { return c.s.ExpiresAt }
func (c *Certificate) ReviewDue() time.Time     { return c.s.ReviewDue }
func (c *Certificate) Course() uuid.UUID        { return c.s.Course }
