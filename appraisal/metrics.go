package appraisal

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// MetricValue is one metric of one staff member over one period, with the records behind it
// (§6.2): every figure can be traced to the repair orders, complaints or stocktakes it came from.
type MetricValue struct {
	Metric Metric          `json:"metric"`
	Value  decimal.Decimal `json:"value"`
	// Count is the numerator where there is one: comebacks, complaints, jobs on time, surveys
	// scoring 9–10, first passes. Per-unit outcomes count it.
	Count int `json:"count"`
	// Sample is how many facts were measured: surveys, jobs, inspected orders, orders served,
	// reservation lines, counted lines. A dimension needs Dimension.MinSample of them.
	Sample int `json:"sample"`
	// Records are the ids of the records behind the value, in id order.
	Records []uuid.UUID `json:"records"`
	// ByCategory splits a complaint count by complaint category.
	ByCategory map[string]int `json:"by_category,omitempty"`
	// Note says why a value is missing or how it was attributed.
	Note string `json:"note,omitempty"`
}

// MarshalJSON keeps the value's scale.
func (m MetricValue) MarshalJSON() ([]byte, error) {
	type plain MetricValue
	return json.Marshal(struct {
		plain
		Value dealerkit.ExactDecimal `json:"value"`
	}{plain(m), dealerkit.ExactDecimal(m.Value)})
}

// Notes of metrics that are not measured from the staff member's own records.
const (
	NoteNotRecorded = "not available: the facts it needs were not given"
	NoteStoreLevel  = "store level: the library does not record which clerk served a request"
	NoteNoClock     = "no clocked time on the completed jobs"
)

// Measures are the facts-derived metrics of every staff member of one period, computed in one
// pass over a FactSet (§6.2).
type Measures struct {
	staff                 map[dealerkit.StaffID]*tally
	fill                  MetricValue // store level (§3.4(2))
	noComplaints, noParts bool
}

// tally accumulates one staff member's facts.
type tally struct {
	surveys           []decimal.Decimal
	surveyIDs         ids
	fpNum, fpDen      int
	fpIDs             ids
	jobs              int
	jobIDs            ids
	comebacks         int
	comebackIDs       ids
	standard, clocked decimal.Decimal
	onTime, timed     int
	timedIDs          ids
	served            int
	opened            int // orders opened in the period, as their advisor
	openedSurveyed    int // of which surveyed
	complaints        int
	complaintIDs      ids
	byCategory        map[string]int
	passed, passedCb  int
	passedIDs, pcbIDs ids
	lines             int
	variance          decimal.Decimal
	stocktakeIDs      ids
}

type ids map[uuid.UUID]struct{}

func (s *ids) add(id uuid.UUID) {
	if *s == nil {
		*s = ids{}
	}
	(*s)[id] = struct{}{}
}

func (s ids) sorted() []uuid.UUID {
	out := make([]uuid.UUID, 0, len(s))
	for id := range s {
		out = append(out, id)
	}
	slices.SortFunc(out, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	return out
}

func (m *Measures) of(s dealerkit.StaffID) *tally {
	t := m.staff[s]
	if t == nil {
		t = &tally{standard: decimal.Zero, clocked: decimal.Zero, variance: decimal.Zero}
		m.staff[s] = t
	}
	return t
}

// Measure computes every staff member's metrics from fs in one pass. surveyItem and counted are
// the policy's Policy.SurveyItem and Policy.CountedRootCauses.
func Measure(fs *FactSet, surveyItem string, counted []string) *Measures {
	m := &Measures{staff: map[dealerkit.StaffID]*tally{}, noComplaints: fs.NoComplaints, noParts: fs.NoParts}
	from, to := fs.From, fs.To
	facts := fs.facts()
	byID := make(map[uuid.UUID]*OrderFacts, len(facts))
	for i := range facts {
		byID[facts[i].ID] = &facts[i]
	}
	for i := range facts {
		o := &facts[i]
		advisor := o.OpenedBy
		if inPeriod(o.OpenedAt, from, to) && !advisor.IsZero() {
			a := m.of(advisor)
			a.served++
			a.opened++
			if o.Survey != nil {
				a.openedSurveyed++
			}
		}
		lines := o.Lines
		// Jobs completed in the period (§4.2.2, §4.3.1): the completing technician earns the
		// standard hours; each technician's clocked time counts against their own efficiency,
		// as aftersales.ComputeKPIs reckons it.
		var servedBy []dealerkit.StaffID
		for _, l := range lines {
			if l.Job == nil || !l.Job.Done() || !inPeriod(l.Job.CompletedAt, from, to) {
				continue
			}
			tech := l.Job.Technician
			t := m.of(tech)
			t.jobs++
			t.jobIDs.add(o.ID)
			t.standard = t.standard.Add(l.Quantity)
			onTime := !l.Job.CompletedAt.After(l.Job.PromisedAt)
			t.timed++
			t.timedIDs.add(o.ID)
			if onTime {
				t.onTime++
			}
			if !advisor.IsZero() && advisor != tech {
				a := m.of(advisor)
				a.timed++
				a.timedIDs.add(o.ID)
				if onTime {
					a.onTime++
				}
			}
			for who, secs := range clockedSeconds(o.Clock, l.ID) {
				w := m.of(who)
				w.clocked = w.clocked.Add(hours(secs))
			}
			if !slices.Contains(servedBy, tech) {
				servedBy = append(servedBy, tech)
				t.served++
			}
		}
		// The follow-up survey (§4.5.4) counts for the advisor who opened the order and the
		// technicians who completed its jobs.
		done := doneBy(lines)
		ins := o.Inspections
		if sv := o.Survey; sv != nil && inPeriod(sv.At, from, to) {
			score, ok := surveyScore(sv.Scores, surveyItem)
			if ok {
				for _, who := range append([]dealerkit.StaffID{advisor}, done...) {
					if who.IsZero() {
						continue
					}
					t := m.of(who)
					if t.surveyIDs != nil {
						if _, dup := t.surveyIDs[o.ID]; dup {
							continue
						}
					}
					t.surveys = append(t.surveys, score)
					t.surveyIDs.add(o.ID)
				}
			}
		}
		// The first quality inspection (§4.4.1) passes a technician's work unless it failed and
		// sent one of their lines back.
		if len(ins) > 0 && inPeriod(ins[0].At, from, to) {
			first := ins[0]
			for _, tech := range done {
				t := m.of(tech)
				t.fpDen++
				t.fpIDs.add(o.ID)
				if first.Passed || !sentBack(first, lines, tech) {
					t.fpNum++
				}
			}
		}
		for _, in := range ins {
			if in.Passed && inPeriod(in.At, from, to) && !in.Inspector.Staff.IsZero() {
				t := m.of(in.Inspector.Staff)
				t.passed++
				t.passedIDs.add(o.ID)
			}
		}
		// A comeback arriving in the period (§3.3(4)) counts against the technicians of the
		// original order's jobs and the inspector who passed it.
		if orig := o.ComebackOf; orig != (uuid.UUID{}) && inPeriod(o.OpenedAt, from, to) {
			x := byID[orig]
			if x == nil {
				if full := fs.Originals[orig]; full != nil {
					f := FactsOf(full)
					x = &f
				}
			}
			if x != nil {
				for _, tech := range doneBy(x.Lines) {
					t := m.of(tech)
					t.comebacks++
					t.comebackIDs.add(o.ID)
				}
				if in, ok := x.lastPassed(); ok && !in.Inspector.Staff.IsZero() {
					t := m.of(in.Inspector.Staff)
					t.passedCb++
					t.pcbIDs.add(o.ID)
				}
			}
		}
	}
	// Complaints count against the staff they name once the investigation found a cause the
	// policy counts (§5.3, §6.2), never at intake.
	for _, c := range fs.Complaints {
		if !inPeriod(c.ReceivedAt(), from, to) || !slices.Contains(counted, c.RootCause()) {
			continue
		}
		seen := map[dealerkit.StaffID]bool{}
		for _, in := range c.Staff() {
			if seen[in.Staff] {
				continue
			}
			seen[in.Staff] = true
			t := m.of(in.Staff)
			t.complaints++
			t.complaintIDs.add(c.ID())
			if t.byCategory == nil {
				t.byCategory = map[string]int{}
			}
			t.byCategory[c.Category().String()]++
		}
	}
	// Stocktake variances (§3.4(4)) count against whoever made the line's last count.
	for _, st := range fs.Stocktakes {
		for _, l := range st.Lines() {
			c, ok := l.Last()
			if !ok || c.By.Staff.IsZero() {
				continue
			}
			t := m.of(c.By.Staff)
			t.lines++
			t.variance = t.variance.Add(c.VarianceValue.Abs())
			t.stocktakeIDs.add(st.ID())
		}
	}
	// The store's first-time fill rate (§3.4(2)).
	var fillIDs ids
	filled := 0
	for _, r := range fs.Reservations {
		if !inPeriod(r.CreatedAt(), from, to) {
			continue
		}
		fillIDs.add(r.ID())
		if r.FilledAtRequest().GreaterThanOrEqual(r.Requested()) {
			filled++
		}
	}
	m.fill = MetricValue{Metric: MetricFillRate, Value: percent(filled, len(fillIDs)), Count: filled, Sample: len(fillIDs),
		Records: fillIDs.sorted(), Note: NoteStoreLevel}
	if fs.NoParts {
		m.fill = MetricValue{Metric: MetricFillRate, Value: decimal.Zero, Records: []uuid.UUID{}, Note: NoteNotRecorded}
	}
	return m
}

// Value returns staff's value of metric. A manual metric has no value here (Sample 0): the
// manager rates it in review.
func (m *Measures) Value(staff dealerkit.StaffID, metric Metric) MetricValue {
	t := m.staff[staff]
	if t == nil {
		t = &tally{standard: decimal.Zero, clocked: decimal.Zero, variance: decimal.Zero}
	}
	v := MetricValue{Metric: metric, Value: decimal.Zero, Records: []uuid.UUID{}}
	switch metric {
	case MetricSurveyMean:
		sum := decimal.Zero
		for _, s := range t.surveys {
			sum = sum.Add(s)
		}
		v.Sample, v.Records = len(t.surveys), t.surveyIDs.sorted()
		if v.Sample > 0 {
			v.Value = sum.DivRound(decimal.NewFromInt(int64(v.Sample)), 2)
		}
	case MetricSurveyNet:
		promoters, detractors := 0, 0
		for _, s := range t.surveys {
			switch {
			case s.GreaterThanOrEqual(decimal.NewFromInt(9)):
				promoters++
			case s.LessThanOrEqual(decimal.NewFromInt(6)):
				detractors++
			}
		}
		v.Sample, v.Count, v.Records = len(t.surveys), promoters, t.surveyIDs.sorted()
		if v.Sample > 0 {
			v.Value = decimal.NewFromInt(int64(100*(promoters-detractors))).DivRound(decimal.NewFromInt(int64(v.Sample)), 2)
		}
	case MetricFirstPass:
		v.Value, v.Count, v.Sample, v.Records = percent(t.fpNum, t.fpDen), t.fpNum, t.fpDen, t.fpIDs.sorted()
	case MetricComebackRate:
		v.Value, v.Count, v.Sample = percent(t.comebacks, t.jobs), t.comebacks, t.jobs
		v.Records = merge(t.comebackIDs, t.jobIDs)
	case MetricEfficiency:
		v.Sample, v.Records = t.jobs, t.jobIDs.sorted()
		if t.clocked.IsPositive() {
			v.Value = t.standard.Mul(hundred).DivRound(t.clocked, 2)
		} else if t.jobs > 0 {
			v.Sample, v.Note = 0, NoteNoClock
		}
	case MetricOnTime:
		v.Value, v.Count, v.Sample, v.Records = percent(t.onTime, t.timed), t.onTime, t.timed, t.timedIDs.sorted()
	case MetricComplaints:
		v.Value, v.Count, v.Sample, v.Records = decimal.NewFromInt(int64(t.complaints)), t.complaints, t.served, t.complaintIDs.sorted()
		for k, n := range t.byCategory {
			if v.ByCategory == nil {
				v.ByCategory = map[string]int{}
			}
			v.ByCategory[k] = n
		}
		if m.noComplaints {
			v.Sample, v.Note = 0, NoteNotRecorded
		}
	case MetricFillRate:
		v = m.fill
		v.Records = slices.Clone(v.Records)
	case MetricStocktakeVariance:
		v.Value, v.Sample, v.Records = t.variance, t.lines, t.stocktakeIDs.sorted()
		if m.noParts {
			v.Sample, v.Note = 0, NoteNotRecorded
		}
	case MetricPassedComebacks:
		v.Value, v.Count, v.Sample = percent(t.passedCb, t.passed), t.passedCb, t.passed
		v.Records = merge(t.pcbIDs, t.passedIDs)
	}
	return v
}

// merge is the sorted union of two id sets.
func merge(a, b ids) []uuid.UUID {
	var all ids
	for id := range a {
		all.add(id)
	}
	for id := range b {
		all.add(id)
	}
	return all.sorted()
}

// percent is num/den × 100 to 2 places, half up; zero when den is.
func percent(num, den int) decimal.Decimal {
	if den == 0 {
		return decimal.Zero
	}
	return decimal.NewFromInt(int64(100*num)).DivRound(decimal.NewFromInt(int64(den)), 2)
}

// surveyScore is the survey's score: the policy's item if the survey has it, else the mean of the
// items to 2 places.
func surveyScore(scores map[string]int, item string) (decimal.Decimal, bool) {
	if item != "" {
		if s, ok := scores[item]; ok {
			return decimal.NewFromInt(int64(s)), true
		}
	}
	if len(scores) == 0 {
		return decimal.Zero, false
	}
	sum := 0
	for _, s := range scores {
		sum += s
	}
	return decimal.NewFromInt(int64(sum)).DivRound(decimal.NewFromInt(int64(len(scores))), 2), true
}

// doneBy lists the technicians who completed a job of the order, in first-seen order.
func doneBy(lines []LineFacts) []dealerkit.StaffID {
	var out []dealerkit.StaffID
	for _, l := range lines {
		if l.Job != nil && l.Job.Done() && !slices.Contains(out, l.Job.Technician) {
			out = append(out, l.Job.Technician)
		}
	}
	return out
}

// sentBack reports whether a failed inspection sent back a line whose job tech completed.
func sentBack(in aftersales.Inspection, lines []LineFacts, tech dealerkit.StaffID) bool {
	for _, l := range lines {
		if l.Job != nil && l.Job.Technician == tech && slices.Contains(in.Rework, l.ID) {
			return true
		}
	}
	return false
}

// clockedSeconds splits the closed clock time on a line by technician (§4.3.1).
func clockedSeconds(clock []aftersales.ClockEntry, line uuid.UUID) map[dealerkit.StaffID]int64 {
	out := map[dealerkit.StaffID]int64{}
	for _, c := range clock {
		if c.Line == line && !c.Running() {
			out[c.Technician] += int64(c.Off.Sub(c.On) / time.Second)
		}
	}
	return out
}

// hours is seconds in hours to 4 places, as aftersales reckons clocked hours.
func hours(secs int64) decimal.Decimal {
	return decimal.NewFromInt(secs).DivRound(decimal.NewFromInt(3600), 4)
}
