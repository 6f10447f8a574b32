package memory_test

import (
	"testing"

	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/storetest"
)

// §2: every service method refuses another dealer's ids on the memory store.
func TestTenants_Clause2(t *testing.T) {
	storetest.RunTenants(t, func(*testing.T) storetest.TenantStore { return memory.New() })
}
