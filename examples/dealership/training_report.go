package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// TrainingMonth is the training side of the month, read back at its end through training.Service
// as the manager.
type TrainingMonth struct {
	Sessions   []*training.Session // held or booked in the month, external training included
	Courses    map[uuid.UUID]*training.Course
	Completion training.Completion     // plans in force at the month's end, by role and subject (§7.1)
	Expiring   []training.Expiring     // certificates flagged for renewal at the month's end
	Ladder     []training.Standing     // the technician track (§7.4)
	Refusals   []Refusal               // dispatches training refused (§3.3, §4.2.2)
	Statuses   map[training.Status]int // every certificate at the month's end
}

func (s *sim) gatherTraining(ctx context.Context, m *Month) error {
	a, tr := s.manager.actor, s.tr
	t := &TrainingMonth{Courses: map[uuid.UUID]*training.Course{}, Refusals: tr.refusals, Statuses: map[training.Status]int{}}
	for _, c := range tr.courses {
		t.Courses[c.ID()] = c
	}
	var err error
	sessions, err := tr.svc.Sessions(ctx, a, training.SessionFilter{From: s.start, Before: s.end.AddDate(0, 1, 0)}, "", dealerkit.MaxPageSize)
	if err != nil {
		return fmt.Errorf("training sessions: %w", err)
	}
	t.Sessions = sessions.Items
	if t.Completion, err = tr.svc.Completion(ctx, a, s.end.Add(-1)); err != nil {
		return fmt.Errorf("training completion: %w", err)
	}
	if t.Expiring, err = tr.svc.Expiring(ctx, a, s.end); err != nil {
		return fmt.Errorf("expiring certificates: %w", err)
	}
	if t.Ladder, err = tr.svc.Ladder(ctx, a, s.end); err != nil {
		return fmt.Errorf("career ladder: %w", err)
	}
	certs, err := tr.svc.Certificates(ctx, a, training.CertificateFilter{}, "", dealerkit.MaxPageSize)
	if err != nil {
		return fmt.Errorf("certificates: %w", err)
	}
	for _, c := range certs.Items {
		t.Statuses[c.Status(s.end)]++
	}
	m.Training = t
	return nil
}

func writeTraining(w io.Writer, m *Month) {
	t := m.Training
	line := func(label, format string, args ...any) {
		fmt.Fprintf(w, "%-28s %s\n", label, fmt.Sprintf(format, args...))
	}
	name := func(id dealerkit.StaffID) string {
		if n, ok := m.Names[id]; ok {
			return n
		}
		return id.String()
	}
	fmt.Fprintln(w, "sessions (§7.2, §7.3):")
	hours, cost := decimal.Zero, decimal.Zero
	for _, se := range t.Sessions {
		c := t.Courses[se.Course()]
		pass, fail, absent := 0, 0, 0
		for _, at := range se.Attendees() {
			hours = hours.Add(at.Hours)
			switch at.Result {
			case training.ResultPass:
				pass++
			case training.ResultFail:
				fail++
			case training.ResultAbsent:
				absent++
			}
			if se.State() == training.SessionCompleted && at.Attended {
				cost = cost.Add(c.Cost())
			}
		}
		kind := "internal"
		if se.External() {
			kind = "external record"
		} else if c.Delivery() == training.DeliveryExternal {
			kind = "external"
		}
		fmt.Fprintf(w, "  %s %-9s %-40s %-15s %-9s pass %d, fail %d, absent %d\n", se.StartsAt().In(local).Format("Jan 02"),
			c.Code(), c.Title(), kind, se.State(), pass, fail, absent)
	}
	line("training hours attended", "%s", hours.StringFixed(1))
	line("external course cost", "%s", cost.StringFixed(2))

	fmt.Fprintln(w, "plan completion at month end (§7.1):")
	for _, r := range t.Completion.ByRole {
		fmt.Fprintf(w, "  %-26s %d/%d  %s%%\n", r.Role, r.Done, r.Required, r.Rate.Rate.Shift(2).StringFixed(1))
	}
	for _, r := range t.Completion.BySubject {
		fmt.Fprintf(w, "  %-26s %d/%d  %s%%\n", r.Subject, r.Done, r.Required, r.Rate.Rate.Shift(2).StringFixed(1))
	}
	var st []string
	for _, s := range training.ItemStatuses() {
		st = append(st, fmt.Sprintf("%s %d", s, t.Completion.Statuses[s]))
	}
	line("  items", "%s", strings.Join(st, ", "))

	var cs []string
	for _, s := range training.Statuses() {
		if n := t.Statuses[s]; n > 0 {
			cs = append(cs, fmt.Sprintf("%s %d", s, n))
		}
	}
	line("certificates at month end", "%s", strings.Join(cs, ", "))
	fmt.Fprintln(w, "dispatches refused by training (§3.3, §4.2.2, §8.4):")
	for _, r := range t.Refusals {
		fmt.Fprintf(w, "  %s %s to %s: %s\n", r.At.In(local).Format("Jan 02 15:04"), r.Order, r.Tech, r.Reason)
	}
	if len(t.Refusals) == 0 {
		fmt.Fprintln(w, "  none")
	}
	fmt.Fprintln(w, "certificates to renew (within 90 and 30 days):")
	for _, e := range t.Expiring {
		what := "expires"
		if e.Review {
			what = "review due"
		}
		fmt.Fprintf(w, "  %-12s %-24s %-10s %s (%d-day window)\n", name(e.Certificate.Staff), e.Certificate.Type, what,
			e.DueAt.In(local).Format("2006-01-02"), e.WindowDays)
	}
	if len(t.Expiring) == 0 {
		fmt.Fprintln(w, "  none")
	}
	fmt.Fprintln(w, "career ladder, technician track (§7.4; grades unknown until appraisal is wired):")
	for _, s := range t.Ladder {
		var lacks []string
		for _, l := range s.Lacks {
			lacks = append(lacks, l.String())
		}
		next := s.Next
		if next == "" {
			next = "-"
		}
		fmt.Fprintf(w, "  %-12s %-18s -> %-18s %-12s %s\n", name(s.Staff), s.Rung, next, s.Eligibility, strings.Join(lacks, "; "))
	}
}
