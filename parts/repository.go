package parts

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Repository is everything the parts Service stores. Adapters implement it (adapters/memory,
// adapters/sqlstore) and prove it with adapters/storetest. It is the union of the small
// repositories below; a host may implement them separately and combine them in a struct.
//
// Every method is scoped to one dealer: a record of another dealer is not found and never
// changed. Every method called with a context that fn of dealerkit.Transactor.InTx received
// joins that transaction, so that the Service's use cases (issuing to a repair order, receiving
// against a purchase order, approving a stocktake) commit as a whole or not at all. Within one
// transaction the Service always changes stock rows first (in part, bin order), then documents
// (repair orders, reservations, purchase orders, stocktakes), so concurrent use cases do not lock
// in opposite orders. The Service never calls a repository from inside the fn it passes to an
// Update method, so an adapter may hold a lock or a connection for the duration of fn.
type Repository interface {
	Catalogue
	PurchaseOrders
	StockRepository
	Reservations
	Stocktakes
}

// Catalogue stores parts and suppliers.
type Catalogue interface {
	// CreatePart stores a new part with its pending events. It returns an error matching
	// dealerkit.ErrConflict if the id, or the part number within the dealer, is taken.
	CreatePart(ctx context.Context, p *Part) error
	// GetPart returns the part or an error matching dealerkit.ErrNotFound.
	GetPart(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Part, error)
	// PartByNumber returns the dealer's part with that (normalised) number, or
	// dealerkit.ErrNotFound.
	PartByNumber(ctx context.Context, dealer dealerkit.DealerID, number PartNumber) (*Part, error)
	// UpdatePart loads the part, applies fn and stores the result with the events fn recorded,
	// atomically. If fn fails nothing is stored and its error is returned; if the part changed
	// since it was loaded nothing is stored and the error matches dealerkit.ErrConflict.
	UpdatePart(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Part) error) error
	// ListParts returns the dealer's parts matching f, ordered by id.
	ListParts(ctx context.Context, dealer dealerkit.DealerID, f PartFilter) ([]*Part, error)
	// CreateSupplier stores a new supplier; dealerkit.ErrConflict if the id or the code within
	// the dealer is taken.
	CreateSupplier(ctx context.Context, s *Supplier) error
	// GetSupplier returns the supplier or dealerkit.ErrNotFound.
	GetSupplier(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Supplier, error)
	// ListSuppliers returns the dealer's suppliers ordered by id.
	ListSuppliers(ctx context.Context, dealer dealerkit.DealerID) ([]*Supplier, error)
}

// PurchaseOrders stores purchase orders. Create, Get, Update and List behave as the Catalogue's
// part methods; the order number is unique within the dealer.
type PurchaseOrders interface {
	CreatePurchaseOrder(ctx context.Context, o *PurchaseOrder) error
	GetPurchaseOrder(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*PurchaseOrder, error)
	UpdatePurchaseOrder(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*PurchaseOrder) error) error
	// ListPurchaseOrders returns the dealer's orders matching f, ordered by id.
	ListPurchaseOrders(ctx context.Context, dealer dealerkit.DealerID, f POFilter) ([]*PurchaseOrder, error)
}

// StockRepository stores stock rows, postings and their movements: the ledger.
//
// Two invariants must hold after every call, under any concurrency: on every row
// 0 ≤ reserved ≤ on-hand (stock never goes negative, and never below what is held for repair
// orders), and on-hand and value equal the sums of the row's movements' quantities and values.
// The second follows from the first if rows change only as described here.
type StockRepository interface {
	// Post stores a posting atomically: every movement's row change, the posting with its
	// movements and the posting's event, or nothing. It must:
	//
	//  1. For each movement i of p.Movements(), in that order (sorted by part, then bin: the lock
	//     order), take the row (dealer, part, bin) as it stands inside the transaction, locked
	//     until commit, and call p.Apply(i, row) (row nil when there is none). Apply computes the
	//     movement's value (the cost) from the row and returns the row after it, or a
	//     *StockError. Write that row back (insert it when new). A row is never read outside the
	//     transaction and written back from it: a SQL adapter locks it (SELECT … FOR UPDATE) or
	//     takes the lock with the guarded decrement itself,
	//
	//         UPDATE stock SET on_hand = on_hand + $q, reserved = reserved - $unreserve
	//          WHERE dealer = $d AND part = $p AND bin = $b
	//            AND reserved >= $unreserve AND on_hand + $q >= reserved - $unreserve
	//         RETURNING …
	//
	//     treating no row updated as insufficient stock, and then writes the value and layers
	//     Apply computed from the returned row. A CHECK (reserved >= 0 AND reserved <= on_hand)
	//     is the backstop.
	//  2. Insert the posting and its movements (p.Movements() after applying, which carry their
	//     values and balances) and p.PendingEvents(). The key is unique per dealer.
	//
	// If Apply refuses a movement, the error (a *StockError, errors.Is ErrInsufficientStock) is
	// returned and nothing is stored. If the key is taken, nothing is stored and the error matches
	// dealerkit.ErrConflict. Any other failure also stores nothing.
	//
	// A taken key takes precedence over a shortage: a second caller with the same key that waited
	// for the first's row lock, and then finds the stock gone, gets dealerkit.ErrConflict (the
	// Service then replays the first result or returns a *KeyError), never a *StockError. An
	// adapter that sees Apply refuse checks the key before returning the refusal.
	//
	// A refusal writes nothing: an adapter takes and applies every row first and writes (rows,
	// posting, movements, event) only after all of them have passed and the key is claimed, so a
	// refusal inside the caller's transaction leaves it usable and unchanged.
	//
	// A posting with no movements (Posting.Claim: a receipt that accepted nothing) is stored like
	// any other: it takes no row, claims its key, and PostingByKey and GetPosting return it.
	Post(ctx context.Context, p *Posting) error
	// Reserve changes the reserved quantity of rows by each hold's signed quantity, atomically:
	// all of them or none. A hold may not take reserved below zero or above on-hand
	// (Stock.Reserve; in SQL the guarded UPDATE … SET reserved = reserved + $q WHERE … AND
	// reserved + $q >= 0 AND reserved + $q <= on_hand); then the error is a *StockError and
	// nothing changes. A hold on a row that does not exist is a *StockError with Have zero. Holds
	// come sorted by part and bin, the lock order.
	Reserve(ctx context.Context, dealer dealerkit.DealerID, holds []Hold) error
	// GetStock returns one row or dealerkit.ErrNotFound.
	GetStock(ctx context.Context, dealer dealerkit.DealerID, part uuid.UUID, bin string) (*Stock, error)
	// ListStock returns the dealer's rows matching f, ordered by part, then bin.
	ListStock(ctx context.Context, dealer dealerkit.DealerID, f StockFilter) ([]*Stock, error)
	// PostingByKey returns the posting stored under an idempotency key, or dealerkit.ErrNotFound.
	PostingByKey(ctx context.Context, dealer dealerkit.DealerID, key string) (*Posting, error)
	// GetPosting returns a posting or dealerkit.ErrNotFound.
	GetPosting(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Posting, error)
	// ListMovements returns the dealer's movements matching f, ordered by id (the ledger order:
	// ids come from the injected source, time-ordered UUIDv7 by default).
	ListMovements(ctx context.Context, dealer dealerkit.DealerID, f MovementFilter) ([]Movement, error)
}

// Hold is a change of one row's reserved quantity: positive to hold, negative to release.
type Hold struct {
	Part     uuid.UUID       `json:"part"`
	Bin      string          `json:"bin"`
	Quantity decimal.Decimal `json:"quantity"`
}

// Reservations stores reservations. Create, Get, Update and List behave as the Catalogue's part
// methods; Create also returns dealerkit.ErrConflict when an open reservation exists for the same
// repair-order line.
type Reservations interface {
	CreateReservation(ctx context.Context, r *Reservation) error
	GetReservation(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Reservation, error)
	UpdateReservation(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Reservation) error) error
	// ListReservations returns the dealer's reservations matching f, ordered by id (creation
	// order: back-orders are filled in it).
	ListReservations(ctx context.Context, dealer dealerkit.DealerID, f ReservationFilter) ([]*Reservation, error)
}

// Stocktakes stores stocktakes; the number is unique within the dealer.
type Stocktakes interface {
	CreateStocktake(ctx context.Context, st *Stocktake) error
	GetStocktake(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*Stocktake, error)
	UpdateStocktake(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Stocktake) error) error
	ListStocktakes(ctx context.Context, dealer dealerkit.DealerID, f StocktakeFilter) ([]*Stocktake, error)
}

// PartFilter selects parts: what a parts counter searches by (number, name, supplier, category)
// and a page. Zero fields do not filter. Hosts page with Cursor and Limit through Service.Parts;
// repositories page with After and Limit.
type PartFilter struct {
	IDs      []uuid.UUID `json:"ids,omitempty"`
	Category string      `json:"category,omitempty"`
	// Number selects parts whose normalised number contains it, normalised the same way
	// ("698 151" finds "5Q0 698 151 B").
	Number string `json:"number,omitempty"`
	// Name selects parts whose Chinese or English name contains it; ASCII letters match in
	// either case ("pads" finds "Front brake PADS"), every other character as it is.
	Name       string           `json:"name,omitempty"`
	Supplier   uuid.UUID        `json:"supplier,omitzero"` // parts with this supplier among their sources
	ActiveOnly bool             `json:"active_only,omitempty"`
	Cursor     dealerkit.Cursor `json:"cursor,omitempty"` // Service.Parts: the page after this cursor
	After      uuid.UUID        `json:"after,omitzero"`   // repositories: ids greater than this
	Limit      int              `json:"limit,omitempty"`  // Service.Parts: page size; repositories: 0 means no limit
}

// NumberQuery is f.Number as the stores compare it: upper case, single spaces.
func (f PartFilter) NumberQuery() string {
	return strings.ToUpper(strings.Join(strings.Fields(f.Number), " "))
}

// NameQuery is f.Name as the stores compare it: trimmed, ASCII letters lower-cased (LowerASCII).
func (f PartFilter) NameQuery() string { return LowerASCII(strings.TrimSpace(f.Name)) }

// LowerASCII lower-cases the ASCII letters of s and leaves every other character as it is: the
// folding every store applies alike (SQL's lower() under the C collation), so a name search selects
// the same parts on each.
func LowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// Matches reports whether p passes the filter (Limit aside); SQL adapters must select the same set.
func (f PartFilter) Matches(p *Part) bool {
	name := f.NameQuery()
	return (len(f.IDs) == 0 || slices.Contains(f.IDs, p.id)) && (f.Category == "" || p.category == f.Category) &&
		(!f.ActiveOnly || p.active) && (f.After == uuid.Nil || compareUUID(p.id, f.After) > 0) &&
		(f.NumberQuery() == "" || strings.Contains(string(p.number), f.NumberQuery())) &&
		(name == "" || strings.Contains(LowerASCII(p.name.Zh), name) || strings.Contains(LowerASCII(p.name.En), name)) &&
		(f.Supplier == uuid.Nil || slices.ContainsFunc(p.sources, func(s Source) bool { return s.Supplier == f.Supplier }))
}

// POFilter selects purchase orders: by supplier, state, a part on a line and when the draft was
// started. Zero fields do not filter. Hosts page with Cursor and Limit through
// Service.PurchaseOrders; repositories with After and Limit.
type POFilter struct {
	Supplier      uuid.UUID        `json:"supplier,omitzero"`
	States        []POState        `json:"states,omitempty"`
	Part          uuid.UUID        `json:"part,omitzero"`           // orders with a line for this part
	CreatedFrom   time.Time        `json:"created_from,omitzero"`   // drafts started at or after
	CreatedBefore time.Time        `json:"created_before,omitzero"` // drafts started before
	Cursor        dealerkit.Cursor `json:"cursor,omitempty"`
	After         uuid.UUID        `json:"after,omitzero"`
	Limit         int              `json:"limit,omitempty"`
}

// Matches reports whether o passes the filter (Limit aside).
func (f POFilter) Matches(o *PurchaseOrder) bool {
	return (f.Supplier == uuid.Nil || o.supplier == f.Supplier) &&
		(len(f.States) == 0 || slices.Contains(f.States, o.state)) &&
		(f.Part == uuid.Nil || slices.ContainsFunc(o.lines, func(l PurchaseLine) bool { return l.Part == f.Part })) &&
		(f.CreatedFrom.IsZero() || !o.createdAt.Before(f.CreatedFrom)) &&
		(f.CreatedBefore.IsZero() || o.createdAt.Before(f.CreatedBefore)) &&
		(f.After == uuid.Nil || compareUUID(o.id, f.After) > 0)
}

// StockFilter selects stock rows. Zero fields do not filter.
type StockFilter struct {
	Part uuid.UUID `json:"part"`
	Bins []string  `json:"bins"`
}

// Matches reports whether s passes the filter.
func (f StockFilter) Matches(s *Stock) bool {
	return (f.Part == uuid.Nil || s.part == f.Part) && (len(f.Bins) == 0 || slices.Contains(f.Bins, s.bin))
}

// MovementFilter selects movements. Zero fields do not filter.
type MovementFilter struct {
	Part    uuid.UUID      `json:"part"`
	Kinds   []MovementKind `json:"kinds"`
	From    time.Time      `json:"from"` // at or after
	To      time.Time      `json:"to"`   // before
	Posting uuid.UUID      `json:"posting"`
	After   uuid.UUID      `json:"after"` // cursor: ids greater than this
	Limit   int            `json:"limit"`
}

// Matches reports whether m passes the filter (Limit aside).
func (f MovementFilter) Matches(m Movement) bool {
	return (f.Part == uuid.Nil || m.Part == f.Part) && (len(f.Kinds) == 0 || slices.Contains(f.Kinds, m.Kind)) &&
		(f.From.IsZero() || !m.At.Before(f.From)) && (f.To.IsZero() || m.At.Before(f.To)) &&
		(f.Posting == uuid.Nil || m.Posting == f.Posting) && (f.After == uuid.Nil || compareUUID(m.ID, f.After) > 0)
}

// ReservationFilter selects reservations. Zero fields do not filter.
type ReservationFilter struct {
	Order  uuid.UUID          `json:"order"`
	Line   uuid.UUID          `json:"line"`
	Part   uuid.UUID          `json:"part"`
	States []ReservationState `json:"states"`
	// BackOrdered keeps open reservations still waiting for stock: requested − issued − held > 0
	// (Reservation.BackOrdered). A SQL adapter may keep that as a column updated with the row.
	BackOrdered   bool      `json:"back_ordered"`
	CreatedFrom   time.Time `json:"created_from"`
	CreatedBefore time.Time `json:"created_before"`
	After         uuid.UUID `json:"after"`
	Limit         int       `json:"limit"`
}

// Matches reports whether r passes the filter (Limit aside).
func (f ReservationFilter) Matches(r *Reservation) bool {
	return (f.Order == uuid.Nil || r.order == f.Order) && (f.Line == uuid.Nil || r.line == f.Line) &&
		(f.Part == uuid.Nil || r.part == f.Part) && (len(f.States) == 0 || slices.Contains(f.States, r.state)) &&
		(!f.BackOrdered || r.BackOrdered().IsPositive()) &&
		(f.CreatedFrom.IsZero() || !r.createdAt.Before(f.CreatedFrom)) &&
		(f.CreatedBefore.IsZero() || r.createdAt.Before(f.CreatedBefore)) &&
		(f.After == uuid.Nil || compareUUID(r.id, f.After) > 0)
}

// StocktakeFilter selects stocktakes. Zero fields do not filter.
type StocktakeFilter struct {
	States []StocktakeState `json:"states"`
	After  uuid.UUID        `json:"after"`
	Limit  int              `json:"limit"`
}

// Matches reports whether st passes the filter (Limit aside).
func (f StocktakeFilter) Matches(st *Stocktake) bool {
	return (len(f.States) == 0 || slices.Contains(f.States, st.state)) && (f.After == uuid.Nil || compareUUID(st.id, f.After) > 0)
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x Hold) MarshalJSON() ([]byte, error) {
	type plain Hold
	return exactJSON(plain(x))
}
