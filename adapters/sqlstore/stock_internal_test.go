package sqlstore

import (
	"errors"
	"fmt"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// A check violation on the stock table is a shortage; anything else is translated as usual. Only
// PostgreSQL's serialization failures and deadlocks are worth running a posting again.
func TestStockErrors(t *testing.T) {
	pg, lite := &Store{d: Postgres}, &Store{d: SQLite}
	require.ErrorIs(t, pg.stockError("w", fakePgError{"23514"}), parts.ErrInsufficientStock)
	require.ErrorIs(t, lite.stockError("w", fmt.Errorf("x: %w", fakeSQLiteError{275})), parts.ErrInsufficientStock)
	require.ErrorIs(t, pg.stockError("w", fakePgError{"23505"}), dealerkit.ErrConflict)
	require.NotErrorIs(t, lite.stockError("w", fakePgError{"23514"}), parts.ErrInsufficientStock)
	require.NotErrorIs(t, pg.stockError("w", errors.New("reset")), parts.ErrInsufficientStock)

	require.True(t, pg.isRetryable(fmt.Errorf("x: %w", fakePgError{"40001"})))
	require.True(t, pg.isRetryable(fakePgError{"40P01"}))
	require.False(t, pg.isRetryable(fakePgError{"23505"}))
	require.False(t, lite.isRetryable(fakePgError{"40001"}))
	require.False(t, pg.isRetryable(nil))
}

// On MySQL a CHECK violation (MySQL 3819, MariaDB 4025) is a shortage; deadlocks and lock-wait
// timeouts are worth running a posting again.
func TestStockErrorsMySQL(t *testing.T) {
	my := &Store{d: MySQL}
	require.ErrorIs(t, my.stockError("w", &MySQLError{Number: 4025}), parts.ErrInsufficientStock)
	require.ErrorIs(t, my.stockError("w", fmt.Errorf("x: %w", &MySQLError{Number: 3819})), parts.ErrInsufficientStock)
	require.ErrorIs(t, my.stockError("w", &MySQLError{Number: 1062}), dealerkit.ErrConflict)
	require.True(t, my.isRetryable(&MySQLError{Number: 1213}))
	require.True(t, my.isRetryable(fmt.Errorf("x: %w", &MySQLError{Number: 1205})))
	require.False(t, my.isRetryable(&MySQLError{Number: 1062}))
	require.False(t, (&Store{d: Postgres}).isRetryable(&MySQLError{Number: 1213}))
	require.True(t, fitsMySQLDecimal(decimal.RequireFromString("12345678901234567890123456789012345.123456789012345678901234567890")))
	require.False(t, fitsMySQLDecimal(decimal.RequireFromString("123456789012345678901234567890123456")))
	require.False(t, fitsMySQLDecimal(decimal.RequireFromString("0.1234567890123456789012345678901")))
}

// The prebuilt multi-row inserts number their placeholders row after row, as the arguments of a
// posting's movements and events are bound (§3.4(1): a posting's movements are stored together).
func TestValuesSQL(t *testing.T) {
	require.Equal(t, "INSERT INTO t VALUES ($1, $2, $3)", valuesSQL("INSERT INTO t VALUES ", 3, 1))
	require.Equal(t, "INSERT INTO t VALUES ($1, $2), ($3, $4), ($5, $6)", valuesSQL("INSERT INTO t VALUES ", 2, 3))
	x := newRowInserts()
	require.Contains(t, x.movements[eventsPerInsert], fmt.Sprintf("$%d)", eventsPerInsert*movementColumns))
	require.Contains(t, x.events[2], "($12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)")
}
