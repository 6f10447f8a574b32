package httpapi

import "github.com/dealerkit/dealerkit/appraisal"

func (h *Handler) appraisalRoutes(s *appraisal.Service) { _ = s }
