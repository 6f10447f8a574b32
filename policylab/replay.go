package policylab

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
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
	// which serves one query at a time) and Reads is not set.
	SerialReads bool
	// Reads, when set, runs each read of the Source: read, under a context the host chooses. A
	// host that reads in transactions runs each read in one of a set of read-only transactions on
	// the same snapshot (sqlstore.WithTx), never two reads at once in one, so that reads run side
	// by side, as many as it has transactions (examples/policylab does). The outcomes do not
	// depend on which read runs where.
	Reads func(ctx context.Context, read func(ctx context.Context) error) error
	// LogRange is how many events of a dealer's log one range holds at most, when the Source
	// can split the log (EventSpanReader): the ranges are read side by side. 0 means 16,000.
	LogRange int
	// KeepUnchanged keeps every unchanged outcome in Report.Outcomes. By default only the changed
	// ones are kept, and the not replayable ones with KeepUnreplayable (the totals and charts
	// count every outcome): most outcomes of a long history are unchanged, and keeping them would
	// make memory grow with the history.
	KeepUnchanged bool
	// KeepUnreplayable keeps every not replayable outcome in Report.Outcomes as well. By default
	// they are only counted in Report.Unreplayable, in groups by kind, reference and reason with
	// their first records (UnreplayableSamples): a long history has millions of them that share
	// a handful of reasons (each event whose §3 action the log does not tell, say), and keeping
	// each one would make memory grow with the history and the report unreadable. Changed
	// outcomes are always all kept.
	KeepUnreplayable bool
	// UnreplayableSamples is how many records each group of Report.Unreplayable keeps: 0 means
	// DefaultUnreplayableSamples (20), a negative number none.
	UnreplayableSamples int
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
	if l.opts.LogRange <= 0 {
		l.opts.LogRange = logRange
	}
	switch {
	case l.opts.UnreplayableSamples == 0:
		l.opts.UnreplayableSamples = DefaultUnreplayableSamples
	case l.opts.UnreplayableSamples < 0:
		l.opts.UnreplayableSamples = 0
	}
	return l, nil
}

// dealerResult is one dealer's replay: the outcomes kept, the not replayable ones in groups, and
// the totals and escalations per week over all of them.
type dealerResult struct {
	keepUnchanged    bool
	keepUnreplayable bool
	outcomes         []Outcome
	unreplayable     *unreplayable
	totals           map[Kind]Totals
	weeks            map[time.Time]*WeekCount
	records          int
	grades           map[[2]string]int
	costA            appraisal.Cost
	costB            appraisal.Cost
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
	nr := newUnreplayable(l.opts.UnreplayableSamples)
	// The kept outcomes are held once: in one dealer's result, or sized once in the report and
	// each dealer's dropped as soon as it is copied (appending would hold the report's old array
	// and its doubled copy at once, and every dealer's besides).
	if len(results) == 1 {
		rep.Outcomes, results[0].outcomes = results[0].outcomes, nil
	} else {
		n := 0
		for _, r := range results {
			n += len(r.outcomes)
		}
		rep.Outcomes = make([]Outcome, 0, n)
	}
	if rep.Outcomes == nil {
		rep.Outcomes = []Outcome{}
	}
	for i, r := range results {
		results[i] = nil
		rep.Records += r.records
		rep.Outcomes = append(rep.Outcomes, r.outcomes...)
		r.outcomes = nil
		nr.merge(r.unreplayable)
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
	rep.Unreplayable = nr.sorted()
	return rep, nil
}

// keep counts o in the dealer's totals and its escalations per week (a missed deadline escalates
// the complaint one level, §5, at the instant it ran out), and a not replayable o in its group,
// and reports whether o is to be kept: changed outcomes always, unchanged and not replayable ones
// only when asked. Counting as the outcomes come, rather than over a list of them all, keeps
// memory flat in the history's length.
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
	switch o.Status {
	case Unchanged:
		return r.keepUnchanged
	case NotReplayable:
		r.unreplayable.add(o)
		return r.keepUnreplayable
	}
	return true
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

// replayDealer reads one dealer's history and replays every package's rules on it. Its reads
// and their rules run side by side, as many reads at once as the Source allows (Options.Reads):
// the repair orders, complaints, movements and appraisals, and the event log in ranges of Seq
// (when the Source tells the log's span, EventSpanReader), each range read a page at a time and
// replayed as it comes (permissions, and the intake facts and the last instant the complaints
// need), so the log is never held whole. Of the repair orders it reads what each rule needs
// (listFacts, listRevisits). The outcomes come in the same order whatever runs when: deadlines and escalations,
// comebacks, appraisals, stock, permissions, each in the order of the sequential replay.
func (l *Lab) replayDealer(ctx context.Context, dealer dealerkit.DealerID, a, b Policy) (*dealerResult, error) {
	res := &dealerResult{keepUnchanged: l.opts.KeepUnchanged, keepUnreplayable: l.opts.KeepUnreplayable,
		unreplayable: newUnreplayable(l.opts.UnreplayableSamples), totals: map[Kind]Totals{}, weeks: map[time.Time]*WeekCount{}}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g := group{cancel: cancel}
	var (
		h                    history
		nMoves, nFacts       int // the movements and orders read, counted before they are dropped
		comebacks, stock     []Outcome
		ap                   appraisalResult
		logParts             []*logPart
		factsRead, compsRead sync.WaitGroup // what the appraisals wait for
		all                  allOrders
	)
	// Each list is dropped once the rule that reads it is done, so the log's ranges, which
	// replay last, do not carry it in the heap (a Source without the order readers has its
	// orders read whole once, in all, and held to the end). The comebacks and the stock ledger need nothing
	// more from the store: each replays as soon as its read is done, while the other reads go on.
	g.run(func() error {
		revisits, err := l.listRevisits(ctx, dealer, &all)
		if err == nil {
			comebacks, err = replayComebacks(dealer, revisits, a, b)
		}
		return err
	})
	g.run(func() error {
		var moves []parts.Movement
		err := l.reading(ctx, func(ctx context.Context) (err error) {
			moves, err = l.src.Parts().ListMovements(ctx, dealer, parts.MovementFilter{})
			return err
		})
		if err == nil {
			stock, err = replayParts(dealer, moves, a, b)
		}
		nMoves = len(moves)
		return err
	})
	factsRead.Add(1)
	g.run(func() (err error) {
		defer factsRead.Done()
		h.facts, err = l.listFacts(ctx, dealer, &all)
		return err
	})
	compsRead.Add(1)
	g.run(func() error {
		defer compsRead.Done()
		return l.reading(ctx, func(ctx context.Context) (err error) {
			h.complaints, err = l.src.Complaints().List(ctx, dealer, complaints.Filter{})
			return err
		})
	})
	g.run(func() (err error) {
		factsRead.Wait()
		compsRead.Wait()
		if ctx.Err() != nil {
			return nil // a read failed: its error is the group's
		}
		ap, err = l.replayAppraisals(ctx, dealer, h.facts, h.complaints, a, b)
		nFacts, h.facts = len(h.facts), nil
		return err
	})
	spans, err := l.logRanges(ctx, dealer)
	if err != nil {
		cancel()
		g.wait()
		return nil, err
	}
	logParts = make([]*logPart, len(spans))
	for i, sp := range spans {
		g.run(func() (err error) {
			logParts[i], err = l.replayLog(ctx, dealer, sp, a, b)
			return err
		})
	}
	if err := g.wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The log's ranges in Seq order: what a read of it from the start would have seen.
	received := map[uuid.UUID]complaints.ReceivedPayload{}
	var last time.Time
	var perm Totals
	for _, p := range logParts {
		res.records += p.records
		maps.Copy(received, p.received)
		if p.records > 0 {
			last = p.last
		}
		perm.Unchanged, perm.Changed, perm.NotReplayable = perm.Unchanged+p.perm.Unchanged, perm.Changed+p.perm.Changed,
			perm.NotReplayable+p.perm.NotReplayable
	}
	if perm != (Totals{}) {
		res.totals[KindPermission] = perm
	}
	asOf := l.opts.AsOf
	if asOf.IsZero() {
		asOf = last
	}
	deadlines, err := replayComplaints(dealer, h.complaints, received, asOf, a, b, l.opts.Parallel)
	if err != nil {
		return nil, err
	}
	res.records += nFacts + nMoves + len(h.complaints) + ap.records
	res.grades, res.costA, res.costB = ap.grades, ap.costA, ap.costB
	for _, out := range [][]Outcome{deadlines, comebacks, ap.outcomes, stock} {
		res.add(out)
	}
	n := 0
	for _, p := range logParts {
		n += len(p.kept)
	}
	res.outcomes = slices.Grow(res.outcomes, n)
	for _, p := range logParts {
		res.outcomes = append(res.outcomes, p.kept...) // permissions come last in the dealer's outcomes
		p.kept = nil
		res.unreplayable.merge(p.unreplayable) // and last in its groups' samples
	}
	return res, ctx.Err()
}

// group runs functions on goroutines of their own and keeps the first error, cancelling the
// replay's context on it so the others stop.
type group struct {
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error
	cancel func()
}

func (g *group) run(fn func() error) {
	g.wg.Go(func() {
		if err := fn(); err != nil {
			g.mu.Lock()
			if g.err == nil {
				g.err = err
				g.cancel()
			}
			g.mu.Unlock()
		}
	})
}

func (g *group) wait() error {
	g.wg.Wait()
	return g.err
}

// eventPage is how many events a replay reads at a time.
const eventPage = 1000

// logRange is Options.LogRange's default: a dealer-month's log is one range, a dealer-year's a
// few dozen.
const logRange = 16 * eventPage

// EventHeadReader is what a Source may offer to read its log for a replay: Events without what
// the replay does not read (each event's clause and to-state, and its data except for the types
// listed in withData). adapters/sqlstore offers it; a Source without it is read with Events.
type EventHeadReader interface {
	EventHeads(ctx context.Context, dealer dealerkit.DealerID, after int64, limit int, withData ...string) ([]dealerkit.Event, error)
}

// EventSpanReader is what a Source may offer so that a replay reads a dealer's log in ranges side
// by side: the first and last Seq of the log, both 0 when it is empty. adapters/sqlstore offers
// it; a Source without it has its log read as one range, from the start.
type EventSpanReader interface {
	EventSpan(ctx context.Context, dealer dealerkit.DealerID) (first, last int64, err error)
}

// seqRange is the events with after < Seq <= upTo; an upTo of 0 has no end.
type seqRange struct{ after, upTo int64 }

// logRanges splits the dealer's log into ranges of at most Options.LogRange Seq numbers. The last range
// has no end: it reads what the log holds past the span as well, as a read from the start would.
func (l *Lab) logRanges(ctx context.Context, dealer dealerkit.DealerID) ([]seqRange, error) {
	sr, ok := l.src.(EventSpanReader)
	if !ok {
		return []seqRange{{}}, nil
	}
	var first, last int64
	err := l.reading(ctx, func(ctx context.Context) (err error) {
		first, last, err = sr.EventSpan(ctx, dealer)
		return err
	})
	if err != nil {
		return nil, err
	}
	step := int64(l.opts.LogRange)
	var out []seqRange
	after := int64(0)
	for lo := first; first > 0 && last-lo >= step; lo += step {
		out = append(out, seqRange{after, lo + step - 1})
		after = lo + step - 1
	}
	return append(out, seqRange{after, 0}), nil
}

// logPart is what the replay takes from a range of the log.
type logPart struct {
	kept         []Outcome     // the permission outcomes kept, in Seq order
	perm         Totals        // every permission outcome of the range
	unreplayable *unreplayable // the not replayable ones, in groups
	received     map[uuid.UUID]complaints.ReceivedPayload
	last         time.Time // the time of the range's last event
	records      int
}

// replayLog reads the events of range r a page at a time, each read through l.reading, and
// replays each page outside it, so other reads go on while this range replays a page.
func (l *Lab) replayLog(ctx context.Context, dealer dealerkit.DealerID, r seqRange, a, b Policy) (*logPart, error) {
	read := l.src.Events
	if hr, ok := l.src.(EventHeadReader); ok {
		read = func(ctx context.Context, dealer dealerkit.DealerID, after int64, limit int) ([]dealerkit.Event, error) {
			return hr.EventHeads(ctx, dealer, after, limit, complaints.EventReceived)
		}
	}
	p := &logPart{received: map[uuid.UUID]complaints.ReceivedPayload{}, unreplayable: newUnreplayable(l.opts.UnreplayableSamples)}
	perms := newPermReplay(dealer, a, b)
	after := r.after
	for {
		var evs []dealerkit.Event
		err := l.reading(ctx, func(ctx context.Context) (err error) {
			evs, err = read(ctx, dealer, after, eventPage)
			return err
		})
		if err != nil {
			return nil, err
		}
		full := len(evs) == eventPage
		if r.upTo > 0 {
			n := len(evs)
			for n > 0 && evs[n-1].Seq > r.upTo {
				n-- // the next range's
			}
			full = full && n == len(evs)
			evs = evs[:n]
		}
		p.records += len(evs)
		for i := range evs {
			e := &evs[i]
			if e.Type == complaints.EventReceived {
				var rp complaints.ReceivedPayload
				if json.Unmarshal(e.Data, &rp) == nil {
					p.received[e.AggregateID] = rp
				}
			}
			if o, ok := perms.outcome(e); ok {
				p.perm.add(o.Status)
				keep := true
				switch o.Status {
				case Unchanged:
					keep = l.opts.KeepUnchanged
				case NotReplayable:
					p.unreplayable.add(&o)
					keep = l.opts.KeepUnreplayable
				}
				if keep {
					p.kept = append(p.kept, o)
				}
			}
		}
		if len(evs) > 0 {
			p.last = evs[len(evs)-1].At
		}
		if !full || r.upTo > 0 && evs[len(evs)-1].Seq >= r.upTo {
			return p, ctx.Err()
		}
		after = evs[len(evs)-1].Seq
	}
}

// history is what a dealer's replay reads in one goroutine and replays in others.
type history struct {
	// facts are what the appraisal metrics read of every order (appraisal.OrderFacts), in id
	// order.
	facts      []appraisal.OrderFacts
	complaints []*complaints.Complaint
}

// RevisitLister is what a Source's repair orders may offer so a replay need not read every order
// whole: the orders of the vehicles with more than one order, one of them delivered, in id order
// (the only ones a comeback can involve). adapters/sqlstore offers it.
type RevisitLister interface {
	ListRevisits(ctx context.Context, dealer dealerkit.DealerID) ([]*aftersales.RepairOrder, error)
}

// allOrders reads the dealer's repair orders whole, once however many ask: how a store that does
// not offer appraisal.OrderFactSource or RevisitLister is read.
type allOrders struct {
	once sync.Once
	list []*aftersales.RepairOrder
	err  error
}

func (o *allOrders) get(ctx context.Context, l *Lab, dealer dealerkit.DealerID) ([]*aftersales.RepairOrder, error) {
	o.once.Do(func() {
		o.err = l.reading(ctx, func(ctx context.Context) (err error) {
			o.list, err = l.src.RepairOrders().List(ctx, dealer, aftersales.Filter{})
			return err
		})
	})
	return o.list, o.err
}

// listFacts reads every order's appraisal facts, in id order: from the store's
// appraisal.OrderFactSource, else from the orders read whole.
func (l *Lab) listFacts(ctx context.Context, dealer dealerkit.DealerID, all *allOrders) (facts []appraisal.OrderFacts, err error) {
	if src, ok := l.src.RepairOrders().(appraisal.OrderFactSource); ok {
		err = l.reading(ctx, func(ctx context.Context) (err error) {
			facts, err = src.ListOrderFacts(ctx, dealer, aftersales.Filter{})
			return err
		})
		return facts, err
	}
	orders, err := all.get(ctx, l, dealer)
	if err != nil {
		return nil, err
	}
	facts = make([]appraisal.OrderFacts, len(orders))
	for i, o := range orders {
		facts[i] = appraisal.FactsOf(o)
	}
	return facts, nil
}

// listRevisits reads the orders a comeback can involve, whole, in id order: from the store's
// RevisitLister, else picked from the orders read whole.
func (l *Lab) listRevisits(ctx context.Context, dealer dealerkit.DealerID, all *allOrders) (out []*aftersales.RepairOrder, err error) {
	if src, ok := l.src.RepairOrders().(RevisitLister); ok {
		err = l.reading(ctx, func(ctx context.Context) (err error) {
			out, err = src.ListRevisits(ctx, dealer)
			return err
		})
		return out, err
	}
	orders, err := all.get(ctx, l, dealer)
	if err != nil {
		return nil, err
	}
	return revisits(orders), nil
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

// reading runs read, one read of the Source: through Options.Reads when set, under the read
// lock when reads are serialised.
func (l *Lab) reading(ctx context.Context, read func(ctx context.Context) error) error {
	if l.opts.SerialReads {
		l.readMu.Lock()
		defer l.readMu.Unlock()
	}
	if l.opts.Reads != nil {
		return l.opts.Reads(ctx, read)
	}
	return read(ctx)
}
