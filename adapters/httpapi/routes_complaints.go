package httpapi

import (
	"github.com/dealerkit/dealerkit/complaints"
)

func (h *Handler) complaintsRoutes(s *complaints.Service) {
	const co = "/v1/complaints"
	h.add("POST", co, "complaints.Record", "Record a complaint (§5.1)", create(s.Record)).idem()
	h.add("GET", co, "complaints.List", "The complaint queue, by next deadline", query(s.List))
	h.add("GET", co+"/{id}", "complaints.Get", "One complaint", get(s.Get))
	h.add("GET", co+"/{id}/view", "complaints.View", "One complaint as the queue shows it", get(s.View))
}
