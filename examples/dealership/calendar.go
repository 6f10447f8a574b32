package main

import (
	"fmt"
	"slices"
	"time"
	_ "time/tzdata" // the dealer's zone must load on a machine without a zoneinfo database

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/complaints"
)

// The dealership's business calendar. One calendar drives both the workshop (which days it opens)
// and the complaint deadlines (§5: counted in business time of the dealer's calendar), so a
// complaint's clock runs exactly when the dealership is open.

// timeZone is the dealership's zone; Shanghai has kept China Standard Time all year since 1991.
const timeZone = "Asia/Shanghai"

// local is the dealership's zone. The library stores UTC; the calendar reads its hours, holidays
// and make-up days here. time/tzdata is embedded, so loading it cannot fail; the fixed offset is
// the same zone, should it ever.
var local = func() *time.Location {
	if l, err := time.LoadLocation(timeZone); err == nil {
		return l
	}
	return time.FixedZone("CST", 8*60*60)
}()

// Opening hours: Monday to Saturday, 08:30 to 18:00 (the workshop may run up to 30 minutes over to
// finish a job, which is not business time).
const (
	openHour, openMinute = 8, 30
	closeHour            = 18
	overtime             = 30 * time.Minute
)

// holiday is one public holiday of the State Council's schedule (放假) or a make-up working day
// (调休上班) that pays for a bridge.
type holiday struct {
	date   complaints.Date
	name   string
	makeUp bool
}

func day(y int, m time.Month, d int) complaints.Date {
	return complaints.Date{Year: y, Month: m, Day: d}
}

// days lists the consecutive dates from first to last, inclusive, as holidays called name.
func days(name string, first complaints.Date, n int) []holiday {
	out := make([]holiday, n)
	for i := range out {
		t := time.Date(first.Year, first.Month, first.Day+i, 12, 0, 0, 0, time.UTC)
		out[i] = holiday{date: day(t.Year(), t.Month(), t.Day()), name: name}
	}
	return out
}

func workday(name string, d complaints.Date) holiday {
	return holiday{date: d, name: name, makeUp: true}
}

// publicHolidays is the State Council's schedule of public holidays and make-up working days for
// 2025 (published 12 November 2024) and 2026 (published 4 November 2025). Months outside these
// years have weekly hours only. The default month, April 2025, has both: the shop is closed over
// Qingming (Friday 4 to Sunday 6 April) and opens on Sunday 27 April, a make-up day for the May
// Day bridge.
var publicHolidays = slices.Concat(
	days("New Year", day(2025, 1, 1), 1),
	[]holiday{workday("Spring Festival", day(2025, 1, 26))},
	days("Spring Festival", day(2025, 1, 28), 8),
	[]holiday{workday("Spring Festival", day(2025, 2, 8))},
	days("Qingming", day(2025, 4, 4), 3),
	[]holiday{workday("May Day", day(2025, 4, 27))},
	days("May Day", day(2025, 5, 1), 5),
	days("Dragon Boat", day(2025, 5, 31), 3),
	[]holiday{workday("National Day", day(2025, 9, 28))},
	days("National Day", day(2025, 10, 1), 8),
	[]holiday{workday("National Day", day(2025, 10, 11))},

	days("New Year", day(2026, 1, 1), 3),
	[]holiday{workday("New Year", day(2026, 1, 4)), workday("Spring Festival", day(2026, 2, 14))},
	days("Spring Festival", day(2026, 2, 15), 9),
	[]holiday{workday("Spring Festival", day(2026, 2, 28))},
	days("Qingming", day(2026, 4, 4), 3),
	days("May Day", day(2026, 5, 1), 5),
	[]holiday{workday("May Day", day(2026, 5, 9))},
	days("Dragon Boat", day(2026, 6, 19), 3),
	[]holiday{workday("National Day", day(2026, 9, 20))},
	days("Mid-Autumn", day(2026, 9, 25), 3),
	days("National Day", day(2026, 10, 1), 7),
	[]holiday{workday("National Day", day(2026, 10, 10))},
)

// calendarRules are the dealership's calendar as the complaints policy holds it.
func calendarRules() complaints.CalendarRules {
	open := []complaints.Period{{From: complaints.At(openHour, openMinute), To: complaints.At(closeHour, 0)}}
	r := complaints.CalendarRules{TimeZone: timeZone, Week: complaints.Week{
		Monday: open, Tuesday: open, Wednesday: open, Thursday: open, Friday: open, Saturday: open}}
	for _, h := range publicHolidays {
		if h.makeUp {
			r.MakeUpDays = append(r.MakeUpDays, h.date)
		} else {
			r.Holidays = append(r.Holidays, h.date)
		}
	}
	r.MakeUpHours = open
	return r
}

// complaintPolicy is the library's default complaint policy (deadlines per severity, survey
// threshold 7 of 10, windows, root causes) on the dealership's calendar, with the dealership's
// own survey item "advisor" mapped to service attitude.
func complaintPolicy(dealer dealerkit.DealerID) (*dealerkit.Table[complaints.Policy], error) {
	p := complaints.DefaultPolicy()
	p.Calendar = calendarRules()
	p.SurveyCategories["advisor"] = complaints.CategoryServiceAttitude
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("complaint policy: %w", err)
	}
	return &dealerkit.Table[complaints.Policy]{Dealers: map[dealerkit.DealerID]dealerkit.Versions[complaints.Policy]{
		dealer: dealerkit.Single("shanghai-2025-2026", p)}}, nil
}

// calendarNote describes the month's calendar for the report: the weekly hours, then the month's
// holidays and make-up days, consecutive days of one holiday as one line.
func calendarNote(start, end time.Time) []string {
	lines := []string{fmt.Sprintf("%s, Mon-Sat %02d:%02d-%02d:00", timeZone, openHour, openMinute, closeHour)}
	var run []holiday
	flush := func() {
		if len(run) == 0 {
			return
		}
		first, last := run[0], run[len(run)-1]
		span := fmt.Sprintf("%s %d", first.date.Month.String()[:3], first.date.Day)
		if len(run) > 1 {
			span += fmt.Sprintf("-%d", last.date.Day)
		}
		if first.makeUp {
			lines = append(lines, fmt.Sprintf("open %s %s (make-up day for %s)", first.date.Weekday().String()[:3], span, first.name))
		} else {
			lines = append(lines, fmt.Sprintf("closed %s (%s)", span, first.name))
		}
		run = nil
	}
	for _, h := range publicHolidays {
		t := time.Date(h.date.Year, h.date.Month, h.date.Day, 12, 0, 0, 0, local)
		if t.Before(start) || !t.Before(end) {
			continue
		}
		if n := len(run); n > 0 && (run[n-1].makeUp || h.makeUp || run[n-1].name != h.name || run[n-1].date.Day+1 != h.date.Day) {
			flush()
		}
		run = append(run, h)
	}
	flush()
	return lines
}

// closedOn and openOn index publicHolidays for the workshop's isBusinessDay.
var closedOn, openOn = func() (closed, open map[complaints.Date]bool) {
	closed, open = map[complaints.Date]bool{}, map[complaints.Date]bool{}
	for _, h := range publicHolidays {
		if h.makeUp {
			open[h.date] = true
		} else {
			closed[h.date] = true
		}
	}
	return closed, open
}()

// isBusinessDay reports whether the dealership opens on t's day: Monday to Saturday except public
// holidays, and make-up days whatever their weekday. TestCalendar holds it against the complaints
// calendar, which counts the deadlines.
func isBusinessDay(t time.Time) bool {
	d := complaints.DateOf(t, local)
	switch {
	case closedOn[d]:
		return false
	case openOn[d]:
		return true
	}
	return d.Weekday() != time.Sunday
}
