package policylab

import (
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

// Report is a replay's result: every outcome, the totals per kind, and the figures the charts draw.
type Report struct {
	A        string               `json:"a"`
	B        string               `json:"b"`
	Dealers  []dealerkit.DealerID `json:"dealers"`
	Records  int                  `json:"records"` // records read
	Outcomes []Outcome            `json:"outcomes"`
	Totals   map[Kind]Totals      `json:"totals"`
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

func status(a, b string) Status {
	if a == b {
		return Unchanged
	}
	return Changed
}

func money(d decimal.Decimal) string { return d.StringFixed(2) }
