package memory_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/storetest"
)

func TestRepairOrders(t *testing.T) {
	storetest.RunRepairOrders(t, func(*testing.T) storetest.Store { return memory.New() })
}
