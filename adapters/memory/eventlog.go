package memory

import (
	"encoding/json"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// eventLog is one dealer's event log, paged: appending never moves the events already logged.
// A busy dealer's log holds millions of events, and copying them all as one slice grew was a
// tenth of the cost of a repair order's change.
//
// The events are kept compact (loggedEvent): a log repeats a few hundred aggregates, types,
// clauses, states and role lists millions of times, so each is kept once, in the log's names and
// roles, and an event refers to it by number. What the log implies (the dealer, Seq) is not kept
// at all. An event is then 112 bytes with one pointer, its data, where a dealerkit.Event is 232
// with eight: the log was the largest part of the 100-dealership simulation's heap (a third of
// what it held at the end), and every pointer in it is one more for the collector to trace on
// every cycle (issue 12).
type eventLog struct {
	events paged[loggedEvent] // Seq i+1 at index i

	names interned[string]           // aggregates, types, clauses and states, by themselves
	roles interned[[]dealerkit.Role] // role lists, by rolesKey: nil and empty are different lists
}

// interned holds values once each, numbered in the order first added, and finds them by a key.
// Callers look a key up in index themselves: m[string(b)] with b a []byte allocates nothing.
type interned[T any] struct {
	values []T
	index  map[string]uint32
}

func (t *interned[T]) add(key string, v T) uint32 {
	if t.index == nil {
		t.index = map[string]uint32{}
	}
	k := uint32(len(t.values))
	t.values = append(t.values, v)
	t.index[key] = k
	return k
}

// loggedEvent is a dealerkit.Event as the log keeps it. At is kept as Unix seconds and
// nanoseconds (events are logged in UTC, and read back in UTC).
type loggedEvent struct {
	aggregateID uuid.UUID
	staff       dealerkit.StaffID
	customerID  dealerkit.CustomerID
	sec         int64
	data        json.RawMessage
	nsec        int32
	customer    bool

	// Indexes into the log's names and roles.
	aggregate, typ, clause, from, to, roles uint32
}

func (l *eventLog) len() int { return l.events.len() }

// append logs e as the event with Seq l.len()+1 in its dealer's log: e's Dealer and Seq are not
// kept. The log keeps e's data and role list as they are: the caller hands over copies of its
// own (codec.Event).
func (l *eventLog) append(e dealerkit.Event) {
	l.events.append(loggedEvent{
		aggregateID: e.AggregateID, staff: e.Actor.Staff, customerID: e.Actor.CustomerID, customer: e.Actor.Customer,
		sec: e.At.Unix(), nsec: int32(e.At.Nanosecond()), data: e.Data,
		aggregate: l.name(e.Aggregate), typ: l.name(e.Type), clause: l.name(e.Clause), from: l.name(e.From), to: l.name(e.To),
		roles: l.roleList(e.Actor.Roles),
	})
}

// name returns the number of s in the log's names, adding it the first time.
func (l *eventLog) name(s string) uint32 {
	if k, ok := l.names.index[s]; ok {
		return k
	}
	return l.names.add(s, s)
}

// roleList returns the number of roles in the log's role lists, adding it the first time.
func (l *eventLog) roleList(roles []dealerkit.Role) uint32 {
	var buf [16]byte
	key := rolesKey(buf[:0], roles)
	if k, ok := l.roles.index[string(key)]; ok {
		return k
	}
	return l.roles.add(string(key), roles)
}

// rolesKey appends to b a key that tells every role list from every other, nil from empty: a
// byte for nil or not, then the roles.
func rolesKey(b []byte, roles []dealerkit.Role) []byte {
	if roles == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	for _, r := range roles {
		b = append(b, byte(r))
	}
	return b
}

// window returns the indexes [start, end) of what a read after after of at most limit events
// gives: those with Seq greater than after, at most limit of them. A nil log has none.
func (l *eventLog) window(after int64, limit int) (start, end int) {
	if l == nil {
		return 0, 0
	}
	n := l.len()
	start = int(min(max(after, 0), int64(n)))
	return start, start + min(limit, n-start)
}

// at returns the event at index i (Seq i+1) of dealer's log, 0 <= i < l.len(). Its role list and
// data are the log's own: a reader hands out copies (codec.Event).
func (l *eventLog) at(dealer dealerkit.DealerID, i int) dealerkit.Event {
	e := l.events.at(i)
	return dealerkit.Event{Dealer: dealer, Seq: int64(i + 1), Aggregate: l.names.values[e.aggregate], AggregateID: e.aggregateID,
		Type: l.names.values[e.typ], Clause: l.names.values[e.clause],
		Actor: dealerkit.ActorRef{Staff: e.staff, Roles: l.roles.values[e.roles], Customer: e.customer, CustomerID: e.customerID},
		At:    time.Unix(e.sec, int64(e.nsec)).UTC(), From: l.names.values[e.from], To: l.names.values[e.to], Data: e.data}
}
