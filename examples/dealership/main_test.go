package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/go-sql-driver/mysql"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// testConfig is a smaller month than the default, so the test stays fast (it runs twice, under
// -race in CI), with a seed under which every kind of trouble the report shows happens at least
// once. If a change to the simulation leaves one out, pick another seed rather than fewer checks.
// It is the default month, April 2025: Qingming closes the shop on Friday 4 and Saturday 5 April
// and Sunday 27 April is a make-up working day.
var testConfig = Config{Seed: 8, Orders: 50, Month: time.Date(2025, 4, 1, 0, 0, 0, 0, local)}

// TestMonth runs the simulation on an SQLite file, as `go run ./examples/dealership` does, and on
// the memory store, side by side. Each month's figures must agree with what the simulation did,
// and the two reports must be identical: the example's figures do not depend on the adapter.
func TestMonth(t *testing.T) {
	var mu sync.Mutex
	reports := map[string]string{}
	t.Run("store", func(t *testing.T) {
		for _, name := range []string{"sqlite", "memory"} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				var store Store = memory.New()
				if name == "sqlite" {
					s, closeStore, _, err := openStore(ctx, filepath.Join(t.TempDir(), "month.db"))
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() {
						if err := closeStore(); err != nil {
							t.Error(err)
						}
					})
					store = s
				}
				m, st, err := simulate(ctx, store, testConfig)
				if err != nil {
					t.Fatal(err)
				}
				checkMonth(t, m, st)
				checkParts(t, m, st)
				checkComplaints(t, m, st)
				checkSafety(t, m, st)
				checkAppraisal(t, m)
				checkTraining(t, m)
				var out bytes.Buffer
				WriteReport(&out, m)
				for _, s := range sections() {
					if !strings.Contains(out.String(), s.Title) {
						t.Errorf("report lacks section %q", s.Title)
					}
				}
				mu.Lock()
				reports[name] = out.String()
				mu.Unlock()
			})
		}
	})
	if a, b := reports["memory"], reports["sqlite"]; a != b {
		t.Errorf("memory and SQLite reports differ:\n--- memory\n%s\n--- sqlite\n%s", a, b)
	}
}

// TestMonthMySQL runs the month on MySQL (DEALERKIT_TEST_MYSQL, through a mysql:// URL as -db
// takes it) and on SQLite: the reports must be identical. It skips without the DSN, except in CI.
func TestMonthMySQL(t *testing.T) {
	dsn := os.Getenv("DEALERKIT_TEST_MYSQL")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("DEALERKIT_TEST_MYSQL is not set: CI must run the MySQL tests")
		}
		t.Skip("DEALERKIT_TEST_MYSQL is not set")
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u := url.URL{Scheme: "mysql", User: url.UserPassword(cfg.User, cfg.Passwd), Host: cfg.Addr, Path: "/" + cfg.DBName}
	if cfg.Passwd == "" {
		u.User = url.User(cfg.User)
	}
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	name := "dkt_example_" + hex.EncodeToString(b) // not the example's own database: tests may run beside it
	conn, err := openMySQL(ctx, u.String(), name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := conn.ExecContext(context.Background(), "DROP DATABASE "+name); err != nil {
			t.Error(err)
		}
		conn.Close()
	})
	my, err := sqlstore.New(conn, sqlstore.MySQL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := my.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	lite, closeLite, _, err := openStore(ctx, filepath.Join(t.TempDir(), "month.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeLite() })
	reports := map[string]string{}
	for name, store := range map[string]Store{"mysql": my, "sqlite": lite} {
		m, st, err := simulate(ctx, store, testConfig)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkMonth(t, m, st)
		var out bytes.Buffer
		WriteReport(&out, m)
		reports[name] = out.String()
	}
	if a, b := reports["sqlite"], reports["mysql"]; a != b {
		t.Errorf("SQLite and MySQL reports differ:\n--- sqlite\n%s\n--- mysql\n%s", a, b)
	}
}

func checkMonth(t *testing.T, m *Month, st stats) {
	t.Helper()
	k := m.KPIs

	// Counts add up.
	if k.Orders != st.Arrivals || k.Orders != len(m.Orders) {
		t.Errorf("orders: KPIs %d, listed %d, opened by the simulation %d", k.Orders, len(m.Orders), st.Arrivals)
	}
	inStates := 0
	for _, n := range m.States {
		inStates += n
	}
	if inStates != k.Orders {
		t.Errorf("orders by state add up to %d, want %d", inStates, k.Orders)
	}
	if got := m.States[aftersales.StateDelivered] + m.States[aftersales.StateClosed]; got != k.Delivered {
		t.Errorf("delivered: KPIs %d, by state %d", k.Delivered, got)
	}
	if k.Cancelled != st.Cancelled || m.States[aftersales.StateCancelled] != st.Cancelled {
		t.Errorf("cancelled: KPIs %d, by state %d, simulated %d", k.Cancelled, m.States[aftersales.StateCancelled], st.Cancelled)
	}
	if k.Reworks != st.FailedInspections {
		t.Errorf("reworks %d, simulated failed inspections %d", k.Reworks, st.FailedInspections)
	}
	// §4.3.2: each proposal is a labour and a part line, decided together.
	if k.ExtraWorkApproval.Num != 2*st.ExtraApproved || k.ExtraWorkApproval.Den != 2*(st.ExtraApproved+st.ExtraDeclined) {
		t.Errorf("extra work %d/%d lines, simulated %d approved and %d declined proposals",
			k.ExtraWorkApproval.Num, k.ExtraWorkApproval.Den, st.ExtraApproved, st.ExtraDeclined)
	}
	if k.Comebacks > st.Comebacks {
		t.Errorf("%d comebacks, but only %d returns were simulated", k.Comebacks, st.Comebacks)
	}
	jobs := 0
	for _, e := range k.Technicians {
		jobs += e.Jobs
		if !e.StandardHours.IsPositive() || !e.ClockedHours.IsPositive() {
			t.Errorf("technician %s: %s standard, %s clocked hours", m.Names[e.Technician], e.StandardHours, e.ClockedHours)
		}
	}
	if jobs != k.OnTime.Den {
		t.Errorf("technicians' jobs add up to %d, completed jobs %d", jobs, k.OnTime.Den)
	}

	// Rates are fractions.
	for name, r := range map[string]aftersales.Rate{"on time": k.OnTime, "extra work": k.ExtraWorkApproval, "first pass": k.FirstPassQC} {
		if !r.Measured() || r.Num < 0 || r.Num > r.Den || r.Value().IsNegative() || r.Value().GreaterThan(decimal.NewFromInt(1)) {
			t.Errorf("%s rate %d/%d = %s is not a measured fraction", name, r.Num, r.Den, r.Value())
		}
	}
	if k.MeanTimeToGreet <= 0 || k.MeanTimeToGreet > k.MaxTimeToGreet {
		t.Errorf("time to greet: mean %s, max %s", k.MeanTimeToGreet, k.MaxTimeToGreet)
	}

	// Revenue is the sum of the statements, to the cent.
	want := map[aftersales.PayType]decimal.Decimal{}
	for _, o := range m.Orders {
		if s := o.Statement(); s != nil {
			for _, tot := range s.Totals {
				want[tot.PayType] = want[tot.PayType].Add(tot.Labour).Add(tot.Parts)
			}
		}
	}
	for _, p := range aftersales.PayTypes() {
		r := m.KPIs.Revenue[p]
		if got := r.Labour.Add(r.Parts); !got.Equal(want[p]) {
			t.Errorf("%s revenue %s, statements add up to %s", p, got, want[p])
		}
		if !want[p].IsPositive() {
			t.Errorf("no %s revenue: the month should have every pay type", p)
		}
	}

	// The feed delivers every event once, in order, and tells the same story.
	e := m.Events
	if e.Gaps != 0 || e.FirstSeq != 1 || int64(e.Count) != e.LastSeq {
		t.Errorf("feed: %d events, seq %d..%d, %d gaps", e.Count, e.FirstSeq, e.LastSeq, e.Gaps)
	}
	for typ, want := range map[string]int{
		"repair_order.opened":            k.Orders,
		"repair_order.cancelled":         k.Cancelled,
		"repair_order.delivered":         k.Delivered,
		"repair_order.comeback":          k.Comebacks,
		"repair_order.inspection_failed": k.Reworks,
	} {
		if e.ByType[typ] != want {
			t.Errorf("feed has %d %s events, want %d", e.ByType[typ], typ, want)
		}
	}

	// The month is not trivial: every kind of trouble the report shows happened.
	for what, n := range map[string]int{"cancellations": k.Cancelled, "reworks": k.Reworks, "comebacks": k.Comebacks,
		"declined extra work": st.ExtraDeclined, "approved extra work": st.ExtraApproved,
		"late jobs": k.OnTime.Den - k.OnTime.Num, "objections": st.Objections} {
		if n == 0 {
			t.Errorf("no %s in the simulated month", what)
		}
	}
}

// checkComplaints holds the complaints section (§5.5) against itself, the event feed and what the
// simulation did.
func checkComplaints(t *testing.T, m *Month, st stats) {
	t.Helper()
	a, cs := m.Complaints, st.Complaints

	// Every complaint of the month is counted once in each breakdown.
	if a.Complaints != cs.Recorded+cs.AutoOpened {
		t.Errorf("%d complaints analysed, but staff recorded %d and the intake opened %d", a.Complaints, cs.Recorded, cs.AutoOpened)
	}
	for name, n := range map[string]int{
		"channel": sum(a.ByChannel), "category": sum(a.ByCategory), "severity": sum(a.BySeverity),
		"root cause": sum(a.ByRootCause), "model": sum(a.ByModel), "level": sum(a.ByLevel),
		"state": sum(m.ComplaintStates), "feed": m.Events.ByType["complaint.received"],
	} {
		if n != a.Complaints {
			t.Errorf("complaints by %s add up to %d, want %d", name, n, a.Complaints)
		}
	}
	if open := a.Complaints - m.ComplaintStates[complaints.StateClosed]; a.Open != open {
		t.Errorf("%d open complaints, %d by state", a.Open, open)
	}
	for id, n := range a.ByStaff {
		if n < 1 || n > a.Complaints || m.Names[id] == "" {
			t.Errorf("staff %s (%q) named in %d of %d complaints", id, m.Names[id], n, a.Complaints)
		}
	}

	// §5.1: every low survey and every objection opened a complaint on its own, and nothing else did.
	survey, objection := a.ByChannel[complaints.ChannelSurvey], a.ByChannel[complaints.ChannelDeliveryObjection]
	if survey != cs.LowSurveys || objection != st.Objections || survey+objection != cs.AutoOpened {
		t.Errorf("intake: %d survey and %d objection complaints, %d opened automatically; simulated %d low surveys and %d objections",
			survey, objection, cs.AutoOpened, cs.LowSurveys, st.Objections)
	}
	if objection != m.Events.ByType["repair_order.objected"] {
		t.Errorf("%d objection complaints, %d objections in the feed", objection, m.Events.ByType["repair_order.objected"])
	}

	// The Pareto ranks the classified complaints and ends at 100%.
	classified := a.Complaints - a.ByRootCause[complaints.Unclassified]
	total := 0
	for i, p := range a.Pareto {
		total += p.Count
		if p.Count != a.ByRootCause[p.RootCause] || (i > 0 && p.Count > a.Pareto[i-1].Count) {
			t.Errorf("Pareto entry %d: %s %d, counted %d", i, p.RootCause, p.Count, a.ByRootCause[p.RootCause])
		}
		checkShare(t, "Pareto share of "+p.RootCause, p.Share)
		checkShare(t, "Pareto cumulative of "+p.RootCause, p.Cumulative)
	}
	if total != classified || len(a.Pareto) == 0 || !a.Pareto[len(a.Pareto)-1].Cumulative.Equal(decimal.NewFromInt(1)) {
		t.Errorf("Pareto covers %d of %d classified complaints", total, classified)
	}

	// Deadlines: each step has one per complaint (solution and closure one more per reopening);
	// each missed one escalated exactly once.
	missed := 0
	for _, c := range a.Compliance {
		n := c.OnTime + c.Missed + c.Pending + c.Superseded
		if n < a.Complaints || (c.Step <= complaints.StepReport && n != a.Complaints) {
			t.Errorf("%s: %d deadlines for %d complaints", c.Step, n, a.Complaints)
		}
		if c.Rate.Num != c.OnTime || c.Rate.Den != c.OnTime+c.Missed {
			t.Errorf("%s compliance %d/%d, %d on time and %d missed", c.Step, c.Rate.Num, c.Rate.Den, c.OnTime, c.Missed)
		}
		checkRate(t, c.Step.String()+" compliance", c.Rate, false)
		missed += c.Missed
	}
	if e := m.Events.ByType["complaint.escalated"]; missed != e || missed == 0 || m.Escalated == 0 || m.Escalated > missed {
		t.Errorf("%d missed deadlines on %d complaints, %d escalation events", missed, m.Escalated, e)
	}
	if cs.ScanBreaches == 0 || cs.ScanBreaches > missed {
		t.Errorf("the periodic scan escalated %d of %d missed deadlines", cs.ScanBreaches, missed)
	}
	if a.ByLevel[complaints.LevelManager] == a.Complaints {
		t.Error("no complaint rose above the after-sales manager")
	}

	// Mean time per step: measured over the complaints that reached it, never negative.
	prev := a.Complaints
	for _, s := range a.StepTimes {
		if s.N > prev || s.Mean < 0 || (s.N > 0 && s.Mean == 0) {
			t.Errorf("step %s: %d complaints, mean %s", s.To, s.N, s.Mean)
		}
		prev = s.N
	}
	if a.StepTimes[0].N != a.Complaints-m.ComplaintStates[complaints.StateReceived] {
		t.Errorf("%d complaints acknowledged, %d still received of %d", a.StepTimes[0].N, m.ComplaintStates[complaints.StateReceived], a.Complaints)
	}

	// Repeat, reopen and comeback rates are over all the month's complaints.
	for name, r := range map[string]aftersales.Rate{"repeat": a.Repeats, "reopen": a.Reopened, "comeback": a.Comebacks} {
		if r.Den != a.Complaints {
			t.Errorf("%s rate over %d complaints, want %d", name, r.Den, a.Complaints)
		}
		checkRate(t, name, r, true)
	}
	if a.Repeats.Num == 0 || a.Reopened.Num == 0 {
		t.Errorf("no repeat (%d) or no reopened (%d) complaint", a.Repeats.Num, a.Reopened.Num)
	}

	// §5.5: corrective actions were opened, and the overdue one escalated by the scan.
	byState := map[complaints.CorrectiveState]int{}
	for _, x := range m.Actions {
		byState[x.State()]++
	}
	if len(m.Actions) != cs.Actions || cs.Actions == 0 || m.Events.ByType["corrective_action.opened"] != cs.Actions {
		t.Errorf("%d corrective actions listed, %d opened, %d in the feed", len(m.Actions), cs.Actions, m.Events.ByType["corrective_action.opened"])
	}
	if m.Events.ByType["corrective_action.escalated"] != cs.ScanOverdue {
		t.Errorf("%d overdue escalations in the feed, %d by the scan", m.Events.ByType["corrective_action.escalated"], cs.ScanOverdue)
	}
}

func sum[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// checkRate fails unless r is a fraction in [0, 1]; measured requires something was measured.
func checkRate(t *testing.T, name string, r aftersales.Rate, measured bool) {
	t.Helper()
	if measured && !r.Measured() {
		t.Errorf("%s rate: nothing measured", name)
	}
	if r.Num < 0 || r.Num > r.Den {
		t.Errorf("%s rate %d/%d is not a fraction", name, r.Num, r.Den)
	}
	if r.Measured() {
		checkShare(t, name+" rate", r.Value())
	}
}

func checkShare(t *testing.T, name string, d decimal.Decimal) {
	t.Helper()
	if d.IsNegative() || d.GreaterThan(decimal.NewFromInt(1)) {
		t.Errorf("%s %s is outside [0, 1]", name, d)
	}
}

// TestCalendar holds the workshop's business days against the complaints calendar that counts
// the deadlines, over both years of the holiday table, and checks what the report says of April
// 2025.
func TestCalendar(t *testing.T) {
	policy, err := complaintPolicy(dealerFor(testConfig.Seed, 0))
	if err != nil {
		t.Fatal(err)
	}
	v, err := policy.At(dealerFor(testConfig.Seed, 0), time.Date(2025, 4, 1, 0, 0, 0, 0, local), complaints.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := complaints.NewRules(v.Name, v.Rules)
	if err != nil {
		t.Fatal(err)
	}
	cal := r.Calendar()
	for d := time.Date(2025, 1, 1, 12, 0, 0, 0, local); d.Year() < 2027; d = d.AddDate(0, 0, 1) {
		if open := len(cal.Hours(complaints.DateOf(d, local))) > 0; open != isBusinessDay(d) {
			t.Errorf("%s: calendar open %v, workshop open %v", d.Format("Mon 2006-01-02"), open, isBusinessDay(d))
		}
	}
	for date, open := range map[string]bool{"2025-04-03": true, "2025-04-04": false, "2025-04-05": false,
		"2025-04-06": false, "2025-04-07": true, "2025-04-20": false, "2025-04-27": true, "2026-04-06": false} {
		d, err := time.ParseInLocation(time.DateOnly, date, local)
		if err != nil {
			t.Fatal(err)
		}
		if isBusinessDay(d) != open {
			t.Errorf("%s: open %v, want %v", date, !open, open)
		}
	}
	// A complaint received on Thursday 3 April at 17:00 with two business hours to acknowledge:
	// one hour that day, the rest after Qingming, on Monday 7 April.
	got := cal.Add(time.Date(2025, 4, 3, 17, 0, 0, 0, local), 2*time.Hour)
	if want := time.Date(2025, 4, 7, 9, 30, 0, 0, local); !got.Equal(want) {
		t.Errorf("deadline across Qingming: %s, want %s", got.In(local), want)
	}
	start := time.Date(2025, 4, 1, 0, 0, 0, 0, local)
	note := strings.Join(calendarNote(start, start.AddDate(0, 1, 0)), "\n")
	if want := "Asia/Shanghai, Mon-Sat 08:30-18:00\nclosed Apr 4-6 (Qingming)\nopen Sun Apr 27 (make-up day for May Day)"; note != want {
		t.Errorf("calendar note:\n%s\nwant:\n%s", note, want)
	}
}

// checkParts holds the parts section (§3.4) against the ledger, the repair orders, the event feed
// and what the simulation did.
func checkParts(t *testing.T, m *Month, st stats) {
	t.Helper()
	p, ps := m.Parts, st.Parts

	// The book is the ledger: each row's on-hand and value are the sums of its movements, computed
	// here from the movements alone; values are never negative and nothing is worth something.
	type key struct {
		part uuid.UUID
		bin  string
	}
	sums := map[key][2]decimal.Decimal{}
	total := decimal.Zero
	for _, mv := range p.Movements {
		k := key{mv.Part, mv.Bin}
		sums[k] = [2]decimal.Decimal{sums[k][0].Add(mv.Quantity), sums[k][1].Add(mv.Value)}
		total = total.Add(mv.Value)
	}
	if len(sums) != len(p.Stock) {
		t.Errorf("%d stock rows, movements on %d", len(p.Stock), len(sums))
	}
	for _, r := range p.Stock {
		s := sums[key{r.Part(), r.Bin()}]
		if !s[0].Equal(r.OnHand()) || !s[1].Equal(r.Value()) {
			t.Errorf("%s %s: book %s worth %s, movements %s worth %s", p.number(r.Part()), r.Bin(), r.OnHand(), r.Value(), s[0], s[1])
		}
		if r.Value().IsNegative() || r.OnHand().IsNegative() || r.Reserved().IsNegative() || r.Reserved().GreaterThan(r.OnHand()) {
			t.Errorf("%s %s: on hand %s, reserved %s, worth %s", p.number(r.Part()), r.Bin(), r.OnHand(), r.Reserved(), r.Value())
		}
		if r.OnHand().IsZero() && !r.Value().IsZero() {
			t.Errorf("%s %s: nothing on hand worth %s", p.number(r.Part()), r.Bin(), r.Value())
		}
	}
	if l := p.CheckLedger(); len(l.Differ) > 0 || l.Movements != len(p.Movements) {
		t.Errorf("the report's ledger check: %+v", l)
	}
	if !p.Valuation.Total.Equal(total) || !p.Turns.Closing.Equal(total) {
		t.Errorf("stock valued at %s, closing %s, movements add up to %s", p.Valuation.Total, p.Turns.Closing, total)
	}

	// Issues and returns: the repair orders' part lines carry exactly what the ledger issued to
	// them, and every part line of a delivered order was supplied from stock and billed as issued.
	issuedCost, ledgerCost := decimal.Zero, decimal.Zero
	issued, ledger := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
	for _, o := range m.Orders {
		for _, l := range o.Lines() {
			if l.Kind != aftersales.LinePart {
				continue
			}
			n, _ := parts.ParsePartNumber(l.PartNumber)
			issuedCost, issued[string(n)] = issuedCost.Add(l.IssuedCost), issued[string(n)].Add(l.Issued)
			delivered := o.State() == aftersales.StateDelivered || o.State() == aftersales.StateClosed
			if delivered && l.Status == aftersales.LineApproved && (!l.Stocked || !l.Issued.IsPositive()) {
				t.Errorf("%s: approved part line %s delivered without parts from stock", o.Number(), l.PartNumber)
			}
		}
	}
	returns := map[uuid.UUID]bool{}
	for _, mv := range p.Movements {
		if mv.Kind == parts.MoveIssue || mv.Kind == parts.MoveReturn {
			ledgerCost, ledger[p.number(mv.Part)] = ledgerCost.Sub(mv.Value), ledger[p.number(mv.Part)].Sub(mv.Quantity)
			if mv.Reference.Kind != parts.RefRepairOrder || mv.At.Before(m.Start) || !mv.At.Before(m.End) {
				t.Errorf("%s movement %s: reference %+v at %s", mv.Kind, mv.ID, mv.Reference, mv.At)
			}
		}
		if mv.Kind == parts.MoveReturn {
			returns[mv.Posting] = true
		}
	}
	if !issuedCost.Equal(ledgerCost) || !issuedCost.Equal(p.Turns.COGS) {
		t.Errorf("repair orders hold parts at a cost of %s, the ledger issued %s, turns count %s", issuedCost, ledgerCost, p.Turns.COGS)
	}
	for n, q := range ledger {
		if !issued[n].Equal(q) {
			t.Errorf("%s: %s issued to repair orders, %s in the ledger", n, issued[n], q)
		}
	}
	if len(returns) != ps.Returns || ps.Returns == 0 {
		t.Errorf("%d return postings, the simulation returned %d times", len(returns), ps.Returns)
	}

	// Fill rates are fractions over the month's reservations, one per approved part line.
	f := p.Fill
	for name, r := range map[string]parts.Ratio{"first-time fill": f.FirstTimeFillRate, "fill": f.FillRate} {
		if !r.Measured() || r.Num.IsNegative() || r.Num.GreaterThan(r.Den) {
			t.Errorf("%s rate %s/%s", name, r.Num, r.Den)
		}
		checkShare(t, name+" rate", r.Value())
	}
	if f.Lines != len(p.Reserved) || f.Lines != m.Events.ByType["reservation.created"] || f.Lines-f.FirstTimeLines != ps.Shortages {
		t.Errorf("fill: %d lines, %d first time; %d reservations, %d in the feed; %d shortages simulated",
			f.Lines, f.FirstTimeLines, len(p.Reserved), m.Events.ByType["reservation.created"], ps.Shortages)
	}
	if ps.Shortages == 0 || ps.Picks == 0 || ps.Picks != m.Events.ByType["stock.issued"] {
		t.Errorf("%d shortages, %d picks, %d issue events", ps.Shortages, ps.Picks, m.Events.ByType["stock.issued"])
	}

	// Purchasing and receiving (§3.4.1, §3.4.2).
	placed := 0
	for _, o := range p.Orders {
		if !o.OrderedAt().Before(m.Start) && o.OrderedAt().Before(m.End) {
			placed++
		}
	}
	r := p.Receiving(m)
	if placed != ps.Placed || r.Deliveries != ps.Deliveries || r.Short != ps.Partial || len(r.Rejects) != ps.Rejected {
		t.Errorf("%d orders placed, %d deliveries, %d short lines, %d rejected; simulated %d, %d, %d, %d",
			placed, r.Deliveries, r.Short, len(r.Rejects), ps.Placed, ps.Deliveries, ps.Partial, ps.Rejected)
	}
	if ps.Placed == 0 || ps.Partial == 0 || ps.Rejected != 1 || ps.Repriced == 0 || ps.Replays != 2 {
		t.Errorf("purchasing: %+v", ps)
	}
	for _, sup := range p.Suppliers {
		fg := p.Figures[sup.ID()]
		checkShare(t, sup.Code()+" on time", fg.OnTimeRate.Value())
		checkShare(t, sup.Code()+" quality", fg.QualityRate.Value())
	}

	// The month-end stocktake (§3.4.4): posted, approved by a manager who counted nothing, its
	// variances the adjustment movements that reference it.
	stk := p.MonthEndStocktake(m)
	if stk == nil {
		t.Fatal("no stocktake in the month")
	}
	a := stk.Approved()
	if stk.State() != parts.StocktakePosted || a == nil || !slices.Contains(a.By.Roles, dealerkit.RoleManager) ||
		m.Names[a.By.Staff] != managerName || stk.Counted(a.By.Staff) {
		t.Fatalf("stocktake %s: %s, approved %+v", stk.Number(), stk.State(), a)
	}
	v := stk.Variance()
	posted, adjustments := decimal.Zero, 0
	for _, mv := range p.Movements {
		if mv.Reference.Kind == parts.RefStocktake && mv.Reference.ID == stk.ID() {
			if mv.Kind != parts.MoveAdjustment || mv.Posting != stk.Posting() {
				t.Errorf("stocktake movement %s: %s in posting %s", mv.ID, mv.Kind, mv.Posting)
			}
			posted, adjustments = posted.Add(mv.Value), adjustments+1
		}
	}
	if adjustments != v.Varied || !posted.Equal(v.Posted) || v.Varied != ps.Planted || v.Lines != len(p.Stock) {
		t.Errorf("stocktake: %d of %d lines varied (%d planted), posted %s; %d adjustments worth %s",
			v.Varied, v.Lines, ps.Planted, v.Posted, adjustments, posted)
	}
	if v.Recounted == 0 || ps.Miscounts != 1 {
		t.Errorf("%d lines recounted, %d miscounts", v.Recounted, ps.Miscounts)
	}
	for _, l := range stk.Lines() {
		c, _ := l.Last()
		if string(l.Number) == miscounted && (len(l.Counts) != 2 || !c.Variance.IsZero()) {
			t.Errorf("the miscounted line %s: counts %+v", l.Number, l.Counts)
		}
		if l.NeedsRecount(stk.Rule()) {
			t.Errorf("line %s %s posted without its recount", l.Bin, l.Number)
		}
	}

	// Ageing: the legacy discs are obsolete.
	if len(p.Ageing.Obsolete) == 0 || !p.Ageing.ObsoleteValue.IsPositive() {
		t.Errorf("no obsolete stock: %+v", p.Ageing)
	}
}

// TestCatalogue: every part the scenarios fit is stocked under its number, at the price the
// estimate quotes, in a unit its quantity fits.
func TestCatalogue(t *testing.T) {
	if err := checkCatalogue(); err != nil {
		t.Fatal(err)
	}
	if len(catalogue) != 17 || len(supplierSpecs) != 4 {
		t.Errorf("%d parts from %d suppliers: the README and the package doc say 17 and 4", len(catalogue), len(supplierSpecs))
	}
	for number, p := range fitted() {
		n, err := parts.ParsePartNumber(number)
		if err != nil || string(n) != number {
			t.Errorf("%q: %q, %v", number, n, err)
		}
		for _, sp := range catalogue {
			if sp.number == number && (!sp.price().Equal(p.price) || !sp.unit.Fits(p.qty)) {
				t.Errorf("%s: stocked at %s per %s, fitted %s at %s", number, sp.price(), sp.unit, p.qty, p.price)
			}
		}
	}
}
