// Package storetest holds the contract suites every dealerkit storage adapter runs, in the way
// net/http/httptest serves handler tests: memory, SQLite and PostgreSQL run the same suite, and a
// vendor writing an adapter of its own runs it too.
//
// A suite takes a constructor that returns a fresh, empty store for each sub-test:
//
//	func TestRepairOrders(t *testing.T) {
//		storetest.RunRepairOrders(t, func(t *testing.T) storetest.Store {
//			s, err := mystore.Open(t.TempDir())
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// RunRepairOrders takes a Store; RunComplaints takes a ComplaintStore (the complaint and
// corrective-action repositories, the event log and transactions) and also runs
// complaints.Service's escalation scan and automatic intake against the adapter with concurrent
// goroutines. RunParts takes a PartsStore (the parts repository, the repair orders parts are
// issued against, the event log and transactions) and runs, besides the contract, the ledger's
// reliability tests: 64 goroutines racing for the last unit, random concurrent postings over two
// dealers, concurrent retries under one idempotency key, pick lists locking in opposite orders,
// and, for a store that implements PostFaultInjector, a failure injected halfway through a
// posting. Run it with the race detector.
//
// The sub-test names say the behaviour they check and cite the regulation's clause where one
// applies (§2 tenant isolation, §4.2.3 overdue jobs), so a failure reads as the broken promise.
package storetest
