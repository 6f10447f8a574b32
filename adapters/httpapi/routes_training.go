package httpapi

import "github.com/dealerkit/dealerkit/training"

func (h *Handler) trainingRoutes(s *training.Service) { _ = s }
