package policylab

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/google/uuid"
)

// WriteText writes the report for a terminal: the totals per kind, the reward cost and grade
// shifts, then every changed outcome with both values and the record behind it, then the groups
// of outcomes that could not be replayed (Report.Unreplayable): why, how many, and the sample
// records. Not replayable outcomes kept in Outcomes (Options.KeepUnreplayable) are not listed
// one by one: their groups count them all.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("Policy lab: A = %s, B = %s; %d dealer(s), %d records read\n\n", r.A, r.B, len(r.Dealers), r.Records)
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	labels := Labels()
	fmt.Fprintln(tw, "KIND\t\tUNCHANGED\tCHANGED\tNOT REPLAYABLE")
	for _, k := range Kinds() {
		t := r.Totals[k]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\n", labels[k.LabelKey()].EN, k, t.Unchanged, t.Changed, t.NotReplayable)
	}
	tw.Flush()
	ea, eb := 0, 0
	for _, wk := range r.Escalations {
		ea, eb = ea+wk.A, eb+wk.B
	}
	ew.printf("\nEscalations: A %d, B %d\n", ea, eb)
	ew.printf("Reward cost: A %s reward, %s penalty; B %s reward, %s penalty\n",
		money(r.CostA.Reward), money(r.CostA.Penalty), money(r.CostB.Reward), money(r.CostB.Penalty))
	for _, g := range r.Grades {
		if g.A != g.B {
			ew.printf("Grade shift %s -> %s: %d\n", g.A, g.B, g.Count)
		}
	}
	ew.printf("\nCHANGED\n")
	for _, o := range r.Outcomes {
		if o.Status == Changed {
			ew.printf("  %-22s %s %s (%s)\n      A: %s\n      B: %s\n", o.Kind, o.RecordKind, o.Record, o.Ref, o.A, o.B)
		}
	}
	ew.printf("\nNOT REPLAYABLE\n")
	for _, g := range r.Unreplayable {
		ew.printf("  %-22s %s: %s: %d\n", g.Kind, g.Ref, g.Reason, g.Count)
		for _, s := range g.Samples {
			ew.printf("      %s\n", r.sampleText(s))
		}
		if more := g.Count - len(g.Samples); more > 0 {
			ew.printf("      and %d more\n", more)
		}
	}
	return ew.err
}

// sampleText is a sample record in a line: its kind and id, the event's seq if any, when, and
// the dealer when the report has more than one.
func (r *Report) sampleText(s UnreplayableSample) string {
	out := s.RecordKind + " " + s.Record.String()
	if s.Seq != 0 {
		out += fmt.Sprintf(" seq %d", s.Seq)
	}
	out += " at " + s.At.UTC().Format("2006-01-02 15:04 UTC")
	if len(r.Dealers) > 1 {
		out += ", dealer " + uuid.UUID(s.Dealer).String()
	}
	return out
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
