package sqlstore_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/adapters/storetest"
	_ "modernc.org/sqlite"
)

// openSQLite opens a database file of the test's own: ":memory:" would give each connection of
// the pool a database of its own.
func openSQLite(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(t.TempDir(), "dealerkit.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newSQLiteStore(t *testing.T) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.New(openSQLite(t), sqlstore.SQLite, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSQLiteRepairOrders(t *testing.T) {
	storetest.RunRepairOrders(t, func(t *testing.T) storetest.Store { return newSQLiteStore(t) })
}

func TestSQLiteComplaints(t *testing.T) {
	storetest.RunComplaints(t, func(t *testing.T) storetest.ComplaintStore { return newSQLiteStore(t) })
}

func TestSQLiteAppraisal(t *testing.T) {
	storetest.RunAppraisal(t, func(t *testing.T) storetest.AppraisalStore { return newSQLiteStore(t) })
}
