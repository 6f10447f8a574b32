// Policylab replays the history the dealership example recorded under the policy in force (A) and
// a candidate (B) and prints what would change: complaint deadlines and escalations, comebacks,
// appraisal grades and rewards, stock values under the other valuation method, and the recorded
// actions B's role table would refuse. It writes a self-contained HTML page with the charts.
//
//	go run ./examples/dealership                                  # records a month first
//	go run ./examples/policylab                                   # the shipped a.json and b.json
//	go run ./examples/policylab -a a.json -b b.json -html report.html
//	go run ./examples/policylab -db postgres://…                  # schema dealerkit_example
//
// The replay never writes: SQLite is opened with query_only, so every connection refuses any
// change, and read in deferred (read-only) transactions that see one snapshot, one per core, side
// by side; PostgreSQL reads in a READ ONLY transaction, which the server enforces. Ctrl-C stops it
// cleanly.
package main

import (
	"cmp"
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/policylab"
	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "modernc.org/sqlite"             // database/sql driver "sqlite"
)

// The shipped example policies: A is what the dealership example runs under; B is a candidate.
var (
	//go:embed a.json
	shippedA []byte
	//go:embed b.json
	shippedB []byte
)

// exampleSchema is the PostgreSQL schema the dealership example records into.
const exampleSchema = "dealerkit_example"

// Config is one run.
type Config struct {
	DB       string // SQLite file or postgres:// URL; empty: the dealership example's SQLite file
	A, B     string // policy files; empty: the shipped ones
	Dealers  string // comma-separated dealer ids; empty: every dealer in the store
	HTML     string // report page to write; empty: none
	Parallel int
	AsOf     time.Time
	Progress io.Writer // nil: no progress
	// KeepUnchanged keeps the unchanged outcomes in the report (tests compare them with the
	// record); the program reports only changes, so it leaves them out and its memory stays flat.
	KeepUnchanged bool
	// KeepUnreplayable keeps each not replayable outcome too (the golden test compares them);
	// the program reports them in groups (policylab.Report.Unreplayable).
	KeepUnreplayable bool
	logRange         int // policylab.Options.LogRange; 0: its default
}

func main() {
	var cfg Config
	flag.StringVar(&cfg.DB, "db", "", "the store to replay: an SQLite file (default: the dealership example's, dealerkit-dealership.db in the temp dir) or a postgres:// URL (schema "+exampleSchema+")")
	flag.StringVar(&cfg.A, "a", "", "policy A, the one in force: a combined policy file (default: the shipped examples/policylab/a.json)")
	flag.StringVar(&cfg.B, "b", "", "policy B, the candidate (default: the shipped examples/policylab/b.json)")
	flag.StringVar(&cfg.Dealers, "dealer", "", "comma-separated dealer ids to replay (default: every dealer in the store)")
	flag.StringVar(&cfg.HTML, "html", filepath.Join(os.TempDir(), "dealerkit-policylab.html"), "the HTML report to write; empty for none")
	flag.IntVar(&cfg.Parallel, "parallel", 0, "dealers replayed at once (default: the number of CPUs)")
	asOf := flag.String("asof", "", "RFC 3339 instant a step not done is judged at (default: each dealer's last recorded event)")
	quiet := flag.Bool("quiet", false, "no progress lines")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	memprofile := flag.String("memprofile", "", "write a heap profile (allocations) at the end of the run to this file")
	flag.Parse()
	if *asOf != "" {
		t, err := time.Parse(time.RFC3339, *asOf)
		if err != nil {
			fmt.Fprintln(os.Stderr, "policylab: -asof:", err)
			os.Exit(2)
		}
		cfg.AsOf = t
	}
	if !*quiet {
		cfg.Progress = os.Stderr
	}
	// Ctrl-C (or a TERM) cancels the context: the replay stops between reads and returns.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := profiled(*cpuprofile, *memprofile, func() error { return run(ctx, os.Stdout, cfg) }); err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(os.Stderr, "policylab: stopped; nothing was written")
			os.Exit(130)
		}
		fmt.Fprintln(os.Stderr, "policylab:", err)
		os.Exit(1)
	}
}

// profiled runs fn with a CPU profile written to cpu and a heap profile to mem, where named.
func profiled(cpu, mem string, fn func() error) error {
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if err := fn(); err != nil {
		return err
	}
	if mem == "" {
		return nil
	}
	f, err := os.Create(mem)
	if err != nil {
		return fmt.Errorf("-memprofile: %w", err)
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("-memprofile: %w", err)
	}
	return f.Close()
}

func run(ctx context.Context, w io.Writer, cfg Config) error {
	rep, err := replay(ctx, cfg)
	if err != nil {
		return err
	}
	if err := rep.WriteText(w); err != nil {
		return err
	}
	if cfg.HTML != "" {
		f, err := os.Create(cfg.HTML)
		if err != nil {
			return err
		}
		if err := rep.WriteHTML(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(w, "\nHTML report: %s\n", cfg.HTML)
	}
	return nil
}

// replay opens the store read-only and replays it under the two policies.
func replay(ctx context.Context, cfg Config) (*policylab.Report, error) {
	a, err := loadPolicy("A", cfg.A, shippedA)
	if err != nil {
		return nil, err
	}
	b, err := loadPolicy("B", cfg.B, shippedB)
	if err != nil {
		return nil, err
	}
	db, dialect, err := openReadOnly(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	store, err := sqlstore.New(db, dialect, nil)
	if err != nil {
		return nil, err
	}
	// Read-only transactions on one snapshot: a consistent view of the history, and the
	// database's promise that nothing is written (PostgreSQL refuses writes in them; SQLite's
	// are deferred BEGINs, which take no write lock, and query_only refuses writes on the
	// connection). SQLite gets one per core, on connections of their own, and the replay's reads
	// run side by side on them (WAL readers do not wait for each other); PostgreSQL one.
	n := 1
	if dialect == sqlstore.SQLite {
		n = cmp.Or(cfg.Parallel, runtime.GOMAXPROCS(0))
		db.SetMaxOpenConns(n) // after New, whose probe for immediate writes query_only would refuse
	}
	txs, err := beginSnapshot(ctx, db, n)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, tx := range txs {
			tx.Rollback() // nothing to commit
		}
	}()
	rctx := sqlstore.WithTx(ctx, txs[0])
	dealers, err := chooseDealers(rctx, store, cfg.Dealers)
	if err != nil {
		return nil, err
	}
	free := make(chan *sql.Tx, len(txs))
	for _, tx := range txs {
		free <- tx
	}
	opts := &policylab.Options{AsOf: cfg.AsOf, Parallel: cfg.Parallel, KeepUnchanged: cfg.KeepUnchanged,
		KeepUnreplayable: cfg.KeepUnreplayable, LogRange: cfg.logRange,
		// Each read takes a transaction of its own until it is done: one query at a time on each.
		Reads: func(ctx context.Context, read func(ctx context.Context) error) error {
			var tx *sql.Tx
			select {
			case tx = <-free:
			case <-ctx.Done():
				return ctx.Err()
			}
			defer func() { free <- tx }()
			return read(sqlstore.WithTx(ctx, tx))
		}}
	if cfg.Progress != nil {
		opts.Progress = func(p policylab.Progress) { writeProgress(cfg.Progress, p) }
	}
	lab, err := policylab.NewLab(store, opts)
	if err != nil {
		return nil, err
	}
	if cfg.Progress != nil {
		fmt.Fprintf(cfg.Progress, "replaying %d dealer(s) under %s and %s\n", len(dealers), a.Name, b.Name)
	}
	return lab.Replay(rctx, dealers, a, b)
}

// beginSnapshot begins n read-only transactions of db that see the same history. Each one's
// snapshot is taken at its first read, the dealers' event counters; a library write bumps its
// dealer's counter in its own transaction, so equal counters are equal histories. Should a write
// commit between the first reads (another process recording), they differ and all begin again.
func beginSnapshot(ctx context.Context, db *sql.DB, n int) ([]*sql.Tx, error) {
	for attempt := 0; ; attempt++ {
		var txs []*sql.Tx
		var first string
		same := true
		for len(txs) < n {
			tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
			if err == nil {
				txs = append(txs, tx)
			}
			var counters string
			if err == nil {
				counters, err = eventCounters(ctx, tx)
			}
			if err != nil {
				for _, tx := range txs {
					tx.Rollback()
				}
				return nil, fmt.Errorf("begin read-only transaction: %w", err)
			}
			if len(txs) == 1 {
				first = counters
			}
			same = same && counters == first
		}
		if same {
			return txs, nil
		}
		for _, tx := range txs {
			tx.Rollback()
		}
		if attempt == 10 {
			return nil, errors.New("begin read-only transactions: the store kept changing; replay it when nothing records")
		}
	}
}

// eventCounters is every dealer's event counter, as text.
func eventCounters(ctx context.Context, tx *sql.Tx) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT dealer_id, seq FROM dealerkit_event_counters ORDER BY dealer_id`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var dealer string
		var seq int64
		if err := rows.Scan(&dealer, &seq); err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%s %d\n", dealer, seq)
	}
	return b.String(), rows.Err()
}

// writeProgress prints records done, the rate and the time left.
func writeProgress(w io.Writer, p policylab.Progress) {
	rate := 0.0
	if s := p.Elapsed.Seconds(); s > 0 {
		rate = float64(p.Records) / s
	}
	fmt.Fprintf(w, "replayed %d/%d dealers, %d records, %.0f records/s, about %s left\n",
		p.DealersDone, p.Dealers, p.Records, rate, p.Left().Round(time.Second))
}

func loadPolicy(side, path string, shipped []byte) (policylab.Policy, error) {
	data, name := shipped, side+" (shipped "+strings.ToLower(side)+".json)"
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return policylab.Policy{}, fmt.Errorf("-%s: %w", strings.ToLower(side), err)
		}
		name = side + " (" + filepath.Base(path) + ")"
	}
	p, err := policylab.ParsePolicy(name, data)
	if err != nil {
		return policylab.Policy{}, fmt.Errorf("-%s: %w", strings.ToLower(side), err)
	}
	return p, nil
}

// openReadOnly opens the store without the means to change it. An SQLite file must exist: a
// replay never creates one.
func openReadOnly(ctx context.Context, db string) (*sql.DB, sqlstore.Dialect, error) {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		u, err := url.Parse(db)
		if err != nil {
			return nil, 0, fmt.Errorf("-db: %w", err)
		}
		q := u.Query()
		if q.Get("search_path") == "" {
			q.Set("search_path", exampleSchema)
		}
		// Every transaction of the session is read-only unless it says otherwise; the replay's
		// own is READ ONLY anyway.
		q.Set("default_transaction_read_only", "on")
		u.RawQuery = q.Encode()
		conn, err := sql.Open("pgx", u.String())
		if err != nil {
			return nil, 0, err
		}
		if err := conn.PingContext(ctx); err != nil {
			conn.Close()
			return nil, 0, err
		}
		return conn, sqlstore.Postgres, nil
	}
	if db == "" {
		db = filepath.Join(os.TempDir(), "dealerkit-dealership.db")
	}
	if _, err := os.Stat(db); err != nil {
		return nil, 0, fmt.Errorf("-db %s: %w (run go run ./examples/dealership first)", db, err)
	}
	conn, err := sql.Open("sqlite", readOnlyDSN(db))
	if err != nil {
		return nil, 0, err
	}
	// One connection while sqlstore.New checks the settings: it then skips its probe for
	// immediate write transactions, which query_only would refuse. replay opens more after it.
	conn.SetMaxOpenConns(1)
	return conn, sqlstore.SQLite, nil
}

// readOnlyDSN opens the SQLite file at path with the library's settings and query_only: the
// connection refuses every change. (Memory-mapping the file saved a few percent on a 60 MB
// history and cost a fifth more CPU on a 590 MB one, each connection faulting the pages in.)
func readOnlyDSN(path string) string {
	return sqlstore.SQLiteDSN(path) + "&_pragma=query_only(1)"
}

// chooseDealers parses -dealer or lists every dealer in the store.
func chooseDealers(ctx context.Context, store *sqlstore.Store, list string) ([]dealerkit.DealerID, error) {
	if list == "" {
		ds, err := store.Dealers(ctx)
		if err == nil && len(ds) == 0 {
			err = errors.New("the store holds no history (run go run ./examples/dealership first)")
		}
		return ds, err
	}
	var out []dealerkit.DealerID
	for _, s := range strings.Split(list, ",") {
		id, err := uuid.Parse(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("-dealer %q: %w", s, err)
		}
		out = append(out, dealerkit.DealerID(id))
	}
	return out, nil
}
