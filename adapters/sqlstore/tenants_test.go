package sqlstore_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/adapters/storetest"
	"github.com/dealerkit/dealerkit/internal/testdb"
)

// §2: every service method refuses another dealer's ids on SQLite.
func TestSQLiteTenants_Clause2(t *testing.T) {
	storetest.RunTenants(t, func(t *testing.T) storetest.TenantStore { return newSQLiteStore(t) })
}

// §2: every service method refuses another dealer's ids on PostgreSQL.
func TestPostgresTenants_Clause2(t *testing.T) {
	postgresDSN(t) // skip (or, in CI, fail) once rather than in every sub-test
	storetest.RunTenants(t, func(t *testing.T) storetest.TenantStore { return newPostgresStore(t) })
}

// §2: every service method refuses another dealer's ids on MySQL/MariaDB.
func TestMySQLTenants_Clause2(t *testing.T) {
	testdb.MySQLDSN(t) // skip (or, in CI, fail) once rather than in every sub-test
	storetest.RunTenants(t, func(t *testing.T) storetest.TenantStore { return newMySQLStore(t) })
}
