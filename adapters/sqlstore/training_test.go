package sqlstore_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/adapters/storetest"
	"github.com/dealerkit/dealerkit/internal/testdb"
)

func TestSQLiteTraining(t *testing.T) {
	storetest.RunTraining(t, func(t *testing.T) storetest.TrainingStore { return newSQLiteStore(t) })
}

func TestPostgresTraining(t *testing.T) {
	postgresDSN(t) // skip (or, in CI, fail) once rather than in every sub-test
	storetest.RunTraining(t, func(t *testing.T) storetest.TrainingStore { return newPostgresStore(t) })
}

func TestMySQLTraining(t *testing.T) {
	testdb.MySQLDSN(t) // skip (or, in CI, fail) once rather than in every sub-test
	storetest.RunTraining(t, func(t *testing.T) storetest.TrainingStore { return newMySQLStore(t) })
}
