package sqlstore

import (
	"context"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
)

// ListRevisits lists, as List does (in id order), the dealer's repair orders of the vehicles that
// have more than one order, at least one of them delivered: the only orders a comeback rule (§4.5)
// can reach, since a comeback returns to an earlier delivered order of the same vehicle. The
// policy lab reads these whole instead of every order; the vin and delivered_at columns choose
// them, so no other body is read.
func (r repairOrders) ListRevisits(ctx context.Context, dealer dealerkit.DealerID) ([]*aftersales.RepairOrder, error) {
	q := newDocQuery(dealer)
	q.and(`vin IN (SELECT vin FROM dealerkit_repair_orders WHERE dealer_id = ` + q.arg(dealer.String()) + `
		GROUP BY vin HAVING COUNT(*) > 1 AND COUNT(delivered_at) > 0)`)
	return listDocs(ctx, r.s, repairOrderDocs, q, 0)
}
