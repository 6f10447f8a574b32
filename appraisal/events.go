package appraisal

import (
	"github.com/dealerkit/dealerkit"
	"github.com/shopspring/decimal"
)

// Event types. Every change of an appraisal records one, in the same transaction.
const (
	// EventDrafted: an appraisal was computed as a draft (§6.1). Payload: ScoredData.
	EventDrafted = "appraisal.drafted"
	// EventRecomputed: a draft was measured again from the facts (§6.2). Payload: ScoredData.
	EventRecomputed = "appraisal.recomputed"
	// EventRated: the manager rated a manual dimension, with a reason (§3.1(3)). Payload: RatedData.
	EventRated = "appraisal.rated"
	// EventSignedOff: a manager signed the appraisal off; it is frozen (§3.1(3)). Payload: ScoredData.
	EventSignedOff = "appraisal.signed_off"
	// EventAcknowledged: the staff member acknowledged it. No payload.
	EventAcknowledged = "appraisal.acknowledged"
	// EventObjected: the staff member objected, with a reason. Payload: NoteData.
	EventObjected = "appraisal.objected"
	// EventAnswered: the manager answered the objection. Payload: NoteData.
	EventAnswered = "appraisal.answered"
)

// EventTypes lists every event type of the package.
func EventTypes() []string {
	return []string{EventDrafted, EventRecomputed, EventRated, EventSignedOff, EventAcknowledged, EventObjected, EventAnswered}
}

// ScoredData is the payload of the scoring events: the figures as they stood after the change.
type ScoredData struct {
	Staff    dealerkit.StaffID   `json:"staff"`
	Role     string              `json:"role"`
	Version  string              `json:"version"`
	Complete bool                `json:"complete"`
	Total    decimal.NullDecimal `json:"total"`
	Grade    string              `json:"grade,omitempty"`
	Reward   decimal.Decimal     `json:"reward"`
	Penalty  decimal.Decimal     `json:"penalty"`
}

// RatedData is the payload of EventRated.
type RatedData struct {
	Dimension string          `json:"dimension"`
	Value     decimal.Decimal `json:"value"`
	Reason    string          `json:"reason"`
	Scored    ScoredData      `json:"scored"`
}

// NoteData is the payload of EventObjected and EventAnswered.
type NoteData struct {
	Note string `json:"note"`
}
