package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

var (
	stockDealer = dealerkit.DealerID(uuid.UUID{0: 0xd, 15: 7})
	stockPart   = uuid.UUID{0: 0x9a, 15: 7}
)

func stockClerk(t testing.TB) dealerkit.Actor {
	a, err := dealerkit.NewStaffActor(stockDealer, dealerkit.StaffID(uuid.UUID{15: 6}), dealerkit.RolePartsClerk)
	require.NoError(t, err)
	return a
}

// stockPosting builds a posting of one line: a receipt of qty at value when qty is positive, an
// issue otherwise.
func stockPosting(t testing.TB, key, qty, value string) *parts.Posting {
	q := decimal.RequireFromString(qty)
	in := parts.PostingInput{Key: key, Kind: parts.MoveIssue, Reference: parts.Reference{Kind: parts.RefManual}, Reason: "test",
		Method: parts.MovingAverage, Rounding: dealerkit.DefaultRounding(),
		Lines: []parts.PostingLine{{ID: uuid.Must(uuid.NewV7()), Part: stockPart, Bin: "A-01", Quantity: q}}}
	if q.IsPositive() {
		in.Kind = parts.MoveReceipt
		in.Lines[0].Value = decimal.RequireFromString(value)
	}
	p, err := parts.NewPosting(uuid.Must(uuid.NewV7()), stockClerk(t), time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), in)
	require.NoError(t, err)
	return p
}

// The stock table's constraints are the backstop of the guarded update: a row that would hold
// less than nothing, hold more than is there, or be worth something while empty is refused by
// the database itself. Quantities and values are exact: numeric in PostgreSQL, text in SQLite.
func TestStockConstraints(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, _ := b.open(t)
		s := newStore(t, db, b.dialect)
		require.NoError(t, s.Migrate(t.Context()))
		// More digits than a float64 holds, in quantity and value.
		require.NoError(t, s.Parts().Post(t.Context(), stockPosting(t, "big", "98765432109876543.210", "121932631137021795226185032.66")))
		row, err := s.Parts().GetStock(t.Context(), stockDealer, stockPart, "A-01")
		require.NoError(t, err)
		require.Equal(t, "98765432109876543.210", dealerkit.FormatExact(row.OnHand()))
		require.Equal(t, "121932631137021795226185032.66", dealerkit.FormatExact(row.Value()))

		var typ string
		q := "SELECT typeof(on_hand) || ' ' || typeof(value) FROM dealerkit_stock"
		switch b.dialect {
		case sqlstore.Postgres:
			q = "SELECT pg_typeof(on_hand)::text || ' ' || pg_typeof(value)::text FROM dealerkit_stock"
		case sqlstore.MySQL:
			q = `SELECT GROUP_CONCAT(column_type ORDER BY column_name DESC SEPARATOR ' ') FROM information_schema.columns
				WHERE table_schema = DATABASE() AND table_name = 'dealerkit_stock' AND column_name IN ('on_hand', 'value')`
		}
		require.NoError(t, db.QueryRowContext(t.Context(), q).Scan(&typ))
		want := map[sqlstore.Dialect]string{sqlstore.SQLite: "text text", sqlstore.Postgres: "numeric numeric",
			sqlstore.MySQL: "decimal(65,30) decimal(65,30)"}[b.dialect]
		require.Equal(t, want, typ)

		// The checks on a row of everyday size. (SQLite compares through REAL: exact to 2^53, and
		// never refusing a row that keeps the rules; the Go arithmetic under the write lock is the
		// guard, the check its backstop.)
		_, err = db.ExecContext(t.Context(), "UPDATE dealerkit_stock SET on_hand = '5.000', reserved = '2.000', value = '12.50'")
		require.NoError(t, err)
		for _, set := range []string{
			"on_hand = '-1'",
			"reserved = '-0.001'",
			"reserved = '5.001'",
			"value = '-0.01'",
			"on_hand = '0', reserved = '0', value = '0.01'",
		} {
			_, err := db.ExecContext(t.Context(), "UPDATE dealerkit_stock SET "+set)
			require.Error(t, err, set)
			require.ErrorIs(t, s.StockError("write stock", err), parts.ErrInsufficientStock, "%s: %v", set, err)
		}
		_, err = db.ExecContext(t.Context(), "UPDATE dealerkit_stock SET on_hand = '0', reserved = '0', value = '0.00'")
		require.NoError(t, err, "an empty row worth nothing is allowed")
	})
}

// A posting joins the host's transaction (WithTx) and rolls back with it.
func TestPostJoinsHostTransaction(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, _ := b.open(t)
		s := newStore(t, db, b.dialect)
		require.NoError(t, s.Migrate(t.Context()))
		for _, commit := range []bool{false, true} {
			tx, err := db.BeginTx(t.Context(), nil)
			require.NoError(t, err)
			ctx := sqlstore.WithTx(t.Context(), tx)
			require.NoError(t, s.Parts().Post(ctx, stockPosting(t, fmt.Sprint("k-", commit), "3", "30.00")))
			row, err := s.Parts().GetStock(ctx, stockDealer, stockPart, "A-01")
			require.NoError(t, err)
			require.Equal(t, "3", row.OnHand().String(), "visible inside the host's transaction")
			if commit {
				require.NoError(t, tx.Commit())
			} else {
				require.NoError(t, tx.Rollback())
				_, err := s.Parts().GetStock(t.Context(), stockDealer, stockPart, "A-01")
				require.ErrorIs(t, err, dealerkit.ErrNotFound)
				_, err = s.Parts().PostingByKey(t.Context(), stockDealer, "k-false")
				require.ErrorIs(t, err, dealerkit.ErrNotFound)
			}
		}
		evs, err := s.Events(t.Context(), stockDealer, 0, 10)
		require.NoError(t, err)
		require.Len(t, evs, 1)
	})
}

// With PostgreSQL at REPEATABLE READ (a host's default_transaction_isolation), a posting that
// finds its row changed by a transaction that committed after its snapshot fails to serialize
// (40001). In a transaction of its own, Post runs again and every posting goes through.
func TestPostgresPostRetriesSerializationFailures(t *testing.T) {
	plain := openPostgres(t)
	var schema string
	require.NoError(t, plain.QueryRowContext(t.Context(), "SELECT current_schema()").Scan(&schema))
	u, err := url.Parse(withSearchPath(postgresDSN(t), schema))
	require.NoError(t, err)
	q := u.Query()
	q.Set("default_transaction_isolation", "repeatable read")
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20") // pgx reads + literally
	db, err := sql.Open("pgx", u.String())
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	var iso string
	require.NoError(t, db.QueryRowContext(t.Context(), "SHOW transaction_isolation").Scan(&iso))
	require.Equal(t, "repeatable read", iso)

	s := newStore(t, db, sqlstore.Postgres)
	require.NoError(t, s.Migrate(t.Context()))
	require.NoError(t, s.Parts().Post(t.Context(), stockPosting(t, "in", "1000", "2500.00")))
	// Bursts of four: each burst, the first to lock the row commits and the others retry, so
	// no posting needs more than four runs.
	const bursts, callers = 10, 4
	for burst := range bursts {
		var wg sync.WaitGroup
		errs := make([]error, callers)
		for i := range callers {
			wg.Go(func() {
				errs[i] = s.Parts().Post(context.Background(), stockPosting(t, fmt.Sprintf("out-%d-%d", burst, i), "-1", ""))
			})
		}
		wg.Wait()
		for _, err := range errs {
			require.NoError(t, err)
		}
	}
	row, err := s.Parts().GetStock(t.Context(), stockDealer, stockPart, "A-01")
	require.NoError(t, err)
	require.Equal(t, "960", row.OnHand().String())
	require.Equal(t, "2400.00", dealerkit.FormatExact(row.Value()))
}
