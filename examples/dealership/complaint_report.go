package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit/complaints"
)

// gatherComplaints reads the complaint side of the month back through the complaints Service: the
// §5.5 analysis of what was received in the month, where those complaints stand and the
// corrective actions.
func (s *sim) gatherComplaints(ctx context.Context, m *Month) error {
	var err error
	if m.Complaints, err = s.cs.Analyze(ctx, s.manager.actor, s.start, s.end); err != nil {
		return fmt.Errorf("analyse complaints: %w", err)
	}
	list, err := s.complaintList(ctx, complaints.Filter{ReceivedFrom: s.start, ReceivedBefore: s.end})
	if err != nil {
		return fmt.Errorf("list complaints: %w", err)
	}
	m.ComplaintStates = map[complaints.State]int{}
	for _, c := range list {
		m.ComplaintStates[c.State]++
		for _, d := range c.Deadlines {
			if d.Missed {
				m.Escalated++
				break
			}
		}
	}
	if m.Actions, err = s.cs.ListCorrectiveActions(ctx, s.manager.actor, complaints.CorrectiveFilter{}); err != nil {
		return fmt.Errorf("list corrective actions: %w", err)
	}
	m.Calendar = calendarNote(s.start, s.end)
	return nil
}

// writeComplaints is the §5.5 analysis of the month's complaints.
func writeComplaints(w io.Writer, m *Month) {
	a := m.Complaints
	line := func(label, format string, args ...any) {
		fmt.Fprintf(w, "%-28s %s\n", label, fmt.Sprintf(format, args...))
	}
	for i, l := range m.Calendar {
		label := ""
		if i == 0 {
			label = "business calendar"
		}
		line(label, "%s", l)
	}
	var open []string
	for _, st := range complaints.States() {
		if n := m.ComplaintStates[st]; n > 0 && st != complaints.StateClosed {
			open = append(open, fmt.Sprintf("%s %d", st, n))
		}
	}
	received := fmt.Sprintf("%d, %d closed", a.Complaints, a.Complaints-a.Open)
	if a.Open > 0 {
		received += fmt.Sprintf(", %d open (%s)", a.Open, strings.Join(open, ", "))
	}
	line("received (§5.1)", "%s", received)
	line("by channel", "%s", counts(complaints.Channels(), a.ByChannel))
	line("by category", "%s", counts(complaints.Categories(), a.ByCategory))
	line("by severity", "%s", counts(complaints.Severities(), a.BySeverity))
	line("by vehicle model", "%s", ranked(a.ByModel))
	line("repeat complaints", "%s", rate(a.Repeats))
	line("reopened (§5.4)", "%s", rate(a.Reopened))
	line("on comeback orders (§3.3)", "%s", rate(a.Comebacks))
	missed := 0
	for _, c := range a.Compliance {
		missed += c.Missed
	}
	line("escalations", "%d missed deadlines on %d complaints", missed, m.Escalated)
	line("level now", "%s", counts(complaints.Levels(), a.ByLevel))

	fmt.Fprintf(w, "\n%-16s %8s %7s %8s %11s  %s\n", "deadline", "on time", "missed", "pending", "superseded", "compliance")
	for _, c := range a.Compliance {
		fmt.Fprintf(w, "%-16s %8d %7d %8d %11d  %s\n", c.Step, c.OnTime, c.Missed, c.Pending, c.Superseded, rate(c.Rate))
	}
	fmt.Fprintln(w, "(deadlines per severity in business time; a superseded one gave way to a reopening)")

	fmt.Fprintf(w, "\n%-18s %6s %13s\n", "step reached", "n", "mean time")
	for _, t := range a.StepTimes {
		fmt.Fprintf(w, "%-18s %6d %13s\n", t.To, t.N, span(t.Mean.D(), t.N))
	}
	fmt.Fprintln(w, "(elapsed time from the step before, receipt for the first)")

	fmt.Fprintf(w, "\n%-22s %4s %7s %11s\n", "root cause (Pareto)", "n", "share", "cumulative")
	for _, p := range a.Pareto {
		vital := ""
		if p.Vital {
			vital = "  vital few"
		}
		fmt.Fprintf(w, "%-22s %4d %6s%% %10s%%%s\n", p.RootCause, p.Count, p.Share.Shift(2).StringFixed(1),
			p.Cumulative.Shift(2).StringFixed(1), vital)
	}
	if n := a.ByRootCause[complaints.Unclassified]; n > 0 {
		fmt.Fprintf(w, "%-22s %4d  (no root cause found yet)\n", complaints.Unclassified, n)
	}

	fmt.Fprintf(w, "\n%s\n", "staff named in complaints")
	type named struct {
		name string
		n    int
	}
	var staff []named
	for id, n := range a.ByStaff {
		staff = append(staff, named{m.Names[id], n})
	}
	slices.SortFunc(staff, func(x, y named) int { return cmp.Or(y.n-x.n, strings.Compare(x.name, y.name)) })
	for i := 0; i < len(staff); i += 3 {
		var row strings.Builder
		for _, x := range staff[i:min(i+3, len(staff))] {
			fmt.Fprintf(&row, "  %-12s %3d  ", x.name, x.n)
		}
		fmt.Fprintln(w, strings.TrimRight(row.String(), " "))
	}

	byState := map[complaints.CorrectiveState]int{}
	for _, x := range m.Actions {
		byState[x.State()]++
	}
	fmt.Fprintf(w, "\n%-28s %d (%s)\n", "corrective actions (§5.5)", len(m.Actions), counts(complaints.CorrectiveStates(), byState))
	for _, x := range m.Actions {
		status := x.State().String()
		switch {
		case x.State() == complaints.CorrectiveOpen && x.Missed():
			status = "overdue, escalated to " + x.Level().String()
		case !x.CompletedAt().IsZero():
			status = "completed " + x.CompletedAt().In(local).Format("Jan 2")
			if x.Missed() {
				status += " (late)"
			}
			if e := x.Effectiveness(); e != nil {
				status += fmt.Sprintf(", checked: %d complaints before, %d after", e.Before, e.After)
			} else {
				status += ", effectiveness check due " + x.CheckDueAt().In(local).Format("Jan 2 2006")
			}
		}
		n := len(x.Complaints())
		fmt.Fprintf(w, "  %s %s / %s, %d %s, owner %s, due %s: %s\n", x.OpenedAt().In(local).Format("Jan 2"),
			x.RootCause(), x.Category(), n, plural(n, "complaint"), m.Names[x.Owner()], x.DueAt().In(local).Format("Jan 2"), status)
	}
}

// counts renders the non-zero counts of an enumeration in its declared order.
func counts[K interface {
	comparable
	fmt.Stringer
}](keys []K, by map[K]int) string {
	var parts []string
	for _, k := range keys {
		if n := by[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// ranked renders counts largest first, then by name.
func ranked(by map[string]int) string {
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y string) int { return cmp.Or(by[y]-by[x], strings.Compare(x, y)) })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, by[k])
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// span renders a mean duration as days, hours and minutes; "-" when nothing was measured.
func span(d time.Duration, n int) string {
	if n == 0 {
		return "-"
	}
	d = d.Round(time.Minute)
	days, h, mins := d/(24*time.Hour), d%(24*time.Hour)/time.Hour, d%time.Hour/time.Minute
	if days > 0 {
		return fmt.Sprintf("%dd %02dh%02dm", days, h, mins)
	}
	return fmt.Sprintf("%dh%02dm", h, mins)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
