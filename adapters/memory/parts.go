package memory

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// partsData is the store's parts records. Catalogue parts, suppliers, purchase orders,
// reservations and stocktakes are kept as their snapshots (codec's kept forms) with the unique
// keys each must hold within its dealer; stock rows as immutable parts.Stock values (no method
// changes one in place, so handing one out aliases nothing); the ledger as kept postings
// (codec.KeptPosting) and the movements they hold.
type partsData struct {
	catalogue    docTable[partHead]
	suppliers    docTable[struct{}]
	orders       docTable[poHead]
	reservations docTable[reservationHead]
	// Purchase orders by supplier and part, reservations by repair order and part (docIndex).
	orderIndex, reservationIndex docIndex
	stocktakes                   docTable[struct{}]
	// Unique keys within a dealer, besides the ids: part numbers, supplier codes, order and
	// stocktake numbers, the line of each open reservation and each posting's idempotency key.
	partNumbers, supplierCodes, orderNumbers, openLines, stocktakeNumbers, postingKeys uniqueKeys

	stock     map[dealerkit.DealerID]map[stockKey]*parts.Stock
	postings  map[dealerkit.DealerID]*postingTable
	movements map[dealerkit.DealerID]*movementLog
}

func newPartsData() partsData {
	return partsData{
		catalogue: docTable[partHead]{}, suppliers: docTable[struct{}]{}, orders: docTable[poHead]{},
		reservations: docTable[reservationHead]{}, stocktakes: docTable[struct{}]{},
		partNumbers: uniqueKeys{}, supplierCodes: uniqueKeys{}, orderNumbers: uniqueKeys{}, openLines: uniqueKeys{},
		stocktakeNumbers: uniqueKeys{}, postingKeys: uniqueKeys{}, orderIndex: docIndex{}, reservationIndex: docIndex{},
		stock:     map[dealerkit.DealerID]map[stockKey]*parts.Stock{},
		postings:  map[dealerkit.DealerID]*postingTable{},
		movements: map[dealerkit.DealerID]*movementLog{},
	}
}

// Parts returns the store's parts.Repository. It joins the store's transactions, so the parts
// Service can change stock and repair orders (RepairOrders) in one InTx.
func (s *Store) Parts() parts.Repository { return partsRepo{s} }

type partsRepo struct{ s *Store }

// Documents: versioned records kept as JSON, with a header that List narrows on before it
// decodes and at most one unique key besides the id.

type doc[H any] struct {
	version int64
	body    any
	head    H
	key     string // the unique key the record holds; "" for none
}

type docTable[H any] map[dealerkit.DealerID]map[uuid.UUID]doc[H]

func (t docTable[H]) get(d dealerkit.DealerID, id uuid.UUID) (doc[H], bool) {
	r, ok := t[d][id]
	return r, ok
}

func (t docTable[H]) put(v view, d dealerkit.DealerID, id uuid.UUID, r doc[H]) {
	m := t[d]
	if m == nil {
		m = map[uuid.UUID]doc[H]{}
		t[d] = m
	}
	saveEntry(v, m, id)
	m[id] = r
}

// sorted returns the dealer's documents keep accepts, ordered by id.
func (t docTable[H]) sorted(d dealerkit.DealerID, keep func(uuid.UUID, H) bool) []doc[H] {
	ids := make([]uuid.UUID, 0, len(t[d]))
	for id, r := range t[d] {
		if keep(id, r.head) {
			ids = append(ids, id)
		}
	}
	return t.byID(d, ids)
}

// sortedIn is sorted over the documents of one index entry (docIndex.ids) rather than all the
// dealer's.
func (t docTable[H]) sortedIn(d dealerkit.DealerID, in map[uuid.UUID]struct{}, keep func(uuid.UUID, H) bool) []doc[H] {
	ids := make([]uuid.UUID, 0, len(in))
	for id := range in {
		if keep(id, t[d][id].head) {
			ids = append(ids, id)
		}
	}
	return t.byID(d, ids)
}

func (t docTable[H]) byID(d dealerkit.DealerID, ids []uuid.UUID) []doc[H] {
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	out := make([]doc[H], len(ids))
	for i, id := range ids {
		out[i] = t[d][id]
	}
	return out
}

// indexKey is one entry of a docIndex: an id a header refers to (a reservation's order or part),
// tagged with the field it came from so that equal ids of different kinds never meet.
type indexKey struct {
	field byte
	id    uuid.UUID
	text  string // for keys that are not ids: a VIN, a plate
}

// docIndex finds a dealer's documents by the ids their headers refer to, so that a list naming
// one (the reservations of an order, the purchase orders of a part) reads only those documents
// rather than every document of the dealer. It never decides what matches: the list still
// applies its whole filter to the documents the entry gives.
type docIndex map[dealerkit.DealerID]map[indexKey]map[uuid.UUID]struct{}

// ids returns the documents holding key; nil for none (reading a nil map is fine).
func (x docIndex) ids(d dealerkit.DealerID, key indexKey) map[uuid.UUID]struct{} { return x[d][key] }

// move changes the entries of document id from the keys of its old header (none if it is new) to
// those of its new one, recording how to undo each change.
func (x docIndex) move(v view, d dealerkit.DealerID, id uuid.UUID, old, new []indexKey) {
	m := x[d]
	if m == nil {
		m = map[indexKey]map[uuid.UUID]struct{}{}
		x[d] = m
	}
	for _, k := range old {
		if ids := m[k]; !slices.Contains(new, k) && ids != nil {
			saveEntry(v, ids, id)
			delete(ids, id)
		}
	}
	for _, k := range new {
		if !slices.Contains(old, k) {
			ids := m[k]
			if ids == nil {
				ids = map[uuid.UUID]struct{}{}
				m[k] = ids
			}
			saveEntry(v, ids, id)
			ids[id] = struct{}{}
		}
	}
}

// uniqueKeys maps a dealer's unique keys to the record holding each.
type uniqueKeys map[dealerkit.DealerID]map[string]uuid.UUID

func (u uniqueKeys) owner(d dealerkit.DealerID, key string) (uuid.UUID, bool) {
	id, ok := u[d][key]
	return id, ok
}

func (u uniqueKeys) claim(v view, d dealerkit.DealerID, key string, id uuid.UUID) {
	m := u[d]
	if m == nil {
		m = map[string]uuid.UUID{}
		u[d] = m
	}
	saveEntry(v, m, key)
	m[key] = id
}

func (u uniqueKeys) drop(v view, d dealerkit.DealerID, key string) {
	m := u[d]
	if _, ok := m[key]; !ok {
		return
	}
	saveEntry(v, m, key)
	delete(m, key)
}

// record is what every versioned parts record offers an adapter.
type record interface {
	Dealer() dealerkit.DealerID
	ID() uuid.UUID
	Version() int64
	SetVersion(int64)
	PendingEvents() []dealerkit.Event
}

// kind describes one type of document.
type kind[T record, H any] struct {
	what   string
	table  func(*partsData) docTable[H]
	head   func(T) H
	encode func(T, int64) (any, error)
	decode func(any, int64) (T, error)
	// unique names the unique index and the key x holds in it ("" for none), if the kind has one.
	unique    func(*partsData) uniqueKeys
	uniqueKey func(T) string
	keyName   string // what the key is, for errors: "number", "code"
	// index, if the kind has one, finds documents by the keys their headers give (indexKeys).
	index     func(*partsData) docIndex
	indexKeys func(H) []indexKey
}

// reindex moves document id's index entries from header old (had: it existed) to header new.
func (k kind[T, H]) reindex(v view, d dealerkit.DealerID, id uuid.UUID, old H, had bool, new H) {
	if k.index == nil {
		return
	}
	var from []indexKey
	if had {
		from = k.indexKeys(old)
	}
	k.index(&v.parts).move(v, d, id, from, k.indexKeys(new))
}

func (k kind[T, H]) keyOf(x T) string {
	if k.uniqueKey == nil {
		return ""
	}
	return k.uniqueKey(x)
}

func createDoc[T record, H any](ctx context.Context, s *Store, k kind[T, H], x T) error {
	body, err := k.encode(x, 1)
	if err != nil {
		return fmt.Errorf("memory: create %s: %w", k.what, err)
	}
	v, release, err := s.enter(ctx, x.Dealer())
	if err != nil {
		return err
	}
	defer release()
	d, id, key := x.Dealer(), x.ID(), k.keyOf(x)
	t := k.table(&v.parts)
	if _, taken := t.get(d, id); taken {
		return fmt.Errorf("create %s %s: id is taken: %w", k.what, id, dealerkit.ErrConflict)
	}
	if key != "" {
		if _, taken := k.unique(&v.parts).owner(d, key); taken {
			return fmt.Errorf("create %s %s: %s %q is taken: %w", k.what, id, k.keyName, key, dealerkit.ErrConflict)
		}
		k.unique(&v.parts).claim(v, d, key, id)
	}
	head := k.head(x)
	t.put(v, d, id, doc[H]{version: 1, body: body, head: head, key: key})
	k.reindex(v, d, id, head, false, head)
	v.appendEvents(d, x.PendingEvents())
	v.afterCommit(func() { x.SetVersion(1) })
	return nil
}

func loadDoc[T record, H any](ctx context.Context, s *Store, k kind[T, H], d dealerkit.DealerID, id uuid.UUID) (doc[H], error) {
	v, release, err := s.enter(ctx, d)
	if err != nil {
		return doc[H]{}, err
	}
	defer release()
	r, ok := k.table(&v.parts).get(d, id)
	if !ok {
		return r, fmt.Errorf("%s %s: %w", k.what, id, dealerkit.ErrNotFound)
	}
	return r, nil
}

func getDoc[T record, H any](ctx context.Context, s *Store, k kind[T, H], d dealerkit.DealerID, id uuid.UUID) (T, error) {
	r, err := loadDoc(ctx, s, k, d, id)
	if err != nil {
		var zero T
		return zero, err
	}
	return decodeDoc(k, r)
}

func decodeDoc[T record, H any](k kind[T, H], r doc[H]) (T, error) {
	x, err := k.decode(r.body, r.version)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("memory: %w", err)
	}
	return x, nil
}

// updateDoc loads a copy, runs fn on it without holding the dealer's lock (outside a
// transaction), then stores the result only if the version is still the one loaded, as the repair
// orders' Update does.
func updateDoc[T record, H any](ctx context.Context, s *Store, k kind[T, H], d dealerkit.DealerID, id uuid.UUID, fn func(T) error) error {
	r, err := loadDoc(ctx, s, k, d, id)
	if err != nil {
		return err
	}
	x, err := decodeDoc(k, r)
	if err != nil {
		return err
	}
	if err := fn(x); err != nil {
		return err
	}
	next := r.version + 1
	body, err := k.encode(x, next)
	if err != nil {
		return fmt.Errorf("memory: update %s: %w", k.what, err)
	}
	v, release, err := s.enter(ctx, d)
	if err != nil {
		return err
	}
	defer release()
	t := k.table(&v.parts)
	cur, ok := t.get(d, id)
	if !ok || cur.version != r.version {
		return fmt.Errorf("update %s %s: version %d is stale: %w", k.what, id, r.version, dealerkit.ErrConflict)
	}
	key := k.keyOf(x)
	if key != cur.key {
		u := k.unique(&v.parts)
		if owner, taken := u.owner(d, key); key != "" && taken && owner != id {
			return fmt.Errorf("update %s %s: %s %q is taken: %w", k.what, id, k.keyName, key, dealerkit.ErrConflict)
		}
		if cur.key != "" {
			u.drop(v, d, cur.key)
		}
		if key != "" {
			u.claim(v, d, key, id)
		}
	}
	head := k.head(x)
	t.put(v, d, id, doc[H]{version: next, body: body, head: head, key: key})
	k.reindex(v, d, id, cur.head, true, head)
	v.appendEvents(d, x.PendingEvents())
	v.afterCommit(func() { x.SetVersion(next) })
	return nil
}

// listDocs returns the dealer's documents whose header keep accepts and that match, ordered by id,
// at most limit (0: all). Decoding needs no lock: bodies are never changed in place.
func listDocs[T record, H any](ctx context.Context, s *Store, k kind[T, H], d dealerkit.DealerID, keep func(uuid.UUID, H) bool,
	match func(T) bool, limit int) ([]T, error) {
	return listDocsBy(ctx, s, k, d, nil, keep, match, limit)
}

// listDocsBy is listDocs over the documents of the first of keys that the filter names (an id
// not uuid.Nil), or over all the dealer's if it names none. Every document a filter naming that id
// can match is in its entry, so the result is the same as a scan of all.
func listDocsBy[T record, H any](ctx context.Context, s *Store, k kind[T, H], d dealerkit.DealerID, keys []indexKey,
	keep func(uuid.UUID, H) bool, match func(T) bool, limit int) ([]T, error) {
	v, release, err := s.enter(ctx, d)
	if err != nil {
		return nil, err
	}
	t := k.table(&v.parts)
	var rs []doc[H]
	if i := slices.IndexFunc(keys, named); i >= 0 {
		rs = t.sortedIn(d, k.index(&v.parts).ids(d, keys[i]), keep)
	} else {
		rs = t.sorted(d, keep)
	}
	release()
	var out []T
	for _, r := range rs {
		if limit > 0 && len(out) == limit {
			break
		}
		x, err := decodeDoc(k, r)
		if err != nil {
			return nil, err
		}
		if match(x) {
			out = append(out, x)
		}
	}
	return out, nil
}

func after(id, cursor uuid.UUID) bool {
	return cursor == uuid.Nil || bytes.Compare(id[:], cursor[:]) > 0
}

// The kinds.

type partHead struct {
	category string
	active   bool
}

var partKind = kind[*parts.Part, partHead]{
	what: "part", table: func(p *partsData) docTable[partHead] { return p.catalogue },
	head:   func(x *parts.Part) partHead { return partHead{x.Category(), x.Active()} },
	encode: codec.KeepPart, decode: codec.FromKeptPart,
	unique: func(p *partsData) uniqueKeys { return p.partNumbers }, keyName: "number",
	uniqueKey: func(x *parts.Part) string { return string(x.Number()) },
}

var supplierKind = kind[*parts.Supplier, struct{}]{
	what: "supplier", table: func(p *partsData) docTable[struct{}] { return p.suppliers },
	head:   func(*parts.Supplier) struct{} { return struct{}{} },
	encode: codec.KeepSupplier, decode: codec.FromKeptSupplier,
	unique: func(p *partsData) uniqueKeys { return p.supplierCodes }, keyName: "code",
	uniqueKey: func(x *parts.Supplier) string { return x.Code() },
}

// poHead is what POFilter reads of a purchase order, so that a list decodes only the orders it
// returns.
type poHead struct {
	supplier  uuid.UUID
	state     parts.POState
	parts     []uuid.UUID // of its lines, each once; never changed once built
	createdAt time.Time
}

func (h poHead) mayMatch(f parts.POFilter, id uuid.UUID) bool {
	return (f.Supplier == uuid.Nil || h.supplier == f.Supplier) && (len(f.States) == 0 || slices.Contains(f.States, h.state)) &&
		(f.Part == uuid.Nil || slices.Contains(h.parts, f.Part)) && (f.CreatedFrom.IsZero() || !h.createdAt.Before(f.CreatedFrom)) &&
		(f.CreatedBefore.IsZero() || h.createdAt.Before(f.CreatedBefore)) && after(id, f.After)
}

// Index fields: what an indexKey's id or text is.
const (
	byPart byte = iota + 1
	bySupplier
	byOrder
	byVIN
	byPlate
	byCustomer
	byPromise  // every repair order with a promised time (text and id empty)
	byOpenPart // open reservations of a part: availability asks for them on every issue, and a
	// part's closed reservations pile up month after month
)

// named reports whether a filter names the key: a list may then read its entry only.
func named(k indexKey) bool { return k.id != uuid.Nil || k.text != "" || k.field == byPromise }

var orderKind = kind[*parts.PurchaseOrder, poHead]{
	what: "purchase order", table: func(p *partsData) docTable[poHead] { return p.orders },
	head: func(x *parts.PurchaseOrder) poHead {
		h := poHead{supplier: x.Supplier(), state: x.State(), createdAt: x.CreatedAt()}
		for _, l := range x.Lines() {
			if !slices.Contains(h.parts, l.Part) {
				h.parts = append(h.parts, l.Part)
			}
		}
		return h
	},
	encode: codec.KeepPurchaseOrder, decode: codec.FromKeptPurchaseOrder,
	unique: func(p *partsData) uniqueKeys { return p.orderNumbers }, keyName: "number",
	uniqueKey: func(x *parts.PurchaseOrder) string { return x.Number() },
	index:     func(p *partsData) docIndex { return p.orderIndex },
	indexKeys: func(h poHead) []indexKey {
		keys := []indexKey{{field: bySupplier, id: h.supplier}}
		for _, part := range h.parts {
			keys = append(keys, indexKey{field: byPart, id: part})
		}
		return keys
	},
}

type reservationHead struct {
	order, line, part uuid.UUID
	state             parts.ReservationState
	backOrdered       bool
	createdAt         time.Time
}

var reservationKind = kind[*parts.Reservation, reservationHead]{
	what: "reservation", table: func(p *partsData) docTable[reservationHead] { return p.reservations },
	head: func(x *parts.Reservation) reservationHead {
		return reservationHead{x.Order(), x.Line(), x.Part(), x.State(), x.BackOrdered().IsPositive(), x.CreatedAt()}
	},
	encode: codec.KeepReservation, decode: codec.FromKeptReservation,
	index: func(p *partsData) docIndex { return p.reservationIndex },
	indexKeys: func(h reservationHead) []indexKey {
		keys := []indexKey{{field: byOrder, id: h.order}, {field: byPart, id: h.part}}
		if h.state == parts.ReservationOpen {
			keys = append(keys, indexKey{field: byOpenPart, id: h.part})
		}
		return keys
	},
	// One open reservation per repair-order line.
	unique: func(p *partsData) uniqueKeys { return p.openLines }, keyName: "open reservation of line",
	uniqueKey: func(x *parts.Reservation) string {
		if x.State() != parts.ReservationOpen {
			return ""
		}
		return x.Line().String()
	},
}

var stocktakeKind = kind[*parts.Stocktake, struct{}]{
	what: "stocktake", table: func(p *partsData) docTable[struct{}] { return p.stocktakes },
	head:   func(*parts.Stocktake) struct{} { return struct{}{} },
	encode: codec.KeepStocktake, decode: codec.FromKeptStocktake,
	unique: func(p *partsData) uniqueKeys { return p.stocktakeNumbers }, keyName: "number",
	uniqueKey: func(x *parts.Stocktake) string { return x.Number() },
}

// Catalogue.

func (r partsRepo) CreatePart(ctx context.Context, p *parts.Part) error {
	return createDoc(ctx, r.s, partKind, p)
}

func (r partsRepo) GetPart(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.Part, error) {
	return getDoc(ctx, r.s, partKind, dealer, id)
}

func (r partsRepo) PartByNumber(ctx context.Context, dealer dealerkit.DealerID, number parts.PartNumber) (*parts.Part, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	id, ok := v.parts.partNumbers.owner(dealer, string(number))
	var rec doc[partHead]
	if ok {
		rec, ok = v.parts.catalogue.get(dealer, id)
	}
	release()
	if !ok {
		return nil, fmt.Errorf("part %q: %w", number, dealerkit.ErrNotFound)
	}
	return decodeDoc(partKind, rec)
}

func (r partsRepo) UpdatePart(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*parts.Part) error) error {
	return updateDoc(ctx, r.s, partKind, dealer, id, fn)
}

func (r partsRepo) ListParts(ctx context.Context, dealer dealerkit.DealerID, f parts.PartFilter) ([]*parts.Part, error) {
	return listDocs(ctx, r.s, partKind, dealer, func(id uuid.UUID, h partHead) bool {
		return (len(f.IDs) == 0 || slices.Contains(f.IDs, id)) && (f.Category == "" || h.category == f.Category) &&
			(!f.ActiveOnly || h.active) && after(id, f.After)
	}, f.Matches, f.Limit)
}

func (r partsRepo) CreateSupplier(ctx context.Context, x *parts.Supplier) error {
	return createDoc(ctx, r.s, supplierKind, x)
}

func (r partsRepo) GetSupplier(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.Supplier, error) {
	return getDoc(ctx, r.s, supplierKind, dealer, id)
}

func (r partsRepo) ListSuppliers(ctx context.Context, dealer dealerkit.DealerID) ([]*parts.Supplier, error) {
	all := func(uuid.UUID, struct{}) bool { return true }
	return listDocs(ctx, r.s, supplierKind, dealer, all, func(*parts.Supplier) bool { return true }, 0)
}

// Purchase orders.

func (r partsRepo) CreatePurchaseOrder(ctx context.Context, o *parts.PurchaseOrder) error {
	return createDoc(ctx, r.s, orderKind, o)
}

func (r partsRepo) GetPurchaseOrder(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.PurchaseOrder, error) {
	return getDoc(ctx, r.s, orderKind, dealer, id)
}

func (r partsRepo) UpdatePurchaseOrder(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*parts.PurchaseOrder) error) error {
	return updateDoc(ctx, r.s, orderKind, dealer, id, fn)
}

func (r partsRepo) ListPurchaseOrders(ctx context.Context, dealer dealerkit.DealerID, f parts.POFilter) ([]*parts.PurchaseOrder, error) {
	return listDocsBy(ctx, r.s, orderKind, dealer, []indexKey{{field: byPart, id: f.Part}, {field: bySupplier, id: f.Supplier}},
		func(id uuid.UUID, h poHead) bool { return h.mayMatch(f, id) }, f.Matches, f.Limit)
}

// Reservations.

func (r partsRepo) CreateReservation(ctx context.Context, x *parts.Reservation) error {
	return createDoc(ctx, r.s, reservationKind, x)
}

func (r partsRepo) GetReservation(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.Reservation, error) {
	return getDoc(ctx, r.s, reservationKind, dealer, id)
}

func (r partsRepo) UpdateReservation(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*parts.Reservation) error) error {
	return updateDoc(ctx, r.s, reservationKind, dealer, id, fn)
}

func (r partsRepo) ListReservations(ctx context.Context, dealer dealerkit.DealerID, f parts.ReservationFilter) ([]*parts.Reservation, error) {
	// The open reservations of a part have an entry of their own; only open ones are back-ordered.
	var openPart uuid.UUID
	if f.BackOrdered || len(f.States) == 1 && f.States[0] == parts.ReservationOpen {
		openPart = f.Part
	}
	keys := []indexKey{{field: byOrder, id: f.Order}, {field: byOpenPart, id: openPart}, {field: byPart, id: f.Part}}
	return listDocsBy(ctx, r.s, reservationKind, dealer, keys, func(id uuid.UUID, h reservationHead) bool {
		return (f.Order == uuid.Nil || h.order == f.Order) && (f.Line == uuid.Nil || h.line == f.Line) &&
			(f.Part == uuid.Nil || h.part == f.Part) && (len(f.States) == 0 || slices.Contains(f.States, h.state)) &&
			(!f.BackOrdered || h.backOrdered) && (f.CreatedFrom.IsZero() || !h.createdAt.Before(f.CreatedFrom)) &&
			(f.CreatedBefore.IsZero() || h.createdAt.Before(f.CreatedBefore)) && after(id, f.After)
	}, f.Matches, f.Limit)
}

// Stocktakes.

func (r partsRepo) CreateStocktake(ctx context.Context, st *parts.Stocktake) error {
	return createDoc(ctx, r.s, stocktakeKind, st)
}

func (r partsRepo) GetStocktake(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.Stocktake, error) {
	return getDoc(ctx, r.s, stocktakeKind, dealer, id)
}

func (r partsRepo) UpdateStocktake(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*parts.Stocktake) error) error {
	return updateDoc(ctx, r.s, stocktakeKind, dealer, id, fn)
}

func (r partsRepo) ListStocktakes(ctx context.Context, dealer dealerkit.DealerID, f parts.StocktakeFilter) ([]*parts.Stocktake, error) {
	return listDocs(ctx, r.s, stocktakeKind, dealer, func(id uuid.UUID, _ struct{}) bool { return after(id, f.After) }, f.Matches, f.Limit)
}

// The ledger.

type stockKey struct {
	part uuid.UUID
	bin  string
}

func compareStockKeys(a, b stockKey) int {
	return cmp.Or(bytes.Compare(a.part[:], b.part[:]), strings.Compare(a.bin, b.bin))
}

// movementMatches reports whether f lists the stored movement m.
func movementMatches(m *parts.Movement, f parts.MovementFilter) bool {
	return (f.Part == uuid.Nil || m.Part == f.Part) && (len(f.Kinds) == 0 || slices.Contains(f.Kinds, m.Kind)) &&
		(f.From.IsZero() || !m.At.Before(f.From)) && (f.To.IsZero() || m.At.Before(f.To)) &&
		(f.Posting == uuid.Nil || m.Posting == f.Posting) && after(m.ID, f.After)
}

func (v view) stockRow(d dealerkit.DealerID, k stockKey) *parts.Stock { return v.parts.stock[d][k] }

func (v view) putStock(d dealerkit.DealerID, k stockKey, row *parts.Stock) {
	m := v.parts.stock[d]
	if m == nil {
		m = map[stockKey]*parts.Stock{}
		v.parts.stock[d] = m
	}
	saveEntry(v, m, k)
	m[k] = row
}

// postingTable is one dealer's postings, kept in pages that never move (paged) and found by id
// through a map of their indexes. That map holds no pointer for the collector to trace, and
// growing it copies 24 bytes an entry, where a map of the kept postings themselves copied 96 and
// was traced whole on every cycle (issue 12).
type postingTable struct {
	kept paged[codec.KeptPosting]
	byID map[uuid.UUID]int
}

// get returns the posting with id; a nil table has none.
func (t *postingTable) get(id uuid.UUID) (codec.KeptPosting, bool) {
	if t == nil {
		return codec.KeptPosting{}, false
	}
	i, ok := t.byID[id]
	if !ok {
		return codec.KeptPosting{}, false
	}
	return *t.kept.at(i), true
}

func (t *postingTable) add(id uuid.UUID, rec codec.KeptPosting) {
	if t.byID == nil {
		t.byID = map[uuid.UUID]int{}
	}
	t.byID[id] = t.kept.append(rec)
}

// remove takes back add, for a posting rolled back. Its page slot is emptied rather than taken
// out, so no other posting's index moves. A nil table (a dealer's first posting, rolled back
// before it was added) has nothing to take back.
func (t *postingTable) remove(id uuid.UUID) {
	if t == nil {
		return
	}
	if i, ok := t.byID[id]; ok {
		*t.kept.at(i) = codec.KeptPosting{}
		delete(t.byID, id)
	}
}

// postRows are the rows a posting changes, in the order first touched. Movements come sorted by
// part and bin, so a row is nearly always the last one added; a scan finds the rest of a small
// posting sooner than a map would, and a map is built only for a large one (a stocktake's).
type postRows struct {
	keys    []stockKey
	rows    []*parts.Stock
	befores []*parts.Stock   // each row as stored before the posting; nil for a new one
	index   map[stockKey]int // once there are many keys
	// Room for the rows of most postings, in this value's own allocation.
	keyBuf          [2]stockKey
	rowBuf, prevBuf [2]*parts.Stock
}

func newPostRows() *postRows {
	r := &postRows{}
	r.keys, r.rows, r.befores = r.keyBuf[:0], r.rowBuf[:0], r.prevBuf[:0]
	return r
}

const postRowsScan = 16

func (r *postRows) find(k stockKey) (int, bool) {
	n := len(r.keys)
	switch {
	case n > 0 && r.keys[n-1] == k:
		return n - 1, true
	case n <= postRowsScan:
		j := slices.Index(r.keys, k)
		return j, j >= 0
	}
	if r.index == nil {
		r.index = make(map[stockKey]int, 2*n)
		for j, k := range r.keys {
			r.index[k] = j
		}
	}
	j, ok := r.index[k]
	return j, ok
}

func (r *postRows) add(k stockKey, row *parts.Stock) int {
	j := len(r.keys)
	r.keys, r.rows, r.befores = append(r.keys, k), append(r.rows, row), append(r.befores, row)
	if r.index != nil {
		r.index[k] = j
	}
	return j
}

// undoPost records how to take back what Post writes: the rows as they were, and the key, the
// posting and its movements (ms, as added to the ledger), none of which existed. It is one undo
// for the whole posting, registered before the first write, rather than one per write: each is
// an allocation. Taking back what was not written yet (a fault between the writes) changes
// nothing.
func (v view) undoPost(d dealerkit.DealerID, id uuid.UUID, key string, keys []stockKey, befores []*parts.Stock, ms []parts.Movement) {
	v.onUndo(func() {
		for j, k := range keys {
			if b := befores[j]; b != nil {
				v.parts.stock[d][k] = b
			} else {
				delete(v.parts.stock[d], k)
			}
		}
		delete(v.parts.postingKeys[d], key)
		v.parts.postings[d].remove(id)
		if log := v.parts.movements[d]; log != nil {
			for i := range ms {
				log.remove(&ms[i])
			}
		}
	})
}

// Post applies the posting row by row as parts.StockRepository.Post describes, in the
// transaction of ctx or in one of its own. Nothing is written until every movement has been
// applied and the key checked, so a refusal leaves the transaction as it was.
func (r partsRepo) Post(ctx context.Context, p *parts.Posting) error {
	return r.s.InTx(ctx, func(ctx context.Context) error {
		v, release, err := r.s.enter(ctx, p.Dealer())
		if err != nil {
			return err
		}
		defer release()
		d, id := p.Dealer(), p.ID()
		if _, taken := v.parts.postingKeys.owner(d, p.Key()); taken {
			return fmt.Errorf("post %s: key %q is taken: %w", id, p.Key(), dealerkit.ErrConflict)
		}
		if _, taken := v.parts.postings[d].get(id); taken {
			return fmt.Errorf("post %s: id is taken: %w", id, dealerkit.ErrConflict)
		}
		// The rows in lock order (the movements'), each as the movements before have left it.
		rows := newPostRows()
		for i := range p.MovementCount() {
			part, bin := p.RowOf(i)
			k := stockKey{part, bin}
			j, seen := rows.find(k)
			if !seen {
				j = rows.add(k, v.stockRow(d, k))
			}
			row, err := p.Apply(i, rows.rows[j])
			if err != nil {
				return err
			}
			rows.rows[j] = row
		}
		rec := codec.KeepPosting(p) // the movements as applied, with values and balances
		ms := rec.Movements
		// Apply's rows are its own copies (Stock.clone), shared with nothing, and keep the
		// invariants; the only time it writes is the posting's. So KeepStock's copy is needed only
		// to bring that time to UTC, and a posting made in UTC skips it (issue 12: a third of the
		// row's cost).
		if p.At().Location() != time.UTC {
			for j := range rows.rows {
				if rows.rows[j], err = codec.KeepStock(rows.rows[j]); err != nil {
					return fmt.Errorf("memory: post %s: %w", id, err)
				}
			}
		}
		v.undoPost(d, id, p.Key(), rows.keys, rows.befores, ms)
		sm := v.parts.stock[d]
		if sm == nil {
			sm = map[stockKey]*parts.Stock{}
			v.parts.stock[d] = sm
		}
		for j, k := range rows.keys {
			sm[k] = rows.rows[j]
		}
		if fault := r.s.postFault; fault != nil {
			if err := fault(p); err != nil {
				v.fail(err) // the rows changed: the transaction may no longer commit
				return err
			}
		}
		keys := v.parts.postingKeys[d]
		if keys == nil {
			keys = map[string]uuid.UUID{}
			v.parts.postingKeys[d] = keys
		}
		keys[p.Key()] = id
		pt := v.parts.postings[d]
		if pt == nil {
			pt = &postingTable{}
			v.parts.postings[d] = pt
		}
		pt.add(id, rec)
		log := v.parts.movements[d]
		if log == nil {
			log = &movementLog{}
			v.parts.movements[d] = log
		}
		for i := range ms {
			log.add(&ms[i])
		}
		v.appendOwnEvents(d, p.PendingEvents()) // built afresh on each call
		return nil
	})
}

func decodePosting(rec codec.KeptPosting) (*parts.Posting, error) {
	p, err := rec.Posting()
	if err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	return p, nil
}

// Reserve changes the rows' reserved quantities with parts.Stock.Reserve, all or none.
func (r partsRepo) Reserve(ctx context.Context, dealer dealerkit.DealerID, holds []parts.Hold) error {
	return r.s.InTx(ctx, func(ctx context.Context) error {
		v, release, err := r.s.enter(ctx, dealer)
		if err != nil {
			return err
		}
		defer release()
		rows := map[stockKey]*parts.Stock{}
		var order []stockKey
		for _, h := range holds {
			k := stockKey{h.Part, h.Bin}
			row, seen := rows[k]
			if !seen {
				row = v.stockRow(dealer, k)
				order = append(order, k)
			}
			if row == nil {
				return &parts.StockError{Part: h.Part, Bin: h.Bin, Have: decimal.Zero, Want: h.Quantity}
			}
			if rows[k], err = row.Reserve(h.Quantity); err != nil {
				return err
			}
		}
		for _, k := range order {
			v.putStock(dealer, k, rows[k])
		}
		return nil
	})
}

func (r partsRepo) GetStock(ctx context.Context, dealer dealerkit.DealerID, part uuid.UUID, bin string) (*parts.Stock, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	defer release()
	row := v.stockRow(dealer, stockKey{part, bin})
	if row == nil {
		return nil, fmt.Errorf("stock of part %s in bin %q: %w", part, bin, dealerkit.ErrNotFound)
	}
	return row, nil
}

func (r partsRepo) ListStock(ctx context.Context, dealer dealerkit.DealerID, f parts.StockFilter) ([]*parts.Stock, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	var keys []stockKey
	for k, row := range v.parts.stock[dealer] {
		if f.Matches(row) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, compareStockKeys)
	out := make([]*parts.Stock, len(keys))
	for i, k := range keys {
		out[i] = v.parts.stock[dealer][k]
	}
	release()
	return out, nil
}

func (r partsRepo) PostingByKey(ctx context.Context, dealer dealerkit.DealerID, key string) (*parts.Posting, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	id, ok := v.parts.postingKeys.owner(dealer, key)
	var rec codec.KeptPosting
	if ok {
		rec, ok = v.parts.postings[dealer].get(id)
	}
	release()
	if !ok {
		return nil, codec.PostingKeyNotFound(key)
	}
	return decodePosting(rec)
}

func (r partsRepo) GetPosting(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*parts.Posting, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	rec, ok := v.parts.postings[dealer].get(id)
	release()
	if !ok {
		return nil, fmt.Errorf("posting %s: %w", id, dealerkit.ErrNotFound)
	}
	return decodePosting(rec)
}

func (r partsRepo) ListMovements(ctx context.Context, dealer dealerkit.DealerID, f parts.MovementFilter) ([]parts.Movement, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	var out []parts.Movement
	v.parts.movements[dealer].each(func(m *parts.Movement) bool {
		if f.Limit > 0 && len(out) == f.Limit {
			return false
		}
		if movementMatches(m, f) {
			out = append(out, *m)
		}
		return true
	})
	release()
	for i := range out {
		out[i] = codec.KeepMovement(out[i]) // a copy of its own for the caller
	}
	return out, nil
}
