package training

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// MemberInput puts a staff member on the training roster: their roles (which plans apply), when
// they joined (tenure, §7.4) and where they stand on a career track.
type MemberInput struct {
	Staff   dealerkit.StaffID `json:"staff"`
	Name    string            `json:"name"`
	Roles   []dealerkit.Role  `json:"roles"`
	HiredAt time.Time         `json:"hired_at"`
	Track   string            `json:"track,omitempty"` // a Track of the policy; "" for none
	Rung    string            `json:"rung,omitempty"`  // the rung held now; "" for the track's first
}

// Promotion is a manager's recorded decision to move a staff member up a rung (§7.4).
type Promotion struct {
	Track string             `json:"track"`
	From  string             `json:"from"`
	To    string             `json:"to"`
	At    time.Time          `json:"at"`
	By    dealerkit.ActorRef `json:"by"`
	Note  string             `json:"note,omitempty"`
}

// MemberSnapshot is a roster entry's stored and JSON form. Its ID is the staff id.
type MemberSnapshot struct {
	ID         uuid.UUID          `json:"id"`
	Dealer     dealerkit.DealerID `json:"dealer"`
	Version    int64              `json:"version"`
	Staff      dealerkit.StaffID  `json:"staff"`
	Name       string             `json:"name"`
	Roles      []dealerkit.Role   `json:"roles"`
	HiredAt    time.Time          `json:"hired_at"`
	Track      string             `json:"track,omitempty"`
	Rung       string             `json:"rung,omitempty"`
	RungSince  time.Time          `json:"rung_since,omitzero"`
	Promotions []Promotion        `json:"promotions,omitempty"`
	CreatedAt  time.Time          `json:"created_at"`
}

// Member is a staff member on the training roster.
type Member struct {
	s MemberSnapshot
	pending
}

// NewMember registers a staff member under the policy in force (the track and rung must exist).
func NewMember(dealer dealerkit.DealerID, by dealerkit.Actor, at time.Time, in MemberInput, pol Policy) (*Member, error) {
	var v dealerkit.ValidationError
	if in.Staff.IsZero() {
		v.Required("staff")
	}
	checkText(&v, "name", in.Name, maxText, true)
	if len(in.Roles) == 0 {
		v.Required("roles")
	}
	for i, r := range in.Roles {
		if !r.Valid() {
			v.AddCode(fmt.Sprintf("roles[%d]", i), r.String(), dealerkit.ReasonUnknownValue, "unknown role")
		} else if slices.Index(in.Roles, r) < i {
			v.AddCode(fmt.Sprintf("roles[%d]", i), r.String(), dealerkit.ReasonDuplicate, "given twice")
		}
	}
	if in.HiredAt.IsZero() {
		v.Required("hired_at")
	} else if in.HiredAt.After(at) {
		v.AddCode("hired_at", timeText(in.HiredAt), dealerkit.ReasonOutOfRange, "must not be in the future")
	}
	if in.Track != "" {
		tr, ok := pol.track(in.Track)
		switch {
		case !ok:
			v.AddCode("track", in.Track, dealerkit.ReasonUnknownValue, "not a track of the policy in force")
		case in.Rung == "":
			in.Rung = tr.Rungs[0].Name
		case slices.IndexFunc(tr.Rungs, func(r Rung) bool { return r.Name == in.Rung }) < 0:
			v.AddCode("rung", in.Rung, dealerkit.ReasonUnknownValue, "not a rung of the track")
		}
	} else if in.Rung != "" {
		v.AddCode("rung", in.Rung, dealerkit.ReasonInvalid, "a rung needs a track")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	roles := slices.Clone(in.Roles)
	slices.Sort(roles)
	m := &Member{s: MemberSnapshot{ID: uuid.UUID(in.Staff), Dealer: dealer, Staff: in.Staff, Name: in.Name, Roles: roles,
		HiredAt: utc(in.HiredAt), Track: in.Track, Rung: in.Rung, CreatedAt: utc(at)}}
	if in.Track != "" {
		m.s.RungSince = utc(in.HiredAt)
	}
	m.record(dealer, AggregateMember, m.s.ID, EventMemberRegistered, "§7.4", by.Ref(), at, "", in.Rung, m.Snapshot())
	return m, nil
}

// RestoreMember rebuilds a roster entry from its snapshot, as stored by an adapter.
func RestoreMember(s MemberSnapshot) (*Member, error) {
	if s.ID == uuid.Nil || s.Dealer.IsZero() || s.ID != uuid.UUID(s.Staff) {
		return nil, fmt.Errorf("training: restore member %s: bad snapshot", s.ID)
	}
	s.Roles = slices.Clone(s.Roles)
	s.Promotions = clonePromotions(s.Promotions)
	return &Member{s: s}, nil
}

// clonePromotions copies ps, each with a roles list of its own.
func clonePromotions(ps []Promotion) []Promotion {
	out := slices.Clone(ps)
	for i := range out {
		out[i].By = out[i].By.Clone()
	}
	return out
}

// promote moves the member up to rung (the Service has checked eligibility).
func (m *Member) promote(by dealerkit.Actor, at time.Time, rung, note string) {
	p := Promotion{Track: m.s.Track, From: m.s.Rung, To: rung, At: utc(at), By: by.Ref(), Note: note}
	m.s.Promotions = append(m.s.Promotions, p)
	m.s.Rung, m.s.RungSince = rung, utc(at)
	m.record(m.s.Dealer, AggregateMember, m.s.ID, EventMemberPromoted, "§7.4", by.Ref(), at, p.From, p.To, p)
}

// HasRole reports whether the member holds r.
func (m *Member) HasRole(r dealerkit.Role) bool { return slices.Contains(m.s.Roles, r) }

// Snapshot returns the member's stored form, sharing nothing with it.
func (m *Member) Snapshot() MemberSnapshot {
	s := m.s
	s.Roles = slices.Clone(s.Roles)
	s.Promotions = clonePromotions(s.Promotions)
	return s
}

// MarshalJSON returns the snapshot's JSON.
func (m *Member) MarshalJSON() ([]byte, error) { return json.Marshal(m.Snapshot()) }

func (m *Member) Dealer() dealerkit.DealerID { return m.s.Dealer }
func (m *Member) ID() uuid.UUID              { return m.s.ID }
func (m *Member) Version() int64             { return m.s.Version }

// SetVersion is for adapters: the version stored; the pending events are written.
func (m *Member) SetVersion(v int64) { m.s.Version = v; m.events = nil }

func (m *Member) Staff() dealerkit.StaffID { return m.s.Staff }
func (m *Member) Name() string             { return m.s.Name }
func (m *Member) Roles() []dealerkit.Role  { return slices.Clone(m.s.Roles) }
func (m *Member) HiredAt() time.Time       { return m.s.HiredAt }
func (m *Member) Track() string            { return m.s.Track }
func (m *Member) Rung() string             { return m.s.Rung }

// Grades reads a staff member's most recent appraisal grades (§6, §7.4): the appraisal package
// meets it. Recent returns at most n grades of appraisals finished at or before at, the most
// recent first.
type Grades interface {
	Recent(ctx context.Context, dealer dealerkit.DealerID, staff dealerkit.StaffID, n int, at time.Time) ([]string, error)
}

// Lack is one requirement of the next rung a staff member does not meet, or cannot be judged on.
type Lack struct {
	Need    Requirement `json:"need"`
	Detail  string      `json:"detail"`            // "12 months", a certificate type, "2 × B"
	Have    string      `json:"have,omitempty"`    // what they have
	Unknown bool        `json:"unknown,omitempty"` // not judged: no grades source
}

func (l Lack) String() string {
	if l.Unknown {
		return fmt.Sprintf("%s %s: unknown", l.Need, l.Detail)
	}
	return strings.TrimSpace(fmt.Sprintf("%s %s (has %s)", l.Need, l.Detail, l.Have))
}

// Standing is where a staff member stands on their track (§7.4): the next rung and whether they
// are eligible for it, and what they lack.
type Standing struct {
	Staff       dealerkit.StaffID `json:"staff"`
	Name        string            `json:"name"`
	Track       string            `json:"track"`
	Rung        string            `json:"rung"`
	Next        string            `json:"next,omitempty"`
	Eligibility Eligibility       `json:"eligibility"`
	Lacks       []Lack            `json:"lacks,omitempty"`
}

// monthsBetween counts whole calendar months from a to b.
func monthsBetween(a, b time.Time) int {
	if b.Before(a) {
		return 0
	}
	n := (b.Year()-a.Year())*12 + int(b.Month()-a.Month())
	if a.AddDate(0, n, 0).After(b) {
		n--
	}
	return n
}
