package sqlstore_test

// BenchmarkRepairOrderLifecycle runs one repair order from arrival to follow-up per iteration:
// open (with its comeback lookup), a labour line, approval, dispatch, clock on and off,
// completion, cleaning, inspection, ready notice, settlement, acceptance, payment, delivery and
// follow-up: 16 transactions, one list and one read. (Part lines are approved only through
// parts.Service, with stock: BenchmarkIssuePart measures that path.)
//
//	…/{memory,sqlite,postgres,mysql}/dealerkit  through aftersales.Service and the adapter
//	…/{sqlite,postgres,mysql}/baseline         hand-written database/sql issuing the same statements
//
// The baseline writes the rows that a reference run of dealerkit wrote (same bodies, same
// events, with a fresh id and VIN per iteration), so it does the database's share of the work
// and none of the library's: the ratio dealerkit/baseline is what the library costs on top.
//
//	go test ./adapters/sqlstore -run '^$' -bench RepairOrderLifecycle -count 6

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/internal/testdb"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	_ "modernc.org/sqlite"
)

func BenchmarkRepairOrderLifecycle(b *testing.B) {
	b.Run("memory/dealerkit", func(b *testing.B) {
		benchDealerkit(b, memory.New().RepairOrders())
	})
	b.Run("sqlite/dealerkit", func(b *testing.B) {
		benchDealerkit(b, benchStore(b, openBenchSQLite(b), sqlstore.SQLite).RepairOrders())
	})
	b.Run("sqlite/baseline", func(b *testing.B) {
		benchBaseline(b, openBenchSQLite(b), sqlstore.SQLite)
	})
	b.Run("postgres/dealerkit", func(b *testing.B) {
		benchDealerkit(b, benchStore(b, openPostgres(b), sqlstore.Postgres).RepairOrders())
	})
	b.Run("postgres/baseline", func(b *testing.B) {
		benchBaseline(b, openPostgres(b), sqlstore.Postgres)
	})
	b.Run("mysql/dealerkit", func(b *testing.B) {
		benchDealerkit(b, benchStore(b, testdb.MySQL(b), sqlstore.MySQL).RepairOrders())
	})
	b.Run("mysql/baseline", func(b *testing.B) {
		benchBaseline(b, testdb.MySQL(b), sqlstore.MySQL)
	})
}

// benchSQL writes a statement of the untimed set-up, written with $N placeholders, in d's
// dialect. The timed baselines write MySQL's statements out by hand.
func benchSQL(d sqlstore.Dialect, query string, args ...any) (string, []any) {
	if d == sqlstore.MySQL {
		return sqlstore.MySQLStatement(query, args)
	}
	return query, args
}

func openBenchSQLite(b testing.TB) *sql.DB {
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(b.TempDir(), "bench.db")))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func benchStore(b testing.TB, db *sql.DB, d sqlstore.Dialect) *sqlstore.Store {
	s, err := sqlstore.New(db, d, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	return s
}

func benchDealerkit(b *testing.B, repo aftersales.Repository) {
	l := newLifecycle(b, repo)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := l.run(benchVIN(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "orders/s")
}

// lifecycle drives one order through the public service with a clock that moves a minute per
// reading, so clocked work has a duration.
type lifecycle struct {
	ctx                                context.Context
	svc                                *aftersales.Service
	advisor, tech, inspector, customer dealerkit.Actor
	now                                atomic.Int64
	labour                             aftersales.LineInput
}

var benchDealer = dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-0000000be4c1"))

// benchCustomer owns the benchmark's orders: a customer actor reaches only orders carrying its id.
var benchCustomer = aftersales.Customer{ID: dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001")), Name: "Li Wei"}

func newLifecycle(b testing.TB, repo aftersales.Repository) *lifecycle {
	l := &lifecycle{ctx: context.Background()}
	l.now.Store(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).UnixMicro())
	svc, err := aftersales.NewService(repo, anyQualified{}, anyUsable{}, &aftersales.Options{
		Now: func() time.Time { return time.UnixMicro(l.now.Add(int64(time.Minute / time.Microsecond))) },
	})
	if err != nil {
		b.Fatal(err)
	}
	l.svc = svc
	staff := func(n byte, r dealerkit.Role) dealerkit.Actor {
		a, err := dealerkit.NewStaffActor(benchDealer, dealerkit.StaffID(uuid.UUID{0: 0x5a, 15: n}), r)
		if err != nil {
			b.Fatal(err)
		}
		return a
	}
	l.advisor, l.tech, l.inspector = staff(1, dealerkit.RoleServiceAdvisor), staff(2, dealerkit.RoleTechnician), staff(3, dealerkit.RoleQualityInspector)
	if l.customer, err = dealerkit.NewCustomerActor(benchDealer, benchCustomer.ID); err != nil {
		b.Fatal(err)
	}
	l.labour = aftersales.LineInput{Kind: aftersales.LineLabour, Description: "replace brake pads", Operation: "BRK-01",
		Quantity: decimal.RequireFromString("1.5"), UnitPrice: decimal.RequireFromString("300.00"), PayType: aftersales.PayCustomer}
	return l
}

// run takes one order through the flow, calling after (if set) once per stored change.
func (l *lifecycle) run(vin string) (uuid.UUID, error) {
	return l.runObserved(vin, func(uuid.UUID) error { return nil })
}

func (l *lifecycle) runObserved(vin string, after func(order uuid.UUID) error) (uuid.UUID, error) {
	ctx, svc := l.ctx, l.svc
	arrived := time.UnixMicro(l.now.Load()).UTC()
	o, err := svc.Open(ctx, l.advisor, aftersales.ReceptionInput{ArrivedAt: arrived, GreetedAt: arrived.Add(time.Minute),
		VIN: vin, Plate: "沪A·12345", MileageKm: 42000, FuelPercent: 60, WalkAroundDone: true,
		Concerns: []aftersales.Concern{{Text: "brakes squeal", Code: "brakes.noise"}}, Visit: aftersales.VisitWaiting, Customer: benchCustomer})
	if err != nil {
		return uuid.UUID{}, err
	}
	id := o.ID()
	if err := after(id); err != nil {
		return id, err
	}
	var job uuid.UUID
	steps := []func() error{
		func() (err error) { job, err = svc.AddLine(ctx, l.advisor, id, l.labour); return },
		func() error {
			return svc.Decide(ctx, l.customer, id, aftersales.DecisionInput{Lines: []uuid.UUID{job}, Approved: true, Channel: aftersales.ChannelMessage})
		},
		func() error {
			return svc.Dispatch(ctx, l.advisor, id, aftersales.DispatchInput{Line: job, Technician: l.tech.Staff(), PromisedAt: arrived.Add(4 * time.Hour)})
		},
		func() error { return svc.ClockOn(ctx, l.tech, id, job) },
		func() error { return svc.ClockOff(ctx, l.tech, id, job) },
		func() error { return svc.CompleteJob(ctx, l.tech, id, job) },
		func() error { return svc.FinishWork(ctx, l.advisor, id) },
		func() error { return svc.RecordCleaning(ctx, l.advisor, id) },
		func() error {
			return svc.Inspect(ctx, l.inspector, id, aftersales.InspectionInput{Checklist: []aftersales.CheckItem{{Item: "road test", OK: true}}})
		},
		func() error { return svc.NotifyReady(ctx, l.advisor, id, aftersales.ChannelPhone, "ready") },
		func() error { _, err := svc.Settle(ctx, l.advisor, id); return err },
		func() error { return svc.Respond(ctx, l.customer, id, true, "") },
		func() error {
			return svc.RecordPayment(ctx, l.advisor, id, aftersales.PaymentInput{Amount: decimal.RequireFromString("450.00"), Method: "card"})
		},
		func() error { return svc.Deliver(ctx, l.advisor, id) },
		func() error {
			return svc.FollowUp(ctx, l.advisor, id, aftersales.SurveyInput{Channel: aftersales.ChannelPhone, Scores: map[string]int{"overall": 9}})
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			return id, fmt.Errorf("step %d: %w", i+1, err)
		}
		if err := after(id); err != nil {
			return id, err
		}
	}
	return id, nil
}

type anyQualified struct{}

func (anyQualified) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

type anyUsable struct{}

func (anyUsable) CheckUsable(context.Context, dealerkit.DealerID, string, time.Time) error {
	return nil
}

// benchVIN returns a distinct valid VIN per iteration, so the comeback lookup at opening finds
// no earlier order and costs the same every time.
func benchVIN(i int) string {
	const weights = "8765432X098765432" // ISO 3779 position weights; X stands for 10, 0 for the check digit
	s := []byte(fmt.Sprintf("LSVAU2180N%07d", i%10000000))
	sum := 0
	for k, c := range s {
		v := int(c - '0')
		if c >= 'A' {
			v = map[byte]int{'A': 1, 'L': 3, 'N': 5, 'S': 2, 'U': 4, 'V': 5}[c]
		}
		w := int(weights[k] - '0')
		if weights[k] == 'X' {
			w = 10
		}
		sum += v * w
	}
	if s[8] = byte('0' + sum%11); sum%11 == 10 {
		s[8] = 'X'
	}
	return string(s)
}

// step is what one stored change of the reference run wrote: the order row's new columns and
// its events.
type step struct {
	create                                        bool
	state                                         string
	openedAt, nextPromise, deliveredAt, updatedAt any // as the driver reads them back
	body                                          string
	events                                        []eventRow
}

type eventRow struct {
	aggregate, typ, clause, actor, from, to string
	at                                      any
	data                                    sql.NullString
}

// benchBaseline replays the reference run's rows with hand-written statements, the same ones
// the adapter issues for each call.
func benchBaseline(b *testing.B, db *sql.DB, d sqlstore.Dialect) {
	steps, refID, refVIN := recordReference(b, db, d)
	ctx := context.Background()
	dealer := benchDealer.String()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		id, vin := uuid.Must(uuid.NewV7()).String(), benchVIN(i)
		fresh := strings.NewReplacer(refID, id, refVIN, vin)
		for k, s := range steps {
			if err := baselineStep(ctx, db, d, dealer, id, vin, k == 3, s, fresh); err != nil {
				b.Fatalf("step %d: %v", k, err)
			}
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "orders/s")
}

func baselineStep(ctx context.Context, db *sql.DB, d sqlstore.Dialect, dealer, id, vin string, preRead bool, s step, fresh *strings.Replacer) error {
	if d == sqlstore.MySQL {
		return baselineStepMySQL(ctx, db, dealer, id, vin, preRead, s, fresh)
	}
	body := fresh.Replace(s.body)
	if s.create {
		// Open's comeback lookup: earlier delivered orders of the vehicle.
		rows, err := db.QueryContext(ctx, `SELECT version, body FROM dealerkit_repair_orders
			WHERE dealer_id = $1 AND vin = $2 AND state IN ($3, $4) ORDER BY id`, dealer, vin, "delivered", "closed")
		if err != nil {
			return err
		}
		for rows.Next() {
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	if preRead { // Dispatch reads the order before its transaction to ask the dispatch checks
		var v int64
		var old []byte
		if err := db.QueryRowContext(ctx, `SELECT version, body FROM dealerkit_repair_orders WHERE dealer_id = $1 AND id = $2`,
			dealer, id).Scan(&v, &old); err != nil {
			return err
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.create {
		res, err := tx.ExecContext(ctx, `INSERT INTO dealerkit_repair_orders
			(dealer_id, id, number, vin, state, version, opened_at, next_promise_at, delivered_at, updated_at, body)
			VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
			dealer, id, id, vin, s.state, s.openedAt, s.nextPromise, s.deliveredAt, s.updatedAt, body)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("insert: %d rows, %v", n, err)
		}
	} else {
		var v int64
		var old []byte
		if err := tx.QueryRowContext(ctx, `SELECT version, body FROM dealerkit_repair_orders WHERE dealer_id = $1 AND id = $2`,
			dealer, id).Scan(&v, &old); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE dealerkit_repair_orders
			SET state = $1, version = version + 1, next_promise_at = $2, delivered_at = $3, updated_at = $4, body = $5
			WHERE dealer_id = $6 AND id = $7 AND version = $8`,
			s.state, s.nextPromise, s.deliveredAt, s.updatedAt, body, dealer, id, v)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("update: %d rows, %v", n, err)
		}
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO dealerkit_event_counters (dealer_id, seq) VALUES ($1, $2)
		ON CONFLICT (dealer_id) DO UPDATE SET seq = dealerkit_event_counters.seq + excluded.seq
		RETURNING seq`, dealer, len(s.events)).Scan(&last); err != nil {
		return err
	}
	seq := last - int64(len(s.events))
	for _, e := range s.events {
		seq++
		var data any // NULL when the event has none
		if e.data.Valid {
			data = fresh.Replace(e.data.String)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO dealerkit_events
			(dealer_id, seq, aggregate, aggregate_id, type, clause, actor, at, from_state, to_state, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			dealer, seq, e.aggregate, id, e.typ, e.clause, e.actor, e.at, e.from, e.to, data); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// recordReference runs the lifecycle once through dealerkit on db and reads back, after each
// stored change, the order's row and the events that change wrote.
func recordReference(b testing.TB, db *sql.DB, d sqlstore.Dialect) (steps []step, id, vin string) {
	ctx := context.Background()
	l := newLifecycle(b, benchStore(b, db, d).RepairOrders())
	vin = benchVIN(9999999)
	var seen int64
	ref, err := l.runObserved(vin, func(order uuid.UUID) error {
		s := step{create: seen == 0}
		q, args := benchSQL(d, `SELECT state, opened_at, next_promise_at, delivered_at, updated_at, body
			FROM dealerkit_repair_orders WHERE dealer_id = $1 AND id = $2`, benchDealer.String(), order.String())
		if err := db.QueryRowContext(ctx, q, args...).
			Scan(&s.state, &s.openedAt, &s.nextPromise, &s.deliveredAt, &s.updatedAt, &s.body); err != nil {
			return err
		}
		q, args = benchSQL(d, `SELECT seq, aggregate, type, clause, actor, at, from_state, to_state, data
			FROM dealerkit_events WHERE dealer_id = $1 AND seq > $2 ORDER BY seq`, benchDealer.String(), seen)
		rows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e eventRow
			if err := rows.Scan(&seen, &e.aggregate, &e.typ, &e.clause, &e.actor, &e.at, &e.from, &e.to, &e.data); err != nil {
				return err
			}
			s.events = append(s.events, e)
		}
		steps = append(steps, s)
		return rows.Err()
	})
	if err != nil {
		b.Fatal(err)
	}
	return steps, ref.String(), vin
}

// baselineStepMySQL is baselineStep with the statements the adapter issues on MySQL.
func baselineStepMySQL(ctx context.Context, db *sql.DB, dealer, id, vin string, preRead bool, s step, fresh *strings.Replacer) error {
	body := fresh.Replace(s.body)
	if s.create {
		rows, err := db.QueryContext(ctx, `SELECT version, body FROM dealerkit_repair_orders
			WHERE dealer_id = ? AND vin = ? AND state IN (?, ?) ORDER BY id`, dealer, vin, "delivered", "closed")
		if err != nil {
			return err
		}
		for rows.Next() {
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	if preRead {
		var v int64
		var old []byte
		if err := db.QueryRowContext(ctx, `SELECT version, body FROM dealerkit_repair_orders WHERE dealer_id = ? AND id = ?`,
			dealer, id).Scan(&v, &old); err != nil {
			return err
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.create {
		res, err := tx.ExecContext(ctx, `INSERT INTO dealerkit_repair_orders
			(dealer_id, id, number, vin, state, version, opened_at, next_promise_at, delivered_at, updated_at, body)
			VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
			dealer, id, id, vin, s.state, s.openedAt, s.nextPromise, s.deliveredAt, s.updatedAt, body)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("insert: %d rows, %v", n, err)
		}
	} else {
		var v int64
		var old []byte
		if err := tx.QueryRowContext(ctx, `SELECT version, body FROM dealerkit_repair_orders WHERE dealer_id = ? AND id = ?`,
			dealer, id).Scan(&v, &old); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE dealerkit_repair_orders
			SET version = version + 1, state = ?, next_promise_at = ?, delivered_at = ?, updated_at = ?, body = ?
			WHERE dealer_id = ? AND id = ? AND version = ?`,
			s.state, s.nextPromise, s.deliveredAt, s.updatedAt, body, dealer, id, v)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("update: %d rows, %v", n, err)
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO dealerkit_event_counters (dealer_id, seq) VALUES (?, LAST_INSERT_ID(?))
		ON DUPLICATE KEY UPDATE seq = LAST_INSERT_ID(seq + ?)`, dealer, len(s.events), len(s.events))
	if err != nil {
		return err
	}
	last, err := res.LastInsertId()
	if err != nil {
		return err
	}
	seq := last - int64(len(s.events))
	for _, e := range s.events {
		seq++
		var data any
		if e.data.Valid {
			data = fresh.Replace(e.data.String)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO dealerkit_events
			(dealer_id, seq, aggregate, aggregate_id, type, clause, actor, at, from_state, to_state, data)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			dealer, seq, e.aggregate, id, e.typ, e.clause, e.actor, e.at, e.from, e.to, data); err != nil {
			return err
		}
	}
	return tx.Commit()
}
