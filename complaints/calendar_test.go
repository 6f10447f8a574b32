package complaints

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

func mustCalendar(t testing.TB, r CalendarRules) *Calendar {
	t.Helper()
	c, err := NewCalendar(r)
	require.NoError(t, err)
	return c
}

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// shanghai is the default calendar (Mon-Fri 08:30-12:00, 13:00-17:30) with the 2026 National Day
// week off and two make-up days around it, as the State Council publishes them each year.
func shanghai(t testing.TB) *Calendar {
	r := DefaultCalendarRules()
	for d := 1; d <= 7; d++ {
		r.Holidays = append(r.Holidays, Date{2026, time.October, d})
	}
	r.MakeUpDays = []Date{{2026, time.September, 27}, {2026, time.October, 10}} // a Sunday and a Saturday
	return mustCalendar(t, r)
}

func cst(t testing.TB, y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, mustLoc(t, "Asia/Shanghai"))
}

// §5: a deadline that crosses a night resumes at the next opening.
func TestCalendar_Clause5_DeadlineCrossesNight(t *testing.T) {
	c := shanghai(t)
	// Monday 2026-03-02 16:30: one hour left today, one more from 08:30 on Tuesday.
	got := c.Add(cst(t, 2026, 3, 2, 16, 30), 2*time.Hour)
	require.Equal(t, cst(t, 2026, 3, 3, 9, 30), got.In(c.Location()))
	require.Equal(t, 2*time.Hour, c.Between(cst(t, 2026, 3, 2, 16, 30), got))
	// The lunch break does not count either.
	require.Equal(t, cst(t, 2026, 3, 2, 13, 30), c.Add(cst(t, 2026, 3, 2, 11, 30), time.Hour).In(c.Location()))
	// Received at night, the clock starts at the next opening.
	require.Equal(t, cst(t, 2026, 3, 3, 9, 30), c.Add(cst(t, 2026, 3, 2, 22, 0), time.Hour).In(c.Location()))
	// A deadline that ends exactly at closing time is the closing time, not the next morning.
	require.Equal(t, cst(t, 2026, 3, 2, 17, 30), c.Add(cst(t, 2026, 3, 2, 16, 30), time.Hour).In(c.Location()))
}

// §5: a deadline that crosses a weekend skips Saturday and Sunday.
func TestCalendar_Clause5_DeadlineCrossesWeekend(t *testing.T) {
	c := shanghai(t)
	got := c.Add(cst(t, 2026, 3, 6, 17, 0), time.Hour) // Friday 17:00
	require.Equal(t, cst(t, 2026, 3, 9, 9, 0), got.In(c.Location()))
	require.Equal(t, time.Duration(0), c.Between(cst(t, 2026, 3, 7, 0, 0), cst(t, 2026, 3, 9, 0, 0)))
}

// §5: a public holiday passes no business time.
func TestCalendar_Clause5_DeadlineCrossesPublicHoliday(t *testing.T) {
	c := shanghai(t)
	// Wednesday 30 September 17:00; 1-7 October are holidays; Thursday 8 October opens.
	got := c.Add(cst(t, 2026, 9, 30, 17, 0), time.Hour)
	require.Equal(t, cst(t, 2026, 10, 8, 9, 0), got.In(c.Location()))
	require.Empty(t, c.Hours(Date{2026, time.October, 5})) // a Monday, but a holiday
}

// §5: a make-up working day (调休) is a weekend day that works.
func TestCalendar_Clause5_MakeUpWorkingDay(t *testing.T) {
	c := shanghai(t)
	// Friday 25 September 17:00: Sunday 27 September is a make-up day with Monday's hours.
	got := c.Add(cst(t, 2026, 9, 25, 17, 0), time.Hour)
	require.Equal(t, cst(t, 2026, 9, 27, 9, 0), got.In(c.Location()))
	require.Equal(t, 8*time.Hour, c.Between(cst(t, 2026, 9, 27, 0, 0), cst(t, 2026, 9, 28, 0, 0)))
	// Without the make-up day the same deadline lands on Monday.
	plain := mustCalendar(t, DefaultCalendarRules())
	require.Equal(t, cst(t, 2026, 9, 28, 9, 0), plain.Add(cst(t, 2026, 9, 25, 17, 0), time.Hour).In(c.Location()))
	// Make-up hours can differ from Monday's.
	r := DefaultCalendarRules()
	r.MakeUpDays = []Date{{2026, time.October, 10}}
	r.MakeUpHours = []Period{{At(9, 0), At(12, 0)}}
	half := mustCalendar(t, r)
	require.Equal(t, 3*time.Hour, half.Between(cst(t, 2026, 10, 10, 0, 0), cst(t, 2026, 10, 11, 0, 0)))
}

// §5: waiting for the customer pauses the clock.
func TestCalendar_Clause5_PauseStopsTheClock(t *testing.T) {
	c := shanghai(t)
	start := cst(t, 2026, 3, 2, 9, 0) // Monday
	pause := []Span{{From: cst(t, 2026, 3, 2, 10, 0), To: cst(t, 2026, 3, 3, 10, 0)}}
	got, ok := c.AddExcluding(start, 2*time.Hour, pause)
	require.True(t, ok)
	require.Equal(t, cst(t, 2026, 3, 3, 11, 0), got.In(c.Location())) // one hour before, one after
	require.Equal(t, 2*time.Hour, c.BetweenExcluding(start, got, pause))
	// A pause that has not ended stops the clock: the deadline is not known yet.
	_, ok = c.AddExcluding(start, 2*time.Hour, []Span{{From: cst(t, 2026, 3, 2, 10, 0)}})
	require.False(t, ok)
	// ... unless the time ran out before the pause began.
	got, ok = c.AddExcluding(start, time.Hour, []Span{{From: cst(t, 2026, 3, 2, 10, 0)}})
	require.True(t, ok)
	require.Equal(t, cst(t, 2026, 3, 2, 10, 0), got.In(c.Location()))
	require.Equal(t, time.Hour, c.BetweenExcluding(start, cst(t, 2026, 3, 9, 0, 0), []Span{{From: cst(t, 2026, 3, 2, 10, 0)}}))
	// Overlapping and out-of-order pauses count once.
	two := []Span{{From: cst(t, 2026, 3, 2, 11, 0), To: cst(t, 2026, 3, 2, 14, 0)}, {From: cst(t, 2026, 3, 2, 10, 0), To: cst(t, 2026, 3, 2, 11, 30)}}
	require.Equal(t, 4*time.Hour+30*time.Minute, c.BetweenExcluding(start, cst(t, 2026, 3, 2, 17, 30), two))
}

// §5: business time is real time in the dealer's zone, across daylight-saving changes.
func TestCalendar_Clause5_DaylightSaving(t *testing.T) {
	r := CalendarRules{TimeZone: "Europe/Berlin", Week: Week{
		Monday: []Period{{At(9, 0), At(17, 0)}}, Tuesday: []Period{{At(9, 0), At(17, 0)}},
		Wednesday: []Period{{At(9, 0), At(17, 0)}}, Thursday: []Period{{At(9, 0), At(17, 0)}},
		Friday: []Period{{At(9, 0), At(17, 0)}},
	}}
	berlin := mustCalendar(t, r)
	// Clocks go forward on Sunday 29 March 2026: Friday 16:00 CET is 15:00 UTC; two business
	// hours later is Monday 10:00 CEST, 08:00 UTC (a fixed +01:00 would give 09:00 UTC).
	got := berlin.Add(time.Date(2026, 3, 27, 15, 0, 0, 0, time.UTC), 2*time.Hour)
	require.Equal(t, time.Date(2026, 3, 30, 8, 0, 0, 0, time.UTC), got.UTC())
	// Clocks go back on Sunday 25 October 2026.
	got = berlin.Add(time.Date(2026, 10, 23, 14, 0, 0, 0, time.UTC), 2*time.Hour)
	require.Equal(t, time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC), got.UTC())

	// A round-the-clock calendar in New York: the spring-forward day has 23 hours, the
	// fall-back day 25.
	allDay := []Period{{At(0, 0), At(24, 0)}}
	ny := mustCalendar(t, CalendarRules{TimeZone: "America/New_York", Week: Week{Monday: allDay, Tuesday: allDay,
		Wednesday: allDay, Thursday: allDay, Friday: allDay, Saturday: allDay, Sunday: allDay}})
	loc := ny.Location()
	require.Equal(t, 23*time.Hour, ny.Between(time.Date(2026, 3, 8, 0, 0, 0, 0, loc), time.Date(2026, 3, 9, 0, 0, 0, 0, loc)))
	require.Equal(t, 25*time.Hour, ny.Between(time.Date(2026, 11, 1, 0, 0, 0, 0, loc), time.Date(2026, 11, 2, 0, 0, 0, 0, loc)))
	require.Equal(t, time.Date(2026, 3, 9, 1, 0, 0, 0, loc), ny.Add(time.Date(2026, 3, 8, 0, 0, 0, 0, loc), 24*time.Hour).In(loc))
}

// §5: a calendar that names no zone, a zone that does not exist or bad hours is refused with
// every bad field named.
func TestNewCalendar_Clause5_RefusesBadRules(t *testing.T) {
	_, err := NewCalendar(CalendarRules{TimeZone: "Mars/Olympus_Mons", Week: Week{
		Monday: []Period{{At(12, 0), At(9, 0)}},
		Friday: []Period{{At(9, 0), At(13, 0)}, {At(12, 0), At(18, 0)}},
	}, Holidays: []Date{{2026, 5, 1}}, MakeUpDays: []Date{{2026, 5, 1}}})
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	require.ErrorIs(t, err, ErrUnknownTimeZone)
	require.ElementsMatch(t, []string{"time_zone", "week.monday[0]", "week.friday[1]", "make_up_days[0]"}, fieldsOf(t, err))
	require.Contains(t, err.Error(), `time_zone "Mars/Olympus_Mons"`)

	for _, tz := range []string{"", "Local", "  "} {
		_, err = NewCalendar(CalendarRules{TimeZone: tz, Week: DefaultCalendarRules().Week})
		require.ErrorIs(t, err, ErrUnknownTimeZone, "%q", tz)
	}
	_, err = NewCalendar(CalendarRules{TimeZone: "UTC"})
	require.ElementsMatch(t, []string{"week"}, fieldsOf(t, err))

	var p Period
	require.Error(t, p.UnmarshalText([]byte("25:00-26:00")))
	require.Error(t, p.UnmarshalText([]byte("08:30")))
	require.Error(t, p.UnmarshalText([]byte("24:30-24:40")))
	var d Date
	require.Error(t, d.UnmarshalText([]byte("2026-02-30")))
	// The zero calendar has no business time and does not loop.
	var zero Calendar
	_, ok := zero.AddExcluding(time.Now(), time.Hour, nil)
	require.False(t, ok)
}

// §9: calendar rules are policy data: they read back from JSON exactly as written.
func TestCalendarRules_Clause9_JSONRoundTrip(t *testing.T) {
	r := DefaultCalendarRules()
	r.Holidays = []Date{{2026, 10, 1}}
	r.MakeUpDays = []Date{{2026, 9, 27}}
	b, err := json.Marshal(r)
	require.NoError(t, err)
	require.Contains(t, string(b), `"monday":["08:30-12:00","13:00-17:30"]`)
	require.Contains(t, string(b), `"holidays":["2026-10-01"]`)
	var back CalendarRules
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, r, back)
}

// isOpen is an independent reading of a calendar: is the wall-clock minute of t inside the
// opening hours of its local date? Used as an oracle by minute-stepping.
func isOpen(c *Calendar, t time.Time) bool {
	lt := t.In(c.Location())
	minute := TimeOfDay(lt.Hour()*60 + lt.Minute())
	for _, p := range c.Hours(DateOf(t, c.Location())) {
		if minute >= p.From && minute < p.To {
			return true
		}
	}
	return false
}

// §5: property checks with a seeded generator, against a minute-stepping oracle: adding in two
// parts is adding the sum; the time between a start and its deadline is what was added; a later
// budget never gives an earlier deadline; pauses are consistent the same way.
func TestCalendar_Clause5_Properties(t *testing.T) {
	r := DefaultCalendarRules()
	for d := 1; d <= 7; d++ {
		r.Holidays = append(r.Holidays, Date{2026, time.October, d})
	}
	r.MakeUpDays = []Date{{2026, time.September, 27}, {2026, time.October, 10}}
	berlin := r
	berlin.TimeZone = "Europe/Berlin"
	berlin.Week.Saturday = []Period{{At(9, 0), At(12, 0)}}
	ny := CalendarRules{TimeZone: "America/New_York", Week: Week{Sunday: []Period{{At(0, 0), At(24, 0)}},
		Wednesday: []Period{{At(1, 30), At(3, 0)}, {At(8, 0), At(20, 0)}}}}
	rng := rand.New(rand.NewPCG(4, 5))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, rules := range []CalendarRules{r, berlin, ny} {
		c := mustCalendar(t, rules)
		for i := 0; i < 300; i++ {
			start := base.Add(time.Duration(rng.IntN(365*24*60)) * time.Minute)
			h1 := time.Duration(rng.IntN(60*60)) * time.Minute
			h2 := time.Duration(rng.IntN(60*60)) * time.Minute
			a := c.Add(start, h1)
			require.Equal(t, c.Add(start, h1+h2), c.Add(a, h2), "%s: add(%v)+add(%v) from %v", rules.TimeZone, h1, h2, start)
			require.Equal(t, h1, c.Between(start, a), "%s: between(start, add(%v)) from %v", rules.TimeZone, h1, start)
			if h1 <= h2 {
				require.False(t, c.Add(start, h2).Before(a))
			}
			if h1 > 0 {
				require.True(t, isOpen(c, a.Add(-time.Minute)), "the deadline ends a working minute")
			}
			var pauses []Span
			for k := rng.IntN(3); k > 0; k-- {
				from := start.Add(time.Duration(rng.IntN(14*24*60)) * time.Minute)
				pauses = append(pauses, Span{From: from, To: from.Add(time.Duration(1+rng.IntN(3*24*60)) * time.Minute)})
			}
			due, ok := c.AddExcluding(start, h1, pauses)
			require.True(t, ok)
			require.Equal(t, h1, c.BetweenExcluding(start, due, pauses))
			require.False(t, due.Before(a), "pauses never bring a deadline forward")
		}
		// The oracle: stepping minute by minute over random windows agrees with Between.
		for i := 0; i < 40; i++ {
			from := base.Add(time.Duration(rng.IntN(365*24*60)) * time.Minute)
			to := from.Add(time.Duration(rng.IntN(4*24*60)) * time.Minute)
			var want time.Duration
			for m := from; m.Before(to); m = m.Add(time.Minute) {
				if isOpen(c, m) {
					want += time.Minute
				}
			}
			require.Equal(t, want, c.Between(from, to), "%s: %v..%v", rules.TimeZone, from, to)
		}
	}
	// Around the daylight-saving weekends themselves.
	c := mustCalendar(t, ny)
	for _, day := range []time.Time{time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC), time.Date(2026, 10, 31, 12, 0, 0, 0, time.UTC)} {
		for i := 0; i < 50; i++ {
			from := day.Add(time.Duration(rng.IntN(48*60)) * time.Minute)
			to := from.Add(time.Duration(rng.IntN(3*24*60)) * time.Minute)
			var want time.Duration
			for m := from; m.Before(to); m = m.Add(time.Minute) {
				if isOpen(c, m) {
					want += time.Minute
				}
			}
			require.Equal(t, want, c.Between(from, to), "%v..%v", from, to)
		}
	}
}
