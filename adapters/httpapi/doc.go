// Package httpapi is dealerkit's reference HTTP adapter: a Handler (an http.Handler on the
// standard library's ServeMux) that exposes the use cases of every package's Service as
// resource-style JSON routes under /v1, with its OpenAPI 3.1 document at GET /openapi.json. A host
// mounts it as it is or copies it. The document describes every body by JSON Schema read from
// the Go types (a type with a JSON method of its own by its snapshot, its fields or a hand-written
// schema); response objects are closed and list the fields always written, so a client can
// validate strictly (only an event's data is any JSON).
//
//	svc, err := httpapi.NewServices(store, nil, nil) // or the host's own services
//	h, err := httpapi.New(svc, &httpapi.Options{
//		Actor: func(r *http.Request) (dealerkit.Actor, error) { return mySession(r) },
//		Tx:    store, // If-Match checks run in the change's transaction
//	})
//	http.ListenAndServe(addr, h)
//
// Authentication is the host's: Options.Actor turns a request into the acting staff member or
// customer, and the handler never reads a dealer, staff id or role from a body or query. Bodies
// are the library's JSON forms (snake_case, decimals as strings, times RFC 3339), decoded
// strictly: an unknown field, trailing data or a value of the wrong type is 400, a body over
// Options.MaxBody (1 MiB by default) 413, and a body that is not application/json 415.
//
// Errors are RFC 9457 problems (application/problem+json) with the library's code
// (dealerkit.CodeOf), a title labelled in the language Accept-Language prefers (zh or en, from
// the label catalogue), the library's message as detail, and a ValidationError's fields. The
// kernel class decides the status (StatusOf): invalid 400, forbidden 403, not found 404 (also
// another dealer's record), conflict 409, refused by a rule 422; a failure of no class is 500
// and its text is not shown: Options.OnError hands it to the host to log.
//
// Lists page with the library's opaque cursor: the page's "next" in the body and a Link header
// rel="next". A record with a version answers with an ETag; a change sent with If-Match is
// checked against the record's version inside the change's store transaction (Options.Tx) and
// refused with 412 when stale. The check is strict on every store: it reads the record with a
// lock held until the transaction ends (LockingReader: SELECT … FOR UPDATE on PostgreSQL and
// MySQL; memory and SQLite transactions serialise writers already), so of several requests
// carrying one ETag exactly one applies and the others get 412 and change nothing. Routes whose
// input carries an idempotency key (complaint intake, parts receipts, issues, picks, returns and
// adjustments) take it from the Idempotency-Key header too; the OpenAPI document lists the
// header on exactly those routes.
package httpapi
