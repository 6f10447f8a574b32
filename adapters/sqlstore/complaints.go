package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
)

// Complaints returns the store's complaints.Repository.
func (s *Store) Complaints() complaints.Repository { return complaintRepo{s} }

// CorrectiveActions returns the store's complaints.CorrectiveRepository.
func (s *Store) CorrectiveActions() complaints.CorrectiveRepository { return actionRepo{s} }

// Index times. The time columns keep microseconds, the precision dealerkit.Sources stamps; a
// time with nanoseconds is stored rounded down. Query bounds are rounded so that, against
// stored microseconds, a query selects what the domain's Matches selects at full precision.

// floorArg is t rounded down to the microsecond: what a time column stores. For the bound of
// "at or before t" it is exact, since a stored x ≤ t exactly when x ≤ floor(t).
func (s *Store) floorArg(t time.Time) any { return s.timeArg(t.Truncate(time.Microsecond)) }

// ceilArg is t rounded up to the microsecond, for the bounds "at or after t" and "before t": a
// stored x ≥ t exactly when x ≥ ceil(t), and x < t exactly when x < ceil(t).
func (s *Store) ceilArg(t time.Time) any {
	f := t.Truncate(time.Microsecond)
	if f.Before(t) {
		f = f.Add(time.Microsecond)
	}
	return s.timeArg(f)
}

func (s *Store) optFloorArg(t time.Time, ok bool) any {
	if !ok || t.IsZero() {
		return nil
	}
	return s.floorArg(t)
}

// maxID sorts after every id: a cursor of (t, maxID) means "after everything at t".
var maxID = uuid.UUID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// dueSQL is the query of Due over table: the dealer's rows whose next deadline is at or before
// now, after the cursor, in (next_deadline, id) order. Every condition is on the columns of the
// index (dealer_id, next_deadline, id) WHERE next_deadline IS NOT NULL, which the query names
// as it is written so that both planners match it: the scan is a range of that index, read in
// order, and stops at the limit. The cursor is written as a range on next_deadline plus a test
// on the rows that tie, rather than a row-value comparison, so that both planners see plain
// bounds on the index's second column (TestDueReadsTheNextDeadlineIndex shows the plans).
func (s *Store) dueSQL(table string, dealer dealerkit.DealerID, q complaints.DueQuery) (string, []any) {
	args := []any{dealer.String(), s.floorArg(q.Now)}
	var b strings.Builder
	b.WriteString("SELECT id, next_deadline FROM " + table +
		" WHERE dealer_id = $1 AND next_deadline IS NOT NULL AND next_deadline <= $2")
	if q.After != (complaints.DueRef{}) {
		at, id := q.After.Deadline, q.After.ID
		if f := at.Truncate(time.Microsecond); f.Before(at) {
			// No stored deadline equals a cursor with nanoseconds: after it is after its
			// microsecond, every id.
			at, id = f, maxID
		}
		args = append(args, s.timeArg(at), id.String())
		b.WriteString(" AND next_deadline >= $3 AND (next_deadline > $3 OR id > $4)")
	}
	b.WriteString(" ORDER BY next_deadline, id")
	if q.Limit > 0 {
		args = append(args, q.Limit)
		b.WriteString(" LIMIT $" + strconv.Itoa(len(args)))
	}
	return b.String(), args
}

func (s *Store) dueRefs(ctx context.Context, table string, dealer dealerkit.DealerID, q complaints.DueQuery) ([]complaints.DueRef, error) {
	query, args := s.dueSQL(table, dealer, q)
	rows, err := s.reader(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.translate("due "+table, err)
	}
	defer rows.Close()
	var out []complaints.DueRef
	for rows.Next() {
		var r complaints.DueRef
		if err := rows.Scan(&r.ID, timeScan{&r.Deadline}); err != nil {
			return nil, s.translate("due "+table, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate("due "+table, err)
	}
	return out, nil
}

// rowsAffected turns an INSERT … ON CONFLICT DO NOTHING or a versioned UPDATE into whether it
// wrote its row.
func (s *Store) rowsAffected(op string, res sql.Result) (bool, error) {
	n, err := res.RowsAffected()
	if err != nil {
		return false, s.translate(op, err)
	}
	return n > 0, nil
}

// complaintRepo is the complaints.Repository. A row holds the complaint's JSON snapshot and the
// header columns List, GetBySource and Due query, taken from the complaint's accessors.
type complaintRepo struct{ s *Store }

func nullID(id uuid.UUID) any {
	if id == (uuid.UUID{}) {
		return nil
	}
	return id.String()
}

func (r complaintRepo) Create(ctx context.Context, c *complaints.Complaint) error {
	body, err := codec.EncodeComplaint(c, 1)
	if err != nil {
		return fmt.Errorf("sqlstore: create complaint: %w", err)
	}
	s := r.s
	next, hasNext := c.NextDeadline()
	var source any
	if src := c.Source(); src != nil {
		source = src.Seq
	}
	var intakeKey any
	if k := c.IntakeKey(); k != "" {
		intakeKey = k
	}
	op := "create complaint " + c.ID().String()
	return s.write(ctx, func(ctx context.Context, st *txState) error {
		// ON CONFLICT DO NOTHING rather than a unique violation, as for repair orders: in
		// PostgreSQL a failed statement would abort the caller's whole transaction, and a second
		// projector that loses the race for a source event goes on with the next event.
		res, err := s.on(st.tx).ExecContext(ctx, `INSERT INTO dealerkit_complaints
			(dealer_id, id, version, state, channel, category, severity, received_at, vin, customer_key,
			 repair_order, next_deadline, source_seq, intake_key, updated_at, body, customer_id)
			VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
			ON CONFLICT DO NOTHING`,
			c.Dealer().String(), c.ID().String(), c.State().String(), c.Channel().String(), c.Category().String(),
			c.Severity().String(), s.floorArg(c.ReceivedAt()), c.VIN().String(), c.CustomerKey(),
			nullID(c.RepairOrder()), s.optFloorArg(next, hasNext), source, intakeKey, s.floorArg(c.UpdatedAt()), string(body), nullCustomer(c.Customer()))
		if err != nil {
			return s.translate(op, err)
		}
		if wrote, err := s.rowsAffected(op, res); err != nil {
			return err
		} else if !wrote {
			return r.takenError(ctx, s.on(st.tx), c)
		}
		st.queue(c.PendingEvents(), func() { c.SetVersion(1) })
		return nil
	})
}

// nullCustomer is NULL for an anonymous complaint (no customer id).
func nullCustomer(c dealerkit.CustomerID) any {
	if c.IsZero() {
		return nil
	}
	return c.String()
}

// takenError says whether the id, the source event or the intake key made Create conflict.
func (r complaintRepo) takenError(ctx context.Context, q querier, c *complaints.Complaint) error {
	var idTaken, sourceTaken bool
	var seq any
	if src := c.Source(); src != nil {
		seq = src.Seq
	}
	err := q.QueryRowContext(ctx, `SELECT
			EXISTS (SELECT 1 FROM dealerkit_complaints WHERE dealer_id = $1 AND id = $2),
			EXISTS (SELECT 1 FROM dealerkit_complaints WHERE dealer_id = $1 AND source_seq = $3)`,
		c.Dealer().String(), c.ID().String(), seq).Scan(&idTaken, &sourceTaken)
	switch {
	case err != nil:
		return errors.Join(fmt.Errorf("create complaint %s: id, source event or intake key is taken: %w", c.ID(), dealerkit.ErrConflict),
			r.s.translate("create complaint "+c.ID().String(), err))
	case idTaken:
		return fmt.Errorf("create complaint %s: id is taken: %w", c.ID(), dealerkit.ErrConflict)
	case sourceTaken:
		return fmt.Errorf("create complaint %s: event %d already opened a complaint: %w", c.ID(), c.Source().Seq, dealerkit.ErrConflict)
	default:
		return fmt.Errorf("create complaint %s: intake key %q already recorded a complaint: %w", c.ID(), c.IntakeKey(), dealerkit.ErrConflict)
	}
}

func (r complaintRepo) Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*complaints.Complaint, error) {
	return r.load(ctx, r.s.reader(ctx), dealer, id)
}

func (r complaintRepo) load(ctx context.Context, q querier, dealer dealerkit.DealerID, id uuid.UUID) (*complaints.Complaint, error) {
	return loadDoc(ctx, r.s, q, complaintDocs, dealer, id)
}

func (r complaintRepo) GetBySource(ctx context.Context, dealer dealerkit.DealerID, seq int64) (*complaints.Complaint, error) {
	return r.one(ctx, r.s.reader(ctx), "complaint from event "+strconv.FormatInt(seq, 10),
		`SELECT version, body FROM dealerkit_complaints WHERE dealer_id = $1 AND source_seq = $2`, dealer.String(), seq)
}

func (r complaintRepo) GetByIntakeKey(ctx context.Context, dealer dealerkit.DealerID, key string) (*complaints.Complaint, error) {
	return r.one(ctx, r.s.reader(ctx), "complaint with intake key "+strconv.Quote(key),
		`SELECT version, body FROM dealerkit_complaints WHERE dealer_id = $1 AND intake_key = $2`, dealer.String(), key)
}

func (r complaintRepo) one(ctx context.Context, q querier, op, query string, args ...any) (*complaints.Complaint, error) {
	return oneDoc(ctx, r.s, q, complaintDocs, op, query, args...)
}

// Update reads the complaint and its version, runs fn, and writes the result only where the
// version is still the one read, as repair orders do: a concurrent writer makes the UPDATE match
// no row, which is dealerkit.ErrConflict. Two escalation scanners racing for one complaint thus
// record its breach once: the loser conflicts, reloads and finds it recorded.
func (r complaintRepo) Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*complaints.Complaint) error) error {
	return updateDoc(ctx, r.s, complaintDocs, dealer, id, fn)
}

// List selects with the header columns what complaints.Filter.Matches selects; the staff a
// complaint names are read from its body.
func (r complaintRepo) List(ctx context.Context, dealer dealerkit.DealerID, f complaints.Filter) ([]*complaints.Complaint, error) {
	s := r.s
	args := []any{dealer.String()}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	where := []string{"dealer_id = $1"}
	if len(f.States) > 0 {
		ps := make([]string, len(f.States))
		for i, st := range f.States {
			ps[i] = arg(st.String())
		}
		where = append(where, "state IN ("+strings.Join(ps, ", ")+")")
	}
	if f.OpenOnly {
		where = append(where, "state <> "+arg(complaints.StateClosed.String()))
	}
	// An enumeration value the package does not know has a String no row holds, so it selects
	// nothing, as Matches does.
	if f.Channel != 0 {
		where = append(where, "channel = "+arg(f.Channel.String()))
	}
	if f.Category != 0 {
		where = append(where, "category = "+arg(f.Category.String()))
	}
	if f.Severity != 0 {
		where = append(where, "severity = "+arg(f.Severity.String()))
	}
	if f.VIN != "" {
		where = append(where, "vin = "+arg(f.VIN.String()))
	}
	if f.CustomerKey != "" {
		where = append(where, "customer_key = "+arg(f.CustomerKey))
	}
	if !f.Customer.IsZero() {
		where = append(where, "customer_id = "+arg(f.Customer.String()))
	}
	if f.RepairOrder != (uuid.UUID{}) {
		where = append(where, "repair_order = "+arg(f.RepairOrder.String()))
	}
	if !f.Staff.IsZero() {
		switch s.d {
		case Postgres:
			where = append(where, "body -> 'staff' @> "+arg(`[{"staff":"`+f.Staff.String()+`"}]`)+"::jsonb")
		case MySQL:
			where = append(where, "JSON_CONTAINS(body, "+arg(`{"staff":"`+f.Staff.String()+`"}`)+", '$.staff')")
		default:
			where = append(where, "EXISTS (SELECT 1 FROM json_each(body, '$.staff') AS s WHERE json_extract(s.value, '$.staff') = "+
				arg(f.Staff.String())+")")
		}
	}
	if !f.ReceivedFrom.IsZero() {
		where = append(where, "received_at >= "+arg(s.ceilArg(f.ReceivedFrom)))
	}
	if !f.ReceivedBefore.IsZero() {
		where = append(where, "received_at < "+arg(s.ceilArg(f.ReceivedBefore)))
	}
	if f.After != (uuid.UUID{}) {
		// uuid in PostgreSQL and canonical lower-case text in SQLite both order as the bytes do.
		where = append(where, "id > "+arg(f.After.String()))
	}
	query := "SELECT version, body FROM dealerkit_complaints WHERE " + strings.Join(where, " AND ") + " ORDER BY id"
	if f.Limit > 0 {
		query += " LIMIT " + arg(f.Limit)
	}
	return listRows(ctx, s, "list complaints", query, args, codec.DecodeComplaint)
}

// listRows runs a query of (version, body) rows and decodes each.
func listRows[T any](ctx context.Context, s *Store, op, query string, args []any, decode func([]byte, int64) (T, error)) ([]T, error) {
	rows, err := s.reader(ctx).QueryContext(ctx, query, args...)
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
		v, err := decode(body, version)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: %s: %w", op, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate(op, err)
	}
	return out, nil
}

func (r complaintRepo) Due(ctx context.Context, dealer dealerkit.DealerID, q complaints.DueQuery) ([]complaints.DueRef, error) {
	return r.s.dueRefs(ctx, "dealerkit_complaints", dealer, q)
}

// actionRepo is the complaints.CorrectiveRepository, built as complaintRepo is.
type actionRepo struct{ s *Store }

func (r actionRepo) Create(ctx context.Context, a *complaints.CorrectiveAction) error {
	body, err := codec.EncodeCorrectiveAction(a, 1)
	if err != nil {
		return fmt.Errorf("sqlstore: create corrective action: %w", err)
	}
	s := r.s
	next, hasNext := a.NextDeadline()
	op := "create corrective action " + a.ID().String()
	return s.write(ctx, func(ctx context.Context, st *txState) error {
		res, err := s.on(st.tx).ExecContext(ctx, `INSERT INTO dealerkit_corrective_actions
			(dealer_id, id, version, state, category, owner_id, due_at, next_deadline, updated_at, body)
			VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT DO NOTHING`,
			a.Dealer().String(), a.ID().String(), a.State().String(), a.Category().String(), a.Owner().String(),
			s.floorArg(a.DueAt()), s.optFloorArg(next, hasNext), s.floorArg(a.Snapshot().UpdatedAt), string(body))
		if err != nil {
			return s.translate(op, err)
		}
		if wrote, err := s.rowsAffected(op, res); err != nil {
			return err
		} else if !wrote {
			return fmt.Errorf("%s: id is taken: %w", op, dealerkit.ErrConflict)
		}
		st.queue(a.PendingEvents(), func() { a.SetVersion(1) })
		return nil
	})
}

func (r actionRepo) Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*complaints.CorrectiveAction, error) {
	return r.load(ctx, r.s.reader(ctx), dealer, id)
}

func (r actionRepo) load(ctx context.Context, q querier, dealer dealerkit.DealerID, id uuid.UUID) (*complaints.CorrectiveAction, error) {
	return loadDoc(ctx, r.s, q, actionDocs, dealer, id)
}

// Update is optimistic, as the complaints' Update is.
func (r actionRepo) Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*complaints.CorrectiveAction) error) error {
	return updateDoc(ctx, r.s, actionDocs, dealer, id, fn)
}

// List selects what complaints.CorrectiveFilter.Matches selects.
func (r actionRepo) List(ctx context.Context, dealer dealerkit.DealerID, f complaints.CorrectiveFilter) ([]*complaints.CorrectiveAction, error) {
	args := []any{dealer.String()}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	where := []string{"dealer_id = $1"}
	if len(f.States) > 0 {
		ps := make([]string, len(f.States))
		for i, st := range f.States {
			ps[i] = arg(st.String())
		}
		where = append(where, "state IN ("+strings.Join(ps, ", ")+")")
	}
	if f.Category != 0 {
		where = append(where, "category = "+arg(f.Category.String()))
	}
	if !f.Owner.IsZero() {
		where = append(where, "owner_id = "+arg(f.Owner.String()))
	}
	if f.After != (uuid.UUID{}) {
		where = append(where, "id > "+arg(f.After.String()))
	}
	query := "SELECT version, body FROM dealerkit_corrective_actions WHERE " + strings.Join(where, " AND ") + " ORDER BY id"
	if f.Limit > 0 {
		query += " LIMIT " + arg(f.Limit)
	}
	return listRows(ctx, r.s, "list corrective actions", query, args, codec.DecodeCorrectiveAction)
}

func (r actionRepo) Due(ctx context.Context, dealer dealerkit.DealerID, q complaints.DueQuery) ([]complaints.DueRef, error) {
	return r.s.dueRefs(ctx, "dealerkit_corrective_actions", dealer, q)
}

// complaintDocs and actionDocs are the complaint tables as versioned documents. Their Creates
// are their own (several unique keys, each named in a conflict); the columns here are those an
// update can change: channel, category, receipt, vehicle, customer, repair order, source and
// intake key are set at intake and never change.
var complaintDocs = docKind[*complaints.Complaint]{
	what: "complaint", table: "dealerkit_complaints", cols: []string{"state", "severity", "next_deadline", "updated_at"},
	header: func(s *Store, c *complaints.Complaint) []any {
		next, ok := c.NextDeadline()
		return []any{c.State().String(), c.Severity().String(), s.optFloorArg(next, ok), s.floorArg(c.UpdatedAt())}
	},
	encode: codec.EncodeComplaint, decode: codec.DecodeComplaint,
}.sql()

var actionDocs = docKind[*complaints.CorrectiveAction]{
	what: "corrective action", table: "dealerkit_corrective_actions", cols: []string{"state", "next_deadline", "updated_at"},
	header: func(s *Store, a *complaints.CorrectiveAction) []any {
		next, ok := a.NextDeadline()
		return []any{a.State().String(), s.optFloorArg(next, ok), s.floorArg(a.UpdatedAt())}
	},
	encode: codec.EncodeCorrectiveAction, decode: codec.DecodeCorrectiveAction,
}.sql()
