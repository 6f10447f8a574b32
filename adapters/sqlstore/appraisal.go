package sqlstore

import (
	"context"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/google/uuid"
)

// Appraisals returns the store's appraisal.Repository.
func (s *Store) Appraisals() appraisal.Repository { return appraisalRepo{s} }

// appraisalRepo is the appraisal.Repository: a row holds the appraisal's JSON snapshot and the
// header columns List and the unique key (dealer_id, staff_id, period_from) read.
type appraisalRepo struct{ s *Store }

var appraisalDocs = docKind[*appraisal.Appraisal]{
	what: "appraisal", table: "dealerkit_appraisals", cols: []string{"staff_id", "period_from", "state", "updated_at"},
	header: func(s *Store, a *appraisal.Appraisal) []any {
		return []any{a.Staff().String(), s.floorArg(a.From()), a.State().String(), s.floorArg(a.UpdatedAt())}
	},
	keyName: "staff member and period",
	key: func(a *appraisal.Appraisal) string {
		return a.Staff().String() + " from " + a.From().UTC().Format("2006-01-02T15:04:05Z")
	},
	encode: codec.EncodeAppraisal, decode: codec.DecodeAppraisal,
}.sql()

func (r appraisalRepo) Create(ctx context.Context, a *appraisal.Appraisal) error {
	return createDoc(ctx, r.s, appraisalDocs, a)
}

func (r appraisalRepo) Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*appraisal.Appraisal, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), appraisalDocs, dealer, id)
}

// Update is optimistic: a moved version is dealerkit.ErrConflict.
func (r appraisalRepo) Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*appraisal.Appraisal) error) error {
	return updateDoc(ctx, r.s, appraisalDocs, dealer, id, fn)
}

// List selects what appraisal.Filter.Matches selects.
func (r appraisalRepo) List(ctx context.Context, dealer dealerkit.DealerID, f appraisal.Filter) ([]*appraisal.Appraisal, error) {
	q := newDocQuery(dealer)
	if !f.Staff.IsZero() {
		q.and("staff_id = " + q.arg(f.Staff.String()))
	}
	if len(f.States) > 0 {
		names := make([]string, len(f.States))
		for i, st := range f.States {
			names[i] = st.String()
		}
		q.in("state", names)
	}
	if !f.FromAtLeast.IsZero() {
		q.and("period_from >= " + q.arg(r.s.ceilArg(f.FromAtLeast)))
	}
	if !f.FromBefore.IsZero() {
		q.and("period_from < " + q.arg(r.s.ceilArg(f.FromBefore)))
	}
	q.after(f.After)
	return listDocs(ctx, r.s, appraisalDocs, q, f.Limit)
}
