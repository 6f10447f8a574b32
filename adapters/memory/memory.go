package memory

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/internal/codec"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
)

// Store holds the data of every dealer in memory. Build one with New; it is safe for concurrent
// use.
//
// Each dealer's data is a shard of its own with its own lock, so that dealers never wait for
// each other: a simulation or a policy lab playing many dealers at once runs them in parallel.
// Every record belongs to one dealer and every call names it, so a call takes one shard's lock.
type Store struct {
	mu     sync.RWMutex // guards shards
	shards map[dealerkit.DealerID]*shard
	// waits serialises the deadlock check of a transaction that must wait for a shard (take).
	waits sync.Mutex
	// postFault, set only by this package's tests, fails Post between its stock changes and its
	// movements: the failure injection of storetest.RunParts.
	postFault func(*parts.Posting) error
}

// shard is one dealer's data and the lock that guards it.
type shard struct {
	// lock is a dealerLock rather than a sync.Mutex so that waiting for it can end with the
	// caller's context.
	lock *dealerLock
	// unlock is release as a value, made once: enter hands it out on every call.
	unlock func()
	// holder is the transaction holding lock, if one does: what a waiting transaction follows to
	// find a deadlock. A call outside a transaction never waits while it holds a lock, so it
	// can close no cycle and is not recorded.
	holder atomic.Pointer[tx]
	dealer dealerkit.DealerID
	data   data
}

func newShard(d dealerkit.DealerID) *shard {
	sh := &shard{lock: newDealerLock(), dealer: d, data: newData()}
	sh.unlock = sh.release
	return sh
}

func (sh *shard) acquire(ctx context.Context) error { return sh.lock.lock(ctx) }

func (sh *shard) release() { sh.lock.unlock() }

// data is what a shard holds. Its maps are keyed by dealer, as the SQL tables' keys lead with
// it; in a shard they hold the one dealer.
type data struct {
	orders map[dealerkit.DealerID]map[uuid.UUID]stored
	// orderIndex finds repair orders by VIN, plate and customer, and those with a promised time,
	// so the comeback lookup at opening and the overdue check read only those (orderKeys).
	orderIndex docIndex
	numbers    map[dealerkit.DealerID]map[string]uuid.UUID
	events     map[dealerkit.DealerID]*eventLog // events[d].at(d, i).Seq == i+1

	complaints complaintData // complaints.go
	parts      partsData     // parts.go
	safety     safetyData    // safety.go
	appraisals appraisalData // appraisal.go
	training   *trainingData // training.go, built on first use
}

func newData() data {
	return data{
		orders:     map[dealerkit.DealerID]map[uuid.UUID]stored{},
		orderIndex: docIndex{},
		numbers:    map[dealerkit.DealerID]map[string]uuid.UUID{},
		events:     map[dealerkit.DealerID]*eventLog{},

		complaints: newComplaintData(),
		parts:      newPartsData(),
		safety:     newSafetyData(),
		appraisals: newAppraisalData(),
	}
}

// stored is one repair order: its version and its kept snapshot (codec.KeepOrder), never changed.
type stored struct {
	version int64
	body    any
	head    aftersales.Header // what List filters on, so only matching orders are decoded
}

// New returns an empty store.
func New() *Store {
	return &Store{shards: map[dealerkit.DealerID]*shard{}}
}

// shard returns dealer d's shard, made on first use.
func (s *Store) shard(d dealerkit.DealerID) (*shard, error) {
	s.mu.RLock()
	sh, ok := s.shards[d]
	s.mu.RUnlock()
	if ok {
		return sh, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shards == nil {
		return nil, errors.New("memory: use a Store built with New")
	}
	if sh, ok = s.shards[d]; !ok {
		sh = newShard(d)
		s.shards[d] = sh
	}
	return sh, nil
}

// RepairOrders returns the store's aftersales.Repository.
func (s *Store) RepairOrders() aftersales.Repository { return repairOrders{s} }

// txKey marks a context inside one of this store's transactions.
type txKey struct{ s *Store }

// tx is an open transaction. It takes the lock of each dealer it touches as it first touches it
// and holds them all until InTx returns; mu serialises the calls made with its context, should
// fn hand that context to several goroutines.
type tx struct {
	mu       sync.Mutex
	unlock   func() // mu.Unlock as a value, made once: enter hands it out on every call
	done     bool
	held     []*shard              // the shards whose locks it holds, in the order taken
	waiting  atomic.Pointer[shard] // the shard it waits for, while it does (take)
	undo     []func()              // run in reverse on rollback
	events   []dealerkit.Event     // numbered and logged at commit, as the SQL adapters do
	onCommit []func()              // run after commit: SetVersion on the orders saved
	failed   error                 // a call failed halfway (fail): the transaction may not commit
	// The first undos, events and shards go here, in the transaction's own allocation: most
	// transactions (a posting, an order saved) have no more.
	undoBuf  [4]func()
	eventBuf [1]dealerkit.Event
	heldBuf  [1]*shard
}

// LockingReads returns ctx unchanged: a transaction of this store holds the lock of every dealer
// it touched from that moment to its end, so whatever a load inside InTx reads stays as read until
// the transaction ends, as sqlstore's LockingReads makes a load hold its row. It is here so that
// code which asks a store for locking reads (httpapi's If-Match check, storetest) treats every
// adapter alike.
func (s *Store) LockingReads(ctx context.Context) context.Context { return ctx }

// InTx runs fn in one transaction (dealerkit.Transactor): every repository call made with the
// context fn receives commits when fn returns nil, and none does otherwise. An InTx inside fn
// joins the transaction. If fn panics the transaction is rolled back and the panic goes on.
//
// The transaction takes a dealer's lock when it first touches that dealer's records and holds it
// to the end, so what it read stays as read. A transaction that would wait for a dealer held by
// another that waits, directly or through others, for one it holds is refused at that call with
// an error matching dealerkit.ErrConflict (as a database reports a deadlock), rather than wait
// for ever; the other goes on. Only transactions that touch more than one dealer can meet this.
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if _, ok := ctx.Value(txKey{s}).(*tx); ok {
		return fn(ctx)
	}
	if s.shards == nil {
		return errors.New("memory: use a Store built with New")
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memory: waiting for the store: %w", context.Cause(ctx))
	}
	t := &tx{}
	t.unlock = t.mu.Unlock
	t.undo, t.events, t.held = t.undoBuf[:0], t.eventBuf[:0], t.heldBuf[:0]
	committed := false
	defer func() {
		t.mu.Lock()
		if !committed {
			for i := len(t.undo) - 1; i >= 0; i-- {
				t.undo[i]()
			}
		}
		t.done = true
		for _, sh := range t.held {
			sh.holder.CompareAndSwap(t, nil)
			sh.release()
		}
		t.mu.Unlock()
		if committed {
			for _, f := range t.onCommit {
				f()
			}
		}
	}()
	if err := fn(context.WithValue(ctx, txKey{s}, t)); err != nil {
		return err
	}
	t.mu.Lock()
	if t.failed != nil {
		t.mu.Unlock()
		return t.failed
	}
	s.logAtCommit(t)
	t.mu.Unlock()
	committed = true
	return nil
}

// logAtCommit gives the transaction's events their Seq numbers in their dealers' logs. The
// shards they belong to are still held: an event is queued only through its dealer's view.
func (s *Store) logAtCommit(t *tx) {
	for i := 0; i < len(t.events); {
		d, j := t.events[i].Dealer, i+1
		for j < len(t.events) && t.events[j].Dealer == d {
			j++
		}
		sh := t.shardOf(d)
		if sh == nil { // not reached; the store's own shard all the same
			sh, _ = s.shard(d)
		}
		view{&sh.data, nil}.logEvents(t.events[i:j])
		i = j
	}
}

// shardOf returns the shard of dealer d if the transaction holds it.
func (t *tx) shardOf(d dealerkit.DealerID) *shard {
	for _, sh := range t.held {
		if sh.dealer == d {
			return sh
		}
	}
	return nil
}

// view is access to one dealer's data under the right lock: the transaction's, or the shard's for
// the length of one call. Writes through a view in a transaction record how to undo them.
type view struct {
	*data
	t *tx
}

// enter takes the lock a call on dealer d's records needs and returns the view and the function
// that releases it. In a transaction the lock, once taken, is held to the transaction's end.
func (s *Store) enter(ctx context.Context, d dealerkit.DealerID) (view, func(), error) {
	if s.shards == nil {
		return view{}, nil, errors.New("memory: use a Store built with New")
	}
	if t, ok := ctx.Value(txKey{s}).(*tx); ok {
		t.mu.Lock()
		if t.done {
			t.mu.Unlock()
			return view{}, nil, errors.New("memory: the transaction of this context has ended")
		}
		sh := t.shardOf(d)
		if sh == nil {
			var err error
			if sh, err = s.shard(d); err == nil {
				err = s.take(ctx, t, sh)
			}
			if err != nil {
				t.mu.Unlock()
				return view{}, nil, err
			}
			t.held = append(t.held, sh)
		}
		return view{&sh.data, t}, t.unlock, nil
	}
	if err := ctx.Err(); err != nil {
		return view{}, nil, err
	}
	sh, err := s.shard(d)
	if err != nil {
		return view{}, nil, err
	}
	if err := sh.acquire(ctx); err != nil {
		return view{}, nil, err
	}
	return view{&sh.data, nil}, sh.unlock, nil
}

// take acquires sh's lock for transaction t. If it must wait, it first follows who holds sh, what
// that one waits for, who holds that, and so on: a chain that comes back to t would wait for
// ever, so t is refused instead. The check and the record that t waits run under s.waits, so of
// two transactions closing a cycle the second to wait sees the first's record; a transaction
// records what it holds before it can wait for anything, so every edge of a cycle is seen.
func (s *Store) take(ctx context.Context, t *tx, sh *shard) error {
	if sh.lock.tryLock() {
		sh.holder.Store(t)
		return nil
	}
	s.waits.Lock()
	for h := sh.holder.Load(); h != nil; {
		if h == t {
			s.waits.Unlock()
			return fmt.Errorf("memory: dealer %s is held by a transaction that waits for this one: deadlock: %w",
				uuid.UUID(sh.dealer), dealerkit.ErrConflict)
		}
		w := h.waiting.Load()
		if w == nil {
			break
		}
		h = w.holder.Load()
	}
	t.waiting.Store(sh)
	s.waits.Unlock()
	err := sh.acquire(ctx)
	if err == nil {
		sh.holder.Store(t)
	}
	t.waiting.Store(nil)
	return err
}

// afterCommit runs f once the change is committed: now outside a transaction, at commit inside.
func (v view) afterCommit(f func()) {
	if v.t == nil {
		f()
		return
	}
	v.t.onCommit = append(v.t.onCommit, f)
}

// fail marks the transaction as unable to commit, as a failed statement does in PostgreSQL: a
// call that failed after writing part of its change returns its error, and should fn ignore it,
// InTx returns it too and rolls everything back.
func (v view) fail(err error) {
	if v.t != nil && v.t.failed == nil {
		v.t.failed = err
	}
}

func (v view) onUndo(f func()) {
	if v.t != nil {
		v.t.undo = append(v.t.undo, f)
	}
}

// saveEntry records, in a transaction, how to put m[k] back as it is now, before the caller
// writes it. Outside a transaction it does nothing and allocates nothing: a closure written at
// the call site would put what it captures on the heap on every write.
func saveEntry[K comparable, V any](v view, m map[K]V, k K) {
	if v.t == nil {
		return
	}
	prev, existed := m[k]
	v.t.undo = append(v.t.undo, func() {
		if existed {
			m[k] = prev
		} else {
			delete(m, k)
		}
	})
}

func (v view) order(d dealerkit.DealerID, id uuid.UUID) (stored, bool) {
	r, ok := v.orders[d][id]
	return r, ok
}

func (v view) putOrder(d dealerkit.DealerID, id uuid.UUID, r stored) {
	m := v.orders[d]
	if m == nil {
		m = map[uuid.UUID]stored{}
		v.orders[d] = m
	}
	prev, existed := m[id]
	saveEntry(v, m, id)
	m[id] = r
	var old []indexKey
	if existed {
		old = orderKeys(prev.head)
	}
	v.orderIndex.move(v, d, id, old, orderKeys(r.head))
}

// orderKeys returns the orderIndex entries of an order with header h.
func orderKeys(h aftersales.Header) []indexKey {
	keys := make([]indexKey, 0, 4)
	if h.VIN != "" {
		keys = append(keys, indexKey{field: byVIN, text: string(h.VIN)})
	}
	if h.Plate != "" {
		keys = append(keys, indexKey{field: byPlate, text: h.Plate})
	}
	if !h.Customer.IsZero() {
		keys = append(keys, indexKey{field: byCustomer, id: uuid.UUID(h.Customer)})
	}
	if !h.NextPromise.IsZero() {
		keys = append(keys, indexKey{field: byPromise})
	}
	return keys
}

// filterKeys returns the orderIndex entries f names, most selective first: those of a header
// holding what f asks for (MatchesHeader keeps only orders with a promised time when
// PromisedBefore is set).
func filterKeys(f aftersales.Filter) []indexKey {
	return orderKeys(aftersales.Header{VIN: f.VIN, Plate: f.Plate, Customer: f.Customer, NextPromise: f.PromisedBefore})
}

func (v view) claimNumber(d dealerkit.DealerID, number string, id uuid.UUID) {
	m := v.numbers[d]
	if m == nil {
		m = map[string]uuid.UUID{}
		v.numbers[d] = m
	}
	saveEntry(v, m, number)
	m[number] = id
}

// appendEvents records a record's events in the dealer's log: now outside a transaction, at
// commit inside one, so Events inside InTx sees what it would see with the SQL adapters. evs is
// what the record's PendingEvents returned, a slice of the caller's own, made ready to store in
// place.
func (v view) appendEvents(d dealerkit.DealerID, evs []dealerkit.Event) {
	v.queueEvents(d, evs, codec.Event)
}

// appendOwnEvents is appendEvents for events whose data nothing else holds (codec.OwnEvent).
func (v view) appendOwnEvents(d dealerkit.DealerID, evs []dealerkit.Event) {
	v.queueEvents(d, evs, codec.OwnEvent)
}

func (v view) queueEvents(d dealerkit.DealerID, evs []dealerkit.Event, store func(dealerkit.Event, dealerkit.DealerID) dealerkit.Event) {
	for i, e := range evs {
		evs[i] = store(e, d)
	}
	if v.t != nil {
		v.t.events = append(v.t.events, evs...)
		return
	}
	v.logEvents(evs)
}

// logEvents gives the events the next Seq numbers of their dealers' logs. It runs under the
// dealer's lock at the moment of commit, so numbers follow commit order and have no gaps.
func (v view) logEvents(evs []dealerkit.Event) {
	for _, e := range evs {
		log := v.events[e.Dealer]
		if log == nil {
			log = &eventLog{}
			v.events[e.Dealer] = log
		}
		log.append(e) // as Seq log.len()+1
	}
}

// Events returns up to limit of the dealer's events with Seq greater than after, in order
// (dealerkit.EventReader). A limit below 1 is refused. Inside InTx the transaction's own events
// are not visible yet: they are logged at commit.
func (s *Store) Events(ctx context.Context, dealer dealerkit.DealerID, after int64, limit int) ([]dealerkit.Event, error) {
	return s.readLog(ctx, dealer, after, limit, func(e dealerkit.Event) dealerkit.Event {
		return codec.Event(e, dealer) // a copy: the caller cannot reach the log
	})
}

// readLog reads the dealer's log as Events does (after, limit, the transaction's own events not
// yet visible), giving what read makes of each logged event: a value of the caller's own, since
// read runs under the dealer's lock on an event that shares its role list and data with the log.
func (s *Store) readLog(ctx context.Context, dealer dealerkit.DealerID, after int64, limit int, read func(dealerkit.Event) dealerkit.Event) ([]dealerkit.Event, error) {
	if limit < 1 {
		return nil, invalidLimit(limit)
	}
	v, release, err := s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	defer release()
	log := v.events[dealer]
	start, end := log.window(after, limit)
	out := make([]dealerkit.Event, 0, end-start)
	for i := start; i < end; i++ {
		out = append(out, read(log.at(dealer, i)))
	}
	return out, nil
}

// Dealers lists the dealers that have an event log, in id order: the tenants a reader of the
// whole store (the policy lab) walks.
func (s *Store) Dealers(ctx context.Context) ([]dealerkit.DealerID, error) {
	s.mu.RLock()
	all := make([]dealerkit.DealerID, 0, len(s.shards))
	for d := range s.shards {
		all = append(all, d)
	}
	s.mu.RUnlock()
	slices.SortFunc(all, func(a, b dealerkit.DealerID) int { return bytes.Compare(a[:], b[:]) })
	out := all[:0]
	for _, d := range all { // each under its own lock, in id order as a transaction would take them
		v, release, err := s.enter(ctx, d)
		if err != nil {
			return nil, err
		}
		log := v.events[d]
		logged := log != nil && log.len() > 0
		release()
		if logged {
			out = append(out, d)
		}
	}
	return out, nil
}

func invalidLimit(limit int) error {
	return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "limit", Value: fmt.Sprint(limit), Reason: "must be at least 1"}}}
}

type repairOrders struct{ s *Store }

func (r repairOrders) Create(ctx context.Context, o *aftersales.RepairOrder) error {
	body, err := codec.KeepOrder(o, 1)
	if err != nil {
		return fmt.Errorf("memory: create repair order: %w", err)
	}
	v, release, err := r.s.enter(ctx, o.Dealer())
	if err != nil {
		return err
	}
	defer release()
	d, id := o.Dealer(), o.ID()
	if _, taken := v.order(d, id); taken {
		return fmt.Errorf("create repair order %s: id is taken: %w", id, dealerkit.ErrConflict)
	}
	if _, taken := v.numbers[d][o.Number()]; taken {
		return fmt.Errorf("create repair order %s: number %q is taken: %w", id, o.Number(), dealerkit.ErrConflict)
	}
	v.putOrder(d, id, stored{version: 1, body: body, head: o.Header()})
	v.claimNumber(d, o.Number(), id)
	v.appendEvents(d, o.PendingEvents())
	v.afterCommit(func() { o.SetVersion(1) })
	return nil
}

func (r repairOrders) Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*aftersales.RepairOrder, error) {
	rec, err := r.load(ctx, dealer, id)
	if err != nil {
		return nil, err
	}
	return decode(rec)
}

func (r repairOrders) load(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (stored, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return stored{}, err
	}
	defer release()
	rec, ok := v.order(dealer, id)
	if !ok {
		return stored{}, fmt.Errorf("repair order %s: %w", id, dealerkit.ErrNotFound)
	}
	return rec, nil
}

func decode(rec stored) (*aftersales.RepairOrder, error) {
	o, err := codec.FromKeptOrder(rec.body, rec.version)
	if err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	return o, nil
}

// Update loads a copy, runs fn on it without holding the dealer's lock (outside a transaction),
// then stores the result only if the version is still the one loaded.
func (r repairOrders) Update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*aftersales.RepairOrder) error) error {
	rec, err := r.load(ctx, dealer, id)
	if err != nil {
		return err
	}
	o, err := decode(rec)
	if err != nil {
		return err
	}
	if err := fn(o); err != nil {
		return err
	}
	next := rec.version + 1
	body, err := codec.KeepOrder(o, next)
	if err != nil {
		return fmt.Errorf("memory: update repair order: %w", err)
	}
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return err
	}
	defer release()
	cur, ok := v.order(dealer, id)
	if !ok || cur.version != rec.version {
		return fmt.Errorf("update repair order %s: version %d is stale: %w", id, rec.version, dealerkit.ErrConflict)
	}
	v.putOrder(dealer, id, stored{version: next, body: body, head: o.Header()})
	v.appendEvents(dealer, o.PendingEvents())
	v.afterCommit(func() { o.SetVersion(next) })
	return nil
}

func (r repairOrders) List(ctx context.Context, dealer dealerkit.DealerID, f aftersales.Filter) ([]*aftersales.RepairOrder, error) {
	v, release, err := r.s.enter(ctx, dealer)
	if err != nil {
		return nil, err
	}
	var recs []stored
	keep := func(rec stored) {
		if f.MatchesHeader(rec.head) {
			recs = append(recs, rec)
		}
	}
	// Read only the orders an index entry the filter names gives, if it names one: every order
	// the filter can match is there. MatchesHeader still decides.
	if f.Number != "" {
		if id, ok := v.numbers[dealer][f.Number]; ok {
			keep(v.orders[dealer][id])
		}
	} else if keys := filterKeys(f); len(keys) > 0 {
		for id := range v.orderIndex.ids(dealer, keys[0]) {
			keep(v.orders[dealer][id])
		}
	} else {
		for _, rec := range v.orders[dealer] {
			keep(rec)
		}
	}
	release() // sorting and decoding need no lock: records are never changed in place
	return decodeInIDOrder(recs, f.Limit)
}

// decodeInIDOrder sorts recs by order id and decodes the first limit of them, all of them when
// limit is 0: each order decoded afresh, the caller's own.
func decodeInIDOrder(recs []stored, limit int) ([]*aftersales.RepairOrder, error) {
	slices.SortFunc(recs, func(a, b stored) int { return cmp.Compare(string(a.head.ID[:]), string(b.head.ID[:])) })
	if limit > 0 && len(recs) > limit {
		recs = recs[:limit]
	}
	out := make([]*aftersales.RepairOrder, 0, len(recs))
	for _, rec := range recs {
		o, err := decode(rec)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// ListOrderFacts lists the facts of what List lists (appraisal.OrderFactSource).
func (r repairOrders) ListOrderFacts(ctx context.Context, dealer dealerkit.DealerID, f aftersales.Filter) ([]appraisal.OrderFacts, error) {
	orders, err := r.List(ctx, dealer, f)
	if err != nil {
		return nil, err
	}
	out := make([]appraisal.OrderFacts, len(orders))
	for i, o := range orders {
		out[i] = appraisal.FactsOf(o)
	}
	return out, nil
}
