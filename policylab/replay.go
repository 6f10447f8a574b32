package policylab

import (
	"bytes"
	"cmp"
	"context"
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

// dealerResult is one dealer's replay.
type dealerResult struct {
	outcomes []Outcome
	totals   map[Kind]Totals
	weeks    []WeekCount
	records  int
	grades   map[[2]string]int
	costA    appraisal.Cost
	costB    appraisal.Cost
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
	results := make([]dealerResult, len(dealers))
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
			if err == nil {
				r.summarise(l.opts.KeepUnchanged)
			}
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
			x := weeks[w.Week]
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

// summarise counts the dealer's outcomes and escalations per week, then drops the unchanged
// outcomes unless they are to be kept.
func (r *dealerResult) summarise(keepUnchanged bool) {
	r.totals = map[Kind]Totals{}
	for _, o := range r.outcomes {
		t := r.totals[o.Kind]
		t.add(o.Status)
		r.totals[o.Kind] = t
	}
	r.weeks = escalationWeeks(r.outcomes)
	if keepUnchanged {
		return
	}
	// A fresh slice: filtering in place would keep the whole backing array, and with it every
	// dropped outcome's strings, alive for the rest of the replay.
	var kept []Outcome
	for _, o := range r.outcomes {
		if o.Status != Unchanged {
			kept = append(kept, o)
		}
	}
	r.outcomes = kept
}

// replayDealer reads one dealer's history and replays every package's rules on it.
func (l *Lab) replayDealer(ctx context.Context, dealer dealerkit.DealerID, a, b Policy) (dealerResult, error) {
	var res dealerResult
	unlock := l.lockReads()
	h, err := l.read(ctx, dealer)
	unlock()
	if err != nil {
		return res, err
	}
	events, orders, cs, moves := h.events, h.orders, h.complaints, h.moves
	res.records = h.records
	asOf := l.opts.AsOf
	if asOf.IsZero() && len(events) > 0 {
		asOf = events[len(events)-1].At
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	out, err := replayComplaints(dealer, cs, events, asOf, a, b)
	if err != nil {
		return res, err
	}
	res.outcomes = append(res.outcomes, out...)
	if out, err = replayComebacks(dealer, orders, a, b); err != nil {
		return res, err
	}
	res.outcomes = append(res.outcomes, out...)
	ap, err := l.replayAppraisals(ctx, dealer, h, a, b)
	if err != nil {
		return res, err
	}
	res.records += ap.records
	res.outcomes = append(res.outcomes, ap.outcomes...)
	res.grades, res.costA, res.costB = ap.grades, ap.costA, ap.costB
	if out, err = replayParts(dealer, moves, a, b); err != nil {
		return res, err
	}
	res.outcomes = append(res.outcomes, out...)
	res.outcomes = append(res.outcomes, replayPermissions(dealer, events, a, b)...)
	return res, ctx.Err()
}

// history is what a dealer's replay reads up front.
type history struct {
	events     []dealerkit.Event
	orders     []*aftersales.RepairOrder
	complaints []*complaints.Complaint
	moves      []parts.Movement
	records    int
}

// lockReads takes the read lock when reads are serialised and returns its release.
func (l *Lab) lockReads() func() {
	if !l.opts.SerialReads {
		return func() {}
	}
	l.readMu.Lock()
	return l.readMu.Unlock
}

// read loads the dealer's event log, repair orders, complaints and stock ledger.
func (l *Lab) read(ctx context.Context, dealer dealerkit.DealerID) (history, error) {
	var h history
	var err error
	if h.events, err = readEvents(ctx, l.src, dealer); err != nil {
		return h, err
	}
	if h.orders, err = l.src.RepairOrders().List(ctx, dealer, aftersales.Filter{}); err != nil {
		return h, err
	}
	if h.complaints, err = l.src.Complaints().List(ctx, dealer, complaints.Filter{}); err != nil {
		return h, err
	}
	if h.moves, err = l.src.Parts().ListMovements(ctx, dealer, parts.MovementFilter{}); err != nil {
		return h, err
	}
	h.records = len(h.events) + len(h.orders) + len(h.complaints) + len(h.moves)
	return h, nil
}

// readEvents reads the dealer's whole log in pages.
func readEvents(ctx context.Context, src dealerkit.EventReader, dealer dealerkit.DealerID) ([]dealerkit.Event, error) {
	const page = 1000
	var out []dealerkit.Event
	var after int64
	for {
		evs, err := src.Events(ctx, dealer, after, page)
		if err != nil {
			return nil, err
		}
		out = append(out, evs...)
		if len(evs) < page {
			return out, nil
		}
		after = evs[len(evs)-1].Seq
	}
}

// escalationWeeks counts the escalations of each side per week, from the deadline outcomes: a
// missed deadline escalates the complaint one level (§5), at the instant it ran out.
func escalationWeeks(os []Outcome) []WeekCount {
	weeks := map[time.Time]*WeekCount{}
	get := func(t time.Time) *WeekCount {
		t = t.UTC()
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		wk := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		if weeks[wk] == nil {
			weeks[wk] = &WeekCount{Week: wk}
		}
		return weeks[wk]
	}
	for _, o := range os {
		if o.Kind != KindDeadline || o.Status == NotReplayable {
			continue
		}
		if o.MissedA {
			get(o.DueA).A++
		}
		if o.MissedB {
			get(o.DueB).B++
		}
	}
	out := make([]WeekCount, 0, len(weeks))
	for _, w := range weeks {
		out = append(out, *w)
	}
	slices.SortFunc(out, func(x, y WeekCount) int { return x.Week.Compare(y.Week) })
	return out
}

func sortOutcomes(os []Outcome) {
	slices.SortStableFunc(os, func(x, y Outcome) int {
		return cmp.Or(x.At.Compare(y.At), bytes.Compare(x.Record[:], y.Record[:]), cmp.Compare(x.Ref, y.Ref))
	})
}
