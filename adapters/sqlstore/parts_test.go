package sqlstore_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/adapters/storetest"
)

func TestSQLiteParts(t *testing.T) {
	storetest.RunParts(t, func(t *testing.T) storetest.PartsStore {
		db := openSQLite(t)
		// SQLite runs one writer at a time. With a small pool the reliability tests' 64 callers
		// queue in database/sql instead of all polling SQLite's busy handler, which costs little
		// in production but a great deal under the race detector.
		db.SetMaxOpenConns(4)
		s, err := sqlstore.New(db, sqlstore.SQLite, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestPostgresParts(t *testing.T) {
	postgresDSN(t) // skip (or, in CI, fail) once rather than in every sub-test
	storetest.RunParts(t, func(t *testing.T) storetest.PartsStore {
		db := openPostgres(t)
		// The reliability tests run 64 callers at once: let them queue for connections rather
		// than take most of the server's (max_connections is often 100).
		db.SetMaxOpenConns(24)
		s, err := sqlstore.New(db, sqlstore.Postgres, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		return s
	})
}
