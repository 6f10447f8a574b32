package memory_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/storetest"
)

func TestParts(t *testing.T) {
	storetest.RunParts(t, func(*testing.T) storetest.PartsStore { return memory.New() })
}
