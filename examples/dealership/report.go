package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/shopspring/decimal"
)

// Month is what the month-end report reads: only what the library recorded, read back through the
// public API and the event feed, never the simulation's own bookkeeping.
type Month struct {
	Config     Config
	Store      string // where the data lives, for the header
	Start, End time.Time
	Orders     []*aftersales.RepairOrder // opened in the month
	KPIs       aftersales.KPIs
	States     map[aftersales.State]int
	Overdue    []aftersales.OverdueJob // at midnight at the month's end (§4.2.3)
	Events     EventSummary
	Names      map[dealerkit.StaffID]string

	// Parts is the parts store's month (§3.4), read at its end.
	Parts *PartsMonth

	// Complaints is the §5.5 analysis of the complaints received in the month, read at its end.
	Complaints complaints.Analysis
	// ComplaintStates counts those complaints by the state they are in at the month's end, and
	// Escalated those with at least one missed deadline.
	ComplaintStates map[complaints.State]int
	Escalated       int
	Actions         []*complaints.CorrectiveAction // corrective actions (§5.5)
	Calendar        []string                       // the business calendar, as the report describes it

	// Safety is the §8 summary of the month, and SafetyRefusals the dispatches its equipment
	// register refused (safety_report.go).
	Safety         safety.Summary
	SafetyRefusals []string
	// Appraisal is the month-end staff appraisal (§6), made after the month closed.
	Appraisal *AppraisalMonth
	Training  *TrainingMonth // the training department's month (§7, §8.4), read at its end
}

// EventSummary is what the integrator feed delivered when read from the start in pages.
type EventSummary struct {
	Count, Pages int
	PageSize     int
	FirstSeq     int64
	LastSeq      int64
	Gaps         int // sequence numbers missing between pages; the feed promises none
	ByType       map[string]int
}

// eventPageSize is the page a DMS vendor's feed reader might use.
const eventPageSize = 500

// gather reads the month back: the orders opened in it, their KPIs, the jobs overdue at its end,
// the parts store's month, the complaints received in it and their analysis, the corrective
// actions and the whole event feed.
func (s *sim) gather(ctx context.Context, store Store) (*Month, error) {
	var events dealerkit.EventReader = store
	m := &Month{Config: s.cfg, Start: s.start, End: s.end, Names: s.names, States: map[aftersales.State]int{}}
	var err error
	q := aftersales.Query{OpenedFrom: s.start, OpenedBefore: s.end, Limit: dealerkit.MaxPageSize}
	for { // page through the month with the cursor a front end would pass back
		page, err := s.svc.List(ctx, s.manager.actor, q)
		if err != nil {
			return nil, fmt.Errorf("list orders: %w", err)
		}
		m.Orders = append(m.Orders, page.Items...)
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	m.KPIs = aftersales.ComputeKPIs(m.Orders)
	for _, o := range m.Orders {
		m.States[o.State()]++
	}
	if m.Overdue, err = s.svc.Overdue(ctx, s.manager.actor); err != nil {
		return nil, fmt.Errorf("overdue: %w", err)
	}
	if err := s.gatherParts(ctx, m); err != nil {
		return nil, err
	}
	if err := s.gatherComplaints(ctx, m); err != nil {
		return nil, err
	}
	if err := s.gatherSafety(ctx, m); err != nil {
		return nil, err
	}
	if err := s.appraise(ctx, store, m); err != nil {
		return nil, err
	}
	if err := s.gatherTraining(ctx, m); err != nil {
		return nil, err
	}
	m.Events, err = readFeed(ctx, events, s.dealer)
	return m, err
}

// readFeed pages through the dealer's event log the way an integrator would: remember the last
// sequence number seen and ask for what comes after it until a short page says it has caught up.
func readFeed(ctx context.Context, r dealerkit.EventReader, d dealerkit.DealerID) (EventSummary, error) {
	sum := EventSummary{PageSize: eventPageSize, ByType: map[string]int{}}
	var after int64
	for {
		page, err := r.Events(ctx, d, after, eventPageSize)
		if err != nil {
			return sum, fmt.Errorf("events after %d: %w", after, err)
		}
		sum.Pages++
		for _, e := range page {
			if sum.Count == 0 {
				sum.FirstSeq = e.Seq
			} else if e.Seq != after+1 {
				sum.Gaps++
			}
			sum.Count++
			sum.ByType[e.Type]++
			after = e.Seq
		}
		sum.LastSeq = after
		if len(page) < eventPageSize {
			return sum, nil
		}
	}
}

// A Section is one part of the month-end report. The aftersales sections come first; parts,
// complaints, appraisal, training and safety add theirs to sections as the simulation covers them.
type Section struct {
	Title string
	Write func(w io.Writer, m *Month)
}

func sections() []Section {
	return []Section{
		{"Repair orders (§4)", writeOrders},
		{"Service process (§4.1.1, §4.2.2, §4.2.3, §4.3.2)", writeProcess},
		{"Repair quality (§4.4.1, comebacks)", writeQuality},
		{"Revenue by pay type (§4.5.2)", writeRevenue},
		{"Technician efficiency (§4.3.1)", writeEfficiency},
		{"Parts (§3.4)", writeParts},
		{"Complaints (§5)", writeComplaints},
		{"Safety (§8)", writeSafety},
		{"Staff appraisal (§6)", writeAppraisal},
		{"Training (§7, §8.4)", writeTraining},
		{"Event feed (integrator view)", writeEvents},
	}
}

// WriteReport prints the month-end report.
func WriteReport(w io.Writer, m *Month) {
	fmt.Fprintf(w, "dealerkit dealership simulation: %s\n", m.Start.Format("January 2006"))
	fmt.Fprintf(w, "seed %d, %d new arrivals, store %s\n", m.Config.Seed, m.Config.Orders, m.Store)
	for _, s := range sections() {
		fmt.Fprintf(w, "\n%s\n%s\n", s.Title, strings.Repeat("=", len([]rune(s.Title))))
		s.Write(w, m)
	}
}

func writeOrders(w io.Writer, m *Month) {
	k := m.KPIs
	fmt.Fprintf(w, "%-28s %d\n", "opened", k.Orders)
	fmt.Fprintf(w, "%-28s %d (closed after follow-up: %d)\n", "delivered", k.Delivered, m.States[aftersales.StateClosed])
	fmt.Fprintf(w, "%-28s %d\n", "cancelled", k.Cancelled)
	open := k.Orders - k.Delivered - k.Cancelled
	var parts []string
	for _, st := range aftersales.States() {
		switch st {
		case aftersales.StateDelivered, aftersales.StateClosed, aftersales.StateCancelled:
			continue
		}
		if n := m.States[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", st, n))
		}
	}
	fmt.Fprintf(w, "%-28s %d", "open at month end", open)
	if len(parts) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
}

func writeProcess(w io.Writer, m *Month) {
	k := m.KPIs
	fmt.Fprintf(w, "%-28s mean %s, max %s\n", "time to greet", k.MeanTimeToGreet.Round(time.Second), k.MaxTimeToGreet.Round(time.Second))
	fmt.Fprintf(w, "%-28s %s\n", "jobs done by promised time", rate(k.OnTime))
	fmt.Fprintf(w, "%-28s %s\n", "extra work approved (lines)", rate(k.ExtraWorkApproval))
	fmt.Fprintf(w, "%-28s %d\n", "jobs overdue at month end", len(m.Overdue))
	for i, j := range m.Overdue {
		if i == 5 {
			fmt.Fprintf(w, "  … and %d more\n", len(m.Overdue)-5)
			break
		}
		fmt.Fprintf(w, "  %s  %-12s promised %s, %s late\n", j.Number, m.Names[j.Technician],
			j.PromisedAt.In(local).Format("Jan 2 15:04"), j.Overdue.Round(time.Minute))
	}
}

func writeQuality(w io.Writer, m *Month) {
	k := m.KPIs
	fmt.Fprintf(w, "%-28s %s\n", "QC first-pass rate", rate(k.FirstPassQC))
	fmt.Fprintf(w, "%-28s %d\n", "failed inspections (rework)", k.Reworks)
	fmt.Fprintf(w, "%-28s %d of %d orders\n", "comebacks", k.Comebacks, k.Orders)
}

func writeRevenue(w io.Writer, m *Month) {
	fmt.Fprintf(w, "%-12s %12s %12s %12s\n", "pay type", "labour", "parts", "total")
	labour, parts := decimal.Zero, decimal.Zero
	for _, p := range aftersales.PayTypes() {
		r, ok := m.KPIs.Revenue[p]
		if !ok {
			continue
		}
		fmt.Fprintf(w, "%-12s %12s %12s %12s\n", p, r.Labour.StringFixed(2), r.Parts.StringFixed(2), r.Labour.Add(r.Parts).StringFixed(2))
		labour, parts = labour.Add(r.Labour), parts.Add(r.Parts)
	}
	fmt.Fprintf(w, "%-12s %12s %12s %12s\n", "all", labour.StringFixed(2), parts.StringFixed(2), labour.Add(parts).StringFixed(2))
	fmt.Fprintln(w, "(settled orders, after discounts; prices include 13% VAT)")
}

func writeEfficiency(w io.Writer, m *Month) {
	fmt.Fprintf(w, "%-12s %6s %10s %10s %10s\n", "technician", "jobs", "standard h", "clocked h", "efficiency")
	for _, e := range m.KPIs.Technicians {
		fmt.Fprintf(w, "%-12s %6d %10s %10s %9s%%\n", m.Names[e.Technician], e.Jobs, e.StandardHours.StringFixed(1),
			e.ClockedHours.StringFixed(1), e.Ratio().Shift(2).StringFixed(1))
	}
	fmt.Fprintln(w, "(standard hours / clocked hours on completed jobs; rework clocks time but earns no hours)")
}

func writeEvents(w io.Writer, m *Month) {
	e := m.Events
	fmt.Fprintf(w, "%d events read in %d pages of up to %d (seq %d..%d, %d gaps)\n", e.Count, e.Pages, e.PageSize,
		e.FirstSeq, e.LastSeq, e.Gaps)
	types := make([]string, 0, len(e.ByType))
	for t := range e.ByType {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool {
		if e.ByType[types[i]] != e.ByType[types[j]] {
			return e.ByType[types[i]] > e.ByType[types[j]]
		}
		return types[i] < types[j]
	})
	for i := 0; i < len(types); i += 2 {
		fmt.Fprintf(w, "  %-32s %5d", types[i], e.ByType[types[i]])
		if i+1 < len(types) {
			fmt.Fprintf(w, "    %-32s %5d", types[i+1], e.ByType[types[i+1]])
		}
		fmt.Fprintln(w)
	}
}

// rate renders a measured fraction as a percentage with its counts, or says there was nothing to
// measure rather than printing a misleading zero.
func rate(r aftersales.Rate) string {
	if !r.Measured() {
		return "n/a (nothing to measure)"
	}
	return fmt.Sprintf("%s%% (%d/%d)", r.Value().Shift(2).StringFixed(1), r.Num, r.Den)
}
