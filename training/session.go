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

// SessionInput schedules a session of a course (§7.2): when, who trains (a member of staff or an
// outside provider, §7.3), where, the pass mark if results are scored, and the first attendees.
type SessionInput struct {
	Course          uuid.UUID           `json:"course"`
	StartsAt        time.Time           `json:"starts_at"`
	EndsAt          time.Time           `json:"ends_at"`
	TrainerStaff    dealerkit.StaffID   `json:"trainer_staff,omitzero"`
	TrainerProvider string              `json:"trainer_provider,omitempty"`
	Location        string              `json:"location,omitempty"`
	PassMark        *decimal.Decimal    `json:"pass_mark,omitempty"` // nil: results are pass or fail
	Attendees       []dealerkit.StaffID `json:"attendees,omitempty"`
}

// Attendee is one staff member's place in a session and, once completed, their attendance, hours
// and result.
type Attendee struct {
	Staff       dealerkit.StaffID `json:"staff"`
	Attended    bool              `json:"attended"`
	Hours       decimal.Decimal   `json:"hours"`
	Result      Result            `json:"result"`
	Score       *decimal.Decimal  `json:"score,omitempty"`
	Certificate uuid.UUID         `json:"certificate,omitzero"` // issued by the pass
}

// ResultInput is one attendee's outcome: attended or not, the hours attended, and either a score
// against the session's pass mark or a plain pass or fail.
type ResultInput struct {
	Staff    dealerkit.StaffID `json:"staff"`
	Attended bool              `json:"attended"`
	Hours    decimal.Decimal   `json:"hours"`
	Result   Result            `json:"result,omitempty"` // pass or fail; with a score, may be left empty
	Score    *decimal.Decimal  `json:"score,omitempty"`
}

// SessionSnapshot is a session's stored and JSON form.
type SessionSnapshot struct {
	ID              uuid.UUID          `json:"id"`
	Dealer          dealerkit.DealerID `json:"dealer"`
	Version         int64              `json:"version"`
	Course          uuid.UUID          `json:"course"`
	Subject         Subject            `json:"subject"` // the course's, kept for reports
	StartsAt        time.Time          `json:"starts_at"`
	EndsAt          time.Time          `json:"ends_at"`
	TrainerStaff    dealerkit.StaffID  `json:"trainer_staff,omitzero"`
	TrainerProvider string             `json:"trainer_provider,omitempty"`
	Location        string             `json:"location,omitempty"`
	PassMark        *decimal.Decimal   `json:"pass_mark,omitempty"`
	External        bool               `json:"external,omitempty"` // training taken elsewhere (§7.3)
	Evidence        string             `json:"evidence,omitempty"`
	State           SessionState       `json:"state"`
	Attendees       []Attendee         `json:"attendees"`
	CreatedAt       time.Time          `json:"created_at"`
	CompletedAt     time.Time          `json:"completed_at,omitzero"`
	Note            string             `json:"note,omitempty"`
}

// Session is a scheduled training session and, once completed, its record of attendance and
// assessment (§7.2). Training taken elsewhere is a completed external session (§7.3).
type Session struct {
	s SessionSnapshot
	pending
}

func (in SessionInput) validate(v *dealerkit.ValidationError) {
	if in.Course == uuid.Nil {
		v.Required("course")
	}
	if in.StartsAt.IsZero() {
		v.Required("starts_at")
	}
	if in.EndsAt.IsZero() {
		v.Required("ends_at")
	} else if !in.StartsAt.IsZero() && !in.EndsAt.After(in.StartsAt) {
		v.AddCode("ends_at", timeText(in.EndsAt), dealerkit.ReasonWrongOrder, "must be after starts_at")
	} else if in.EndsAt.Sub(in.StartsAt) > 31*24*time.Hour {
		v.AddCode("ends_at", timeText(in.EndsAt), dealerkit.ReasonOutOfRange, "a session lasts at most 31 days")
	}
	if in.TrainerStaff.IsZero() && in.TrainerProvider == "" {
		v.AddCode("trainer_staff", "", dealerkit.ReasonRequired, "a trainer (staff) or a provider is required")
	}
	checkText(v, "trainer_provider", in.TrainerProvider, maxText, false)
	checkText(v, "location", in.Location, maxText, false)
	if in.PassMark != nil {
		checkAmount(v, "pass_mark", *in.PassMark, true, maxScore)
	}
	checkStaffList(v, "attendees", in.Attendees)
}

func checkStaffList(v *dealerkit.ValidationError, field string, staff []dealerkit.StaffID) {
	if len(staff) > maxAttendee {
		v.AddCode(field, "", dealerkit.ReasonOutOfRange, "at most 200")
	}
	for i, s := range staff {
		f := fmt.Sprintf("%s[%d]", field, i)
		if s.IsZero() {
			v.Required(f)
		} else if slices.Index(staff, s) < i {
			v.AddCode(f, s.String(), dealerkit.ReasonDuplicate, "given twice")
		}
	}
}

// NewSession schedules a session of course. The Service checks that the course is active, the
// trainer and attendees are on the roster and the attendees passed the prerequisites.
func NewSession(dealer dealerkit.DealerID, id uuid.UUID, by dealerkit.Actor, at time.Time, in SessionInput, course *Course) (*Session, error) {
	var v dealerkit.ValidationError
	in.validate(&v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !course.Active() {
		return nil, ErrInactiveCourse
	}
	s := &Session{s: SessionSnapshot{ID: id, Dealer: dealer, Course: course.ID(), Subject: course.Subject(),
		StartsAt: utc(in.StartsAt), EndsAt: utc(in.EndsAt), TrainerStaff: in.TrainerStaff,
		TrainerProvider: in.TrainerProvider, Location: in.Location, PassMark: clonePtr(in.PassMark),
		State: SessionScheduled, Attendees: []Attendee{}, CreatedAt: utc(at)}}
	for _, a := range in.Attendees {
		s.s.Attendees = append(s.s.Attendees, Attendee{Staff: a, Hours: decimal.Zero, Result: ResultPending})
	}
	s.record(dealer, AggregateSession, id, EventSessionScheduled, "§7.2", by.Ref(), at, "", SessionScheduled.String(), s.Snapshot())
	return s, nil
}

func clonePtr(d *decimal.Decimal) *decimal.Decimal {
	if d == nil {
		return nil
	}
	c := *d
	return &c
}

// RestoreSession rebuilds a session from its snapshot, as stored by an adapter.
func RestoreSession(s SessionSnapshot) (*Session, error) {
	if s.ID == uuid.Nil || s.Dealer.IsZero() || !s.State.Valid() || !s.EndsAt.After(s.StartsAt) {
		return nil, fmt.Errorf("training: restore session %s: bad snapshot", s.ID)
	}
	s.PassMark = clonePtr(s.PassMark)
	s.Attendees = cloneAttendees(s.Attendees)
	if s.Attendees == nil {
		s.Attendees = []Attendee{}
	}
	return &Session{s: s}, nil
}

func (s *Session) refuse(command string) error {
	return &StateError{Record: "session", State: s.s.State.String(), Command: command}
}

// Enrol adds attendees to a scheduled session; one already enrolled is refused as a duplicate.
func (s *Session) Enrol(by dealerkit.Actor, at time.Time, staff []dealerkit.StaffID) error {
	var v dealerkit.ValidationError
	if len(staff) == 0 {
		v.Required("staff")
	}
	checkStaffList(&v, "staff", staff)
	for i, st := range staff {
		if s.attendee(st) >= 0 {
			v.AddCode(fmt.Sprintf("staff[%d]", i), st.String(), dealerkit.ReasonDuplicate, "already enrolled")
		}
	}
	if len(s.s.Attendees)+len(staff) > maxAttendee {
		v.AddCode("staff", "", dealerkit.ReasonOutOfRange, "a session takes at most 200 attendees")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if s.s.State != SessionScheduled {
		return s.refuse("enrol in")
	}
	for _, st := range staff {
		s.s.Attendees = append(s.s.Attendees, Attendee{Staff: st, Hours: decimal.Zero, Result: ResultPending})
	}
	s.record(s.s.Dealer, AggregateSession, s.s.ID, EventSessionEnrolled, "§7.1", by.Ref(), at, "scheduled", "scheduled",
		Enrolment{Staff: slices.Clone(staff)})
	return nil
}

func (s *Session) attendee(staff dealerkit.StaffID) int {
	return slices.IndexFunc(s.s.Attendees, func(a Attendee) bool { return a.Staff == staff })
}

// Complete records attendance, hours and results (§7.2) and returns the attendees who passed.
// Every enrolled attendee gets a result; one not listed is recorded absent. A score is judged
// against the pass mark: at or above it passes. A session cannot be completed before it starts.
// issue, if not nil, issues the course's certificate to each passer and returns its id.
func (s *Session) Complete(by dealerkit.Actor, at time.Time, results []ResultInput, issue func(dealerkit.StaffID) (uuid.UUID, error)) ([]dealerkit.StaffID, error) {
	if s.s.State != SessionScheduled {
		return nil, s.refuse("complete")
	}
	var v dealerkit.ValidationError
	if at.Before(s.s.StartsAt) {
		v.AddCode("completed_at", timeText(at), dealerkit.ReasonWrongOrder, "the session has not started")
	}
	length := decimal.NewFromFloat(s.s.EndsAt.Sub(s.s.StartsAt).Hours()).Round(2)
	got := map[dealerkit.StaffID]Attendee{}
	for i, r := range results {
		f := fmt.Sprintf("results[%d]", i)
		if s.attendee(r.Staff) < 0 {
			v.AddCode(f+".staff", r.Staff.String(), ReasonUnknownReference, "not enrolled in the session")
			continue
		}
		if _, dup := got[r.Staff]; dup {
			v.AddCode(f+".staff", r.Staff.String(), dealerkit.ReasonDuplicate, "given twice")
			continue
		}
		a, ok := s.judge(&v, f, r, length)
		if ok {
			got[r.Staff] = a
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var passed []dealerkit.StaffID
	for i, a := range s.s.Attendees {
		r, ok := got[a.Staff]
		if !ok {
			r = Attendee{Staff: a.Staff, Hours: decimal.Zero, Result: ResultAbsent}
		}
		s.s.Attendees[i] = r
		if r.Result == ResultPass {
			passed = append(passed, r.Staff)
		}
	}
	s.s.State, s.s.CompletedAt = SessionCompleted, utc(at)
	issued := map[dealerkit.StaffID]uuid.UUID{}
	if issue != nil {
		for _, p := range passed {
			id, err := issue(p)
			if err != nil {
				return nil, err
			}
			if id != uuid.Nil {
				issued[p] = id
			}
		}
	}
	s.attachCertificates(by, at, issued)
	return passed, nil
}

// judge turns one result input into the attendee's record.
func (s *Session) judge(v *dealerkit.ValidationError, f string, r ResultInput, length decimal.Decimal) (Attendee, bool) {
	n := len(v.Fields)
	a := Attendee{Staff: r.Staff, Attended: r.Attended, Hours: r.Hours, Result: r.Result}
	if !r.Attended {
		if r.Hours.Sign() != 0 || (r.Result != 0 && r.Result != ResultAbsent) || r.Score != nil {
			v.AddCode(f+".attended", "false", dealerkit.ReasonInvalid, "an absent attendee has no hours, score or result")
		}
		a.Hours, a.Result = decimal.Zero, ResultAbsent
		return a, len(v.Fields) == n
	}
	checkAmount(v, f+".hours", r.Hours, true, length)
	switch {
	case r.Score != nil && s.s.PassMark == nil:
		v.AddCode(f+".score", r.Score.String(), dealerkit.ReasonInvalid, "the session has no pass mark; give pass or fail")
	case r.Score != nil:
		if !checkAmount(v, f+".score", *r.Score, false, maxScore) {
			break // refused; comparing it with the pass mark could take minutes
		}
		sc := *r.Score
		a.Score = &sc
		judged := ResultFail
		if !sc.LessThan(*s.s.PassMark) {
			judged = ResultPass // §7.2: a score at or above the pass mark passes
		}
		if r.Result != 0 && r.Result != judged {
			v.AddCode(f+".result", r.Result.String(), dealerkit.ReasonInvalid, "contradicts the score against the pass mark")
		}
		a.Result = judged
	case r.Result != ResultPass && r.Result != ResultFail:
		v.AddCode(f+".result", r.Result.String(), dealerkit.ReasonUnknownValue, "pass or fail")
	}
	return a, len(v.Fields) == n
}

// attachCertificates notes the certificate each passer was issued and records the completion.
func (s *Session) attachCertificates(by dealerkit.Actor, at time.Time, issued map[dealerkit.StaffID]uuid.UUID) {
	var ids []uuid.UUID
	for i, a := range s.s.Attendees {
		if id, ok := issued[a.Staff]; ok {
			s.s.Attendees[i].Certificate = id
			ids = append(ids, id)
		}
	}
	typ, clause := EventSessionCompleted, "§7.2"
	if s.s.External {
		typ, clause = EventExternalRecorded, "§7.3"
		s.record(s.s.Dealer, AggregateSession, s.s.ID, typ, clause, by.Ref(), at, "", SessionCompleted.String(), s.Snapshot())
		return
	}
	s.record(s.s.Dealer, AggregateSession, s.s.ID, typ, clause, by.Ref(), at, SessionScheduled.String(), SessionCompleted.String(),
		SessionResults{Attendees: slices.Clone(s.s.Attendees), Certificates: ids})
}

// Cancel calls off a scheduled session, with the reason.
func (s *Session) Cancel(by dealerkit.Actor, at time.Time, note string) error {
	var v dealerkit.ValidationError
	checkText(&v, "note", note, maxNote, true)
	if err := v.Err(); err != nil {
		return err
	}
	if s.s.State != SessionScheduled {
		return s.refuse("cancel")
	}
	s.s.State, s.s.Note = SessionCancelled, note
	s.record(s.s.Dealer, AggregateSession, s.s.ID, EventSessionCancelled, "§7.1", by.Ref(), at, "scheduled", "cancelled", Note{Note: note})
	return nil
}

// Snapshot returns the session's stored form, sharing nothing with it.
func (s *Session) Snapshot() SessionSnapshot {
	c := s.s
	c.PassMark = clonePtr(c.PassMark)
	c.Attendees = cloneAttendees(c.Attendees)
	return c
}

// cloneAttendees copies as, each with a score of its own.
func cloneAttendees(as []Attendee) []Attendee {
	out := slices.Clone(as)
	for i := range out {
		out[i].Score = clonePtr(out[i].Score)
	}
	return out
}

// MarshalJSON returns the snapshot's JSON.
func (s *Session) MarshalJSON() ([]byte, error) { return json.Marshal(s.Snapshot()) }

func (s *Session) Dealer() dealerkit.DealerID { return s.s.Dealer }
func (s *Session) ID() uuid.UUID              { return s.s.ID }
func (s *Session) Version() int64             { return s.s.Version }

// SetVersion is for adapters: the version stored; the pending events are written.
func (s *Session) SetVersion(v int64) { s.s.Version = v; s.events = nil }

func (s *Session) Course() uuid.UUID     { return s.s.Course }
func (s *Session) State() SessionState   { return s.s.State }
func (s *Session) StartsAt() time.Time   { return s.s.StartsAt }
func (s *Session) EndsAt() time.Time     { return s.s.EndsAt }
func (s *Session) Attendees() []Attendee { return cloneAttendees(s.s.Attendees) }
func (s *Session) External() bool        { return s.s.External }
func (s *Session) Subject() Subject      { return s.s.Subject }

// ExternalInput records training a staff member took outside the dealership (§7.3): the course
// (an external course of the catalogue), the provider, when, the hours, the result and the
// evidence (a certificate scan's reference, an attendance letter).
type ExternalInput struct {
	Staff    dealerkit.StaffID `json:"staff"`
	Course   uuid.UUID         `json:"course"`
	Provider string            `json:"provider"`
	StartsAt time.Time         `json:"starts_at"`
	EndsAt   time.Time         `json:"ends_at"`
	Hours    decimal.Decimal   `json:"hours"`
	Result   Result            `json:"result"` // pass or fail
	Evidence string            `json:"evidence"`
}

// NewExternalSession records external training as a completed session of one attendee (§7.3).
// issue, if not nil, issues the course's certificate on a pass.
func NewExternalSession(dealer dealerkit.DealerID, id uuid.UUID, by dealerkit.Actor, at time.Time, in ExternalInput, course *Course,
	issue func(dealerkit.StaffID) (uuid.UUID, error)) (*Session, error) {
	var v dealerkit.ValidationError
	if in.Staff.IsZero() {
		v.Required("staff")
	}
	SessionInput{Course: in.Course, StartsAt: in.StartsAt, EndsAt: in.EndsAt, TrainerProvider: in.Provider}.validate(&v)
	checkText(&v, "provider", in.Provider, maxText, true)
	checkText(&v, "evidence", in.Evidence, maxNote, true) // §7.3: recorded with evidence
	if !in.EndsAt.IsZero() && in.EndsAt.After(at) {
		v.AddCode("ends_at", timeText(in.EndsAt), dealerkit.ReasonOutOfRange, "must not be in the future")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s := &Session{s: SessionSnapshot{ID: id, Dealer: dealer, Course: course.ID(), Subject: course.Subject(),
		StartsAt: utc(in.StartsAt), EndsAt: utc(in.EndsAt), TrainerProvider: in.Provider, External: true,
		Evidence: in.Evidence, State: SessionScheduled, Attendees: []Attendee{{Staff: in.Staff, Hours: decimal.Zero, Result: ResultPending}},
		CreatedAt: utc(at)}}
	if _, err := s.Complete(by, at, []ResultInput{{Staff: in.Staff, Attended: true, Hours: in.Hours, Result: in.Result}}, issue); err != nil {
		return nil, err
	}
	return s, nil
}
