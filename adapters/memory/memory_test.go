package memory_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/storetest"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestRepairOrders(t *testing.T) {
	storetest.RunRepairOrders(t, func(*testing.T) storetest.Store { return memory.New() })
}

// A Store not built with New refuses every call with an error, rather than blocking or panicking.
func TestZeroStoreRefuses(t *testing.T) {
	var s memory.Store
	_, err := s.RepairOrders().Get(t.Context(), dealerkit.DealerID{1}, uuid.UUID{1})
	require.ErrorContains(t, err, "New")
	_, err = s.Events(t.Context(), dealerkit.DealerID{1}, 0, 1)
	require.Error(t, err)
	require.Error(t, s.InTx(t.Context(), func(context.Context) error { return nil }))
}

// A call that does not use the transaction's context waits for the transaction once it holds
// the dealer, and gives up when its own context ends instead of deadlocking.
func TestCallOutsideTheTransactionContextWaits(t *testing.T) {
	s := memory.New()
	err := s.InTx(t.Context(), func(txCtx context.Context) error {
		_, err := s.RepairOrders().Get(txCtx, dealerkit.DealerID{1}, uuid.UUID{1}) // the transaction takes dealer 1
		require.ErrorIs(t, err, dealerkit.ErrNotFound)
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		defer cancel()
		_, err = s.RepairOrders().Get(ctx, dealerkit.DealerID{1}, uuid.UUID{1})
		require.ErrorIs(t, err, context.DeadlineExceeded)
		return nil
	})
	require.NoError(t, err)
}

// Dealers do not wait for each other: while one transaction holds dealer 1, a transaction on
// dealer 2 commits, and a call outside it reads dealer 2 (with the store's one lock of before,
// both waited for the first transaction).
func TestDealersDoNotWaitForEachOther(t *testing.T) {
	s := memory.New()
	orders := s.RepairOrders()
	other := make(chan error)
	err := s.InTx(t.Context(), func(ctx context.Context) error {
		if _, err := orders.Get(ctx, dealerkit.DealerID{1}, uuid.UUID{1}); !errors.Is(err, dealerkit.ErrNotFound) {
			return err
		}
		go func() {
			other <- s.InTx(t.Context(), func(ctx context.Context) error {
				_, err := orders.Get(ctx, dealerkit.DealerID{2}, uuid.UUID{1})
				return ignoreNotFound(err)
			})
		}()
		select {
		case err := <-other:
			require.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Fatal("a transaction on dealer 2 waited for one on dealer 1")
		}
		_, err := orders.Get(t.Context(), dealerkit.DealerID{2}, uuid.UUID{1})
		return ignoreNotFound(err)
	})
	require.NoError(t, err)
}

func ignoreNotFound(err error) error {
	if errors.Is(err, dealerkit.ErrNotFound) {
		return nil
	}
	return err
}

// Two transactions that take dealers 1 and 2 in opposite orders, 50 times over: each time one of
// them is refused with a conflict (a deadlock, as a database reports one) and rolls back, the
// other commits, and neither waits for ever. Each creates an order under each dealer; only the
// committed one's orders are stored.
func TestOppositeDealerOrderIsRefusedNotDeadlocked(t *testing.T) {
	for round := range 50 {
		s := memory.New()
		dealers := [2]dealerkit.DealerID{{1}, {2}}
		var holding sync.WaitGroup // both hold their first dealer before either asks for its second
		holding.Add(2)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for w := range 2 {
			a, b := testOrder(t, dealers[w], w), testOrder(t, dealers[1-w], w)
			wg.Go(func() {
				errs[w] = s.InTx(t.Context(), func(ctx context.Context) error {
					if err := s.RepairOrders().Create(ctx, a); err != nil {
						holding.Done()
						return err
					}
					holding.Done()
					holding.Wait()
					return s.RepairOrders().Create(ctx, b)
				})
			})
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("round %d: the transactions deadlocked", round)
		}
		failed := 0
		for w, err := range errs {
			if err != nil {
				require.ErrorIs(t, err, dealerkit.ErrConflict, "round %d, worker %d", round, w)
				require.ErrorContains(t, err, "deadlock")
				failed++
			}
		}
		require.Equal(t, 1, failed, "round %d: exactly one is refused", round)
		winner := 0
		if errs[0] != nil {
			winner = 1
		}
		for _, d := range dealers {
			list, err := s.RepairOrders().List(t.Context(), d, aftersales.Filter{})
			require.NoError(t, err)
			require.Len(t, list, 1, "round %d: dealer %v holds the winner's order only", round, d)
			require.Equal(t, testOrderID(winner), list[0].ID())
			evs, err := s.Events(t.Context(), d, 0, 10)
			require.NoError(t, err)
			require.NotEmpty(t, evs)
			for i, e := range evs {
				require.Equal(t, int64(i+1), e.Seq, "round %d: gap-free Seq", round)
				require.Equal(t, testOrderID(winner), e.AggregateID, "round %d: only the winner's events", round)
			}
		}
	}
}

func testOrderID(n int) uuid.UUID { return uuid.UUID{0x01, 0x95, 6: 0x70, 8: 0x80, 15: byte(n + 1)} }

// testOrder opens order n under dealer d.
func testOrder(t *testing.T, d dealerkit.DealerID, n int) *aftersales.RepairOrder {
	t.Helper()
	adv, err := dealerkit.NewStaffActor(d, dealerkit.StaffID(uuid.MustParse("0195a3c0-0000-7000-8000-000000005a01")), dealerkit.RoleServiceAdvisor)
	require.NoError(t, err)
	at := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	o, err := aftersales.NewRepairOrder(testOrderID(n), adv, at.Add(2*time.Minute), aftersales.ReceptionInput{
		Number: fmt.Sprintf("RO-%d", n), ArrivedAt: at, GreetedAt: at.Add(time.Minute), VIN: "1M8GDM9AXKP042788",
		Plate: "沪A·12345", WalkAroundDone: true, Concerns: []aftersales.Concern{{Text: "A/C smells"}},
		Visit: aftersales.VisitDropOff,
	})
	require.NoError(t, err)
	return o
}

// Using a transaction's context after InTx returned is refused.
func TestTransactionContextAfterInTx(t *testing.T) {
	s := memory.New()
	var txCtx context.Context
	require.NoError(t, s.InTx(t.Context(), func(ctx context.Context) error { txCtx = ctx; return nil }))
	_, err := s.RepairOrders().Get(txCtx, dealerkit.DealerID{1}, uuid.UUID{1})
	require.ErrorContains(t, err, "transaction")
	require.NotErrorIs(t, err, dealerkit.ErrNotFound)
}

func TestComplaints(t *testing.T) {
	storetest.RunComplaints(t, func(*testing.T) storetest.ComplaintStore { return memory.New() })
}

func TestAppraisal(t *testing.T) {
	storetest.RunAppraisal(t, func(*testing.T) storetest.AppraisalStore { return memory.New() })
}

func TestTrainingContract(t *testing.T) {
	storetest.RunTraining(t, func(*testing.T) storetest.TrainingStore { return memory.New() })
}
