package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/adapters/storetest"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// postgresDSN returns DEALERKIT_TEST_POSTGRES. Without it the PostgreSQL tests skip, except in
// CI, which must not pass by skipping them.
func postgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("DEALERKIT_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("DEALERKIT_TEST_POSTGRES is not set: CI must run the PostgreSQL tests")
		}
		t.Skip("DEALERKIT_TEST_POSTGRES is not set (a DSN such as postgres://user@localhost:5432/db)")
	}
	return dsn
}

// withSearchPath adds a search_path runtime parameter to a URL or keyword/value DSN.
func withSearchPath(dsn, schema string) string {
	if strings.Contains(dsn, "://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}

// openPostgres returns a pool whose connections work in a schema of the test's own, dropped
// when the test ends.
func openPostgres(t testing.TB) *sql.DB {
	t.Helper()
	dsn, schema := postgresSchema(t)
	return openPostgresPath(t, dsn, schema)
}

// openPostgresPath returns a pool whose connections have the given search_path, closed when the
// test ends.
func openPostgresPath(t testing.TB, dsn, searchPath string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", withSearchPath(dsn, searchPath))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // runs before the drop: clean-ups run last first
	return db
}

// postgresSchema creates a schema of the test's own, dropped when the test ends, and returns the
// DSN and the schema's name.
func postgresSchema(t testing.TB) (dsn, schema string) {
	t.Helper()
	dsn = postgresDSN(t)
	b := make([]byte, 6)
	rand.Read(b)
	schema = "dkt_" + hex.EncodeToString(b)

	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		// t.Context is done by now.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return dsn, schema
}

func newPostgresStore(t *testing.T) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.New(openPostgres(t), sqlstore.Postgres, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPostgresRepairOrders(t *testing.T) {
	postgresDSN(t) // skip (or, in CI, fail) once rather than in every sub-test
	storetest.RunRepairOrders(t, func(t *testing.T) storetest.Store { return newPostgresStore(t) })
}

func TestPostgresComplaints(t *testing.T) {
	postgresDSN(t) // skip (or, in CI, fail) once rather than in every sub-test
	storetest.RunComplaints(t, func(t *testing.T) storetest.ComplaintStore { return newPostgresStore(t) })
}
