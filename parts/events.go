package parts

import (
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Aggregates of this package, as dealerkit.Event.Aggregate names them.
const (
	AggregatePart          = "part"
	AggregateSupplier      = "supplier"
	AggregateStock         = "stock" // a posting to the ledger; AggregateID is the posting
	AggregatePurchaseOrder = "purchase_order"
	AggregateReservation   = "reservation"
	AggregateStocktake     = "stocktake"
)

// Event types of parts. Each names the payload its dealerkit.Event.Data holds (JSON of the named
// type, decimals as strings with their scale), or says it has none; Event.From and Event.To are
// the record's states before and after.
const (
	// EventPartCreated: a part entered the catalogue (§3.4(1)). Payload PartPayload.
	EventPartCreated = "part.created"
	// EventPartRevised: a part's catalogue data changed (§3.4(3)). Payload PartPayload.
	EventPartRevised = "part.revised"
	// EventPartDiscontinued: a part may no longer be bought (§3.4(1)). Payload PartPayload.
	EventPartDiscontinued = "part.discontinued"
	// EventPartReinstated: a discontinued part may be bought again (§3.4(1)). Payload PartPayload.
	EventPartReinstated = "part.reinstated"
	// EventSupplierCreated: a supplier was added (§3.4(1)). Payload SupplierPayload.
	EventSupplierCreated = "supplier.created"

	// EventStockReceived: goods received into stock (§3.4.2). Payload PostingPayload.
	EventStockReceived = "stock.received"
	// EventStockIssued: parts issued to a repair order (§3.4.3). Payload PostingPayload.
	EventStockIssued = "stock.issued"
	// EventStockReturned: parts returned from a repair order (§3.4.3). Payload PostingPayload.
	EventStockReturned = "stock.returned"
	// EventStockAdjusted: an adjustment, by hand or from a stocktake (§3.1, §3.4(4)). Payload
	// PostingPayload.
	EventStockAdjusted = "stock.adjusted"
	// EventStockReversed: a posting was reversed (§3.4(1)). Payload PostingPayload.
	EventStockReversed = "stock.reversed"

	// EventPOCreated: a purchase order was drafted (§3.4.1). Payload POCreatedPayload.
	EventPOCreated = "purchase_order.created"
	// EventPOLineAdded: a line was added to a draft (§3.4.1). Payload POLinePayload.
	EventPOLineAdded = "purchase_order.line_added"
	// EventPOLineRemoved: a line was removed from a draft (§3.4.1). Payload POLinePayload.
	EventPOLineRemoved = "purchase_order.line_removed"
	// EventPOPlaced: the order went to the supplier (§3.4.1). Payload POPlacedPayload.
	EventPOPlaced = "purchase_order.placed"
	// EventPOReceived: a delivery was received and inspected (§3.4.2). Payload POReceivedPayload.
	EventPOReceived = "purchase_order.received"
	// EventPOClosedShort: the supplier will not complete the order (§3.4.2). No payload.
	EventPOClosedShort = "purchase_order.closed_short"
	// EventPOCancelled: the order was cancelled (§3.4.1). No payload.
	EventPOCancelled = "purchase_order.cancelled"
	// EventPOReceiptReversed: a receipt was reversed (§3.4(1)). Payload POReceiptReversedPayload.
	EventPOReceiptReversed = "purchase_order.receipt_reversed"

	// EventReservationCreated: stock was reserved for a repair-order line (§3.4.3). Payload
	// ReservationPayload.
	EventReservationCreated = "reservation.created"
	// EventReservationAllocated: received stock was allocated to a back order (§3.4.2). Payload
	// ReservationPayload.
	EventReservationAllocated = "reservation.allocated"
	// EventReservationUnallocated: held stock was taken back, such as stock a count did not find
	// (§3.4.4). Payload UnallocatedPayload.
	EventReservationUnallocated = "reservation.unallocated"
	// EventReservationConsumed: the reserved parts were issued (§3.4.3). Payload
	// ReservationPayload.
	EventReservationConsumed = "reservation.consumed"
	// EventReservationReleased: the reservation was released (§3.4.3). Payload ReasonPayload.
	EventReservationReleased = "reservation.released"

	// EventStocktakeStarted: a stocktake froze its rows (§3.4.4). Payload StocktakeStartedPayload.
	EventStocktakeStarted = "stocktake.started"
	// EventStocktakeCounted: a line was counted (§3.4.4). Payload CountPayload.
	EventStocktakeCounted = "stocktake.counted"
	// EventStocktakeRecounted: a line was counted again (§3.4.4). Payload CountPayload.
	EventStocktakeRecounted = "stocktake.recounted"
	// EventStocktakeSubmitted: the counts went to a manager (§3.4.4). No payload.
	EventStocktakeSubmitted = "stocktake.submitted"
	// EventStocktakeReopened: the manager sent the counts back (§3.4.4). Payload ReasonPayload.
	EventStocktakeReopened = "stocktake.reopened"
	// EventStocktakeApproved: the adjustments were approved and posted (§3.1, §3.4.4). Payload
	// StocktakeApprovedPayload.
	EventStocktakeApproved = "stocktake.approved"
	// EventStocktakeCancelled: the stocktake was abandoned (§3.4.4). No payload.
	EventStocktakeCancelled = "stocktake.cancelled"
)

// EventTypes lists every event type this package records.
func EventTypes() []string {
	return []string{EventPartCreated, EventPartRevised, EventPartDiscontinued, EventPartReinstated,
		EventSupplierCreated,
		EventStockReceived, EventStockIssued, EventStockReturned, EventStockAdjusted, EventStockReversed,
		EventPOCreated, EventPOLineAdded, EventPOLineRemoved, EventPOPlaced, EventPOReceived,
		EventPOClosedShort, EventPOCancelled, EventPOReceiptReversed,
		EventReservationCreated, EventReservationAllocated, EventReservationUnallocated,
		EventReservationConsumed, EventReservationReleased,
		EventStocktakeStarted, EventStocktakeCounted, EventStocktakeRecounted, EventStocktakeSubmitted,
		EventStocktakeReopened, EventStocktakeApproved, EventStocktakeCancelled}
}

// PartPayload is the data of the part events: the part's number.
type PartPayload struct {
	Number PartNumber `json:"number"`
}

// SupplierPayload is the data of EventSupplierCreated.
type SupplierPayload struct {
	Code string `json:"code"`
}

// PostingPayload is the data of the stock events: the posting's key, reference, reason and each
// movement with the value it moved.
type PostingPayload struct {
	Key       string            `json:"key"`
	Reference Reference         `json:"reference"`
	Reason    string            `json:"reason"`
	Movements []MovementPayload `json:"movements"`
}

// MovementPayload is one movement of a PostingPayload.
type MovementPayload struct {
	ID       uuid.UUID              `json:"id"`
	Part     uuid.UUID              `json:"part"`
	Bin      string                 `json:"bin"`
	Quantity dealerkit.ExactDecimal `json:"quantity"`
	Value    dealerkit.ExactDecimal `json:"value"`
}

// POCreatedPayload is the data of EventPOCreated.
type POCreatedPayload struct {
	Number   string    `json:"number"`
	Supplier uuid.UUID `json:"supplier"`
}

// POLinePayload is the data of EventPOLineAdded and EventPOLineRemoved.
type POLinePayload struct {
	Line uuid.UUID `json:"line"`
}

// POPlacedPayload is the data of EventPOPlaced.
type POPlacedPayload struct {
	ExpectedAt time.Time `json:"expected_at"`
}

// POReceivedPayload is the data of EventPOReceived.
type POReceivedPayload struct {
	Receipt uuid.UUID `json:"receipt"`
	OnTime  bool      `json:"on_time"`
}

// POReceiptReversedPayload is the data of EventPOReceiptReversed.
type POReceiptReversedPayload struct {
	Receipt uuid.UUID `json:"receipt"`
	Reason  string    `json:"reason"`
}

// ReservationPayload is the data of the reservation events that change what it holds.
type ReservationPayload struct {
	Order       uuid.UUID              `json:"order"`
	Line        uuid.UUID              `json:"line"`
	Part        uuid.UUID              `json:"part"`
	Held        dealerkit.ExactDecimal `json:"held"`
	BackOrdered dealerkit.ExactDecimal `json:"back_ordered"`
}

// UnallocatedPayload is the data of EventReservationUnallocated.
type UnallocatedPayload struct {
	Bin      string                 `json:"bin"`
	Quantity dealerkit.ExactDecimal `json:"quantity"`
	Reason   string                 `json:"reason"`
}

// ReasonPayload is the data of events that carry only why: EventReservationReleased and
// EventStocktakeReopened.
type ReasonPayload struct {
	Reason string `json:"reason"`
}

// StocktakeStartedPayload is the data of EventStocktakeStarted.
type StocktakeStartedPayload struct {
	Lines int    `json:"lines"`
	Blind bool   `json:"blind"`
	Scope string `json:"scope"`
}

// CountPayload is the data of EventStocktakeCounted and EventStocktakeRecounted.
type CountPayload struct {
	Line     uuid.UUID              `json:"line"`
	Quantity dealerkit.ExactDecimal `json:"quantity"`
}

// StocktakeApprovedPayload is the data of EventStocktakeApproved: the adjustment posting and its
// net value.
type StocktakeApprovedPayload struct {
	Posting uuid.UUID              `json:"posting,omitzero"`
	Value   dealerkit.ExactDecimal `json:"value"`
}
