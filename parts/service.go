package parts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Options configure a Service. A nil *Options, and every zero field, means the documented default.
type Options struct {
	// Now is the clock; nil means time.Now. NewID makes ids; nil means UUIDv7.
	Now   func() time.Time
	NewID func() uuid.UUID
	// Permissions is the §3 role x action table per dealer and over time; nil means
	// dealerkit.DefaultPermissions for every dealer.
	Permissions *dealerkit.Table[*dealerkit.Permissions]
	// Policy is the parts policy per dealer and over time; nil means DefaultPolicy.
	Policy *dealerkit.Table[Policy]
	// ConflictRetries is how often a use case is run again when it loses an optimistic-concurrency
	// race (dealerkit.ErrConflict: a repair order, purchase order or reservation changed under it,
	// or a concurrent request with the same idempotency key won) or a reservation race. Each run
	// starts from scratch in a new transaction, so a retried request with a key that meanwhile
	// committed returns that result. 0 means 3, a negative value means never, as in aftersales
	// and complaints.
	ConflictRetries int
}

// Service holds the parts clerk's use cases (§3.4): catalogue, purchasing and receiving,
// reservations, issue and return against repair orders, adjustments, stocktakes, replenishment and
// reports. Each checks the actor against the dealer's permission table in force, stamps time and
// ids from the injected sources, and stores every change with its event; work that spans records
// runs in one transaction of the Transactor. A refused call changes nothing. It is safe for
// concurrent use.
type Service struct {
	repo     Repository
	orders   aftersales.Repository
	tx       dealerkit.Transactor
	src      dealerkit.Sources
	perms    *dealerkit.Table[*dealerkit.Permissions]
	pol      *dealerkit.Table[Policy]
	attempts int
}

// NewService returns a Service over repo. orders is the repair-order store the parts are issued
// against, and tx the transactor that both repositories join, so that a stock movement and the
// repair-order line it belongs to change together (§3.4.3).
func NewService(repo Repository, orders aftersales.Repository, tx dealerkit.Transactor, opts *Options) (*Service, error) {
	var v dealerkit.ValidationError
	if repo == nil {
		v.AddCode("repository", "", dealerkit.ReasonRequired, "required")
	}
	if orders == nil {
		v.AddCode("orders", "", dealerkit.ReasonRequired, "required (§3.4.3)")
	}
	if tx == nil {
		v.AddCode("transactor", "", dealerkit.ReasonRequired, "required: issues change stock and repair orders together")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &Options{}
	}
	attempts := 1 + opts.ConflictRetries // the first run and its retries
	switch {
	case opts.ConflictRetries == 0:
		attempts = 1 + 3
	case opts.ConflictRetries < 0:
		attempts = 1
	}
	return &Service{repo: repo, orders: orders, tx: tx, src: dealerkit.Sources{Now: opts.Now, NewID: opts.NewID},
		perms: opts.Permissions, pol: opts.Policy, attempts: attempts}, nil
}

// authorize refuses an unidentified actor or one the dealer's table in force now forbids (§3).
func (s *Service) authorize(actor dealerkit.Actor, action dealerkit.Action, now time.Time) error {
	return dealerkit.Authorize(s.perms, actor, action, now)
}

// Policy returns the dealer's parts policy in force at t.
func (s *Service) Policy(dealer dealerkit.DealerID, at time.Time) (Policy, error) {
	v, err := s.pol.At(dealer, at, DefaultPolicy())
	return v.Rules, err
}

// errRace marks a reservation that lost a race for stock: the use case is retried.
var errRace = errors.New("parts: stock changed while reserving")

// atomically runs fn in a transaction, again when it loses a race (see Options.ConflictRetries).
func (s *Service) atomically(ctx context.Context, fn func(ctx context.Context) error) error {
	var err error
	for range s.attempts {
		err = s.tx.InTx(ctx, fn)
		if !errors.Is(err, dealerkit.ErrConflict) && !errors.Is(err, errRace) {
			return err
		}
	}
	if errors.Is(err, errRace) {
		// A conflict only: the stock error behind the lost race is text, so the error has one class.
		return fmt.Errorf("%w: %v", dealerkit.ErrConflict, err)
	}
	return err
}

// replay looks for a posting under key: the original result when the request is the same, a
// *KeyError when it is not.
func (s *Service) replay(ctx context.Context, dealer dealerkit.DealerID, key, fp string) (*Posting, bool, error) {
	p, err := s.repo.PostingByKey(ctx, dealer, key)
	switch {
	case errors.Is(err, dealerkit.ErrNotFound):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	case p.Fingerprint() != fp:
		return nil, false, &KeyError{Key: key}
	}
	return p, true, nil
}

// Keys the Service makes itself begin with these prefixes; a caller's key may not.
var systemKeyPrefixes = []string{"stocktake:", "reversal:"}

func requireKey(key string) error {
	if strings.TrimSpace(key) == "" || len(key) > maxKey {
		return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "key", Value: key, Reason: "an idempotency key of 1 to 200 characters is required"}}}
	}
	for _, p := range systemKeyPrefixes {
		if strings.HasPrefix(key, p) {
			return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "key", Value: key, Reason: "keys beginning with " + p + " are the library's own"}}}
		}
	}
	return nil
}

// AddSupplier records a supplier (§3.4(1)).
func (s *Service) AddSupplier(ctx context.Context, actor dealerkit.Actor, in SupplierInput) (*Supplier, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionManageCatalogue, now); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("", in); err != nil { // one text rule for every store
		return nil, err
	}
	sup, err := NewSupplier(s.src.ID(), actor, now, in)
	if err != nil {
		return nil, err
	}
	if err := s.repo.CreateSupplier(ctx, sup); err != nil {
		return nil, err
	}
	return sup, nil
}

// Suppliers lists the dealer's suppliers.
func (s *Service) Suppliers(ctx context.Context, actor dealerkit.Actor) ([]*Supplier, error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return nil, err
	}
	return s.repo.ListSuppliers(ctx, actor.Dealer())
}

// checkSources refuses sources naming suppliers the dealer does not have: dealerkit.ErrNotFound,
// whether the supplier is unknown or another dealer's (§2).
func (s *Service) checkSources(ctx context.Context, dealer dealerkit.DealerID, in PartInput) error {
	for i, src := range in.Sources {
		if src.Supplier == uuid.Nil {
			continue
		}
		if _, err := s.repo.GetSupplier(ctx, dealer, src.Supplier); err != nil {
			return fmt.Errorf("parts: %s %s: %w", indexed("sources", i, "supplier"), src.Supplier, err)
		}
	}
	return nil
}

// AddPart adds a part to the catalogue (§3.4(1), §3.4(3)). Its number is validated and
// normalised; its sources must be the dealer's suppliers.
func (s *Service) AddPart(ctx context.Context, actor dealerkit.Actor, in PartInput) (*Part, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionManageCatalogue, now); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("", in); err != nil { // one text rule for every store
		return nil, err
	}
	p, err := NewPart(s.src.ID(), actor, now, in)
	if err != nil {
		return nil, err
	}
	if err := s.checkSources(ctx, actor.Dealer(), in); err != nil {
		return nil, err
	}
	if err := s.repo.CreatePart(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// RevisePart replaces a part's description, sources, price, origin, bin and reorder levels
// (§3.4(3)). The unit cannot change once the part has stock rows: their quantities are in it.
func (s *Service) RevisePart(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, in PartInput) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionManageCatalogue, now); err != nil {
		return err
	}
	if err := dealerkit.ValidInput("", in); err != nil { // one text rule for every store
		return err
	}
	if err := s.checkSources(ctx, actor.Dealer(), in); err != nil {
		return err
	}
	rows, err := s.repo.ListStock(ctx, actor.Dealer(), StockFilter{Part: id})
	if err != nil {
		return err
	}
	return s.repo.UpdatePart(ctx, actor.Dealer(), id, func(p *Part) error {
		if len(rows) > 0 && in.Unit != p.unit {
			return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "unit", Value: in.Unit.String(), Reason: "cannot change once the part is stocked"}}}
		}
		return p.Revise(actor, now, in)
	})
}

// SetPartActive discontinues or reinstates a part (§3.4(1)).
func (s *Service) SetPartActive(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, active bool) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionManageCatalogue, now); err != nil {
		return err
	}
	return s.repo.UpdatePart(ctx, actor.Dealer(), id, func(p *Part) error {
		p.SetActive(actor, now, active)
		return nil
	})
}

// Part returns a catalogue part (§3.4(3): accurate parts information for all staff).
func (s *Service) Part(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*Part, error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return nil, err
	}
	return s.repo.GetPart(ctx, actor.Dealer(), id)
}

// PartByNumber finds a part by its number, given in any spacing or case.
func (s *Service) PartByNumber(ctx context.Context, actor dealerkit.Actor, number string) (*Part, error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("number", number); err != nil { // one text rule for every store
		return nil, err
	}
	n, err := ParsePartNumber(number)
	if err != nil {
		return nil, err
	}
	return s.repo.PartByNumber(ctx, actor.Dealer(), n)
}

// Parts returns one page of catalogue parts matching f, ordered by id: f.Limit at most
// (dealerkit.PageSize caps it) after f.Cursor; Page.Next is the cursor of the page after.
func (s *Service) Parts(ctx context.Context, actor dealerkit.Actor, f PartFilter) (dealerkit.Page[*Part], error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return dealerkit.Page[*Part]{}, err
	}
	if err := dealerkit.ValidInput("", f); err != nil { // one text rule for every store
		return dealerkit.Page[*Part]{}, err
	}
	after, err := f.Cursor.After()
	if err != nil {
		return dealerkit.Page[*Part]{}, err
	}
	size := dealerkit.PageSize(f.Limit)
	f.After, f.Limit = after, size+1 // one more proves a next page
	found, err := s.repo.ListParts(ctx, actor.Dealer(), f)
	if err != nil {
		return dealerkit.Page[*Part]{}, err
	}
	return dealerkit.NewPage(found, size, (*Part).ID), nil
}

// POLineInput is a line of a purchase order: a part by id or number, a quantity in its unit and
// the agreed cost per unit (at most 4 places).
type POLineInput struct {
	Part     uuid.UUID       `json:"part"`
	Number   string          `json:"number"` // used when Part is zero
	Quantity decimal.Decimal `json:"quantity"`
	UnitCost decimal.Decimal `json:"unit_cost"`
}

// POInput is a new purchase order.
type POInput struct {
	Number   string        `json:"number"` // unique within the dealer; empty means the id
	Supplier uuid.UUID     `json:"supplier"`
	Lines    []POLineInput `json:"lines"`
}

func (s *Service) resolvePart(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, number string) (*Part, error) {
	if id != uuid.Nil {
		return s.repo.GetPart(ctx, dealer, id)
	}
	n, err := ParsePartNumber(number)
	if err != nil {
		return nil, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "number", Value: number, Reason: err.Error()}}}
	}
	return s.repo.PartByNumber(ctx, dealer, n)
}

// CreatePurchaseOrder drafts an order to a supplier (§3.4.1).
func (s *Service) CreatePurchaseOrder(ctx context.Context, actor dealerkit.Actor, in POInput) (*PurchaseOrder, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionPurchaseParts, now); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("", in); err != nil { // one text rule for every store
		return nil, err
	}
	if _, err := s.repo.GetSupplier(ctx, actor.Dealer(), in.Supplier); err != nil {
		return nil, fmt.Errorf("parts: supplier %s: %w", in.Supplier, err)
	}
	o, err := NewPurchaseOrder(s.src.ID(), actor, now, in.Supplier, in.Number)
	if err != nil {
		return nil, err
	}
	for _, l := range in.Lines {
		p, err := s.resolvePart(ctx, actor.Dealer(), l.Part, l.Number)
		if err != nil {
			return nil, err
		}
		if err := o.AddLine(s.src.ID(), actor, now, p, l.Quantity, l.UnitCost); err != nil {
			return nil, err
		}
	}
	if err := s.repo.CreatePurchaseOrder(ctx, o); err != nil {
		return nil, err
	}
	return o, nil
}

// AddPurchaseLine adds a line to a draft order (§3.4.1) and returns its id.
func (s *Service) AddPurchaseLine(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, in POLineInput) (uuid.UUID, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionPurchaseParts, now); err != nil {
		return uuid.Nil, err
	}
	if err := dealerkit.ValidInput("", in); err != nil { // one text rule for every store
		return uuid.Nil, err
	}
	p, err := s.resolvePart(ctx, actor.Dealer(), in.Part, in.Number)
	if err != nil {
		return uuid.Nil, err
	}
	id := s.src.ID()
	return id, s.repo.UpdatePurchaseOrder(ctx, actor.Dealer(), order, func(o *PurchaseOrder) error {
		return o.AddLine(id, actor, now, p, in.Quantity, in.UnitCost)
	})
}

// RemovePurchaseLine drops a line of a draft order.
func (s *Service) RemovePurchaseLine(ctx context.Context, actor dealerkit.Actor, order, line uuid.UUID) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionPurchaseParts, now); err != nil {
		return err
	}
	return s.repo.UpdatePurchaseOrder(ctx, actor.Dealer(), order, func(o *PurchaseOrder) error {
		return o.RemoveLine(actor, now, line)
	})
}

// PlaceOrder sends a draft to the supplier (§3.4.1). A zero expectedAt means now plus the longest
// lead time the catalogue gives this supplier for the order's parts.
func (s *Service) PlaceOrder(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, expectedAt time.Time) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionPurchaseParts, now); err != nil {
		return err
	}
	due := expectedAt
	if due.IsZero() {
		o, err := s.repo.GetPurchaseOrder(ctx, actor.Dealer(), order)
		if err != nil {
			return err
		}
		days := 0
		for _, l := range o.lines {
			p, err := s.repo.GetPart(ctx, actor.Dealer(), l.Part)
			if err != nil {
				return err
			}
			if src, ok := p.Source(o.supplier); ok {
				days = max(days, src.LeadTimeDays)
			}
		}
		due = now.AddDate(0, 0, days)
	}
	return s.repo.UpdatePurchaseOrder(ctx, actor.Dealer(), order, func(o *PurchaseOrder) error {
		return o.Place(actor, now, due)
	})
}

// CancelPurchaseOrder withdraws an order before anything is received (§3.4.1).
func (s *Service) CancelPurchaseOrder(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, reason string) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionPurchaseParts, now); err != nil {
		return err
	}
	if err := dealerkit.ValidInput("reason", reason); err != nil { // one text rule for every store
		return err
	}
	return s.repo.UpdatePurchaseOrder(ctx, actor.Dealer(), order, func(o *PurchaseOrder) error {
		return o.Cancel(actor, now, reason)
	})
}

// ClosePurchaseOrder closes a partly received order short: the rest will not come (§3.4.2).
func (s *Service) ClosePurchaseOrder(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, reason string) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionPurchaseParts, now); err != nil {
		return err
	}
	if err := dealerkit.ValidInput("reason", reason); err != nil { // one text rule for every store
		return err
	}
	return s.repo.UpdatePurchaseOrder(ctx, actor.Dealer(), order, func(o *PurchaseOrder) error {
		return o.CloseShort(actor, now, reason)
	})
}

// PurchaseOrder returns one order.
func (s *Service) PurchaseOrder(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*PurchaseOrder, error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return nil, err
	}
	return s.repo.GetPurchaseOrder(ctx, actor.Dealer(), id)
}

// PurchaseOrders returns one page of purchase orders matching f, ordered by id: f.Limit at most
// (dealerkit.PageSize caps it) after f.Cursor; Page.Next is the cursor of the page after.
func (s *Service) PurchaseOrders(ctx context.Context, actor dealerkit.Actor, f POFilter) (dealerkit.Page[*PurchaseOrder], error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return dealerkit.Page[*PurchaseOrder]{}, err
	}
	if err := dealerkit.ValidInput("", f); err != nil { // one text rule for every store
		return dealerkit.Page[*PurchaseOrder]{}, err
	}
	after, err := f.Cursor.After()
	if err != nil {
		return dealerkit.Page[*PurchaseOrder]{}, err
	}
	size := dealerkit.PageSize(f.Limit)
	f.After, f.Limit = after, size+1
	found, err := s.repo.ListPurchaseOrders(ctx, actor.Dealer(), f)
	if err != nil {
		return dealerkit.Page[*PurchaseOrder]{}, err
	}
	return dealerkit.NewPage(found, size, (*PurchaseOrder).ID), nil
}

// Receive records a delivery against a placed order with its receiving inspection (§3.4.2): the
// accepted quantities are posted into stock at their invoiced cost (receipt movements, rounded at
// the receipt line), the rejected ones go back to the supplier and stay outstanding, and
// back-ordered repair-order lines waiting for the parts are allocated from the new stock, oldest
// first, all in one transaction. The same key and delivery again returns the first receipt. The
// key is taken even when every delivered unit is rejected (a posting of no movements claims it:
// Posting.Claim), so it cannot serve another receipt or an adjustment afterwards.
func (s *Service) Receive(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, in ReceiptInput) (Receipt, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionReceiveParts, now); err != nil {
		return Receipt{}, err
	}
	if err := dealerkit.ValidInput("", in); err != nil { // one text rule for every store
		return Receipt{}, err
	}
	if err := requireKey(in.Key); err != nil {
		return Receipt{}, err
	}
	fp := fingerprint("receive", struct {
		Order uuid.UUID
		In    ReceiptInput
	}{order, in})
	pol, err := s.Policy(actor.Dealer(), now)
	if err != nil {
		return Receipt{}, err
	}
	dealer := actor.Dealer()
	var out Receipt
	err = s.atomically(ctx, func(ctx context.Context) error {
		o, err := s.repo.GetPurchaseOrder(ctx, dealer, order)
		if err != nil {
			return err
		}
		if rc, ok := o.ReceiptByKey(in.Key); ok {
			if rc.Fingerprint != fp {
				return &KeyError{Key: in.Key}
			}
			out = rc
			return nil
		}
		if _, _, err := s.replay(ctx, dealer, in.Key, ""); err != nil {
			return err // the key belongs to another kind of posting
		}
		lines := make([]ReceiptLineInput, len(in.Lines))
		parts := map[uuid.UUID]*Part{}
		for i, l := range in.Lines {
			lines[i] = l
			pl, ok := o.Line(l.Line)
			if !ok {
				return &LineError{Line: l.Line, Err: ErrUnknownLine}
			}
			if parts[pl.Part] == nil {
				if parts[pl.Part], err = s.repo.GetPart(ctx, dealer, pl.Part); err != nil {
					return err
				}
			}
			if strings.TrimSpace(l.Bin) == "" {
				lines[i].Bin = parts[pl.Part].Bin()
			}
		}
		in2 := in
		in2.Lines = lines
		receiptID, postingID := s.src.ID(), s.src.ID()
		// Work the receipt out on the loaded copy first: stock rows are changed before documents.
		rc, err := o.Receive(receiptID, actor, now, postingID, in2, fp, pol.Rounding)
		if err != nil {
			return err
		}
		var post []PostingLine
		for _, l := range rc.Lines {
			if l.Accepted.IsPositive() {
				post = append(post, PostingLine{ID: s.src.ID(), Part: l.Part, Bin: l.Bin, Quantity: l.Accepted,
					Value: l.Value, UnitCost: l.UnitCost})
			}
		}
		if len(post) > 0 {
			p, err := NewPosting(postingID, actor, now, PostingInput{Key: in.Key, Fingerprint: fp, Kind: MoveReceipt,
				Reference: Reference{Kind: RefPurchaseOrder, ID: o.ID(), Number: o.Number()},
				Reason:    "receipt against " + o.Number(), Method: pol.Valuation, Rounding: pol.Rounding, Lines: post})
			if err != nil {
				return err
			}
			if err := s.repo.Post(ctx, p); err != nil {
				return err
			}
			if err := s.fillBackOrders(ctx, actor, now, post); err != nil {
				return err
			}
		} else {
			// Nothing accepted, nothing moves: a posting of no movements, under an id of its own
			// (the receipt names no posting, so ReverseReceipt has nothing to reverse), still
			// claims the key, so that it cannot serve another request later (§3.4.2).
			p, err := NewPosting(s.src.ID(), actor, now, PostingInput{Key: in.Key, Fingerprint: fp, Kind: MoveReceipt,
				Reference: Reference{Kind: RefPurchaseOrder, ID: o.ID(), Number: o.Number()},
				Reason:    "receipt against " + o.Number() + ": nothing accepted", Method: pol.Valuation, Rounding: pol.Rounding})
			if err != nil {
				return err
			}
			if err := s.repo.Post(ctx, p); err != nil {
				return err
			}
			postingID = uuid.Nil
		}
		return s.repo.UpdatePurchaseOrder(ctx, dealer, order, func(o *PurchaseOrder) error {
			out, err = o.Receive(receiptID, actor, now, postingID, in2, fp, pol.Rounding)
			return err
		})
	})
	return out, err
}

// fillBackOrders allocates newly received stock to open back-orders of the same parts, oldest
// first (§3.4.2, §3.4.3).
func (s *Service) fillBackOrders(ctx context.Context, actor dealerkit.Actor, now time.Time, received []PostingLine) error {
	dealer := actor.Dealer()
	for _, l := range received {
		waiting, err := s.repo.ListReservations(ctx, dealer, ReservationFilter{Part: l.Part, BackOrdered: true})
		if err != nil {
			return err
		}
		row, err := s.repo.GetStock(ctx, dealer, l.Part, l.Bin)
		if err != nil {
			return err
		}
		free := row.Available()
		for _, r := range waiting {
			q := decimal.Min(free, r.BackOrdered())
			if !q.IsPositive() {
				break
			}
			if err := s.repo.Reserve(ctx, dealer, []Hold{{Part: l.Part, Bin: l.Bin, Quantity: q}}); err != nil {
				return err
			}
			if err := s.repo.UpdateReservation(ctx, dealer, r.ID(), func(r *Reservation) error {
				return r.Allocate(actor, now, l.Bin, q)
			}); err != nil {
				return err
			}
			free = free.Sub(q)
		}
	}
	return nil
}

// ReverseReceipt reverses a receipt posted in error (§3.4(1): corrections are reversing
// movements): its accepted quantities leave stock again at the value they came in at (under FIFO,
// their own cost layer; see Stock.takeBack) and are outstanding again on the order. A receipt is reversed at most once: asking again
// returns the first reversal.
func (s *Service) ReverseReceipt(ctx context.Context, actor dealerkit.Actor, order, receipt uuid.UUID, reason string) (*Posting, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionReceiveParts, now); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidInput("reason", reason); err != nil { // one text rule for every store
		return nil, err
	}
	key := "reversal:receipt:" + receipt.String()
	fp := fingerprint("reverse_receipt", receipt)
	pol, err := s.Policy(actor.Dealer(), now)
	if err != nil {
		return nil, err
	}
	dealer := actor.Dealer()
	var out *Posting
	err = s.atomically(ctx, func(ctx context.Context) error {
		if p, ok, err := s.replay(ctx, dealer, key, fp); err != nil || ok {
			out = p
			return err
		}
		o, err := s.repo.GetPurchaseOrder(ctx, dealer, order)
		if err != nil {
			return err
		}
		rc, err := o.ReverseReceipt(actor, now, receipt, reason) // on the loaded copy: checks first
		if err != nil {
			return err
		}
		if rc.Posting == uuid.Nil {
			out = nil // nothing was accepted, so nothing to take out of stock
		} else {
			orig, err := s.repo.GetPosting(ctx, dealer, rc.Posting)
			if err != nil {
				return err
			}
			if out, err = s.reverse(ctx, actor, now, pol, orig, key, fp, reason); err != nil {
				return err
			}
		}
		return s.repo.UpdatePurchaseOrder(ctx, dealer, order, func(o *PurchaseOrder) error {
			_, err := o.ReverseReceipt(actor, now, receipt, reason)
			return err
		})
	})
	return out, err
}

// reverse posts the exact opposite of orig's movements: stock that came in goes out at the value
// it came in at (Stock.takeBack: under FIFO its own layer), stock that went out comes back at the
// value it left with.
func (s *Service) reverse(ctx context.Context, actor dealerkit.Actor, now time.Time, pol Policy, orig *Posting, key, fp, reason string) (*Posting, error) {
	if orig.Kind() == MoveReversal {
		return nil, ErrNotReversible
	}
	var lines []PostingLine
	for _, m := range orig.Movements() {
		l := PostingLine{ID: s.src.ID(), Part: m.Part, Bin: m.Bin, Quantity: m.Quantity.Neg(), Reverses: m.ID}
		l.Value = m.Value.Abs()
		lines = append(lines, l)
	}
	if strings.TrimSpace(reason) == "" {
		reason = "reversal"
	}
	p, err := NewPosting(s.src.ID(), actor, now, PostingInput{Key: key, Fingerprint: fp, Kind: MoveReversal,
		Reference: Reference{Kind: RefMovement, ID: orig.ID(), Number: orig.Reference().Number}, Reason: reason,
		Method: pol.Valuation, Rounding: pol.Rounding, Lines: lines})
	if err != nil {
		return nil, err
	}
	if err := s.repo.Post(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// SupplierFigures measures a supplier's deliveries in [from, to): on time and accepted at
// inspection (§3.4(2)).
func (s *Service) SupplierFigures(ctx context.Context, actor dealerkit.Actor, supplier uuid.UUID, from, to time.Time) (SupplierFigures, error) {
	if err := s.authorize(actor, dealerkit.ActionViewStock, s.src.Time()); err != nil {
		return SupplierFigures{}, err
	}
	// §2: another dealer's supplier is not found, rather than a supplier with no orders.
	if _, err := s.repo.GetSupplier(ctx, actor.Dealer(), supplier); err != nil {
		return SupplierFigures{}, err
	}
	orders, err := s.repo.ListPurchaseOrders(ctx, actor.Dealer(), POFilter{Supplier: supplier})
	if err != nil {
		return SupplierFigures{}, err
	}
	return SupplierPerformance(orders, supplier, from, to), nil
}

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x POLineInput) MarshalJSON() ([]byte, error) {
	type plain POLineInput
	return exactJSON(plain(x))
}
