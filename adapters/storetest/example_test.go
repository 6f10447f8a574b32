package storetest_test

import (
	"fmt"

	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/adapters/storetest"
)

// An adapter runs the suite from a test of its own:
//
//	func TestRepairOrders(t *testing.T) {
//		storetest.RunRepairOrders(t, func(t *testing.T) storetest.Store { return memory.New() })
//	}
//
// The suite needs of a store its repository, its event log and its transactions; the adapters
// of this module provide them.
func Example() {
	for _, s := range []storetest.Store{memory.New(), (*sqlstore.Store)(nil)} {
		fmt.Printf("%T\n", s)
	}
	// Output:
	// *memory.Store
	// *sqlstore.Store
}
