package dealerkit

import (
	"context"
	"slices"
	"time"
)

// EventQuery selects a page of a dealer's event log: the events after Seq After (0 to start), at
// most Limit of them (PageSize caps it), of the given aggregates and types (none given: all).
type EventQuery struct {
	After      int64    `json:"after,omitempty"`
	Limit      int      `json:"limit,omitempty"`
	Aggregates []string `json:"aggregates,omitempty"` // such as "complaint", "purchase_order"
	Types      []string `json:"types,omitempty"`      // such as "complaint.escalated"
}

// EventPage is one page of the feed. Next is the Seq to pass as EventQuery.After for the page
// after: the last event read, which may lie beyond the last event returned when a filter passed
// over others. More is false when the log was read to its end; a reader that polls keeps Next
// and asks again later.
type EventPage struct {
	Events []Event `json:"events"`
	Next   int64   `json:"next"`
	More   bool    `json:"more"`
}

// FeedOptions configure a Feed; a nil *FeedOptions, and every zero field, means the default.
type FeedOptions struct {
	// Permissions is the §3 table per dealer and over time; nil means DefaultPermissions.
	Permissions *Table[*Permissions]
	// Now is the clock the table is read at; nil means time.Now.
	Now func() time.Time
	// Batch is how many events one read of the EventReader asks for; 0 means 200.
	Batch int
	// MaxScan bounds how many events one call reads while a filter passes over them; 0 means
	// 5000. A call that reaches it returns what it found with More set, and Next where it stopped.
	MaxScan int
}

// Feed is the event log as a host serves it (§2: who did what, when): the dealer's events in
// commit order, to actors allowed ActionViewEvents, filtered by aggregate and type, paged by Seq.
// It is safe for concurrent use.
type Feed struct {
	events  EventReader
	perms   *Table[*Permissions]
	src     Sources
	batch   int
	maxScan int
}

// NewFeed returns a Feed over a store's event log.
func NewFeed(events EventReader, opts *FeedOptions) (*Feed, error) {
	if events == nil {
		var v ValidationError
		v.Required("events")
		return nil, &v
	}
	if opts == nil {
		opts = &FeedOptions{}
	}
	f := &Feed{events: events, perms: opts.Permissions, src: Sources{Now: opts.Now}, batch: opts.Batch, maxScan: opts.MaxScan}
	if f.batch <= 0 {
		f.batch = 200
	}
	if f.maxScan <= 0 {
		f.maxScan = 5000
	}
	return f, nil
}

// Events returns the page of the actor's dealer's log that q selects. The actor needs
// ActionViewEvents (§2; the manager's by default). Filtering happens after reading, so the page
// holds at most q.Limit events and Next never passes an event that matches and was not returned.
func (f *Feed) Events(ctx context.Context, actor Actor, q EventQuery) (EventPage, error) {
	if err := Authorize(f.perms, actor, ActionViewEvents, f.src.Time()); err != nil {
		return EventPage{}, err
	}
	if q.After < 0 {
		var v ValidationError
		v.AddCode("after", "", ReasonNegative, "must not be negative")
		return EventPage{}, &v
	}
	limit := PageSize(q.Limit)
	page := EventPage{Events: []Event{}, Next: q.After}
	for scanned := 0; ; {
		read, err := f.events.Events(ctx, actor.Dealer(), page.Next, f.batch)
		if err != nil {
			return EventPage{}, err
		}
		for _, e := range read {
			page.Next = e.Seq
			scanned++
			if q.matches(e) {
				page.Events = append(page.Events, e)
				if len(page.Events) == limit {
					// More is a guess here: the next read says whether anything followed.
					page.More = true
					return page, nil
				}
			}
		}
		if len(read) < f.batch {
			return page, nil // the end of the log
		}
		if scanned >= f.maxScan {
			page.More = true
			return page, nil
		}
	}
}

func (q EventQuery) matches(e Event) bool {
	return (len(q.Aggregates) == 0 || slices.Contains(q.Aggregates, e.Aggregate)) &&
		(len(q.Types) == 0 || slices.Contains(q.Types, e.Type))
}
