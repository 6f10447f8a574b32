package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
)

// repairOrders is the aftersales.Repository. A row holds the order's JSON snapshot (body) and,
// beside it, the header columns List filters on, taken from the order's accessors.
type repairOrders struct{ s *Store }

func (r repairOrders) Create(ctx context.Context, o *aftersales.RepairOrder) error {
	body, err := codec.EncodeOrder(o, 1)
	if err != nil {
		return fmt.Errorf("sqlstore: create repair order: %w", err)
	}
	s := r.s
	promise, _ := o.NextPromise()
	return s.write(ctx, func(ctx context.Context, st *txState) error {
		// ON CONFLICT DO NOTHING rather than a unique violation: in PostgreSQL a failed statement
		// aborts the whole transaction, and a caller inside InTx may well handle the conflict
		// (take another number) and go on.
		res, err := st.tx.ExecContext(ctx, `INSERT INTO dealerkit_repair_orders
			(dealer_id, id, number, vin, state, version, opened_at, next_promise_at, delivered_at, updated_at, body)
			VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10)
			ON CONFLICT DO NOTHING`,
			o.Dealer().String(), o.ID().String(), o.Number(), o.VIN().String(), o.State().String(),
			s.timeArg(o.OpenedAt()), s.optTimeArg(promise), s.optTimeArg(o.DeliveredAt()),
			s.timeArg(o.UpdatedAt()), string(body))
		if err != nil {
			return s.translate("create repair order "+o.ID().String(), err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.translate("create repair order "+o.ID().String(), err)
		} else if n == 0 {
			return r.takenError(ctx, st.tx, o)
		}
		st.queue(o.PendingEvents(), func() { o.SetVersion(1) })
		return nil
	})
}

// takenError says whether the id or the number made Create conflict.
func (r repairOrders) takenError(ctx context.Context, q querier, o *aftersales.RepairOrder) error {
	var idTaken bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM dealerkit_repair_orders WHERE dealer_id = $1 AND id = $2)`,
		o.Dealer().String(), o.ID().String()).Scan(&idTaken)
	switch {
	case err != nil:
		return fmt.Errorf("sqlstore: create repair order %s: id or number %q is taken: %w", o.ID(), o.Number(), dealerkit.ErrConflict)
	case idTaken:
		return fmt.Errorf("sqlstore: create repair order %s: id is taken: %w", o.ID(), dealerkit.ErrConflict)
	default:
		return fmt.Errorf("sqlstore: create repair order %s: number %q is taken: %w", o.ID(), o.Number(), dealerkit.ErrConflict)
	}
}

func (r repairOrders) Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*aftersales.RepairOrder, error) {
	return r.load(ctx, r.s.reader(ctx), dealer, id)
}

func (r repairOrders) load(ctx context.Context, q querier, dealer dealerkit.DealerID, id uuid.UUID) (*aftersales.RepairOrder, error) {
	var version int64
	var body []byte
	err := q.QueryRowContext(ctx, `SELECT version, body FROM dealerkit_repair_orders WHERE dealer_id = $1 AND id = $2`,
		dealer.String(), id.String()).Scan(&version, &body)
	if err != nil {
		return nil, r.s.translate("repair order "+id.String(), err)
	}
	o, err := codec.DecodeOrder(body, version)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: %w", err)
	}
	return o, nil
}

// Update reads the order and its version, runs fn, and writes the result only where the version
// is still the one read. No row is locked while fn runs: a concurrent writer makes the final
// UPDATE match no row, which is dealerkit.ErrConflict. (With SQLite the immediate transaction
// already holds the database's write lock, so writers take turns and do not conflict.)
func (r repairOrders) Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*aftersales.RepairOrder) error) error {
	s := r.s
	return s.write(ctx, func(ctx context.Context, st *txState) error {
		o, err := r.load(ctx, st.tx, dealer, id)
		if err != nil {
			return err
		}
		old := o.Version()
		if err := fn(o); err != nil {
			return err
		}
		next := old + 1
		body, err := codec.EncodeOrder(o, next)
		if err != nil {
			return fmt.Errorf("sqlstore: update repair order: %w", err)
		}
		promise, _ := o.NextPromise()
		res, err := st.tx.ExecContext(ctx, `UPDATE dealerkit_repair_orders
			SET state = $1, version = version + 1, next_promise_at = $2, delivered_at = $3, updated_at = $4, body = $5
			WHERE dealer_id = $6 AND id = $7 AND version = $8`,
			o.State().String(), s.optTimeArg(promise), s.optTimeArg(o.DeliveredAt()), s.timeArg(o.UpdatedAt()),
			string(body), dealer.String(), id.String(), old)
		if err != nil {
			return s.translate("update repair order "+id.String(), err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.translate("update repair order "+id.String(), err)
		} else if n == 0 {
			return fmt.Errorf("sqlstore: update repair order %s: version %d is stale: %w", id, old, dealerkit.ErrConflict)
		}
		st.queue(o.PendingEvents(), func() { o.SetVersion(next) })
		return nil
	})
}

// List selects with the header columns what aftersales.Filter.Matches selects.
func (r repairOrders) List(ctx context.Context, dealer dealerkit.DealerID, f aftersales.Filter) ([]*aftersales.RepairOrder, error) {
	s := r.s
	var where []string
	args := []any{dealer.String()}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	where = append(where, "dealer_id = $1")
	if f.VIN != "" {
		where = append(where, "vin = "+arg(f.VIN.String()))
	}
	if len(f.States) > 0 {
		ps := make([]string, len(f.States))
		for i, st := range f.States {
			ps[i] = arg(st.String())
		}
		where = append(where, "state IN ("+strings.Join(ps, ", ")+")")
	}
	if !f.PromisedBefore.IsZero() {
		// next_promise_at is the earliest promise of an unfinished job, NULL when none is open.
		where = append(where, "next_promise_at < "+arg(s.timeArg(f.PromisedBefore)))
	}
	if !f.OpenedFrom.IsZero() {
		where = append(where, "opened_at >= "+arg(s.timeArg(f.OpenedFrom)))
	}
	if !f.OpenedBefore.IsZero() {
		where = append(where, "opened_at < "+arg(s.timeArg(f.OpenedBefore)))
	}
	if f.After != (uuid.UUID{}) {
		// uuid in PostgreSQL and canonical lower-case text in SQLite both order as the bytes do.
		where = append(where, "id > "+arg(f.After.String()))
	}
	query := "SELECT version, body FROM dealerkit_repair_orders WHERE " + strings.Join(where, " AND ") + " ORDER BY id"
	if f.Limit > 0 {
		query += " LIMIT " + arg(f.Limit)
	}
	rows, err := s.reader(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.translate("list repair orders", err)
	}
	defer rows.Close()
	var out []*aftersales.RepairOrder
	for rows.Next() {
		var version int64
		var body []byte
		if err := rows.Scan(&version, &body); err != nil {
			return nil, s.translate("list repair orders", err)
		}
		o, err := codec.DecodeOrder(body, version)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: list repair orders: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate("list repair orders", err)
	}
	return out, nil
}
