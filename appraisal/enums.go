package appraisal

import (
	"github.com/dealerkit/dealerkit/internal/enum"
)

// Metric is a measure computed from recorded facts for one staff member and one period (§6.2).
// The set is closed: a scheme naming any other metric is refused.
type Metric uint8

// The metrics of §6.2. Rates and shares are percentages (0..100) to 2 places.
const (
	// MetricSurveyMean is the mean follow-up survey score (0..10) of the orders the staff member
	// served (§4.5.4, §6.2 customer satisfaction).
	MetricSurveyMean Metric = iota + 1
	// MetricSurveyNet is the share of surveys scoring 9–10 minus the share scoring 0–6, in
	// percentage points (−100..100) (§6.2 customer satisfaction).
	MetricSurveyNet
	// MetricFirstPass is the share of the technician's inspected orders whose first quality
	// inspection passed their work (§4.4.1, §6.2 repair quality).
	MetricFirstPass
	// MetricComebackRate is comebacks of the technician's jobs per 100 jobs completed (§6.2 repair
	// quality); lower is better.
	MetricComebackRate
	// MetricEfficiency is standard hours over clocked hours of completed jobs, as a percentage
	// (§4.3.1, §6.2 work efficiency).
	MetricEfficiency
	// MetricOnTime is the share of jobs completed by their promised time (§4.2.2, §6.2 work
	// efficiency).
	MetricOnTime
	// MetricComplaints is the number of complaints naming the staff member whose investigation
	// found a cause the policy counts against staff (§5.3, §6.2 service attitude); lower is better.
	MetricComplaints
	// MetricManagerRating is the manager's rating (0..100) with a written reason (§3.1(3), §6.2
	// service attitude). It is set in review, never computed.
	MetricManagerRating
	// MetricFillRate is the parts store's first-time fill rate of the period (§3.4(2)).
	MetricFillRate
	// MetricStocktakeVariance is the value of the stocktake variances on the lines the clerk
	// counted, in absolute terms (§3.4(4)); lower is better.
	MetricStocktakeVariance
	// MetricPassedComebacks is comebacks per 100 orders the inspector passed (§4.4.1); lower is
	// better.
	MetricPassedComebacks
)

var metricEnum = enum.New[Metric]("appraisal.metric", "metric", "survey_mean", "survey_net", "first_pass",
	"comeback_rate", "efficiency", "on_time", "complaints", "manager_rating", "fill_rate",
	"stocktake_variance", "passed_comebacks")

// Metrics lists every metric.
func Metrics() []Metric { return metricEnum.All() }

// Valid reports whether m is one of the declared metrics.
func (m Metric) Valid() bool { return metricEnum.Valid(m) }

func (m Metric) String() string { return metricEnum.String(m) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (m Metric) LabelKey() string { return metricEnum.LabelKey(m) }

// ParseMetric parses the name String returns.
func ParseMetric(s string) (Metric, error) { return metricEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (m Metric) MarshalText() ([]byte, error) { return metricEnum.Marshal(m) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Metric) UnmarshalText(b []byte) (err error) { *m, err = metricEnum.Unmarshal(b); return }

// LowerIsBetter reports whether a smaller value of m is the better one: a curve of such a metric
// runs from a higher floor down to a lower target.
func (m Metric) LowerIsBetter() bool {
	switch m {
	case MetricComebackRate, MetricComplaints, MetricStocktakeVariance, MetricPassedComebacks:
		return true
	}
	return false
}

// Manual reports whether m is set by the manager in review rather than computed from facts.
func (m Metric) Manual() bool { return m == MetricManagerRating }

// State is where an appraisal stands in its workflow (§3.1(3), §6).
type State uint8

// The appraisal states. A draft may be recomputed and reviewed; from signed off on it is frozen.
const (
	StateDraft        State = iota + 1 // computed, under the manager's review
	StateSignedOff                     // signed off by a manager: frozen, waiting for the staff member
	StateAcknowledged                  // the staff member acknowledged it
	StateObjected                      // the staff member objected, with a reason: back to the manager
	StateAnswered                      // the manager answered the objection
)

var stateEnum = enum.New[State]("appraisal.state", "state", "draft", "signed_off", "acknowledged", "objected", "answered")

// States lists every state.
func States() []State { return stateEnum.All() }

// Valid reports whether s is one of the declared states.
func (s State) Valid() bool { return stateEnum.Valid(s) }

func (s State) String() string { return stateEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s State) LabelKey() string { return stateEnum.LabelKey(s) }

// ParseState parses the name String returns.
func ParseState(s string) (State, error) { return stateEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (s State) MarshalText() ([]byte, error) { return stateEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *State) UnmarshalText(b []byte) (err error) { *s, err = stateEnum.Unmarshal(b); return }

// Frozen reports whether an appraisal in s keeps its figures whatever happens to the records
// behind them (§6, §9.1).
func (s State) Frozen() bool { return s.Valid() && s != StateDraft }

// MissingData says what a dimension below its minimum sample does to an appraisal (§6.4). It is
// never scored as zero.
type MissingData uint8

// The missing-data policies.
const (
	// MissingRenormalise scores the appraisal on the remaining dimensions, their weights scaled up
	// to 100%.
	MissingRenormalise MissingData = iota + 1
	// MissingIncomplete leaves the appraisal without a total, grade or outcomes.
	MissingIncomplete
)

var missingEnum = enum.New[MissingData]("appraisal.missing_data", "missing_data", "renormalise", "incomplete")

// MissingDataPolicies lists every missing-data policy.
func MissingDataPolicies() []MissingData { return missingEnum.All() }

// Valid reports whether m is one of the declared policies.
func (m MissingData) Valid() bool { return missingEnum.Valid(m) }

func (m MissingData) String() string { return missingEnum.String(m) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (m MissingData) LabelKey() string { return missingEnum.LabelKey(m) }

// ParseMissingData parses the name String returns.
func ParseMissingData(s string) (MissingData, error) { return missingEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (m MissingData) MarshalText() ([]byte, error) { return missingEnum.Marshal(m) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *MissingData) UnmarshalText(b []byte) (err error) { *m, err = missingEnum.Unmarshal(b); return }

// CurveKind is the shape of a scoring curve (§6.1).
type CurveKind uint8

// The curve kinds.
const (
	// CurveLinear scores 0 at the floor and 100 at the target, linearly between, capped at both
	// ends.
	CurveLinear CurveKind = iota + 1
)

var curveEnum = enum.New[CurveKind]("appraisal.curve", "curve", "linear")

// CurveKinds lists every curve kind.
func CurveKinds() []CurveKind { return curveEnum.All() }

// Valid reports whether k is one of the declared kinds.
func (k CurveKind) Valid() bool { return curveEnum.Valid(k) }

func (k CurveKind) String() string { return curveEnum.String(k) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (k CurveKind) LabelKey() string { return curveEnum.LabelKey(k) }

// ParseCurveKind parses the name String returns.
func ParseCurveKind(s string) (CurveKind, error) { return curveEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (k CurveKind) MarshalText() ([]byte, error) { return curveEnum.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *CurveKind) UnmarshalText(b []byte) (err error) { *k, err = curveEnum.Unmarshal(b); return }

// OutcomeKind is what a grade brings (§6.3): money either way, or a non-monetary consequence.
type OutcomeKind uint8

// The outcome kinds.
const (
	OutcomeReward     OutcomeKind = iota + 1 // §6.3 reward the best: money paid
	OutcomePenalty                           // §6.3 penalise: money deducted
	OutcomeCriticism                         // §6.3 criticise: a recorded criticism
	OutcomeRetraining                        // §6.3, §7: retraining needed in a skill
)

var outcomeEnum = enum.New[OutcomeKind]("appraisal.outcome", "kind", "reward", "penalty", "criticism", "retraining")

// OutcomeKinds lists every outcome kind.
func OutcomeKinds() []OutcomeKind { return outcomeEnum.All() }

// Valid reports whether k is one of the declared kinds.
func (k OutcomeKind) Valid() bool { return outcomeEnum.Valid(k) }

func (k OutcomeKind) String() string { return outcomeEnum.String(k) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (k OutcomeKind) LabelKey() string { return outcomeEnum.LabelKey(k) }

// ParseOutcomeKind parses the name String returns.
func ParseOutcomeKind(s string) (OutcomeKind, error) { return outcomeEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (k OutcomeKind) MarshalText() ([]byte, error) { return outcomeEnum.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *OutcomeKind) UnmarshalText(b []byte) (err error) { *k, err = outcomeEnum.Unmarshal(b); return }

// Monetary reports whether the outcome is an amount of money.
func (k OutcomeKind) Monetary() bool { return k == OutcomeReward || k == OutcomePenalty }

// Basis is how a monetary outcome's amount is reckoned (§6.3).
type Basis uint8

// The bases of a monetary outcome.
const (
	BasisFixed   Basis = iota + 1 // a fixed amount
	BasisPercent                  // a percentage of a named base, such as the labour commission
	BasisPerUnit                  // an amount per unit of a metric's count, such as per comeback
)

var basisEnum = enum.New[Basis]("appraisal.basis", "basis", "fixed", "percent", "per_unit")

// Bases lists every basis.
func Bases() []Basis { return basisEnum.All() }

// Valid reports whether b is one of the declared bases.
func (b Basis) Valid() bool { return basisEnum.Valid(b) }

func (b Basis) String() string { return basisEnum.String(b) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (b Basis) LabelKey() string { return basisEnum.LabelKey(b) }

// ParseBasis parses the name String returns.
func ParseBasis(s string) (Basis, error) { return basisEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (b Basis) MarshalText() ([]byte, error) { return basisEnum.Marshal(b) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (b *Basis) UnmarshalText(t []byte) (err error) { *b, err = basisEnum.Unmarshal(t); return }

// Status is how a dimension came out (§6.4).
type Status uint8

// The dimension statuses.
const (
	StatusScored       Status = iota + 1 // enough data: scored on its curve
	StatusInsufficient                   // below the minimum sample: not scored, never zero
)

var statusEnum = enum.New[Status]("appraisal.status", "status", "scored", "insufficient_data")

// Statuses lists every status.
func Statuses() []Status { return statusEnum.All() }

// Valid reports whether s is one of the declared statuses.
func (s Status) Valid() bool { return statusEnum.Valid(s) }

func (s Status) String() string { return statusEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s Status) LabelKey() string { return statusEnum.LabelKey(s) }

// ParseStatus parses the name String returns.
func ParseStatus(s string) (Status, error) { return statusEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (s Status) MarshalText() ([]byte, error) { return statusEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Status) UnmarshalText(b []byte) (err error) { *s, err = statusEnum.Unmarshal(b); return }
