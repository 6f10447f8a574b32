package dealerkit_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// logOf is an event log in memory: n events of one dealer, alternating two aggregates.
type logOf struct {
	dealer dealerkit.DealerID
	events []dealerkit.Event
	reads  int
}

func newLog(dealer dealerkit.DealerID, n int) *logOf {
	l := &logOf{dealer: dealer}
	for i := 1; i <= n; i++ {
		agg, typ := "complaint", "complaint.received"
		if i%3 == 0 {
			agg, typ = "purchase_order", "purchase_order.placed"
		}
		l.events = append(l.events, dealerkit.Event{Dealer: dealer, Seq: int64(i), Aggregate: agg, AggregateID: uuid.UUID{byte(i)}, Type: typ})
	}
	return l
}

func (l *logOf) Events(_ context.Context, dealer dealerkit.DealerID, after int64, limit int) ([]dealerkit.Event, error) {
	l.reads++
	var out []dealerkit.Event
	for _, e := range l.events {
		if e.Dealer == dealer && e.Seq > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

// §2: the feed is the manager's, respects the limit, and a filter that passes over many events
// stops at MaxScan without skipping any: Next is where it stopped.
func TestFeed_Clause2_PermissionLimitAndBoundedScan(t *testing.T) {
	dealer := dealerkit.DealerID{1}
	log := newLog(dealer, 30)
	feed, err := dealerkit.NewFeed(log, &dealerkit.FeedOptions{Batch: 4, MaxScan: 8})
	require.NoError(t, err)
	advisor, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID{2}, dealerkit.RoleServiceAdvisor)
	require.NoError(t, err)
	_, err = feed.Events(t.Context(), advisor, dealerkit.EventQuery{})
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
	customer, err := dealerkit.NewCustomerActor(dealer, dealerkit.CustomerID{3})
	require.NoError(t, err)
	_, err = feed.Events(t.Context(), customer, dealerkit.EventQuery{})
	require.ErrorIs(t, err, dealerkit.ErrForbidden)

	manager, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID{4}, dealerkit.RoleManager)
	require.NoError(t, err)
	page, err := feed.Events(t.Context(), manager, dealerkit.EventQuery{Limit: 5})
	require.NoError(t, err)
	require.Len(t, page.Events, 5)
	require.Equal(t, int64(5), page.Next)
	require.True(t, page.More)

	// Purchase orders are every third event: a scan of 8 finds 2 and stops at Seq 8.
	q := dealerkit.EventQuery{Aggregates: []string{"purchase_order"}, Limit: 100}
	page, err = feed.Events(t.Context(), manager, q)
	require.NoError(t, err)
	require.Equal(t, []int64{3, 6}, seqs(page.Events))
	require.Equal(t, int64(8), page.Next)
	require.True(t, page.More)
	var all []int64
	for q.After = 0; ; q.After = page.Next {
		page, err = feed.Events(t.Context(), manager, q)
		require.NoError(t, err)
		all = append(all, seqs(page.Events)...)
		if !page.More {
			break
		}
	}
	require.Equal(t, []int64{3, 6, 9, 12, 15, 18, 21, 24, 27, 30}, all)

	_, err = dealerkit.NewFeed(nil, nil)
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
}

func seqs(es []dealerkit.Event) []int64 {
	var out []int64
	for _, e := range es {
		out = append(out, e.Seq)
	}
	return out
}

// A host serves the event log to the manager, filtered by type and paged by Seq.
func ExampleFeed() {
	dealer := dealerkit.DealerID{1}
	feed, _ := dealerkit.NewFeed(newLog(dealer, 7), nil)
	manager, _ := dealerkit.NewStaffActor(dealer, dealerkit.StaffID{4}, dealerkit.RoleManager)
	q := dealerkit.EventQuery{Types: []string{"purchase_order.placed"}, Limit: 1}
	for {
		page, err := feed.Events(context.Background(), manager, q)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, e := range page.Events {
			fmt.Println(e.Seq, e.Type)
		}
		if !page.More {
			break
		}
		q.After = page.Next
	}
	// Output:
	// 3 purchase_order.placed
	// 6 purchase_order.placed
}
