package sqlstore_test

import (
	"database/sql"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// The translation is checked against the errors the real drivers return, not only fakes, so a
// driver upgrade that changes its error types fails here rather than in a dealer's workshop.
func TestTranslate_RealDriverErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, _ := b.open(t)
		s := newStore(t, db, b.dialect)
		require.NoError(t, s.Migrate(t.Context()))
		insert, args := b.stmt(`INSERT INTO dealerkit_event_counters (dealer_id, seq) VALUES ($1, 1)`, "00000000-0000-0000-0000-0000000000d1")
		_, err := db.ExecContext(t.Context(), insert, args...)
		require.NoError(t, err)

		_, err = db.ExecContext(t.Context(), insert, args...) // the same primary key again
		require.Error(t, err)
		got := s.Translate("write", err)
		require.ErrorIs(t, got, dealerkit.ErrConflict)
		require.ErrorIs(t, got, err, "the driver's own error stays in the chain for errors.As")

		var seq int64
		read, args := b.stmt(`SELECT seq FROM dealerkit_event_counters WHERE dealer_id = $1`, "00000000-0000-0000-0000-0000000000d2")
		err = db.QueryRowContext(t.Context(), read, args...).Scan(&seq)
		require.ErrorIs(t, s.Translate("read", err), dealerkit.ErrNotFound)

		_, err = db.ExecContext(t.Context(), `SELECT * FROM no_such_table`)
		got = s.Translate("read", err)
		require.Error(t, got)
		require.NotErrorIs(t, got, dealerkit.ErrConflict)
		require.NotErrorIs(t, got, dealerkit.ErrNotFound)
		require.NotErrorIs(t, got, sql.ErrNoRows)
	})
}
