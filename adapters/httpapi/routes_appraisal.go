package httpapi

import (
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/google/uuid"
)

type (
	// AnswerBody is the manager's answer to an objection (Answer).
	AnswerBody struct {
		Answer string `json:"answer"`
	}
	// AppraisalQuery is appraisal.Filter in the query string (the filter has no JSON names).
	AppraisalQuery struct {
		Staff       dealerkit.StaffID `json:"staff,omitzero"`
		States      []appraisal.State `json:"states,omitempty"`
		FromAtLeast time.Time         `json:"from_at_least,omitzero"`
		FromBefore  time.Time         `json:"from_before,omitzero"`
		Limit       int               `json:"limit,omitempty"`
	}
)

// appraisalRoutes: drafting, rating, sign-off and objections of staff appraisals (§6).
func (h *Handler) appraisalRoutes(s *appraisal.Service) {
	ver := versionOf(s.Get)
	const ap = "/v1/appraisals"
	h.add("POST", ap+"/drafts", "appraisal.Draft", "Draft the period's appraisals from recorded facts (§6.2)", create(s.Draft))
	h.add("POST", ap+"/comparison", "appraisal.Compare", "Compare two scheme versions over one period; stores nothing (§6.4)", post(s.Compare))
	h.add("GET", ap, "appraisal.List", "Appraisals", queryCursor(func(c ctx, a actorCtx, q AppraisalQuery, cur dealerkit.Cursor) (dealerkit.Page[*appraisal.Appraisal], error) {
		return s.List(c, a, appraisal.Filter{Staff: q.Staff, States: q.States, FromAtLeast: q.FromAtLeast, FromBefore: q.FromBefore, Limit: q.Limit}, cur)
	}))
	h.add("GET", ap+"/{id}", "appraisal.Get", "One appraisal", get(s.Get))
	h.add("POST", ap+"/{id}/recompute", "appraisal.Recompute", "Measure a draft again from the facts", cmd0R(s.Recompute)).match(ver)
	h.add("POST", ap+"/{id}/rating", "appraisal.Rate", "Rate the manual dimensions", cmdR(s.Rate)).match(ver)
	h.add("POST", ap+"/{id}/sign-off", "appraisal.SignOff", "Sign the appraisal off", cmdR(func(c ctx, a actorCtx, id uuid.UUID, in NoteBody) (*appraisal.Appraisal, error) {
		return s.SignOff(c, a, id, in.Note)
	})).match(ver)
	h.add("POST", ap+"/{id}/acknowledge", "appraisal.Acknowledge", "The appraised acknowledges", cmd0R(s.Acknowledge)).match(ver)
	h.add("POST", ap+"/{id}/objection", "appraisal.Object", "The appraised objects (§6.3)", cmdR(func(c ctx, a actorCtx, id uuid.UUID, in ReasonBody) (*appraisal.Appraisal, error) {
		return s.Object(c, a, id, in.Reason)
	})).match(ver)
	h.add("POST", ap+"/{id}/answer", "appraisal.Answer", "Answer the objection", cmdR(func(c ctx, a actorCtx, id uuid.UUID, in AnswerBody) (*appraisal.Appraisal, error) {
		return s.Answer(c, a, id, in.Answer)
	})).match(ver)
}
