package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// Complaints and corrective actions commit or roll back with the host's own transaction, as
// repair orders do (see TestWithTx).
func TestComplaintsWithTx(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, _ := b.open(t)
		s := newStore(t, db, b.dialect)
		require.NoError(t, s.Migrate(t.Context()))
		var name string
		require.NoError(t, db.QueryRowContext(t.Context(), "SELECT name FROM dealerkit_schema_migrations WHERE version = 2").Scan(&name))
		require.Equal(t, "0002_complaints", name)

		dealer := dealerkit.DealerID(uuid.UUID{0: 0xd, 15: 2})
		adv := mustActor(t, dealer)
		rules := complaints.DefaultRules()
		at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
		id, action := uuid.UUID{0: 2, 15: 1}, uuid.UUID{0: 3, 15: 1}
		run := func(commit bool) {
			c, err := complaints.NewComplaint(id, adv, at, rules, complaints.IntakeInput{
				Channel: complaints.ChannelEmail, Category: complaints.CategoryPrice, Description: "invoice too high"})
			require.NoError(t, err)
			a, err := complaints.NewCorrectiveAction(action, adv, at, rules, complaints.CorrectiveInput{Category: complaints.CategoryPrice,
				RootCause: "pricing", Description: "explain labour rates", Owner: adv.Staff(), DueAt: at.Add(time.Hour)})
			require.NoError(t, err)
			tx, err := db.BeginTx(t.Context(), nil)
			require.NoError(t, err)
			defer tx.Rollback()
			ctx := sqlstore.WithTx(t.Context(), tx)
			require.NoError(t, s.Complaints().Create(ctx, c))
			require.NoError(t, s.CorrectiveActions().Create(ctx, a))
			require.NoError(t, s.InTx(ctx, func(ctx context.Context) error { // joins the host's
				return s.Complaints().Update(ctx, dealer, id, func(c *complaints.Complaint) error {
					return c.Acknowledge(rules, adv, at.Add(time.Minute), "called back")
				})
			}))
			refs, err := s.Complaints().Due(ctx, dealer, complaints.DueQuery{Now: at.Add(1000 * time.Hour)})
			require.NoError(t, err)
			require.Len(t, refs, 1, "the host's transaction sees its own index entry")
			evs, err := s.Events(ctx, dealer, 0, 10)
			require.NoError(t, err)
			require.Len(t, evs, 3, "events are written by each call in a host's transaction")
			if commit {
				require.NoError(t, tx.Commit())
			} else {
				require.NoError(t, tx.Rollback())
			}
		}

		run(false)
		_, err := s.Complaints().Get(t.Context(), dealer, id)
		require.ErrorIs(t, err, dealerkit.ErrNotFound)
		_, err = s.CorrectiveActions().Get(t.Context(), dealer, action)
		require.ErrorIs(t, err, dealerkit.ErrNotFound)
		refs, err := s.Complaints().Due(t.Context(), dealer, complaints.DueQuery{Now: at.Add(1000 * time.Hour)})
		require.NoError(t, err)
		require.Empty(t, refs)

		run(true)
		c, err := s.Complaints().Get(t.Context(), dealer, id)
		require.NoError(t, err)
		require.EqualValues(t, 2, c.Version())
		require.Equal(t, complaints.StateAcknowledged, c.State())
		_, err = s.CorrectiveActions().Get(t.Context(), dealer, action)
		require.NoError(t, err)
		evs, err := s.Events(t.Context(), dealer, 0, 10)
		require.NoError(t, err)
		require.Len(t, evs, 3)
		require.EqualValues(t, 1, evs[0].Seq, "the rolled-back transaction took its numbers back")
	})
}
