package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// Stand-ins for the drivers' errors, so the translation is tested without a failing database.
type fakePgError struct{ code string }

func (e fakePgError) Error() string    { return "pg " + e.code }
func (e fakePgError) SQLState() string { return e.code }

type fakeSQLiteError struct{ code int }

func (e fakeSQLiteError) Error() string { return fmt.Sprintf("sqlite %d", e.code) }
func (e fakeSQLiteError) Code() int     { return e.code }

func TestTranslate(t *testing.T) {
	pg, lite := &Store{d: Postgres}, &Store{d: SQLite}
	cases := []struct {
		name string
		s    *Store
		err  error
		want error // nil: neither ErrNotFound nor ErrConflict
	}{
		{"no rows", lite, sql.ErrNoRows, dealerkit.ErrNotFound},
		{"wrapped no rows", pg, fmt.Errorf("scan: %w", sql.ErrNoRows), dealerkit.ErrNotFound},
		{"pg unique violation", pg, fakePgError{"23505"}, dealerkit.ErrConflict},
		{"pg serialization failure", pg, fakePgError{"40001"}, dealerkit.ErrConflict},
		{"pg deadlock", pg, fakePgError{"40P01"}, dealerkit.ErrConflict},
		{"pg not-null violation", pg, fakePgError{"23502"}, nil},
		{"sqlite unique", lite, fakeSQLiteError{2067}, dealerkit.ErrConflict},
		{"sqlite primary key", lite, fakeSQLiteError{1555}, dealerkit.ErrConflict},
		{"sqlite busy", lite, fakeSQLiteError{5}, nil},
		{"sqlite check", lite, fakeSQLiteError{275}, nil},
		{"a pg code under the sqlite dialect", lite, fakePgError{"23505"}, nil},
		{"other", pg, errors.New("connection reset"), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.s.translate("do it", c.err)
			require.ErrorContains(t, got, "do it: ")
			if c.want != nil {
				require.ErrorIs(t, got, c.want)
				require.NotContains(t, got.Error(), "sqlstore", "a classed error reaches a host: it does not name the adapter")
			} else {
				require.NotErrorIs(t, got, dealerkit.ErrConflict)
				require.NotErrorIs(t, got, dealerkit.ErrNotFound)
			}
			if !errors.Is(c.err, sql.ErrNoRows) {
				require.ErrorIs(t, got, c.err, "the driver's error stays in the chain")
			}
		})
	}
}

func TestSQLiteBusyMatchesExtendedCodes(t *testing.T) {
	require.True(t, isSQLiteBusy(fakeSQLiteError{5}))
	require.True(t, isSQLiteBusy(fmt.Errorf("x: %w", fakeSQLiteError{5 | 3<<8})))
	require.False(t, isSQLiteBusy(fakeSQLiteError{6}))
	require.False(t, isSQLiteBusy(errors.New("busy")))
}

// MySQLError has the shape of go-sql-driver/mysql's *MySQLError: exported fields, no methods.
type MySQLError struct {
	Number   uint16
	SQLState [5]byte
	Message  string
}

func (e *MySQLError) Error() string { return fmt.Sprintf("Error %d: %s", e.Number, e.Message) }

func TestTranslateMySQL(t *testing.T) {
	my, pg := &Store{d: MySQL}, &Store{d: Postgres}
	for _, c := range []struct {
		n        uint16
		conflict bool
	}{{1062, true}, {1213, true}, {1205, true}, {4025, false}, {3819, false}, {1406, false}} {
		err := fmt.Errorf("exec: %w", &MySQLError{Number: c.n})
		got := my.translate("do it", err)
		require.Equal(t, c.conflict, errors.Is(got, dealerkit.ErrConflict), "error %d", c.n)
		require.ErrorIs(t, got, err, "the driver's error stays in the chain")
		require.NotErrorIs(t, pg.translate("do it", err), dealerkit.ErrConflict, "a MySQL error under another dialect")
	}
	joined := errors.Join(errors.New("other"), &MySQLError{Number: 1062})
	require.ErrorIs(t, my.translate("do it", joined), dealerkit.ErrConflict, "found inside a joined error")
	require.NotErrorIs(t, my.translate("do it", errors.New("Error 1062: looks like one")), dealerkit.ErrConflict)
}

func TestMySQLStatement(t *testing.T) {
	q, args, doNothing := mysqlStatement("SELECT a FROM t WHERE x = $2 AND y = $1 AND z = $2 AND p = '$.staff' LIMIT $3", []any{"one", "two", 3})
	require.Equal(t, "SELECT a FROM t WHERE x = ? AND y = ? AND z = ? AND p = '$.staff' LIMIT ?", q)
	require.Equal(t, []any{"two", "one", "two", 3}, args)
	require.False(t, doNothing)
	q, args, doNothing = mysqlStatement("INSERT INTO t (a) VALUES ($1)\n\t\t\tON CONFLICT DO NOTHING", []any{1})
	require.Equal(t, "INSERT INTO t (a) VALUES (?)\n\t\t\t", q)
	require.Equal(t, []any{1}, args)
	require.True(t, doNothing)
}

func TestSplitStatements(t *testing.T) {
	got := splitStatements("-- a comment; with a semicolon\nCREATE TABLE a (\n  x INT -- inline\n);\n\nCREATE INDEX i ON a (x);\n")
	require.Equal(t, []string{"CREATE TABLE a (\n  x INT -- inline\n)", "CREATE INDEX i ON a (x)"}, got)
}
