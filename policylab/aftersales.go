package policylab

import (
	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
)

// replayComebacks asks, for every order whose vehicle had an earlier delivered order, whether it
// is a comeback (§4.5) under each side's warranty rules, each earlier order judged under the
// version in force at its delivery (§9.1), with aftersales.ComebackOrigin: the rule the service
// applied when the order was opened. Orders of a vehicle never delivered before are not listed:
// no warranty rule can reach them.
func replayComebacks(dealer dealerkit.DealerID, orders []*aftersales.RepairOrder, a, b Policy) ([]Outcome, error) {
	byVIN := map[aftersales.VIN][]*aftersales.RepairOrder{}
	for _, o := range orders {
		byVIN[o.VIN()] = append(byVIN[o.VIN()], o)
	}
	var out []Outcome
	for _, o := range orders {
		var prior []*aftersales.RepairOrder
		for _, p := range byVIN[o.VIN()] {
			if p != o && !p.DeliveredAt().IsZero() && p.DeliveredAt().Before(o.OpenedAt()) {
				prior = append(prior, p)
			}
		}
		if len(prior) == 0 {
			continue
		}
		var vals [2]string
		for side, pol := range []Policy{a, b} {
			orig, err := aftersales.ComebackOrigin(o, prior, func(p *aftersales.RepairOrder) (aftersales.WarrantyRules, error) {
				return aftersalesAt(pol, p.DeliveredAt()).Warranty, nil
			})
			if err != nil {
				return nil, err
			}
			vals[side] = "not a comeback"
			if orig != nil {
				vals[side] = "comeback of " + orig.Number()
			}
		}
		out = append(out, Outcome{Kind: KindComeback, Dealer: dealer, Record: o.ID(), RecordKind: "repair_order", Ref: o.Number(),
			A: vals[0], B: vals[1], Status: status(vals[0], vals[1]), At: o.OpenedAt()})
	}
	sortOutcomes(out)
	return out, nil
}
