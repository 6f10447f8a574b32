package sqlstore_test

import (
	"database/sql"
	"errors"
	"fmt"
	"log"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
)

// Options.Distribute distributes dealerkit's tables on Citus as Migrate creates them:
//
//	store, err := sqlstore.New(db, sqlstore.Postgres, &sqlstore.Options{Distribute: true})
//	err = store.Migrate(ctx) // errors.Is(err, sqlstore.ErrNoCitus) without the citus extension
//
// Citus is a PostgreSQL extension, so New refuses the option for SQLite.
func ExampleOptions_distribute() {
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN("never-opened.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	_, err = sqlstore.New(db, sqlstore.SQLite, &sqlstore.Options{Distribute: true})
	fmt.Println(errors.Is(err, dealerkit.ErrInvalid))
	fmt.Println(err)
	// Output:
	// true
	// sqlstore: New: dealerkit: invalid input: Options.Distribute distributes on Citus, a PostgreSQL extension; it cannot apply to sqlite
}
