package dealerkit

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Action is something an actor can be allowed or refused to do. The actions of every package are
// declared here, in one table, so a policy team can audit the whole of §3 in one place.
type Action string

// Repair-order actions (aftersales, §3.2, §3.3, §4).
const (
	ActionOpenRepairOrder   Action = "aftersales.open"            // §3.2(1), §4.1
	ActionViewRepairOrder   Action = "aftersales.view"            // §2
	ActionEditEstimate      Action = "aftersales.edit_estimate"   // §3.2(2), §4.2.1
	ActionApproveWork       Action = "aftersales.approve_work"    // §3.2(2), §4.2.1, §4.3.2
	ActionDispatch          Action = "aftersales.dispatch"        // §4.2.2
	ActionNotifyCustomer    Action = "aftersales.notify_customer" // §3.2(3), §4.2.3
	ActionClockWork         Action = "aftersales.clock_work"      // §3.3(1), §4.3.1
	ActionProposeExtraWork  Action = "aftersales.propose_extra"   // §3.3(2), §4.3.2
	ActionFinishWork        Action = "aftersales.finish_work"     // §4.3
	ActionOverrideClock     Action = "aftersales.override_clock"  // §4.3.1: stop a clock its technician left running
	ActionRecordCleaning    Action = "aftersales.record_cleaning" // §4.3.3
	ActionInspectQuality    Action = "aftersales.inspect_quality" // §4.4.1
	ActionSettle            Action = "aftersales.settle"          // §4.5.1, §4.5.2
	ActionRecordPayment     Action = "aftersales.record_payment"  // §4.5.2: a cashier may take payments without settling
	ActionRecordResponse    Action = "aftersales.record_response" // §4.5.3
	ActionDeliver           Action = "aftersales.deliver"         // §3.2(4), §4.5.3
	ActionFollowUp          Action = "aftersales.follow_up"       // §4.5.4
	ActionCancelRepairOrder Action = "aftersales.cancel"          // the customer withdraws before work begins
)

// Parts actions (parts, §3.4; §3.1 for approvals).
const (
	ActionViewStock         Action = "parts.view"               // §3.4(3): accurate parts information for everyone
	ActionManageCatalogue   Action = "parts.manage_catalogue"   // §3.4(1)
	ActionPurchaseParts     Action = "parts.purchase"           // §3.4(1)
	ActionReceiveParts      Action = "parts.receive"            // §3.4(1), §3.4(2)
	ActionIssueParts        Action = "parts.issue"              // §3.4(1)
	ActionReturnParts       Action = "parts.return"             // §3.4(1)
	ActionCountStock        Action = "parts.count"              // §3.4(4)
	ActionApproveAdjustment Action = "parts.approve_adjustment" // §3.1, §3.4(4): counts and adjustments are separate duties
)

// Complaint actions (complaints, §5; §3.1(4) for the manager's ownership).
const (
	ActionRecordComplaint      Action = "complaints.record"            // §5.1
	ActionViewComplaint        Action = "complaints.view"              // §5
	ActionViewComplainant      Action = "complaints.view_contact"      // §5: the complainant's contact details
	ActionAcknowledgeComplaint Action = "complaints.acknowledge"       // §5.2
	ActionInvestigateComplaint Action = "complaints.investigate"       // §5.3
	ActionResolveComplaint     Action = "complaints.resolve"           // §3.1(4), §5.3: the manager owns the solution
	ActionVerifyComplaint      Action = "complaints.verify"            // §5.4
	ActionCloseComplaint       Action = "complaints.close"             // §5.4
	ActionCorrectiveAction     Action = "complaints.corrective_action" // §5.5
)

// Safety actions (safety, §8; §3.3(3) for the technician's care of tools and equipment).
const (
	ActionViewSafety          Action = "safety.view"                 // §8: the register, checks, incidents and drills
	ActionManageEquipment     Action = "safety.manage_equipment"     // §8.2: register and retire equipment
	ActionInspectEquipment    Action = "safety.inspect_equipment"    // §3.3(3), §8.2
	ActionRepairEquipment     Action = "safety.repair_equipment"     // §3.3(3), §8.2
	ActionCheckArea           Action = "safety.check_area"           // §8.1
	ActionCorrectFinding      Action = "safety.correct_finding"      // §8.1, §8.3, §8.4: the owner does the action
	ActionVerifyFinding       Action = "safety.verify_finding"       // §8.1, §8.3: the manager checks it worked
	ActionReportIncident      Action = "safety.report_incident"      // §8.3: anyone reports
	ActionInvestigateIncident Action = "safety.investigate_incident" // §3.1, §8.3
	ActionHoldDrill           Action = "safety.hold_drill"           // §8.4
)

// Appraisal actions (appraisal, §3.1(3), §6).
const (
	ActionAppraise         Action = "appraisal.appraise" // §3.1(3), §6: compute, review, rate, answer and compare schemes
	ActionSignOffAppraisal Action = "appraisal.sign_off" // §3.1(3): only a manager signs off, never their own
	ActionRespondAppraisal Action = "appraisal.respond"  // §3.1(3): the staff member acknowledges or objects
	ActionViewOwnAppraisal Action = "appraisal.view_own" // §3.1(3): feedback: each sees their own
	ActionViewAppraisals   Action = "appraisal.view_all" // §3.1(3): the manager sees the department's
)

// Kernel actions.
const (
	// ActionViewEvents: read the dealer's event log through a Feed (§2: the record of who did
	// what and when; §3.1: the manager oversees the department).
	ActionViewEvents Action = "dealerkit.view_events"
)

// Training actions (training, §7, §8.4; §3.1(1) and §3.1(3) for the manager's planning and
// appraisal duties).
const (
	ActionViewTraining   Action = "training.view"    // §7: everyone sees the catalogue, plans and their own standing
	ActionManageTraining Action = "training.manage"  // §3.1(1), §7.1, §7.2: catalogue, plans, sessions, roster
	ActionRecordTraining Action = "training.record"  // §7.2, §7.3: attendance, results, external training
	ActionCertify        Action = "training.certify" // §7, §8.4: issue, renew, review, suspend, revoke certificates
	ActionPromote        Action = "training.promote" // §3.1(3), §7.4: a promotion is the manager's decision
)

// Grant says who may take an action: staff holding any of Roles, and the customer if Customer.
type Grant struct {
	Roles    RoleSet
	Customer bool
}

// Permissions is the role x action table (§3). The zero value refuses everything; start from
// DefaultPermissions and change what a dealer's own rules say. A Permissions is immutable: With
// returns a changed copy, so a value handed to a service cannot change under it.
type Permissions struct {
	grants map[Action]Grant
}

// DefaultPermissions returns the regulation's table (§3): the manager may do what the posts under
// them do, except two things done in person by a post: the quality inspection, which §4.4.1 gives
// to a dedicated inspector, and clocking work, which only the technician doing the job does.
func DefaultPermissions() *Permissions {
	m, a, t, p, q := RoleManager, RoleServiceAdvisor, RoleTechnician, RolePartsClerk, RoleQualityInspector
	staff := NewRoleSet(Roles()...)
	return &Permissions{grants: map[Action]Grant{
		ActionOpenRepairOrder: {Roles: NewRoleSet(m, a)},                 // §3.2(1): the advisor receives the customer
		ActionViewRepairOrder: {Roles: staff, Customer: true},            // §2: a customer sees their own orders, estimates and statements
		ActionEditEstimate:    {Roles: NewRoleSet(m, a)},                 // §3.2(2): the advisor drafts the plan
		ActionApproveWork:     {Roles: NewRoleSet(m, a), Customer: true}, // §3.2(2), §3.3(2): a technician proposes, never approves
		ActionDispatch:        {Roles: NewRoleSet(m, a)},                 // §4.2.2
		ActionNotifyCustomer:  {Roles: NewRoleSet(m, a)},                 // §3.2(3)
		ActionClockWork:       {Roles: NewRoleSet(t)},                    // §3.3(1)
		ActionProposeExtraWork: {
			Roles: NewRoleSet(m, a, t), // §3.3(2): the technician finds it, the advisor relays it
		},
		ActionFinishWork:        {Roles: NewRoleSet(m, a, t)},              // §4.3
		ActionRecordCleaning:    {Roles: NewRoleSet(m, a, t)},              // §4.3.3
		ActionOverrideClock:     {Roles: NewRoleSet(m)},                    // §4.3.1: the manager closes a clock left running
		ActionInspectQuality:    {Roles: NewRoleSet(q)},                    // §4.4.1: a dedicated inspection post
		ActionSettle:            {Roles: NewRoleSet(m, a)},                 // §4.5.1, §4.5.2
		ActionRecordPayment:     {Roles: NewRoleSet(m, a)},                 // §4.5.2
		ActionRecordResponse:    {Roles: NewRoleSet(m, a), Customer: true}, // §4.5.3: the customer's own answer
		ActionDeliver:           {Roles: NewRoleSet(m, a)},                 // §3.2(4)
		ActionFollowUp:          {Roles: NewRoleSet(m, a)},                 // §4.5.4
		ActionCancelRepairOrder: {Roles: NewRoleSet(m, a)},

		ActionViewStock:         {Roles: staff},            // §3.4(3)
		ActionManageCatalogue:   {Roles: NewRoleSet(m, p)}, // §3.4(1)
		ActionPurchaseParts:     {Roles: NewRoleSet(m, p)}, // §3.4(1)
		ActionReceiveParts:      {Roles: NewRoleSet(m, p)}, // §3.4(1)
		ActionIssueParts:        {Roles: NewRoleSet(m, p)}, // §3.4(1): only the parts clerk (or manager) posts movements
		ActionReturnParts:       {Roles: NewRoleSet(m, p)}, // §3.4(1)
		ActionCountStock:        {Roles: NewRoleSet(m, p)}, // §3.4(4)
		ActionApproveAdjustment: {Roles: NewRoleSet(m)},    // §3.1: only the manager approves stock adjustments

		ActionRecordComplaint:      {Roles: NewRoleSet(m, a)}, // §5.1
		ActionViewComplaint:        {Roles: NewRoleSet(m, a)}, // §5
		ActionViewComplainant:      {Roles: NewRoleSet(m, a)}, // §5: contact details stay with those who call back
		ActionAcknowledgeComplaint: {Roles: NewRoleSet(m, a)}, // §5.2: the advisor calms the customer at once
		ActionInvestigateComplaint: {Roles: NewRoleSet(m)},    // §5.3
		ActionResolveComplaint:     {Roles: NewRoleSet(m)},    // §3.1(4), §5.3
		ActionVerifyComplaint:      {Roles: NewRoleSet(m, a)}, // §5.4
		ActionCloseComplaint:       {Roles: NewRoleSet(m, a)}, // §5.4
		ActionCorrectiveAction:     {Roles: NewRoleSet(m)},    // §5.5

		ActionViewSafety:          {Roles: staff},               // §8
		ActionManageEquipment:     {Roles: NewRoleSet(m)},       // §8.2
		ActionInspectEquipment:    {Roles: NewRoleSet(m, t, q)}, // §3.3(3), §8.2
		ActionRepairEquipment:     {Roles: NewRoleSet(m, t)},    // §3.3(3)
		ActionCheckArea:           {Roles: staff},               // §8.1: every post keeps its area safe
		ActionCorrectFinding:      {Roles: staff},               // §8.1
		ActionVerifyFinding:       {Roles: NewRoleSet(m, q)},    // §8.1, §8.3
		ActionReportIncident:      {Roles: staff},               // §8.3
		ActionInvestigateIncident: {Roles: NewRoleSet(m)},       // §3.1, §8.3
		ActionHoldDrill:           {Roles: NewRoleSet(m)},       // §8.4
		ActionViewEvents:          {Roles: NewRoleSet(m)},       // §2, §3.1: the audit trail is the manager's
		ActionAppraise:            {Roles: NewRoleSet(m)},       // §3.1(3)
		ActionSignOffAppraisal:    {Roles: NewRoleSet(m)},       // §3.1(3)
		ActionRespondAppraisal:    {Roles: staff},               // §3.1(3)
		ActionViewOwnAppraisal:    {Roles: staff},               // §3.1(3)
		ActionViewAppraisals:      {Roles: NewRoleSet(m)},       // §3.1(3)
		ActionViewTraining:        {Roles: staff},               // §7
		ActionManageTraining:      {Roles: NewRoleSet(m)},       // §3.1(1), §7.1
		ActionRecordTraining:      {Roles: NewRoleSet(m)},       // §7.2, §7.3
		ActionCertify:             {Roles: NewRoleSet(m)},       // §7, §8.4
		ActionPromote:             {Roles: NewRoleSet(m)},       // §3.1(3), §7.4
	}}
}

// table returns p's grants; a nil *Permissions, like the zero value, has none.
func (p *Permissions) table() map[Action]Grant {
	if p == nil {
		return nil
	}
	return p.grants
}

// With returns a copy of p in which action is granted as g.
func (p *Permissions) With(action Action, g Grant) *Permissions {
	out := &Permissions{grants: make(map[Action]Grant, len(p.table())+1)}
	for k, v := range p.table() {
		out.grants[k] = v
	}
	out.grants[action] = g
	return out
}

// Grant returns who may take action.
func (p *Permissions) Grant(action Action) Grant { return p.table()[action] }

// Actions lists the actions the table mentions, sorted.
func (p *Permissions) Actions() []Action {
	out := make([]Action, 0, len(p.table()))
	for a := range p.table() {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Allows reports whether actor may take action.
func (p *Permissions) Allows(actor Actor, action Action) bool {
	if !actor.Valid() {
		return false
	}
	g := p.Grant(action)
	if actor.IsCustomer() {
		return g.Customer
	}
	return g.Roles.Intersects(actor.Roles())
}

// Check returns a *ForbiddenError (errors.Is ErrForbidden) unless actor may take action.
func (p *Permissions) Check(actor Actor, action Action) error {
	if !p.Allows(actor, action) {
		return &ForbiddenError{Action: action, Actor: actor}
	}
	return nil
}

// String renders the table, one action a line, for audits and examples.
func (p *Permissions) String() string {
	s := ""
	for _, a := range p.Actions() {
		g := p.grants[a]
		who := g.Roles.String()
		if g.Customer {
			who = strings.TrimPrefix(who+",customer", ",")
		}
		s += fmt.Sprintf("%-28s %s", a, who)
		s += "\n"
	}
	return s
}

// PermissionsAt is the table in force for dealer at t (§3, §9): the dealer's own history, else
// the default history, else DefaultPermissions. A nil table means DefaultPermissions.
func PermissionsAt(t *Table[*Permissions], dealer DealerID, at time.Time) (*Permissions, error) {
	v, err := t.At(dealer, at, nil)
	if err != nil {
		return nil, err
	}
	if v.Rules == nil {
		return defaultPermissions(), nil
	}
	return v.Rules, nil
}

// defaultPermissions is DefaultPermissions built once: a table is never changed after it is made
// (With copies), so every check may share it instead of building the map on every call.
var defaultPermissions = sync.OnceValue(DefaultPermissions)

// Authorize returns a *ForbiddenError (errors.Is ErrForbidden) unless the table in force for the
// actor's dealer at t lets actor take action: the check every service makes before it changes
// anything.
func Authorize(t *Table[*Permissions], actor Actor, action Action, at time.Time) error {
	p, err := PermissionsAt(t, actor.Dealer(), at)
	if err != nil {
		return err
	}
	return p.Check(actor, action)
}
