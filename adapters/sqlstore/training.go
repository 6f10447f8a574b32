package sqlstore

import (
	"context"
	"slices"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
)

// Training returns the store's training.Repository (migration 0006). Its calls join InTx and
// WithTx, so a session's completion and the certificates it issues commit together.
func (s *Store) Training() training.Repository { return trainingRepo{s} }

type trainingRepo struct{ s *Store }

var courseDocs = docKind[*training.Course]{
	what: "course", table: "dealerkit_training_courses", cols: []string{"code", "subject", "active"},
	header: func(_ *Store, x *training.Course) []any {
		return []any{x.Code(), x.Subject().String(), x.Active()}
	},
	keyName: "code", key: (*training.Course).Code,
	encode: codec.EncodeCourse, decode: codec.DecodeCourse,
}.sql()

var planDocs = docKind[*training.Plan]{
	what: "plan", table: "dealerkit_training_plans", cols: []string{"role", "period_from", "period_to"},
	header: func(s *Store, x *training.Plan) []any {
		return []any{x.Role().String(), s.floorArg(x.From()), s.floorArg(x.To())}
	},
	keyName: "id", key: func(x *training.Plan) string { return x.ID().String() },
	encode: codec.EncodePlan, decode: codec.DecodePlan,
}.sql()

var sessionDocs = docKind[*training.Session]{
	what: "session", table: "dealerkit_training_sessions", cols: []string{"course_id", "state", "starts_at"},
	header: func(s *Store, x *training.Session) []any {
		return []any{x.Course().String(), x.State().String(), s.floorArg(x.StartsAt())}
	},
	keyName: "id", key: func(x *training.Session) string { return x.ID().String() },
	encode: codec.EncodeSession, decode: codec.DecodeSession,
}.sql()

var certificateDocs = docKind[*training.Certificate]{
	what: "certificate", table: "dealerkit_training_certificates", cols: []string{"staff_id", "type", "state", "expires_at"},
	header: func(s *Store, x *training.Certificate) []any {
		return []any{x.Staff().String(), x.Type(), x.State().String(), s.floorArg(x.ExpiresAt())}
	},
	keyName: "id", key: func(x *training.Certificate) string { return x.ID().String() },
	encode: codec.EncodeCertificate, decode: codec.DecodeCertificate,
}.sql()

var memberDocs = docKind[*training.Member]{
	what: "member", table: "dealerkit_training_members", cols: []string{"track"},
	header:  func(_ *Store, x *training.Member) []any { return []any{x.Track()} },
	keyName: "id", key: func(x *training.Member) string { return x.ID().String() },
	encode: codec.EncodeMember, decode: codec.DecodeMember,
}.sql()

// filtered lists with the header conditions in SQL and the rest (match) in Go; the limit goes to
// SQL only when SQL alone decides.
func filtered[T record](ctx context.Context, s *Store, k docKind[T], q *docQuery, exact bool, match func(T) bool, limit int) ([]T, error) {
	if exact {
		return listDocs(ctx, s, k, q, limit)
	}
	all, err := listDocs(ctx, s, k, q, 0)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, x := range all {
		if limit > 0 && len(out) == limit {
			break
		}
		if match(x) {
			out = append(out, x)
		}
	}
	return slices.Clip(out), nil
}

func (r trainingRepo) CreateCourse(ctx context.Context, c *training.Course) error {
	return createDoc(ctx, r.s, courseDocs, c)
}

func (r trainingRepo) GetCourse(ctx context.Context, d dealerkit.DealerID, id uuid.UUID) (*training.Course, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), courseDocs, d, id)
}

func (r trainingRepo) UpdateCourse(ctx context.Context, d dealerkit.DealerID, id uuid.UUID, fn func(*training.Course) error) error {
	return updateDoc(ctx, r.s, courseDocs, d, id, fn)
}

func (r trainingRepo) ListCourses(ctx context.Context, d dealerkit.DealerID, f training.CourseFilter) ([]*training.Course, error) {
	q := newDocQuery(d)
	if f.Subject != 0 {
		q.and("subject = " + q.arg(f.Subject.String()))
	}
	if f.ActiveOnly {
		q.and("active = " + q.arg(true))
	}
	q.after(f.After)
	return listDocs(ctx, r.s, courseDocs, q, f.Limit)
}

func (r trainingRepo) CreatePlan(ctx context.Context, p *training.Plan) error {
	return createDoc(ctx, r.s, planDocs, p)
}

func (r trainingRepo) GetPlan(ctx context.Context, d dealerkit.DealerID, id uuid.UUID) (*training.Plan, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), planDocs, d, id)
}

func (r trainingRepo) ListPlans(ctx context.Context, d dealerkit.DealerID, f training.PlanFilter) ([]*training.Plan, error) {
	q := newDocQuery(d)
	if f.Role != 0 {
		q.and("role = " + q.arg(f.Role.String()))
	}
	q.after(f.After)
	// The period bounds are compared in Go, at full precision.
	return filtered(ctx, r.s, planDocs, q, f.ActiveAt.IsZero(), f.Matches, f.Limit)
}

func (r trainingRepo) CreateSession(ctx context.Context, x *training.Session) error {
	return createDoc(ctx, r.s, sessionDocs, x)
}

func (r trainingRepo) GetSession(ctx context.Context, d dealerkit.DealerID, id uuid.UUID) (*training.Session, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), sessionDocs, d, id)
}

func (r trainingRepo) UpdateSession(ctx context.Context, d dealerkit.DealerID, id uuid.UUID, fn func(*training.Session) error) error {
	return updateDoc(ctx, r.s, sessionDocs, d, id, fn)
}

func (r trainingRepo) ListSessions(ctx context.Context, d dealerkit.DealerID, f training.SessionFilter) ([]*training.Session, error) {
	q := newDocQuery(d)
	if f.Course != uuid.Nil {
		q.and("course_id = " + q.arg(f.Course.String()))
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = st.String()
		}
		q.in("state", states)
	}
	q.after(f.After)
	exact := f.Staff.IsZero() && f.From.IsZero() && f.Before.IsZero()
	return filtered(ctx, r.s, sessionDocs, q, exact, f.Matches, f.Limit)
}

func (r trainingRepo) CreateCertificate(ctx context.Context, c *training.Certificate) error {
	return createDoc(ctx, r.s, certificateDocs, c)
}

func (r trainingRepo) GetCertificate(ctx context.Context, d dealerkit.DealerID, id uuid.UUID) (*training.Certificate, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), certificateDocs, d, id)
}

func (r trainingRepo) UpdateCertificate(ctx context.Context, d dealerkit.DealerID, id uuid.UUID, fn func(*training.Certificate) error) error {
	return updateDoc(ctx, r.s, certificateDocs, d, id, fn)
}

func (r trainingRepo) ListCertificates(ctx context.Context, d dealerkit.DealerID, f training.CertificateFilter) ([]*training.Certificate, error) {
	q := newDocQuery(d)
	if !f.Staff.IsZero() {
		q.and("staff_id = " + q.arg(f.Staff.String()))
	}
	if f.Type != "" {
		q.and("type = " + q.arg(f.Type))
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = st.String()
		}
		q.in("state", states)
	}
	q.after(f.After)
	// Expiry is compared in Go: a certificate recorded from elsewhere may expire at any instant.
	return filtered(ctx, r.s, certificateDocs, q, f.ExpiresBefore.IsZero(), f.Matches, f.Limit)
}

func (r trainingRepo) CreateMember(ctx context.Context, m *training.Member) error {
	return createDoc(ctx, r.s, memberDocs, m)
}

func (r trainingRepo) GetMember(ctx context.Context, d dealerkit.DealerID, staff dealerkit.StaffID) (*training.Member, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), memberDocs, d, staff.UUID())
}

func (r trainingRepo) UpdateMember(ctx context.Context, d dealerkit.DealerID, staff dealerkit.StaffID, fn func(*training.Member) error) error {
	return updateDoc(ctx, r.s, memberDocs, d, staff.UUID(), fn)
}

func (r trainingRepo) ListMembers(ctx context.Context, d dealerkit.DealerID, f training.MemberFilter) ([]*training.Member, error) {
	q := newDocQuery(d)
	if f.Track != "" {
		q.and("track = " + q.arg(f.Track))
	}
	q.after(f.After)
	return filtered(ctx, r.s, memberDocs, q, f.Role == 0, f.Matches, f.Limit)
}
