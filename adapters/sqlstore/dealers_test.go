package sqlstore_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/adapters/storetest"
	"github.com/dealerkit/dealerkit/internal/testdb"
)

func TestSQLiteDealers(t *testing.T) {
	storetest.RunDealers(t, func(t *testing.T) storetest.DealerStore { return newSQLiteStore(t) })
}

func TestPostgresDealers(t *testing.T) {
	postgresDSN(t)
	storetest.RunDealers(t, func(t *testing.T) storetest.DealerStore { return newPostgresStore(t) })
}

func TestMySQLDealers(t *testing.T) {
	testdb.MySQLDSN(t)
	storetest.RunDealers(t, func(t *testing.T) storetest.DealerStore { return newMySQLStore(t) })
}
