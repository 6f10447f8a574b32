package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
)

// Parts returns the store's parts.Repository (migration 0003). Its calls join InTx and WithTx as
// the other repositories' do, so the parts Service issues stock and updates the repair order
// (RepairOrders) in one transaction.
func (s *Store) Parts() parts.Repository { return partsRepo{s} }

// partsRepo is the parts.Repository: the versioned documents here, the ledger in stock.go.
type partsRepo struct{ s *Store }

// record is what every versioned parts document offers an adapter.
type record interface {
	Dealer() dealerkit.DealerID
	ID() uuid.UUID
	Version() int64
	SetVersion(int64)
	PendingEvents() []dealerkit.Event
}

// docKind is one table of versioned documents: a row holds the JSON of the snapshot (body) and,
// beside it, header columns taken from the record's accessors, as repair orders are kept.
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
	return s.write(ctx, func(ctx context.Context, st *txState) error {
		res, err := st.tx.ExecContext(ctx, k.insert, args...)
		if err != nil {
			return s.translate(op, err)
		}
		if wrote, err := s.rowsAffected(op, res); err != nil {
			return err
		} else if !wrote {
			return takenError(ctx, st.tx, k, x, op)
		}
		st.queue(x.PendingEvents(), func() { x.SetVersion(1) })
		return nil
	})
}

// takenError says whether the id or the unique key made a create conflict.
func takenError[T record](ctx context.Context, q querier, k docKind[T], x T, op string) error {
	var idTaken bool
	err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+k.table+" WHERE dealer_id = $1 AND id = $2)",
		x.Dealer().String(), x.ID().String()).Scan(&idTaken)
	switch {
	case err == nil && idTaken:
		return fmt.Errorf("sqlstore: %s: id is taken: %w", op, dealerkit.ErrConflict)
	case err == nil:
		return fmt.Errorf("sqlstore: %s: %s %q is taken: %w", op, k.keyName, k.key(x), dealerkit.ErrConflict)
	default:
		return fmt.Errorf("sqlstore: %s: id or %s %q is taken: %w", op, k.keyName, k.key(x), dealerkit.ErrConflict)
	}
}

func loadDoc[T record](ctx context.Context, s *Store, q querier, k docKind[T], dealer dealerkit.DealerID, id uuid.UUID) (T, error) {
	return oneDoc(ctx, s, q, k, k.what+" "+id.String(), k.load, dealer.String(), id.String())
}

func oneDoc[T record](ctx context.Context, s *Store, q querier, k docKind[T], op, query string, args ...any) (T, error) {
	var zero T
	var version int64
	var body []byte
	if err := q.QueryRowContext(ctx, query, args...).Scan(&version, &body); err != nil {
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
	return s.write(ctx, func(ctx context.Context, st *txState) error {
		x, err := loadDoc(ctx, s, st.tx, k, dealer, id)
		if err != nil {
			return err
		}
		old := x.Version()
		if err := fn(x); err != nil {
			return err
		}
		next := old + 1
		body, err := k.encode(x, next)
		if err != nil {
			return fmt.Errorf("sqlstore: %s: %w", op, err)
		}
		args := append(k.header(s, x), string(body), dealer.String(), id.String(), old)
		res, err := st.tx.ExecContext(ctx, k.update, args...)
		if err != nil {
			return s.translate(op, err)
		}
		if wrote, err := s.rowsAffected(op, res); err != nil {
			return err
		} else if !wrote {
			return fmt.Errorf("sqlstore: %s: version %d is stale: %w", op, old, dealerkit.ErrConflict)
		}
		st.queue(x.PendingEvents(), func() { x.SetVersion(next) })
		return nil
	})
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
	query := "SELECT version, body FROM " + k.table + " WHERE " + strings.Join(q.where, " AND ") + " ORDER BY id"
	if limit > 0 {
		query += " LIMIT " + q.arg(limit)
	}
	op := "list " + k.what + "s"
	rows, err := s.reader(ctx).QueryContext(ctx, query, q.args...)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var version int64
		var body []byte
		if err := rows.Scan(&version, &body); err != nil {
			return nil, s.translate(op, err)
		}
		x, err := k.decode(body, version)
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

// The kinds.

var partDocs = docKind[*parts.Part]{
	what: "part", table: "dealerkit_parts", cols: []string{"number", "category", "active"},
	header:  func(_ *Store, x *parts.Part) []any { return []any{string(x.Number()), x.Category(), x.Active()} },
	keyName: "number", key: func(x *parts.Part) string { return string(x.Number()) },
	encode: codec.EncodePart, decode: codec.DecodePart,
}.sql()

var supplierDocs = docKind[*parts.Supplier]{
	what: "supplier", table: "dealerkit_suppliers", cols: []string{"code"},
	header:  func(_ *Store, x *parts.Supplier) []any { return []any{x.Code()} },
	keyName: "code", key: (*parts.Supplier).Code,
	encode: codec.EncodeSupplier, decode: codec.DecodeSupplier,
}.sql()

var orderDocs = docKind[*parts.PurchaseOrder]{
	what: "purchase order", table: "dealerkit_purchase_orders", cols: []string{"number", "supplier_id", "state"},
	header: func(_ *Store, x *parts.PurchaseOrder) []any {
		return []any{x.Number(), x.Supplier().String(), x.State().String()}
	},
	keyName: "number", key: (*parts.PurchaseOrder).Number,
	encode: codec.EncodePurchaseOrder, decode: codec.DecodePurchaseOrder,
}.sql()

var reservationDocs = docKind[*parts.Reservation]{
	what: "reservation", table: "dealerkit_reservations",
	cols: []string{"order_id", "line_id", "part_id", "state", "back_ordered", "created_at"},
	header: func(s *Store, x *parts.Reservation) []any {
		return []any{x.Order().String(), x.Line().String(), x.Part().String(), x.State().String(),
			x.BackOrdered().IsPositive(), s.floorArg(x.CreatedAt())}
	},
	keyName: "open reservation of line", key: func(x *parts.Reservation) string { return x.Line().String() },
	encode: codec.EncodeReservation, decode: codec.DecodeReservation,
}.sql()

var stocktakeDocs = docKind[*parts.Stocktake]{
	what: "stocktake", table: "dealerkit_stocktakes", cols: []string{"number", "state"},
	header:  func(_ *Store, x *parts.Stocktake) []any { return []any{x.Number(), x.State().String()} },
	keyName: "number", key: (*parts.Stocktake).Number,
	encode: codec.EncodeStocktake, decode: codec.DecodeStocktake,
}.sql()

// Catalogue.

func (r partsRepo) CreatePart(ctx context.Context, p *parts.Part) error {
	return createDoc(ctx, r.s, partDocs, p)
}

func (r partsRepo) GetPart(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.Part, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), partDocs, dealer, id)
}

func (r partsRepo) PartByNumber(ctx context.Context, dealer dealerkit.DealerID, number parts.PartNumber) (*parts.Part, error) {
	return oneDoc(ctx, r.s, r.s.reader(ctx), partDocs, "part "+strconv.Quote(string(number)),
		"SELECT version, body FROM dealerkit_parts WHERE dealer_id = $1 AND number = $2", dealer.String(), string(number))
}

func (r partsRepo) UpdatePart(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*parts.Part) error) error {
	return updateDoc(ctx, r.s, partDocs, dealer, id, fn)
}

// ListParts selects with the header columns what parts.PartFilter.Matches selects.
func (r partsRepo) ListParts(ctx context.Context, dealer dealerkit.DealerID, f parts.PartFilter) ([]*parts.Part, error) {
	q := newDocQuery(dealer)
	if len(f.IDs) > 0 {
		ids := make([]string, len(f.IDs))
		for i, id := range f.IDs {
			ids[i] = id.String()
		}
		q.in("id", ids)
	}
	if f.Category != "" {
		q.and("category = " + q.arg(f.Category))
	}
	if f.ActiveOnly {
		q.and("active = " + q.arg(true))
	}
	q.after(f.After)
	return listDocs(ctx, r.s, partDocs, q, f.Limit)
}

func (r partsRepo) CreateSupplier(ctx context.Context, x *parts.Supplier) error {
	return createDoc(ctx, r.s, supplierDocs, x)
}

func (r partsRepo) GetSupplier(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.Supplier, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), supplierDocs, dealer, id)
}

func (r partsRepo) ListSuppliers(ctx context.Context, dealer dealerkit.DealerID) ([]*parts.Supplier, error) {
	return listDocs(ctx, r.s, supplierDocs, newDocQuery(dealer), 0)
}

// Purchase orders.

func (r partsRepo) CreatePurchaseOrder(ctx context.Context, o *parts.PurchaseOrder) error {
	return createDoc(ctx, r.s, orderDocs, o)
}

func (r partsRepo) GetPurchaseOrder(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.PurchaseOrder, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), orderDocs, dealer, id)
}

func (r partsRepo) UpdatePurchaseOrder(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*parts.PurchaseOrder) error) error {
	return updateDoc(ctx, r.s, orderDocs, dealer, id, fn)
}

// ListPurchaseOrders selects what parts.POFilter.Matches selects; the parts an order buys are
// read from the lines of its body.
func (r partsRepo) ListPurchaseOrders(ctx context.Context, dealer dealerkit.DealerID, f parts.POFilter) ([]*parts.PurchaseOrder, error) {
	q := newDocQuery(dealer)
	if f.Supplier != uuid.Nil {
		q.and("supplier_id = " + q.arg(f.Supplier.String()))
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = st.String() // an unknown state has a String no row holds, as Matches selects nothing
		}
		q.in("state", states)
	}
	if f.Part != uuid.Nil {
		if r.s.d == Postgres {
			q.and("body -> 'lines' @> " + q.arg(`[{"part":"`+f.Part.String()+`"}]`) + "::jsonb")
		} else {
			q.and("EXISTS (SELECT 1 FROM json_each(body, '$.lines') AS l WHERE json_extract(l.value, '$.part') = " +
				q.arg(f.Part.String()) + ")")
		}
	}
	q.after(f.After)
	return listDocs(ctx, r.s, orderDocs, q, f.Limit)
}

// Reservations.

// CreateReservation stores r; a second open reservation of the same repair-order line violates
// the partial unique index on (dealer_id, line_id) and, like a taken id, is dealerkit.ErrConflict.
func (r partsRepo) CreateReservation(ctx context.Context, x *parts.Reservation) error {
	return createDoc(ctx, r.s, reservationDocs, x)
}

func (r partsRepo) GetReservation(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.Reservation, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), reservationDocs, dealer, id)
}

func (r partsRepo) UpdateReservation(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*parts.Reservation) error) error {
	return updateDoc(ctx, r.s, reservationDocs, dealer, id, fn)
}

// ListReservations selects with the header columns what parts.ReservationFilter.Matches selects.
func (r partsRepo) ListReservations(ctx context.Context, dealer dealerkit.DealerID, f parts.ReservationFilter) ([]*parts.Reservation, error) {
	s := r.s
	q := newDocQuery(dealer)
	if f.Order != uuid.Nil {
		q.and("order_id = " + q.arg(f.Order.String()))
	}
	if f.Line != uuid.Nil {
		q.and("line_id = " + q.arg(f.Line.String()))
	}
	if f.Part != uuid.Nil {
		q.and("part_id = " + q.arg(f.Part.String()))
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = st.String()
		}
		q.in("state", states)
	}
	if f.BackOrdered {
		q.and("back_ordered = " + q.arg(true))
	}
	if !f.CreatedFrom.IsZero() {
		q.and("created_at >= " + q.arg(s.ceilArg(f.CreatedFrom)))
	}
	if !f.CreatedBefore.IsZero() {
		q.and("created_at < " + q.arg(s.ceilArg(f.CreatedBefore)))
	}
	q.after(f.After)
	return listDocs(ctx, s, reservationDocs, q, f.Limit)
}

// Stocktakes.

func (r partsRepo) CreateStocktake(ctx context.Context, st *parts.Stocktake) error {
	return createDoc(ctx, r.s, stocktakeDocs, st)
}

func (r partsRepo) GetStocktake(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.Stocktake, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), stocktakeDocs, dealer, id)
}

func (r partsRepo) UpdateStocktake(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*parts.Stocktake) error) error {
	return updateDoc(ctx, r.s, stocktakeDocs, dealer, id, fn)
}

func (r partsRepo) ListStocktakes(ctx context.Context, dealer dealerkit.DealerID, f parts.StocktakeFilter) ([]*parts.Stocktake, error) {
	q := newDocQuery(dealer)
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = st.String()
		}
		q.in("state", states)
	}
	q.after(f.After)
	return listDocs(ctx, r.s, stocktakeDocs, q, f.Limit)
}
