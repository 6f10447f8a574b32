package sqlstore_test

import (
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/adapters/storetest"
	"github.com/stretchr/testify/require"
)

func openDSN(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSQLiteNewRefusesMissingSettings(t *testing.T) {
	cases := []struct {
		name    string
		dsn     func(good string) string
		problem string // a word of the one problem reported
	}{
		{"without immediate transactions", func(g string) string { return strings.Replace(g, "&_txlock=immediate", "", 1) }, "immediate"},
		{"with deferred transactions", func(g string) string { return strings.Replace(g, "_txlock=immediate", "_txlock=deferred", 1) }, "immediate"},
		{"without WAL", func(g string) string { return strings.Replace(g, "journal_mode(WAL)", "journal_mode(DELETE)", 1) }, "WAL"},
		{"without a busy timeout", func(g string) string { return strings.Replace(g, "busy_timeout(10000)", "busy_timeout(0)", 1) }, "busy_timeout"},
		{"without foreign keys", func(g string) string { return strings.Replace(g, "foreign_keys(1)", "foreign_keys(0)", 1) }, "foreign keys"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			good := sqlstore.SQLiteDSN(filepath.Join(t.TempDir(), "dealerkit.db"))
			dsn := c.dsn(good)
			require.NotEqual(t, good, dsn)
			s, err := sqlstore.New(openDSN(t, dsn), sqlstore.SQLite, nil)
			require.Nil(t, s)
			var se *sqlstore.SettingsError
			require.ErrorAs(t, err, &se)
			require.Len(t, se.Problems, 1, "%v", se.Problems)
			require.Contains(t, se.Problems[0], c.problem)
		})
	}
	t.Run("a bare path with none of the settings", func(t *testing.T) {
		_, err := sqlstore.New(openDSN(t, filepath.Join(t.TempDir(), "bare.db")), sqlstore.SQLite, nil)
		var se *sqlstore.SettingsError
		require.ErrorAs(t, err, &se)
		require.Len(t, se.Problems, 3, "WAL, busy timeout and foreign keys (immediacy is probed under WAL only): %v", se.Problems)
	})
	t.Run("in memory", func(t *testing.T) {
		_, err := sqlstore.New(openDSN(t, "file::memory:?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_txlock=immediate"), sqlstore.SQLite, nil)
		var se *sqlstore.SettingsError
		require.ErrorAs(t, err, &se)
		require.Contains(t, se.Error(), "WAL")
	})
}

func TestSQLiteNewAcceptsSQLiteDSN(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a dir?#%", "dealerkit.db")
	require.NoError(t, mkdirFor(path))
	db := openDSN(t, sqlstore.SQLiteDSN(path))
	_, err := sqlstore.New(db, sqlstore.SQLite, nil)
	require.NoError(t, err)
	// The probe leaves no connection with its busy timeout at 0 nor inside a transaction.
	conns := make([]*sql.Conn, 3)
	for i := range conns {
		c, err := db.Conn(t.Context())
		require.NoError(t, err)
		defer c.Close()
		conns[i] = c
		var timeout int
		require.NoError(t, c.QueryRowContext(t.Context(), "PRAGMA busy_timeout").Scan(&timeout))
		require.Equal(t, 10000, timeout)
		_, err = c.ExecContext(t.Context(), "BEGIN; ROLLBACK")
		require.NoError(t, err)
	}
	require.FileExists(t, path, "special characters in the path are escaped, not read as URI syntax")
}

func TestSQLiteNewChecksNoOtherDriverError(t *testing.T) {
	_, err := sqlstore.New(nil, sqlstore.SQLite, nil)
	require.Error(t, err)
	_, err = sqlstore.New(openDSN(t, sqlstore.SQLiteDSN(filepath.Join(t.TempDir(), "x.db"))), sqlstore.Dialect(9), nil)
	require.Error(t, err)
	require.False(t, errors.As(err, new(*sqlstore.SettingsError)))
}

// With one connection there is no second one to probe with: New accepts the pool (documented),
// and the whole contract holds on it, transactions included.
func TestSQLiteOneConnection(t *testing.T) {
	storetest.RunRepairOrders(t, func(t *testing.T) storetest.Store {
		db := openSQLite(t)
		db.SetMaxOpenConns(1)
		s, err := sqlstore.New(db, sqlstore.SQLite, nil)
		require.NoError(t, err)
		require.NoError(t, s.Migrate(t.Context()))
		return s
	})
}
