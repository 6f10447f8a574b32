package sqlstore_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/adapters/storetest"
)

func TestSQLiteDealers(t *testing.T) {
	storetest.RunDealers(t, func(t *testing.T) storetest.DealerStore { return newSQLiteStore(t) })
}

func TestPostgresDealers(t *testing.T) {
	postgresDSN(t)
	storetest.RunDealers(t, func(t *testing.T) storetest.DealerStore { return newPostgresStore(t) })
}

func TestMySQLDealers(t *testing.T) {
	mysqlDSN(t)
	storetest.RunDealers(t, func(t *testing.T) storetest.DealerStore { return newMySQLStore(t) })
}
