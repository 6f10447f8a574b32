package sqlstore_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/internal/testdb"
	"github.com/google/uuid"
)

// Round trips: what a use case sends to the database, counted by a driver wrapper, beside what
// the hand-written baseline of its benchmark sends. On loopback PostgreSQL a round trip costs
// more CPU than encoding a document, so the library may send no statement the baseline does not
// (issue 12).

// statementLog counts what a pool sends: BEGIN, each statement, COMMIT and ROLLBACK.
type statementLog struct {
	mu    sync.Mutex
	stmts []string
}

func (l *statementLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stmts = append(l.stmts, strings.Join(strings.Fields(s), " "))
}

// take returns what was logged since the last take.
func (l *statementLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.stmts
	l.stmts = nil
	return out
}

// countedPool opens a second pool on dsn through db's driver, logging every round trip.
func countedPool(t testing.TB, db *sql.DB, dsn string) (*sql.DB, *statementLog) {
	t.Helper()
	log := &statementLog{}
	c := sql.OpenDB(countingConnector{drv: db.Driver(), dsn: dsn, log: log})
	t.Cleanup(func() { c.Close() })
	return c, log
}

type countingConnector struct {
	drv driver.Driver
	dsn string
	log *statementLog
}

func (c countingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return countingConn{conn, c.log}, nil
}

func (c countingConnector) Driver() driver.Driver { return c.drv }

// countingConn forwards to the driver's connection every interface database/sql looks for, so
// that the pool behaves as it would without the wrapper (no prepare where the driver executes
// directly, the driver's own argument conversion).
type countingConn struct {
	driver.Conn
	log *statementLog
}

func (c countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	c.log.add(query)
	return e.ExecContext(ctx, query, args)
}

func (c countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	c.log.add(query)
	return q.QueryContext(ctx, query, args)
}

func (c countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	c.log.add("BEGIN")
	tx, err := c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return countingTx{tx, c.log}, nil
}

func (c countingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

func (c countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c countingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

type countingTx struct {
	tx  driver.Tx
	log *statementLog
}

func (t countingTx) Commit() error   { t.log.add("COMMIT"); return t.tx.Commit() }
func (t countingTx) Rollback() error { t.log.add("ROLLBACK"); return t.tx.Rollback() }

// roundTripDBs are the databases the round trips are counted on: SQLite always, PostgreSQL and
// MySQL when their DSNs are set.
func roundTripDBs(t *testing.T) []struct {
	name string
	d    sqlstore.Dialect
	open func(t *testing.T) (*sql.DB, string)
} {
	return []struct {
		name string
		d    sqlstore.Dialect
		open func(t *testing.T) (*sql.DB, string)
	}{
		{"sqlite", sqlstore.SQLite, func(t *testing.T) (*sql.DB, string) {
			dsn := sqlstore.SQLiteDSN(filepath.Join(t.TempDir(), "rt.db"))
			db, err := sql.Open("sqlite", dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db, dsn
		}},
		{"postgres", sqlstore.Postgres, func(t *testing.T) (*sql.DB, string) {
			dsn, schema := postgresSchema(t)
			dsn = withSearchPath(dsn, schema)
			return openPostgresPath(t, dsn, schema), dsn
		}},
		{"mysql", sqlstore.MySQL, func(t *testing.T) (*sql.DB, string) {
			db := testdb.MySQL(t)
			var name string
			if err := db.QueryRowContext(t.Context(), "SELECT DATABASE()").Scan(&name); err != nil {
				t.Fatal(err)
			}
			cfg := testdb.MySQLConfig(t, testdb.MySQLDSN(t))
			cfg.DBName = name
			return db, cfg.FormatDSN()
		}},
	}
}

// TestLifecycleRoundTrips (issue 12): one repair order from arrival to follow-up, as
// BenchmarkRepairOrderLifecycle runs it, sends no more statements through the library than
// through the hand-written baseline. The statements are logged on failure.
func TestLifecycleRoundTrips(t *testing.T) {
	for _, db := range roundTripDBs(t) {
		t.Run(db.name, func(t *testing.T) {
			raw, dsn := db.open(t)
			pool, log := countedPool(t, raw, dsn)
			steps, refID, refVIN := recordReference(t, pool, db.d)
			log.take()

			l := newLifecycle(t, benchStore(t, pool, db.d).RepairOrders())
			log.take() // the migration
			if _, err := l.run(benchVIN(1)); err != nil {
				t.Fatal(err)
			}
			lib := log.take()

			id, vin := uuid.Must(uuid.NewV7()).String(), benchVIN(2)
			fresh := strings.NewReplacer(refID, id, refVIN, vin)
			for k, s := range steps {
				if err := baselineStep(t.Context(), pool, db.d, benchDealer.String(), id, vin, k == 3, s, fresh); err != nil {
					t.Fatalf("baseline step %d: %v", k, err)
				}
			}
			base := log.take()
			t.Logf("%s: round trips per order: dealerkit %d, baseline %d", db.name, len(lib), len(base))
			// PostgreSQL: an Update outside a transaction reads its row, then writes it, the
			// counter and the events in one statement guarded by the version: two round trips
			// where the baseline sends six (BEGIN, read, row, counter, events, COMMIT).
			if db.d == sqlstore.Postgres && len(lib) > len(base)-4*(len(steps)-1) {
				t.Errorf("PostgreSQL: dealerkit sends %d round trips per order, want at most %d (baseline %d less four per update)\ndealerkit:\n%s",
					len(lib), len(base)-4*(len(steps)-1), len(base), strings.Join(lib, "\n"))
			}
			if len(lib) > len(base) {
				t.Errorf("dealerkit sends %d round trips per order, the baseline %d\ndealerkit:\n%s\nbaseline:\n%s",
					len(lib), len(base), strings.Join(lib, "\n"), strings.Join(base, "\n"))
			}
		})
	}
}

// TestIssueRoundTrips (issue 12): one issue of a part, as BenchmarkIssuePart posts it, sends no
// more statements through the library than through the baseline.
func TestIssueRoundTrips(t *testing.T) {
	for _, db := range roundTripDBs(t) {
		t.Run(db.name, func(t *testing.T) {
			raw, dsn := db.open(t)
			pool, log := countedPool(t, raw, dsn)
			dk := newSQLIssuer(t, pool, db.d, 2)
			bl := &sqlBaseline{db: pool, d: db.d, ref: newReference(t)}
			bl.keys.n.Store(1 << 20) // keys of its own
			log.take()
			if err := dk.issue(t.Context(), issuePartID(0)); err != nil {
				t.Fatal(err)
			}
			lib := log.take()
			if err := bl.issue(t.Context(), issuePartID(1)); err != nil {
				t.Fatal(err)
			}
			base := log.take()
			t.Logf("%s: round trips per issue: dealerkit %d, baseline %d", db.name, len(lib), len(base))
			if len(lib) > len(base) {
				t.Errorf("dealerkit sends %d round trips per issue, the baseline %d\ndealerkit:\n%s\nbaseline:\n%s",
					len(lib), len(base), strings.Join(lib, "\n"), strings.Join(base, "\n"))
			}
		})
	}
}
