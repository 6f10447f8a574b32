package parts

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// store is the smallest Repository (and aftersales.Repository and dealerkit.Transactor) that
// behaves like a real one: it keeps every record as the JSON of its snapshot, so tests see
// exactly what a store would give back; it checks unique keys and dealers; and a transaction is
// all or nothing. Transactions are serialised by one mutex. The adapters' own behaviour is proven
// in adapters/storetest.
type store struct {
	mu sync.Mutex
	st state
	// failPost, when set, fails Post after the stock rows were written and before the posting
	// is stored: the failure injection of the atomicity tests.
	failPost error
}

type stockKey struct {
	dealer dealerkit.DealerID
	part   uuid.UUID
	bin    string
}

type dealerKey struct {
	dealer dealerkit.DealerID
	key    string
}

type state struct {
	parts, suppliers, pos, postings, reservations, stocktakes, orders map[uuid.UUID][]byte
	stock                                                             map[stockKey][]byte
	keys                                                              map[dealerKey]uuid.UUID
	movements                                                         [][]byte
	events                                                            []dealerkit.Event
}

func newStore() *store {
	return &store{st: state{parts: map[uuid.UUID][]byte{}, suppliers: map[uuid.UUID][]byte{}, pos: map[uuid.UUID][]byte{},
		postings: map[uuid.UUID][]byte{}, reservations: map[uuid.UUID][]byte{}, stocktakes: map[uuid.UUID][]byte{},
		orders: map[uuid.UUID][]byte{}, stock: map[stockKey][]byte{}, keys: map[dealerKey]uuid.UUID{}}}
}

func (s state) clone() state {
	return state{parts: maps.Clone(s.parts), suppliers: maps.Clone(s.suppliers), pos: maps.Clone(s.pos),
		postings: maps.Clone(s.postings), reservations: maps.Clone(s.reservations), stocktakes: maps.Clone(s.stocktakes),
		orders: maps.Clone(s.orders), stock: maps.Clone(s.stock), keys: maps.Clone(s.keys),
		movements: slices.Clone(s.movements), events: slices.Clone(s.events)}
}

type txKey struct{}

// InTx runs fn with the store locked; on error every change fn made is undone. Nested calls join.
func (s *store) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if ctx.Value(txKey{}) != nil {
		return fn(ctx)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	saved := s.st.clone()
	if err := fn(context.WithValue(ctx, txKey{}, true)); err != nil {
		s.st = saved
		return err
	}
	return nil
}

// do runs one repository call as its own transaction unless ctx is inside one.
func (s *store) do(ctx context.Context, f func() error) error {
	return s.InTx(ctx, func(context.Context) error { return f() })
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func load[S any, T any](b []byte, ok bool, dealer dealerkit.DealerID, dealerOf func(S) dealerkit.DealerID, restore func(S) (T, error)) (T, error) {
	var zero T
	if !ok {
		return zero, dealerkit.ErrNotFound
	}
	var s S
	if err := json.Unmarshal(b, &s); err != nil {
		return zero, err
	}
	if dealerOf(s) != dealer {
		return zero, dealerkit.ErrNotFound
	}
	return restore(s)
}

func (s *store) events(dealer dealerkit.DealerID, evs []dealerkit.Event) {
	for _, e := range evs {
		e.Dealer = dealer
		e.Seq = int64(len(s.st.events) + 1)
		s.st.events = append(s.st.events, e)
	}
}

// --- catalogue

func (s *store) CreatePart(ctx context.Context, p *Part) error {
	return s.do(ctx, func() error {
		if _, ok := s.st.parts[p.ID()]; ok {
			return dealerkit.ErrConflict
		}
		if _, err := s.partByNumber(p.Dealer(), p.Number()); err == nil {
			return dealerkit.ErrConflict
		}
		s.savePart(p, 1)
		return nil
	})
}

func (s *store) savePart(p *Part, v int64) {
	snap := p.Snapshot()
	snap.Version = v
	s.st.parts[p.ID()] = mustJSON(snap)
	s.events(p.Dealer(), p.PendingEvents())
	p.SetVersion(v)
}

func (s *store) getPart(dealer dealerkit.DealerID, id uuid.UUID) (*Part, error) {
	b, ok := s.st.parts[id]
	return load(b, ok, dealer, func(x PartSnapshot) dealerkit.DealerID { return x.Dealer }, RestorePart)
}

func (s *store) partByNumber(dealer dealerkit.DealerID, n PartNumber) (*Part, error) {
	for id := range s.st.parts {
		if p, err := s.getPart(dealer, id); err == nil && p.Number() == n {
			return p, nil
		}
	}
	return nil, dealerkit.ErrNotFound
}

func (s *store) GetPart(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (p *Part, err error) {
	err = s.do(ctx, func() error { p, err = s.getPart(dealer, id); return err })
	return p, err
}

func (s *store) PartByNumber(ctx context.Context, dealer dealerkit.DealerID, n PartNumber) (p *Part, err error) {
	err = s.do(ctx, func() error { p, err = s.partByNumber(dealer, n); return err })
	return p, err
}

func (s *store) UpdatePart(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Part) error) error {
	return s.do(ctx, func() error {
		p, err := s.getPart(dealer, id)
		if err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
		s.savePart(p, p.Version()+1)
		return nil
	})
}

func sortedIDs[V any](m map[uuid.UUID]V) []uuid.UUID {
	ids := slices.Collect(maps.Keys(m))
	slices.SortFunc(ids, compareUUID)
	return ids
}

func (s *store) ListParts(ctx context.Context, dealer dealerkit.DealerID, f PartFilter) (out []*Part, err error) {
	err = s.do(ctx, func() error {
		for _, id := range sortedIDs(s.st.parts) {
			if p, err := s.getPart(dealer, id); err == nil && f.Matches(p) && (f.Limit == 0 || len(out) < f.Limit) {
				out = append(out, p)
			}
		}
		return nil
	})
	return out, err
}

func (s *store) CreateSupplier(ctx context.Context, sup *Supplier) error {
	return s.do(ctx, func() error {
		if _, ok := s.st.suppliers[sup.ID()]; ok {
			return dealerkit.ErrConflict
		}
		for id := range s.st.suppliers {
			if x, err := s.getSupplier(sup.Dealer(), id); err == nil && x.Code() == sup.Code() {
				return dealerkit.ErrConflict
			}
		}
		snap := sup.Snapshot()
		snap.Version = 1
		s.st.suppliers[sup.ID()] = mustJSON(snap)
		s.events(sup.Dealer(), sup.PendingEvents())
		sup.SetVersion(1)
		return nil
	})
}

func (s *store) getSupplier(dealer dealerkit.DealerID, id uuid.UUID) (*Supplier, error) {
	b, ok := s.st.suppliers[id]
	return load(b, ok, dealer, func(x SupplierSnapshot) dealerkit.DealerID { return x.Dealer }, RestoreSupplier)
}

func (s *store) GetSupplier(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (x *Supplier, err error) {
	err = s.do(ctx, func() error { x, err = s.getSupplier(dealer, id); return err })
	return x, err
}

func (s *store) ListSuppliers(ctx context.Context, dealer dealerkit.DealerID) (out []*Supplier, err error) {
	err = s.do(ctx, func() error {
		for _, id := range sortedIDs(s.st.suppliers) {
			if x, err := s.getSupplier(dealer, id); err == nil {
				out = append(out, x)
			}
		}
		return nil
	})
	return out, err
}

// --- purchase orders

func (s *store) getPO(dealer dealerkit.DealerID, id uuid.UUID) (*PurchaseOrder, error) {
	b, ok := s.st.pos[id]
	return load(b, ok, dealer, func(x POSnapshot) dealerkit.DealerID { return x.Dealer }, RestorePurchaseOrder)
}

func (s *store) savePO(o *PurchaseOrder, v int64) {
	snap := o.Snapshot()
	snap.Version = v
	s.st.pos[o.ID()] = mustJSON(snap)
	s.events(o.Dealer(), o.PendingEvents())
	o.SetVersion(v)
}

func (s *store) CreatePurchaseOrder(ctx context.Context, o *PurchaseOrder) error {
	return s.do(ctx, func() error {
		if _, ok := s.st.pos[o.ID()]; ok {
			return dealerkit.ErrConflict
		}
		for id := range s.st.pos {
			if x, err := s.getPO(o.Dealer(), id); err == nil && x.Number() == o.Number() {
				return dealerkit.ErrConflict
			}
		}
		s.savePO(o, 1)
		return nil
	})
}

func (s *store) GetPurchaseOrder(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (o *PurchaseOrder, err error) {
	err = s.do(ctx, func() error { o, err = s.getPO(dealer, id); return err })
	return o, err
}

func (s *store) UpdatePurchaseOrder(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*PurchaseOrder) error) error {
	return s.do(ctx, func() error {
		o, err := s.getPO(dealer, id)
		if err != nil {
			return err
		}
		if err := fn(o); err != nil {
			return err
		}
		s.savePO(o, o.Version()+1)
		return nil
	})
}

func (s *store) ListPurchaseOrders(ctx context.Context, dealer dealerkit.DealerID, f POFilter) (out []*PurchaseOrder, err error) {
	err = s.do(ctx, func() error {
		for _, id := range sortedIDs(s.st.pos) {
			if o, err := s.getPO(dealer, id); err == nil && f.Matches(o) && (f.Limit == 0 || len(out) < f.Limit) {
				out = append(out, o)
			}
		}
		return nil
	})
	return out, err
}

// --- stock

func (s *store) getStock(k stockKey) (*Stock, error) {
	b, ok := s.st.stock[k]
	return load(b, ok, k.dealer, func(x StockSnapshot) dealerkit.DealerID { return x.Dealer }, RestoreStock)
}

func (s *store) Post(ctx context.Context, p *Posting) error {
	return s.do(ctx, func() error {
		dk := dealerKey{p.Dealer(), p.Key()}
		if _, ok := s.st.keys[dk]; ok {
			return dealerkit.ErrConflict
		}
		for i, m := range p.Movements() {
			k := stockKey{p.Dealer(), m.Part, m.Bin}
			row, err := s.getStock(k)
			if errors.Is(err, dealerkit.ErrNotFound) {
				row = nil
			} else if err != nil {
				return err
			}
			after, err := p.Apply(i, row)
			if err != nil {
				return err
			}
			s.st.stock[k] = mustJSON(after.Snapshot())
		}
		if s.failPost != nil {
			return s.failPost
		}
		s.st.keys[dk] = p.ID()
		s.st.postings[p.ID()] = mustJSON(p.Snapshot())
		for _, m := range p.Movements() {
			s.st.movements = append(s.st.movements, mustJSON(m))
		}
		s.events(p.Dealer(), p.PendingEvents())
		return nil
	})
}

func (s *store) Reserve(ctx context.Context, dealer dealerkit.DealerID, holds []Hold) error {
	return s.do(ctx, func() error {
		for _, h := range holds {
			k := stockKey{dealer, h.Part, h.Bin}
			row, err := s.getStock(k)
			if errors.Is(err, dealerkit.ErrNotFound) {
				return &StockError{Part: h.Part, Bin: h.Bin, Have: decimal.Zero, Want: h.Quantity}
			} else if err != nil {
				return err
			}
			after, err := row.Reserve(h.Quantity)
			if err != nil {
				return err
			}
			s.st.stock[k] = mustJSON(after.Snapshot())
		}
		return nil
	})
}

func (s *store) GetStock(ctx context.Context, dealer dealerkit.DealerID, part uuid.UUID, bin string) (r *Stock, err error) {
	err = s.do(ctx, func() error { r, err = s.getStock(stockKey{dealer, part, bin}); return err })
	return r, err
}

func (s *store) ListStock(ctx context.Context, dealer dealerkit.DealerID, f StockFilter) (out []*Stock, err error) {
	err = s.do(ctx, func() error {
		for k := range s.st.stock {
			if k.dealer != dealer {
				continue
			}
			if r, err := s.getStock(k); err == nil && f.Matches(r) {
				out = append(out, r)
			}
		}
		slices.SortFunc(out, func(a, b *Stock) int { return cmp.Or(compareUUID(a.Part(), b.Part()), cmp.Compare(a.Bin(), b.Bin())) })
		return nil
	})
	return out, err
}

func (s *store) getPosting(dealer dealerkit.DealerID, id uuid.UUID) (*Posting, error) {
	b, ok := s.st.postings[id]
	return load(b, ok, dealer, func(x PostingSnapshot) dealerkit.DealerID { return x.Dealer }, RestorePosting)
}

func (s *store) PostingByKey(ctx context.Context, dealer dealerkit.DealerID, key string) (p *Posting, err error) {
	err = s.do(ctx, func() error {
		id, ok := s.st.keys[dealerKey{dealer, key}]
		if !ok {
			return dealerkit.ErrNotFound
		}
		p, err = s.getPosting(dealer, id)
		return err
	})
	return p, err
}

func (s *store) GetPosting(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (p *Posting, err error) {
	err = s.do(ctx, func() error { p, err = s.getPosting(dealer, id); return err })
	return p, err
}

func (s *store) ListMovements(ctx context.Context, dealer dealerkit.DealerID, f MovementFilter) (out []Movement, err error) {
	err = s.do(ctx, func() error {
		for _, b := range s.st.movements {
			var m Movement
			if err := json.Unmarshal(b, &m); err != nil {
				return err
			}
			if m.Dealer == dealer && f.Matches(m) {
				out = append(out, m)
			}
		}
		slices.SortFunc(out, func(a, b Movement) int { return compareUUID(a.ID, b.ID) })
		if f.Limit > 0 && len(out) > f.Limit {
			out = out[:f.Limit]
		}
		return nil
	})
	return out, err
}

// --- reservations

func (s *store) getReservation(dealer dealerkit.DealerID, id uuid.UUID) (*Reservation, error) {
	b, ok := s.st.reservations[id]
	return load(b, ok, dealer, func(x ReservationSnapshot) dealerkit.DealerID { return x.Dealer }, RestoreReservation)
}

func (s *store) saveReservation(r *Reservation, v int64) {
	snap := r.Snapshot()
	snap.Version = v
	s.st.reservations[r.ID()] = mustJSON(snap)
	s.events(r.Dealer(), r.PendingEvents())
	r.SetVersion(v)
}

func (s *store) CreateReservation(ctx context.Context, r *Reservation) error {
	return s.do(ctx, func() error {
		if _, ok := s.st.reservations[r.ID()]; ok {
			return dealerkit.ErrConflict
		}
		for id := range s.st.reservations {
			if x, err := s.getReservation(r.Dealer(), id); err == nil && x.Line() == r.Line() && x.State() == ReservationOpen {
				return dealerkit.ErrConflict
			}
		}
		s.saveReservation(r, 1)
		return nil
	})
}

func (s *store) GetReservation(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (r *Reservation, err error) {
	err = s.do(ctx, func() error { r, err = s.getReservation(dealer, id); return err })
	return r, err
}

func (s *store) UpdateReservation(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Reservation) error) error {
	return s.do(ctx, func() error {
		r, err := s.getReservation(dealer, id)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
		s.saveReservation(r, r.Version()+1)
		return nil
	})
}

func (s *store) ListReservations(ctx context.Context, dealer dealerkit.DealerID, f ReservationFilter) (out []*Reservation, err error) {
	err = s.do(ctx, func() error {
		for _, id := range sortedIDs(s.st.reservations) {
			if r, err := s.getReservation(dealer, id); err == nil && f.Matches(r) && (f.Limit == 0 || len(out) < f.Limit) {
				out = append(out, r)
			}
		}
		return nil
	})
	return out, err
}

// --- stocktakes

func (s *store) getStocktake(dealer dealerkit.DealerID, id uuid.UUID) (*Stocktake, error) {
	b, ok := s.st.stocktakes[id]
	return load(b, ok, dealer, func(x StocktakeSnapshot) dealerkit.DealerID { return x.Dealer }, RestoreStocktake)
}

func (s *store) saveStocktake(st *Stocktake, v int64) {
	snap := st.Snapshot()
	snap.Version = v
	s.st.stocktakes[st.ID()] = mustJSON(snap)
	s.events(st.Dealer(), st.PendingEvents())
	st.SetVersion(v)
}

func (s *store) CreateStocktake(ctx context.Context, st *Stocktake) error {
	return s.do(ctx, func() error {
		if _, ok := s.st.stocktakes[st.ID()]; ok {
			return dealerkit.ErrConflict
		}
		s.saveStocktake(st, 1)
		return nil
	})
}

func (s *store) GetStocktake(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (st *Stocktake, err error) {
	err = s.do(ctx, func() error { st, err = s.getStocktake(dealer, id); return err })
	return st, err
}

func (s *store) UpdateStocktake(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Stocktake) error) error {
	return s.do(ctx, func() error {
		st, err := s.getStocktake(dealer, id)
		if err != nil {
			return err
		}
		if err := fn(st); err != nil {
			return err
		}
		s.saveStocktake(st, st.Version()+1)
		return nil
	})
}

func (s *store) ListStocktakes(ctx context.Context, dealer dealerkit.DealerID, f StocktakeFilter) (out []*Stocktake, err error) {
	err = s.do(ctx, func() error {
		for _, id := range sortedIDs(s.st.stocktakes) {
			if st, err := s.getStocktake(dealer, id); err == nil && f.Matches(st) {
				out = append(out, st)
			}
		}
		return nil
	})
	return out, err
}

// --- repair orders (aftersales.Repository over the same store and transactions)

type orderRepo struct{ *store }

func (r orderRepo) get(dealer dealerkit.DealerID, id uuid.UUID) (*aftersales.RepairOrder, error) {
	b, ok := r.st.orders[id]
	return load(b, ok, dealer, func(x aftersales.Snapshot) dealerkit.DealerID { return x.Dealer }, aftersales.RestoreRepairOrder)
}

func (r orderRepo) save(o *aftersales.RepairOrder, v int64) {
	snap := o.Snapshot()
	snap.Version = v
	r.st.orders[o.ID()] = mustJSON(snap)
	r.events(o.Dealer(), o.PendingEvents())
	o.SetVersion(v)
}

func (r orderRepo) Create(ctx context.Context, o *aftersales.RepairOrder) error {
	return r.do(ctx, func() error {
		if _, ok := r.st.orders[o.ID()]; ok {
			return dealerkit.ErrConflict
		}
		r.save(o, 1)
		return nil
	})
}

func (r orderRepo) Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (o *aftersales.RepairOrder, err error) {
	err = r.do(ctx, func() error { o, err = r.get(dealer, id); return err })
	return o, err
}

func (r orderRepo) Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*aftersales.RepairOrder) error) error {
	return r.do(ctx, func() error {
		o, err := r.get(dealer, id)
		if err != nil {
			return err
		}
		if err := fn(o); err != nil {
			return err
		}
		r.save(o, o.Version()+1)
		return nil
	})
}

func (r orderRepo) List(ctx context.Context, dealer dealerkit.DealerID, f aftersales.Filter) (out []*aftersales.RepairOrder, err error) {
	err = r.do(ctx, func() error {
		for _, id := range sortedIDs(r.st.orders) {
			if o, err := r.get(dealer, id); err == nil && f.Matches(o) {
				out = append(out, o)
			}
		}
		return nil
	})
	return out, err
}

// dump is the whole stored state, to prove a refused call changed nothing.
func (s *store) dump() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(mustJSON(struct {
		Parts, Suppliers, POs, Postings, Reservations, Stocktakes, Orders map[string]string
		Stock                                                             map[string]string
		Movements                                                         []string
		Events                                                            int
	}{strs(s.st.parts), strs(s.st.suppliers), strs(s.st.pos), strs(s.st.postings), strs(s.st.reservations),
		strs(s.st.stocktakes), strs(s.st.orders), stockStrs(s.st.stock), bytesStrs(s.st.movements), len(s.st.events)}))
}

func strs(m map[uuid.UUID][]byte) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k.String()] = string(v)
	}
	return out
}

func stockStrs(m map[stockKey][]byte) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k.dealer.String()+"/"+k.part.String()+"/"+k.bin] = string(v)
	}
	return out
}

func bytesStrs(bs [][]byte) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = string(b)
	}
	return out
}

func (s *store) lastEvent() dealerkit.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.events[len(s.st.events)-1]
}

func (s *store) eventsOf(typ string) []dealerkit.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []dealerkit.Event
	for _, e := range s.st.events {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// --- the dealership

type anyoneQualified struct{}

func (anyoneQualified) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

type allInService struct{}

func (allInService) CheckUsable(context.Context, dealerkit.DealerID, string, time.Time) error {
	return nil
}

// clock is a manual clock: each reading advances it by a minute.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *clock) Peek() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

var (
	t0      = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	dealerA = dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-00000000d00a"))
	dealerB = dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-00000000d00b"))
)

func staff(n byte) dealerkit.StaffID { return dealerkit.StaffID(uuid.UUID{0: 0x5a, 15: n}) }

func mustActor(t testing.TB, dealer dealerkit.DealerID, s dealerkit.StaffID, roles ...dealerkit.Role) dealerkit.Actor {
	t.Helper()
	a, err := dealerkit.NewStaffActor(dealer, s, roles...)
	require.NoError(t, err)
	return a
}

// env is a parts service and a repair-order service over one store, with the dealership's staff.
type env struct {
	t                                         testing.TB
	ctx                                       context.Context
	store                                     *store
	svc                                       *Service
	ro                                        *aftersales.Service
	clock                                     *clock
	manager, manager2, clerk, clerk2, advisor dealerkit.Actor
	tech, customer, clerkB                    dealerkit.Actor
	supplier                                  *Supplier
	keys                                      int
}

func newEnv(t testing.TB, opts *Options) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), store: newStore(), clock: &clock{t: t0}}
	if opts == nil {
		opts = &Options{}
	}
	ids := dealerkit.SequentialIDs()
	var idMu sync.Mutex
	newID := func() uuid.UUID { idMu.Lock(); defer idMu.Unlock(); return ids() }
	opts.Now, opts.NewID = e.clock.Now, newID
	svc, err := NewService(e.store, orderRepo{e.store}, e.store, opts)
	require.NoError(t, err)
	e.svc = svc
	ro, err := aftersales.NewService(orderRepo{e.store}, anyoneQualified{}, allInService{},
		&aftersales.Options{Now: e.clock.Now, NewID: newID})
	require.NoError(t, err)
	e.ro = ro
	e.manager = mustActor(t, dealerA, staff(1), dealerkit.RoleManager)
	e.manager2 = mustActor(t, dealerA, staff(7), dealerkit.RoleManager)
	e.advisor = mustActor(t, dealerA, staff(2), dealerkit.RoleServiceAdvisor)
	e.tech = mustActor(t, dealerA, staff(3), dealerkit.RoleTechnician)
	e.clerk = mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	e.clerk2 = mustActor(t, dealerA, staff(8), dealerkit.RolePartsClerk)
	e.clerkB = mustActor(t, dealerB, staff(6), dealerkit.RolePartsClerk)
	c, err := dealerkit.NewCustomerActor(dealerA, dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001")))
	require.NoError(t, err)
	e.customer = c
	e.supplier, err = e.svc.AddSupplier(e.ctx, e.clerk, SupplierInput{Code: "SVW", Name: "SAIC Volkswagen parts centre"})
	require.NoError(t, err)
	return e
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func requireDec(t testing.TB, want string, got decimal.Decimal, msg ...any) {
	t.Helper()
	require.True(t, dec(want).Equal(got), "want %s, got %s %v", want, got.String(), msg)
}

// key returns a fresh idempotency key.
func (e *env) key() string {
	e.keys++
	return "k" + itoa(e.keys)
}

// part adds a catalogue part sourced from the env's supplier with a 5-day lead time.
func (e *env) part(number string, unit Unit, bin string) *Part {
	e.t.Helper()
	p, err := e.svc.AddPart(e.ctx, e.clerk, PartInput{Number: number, Name: Name{Zh: "配件 " + number, En: "part " + number},
		Unit: unit, Category: "brakes", Bin: bin, ListPrice: dec("100.00"),
		Sources: []Source{{Supplier: e.supplier.ID(), LeadTimeDays: 5, Preferred: true}}})
	require.NoError(e.t, err)
	return p
}

// buy places an order for one line and receives all of it at cost into the part's default bin.
func (e *env) buy(p *Part, qty, cost string) Receipt {
	e.t.Helper()
	o, err := e.svc.CreatePurchaseOrder(e.ctx, e.clerk, POInput{Supplier: e.supplier.ID(),
		Lines: []POLineInput{{Part: p.ID(), Quantity: dec(qty), UnitCost: dec(cost)}}})
	require.NoError(e.t, err)
	require.NoError(e.t, e.svc.PlaceOrder(e.ctx, e.clerk, o.ID(), time.Time{}))
	rc, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), ReceiptInput{Key: e.key(),
		Lines: []ReceiptLineInput{{Line: o.Lines()[0].ID, Delivered: dec(qty), UnitCost: dec(cost)}}})
	require.NoError(e.t, err)
	return rc
}

// row returns the stock row of p in bin.
func (e *env) row(p *Part, bin string) *Stock {
	e.t.Helper()
	r, err := e.store.GetStock(e.ctx, dealerA, p.ID(), bin)
	require.NoError(e.t, err)
	return r
}

// repairOrder opens a repair order with one labour line and the given part lines, all proposed.
type roLines struct {
	id    uuid.UUID
	job   uuid.UUID
	parts []uuid.UUID
}

func partLine(number, qty string) aftersales.LineInput {
	return aftersales.LineInput{Kind: aftersales.LinePart, Description: "part " + number, PartNumber: number,
		Quantity: dec(qty), UnitPrice: dec("100"), PayType: aftersales.PayCustomer}
}

// approvedUnheld approves r's job and part lines (parts.Service.Approve, the one door) and then
// releases what that held (ReleaseOrder): approved part lines with no stock held for them, as a
// clerk leaves them who frees the stock for another order.
func (e *env) approvedUnheld(r roLines) {
	e.t.Helper()
	_, err := e.svc.Approve(e.ctx, e.advisor, r.id, aftersales.DecisionInput{Lines: append([]uuid.UUID{r.job}, r.parts...), Approved: true, Channel: aftersales.ChannelPhone})
	require.NoError(e.t, err)
	require.NoError(e.t, e.svc.ReleaseOrder(e.ctx, e.clerk, r.id, "held stock given to another order"))
}

func (e *env) repairOrder(lines ...aftersales.LineInput) roLines {
	e.t.Helper()
	now := e.clock.Peek()
	o, err := e.ro.Open(e.ctx, e.advisor, aftersales.ReceptionInput{ArrivedAt: now, GreetedAt: now, VIN: "1M8GDM9AXKP042788",
		Plate: "沪A·12345", MileageKm: 42000, FuelPercent: 50, WalkAroundDone: true, Visit: aftersales.VisitWaiting,
		Concerns: []aftersales.Concern{{Text: "brakes squeal"}}, Customer: aftersales.Customer{ID: e.customer.Customer(), Name: "Li Wei"}})
	require.NoError(e.t, err)
	r := roLines{id: o.ID()}
	r.job, err = e.ro.AddLine(e.ctx, e.advisor, o.ID(), aftersales.LineInput{Kind: aftersales.LineLabour,
		Description: "replace pads", Quantity: dec("1"), UnitPrice: dec("300"), PayType: aftersales.PayCustomer})
	require.NoError(e.t, err)
	for _, l := range lines {
		id, err := e.ro.AddLine(e.ctx, e.advisor, o.ID(), l)
		require.NoError(e.t, err)
		r.parts = append(r.parts, id)
	}
	return r
}

// approved opens a repair order and approves all its lines through the parts service, which
// reserves stock.
func (e *env) approved(lines ...aftersales.LineInput) (roLines, []LineAvailability) {
	e.t.Helper()
	r := e.repairOrder(lines...)
	la, err := e.svc.Approve(e.ctx, e.advisor, r.id, aftersales.DecisionInput{Lines: append([]uuid.UUID{r.job}, r.parts...),
		Approved: true, Channel: aftersales.ChannelInPerson})
	require.NoError(e.t, err)
	return r, la
}

func (e *env) line(order, line uuid.UUID) aftersales.Line {
	e.t.Helper()
	o, err := e.store.orderGet(order)
	require.NoError(e.t, err)
	l, ok := o.Line(line)
	require.True(e.t, ok)
	return l
}

func (s *store) orderGet(id uuid.UUID) (*aftersales.RepairOrder, error) {
	return orderRepo{s}.Get(context.Background(), dealerA, id)
}

// issue issues qty to a line with a fresh key.
func (e *env) issue(r roLines, i int, qty string) (*Posting, error) {
	return e.svc.Issue(e.ctx, e.clerk, IssueInput{Key: e.key(), Order: r.id, Line: r.parts[i], Quantity: dec(qty)})
}

// refused asserts that call fails with target and the store is unchanged.
func (e *env) refused(target error, call func() error) {
	e.t.Helper()
	before := e.store.dump()
	err := call()
	require.ErrorIs(e.t, err, target)
	require.Equal(e.t, before, e.store.dump(), "a refused call must change nothing")
}

// requireField asserts err is a *dealerkit.ValidationError naming field.
func requireField(t testing.TB, err error, field string) {
	t.Helper()
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	var ve *dealerkit.ValidationError
	require.ErrorAs(t, err, &ve)
	require.True(t, ve.Has(field), "want field %q in %v", field, err)
}

// ledger checks the invariants of every stock row of dealer: on-hand and value are the sums of the
// row's movements; 0 ≤ reserved ≤ on-hand; zero quantity means zero value.
func (e *env) ledger(dealer dealerkit.DealerID) {
	e.t.Helper()
	rows, err := e.store.ListStock(e.ctx, dealer, StockFilter{})
	require.NoError(e.t, err)
	moves, err := e.store.ListMovements(e.ctx, dealer, MovementFilter{})
	require.NoError(e.t, err)
	for _, r := range rows {
		q, v := decimal.Zero, decimal.Zero
		for _, m := range moves {
			if m.Part == r.Part() && m.Bin == r.Bin() {
				q, v = q.Add(m.Quantity), v.Add(m.Value)
			}
		}
		requireDec(e.t, q.String(), r.OnHand(), "on-hand = sum of movements", r.Bin())
		requireDec(e.t, v.String(), r.Value(), "value = sum of movement values", r.Bin())
		require.False(e.t, r.Reserved().IsNegative() || r.Reserved().GreaterThan(r.OnHand()), "0 ≤ reserved ≤ on-hand")
		if r.OnHand().IsZero() {
			require.True(e.t, r.Value().IsZero(), "zero quantity means zero value")
		}
	}
}
