package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/shopspring/decimal"
)

// AppraisalMonth is the month-end appraisal (§6), read back after the staff responded.
type AppraisalMonth struct {
	Version, Candidate string
	Appraisals         []*appraisal.Appraisal // as stored, frozen
	Compare            appraisal.Comparison   // the scheme in force beside the candidate (§6.4)
}

var roleOrder = map[string]int{"service_advisor": 0, "technician": 1, "quality_inspector": 2, "parts_clerk": 3}

// writeAppraisal is the appraisal section: grades, rewards and penalties, the figures behind
// them, and the comparison of the scheme in force with the candidate.
func writeAppraisal(w io.Writer, m *Month) {
	ap := m.Appraisal
	if ap == nil {
		fmt.Fprintln(w, "no appraisal")
		return
	}
	list := append([]*appraisal.Appraisal(nil), ap.Appraisals...)
	sort.SliceStable(list, func(i, j int) bool { return roleOrder[list[i].Role()] < roleOrder[list[j].Role()] })
	first := list[0].Rules()
	fmt.Fprintf(w, "%-28s %s (bands %s; missing data: %s)\n", "scheme version (§6.1)", first.Version, bands(first.Bands), first.MissingData)
	fmt.Fprintf(w, "%-28s %s\n", "signed off (§3.1(3))", signedOff(list, m))
	fmt.Fprintf(w, "%-18s %-17s %6s %5s %9s %9s  %s\n", "staff", "role", "total", "grade", "reward", "penalty", "other outcomes")
	reward, penalty := decimal.Zero, decimal.Zero
	for _, a := range list {
		r := a.Result()
		total, grade := "—", "—"
		if r.Complete {
			total, grade = r.Total.Decimal.StringFixed(2), r.Grade
		}
		reward, penalty = reward.Add(r.Reward), penalty.Add(r.Penalty)
		fmt.Fprintf(w, "%-18s %-17s %6s %5s %9s %9s  %s\n", m.Names[a.Staff()], a.Role(), total, grade, money(r.Reward), money(r.Penalty), others(r))
	}
	fmt.Fprintf(w, "%-18s %-17s %6s %5s %9s %9s\n", "total", "", "", "", money(reward), money(penalty))
	fmt.Fprintln(w, "figures behind each score (value, facts measured, score × weight; — = insufficient data, §6.4):")
	for _, a := range list {
		r := a.Result()
		var parts []string
		records := 0
		for _, d := range r.Dimensions {
			records += len(d.Value.Records)
			score := "—"
			if d.Score.Valid {
				score = d.Score.Decimal.StringFixed(2)
			}
			parts = append(parts, fmt.Sprintf("%s %s (n=%d) %s×%s%%", d.Key, d.Value.Value.StringFixed(2), d.Value.Sample, score, d.Weight))
		}
		note := ""
		if r.Renormalised {
			note = fmt.Sprintf(" [renormalised over %s%%]", r.ScoredWeight)
		}
		fmt.Fprintf(w, "  %-16s %s; %d records%s\n", m.Names[a.Staff()], strings.Join(parts, ", "), records, note)
	}
	for _, a := range list {
		s := a.Snapshot()
		var objection, answer string
		for _, e := range s.History {
			switch e.Step {
			case appraisal.StepObject:
				objection = e.Note
			case appraisal.StepAnswer:
				answer = e.Note
			}
		}
		if objection != "" {
			fmt.Fprintf(w, "%-28s %s: %q; answer: %q; now %s\n", "objection", m.Names[a.Staff()], objection, answer, a.State())
		}
	}
	c := ap.Compare
	fmt.Fprintf(w, "scheme review (§6.4): %s beside %s over the same month\n", c.A, c.B)
	for _, row := range c.Rows {
		if row.Role != "technician" {
			continue
		}
		mark := ""
		if row.GradeChanged {
			mark = "  grade changes"
		}
		fmt.Fprintf(w, "  %-16s %s %s → %s %s%s\n", m.Names[row.Staff], totalOf(row.A), gradeOf(row.A), totalOf(row.B), gradeOf(row.B), mark)
	}
	fmt.Fprintf(w, "%-28s %d of %d staff\n", "grade changes", c.Changed, len(c.Rows))
	fmt.Fprintf(w, "%-28s rewards %s → %s, penalties %s → %s\n", "cost", money(c.CostA.Reward), money(c.CostB.Reward),
		money(c.CostA.Penalty), money(c.CostB.Penalty))
	for _, f := range []struct {
		name string
		fair appraisal.Fairness
	}{{c.A, c.FairA}, {c.B, c.FairB}} {
		var roles []string
		for _, sp := range f.fair.Roles {
			if sp.Mean.Valid {
				roles = append(roles, fmt.Sprintf("%s %s..%s mean %s", sp.Role, sp.Min.Decimal.StringFixed(2), sp.Max.Decimal.StringFixed(2), sp.Mean.Decimal.StringFixed(2)))
			}
		}
		fmt.Fprintf(w, "  fairness %-17s insufficient data %d of %d dimensions (%s%%); %s\n", f.name, f.fair.Insufficient, f.fair.Dimensions,
			f.fair.InsufficientShare.StringFixed(2), strings.Join(roles, "; "))
	}
	var cov []string
	for _, sc := range c.Coverage {
		cov = append(cov, fmt.Sprintf("%s %d/%d (%s%%)", m.Names[sc.Advisor], sc.Surveyed, sc.Orders, sc.Share.StringFixed(2)))
	}
	fmt.Fprintf(w, "%-28s %s\n", "survey coverage per advisor", strings.Join(cov, ", "))
}

func bands(bs []appraisal.Band) string {
	var out []string
	for _, b := range bs {
		out = append(out, fmt.Sprintf("%s ≥ %s", b.Grade, b.Min))
	}
	return strings.Join(out, ", ")
}

func signedOff(list []*appraisal.Appraisal, m *Month) string {
	if s := list[0].SignedOff(); s != nil {
		return fmt.Sprintf("%d appraisals by %s on %s", len(list), m.Names[s.By.Staff], s.At.In(local).Format("2 Jan 15:04"))
	}
	return "not yet"
}

func others(r appraisal.Result) string {
	var out []string
	for _, o := range r.Outcomes {
		switch o.Kind {
		case appraisal.OutcomeCriticism:
			out = append(out, "criticism")
		case appraisal.OutcomeRetraining:
			out = append(out, "retraining: "+o.Skill+" ("+o.Dimension+")")
		case appraisal.OutcomePenalty, appraisal.OutcomeReward:
			if o.Basis == appraisal.BasisPerUnit {
				out = append(out, fmt.Sprintf("%s %d × %s", o.Kind, o.Units, o.Unit))
			} else if o.Basis == appraisal.BasisPercent {
				out = append(out, fmt.Sprintf("%s on %s %s", o.Kind, o.Base, money(o.BaseValue)))
			}
		}
	}
	return strings.Join(out, "; ")
}

func totalOf(r appraisal.Result) string {
	if !r.Complete {
		return "—"
	}
	return r.Total.Decimal.StringFixed(2)
}

func gradeOf(r appraisal.Result) string {
	if r.Grade == "" {
		return "—"
	}
	return r.Grade
}
