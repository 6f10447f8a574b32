package loadtest_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/httpapi"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

var (
	clients = flag.Int("load.clients", 32, "concurrent clients")
	orders  = flag.Int("load.orders", 2, "repair orders each client takes through the whole flow")
)

type anyoneQualified struct{}

func (anyoneQualified) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

type allInService struct{}

func (allInService) CheckUsable(context.Context, dealerkit.DealerID, string, time.Time) error {
	return nil
}

// ticker is the services' clock: every reading is a minute after the one before, so a job clocked
// on and off a few milliseconds apart has clocked time (§4.3.1) and the run is not bound to the
// wall clock. Safe for concurrent use.
type ticker struct{ n atomic.Int64 }

var base = time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)

func (k *ticker) Now() time.Time { return base.Add(time.Duration(k.n.Add(1)) * time.Minute) }

var ticks ticker

// perFlow is the requests of one flow.
const perFlow = 17

var dealer = dealerkit.DealerID(uuid.MustParse("0d000000-0000-4000-8000-00000000100a"))

// target is the API over one store on a loopback listener.
type target struct {
	store  *sqlstore.Store
	url    string
	actors map[string]dealerkit.Actor
	svc    *aftersales.Service
}

func openSQLite(t testing.TB) *sql.DB {
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(t.TempDir(), "load.db")))
	require.NoError(t, err)
	// SQLite runs one writer at a time. With a small pool the 32 clients queue in database/sql
	// instead of all polling SQLite's busy handler, which under the race detector and a loaded
	// machine outlasted the 10 s busy timeout (SQLITE_BUSY at BEGIN, a 500), as the sqlstore
	// tests found too.
	db.SetMaxOpenConns(4)
	t.Cleanup(func() { db.Close() })
	return db
}

// openPostgres gives the test a schema of its own, dropped afterwards; it skips without
// DEALERKIT_TEST_POSTGRES, and fails instead under CI=true.
func openPostgres(t testing.TB) *sql.DB {
	dsn := os.Getenv("DEALERKIT_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("DEALERKIT_TEST_POSTGRES is unset")
		}
		t.Skip("DEALERKIT_TEST_POSTGRES is unset")
	}
	schema := fmt.Sprintf("load_%d", time.Now().UnixNano())
	admin, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	_, err = admin.Exec("CREATE SCHEMA " + schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	require.NoError(t, err)
	db.SetMaxOpenConns(24) // queue for connections rather than take most of max_connections
	t.Cleanup(func() { db.Close() })
	return db
}

func newTarget(t testing.TB, db *sql.DB, d sqlstore.Dialect) *target {
	t.Helper()
	store, err := sqlstore.New(db, d, nil)
	require.NoError(t, err)
	require.NoError(t, store.Migrate(context.Background()))
	as, err := aftersales.NewService(store.RepairOrders(), anyoneQualified{}, allInService{}, &aftersales.Options{Now: ticks.Now})
	require.NoError(t, err)
	ps, err := parts.NewService(store.Parts(), store.RepairOrders(), store, &parts.Options{Now: ticks.Now})
	require.NoError(t, err)
	tg := &target{store: store, actors: map[string]dealerkit.Actor{}, svc: as}
	for i, r := range []dealerkit.Role{dealerkit.RoleServiceAdvisor, dealerkit.RoleQualityInspector} {
		a, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.MustParse(fmt.Sprintf("5f000000-0000-4000-8000-%012d", i+1))), r)
		require.NoError(t, err)
		tg.actors[r.String()] = a
	}
	// A technician per client: a technician's clock runs on one job at a time (§4.3.1).
	for i := range 1000 {
		a, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.MustParse(fmt.Sprintf("7e000000-0000-4000-8000-%012d", i))), dealerkit.RoleTechnician)
		require.NoError(t, err)
		tg.actors[fmt.Sprintf("technician-%d", i)] = a
	}
	h, err := httpapi.New(httpapi.Services{Aftersales: as, Parts: ps}, &httpapi.Options{
		Actor: func(r *http.Request) (dealerkit.Actor, error) {
			a, ok := tg.actors[r.Header.Get("X-Load-Staff")]
			if !ok {
				return dealerkit.Actor{}, errors.New("unknown staff")
			}
			return a, nil
		},
		Tx: store,
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tg.url = srv.URL
	return tg
}

// client is one simulated front desk: its own connection pool and its own orders.
type client struct {
	tg   *target
	tech string // the client's technician
	http *http.Client
	lat  []time.Duration // every request's latency
	// changes counts the 2xx changes per order: each must have left exactly one event.
	changes map[uuid.UUID]int
	failed  []string
}

func (c *client) do(as, method, path string, body, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.tg.url+path, rd)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-Load-Staff", as)
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	c.lat = append(c.lat, time.Since(start))
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode >= 300 {
		return resp.StatusCode, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		return resp.StatusCode, json.Unmarshal(b, out)
	}
	return resp.StatusCode, nil
}

// flow takes one repair order from reception to delivery: 15 changes, one refused change and
// a read.
func (c *client) flow(n int) error {
	now := base
	var order struct {
		ID uuid.UUID `json:"id"`
	}
	if _, err := c.do("service_advisor", "POST", "/v1/repair-orders", map[string]any{
		"number": fmt.Sprintf("RO-%s-%d", uuid.NewString()[:8], n), "arrived_at": now.Add(-2 * time.Minute), "greeted_at": now.Add(-time.Minute),
		"vin": "1M8GDM9AXKP042788", "plate": "沪A12345", "model": "Sagitar", "mileage_km": 42000, "fuel_percent": 50,
		"walk_around_done": true, "concerns": []map[string]any{{"text": "brakes squeal"}}, "visit": "waiting",
		"customer": map[string]any{"name": "Li Wei", "phone": "13800000000"},
	}, &order); err != nil {
		return err
	}
	c.changes[order.ID]++
	ro := "/v1/repair-orders/" + order.ID.String()
	var line struct {
		ID uuid.UUID `json:"id"`
	}
	if _, err := c.do("service_advisor", "POST", ro+"/lines", map[string]any{"kind": "labour", "description": "Replace front brake pads",
		"quantity": "0.8", "unit_price": "260.00", "pay_type": "customer"}, &line); err != nil {
		return err
	}
	c.changes[order.ID]++
	var statement struct {
		CustomerDue string `json:"customer_due"`
	}
	tech := c.tg.actors[c.tech].Staff()
	steps := []struct {
		as, path string
		body     any
		out      any
	}{
		{"service_advisor", "/decision", map[string]any{"lines": []uuid.UUID{line.ID}, "approved": true, "channel": "phone"}, nil},
		{"service_advisor", "/dispatch", map[string]any{"line": line.ID, "technician": tech, "promised_at": now.AddDate(1, 0, 0)}, nil},
		{c.tech, "/lines/" + line.ID.String() + "/clock-on", nil, nil},
		{c.tech, "/lines/" + line.ID.String() + "/clock-off", nil, nil},
		{c.tech, "/lines/" + line.ID.String() + "/complete", nil, nil},
		{c.tech, "/finish-work", nil, nil},
		{c.tech, "/cleaning", nil, nil},
		{"quality_inspector", "/inspection", map[string]any{"checklist": []map[string]any{{"item": "road test", "ok": true}}}, nil},
		{"service_advisor", "/ready-notifications", map[string]any{"channel": "phone", "message": "ready"}, nil},
		{"service_advisor", "/settlement", nil, &statement},
		{"service_advisor", "/statement-response", map[string]any{"accepted": true}, nil},
		{"service_advisor", "/payments", nil, nil}, // body filled below from the statement
		{"service_advisor", "/delivery", nil, nil},
	}
	for _, s := range steps {
		body := s.body
		if s.path == "/payments" {
			body = map[string]any{"amount": statement.CustomerDue, "method": "card"}
		}
		if body == nil {
			body = map[string]any{}
		}
		if _, err := c.do(s.as, "POST", ro+s.path, body, s.out); err != nil {
			return err
		}
		c.changes[order.ID]++
	}
	// A refused change (the order is delivered: it cannot be cancelled) must change nothing.
	if status, err := c.do("service_advisor", "POST", ro+"/cancel", map[string]any{"reason": "customer changed their mind"}, nil); err == nil || status < 400 || status >= 500 {
		return fmt.Errorf("cancel after delivery: status %d, want a 4xx refusal (%v)", status, err)
	}
	var got struct {
		State string `json:"state"`
	}
	if _, err := c.do("service_advisor", "GET", ro, nil, &got); err != nil {
		return err
	}
	if got.State != "delivered" {
		return fmt.Errorf("order %s ended %q, want delivered", order.ID, got.State)
	}
	return nil
}

// result is one run's figures.
type result struct {
	requests      int
	wall          time.Duration
	p50, p99, max time.Duration
	changes       map[uuid.UUID]int
	failures      []string
}

func (r result) throughput() float64 { return float64(r.requests) / r.wall.Seconds() }

// run starts clients goroutines, each taking n orders through the flow, and gathers the figures.
func run(tg *target, clients, n int) result {
	cs := make([]*client, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range cs {
		cs[i] = &client{tg: tg, tech: fmt.Sprintf("technician-%d", i), changes: map[uuid.UUID]int{},
			http: &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 2}}}
		wg.Add(1)
		go func(c *client) {
			defer wg.Done()
			defer c.http.CloseIdleConnections()
			for k := range n {
				if err := c.flow(k); err != nil {
					c.failed = append(c.failed, err.Error())
				}
			}
		}(cs[i])
	}
	wg.Wait()
	r := result{wall: time.Since(start), changes: map[uuid.UUID]int{}}
	var lat []time.Duration
	for _, c := range cs {
		lat = append(lat, c.lat...)
		for id, k := range c.changes {
			r.changes[id] += k
		}
		r.failures = append(r.failures, c.failed...)
	}
	slices.Sort(lat)
	r.requests = len(lat)
	if len(lat) > 0 {
		r.p50, r.p99, r.max = lat[len(lat)*50/100], lat[min(len(lat)-1, len(lat)*99/100)], lat[len(lat)-1]
	}
	return r
}

// verify reads the store back: every committed change has exactly one event (per order, the 2xx
// changes the clients counted equal the order's events and its version), the dealer's log has no
// gap and holds nothing else, so no refused or failed request left an event or a change behind.
func verify(t *testing.T, tg *target, r result) {
	t.Helper()
	ctx := context.Background()
	var all []dealerkit.Event
	for after := int64(0); ; {
		page, err := tg.store.Events(ctx, dealer, after, 1000)
		require.NoError(t, err)
		all = append(all, page...)
		if len(page) < 1000 {
			break
		}
		after = page[len(page)-1].Seq
	}
	perOrder := map[uuid.UUID]int{}
	for i, e := range all {
		require.Equal(t, int64(i+1), e.Seq, "the log has no gap")
		require.Equal(t, "repair_order", e.Aggregate)
		perOrder[e.AggregateID]++
	}
	committed := 0
	for id, n := range r.changes {
		committed += n
		require.Equal(t, n, perOrder[id], "order %s: committed changes vs events", id)
		o, err := tg.svc.Get(ctx, tg.actors["service_advisor"], id)
		require.NoError(t, err)
		require.Equal(t, int64(n), o.Version(), "order %s: version vs committed changes", id)
	}
	require.Len(t, perOrder, len(r.changes), "no event of an order no client opened")
	require.Len(t, all, committed, "exactly one event per committed change")
}

func report(t testing.TB, name string, r result) {
	load, _ := os.ReadFile("/proc/loadavg")
	t.Logf("%s: %d clients, %d requests in %v: %.0f req/s, p50 %v, p99 %v, max %v, failures %d (loadavg %s)",
		name, *clients, r.requests, r.wall.Round(time.Millisecond), r.throughput(), r.p50.Round(10*time.Microsecond),
		r.p99.Round(10*time.Microsecond), r.max.Round(time.Millisecond), len(r.failures), bytes.TrimSpace(load))
}

// Issue 15 item 7: the bounded load test on SQLite and PostgreSQL.
func TestLoad(t *testing.T) {
	for _, s := range []struct {
		name string
		open func(testing.TB) *sql.DB
		d    sqlstore.Dialect
	}{{"sqlite", openSQLite, sqlstore.SQLite}, {"postgres", openPostgres, sqlstore.Postgres}} {
		t.Run(s.name, func(t *testing.T) {
			tg := newTarget(t, s.open(t), s.d)
			r := run(tg, *clients, *orders)
			report(t, s.name, r)
			// The store first: whatever failed must have left nothing behind.
			verify(t, tg, r)
			require.Empty(t, r.failures, "every flow completes")
			require.Equal(t, *clients**orders*perFlow, r.requests)
		})
	}
}
