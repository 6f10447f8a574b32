package httpapi

import "github.com/dealerkit/dealerkit/safety"

func (h *Handler) safetyRoutes(s *safety.Service) { _ = s }
