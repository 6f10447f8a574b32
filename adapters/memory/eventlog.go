package memory

import "github.com/dealerkit/dealerkit"

// eventLog is one dealer's event log, kept in pages: appending never moves the events already
// logged, as one slice did each time it grew. A busy dealer's log holds millions of events, each
// with pointers, and copying them all on growth (with the collector's write barriers) was a
// tenth of the cost of a repair order's change. Pages start small, so a dealer with a handful of
// events holds a handful.
type eventLog struct {
	pages [][]dealerkit.Event // every page but the last is full, holding eventPage events
	n     int
}

const eventPage = 4096

func (l *eventLog) len() int { return l.n }

func (l *eventLog) append(e dealerkit.Event) {
	switch k := len(l.pages); {
	case k == 0:
		l.pages = append(l.pages, make([]dealerkit.Event, 0, 8))
	case len(l.pages[k-1]) == eventPage: // a log past its first page is a busy one
		l.pages = append(l.pages, make([]dealerkit.Event, 0, eventPage))
	}
	last := &l.pages[len(l.pages)-1]
	*last = append(*last, e) // grows to eventPage at most, then a new page starts
	l.n++
}

// window returns the indexes [start, end) of what a read after after of at most limit events
// gives: those with Seq greater than after, at most limit of them. A nil log has none.
func (l *eventLog) window(after int64, limit int) (start, end int) {
	if l == nil {
		return 0, 0
	}
	start = int(min(max(after, 0), int64(l.n)))
	return start, start + min(limit, l.n-start)
}

// at returns the event at index i (Seq i+1); 0 <= i < l.len().
func (l *eventLog) at(i int) *dealerkit.Event { return &l.pages[i/eventPage][i%eventPage] }
