package httpapi

import (
	"context"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/dealerkit/dealerkit/training"
)

// DefaultMaxBody is the largest request body the handler reads when Options.MaxBody is 0: 1 MiB.
// A larger body is refused with 413 before anything is decoded.
const DefaultMaxBody = 1 << 20

// Services are the services the handler exposes. A nil service is left out: its routes answer
// 404 and the OpenAPI document omits them.
type Services struct {
	Aftersales *aftersales.Service
	Parts      *parts.Service
	Complaints *complaints.Service
	Appraisal  *appraisal.Service
	Training   *training.Service
	Safety     *safety.Service
	// Feed serves the dealer's event log at GET /v1/events; nil leaves the route out.
	Feed *dealerkit.Feed
}

// Options configure the handler. Actor is required; every other zero field means the default.
type Options struct {
	// Actor authenticates a request: the host's session, token or certificate check, returning
	// the acting staff member or customer. An error answers 401 and calls no service. The
	// handler never reads a dealer, staff id or role from a request body or query.
	Actor func(*http.Request) (dealerkit.Actor, error)
	// Catalogue labels error codes and field reasons in problem responses; nil means every
	// package's labels and this package's (Labels).
	Catalogue *dealerkit.Catalogue
	// MaxBody is the largest request body read, in bytes; 0 means DefaultMaxBody.
	MaxBody int64
	// Tx runs an If-Match check and the change it guards in one store transaction (the store,
	// which implements dealerkit.Transactor). Nil answers a request carrying If-Match with 428:
	// without a transaction the check could race the change. If Tx is also a LockingReader
	// (*sqlstore.Store and *memory.Store are), the check reads the record with a lock held until
	// the transaction ends; a Tx whose transactions do not serialise writers must be one, or two
	// requests with one ETag may both pass the check.
	Tx dealerkit.Transactor
	// Now is the clock for query times left out (at= defaults to now); nil means time.Now.
	Now func() time.Time
	// OnError is told of every error answered with 500: a store or driver failure, whose text the
	// client is not shown (its problem says only httpapi.internal), so the host can log it. It
	// runs before the response is written and must not write to it. Nil means no report.
	OnError func(r *http.Request, err error)
}

// LockingReader is what an Options.Tx offers so that an If-Match check is strict on a store whose
// transactions run concurrently (PostgreSQL, MySQL at READ COMMITTED): LockingReads returns a
// context under which loading one record inside a transaction locks it until the transaction
// ends (sqlstore: SELECT … FOR UPDATE). The handler marks only the check's read.
type LockingReader interface {
	LockingReads(ctx context.Context) context.Context
}

// Handler is the HTTP API over the services. Build one with New; it is safe for concurrent use.
type Handler struct {
	svc    Services
	opts   Options
	cat    *dealerkit.Catalogue
	mux    *http.ServeMux
	routes []*Route
	docs   bool // MountDocuments has run (routes_print.go)
}

// Route is one operation of the API as the OpenAPI document describes it.
type Route struct {
	Method string // GET, POST, PUT, DELETE
	Path   string // ServeMux pattern path, such as /v1/repair-orders/{id}
	// Op names the service method the route calls, "package.Method" (aftersales.Open), and is
	// the operationId.
	Op      string
	Summary string
	Status  int          // the status of success
	Body    reflect.Type // the JSON request body; nil for none
	Query   reflect.Type // the struct the query string decodes into; nil for none
	Extra   []string     // query parameters outside Query (cursor, limit, at, from, to)
	Resp    reflect.Type // the JSON response body; nil for none (204)
	// Idempotent: the Idempotency-Key header sets the request's idempotency key.
	Idempotent bool
	// Versioned: the route changes one versioned record; If-Match is checked against its ETag.
	Versioned bool
	// Errors are the problem statuses the route may answer besides 400, 401, 403, 404, 415, 413.
	serve   func(c *call) (any, error)
	version func(ctx context.Context, a dealerkit.Actor, id string) (int64, error)
	bodyOK  bool // the body may be empty (no input fields)
}

// New returns the handler serving svc. It returns an error when opts or opts.Actor is nil.
func New(svc Services, opts *Options) (*Handler, error) {
	if opts == nil || opts.Actor == nil {
		var v dealerkit.ValidationError
		v.Required("actor")
		return nil, &v
	}
	h := &Handler{svc: svc, opts: *opts, mux: http.NewServeMux()}
	if h.opts.MaxBody <= 0 {
		h.opts.MaxBody = DefaultMaxBody
	}
	if h.opts.Now == nil {
		h.opts.Now = time.Now
	}
	h.cat = opts.Catalogue
	if h.cat == nil {
		h.cat = DefaultCatalogue()
	}
	h.register()
	for _, rt := range h.routes {
		h.mux.Handle(rt.Method+" "+rt.Path, h.wrap(rt))
	}
	h.mux.HandleFunc("GET /openapi.json", h.serveOpenAPI)
	h.mux.HandleFunc("/", h.notFound)
	return h, nil
}

// DefaultCatalogue is the kernel's labels, every domain package's and this package's.
func DefaultCatalogue() *dealerkit.Catalogue {
	return dealerkit.NewCatalogue(dealerkit.KernelLabels(), aftersales.Labels(), parts.Labels(),
		complaints.Labels(), appraisal.Labels(), training.Labels(), safety.Labels(), Labels())
}

// Routes returns the routes the handler serves, in registration order.
func (h *Handler) Routes() []Route {
	out := make([]Route, len(h.routes))
	for i, r := range h.routes {
		out[i] = *r
	}
	return out
}

// ServeHTTP serves the API.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// notFound answers every request no route matched: a path the API lacks is 404, a known path
// with another method 405, both as problems.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, rt := range h.routes {
		if rt.Method != r.Method && matchPath(rt.Path, r.URL.Path) {
			allowed = append(allowed, rt.Method)
		}
	}
	if len(allowed) > 0 {
		slices.Sort(allowed)
		w.Header().Set("Allow", strings.Join(slices.Compact(allowed), ", "))
		h.problem(w, r, errMethodNotAllowed)
		return
	}
	h.problem(w, r, errNoRoute)
}

// matchPath reports whether path fits the pattern's segments ({x} matches any one segment).
func matchPath(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if !strings.HasPrefix(ps[i], "{") && ps[i] != xs[i] {
			return false
		}
	}
	return true
}

// add registers a route built by one of the binders (bind.go).
func (h *Handler) add(method, path, op, summary string, b binding) *Route {
	rt := &Route{Method: method, Path: path, Op: op, Summary: summary, Status: b.status, Body: b.body,
		Query: b.query, Extra: b.extra, Resp: b.resp, serve: b.serve, bodyOK: b.bodyOK}
	if rt.Status == 0 {
		rt.Status = http.StatusOK
		if rt.Resp == nil {
			rt.Status = http.StatusNoContent
		}
	}
	h.routes = append(h.routes, rt)
	return rt
}

// idem marks the route as honouring Idempotency-Key (its body has a "key" field).
func (rt *Route) idem() *Route { rt.Idempotent = true; return rt }

// match marks the route as changing the versioned record named by its first path parameter:
// If-Match is compared with the version get reads, in the transaction of the change.
func (rt *Route) match(get func(ctx context.Context, a dealerkit.Actor, id string) (int64, error)) *Route {
	rt.Versioned, rt.version = true, get
	return rt
}

// register adds the routes of every service present.
func (h *Handler) register() {
	if s := h.svc.Aftersales; s != nil {
		h.aftersalesRoutes(s)
	}
	if s := h.svc.Complaints; s != nil {
		h.complaintsRoutes(s)
	}
	if s := h.svc.Parts; s != nil {
		h.partsRoutes(s)
	}
	if s := h.svc.Appraisal; s != nil {
		h.appraisalRoutes(s)
	}
	if s := h.svc.Training; s != nil {
		h.trainingRoutes(s)
	}
	if s := h.svc.Safety; s != nil {
		h.safetyRoutes(s)
	}
	if f := h.svc.Feed; f != nil {
		h.add("GET", "/v1/events", "dealerkit.Feed.Events", "The dealer's event log, paged by seq", query(f.Events))
	}
}
