package memory

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// The paged log reads back every event in order across page boundaries, through Events'
// windows too.
func TestEventLogAcrossPages(t *testing.T) {
	s := New()
	dealer := dealerkit.DealerID(uuid.UUID{15: 1})
	const n = 2*pageSize + 3
	evs := make([]dealerkit.Event, n)
	for i := range evs {
		evs[i] = dealerkit.Event{Dealer: dealer, Aggregate: "repair_order", Type: "x", AggregateID: uuid.UUID{0: byte(i), 1: byte(i >> 8)}}
	}
	view{s.dataOf(dealer), nil}.logEvents(evs)
	log := s.dataOf(dealer).events[dealer]
	if log.len() != n || len(log.events.pages) != 3 {
		t.Fatalf("len %d in %d pages, want %d in 3", log.len(), len(log.events.pages), n)
	}
	for _, w := range []struct{ after, limit int }{{0, n}, {pageSize - 2, 5}, {2*pageSize - 1, 10}, {n - 1, 3}, {n, 3}} {
		got, err := s.Events(context.Background(), dealer, int64(w.after), w.limit)
		if err != nil {
			t.Fatal(err)
		}
		if want := min(w.limit, n-w.after); len(got) != want {
			t.Fatalf("after %d limit %d: %d events, want %d", w.after, w.limit, len(got), want)
		}
		for k, e := range got {
			i := w.after + k
			if e.Seq != int64(i+1) || e.AggregateID != evs[i].AggregateID {
				t.Fatalf("after %d: event %d has seq %d and aggregate %s, want %d and %s", w.after, k, e.Seq, e.AggregateID, i+1, evs[i].AggregateID)
			}
		}
	}
}

// The compact log gives back exactly the events logged: every field, times to the nanosecond (in
// UTC, whatever zone they were logged in, the zero time too), role lists nil, empty or in any
// order, data nil, empty or not. Each aggregate, type, clause, state and role list is kept once.
func TestEventLogKeepsEveryField(t *testing.T) {
	// loggedEvent names the fields it keeps by hand: one added to an event or its actor fails here
	// until the log keeps it, and this test fills it.
	fieldsOf := func(x any) (names []string) {
		for f := range reflect.TypeOf(x).Fields() {
			names = append(names, f.Name)
		}
		return names
	}
	if got, want := fieldsOf(dealerkit.Event{}), []string{"Dealer", "Seq", "Aggregate", "AggregateID", "Type", "Clause", "Actor",
		"At", "From", "To", "Data"}; !slices.Equal(got, want) {
		t.Fatalf("dealerkit.Event has fields %q, the log keeps %q", got, want)
	}
	if got, want := fieldsOf(dealerkit.ActorRef{}), []string{"Staff", "Roles", "Customer", "CustomerID"}; !slices.Equal(got, want) {
		t.Fatalf("dealerkit.ActorRef has fields %q, the log keeps %q", got, want)
	}

	s := New()
	dealer := dealerkit.DealerID(uuid.UUID{15: 2})
	cst := time.FixedZone("CST", 8*3600)
	roleLists := [][]dealerkit.Role{nil, {}, {dealerkit.RoleTechnician}, {dealerkit.RoleManager, dealerkit.RoleTechnician},
		{dealerkit.RoleTechnician, dealerkit.RoleManager}}
	datas := []json.RawMessage{nil, {}, json.RawMessage(`{"a":1}`)}
	times := []time.Time{{}, time.Date(2026, 3, 2, 9, 30, 1, 123456789, cst), time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(1900, 6, 1, 0, 0, 0, 0, time.UTC)}
	var want []dealerkit.Event
	for i := range 60 {
		e := dealerkit.Event{Dealer: dealer, Aggregate: []string{"repair_order", "stock", ""}[i%3],
			AggregateID: uuid.UUID{0: byte(i)}, Type: fmt.Sprintf("type.%d", i%7), Clause: []string{"§4.2.1", ""}[i%2],
			Actor: dealerkit.ActorRef{Staff: dealerkit.StaffID(uuid.UUID{1: byte(i % 4)}), Roles: roleLists[i%len(roleLists)],
				Customer: i%6 == 0, CustomerID: dealerkit.CustomerID(uuid.UUID{2: byte(i % 3)})},
			At: times[i%len(times)], From: []string{"", "open", "closed"}[i%3], To: []string{"open", "closed"}[i%2],
			Data: datas[i%len(datas)]}
		// What the store logs (codec.Event): copies of the caller's, in UTC.
		logged := e
		logged.Actor.Roles = slices.Clone(e.Actor.Roles)
		logged.Data = bytes.Clone(e.Data)
		view{s.dataOf(dealer), nil}.logEvents([]dealerkit.Event{logged})
		e.Seq, e.At = int64(i+1), e.At.UTC()
		want = append(want, e)
	}
	got, err := s.Events(context.Background(), dealer, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("event %d:\n got %#v\nwant %#v", i, got[i], want[i])
			}
		}
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].At.Location() != time.UTC {
			t.Fatalf("event %d at %v", i, got[i].At)
		}
	}
	log := s.dataOf(dealer).events[dealer]
	if len(log.names.values) != 13 || len(log.roles.values) != len(roleLists) {
		t.Fatalf("%d names and %d role lists kept, want 13 and %d: %q", len(log.names.values), len(log.roles.values), len(roleLists), log.names.values)
	}
}

// A page holds pageSize values exactly: the first grows to it by doubling, and no page's array is
// larger.
func TestPagedPagesHoldPageSize(t *testing.T) {
	var l paged[int]
	for i := range 2*pageSize + 1 {
		if got := l.append(i); got != i {
			t.Fatalf("append %d at index %d", i, got)
		}
	}
	for k, p := range l.pages {
		if cap(p) != pageSize && k < len(l.pages)-1 || cap(p) > pageSize {
			t.Fatalf("page %d holds %d of capacity %d, want %d", k, len(p), cap(p), pageSize)
		}
	}
	for i := range l.len() {
		if *l.at(i) != i {
			t.Fatalf("at(%d) = %d", i, *l.at(i))
		}
	}
}
