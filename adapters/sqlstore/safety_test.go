package sqlstore_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/adapters/storetest"
	"github.com/dealerkit/dealerkit/internal/testdb"
)

func TestSQLiteSafety(t *testing.T) {
	storetest.RunSafety(t, func(t *testing.T) storetest.SafetyStore { return newSQLiteStore(t) })
}

func TestPostgresSafety(t *testing.T) {
	postgresDSN(t) // skip (or, in CI, fail) once rather than in every sub-test
	storetest.RunSafety(t, func(t *testing.T) storetest.SafetyStore { return newPostgresStore(t) })
}

func TestMySQLSafety(t *testing.T) {
	testdb.MySQLDSN(t) // skip (or, in CI, fail) once rather than in every sub-test
	storetest.RunSafety(t, func(t *testing.T) storetest.SafetyStore { return newMySQLStore(t) })
}
