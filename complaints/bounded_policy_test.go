package complaints

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// §9: policy durations that overflow are refused, never wrapped: "213504d" is not 25 minutes and
// "106752d" is not negative.
func TestDuration_Clause9_OverflowIsRefused(t *testing.T) {
	for _, s := range []string{"213504d", "106752d", "3661d", "-1d", "9223372036854775807d"} {
		var d Duration
		require.Error(t, d.UnmarshalText([]byte(s)), s)
	}
	var d Duration
	require.NoError(t, d.UnmarshalText([]byte("3660d")))
	require.Equal(t, 3660*24*time.Hour, d.D())
	require.Error(t, d.UnmarshalText([]byte("2562048h")), "Go's own syntax overflows with an error too")
}

// §5, §9: a deadline is bounded by the calendar's working time: a calendar open one minute a week
// with a closure deadline of 292 years is refused at validation, so no intake can hang on it.
func TestPolicy_Clause5_Clause9_DeadlineBoundedByTheCalendar(t *testing.T) {
	p := DefaultPolicy()
	p.Calendar.Week = Week{Monday: []Period{{At(9, 0), At(9, 1)}}}
	d := p.Deadlines[SeverityLow]
	d.Closure = Duration(292 * 365 * 24 * time.Hour)
	p.Deadlines[SeverityLow] = d
	err := p.Validate()
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	ve := err.(*dealerkit.ValidationError)
	var codes []dealerkit.Reason
	for _, f := range ve.Fields {
		if f.Field == "deadlines.low.closure" {
			codes = append(codes, f.Code)
		}
	}
	require.Contains(t, codes, dealerkit.ReasonOutOfRange, "%v", ve.Fields)

	p = DefaultPolicy()
	p.ReopenWindow = Duration(4000 * 24 * time.Hour)
	requireFieldErr(t, p.Validate(), "reopen_window")
	require.NoError(t, DefaultPolicy().Validate())
}

func requireFieldErr(t *testing.T, err error, field string) {
	t.Helper()
	var ve *dealerkit.ValidationError
	require.ErrorAs(t, err, &ve)
	require.True(t, ve.Has(field), "want %s in %v", field, err)
}

// §5: skipping whole regular weeks gives exactly what walking day by day gives, with holidays,
// make-up days, pauses and a daylight-saving zone, for Add and Between.
func TestCalendar_Clause5_WeekSkippingAgreesWithTheWalk(t *testing.T) {
	for _, tz := range []string{"Asia/Shanghai", "Europe/Berlin", "America/New_York"} {
		rules := DefaultCalendarRules()
		rules.TimeZone = tz
		rules.Week.Saturday = []Period{{At(9, 0), At(12, 0)}}
		rules.Week.Sunday = []Period{{At(0, 0), At(24, 0)}} // spans the daylight-saving change
		rules.Holidays = []Date{{2026, 5, 1}, {2026, 10, 1}, {2026, 10, 2}, {2027, 1, 1}}
		rules.MakeUpDays = []Date{{2026, 9, 27}}
		c := mustCalendar(t, rules)
		rng := rand.New(rand.NewPCG(1, 2))
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, c.Location())
		for range 300 {
			from := base.Add(time.Duration(rng.Int64N(int64(400 * 24 * time.Hour))))
			d := time.Duration(rng.Int64N(int64(2000 * time.Hour)))
			var pauses []Span
			if rng.IntN(2) == 0 {
				p := from.Add(time.Duration(rng.Int64N(int64(60 * 24 * time.Hour))))
				pauses = append(pauses, Span{From: p, To: p.Add(time.Duration(rng.Int64N(int64(20 * 24 * time.Hour))))})
			}
			got, ok := c.AddExcluding(from, d, pauses)
			want, wantOK := walkAdd(c, from, d, pauses)
			require.Equal(t, wantOK, ok)
			require.True(t, want.Equal(got), "%s: Add(%s, %s, %v) = %s, walk says %s", tz, from, d, pauses, got, want)
			to := from.Add(time.Duration(rng.Int64N(int64(500 * 24 * time.Hour))))
			require.Equal(t, walkBetween(c, from, to, pauses), c.BetweenExcluding(from, to, pauses), "%s: Between(%s, %s)", tz, from, to)
		}
	}
}

// walkAdd and walkBetween are AddExcluding and BetweenExcluding stepping day by day.
func walkAdd(c *Calendar, from time.Time, d time.Duration, pauses []Span) (time.Time, bool) {
	ps, openFrom := sortedPauses(pauses)
	var at time.Time
	found, stalled, remaining := false, false, d
	c.working(from, func(s, e time.Time) bool {
		if !openFrom.IsZero() && !s.Before(openFrom) {
			stalled = true
			return false
		}
		return free(s, e, ps, func(a, b time.Time) bool {
			if n := b.Sub(a); n < remaining {
				remaining -= n
				return true
			}
			at, found = a.Add(remaining), true
			return false
		})
	}, nil)
	return at, found && !stalled
}

func walkBetween(c *Calendar, from, to time.Time, pauses []Span) time.Duration {
	if !to.After(from) {
		return 0
	}
	ps, _ := sortedPauses(pauses)
	var sum time.Duration
	c.working(from, func(s, e time.Time) bool {
		if !s.Before(to) {
			return false
		}
		e = minTime(e, to)
		free(s, e, ps, func(a, b time.Time) bool { sum += b.Sub(a); return true })
		return e.Before(to)
	}, nil)
	return sum
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// §5: a local day that does not exist is no working time: Pacific/Apia went from 2011-12-29
// straight to 2011-12-31, so a calendar open all day every day has 48 hours from the 29th to the
// 1st, not 72.
func TestCalendar_Clause5_SkippedLocalDayIsNoWorkingTime(t *testing.T) {
	day := []Period{{At(0, 0), At(24, 0)}}
	c := mustCalendar(t, CalendarRules{TimeZone: "Pacific/Apia", Week: Week{Monday: day, Tuesday: day,
		Wednesday: day, Thursday: day, Friday: day, Saturday: day, Sunday: day}})
	apia := c.Location()
	from, to := time.Date(2011, 12, 29, 0, 0, 0, 0, apia), time.Date(2012, 1, 1, 0, 0, 0, 0, apia)
	require.Equal(t, to.Sub(from), c.Between(from, to), "business time is the real time that passed")
	require.Equal(t, 48*time.Hour, c.Between(from, to))
	require.True(t, c.Add(from, 30*time.Hour).Equal(time.Date(2011, 12, 31, 6, 0, 0, 0, apia)))
}

// §5, §9: the longest deadline a valid policy allows on the sparsest calendar answers without a
// day-by-day walk (BenchmarkCalendarLongestDeadline measures it).
func BenchmarkCalendarLongestDeadline(b *testing.B) {
	rules := DefaultCalendarRules()
	rules.Week = Week{Monday: []Period{{At(9, 0), At(9, 1)}}}
	c := mustCalendar(b, rules)
	from := time.Date(2026, 3, 2, 10, 0, 0, 0, c.Location())
	limit := time.Duration(maxDeadlineWeeks) * c.weekly()
	b.ReportAllocs()
	for b.Loop() {
		c.Add(from, limit)
	}
}
