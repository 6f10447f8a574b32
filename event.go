package dealerkit

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

// Event is the record of one change (§2: who did what, when). Events are the audit trail, the feed
// a DMS vendor streams out and what appraisal and the policy lab read. A store writes an
// aggregate's events in the same transaction as the aggregate.
type Event struct {
	Dealer DealerID `json:"dealer"`
	// Seq is the event's position in its dealer's log, assigned by the store when the change
	// commits: it starts at 1, has no gaps and increases in commit order, so a reader that pages
	// with Events(after) never misses an event that commits later.
	Seq         int64           `json:"seq"`
	Aggregate   string          `json:"aggregate"`    // the kind of record, such as "repair_order"
	AggregateID uuid.UUID       `json:"aggregate_id"` // the record
	Type        string          `json:"type"`         // what happened, such as "repair_order.approved"
	Clause      string          `json:"clause"`       // the regulation clause the change follows, such as "§4.2.1"
	Actor       ActorRef        `json:"actor"`
	At          time.Time       `json:"at"`
	From        string          `json:"from"`           // the record's state before the change
	To          string          `json:"to"`             // and after; equal when it did not move
	Data        json.RawMessage `json:"data,omitempty"` // details of the change, JSON; nil when there are none
}

// EventReader pages through a dealer's event log in order. after is the last Seq the caller has
// seen (0 to start); at most limit events come back, and fewer means the caller has caught up.
type EventReader interface {
	Events(ctx context.Context, dealer DealerID, after int64, limit int) ([]Event, error)
}

// Transactor runs fn in one transaction: every repository call made with the context fn receives
// commits together when fn returns nil, and none does otherwise. Calls nest: an inner InTx joins
// the outer transaction.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}
