package aftersales

import (
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §2, issue 7: a customer actor reaches only their own orders. Every call a customer may make
// (view, list, quote, decide, respond, overdue) reports another customer's order of the same
// dealer as not found, never as forbidden, and changes nothing; the order's own customer is
// served, and staff see every order.
func TestCustomer_Clause2_ReachesOnlyTheirOwnOrders(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open() // customerA's order
	other, err := dealerkit.NewCustomerActor(dealerA, dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-0000000000b2")))
	require.NoError(t, err)

	_, err = e.svc.Get(e.ctx, other, r.id)
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "Get")
	_, err = e.svc.Quote(e.ctx, other, r.id)
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "Quote: the estimate")
	page, err := e.svc.List(e.ctx, other, Query{})
	require.NoError(t, err)
	require.Empty(t, page.Items, "List")
	page, err = e.svc.List(e.ctx, other, Query{Customer: customerA})
	require.NoError(t, err)
	require.Empty(t, page.Items, "List: a customer cannot ask for another's orders")
	e.refused(r.id, dealerkit.ErrNotFound, func() error {
		return e.svc.Decide(e.ctx, other, r.id, DecisionInput{Lines: []uuid.UUID{r.job}, Approved: true, Channel: ChannelMessage})
	})

	// The order's own customer sees it, its estimate and their list, and decides.
	got, err := e.svc.Get(e.ctx, e.customer, r.id)
	require.NoError(t, err)
	require.Equal(t, customerA, got.Customer())
	_, err = e.svc.Quote(e.ctx, e.customer, r.id)
	require.NoError(t, err)
	page, err = e.svc.List(e.ctx, e.customer, Query{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	require.NoError(t, e.svc.Decide(e.ctx, e.customer, r.id, DecisionInput{Lines: []uuid.UUID{r.job}, Approved: true, Channel: ChannelMessage}))
	require.NoError(t, e.decide(e.customer, r.id, DecisionInput{Lines: []uuid.UUID{r.partLine}, Approved: true, Channel: ChannelMessage}))

	e.advance(r, StateSettled)
	e.refused(r.id, dealerkit.ErrNotFound, func() error { return e.svc.Respond(e.ctx, other, r.id, true, "") })
	jobs, err := e.svc.Overdue(e.ctx, other)
	require.NoError(t, err)
	require.Empty(t, jobs)
	st, err := e.svc.Get(e.ctx, e.customer, r.id)
	require.NoError(t, err)
	require.NotNil(t, st.Statement(), "the customer sees their statement")
	require.NoError(t, e.svc.Respond(e.ctx, e.customer, r.id, true, ""))

	// Staff of the dealer see every order.
	page, err = e.svc.List(e.ctx, e.advisor, Query{Customer: customerA})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
}

// §2: an order opened without a customer id (a walk-in the DMS has not registered) is reachable
// by staff only: no customer actor finds it.
func TestCustomer_Clause2_WalkInWithoutIDIsStaffOnly(t *testing.T) {
	e := newEnv(t, nil)
	in := reception(e.clock.Now())
	in.Customer.ID = dealerkit.CustomerID{}
	o, err := e.svc.Open(e.ctx, e.advisor, in)
	require.NoError(t, err)
	_, err = e.svc.Get(e.ctx, e.customer, o.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = e.svc.Get(e.ctx, e.advisor, o.ID())
	require.NoError(t, err)
}

// Issue 7: List pages by keyset, capped; a cursor it did not issue is invalid input.
func TestList_PagesWithACursor(t *testing.T) {
	e := newEnv(t, nil)
	var ids []uuid.UUID
	for range 5 {
		ids = append(ids, e.open().id)
	}
	var got []uuid.UUID
	q := Query{Limit: 2}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 3)
		page, err := e.svc.List(e.ctx, e.manager, q)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), 2)
		for _, o := range page.Items {
			got = append(got, o.ID())
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	require.Equal(t, ids, got)
	_, err := e.svc.List(e.ctx, e.manager, Query{Cursor: "garbage"})
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	_, err = e.svc.List(e.ctx, e.manager, Query{OpenedFrom: t0, OpenedBefore: t0})
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
}

// §3.4.3, issue 7: the partial calls refuse part lines with ErrRefused and a code naming the
// parts service's door, and change nothing.
func TestService_Clause3_4_3_PartLinesGoThroughTheDoor(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.refused(r.id, ErrDecidePartLines, func() error {
		return e.svc.Decide(e.ctx, e.customer, r.id, DecisionInput{Lines: []uuid.UUID{r.job, r.partLine}, Approved: true, Channel: ChannelMessage})
	})
	require.NoError(t, e.decide(e.customer, r.id, DecisionInput{Lines: []uuid.UUID{r.job, r.partLine}, Approved: true, Channel: ChannelMessage}))
	e.refused(r.id, ErrCancelPartLines, func() error { return e.svc.Cancel(e.ctx, e.advisor, r.id, "customer left") })
	err := e.svc.Cancel(e.ctx, e.advisor, r.id, "customer left")
	require.ErrorIs(t, err, dealerkit.ErrRefused)
	require.Equal(t, dealerkit.Code("aftersales.cancel_through_parts"), dealerkit.CodeOf(err))
	require.Contains(t, err.Error(), "parts.Service.CancelOrder")
}
