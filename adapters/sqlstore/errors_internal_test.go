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
