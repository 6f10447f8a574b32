package memory

import "github.com/dealerkit/dealerkit/policylab"

// The store offers the policy lab's optional reads, so a replay on it reads what it needs and no
// more. storetest.RunRepairOrders holds them to their contract but skips a read a store does not
// offer: these keep a signature that drifts from the lab's from passing unnoticed.
var (
	_ policylab.EventHeadReader = (*Store)(nil)
	_ policylab.EventSpanReader = (*Store)(nil)
	_ policylab.RevisitLister   = repairOrders{}
)
