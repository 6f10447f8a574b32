package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// The policy lab's reads (replay_*.go) give what the full reads give, on every dialect.

// EventHeads is Events without the clause and to-state, with the data only of the types asked
// for: every other field equal, event by event, over pages.
func TestEventHeads(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, _ := b.open(t)
		s := newStore(t, db, b.dialect)
		require.NoError(t, s.Migrate(t.Context()))
		dealer := dealerkit.DealerID(uuid.UUID{0: 0xd, 15: 1})
		repo := s.RepairOrders()
		for n := byte(1); n <= 3; n++ {
			o := testOrder(t, dealer, n)
			require.NoError(t, repo.Create(t.Context(), o))
			require.NoError(t, repo.Update(t.Context(), dealer, o.ID(), func(o *aftersales.RepairOrder) error {
				return o.Notify(mustActor(t, dealer), time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC), aftersales.ChannelPhone, "hello")
			}))
		}
		full, err := s.Events(t.Context(), dealer, 0, 100)
		require.NoError(t, err)
		require.Len(t, full, 6)
		var heads []dealerkit.Event
		for after := int64(0); ; {
			page, err := s.EventHeads(t.Context(), dealer, after, 4, full[0].Type)
			require.NoError(t, err)
			heads = append(heads, page...)
			if len(page) < 4 {
				break
			}
			after = page[len(page)-1].Seq
		}
		require.Len(t, heads, len(full))
		withData := 0
		for i, e := range full {
			want := e
			want.Clause, want.To = "", ""
			if e.Type != full[0].Type {
				want.Data = nil
			} else {
				withData++
				require.NotEmpty(t, e.Data)
			}
			require.Equal(t, want, heads[i], "event %d", e.Seq)
		}
		require.Equal(t, 3, withData)
		heads[0].Actor.Roles[0] = dealerkit.RoleManager // each event has its own roles
		require.Equal(t, full[2].Actor, heads[2].Actor)

		none, err := s.EventHeads(t.Context(), dealer, 0, 100)
		require.NoError(t, err)
		for _, e := range none {
			require.Nil(t, e.Data)
		}
		other, err := s.EventHeads(t.Context(), dealerkit.DealerID(uuid.UUID{0: 0xd, 15: 2}), 0, 100)
		require.NoError(t, err)
		require.Empty(t, other, "another dealer's log")
	})
}

// ListRevisits lists, in id order, the orders of the vehicles with more than one order, one of
// them delivered: what the comeback rule can reach.
func TestListRevisits(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, _ := b.open(t)
		s := newStore(t, db, b.dialect)
		require.NoError(t, s.Migrate(t.Context()))
		dealer := dealerkit.DealerID(uuid.UUID{0: 0xd, 15: 1})
		repo := s.RepairOrders()
		at := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
		add := func(n byte, vin string, delivered bool, in dealerkit.DealerID) {
			sn := testOrder(t, in, n).Snapshot()
			sn.Number = "RO-" + string('A'+rune(n))
			sn.Reception.VIN = aftersales.VIN(vin)
			sn.Version = 1
			if delivered {
				sn.DeliveredAt = at.Add(time.Duration(n) * time.Hour)
			}
			o, err := aftersales.RestoreRepairOrder(sn)
			require.NoError(t, err)
			require.NoError(t, repo.Create(t.Context(), o))
		}
		const twice, once, never = "1M8GDM9AXKP042788", "WVWZZZ3CZWE689725", "LSVAU2180N2183294"
		add(4, twice, false, dealer) // after its delivered sibling: listed
		add(2, twice, true, dealer)
		add(3, once, true, dealer) // one order: no comeback can involve it
		add(5, never, false, dealer)
		add(6, never, false, dealer) // two orders, none delivered
		other := dealerkit.DealerID(uuid.UUID{0: 0xd, 15: 2})
		add(7, twice, true, other) // another dealer's order of the same vehicle
		rr, ok := repo.(interface {
			ListRevisits(ctx context.Context, dealer dealerkit.DealerID) ([]*aftersales.RepairOrder, error)
		})
		require.True(t, ok)
		got, err := rr.ListRevisits(t.Context(), dealer)
		require.NoError(t, err)
		var ids []uuid.UUID
		for _, o := range got {
			ids = append(ids, o.ID())
			full, err := repo.Get(t.Context(), dealer, o.ID())
			require.NoError(t, err)
			require.Equal(t, full.Snapshot(), o.Snapshot())
		}
		require.Equal(t, []uuid.UUID{{0: 1, 15: 2}, {0: 1, 15: 4}}, ids)
		none, err := rr.ListRevisits(t.Context(), dealerkit.DealerID(uuid.UUID{0: 0xd, 15: 3}))
		require.NoError(t, err)
		require.Empty(t, none)
	})
}

// EventSpan is the first and last Seq that Events gives for the dealer, zeros for an empty log.
func TestEventSpan(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, _ := b.open(t)
		s := newStore(t, db, b.dialect)
		require.NoError(t, s.Migrate(t.Context()))
		dealer := dealerkit.DealerID(uuid.UUID{0: 0xd, 15: 1})
		first, last, err := s.EventSpan(t.Context(), dealer)
		require.NoError(t, err)
		require.Equal(t, [2]int64{0, 0}, [2]int64{first, last}, "no events yet")
		repo := s.RepairOrders()
		for n := byte(1); n <= 3; n++ {
			require.NoError(t, repo.Create(t.Context(), testOrder(t, dealer, n)))
		}
		all, err := s.Events(t.Context(), dealer, 0, 100)
		require.NoError(t, err)
		require.Len(t, all, 3)
		first, last, err = s.EventSpan(t.Context(), dealer)
		require.NoError(t, err)
		require.Equal(t, [2]int64{all[0].Seq, all[2].Seq}, [2]int64{first, last})
		first, last, err = s.EventSpan(t.Context(), dealerkit.DealerID(uuid.UUID{0: 0xd, 15: 2}))
		require.NoError(t, err)
		require.Equal(t, [2]int64{0, 0}, [2]int64{first, last}, "another dealer's log")
	})
}
