package parts

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Stock is one stock row: a part in a bin, with its on-hand quantity, the quantity reserved for
// repair orders, and its total value (§3.4(1), §3.4(4)). It changes only through a Posting's
// movements (on-hand and value) and through reservations (Reserve); adapters hold it in one row
// and rebuild it with RestoreStock.
//
// The row keeps its total value, not a rounded unit cost: an outbound quantity is costed as the
// share round(value × q / on-hand) of the value (under FIFO, of each layer it draws on) and the
// last unit out takes what remains, so zero quantity always means zero value and the value is
// always the sum of the movements' values, to the cent.
//
// Invariants, checked by RestoreStock and kept by every change:
// 0 ≤ reserved ≤ on-hand; value ≥ 0; on-hand = 0 ⇒ value = 0; under FIFO the layers add up to
// on-hand and value exactly, and under the moving average there are none.
type Stock struct {
	dealer         dealerkit.DealerID
	part           uuid.UUID
	bin            string
	onHand         decimal.Decimal
	reserved       decimal.Decimal
	value          decimal.Decimal
	method         ValuationMethod
	layers         []Layer
	lastUnitCost   decimal.Decimal
	lastMovementAt time.Time
}

// Layer is a FIFO cost layer: a quantity received together and what it cost. Layers are kept
// oldest first; an issue draws on the first.
type Layer struct {
	Quantity decimal.Decimal `json:"quantity"`
	Value    decimal.Decimal `json:"value"`
	At       time.Time       `json:"at"`
	// Movement is the inbound movement the layer came from, so that reversing that movement
	// removes this layer and no other (see Stock.takeBack); zero for a layer made when a row was
	// converted to FIFO.
	Movement uuid.UUID `json:"movement,omitzero"`
}

// MarshalJSON keeps the scale of the decimals.
func (l Layer) MarshalJSON() ([]byte, error) { type plain Layer; return exactJSON(plain(l)) }

// NewStock returns an empty row of part in bin, as an adapter passes to Posting.Apply for a row
// it does not have yet.
func NewStock(dealer dealerkit.DealerID, part uuid.UUID, bin string) *Stock {
	return &Stock{dealer: dealer, part: part, bin: bin, onHand: decimal.Zero, reserved: decimal.Zero,
		value: decimal.Zero, method: MovingAverage, lastUnitCost: decimal.Zero}
}

// Dealer is the dealer the row belongs to.
func (s *Stock) Dealer() dealerkit.DealerID { return s.dealer }

// Part is the part's id.
func (s *Stock) Part() uuid.UUID { return s.part }

// Bin is the storage location.
func (s *Stock) Bin() string { return s.bin }

// OnHand is the quantity in the bin: the sum of the row's movements.
func (s *Stock) OnHand() decimal.Decimal { return s.onHand }

// Reserved is the quantity held for repair orders.
func (s *Stock) Reserved() decimal.Decimal { return s.reserved }

// Available is on-hand less reserved: what a new request can have.
func (s *Stock) Available() decimal.Decimal { return s.onHand.Sub(s.reserved) }

// Value is the row's total value: the sum of its movements' values.
func (s *Stock) Value() decimal.Decimal { return s.value }

// Method is the valuation method the row is kept under.
func (s *Stock) Method() ValuationMethod { return s.method }

// Layers returns the FIFO cost layers, oldest first; none under the moving average.
func (s *Stock) Layers() []Layer { return slices.Clone(s.layers) }

// LastUnitCost is the unit cost of the row's latest receipt: what found stock is valued at when
// the row is empty.
func (s *Stock) LastUnitCost() decimal.Decimal { return s.lastUnitCost }

// LastMovementAt is the time of the row's latest receipt, issue or return (adjustments and
// reversals do not count): what ageing and obsolescence measure from.
func (s *Stock) LastMovementAt() time.Time { return s.lastMovementAt }

// UnitCost is the row's average cost per unit to 4 places, for display; zero when empty. Costing
// never uses it: it uses the total value.
func (s *Stock) UnitCost() decimal.Decimal {
	if !s.onHand.IsPositive() {
		return decimal.Zero
	}
	return s.value.DivRound(s.onHand, 4)
}

// Reserve returns a copy of the row with delta more reserved (less when negative). It refuses,
// with a *StockError, to reserve more than is available or release more than is reserved. Adapters
// that hold the row in memory use it; SQL adapters may run the equivalent guarded UPDATE (see
// StockRepository.Reserve).
func (s *Stock) Reserve(delta decimal.Decimal) (*Stock, error) {
	r := s.reserved.Add(delta)
	switch {
	case r.IsNegative():
		return nil, &StockError{Part: s.part, Bin: s.bin, Have: s.reserved, Want: delta.Neg()}
	case r.GreaterThan(s.onHand):
		return nil, &StockError{Part: s.part, Bin: s.bin, Have: s.Available(), Want: delta}
	}
	out := s.clone()
	out.reserved = r
	return out, nil
}

func (s *Stock) clone() *Stock {
	c := *s
	c.layers = slices.Clone(s.layers)
	return &c
}

// convert brings the row under method m (see Policy.Valuation).
func (s *Stock) convert(m ValuationMethod) {
	if s.method == m {
		return
	}
	s.method = m
	s.layers = nil
	if m == FIFO && s.onHand.IsPositive() {
		s.layers = []Layer{{Quantity: s.onHand, Value: s.value, At: s.lastMovementAt}}
	}
}

// take removes q (0 < q ≤ on-hand) and returns its cost under the row's method.
func (s *Stock) take(q decimal.Decimal, r dealerkit.Rounding) decimal.Decimal {
	var cost decimal.Decimal
	if s.method != FIFO {
		cost = dealerkit.Share(s.value, q, s.onHand, r)
	} else {
		cost = decimal.Zero
		left := q
		for left.IsPositive() && len(s.layers) > 0 {
			l := &s.layers[0]
			t := decimal.Min(left, l.Quantity)
			c := dealerkit.Share(l.Value, t, l.Quantity, r)
			cost, left = cost.Add(c), left.Sub(t)
			l.Quantity, l.Value = l.Quantity.Sub(t), l.Value.Sub(c)
			if !l.Quantity.IsPositive() {
				s.layers = s.layers[1:]
			}
		}
		if len(s.layers) == 0 {
			s.layers = nil
		}
	}
	s.onHand = s.onHand.Sub(q)
	s.value = s.value.Sub(cost)
	return cost
}

// put adds q at value. Under FIFO it becomes a layer: the newest, or the oldest when front (stock
// coming back goes back where it left from).
func (s *Stock) put(q, value decimal.Decimal, at time.Time, front bool, movement uuid.UUID) {
	s.onHand = s.onHand.Add(q)
	s.value = s.value.Add(value)
	if s.method == FIFO {
		l := Layer{Quantity: q, Value: value, At: at, Movement: movement}
		if front {
			s.layers = append([]Layer{l}, s.layers...)
		} else {
			s.layers = append(s.layers, l)
		}
	}
}

// takeBack removes q (0 < q ≤ on-hand) that came in with inbound movement orig at value given,
// reversing it, and returns its cost: the stock leaves at the value it came in at, not at the
// row's current cost, so reversing an erroneous receipt undoes its value as well as its quantity.
//
// Under the moving average the cost is the whole row value when q is all that is on hand (zero
// quantity means zero value), and otherwise min(given, row value): the original value, capped at
// what the row still has when issues at the average have meanwhile taken part of it.
//
// Under FIFO the cost is the layer the movement made: that layer is removed, whatever its place in
// the queue. When it no longer holds q (part of it was issued, or the row was converted to FIFO
// after the movement) the reversal is refused with a *ReversalError: reverse the issues first, or
// correct the stock with an adjustment.
func (s *Stock) takeBack(q, given decimal.Decimal, orig uuid.UUID, r dealerkit.Rounding) (decimal.Decimal, error) {
	var cost decimal.Decimal
	if s.method != FIFO {
		cost = decimal.Min(given, s.value)
		if q.Equal(s.onHand) {
			cost = s.value
		}
	} else {
		i := slices.IndexFunc(s.layers, func(l Layer) bool { return l.Movement == orig })
		have := decimal.Zero
		if i >= 0 {
			have = s.layers[i].Quantity
		}
		if i < 0 || have.LessThan(q) {
			return decimal.Zero, &ReversalError{Movement: orig, Part: s.part, Bin: s.bin, Have: have, Want: q}
		}
		l := &s.layers[i]
		cost = dealerkit.Share(l.Value, q, l.Quantity, r)
		l.Quantity, l.Value = l.Quantity.Sub(q), l.Value.Sub(cost)
		if !l.Quantity.IsPositive() {
			s.layers = slices.Delete(s.layers, i, i+1)
		}
		if len(s.layers) == 0 {
			s.layers = nil
		}
	}
	s.onHand = s.onHand.Sub(q)
	s.value = s.value.Sub(cost)
	return cost, nil
}

// foundValue is what q found in the bin is worth: its share of the row's value at the current
// average; when the row is empty, q at the row's last receipt cost; and when the row never had a
// receipt (stock found in a bin the part never came into), q at partCost, the part's cost across
// its other rows that the Service passes in (PostingInput.FoundCost), so stock moved between bins
// keeps its value.
func (s *Stock) foundValue(q decimal.Decimal, r dealerkit.Rounding, partCost decimal.Decimal) decimal.Decimal {
	if s.onHand.IsPositive() {
		return r.Round(s.value.Mul(q).DivRound(s.onHand, quotientPlaces))
	}
	cost := s.lastUnitCost
	if !cost.IsPositive() && partCost.IsPositive() {
		cost = partCost
	}
	return r.Round(q.Mul(cost))
}

// StockSnapshot is the stored form of a stock row.
type StockSnapshot struct {
	Dealer         dealerkit.DealerID `json:"dealer"`
	Part           uuid.UUID          `json:"part"`
	Bin            string             `json:"bin"`
	OnHand         decimal.Decimal    `json:"on_hand"`
	Reserved       decimal.Decimal    `json:"reserved"`
	Value          decimal.Decimal    `json:"value"`
	Method         ValuationMethod    `json:"method"`
	Layers         []Layer            `json:"layers,omitempty"`
	LastUnitCost   decimal.Decimal    `json:"last_unit_cost"`
	LastMovementAt time.Time          `json:"last_movement_at,omitzero"`
}

// MarshalJSON keeps the scale of the decimals.
func (s StockSnapshot) MarshalJSON() ([]byte, error) {
	type plain StockSnapshot
	return exactJSON(plain(s))
}

// Snapshot returns a copy of the row.
func (s *Stock) Snapshot() StockSnapshot {
	return StockSnapshot{Dealer: s.dealer, Part: s.part, Bin: s.bin, OnHand: s.onHand, Reserved: s.reserved,
		Value: s.value, Method: s.method, Layers: slices.Clone(s.layers), LastUnitCost: s.lastUnitCost,
		LastMovementAt: s.lastMovementAt}
}

// RestoreStock rebuilds a row from storage, checking every invariant of Stock: a row that breaks
// one is refused rather than costed.
func RestoreStock(s StockSnapshot) (*Stock, error) {
	var v dealerkit.ValidationError
	if s.Dealer.IsZero() {
		v.AddCode("dealer", "", dealerkit.ReasonRequired, "required")
	}
	if s.Part == uuid.Nil {
		v.AddCode("part", "", dealerkit.ReasonRequired, "required")
	}
	if s.Bin == "" {
		v.AddCode("bin", "", dealerkit.ReasonRequired, "required")
	}
	if s.OnHand.IsNegative() {
		v.AddCode("on_hand", s.OnHand.String(), dealerkit.ReasonNegative, "must not be negative")
	}
	if s.Reserved.IsNegative() || s.Reserved.GreaterThan(s.OnHand) {
		v.AddCode("reserved", s.Reserved.String(), dealerkit.ReasonOutOfRange, "must be between 0 and on-hand")
	}
	if s.Value.IsNegative() || s.OnHand.IsZero() && !s.Value.IsZero() {
		v.AddCode("value", s.Value.String(), dealerkit.ReasonNegative, "must not be negative, and zero when nothing is on hand")
	}
	if s.LastUnitCost.IsNegative() {
		v.AddCode("last_unit_cost", s.LastUnitCost.String(), dealerkit.ReasonNegative, "must not be negative")
	}
	switch s.Method {
	case MovingAverage:
		if len(s.Layers) > 0 {
			v.AddCode("layers", "", dealerkit.ReasonRequired, "none under the moving average")
		}
	case FIFO:
		q, val := decimal.Zero, decimal.Zero
		for i, l := range s.Layers {
			if !l.Quantity.IsPositive() || l.Value.IsNegative() {
				v.AddCode(indexed("layers", i, "quantity"), l.Quantity.String(), dealerkit.ReasonOutOfRange, "a layer holds a positive quantity at a value of at least 0")
			}
			q, val = q.Add(l.Quantity), val.Add(l.Value)
		}
		if !q.Equal(s.OnHand) || !val.Equal(s.Value) {
			v.Add("layers", "", "must add up to on-hand and value")
		}
	default:
		v.AddCode("method", s.Method.String(), dealerkit.ReasonUnknownValue, "unknown valuation method")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &Stock{dealer: s.Dealer, part: s.Part, bin: s.Bin, onHand: s.OnHand, reserved: s.Reserved,
		value: s.Value, method: s.Method, layers: slices.Clone(s.Layers), lastUnitCost: s.LastUnitCost,
		lastMovementAt: s.LastMovementAt}, nil
}

// MarshalJSON gives the Stock's JSON form: its snapshot, the same as a store keeps.
func (x *Stock) MarshalJSON() ([]byte, error) { return json.Marshal(x.Snapshot()) }
