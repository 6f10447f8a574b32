package policylab

import (
	"sort"
	"time"

	"github.com/dealerkit/dealerkit"
)

// eventActions maps an event type to the §3 action the service call that records it checks (the
// authorize call of each service method). Types a service records after more than one action are
// left out and listed in unmappedEvents: the log does not say which, so those events are not
// replayable rather than guessed. stocktake.cancelled is decided by its From state (actionOf).
func eventActions() map[string]dealerkit.Action {
	return map[string]dealerkit.Action{
		"repair_order.opened": dealerkit.ActionOpenRepairOrder, "repair_order.comeback": dealerkit.ActionOpenRepairOrder,
		"repair_order.line_added": dealerkit.ActionEditEstimate, "repair_order.line_removed": dealerkit.ActionEditEstimate,
		"repair_order.approved": dealerkit.ActionApproveWork, "repair_order.declined": dealerkit.ActionApproveWork,
		"repair_order.consent_withdrawn": dealerkit.ActionApproveWork,
		"repair_order.customer_notified": dealerkit.ActionNotifyCustomer, "repair_order.ready_notified": dealerkit.ActionNotifyCustomer,
		"repair_order.dispatched": dealerkit.ActionDispatch, "repair_order.returned_to_work": dealerkit.ActionDispatch,
		"repair_order.clocked_on": dealerkit.ActionClockWork, "repair_order.clocked_off": dealerkit.ActionClockWork,
		"repair_order.job_completed":       dealerkit.ActionClockWork,
		"repair_order.clock_stopped":       dealerkit.ActionOverrideClock,
		"repair_order.extra_work_proposed": dealerkit.ActionProposeExtraWork,
		"repair_order.work_finished":       dealerkit.ActionFinishWork, "repair_order.cleaned": dealerkit.ActionRecordCleaning,
		"repair_order.inspection_passed": dealerkit.ActionInspectQuality, "repair_order.inspection_failed": dealerkit.ActionInspectQuality,
		"repair_order.settled": dealerkit.ActionSettle, "repair_order.paid": dealerkit.ActionRecordPayment,
		"repair_order.accepted": dealerkit.ActionRecordResponse, "repair_order.objected": dealerkit.ActionRecordResponse,
		"repair_order.delivered": dealerkit.ActionDeliver, "repair_order.followed_up": dealerkit.ActionFollowUp,
		"repair_order.cancelled":      dealerkit.ActionCancelRepairOrder,
		"repair_order.parts_issued":   dealerkit.ActionIssueParts,
		"repair_order.parts_returned": dealerkit.ActionReturnParts,

		"complaint.received": dealerkit.ActionRecordComplaint, "complaint.contacted": dealerkit.ActionRecordComplaint,
		"complaint.acknowledged": dealerkit.ActionAcknowledgeComplaint, "complaint.reported": dealerkit.ActionAcknowledgeComplaint,
		"complaint.waiting": dealerkit.ActionAcknowledgeComplaint, "complaint.customer_responded": dealerkit.ActionAcknowledgeComplaint,
		"complaint.investigated": dealerkit.ActionInvestigateComplaint, "complaint.root_cause_set": dealerkit.ActionInvestigateComplaint,
		"complaint.staff_named":       dealerkit.ActionInvestigateComplaint,
		"complaint.solution_proposed": dealerkit.ActionResolveComplaint,
		"complaint.solution_accepted": dealerkit.ActionResolveComplaint,
		"complaint.solution_rejected": dealerkit.ActionResolveComplaint,
		"complaint.resolved":          dealerkit.ActionResolveComplaint,
		"complaint.verified":          dealerkit.ActionVerifyComplaint,
		"complaint.reopened":          dealerkit.ActionVerifyComplaint,
		"complaint.closed":            dealerkit.ActionCloseComplaint,
		"corrective_action.opened":    dealerkit.ActionCorrectiveAction,
		"corrective_action.completed": dealerkit.ActionCorrectiveAction,
		"corrective_action.checked":   dealerkit.ActionCorrectiveAction,

		"part.created": dealerkit.ActionManageCatalogue, "part.revised": dealerkit.ActionManageCatalogue,
		"part.discontinued": dealerkit.ActionManageCatalogue, "part.reinstated": dealerkit.ActionManageCatalogue, // SetPartActive
		"supplier.created":       dealerkit.ActionManageCatalogue,
		"purchase_order.created": dealerkit.ActionPurchaseParts, "purchase_order.line_added": dealerkit.ActionPurchaseParts,
		"purchase_order.line_removed": dealerkit.ActionPurchaseParts, "purchase_order.placed": dealerkit.ActionPurchaseParts,
		"purchase_order.closed_short": dealerkit.ActionPurchaseParts, "purchase_order.cancelled": dealerkit.ActionPurchaseParts,
		"purchase_order.received": dealerkit.ActionReceiveParts, "purchase_order.receipt_reversed": dealerkit.ActionReceiveParts,
		"stock.received": dealerkit.ActionReceiveParts, "stock.issued": dealerkit.ActionIssueParts,
		"stock.returned": dealerkit.ActionReturnParts, "stock.adjusted": dealerkit.ActionApproveAdjustment,
		"reservation.consumed":    dealerkit.ActionIssueParts,        // Issue, Pick
		"reservation.unallocated": dealerkit.ActionApproveAdjustment, // ApproveStocktake
		"stocktake.started":       dealerkit.ActionCountStock, "stocktake.counted": dealerkit.ActionCountStock,
		"stocktake.recounted": dealerkit.ActionCountStock, "stocktake.submitted": dealerkit.ActionCountStock,
		"stocktake.approved": dealerkit.ActionApproveAdjustment, "stocktake.reopened": dealerkit.ActionApproveAdjustment,

		"appraisal.drafted": dealerkit.ActionAppraise, "appraisal.rated": dealerkit.ActionAppraise,
		"appraisal.recomputed": dealerkit.ActionAppraise,
		"appraisal.answered":   dealerkit.ActionAppraise, "appraisal.signed_off": dealerkit.ActionSignOffAppraisal,
		"appraisal.acknowledged": dealerkit.ActionRespondAppraisal, "appraisal.objected": dealerkit.ActionRespondAppraisal,

		"equipment.registered": dealerkit.ActionManageEquipment, "equipment.retired": dealerkit.ActionManageEquipment,
		"equipment.inspected": dealerkit.ActionInspectEquipment, "equipment_inspection.recorded": dealerkit.ActionInspectEquipment,
		"equipment.out_of_service": dealerkit.ActionInspectEquipment, "equipment.returned_to_service": dealerkit.ActionInspectEquipment,
		"equipment.repaired":           dealerkit.ActionRepairEquipment,
		"area_check.recorded":          dealerkit.ActionCheckArea,
		"area_check.finding_corrected": dealerkit.ActionCorrectFinding, "area_check.finding_verified": dealerkit.ActionVerifyFinding,
		"area_check.finding_reopened": dealerkit.ActionVerifyFinding, "incident.action_reopened": dealerkit.ActionVerifyFinding,
		"incident.reported": dealerkit.ActionReportIncident, "incident.investigated": dealerkit.ActionInvestigateIncident,
		"incident.action_added": dealerkit.ActionInvestigateIncident, "incident.closed": dealerkit.ActionInvestigateIncident,
		"incident.action_completed": dealerkit.ActionCorrectFinding, "incident.action_effective": dealerkit.ActionVerifyFinding,
		"drill.held": dealerkit.ActionHoldDrill, "drill.finding_closed": dealerkit.ActionCorrectFinding,

		"training_course.created": dealerkit.ActionManageTraining, "training_course.retired": dealerkit.ActionManageTraining,
		"training_plan.created": dealerkit.ActionManageTraining, "training_session.scheduled": dealerkit.ActionManageTraining,
		"training_session.enrolled": dealerkit.ActionManageTraining, "training_session.cancelled": dealerkit.ActionManageTraining,
		"training_member.registered": dealerkit.ActionManageTraining,
		"training_session.completed": dealerkit.ActionRecordTraining, "training_session.external_recorded": dealerkit.ActionRecordTraining,
		"training_certificate.renewed": dealerkit.ActionCertify, "training_certificate.reviewed": dealerkit.ActionCertify,
		"training_certificate.suspended": dealerkit.ActionCertify, "training_certificate.reinstated": dealerkit.ActionCertify,
		"training_certificate.revoked": dealerkit.ActionCertify,
		"training_member.promoted":     dealerkit.ActionPromote,
	}
}

// unmappedEvents are the event types eventActions leaves out on purpose, each with why. A type
// recorded by a person is not replayable when the log cannot tell which §3 action was checked.
var unmappedEvents = map[string]string{
	// System events: no person took them.
	"complaint.escalated":         "system: the deadline scan (complaints.Service.Escalate)",
	"corrective_action.escalated": "system: the deadline scan (complaints.Service.Escalate)",

	// Ambiguous: more than one service call, checking different actions, records them.
	"stock.reversed":      "ambiguous: Reverse (ApproveAdjustment) or ReverseReceipt (ReceiveParts)",
	"reservation.created": "ambiguous: parts.Service.Approve (ApproveWork) or ReserveOrder (IssueParts)",
	"reservation.allocated": "ambiguous: Approve (ApproveWork), ReserveOrder (IssueParts) or a back-order " +
		"filled by Receive (ReceiveParts)",
	"reservation.released": "ambiguous: Approve withdrawing consent (ApproveWork), ReleaseOrder (IssueParts) " +
		"or CancelOrder (CancelRepairOrder)",
	"training_certificate.issued": "ambiguous: RecordCertificate (Certify) or a pass recorded by " +
		"CompleteSession or RecordExternal (RecordTraining)",
	"stocktake.cancelled": "decided by the event's From state in actionOf: counting (CountStock), " +
		"submitted (ApproveAdjustment)",
}

// actionOf is the §3 action behind e, if the log determines it.
func actionOf(actions map[string]dealerkit.Action, e dealerkit.Event) (dealerkit.Action, bool) {
	if e.Type == "stocktake.cancelled" { // parts.Service.CancelStocktake checks by the stocktake's state
		switch e.From {
		case "counting":
			return dealerkit.ActionCountStock, true
		case "submitted":
			return dealerkit.ActionApproveAdjustment, true
		}
		return "", false
	}
	a, ok := actions[e.Type]
	return a, ok
}

// permReplay asks, for each event a person recorded, whether each side's role table in force at
// its time (§3, §9) lets the recorded actor take the action behind it. Events no person took (an
// escalation by the deadline scan, a state change that follows another) are not actions and are
// skipped. The answer depends only on the two tables, the actor and the action, so each
// combination is worked out once per dealer and reused: a log has millions of events and a
// handful of people, roles and actions.
type permReplay struct {
	dealer  dealerkit.DealerID
	a, b    permTimeline
	actions map[string]dealerkit.Action
	known   map[permKey][2]string
	unknown map[string]string // the reason an event type's action is not known, built once per type
}

// permTimeline is one side's role table in force at an instant: its latest version effective by
// then, else the library's default (as the services fall back). Versions.At would build an error
// for every instant before the side's first version.
type permTimeline struct {
	list []dealerkit.Version[*dealerkit.Permissions]
	def  *dealerkit.Permissions
}

func (p permTimeline) at(t time.Time) *dealerkit.Permissions {
	i := sort.Search(len(p.list), func(i int) bool { return p.list[i].Effective.After(t) })
	if i == 0 {
		return p.def
	}
	return p.list[i-1].Rules
}

// permKey is what allowedText reads: the tables, the action, and the actor's staff id, role set
// (a bit per Role value: order and repeats do not change a set) and customer.
type permKey struct {
	a, b       *dealerkit.Permissions
	action     dealerkit.Action
	staff      dealerkit.StaffID
	roles      [4]uint64
	customer   bool
	customerID dealerkit.CustomerID
}

func newPermReplay(dealer dealerkit.DealerID, a, b Policy) *permReplay {
	def := dealerkit.DefaultPermissions()
	return &permReplay{dealer: dealer, a: permTimeline{a.Permissions.All(), def}, b: permTimeline{b.Permissions.All(), def},
		actions: eventActions(), known: map[permKey][2]string{}, unknown: map[string]string{}}
}

// outcome is e's permission outcome; false for an event no person took.
func (p *permReplay) outcome(e *dealerkit.Event) (Outcome, bool) {
	ref := e.Actor
	if !ref.Customer && ref.Staff.IsZero() {
		return Outcome{}, false // the system: no one to refuse
	}
	o := Outcome{Kind: KindPermission, Dealer: p.dealer, Record: e.AggregateID, RecordKind: e.Aggregate, Ref: e.Type, Seq: e.Seq, At: e.At}
	action, ok := actionOf(p.actions, *e)
	switch {
	case !ok:
		reason, seen := p.unknown[e.Type]
		if !seen {
			reason = "the log does not say which §3 action recorded " + e.Type
			p.unknown[e.Type] = reason
		}
		o.Status, o.Reason = NotReplayable, reason
	case !ref.Customer && len(ref.Roles) == 0:
		o.Status, o.Reason = NotReplayable, "the event does not record the actor's roles"
	default:
		k := permKey{a: p.a.at(e.At), b: p.b.at(e.At), action: action,
			staff: ref.Staff, customer: ref.Customer, customerID: ref.CustomerID}
		for _, r := range ref.Roles {
			k.roles[r/64] |= 1 << (r % 64)
		}
		v, seen := p.known[k]
		if !seen {
			v[0] = allowedText(k.a, p.dealer, ref, action)
			v[1] = v[0]
			if k.b != k.a { // the same table gives the same answer
				v[1] = allowedText(k.b, p.dealer, ref, action)
			}
			p.known[k] = v
		}
		o.A, o.B = v[0], v[1]
		o.Status = status(o.A, o.B)
	}
	return o, true
}

// allowedText is Permissions.Allows for the recorded actor. A customer recorded before customers
// had ids is judged by the grant's Customer flag, which is all Allows reads of a customer.
func allowedText(p *dealerkit.Permissions, dealer dealerkit.DealerID, ref dealerkit.ActorRef, action dealerkit.Action) string {
	var ok bool
	switch {
	case ref.Customer && ref.CustomerID.IsZero():
		ok = p.Grant(action).Customer
	case ref.Customer:
		actor, err := dealerkit.NewCustomerActor(dealer, ref.CustomerID)
		ok = err == nil && p.Allows(actor, action)
	default:
		actor, err := dealerkit.NewStaffActor(dealer, ref.Staff, ref.Roles...)
		ok = err == nil && p.Allows(actor, action)
	}
	if ok {
		return "allowed: " + string(action)
	}
	return "refused: " + string(action)
}
