package httpapi_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/adapters/httpapi"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/internal/testdb"
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// stores are the stores the fault and race tests run on: memory, SQLite, PostgreSQL and MySQL
// (which skip without DEALERKIT_TEST_POSTGRES or DEALERKIT_TEST_MYSQL, except in CI, where they
// fail).
var stores = []struct {
	name string
	open func(t *testing.T) httpapi.Store
}{
	{"memory", func(*testing.T) httpapi.Store { return memory.New() }},
	{"sqlite", openSQLite},
	{"postgres", openPostgres},
	{"mysql", openMySQL},
}

func openSQLite(t *testing.T) httpapi.Store {
	t.Helper()
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(t.TempDir(), "httpapi.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return migrated(t, db, sqlstore.SQLite)
}

func migrated(t *testing.T, db *sql.DB, d sqlstore.Dialect) httpapi.Store {
	t.Helper()
	s, err := sqlstore.New(db, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return s
}

// openPostgres returns a store in a schema of the test's own, dropped when the test ends.
func openPostgres(t *testing.T) httpapi.Store {
	t.Helper()
	dsn := os.Getenv("DEALERKIT_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("DEALERKIT_TEST_POSTGRES is not set: CI must run the PostgreSQL tests")
		}
		t.Skip("DEALERKIT_TEST_POSTGRES is not set")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "dkh_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
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
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return migrated(t, db, sqlstore.Postgres)
}

// openMySQL returns a store in a database of the test's own, dropped when the test ends.
func openMySQL(t *testing.T) httpapi.Store {
	t.Helper()
	return migrated(t, testdb.MySQL(t), sqlstore.MySQL)
}
