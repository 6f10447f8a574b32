package parts

import (
	"github.com/dealerkit/dealerkit/internal/enum"
	"github.com/shopspring/decimal"
)

// Unit is a part's unit of measure. Each unit has a quantity scale: pieces, sets and pairs are
// counted whole; litres, kilograms and metres are measured to three places (engine oil is issued
// as 4.5 litres, refrigerant as 0.55 kg). Every quantity of a part must fit its unit's scale.
type Unit uint8

// Units of measure.
const (
	UnitPiece    Unit = iota + 1 // 件/个, whole
	UnitSet                      // 套, whole
	UnitPair                     // 对, whole
	UnitLitre                    // 升, 3 places
	UnitKilogram                 // 千克, 3 places
	UnitMetre                    // 米, 3 places
)

var unitEnum = enum.New[Unit]("parts.unit", "unit", "piece", "set", "pair", "litre", "kilogram", "metre")

// Units lists every unit.
func Units() []Unit { return unitEnum.All() }

func (u Unit) String() string { return unitEnum.String(u) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (u Unit) LabelKey() string { return unitEnum.LabelKey(u) }

// Scale is the number of decimal places a quantity in this unit may have.
func (u Unit) Scale() int32 {
	switch u {
	case UnitLitre, UnitKilogram, UnitMetre:
		return 3
	default:
		return 0
	}
}

// Fits reports whether q has no more places than the unit allows.
func (u Unit) Fits(q decimal.Decimal) bool { return q.Equal(q.Truncate(u.Scale())) }

// ParseUnit parses the name String returns.
func ParseUnit(s string) (Unit, error) { return unitEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (u Unit) MarshalText() ([]byte, error) { return unitEnum.Marshal(u) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (u *Unit) UnmarshalText(b []byte) (err error) { *u, err = unitEnum.Unmarshal(b); return }

// ValuationMethod is how issued stock is costed: a dealer policy (Policy.Valuation).
type ValuationMethod uint8

// Valuation methods.
const (
	// MovingAverage (移动加权平均, the default) costs an issue at the row's current average: the
	// share round(value × q / on-hand) of the total value, the last unit taking what remains.
	MovingAverage ValuationMethod = iota + 1
	// FIFO (先进先出) costs an issue from the oldest cost layers first, each layer shared the same
	// way.
	FIFO
)

var methodEnum = enum.New[ValuationMethod]("parts.valuation_method", "valuation", "moving_average", "fifo")

func (m ValuationMethod) String() string { return methodEnum.String(m) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (m ValuationMethod) LabelKey() string { return methodEnum.LabelKey(m) }

// ParseValuationMethod parses the name String returns.
func ParseValuationMethod(s string) (ValuationMethod, error) { return methodEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (m ValuationMethod) MarshalText() ([]byte, error) { return methodEnum.Marshal(m) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *ValuationMethod) UnmarshalText(b []byte) (err error) {
	*m, err = methodEnum.Unmarshal(b)
	return
}

// MovementKind is why on-hand changed.
type MovementKind uint8

// Movement kinds.
const (
	MoveReceipt    MovementKind = iota + 1 // §3.4.2: accepted goods from a purchase order, in
	MoveIssue                              // §3.4.3: to a repair-order part line, out
	MoveReturn                             // §3.4.3: unused parts back from a repair order, in
	MoveAdjustment                         // §3.4.4, §3.1: a stocktake variance or a manager's correction
	MoveReversal                           // §3.4(1): the exact opposite of an earlier movement
)

var moveEnum = enum.New[MovementKind]("parts.movement_kind", "kind", "receipt", "issue", "return", "adjustment", "reversal")

// MovementKinds lists every kind.
func MovementKinds() []MovementKind { return moveEnum.All() }

func (k MovementKind) String() string { return moveEnum.String(k) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (k MovementKind) LabelKey() string { return moveEnum.LabelKey(k) }

// ParseMovementKind parses the name String returns.
func ParseMovementKind(s string) (MovementKind, error) { return moveEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (k MovementKind) MarshalText() ([]byte, error) { return moveEnum.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *MovementKind) UnmarshalText(b []byte) (err error) {
	*k, err = moveEnum.Unmarshal(b)
	return
}

// ReservationState is where a reservation stands.
type ReservationState uint8

// Reservation states.
const (
	ReservationOpen      ReservationState = iota + 1 // holding stock or waiting for it (back-order)
	ReservationFulfilled                             // everything requested has been issued
	ReservationReleased                              // given up: the order was cancelled or the line dropped
)

var reservationStateEnum = enum.New[ReservationState]("parts.reservation_state", "state", "open", "fulfilled", "released")

func (s ReservationState) String() string { return reservationStateEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s ReservationState) LabelKey() string { return reservationStateEnum.LabelKey(s) }

// MarshalText implements encoding.TextMarshaler.
func (s ReservationState) MarshalText() ([]byte, error) { return reservationStateEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *ReservationState) UnmarshalText(b []byte) (err error) {
	*s, err = reservationStateEnum.Unmarshal(b)
	return
}

// ValuationMethods lists every valuation method.
func ValuationMethods() []ValuationMethod { return methodEnum.All() }

// ReservationStates lists every reservation state.
func ReservationStates() []ReservationState { return reservationStateEnum.All() }
