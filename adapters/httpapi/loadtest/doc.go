// Package loadtest holds the HTTP API's bounded load test (issue 15, item 7); it has no code of
// its own, only tests. 32 concurrent clients each take repair orders through the whole flow
// (reception to delivery, 17 requests an order, one of them refused) against httpapi on a loopback listener, on SQLite
// and on PostgreSQL, and the test then checks the store: every committed change has exactly one
// event, every order's version equals its events, the log has no gap, and no refused request left
// anything behind.
//
//	go test ./adapters/httpapi/loadtest                          # 32 clients x 2 orders per store
//	go test ./adapters/httpapi/loadtest -run Load -load.orders 20 -v   # the long run: 32 x 20 orders
//	go test ./adapters/httpapi/loadtest -run '^$' -bench . -count 6    # over HTTP beside the same flow called directly
package loadtest
