package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/safety"
)

// gatherSafety reads the month's safety picture back through the safety Service (§8), and the
// dispatches its register refused as the dispatch desk saw them.
func (s *sim) gatherSafety(ctx context.Context, m *Month) error {
	sum, err := s.ss.Summary(ctx, s.manager.actor, s.start, s.end)
	if err != nil {
		return fmt.Errorf("safety summary: %w", err)
	}
	m.Safety, m.SafetyRefusals = sum, s.refusal
	return nil
}

var safetyLabels = dealerkit.NewCatalogue(safety.Labels())

func label(v dealerkit.Labelled) string { return safetyLabels.Value(dealerkit.English, v) }

// writeSafety is the §8 section: the register at the month's end, the inspections that failed or
// came late and the dispatches refused meanwhile, area findings, incidents by class and drills.
func writeSafety(w io.Writer, m *Month) {
	sm := m.Safety
	line := func(name, format string, args ...any) {
		fmt.Fprintf(w, "%-28s %s\n", name, fmt.Sprintf(format, args...))
	}
	usable := 0
	for _, e := range sm.Equipment {
		if e.Usable {
			usable++
		}
	}
	line("equipment (§8.2)", "%d in the register, %d usable at month end", len(sm.Equipment), usable)
	for _, e := range sm.Equipment {
		status := "in service"
		if !e.Usable {
			status = fmt.Sprintf("OUT OF SERVICE: %s since %s", label(e.Reason), e.Since.In(local).Format("Jan 2 15:04"))
		}
		next := "-"
		if !e.NextDue.IsZero() {
			next = e.NextDue.In(local).Format("2006-01-02 15:04")
		}
		fmt.Fprintf(w, "  %-7s %-32s next due %-16s  %s\n", e.Code, label(e.Type), next, status)
	}
	var kinds []string
	total := 0
	for _, k := range safety.InspectionKinds() {
		if n := sm.Inspections[k]; n > 0 {
			kinds = append(kinds, fmt.Sprintf("%s %d", label(k), n))
			total += n
		}
	}
	line("inspections", "%d (%s), %d failed, %d late", total, strings.Join(kinds, ", "), len(sm.Failed), len(sm.Late))
	for _, i := range sm.Failed {
		fmt.Fprintf(w, "  failed  %-7s %s: %s\n", i.Code, i.PerformedAt.In(local).Format("Jan 2 15:04"), strings.Join(i.Failed, ", "))
	}
	for _, i := range sm.Late {
		fmt.Fprintf(w, "  late    %-7s due %s, done %s: out of service %v\n", i.Code, i.DueAt.In(local).Format("Jan 2 15:04"),
			i.PerformedAt.In(local).Format("Jan 2 15:04"), i.Late.D().Round(time.Hour))
	}
	line("dispatches refused", "%d", len(m.SafetyRefusals))
	for _, r := range m.SafetyRefusals {
		fmt.Fprintf(w, "  %s\n", r)
	}
	f := sm.Findings
	line("area checks (§8.1)", "%d, %d findings: %d closed, %d open (%d awaiting verification, %d uncorrected past due)",
		f.Checks, f.Total, f.Closed, f.Open, f.Open-f.Uncorrected, f.Overdue)
	in := sm.Incidents
	var classes []string
	for _, c := range safety.IncidentClasses() {
		if n := in.ByClass[c]; n > 0 {
			classes = append(classes, fmt.Sprintf("%s %d", label(c), n))
		}
	}
	var statutory []string
	for _, c := range safety.StatutoryClasses() {
		if n := in.ByStatutory[c]; n > 0 {
			statutory = append(statutory, fmt.Sprintf("%s %d", label(c), n))
		}
	}
	if len(statutory) == 0 {
		statutory = []string{"none"}
	}
	line("incidents (§8.3)", "%d: %s; statutory class: %s", in.Total, strings.Join(classes, ", "), strings.Join(statutory, ", "))
	var states []string
	for _, st := range safety.IncidentStates() {
		if n := in.ByState[st]; n > 0 {
			states = append(states, fmt.Sprintf("%s %d", label(st), n))
		}
	}
	line("", "%s; %d repeat(s) on the same equipment or area; %d action(s) not yet effective", strings.Join(states, ", "), in.Repeats, in.OpenActions)
	line("drills (§8.4)", "%d held, %d participations", sm.Drills, sm.Participants)
	for _, c := range sm.Compliance {
		status := "compliant"
		if c.Overdue {
			status = "OVERDUE"
		}
		last := "never"
		if !c.Last.IsZero() {
			last = c.Last.In(local).Format("2006-01-02")
		}
		fmt.Fprintf(w, "  %-26s every %4.0f days, last %s: %s\n", c.Requirement, c.Every.D().Hours()/24, last, status)
	}
	fmt.Fprintln(w, "(safety training certificates are the training package's; dispatch asks both)")
}
