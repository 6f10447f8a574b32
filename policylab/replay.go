package policylab

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Source is the recorded history a Lab reads: the repositories and the event log an adapter
// already offers (adapters/memory and adapters/sqlstore satisfy it). A Lab only reads from it.
type Source interface {
	RepairOrders() aftersales.Repository
	Complaints() complaints.Repository
	Parts() parts.Repository
	Appraisals() appraisal.Repository
	dealerkit.EventReader
}

// Progress is how far a replay has come: dealers done of all, and records read so far.
type Progress struct {
	Dealers     int           `json:"dealers"`
	DealersDone int           `json:"dealers_done"`
	Records     int           `json:"records"`
	Elapsed     time.Duration `json:"elapsed"`
}

// Left estimates the time left from the rate so far; zero until a dealer is done.
func (p Progress) Left() time.Duration {
	if p.DealersDone == 0 || p.DealersDone >= p.Dealers {
		return 0
	}
	return time.Duration(float64(p.Elapsed) / float64(p.DealersDone) * float64(p.Dealers-p.DealersDone))
}

// Options configure a Lab; a nil *Options, and every zero field, means the default.
type Options struct {
	// AsOf is the instant a step not done by the end of the history is judged at (missed if its
	// deadline is before it). Zero means the time of the dealer's last recorded event.
	AsOf time.Time
	// Parallel is how many dealers replay at once; 0 means GOMAXPROCS.
	Parallel int
	// Progress, when set, is called after each dealer (from one goroutine at a time).
	Progress func(Progress)
	// SerialReads serialises the reads of the dealers' histories while the recomputation still runs
	// Parallel dealers at once: set it when the Source runs in one transaction (one connection,
	// which serves one query at a time), as a read-only replay does.
	SerialReads bool
	// KeepUnchanged keeps every unchanged outcome in Report.Outcomes. By default only the changed
	// and unreplayable ones are kept (the totals and charts count every outcome): most outcomes
	// of a long history are unchanged, and keeping them would make memory grow with the history.
	KeepUnchanged bool
	// Now is the clock the replay's elapsed time is read from; nil means time.Now. The replay's
	// outcomes never depend on it.
	Now func() time.Time
}

// Lab replays recorded history under two policies and reports what would change (§6.4, §9.2): a
// policy team's "what if" before a dealer adopts a rule change. It never writes: every read goes
// through Source, and a host that wants the database to guarantee it runs the replay in a
// read-only transaction (see examples/policylab). It is safe for concurrent use.
type Lab struct {
	src    Source
	opts   Options
	readMu sync.Mutex // held around reads when opts.SerialReads
}

// NewLab returns a Lab over a store's history.
func NewLab(src Source, opts *Options) (*Lab, error) {
	if src == nil {
		var v dealerkit.ValidationError
		v.Required("source")
		return nil, &v
	}
	l := &Lab{src: src}
	if opts != nil {
		l.opts = *opts
	}
	if l.opts.Parallel <= 0 {
		l.opts.Parallel = runtime.GOMAXPROCS(0)
	}
	if l.opts.Now == nil {
		l.opts.Now = time.Now
	}
	return l, nil
}

// dealerResult is one dealer's replay: the outcomes kept, and the totals and escalations per
// week over all of them.
type dealerResult struct {
	keepUnchanged bool
	outcomes      []Outcome
	totals        map[Kind]Totals
	weeks         map[time.Time]*WeekCount
	records       int
	grades        map[[2]string]int
	costA         appraisal.Cost
	costB         appraisal.Cost
}

// Replay recomputes every replayable rule outcome of the dealers' history under a and under b and
// reports each as unchanged, changed (with both values) or not replayable. It stops with the
// context's error when ctx is cancelled (a Ctrl-C), returning nothing partial.
func (l *Lab) Replay(ctx context.Context, dealers []dealerkit.DealerID, a, b Policy) (*Report, error) {
	if len(dealers) == 0 {
		var v dealerkit.ValidationError
		v.Required("dealers")
		return nil, &v
	}
	start := l.opts.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]*dealerResult, len(dealers))
	var (
		mu       sync.Mutex
		firstErr error
		done     int
		records  int
	)
	sem := make(chan struct{}, l.opts.Parallel)
	var wg sync.WaitGroup
	for i, d := range dealers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			r, err := l.replayDealer(ctx, d, a, b)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				return
			}
			results[i] = r
			done++
			records += r.records
			if l.opts.Progress != nil {
				l.opts.Progress(Progress{Dealers: len(dealers), DealersDone: done, Records: records, Elapsed: l.opts.Now().Sub(start)})
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		// A cancelled context shows up in a read as whatever the driver makes of it
		// (database/sql rolls the transaction back: "transaction has already been committed or
		// rolled back"); the caller is told the replay was cancelled, with that cause.
		if firstErr != nil && !errors.Is(firstErr, ctx.Err()) {
			return nil, fmt.Errorf("policylab: %w (%v)", ctx.Err(), firstErr)
		}
		return nil, ctx.Err()
	}
	if firstErr != nil {
		return nil, firstErr
	}
	rep := &Report{A: a.Name, B: b.Name, Dealers: slices.Clone(dealers), Outcomes: []Outcome{}, Totals: map[Kind]Totals{},
		Escalations: []WeekCount{}, Grades: []GradeShift{},
		CostA: appraisal.Cost{Reward: decimal.Zero, Penalty: decimal.Zero}, CostB: appraisal.Cost{Reward: decimal.Zero, Penalty: decimal.Zero}}
	grades := map[[2]string]int{}
	weeks := map[time.Time]WeekCount{}
	for _, r := range results {
		rep.Records += r.records
		rep.Outcomes = append(rep.Outcomes, r.outcomes...)
		for k, t := range r.totals {
			x := rep.Totals[k]
			x.Unchanged, x.Changed, x.NotReplayable = x.Unchanged+t.Unchanged, x.Changed+t.Changed, x.NotReplayable+t.NotReplayable
			rep.Totals[k] = x
		}
		for _, w := range r.weeks {
			x := weeks[w.Week] // each dealer's weeks sum into the report's
			x.Week, x.A, x.B = w.Week, x.A+w.A, x.B+w.B
			weeks[w.Week] = x
		}
		for k, n := range r.grades {
			grades[k] += n
		}
		rep.CostA = appraisal.Cost{Reward: rep.CostA.Reward.Add(r.costA.Reward), Penalty: rep.CostA.Penalty.Add(r.costA.Penalty)}
		rep.CostB = appraisal.Cost{Reward: rep.CostB.Reward.Add(r.costB.Reward), Penalty: rep.CostB.Penalty.Add(r.costB.Penalty)}
	}
	for k, n := range grades {
		rep.Grades = append(rep.Grades, GradeShift{A: k[0], B: k[1], Count: n})
	}
	slices.SortFunc(rep.Grades, func(x, y GradeShift) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	for _, w := range weeks {
		rep.Escalations = append(rep.Escalations, w)
	}
	slices.SortFunc(rep.Escalations, func(x, y WeekCount) int { return x.Week.Compare(y.Week) })
	return rep, nil
}

// keep counts o in the dealer's totals and its escalations per week (a missed deadline escalates
// the complaint one level, §5, at the instant it ran out) and reports whether o is to be kept:
// changed and unreplayable outcomes always, unchanged ones only when asked. Counting as the
// outcomes come, rather than over a list of them all, keeps memory flat in the history's length.
func (r *dealerResult) keep(o *Outcome) bool {
	t := r.totals[o.Kind]
	t.add(o.Status)
	r.totals[o.Kind] = t
	if o.Kind == KindDeadline && o.Status != NotReplayable {
		if o.MissedA {
			r.week(o.DueA).A++
		}
		if o.MissedB {
			r.week(o.DueB).B++
		}
	}
	return r.keepUnchanged || o.Status != Unchanged
}

// add counts each of os and keeps those to be kept.
func (r *dealerResult) add(os []Outcome) {
	for i := range os {
		if r.keep(&os[i]) {
			r.outcomes = append(r.outcomes, os[i])
		}
	}
}

// week is the count of the week t falls in (weeks start Monday 00:00 UTC).
func (r *dealerResult) week(t time.Time) *WeekCount {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	wk := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	if r.weeks[wk] == nil {
		r.weeks[wk] = &WeekCount{Week: wk}
	}
	return r.weeks[wk]
}

// replayDealer reads one dealer's history and replays every package's rules on it. The event log,
// by far the largest part, is read a page at a time and replayed as it comes (permissions, and the
// intake facts and the last instant the complaints need), so it is never held whole; of the
// repair orders it reads what each rule needs (see read). The outcomes come in the same order
// whatever runs when: deadlines and escalations, comebacks, appraisals, stock, permissions.
func (l *Lab) replayDealer(ctx context.Context, dealer dealerkit.DealerID, a, b Policy) (*dealerResult, error) {
	res := &dealerResult{keepUnchanged: l.opts.KeepUnchanged, totals: map[Kind]Totals{}, weeks: map[time.Time]*WeekCount{}}
	unlock := l.lockReads()
	h, err := l.read(ctx, dealer)
	unlock()
	if err != nil {
		return nil, err
	}
	res.records += h.records
	// The comebacks and the stock ledger need nothing more from the store: they replay on a
	// goroutine of their own while the log is read, so a single dealer's replay uses two cores.
	var (
		side             sync.WaitGroup
		comebacks, stock []Outcome
		sideErr          error
	)
	side.Add(1)
	go func() {
		defer side.Done()
		if comebacks, sideErr = replayComebacks(dealer, h.revisits, a, b); sideErr == nil {
			stock, sideErr = replayParts(dealer, h.moves, a, b)
		}
	}()
	perms := newPermReplay(dealer, a, b)
	var permKept []Outcome // permissions come last in the dealer's outcomes
	received := map[uuid.UUID]complaints.ReceivedPayload{}
	var last time.Time
	err = l.eachEventPage(ctx, dealer, func(evs []dealerkit.Event) {
		res.records += len(evs)
		for i := range evs {
			e := &evs[i]
			if e.Type == complaints.EventReceived {
				var p complaints.ReceivedPayload
				if json.Unmarshal(e.Data, &p) == nil {
					received[e.AggregateID] = p
				}
			}
			if o, ok := perms.outcome(e); ok && res.keep(&o) {
				permKept = append(permKept, o)
			}
		}
		last = evs[len(evs)-1].At
	})
	var deadlines []Outcome
	if err == nil {
		asOf := l.opts.AsOf
		if asOf.IsZero() {
			asOf = last
		}
		deadlines, err = replayComplaints(dealer, h.complaints, received, asOf, a, b)
	}
	var ap appraisalResult
	if err == nil {
		ap, err = l.replayAppraisals(ctx, dealer, h, a, b)
	}
	side.Wait()
	if err == nil {
		err = sideErr
	}
	if err != nil {
		return nil, err
	}
	res.records += ap.records
	res.grades, res.costA, res.costB = ap.grades, ap.costA, ap.costB
	for _, out := range [][]Outcome{deadlines, comebacks, ap.outcomes, stock} {
		res.add(out)
	}
	res.outcomes = append(res.outcomes, permKept...)
	return res, ctx.Err()
}

// eventPage is how many events a replay reads at a time.
const eventPage = 1000

// EventHeadReader is what a Source may offer to read its log for a replay: Events without what
// the replay does not read (each event's clause and to-state, and its data except for the types
// listed in withData). adapters/sqlstore offers it; a Source without it is read with Events.
type EventHeadReader interface {
	EventHeads(ctx context.Context, dealer dealerkit.DealerID, after int64, limit int, withData ...string) ([]dealerkit.Event, error)
}

// eachEventPage reads the dealer's whole log a page at a time, under the read lock, and hands
// each page to fn outside it, so another dealer's reads go on while this one replays a page.
func (l *Lab) eachEventPage(ctx context.Context, dealer dealerkit.DealerID, fn func([]dealerkit.Event)) error {
	read := l.src.Events
	if r, ok := l.src.(EventHeadReader); ok {
		read = func(ctx context.Context, dealer dealerkit.DealerID, after int64, limit int) ([]dealerkit.Event, error) {
			return r.EventHeads(ctx, dealer, after, limit, complaints.EventReceived)
		}
	}
	var after int64
	for {
		unlock := l.lockReads()
		evs, err := read(ctx, dealer, after, eventPage)
		unlock()
		if err != nil {
			return err
		}
		if len(evs) > 0 {
			fn(evs)
		}
		if len(evs) < eventPage {
			return ctx.Err()
		}
		after = evs[len(evs)-1].Seq
	}
}

// history is what a dealer's replay reads besides the event log.
type history struct {
	// revisits are the repair orders the comeback rule can reach; facts what the appraisal
	// metrics read of every order (appraisal.OrderFacts), in id order.
	revisits   []*aftersales.RepairOrder
	facts      []appraisal.OrderFacts
	complaints []*complaints.Complaint
	moves      []parts.Movement
	records    int
}

// RevisitLister is what a Source's repair orders may offer so a replay need not read every order
// whole: the orders of the vehicles with more than one order, one of them delivered, in id order
// (the only ones a comeback can involve). adapters/sqlstore offers it.
type RevisitLister interface {
	ListRevisits(ctx context.Context, dealer dealerkit.DealerID) ([]*aftersales.RepairOrder, error)
}

// read loads the dealer's complaints and stock ledger, and its repair orders as the rules need
// them: the orders a comeback can involve, whole, and every order's appraisal facts. A store
// that offers neither appraisal.OrderFactSource nor RevisitLister has its orders read whole once
// and both taken from them.
func (l *Lab) read(ctx context.Context, dealer dealerkit.DealerID) (history, error) {
	var h history
	var err error
	ros := l.src.RepairOrders()
	factSrc, hasFacts := ros.(appraisal.OrderFactSource)
	revSrc, hasRevisits := ros.(RevisitLister)
	var all []*aftersales.RepairOrder
	if !hasFacts || !hasRevisits {
		if all, err = ros.List(ctx, dealer, aftersales.Filter{}); err != nil {
			return h, err
		}
	}
	if hasFacts {
		h.facts, err = factSrc.ListOrderFacts(ctx, dealer, aftersales.Filter{})
	} else {
		h.facts = make([]appraisal.OrderFacts, len(all))
		for i, o := range all {
			h.facts[i] = appraisal.FactsOf(o)
		}
	}
	if err != nil {
		return h, err
	}
	if hasRevisits {
		h.revisits, err = revSrc.ListRevisits(ctx, dealer)
	} else {
		h.revisits = revisits(all)
	}
	if err != nil {
		return h, err
	}
	if h.complaints, err = l.src.Complaints().List(ctx, dealer, complaints.Filter{}); err != nil {
		return h, err
	}
	if h.moves, err = l.src.Parts().ListMovements(ctx, dealer, parts.MovementFilter{}); err != nil {
		return h, err
	}
	h.records = len(h.facts) + len(h.complaints) + len(h.moves)
	return h, nil
}

// revisits keeps, in their order, the orders of the vehicles with more than one order, at least
// one of them delivered: what RevisitLister lists.
func revisits(orders []*aftersales.RepairOrder) []*aftersales.RepairOrder {
	type count struct{ orders, delivered int }
	byVIN := map[aftersales.VIN]count{}
	for _, o := range orders {
		c := byVIN[o.VIN()]
		c.orders++
		if !o.DeliveredAt().IsZero() {
			c.delivered++
		}
		byVIN[o.VIN()] = c
	}
	var out []*aftersales.RepairOrder
	for _, o := range orders {
		if c := byVIN[o.VIN()]; c.orders > 1 && c.delivered > 0 {
			out = append(out, o)
		}
	}
	return out
}

func sortOutcomes(os []Outcome) {
	slices.SortStableFunc(os, func(x, y Outcome) int {
		return cmp.Or(x.At.Compare(y.At), bytes.Compare(x.Record[:], y.Record[:]), cmp.Compare(x.Ref, y.Ref))
	})
}

// lockReads takes the read lock when reads are serialised and returns its release.
func (l *Lab) lockReads() func() {
	if !l.opts.SerialReads {
		return func() {}
	}
	l.readMu.Lock()
	return l.readMu.Unlock
}
