package dealerkit_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit"
)

// tableActions is every action of the default table; TestDefaultPermissions_EveryDeclaredActionIsGranted
// proves it is every Action constant the package declares.
func tableActions() []dealerkit.Action { return dealerkit.DefaultPermissions().Actions() }

// assertAllowedExactly checks that actor may take exactly the actions in want, and no other
// action of the table: a grant added to a post by mistake fails here.
func assertAllowedExactly(t *testing.T, p *dealerkit.Permissions, actor dealerkit.Actor, want ...dealerkit.Action) {
	t.Helper()
	want = append(want, safetyGrants(actor)...) // permission_safety_test.go
	for _, a := range want {
		if !slices.Contains(tableActions(), a) {
			t.Errorf("expected action %s is not in the table", a)
		}
	}
	for _, a := range tableActions() {
		got := p.Allows(actor, a)
		if exp := slices.Contains(want, a); got != exp {
			t.Errorf("%s: Allows(%s) = %v, want %v", actor, a, got, exp)
		}
	}
}

// §3.1: the manager plans, supervises every post under them and handles complaints, so may do
// what the advisor and the parts clerk do and own complaint solutions and stock adjustments; but
// neither clocks on a job (only a dispatched technician does, §3.3, §4.3.1) nor inspects (§4.4.1
// gives that to a dedicated post).
func TestDefaultPermissions_Clause3_1_ManagerSupervisesButDoesNotInspectOrClock(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	assertAllowedExactly(t, p, staffActor(t, dealerkit.RoleManager),
		dealerkit.ActionOpenRepairOrder,
		dealerkit.ActionViewRepairOrder,
		dealerkit.ActionEditEstimate,
		dealerkit.ActionApproveWork,
		dealerkit.ActionDispatch,
		dealerkit.ActionNotifyCustomer,
		dealerkit.ActionProposeExtraWork,
		dealerkit.ActionFinishWork,
		dealerkit.ActionOverrideClock, // §4.3.1: a clock left running, not clocking work
		dealerkit.ActionRecordCleaning,
		dealerkit.ActionSettle,
		dealerkit.ActionRecordPayment,
		dealerkit.ActionRecordResponse,
		dealerkit.ActionDeliver,
		dealerkit.ActionFollowUp,
		dealerkit.ActionCancelRepairOrder,

		dealerkit.ActionViewStock,
		dealerkit.ActionManageCatalogue,
		dealerkit.ActionPurchaseParts,
		dealerkit.ActionReceiveParts,
		dealerkit.ActionIssueParts,
		dealerkit.ActionReturnParts,
		dealerkit.ActionCountStock,
		dealerkit.ActionApproveAdjustment, // §3.1

		dealerkit.ActionRecordComplaint,
		dealerkit.ActionViewComplaint,
		dealerkit.ActionViewComplainant,
		dealerkit.ActionAcknowledgeComplaint,
		dealerkit.ActionInvestigateComplaint, // §5.3
		dealerkit.ActionResolveComplaint,     // §3.1(4)
		dealerkit.ActionVerifyComplaint,
		dealerkit.ActionCloseComplaint,
		dealerkit.ActionCorrectiveAction,                                                           // §5.5
		dealerkit.ActionAppraise, dealerkit.ActionSignOffAppraisal, dealerkit.ActionViewAppraisals, // §3.1(3)
		dealerkit.ActionRespondAppraisal, dealerkit.ActionViewOwnAppraisal, // §3.1(3): their own appraisal
		dealerkit.ActionViewEvents,       // §2: the audit trail
		dealerkit.ActionCorrectiveAction, // §5.5

		dealerkit.ActionViewTraining, dealerkit.ActionManageTraining, dealerkit.ActionRecordTraining, // §7
		dealerkit.ActionCertify, dealerkit.ActionPromote, // §7, §8.4, §3.1(3)
	)
}

// §3.1: "only a manager ... owns complaint solutions, approves stock adjustments"; §5.3: the
// manager investigates; §5.5: corrective measures.
func TestDefaultPermissions_Clause3_1_OnlyManagerResolvesAndApprovesAdjustments(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	for _, a := range []dealerkit.Action{
		dealerkit.ActionApproveAdjustment,
		dealerkit.ActionResolveComplaint,
		dealerkit.ActionInvestigateComplaint,
		dealerkit.ActionCorrectiveAction,
		dealerkit.ActionViewEvents, // §2: the whole event log, every post's actions in it
	} {
		if g := p.Grant(a); g.Roles != dealerkit.NewRoleSet(dealerkit.RoleManager) || g.Customer {
			t.Errorf("%s granted to %q (customer %v), want the manager only", a, g.Roles, g.Customer)
		}
	}
}

// §3.2 with §3.4 and §5: the advisor's whole share of the table. The advisor receives the
// customer and opens the order (1), drafts the plan and records the customer's approval (2), keeps
// the customer informed (3) and delivers (4); they never clock work or inspect. They look up parts
// but post no stock movement; they take and acknowledge complaints (§5.1, §5.2) and verify and close them
// (§5.4), but the manager investigates and decides the solution (§5.3).
func TestDefaultPermissions_Clause3_2_AdvisorWholeShare(t *testing.T) {
	assertAllowedExactly(t, dealerkit.DefaultPermissions(), staffActor(t, dealerkit.RoleServiceAdvisor),
		dealerkit.ActionOpenRepairOrder,
		dealerkit.ActionViewRepairOrder,
		dealerkit.ActionEditEstimate,
		dealerkit.ActionApproveWork,
		dealerkit.ActionDispatch,
		dealerkit.ActionNotifyCustomer,
		dealerkit.ActionProposeExtraWork,
		dealerkit.ActionFinishWork,
		dealerkit.ActionRecordCleaning,
		dealerkit.ActionSettle,
		dealerkit.ActionRecordPayment,
		dealerkit.ActionRecordResponse,
		dealerkit.ActionDeliver,
		dealerkit.ActionFollowUp,
		dealerkit.ActionCancelRepairOrder,

		dealerkit.ActionViewStock,

		dealerkit.ActionRecordComplaint,
		dealerkit.ActionViewComplaint,
		dealerkit.ActionViewComplainant,
		dealerkit.ActionAcknowledgeComplaint,
		dealerkit.ActionVerifyComplaint,
		dealerkit.ActionCloseComplaint,
		dealerkit.ActionRespondAppraisal, dealerkit.ActionViewOwnAppraisal, // §3.1(3): their own appraisal
		dealerkit.ActionViewTraining, // §7
	)
}

// §3.2: "only an advisor (or manager) opens repair orders, records customer approvals, delivers".
// Approving work is also open to the customer themselves (§4.2.1), but to no other post.
func TestDefaultPermissions_Clause3_2_OnlyAdvisorOrManagerOpensApprovesDelivers(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	want := dealerkit.NewRoleSet(dealerkit.RoleManager, dealerkit.RoleServiceAdvisor)
	for _, tc := range []struct {
		action   dealerkit.Action
		customer bool
	}{
		{dealerkit.ActionOpenRepairOrder, false},
		{dealerkit.ActionApproveWork, true},
		{dealerkit.ActionDeliver, false},
	} {
		g := p.Grant(tc.action)
		if g.Roles != want {
			t.Errorf("%s granted to roles %q, want %q", tc.action, g.Roles, want)
		}
		if g.Customer != tc.customer {
			t.Errorf("%s: customer = %v, want %v", tc.action, g.Customer, tc.customer)
		}
	}
}

// §3.3: the technician repairs (clocks on the job, §4.3.1), diagnoses and proposes extra work
// (§3.3(2)), but "cannot approve it".
func TestDefaultPermissions_Clause3_3_TechnicianProposesButNeverApproves(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	tech := staffActor(t, dealerkit.RoleTechnician)
	assertAllowedExactly(t, p, tech,
		dealerkit.ActionViewRepairOrder,
		dealerkit.ActionClockWork,                                          // §3.3(1), §4.3.1
		dealerkit.ActionProposeExtraWork,                                   // §3.3(2), §4.3.2
		dealerkit.ActionFinishWork,                                         // §4.3
		dealerkit.ActionRecordCleaning,                                     // §4.3.3
		dealerkit.ActionViewStock,                                          // §3.4(3): accurate parts information to technicians
		dealerkit.ActionRespondAppraisal, dealerkit.ActionViewOwnAppraisal, // §3.1(3): their own appraisal
		dealerkit.ActionClockWork,        // §3.3(1), §4.3.1
		dealerkit.ActionProposeExtraWork, // §3.3(2), §4.3.2
		dealerkit.ActionFinishWork,       // §4.3
		dealerkit.ActionRecordCleaning,   // §4.3.3
		dealerkit.ActionViewStock,        // §3.4(3): accurate parts information to technicians
		dealerkit.ActionViewTraining,     // §7
	)
	err := p.Check(tech, dealerkit.ActionApproveWork)
	if !errors.Is(err, dealerkit.ErrForbidden) {
		t.Fatalf("§3.3: technician approving work: got %v, want ErrForbidden", err)
	}
}

// §3.3: only the technician clocks on a job (a job is dispatched to a technician, §4.2.2).
func TestDefaultPermissions_Clause4_3_1_OnlyTechnicianClocksWork(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	g := p.Grant(dealerkit.ActionClockWork)
	if want := dealerkit.NewRoleSet(dealerkit.RoleTechnician); g.Roles != want || g.Customer {
		t.Errorf("ClockWork granted to %+v, want technician only", g)
	}
}

// §3.4: the parts clerk purchases, receives, issues, keeps the catalogue and counts (1, 4), and
// reads repair orders to supply them; they do not approve the adjustment a count leads to.
func TestDefaultPermissions_Clause3_4_PartsClerkKeepsStock(t *testing.T) {
	assertAllowedExactly(t, dealerkit.DefaultPermissions(), staffActor(t, dealerkit.RolePartsClerk),
		dealerkit.ActionViewRepairOrder,
		dealerkit.ActionViewStock,
		dealerkit.ActionManageCatalogue,
		dealerkit.ActionPurchaseParts,
		dealerkit.ActionReceiveParts,
		dealerkit.ActionIssueParts,
		dealerkit.ActionReturnParts,
		dealerkit.ActionCountStock,
		dealerkit.ActionRespondAppraisal, dealerkit.ActionViewOwnAppraisal, // §3.1(3): their own appraisal
		dealerkit.ActionViewTraining, // §7
	)
}

// §3.4: "only a parts clerk (or manager) posts stock movements"; §3.4(3): everyone on staff reads
// stock, the customer does not.
func TestDefaultPermissions_Clause3_4_OnlyClerkOrManagerPostsMovements(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	want := dealerkit.NewRoleSet(dealerkit.RoleManager, dealerkit.RolePartsClerk)
	for _, a := range []dealerkit.Action{
		dealerkit.ActionManageCatalogue,
		dealerkit.ActionPurchaseParts,
		dealerkit.ActionReceiveParts,
		dealerkit.ActionIssueParts,
		dealerkit.ActionReturnParts,
		dealerkit.ActionCountStock,
	} {
		if g := p.Grant(a); g.Roles != want || g.Customer {
			t.Errorf("%s granted to %q (customer %v), want manager and parts clerk", a, g.Roles, g.Customer)
		}
	}
	if g := p.Grant(dealerkit.ActionViewStock); g.Roles != dealerkit.NewRoleSet(dealerkit.Roles()...) || g.Customer {
		t.Errorf("ViewStock granted to %+v, want all staff and not the customer", g)
	}
}

// §3.4(4): "counts and adjustments are separate duties": the post that counts does not approve the
// adjustment its count leads to.
func TestDefaultPermissions_Clause3_4_CountAndAdjustmentSeparate(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	clerk := staffActor(t, dealerkit.RolePartsClerk)
	if !p.Allows(clerk, dealerkit.ActionCountStock) {
		t.Error("the parts clerk may not count")
	}
	if err := p.Check(clerk, dealerkit.ActionApproveAdjustment); !errors.Is(err, dealerkit.ErrForbidden) {
		t.Errorf("the parts clerk approving an adjustment: %v, want ErrForbidden", err)
	}
}

// §5.2: the advisor acknowledges a complaint at once and reports to the manager; §5.3: the manager
// investigates and decides; §5.4: the advisor may verify and close.
func TestDefaultPermissions_Clause5_ComplaintDuties(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	advisor := staffActor(t, dealerkit.RoleServiceAdvisor)
	manager := staffActor(t, dealerkit.RoleManager)
	for _, tc := range []struct {
		action           dealerkit.Action
		advisor, manager bool
	}{
		{dealerkit.ActionRecordComplaint, true, true},      // §5.1
		{dealerkit.ActionAcknowledgeComplaint, true, true}, // §5.2
		{dealerkit.ActionInvestigateComplaint, false, true},
		{dealerkit.ActionResolveComplaint, false, true}, // §5.3, §3.1(4)
		{dealerkit.ActionVerifyComplaint, true, true},   // §5.4
		{dealerkit.ActionCloseComplaint, true, true},    // §5.4
		{dealerkit.ActionCorrectiveAction, false, true}, // §5.5
	} {
		if got := p.Allows(advisor, tc.action); got != tc.advisor {
			t.Errorf("advisor %s = %v, want %v", tc.action, got, tc.advisor)
		}
		if got := p.Allows(manager, tc.action); got != tc.manager {
			t.Errorf("manager %s = %v, want %v", tc.action, got, tc.manager)
		}
	}
	// The complainant's contact details stay with those who call back: not the technician,
	// parts clerk or inspector.
	for _, r := range []dealerkit.Role{dealerkit.RoleTechnician, dealerkit.RolePartsClerk, dealerkit.RoleQualityInspector} {
		for _, a := range []dealerkit.Action{dealerkit.ActionViewComplainant, dealerkit.ActionViewComplaint} {
			if p.Allows(staffActor(t, r), a) {
				t.Errorf("%s may %s", r, a)
			}
		}
	}
}

// §4.4.1: a dedicated inspection post: the quality inspector, and no one else, not even the
// manager, inspects; the inspector does nothing else to the order.
func TestDefaultPermissions_Clause4_4_1_OnlyQualityInspectorInspects(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	g := p.Grant(dealerkit.ActionInspectQuality)
	if want := dealerkit.NewRoleSet(dealerkit.RoleQualityInspector); g.Roles != want || g.Customer {
		t.Errorf("InspectQuality granted to %+v, want the quality inspector only", g)
	}
	for _, r := range dealerkit.Roles() {
		got := p.Allows(staffActor(t, r), dealerkit.ActionInspectQuality)
		if want := r == dealerkit.RoleQualityInspector; got != want {
			t.Errorf("§4.4.1: %s may inspect = %v, want %v", r, got, want)
		}
	}
	if p.Allows(customerActor(t), dealerkit.ActionInspectQuality) {
		t.Error("§4.4.1: the customer may inspect")
	}
	assertAllowedExactly(t, p, staffActor(t, dealerkit.RoleQualityInspector),
		dealerkit.ActionViewRepairOrder, dealerkit.ActionInspectQuality, dealerkit.ActionViewStock,
		dealerkit.ActionRespondAppraisal, dealerkit.ActionViewOwnAppraisal, // §3.1(3): their own appraisal
		dealerkit.ActionViewTraining) // §7
}

// §4.2.1, §4.5.3: the customer sees their own repair orders (estimate and statement, the services
// hide every other customer's), approves work and gives their own answer at delivery, and does
// nothing else: not stock, not the complaint file.
func TestDefaultPermissions_Clause4_2_1_CustomerApprovesAndRespondsOnly(t *testing.T) {
	assertAllowedExactly(t, dealerkit.DefaultPermissions(), customerActor(t),
		dealerkit.ActionViewRepairOrder, dealerkit.ActionApproveWork, dealerkit.ActionRecordResponse)
}

// §2: every action is taken by an identified actor; the zero Actor is refused everything.
func TestDefaultPermissions_Clause2_ZeroActorRefusedEverything(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	var zero dealerkit.Actor
	for _, a := range tableActions() {
		if p.Allows(zero, a) {
			t.Errorf("zero actor allowed %s", a)
		}
		err := p.Check(zero, a)
		if !errors.Is(err, dealerkit.ErrForbidden) {
			t.Errorf("Check(zero, %s) = %v, want ErrForbidden", a, err)
		}
	}
}

// Staff holding several posts may do what any of them may.
func TestDefaultPermissions_MultipleRolesUnion(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	both := staffActor(t, dealerkit.RoleTechnician, dealerkit.RoleQualityInspector)
	for _, a := range tableActions() {
		want := p.Allows(staffActor(t, dealerkit.RoleTechnician), a) ||
			p.Allows(staffActor(t, dealerkit.RoleQualityInspector), a)
		if got := p.Allows(both, a); got != want {
			t.Errorf("technician+inspector Allows(%s) = %v, want %v", a, got, want)
		}
	}
}

func TestPermissions_UnknownActionRefusedToEveryone(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	const unknown dealerkit.Action = "aftersales.no_such_action"
	actors := []dealerkit.Actor{customerActor(t), staffActor(t, dealerkit.Roles()...)}
	for _, a := range actors {
		if p.Allows(a, unknown) {
			t.Errorf("%s allowed an undeclared action", a)
		}
	}
}

func TestPermissions_CheckReturnsForbiddenError(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	tech := staffActor(t, dealerkit.RoleTechnician)
	err := p.Check(tech, dealerkit.ActionApproveWork)
	if !errors.Is(err, dealerkit.ErrForbidden) {
		t.Fatalf("errors.Is(%v, ErrForbidden) = false", err)
	}
	if errors.Is(err, dealerkit.ErrInvalid) {
		t.Errorf("a forbidden action must not look like invalid input: %v", err)
	}
	var fe *dealerkit.ForbiddenError
	if !errors.As(err, &fe) {
		t.Fatalf("errors.As(%T, *ForbiddenError) = false", err)
	}
	if fe.Action != dealerkit.ActionApproveWork {
		t.Errorf("ForbiddenError.Action = %q, want %q", fe.Action, dealerkit.ActionApproveWork)
	}
	if fe.Actor != tech {
		t.Errorf("ForbiddenError.Actor = %v, want %v", fe.Actor, tech)
	}
	msg := err.Error()
	for _, want := range []string{"forbidden", string(dealerkit.ActionApproveWork), "technician", testStaff.String()} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if err := p.Check(staffActor(t, dealerkit.RoleServiceAdvisor), dealerkit.ActionApproveWork); err != nil {
		t.Errorf("Check(advisor, approve) = %v, want nil", err)
	}
}

// §3: "a dealer can change it": With returns a changed copy and leaves the table it came from,
// and every later DefaultPermissions, as they were.
func TestPermissions_With_Clause3_DealerOverrideIsACopy(t *testing.T) {
	base := dealerkit.DefaultPermissions()
	manager := staffActor(t, dealerkit.RoleManager)
	advisor := staffActor(t, dealerkit.RoleServiceAdvisor)

	// A dealer whose managers also clock on jobs.
	wider := base.With(dealerkit.ActionClockWork, dealerkit.Grant{
		Roles: dealerkit.NewRoleSet(dealerkit.RoleTechnician, dealerkit.RoleManager),
	})
	if !wider.Allows(manager, dealerkit.ActionClockWork) {
		t.Error("override did not grant ClockWork to the manager")
	}
	if base.Allows(manager, dealerkit.ActionClockWork) {
		t.Error("With changed the original table")
	}
	if dealerkit.DefaultPermissions().Allows(manager, dealerkit.ActionClockWork) {
		t.Error("With changed the default table")
	}

	// A dealer where only the manager records approvals: advisor and customer lose it.
	narrower := base.With(dealerkit.ActionApproveWork, dealerkit.Grant{Roles: dealerkit.NewRoleSet(dealerkit.RoleManager)})
	if narrower.Allows(advisor, dealerkit.ActionApproveWork) || narrower.Allows(customerActor(t), dealerkit.ActionApproveWork) {
		t.Error("override did not revoke ApproveWork")
	}
	if !base.Allows(advisor, dealerkit.ActionApproveWork) || !base.Allows(customerActor(t), dealerkit.ActionApproveWork) {
		t.Error("With revoked ApproveWork in the original table")
	}
	// Two copies of one table do not share changes.
	if narrower.Allows(manager, dealerkit.ActionClockWork) {
		t.Error("a sibling override leaked into another copy")
	}
	// Everything the override did not touch is kept.
	for _, a := range tableActions() {
		if a == dealerkit.ActionApproveWork {
			continue
		}
		if narrower.Grant(a) != base.Grant(a) {
			t.Errorf("override changed %s: %+v, was %+v", a, narrower.Grant(a), base.Grant(a))
		}
	}
	// A new action a dealer adds is listed.
	const extra dealerkit.Action = "dealer.custom"
	if !slices.Contains(base.With(extra, dealerkit.Grant{Customer: true}).Actions(), extra) {
		t.Error("Actions does not list an action added with With")
	}
}

// The zero Permissions and a nil *Permissions refuse everything, and do not panic.
func TestPermissions_ZeroAndNilRefuseEverything(t *testing.T) {
	var zero dealerkit.Permissions
	var nilTable *dealerkit.Permissions
	manager := staffActor(t, dealerkit.Roles()...)
	for _, a := range tableActions() {
		if zero.Allows(manager, a) || zero.Allows(customerActor(t), a) {
			t.Errorf("zero Permissions allows %s", a)
		}
		if nilTable.Allows(manager, a) {
			t.Errorf("nil *Permissions allows %s", a)
		}
		if err := nilTable.Check(manager, a); !errors.Is(err, dealerkit.ErrForbidden) {
			t.Errorf("nil *Permissions Check(%s) = %v, want ErrForbidden", a, err)
		}
		if g := nilTable.Grant(a); g != (dealerkit.Grant{}) {
			t.Errorf("nil *Permissions Grant(%s) = %+v", a, g)
		}
	}
	if got := nilTable.Actions(); len(got) != 0 {
		t.Errorf("nil *Permissions Actions() = %v", got)
	}
	if got := nilTable.String(); got != "" {
		t.Errorf("nil *Permissions String() = %q", got)
	}
	// A dealer table can be built up from nothing.
	p := nilTable.With(dealerkit.ActionClockWork, dealerkit.Grant{Roles: dealerkit.NewRoleSet(dealerkit.RoleTechnician)})
	if !p.Allows(staffActor(t, dealerkit.RoleTechnician), dealerkit.ActionClockWork) {
		t.Error("nil.With did not grant")
	}
	if p.Allows(staffActor(t, dealerkit.RoleTechnician), dealerkit.ActionFinishWork) {
		t.Error("nil.With granted more than asked")
	}
}

func TestPermissions_ActionsSorted(t *testing.T) {
	got := dealerkit.DefaultPermissions().Actions()
	if !slices.IsSorted(got) {
		t.Errorf("Actions() not sorted: %v", got)
	}
}

// The audit rendering names each action with its roles and marks the customer's grants.
func TestPermissions_String(t *testing.T) {
	s := dealerkit.DefaultPermissions().String()
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) != len(dealerkit.DefaultPermissions().Actions()) {
		t.Fatalf("String has %d lines, want %d:\n%s", len(lines), len(dealerkit.DefaultPermissions().Actions()), s)
	}
	byAction := map[string]string{}
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) != 2 {
			t.Fatalf("line %q: want action and grant", l)
		}
		byAction[f[0]] = f[1]
	}
	for a, want := range map[dealerkit.Action]string{
		dealerkit.ActionInspectQuality: "quality_inspector",
		dealerkit.ActionApproveWork:    "manager,service_advisor,customer",
		dealerkit.ActionClockWork:      "technician",
	} {
		if got := byAction[string(a)]; got != want {
			t.Errorf("String: %s -> %q, want %q", a, got, want)
		}
	}
}

// declaredActions parses the package's non-test source and returns the value of every constant
// declared with type Action, keyed by value, with its name.
func declaredActions(t *testing.T) map[dealerkit.Action]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[dealerkit.Action]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name != "dealerkit" {
			continue
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				typ, ok := vs.Type.(*ast.Ident)
				if !ok || typ.Name != "Action" {
					continue
				}
				if len(vs.Values) != len(vs.Names) {
					t.Fatalf("%s: Action constant %v without an explicit value", fset.Position(vs.Pos()), vs.Names)
				}
				for i, n := range vs.Names {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Fatalf("%s: Action %s is not a string literal", fset.Position(n.Pos()), n.Name)
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					if prev, dup := out[dealerkit.Action(v)]; dup {
						t.Errorf("%s and %s share the value %q", prev, n.Name, v)
					}
					out[dealerkit.Action(v)] = n.Name
				}
			}
		}
	}
	return out
}

// §3: the default table covers every declared action (an action without a grant would be refused
// to everyone, silently), gives each to at least one party, names only real roles, and holds no
// action that is not declared.
func TestDefaultPermissions_EveryDeclaredActionIsGranted(t *testing.T) {
	declared := declaredActions(t)
	if len(declared) == 0 {
		t.Fatal("found no Action constants in the package source")
	}
	p := dealerkit.DefaultPermissions()
	inTable := map[dealerkit.Action]bool{}
	for _, a := range p.Actions() {
		inTable[a] = true
		if _, ok := declared[a]; !ok {
			t.Errorf("default table grants %q, which no Action constant declares", a)
		}
	}
	for a, name := range declared {
		if !inTable[a] {
			t.Errorf("%s (%q) is declared but missing from DefaultPermissions", name, a)
			continue
		}
		g := p.Grant(a)
		if g.Roles == 0 && !g.Customer {
			t.Errorf("%s is granted to no one", name)
		}
		if g.Roles != dealerkit.NewRoleSet(g.Roles.Slice()...) {
			t.Errorf("%s is granted to roles outside the declared set: %b", name, g.Roles)
		}
	}
}

// Every staff member may read the repair orders of their dealer (§2); the customer's view is the
// documents they are given, not this table.
func TestDefaultPermissions_Clause2_AllStaffView(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	for _, r := range dealerkit.Roles() {
		if !p.Allows(staffActor(t, r), dealerkit.ActionViewRepairOrder) {
			t.Errorf("%s may not view repair orders", r)
		}
	}
}

// §3.1(3): only the manager appraises, signs off and sees every appraisal; each staff member sees
// and answers their own; the customer does none of it.
func TestDefaultPermissions_Clause3_1_3_ManagerAppraises(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	for _, r := range dealerkit.Roles() {
		a := staffActor(t, r)
		for _, act := range []dealerkit.Action{dealerkit.ActionAppraise, dealerkit.ActionSignOffAppraisal, dealerkit.ActionViewAppraisals} {
			if got, want := p.Allows(a, act), r == dealerkit.RoleManager; got != want {
				t.Errorf("%s may %s = %v, want %v", r, act, got, want)
			}
		}
		for _, act := range []dealerkit.Action{dealerkit.ActionRespondAppraisal, dealerkit.ActionViewOwnAppraisal} {
			if !p.Allows(a, act) {
				t.Errorf("%s may not %s", r, act)
			}
		}
	}
}
