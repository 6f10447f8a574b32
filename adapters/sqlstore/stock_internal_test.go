package sqlstore

import (
	"errors"
	"fmt"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/parts"
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
