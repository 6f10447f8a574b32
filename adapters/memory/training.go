package memory

import (
	"context"
	"fmt"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
)

// trainingData holds the training records as the JSON of their snapshots, like the parts
// documents, with course codes unique within a dealer.
type trainingData struct {
	courses, plans, sessions, members docTable[struct{}]
	certificates                      docTable[dealerkit.StaffID] // headed by the holder, for the dispatch check
	courseCodes                       uniqueKeys
}

func (v view) trainingTables() *trainingData {
	// Built lazily so that New, shared with other packages' data, needs no line of its own.
	if v.training == nil {
		v.training = &trainingData{courses: docTable[struct{}]{}, plans: docTable[struct{}]{},
			sessions: docTable[struct{}]{}, certificates: docTable[dealerkit.StaffID]{}, members: docTable[struct{}]{},
			courseCodes: uniqueKeys{}}
	}
	return v.training
}

// Training returns the store's training.Repository. It joins the store's transactions.
func (s *Store) Training() training.Repository { return trainingRepo{s} }

type trainingRepo struct{ s *Store }

// tkind is one type of training document, with the header List narrows on before it decodes.
type tkind[T record, H any] struct {
	what   string
	table  func(*trainingData) docTable[H]
	head   func(T) H
	encode func(T, int64) (any, error)
	decode func(any, int64) (T, error)
	key    func(T) string // the unique key, or nil
}

func tcreate[T record, H any](ctx context.Context, s *Store, k tkind[T, H], x T) error {
	body, err := k.encode(x, 1)
	if err != nil {
		return fmt.Errorf("memory: create %s: %w", k.what, err)
	}
	v, release, err := s.enter(ctx, x.Dealer())
	if err != nil {
		return err
	}
	defer release()
	td := v.trainingTables()
	d, id := x.Dealer(), x.ID()
	t := k.table(td)
	if _, taken := t.get(d, id); taken {
		return fmt.Errorf("memory: create %s %s: id is taken: %w", k.what, id, dealerkit.ErrConflict)
	}
	key := ""
	if k.key != nil {
		key = k.key(x)
		if _, taken := td.courseCodes.owner(d, key); taken {
			return fmt.Errorf("memory: create %s %s: code %q is taken: %w", k.what, id, key, dealerkit.ErrConflict)
		}
		td.courseCodes.claim(v, d, key, id)
	}
	t.put(v, d, id, doc[H]{version: 1, body: body, head: k.head(x), key: key})
	v.appendEvents(d, x.PendingEvents())
	v.afterCommit(func() { x.SetVersion(1) })
	return nil
}

func tload[T record, H any](ctx context.Context, s *Store, k tkind[T, H], d dealerkit.DealerID, id uuid.UUID) (doc[H], error) {
	v, release, err := s.enter(ctx, d)
	if err != nil {
		return doc[H]{}, err
	}
	defer release()
	_ = v
	r, ok := k.table(v.trainingTables()).get(d, id)
	if !ok {
		return r, fmt.Errorf("memory: %s %s: %w", k.what, id, dealerkit.ErrNotFound)
	}
	return r, nil
}

func tget[T record, H any](ctx context.Context, s *Store, k tkind[T, H], d dealerkit.DealerID, id uuid.UUID) (T, error) {
	var zero T
	r, err := tload(ctx, s, k, d, id)
	if err != nil {
		return zero, err
	}
	x, err := k.decode(r.body, r.version)
	if err != nil {
		return zero, fmt.Errorf("memory: %w", err)
	}
	return x, nil
}

// tupdate loads a copy, runs fn on it and stores the result only if the version is still the one
// loaded. Codes never change, so the unique key stays as it is.
func tupdate[T record, H any](ctx context.Context, s *Store, k tkind[T, H], d dealerkit.DealerID, id uuid.UUID, fn func(T) error) error {
	r, err := tload(ctx, s, k, d, id)
	if err != nil {
		return err
	}
	x, err := k.decode(r.body, r.version)
	if err != nil {
		return fmt.Errorf("memory: %w", err)
	}
	if err := fn(x); err != nil {
		return err
	}
	next := r.version + 1
	body, err := k.encode(x, next)
	if err != nil {
		return fmt.Errorf("memory: update %s: %w", k.what, err)
	}
	v, release, err := s.enter(ctx, d)
	if err != nil {
		return err
	}
	defer release()
	t := k.table(v.trainingTables())
	cur, ok := t.get(d, id)
	if !ok || cur.version != r.version {
		return fmt.Errorf("memory: update %s %s: version %d is stale: %w", k.what, id, r.version, dealerkit.ErrConflict)
	}
	t.put(v, d, id, doc[H]{version: next, body: body, head: k.head(x), key: cur.key})
	v.appendEvents(d, x.PendingEvents())
	v.afterCommit(func() { x.SetVersion(next) })
	return nil
}

// tlist returns the dealer's documents after the cursor that match, in id order, at most limit.
func tlist[T record, H any](ctx context.Context, s *Store, k tkind[T, H], d dealerkit.DealerID, cursor uuid.UUID, keep func(H) bool,
	match func(T) bool, limit int) ([]T, error) {
	v, release, err := s.enter(ctx, d)
	if err != nil {
		return nil, err
	}
	rs := k.table(v.trainingTables()).sorted(d, func(id uuid.UUID, h H) bool { return after(id, cursor) && keep(h) })
	release()
	var out []T
	for _, r := range rs {
		if limit > 0 && len(out) == limit {
			break
		}
		x, err := k.decode(r.body, r.version)
		if err != nil {
			return nil, fmt.Errorf("memory: %w", err)
		}
		if match(x) {
			out = append(out, x)
		}
	}
	return out, nil
}

func none[T any](T) struct{} { return struct{}{} }

func all[H any](H) bool { return true }

var (
	courseKind = tkind[*training.Course, struct{}]{head: none[*training.Course], what: "course", table: func(t *trainingData) docTable[struct{}] { return t.courses },
		encode: codec.KeepCourse, decode: codec.FromKeptCourse, key: (*training.Course).Code}
	planKind = tkind[*training.Plan, struct{}]{head: none[*training.Plan], what: "plan", table: func(t *trainingData) docTable[struct{}] { return t.plans },
		encode: codec.KeepPlan, decode: codec.FromKeptPlan}
	sessionKind = tkind[*training.Session, struct{}]{head: none[*training.Session], what: "session", table: func(t *trainingData) docTable[struct{}] { return t.sessions },
		encode: codec.KeepSession, decode: codec.FromKeptSession}
	certificateKind = tkind[*training.Certificate, dealerkit.StaffID]{what: "certificate", head: (*training.Certificate).Staff,
		table:  func(t *trainingData) docTable[dealerkit.StaffID] { return t.certificates },
		encode: codec.KeepCertificate, decode: codec.FromKeptCertificate}
	memberKind = tkind[*training.Member, struct{}]{head: none[*training.Member], what: "member", table: func(t *trainingData) docTable[struct{}] { return t.members },
		encode: codec.KeepMember, decode: codec.FromKeptMember}
)

func (r trainingRepo) CreateCourse(ctx context.Context, c *training.Course) error {
	return tcreate(ctx, r.s, courseKind, c)
}

func (r trainingRepo) GetCourse(ctx context.Context, d dealerkit.DealerID, id uuid.UUID) (*training.Course, error) {
	return tget(ctx, r.s, courseKind, d, id)
}

func (r trainingRepo) UpdateCourse(ctx context.Context, d dealerkit.DealerID, id uuid.UUID, fn func(*training.Course) error) error {
	return tupdate(ctx, r.s, courseKind, d, id, fn)
}

func (r trainingRepo) ListCourses(ctx context.Context, d dealerkit.DealerID, f training.CourseFilter) ([]*training.Course, error) {
	return tlist(ctx, r.s, courseKind, d, f.After, all, f.Matches, f.Limit)
}

func (r trainingRepo) CreatePlan(ctx context.Context, p *training.Plan) error {
	return tcreate(ctx, r.s, planKind, p)
}

func (r trainingRepo) GetPlan(ctx context.Context, d dealerkit.DealerID, id uuid.UUID) (*training.Plan, error) {
	return tget(ctx, r.s, planKind, d, id)
}

func (r trainingRepo) ListPlans(ctx context.Context, d dealerkit.DealerID, f training.PlanFilter) ([]*training.Plan, error) {
	return tlist(ctx, r.s, planKind, d, f.After, all, f.Matches, f.Limit)
}

func (r trainingRepo) CreateSession(ctx context.Context, s *training.Session) error {
	return tcreate(ctx, r.s, sessionKind, s)
}

func (r trainingRepo) GetSession(ctx context.Context, d dealerkit.DealerID, id uuid.UUID) (*training.Session, error) {
	return tget(ctx, r.s, sessionKind, d, id)
}

func (r trainingRepo) UpdateSession(ctx context.Context, d dealerkit.DealerID, id uuid.UUID, fn func(*training.Session) error) error {
	return tupdate(ctx, r.s, sessionKind, d, id, fn)
}

func (r trainingRepo) ListSessions(ctx context.Context, d dealerkit.DealerID, f training.SessionFilter) ([]*training.Session, error) {
	return tlist(ctx, r.s, sessionKind, d, f.After, all, f.Matches, f.Limit)
}

func (r trainingRepo) CreateCertificate(ctx context.Context, c *training.Certificate) error {
	return tcreate(ctx, r.s, certificateKind, c)
}

func (r trainingRepo) GetCertificate(ctx context.Context, d dealerkit.DealerID, id uuid.UUID) (*training.Certificate, error) {
	return tget(ctx, r.s, certificateKind, d, id)
}

func (r trainingRepo) UpdateCertificate(ctx context.Context, d dealerkit.DealerID, id uuid.UUID, fn func(*training.Certificate) error) error {
	return tupdate(ctx, r.s, certificateKind, d, id, fn)
}

func (r trainingRepo) ListCertificates(ctx context.Context, d dealerkit.DealerID, f training.CertificateFilter) ([]*training.Certificate, error) {
	keep := func(s dealerkit.StaffID) bool { return f.Staff.IsZero() || s == f.Staff }
	return tlist(ctx, r.s, certificateKind, d, f.After, keep, f.Matches, f.Limit)
}

func (r trainingRepo) CreateMember(ctx context.Context, m *training.Member) error {
	return tcreate(ctx, r.s, memberKind, m)
}

func (r trainingRepo) GetMember(ctx context.Context, d dealerkit.DealerID, staff dealerkit.StaffID) (*training.Member, error) {
	return tget(ctx, r.s, memberKind, d, staff.UUID())
}

func (r trainingRepo) UpdateMember(ctx context.Context, d dealerkit.DealerID, staff dealerkit.StaffID, fn func(*training.Member) error) error {
	return tupdate(ctx, r.s, memberKind, d, staff.UUID(), fn)
}

func (r trainingRepo) ListMembers(ctx context.Context, d dealerkit.DealerID, f training.MemberFilter) ([]*training.Member, error) {
	return tlist(ctx, r.s, memberKind, d, f.After, all, f.Matches, f.Limit)
}
