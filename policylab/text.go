package policylab

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteText writes the report for a terminal: the totals per kind, the reward cost and grade
// shifts, then every changed outcome with both values and the record behind it, then every
// outcome that could not be replayed and why.
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
	for _, o := range r.Outcomes {
		if o.Status == NotReplayable {
			ew.printf("  %-22s %s %s (%s): %s\n", o.Kind, o.RecordKind, o.Record, o.Ref, o.Reason)
		}
	}
	return ew.err
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
