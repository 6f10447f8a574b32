package appraisal_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

type env struct {
	store *memory.Store
	svc   *appraisal.Service
	now   time.Time
}

func actor(t testing.TB, staff dealerkit.StaffID, roles ...dealerkit.Role) dealerkit.Actor {
	t.Helper()
	a, err := dealerkit.NewStaffActor(dealer, staff, roles...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// newEnv stores the golden month in a memory store and builds a Service on it, on the 3rd of May.
func newEnv(t testing.TB, pol *dealerkit.Table[appraisal.Policy]) *env {
	t.Helper()
	e := &env{store: memory.New(), now: may.Add(50 * time.Hour)}
	for _, o := range goldenMonth(t) {
		if err := e.store.RepairOrders().Create(context.Background(), o); err != nil {
			t.Fatal(err)
		}
	}
	svc, err := appraisal.NewService(e.store.Appraisals(), appraisal.RepositoryFacts{Orders: e.store.RepairOrders(),
		Complaints: e.store.Complaints(), Parts: e.store.Parts()},
		&appraisal.Options{Now: func() time.Time { return e.now }, NewID: dealerkit.SequentialIDs(), Policy: pol, Tx: e.store})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	return e
}

var commission = map[string]decimal.Decimal{"labour_commission": dec("4321.50")}

func (e *env) draft(t testing.TB, members ...appraisal.Member) []*appraisal.Appraisal {
	t.Helper()
	if len(members) == 0 {
		members = []appraisal.Member{{Staff: tech, Role: "technician", Bases: commission}}
	}
	out, err := e.svc.Draft(context.Background(), actor(t, manager, dealerkit.RoleManager), appraisal.DraftInput{From: april, To: may, Members: members})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (e *env) events(t testing.TB) []dealerkit.Event {
	t.Helper()
	evs, err := e.store.Events(context.Background(), dealer, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// state is everything stored: the appraisals and the event log, as JSON.
func (e *env) state(t testing.TB) string {
	t.Helper()
	list, err := e.store.Appraisals().List(context.Background(), dealer, appraisal.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(struct {
		A []*appraisal.Appraisal
		E []dealerkit.Event
	}{list, e.events(t)})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestService_Clause3_1_3_Workflow(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	a := e.draft(t)[0]
	if a.State() != appraisal.StateDraft || a.Result().Grade != "B" || !a.Result().Reward.Equal(dec("300")) {
		t.Fatalf("draft: %s %s %s", a.State(), a.Result().Grade, a.Result().Reward)
	}
	m1, m2 := actor(t, manager, dealerkit.RoleManager), actor(t, manager2, dealerkit.RoleManager)
	me := actor(t, tech, dealerkit.RoleTechnician)
	if _, err := e.svc.SignOff(ctx, m1, a.ID(), "reviewed"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Object(ctx, me, a.ID(), "job 5 was sent back for a part fault, not my work"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Answer(ctx, m2, a.ID(), "the inspection report names the brake line you fitted"); err != nil {
		t.Fatal(err)
	}
	got, err := e.svc.Acknowledge(ctx, me, a.ID())
	if err != nil {
		t.Fatal(err)
	}
	if got.State() != appraisal.StateAcknowledged {
		t.Errorf("state %s", got.State())
	}
	var types []string
	for _, ev := range e.events(t) {
		types = append(types, ev.Type)
	}
	want := []string{appraisal.EventDrafted, appraisal.EventSignedOff, appraisal.EventObjected, appraisal.EventAnswered, appraisal.EventAcknowledged}
	if len(types) != len(want) {
		t.Fatalf("events %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Errorf("event %d = %s, want %s", i, types[i], want[i])
		}
	}
	// §7.4: the career ladder reads the grades; the Service meets training's Grades as it is.
	var _ interface {
		Recent(context.Context, dealerkit.DealerID, dealerkit.StaffID, int, time.Time) ([]string, error)
	} = e.svc
	grades, err := e.svc.RecentGrades(ctx, dealer, tech, 3, e.now)
	if err != nil || len(grades) != 1 || grades[0].Grade != "B" || grades[0].Appraisal != a.ID() {
		t.Errorf("RecentGrades = %+v, %v", grades, err)
	}
	if names, err := e.svc.Recent(ctx, dealer, tech, 3, e.now); err != nil || len(names) != 1 || names[0] != "B" {
		t.Errorf("Recent = %v, %v", names, err)
	}
	if grades, _ := e.svc.Recent(ctx, dealer, tech, 3, e.now.Add(-time.Hour)); len(grades) != 0 {
		t.Errorf("Recent before the sign-off = %+v", grades)
	}
}

// §3.1(3): a manager never signs off their own appraisal; another manager does.
func TestService_Clause3_1_3_ManagerCannotSignOffOwn(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	a := e.draft(t, appraisal.Member{Staff: manager, Role: "technician"})[0]
	before := e.state(t)
	_, err := e.svc.SignOff(ctx, actor(t, manager, dealerkit.RoleManager), a.ID(), "")
	if !errors.Is(err, appraisal.ErrOwnAppraisal) || !errors.Is(err, dealerkit.ErrRefused) || dealerkit.CodeOf(err) != "appraisal.own_appraisal" {
		t.Fatalf("own sign-off: %v", err)
	}
	if e.state(t) != before {
		t.Error("a refused sign-off changed the store")
	}
	if _, err := e.svc.SignOff(ctx, actor(t, manager2, dealerkit.RoleManager), a.ID(), ""); err != nil {
		t.Errorf("another manager's sign-off: %v", err)
	}
	// §6.3, §7.1: grade B brings no retraining under the default scheme.
	if skills, err := e.svc.Retraining(ctx, dealer, manager, e.now); err != nil || len(skills) != 0 {
		t.Errorf("Retraining = %v, %v", skills, err)
	}
	// Nor does anyone who is not a manager.
	b := e.draft(t, appraisal.Member{Staff: tech2, Role: "technician"})[0]
	if _, err := e.svc.SignOff(ctx, actor(t, advisor, dealerkit.RoleServiceAdvisor), b.ID(), ""); !errors.Is(err, dealerkit.ErrForbidden) {
		t.Errorf("advisor's sign-off: %v", err)
	}
}

// §6, §9.1: a frozen appraisal keeps its figures when a record behind it changes; a draft follows
// the records when recomputed.
func TestService_Clause6_FrozenDoesNotMove(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	drafts := e.draft(t, appraisal.Member{Staff: tech, Role: "technician"}, appraisal.Member{Staff: tech2, Role: "technician"})
	m2 := actor(t, manager2, dealerkit.RoleManager)
	frozen, err := e.svc.SignOff(ctx, m2, drafts[0].ID(), "")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(frozen.Result())
	// A comeback of job 1 arrives in April, recorded late: the record behind first_pass and
	// comebacks changed.
	back := order(t, job{n: 40, comebackOf: orderID(1)})
	if err := e.store.RepairOrders().Create(ctx, back); err != nil {
		t.Fatal(err)
	}
	got, err := e.svc.Get(ctx, m2, frozen.ID())
	if err != nil {
		t.Fatal(err)
	}
	after, _ := json.Marshal(got.Result())
	if string(before) != string(after) {
		t.Errorf("the frozen appraisal moved:\n%s\n%s", before, after)
	}
	if _, err := e.svc.Recompute(ctx, m2, frozen.ID()); !errors.Is(err, appraisal.ErrWrongState) {
		t.Errorf("recompute of a frozen appraisal: %v", err)
	}
	// The same comeback counted in a fresh draft: 1 comeback in 10 jobs, so comebacks scores 0.
	e2 := newEnv(t, nil)
	if err := e2.store.RepairOrders().Create(ctx, order(t, job{n: 40, comebackOf: orderID(1)})); err != nil {
		t.Fatal(err)
	}
	fresh := e2.draft(t)[0]
	if fresh.Result().Total.Decimal.Equal(frozen.Result().Total.Decimal) {
		t.Errorf("the comeback did not change a fresh draft: %s", fresh.Result().Total.Decimal)
	}
	for _, d := range fresh.Result().Dimensions {
		if d.Key == "comebacks" && (d.Value.Count != 1 || !d.Score.Decimal.IsZero() || d.Value.Records[0] != orderID(1) && d.Value.Records[0] != orderID(40)) {
			t.Errorf("comebacks %+v", d)
		}
	}
}

// §6.2: a manager's rating needs a written reason, only manual dimensions are rated, and the
// records behind every computed figure are the orders they came from.
func TestService_Clause6_2_RatingNeedsReason(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	a := e.draft(t, appraisal.Member{Staff: advisor, Role: "service_advisor"})[0]
	m := actor(t, manager, dealerkit.RoleManager)
	before := e.state(t)
	for _, in := range []appraisal.RateInput{
		{Dimension: "manager_rating", Value: dec("80")},                   // no reason
		{Dimension: "satisfaction", Value: dec("80"), Reason: "good"},     // computed, not rated
		{Dimension: "manager_rating", Value: dec("101"), Reason: "great"}, // out of range
		{Dimension: "charm", Value: dec("80"), Reason: "x"},
	} {
		_, err := e.svc.Rate(ctx, m, a.ID(), in)
		if !errors.Is(err, dealerkit.ErrInvalid) || dealerkit.ClassOf(err) != dealerkit.ErrInvalid {
			t.Errorf("%+v: %v", in, err)
		}
	}
	if e.state(t) != before {
		t.Error("a refused rating changed the store")
	}
	got, err := e.svc.Rate(ctx, m, a.ID(), appraisal.RateInput{Dimension: "manager_rating", Value: dec("85"), Reason: "calm with the angry fleet customer on the 14th"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range got.Result().Dimensions {
		switch d.Key {
		case "manager_rating":
			if d.Status != appraisal.StatusScored || !d.Score.Decimal.Equal(dec("85")) {
				t.Errorf("rating: %+v", d)
			}
		case "satisfaction":
			// The advisor opened all ten orders; four were surveyed.
			if d.Value.Sample != 4 || len(d.Value.Records) != 4 || d.Value.Records[0] != orderID(1) {
				t.Errorf("satisfaction records %v sample %d", d.Value.Records, d.Value.Sample)
			}
		}
	}
}

// §2, §3.1(3): a staff member sees and answers only their own appraisal; another's is not found.
func TestService_Clause3_1_3_OwnAppraisalOnly(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	drafts := e.draft(t, appraisal.Member{Staff: tech, Role: "technician"}, appraisal.Member{Staff: tech2, Role: "technician"})
	other := drafts[1]
	me := actor(t, tech, dealerkit.RoleTechnician)
	if _, err := e.svc.Get(ctx, me, other.ID()); !errors.Is(err, dealerkit.ErrNotFound) {
		t.Errorf("another's appraisal: %v", err)
	}
	if _, err := e.svc.Get(ctx, me, drafts[0].ID()); err != nil {
		t.Errorf("own appraisal: %v", err)
	}
	page, err := e.svc.List(ctx, me, appraisal.Filter{}, "")
	if err != nil || len(page.Items) != 1 || page.Items[0].Staff() != tech {
		t.Errorf("own list: %v %v", page.Items, err)
	}
	if _, err := e.svc.SignOff(ctx, actor(t, manager2, dealerkit.RoleManager), other.ID(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Object(ctx, me, other.ID(), "not mine"); !errors.Is(err, dealerkit.ErrNotFound) {
		t.Errorf("objecting to another's: %v", err)
	}
	if _, err := e.svc.Acknowledge(ctx, actor(t, manager, dealerkit.RoleManager), other.ID()); !errors.Is(err, appraisal.ErrNotYours) {
		t.Errorf("the manager acknowledging for the technician: %v", err)
	}
	otherDealer, _ := dealerkit.NewStaffActor(dealerkit.DealerID(uuid.New()), manager, dealerkit.RoleManager)
	if _, err := e.svc.Get(ctx, otherDealer, other.ID()); !errors.Is(err, dealerkit.ErrNotFound) {
		t.Errorf("another dealer: %v", err)
	}
}

// Bad input is refused with a classed, coded error and changes nothing.
func TestService_DraftRefusals(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	m := actor(t, manager, dealerkit.RoleManager)
	e.draft(t)
	before := e.state(t)
	for name, c := range map[string]struct {
		in    appraisal.DraftInput
		class error
	}{
		"wrong order":  {appraisal.DraftInput{From: may, To: april, Members: []appraisal.Member{{Staff: tech2, Role: "technician"}}}, dealerkit.ErrInvalid},
		"no members":   {appraisal.DraftInput{From: april, To: may}, dealerkit.ErrInvalid},
		"unknown role": {appraisal.DraftInput{From: april, To: may, Members: []appraisal.Member{{Staff: tech2, Role: "juggler"}}}, dealerkit.ErrInvalid},
		"negative base": {appraisal.DraftInput{From: april, To: may, Members: []appraisal.Member{{Staff: tech2, Role: "technician",
			Bases: map[string]decimal.Decimal{"labour_commission": dec("-1")}}}}, dealerkit.ErrInvalid},
		"control text": {appraisal.DraftInput{From: april, To: may, Members: []appraisal.Member{{Staff: tech2, Role: "technician",
			Bases: map[string]decimal.Decimal{"bad\x00": dec("1")}}}}, dealerkit.ErrInvalid},
		"duplicate": {appraisal.DraftInput{From: april, To: may, Members: []appraisal.Member{{Staff: tech2, Role: "technician"}, {Staff: tech2, Role: "technician"}}}, dealerkit.ErrInvalid},
		"taken":     {appraisal.DraftInput{From: april, To: may, Members: []appraisal.Member{{Staff: tech2, Role: "technician"}, {Staff: tech, Role: "technician"}}}, dealerkit.ErrConflict},
	} {
		_, err := e.svc.Draft(ctx, m, c.in)
		if dealerkit.ClassOf(err) != c.class || dealerkit.CodeOf(err) == "" {
			t.Errorf("%s: %v (class %v, code %q), want class %v", name, err, dealerkit.ClassOf(err), dealerkit.CodeOf(err), c.class)
		}
		if e.state(t) != before {
			t.Errorf("%s: a refused draft changed the store", name)
		}
	}
	if _, err := e.svc.Draft(ctx, actor(t, tech, dealerkit.RoleTechnician), appraisal.DraftInput{From: april, To: may,
		Members: []appraisal.Member{{Staff: tech2, Role: "technician"}}}); !errors.Is(err, dealerkit.ErrForbidden) {
		t.Errorf("a technician drafting: %v", err)
	}
}

// §6.4: Compare runs two versions over the same past period: who changes grade, the cost under
// each, and the fairness figures.
func TestService_Clause6_4_Compare(t *testing.T) {
	vs, err := dealerkit.NewVersions(
		dealerkit.Version[appraisal.Policy]{Name: "2025", Effective: april.AddDate(0, -3, 0), Rules: appraisal.DefaultPolicy()},
		dealerkit.Version[appraisal.Policy]{Name: "2025-quality", Effective: may, Rules: qualityFirst()})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, &dealerkit.Table[appraisal.Policy]{Default: vs})
	ctx := context.Background()
	c, err := e.svc.Compare(ctx, actor(t, manager, dealerkit.RoleManager), appraisal.CompareInput{From: april, To: may, A: "2025", B: "2025-quality",
		Members: []appraisal.Member{{Staff: tech, Role: "technician", Bases: commission}, {Staff: advisor, Role: "service_advisor"}}})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Rows[0]
	if r.A.Grade != "B" || r.B.Grade != "C" || !r.GradeChanged || !r.A.Total.Decimal.Equal(dec("79.17")) || !r.B.Total.Decimal.Equal(dec("70.83")) {
		t.Errorf("technician: %s %s → %s %s", r.A.Total.Decimal, r.A.Grade, r.B.Total.Decimal, r.B.Grade)
	}
	if !c.CostA.Reward.Equal(c.Rows[0].A.Reward.Add(c.Rows[1].A.Reward)) || !c.CostB.Reward.Equal(c.Rows[0].B.Reward.Add(c.Rows[1].B.Reward)) {
		t.Errorf("costs %+v %+v", c.CostA, c.CostB)
	}
	if c.FairA.Dimensions != 11 || c.FairA.Insufficient < 1 {
		t.Errorf("fairness %+v", c.FairA)
	}
	if len(c.Coverage) != 1 || c.Coverage[0].Orders != 10 || c.Coverage[0].Surveyed != 4 || !c.Coverage[0].Share.Equal(dec("40")) {
		t.Errorf("coverage %+v", c.Coverage)
	}
	if e.state(t) != `{"A":null,"E":[]}` {
		t.Errorf("Compare stored something: %s", e.state(t))
	}
	_, err = e.svc.Compare(ctx, actor(t, manager, dealerkit.RoleManager), appraisal.CompareInput{From: april, To: may, A: "2025", B: "1999",
		Members: []appraisal.Member{{Staff: tech, Role: "technician"}}})
	if !errors.Is(err, appraisal.ErrUnknownVersion) || dealerkit.ClassOf(err) != dealerkit.ErrInvalid {
		t.Errorf("unknown version: %v", err)
	}
	// The version in force when a period starts is the one a draft uses (§9.1).
	a := e.draft(t)[0]
	if a.Rules().Version != "2025" {
		t.Errorf("April's draft used %q", a.Rules().Version)
	}
	// Under the quality-first version the month is a C with retraining in repair technique, which
	// the training plan reads once the appraisal is signed off (§6.3, §7.1).
	vq, _ := dealerkit.NewVersions(dealerkit.Version[appraisal.Policy]{Name: "2025-quality", Effective: april.AddDate(0, -1, 0), Rules: qualityFirst()})
	eq := newEnv(t, &dealerkit.Table[appraisal.Policy]{Default: vq})
	q := eq.draft(t)[0]
	if skills, _ := eq.svc.Retraining(ctx, dealer, tech, eq.now); len(skills) != 0 {
		t.Errorf("retraining before sign-off: %v", skills)
	}
	if _, err := eq.svc.SignOff(ctx, actor(t, manager, dealerkit.RoleManager), q.ID(), ""); err != nil {
		t.Fatal(err)
	}
	if skills, err := eq.svc.Retraining(ctx, dealer, tech, eq.now); err != nil || len(skills) != 1 || skills[0] != "repair_technique" {
		t.Errorf("Retraining = %v, %v", skills, err)
	}
}

// §2, §3.1(3): a customer takes no part in appraisal; every call is forbidden and changes nothing.
func TestService_CustomerForbidden(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	a := e.draft(t)[0]
	cust, err := dealerkit.NewCustomerActor(dealer, dealerkit.CustomerID(uuid.New()))
	if err != nil {
		t.Fatal(err)
	}
	before := e.state(t)
	calls := map[string]func() error{
		"get":    func() error { _, err := e.svc.Get(ctx, cust, a.ID()); return err },
		"list":   func() error { _, err := e.svc.List(ctx, cust, appraisal.Filter{}, ""); return err },
		"object": func() error { _, err := e.svc.Object(ctx, cust, a.ID(), "no"); return err },
		"draft": func() error {
			_, err := e.svc.Draft(ctx, cust, appraisal.DraftInput{From: april, To: may, Members: []appraisal.Member{{Staff: tech2, Role: "technician"}}})
			return err
		},
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, dealerkit.ErrForbidden) || dealerkit.ClassOf(err) != dealerkit.ErrForbidden {
			t.Errorf("%s: %v", name, err)
		}
	}
	if e.state(t) != before {
		t.Error("a forbidden call changed the store")
	}
}
