package policylab_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/policylab"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

// replayReadOnly replays h in one read-only transaction of db, as examples/policylab does, and
// checks that the transaction really refuses a write.
func replayReadOnly(t *testing.T, db *sql.DB, d sqlstore.Dialect, h history) *policylab.Report {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.New(db, d, nil)
	require.NoError(t, err)
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	require.NoError(t, err)
	defer tx.Rollback()
	a, b := sides(t)
	lab, err := policylab.NewLab(store, &policylab.Options{AsOf: utc(30, 0, 0), SerialReads: true})
	require.NoError(t, err)
	rep, err := lab.Replay(sqlstore.WithTx(ctx, tx), []dealerkit.DealerID{h.dealer}, a, b)
	require.NoError(t, err)
	require.NotEmpty(t, rep.Changes())
	// The guard is the database's, not the lab's good manners: a write in it fails.
	_, err = tx.ExecContext(ctx, "DELETE FROM dealerkit_events")
	require.Error(t, err, "a write inside the replay's transaction must be refused")
	return rep
}

// The replay never writes (issue 13, read-only): an SQLite file opened as examples/policylab
// opens it (query_only, one connection, a deferred read-only transaction) is byte-identical
// before and after, and so is every table's content.
func TestReplayLeavesSQLiteUnchanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	w, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path))
	require.NoError(t, err)
	ws, err := sqlstore.New(w, sqlstore.SQLite, nil)
	require.NoError(t, err)
	require.NoError(t, ws.Migrate(context.Background()))
	h := recordHistory(t, ws)
	// Fold the WAL into the file and close the writer, so the file alone holds the history.
	_, err = w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	require.NoError(t, err)
	require.NoError(t, w.Close())
	fileBefore, tablesBefore := fileSum(t, path), sqliteTables(t, path)

	r, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path)+"&_pragma=query_only(1)")
	require.NoError(t, err)
	r.SetMaxOpenConns(1)
	replayReadOnly(t, r, sqlstore.SQLite, h)
	require.NoError(t, r.Close())

	require.Equal(t, fileBefore, fileSum(t, path), "the database file changed")
	require.Equal(t, tablesBefore, sqliteTables(t, path))
}

// The same on PostgreSQL: every table of the schema has the same content before and after, and
// the transaction is READ ONLY (the server refuses the write).
func TestReplayLeavesPostgresUnchanged(t *testing.T) {
	dsn := os.Getenv("DEALERKIT_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("DEALERKIT_TEST_POSTGRES is not set: CI must run the PostgreSQL tests")
		}
		t.Skip("DEALERKIT_TEST_POSTGRES is not set")
	}
	db := postgresSchema(t, dsn)
	ws, err := sqlstore.New(db, sqlstore.Postgres, nil)
	require.NoError(t, err)
	require.NoError(t, ws.Migrate(context.Background()))
	h := recordHistory(t, ws)
	before := postgresTables(t, db)
	require.NotEmpty(t, before)
	replayReadOnly(t, db, sqlstore.Postgres, h)
	require.Equal(t, before, postgresTables(t, db))
}

func fileSum(t *testing.T, path string) string {
	t.Helper()
	sum := sha256.New()
	for _, p := range []string{path, path + "-wal"} {
		f, err := os.Open(p)
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		_, err = io.Copy(sum, f)
		f.Close()
		require.NoError(t, err)
	}
	return hex.EncodeToString(sum.Sum(nil))
}

// sqliteTables is a checksum of every row of every table, by table.
func sqliteTables(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	return tableSums(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
}

func postgresTables(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	return tableSums(t, db, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`)
}

func tableSums(t *testing.T, db *sql.DB, list string) map[string]string {
	t.Helper()
	rows, err := db.Query(list)
	require.NoError(t, err)
	var names []string
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		names = append(names, n)
	}
	require.NoError(t, rows.Err())
	rows.Close()
	out := map[string]string{}
	for _, n := range names {
		rs, err := db.Query("SELECT * FROM " + n)
		require.NoError(t, err)
		cols, err := rs.Columns()
		require.NoError(t, err)
		var lines []string
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rs.Scan(ptrs...))
			lines = append(lines, fmt.Sprintf("%v", vals))
		}
		require.NoError(t, rs.Err())
		rs.Close()
		// Row order is not part of the content.
		slices.Sort(lines)
		sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
		out[n] = fmt.Sprintf("%d rows %x", len(lines), sum)
	}
	return out
}

// postgresSchema opens a pool on a schema of the test's own, dropped when the test ends.
func postgresSchema(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "dkt_policylab_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	_, err = admin.Exec("CREATE SCHEMA " + schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}
