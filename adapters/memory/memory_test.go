package memory_test

import (
	"context"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/storetest"
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

// A call that does not use the transaction's context waits for the transaction, and gives up
// when its own context ends instead of deadlocking.
func TestCallOutsideTheTransactionContextWaits(t *testing.T) {
	s := memory.New()
	err := s.InTx(t.Context(), func(context.Context) error {
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		defer cancel()
		_, err := s.RepairOrders().Get(ctx, dealerkit.DealerID{1}, uuid.UUID{1})
		require.ErrorIs(t, err, context.DeadlineExceeded)
		return nil
	})
	require.NoError(t, err)
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
