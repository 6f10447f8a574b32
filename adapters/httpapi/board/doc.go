// Package board is the workshop board (issue 15, item 5): one HTML page with plain JavaScript,
// no build step, that a host serves beside the HTTP API (adapters/httpapi) and that reads that
// API from the browser and refreshes itself. It shows the open repair orders by state with their
// promised times (§4.2.2), the jobs past their promise (§4.2.3, GET /v1/repair-orders/overdue),
// and the open complaints with their next deadline (§5.2, §5.3, GET /v1/complaints), in Chinese
// or English (?lang=zh or Accept-Language), every label from the catalogue.
//
//	b, err := board.New(cat, &board.Options{TimeZone: "Asia/Shanghai", Title: "Pudong Auto Service"})
//	mux.Handle("GET /board", b)
//
// The page calls the API as the signed-in user: same-origin requests carry the host's cookies.
// A demo server without sessions sets Options.AuthHeader, and the page copies ?as= into it.
package board
