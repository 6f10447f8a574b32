package storetest

import (
	"context"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/stretchr/testify/require"
)

// DealerStore is what the dealer-listing suite needs: a way to record events (repair orders) and
// the listing a reader of the whole store walks (the policy lab).
type DealerStore interface {
	RepairOrders() aftersales.Repository
	Dealers(ctx context.Context) ([]dealerkit.DealerID, error)
}

// RunDealers checks Dealers: empty on an empty store; each dealer with an event log once, in id
// order, whatever order they first wrote in; and a second listing gives the same dealers. That a
// reader such as the policy lab's replay changes no record is tested where it reads (policylab).
func RunDealers(t *testing.T, newStore func(t *testing.T) DealerStore) {
	t.Run("ListsEachDealerWithALogOnceInIDOrder", func(t *testing.T) {
		s := newStore(t)
		ctx := t.Context()
		got, err := s.Dealers(ctx)
		require.NoError(t, err)
		require.Empty(t, got)
		// Dealer B writes first, then A twice: the listing is by id, not by first write.
		require.NoError(t, s.RepairOrders().Create(ctx, newOrder(t, orderSpec{dealer: dealerB(), n: 1})))
		require.NoError(t, s.RepairOrders().Create(ctx, newOrder(t, orderSpec{dealer: dealerA(), n: 2})))
		require.NoError(t, s.RepairOrders().Create(ctx, newOrder(t, orderSpec{dealer: dealerA(), n: 3, vin: vin2(t)})))
		got, err = s.Dealers(ctx)
		require.NoError(t, err)
		require.Equal(t, []dealerkit.DealerID{dealerA(), dealerB()}, got)
		again, err := s.Dealers(ctx)
		require.NoError(t, err)
		require.Equal(t, got, again)
	})
}
