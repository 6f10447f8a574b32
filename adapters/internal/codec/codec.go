// Package codec is the stored form shared by the adapters: a repair order is kept as the JSON of
// its aftersales.Snapshot, with every time in UTC, and events are normalised the same way. Keeping
// one encoding means memory and SQL adapters exercise the same serialisation.
package codec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
)

// AggregateRepairOrder is the Aggregate of repair-order events.
const AggregateRepairOrder = "repair_order"

// EncodeOrder returns the stored body of o: the JSON of its snapshot with Version set to version
// and every time converted to UTC (§ "All times are stored in UTC"), whatever zone the caller
// stamped them in.
func EncodeOrder(o *aftersales.RepairOrder, version int64) ([]byte, error) {
	s := o.Snapshot()
	s.Version = version
	ToUTC(&s)
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode repair order %s: %w", s.ID, err)
	}
	return b, nil
}

// DecodeOrder rebuilds an order from a stored body. version is the stored version, which wins
// over the copy inside the body.
func DecodeOrder(body []byte, version int64) (*aftersales.RepairOrder, error) {
	var s aftersales.Snapshot
	if err := unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("decode repair order: %w", err)
	}
	// No ToUTC here: EncodeOrder wrote every time in UTC, and JSON's "Z" times decode as UTC.
	s.Version = version
	o, err := aftersales.RestoreRepairOrder(s)
	if err != nil {
		return nil, fmt.Errorf("decode repair order %s: %w", s.ID, err)
	}
	return o, nil
}

// Event returns a copy of e ready to store: in dealer's log, times in UTC, no slice shared with e.
// The dealer comes from the aggregate, so an event can never land in another dealer's log.
func Event(e dealerkit.Event, dealer dealerkit.DealerID) dealerkit.Event {
	e.Dealer = dealer
	e.At = e.At.UTC()
	e.Actor.Roles = slices.Clone(e.Actor.Roles)
	e.Data = CloneJSON(e.Data)
	return e
}

// OwnEvent is Event for an event whose data nothing else holds (parts.Posting.PendingEvents builds
// it afresh on every call): the data is kept as it is rather than copied.
func OwnEvent(e dealerkit.Event, dealer dealerkit.DealerID) dealerkit.Event {
	e.Dealer = dealer
	e.At = e.At.UTC()
	e.Actor.Roles = slices.Clone(e.Actor.Roles)
	return e
}

// PostingKeyNotFound is a store's PostingByKey error for a key no posting holds: "posting with
// key "k": not found", matching dealerkit.ErrNotFound. Every new request's look-up ends in it, so
// it is an error type of its own, one allocation, where fmt.Errorf made several.
func PostingKeyNotFound(key string) error { return &postingKeyNotFound{key} }

type postingKeyNotFound struct{ key string }

func (e *postingKeyNotFound) Error() string {
	return "posting with key " + strconv.Quote(e.key) + ": " + dealerkit.ErrNotFound.Error()
}

func (e *postingKeyNotFound) Unwrap() error { return dealerkit.ErrNotFound }

// CloneJSON copies raw, keeping nil as nil and compacting nothing.
func CloneJSON(raw json.RawMessage) json.RawMessage {
	if raw == nil {
		return nil
	}
	return bytes.Clone(raw)
}

// ToUTC converts every time.Time reachable from ptr (through exported struct fields, pointers,
// slices, arrays and maps) to UTC, in place. It walks the snapshot generically so that fields
// added to the domain later are covered without touching the adapters; its plan per type (keep.go)
// skips what holds no time and boxes nothing.
func ToUTC(ptr any) { utcWalker.run(ptr) }
