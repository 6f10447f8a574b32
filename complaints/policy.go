package complaints

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
)

// Duration is a length of time in a policy file: Go's syntax ("90m", "2h30m") or, when reading,
// whole days ("30d" is 720h). Deadlines are business time on the dealer's calendar; windows and periods are plain
// elapsed time.
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String is Go's form without zero minutes and seconds ("2h", "1h30m", "720h"). It never writes
// days, so that a business-time deadline of "24h" is not misread as one business day.
func (d Duration) String() string {
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalJSON reads the text form, and a JSON number as nanoseconds: the form records stored
// before durations were strings have.
func (d *Duration) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '"' && string(b) != "null" {
		n, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return fmt.Errorf("complaints: bad duration %s: want a string such as \"2h30m\"", b)
		}
		*d = Duration(n)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	return d.UnmarshalText([]byte(s))
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 32)
		// §9: a day count whose hours overflow a time.Duration ("213504d" would read as 25
		// minutes, "106752d" as a negative span) is refused, not wrapped.
		if err != nil || n < 0 || n > maxPolicyDays {
			return fmt.Errorf("complaints: bad duration %q: want Go syntax such as 2h30m or whole days from 0d to %dd", s, maxPolicyDays)
		}
		*d = Duration(time.Duration(n) * 24 * time.Hour)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("complaints: bad duration %q: want Go syntax such as 2h30m or whole days such as 30d", s)
	}
	*d = Duration(v)
	return nil
}

// maxPolicyDays bounds every duration in a policy file: ten years, far beyond any deadline or
// window and far below time.Duration's 292-year range.
const maxPolicyDays = 3660

// maxDeadlineWeeks bounds a deadline against the calendar: at most the business time of this
// many regular weeks of the calendar (one year). A deadline that a calendar open a minute a week
// could not reach for centuries is refused, so every deadline is found within a year of weeks.
const maxDeadlineWeeks = 52

// Deadlines are the business time allowed for each step of a complaint of one severity, each
// counted from receipt (and, after a reopening, the solution and closure from the reopening).
type Deadlines struct {
	Acknowledge Duration `json:"acknowledge"` // §5.2 the advisor has talked to the customer
	Report      Duration `json:"report"`      // §5.2 reported to the manager
	Solution    Duration `json:"solution"`    // §5.3 a solution is put to the customer
	Closure     Duration `json:"closure"`     // §5.4 closed after the verification contact
}

// For returns the budget of one step.
func (d Deadlines) For(s Step) time.Duration {
	switch s {
	case StepAcknowledge:
		return d.Acknowledge.D()
	case StepReport:
		return d.Report.D()
	case StepSolution:
		return d.Solution.D()
	case StepClosure:
		return d.Closure.D()
	}
	return 0
}

// Policy is a dealer's complaint rules (§5). It is versioned (§9): hold it in a dealerkit.Table;
// a complaint takes its deadlines from the version in force when it was received (or reopened),
// and every other rule reads the version in force when it applies. A policy file must give every
// field: a missing deadline is an error, not a silent default. DefaultPolicy is a complete
// starting point.
type Policy struct {
	// Calendar is the dealer's business calendar; deadlines are counted in its business time.
	Calendar CalendarRules `json:"calendar"`
	// Deadlines gives, per severity, the business time allowed for each step (§5.2 to §5.4).
	// Every severity needs all four, each positive, none shorter than the step before it.
	Deadlines map[Severity]Deadlines `json:"deadlines"`
	// Severity is the severity a complaint of each category gets unless the intake names one.
	Severity map[Category]Severity `json:"severity"`
	// SurveyThreshold: a follow-up survey item scored below it (on 0..10, §4.5.4) opens a
	// complaint on its own (§5.1).
	SurveyThreshold int `json:"survey_threshold"`
	// SurveyCategories maps survey items to categories; the lowest item below the threshold
	// decides. Items not listed fall to SurveyCategory.
	SurveyCategories map[string]Category `json:"survey_categories"`
	SurveyCategory   Category            `json:"survey_category"`
	// ObjectionCategory is the category of a complaint opened from an objection at delivery
	// (§4.5.3).
	ObjectionCategory Category `json:"objection_category"`
	// ReopenWindow: a new contact on the same matter within this time after closing reopens
	// the complaint (§5.4); later it is a new complaint.
	ReopenWindow Duration `json:"reopen_window"`
	// RepeatWindow: a new complaint from the same customer or vehicle within this time after an
	// earlier one is a repeat and starts one escalation level up.
	RepeatWindow Duration `json:"repeat_window"`
	// RootCauses is the list a complaint's root cause is chosen from (§5.5).
	RootCauses []string `json:"root_causes"`
	// EffectivenessPeriod is how long after a corrective action is completed its effect is
	// measured, against the same length of time before it was opened (§5.5).
	EffectivenessPeriod Duration `json:"effectiveness_period"`
}

func bh(h, m int) Duration {
	return Duration(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

// DefaultPolicy is the regulation's defaults as a dealer would start from them:
//   - the DefaultCalendarRules calendar (eight business hours a day, Monday to Friday);
//   - deadlines in business time (acknowledge / report / solution / closure):
//     critical 30m / 1h / 8h / 24h, high 1h / 2h / 16h / 40h, medium 2h / 4h / 24h / 56h,
//     low 4h / 8h / 40h / 80h (a business day is 8h);
//   - vehicle damage is high, repair quality and service attitude medium, the rest low;
//   - a survey item below 7 of 10 opens a complaint; quality, attitude, price, timeliness and
//     parts map to their categories, other items to repair quality; an objection at delivery is
//     a repair-quality complaint;
//   - reopening within 30 days, repeats within 90 days, effectiveness measured over 90 days.
func DefaultPolicy() Policy {
	return Policy{
		Calendar: DefaultCalendarRules(),
		Deadlines: map[Severity]Deadlines{
			SeverityCritical: {bh(0, 30), bh(1, 0), bh(8, 0), bh(24, 0)},
			SeverityHigh:     {bh(1, 0), bh(2, 0), bh(16, 0), bh(40, 0)},
			SeverityMedium:   {bh(2, 0), bh(4, 0), bh(24, 0), bh(56, 0)},
			SeverityLow:      {bh(4, 0), bh(8, 0), bh(40, 0), bh(80, 0)},
		},
		Severity: map[Category]Severity{
			CategoryRepairQuality: SeverityMedium, CategoryServiceAttitude: SeverityMedium,
			CategoryPrice: SeverityLow, CategoryWaitingTime: SeverityLow,
			CategoryPartsAvailability: SeverityLow, CategoryVehicleDamage: SeverityHigh,
			CategoryOther: SeverityLow,
		},
		SurveyThreshold: 7,
		SurveyCategories: map[string]Category{
			"quality": CategoryRepairQuality, "attitude": CategoryServiceAttitude, "price": CategoryPrice,
			"timeliness": CategoryWaitingTime, "parts": CategoryPartsAvailability,
		},
		SurveyCategory:    CategoryRepairQuality,
		ObjectionCategory: CategoryRepairQuality,
		ReopenWindow:      Duration(30 * 24 * time.Hour),
		RepeatWindow:      Duration(90 * 24 * time.Hour),
		RootCauses: []string{"process_not_followed", "skill_gap", "diagnosis_error", "parts_quality",
			"parts_shortage", "communication", "capacity", "pricing", "product_defect",
			"customer_expectation", "other"},
		EffectivenessPeriod: Duration(90 * 24 * time.Hour),
	}
}

// Validate reports every bad field of the policy at once: the calendar (see NewCalendar), a
// severity without deadlines, a deadline that is missing (zero) or negative or shorter than the
// step before it, a category without a severity, a threshold outside 1..10, an unknown category,
// a window or period that is not positive, and an empty or duplicated root cause.
func (p Policy) Validate() error {
	var v dealerkit.ValidationError
	cal := buildCalendar(&v, "calendar.", p.Calendar)
	// §5, §9: a deadline is at most a year of the calendar's regular weeks of business time.
	limit := time.Duration(maxDeadlineWeeks) * cal.weekly()
	for _, sev := range Severities() {
		d, ok := p.Deadlines[sev]
		field := "deadlines." + sev.String()
		if !ok {
			v.AddCode(field, "", dealerkit.ReasonRequired, "required: every severity needs its deadlines") // §5: deadlines per severity
			continue
		}
		var prev time.Duration
		for _, st := range Steps() {
			f, budget := field+"."+st.String(), d.For(st)
			switch {
			case budget == 0:
				v.AddCode(f, "", dealerkit.ReasonRequired, "required")
			case budget < 0:
				v.AddCode(f, Duration(budget).String(), dealerkit.ReasonNotPositive, "must be positive")
			case budget < prev:
				v.AddCode(f, Duration(budget).String(), dealerkit.ReasonWrongOrder, "must not be shorter than the step before it")
			case limit > 0 && budget > limit:
				v.AddCode(f, Duration(budget).String(), dealerkit.ReasonOutOfRange,
					fmt.Sprintf("must be at most %s: %d weeks of the calendar's business time", Duration(limit), maxDeadlineWeeks))
			}
			if budget > prev {
				prev = budget
			}
		}
	}
	for sev := range p.Deadlines {
		if !sev.Valid() {
			v.AddCode("deadlines", sev.String(), dealerkit.ReasonUnknownValue, "unknown severity")
		}
	}
	for _, cat := range Categories() {
		sev, ok := p.Severity[cat]
		switch {
		case !ok:
			v.AddCode("severity."+cat.String(), "", dealerkit.ReasonRequired, "required: every category needs a severity")
		case !sev.Valid():
			v.AddCode("severity."+cat.String(), sev.String(), dealerkit.ReasonUnknownValue, "unknown severity")
		}
	}
	if p.SurveyThreshold < 1 || p.SurveyThreshold > 10 {
		v.AddCode("survey_threshold", strconv.Itoa(p.SurveyThreshold), dealerkit.ReasonOutOfRange, "must be between 1 and 10")
	}
	for _, item := range slices.Sorted(maps.Keys(p.SurveyCategories)) {
		if strings.TrimSpace(item) == "" {
			v.AddCode("survey_categories", "", dealerkit.ReasonRequired, "an item needs a name")
		}
		if c := p.SurveyCategories[item]; !c.Valid() {
			v.AddCode("survey_categories."+item, c.String(), dealerkit.ReasonUnknownValue, "unknown category")
		}
	}
	if !p.SurveyCategory.Valid() {
		v.AddCode("survey_category", p.SurveyCategory.String(), dealerkit.ReasonRequired, "required")
	}
	if !p.ObjectionCategory.Valid() {
		v.AddCode("objection_category", p.ObjectionCategory.String(), dealerkit.ReasonRequired, "required")
	}
	for _, w := range []struct {
		field string
		d     Duration
	}{{"reopen_window", p.ReopenWindow}, {"repeat_window", p.RepeatWindow}, {"effectiveness_period", p.EffectivenessPeriod}} {
		if w.d <= 0 {
			v.AddCode(w.field, w.d.String(), dealerkit.ReasonNotPositive, "must be positive")
		} else if w.d > Duration(maxPolicyDays*24*time.Hour) {
			v.AddCode(w.field, w.d.String(), dealerkit.ReasonOutOfRange, fmt.Sprintf("must be at most %dd", maxPolicyDays))
		}
	}
	if len(p.RootCauses) == 0 {
		v.AddCode("root_causes", "", dealerkit.ReasonRequired, "at least one root cause is required") // §5.5
	}
	seen := map[string]bool{}
	for i, rc := range p.RootCauses {
		f := fmt.Sprintf("root_causes[%d]", i)
		switch rc = strings.TrimSpace(rc); {
		case rc == "":
			v.AddCode(f, "", dealerkit.ReasonRequired, "required")
		case seen[rc]:
			v.AddCode(f, rc, dealerkit.ReasonDuplicate, "duplicate")
		}
		seen[rc] = true
	}
	return v.Err()
}

// ParsePolicies reads a policy history from JSON (see dealerkit.ParseVersions) and validates every
// version.
func ParsePolicies(data []byte) (dealerkit.Versions[Policy], error) {
	return dealerkit.ParseVersions(data, Policy.Validate)
}

// Rules is a validated policy version, ready to use: its calendar is built and its lists indexed.
// Aggregate methods take the Rules in force when they run. A Rules is immutable and safe for
// concurrent use.
type Rules struct {
	version string
	p       Policy
	cal     *Calendar
	causes  map[string]bool
}

// NewRules validates p and returns it ready to use, labelled with its version name (recorded on
// each complaint it opens).
func NewRules(version string, p Policy) (*Rules, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	cal, err := NewCalendar(p.Calendar)
	if err != nil {
		return nil, err
	}
	r := &Rules{version: version, p: clonePolicy(p), cal: cal, causes: map[string]bool{}}
	for _, c := range p.RootCauses {
		r.causes[strings.TrimSpace(c)] = true
	}
	return r, nil
}

// DefaultRules is DefaultPolicy, ready to use, under the version name "default".
func DefaultRules() *Rules {
	r, err := NewRules("default", DefaultPolicy())
	if err != nil { // DefaultPolicy is valid; a failing test catches any change that breaks it
		return nil
	}
	return r
}

// Version is the policy version's name.
func (r *Rules) Version() string { return r.version }

// Policy returns a copy of the policy.
func (r *Rules) Policy() Policy { return clonePolicy(r.p) }

// Calendar is the business calendar.
func (r *Rules) Calendar() *Calendar { return r.cal }

// Deadlines returns the budgets of one severity.
func (r *Rules) Deadlines(s Severity) Deadlines { return r.p.Deadlines[s] }

// SeverityOf returns the severity of a category.
func (r *Rules) SeverityOf(c Category) Severity { return r.p.Severity[c] }

// IsRootCause reports whether cause is on the policy's list (§5.5).
func (r *Rules) IsRootCause(cause string) bool { return r.causes[cause] }

func clonePolicy(p Policy) Policy {
	p.Calendar.Holidays = slices.Clone(p.Calendar.Holidays)
	p.Calendar.MakeUpDays = slices.Clone(p.Calendar.MakeUpDays)
	p.Calendar.MakeUpHours = slices.Clone(p.Calendar.MakeUpHours)
	p.Deadlines = maps.Clone(p.Deadlines)
	p.Severity = maps.Clone(p.Severity)
	p.SurveyCategories = maps.Clone(p.SurveyCategories)
	p.RootCauses = slices.Clone(p.RootCauses)
	return p
}
