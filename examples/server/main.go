// Server runs dealerkit's reference HTTP API (adapters/httpapi) on the embedded SQLite store, with
// a demo dealer, its staff and a few repair orders and complaints already recorded:
//
//	go run ./examples/server            # listens on 127.0.0.1:8080
//	curl -s localhost:8080/v1/repair-orders/overdue -H 'X-Demo-Staff: Li Na'
//
// DEMO AUTHENTICATION: the header X-Demo-Staff names the seeded staff member (by name or id) a
// request acts as, and nothing checks it. It stands in for the host's own sign-in and must never
// face a network: a real host passes httpapi.Options.Actor a function that checks its session or
// token. The server listens on loopback only unless -addr says otherwise.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/httpapi"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/google/uuid"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	db := fs.String("db", filepath.Join(os.TempDir(), "dealerkit-server.db"), "SQLite file, replaced on start")
	if err := fs.Parse(args); err != nil {
		return err
	}
	app, closeDB, err := open(ctx, *db, time.Now)
	if err != nil {
		return err
	}
	defer closeDB()
	srv := &http.Server{Addr: *addr, Handler: app.handler, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	fmt.Fprintf(out, "dealerkit API on http://%s (SQLite %s)\n", *addr, *db)
	fmt.Fprintf(out, "DEMO authentication: send X-Demo-Staff with one of: %s\n", strings.Join(app.names(), ", "))
	return srv.ListenAndServe()
}

// app is the running example: the API handler, the demo staff and the store.
type app struct {
	handler http.Handler
	api     *httpapi.Handler
	svc     httpapi.Services
	store   *sqlstore.Store
	staff   []demoStaff
	clock   *clock
	seeded  seeded
}

// clock is the services' time source: the wall clock, set back while the demo history is seeded.
type clock struct {
	mu   sync.Mutex
	now  func() time.Time
	back time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now().Add(-c.back).UTC()
}

func (c *clock) setBack(d time.Duration) {
	c.mu.Lock()
	c.back = d
	c.mu.Unlock()
}

// open replaces the SQLite file at path with a migrated, seeded store and returns the app.
func open(ctx context.Context, path string, now func() time.Time) (*app, func() error, error) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, nil, err
		}
	}
	conn, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path))
	if err != nil {
		return nil, nil, err
	}
	store, err := sqlstore.New(conn, sqlstore.SQLite, nil)
	if err == nil {
		err = store.Migrate(ctx)
	}
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	a := &app{store: store, clock: &clock{now: now}}
	if a.svc, err = httpapi.NewServices(store, a.clock.Now, nil); err != nil {
		conn.Close()
		return nil, nil, err
	}
	if a.api, err = httpapi.New(a.svc, &httpapi.Options{Actor: a.demoActor, Tx: store, Now: a.clock.Now}); err != nil {
		conn.Close()
		return nil, nil, err
	}
	if err := a.seed(ctx); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("seed the demo dealer: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", a.api)
	if err := a.mountPrinting(mux); err != nil { // printing.go: the documents and the board
		conn.Close()
		return nil, nil, err
	}
	a.handler = mux
	return a, conn.Close, nil
}

// demoDealer is the demo dealership.
var demoDealer = dealerkit.DealerID(uuid.MustParse("0d000000-0000-4000-8000-00000000d001"))

// demoStaff is a seeded staff member.
type demoStaff struct {
	Name  string
	Actor dealerkit.Actor
}

// demoActor is the DEMO authentication: X-Demo-Staff names a seeded staff member (name or id).
// It trusts the header completely; never use it outside a demo.
func (a *app) demoActor(r *http.Request) (dealerkit.Actor, error) {
	who := strings.TrimSpace(r.Header.Get("X-Demo-Staff"))
	if who == "" {
		return dealerkit.Actor{}, errors.New("X-Demo-Staff is missing")
	}
	for _, s := range a.staff {
		if strings.EqualFold(s.Name, who) || s.Actor.Staff().String() == who {
			return s.Actor, nil
		}
	}
	return dealerkit.Actor{}, fmt.Errorf("no demo staff member %q", who)
}

func (a *app) names() []string {
	out := make([]string, len(a.staff))
	for i, s := range a.staff {
		out[i] = fmt.Sprintf("%q (%s)", s.Name, s.Actor.Roles())
	}
	return out
}

// actor is the seeded staff member called name; the zero Actor, which every service refuses,
// for a name not seeded.
func (a *app) actor(name string) dealerkit.Actor {
	for _, s := range a.staff {
		if s.Name == name {
			return s.Actor
		}
	}
	return dealerkit.Actor{}
}
