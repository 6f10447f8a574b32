package sqlstore

import (
	"context"
	"fmt"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
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
	args := []any{o.Dealer().String(), o.ID().String(), o.Number(), o.VIN().String(), o.Reception().Plate, customerArg(o.Customer()),
		o.State().String(), s.timeArg(o.OpenedAt()), s.optTimeArg(promise), s.optTimeArg(o.DeliveredAt()),
		s.timeArg(o.UpdatedAt()), string(body)}
	op := "create repair order " + o.ID().String()
	if done, err := s.createAlone(ctx, op, insertRepairOrder, args, o, func(q querier) error { return r.takenError(ctx, q, o) }); done {
		return err
	}
	return s.write(ctx, func(ctx context.Context, st *txState) error {
		res, err := s.on(st.tx).ExecContext(ctx, insertRepairOrder, args...)
		if err != nil {
			return s.translate(op, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.translate(op, err)
		} else if n == 0 {
			return r.takenError(ctx, s.on(st.tx), o)
		}
		st.queue(o.PendingEvents(), func() { o.SetVersion(1) })
		return nil
	})
}

// insertRepairOrder writes a new order. ON CONFLICT DO NOTHING rather than a unique violation: in
// PostgreSQL a failed statement aborts the whole transaction, and a caller inside InTx may well
// handle the conflict (take another number) and go on.
const insertRepairOrder = `INSERT INTO dealerkit_repair_orders
	(dealer_id, id, number, vin, plate, customer_id, state, version, opened_at, next_promise_at, delivered_at, updated_at, body)
	VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $11, $12)
	ON CONFLICT DO NOTHING`

// customerArg is the customer_id column's value: NULL for an order without a customer id.
func customerArg(c dealerkit.CustomerID) any {
	if c.IsZero() {
		return nil
	}
	return c.String()
}

// takenError says whether the id or the number made Create conflict.
func (r repairOrders) takenError(ctx context.Context, q querier, o *aftersales.RepairOrder) error {
	var idTaken bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM dealerkit_repair_orders WHERE dealer_id = $1 AND id = $2)`,
		o.Dealer().String(), o.ID().String()).Scan(&idTaken)
	switch {
	case err != nil:
		return fmt.Errorf("create repair order %s: id or number %q is taken: %w", o.ID(), o.Number(), dealerkit.ErrConflict)
	case idTaken:
		return fmt.Errorf("create repair order %s: id is taken: %w", o.ID(), dealerkit.ErrConflict)
	default:
		return fmt.Errorf("create repair order %s: number %q is taken: %w", o.ID(), o.Number(), dealerkit.ErrConflict)
	}
}

func (r repairOrders) Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*aftersales.RepairOrder, error) {
	return r.load(ctx, r.s.reader(ctx), dealer, id)
}

func (r repairOrders) load(ctx context.Context, q querier, dealer dealerkit.DealerID, id uuid.UUID) (*aftersales.RepairOrder, error) {
	return loadDoc(ctx, r.s, q, repairOrderDocs, dealer, id)
}

// Update reads the order and its version, runs fn, and writes the result only where the version
// is still the one read. No row is locked while fn runs: a concurrent writer makes the final
// UPDATE match no row, which is dealerkit.ErrConflict. (With SQLite the immediate transaction
// already holds the database's write lock, so writers take turns and do not conflict.)
func (r repairOrders) Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*aftersales.RepairOrder) error) error {
	return updateDoc(ctx, r.s, repairOrderDocs, dealer, id, fn)
}

// repairOrderDocs is the repair-order table as versioned documents. Create is its own (it names
// whether the id or the number was taken); the columns here are those an update can change.
var repairOrderDocs = docKind[*aftersales.RepairOrder]{
	what: "repair order", table: "dealerkit_repair_orders", cols: []string{"state", "next_promise_at", "delivered_at", "updated_at"},
	header: func(s *Store, o *aftersales.RepairOrder) []any {
		promise, _ := o.NextPromise()
		return []any{o.State().String(), s.optTimeArg(promise), s.optTimeArg(o.DeliveredAt()), s.timeArg(o.UpdatedAt())}
	},
	encode: codec.EncodeOrder, decode: codec.DecodeOrder,
}.sql()

// List selects with the header columns what aftersales.Filter.Matches selects.
func (r repairOrders) List(ctx context.Context, dealer dealerkit.DealerID, f aftersales.Filter) ([]*aftersales.RepairOrder, error) {
	return listDocs(ctx, r.s, repairOrderDocs, r.query(dealer, f), f.Limit)
}

// ListOrderFacts lists what List would, as the facts an appraisal reads (appraisal.OrderFactSource):
// the same rows, each body decoded only as far as appraisal.OrderFacts goes.
func (r repairOrders) ListOrderFacts(ctx context.Context, dealer dealerkit.DealerID, f aftersales.Filter) ([]appraisal.OrderFacts, error) {
	return listBodies(ctx, r.s, repairOrderDocs.what, repairOrderDocs.table, r.query(dealer, f), f.Limit,
		func(body []byte, _ int64) (appraisal.OrderFacts, error) { return codec.DecodeOrderFacts(body) })
}

// query is List's query.
func (r repairOrders) query(dealer dealerkit.DealerID, f aftersales.Filter) *docQuery {
	s := r.s
	q := newDocQuery(dealer)
	if f.Number != "" {
		q.and("number = " + q.arg(f.Number))
	}
	if f.Plate != "" {
		q.and("plate = " + q.arg(f.Plate))
	}
	if !f.Customer.IsZero() {
		q.and("customer_id = " + q.arg(f.Customer.String()))
	}
	if f.VIN != "" {
		q.and("vin = " + q.arg(f.VIN.String()))
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = st.String()
		}
		q.in("state", states)
	}
	if !f.PromisedBefore.IsZero() {
		// next_promise_at is the earliest promise of an unfinished job, NULL when none is open.
		q.and("next_promise_at < " + q.arg(s.timeArg(f.PromisedBefore)))
	}
	if !f.OpenedFrom.IsZero() {
		q.and("opened_at >= " + q.arg(s.timeArg(f.OpenedFrom)))
	}
	if !f.OpenedBefore.IsZero() {
		q.and("opened_at < " + q.arg(s.timeArg(f.OpenedBefore)))
	}
	q.after(f.After)
	return q
}
