package sqlstore

import (
	"context"
	"strconv"

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

var purchaseOrderDocs = docKind[*parts.PurchaseOrder]{
	what: "purchase order", table: "dealerkit_purchase_orders", cols: []string{"number", "supplier_id", "state", "created_at"},
	header: func(s *Store, x *parts.PurchaseOrder) []any {
		return []any{x.Number(), x.Supplier().String(), x.State().String(), s.floorArg(x.CreatedAt())}
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
	// Substring searches compare as PartFilter.Matches does: the number as normalised, names with
	// only ASCII letters folded (lower() under the C collation in PostgreSQL; SQLite's lower()
	// folds only ASCII).
	if n := f.NumberQuery(); n != "" {
		q.and(r.contains("number", q.arg(n)))
	}
	if n := f.NameQuery(); n != "" {
		arg := q.arg(n)
		switch r.s.d {
		case Postgres:
			q.and("(" + r.contains(`lower(body -> 'name' ->> 'zh' COLLATE "C")`, arg) + " OR " +
				r.contains(`lower(body -> 'name' ->> 'en' COLLATE "C")`, arg) + ")")
		case MySQL:
			// MySQL's LOWER folds every letter (Ö too): fold the ASCII ones only, as Matches does.
			q.and("(" + r.contains(lowerASCIISQL("JSON_UNQUOTE(JSON_EXTRACT(body, '$.name.zh'))"), arg) + " OR " +
				r.contains(lowerASCIISQL("JSON_UNQUOTE(JSON_EXTRACT(body, '$.name.en'))"), arg) + ")")
		default:
			q.and("(" + r.contains("lower(json_extract(body, '$.name.zh'))", arg) + " OR " +
				r.contains("lower(json_extract(body, '$.name.en'))", arg) + ")")
		}
	}
	if f.Supplier != uuid.Nil {
		if r.s.d == MySQL {
			q.and("JSON_CONTAINS(body, " + q.arg(`{"supplier":"`+f.Supplier.String()+`"}`) + ", '$.sources')")
		} else if r.s.d == Postgres {
			q.and("body -> 'sources' @> " + q.arg(`[{"supplier":"`+f.Supplier.String()+`"}]`) + "::jsonb")
		} else {
			q.and("EXISTS (SELECT 1 FROM json_each(body, '$.sources') AS src WHERE json_extract(src.value, '$.supplier') = " +
				q.arg(f.Supplier.String()) + ")")
		}
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

// contains is the SQL of "text holds sub" (sub a placeholder), case- and byte-exact as Go's
// strings.Contains (MySQL's INSTR compares under the column's binary collation), NULL text holding
// nothing.
func (r partsRepo) contains(text, sub string) string {
	switch r.s.d {
	case Postgres:
		return "strpos(" + text + ", " + sub + ") > 0"
	case MySQL:
		return "INSTR(" + text + ", " + sub + ") > 0"
	}
	return "instr(" + text + ", " + sub + ") > 0"
}

// lowerASCIISQL lower-cases the ASCII letters of a MySQL text expression and no other, as
// parts.LowerASCII does: REPLACE compares byte by byte under a binary collation.
func lowerASCIISQL(expr string) string {
	expr = "CONVERT(" + expr + " USING utf8mb4) COLLATE utf8mb4_bin"
	for c := 'A'; c <= 'Z'; c++ {
		expr = "REPLACE(" + expr + ", '" + string(c) + "', '" + string(c+'a'-'A') + "')"
	}
	return expr
}

// Purchase orders.

func (r partsRepo) CreatePurchaseOrder(ctx context.Context, o *parts.PurchaseOrder) error {
	return createDoc(ctx, r.s, purchaseOrderDocs, o)
}

func (r partsRepo) GetPurchaseOrder(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.PurchaseOrder, error) {
	return loadDoc(ctx, r.s, r.s.reader(ctx), purchaseOrderDocs, dealer, id)
}

func (r partsRepo) UpdatePurchaseOrder(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*parts.PurchaseOrder) error) error {
	return updateDoc(ctx, r.s, purchaseOrderDocs, dealer, id, fn)
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
		switch r.s.d {
		case Postgres:
			q.and("body -> 'lines' @> " + q.arg(`[{"part":"`+f.Part.String()+`"}]`) + "::jsonb")
		case MySQL:
			q.and("JSON_CONTAINS(body, " + q.arg(`{"part":"`+f.Part.String()+`"}`) + ", '$.lines')")
		default:
			q.and("EXISTS (SELECT 1 FROM json_each(body, '$.lines') AS l WHERE json_extract(l.value, '$.part') = " +
				q.arg(f.Part.String()) + ")")
		}
	}
	if !f.CreatedFrom.IsZero() {
		q.and("created_at >= " + q.arg(r.s.ceilArg(f.CreatedFrom)))
	}
	if !f.CreatedBefore.IsZero() {
		q.and("created_at < " + q.arg(r.s.ceilArg(f.CreatedBefore)))
	}
	q.after(f.After)
	return listDocs(ctx, r.s, purchaseOrderDocs, q, f.Limit)
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
