package training

import (
	"bytes"
	"context"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Repository stores the training records of every dealer. Adapters implement it
// (adapters/memory, adapters/sqlstore) and prove it with adapters/storetest.RunTraining. Every
// method is scoped to one dealer: a record of another dealer is not found and never listed.
// Each Create stores the record with its pending events atomically and returns an error matching
// dealerkit.ErrConflict when the id (or, for courses, the dealer's course code) is taken; each Get
// returns an error matching dealerkit.ErrNotFound for an unknown id; each Update loads the
// record, applies fn and stores the result with the events fn recorded, or nothing if fn fails,
// and returns an error matching dealerkit.ErrConflict if the record changed since it was loaded.
// Lists return what the filter's Matches accepts, ordered by id, after the cursor, at most Limit
// (0: all). Calls made with a context that dealerkit.Transactor.InTx gave join its transaction.
//
// Adapters keep header columns beside the JSON snapshot for the queries: courses (code, subject,
// active), plans (role, period_from, period_to), sessions (course_id, state, starts_at),
// certificates (staff_id, type, state, expires_at), members (track).
type Repository interface {
	CreateCourse(ctx context.Context, c *Course) error
	GetCourse(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Course, error)
	UpdateCourse(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Course) error) error
	ListCourses(ctx context.Context, dealer dealerkit.DealerID, f CourseFilter) ([]*Course, error)

	CreatePlan(ctx context.Context, p *Plan) error
	GetPlan(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Plan, error)
	ListPlans(ctx context.Context, dealer dealerkit.DealerID, f PlanFilter) ([]*Plan, error)

	CreateSession(ctx context.Context, s *Session) error
	GetSession(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Session, error)
	UpdateSession(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Session) error) error
	ListSessions(ctx context.Context, dealer dealerkit.DealerID, f SessionFilter) ([]*Session, error)

	CreateCertificate(ctx context.Context, c *Certificate) error
	GetCertificate(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Certificate, error)
	UpdateCertificate(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Certificate) error) error
	// ListCertificates with Staff set is the dispatch check's query: adapters serve it from an
	// index on (dealer, staff).
	ListCertificates(ctx context.Context, dealer dealerkit.DealerID, f CertificateFilter) ([]*Certificate, error)

	CreateMember(ctx context.Context, m *Member) error
	GetMember(ctx context.Context, dealer dealerkit.DealerID, staff dealerkit.StaffID) (*Member, error)
	UpdateMember(ctx context.Context, dealer dealerkit.DealerID, staff dealerkit.StaffID, fn func(*Member) error) error
	ListMembers(ctx context.Context, dealer dealerkit.DealerID, f MemberFilter) ([]*Member, error)
}

func after(id, cursor uuid.UUID) bool {
	return cursor == uuid.Nil || bytes.Compare(id[:], cursor[:]) > 0
}

// CourseFilter selects courses. Zero fields do not filter.
type CourseFilter struct {
	Subject    Subject   `json:"subject,omitempty"`
	ActiveOnly bool      `json:"active_only,omitempty"`
	After      uuid.UUID `json:"after,omitzero"`
	Limit      int       `json:"limit,omitempty"`
}

// Matches reports whether c passes the filter; SQL adapters select the same set.
func (f CourseFilter) Matches(c *Course) bool {
	return (f.Subject == 0 || c.s.Subject == f.Subject) && (!f.ActiveOnly || c.s.Active) && after(c.s.ID, f.After)
}

// PlanFilter selects plans. Zero fields do not filter.
type PlanFilter struct {
	Role     dealerkit.Role `json:"role,omitempty"`
	ActiveAt time.Time      `json:"active_at,omitzero"` // plans whose period holds this instant: from ≤ t < to
	After    uuid.UUID      `json:"after,omitzero"`
	Limit    int            `json:"limit,omitempty"`
}

// Matches reports whether p passes the filter.
func (f PlanFilter) Matches(p *Plan) bool {
	return (f.Role == 0 || p.s.Role == f.Role) &&
		(f.ActiveAt.IsZero() || (!f.ActiveAt.Before(p.s.From) && f.ActiveAt.Before(p.s.To))) && after(p.s.ID, f.After)
}

// SessionFilter selects sessions. Zero fields do not filter.
type SessionFilter struct {
	Course uuid.UUID         `json:"course,omitzero"`
	States []SessionState    `json:"states,omitempty"`
	Staff  dealerkit.StaffID `json:"staff,omitzero"`  // sessions with this attendee
	From   time.Time         `json:"from,omitzero"`   // starting at or after
	Before time.Time         `json:"before,omitzero"` // starting before
	After  uuid.UUID         `json:"after,omitzero"`
	Limit  int               `json:"limit,omitempty"`
}

// Matches reports whether s passes the filter.
func (f SessionFilter) Matches(s *Session) bool {
	switch {
	case f.Course != uuid.Nil && s.s.Course != f.Course,
		len(f.States) > 0 && !slices.Contains(f.States, s.s.State),
		!f.Staff.IsZero() && s.attendee(f.Staff) < 0,
		!f.From.IsZero() && s.s.StartsAt.Before(f.From),
		!f.Before.IsZero() && !s.s.StartsAt.Before(f.Before),
		!after(s.s.ID, f.After):
		return false
	}
	return true
}

// CertificateFilter selects certificates. Zero fields do not filter.
type CertificateFilter struct {
	Staff         dealerkit.StaffID  `json:"staff,omitzero"`
	Type          string             `json:"type,omitempty"`
	States        []CertificateState `json:"states,omitempty"`
	ExpiresBefore time.Time          `json:"expires_before,omitzero"`
	After         uuid.UUID          `json:"after,omitzero"`
	Limit         int                `json:"limit,omitempty"`
}

// Matches reports whether c passes the filter.
func (f CertificateFilter) Matches(c *Certificate) bool {
	switch {
	case !f.Staff.IsZero() && c.s.Staff != f.Staff,
		f.Type != "" && c.s.Type != f.Type,
		len(f.States) > 0 && !slices.Contains(f.States, c.s.State),
		!f.ExpiresBefore.IsZero() && !c.s.ExpiresAt.Before(f.ExpiresBefore),
		!after(c.s.ID, f.After):
		return false
	}
	return true
}

// MemberFilter selects roster entries. Zero fields do not filter.
type MemberFilter struct {
	Role  dealerkit.Role `json:"role,omitempty"`
	Track string         `json:"track,omitempty"`
	After uuid.UUID      `json:"after,omitzero"`
	Limit int            `json:"limit,omitempty"`
}

// Matches reports whether m passes the filter.
func (f MemberFilter) Matches(m *Member) bool {
	return (f.Role == 0 || m.HasRole(f.Role)) && (f.Track == "" || m.s.Track == f.Track) && after(m.s.ID, f.After)
}
