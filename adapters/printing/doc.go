// Package printing renders dealerkit's printable documents (issue 15, item 4) as HTML pages with
// print CSS (A4, rows and signature blocks that never split across pages), in Chinese or English:
//
//   - Renderer.RepairOrder: the repair order with the walk-around check (托修单, §4.1.2);
//   - Renderer.Estimate: the estimate with the customer's consent per line (§4.2.1, §4.3.2);
//   - Renderer.Settlement: the settlement statement, labour and materials itemised, pay types,
//     tax, totals and declined recommendations (§4.5.2, §4.3.2);
//   - Renderer.PickList: the parts pick list of a repair order (§3.4.3);
//   - Renderer.PurchaseOrder: a purchase order for the supplier (§3.4.1).
//
// Build a Renderer once with the host's label catalogue, which must include Labels():
//
//	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), aftersales.Labels(), parts.Labels(), printing.Labels())
//	r, err := printing.NewRenderer(cat, &printing.Options{Dealer: printing.Dealer{Name: "…"}, Location: shanghai})
//	…
//	err = r.Settlement(w, dealerkit.Chinese, order) // order from aftersales.Service.Get
//
// Every caption and enumeration value prints through the catalogue, so a dealer renames them
// there. Every money figure is the library's own (the Statement's rounded line amounts, payer
// totals and tax), printed with the places of the statement's rounding; templates never add or
// multiply. The one figure the library does not keep is a purchase line's value, which
// PurchaseOrder computes in Go with the parts policy's rounding at the line, as a receipt does.
//
// The renderer takes the records a host has already read through the services (with the actor's
// permission checked there); it reads nothing itself. It lives in adapters/ because it is
// presentation: the HTTP adapter mounts it, and a host may call it directly.
package printing
