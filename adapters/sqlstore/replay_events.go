package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dealerkit/dealerkit"
	gojson "github.com/goccy/go-json"
	"github.com/google/uuid"
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
	head := `seq, aggregate, aggregate_id, type, actor, at, from_state`
	if s.d == SQLite {
		head = sqliteEventHead
	}
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT `+head+`, `+data+`
		FROM dealerkit_events WHERE dealer_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, args...)
	if err != nil {
		return nil, s.translate("read event heads", err)
	}
	defer rows.Close()
	out := make([]dealerkit.Event, 0, min(limit, 1024))
	actors := map[string]dealerkit.ActorRef{} // by the stored JSON: a page has few distinct actors
	var actor, body []byte
	var joined string
	var decoded dealerkit.ActorRef // the one the decoder writes into: ref below stays off the heap
	for rows.Next() {
		// Scanned in place: an event or actor of its own per row escaped to the heap (a pointer
		// to its fields reaches Scan and the decoder), an allocation each per event.
		out = append(out, dealerkit.Event{Dealer: dealer})
		e := &out[len(out)-1]
		var ref dealerkit.ActorRef
		var known bool
		if s.d == SQLite {
			if err := rows.Scan(&joined, &body); err != nil {
				return nil, s.translate("read event heads", err)
			}
			var text string
			if text, err = splitEventHead(joined, e); err != nil {
				return nil, fmt.Errorf("sqlstore: read event heads: %w", err)
			}
			if ref, known = actors[text]; !known {
				actor = []byte(text)
			}
		} else {
			if err := rows.Scan(&e.Seq, &e.Aggregate, &e.AggregateID, &e.Type, &actor, timeScan{&e.At}, &e.From, &body); err != nil {
				return nil, s.translate("read event heads", err)
			}
			ref, known = actors[string(actor)]
		}
		if !known {
			decoded = dealerkit.ActorRef{}
			if err := gojson.Unmarshal(actor, &decoded); err != nil {
				return nil, fmt.Errorf("sqlstore: read event heads: actor of event %d: %w", e.Seq, err)
			}
			ref = decoded
			actors[string(actor)] = ref
		}
		ref.Roles = slices.Clone(ref.Roles) // each event its own, as Events gives them
		e.Actor = ref
		if e.Data, err = compactData(body); err != nil {
			return nil, fmt.Errorf("sqlstore: read event heads: data of event %d: %w", e.Seq, err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate("read event heads", err)
	}
	return out, nil
}

// sqliteEventHead is EventHeads' head columns on SQLite joined into one text, actor last: the
// driver allocates a string and an interface for every text column of every row, and a log's
// rows are many and narrow, so one column instead of seven took most of what reading a head
// allocated (issue 13). The unit separator cannot occur in the library-written fields before
// the actor (numbers, ids, names, times); the actor, last, may hold anything.
const sqliteEventHead = `seq || char(31) || aggregate || char(31) || aggregate_id || char(31) || type || char(31) ||
		at || char(31) || from_state || char(31) || actor`

// splitEventHead fills e from a row of sqliteEventHead and returns the actor's JSON. The strings
// are slices of joined, not copies.
func splitEventHead(joined string, e *dealerkit.Event) (actor string, err error) {
	var f [6]string
	rest := joined
	for i := range f {
		var ok bool
		if f[i], rest, ok = strings.Cut(rest, "\x1f"); !ok {
			return "", fmt.Errorf("event head %q has %d fields, want 7", joined, i+1)
		}
	}
	if e.Seq, err = strconv.ParseInt(f[0], 10, 64); err != nil {
		return "", fmt.Errorf("seq of event head %q: %w", joined, err)
	}
	e.Aggregate, e.Type, e.From = f[1], f[3], f[5]
	if e.AggregateID, err = uuid.Parse(f[2]); err != nil {
		return "", fmt.Errorf("aggregate id of event %d: %w", e.Seq, err)
	}
	if err := (timeScan{&e.At}).parse(f[4]); err != nil {
		return "", fmt.Errorf("time of event %d: %w", e.Seq, err)
	}
	return rest, nil
}

// EventSpan is the first and last Seq of the dealer's log, both 0 when it has none: what a reader
// of the whole log (the policy lab) needs to split it into ranges read side by side. The primary
// key (dealer_id, seq) answers both without reading the log.
func (s *Store) EventSpan(ctx context.Context, dealer dealerkit.DealerID) (first, last int64, err error) {
	var lo, hi sql.NullInt64
	err = s.reader(ctx).QueryRowContext(ctx, `SELECT MIN(seq), MAX(seq) FROM dealerkit_events WHERE dealer_id = $1`,
		dealer.String()).Scan(&lo, &hi)
	if err != nil {
		return 0, 0, s.translate("read event span", err)
	}
	return lo.Int64, hi.Int64, nil
}
