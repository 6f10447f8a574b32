package sqlstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// eventColumns are the columns of one event row, in the order writeEvents binds them.
const eventColumns = 11

// eventsPerInsert bounds the rows of one INSERT: well below either database's parameter limit,
// and small enough that modernc's binding, whose cost per row grows with the statement's
// parameters (29 µs a row at 10 rows, 90 µs at 200), stays cheap.
const eventsPerInsert = 25

// writeEvents numbers and inserts a transaction's events. Per dealer, it reserves as many Seq
// numbers as it has events with one upsert on the dealer's counter row, which locks that row
// until commit: a concurrent writer waits, then numbers after this one; a rollback takes the
// numbers back. Dealers are taken in id order so two transactions never lock counters in
// opposite orders.
func (s *Store) writeEvents(ctx context.Context, q querier, evs []dealerkit.Event) error {
	if len(evs) == 0 {
		return nil
	}
	byDealer := map[dealerkit.DealerID][]dealerkit.Event{}
	var dealers []dealerkit.DealerID
	for _, e := range evs {
		if _, seen := byDealer[e.Dealer]; !seen {
			dealers = append(dealers, e.Dealer)
		}
		byDealer[e.Dealer] = append(byDealer[e.Dealer], e)
	}
	slices.SortFunc(dealers, func(a, b dealerkit.DealerID) int { return strings.Compare(a.String(), b.String()) })

	q = s.on(q)
	var actors actorJSON
	for _, d := range dealers {
		batch := byDealer[d]
		if s.pgEvents != nil {
			if err := s.insertEventsPostgres(ctx, q, d, batch, &actors); err != nil {
				return s.translate("write events", err)
			}
			continue
		}
		last, err := s.reserveSeq(ctx, q, d, len(batch))
		if err != nil {
			return s.translate("reserve event numbers", err)
		}
		seq := last - int64(len(batch))
		dealer := d.String()
		for chunk := range slices.Chunk(batch, eventsPerInsert) {
			args := make([]any, 0, len(chunk)*eventColumns)
			for _, e := range chunk {
				seq++
				actor, err := actors.encode(e.Actor)
				if err != nil {
					return fmt.Errorf("sqlstore: write event: %w", err)
				}
				var data any // NULL when the event has no data
				if len(e.Data) > 0 {
					data = string(e.Data) // a copy: the event's own bytes are not kept
				}
				args = append(args, dealer, seq, e.Aggregate, e.AggregateID.String(), e.Type, e.Clause,
					actor, s.timeArg(e.At), e.From, e.To, data)
			}
			if _, err := q.ExecContext(ctx, s.inserts.events[len(chunk)], args...); err != nil {
				return s.translate("write events", err)
			}
		}
	}
	return nil
}

// actorJSON encodes event actors, keeping the last: the events of one transaction nearly always
// share theirs.
type actorJSON struct {
	last dealerkit.ActorRef
	json string
}

func (a *actorJSON) encode(r dealerkit.ActorRef) (string, error) {
	if a.json != "" && r.Staff == a.last.Staff && r.Customer == a.last.Customer && r.CustomerID == a.last.CustomerID &&
		slices.Equal(r.Roles, a.last.Roles) {
		return a.json, nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return "", err
	}
	a.last = dealerkit.ActorRef{Staff: r.Staff, Roles: slices.Clone(r.Roles), Customer: r.Customer, CustomerID: r.CustomerID}
	a.json = string(b)
	return a.json, nil
}

// rowInserts are the multi-row INSERTs of movements and events, by the number of rows (1 to
// eventsPerInsert), built once per Store rather than on every write.
type rowInserts struct {
	movements, events [eventsPerInsert + 1]string
}

func newRowInserts() *rowInserts {
	var x rowInserts
	for n := 1; n <= eventsPerInsert; n++ {
		x.movements[n] = valuesSQL(`INSERT INTO dealerkit_movements
			(dealer_id, id, posting_id, ordinal, part_id, bin, kind, quantity, value, at, body) VALUES `, movementColumns, n)
		x.events[n] = valuesSQL(`INSERT INTO dealerkit_events
			(dealer_id, seq, aggregate, aggregate_id, type, clause, actor, at, from_state, to_state, data) VALUES `, eventColumns, n)
	}
	return &x
}

// valuesSQL is head followed by n rows of cols placeholders each, numbered from $1.
func valuesSQL(head string, cols, n int) string {
	var sb strings.Builder
	sb.WriteString(head)
	for i := range n * cols {
		switch {
		case i == 0:
			sb.WriteString("(")
		case i%cols == 0:
			sb.WriteString("), (")
		default:
			sb.WriteString(", ")
		}
		sb.WriteString("$" + strconv.Itoa(i+1))
	}
	sb.WriteString(")")
	return sb.String()
}

// pgEventColumns are the columns of one event row in PostgreSQL's statement: the dealer and the
// numbers are bound once per statement.
const pgEventColumns = 9

// pgEventStatements are PostgreSQL's event inserts, by the number of rows (1 to eventsPerInsert):
// [0] reserves the numbers and inserts in one statement, [1] inserts a later chunk under the
// reservation. Built once per Store, so that pgx prepares each once per connection.
type pgEventStatements [2][eventsPerInsert + 1]string

// pgReserve upserts and locks the dealer's counter row ($1) in the statement that inserts the
// events: one round trip instead of two. $2 is both the increment and the offset of the chunk.
const pgReserve = `WITH c AS (INSERT INTO dealerkit_event_counters (dealer_id, seq) VALUES ($1, $2::bigint)
	ON CONFLICT (dealer_id) DO UPDATE SET seq = dealerkit_event_counters.seq + excluded.seq
	RETURNING seq) `

// pgReserved reads, for a later chunk, the counter this transaction holds locked.
const pgReserved = `WITH c AS (SELECT seq FROM dealerkit_event_counters WHERE dealer_id = $1) `

func newPGEventStatements() *pgEventStatements {
	var st pgEventStatements
	for n := 1; n <= eventsPerInsert; n++ {
		st[0][n] = pgReserve + pgEventInsert(n, 1)
		st[1][n] = pgReserved + pgEventInsert(n, 1)
	}
	return &st
}

// pgEventInsert inserts n events numbered from the counter in the CTE c: $p is the dealer, $p+1
// the offset (the events' count from this chunk to the last), then pgEventColumns per event.
func pgEventInsert(n, p int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, `INSERT INTO dealerkit_events
		(dealer_id, seq, aggregate, aggregate_id, type, clause, actor, at, from_state, to_state, data)
		SELECT $%d::uuid, c.seq - $%d::bigint + v.n, v.aggregate, v.aggregate_id, v.type, v.clause, v.actor, v.at,
		v.from_state, v.to_state, v.data FROM c, (VALUES `, p, p+1)
	for i := range n {
		if i > 0 {
			sb.WriteString(", ")
		}
		q := p + 2 + i*pgEventColumns
		fmt.Fprintf(&sb, "(%d, $%d::text, $%d::uuid, $%d::text, $%d::text, $%d::jsonb, $%d::timestamptz, $%d::text, $%d::text, $%d::jsonb)",
			i+1, q, q+1, q+2, q+3, q+4, q+5, q+6, q+7, q+8)
	}
	sb.WriteString(`) AS v (n, aggregate, aggregate_id, type, clause, actor, at, from_state, to_state, data)`)
	return sb.String()
}

// appendPGEvents appends the arguments pgEventInsert binds after the dealer and the offset.
func appendPGEvents(args []any, evs []dealerkit.Event, actors *actorJSON) ([]any, error) {
	for _, e := range evs {
		actor, err := actors.encode(e.Actor)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: write event: %w", err)
		}
		var data any // NULL when the event has no data
		if len(e.Data) > 0 {
			data = string(e.Data)
		}
		args = append(args, e.Aggregate, e.AggregateID.String(), e.Type, e.Clause, actor, e.At.UTC(), e.From, e.To, data)
	}
	return args, nil
}

// insertEventsPostgres numbers and inserts one dealer's events as writeEvents does, with the
// counter's upsert inside the first insert.
func (s *Store) insertEventsPostgres(ctx context.Context, q querier, d dealerkit.DealerID, batch []dealerkit.Event, actors *actorJSON) error {
	dealer := d.String()
	args := make([]any, 0, 2+min(len(batch), eventsPerInsert)*pgEventColumns)
	for off := 0; off < len(batch); off += eventsPerInsert {
		chunk := batch[off:min(off+eventsPerInsert, len(batch))]
		args, err := appendPGEvents(append(args[:0], dealer, len(batch)-off), chunk, actors)
		if err != nil {
			return err
		}
		first := 0
		if off > 0 {
			first = 1
		}
		if _, err := q.ExecContext(ctx, s.pgEvents[first][len(chunk)], args...); err != nil {
			return err
		}
	}
	return nil
}

// withEventsKey names a statement of withEvents: the write and the number of events.
type withEventsKey struct {
	write string
	n     int
}

// withEvents runs write (an INSERT or UPDATE of one row, with its arguments) and inserts the
// row's events, numbered from the dealer's counter, in one PostgreSQL statement: the counter is
// advanced and the events inserted only if write changed the row. It reports whether it did. The
// counter row is locked after the written row, as when the events are written just before
// commit, and the caller commits at once: Seq still follows commit order.
func (s *Store) withEvents(ctx context.Context, q querier, write string, args []any, dealer dealerkit.DealerID, evs []dealerkit.Event) (bool, error) {
	key := withEventsKey{write, len(evs)}
	query, ok := s.withEventsSQL.Load(key)
	if !ok {
		p := len(args) + 1
		query, _ = s.withEventsSQL.LoadOrStore(key, fmt.Sprintf(`WITH w AS (%s RETURNING 1),
			c AS (INSERT INTO dealerkit_event_counters (dealer_id, seq) SELECT $%d::uuid, $%d::bigint WHERE EXISTS (SELECT 1 FROM w)
				ON CONFLICT (dealer_id) DO UPDATE SET seq = dealerkit_event_counters.seq + excluded.seq
				RETURNING seq) `, write, p, p+1)+pgEventInsert(len(evs), p))
	}
	args, err := appendPGEvents(append(args, dealer.String(), len(evs)), evs, &actorJSON{})
	if err != nil {
		return false, err
	}
	res, err := q.ExecContext(ctx, query.(string), args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	return n > 0, nil
}

// canWriteWithEvents says whether a call in st may write its row and its events in one
// statement (withEvents): on PostgreSQL, in a transaction of the call's own, with a few events
// all of dealer. Inside InTx the events wait for commit; under WithTx the host's transaction
// takes them call by call as before.
func (s *Store) canWriteWithEvents(st *txState, dealer dealerkit.DealerID, evs []dealerkit.Event) bool {
	return st.single && s.eventsFitOneWrite(dealer, evs)
}

// eventsFitOneWrite says whether withEvents can take evs: on PostgreSQL, a few events all of dealer.
func (s *Store) eventsFitOneWrite(dealer dealerkit.DealerID, evs []dealerkit.Event) bool {
	if s.pgEvents == nil || len(evs) == 0 || len(evs) > eventsPerInsert {
		return false
	}
	for _, e := range evs {
		if e.Dealer != dealer {
			return false
		}
	}
	return true
}

// reserveSeq adds n to the dealer's counter, inserting it at n, and returns its new value.
func (s *Store) reserveSeq(ctx context.Context, q querier, d dealerkit.DealerID, n int) (int64, error) {
	if s.d == MySQL {
		// No RETURNING: LAST_INSERT_ID(expr) hands the new value back in the statement's result,
		// which saves a SELECT.
		res, err := q.ExecContext(ctx, `INSERT INTO dealerkit_event_counters (dealer_id, seq) VALUES ($1, LAST_INSERT_ID($2))
			ON DUPLICATE KEY UPDATE seq = LAST_INSERT_ID(seq + $2)`, d.String(), n)
		if err != nil {
			return 0, err
		}
		return res.LastInsertId()
	}
	var last int64
	err := q.QueryRowContext(ctx, `INSERT INTO dealerkit_event_counters (dealer_id, seq) VALUES ($1, $2)
		ON CONFLICT (dealer_id) DO UPDATE SET seq = dealerkit_event_counters.seq + excluded.seq
		RETURNING seq`, d.String(), n).Scan(&last)
	return last, err
}

// Events returns up to limit of the dealer's events with Seq greater than after, in Seq order
// (dealerkit.EventReader). A limit below 1 is refused. Inside InTx the transaction's own events
// are not visible yet: they are written at commit.
func (s *Store) Events(ctx context.Context, dealer dealerkit.DealerID, after int64, limit int) ([]dealerkit.Event, error) {
	if limit < 1 {
		return nil, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "limit", Value: strconv.Itoa(limit), Reason: "must be at least 1"}}}
	}
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT seq, aggregate, aggregate_id, type, clause, actor, at, from_state, to_state, data
		FROM dealerkit_events WHERE dealer_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, dealer.String(), after, limit)
	if err != nil {
		return nil, s.translate("read events", err)
	}
	defer rows.Close()
	out := make([]dealerkit.Event, 0, min(limit, 256))
	for rows.Next() {
		e := dealerkit.Event{Dealer: dealer}
		var actor, data []byte
		if err := rows.Scan(&e.Seq, &e.Aggregate, &e.AggregateID, &e.Type, &e.Clause, &actor, timeScan{&e.At},
			&e.From, &e.To, &data); err != nil {
			return nil, s.translate("read events", err)
		}
		if err := json.Unmarshal(actor, &e.Actor); err != nil {
			return nil, fmt.Errorf("sqlstore: read events: actor of event %d: %w", e.Seq, err)
		}
		if e.Data, err = compactData(data); err != nil {
			return nil, fmt.Errorf("sqlstore: read events: data of event %d: %w", e.Seq, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate("read events", err)
	}
	return out, nil
}

// Dealers lists the dealers that have an event log, in id order: the tenants a reader of the
// whole store (the policy lab) walks. It only reads.
func (s *Store) Dealers(ctx context.Context) ([]dealerkit.DealerID, error) {
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT dealer_id FROM dealerkit_event_counters ORDER BY dealer_id`)
	if err != nil {
		return nil, s.translate("list dealers", err)
	}
	defer rows.Close()
	var out []dealerkit.DealerID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, s.translate("list dealers", err)
		}
		out = append(out, dealerkit.DealerID(id))
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate("list dealers", err)
	}
	// Text and uuid columns sort alike only for lower-case hex; sort the ids themselves.
	slices.SortFunc(out, func(a, b dealerkit.DealerID) int { return bytes.Compare(a[:], b[:]) })
	return out, nil
}

// compactData gives an event's stored data in the form it was written in: jsonb gives the JSON
// back re-spaced. Nil stays nil (an event without data).
func compactData(data []byte) ([]byte, error) {
	if data == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
