package sqlstore_test

import (
	"context"
	"database/sql"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai wherever the tests run

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/adapters/storetest"
	"github.com/dealerkit/dealerkit/internal/testdb"
	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/require"
)

// twinMySQL opens a second pool on the database of db, as a second process would.
func twinMySQL(t testing.TB, db *sql.DB) *sql.DB {
	t.Helper()
	var name string
	if err := db.QueryRowContext(context.Background(), "SELECT DATABASE()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	cfg := testdb.MySQLConfig(t, testdb.MySQLDSN(t))
	cfg.DBName = name
	twin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { twin.Close() })
	return twin
}

func newMySQLStore(t *testing.T) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.New(testdb.MySQL(t), sqlstore.MySQL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMySQLRepairOrders(t *testing.T) {
	testdb.MySQLDSN(t) // skip (or, in CI, fail) once rather than in every sub-test
	storetest.RunRepairOrders(t, func(t *testing.T) storetest.Store { return newMySQLStore(t) })
}

func TestMySQLComplaints(t *testing.T) {
	testdb.MySQLDSN(t)
	storetest.RunComplaints(t, func(t *testing.T) storetest.ComplaintStore { return newMySQLStore(t) })
}

func TestMySQLAppraisal(t *testing.T) {
	testdb.MySQLDSN(t)
	storetest.RunAppraisal(t, func(t *testing.T) storetest.AppraisalStore { return newMySQLStore(t) })
}

func TestMySQLParts(t *testing.T) {
	testdb.MySQLDSN(t)
	storetest.RunParts(t, func(t *testing.T) storetest.PartsStore {
		db := testdb.MySQL(t)
		// The reliability tests run 64 callers at once: let them queue for connections rather
		// than take most of the server's (max_connections is 151 by default).
		db.SetMaxOpenConns(24)
		s, err := sqlstore.New(db, sqlstore.MySQL, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestMySQLNewRefusesMissingSettings(t *testing.T) {
	testdb.MySQLDSN(t)
	db := testdb.MySQL(t) // a database of the test's own, so the DSNs below can name it
	var name string
	require.NoError(t, db.QueryRowContext(t.Context(), "SELECT DATABASE()").Scan(&name))
	good := testdb.MySQLConfig(t, testdb.MySQLDSN(t))
	good.DBName = name
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	isoVar := "transaction_isolation"
	if _, ok := good.Params["tx_isolation"]; ok {
		isoVar = "tx_isolation"
	}
	cases := []struct {
		name    string
		change  func(c *mysql.Config)
		problem string // a word of the one problem reported
	}{
		{"without parseTime", func(c *mysql.Config) { c.ParseTime = false }, "parseTime=true"},
		{"with times in another zone", func(c *mysql.Config) { c.Loc = shanghai }, "loc=UTC"},
		{"at REPEATABLE READ", func(c *mysql.Config) { c.Params[isoVar] = "'REPEATABLE-READ'" }, "READ-COMMITTED"},
		{"with a lax sql_mode", func(c *mysql.Config) { c.Params["sql_mode"] = "''" }, "strict"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := good.Clone()
			c.change(cfg)
			bad, err := sql.Open("mysql", cfg.FormatDSN())
			require.NoError(t, err)
			t.Cleanup(func() { bad.Close() })
			s, err := sqlstore.New(bad, sqlstore.MySQL, nil)
			require.Nil(t, s)
			var se *sqlstore.SettingsError
			require.ErrorAs(t, err, &se)
			require.Equal(t, sqlstore.MySQL, se.Dialect)
			require.Len(t, se.Problems, 1, "%v", se.Problems)
			require.Contains(t, se.Problems[0], c.problem)
			require.Contains(t, se.Error(), "MySQL")
		})
	}
	t.Run("with every setting", func(t *testing.T) {
		ok, err := sql.Open("mysql", good.FormatDSN())
		require.NoError(t, err)
		t.Cleanup(func() { ok.Close() })
		_, err = sqlstore.New(ok, sqlstore.MySQL, nil)
		require.NoError(t, err)
	})
}

// §3.4.3: a posting that waits too long for a row lock (1205, innodb_lock_wait_timeout) runs
// again in a transaction of its own and goes through once the lock is free; no error reaches the
// caller. The holder keeps the row past one lock-wait timeout, so the first run must time out.
func TestMySQLPostRetriesLockWaitTimeout(t *testing.T) {
	testdb.MySQLDSN(t)
	db := testdb.MySQL(t)
	s := newStore(t, db, sqlstore.MySQL)
	require.NoError(t, s.Migrate(t.Context()))
	require.NoError(t, s.Parts().Post(t.Context(), stockPosting(t, "in", "10", "25.00")))

	short := twinMySQL(t, db)
	short.SetMaxOpenConns(1)
	_, err := short.ExecContext(t.Context(), "SET SESSION innodb_lock_wait_timeout = 1")
	require.NoError(t, err)
	impatient := newStore(t, short, sqlstore.MySQL)

	holder, err := db.BeginTx(t.Context(), nil)
	require.NoError(t, err)
	defer holder.Rollback()
	var n int
	require.NoError(t, holder.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM dealerkit_stock WHERE part_id = ? FOR UPDATE",
		stockPart.String()).Scan(&n))
	require.Equal(t, 1, n)

	done := make(chan error, 1)
	go func() { done <- impatient.Parts().Post(context.Background(), stockPosting(t, "out", "-1", "")) }()
	// Hold the row for 2.5 s: the posting's first try (begun well within the first 1.5 s) fails
	// with 1205 after its 1 s wait, and only the retry (5 tries, about 5 s) can still succeed when
	// the row is released. Without the retry the posting returns the 1205 before the commit. A
	// fixed wait rather than polling the server's lock table, which under load missed the wait.
	select {
	case err := <-done:
		t.Fatalf("the posting returned while the row was held: %v", err)
	case <-time.After(2500 * time.Millisecond):
	}
	require.NoError(t, holder.Commit())
	require.NoError(t, <-done)

	row, err := s.Parts().GetStock(t.Context(), stockDealer, stockPart, "A-01")
	require.NoError(t, err)
	require.Equal(t, "9", row.OnHand().String())
}
