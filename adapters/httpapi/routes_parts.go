package httpapi

import (
	"time"

	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Bodies of the parts commands whose inputs are plain parameters.
type (
	// ActiveBody switches a part on or off (SetPartActive).
	ActiveBody struct {
		Active bool `json:"active"`
	}
	// PlaceBody places a purchase order with the date the supplier promised (PlaceOrder).
	PlaceBody struct {
		ExpectedAt time.Time `json:"expected_at"`
	}
	// CountBody is a counted quantity (Count).
	CountBody struct {
		Quantity decimal.Decimal `json:"quantity"`
	}
)

// partsRoutes: catalogue, purchasing, receiving, issue and return, reservations, stocktake and
// the stock reports (§3.4).
func (h *Handler) partsRoutes(s *parts.Service) {
	h.add("POST", "/v1/suppliers", "parts.AddSupplier", "Add a supplier", create(s.AddSupplier))
	h.add("GET", "/v1/suppliers", "parts.Suppliers", "Every supplier", get0(s.Suppliers))
	h.add("GET", "/v1/suppliers/{id}/figures", "parts.SupplierFigures", "A supplier's delivery figures over a period", binding{
		extra: []string{"from", "to"}, resp: typeOf[parts.SupplierFigures](), serve: func(c *call) (any, error) {
			id, err := c.id("id")
			if err != nil {
				return nil, err
			}
			from, to, err := c.period()
			if err != nil {
				return nil, err
			}
			return s.SupplierFigures(c.ctx, c.actor, id, from, to)
		}})

	pver := versionOf(s.Part)
	h.add("POST", "/v1/parts", "parts.AddPart", "Add a part to the catalogue", create(s.AddPart))
	h.add("GET", "/v1/parts", "parts.Parts", "Search the catalogue", query(s.Parts))
	h.add("GET", "/v1/parts/{id}", "parts.Part", "One part", get(s.Part))
	h.add("PUT", "/v1/parts/{id}", "parts.RevisePart", "Revise a part", cmd(s.RevisePart)).match(pver)
	h.add("POST", "/v1/parts/{id}/active", "parts.SetPartActive", "Activate or retire a part", cmd(func(c ctx, a actorCtx, id uuid.UUID, in ActiveBody) error {
		return s.SetPartActive(c, a, id, in.Active)
	})).match(pver)
	h.add("GET", "/v1/parts/by-number/{number}", "parts.PartByNumber", "A part by its number", byName("number", s.PartByNumber))
	h.add("GET", "/v1/parts/by-number/{number}/availability", "parts.Availability", "A part's stock, reservations, orders and back-orders", byName("number", s.Availability))

	over := versionOf(s.PurchaseOrder)
	const po = "/v1/purchase-orders"
	h.add("POST", po, "parts.CreatePurchaseOrder", "Draft a purchase order (§3.4.1)", create(s.CreatePurchaseOrder))
	h.add("GET", po, "parts.PurchaseOrders", "Search purchase orders", query(s.PurchaseOrders))
	h.add("POST", po+"/drafts", "parts.DraftPurchaseOrders", "Draft the purchase orders replenishment suggests (§3.4(2))", binding{
		status: 201, resp: typeOf[[]*parts.PurchaseOrder](), bodyOK: true, body: typeOf[struct{}](), serve: func(c *call) (any, error) {
			var in struct{}
			if err := c.decode(&in); err != nil {
				return nil, err
			}
			return s.DraftPurchaseOrders(c.ctx, c.actor)
		}})
	h.add("GET", po+"/{id}", "parts.PurchaseOrder", "One purchase order", get(s.PurchaseOrder))
	h.add("POST", po+"/{id}/lines", "parts.AddPurchaseLine", "Add a line to a draft", binding2(create, func(c ctx, a actorCtx, id uuid.UUID, in parts.POLineInput) (IDBody, error) {
		line, err := s.AddPurchaseLine(c, a, id, in)
		return IDBody{line}, err
	})).match(over)
	h.add("DELETE", po+"/{id}/lines/{sub}", "parts.RemovePurchaseLine", "Remove a line from a draft", cmd20(s.RemovePurchaseLine)).match(over)
	h.add("POST", po+"/{id}/place", "parts.PlaceOrder", "Place the order with the supplier", cmd(func(c ctx, a actorCtx, id uuid.UUID, in PlaceBody) error {
		return s.PlaceOrder(c, a, id, in.ExpectedAt)
	})).match(over)
	h.add("POST", po+"/{id}/cancel", "parts.CancelPurchaseOrder", "Cancel a purchase order", cmdReason(s.CancelPurchaseOrder)).match(over)
	h.add("POST", po+"/{id}/close", "parts.ClosePurchaseOrder", "Close a purchase order short", cmdReason(s.ClosePurchaseOrder)).match(over)
	h.add("POST", po+"/{id}/receipts", "parts.Receive", "Receive a delivery against the order (§3.4.2)", binding2(create, s.Receive)).match(over).idem()
	h.add("POST", po+"/{id}/receipts/{sub}/reverse", "parts.ReverseReceipt", "Reverse a receipt", cmd2R(func(c ctx, a actorCtx, id, sub uuid.UUID, in ReasonBody) (*parts.Posting, error) {
		return s.ReverseReceipt(c, a, id, sub, in.Reason)
	})).match(over)

	// Parts of a repair order: the calls that change the order and its stock in one transaction.
	const rp = "/v1/repair-orders/{id}/parts"
	h.add("GET", rp+"/availability", "parts.CheckOrder", "Availability of the order's part lines (§3.4.3)", get(s.CheckOrder))
	h.add("POST", rp+"/approval", "parts.Approve", "Record the customer's consent and reserve the approved parts (§4.1.3, §3.4.3)", cmdR(func(c ctx, a actorCtx, id uuid.UUID, in aftersales.DecisionInput) ([]parts.LineAvailability, error) {
		return s.Approve(c, a, id, in)
	}))
	h.add("POST", rp+"/reservations", "parts.ReserveOrder", "Reserve stock for the order's approved lines", cmd0R(s.ReserveOrder))
	h.add("POST", rp+"/release", "parts.ReleaseOrder", "Release the order's reservations", cmdReason(s.ReleaseOrder))
	h.add("POST", rp+"/cancel", "parts.CancelOrder", "Cancel the order and release its stock", cmdReason(s.CancelOrder))

	const st = "/v1/stock"
	h.add("GET", st, "parts.Stock", "Stock rows", query(s.Stock))
	h.add("GET", st+"/movements", "parts.Movements", "Stock movements", query(s.Movements))
	h.add("GET", st+"/reservations", "parts.Reservations", "Reservations", query(s.Reservations))
	h.add("POST", st+"/issues", "parts.Issue", "Issue parts to a repair order (§3.4(1))", create(s.Issue)).idem()
	h.add("POST", st+"/picks", "parts.Pick", "Issue a pick list", create(s.Pick)).idem()
	h.add("POST", st+"/returns", "parts.Return", "Return parts to stock", create(s.Return)).idem()
	h.add("POST", st+"/adjustments", "parts.Adjust", "Adjust stock (§3.1: the manager)", create(s.Adjust)).idem()
	h.add("GET", st+"/plan", "parts.Plan", "Replenishment plan (§3.4(2))", get0(s.Plan))
	h.add("GET", st+"/suggestions", "parts.SuggestPurchases", "Suggested purchases by supplier", get0(s.SuggestPurchases))
	h.add("GET", st+"/valuation", "parts.StockValuation", "Stock valuation", get0(s.StockValuation))
	h.add("GET", st+"/turns", "parts.Turns", "Stock turns over a period", period(s.Turns))
	h.add("GET", st+"/fill-rates", "parts.FillRates", "Fill rates over a period", period(s.FillRates))
	h.add("GET", st+"/days-of-supply", "parts.DaysOfSupply", "Days of supply per part", get0(s.DaysOfSupply))
	h.add("GET", st+"/ageing", "parts.Ageing", "Stock ageing", get0(s.Ageing))
	h.add("GET", "/v1/postings/{id}", "parts.Posting", "One posting", get(s.Posting))
	h.add("POST", "/v1/postings/{id}/reverse", "parts.Reverse", "Reverse a posting", cmdR(func(c ctx, a actorCtx, id uuid.UUID, in ReasonBody) (*parts.Posting, error) {
		return s.Reverse(c, a, id, in.Reason)
	}))

	tver := versionOf(s.GetStocktake)
	const tk = "/v1/stocktakes"
	h.add("POST", tk, "parts.StartStocktake", "Start a stocktake", create(s.StartStocktake))
	h.add("GET", tk, "parts.Stocktakes", "Stocktakes", query(s.Stocktakes))
	h.add("GET", tk+"/{id}", "parts.GetStocktake", "One stocktake", get(s.GetStocktake))
	h.add("GET", tk+"/{id}/sheet", "parts.CountSheet", "The count sheet", get(s.CountSheet))
	h.add("POST", tk+"/{id}/lines/{sub}/count", "parts.Count", "Record a count", cmd2(func(c ctx, a actorCtx, id, line uuid.UUID, in CountBody) error {
		return s.Count(c, a, id, line, in.Quantity)
	})).match(tver)
	h.add("POST", tk+"/{id}/submit", "parts.SubmitStocktake", "Submit the counts", cmd0(s.SubmitStocktake)).match(tver)
	h.add("POST", tk+"/{id}/reopen", "parts.ReopenStocktake", "Reopen the counts", cmdReason(s.ReopenStocktake)).match(tver)
	h.add("POST", tk+"/{id}/cancel", "parts.CancelStocktake", "Cancel the stocktake", cmdReason(s.CancelStocktake)).match(tver)
	h.add("POST", tk+"/{id}/approve", "parts.ApproveStocktake", "Approve the stocktake and post its variances", cmd0R(s.ApproveStocktake)).match(tver)
}
