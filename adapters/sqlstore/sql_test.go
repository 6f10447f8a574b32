package sqlstore_test

import (
	"context"
	"database/sql"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/internal/testdb"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// backend opens a fresh, empty database of one dialect; twin opens a second pool on the same
// database, as a second process would.
type backend struct {
	name    string
	dialect sqlstore.Dialect
	open    func(t *testing.T) (db *sql.DB, twin func() *sql.DB)
}

func backends() []backend {
	return []backend{
		{"sqlite", sqlstore.SQLite, func(t *testing.T) (*sql.DB, func() *sql.DB) {
			dsn := sqlstore.SQLiteDSN(t.TempDir() + "/dealerkit.db")
			return openDSN(t, dsn), func() *sql.DB { return openDSN(t, dsn) }
		}},
		{"postgres", sqlstore.Postgres, func(t *testing.T) (*sql.DB, func() *sql.DB) {
			db := openPostgres(t)
			return db, func() *sql.DB {
				var schema string
				require.NoError(t, db.QueryRowContext(t.Context(), "SELECT current_schema()").Scan(&schema))
				twin, err := sql.Open("pgx", withSearchPath(postgresDSN(t), schema))
				require.NoError(t, err)
				t.Cleanup(func() { twin.Close() })
				return twin
			}
		}},
		{"mysql", sqlstore.MySQL, func(t *testing.T) (*sql.DB, func() *sql.DB) {
			db := testdb.MySQL(t)
			return db, func() *sql.DB { return twinMySQL(t, db) }
		}},
	}
}

// stmt writes query, written with PostgreSQL's $N placeholders, in b's dialect.
func (b backend) stmt(query string, args ...any) (string, []any) {
	if b.dialect == sqlstore.MySQL {
		return sqlstore.MySQLStatement(query, args)
	}
	return query, args
}

func forEachBackend(t *testing.T, test func(t *testing.T, b backend)) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) { test(t, b) })
	}
}

func newStore(t *testing.T, db *sql.DB, d sqlstore.Dialect) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.New(db, d, nil)
	require.NoError(t, err)
	return s
}

func TestMigrationsFS(t *testing.T) {
	names := map[sqlstore.Dialect][]string{}
	for _, d := range []sqlstore.Dialect{sqlstore.SQLite, sqlstore.Postgres, sqlstore.MySQL} {
		fsys := sqlstore.Migrations(d)
		files, err := fs.Glob(fsys, "*.sql")
		require.NoError(t, err)
		require.NotEmpty(t, files)
		require.NoError(t, fstest.TestFS(fsys, files...))
		names[d] = files
	}
	require.Equal(t, names[sqlstore.SQLite], names[sqlstore.Postgres], "every dialect has the same versions")
	require.Equal(t, names[sqlstore.SQLite], names[sqlstore.MySQL], "every dialect has the same versions")
	files, err := fs.Glob(sqlstore.Migrations(sqlstore.Dialect(0)), "*")
	require.NoError(t, err)
	require.Empty(t, files, "an unknown dialect has no migrations")
}

func TestNewDoesNotMigrate(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, _ := b.open(t)
		newStore(t, db, b.dialect)
		require.Empty(t, tables(t, db, b.dialect))
	})
}

func TestMigrateIsIdempotent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, _ := b.open(t)
		s := newStore(t, db, b.dialect)
		require.NoError(t, s.Migrate(t.Context()))
		require.NoError(t, s.Migrate(t.Context()))
		requireMigrated(t, db, b.dialect)
	})
}

func TestMigrateFromTwoProcessesAtOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, twin := b.open(t)
		stores := []*sqlstore.Store{newStore(t, db, b.dialect), newStore(t, twin(), b.dialect), newStore(t, twin(), b.dialect)}
		var wg sync.WaitGroup
		errs := make([]error, len(stores))
		for i, s := range stores {
			wg.Go(func() { errs[i] = s.Migrate(t.Context()) })
		}
		wg.Wait()
		for _, err := range errs {
			require.NoError(t, err)
		}
		requireMigrated(t, db, b.dialect)
	})
}

// TestTablesArePrefixed: the schema sits beside the host's own tables, so every table and index
// is named dealerkit_….
func TestTablesArePrefixed(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, _ := b.open(t)
		require.NoError(t, newStore(t, db, b.dialect).Migrate(t.Context()))
		names := tables(t, db, b.dialect)
		require.Contains(t, names, "dealerkit_schema_migrations")
		require.Contains(t, names, "dealerkit_repair_orders")
		for _, n := range names {
			require.True(t, strings.HasPrefix(n, "dealerkit_"), "table or index %q", n)
		}
	})
}

func requireMigrated(t *testing.T, db *sql.DB, d sqlstore.Dialect) {
	t.Helper()
	files, err := fs.Glob(sqlstore.Migrations(d), "*.sql")
	require.NoError(t, err)
	var n int
	require.NoError(t, db.QueryRowContext(t.Context(), "SELECT count(*) FROM dealerkit_schema_migrations").Scan(&n))
	require.Equal(t, len(files), n, "each migration recorded once")
	var name string
	require.NoError(t, db.QueryRowContext(t.Context(), "SELECT name FROM dealerkit_schema_migrations WHERE version = 1").Scan(&name))
	require.Equal(t, "0001_repair_orders", name)
}

// tables lists the tables and indexes of the database (PostgreSQL: of the test's schema).
func tables(t *testing.T, db *sql.DB, d sqlstore.Dialect) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`
	switch d {
	case sqlstore.Postgres:
		q = `SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'i', 'S', 'v')`
	case sqlstore.MySQL: // the primary key is named PRIMARY, whatever the table
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()
			UNION SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND index_name <> 'PRIMARY'`
	}
	rows, err := db.QueryContext(t.Context(), q)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		out = append(out, n)
	}
	require.NoError(t, rows.Err())
	return out
}

func testOrder(t *testing.T, dealer dealerkit.DealerID, n byte) *aftersales.RepairOrder {
	t.Helper()
	adv, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.UUID{15: 1}), dealerkit.RoleServiceAdvisor)
	require.NoError(t, err)
	at := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	o, err := aftersales.NewRepairOrder(uuid.UUID{0: 1, 15: n}, adv, at, aftersales.ReceptionInput{
		ArrivedAt: at, GreetedAt: at.Add(time.Minute), VIN: "1M8GDM9AXKP042788", Plate: "沪A·12345",
		WalkAroundDone: true, Concerns: []aftersales.Concern{{Text: "noise"}}, Visit: aftersales.VisitWaiting,
	})
	require.NoError(t, err)
	return o
}

// The host's own transaction: dealerkit's writes commit or roll back with the host's.
func TestWithTx(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, _ := b.open(t)
		s := newStore(t, db, b.dialect)
		require.NoError(t, s.Migrate(t.Context()))
		dealer := dealerkit.DealerID(uuid.UUID{0: 0xd, 15: 1})
		repo := s.RepairOrders()

		run := func(commit bool) *aftersales.RepairOrder {
			o := testOrder(t, dealer, 1)
			tx, err := db.BeginTx(t.Context(), nil)
			require.NoError(t, err)
			defer tx.Rollback()
			ctx := sqlstore.WithTx(t.Context(), tx)
			require.NoError(t, repo.Create(ctx, o))
			require.NoError(t, s.InTx(ctx, func(ctx context.Context) error { // joins the host's
				return repo.Update(ctx, dealer, o.ID(), func(o *aftersales.RepairOrder) error {
					return o.Notify(mustActor(t, dealer), time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC), aftersales.ChannelPhone, "hello")
				})
			}))
			// Events are written by each call in a host's transaction: visible inside it at once.
			evs, err := s.Events(ctx, dealer, 0, 10)
			require.NoError(t, err)
			require.Len(t, evs, 2)
			if commit {
				require.NoError(t, tx.Commit())
			} else {
				require.NoError(t, tx.Rollback())
			}
			return o
		}

		run(false)
		_, err := repo.Get(t.Context(), dealer, uuid.UUID{0: 1, 15: 1})
		require.ErrorIs(t, err, dealerkit.ErrNotFound)
		evs, err := s.Events(t.Context(), dealer, 0, 10)
		require.NoError(t, err)
		require.Empty(t, evs)

		run(true)
		got, err := repo.Get(t.Context(), dealer, uuid.UUID{0: 1, 15: 1})
		require.NoError(t, err)
		require.EqualValues(t, 2, got.Version())
		evs, err = s.Events(t.Context(), dealer, 0, 10)
		require.NoError(t, err)
		require.Len(t, evs, 2)
		require.EqualValues(t, 1, evs[0].Seq, "the rolled-back transaction took its numbers back")
	})
}

func mustActor(t *testing.T, dealer dealerkit.DealerID) dealerkit.Actor {
	a, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.UUID{15: 1}), dealerkit.RoleServiceAdvisor)
	require.NoError(t, err)
	return a
}
