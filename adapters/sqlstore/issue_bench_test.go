package sqlstore_test

// BenchmarkIssuePart posts the issue of one unit, as parts.Service does it to the store for an
// issue to a repair order: in one transaction, the idempotency key is looked up (not found), then
// the posting is stored: the row taken (locked in PostgreSQL), the cost computed from its value,
// the key claimed, the row changed (PostgreSQL: the guarded update), the movement and the
// posting's event written.
//
//	…/{memory,sqlite,postgres,mysql}/uncontended/{dealerkit,baseline}  one goroutine, each iteration a different part (of 1,000)
//	…/{memory,sqlite,postgres,mysql}/hot/{dealerkit,baseline}          b.RunParallel, 16 goroutines issuing the same part
//
// dealerkit builds the posting with parts.NewPosting and runs the adapter's InTx, PostingByKey
// and Post. baseline is hand-written code doing the same work with the same statements: the
// costing in Go with exact decimals, and the bodies a reference posting encodes to, with the
// fresh ids, key, time and balances of each iteration spliced in. The memory baseline is a map
// and a mutex doing the same. So the ratio dealerkit/baseline is what the library costs on top
// of the database's share. Rows are seeded with a billion units each (at 2.50), so no issue is
// refused; seeding is not timed.
//
//	go test ./adapters/sqlstore -run '^$' -bench IssuePart -count 6

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/internal/testdb"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

const (
	issueParts       = 1000 // rows of the uncontended benchmark
	issueBin         = "A-01"
	issueParallelism = 8 // × GOMAXPROCS goroutines in the hot benchmark
)

var (
	issueDealer   = dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-0000000155e0"))
	issueOrder    = uuid.MustParse("0195a3c0-0000-7000-8000-00000000a001")
	issueLine     = uuid.MustParse("0195a3c0-0000-7000-8000-00000000a002")
	issueSeedQty  = decimal.RequireFromString("1000000000")
	issueSeedVal  = decimal.RequireFromString("2500000000.00")
	issueMinusOne = decimal.NewFromInt(-1)
)

func issuePartID(k int) uuid.UUID {
	return uuid.UUID{0x01, 0x95, 0xa3, 0xc0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, byte(k >> 8), byte(k)}
}

func BenchmarkIssuePart(b *testing.B) {
	adapters := []struct {
		name      string
		dealerkit func(b *testing.B, rows int) issuer
		baseline  func(b *testing.B, rows int) issuer
	}{
		{"memory", newMemoryIssuer, newMemoryBaseline},
		{"sqlite", func(b *testing.B, rows int) issuer { return newSQLIssuer(b, openIssueSQLite(b), sqlstore.SQLite, rows) },
			func(b *testing.B, rows int) issuer {
				return newSQLBaseline(b, openIssueSQLite(b), sqlstore.SQLite, rows)
			}},
		{"postgres", func(b *testing.B, rows int) issuer { return newSQLIssuer(b, openPostgres(b), sqlstore.Postgres, rows) },
			func(b *testing.B, rows int) issuer {
				return newSQLBaseline(b, openPostgres(b), sqlstore.Postgres, rows)
			}},
		{"mysql", func(b *testing.B, rows int) issuer { return newSQLIssuer(b, testdb.MySQL(b), sqlstore.MySQL, rows) },
			func(b *testing.B, rows int) issuer {
				return newSQLBaseline(b, testdb.MySQL(b), sqlstore.MySQL, rows)
			}},
	}
	for _, a := range adapters {
		b.Run(a.name, func(b *testing.B) {
			// Each side gets a store of its own, made and seeded (untimed: b.Loop and RunParallel
			// start the clock after it) in its own sub-benchmark. So the other side's store is
			// garbage by then, and the collector, which the testing package runs before each
			// sub-benchmark, leaves neither side scanning the other's postings: with both stores
			// alive, the memory figures swung 4-fold from run to run.
			b.Run("uncontended", func(b *testing.B) {
				b.Run("dealerkit", func(b *testing.B) { benchUncontended(b, a.dealerkit(b, issueParts)) })
				b.Run("baseline", func(b *testing.B) { benchUncontended(b, a.baseline(b, issueParts)) })
			})
			b.Run("hot", func(b *testing.B) {
				b.Run("dealerkit", func(b *testing.B) { benchHot(b, a.dealerkit(b, 1)) })
				b.Run("baseline", func(b *testing.B) { benchHot(b, a.baseline(b, 1)) })
			})
		})
	}
}

// openIssueSQLite opens the database with a pool of one connection. SQLite runs one writer at a
// time; with a connection each, the hot benchmark's goroutines would all poll SQLite's busy
// handler, and the figures would measure its back-off (it sleeps up to 100 ms between tries)
// rather than the postings. One connection queues them in database/sql instead, which is also
// what a host with many writing goroutines should do.
func openIssueSQLite(b *testing.B) *sql.DB {
	db := openBenchSQLite(b)
	db.SetMaxOpenConns(1)
	return db
}

// issuer posts the issue of one unit of a part under a key never used before.
type issuer interface {
	issue(ctx context.Context, part uuid.UUID) error
}

func benchUncontended(b *testing.B, is issuer) {
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := is.issue(ctx, issuePartID(i%issueParts)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "postings/s")
}

func benchHot(b *testing.B, is issuer) {
	ctx := context.Background()
	part := issuePartID(0)
	b.ReportAllocs()
	b.SetParallelism(issueParallelism)
	b.ResetTimer() // not the store's making: RunParallel's function is called once per round
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := is.issue(ctx, part); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "postings/s")
}

// keys hands out idempotency keys never used before in one store.
type keys struct{ n atomic.Int64 }

func (k *keys) next() string { return "pick-" + strconv.FormatInt(k.n.Add(1), 10) }

func issueClerk(b testing.TB) dealerkit.Actor {
	a, err := dealerkit.NewStaffActor(issueDealer, dealerkit.StaffID(uuid.UUID{0: 0x5a, 15: 6}), dealerkit.RolePartsClerk)
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// issueInput is the request parts.Service builds for an issue to a repair-order line.
func issueInput(key string, part uuid.UUID) parts.PostingInput {
	return parts.PostingInput{Key: key, Kind: parts.MoveIssue,
		Reference: parts.Reference{Kind: parts.RefRepairOrder, ID: issueOrder, Line: issueLine, Number: "RO-2026-0001"},
		Reason:    "issued to repair order RO-2026-0001", Method: parts.MovingAverage, Rounding: dealerkit.DefaultRounding(),
		Lines: []parts.PostingLine{{ID: uuid.Must(uuid.NewV7()), Part: part, Bin: issueBin, Quantity: issueMinusOne, Line: issueLine}}}
}

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// dealerkit: the adapters.

type ledgerStore interface {
	Parts() parts.Repository
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

type dealerkitIssuer struct {
	store ledgerStore
	repo  parts.Repository
	clerk dealerkit.Actor
	keys  keys
}

func newDealerkitIssuer(b testing.TB, s ledgerStore) *dealerkitIssuer {
	return &dealerkitIssuer{store: s, repo: s.Parts(), clerk: issueClerk(b)}
}

func (d *dealerkitIssuer) issue(ctx context.Context, part uuid.UUID) error {
	key := d.keys.next()
	return d.store.InTx(ctx, func(ctx context.Context) error {
		if _, err := d.repo.PostingByKey(ctx, issueDealer, key); !errors.Is(err, dealerkit.ErrNotFound) {
			return fmt.Errorf("key %s: %v", key, err)
		}
		p, err := parts.NewPosting(uuid.Must(uuid.NewV7()), d.clerk, now(), issueInput(key, part))
		if err != nil {
			return err
		}
		return d.repo.Post(ctx, p)
	})
}

func newMemoryIssuer(b *testing.B, rows int) issuer {
	s := memory.New()
	d := newDealerkitIssuer(b, s)
	// A receipt per row, as a store would have them.
	err := s.InTx(context.Background(), func(ctx context.Context) error {
		for k := range rows {
			p, err := parts.NewPosting(uuid.Must(uuid.NewV7()), d.clerk, now(), parts.PostingInput{Key: "seed-" + strconv.Itoa(k),
				Kind: parts.MoveReceipt, Reference: parts.Reference{Kind: parts.RefPurchaseOrder}, Reason: "seed",
				Method: parts.MovingAverage, Rounding: dealerkit.DefaultRounding(), Lines: []parts.PostingLine{{ID: uuid.Must(uuid.NewV7()),
					Part: issuePartID(k), Bin: issueBin, Quantity: issueSeedQty, Value: issueSeedVal, UnitCost: decimal.RequireFromString("2.5000")}}})
			if err != nil {
				return err
			}
			if err := d.repo.Post(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return d
}

func newSQLIssuer(b testing.TB, db *sql.DB, d sqlstore.Dialect, rows int) issuer {
	s := benchStore(b, db, d)
	seedIssueRows(b, db, d, rows)
	return newDealerkitIssuer(b, s)
}

// seedIssueRows inserts the stock rows straight into the table (no movements: the benchmark
// does not read the books).
func seedIssueRows(b testing.TB, db *sql.DB, d sqlstore.Dialect, rows int) {
	var sb strings.Builder
	sb.WriteString(`INSERT INTO dealerkit_stock (dealer_id, part_id, bin, on_hand, reserved, value, method, layers,
		last_unit_cost, last_movement_at`)
	scales := ""
	if d == sqlstore.MySQL { // the scales of on_hand, reserved and value
		sb.WriteString(", on_hand_scale, reserved_scale, value_scale")
		scales = ", 0, 0, 2"
	}
	sb.WriteString(") VALUES ")
	var args []any
	for k := range rows {
		if k > 0 {
			sb.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&sb, "($%d, $%d, $%d, $%d, '0', $%d, 'moving_average', NULL, '2.5000', NULL%s)", n+1, n+2, n+3, n+4, n+5, scales)
		args = append(args, issueDealer.String(), issuePartID(k).String(), issueBin, issueSeedQty.String(), dealerkit.FormatExact(issueSeedVal))
	}
	query, args := benchSQL(d, sb.String(), args...)
	if _, err := db.ExecContext(context.Background(), query, args...); err != nil {
		b.Fatal(err)
	}
}

// baseline: the reference posting's stored form, spliced.

// template is a body with holes: literal pieces, and between them the index of the value that
// fills each hole.
type template struct {
	lits  []string
	holes []int
}

// Holes of the templates.
const (
	holePosting = iota
	holeMovement
	holeKey
	holePart
	holeAt
	holeValue
	holeOnHandAfter
	holeValueAfter
	holes
)

// makeTemplate cuts body at every occurrence of each marker.
func makeTemplate(body string, markers [holes]string) template {
	var t template
	for {
		at, which := -1, -1
		for i, m := range markers {
			if k := strings.Index(body, m); k >= 0 && (at < 0 || k < at) {
				at, which = k, i
			}
		}
		if at < 0 {
			t.lits = append(t.lits, body)
			return t
		}
		t.lits = append(t.lits, body[:at])
		t.holes = append(t.holes, which)
		body = body[at+len(markers[which]):]
	}
}

func (t template) fill(buf []byte, v *[holes]string) []byte {
	for i, h := range t.holes {
		buf = append(buf, t.lits[i]...)
		buf = append(buf, v[h]...)
	}
	return append(buf, t.lits[len(t.lits)-1]...)
}

// reference is what a reference issue encodes to, cut into templates.
type reference struct {
	posting, movement, data template
	actor                   string
	typ, clause, to         string
}

func newReference(b testing.TB) reference {
	clerk := issueClerk(b)
	var markers [holes]string
	ids := [2]uuid.UUID{uuid.MustParse("aaaaaaaa-0000-7000-8000-000000000001"), uuid.MustParse("aaaaaaaa-0000-7000-8000-000000000002")}
	part := uuid.MustParse("aaaaaaaa-0000-7000-8000-000000000003")
	at := time.Date(2001, 2, 3, 4, 5, 6, 789012000, time.UTC)
	markers[holePosting], markers[holeMovement], markers[holePart] = ids[0].String(), ids[1].String(), part.String()
	markers[holeKey], markers[holeAt] = "REFERENCE-KEY", "2001-02-03T04:05:06.789012Z"
	in := issueInput(markers[holeKey], part)
	in.Lines[0].ID = ids[1]
	p, err := parts.NewPosting(ids[0], clerk, at, in)
	if err != nil {
		b.Fatal(err)
	}
	row, err := parts.RestoreStock(parts.StockSnapshot{Dealer: issueDealer, Part: part, Bin: issueBin, OnHand: issueSeedQty,
		Reserved: decimal.Zero, Value: issueSeedVal, Method: parts.MovingAverage, LastUnitCost: decimal.RequireFromString("2.5000")})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := p.Apply(0, row); err != nil {
		b.Fatal(err)
	}
	m := p.Movements()[0]
	markers[holeValue], markers[holeOnHandAfter], markers[holeValueAfter] = `"-2.50"`, `"999999999"`, `"2499999997.50"`
	head, err := codec.EncodePosting(p)
	if err != nil {
		b.Fatal(err)
	}
	mv, err := codec.EncodeMovement(m)
	if err != nil {
		b.Fatal(err)
	}
	ev := p.PendingEvents()[0]
	actor, err := json.Marshal(ev.Actor)
	if err != nil {
		b.Fatal(err)
	}
	r := reference{posting: makeTemplate(string(head), markers), movement: makeTemplate(string(mv), markers),
		data: makeTemplate(string(ev.Data), markers), actor: string(actor), typ: ev.Type, clause: ev.Clause, to: ev.To}
	if len(r.movement.holes) < 7 {
		b.Fatalf("the reference movement has %d holes: %s", len(r.movement.holes), mv)
	}
	return r
}

// values of one iteration's holes.
func (r reference) values(key string, posting, movement, part uuid.UUID, at time.Time, value, onHand, valueAfter decimal.Decimal) *[holes]string {
	var v [holes]string
	v[holePosting], v[holeMovement], v[holeKey], v[holePart] = posting.String(), movement.String(), key, part.String()
	v[holeAt] = at.Format(time.RFC3339Nano)
	v[holeValue] = `"` + dealerkit.FormatExact(value) + `"`
	v[holeOnHandAfter] = `"` + dealerkit.FormatExact(onHand) + `"`
	v[holeValueAfter] = `"` + dealerkit.FormatExact(valueAfter) + `"`
	return &v
}

// cost is the moving-average cost of q out of a row: its share round(value × q / on-hand), all of
// it for the last unit.
func cost(value, q, onHand decimal.Decimal) decimal.Decimal {
	if q.GreaterThanOrEqual(onHand) {
		return value
	}
	return dealerkit.DefaultRounding().Round(value.Mul(q).DivRound(onHand, 20))
}

// memoryBaseline is a hand-written in-memory ledger: a mutex, maps and the same bodies.
type memoryBaseline struct {
	ref  reference
	keys keys

	mu       sync.Mutex
	rows     map[uuid.UUID]*memRow
	postings map[string][]byte // by key
	moves    [][]byte
	events   []dealerkit.Event
}

type memRow struct{ onHand, reserved, value decimal.Decimal }

func newMemoryBaseline(b *testing.B, rows int) issuer {
	m := &memoryBaseline{ref: newReference(b), rows: map[uuid.UUID]*memRow{}, postings: map[string][]byte{}}
	for k := range rows {
		m.rows[issuePartID(k)] = &memRow{issueSeedQty, decimal.Zero, issueSeedVal}
	}
	return m
}

func (m *memoryBaseline) issue(_ context.Context, part uuid.UUID) error {
	key, pid, mid, at := m.keys.next(), uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7()), now()
	q := decimal.NewFromInt(1)
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, taken := m.postings[key]; taken {
		return fmt.Errorf("key %s taken", key)
	}
	r := m.rows[part]
	if r == nil || r.onHand.Sub(r.reserved).LessThan(q) {
		return parts.ErrInsufficientStock
	}
	c := cost(r.value, q, r.onHand)
	r.onHand, r.value = r.onHand.Sub(q), r.value.Sub(c)
	v := m.ref.values(key, pid, mid, part, at, c.Neg(), r.onHand, r.value)
	m.postings[key] = m.ref.posting.fill(nil, v)
	m.moves = append(m.moves, m.ref.movement.fill(nil, v))
	m.events = append(m.events, dealerkit.Event{Dealer: issueDealer, Seq: int64(len(m.events) + 1), Aggregate: "stock",
		AggregateID: pid, Type: m.ref.typ, Clause: m.ref.clause, At: at, To: m.ref.to, Data: m.ref.data.fill(nil, v)})
	return nil
}

// sqlBaseline issues the statements the adapter issues, written by hand.
type sqlBaseline struct {
	db   *sql.DB
	d    sqlstore.Dialect
	ref  reference
	keys keys
}

func newSQLBaseline(b testing.TB, db *sql.DB, d sqlstore.Dialect, rows int) issuer {
	benchStore(b, db, d) // migrated
	seedIssueRows(b, db, d, rows)
	return &sqlBaseline{db: db, d: d, ref: newReference(b)}
}

func (s *sqlBaseline) timeArg(t time.Time) any {
	if s.d == sqlstore.SQLite {
		return t.Format("2006-01-02T15:04:05.000000Z")
	}
	return t
}

func (s *sqlBaseline) issue(ctx context.Context, part uuid.UUID) error {
	if s.d == sqlstore.MySQL {
		return s.issueMySQL(ctx, part)
	}
	key, pid, mid, at := s.keys.next(), uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7()), now()
	dealer, partID := issueDealer.String(), part.String()
	q := decimal.NewFromInt(1)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, `SELECT p.body, m.body FROM dealerkit_postings p
		JOIN dealerkit_movements m ON m.dealer_id = p.dealer_id AND m.posting_id = p.id
		WHERE p.dealer_id = $1 AND p.key = $2 ORDER BY m.ordinal`, dealer, key)
	if err != nil {
		return err
	}
	found := rows.Next()
	if err := rows.Close(); err != nil || found {
		return fmt.Errorf("key %s: found %v, %v", key, found, err)
	}

	query := `SELECT on_hand, reserved, value, method, layers, last_unit_cost, last_movement_at FROM dealerkit_stock
		WHERE dealer_id = $1 AND part_id = $2 AND bin = $3`
	if s.d == sqlstore.Postgres {
		query += " FOR UPDATE"
	}
	var onHandS, reservedS, valueS, method, lastCost string
	var layers []byte
	var last any
	if err := tx.QueryRowContext(ctx, query, dealer, partID, issueBin).Scan(&onHandS, &reservedS, &valueS, &method, &layers, &lastCost, &last); err != nil {
		return err
	}
	onHand, err := decimal.NewFromString(onHandS)
	if err != nil {
		return err
	}
	reserved, err := decimal.NewFromString(reservedS)
	if err != nil {
		return err
	}
	value, err := decimal.NewFromString(valueS)
	if err != nil {
		return err
	}
	if onHand.Sub(reserved).LessThan(q) {
		return parts.ErrInsufficientStock
	}
	c := cost(value, q, onHand)
	newOnHand, newValue := onHand.Sub(q), value.Sub(c)
	v := s.ref.values(key, pid, mid, part, at, c.Neg(), newOnHand, newValue)
	buf := make([]byte, 0, 2048)

	buf = s.ref.posting.fill(buf[:0], v)
	res, err := tx.ExecContext(ctx, `INSERT INTO dealerkit_postings (dealer_id, id, key, kind, at, body)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, dealer, pid.String(), key, "issue", s.timeArg(at), string(buf))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("posting: %d rows, %v", n, err)
	}

	if s.d == sqlstore.Postgres {
		var o, r, val string
		if err := tx.QueryRowContext(ctx, `UPDATE dealerkit_stock
			SET on_hand = on_hand + $4, reserved = reserved + $5, value = value + $6,
			    method = $7, layers = $8, last_unit_cost = $9, last_movement_at = $10
			WHERE dealer_id = $1 AND part_id = $2 AND bin = $3 AND reserved + $5 >= 0 AND on_hand + $4 >= reserved + $5
			RETURNING on_hand, reserved, value`,
			dealer, partID, issueBin, "-1", "0", dealerkit.FormatExact(c.Neg()), method, nil, lastCost, at).Scan(&o, &r, &val); err != nil {
			return err
		}
	} else {
		res, err := tx.ExecContext(ctx, `UPDATE dealerkit_stock
			SET on_hand = $4, reserved = $5, value = $6, method = $7, layers = $8, last_unit_cost = $9, last_movement_at = $10
			WHERE dealer_id = $1 AND part_id = $2 AND bin = $3 AND on_hand = $11 AND reserved = $12 AND value = $13`,
			dealer, partID, issueBin, dealerkit.FormatExact(newOnHand), reservedS, dealerkit.FormatExact(newValue), method, nil, lastCost,
			s.timeArg(at), onHandS, reservedS, valueS)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("stock: %d rows, %v", n, err)
		}
	}

	buf = s.ref.movement.fill(buf[:0], v)
	if _, err := tx.ExecContext(ctx, `INSERT INTO dealerkit_movements
		(dealer_id, id, posting_id, ordinal, part_id, bin, kind, quantity, value, at, body)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		dealer, mid.String(), pid.String(), 0, partID, issueBin, "issue", "-1", dealerkit.FormatExact(c.Neg()), s.timeArg(at), string(buf)); err != nil {
		return err
	}

	var seq int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO dealerkit_event_counters (dealer_id, seq) VALUES ($1, $2)
		ON CONFLICT (dealer_id) DO UPDATE SET seq = dealerkit_event_counters.seq + excluded.seq
		RETURNING seq`, dealer, 1).Scan(&seq); err != nil {
		return err
	}
	buf = s.ref.data.fill(buf[:0], v)
	if _, err := tx.ExecContext(ctx, `INSERT INTO dealerkit_events
		(dealer_id, seq, aggregate, aggregate_id, type, clause, actor, at, from_state, to_state, data)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		dealer, seq, "stock", pid.String(), s.ref.typ, s.ref.clause, s.ref.actor, s.timeArg(at), "", s.ref.to, string(buf)); err != nil {
		return err
	}
	return tx.Commit()
}

// issueMySQL is issue with the statements the adapter issues on MySQL: the row locked with
// SELECT … FOR UPDATE, the key claimed with a plain INSERT, the guarded DECIMAL update checked
// in its WHERE clause, the counter advanced with LAST_INSERT_ID.
func (s *sqlBaseline) issueMySQL(ctx context.Context, part uuid.UUID) error {
	key, pid, mid, at := s.keys.next(), uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7()), now()
	dealer, partID := issueDealer.String(), part.String()
	q := decimal.NewFromInt(1)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, "SELECT p.body, m.body FROM dealerkit_postings p "+
		"LEFT JOIN dealerkit_movements m ON m.dealer_id = p.dealer_id AND m.posting_id = p.id "+
		"WHERE p.dealer_id = ? AND p.`key` = ? ORDER BY m.ordinal", dealer, key)
	if err != nil {
		return err
	}
	found := rows.Next()
	if err := rows.Close(); err != nil || found {
		return fmt.Errorf("key %s: found %v, %v", key, found, err)
	}

	var onHandS, reservedS, valueS, method, lastCost string
	var layers []byte
	var last any
	var scales [3]int32
	if err := tx.QueryRowContext(ctx, `SELECT on_hand, reserved, value, method, layers, last_unit_cost, last_movement_at,
		on_hand_scale, reserved_scale, value_scale FROM dealerkit_stock WHERE dealer_id = ? AND part_id = ? AND bin = ? FOR UPDATE`,
		dealer, partID, issueBin).Scan(&onHandS, &reservedS, &valueS, &method, &layers, &lastCost, &last,
		&scales[0], &scales[1], &scales[2]); err != nil {
		return err
	}
	var ds [3]decimal.Decimal
	for i, text := range []string{onHandS, reservedS, valueS} {
		d, err := decimal.NewFromString(text)
		if err != nil {
			return err
		}
		if ds[i], err = decimal.NewFromString(d.StringFixed(scales[i])); err != nil {
			return err
		}
	}
	onHand, reserved, value := ds[0], ds[1], ds[2]
	if onHand.Sub(reserved).LessThan(q) {
		return parts.ErrInsufficientStock
	}
	c := cost(value, q, onHand)
	newOnHand, newValue := onHand.Sub(q), value.Sub(c)
	v := s.ref.values(key, pid, mid, part, at, c.Neg(), newOnHand, newValue)
	buf := make([]byte, 0, 2048)

	buf = s.ref.posting.fill(buf[:0], v)
	if _, err := tx.ExecContext(ctx, "INSERT INTO dealerkit_postings (dealer_id, id, `key`, kind, at, body) VALUES (?, ?, ?, ?, ?, ?)",
		dealer, pid.String(), key, "issue", at, string(buf)); err != nil {
		return err
	}

	const dec = "CAST(? AS DECIMAL(65,30))"
	dv := dealerkit.FormatExact(c.Neg())
	res, err := tx.ExecContext(ctx, `UPDATE dealerkit_stock
		SET on_hand = on_hand + `+dec+`, reserved = reserved + `+dec+`, value = value + `+dec+`,
		    method = ?, layers = ?, last_unit_cost = ?, last_movement_at = ?,
		    on_hand_scale = ?, reserved_scale = ?, value_scale = ?
		WHERE dealer_id = ? AND part_id = ? AND bin = ?
		  AND reserved + `+dec+` >= 0 AND on_hand + `+dec+` >= reserved + `+dec+`
		  AND on_hand + `+dec+` = `+dec+` AND reserved + `+dec+` = `+dec+`
		  AND value + `+dec+` = `+dec,
		"-1", "0", dv, method, nil, lastCost, at, -newOnHand.Exponent(), -reserved.Exponent(), -newValue.Exponent(),
		dealer, partID, issueBin, "0", "-1", "0", "-1", dealerkit.FormatExact(newOnHand), "0", reservedS, dv, dealerkit.FormatExact(newValue))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("stock: %d rows, %v", n, err)
	}

	buf = s.ref.movement.fill(buf[:0], v)
	if _, err := tx.ExecContext(ctx, `INSERT INTO dealerkit_movements
		(dealer_id, id, posting_id, ordinal, part_id, bin, kind, quantity, value, at, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		dealer, mid.String(), pid.String(), 0, partID, issueBin, "issue", "-1", dv, at, string(buf)); err != nil {
		return err
	}

	res, err = tx.ExecContext(ctx, `INSERT INTO dealerkit_event_counters (dealer_id, seq) VALUES (?, LAST_INSERT_ID(?))
		ON DUPLICATE KEY UPDATE seq = LAST_INSERT_ID(seq + ?)`, dealer, 1, 1)
	if err != nil {
		return err
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return err
	}
	buf = s.ref.data.fill(buf[:0], v)
	if _, err := tx.ExecContext(ctx, `INSERT INTO dealerkit_events
		(dealer_id, seq, aggregate, aggregate_id, type, clause, actor, at, from_state, to_state, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		dealer, seq, "stock", pid.String(), s.ref.typ, s.ref.clause, s.ref.actor, at, "", s.ref.to, string(buf)); err != nil {
		return err
	}
	return tx.Commit()
}
