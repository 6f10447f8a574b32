package httpapi

import (
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
)

// Bodies of the complaints commands whose inputs are plain parameters.
type (
	// FindingBody is what an investigation found (Investigate).
	FindingBody struct {
		Finding string `json:"finding"`
	}
	// RootCauseBody names a complaint's root cause (SetRootCause).
	RootCauseBody struct {
		Cause string `json:"cause"`
		Note  string `json:"note"`
	}
)

// complaintsRoutes: intake, handling and analysis of complaints (§5) and corrective actions.
func (h *Handler) complaintsRoutes(s *complaints.Service) {
	ver := versionOf(s.Get)
	const co = "/v1/complaints"
	h.add("POST", co, "complaints.Record", "Record a complaint (§5.1)", create(s.Record)).idem()
	h.add("GET", co, "complaints.List", "The complaint queue, by next deadline", query(s.List))
	h.add("GET", co+"/analysis", "complaints.Analyze", "Periodic complaint analysis (§5.4)", period(s.Analyze))
	h.add("GET", co+"/{id}", "complaints.Get", "One complaint", get(s.Get))
	h.add("GET", co+"/{id}/view", "complaints.View", "One complaint as the queue shows it", get(s.View))
	h.add("POST", co+"/{id}/acknowledge", "complaints.Acknowledge", "Acknowledge the complaint to the customer", cmdNote(s.Acknowledge)).match(ver)
	h.add("POST", co+"/{id}/report", "complaints.Report", "Report the complaint upward (§5.2)", cmd(s.Report)).match(ver)
	h.add("POST", co+"/{id}/investigate", "complaints.Investigate", "Record the investigation's finding", cmd(func(c ctx, a actorCtx, id uuid.UUID, in FindingBody) error {
		return s.Investigate(c, a, id, in.Finding)
	})).match(ver)
	h.add("POST", co+"/{id}/solution", "complaints.ProposeSolution", "Propose a solution", cmd(s.ProposeSolution)).match(ver)
	h.add("POST", co+"/{id}/feedback", "complaints.RecordFeedback", "Record the customer's feedback on the solution", cmd(s.RecordFeedback)).match(ver)
	h.add("POST", co+"/{id}/resolve", "complaints.Resolve", "Mark the complaint resolved", cmdNote(s.Resolve)).match(ver)
	h.add("POST", co+"/{id}/verification", "complaints.Verify", "Verify the resolution with the customer (§5.3)", cmd(s.Verify)).match(ver)
	h.add("POST", co+"/{id}/close", "complaints.Close", "Close the complaint", cmdNote(s.Close)).match(ver)
	h.add("POST", co+"/{id}/contacts", "complaints.Contact", "Record a contact with the customer", cmd(s.Contact)).match(ver)
	h.add("POST", co+"/{id}/await-customer", "complaints.AwaitCustomer", "Wait for the customer (the clock pauses)", cmdReason(s.AwaitCustomer)).match(ver)
	h.add("POST", co+"/{id}/customer-responded", "complaints.CustomerResponded", "The customer answered", cmdNote(s.CustomerResponded)).match(ver)
	h.add("POST", co+"/{id}/staff", "complaints.NameStaff", "Name the staff involved", cmd(s.NameStaff)).match(ver)
	h.add("POST", co+"/{id}/root-cause", "complaints.SetRootCause", "Record the root cause", cmd(func(c ctx, a actorCtx, id uuid.UUID, in RootCauseBody) error {
		return s.SetRootCause(c, a, id, in.Cause, in.Note)
	})).match(ver)

	aver := versionOf(s.GetCorrectiveAction)
	const ca = "/v1/corrective-actions"
	h.add("POST", ca, "complaints.OpenCorrectiveAction", "Open a corrective action (§5.5)", create(s.OpenCorrectiveAction))
	h.add("GET", ca, "complaints.ListCorrectiveActions", "Corrective actions", query(s.ListCorrectiveActions))
	h.add("GET", ca+"/{id}", "complaints.GetCorrectiveAction", "One corrective action", get(s.GetCorrectiveAction))
	h.add("POST", ca+"/{id}/complete", "complaints.CompleteCorrectiveAction", "Complete a corrective action", cmdNote(s.CompleteCorrectiveAction)).match(aver)
	h.add("POST", ca+"/{id}/effectiveness", "complaints.CheckEffectiveness", "Record the effectiveness check (§5.5)", cmd0R(s.CheckEffectiveness)).match(aver)
}
