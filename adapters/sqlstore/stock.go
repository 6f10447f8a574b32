package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// The ledger: stock rows, postings and movements (parts.StockRepository).
//
// Post and Reserve work in three steps, in the transaction of ctx or in one of their own:
//
//  1. Take each row the change touches, in the order given (part, then bin: the lock order), as
//     it stands inside the transaction: PostgreSQL and MySQL lock it with SELECT … FOR UPDATE (a
//     row that does not exist yet is first inserted empty, so that a concurrent first receipt
//     waits for it instead of failing); SQLite's immediate transaction already holds the
//     database's write lock. Compute the change in Go (parts.Posting.Apply,
//     parts.Stock.Reserve). A refusal has written nothing, so the caller's transaction stays
//     usable.
//  2. Post claims the idempotency key: INSERT … ON CONFLICT DO NOTHING on the unique
//     (dealer_id, key). A key taken by a committed posting — or by one in flight, which PostgreSQL
//     waits for — is dealerkit.ErrConflict, again with nothing written.
//  3. Write each row. PostgreSQL never writes back a quantity read: it adds the change, guarded,
//     UPDATE … SET on_hand = on_hand + $q, reserved = reserved + $r, value = value + $v … WHERE …
//     AND reserved + $r >= 0 AND on_hand + $q >= reserved + $r, with exact numeric arithmetic and
//     the table's CHECK constraints as the backstop; MySQL does the same with DECIMAL(65,30),
//     checking the result in the WHERE clause for want of RETURNING (putMySQL). SQLite writes the
//     values computed in Go (its NUMERIC arithmetic would go through floating point),
//     compare-and-set on the values read. Then Post inserts the movements and queues the
//     posting's event.
//
// A failure in step 3 leaves part of the change written. Inside InTx it fails the transaction
// (txState.fail): InTx rolls back and returns the error even if fn ignored it. Under WithTx the
// host must roll back, as after any error. Outside a transaction, Post and Reserve run in their
// own and try again, a few times, when PostgreSQL reports a serialization failure or a deadlock
// (MySQL: a deadlock or a lock-wait timeout); inside one those errors match dealerkit.ErrConflict
// and the whole transaction is the caller's to retry (parts.Service does).

// stockAttempts bounds the runs of a Post or Reserve in a transaction of its own.
const stockAttempts = 5

// writeStock runs op as write does and, in a transaction of its own, again after a serialization
// failure or a deadlock.
func (s *Store) writeStock(ctx context.Context, op func(ctx context.Context, st *txState) error) error {
	if _, joined := s.txFrom(ctx); joined {
		return s.write(ctx, op)
	}
	var err error
	for attempt := range stockAttempts {
		if attempt > 0 {
			// A short random pause, growing with each attempt, so that the transactions that
			// collided do not collide again.
			pause := time.Duration(1+rand.IntN(4<<attempt)) * time.Millisecond
			select {
			case <-ctx.Done():
				return errors.Join(err, context.Cause(ctx))
			case <-time.After(pause):
			}
		}
		if err = s.write(ctx, op); !s.isRetryable(err) {
			return err
		}
	}
	return err
}

func (s *Store) isRetryable(err error) bool {
	if s.d == MySQL {
		return isMySQLError(err, myDeadlock, myLockWaitTimeout)
	}
	var pe pgError
	if s.d != Postgres || !errors.As(err, &pe) {
		return false
	}
	return pe.SQLState() == pgSerializationFailure || pe.SQLState() == pgDeadlockDetected
}

// Check violations: on the stock table they mean a change would have taken stock that is not
// there.
const (
	pgCheckViolation      = "23514"
	sqliteConstraintCheck = 275 // SQLITE_CONSTRAINT_CHECK
)

// stockError translates an error of a statement on the stock table: a check violation matches
// parts.ErrInsufficientStock (the constraints are the backstop of the guarded update).
func (s *Store) stockError(op string, err error) error {
	var pe pgError
	var se sqliteError
	switch {
	case s.d == Postgres && errors.As(err, &pe) && pe.SQLState() == pgCheckViolation,
		s.d == SQLite && errors.As(err, &se) && se.Code() == sqliteConstraintCheck,
		s.d == MySQL && isMySQLError(err, myCheckViolated, mariaCheckFailed):
		return fmt.Errorf("%s: %w: %w", op, parts.ErrInsufficientStock, err)
	}
	return s.translate(op, err)
}

type stockKey struct {
	part uuid.UUID
	bin  string
}

// stockChange is one row as Post or Reserve takes, changes and writes it.
type stockChange struct {
	key     stockKey
	exists  bool         // the row was there (PostgreSQL, MySQL: it is now, inserted empty)
	before  *parts.Stock // as taken; nil when there was no row
	raw     [3]string    // on_hand, reserved and value as stored: SQLite's compare-and-set
	created bool         // PostgreSQL, MySQL: this call inserted it empty
	after   *parts.Stock
}

const stockColumns = "on_hand, reserved, value, method, layers, last_unit_cost, last_movement_at"

// mysqlStockColumns adds the scales: MySQL's DECIMAL(65,30) keeps 30 places whatever was
// written, so the scale of each quantity is a column of its own.
const mysqlStockColumns = stockColumns + ", on_hand_scale, reserved_scale, value_scale"

func (s *Store) stockColumns() string {
	if s.d == MySQL {
		return mysqlStockColumns
	}
	return stockColumns
}

// stockScan receives the stockColumns of a row.
type stockScan struct {
	raw              [3]string // on_hand, reserved, value as stored
	method, lastCost string
	layers           []byte
	last             time.Time
	mysql            bool
	scale            [3]int32 // MySQL: the scale each of raw was written with
}

func (s *Store) stockScan() stockScan { return stockScan{mysql: s.d == MySQL} }

func (x *stockScan) dest() []any {
	d := []any{&x.raw[0], &x.raw[1], &x.raw[2], &x.method, &x.layers, &x.lastCost, optTimeScan{&x.last}}
	if x.mysql {
		d = append(d, &x.scale[0], &x.scale[1], &x.scale[2])
	}
	return d
}

// row rebuilds the scanned row of dealer's part in bin.
func (x *stockScan) row(dealer dealerkit.DealerID, part uuid.UUID, bin string) (*parts.Stock, error) {
	snap := parts.StockSnapshot{Dealer: dealer, Part: part, Bin: bin, LastMovementAt: x.last}
	var err error
	for i, d := range []*decimal.Decimal{&snap.OnHand, &snap.Reserved, &snap.Value, &snap.LastUnitCost} {
		text := x.lastCost
		if i < 3 {
			text = x.raw[i]
		}
		if *d, err = decimal.NewFromString(text); err != nil {
			return nil, fmt.Errorf("bad stored decimal %q: %w", text, err)
		}
		if x.mysql && i < 3 {
			// Back to the scale written: the places dropped are zeros, so this is exact.
			if *d, err = decimal.NewFromString(d.StringFixed(x.scale[i])); err != nil {
				return nil, fmt.Errorf("bad stored decimal %q: %w", text, err)
			}
		}
	}
	if snap.Method, err = parts.ParseValuationMethod(x.method); err != nil {
		return nil, err
	}
	if snap.Layers, err = codec.DecodeLayers(x.layers); err != nil {
		return nil, err
	}
	return parts.RestoreStock(snap)
}

// The statements of take, whole constants rather than put together on every call.
const (
	takeWhere    = " FROM dealerkit_stock WHERE dealer_id = $1 AND part_id = $2 AND bin = $3"
	takeSQLite   = "SELECT " + stockColumns + takeWhere
	takePostgres = "SELECT " + stockColumns + takeWhere + " FOR UPDATE"
	takeMySQL    = "SELECT " + mysqlStockColumns + takeWhere + " FOR UPDATE"
)

func (s *Store) takeQuery() string {
	switch s.d {
	case SQLite:
		return takeSQLite
	case MySQL:
		return takeMySQL
	}
	return takePostgres
}

// stockOp names a call on one stock row in its errors. It is formatted only when there is an
// error to name it in: Sprintf of ids on every take and put was a good part of a posting's
// allocations.
type stockOp struct {
	verb string // "" or "write "
	key  stockKey
}

func (o stockOp) String() string {
	return fmt.Sprintf("%sstock of part %s in bin %q", o.verb, o.key.part, o.key.bin)
}

// take takes the row of key in the transaction as step 1 describes. create asks for an empty row
// to be inserted first when there is none (PostgreSQL; an inbound movement).
func (s *Store) take(ctx context.Context, tx *sql.Tx, dealer dealerkit.DealerID, key stockKey, create bool) (*stockChange, error) {
	c := &stockChange{key: key}
	op := stockOp{"", key}
	args := []any{dealer.String(), key.part.String(), key.bin}
	query := s.takeQuery()
	x := s.stockScan()
	err := s.on(tx).QueryRowContext(ctx, query, args...).Scan(x.dest()...)
	if errors.Is(err, sql.ErrNoRows) && create && s.d == Postgres {
		// No row to lock: insert it empty, so that a concurrent first receipt into the bin waits
		// for this transaction (or this one for it) instead of failing on the key, and take it.
		res, ierr := s.on(tx).ExecContext(ctx, `INSERT INTO dealerkit_stock (dealer_id, part_id, bin, on_hand, reserved, value,
			method, layers, last_unit_cost, last_movement_at) VALUES ($1, $2, $3, 0, 0, 0, $4, NULL, 0, NULL)
			ON CONFLICT DO NOTHING`, append(args, parts.MovingAverage.String())...)
		if ierr != nil {
			return nil, s.stockError(op.String(), ierr)
		}
		if c.created, ierr = s.rowsAffected(op.String(), res); ierr != nil {
			return nil, ierr
		}
		err = s.on(tx).QueryRowContext(ctx, query, args...).Scan(x.dest()...)
	}
	if errors.Is(err, sql.ErrNoRows) && create && s.d == MySQL {
		// As in PostgreSQL. ON DUPLICATE KEY UPDATE rather than a plain INSERT: a duplicate-key
		// error would leave a shared lock, and two transactions each holding one and asking for
		// the exclusive lock deadlock; the upsert takes the exclusive lock at once.
		_, ierr := s.on(tx).ExecContext(ctx, `INSERT INTO dealerkit_stock (dealer_id, part_id, bin, on_hand, reserved, value,
			method, layers, last_unit_cost, last_movement_at, on_hand_scale, reserved_scale, value_scale)
			VALUES ($1, $2, $3, 0, 0, 0, $4, NULL, '0', NULL, 0, 0, 0) ON DUPLICATE KEY UPDATE dealer_id = dealer_id`,
			append(args, parts.MovingAverage.String())...)
		if ierr != nil {
			return nil, s.stockError(op.String(), ierr)
		}
		if err = s.on(tx).QueryRowContext(ctx, query, args...).Scan(x.dest()...); err == nil {
			// An empty row no movement ever touched is one this call inserted or one a
			// transaction that gave up left behind in the instant before it dropped it: either way
			// it stands for no row, and is this call's to drop. (The count of rows the upsert
			// touched cannot tell: the DSN's clientFoundRows changes it.)
			c.created = x.last.IsZero() && isZeroText(x.raw[0]) && isZeroText(x.raw[1]) && isZeroText(x.raw[2])
		}
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return c, nil
	case err != nil:
		return nil, s.translate(op.String(), err)
	}
	row, err := x.row(dealer, key.part, key.bin)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: %s: %w", op, err)
	}
	c.raw = x.raw
	c.exists = true
	if !c.created {
		c.before = row // an empty row this call inserted stands for no row
	}
	c.after = c.before
	return c, nil
}

// drop deletes the empty rows take inserted, when the change is refused.
func (s *Store) drop(ctx context.Context, tx *sql.Tx, dealer dealerkit.DealerID, cs []*stockChange) error {
	for _, c := range cs {
		if !c.created {
			continue
		}
		if _, err := s.on(tx).ExecContext(ctx, `DELETE FROM dealerkit_stock WHERE dealer_id = $1 AND part_id = $2 AND bin = $3
			AND on_hand = 0 AND reserved = 0`, dealer.String(), c.key.part.String(), c.key.bin); err != nil {
			return s.translate("drop empty stock row", err)
		}
	}
	return nil
}

// put writes c.after as step 3 describes.
func (s *Store) put(ctx context.Context, tx *sql.Tx, dealer dealerkit.DealerID, c *stockChange) error {
	a := c.after
	op := stockOp{"write ", c.key}
	layers, err := codec.EncodeLayers(a.Layers())
	if err != nil {
		return fmt.Errorf("sqlstore: %s: %w", op, err)
	}
	var layersArg any // NULL when there are none
	if layers != nil {
		layersArg = string(layers)
	}
	// One slice for every argument of the statement: the key, then what each dialect binds.
	args := make([]any, 3, 13)
	args[0], args[1], args[2] = dealer.String(), c.key.part.String(), c.key.bin
	rest := []any{a.Method().String(), layersArg, dealerkit.FormatExact(a.LastUnitCost()), s.optFloorArg(a.LastMovementAt(), true)}
	if s.d == MySQL {
		return s.putMySQL(ctx, tx, op, args[:3:3], rest, c) // its own slices, as it appends to the key twice
	}
	if s.d == Postgres {
		before := c.before
		if before == nil {
			before = parts.NewStock(dealer, c.key.part, c.key.bin)
		}
		dq, dr, dv := a.OnHand().Sub(before.OnHand()), a.Reserved().Sub(before.Reserved()), a.Value().Sub(before.Value())
		args = append(args, dealerkit.FormatExact(dq), dealerkit.FormatExact(dr), dealerkit.FormatExact(dv))
		var onHand, reserved, value string
		err := s.on(tx).QueryRowContext(ctx, `UPDATE dealerkit_stock
			SET on_hand = on_hand + $4, reserved = reserved + $5, value = value + $6,
			    method = $7, layers = $8, last_unit_cost = $9, last_movement_at = $10
			WHERE dealer_id = $1 AND part_id = $2 AND bin = $3 AND reserved + $5 >= 0 AND on_hand + $4 >= reserved + $5
			RETURNING on_hand, reserved, value`, append(args, rest...)...).Scan(&onHand, &reserved, &value)
		if errors.Is(err, sql.ErrNoRows) {
			// Cannot happen under the row lock: the guard is the backstop.
			return fmt.Errorf("%s: the guarded update refused %s: %w", op, dealerkit.FormatExact(dq), parts.ErrInsufficientStock)
		} else if err != nil {
			return s.stockError(op.String(), err)
		}
		if !equalText(onHand, a.OnHand()) || !equalText(reserved, a.Reserved()) || !equalText(value, a.Value()) {
			return fmt.Errorf("sqlstore: %s: the row holds %s, %s reserved, value %s; want %s, %s, %s",
				op, onHand, reserved, value, a.OnHand(), a.Reserved(), a.Value())
		}
		return nil
	}
	args = append(args, dealerkit.FormatExact(a.OnHand()), dealerkit.FormatExact(a.Reserved()), dealerkit.FormatExact(a.Value()))
	args = append(args, rest...)
	var res sql.Result
	if c.exists {
		res, err = s.on(tx).ExecContext(ctx, `UPDATE dealerkit_stock
			SET on_hand = $4, reserved = $5, value = $6, method = $7, layers = $8, last_unit_cost = $9, last_movement_at = $10
			WHERE dealer_id = $1 AND part_id = $2 AND bin = $3 AND on_hand = $11 AND reserved = $12 AND value = $13`,
			append(args, c.raw[0], c.raw[1], c.raw[2])...)
	} else {
		res, err = s.on(tx).ExecContext(ctx, `INSERT INTO dealerkit_stock (dealer_id, part_id, bin, on_hand, reserved, value,
			method, layers, last_unit_cost, last_movement_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, args...)
	}
	if err != nil {
		return s.stockError(op.String(), err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.translate(op.String(), err)
	} else if n == 0 {
		// Only a deferred transaction of the host's lets another writer in between.
		return fmt.Errorf("%s: the row changed since it was read: %w", op, dealerkit.ErrConflict)
	}
	return nil
}

func isZeroText(text string) bool {
	v, err := decimal.NewFromString(text)
	return err == nil && v.IsZero()
}

func equalText(text string, d decimal.Decimal) bool {
	v, err := decimal.NewFromString(text)
	return err == nil && v.Equal(d)
}

// Post stores a posting as parts.StockRepository.Post describes (see the steps above).
func (r partsRepo) Post(ctx context.Context, p *parts.Posting) error {
	s := r.s
	return s.writeStock(ctx, func(ctx context.Context, st *txState) error { return r.post(ctx, st, p) })
}

func (r partsRepo) post(ctx context.Context, st *txState, p *parts.Posting) error {
	s, tx, dealer := r.s, st.tx, p.Dealer()
	op := "post " + p.ID().String()
	var changes []*stockChange
	byKey := map[stockKey]*stockChange{}
	for i, m := range p.Movements() {
		k := stockKey{m.Part, m.Bin}
		c := byKey[k]
		if c == nil {
			var err error
			if c, err = s.take(ctx, tx, dealer, k, m.Inbound()); err != nil {
				return errors.Join(err, s.drop(ctx, tx, dealer, changes))
			}
			byKey[k] = c
			changes = append(changes, c)
		}
		after, err := p.Apply(i, c.after)
		if err != nil {
			if taken, kerr := r.keyTaken(ctx, tx, p); kerr != nil || taken {
				// The request was served meanwhile (the row lock made this one wait for it):
				// that is a taken key, not a shortage.
				err = errors.Join(fmt.Errorf("%s: key %q is taken: %w", op, p.Key(), dealerkit.ErrConflict), kerr)
			}
			return errors.Join(err, s.drop(ctx, tx, dealer, changes))
		}
		c.after = after
	}

	if s.d == MySQL {
		for _, c := range changes {
			for _, d := range []decimal.Decimal{c.after.OnHand(), c.after.Reserved(), c.after.Value()} {
				if !fitsMySQLDecimal(d) { // refused before anything is written
					return errors.Join(fmt.Errorf("sqlstore: %s: %s has more than 35 digits before the point or 30 after: %w",
						op, dealerkit.FormatExact(d), dealerkit.ErrInvalid), s.drop(ctx, tx, dealer, changes))
				}
			}
		}
	}

	head, err := codec.EncodePosting(p)
	if err != nil {
		return fmt.Errorf("sqlstore: %s: %w", op, err)
	}
	res, err := s.on(tx).ExecContext(ctx, `INSERT INTO dealerkit_postings (dealer_id, id, `+s.ident("key")+`, kind, at, body)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
		dealer.String(), p.ID().String(), p.Key(), p.Kind().String(), s.floorArg(p.At()), string(head))
	if err != nil {
		return s.translate(op, err)
	}
	if wrote, err := s.rowsAffected(op, res); err != nil {
		return err
	} else if !wrote {
		return errors.Join(fmt.Errorf("%s: key %q or id is taken: %w", op, p.Key(), dealerkit.ErrConflict),
			s.drop(ctx, tx, dealer, changes))
	}

	// From here a failure leaves part of the posting written.
	if err := r.complete(ctx, st, p, changes); err != nil {
		st.fail(err)
		return err
	}
	st.queue(p.PendingEvents(), func() {})
	return nil
}

// movementColumns are the columns of one movement row, in the order complete binds them.
const movementColumns = 11

// complete writes the rows of a posting whose key is claimed, then its movements.
func (r partsRepo) complete(ctx context.Context, st *txState, p *parts.Posting, changes []*stockChange) error {
	s, tx, dealer := r.s, st.tx, p.Dealer()
	for _, c := range changes {
		if err := s.put(ctx, tx, dealer, c); err != nil {
			return err
		}
	}
	if s.postFault != nil {
		if err := s.postFault(p); err != nil {
			return err
		}
	}
	ms := p.Movements()
	dealerID, postingID := dealer.String(), p.ID().String()
	for start := 0; start < len(ms); start += eventsPerInsert {
		chunk := ms[start:min(start+eventsPerInsert, len(ms))]
		args := make([]any, 0, len(chunk)*movementColumns)
		for i, m := range chunk {
			body, err := codec.EncodeMovement(m)
			if err != nil {
				return fmt.Errorf("sqlstore: post %s: %w", p.ID(), err)
			}
			args = append(args, dealerID, m.ID.String(), postingID, start+i, m.Part.String(), m.Bin,
				m.Kind.String(), dealerkit.FormatExact(m.Quantity), dealerkit.FormatExact(m.Value), s.floorArg(m.At), string(body))
		}
		if _, err := s.on(tx).ExecContext(ctx, s.inserts.movements[len(chunk)], args...); err != nil {
			return s.translate("post "+postingID+": movements", err)
		}
	}
	return nil
}

func (r partsRepo) keyTaken(ctx context.Context, q querier, p *parts.Posting) (bool, error) {
	var taken bool
	err := r.s.on(q).QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM dealerkit_postings WHERE dealer_id = $1 AND "+r.s.ident("key")+" = $2)",
		p.Dealer().String(), p.Key()).Scan(&taken)
	if err != nil {
		return false, r.s.translate("posting key", err)
	}
	return taken, nil
}

// Reserve changes the reserved quantities of the holds' rows, all or none: each row is taken, the
// change computed with parts.Stock.Reserve, and written as step 3 describes (PostgreSQL's guard
// is UPDATE … SET reserved = reserved + $r WHERE … AND reserved + $r >= 0 AND on_hand >=
// reserved + $r).
func (r partsRepo) Reserve(ctx context.Context, dealer dealerkit.DealerID, holds []parts.Hold) error {
	s := r.s
	return s.writeStock(ctx, func(ctx context.Context, st *txState) error {
		var changes []*stockChange
		byKey := map[stockKey]*stockChange{}
		for _, h := range holds {
			k := stockKey{h.Part, h.Bin}
			c := byKey[k]
			if c == nil {
				var err error
				if c, err = s.take(ctx, st.tx, dealer, k, false); err != nil {
					return err
				}
				byKey[k] = c
				changes = append(changes, c)
			}
			if c.after == nil {
				return &parts.StockError{Part: h.Part, Bin: h.Bin, Have: decimal.Zero, Want: h.Quantity}
			}
			after, err := c.after.Reserve(h.Quantity)
			if err != nil {
				return err
			}
			c.after = after
		}
		for _, c := range changes {
			if err := s.put(ctx, st.tx, dealer, c); err != nil {
				st.fail(err)
				return err
			}
		}
		return nil
	})
}

func (r partsRepo) GetStock(ctx context.Context, dealer dealerkit.DealerID, part uuid.UUID, bin string) (*parts.Stock, error) {
	s := r.s
	op := fmt.Sprintf("stock of part %s in bin %q", part, bin)
	x := s.stockScan()
	if err := s.reader(ctx).QueryRowContext(ctx, "SELECT "+s.stockColumns()+
		" FROM dealerkit_stock WHERE dealer_id = $1 AND part_id = $2 AND bin = $3", dealer.String(), part.String(), bin).
		Scan(x.dest()...); err != nil {
		return nil, s.translate(op, err)
	}
	row, err := x.row(dealer, part, bin)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: %s: %w", op, err)
	}
	return row, nil
}

// ListStock returns the dealer's rows matching f, ordered by part, then bin (bytewise, as Go
// compares: COLLATE "C" in PostgreSQL).
func (r partsRepo) ListStock(ctx context.Context, dealer dealerkit.DealerID, f parts.StockFilter) ([]*parts.Stock, error) {
	s := r.s
	q := newDocQuery(dealer)
	if f.Part != uuid.Nil {
		q.and("part_id = " + q.arg(f.Part.String()))
	}
	if len(f.Bins) > 0 {
		q.in("bin", f.Bins)
	}
	rows, err := s.reader(ctx).QueryContext(ctx, "SELECT part_id, bin, "+s.stockColumns()+" FROM dealerkit_stock WHERE "+
		strings.Join(q.where, " AND ")+" ORDER BY part_id, bin", q.args...)
	if err != nil {
		return nil, s.translate("list stock", err)
	}
	defer rows.Close()
	var out []*parts.Stock
	for rows.Next() {
		var part uuid.UUID
		var bin string
		x := s.stockScan()
		if err := rows.Scan(append([]any{&part, &bin}, x.dest()...)...); err != nil {
			return nil, s.translate("list stock", err)
		}
		row, err := x.row(dealer, part, bin)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: list stock: %w", err)
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate("list stock", err)
	}
	return out, nil
}

func (r partsRepo) PostingByKey(ctx context.Context, dealer dealerkit.DealerID, key string) (*parts.Posting, error) {
	query := postingByKeySQL
	if r.s.d == MySQL {
		query = postingByKeyMySQL
	}
	p, err := r.posting(ctx, func() string { return "posting with key " + strconv.Quote(key) }, query, dealer, key)
	if p == nil && err == nil {
		return nil, codec.PostingKeyNotFound(key)
	}
	return p, err
}

func (r partsRepo) GetPosting(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.Posting, error) {
	p, err := r.posting(ctx, func() string { return "posting " + id.String() }, postingByIDSQL, dealer, id.String())
	if p == nil && err == nil {
		return nil, r.s.translate("posting "+id.String(), sql.ErrNoRows)
	}
	return p, err
}

// The statements of posting, whole constants rather than put together on every call: a new
// request's PostingByKey is the first statement of every posting.
const (
	postingSQL = `SELECT p.body, m.body FROM dealerkit_postings p
		LEFT JOIN dealerkit_movements m ON m.dealer_id = p.dealer_id AND m.posting_id = p.id
		WHERE p.dealer_id = $1 AND `
	postingByKeySQL   = postingSQL + "p.key = $2 ORDER BY m.ordinal"
	postingByKeyMySQL = postingSQL + "p.`key` = $2 ORDER BY m.ordinal"
	postingByIDSQL    = postingSQL + "p.id = $2 ORDER BY m.ordinal"
)

// posting reads a posting and its movements in one query. The join is an outer one: a posting
// of no movements (a receipt's key claim, parts.Posting.Claim) is one row with a NULL movement.
// what names it in errors, formatted only for one. It returns nil, nil when there is none.
func (r partsRepo) posting(ctx context.Context, what func() string, query string, dealer dealerkit.DealerID, arg any) (*parts.Posting, error) {
	s := r.s
	rows, err := s.reader(ctx).QueryContext(ctx, query, dealer.String(), arg)
	if err != nil {
		return nil, s.translate(what(), err)
	}
	defer rows.Close()
	var head []byte
	var ms []parts.Movement
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&head, &body); err != nil {
			return nil, s.translate(what(), err)
		}
		if body == nil {
			continue // the posting has no movements
		}
		m, err := codec.DecodeMovement(body)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: %s: %w", what(), err)
		}
		ms = append(ms, m)
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate(what(), err)
	}
	if head == nil {
		return nil, nil
	}
	p, err := codec.DecodePosting(head, ms)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: %s: %w", what(), err)
	}
	return p, nil
}

// ListMovements selects what parts.MovementFilter.Matches selects, ordered by id.
func (r partsRepo) ListMovements(ctx context.Context, dealer dealerkit.DealerID, f parts.MovementFilter) ([]parts.Movement, error) {
	s := r.s
	q := newDocQuery(dealer)
	if f.Part != uuid.Nil {
		q.and("part_id = " + q.arg(f.Part.String()))
	}
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = k.String()
		}
		q.in("kind", kinds)
	}
	if !f.From.IsZero() {
		q.and("at >= " + q.arg(s.ceilArg(f.From)))
	}
	if !f.To.IsZero() {
		q.and("at < " + q.arg(s.ceilArg(f.To)))
	}
	if f.Posting != uuid.Nil {
		q.and("posting_id = " + q.arg(f.Posting.String()))
	}
	q.after(f.After)
	query := "SELECT body FROM dealerkit_movements WHERE " + strings.Join(q.where, " AND ") + " ORDER BY id"
	if f.Limit > 0 {
		query += " LIMIT " + q.arg(f.Limit)
	}
	rows, err := s.reader(ctx).QueryContext(ctx, query, q.args...)
	if err != nil {
		return nil, s.translate("list movements", err)
	}
	defer rows.Close()
	var out []parts.Movement
	var body sql.RawBytes // DecodeMovement keeps nothing of it (codec.unmarshal): one buffer for every row
	for rows.Next() {
		if err := rows.Scan(&body); err != nil {
			return nil, s.translate("list movements", err)
		}
		m, err := codec.DecodeMovement(body)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: list movements: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate("list movements", err)
	}
	return out, nil
}

// optTimeScan reads a nullable time column of either dialect; NULL is the zero time.
type optTimeScan struct{ t *time.Time }

func (ts optTimeScan) Scan(src any) error {
	if src == nil {
		*ts.t = time.Time{}
		return nil
	}
	return timeScan(ts).Scan(src)
}

// myDec is the placeholder $n as an exact DECIMAL(65,30).
func myDec(n int) string { return "CAST($" + strconv.Itoa(n) + " AS DECIMAL(65,30))" }

// mysqlDecimal bounds what DECIMAL(65,30) holds: 35 digits before the point, 30 after.
var mysqlDecimalLimit = decimal.New(1, 35)

func fitsMySQLDecimal(d decimal.Decimal) bool {
	return d.Abs().LessThan(mysqlDecimalLimit) && d.Exponent() >= -30
}

// putMySQL is put's guarded update on MySQL: on_hand, reserved and value change by the
// difference, in exact DECIMAL arithmetic, only where the result keeps the rules and equals what
// Go computed, the scales are written beside them, and the table's CHECK constraints are the
// backstop. MySQL has no UPDATE … RETURNING; the result is checked in the WHERE clause instead.
func (s *Store) putMySQL(ctx context.Context, tx *sql.Tx, op stockOp, key, rest []any, c *stockChange) error {
	a, before := c.after, c.before
	if before == nil {
		before = parts.NewStock(a.Dealer(), c.key.part, c.key.bin)
	}
	for _, d := range []decimal.Decimal{a.OnHand(), a.Reserved(), a.Value()} {
		if !fitsMySQLDecimal(d) {
			return fmt.Errorf("sqlstore: %s: %s has more than 35 digits before the point or 30 after: %w",
				op, dealerkit.FormatExact(d), dealerkit.ErrInvalid)
		}
	}
	dq, dr, dv := a.OnHand().Sub(before.OnHand()), a.Reserved().Sub(before.Reserved()), a.Value().Sub(before.Value())
	args := append(key, dealerkit.FormatExact(dq), dealerkit.FormatExact(dr), dealerkit.FormatExact(dv))
	args = append(args, rest...) // $7 … $10
	args = append(args, dealerkit.FormatExact(a.OnHand()), dealerkit.FormatExact(a.Reserved()), dealerkit.FormatExact(a.Value()),
		-a.OnHand().Exponent(), -a.Reserved().Exponent(), -a.Value().Exponent()) // $11 … $16
	q := s.on(tx)
	// Every decimal argument is cast: MySQL would add or compare a DECIMAL and a string as
	// floating-point numbers.
	res, err := q.ExecContext(ctx, `UPDATE dealerkit_stock
		SET on_hand = on_hand + `+myDec(4)+`, reserved = reserved + `+myDec(5)+`, value = value + `+myDec(6)+`,
		    method = $7, layers = $8, last_unit_cost = $9, last_movement_at = $10,
		    on_hand_scale = $14, reserved_scale = $15, value_scale = $16
		WHERE dealer_id = $1 AND part_id = $2 AND bin = $3
		  AND reserved + `+myDec(5)+` >= 0 AND on_hand + `+myDec(4)+` >= reserved + `+myDec(5)+`
		  AND on_hand + `+myDec(4)+` = `+myDec(11)+` AND reserved + `+myDec(5)+` = `+myDec(12)+`
		  AND value + `+myDec(6)+` = `+myDec(13), args...)
	if err != nil {
		return s.stockError(op.String(), err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.translate(op.String(), err)
	} else if n > 0 {
		return nil
	}
	// No row changed: the guard refused (cannot happen under the row lock: it is the backstop),
	// or the row already held every value written (MySQL counts only rows it changed).
	var same bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM dealerkit_stock
		WHERE dealer_id = $1 AND part_id = $2 AND bin = $3 AND on_hand = `+myDec(4)+` AND reserved = `+myDec(5)+`
		  AND value = `+myDec(6)+` AND on_hand_scale = $7 AND reserved_scale = $8 AND value_scale = $9)`,
		append(key, args[10:]...)...).Scan(&same); err != nil {
		return s.translate(op.String(), err)
	}
	if !same {
		return fmt.Errorf("%s: the guarded update refused %s: %w", op, dealerkit.FormatExact(dq), parts.ErrInsufficientStock)
	}
	return nil
}
