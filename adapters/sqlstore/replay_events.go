package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/dealerkit/dealerkit"
	gojson "github.com/goccy/go-json"
)

// EventHeads reads the dealer's log as Events does, in Seq order after after, at most limit, but
// only what a reader of the whole log for who did what needs (the policy lab): each event's Seq,
// aggregate, type, actor, time and from-state, without its clause or to-state, and its data only
// for the types listed in withData. It reads and decodes a fraction of Events' bytes: the data
// column is the largest, and an actor seen before on the page is decoded once.
func (s *Store) EventHeads(ctx context.Context, dealer dealerkit.DealerID, after int64, limit int, withData ...string) ([]dealerkit.Event, error) {
	if limit < 1 {
		return nil, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "limit", Value: strconv.Itoa(limit), Reason: "must be at least 1"}}}
	}
	// The data column only for the listed types: CASE keeps the others' data in the database.
	data := "NULL"
	args := []any{dealer.String(), after, limit}
	if len(withData) > 0 {
		data = "CASE WHEN type IN ("
		for i, t := range withData {
			if i > 0 {
				data += ", "
			}
			args = append(args, t)
			data += "$" + strconv.Itoa(len(args))
		}
		data += ") THEN data END"
	}
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT seq, aggregate, aggregate_id, type, actor, at, from_state, `+data+`
		FROM dealerkit_events WHERE dealer_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, args...)
	if err != nil {
		return nil, s.translate("read event heads", err)
	}
	defer rows.Close()
	out := make([]dealerkit.Event, 0, min(limit, 1024))
	actors := map[string]dealerkit.ActorRef{} // by the stored JSON: a page has few distinct actors
	var actor, body []byte
	for rows.Next() {
		e := dealerkit.Event{Dealer: dealer}
		if err := rows.Scan(&e.Seq, &e.Aggregate, &e.AggregateID, &e.Type, &actor, timeScan{&e.At}, &e.From, &body); err != nil {
			return nil, s.translate("read event heads", err)
		}
		ref, ok := actors[string(actor)]
		if !ok {
			if err := gojson.Unmarshal(actor, &ref); err != nil {
				return nil, fmt.Errorf("sqlstore: read event heads: actor of event %d: %w", e.Seq, err)
			}
			actors[string(actor)] = ref
		}
		ref.Roles = slices.Clone(ref.Roles) // each event its own, as Events gives them
		e.Actor = ref
		if e.Data, err = compactData(body); err != nil {
			return nil, fmt.Errorf("sqlstore: read event heads: data of event %d: %w", e.Seq, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate("read event heads", err)
	}
	return out, nil
}
