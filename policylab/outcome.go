package policylab

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Status is how one recomputed outcome compares under the two policies.
type Status string

// Statuses.
const (
	Unchanged Status = "unchanged"
	Changed   Status = "changed"
	// NotReplayable: a fact one side needs was never recorded, so nothing is invented for it.
	NotReplayable Status = "not_replayable"
)

// Kind is what an outcome is about.
type Kind string

// Kinds of outcome, one per rule replayed.
const (
	KindDeadline   Kind = "complaint.deadline"    // §5.2-§5.4: a step's due instant and whether it was met
	KindEscalation Kind = "complaint.escalations" // §5: the escalations a complaint's misses cause
	KindComeback   Kind = "repair_order.comeback" // §4.5: whether a return is a comeback, and of which order
	KindAppraisal  Kind = "appraisal.result"      // §6.1-§6.4: score, grade, reward and penalty of a person
	KindStockValue Kind = "parts.stock_value"     // §3.4: a part's stock value at the end of the history
	KindIssueCost  Kind = "parts.issue_cost"      // §3.4: the cost of a part's issues over the history
	KindPermission Kind = "permission"            // §3: whether a recorded action is allowed
)

// Kinds lists every kind in report order.
func Kinds() []Kind {
	return []Kind{KindDeadline, KindEscalation, KindComeback, KindAppraisal, KindStockValue, KindIssueCost, KindPermission}
}

// Outcome is one rule's result for one record under A and under B.
type Outcome struct {
	Kind   Kind               `json:"kind"`
	Dealer dealerkit.DealerID `json:"dealer"`
	// Record is the record a reviewer opens: the complaint, repair order, staff member, part or
	// the event's aggregate; RecordKind names its kind and Ref a human reference (a number, a step).
	Record     uuid.UUID `json:"record"`
	RecordKind string    `json:"record_kind"`
	Ref        string    `json:"ref,omitempty"`
	Seq        int64     `json:"seq,omitempty"` // the event, for permissions
	A          string    `json:"a"`
	B          string    `json:"b"`
	Status     Status    `json:"status"`
	Reason     string    `json:"reason,omitempty"` // why it is not replayable
	At         time.Time `json:"at"`               // when the outcome happened, for the charts
	// Deadline outcomes: each side's due instant and whether the step missed it (an escalation).
	DueA    time.Time `json:"due_a,omitzero"`
	DueB    time.Time `json:"due_b,omitzero"`
	MissedA bool      `json:"missed_a,omitempty"`
	MissedB bool      `json:"missed_b,omitempty"`
}

// Totals count a kind's outcomes by status.
type Totals struct {
	Unchanged     int `json:"unchanged"`
	Changed       int `json:"changed"`
	NotReplayable int `json:"not_replayable"`
}

func (t *Totals) add(s Status) {
	switch s {
	case Unchanged:
		t.Unchanged++
	case Changed:
		t.Changed++
	default:
		t.NotReplayable++
	}
}

// WeekCount is a week's escalations under each side (weeks start Monday 00:00 UTC).
type WeekCount struct {
	Week time.Time `json:"week"`
	A    int       `json:"a"`
	B    int       `json:"b"`
}

// GradeShift counts the people whose grade went from A to B (equal when it held).
type GradeShift struct {
	A     string `json:"a"`
	B     string `json:"b"`
	Count int    `json:"count"`
}

// Report is a replay's result: the outcomes kept (every changed one; unchanged and not
// replayable ones as Options ask), the not replayable ones in groups, the totals per kind over
// every outcome, and the figures the charts draw.
type Report struct {
	A        string               `json:"a"`
	B        string               `json:"b"`
	Dealers  []dealerkit.DealerID `json:"dealers"`
	Records  int                  `json:"records"` // records read
	Outcomes []Outcome            `json:"outcomes"`
	Totals   map[Kind]Totals      `json:"totals"`
	// Unreplayable groups every not replayable outcome by kind, reference and reason, with its
	// count and its first records; the counts of a kind add up to its Totals.NotReplayable.
	Unreplayable []UnreplayableGroup `json:"unreplayable"`
	// Escalations per week, grade shifts, and the reward and penalty cost of each side.
	Escalations []WeekCount    `json:"escalations"`
	Grades      []GradeShift   `json:"grades"`
	CostA       appraisal.Cost `json:"cost_a"`
	CostB       appraisal.Cost `json:"cost_b"`
}

// Changes returns the outcomes that changed, in report order.
func (r *Report) Changes() []Outcome {
	var out []Outcome
	for _, o := range r.Outcomes {
		if o.Status == Changed {
			out = append(out, o)
		}
	}
	return out
}

// DefaultUnreplayableSamples is how many records a group of not replayable outcomes keeps as
// samples when Options.UnreplayableSamples is 0.
const DefaultUnreplayableSamples = 20

// UnreplayableGroup is the not replayable outcomes of one kind that share a reference and a
// reason: how many there were and the first of them (Options.UnreplayableSamples), so that a
// reviewer can open a few records behind a reason that millions of events share.
//
// Ref is the outcome's reference where it names what was replayed (a permission's event type, an
// escalation's category and severity, a part's figure), and its general part where the outcome's
// names one record: a deadline's step and round without the instant its clock started, an
// appraisal's role and period without the appraisal's id (the sample's At and Record tell them).
// A reason that names a record (a part's broken posting) makes a group of its own.
type UnreplayableGroup struct {
	Kind   Kind   `json:"kind"`
	Ref    string `json:"ref"`
	Reason string `json:"reason"`
	Count  int    `json:"count"`
	// Samples are the group's first records: in each dealer's replay order (the order of its
	// outcomes in Report.Outcomes), dealers in the report's order.
	Samples []UnreplayableSample `json:"samples"`
}

// UnreplayableSample is one record behind a group of not replayable outcomes.
type UnreplayableSample struct {
	Dealer     dealerkit.DealerID `json:"dealer"`
	Record     uuid.UUID          `json:"record"`
	RecordKind string             `json:"record_kind"`
	Seq        int64              `json:"seq,omitempty"` // the event, for permissions
	At         time.Time          `json:"at"`
}

// groupRef is the reference o's group is known by (see UnreplayableGroup): a deadline's without
// the instant its clock started, an appraisal's without the appraisal's id.
func groupRef(o *Outcome) string {
	switch o.Kind {
	case KindDeadline:
		ref, _, _ := strings.Cut(o.Ref, ", clock from ")
		return ref
	case KindAppraisal:
		ref, _, _ := strings.Cut(o.Ref, " (appraisal ")
		return ref
	}
	return o.Ref
}

type groupKey struct {
	kind        Kind
	ref, reason string
}

// unreplayable groups not replayable outcomes as they come, keeping the first samples of each
// group: its memory grows with the number of groups, not of outcomes.
type unreplayable struct {
	samples int
	index   map[groupKey]int
	groups  []UnreplayableGroup
}

func newUnreplayable(samples int) *unreplayable {
	return &unreplayable{samples: samples, index: map[groupKey]int{}}
}

func (u *unreplayable) group(k groupKey) *UnreplayableGroup {
	i, ok := u.index[k]
	if !ok {
		i = len(u.groups)
		u.index[k] = i
		u.groups = append(u.groups, UnreplayableGroup{Kind: k.kind, Ref: k.ref, Reason: k.reason})
	}
	return &u.groups[i]
}

// add counts o, a not replayable outcome, in its group, and keeps it as a sample while the
// group has fewer than the samples asked.
func (u *unreplayable) add(o *Outcome) {
	g := u.group(groupKey{o.Kind, groupRef(o), o.Reason})
	g.Count++
	if len(g.Samples) < u.samples {
		g.Samples = append(g.Samples, UnreplayableSample{Dealer: o.Dealer, Record: o.Record, RecordKind: o.RecordKind, Seq: o.Seq, At: o.At})
	}
}

// merge adds v's groups after u's: their counts, and their samples after u's while there is room.
func (u *unreplayable) merge(v *unreplayable) {
	for _, x := range v.groups {
		g := u.group(groupKey{x.Kind, x.Ref, x.Reason})
		g.Count += x.Count
		if room := u.samples - len(g.Samples); room > 0 {
			g.Samples = append(g.Samples, x.Samples[:min(room, len(x.Samples))]...)
		}
	}
}

// sorted is the groups in report order: by kind in Kinds order, then reference, then reason.
func (u *unreplayable) sorted() []UnreplayableGroup {
	order := map[Kind]int{}
	for i, k := range Kinds() {
		order[k] = i
	}
	out := slices.Clone(u.groups)
	if out == nil {
		out = []UnreplayableGroup{}
	}
	slices.SortFunc(out, func(x, y UnreplayableGroup) int {
		return cmp.Or(cmp.Compare(order[x.Kind], order[y.Kind]), cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Ref, y.Ref),
			cmp.Compare(x.Reason, y.Reason))
	})
	for i := range out {
		if out[i].Samples == nil {
			out[i].Samples = []UnreplayableSample{}
		}
	}
	return out
}

func status(a, b string) Status {
	if a == b {
		return Unchanged
	}
	return Changed
}

func money(d decimal.Decimal) string { return d.StringFixed(2) }
