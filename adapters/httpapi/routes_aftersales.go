package httpapi

import (
	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
)

// Bodies of the aftersales commands whose inputs are plain parameters.
type (
	// NotifyBody is a message to the customer (Notify, NotifyReady).
	NotifyBody struct {
		Channel aftersales.Channel `json:"channel"`
		Message string             `json:"message"`
	}
	// ExtraWorkBody is extra work found during the repair (ProposeExtraWork).
	ExtraWorkBody struct {
		Finding string               `json:"finding"`
		Line    aftersales.LineInput `json:"line"`
	}
	// RespondBody is the customer's answer to the settlement statement (Respond).
	RespondBody struct {
		Accepted bool   `json:"accepted"`
		Remarks  string `json:"remarks"`
	}
	// ReturnToWorkBody sends lines back to the workshop (ReturnToWork).
	ReturnToWorkBody struct {
		Lines  []uuid.UUID `json:"lines"`
		Reason string      `json:"reason"`
	}
	// StopClockBody names the technician whose clock a foreman stops (StopClock).
	StopClockBody struct {
		Technician dealerkit.StaffID `json:"technician"`
	}
)

// aftersalesRoutes: the repair order from reception to follow-up (§4).
func (h *Handler) aftersalesRoutes(s *aftersales.Service) {
	ver := versionOf(s.Get)
	const ro = "/v1/repair-orders"
	h.add("POST", ro, "aftersales.Open", "Receive a vehicle and open a repair order (§4.1)", create(s.Open))
	h.add("GET", ro, "aftersales.List", "Search repair orders, one page at a time", query(s.List))
	h.add("GET", ro+"/overdue", "aftersales.Overdue", "Dispatched jobs past their promised time (§4.2.3)", get0(s.Overdue))
	h.add("GET", ro+"/{id}", "aftersales.Get", "One repair order", get(s.Get))
	h.add("POST", ro+"/{id}/lines", "aftersales.AddLine", "Add an estimate line", binding2(create, func(c ctx, a actorCtx, id uuid.UUID, in aftersales.LineInput) (IDBody, error) {
		line, err := s.AddLine(c, a, id, in)
		return IDBody{line}, err
	})).match(ver)
	h.add("DELETE", ro+"/{id}/lines/{sub}", "aftersales.RemoveLine", "Remove an estimate line", cmd20(s.RemoveLine)).match(ver)
	h.add("POST", ro+"/{id}/decision", "aftersales.Decide", "Record the customer's consent to the estimate, line by line (§4.1.3)", cmd(s.Decide)).match(ver)
	h.add("POST", ro+"/{id}/dispatch", "aftersales.Dispatch", "Dispatch approved lines to a technician (§4.2)", cmd(s.Dispatch)).match(ver)
	h.add("POST", ro+"/{id}/notifications", "aftersales.Notify", "Tell the customer about progress (§4.2.3)", cmd(func(c ctx, a actorCtx, id uuid.UUID, in NotifyBody) error {
		return s.Notify(c, a, id, in.Channel, in.Message)
	})).match(ver)
	h.add("POST", ro+"/{id}/lines/{sub}/clock-on", "aftersales.ClockOn", "The technician starts work on a line", cmd20(s.ClockOn)).match(ver)
	h.add("POST", ro+"/{id}/lines/{sub}/clock-off", "aftersales.ClockOff", "The technician stops work on a line", cmd20(s.ClockOff)).match(ver)
	h.add("POST", ro+"/{id}/lines/{sub}/stop-clock", "aftersales.StopClock", "A foreman stops a technician's clock", cmd2(func(c ctx, a actorCtx, id, line uuid.UUID, in StopClockBody) error {
		return s.StopClock(c, a, id, line, in.Technician)
	})).match(ver)
	h.add("POST", ro+"/{id}/lines/{sub}/complete", "aftersales.CompleteJob", "Complete a job", cmd20(s.CompleteJob)).match(ver)
	h.add("POST", ro+"/{id}/extra-work", "aftersales.ProposeExtraWork", "Propose extra work found during the repair (§4.2.4)", binding2(create, func(c ctx, a actorCtx, id uuid.UUID, in ExtraWorkBody) (IDBody, error) {
		line, err := s.ProposeExtraWork(c, a, id, in.Finding, in.Line)
		return IDBody{line}, err
	})).match(ver)
	h.add("POST", ro+"/{id}/finish-work", "aftersales.FinishWork", "All work done: on to cleaning and inspection", cmd0(s.FinishWork)).match(ver)
	h.add("POST", ro+"/{id}/cleaning", "aftersales.RecordCleaning", "Record the vehicle's cleaning", cmd0(s.RecordCleaning)).match(ver)
	h.add("POST", ro+"/{id}/inspection", "aftersales.Inspect", "Record the final quality inspection (§4.3)", cmd(s.Inspect)).match(ver)
	h.add("POST", ro+"/{id}/ready-notifications", "aftersales.NotifyReady", "Tell the customer the vehicle is ready", cmd(func(c ctx, a actorCtx, id uuid.UUID, in NotifyBody) error {
		return s.NotifyReady(c, a, id, in.Channel, in.Message)
	})).match(ver)
	h.add("GET", ro+"/{id}/quote", "aftersales.Quote", "The statement the order would settle at now", get(s.Quote))
	h.add("POST", ro+"/{id}/settlement", "aftersales.Settle", "Settle: issue the settlement statement (§4.4)", cmd0R(s.Settle)).match(ver)
	h.add("POST", ro+"/{id}/statement-response", "aftersales.Respond", "The customer accepts or queries the statement", cmd(func(c ctx, a actorCtx, id uuid.UUID, in RespondBody) error {
		return s.Respond(c, a, id, in.Accepted, in.Remarks)
	})).match(ver)
	h.add("POST", ro+"/{id}/return-to-work", "aftersales.ReturnToWork", "Send lines back to the workshop", cmd(func(c ctx, a actorCtx, id uuid.UUID, in ReturnToWorkBody) error {
		return s.ReturnToWork(c, a, id, in.Lines, in.Reason)
	})).match(ver)
	h.add("POST", ro+"/{id}/payments", "aftersales.RecordPayment", "Record a payment", cmd(s.RecordPayment)).match(ver)
	h.add("POST", ro+"/{id}/delivery", "aftersales.Deliver", "Hand the vehicle over", cmd0(s.Deliver)).match(ver)
	h.add("POST", ro+"/{id}/delivery-with", "aftersales.DeliverWith", "Hand the vehicle over with the customer's acceptance", cmd(s.DeliverWith)).match(ver)
	h.add("POST", ro+"/{id}/follow-up", "aftersales.FollowUp", "Record the follow-up survey (§4.5)", cmd(s.FollowUp)).match(ver)
	h.add("POST", ro+"/{id}/cancel", "aftersales.Cancel", "Cancel the order", cmdReason(s.Cancel)).match(ver)
}

// binding2 binds f(ctx, actor, id, in) (R, error) on {id} with the status of mk (create: 201).
func binding2[T, R any](mk func(func(ctx, actorCtx, T) (R, error)) binding, f func(ctx, actorCtx, uuid.UUID, T) (R, error)) binding {
	b := mk(nil)
	b.serve = func(c *call) (any, error) {
		id, err := c.id("id")
		if err != nil {
			return nil, err
		}
		var in T
		if err := c.decode(&in); err != nil {
			return nil, err
		}
		return f(c.ctx, c.actor, id, in)
	}
	return b
}
