package complaints

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
)

// ErrUnknownTimeZone: a calendar names a time zone that is not in the IANA database (or names
// none). A *dealerkit.ValidationError reporting it unwraps to this too.
var ErrUnknownTimeZone = dealerkit.NewError(dealerkit.ErrInvalid, "complaints.unknown_time_zone", "complaints: unknown time zone")

// TimeOfDay is a wall-clock time in minutes after midnight, from 00:00 to 24:00 (24:00 only ends a
// period). Its text form is "HH:MM".
type TimeOfDay int

// At returns the time of day h:m.
func At(h, m int) TimeOfDay { return TimeOfDay(h*60 + m) }

func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", int(t)/60, int(t)%60) }

func parseTimeOfDay(s string) (TimeOfDay, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || hh > 24 || mm < 0 || mm > 59 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("complaints: bad time of day %q: want HH:MM between 00:00 and 24:00", s)
	}
	return At(hh, mm), nil
}

// Period is one stretch of opening hours within a day, [From, To). Its text form is
// "08:30-12:00"; "00:00-24:00" is the whole day.
type Period struct {
	From TimeOfDay `json:"from"`
	To   TimeOfDay `json:"to"`
}

func (p Period) String() string { return p.From.String() + "-" + p.To.String() }

// MarshalText implements encoding.TextMarshaler.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler. It checks the syntax; NewCalendar checks
// that From is before To.
func (p *Period) UnmarshalText(b []byte) error {
	from, to, ok := strings.Cut(string(b), "-")
	if !ok {
		return fmt.Errorf("complaints: bad period %q: want HH:MM-HH:MM", b)
	}
	f, err := parseTimeOfDay(from)
	if err != nil {
		return err
	}
	t, err := parseTimeOfDay(to)
	if err != nil {
		return err
	}
	*p = Period{From: f, To: t}
	return nil
}

// Date is a civil date in the calendar's own time zone. Its text form is "2006-01-02".
type Date struct {
	Year  int        `json:"year"`
	Month time.Month `json:"month"`
	Day   int        `json:"day"`
}

// DateOf returns the date of t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Weekday is the date's day of the week.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

func (d Date) next() Date {
	y, m, dd := time.Date(d.Year, d.Month, d.Day+1, 12, 0, 0, 0, time.UTC).Date()
	return Date{y, m, dd}
}

// MarshalText implements encoding.TextMarshaler; the zero Date (unset) is "".
func (d Date) MarshalText() ([]byte, error) {
	if d == (Date{}) {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	t, err := time.Parse(time.DateOnly, string(b))
	if err != nil {
		return fmt.Errorf("complaints: bad date %q: want YYYY-MM-DD", b)
	}
	*d = Date{t.Year(), t.Month(), t.Day()}
	return nil
}

// Week is the regular opening hours per weekday. A day with no periods is closed.
type Week struct {
	Monday    []Period `json:"monday"`
	Tuesday   []Period `json:"tuesday"`
	Wednesday []Period `json:"wednesday"`
	Thursday  []Period `json:"thursday"`
	Friday    []Period `json:"friday"`
	Saturday  []Period `json:"saturday"`
	Sunday    []Period `json:"sunday"`
}

func (w Week) days() [7][]Period {
	return [7][]Period{time.Sunday: w.Sunday, time.Monday: w.Monday, time.Tuesday: w.Tuesday,
		time.Wednesday: w.Wednesday, time.Thursday: w.Thursday, time.Friday: w.Friday, time.Saturday: w.Saturday}
}

// CalendarRules are a dealer's business calendar as plain data (§5: deadlines are counted in
// business time of the dealer's calendar). They are part of the versioned Policy, so a new year's
// holidays are published as a new version.
type CalendarRules struct {
	// TimeZone is an IANA name such as "Asia/Shanghai". Opening hours, holidays and make-up days
	// are read in this zone, daylight saving included. Required; "Local" is refused because it
	// would make deadlines depend on the host.
	TimeZone string `json:"time_zone"`
	// Week is the regular opening hours.
	Week Week `json:"week"`
	// Holidays are public holidays and other closed days: no business time passes on them,
	// whatever the weekday.
	Holidays []Date `json:"holidays,omitempty"`
	// MakeUpDays (调休) are days that work although the week says closed, such as the Saturday
	// or Sunday that makes up for a holiday bridge.
	MakeUpDays []Date `json:"make_up_days,omitempty"`
	// MakeUpHours are the opening hours of a make-up day; empty means Monday's hours.
	MakeUpHours []Period `json:"make_up_hours,omitempty"`
}

// DefaultCalendarRules is China Standard Time, Monday to Friday 08:30-12:00 and 13:00-17:30 (eight
// business hours a day), no holidays: public holidays and make-up days change every year, so a
// dealer lists them in its policy.
func DefaultCalendarRules() CalendarRules {
	day := []Period{{At(8, 30), At(12, 0)}, {At(13, 0), At(17, 30)}}
	return CalendarRules{
		TimeZone: "Asia/Shanghai",
		Week: Week{Monday: day, Tuesday: slices.Clone(day), Wednesday: slices.Clone(day),
			Thursday: slices.Clone(day), Friday: slices.Clone(day)},
	}
}

// Validate reports every bad field of the rules (see NewCalendar).
func (r CalendarRules) Validate() error {
	_, err := NewCalendar(r)
	return err
}

// Calendar answers business-time questions for one dealer: which instants are working time, what
// instant lies N business hours after another, how much business time lies between two. Business
// time is real elapsed time inside opening hours, so a period that spans a daylight-saving change
// is as long as the clock on the wall says it was. A Calendar is immutable and safe for concurrent
// use. Build one with NewCalendar; the zero Calendar has no business time at all.
type Calendar struct {
	loc         *time.Location
	week        [7][]Period
	holidays    map[Date]bool
	makeUp      map[Date]bool
	makeUpHours []Period
}

// NewCalendar checks the rules and returns the calendar. It reports every bad field at once: a
// missing or unknown time zone (unwrapping to ErrUnknownTimeZone), a period that does not end
// after it starts or overlaps the one before, a date that is both a holiday and a make-up day, and
// a week with no opening hours at all (business time would never pass).
func NewCalendar(r CalendarRules) (*Calendar, error) {
	var v dealerkit.ValidationError
	c := buildCalendar(&v, "", r)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// buildCalendar checks r, adding every bad field to v under prefix, and returns the calendar (which
// is only usable when nothing was added).
func buildCalendar(v *dealerkit.ValidationError, prefix string, r CalendarRules) *Calendar {
	var loc *time.Location
	switch tz := strings.TrimSpace(r.TimeZone); tz {
	case "":
		addCause(v, dealerkit.ReasonRequired, prefix+"time_zone", "", fmt.Errorf("%w: an IANA time zone such as Asia/Shanghai is required", ErrUnknownTimeZone))
	case "Local":
		addCause(v, dealerkit.ReasonUnknownValue, prefix+"time_zone", tz, fmt.Errorf("%w: name the zone (Local depends on the host)", ErrUnknownTimeZone))
	default:
		l, err := time.LoadLocation(tz)
		if err != nil {
			addCause(v, dealerkit.ReasonUnknownValue, prefix+"time_zone", tz, fmt.Errorf("%w: %v", ErrUnknownTimeZone, err))
		}
		loc = l
	}
	c := &Calendar{loc: loc, week: r.Week.days(), holidays: map[Date]bool{}, makeUp: map[Date]bool{}}
	names := [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
	open := false
	for d, periods := range c.week {
		checkPeriods(v, prefix+"week."+names[d], periods)
		open = open || len(periods) > 0
		c.week[d] = slices.Clone(periods)
	}
	if !open {
		v.AddCode(prefix+"week", "", dealerkit.ReasonRequired, "no opening hours on any weekday: business time would never pass")
	}
	checkPeriods(v, prefix+"make_up_hours", r.MakeUpHours)
	c.makeUpHours = slices.Clone(r.MakeUpHours)
	if len(c.makeUpHours) == 0 {
		c.makeUpHours = c.week[time.Monday]
	}
	for _, d := range r.Holidays {
		c.holidays[d] = true
	}
	for i, d := range r.MakeUpDays {
		if c.holidays[d] {
			v.AddCode(fmt.Sprintf("%smake_up_days[%d]", prefix, i), d.String(), dealerkit.ReasonDuplicate, "is also a holiday")
		}
		c.makeUp[d] = true
	}
	if len(r.MakeUpDays) > 0 && len(c.makeUpHours) == 0 {
		v.AddCode(prefix+"make_up_hours", "", dealerkit.ReasonRequired, "make-up days need hours: give make_up_hours or Monday's hours")
	}
	return c
}

func checkPeriods(v *dealerkit.ValidationError, field string, ps []Period) {
	for i, p := range ps {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case p.From < 0 || p.To > At(24, 0):
			v.AddCode(f, p.String(), dealerkit.ReasonOutOfRange, "must lie between 00:00 and 24:00")
		case p.To <= p.From:
			v.AddCode(f, p.String(), dealerkit.ReasonWrongOrder, "must end after it starts")
		case i > 0 && p.From < ps[i-1].To:
			v.AddCode(f, p.String(), dealerkit.ReasonWrongOrder, "overlaps or precedes the period before it")
		}
	}
}

// Location is the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// Hours returns the opening hours of a date: none on a holiday, the make-up hours on a make-up
// day, the week's hours otherwise.
func (c *Calendar) Hours(d Date) []Period {
	switch {
	case c.holidays[d]:
		return nil
	case c.makeUp[d]:
		return slices.Clone(c.makeUpHours)
	default:
		return slices.Clone(c.week[d.Weekday()])
	}
}

func (c *Calendar) hours(d Date) []Period {
	switch {
	case c.holidays[d]:
		return nil
	case c.makeUp[d]:
		return c.makeUpHours
	default:
		return c.week[d.Weekday()]
	}
}

// Span is an interval of real time [From, To). A zero To means it has not ended: a pause that is
// still running.
type Span struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to,omitzero"`
}

// Open reports whether the span has not ended.
func (s Span) Open() bool { return s.To.IsZero() }

// weekly is the business time of a regular week: the week's opening hours, wall-clock.
func (c *Calendar) weekly() time.Duration {
	if c == nil {
		return 0
	}
	var sum time.Duration
	for _, ps := range c.week {
		for _, p := range ps {
			if p.To > p.From {
				sum += time.Duration(p.To-p.From) * time.Minute
			}
		}
	}
	return sum
}

// midnight is the first instant of day in the calendar's zone.
func (c *Calendar) midnight(d Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, c.loc)
}

// dayStart is the first instant of d, or of the first day after it that exists in the zone.
func (c *Calendar) dayStart(d Date) time.Time {
	for range 3 {
		if m := c.midnight(d); DateOf(m, c.loc) == d {
			return m
		}
		d = d.next()
	}
	return c.midnight(d)
}

// regularWeek reports whether the seven days from day are a regular week: no holiday or make-up
// day among them and the zone's offset the same at both ends (no daylight-saving change, no
// skipped day), so their business time is exactly weekly(). It returns the week's bounds.
func (c *Calendar) regularWeek(day Date) (start, end time.Time, ok bool) {
	d := day
	for range 7 {
		if c.holidays[d] || c.makeUp[d] {
			return time.Time{}, time.Time{}, false
		}
		d = d.next()
	}
	start, end = c.midnight(day), c.midnight(d)
	_, off1 := start.Zone()
	_, off2 := end.Zone()
	_, offMid := start.Add(end.Sub(start) / 2).Zone()
	if off1 != off2 || off1 != offMid || end.Sub(start) != 7*24*time.Hour {
		return time.Time{}, time.Time{}, false
	}
	return start, end, true
}

// working calls fn with the working intervals [s, e) that end after from, in order and clipped at
// from, until fn returns false. A calendar always has opening hours in its week and finitely many
// holidays, so the stream never runs dry. Before each whole day after from it offers skip a
// regular week starting there (see regularWeek) with its business time; if skip takes it, the
// week is passed over without stepping through its days, so a deadline of many weeks costs a few
// steps a week, not a day-by-day walk. A local day that does not exist (Pacific/Apia skipped
// 2011-12-30) has no working time.
func (c *Calendar) working(from time.Time, fn func(s, e time.Time) bool, skip func(start, end time.Time, w time.Duration) bool) {
	if c == nil || c.loc == nil {
		return // the zero Calendar has no business time
	}
	day := DateOf(from, c.loc)
	weekly := c.weekly()
	for {
		if skip != nil && weekly > 0 && !c.midnight(day).Before(from) {
			if start, end, ok := c.regularWeek(day); ok && skip(start, end, weekly) {
				day = DateOf(end, c.loc)
				continue
			}
		}
		var prevEnd time.Time
		for _, p := range c.hours(day) {
			s := time.Date(day.Year, day.Month, day.Day, int(p.From)/60, int(p.From)%60, 0, 0, c.loc)
			e := time.Date(day.Year, day.Month, day.Day, int(p.To)/60, int(p.To)%60, 0, 0, c.loc)
			if DateOf(s, c.loc) != day {
				continue // the day does not exist in this zone: its wall times fall on another
			}
			if p.To == At(24, 0) {
				e = c.dayStart(day.next()) // the next day that exists starts it
			}
			if s.Before(prevEnd) { // wall times inside a daylight-saving change can collide
				s = prevEnd
			}
			prevEnd = e
			if !e.After(from) || !e.After(s) {
				continue
			}
			if s.Before(from) {
				s = from
			}
			if !fn(s, e) {
				return
			}
		}
		day = day.next()
	}
}

// free calls fn with the parts of [s, e) that no pause covers, in order, until fn returns false;
// it returns false if fn did.
func free(s, e time.Time, pauses []Span, fn func(a, b time.Time) bool) bool {
	cur := s
	for _, p := range pauses { // sorted by From
		if !p.Open() && !p.To.After(cur) {
			continue
		}
		if !p.From.Before(e) {
			break
		}
		if p.From.After(cur) && !fn(cur, p.From) {
			return false
		}
		if p.Open() {
			return true // the rest of time is paused
		}
		if p.To.After(cur) {
			cur = p.To
		}
		if !cur.Before(e) {
			return true
		}
	}
	if cur.Before(e) {
		return fn(cur, e)
	}
	return true
}

func sortedPauses(pauses []Span) ([]Span, time.Time) {
	ps := slices.Clone(pauses)
	slices.SortFunc(ps, func(a, b Span) int { return a.From.Compare(b.From) })
	var openFrom time.Time
	for _, p := range ps {
		if p.Open() && (openFrom.IsZero() || p.From.Before(openFrom)) {
			openFrom = p.From
		}
	}
	return ps, openFrom
}

// Add returns the earliest instant at which d of business time has passed since from. Add(t, 0)
// is t; a d that ends exactly at closing time gives the closing time, not the next opening.
func (c *Calendar) Add(from time.Time, d time.Duration) time.Time {
	t, _ := c.AddExcluding(from, d, nil)
	return t
}

// AddExcluding is Add with the clock stopped during pauses (waiting for the customer, §5). It
// returns false when a pause that has not ended stops the clock before d has passed: the instant
// is not known yet.
func (c *Calendar) AddExcluding(from time.Time, d time.Duration, pauses []Span) (time.Time, bool) {
	if d <= 0 {
		return from, true
	}
	ps, openFrom := sortedPauses(pauses)
	var at time.Time
	found, stalled := false, false
	remaining := d
	c.working(from, func(s, e time.Time) bool {
		if !openFrom.IsZero() && !s.Before(openFrom) {
			stalled = true
			return false
		}
		return free(s, e, ps, func(a, b time.Time) bool {
			n := b.Sub(a)
			if n >= remaining {
				at, found = a.Add(remaining), true
				return false
			}
			remaining -= n
			return true
		})
	}, func(start, end time.Time, w time.Duration) bool {
		// A whole regular week without pauses passes w of business time, unless the deadline
		// ends inside it (or at its last closing: then its day is found by the walk).
		if remaining <= w || paused(ps, start, end) {
			return false
		}
		remaining -= w
		return true
	})
	if stalled || !found {
		return time.Time{}, false
	}
	return at, true
}

// Between returns the business time in [from, to); zero when to is not after from.
func (c *Calendar) Between(from, to time.Time) time.Duration {
	return c.BetweenExcluding(from, to, nil)
}

// BetweenExcluding is Between without the time covered by pauses.
func (c *Calendar) BetweenExcluding(from, to time.Time, pauses []Span) time.Duration {
	if !to.After(from) {
		return 0
	}
	ps, _ := sortedPauses(pauses)
	var sum time.Duration
	c.working(from, func(s, e time.Time) bool {
		if !s.Before(to) {
			return false
		}
		if e.After(to) {
			e = to
		}
		free(s, e, ps, func(a, b time.Time) bool {
			sum += b.Sub(a)
			return true
		})
		return e.Before(to)
	}, func(start, end time.Time, w time.Duration) bool {
		if end.After(to) || paused(ps, start, end) {
			return false
		}
		sum += w
		return true
	})
	return sum
}

// paused reports whether any pause (an open one runs for ever) overlaps [start, end).
func paused(pauses []Span, start, end time.Time) bool {
	for _, p := range pauses {
		if p.From.Before(end) && (p.Open() || p.To.After(start)) {
			return true
		}
	}
	return false
}
