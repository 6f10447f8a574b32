package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/internal/testdb"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

// A SQLite or MySQL statement that keeps coming back is prepared after a commit and then runs
// through the connection's prepared copy, inside transactions too, on a pool of one connection
// without waiting for itself; a statement that cannot be prepared still runs and reports its own
// error.
func TestPreparesRecurringStatements(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		db, err := sql.Open("sqlite", SQLiteDSN(filepath.Join(t.TempDir(), "prepared.db")))
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		testPreparesRecurringStatements(t, db, SQLite)
	})
	t.Run("mysql", func(t *testing.T) { testPreparesRecurringStatements(t, testdb.MySQL(t), MySQL) })
}

func testPreparesRecurringStatements(t *testing.T, db *sql.DB, d Dialect) {
	db.SetMaxOpenConns(1) // a prepare inside a transaction would wait for this one connection
	s, err := New(db, d, nil)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	require.NoError(t, s.Migrate(ctx))

	const count = "SELECT count(*) FROM dealerkit_event_counters WHERE dealer_id = $1"
	run := func() int {
		var n int
		require.NoError(t, s.write(ctx, func(ctx context.Context, st *txState) error {
			return s.on(st.tx).QueryRowContext(ctx, count, "d").Scan(&n)
		}))
		return n
	}
	for range prepareAfter {
		require.Zero(t, run())
	}
	require.Len(t, s.prepared.ready, 1, "prepared after the commit that made it recur")
	require.NoError(t, s.write(ctx, func(ctx context.Context, st *txState) error {
		_, err := s.on(st.tx).ExecContext(ctx, "INSERT INTO dealerkit_event_counters (dealer_id, seq) VALUES ($1, 1)", "d")
		return err
	}))
	require.Equal(t, 1, run(), "the prepared copy reads inside the transaction")
	var n int
	require.NoError(t, s.on(s.db).QueryRowContext(ctx, count, "d").Scan(&n), "and on the pool")
	require.Equal(t, 1, n)

	const bad = "SELECT no_such_column FROM dealerkit_event_counters"
	for range prepareAfter + 1 {
		var got error
		require.NoError(t, s.write(ctx, func(ctx context.Context, st *txState) error {
			_, got = s.on(st.tx).ExecContext(ctx, bad)
			return nil // the caller goes on, and the transaction commits
		}))
		require.ErrorContains(t, got, "no_such_column")
	}
	require.Len(t, s.prepared.failed, 1)
	require.Len(t, s.prepared.ready, 1, "the insert ran once only: not prepared")
}
