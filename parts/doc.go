// Package parts is the parts clerk's side of a dealership's after-sales department (§3.4 of the
// regulation): the catalogue, purchasing (§3.4.1) and receiving with its inspection (§3.4.2),
// reservations and the issue and return of parts against repair orders (§3.4.3), stocktakes
// (§3.4.4), replenishment and reports. It is built so that a dealer can trust it with its money:
// stock never goes negative, the book always equals the movements, and the value is exact to the
// cent.
//
// # The Service
//
// The Service is the one door a host uses. It checks the actor against the §3 permission table in force,
// stamps time and ids from injected sources, and stores each change with its event through a
// Repository (adapters/memory, adapters/sqlstore). Work that spans records runs in one
// transaction of a dealerkit.Transactor: issuing parts changes the stock and the repair-order
// line (aftersales) together.
//
// This Service is the one door for every change that touches both a repair order and stock:
// Approve (approving or declining estimate lines, withdrawing consent: stock reserved or
// released with the decision), CancelOrder (the cancellation with everything held released),
// Issue, Pick and Return. aftersales.Service refuses the partial calls (a decision on a part line,
// ErrDecidePartLines; cancelling an order with approved part lines, ErrCancelPartLines) and names
// these, so no sequence of calls leaves stock held for a cancelled order or a declined line. A
// customer actor approves only their own orders; another customer's is dealerkit.ErrNotFound.
//
//	svc, err := parts.NewService(store.Parts(), store.RepairOrders(), store, nil)
//	sup, err := svc.AddSupplier(ctx, clerk, parts.SupplierInput{Code: "SVW", Name: "SAIC Volkswagen"})
//	pads, err := svc.AddPart(ctx, clerk, parts.PartInput{Number: "5Q0 698 151 B",
//		Name: parts.Name{Zh: "前刹车片", En: "front brake pads"}, Unit: parts.UnitSet, Category: "brakes",
//		Bin: "A-01", ListPrice: price, Sources: []parts.Source{{Supplier: sup.ID(), LeadTimeDays: 5}}})
//	po, err := svc.CreatePurchaseOrder(ctx, clerk, parts.POInput{Supplier: sup.ID(),
//		Lines: []parts.POLineInput{{Part: pads.ID(), Quantity: ten, UnitCost: cost}}})
//	err = svc.PlaceOrder(ctx, clerk, po.ID(), time.Time{})
//	receipt, err := svc.Receive(ctx, clerk, po.ID(), parts.ReceiptInput{Key: "DN-778",
//		Lines: []parts.ReceiptLineInput{{Line: po.Lines()[0].ID, Delivered: ten, Rejected: two,
//			RejectReason: "friction material cracked"}}})
//
//	// The customer approves the estimate; stock is reserved and shortages back-ordered (§3.4.3).
//	shortages, err := svc.Approve(ctx, customer, order.ID(), aftersales.DecisionInput{…})
//	posting, err := svc.Issue(ctx, clerk, parts.IssueInput{Key: "pick-1", Order: order.ID(), Line: line, Quantity: two})
//	posting, err = svc.Return(ctx, clerk, parts.ReturnInput{Key: "back-1", Order: order.ID(), Line: line, Quantity: one})
//
//	// Month end: freeze, count (blind if wished), recount, approve by a manager who did not count.
//	st, err := svc.StartStocktake(ctx, clerk, parts.StocktakeInput{Blind: true, Reason: "month-end"})
//	err = svc.Count(ctx, clerk, st.ID(), st.Lines()[0].ID, counted)
//	err = svc.SubmitStocktake(ctx, clerk, st.ID())
//	st, err = svc.ApproveStocktake(ctx, manager, st.ID())
//
//	suggestions, err := svc.SuggestPurchases(ctx, clerk)
//	valuation, err := svc.StockValuation(ctx, manager)
//
// Lists (Parts, PurchaseOrders) page by dealerkit.Cursor with the filters a parts counter
// searches by: part number and name fragments, supplier, category; purchase-order supplier,
// state, part and creation dates.
//
// The exported methods that change Part, PurchaseOrder, Reservation, Stocktake and Stock
// (SetActive, AddLine, Place, Count, Apply …) are the domain rules the Service applies inside a
// repository update. They check no permission and store nothing: they are for adapters and
// contract suites (adapters/storetest). A host changes parts records through the Service only.
//
// # The ledger
//
// Stock is kept per part per bin (Stock). Every change of on-hand is an immutable Movement of a
// Posting, with its actor, time, reason, reference and the posting's idempotency key; a mistake
// is corrected by a reversing posting, never by an edit. A posting is one call to the store,
// StockRepository.Post, which applies its movements atomically under the row locks (the guarded
// decrement of a SQL store) or not at all; Posting.Apply holds the rule every store applies.
//
// A row keeps its total value, not a rounded unit cost. An issue is costed as the share
// round(value × q / on-hand) of the value, and the last unit out takes what remains, so zero
// quantity always means zero value and no cent appears or vanishes. The moving average is the
// default; FIFO, a dealer policy, applies the same rule to each cost layer, oldest first. Returns
// come back at the cost they left with, and a reversed receipt leaves at the value it came in at
// (under FIFO, its own layer). Stock found in a bin the part never came into is valued at the
// part's cost across its rows.
//
// Every error the Service returns matches one dealerkit class (errors.Is) and has a stable code
// (dealerkit.CodeOf, such as parts.insufficient_stock). Errors are typed: a *StockError (errors.Is ErrInsufficientStock) says which row could give how
// much of what was asked; a *StateError (ErrWrongState) names the document, its state and the
// refused command; a *KeyError (ErrKeyReused) an idempotency key used for another request; a
// *dealerkit.ValidationError lists every bad field. A refused call changes nothing.
//
// Labels (Chinese and English) of every value, error code and event type are in Labels; event
// types are the Event… constants, each naming its payload type.
//
// Policies (Policy: valuation method, rounding, demand window, safety stock, review period,
// recount thresholds, obsolescence) are plain structs with documented defaults, loadable from
// JSON with ParsePolicies and versioned (§9).
package parts
