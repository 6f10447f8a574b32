package complaints

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/shopspring/decimal"
)

// Labels Analysis uses for missing values.
const (
	Unclassified = "unclassified" // no root cause yet
	UnknownModel = "unknown"      // no vehicle model on the complaint
)

// Analysis is the periodic summary of §5.5 over the complaints received in [From, To). Rates are
// aftersales.Rate values (Num / Den, not Measured when there is nothing to measure).
type Analysis struct {
	From       time.Time        `json:"from"`
	To         time.Time        `json:"to"`
	Complaints int              `json:"complaints"`
	Open       int              `json:"open"` // not closed at the time of the analysis
	ByChannel  map[Channel]int  `json:"by_channel"`
	ByCategory map[Category]int `json:"by_category"`
	BySeverity map[Severity]int `json:"by_severity"`
	// ByRootCause counts root causes; complaints without one count under Unclassified.
	ByRootCause map[string]int `json:"by_root_cause"`
	// ByStaff counts the complaints naming each staff member (a complaint counts once per person).
	ByStaff map[dealerkit.StaffID]int `json:"by_staff"`
	// ByModel counts vehicle models; complaints without one count under UnknownModel.
	ByModel map[string]int `json:"by_model"`
	// ByLevel counts complaints by the level they are escalated to now.
	ByLevel map[Level]int `json:"by_level"`
	// Pareto ranks the classified root causes, most frequent first, with each one's share and the
	// cumulative share; Vital marks the few that make up the first 80%.
	Pareto []ParetoEntry `json:"pareto"`
	// Compliance is deadline compliance per step, in Steps() order.
	Compliance []Compliance `json:"compliance"`
	// StepTimes is the mean elapsed time of each step of the flow, in flow order.
	StepTimes []StepTime `json:"step_times"`
	// Repeats are complaints that repeat an earlier one of the same customer or vehicle;
	// Reopened are complaints reopened at least once; Comebacks are complaints whose repair order
	// was a comeback in aftersales. Each is over all complaints of the period.
	Repeats   aftersales.Rate `json:"repeats"`
	Reopened  aftersales.Rate `json:"reopened"`
	Comebacks aftersales.Rate `json:"comebacks"`
}

// ParetoEntry is one root cause in the Pareto ranking.
type ParetoEntry struct {
	RootCause  string          `json:"root_cause"`
	Count      int             `json:"count"`
	Share      decimal.Decimal `json:"share"`      // of the classified complaints, to 4 places
	Cumulative decimal.Decimal `json:"cumulative"` // running total of Share, to 4 places
	Vital      bool            `json:"vital"`      // among the causes that make up the first 80%
}

// Compliance counts one step's deadlines: met on time, missed (whether done late or not done),
// still running, and superseded by a reopening. Rate is on time over on time plus missed.
type Compliance struct {
	Step       Step            `json:"step"`
	OnTime     int             `json:"on_time"`
	Missed     int             `json:"missed"`
	Pending    int             `json:"pending"`
	Superseded int             `json:"superseded"`
	Rate       aftersales.Rate `json:"rate"`
}

// StepTime is the mean time a step took: from reaching the previous state of the flow (receipt for
// the first) to first reaching To, over the N complaints that reached it.
type StepTime struct {
	To   State    `json:"to"`
	N    int      `json:"n"`
	Mean Duration `json:"mean"`
}

// flow is the order of the states StepTimes measures.
var flow = []State{StateAcknowledged, StateReported, StateInvestigating, StateSolutionProposed,
	StateAccepted, StateResolved, StateVerified, StateClosed}

// Analyze summarises the complaints received in [from, to) (§5.5); a zero bound does not limit.
// It reads only recorded facts, so the same complaints always give the same figures.
func Analyze(complaints []*Complaint, from, to time.Time) Analysis {
	a := Analysis{From: from, To: to, ByChannel: map[Channel]int{}, ByCategory: map[Category]int{},
		BySeverity: map[Severity]int{}, ByRootCause: map[string]int{}, ByStaff: map[dealerkit.StaffID]int{},
		ByModel: map[string]int{}, ByLevel: map[Level]int{}}
	compliance := map[Step]*Compliance{}
	for _, st := range Steps() {
		compliance[st] = &Compliance{Step: st}
	}
	sums := make([]time.Duration, len(flow))
	counts := make([]int, len(flow))
	for _, c := range complaints {
		if (!from.IsZero() && c.receivedAt.Before(from)) || (!to.IsZero() && !c.receivedAt.Before(to)) {
			continue
		}
		a.Complaints++
		if c.Open() {
			a.Open++
		}
		a.ByChannel[c.channel]++
		a.ByCategory[c.category]++
		a.BySeverity[c.severity]++
		a.ByLevel[c.level]++
		cause := c.rootCause
		if cause == "" {
			cause = Unclassified
		}
		a.ByRootCause[cause]++
		model := strings.TrimSpace(c.model)
		if model == "" {
			model = UnknownModel
		}
		a.ByModel[model]++
		seen := map[dealerkit.StaffID]bool{}
		for _, s := range c.staff {
			if !seen[s.Staff] {
				seen[s.Staff] = true
				a.ByStaff[s.Staff]++
			}
		}
		for _, d := range c.deadlines {
			k := compliance[d.Step]
			switch {
			case d.Superseded:
				k.Superseded++
			case d.Missed:
				k.Missed++
			case !d.MetAt.IsZero():
				k.OnTime++
			default:
				k.Pending++
			}
		}
		first := map[State]time.Time{}
		for _, e := range c.history {
			if _, ok := first[e.To]; !ok {
				first[e.To] = e.At
			}
		}
		prev := c.receivedAt
		for i, st := range flow {
			at, ok := first[st]
			if !ok {
				break
			}
			sums[i] += at.Sub(prev)
			counts[i]++
			prev = at
		}
		a.Repeats.Den++
		a.Reopened.Den++
		a.Comebacks.Den++
		if c.IsRepeat() {
			a.Repeats.Num++
		}
		if c.reopens > 0 {
			a.Reopened.Num++
		}
		if c.comeback {
			a.Comebacks.Num++
		}
	}
	for _, st := range Steps() {
		k := compliance[st]
		k.Rate = aftersales.Rate{Num: k.OnTime, Den: k.OnTime + k.Missed}
		a.Compliance = append(a.Compliance, *k)
	}
	for i, st := range flow {
		t := StepTime{To: st, N: counts[i]}
		if counts[i] > 0 {
			t.Mean = Duration(sums[i] / time.Duration(counts[i]))
		}
		a.StepTimes = append(a.StepTimes, t)
	}
	a.Pareto = pareto(a.ByRootCause)
	return a
}

func pareto(byCause map[string]int) []ParetoEntry {
	total := 0
	var out []ParetoEntry
	for cause, n := range byCause {
		if cause == Unclassified {
			continue
		}
		total += n
		out = append(out, ParetoEntry{RootCause: cause, Count: n})
	}
	slices.SortFunc(out, func(a, b ParetoEntry) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.RootCause, b.RootCause)
	})
	running := 0
	eighty := decimal.RequireFromString("0.8")
	for i := range out {
		prevShare := decimal.NewFromInt(int64(running)).DivRound(decimal.NewFromInt(int64(total)), 4)
		running += out[i].Count
		out[i].Share = decimal.NewFromInt(int64(out[i].Count)).DivRound(decimal.NewFromInt(int64(total)), 4)
		out[i].Cumulative = decimal.NewFromInt(int64(running)).DivRound(decimal.NewFromInt(int64(total)), 4)
		out[i].Vital = prevShare.LessThan(eighty) // §5.5: the vital few
	}
	return out
}

// Analyze loads the complaints received in [from, to) and summarises them (§5.5). It needs
// dealerkit.ActionViewComplaint; the analysis holds no contact details.
func (s *Service) Analyze(ctx context.Context, actor dealerkit.Actor, from, to time.Time) (Analysis, error) {
	if err := s.authorize(actor, dealerkit.ActionViewComplaint, s.src.Time()); err != nil {
		return Analysis{}, err
	}
	var all []*Complaint
	f := Filter{ReceivedFrom: from, ReceivedBefore: to, Limit: s.batch}
	for {
		page, err := s.repo.List(ctx, actor.Dealer(), f)
		if err != nil {
			return Analysis{}, err
		}
		all = append(all, page...)
		if len(page) < s.batch {
			break
		}
		f.After = page[len(page)-1].id
	}
	return Analyze(all, from, to), nil
}

// compile-time check that the aftersales repository serves as Orders.
var _ Orders = aftersales.Repository(nil)
