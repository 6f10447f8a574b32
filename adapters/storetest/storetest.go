package storetest

import (
	"context"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
)

// Store is what the repair-order suite needs of an adapter: the repository, the event log and
// transactions. Events must be written in the same transaction as the aggregate they belong to.
type Store interface {
	RepairOrders() aftersales.Repository
	dealerkit.EventReader
	dealerkit.Transactor
}

// RunRepairOrders runs the aftersales.Repository contract against the stores newStore returns.
// Every sub-test calls newStore once and expects an empty store; newStore registers its own
// clean-up with t.Cleanup.
func RunRepairOrders(t *testing.T, newStore func(t *testing.T) Store) {
	for _, tc := range repairOrderTests() {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, newFixture(t, newStore(t)))
		})
	}
}

type fixture struct {
	ctx   context.Context
	store Store
	repo  aftersales.Repository
}

func newFixture(t *testing.T, s Store) *fixture {
	return &fixture{ctx: t.Context(), store: s, repo: s.RepairOrders()}
}
