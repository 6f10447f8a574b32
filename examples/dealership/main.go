// Dealership simulates a month at one dealership's after-sales department through dealerkit's
// public API and prints the month-end report: the §4 KPIs from aftersales.ComputeKPIs, the parts
// store's month (§3.4) from parts.Service's reports, the §5.5 complaint analysis from
// complaints.Analyze and a summary of the event feed an integrator would read.
//
//	go run ./examples/dealership                        # embedded SQLite file in the temp dir
//	go run ./examples/dealership -db month.db           # SQLite file of your choosing (replaced)
//	go run ./examples/dealership -db postgres://…       # PostgreSQL, in schema dealerkit_example
//	go run ./examples/dealership -db mysql://root@127.0.0.1:3306/test  # MySQL/MariaDB, database dealerkit_example
//	go run ./examples/dealership -db memory -dealers 100 -orders 1000  # 100 dealerships at once, in memory
//
// -dealers N simulates N dealerships, each under its own id (derived from the seed and its index)
// with its own random streams, -parallel of them at a time, into the one store; -months M plays M
// consecutive months at each. The reports come in dealership and month order, then the combined
// totals, and are the same for a seed whatever -parallel is. The run's time and peak memory go to
// stderr.
//
// About 160 customers arrive over the month's business days. Advisors greet them and open repair
// orders, technicians work the jobs at their own pace and sometimes find more work, which the
// customer approves or declines; an inspector sends some jobs back; some promises are missed; a
// few cars come back with the same concern inside the repair warranty.
//
// The parts store (parts.go) supplies the part lines from a catalogue of 17 parts and 4 suppliers:
// approving an estimate reserves stock, a shortage is back-ordered and the order waits for it,
// the clerk issues the parts when a job starts and takes back what was not needed, and orders
// every evening from min/max levels, the ledger's demand and the back-orders. Deliveries come on
// time or late, some short, one with a part rejected at inspection. On the last business day two
// clerks count the store, blind, the lines over the threshold are recounted and the manager
// approves the variances. The report values the stock by category to the cent and gives turns,
// fill rates, days of supply, purchasing and supplier figures, the stocktake's variances, ageing
// and obsolete stock, and checks that every stock row equals the sum of its movements.
//
// Complaints (§5) come from low follow-up surveys and objections at delivery, which an hourly job
// takes in from the event feed, and from customers who phone, walk in, email or post online. They
// are handled to closing, some late enough for the hourly escalation scan to raise them, and the
// month's reviews open corrective actions. Deadlines count business time on the dealership's
// calendar (calendar.go): Asia/Shanghai, Monday to Saturday 08:30-18:00, closed on the public
// holidays and open on the make-up days of the State Council's 2025 and 2026 schedules. The
// default month, April 2025, has both: Qingming (4-6 April) and a make-up Sunday (27 April).
//
// At the month's end the manager appraises the staff (§6, appraisal.go): every advisor,
// technician, inspector and clerk is scored from the month's records under the scheme in force,
// rated where the scheme asks for the manager's judgement, signed off; one technician objects and
// is answered. The report gives grades, rewards and penalties with the figures behind them, and
// the scheme in force beside a candidate that weights quality up (§6.4).
// Training (training.go, §7, §8.4) answers dispatch from certificates: one technician's
// high-voltage certificate lapses mid-month and an EV job is refused to her until she requalifies;
// the report adds plan completion by role and subject, certificates to renew and the career ladder.
//
// A seeded PCG generator chooses what happens (never an amount: money is decimal throughout), and
// the clock and ids are injected, so a seed always gives the same month, on every store.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

func main() {
	cfg, fleet := Config{}, Fleet{}
	db := flag.String("db", "", "SQLite file to create (an existing SQLite file is replaced; default: dealerkit-dealership.db in the temp dir), "+memoryDB+" for the in-memory store, a postgres:// URL (the example drops and recreates schema "+exampleSchema+") or a mysql://user@host:port/db URL (it drops and recreates database "+exampleSchema+")")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "random seed: the same seed simulates the same month")
	flag.IntVar(&cfg.Orders, "orders", 160, "new customers arriving over each month, at each dealership")
	month := flag.String("month", "2025-04", "(first) month to simulate, YYYY-MM")
	flag.IntVar(&fleet.Dealers, "dealers", 1, "dealerships to simulate, each with its own id and history, in the one store")
	flag.IntVar(&fleet.Months, "months", 1, "consecutive months to simulate at each dealership, from -month")
	flag.IntVar(&fleet.Parallel, "parallel", runtime.GOMAXPROCS(0), "dealerships simulated at once (the output does not depend on it)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "dealership: -cpuprofile:", err)
			os.Exit(2)
		}
		defer pprof.StopCPUProfile()
	}
	m, err := time.ParseInLocation("2006-01", *month, local)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dealership: -month:", err)
		os.Exit(2)
	}
	cfg.Month = m
	peak := watchMemory()
	began := time.Now()
	err = run(context.Background(), os.Stdout, *db, cfg, fleet)
	// On stderr, so the report itself stays the same for a seed.
	fmt.Fprintf(os.Stderr, "dealership: %d dealership(s) × %d month(s) in %s; %s\n", fleet.Dealers, fleet.Months,
		time.Since(began).Round(time.Millisecond), peak())
	if err != nil {
		fmt.Fprintln(os.Stderr, "dealership:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, db string, cfg Config, fleet Fleet) (err error) {
	if cfg.Orders < 1 {
		return fmt.Errorf("-orders must be at least 1")
	}
	store, closeStore, where, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := closeStore(); err == nil {
			err = cerr
		}
	}()
	return runFleet(ctx, w, store, where, cfg, fleet)
}

// simulate plays the month on store and reads the result back.
func simulate(ctx context.Context, store Store, cfg Config) (*Month, stats, error) {
	s, err := newSim(store, cfg)
	if err != nil {
		return nil, stats{}, err
	}
	if err := s.run(ctx); err != nil {
		return nil, s.stats, err
	}
	m, err := s.gather(ctx, store)
	return m, s.stats, err
}
