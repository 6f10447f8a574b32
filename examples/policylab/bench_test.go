package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
)

// History generator: the dealership simulation (examples/dealership -dealers N -months M -orders O)
// records N dealerships × M months of O new customers each into an SQLite file. Files are kept
// in DEALERKIT_POLICYLAB_BENCH_DIR (default: dealerkit-policylab-bench in the temp dir) as
// d<N>-m<M>-o<O>-schema<V>-<hash>.db and reused, where V is the latest SQLite migration and hash
// a digest of every migration, so a file of another shape or an older schema is never reused; the
// sizes up to 10 dealer-months are generated when missing (a few minutes on a loaded machine),
// the 100 dealer-month history and the dealer-year only when DEALERKIT_POLICYLAB_GENERATE=1
// (about half an hour each here):
//
//	DEALERKIT_POLICYLAB_GENERATE=1 go test ./examples/policylab -run '^$' -bench Replay -benchtime 3x

type benchSize struct {
	dealers, months, orders int
}

func (s benchSize) dealerMonths() int { return s.dealers * s.months }

func benchHistory(b *testing.B, s benchSize) string {
	b.Helper()
	dir := os.Getenv("DEALERKIT_POLICYLAB_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "dealerkit-policylab-bench")
	}
	path := filepath.Join(dir, fmt.Sprintf("d%d-m%d-o%d-%s.db", s.dealers, s.months, s.orders, schemaTag(b)))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if s.dealerMonths() > 10 && os.Getenv("DEALERKIT_POLICYLAB_GENERATE") != "1" {
		b.Skipf("no %s; set DEALERKIT_POLICYLAB_GENERATE=1 to generate %d dealer-months", path, s.dealerMonths())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	tmp := path + ".tmp"
	cmd := exec.Command("go", "run", "../dealership", "-db", tmp,
		"-dealers", fmt.Sprint(s.dealers), "-months", fmt.Sprint(s.months), "-orders", fmt.Sprint(s.orders))
	cmd.Stdout = io.Discard
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("generating %d dealer-months: %v\n%s", s.dealerMonths(), err, stderr.String())
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(tmp+suffix, path+suffix); err != nil && !os.IsNotExist(err) {
			b.Fatal(err)
		}
	}
	return path
}

// schemaTag names the store schema a history file was written with: the latest SQLite migration
// version and the first 12 hex digits of a SHA-256 over every migration's name and text.
func schemaTag(b *testing.B) string {
	b.Helper()
	fsys := sqlstore.Migrations(sqlstore.SQLite)
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil || len(names) == 0 {
		b.Fatalf("no SQLite migrations: %v", err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		text, err := fs.ReadFile(fsys, name)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(text))
		h.Write(text)
	}
	latest, _, _ := strings.Cut(names[len(names)-1], "_")
	return fmt.Sprintf("schema%s-%x", latest, h.Sum(nil)[:6])
}

// baseline is the hand-written floor the replay is measured against: the same history read with
// plain database/sql in one read-only transaction (every event, repair order, complaint,
// movement and appraisal row of every dealer, scanned into bytes), recomputing nothing.
func baseline(ctx context.Context, path string) (int, error) {
	db, err := sql.Open("sqlite", readOnlyDSN(path)) // the replay's settings
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var dealers []string
	rows, err := tx.QueryContext(ctx, `SELECT dealer_id FROM dealerkit_event_counters ORDER BY dealer_id`)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return 0, err
		}
		dealers = append(dealers, d)
	}
	rows.Close()
	n := 0
	for _, d := range dealers {
		for _, q := range []string{
			`SELECT * FROM dealerkit_events WHERE dealer_id = ? ORDER BY seq`,
			`SELECT * FROM dealerkit_repair_orders WHERE dealer_id = ? ORDER BY id`,
			`SELECT * FROM dealerkit_complaints WHERE dealer_id = ? ORDER BY id`,
			`SELECT * FROM dealerkit_movements WHERE dealer_id = ? ORDER BY id`,
			`SELECT * FROM dealerkit_appraisals WHERE dealer_id = ? ORDER BY id`,
		} {
			rows, err := tx.QueryContext(ctx, q, d)
			if err != nil {
				return 0, err
			}
			cols, _ := rows.Columns()
			vals := make([]sql.RawBytes, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			for rows.Next() {
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return 0, err
				}
				n++
			}
			if err := rows.Close(); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

// BenchmarkReplay replays 1, 10 and 100 dealer-months (dealerships × one month each, at the
// example's default of 160 new customers a month) and a dealer-year (one dealership, twelve months
// of 1,000: the realistic size of issue 13, about 1,000 orders a dealer-month) of the dealership
// simulation under the shipped a.json and b.json, beside the baseline that only reads the same
// rows. records/op is the history's size; kept-outcomes/op the outcomes the report keeps (the
// example's defaults: changed ones only); peak-heap-MB the largest heap seen by a sampling
// goroutine. With DEALERKIT_POLICYLAB_DEALER_YEARS=N it also replays N dealer-years, the
// dealer-year and N-1 copies of it (copiesHistory), issue 13's scale at N=100:
//
//	DEALERKIT_POLICYLAB_GENERATE=1 DEALERKIT_POLICYLAB_DEALER_YEARS=100 go test ./examples/policylab \
//		-run '^$' -bench 'Replay/dealer-years=100/' -benchtime 1x -timeout 2h
func BenchmarkReplay(b *testing.B) {
	sizes := []benchSize{{1, 1, 160}, {10, 1, 160}, {100, 1, 160}, {1, 12, 1000}}
	if n, err := strconv.Atoi(os.Getenv("DEALERKIT_POLICYLAB_DEALER_YEARS")); err == nil && n > 1 {
		sizes = append(sizes, benchSize{n, 12, 1000}) // copies of the dealer-year (copiesHistory)
	}
	for _, s := range sizes {
		name := fmt.Sprintf("dealer-months=%d", s.dealerMonths())
		if s.months == 12 {
			name = fmt.Sprintf("dealer-years=%d", s.dealers)
		}
		b.Run(name+fmt.Sprintf("/orders=%d", s.orders), func(b *testing.B) {
			var path string
			if s.months == 12 && s.dealers > 1 {
				path = copiesHistory(b, s.dealers)
			} else {
				path = benchHistory(b, s)
			}
			b.Run("policylab", func(b *testing.B) {
				b.ReportAllocs()
				var records, kept int
				peak := watchHeap()
				cpu0, _ := cpuTime()
				for b.Loop() {
					rep, err := replay(context.Background(), Config{DB: path})
					if err != nil {
						b.Fatal(err)
					}
					records, kept = rep.Records, len(rep.Outcomes)
				}
				reportCPU(b, cpu0)
				b.ReportMetric(float64(records), "records/op")
				b.ReportMetric(float64(kept), "kept-outcomes/op")
				b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
			})
			b.Run("baseline", func(b *testing.B) {
				b.ReportAllocs()
				var records int
				peak := watchHeap()
				cpu0, _ := cpuTime()
				for b.Loop() {
					n, err := baseline(context.Background(), path)
					if err != nil {
						b.Fatal(err)
					}
					records = n
				}
				reportCPU(b, cpu0)
				b.ReportMetric(float64(records), "rows/op")
				b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
			})
		})
	}
}

// reportCPU reports the process's CPU time per operation since cpu0 (user and system, every
// goroutine): on a loaded machine it says what a replay cost where ns/op says how long it also
// waited for a core.
func reportCPU(b *testing.B, cpu0 time.Duration) {
	if cpu, ok := cpuTime(); ok && b.N > 0 {
		b.ReportMetric((cpu-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	}
}

// watchHeap samples the heap until the returned function is called, which returns the peak.
func watchHeap() func() uint64 {
	stop := make(chan struct{})
	done := make(chan uint64)
	go func() {
		var peak uint64
		var m runtime.MemStats
		tick := time.NewTicker(20 * time.Millisecond) // ReadMemStats stops the world: not too often
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-stop:
				done <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}
