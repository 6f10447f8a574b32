package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// The one path for tables of versioned documents: create, load, optimistic update and list.

// record is what every versioned document (a repair order, a complaint, a part …) offers an
// adapter.
type record interface {
	Dealer() dealerkit.DealerID
	ID() uuid.UUID
	Version() int64
	SetVersion(int64)
	PendingEvents() []dealerkit.Event
}

// docKind is one table of versioned documents: a row holds the JSON of the snapshot (body) and,
// beside it, header columns taken from the record's accessors. cols are the columns createDoc
// inserts and updateDoc rewrites; a kind with a Create of its own (repair orders, complaints)
// lists only the columns an update can change.
type docKind[T record] struct {
	what    string
	table   string
	cols    []string                  // header columns, written on create and update
	header  func(s *Store, x T) []any // their values
	keyName string                    // the unique key besides the id, for a conflict's message
	key     func(x T) string
	encode  func(T, int64) ([]byte, error)
	decode  func([]byte, int64) (T, error)
	insert  string // built by sql
	update  string
	load    string
}

// sql builds the statements of k once.
func (k docKind[T]) sql() docKind[T] {
	n := len(k.cols)
	ph := make([]string, n+1)
	set := make([]string, n+1)
	for i, c := range k.cols {
		ph[i] = "$" + strconv.Itoa(i+3)
		set[i] = c + " = $" + strconv.Itoa(i+1)
	}
	ph[n] = "$" + strconv.Itoa(n+3)
	set[n] = "body = $" + strconv.Itoa(n+1)
	// ON CONFLICT DO NOTHING rather than a unique violation, as for repair orders: in PostgreSQL
	// a failed statement would abort the caller's whole transaction.
	k.insert = "INSERT INTO " + k.table + " (dealer_id, id, version, " + strings.Join(k.cols, ", ") +
		", body) VALUES ($1, $2, 1, " + strings.Join(ph, ", ") + ") ON CONFLICT DO NOTHING"
	k.update = "UPDATE " + k.table + " SET version = version + 1, " + strings.Join(set, ", ") +
		" WHERE dealer_id = $" + strconv.Itoa(n+2) + " AND id = $" + strconv.Itoa(n+3) + " AND version = $" + strconv.Itoa(n+4)
	k.load = "SELECT version, body FROM " + k.table + " WHERE dealer_id = $1 AND id = $2"
	return k
}

func createDoc[T record](ctx context.Context, s *Store, k docKind[T], x T) error {
	body, err := k.encode(x, 1)
	if err != nil {
		return fmt.Errorf("sqlstore: create %s: %w", k.what, err)
	}
	op := "create " + k.what + " " + x.ID().String()
	args := append([]any{x.Dealer().String(), x.ID().String()}, k.header(s, x)...)
	args = append(args, string(body))
	if done, err := s.createAlone(ctx, op, k.insert, args, x, func(q querier) error { return takenError(ctx, q, k, x, op) }); done {
		return err
	}
	return s.write(ctx, func(ctx context.Context, st *txState) error {
		res, err := s.on(st.tx).ExecContext(ctx, k.insert, args...)
		if err != nil {
			return s.translate(op, err)
		}
		if wrote, err := s.rowsAffected(op, res); err != nil {
			return err
		} else if !wrote {
			return takenError(ctx, s.on(st.tx), k, x, op)
		}
		st.queue(x.PendingEvents(), func() { x.SetVersion(1) })
		return nil
	})
}

// createAlone creates a record outside any transaction on PostgreSQL: one statement inserts the
// row (ON CONFLICT DO NOTHING), bumps the event counter and inserts the events, where BEGIN,
// insert, events and COMMIT took four round trips. done is false where it does not apply (a
// transaction, another dialect, events one statement cannot take): the caller goes on as usual.
func (s *Store) createAlone(ctx context.Context, op, insert string, args []any, x interface {
	Dealer() dealerkit.DealerID
	PendingEvents() []dealerkit.Event
	SetVersion(int64)
}, taken func(querier) error) (done bool, err error) {
	if _, inTx := s.txFrom(ctx); inTx {
		return false, nil
	}
	evs := x.PendingEvents()
	if !s.eventsFitOneWrite(x.Dealer(), evs) {
		return false, nil
	}
	wrote, err := s.withEvents(ctx, s.db, insert, args, x.Dealer(), evs)
	switch {
	case err != nil:
		return true, s.translate(op, err)
	case !wrote:
		return true, taken(s.db)
	}
	x.SetVersion(1)
	return true, nil
}

// takenError says whether the id or the unique key made a create conflict.
func takenError[T record](ctx context.Context, q querier, k docKind[T], x T, op string) error {
	var idTaken bool
	err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+k.table+" WHERE dealer_id = $1 AND id = $2)",
		x.Dealer().String(), x.ID().String()).Scan(&idTaken)
	switch {
	case err == nil && idTaken:
		return fmt.Errorf("%s: id is taken: %w", op, dealerkit.ErrConflict)
	case err == nil:
		return fmt.Errorf("%s: %s %q is taken: %w", op, k.keyName, k.key(x), dealerkit.ErrConflict)
	default:
		return fmt.Errorf("%s: id or %s %q is taken: %w", op, k.keyName, k.key(x), dealerkit.ErrConflict)
	}
}

func loadDoc[T record](ctx context.Context, s *Store, q querier, k docKind[T], dealer dealerkit.DealerID, id uuid.UUID) (T, error) {
	return oneDoc(ctx, s, q, k, k.what+" "+id.String(), k.load, dealer.String(), id.String())
}

func oneDoc[T record](ctx context.Context, s *Store, q querier, k docKind[T], op, query string, args ...any) (T, error) {
	var zero T
	var version int64
	var body []byte
	if s.lockingRead(ctx) {
		query += " FOR UPDATE" // every query here reads one row of one table
	}
	if err := s.on(q).QueryRowContext(ctx, query, args...).Scan(&version, &body); err != nil {
		return zero, s.translate(op, err)
	}
	x, err := k.decode(body, version)
	if err != nil {
		return zero, fmt.Errorf("sqlstore: %w", err)
	}
	return x, nil
}

// updateDoc reads the record and its version, runs fn, and writes the result only where the
// version is still the one read: a concurrent writer makes the UPDATE match no row, which is
// dealerkit.ErrConflict.
func updateDoc[T record](ctx context.Context, s *Store, k docKind[T], dealer dealerkit.DealerID, id uuid.UUID, fn func(T) error) error {
	op := "update " + k.what + " " + id.String()
	if _, inTx := s.txFrom(ctx); !inTx && s.pgEvents != nil {
		return updateDocAlone(ctx, s, k, dealer, id, fn, op)
	}
	return s.write(ctx, func(ctx context.Context, st *txState) error {
		c, err := changeDoc(ctx, s, st.tx, k, dealer, id, fn, op)
		if err != nil {
			return err
		}
		if evs := c.x.PendingEvents(); s.canWriteWithEvents(st, dealer, evs) {
			// One round trip for the row and its events (PostgreSQL, a transaction of its own).
			if err := c.writeWithEvents(ctx, s, st.tx, k, dealer, evs); err != nil {
				return err
			}
			st.queue(nil, func() { c.x.SetVersion(c.next) })
			return nil
		}
		return c.update(ctx, s, st, k)
	})
}

// updateDocAlone is updateDoc outside any transaction on PostgreSQL. The row is read on its own,
// and one statement writes it, bumps the event counter and inserts its events, guarded by the
// version read: optimistic, exactly as the read and write would be inside a READ COMMITTED
// transaction, in two round trips rather than four (BEGIN, read, write, COMMIT). A change whose
// events that statement cannot take is written in a transaction of its own, under the same guard.
func updateDocAlone[T record](ctx context.Context, s *Store, k docKind[T], dealer dealerkit.DealerID, id uuid.UUID, fn func(T) error, op string) error {
	c, err := changeDoc(ctx, s, s.db, k, dealer, id, fn, op)
	if err != nil {
		return err
	}
	if evs := c.x.PendingEvents(); s.eventsFitOneWrite(dealer, evs) {
		if err := c.writeWithEvents(ctx, s, s.db, k, dealer, evs); err != nil {
			return err
		}
		c.x.SetVersion(c.next)
		return nil
	}
	return s.write(ctx, func(ctx context.Context, st *txState) error { return c.update(ctx, s, st, k) })
}

// docChange is a record read at version old and changed by fn, with what its UPDATE (guarded by
// old) takes.
type docChange[T record] struct {
	x         T
	old, next int64
	args      []any
	op        string
}

func changeDoc[T record](ctx context.Context, s *Store, q querier, k docKind[T], dealer dealerkit.DealerID, id uuid.UUID,
	fn func(T) error, op string) (docChange[T], error) {
	x, err := loadDoc(ctx, s, q, k, dealer, id)
	if err != nil {
		return docChange[T]{}, err
	}
	c := docChange[T]{x: x, old: x.Version(), next: x.Version() + 1, op: op}
	if err := fn(x); err != nil {
		return docChange[T]{}, err
	}
	body, err := k.encode(x, c.next)
	if err != nil {
		return docChange[T]{}, fmt.Errorf("sqlstore: %s: %w", op, err)
	}
	c.args = append(k.header(s, x), string(body), dealer.String(), id.String(), c.old)
	return c, nil
}

func (c docChange[T]) stale() error {
	return fmt.Errorf("%s: version %d is stale: %w", c.op, c.old, dealerkit.ErrConflict)
}

// writeWithEvents writes the row and its events in one statement (withEvents).
func (c docChange[T]) writeWithEvents(ctx context.Context, s *Store, q querier, k docKind[T], dealer dealerkit.DealerID, evs []dealerkit.Event) error {
	if wrote, err := s.withEvents(ctx, q, k.update, c.args, dealer, evs); err != nil {
		return s.translate(c.op, err)
	} else if !wrote {
		return c.stale()
	}
	return nil
}

// update writes the row in st and queues its events for the commit.
func (c docChange[T]) update(ctx context.Context, s *Store, st *txState, k docKind[T]) error {
	res, err := s.on(st.tx).ExecContext(ctx, k.update, c.args...)
	if err != nil {
		return s.translate(c.op, err)
	}
	if wrote, err := s.rowsAffected(c.op, res); err != nil {
		return err
	} else if !wrote {
		return c.stale()
	}
	st.queue(c.x.PendingEvents(), func() { c.x.SetVersion(c.next) })
	return nil
}

// docQuery builds a List: the dealer's rows of a table matching conditions, ordered by id.
type docQuery struct {
	where []string
	args  []any
}

func newDocQuery(dealer dealerkit.DealerID) *docQuery {
	return &docQuery{where: []string{"dealer_id = $1"}, args: []any{dealer.String()}}
}

func (q *docQuery) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

func (q *docQuery) and(cond string) { q.where = append(q.where, cond) }

func (q *docQuery) in(col string, vals []string) {
	ps := make([]string, len(vals))
	for i, v := range vals {
		ps[i] = q.arg(v)
	}
	q.and(col + " IN (" + strings.Join(ps, ", ") + ")")
}

// after adds the cursor: uuid in PostgreSQL and canonical lower-case text in SQLite both order as
// the bytes do.
func (q *docQuery) after(id uuid.UUID) {
	if id != uuid.Nil {
		q.and("id > " + q.arg(id.String()))
	}
}

func listDocs[T record](ctx context.Context, s *Store, k docKind[T], q *docQuery, limit int) ([]T, error) {
	return listBodies(ctx, s, k.what, k.table, q, limit, k.decode)
}

// listBodies runs a list query on table and decodes each row's body with decode.
func listBodies[T any](ctx context.Context, s *Store, what, table string, q *docQuery, limit int, decode func([]byte, int64) (T, error)) ([]T, error) {
	query := "SELECT version, body FROM " + table + " WHERE " + strings.Join(q.where, " AND ") + " ORDER BY id"
	if limit > 0 {
		query += " LIMIT " + q.arg(limit)
	}
	op := "list " + what + "s"
	rows, err := s.reader(ctx).QueryContext(ctx, query, q.args...)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	var out []T
	var body sql.RawBytes // decoders keep nothing of it (codec.unmarshal): one buffer for every row
	for rows.Next() {
		var version int64
		if err := rows.Scan(&version, &body); err != nil {
			return nil, s.translate(op, err)
		}
		x, err := decode(body, version)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: %s: %w", op, err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate(op, err)
	}
	return out, nil
}
