package httpapi

import "github.com/dealerkit/dealerkit/parts"

func (h *Handler) partsRoutes(s *parts.Service) { _ = s }
