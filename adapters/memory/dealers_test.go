package memory_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/storetest"
)

func TestDealers(t *testing.T) {
	storetest.RunDealers(t, func(*testing.T) storetest.DealerStore { return memory.New() })
}
