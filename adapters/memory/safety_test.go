package memory_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/storetest"
)

func TestSafety(t *testing.T) {
	storetest.RunSafety(t, func(*testing.T) storetest.SafetyStore { return memory.New() })
}
