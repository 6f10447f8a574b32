package codec

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
)

// Parts records are kept as repair orders are: the JSON of their snapshots, every time in UTC.
// The snapshots render their decimals with dealerkit.FormatExact and decimal's UnmarshalJSON keeps
// the scale it reads, so 12.3400 comes back as 12.3400. Stock rows are not here: the SQL adapters
// keep their quantities and value in columns, where the database can guard them.

// encode marshals the snapshot ptr points to, after converting its times to UTC.
func encode(what string, ptr any) ([]byte, error) {
	ToUTC(ptr)
	b, err := json.Marshal(ptr)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", what, err)
	}
	return b, nil
}

// decode unmarshals a snapshot and rebuilds the record with restore.
func decode[S, T any](what string, body []byte, set func(*S), restore func(S) (T, error)) (T, error) {
	var s S
	var zero T
	if err := unmarshal(body, &s); err != nil {
		return zero, fmt.Errorf("decode %s: %w", what, err)
	}
	set(&s)
	x, err := restore(s)
	if err != nil {
		return zero, fmt.Errorf("decode %s: %w", what, err)
	}
	return x, nil
}

// EncodePart returns the stored body of p at version.
func EncodePart(p *parts.Part, version int64) ([]byte, error) {
	s := p.Snapshot()
	s.Version = version
	return encode("part "+s.ID.String(), &s)
}

// DecodePart rebuilds a part; version, the stored one, wins over the copy in the body.
func DecodePart(body []byte, version int64) (*parts.Part, error) {
	return decode("part", body, func(s *parts.PartSnapshot) { s.Version = version }, parts.RestorePart)
}

// EncodeSupplier returns the stored body of s at version.
func EncodeSupplier(x *parts.Supplier, version int64) ([]byte, error) {
	s := x.Snapshot()
	s.Version = version
	return encode("supplier "+s.ID.String(), &s)
}

// DecodeSupplier rebuilds a supplier at the stored version.
func DecodeSupplier(body []byte, version int64) (*parts.Supplier, error) {
	return decode("supplier", body, func(s *parts.SupplierSnapshot) { s.Version = version }, parts.RestoreSupplier)
}

// EncodePurchaseOrder returns the stored body of o at version.
func EncodePurchaseOrder(o *parts.PurchaseOrder, version int64) ([]byte, error) {
	s := o.Snapshot()
	s.Version = version
	return encode("purchase order "+s.ID.String(), &s)
}

// DecodePurchaseOrder rebuilds a purchase order at the stored version.
func DecodePurchaseOrder(body []byte, version int64) (*parts.PurchaseOrder, error) {
	return decode("purchase order", body, func(s *parts.POSnapshot) { s.Version = version }, parts.RestorePurchaseOrder)
}

// EncodeReservation returns the stored body of r at version.
func EncodeReservation(r *parts.Reservation, version int64) ([]byte, error) {
	s := r.Snapshot()
	s.Version = version
	return encode("reservation "+s.ID.String(), &s)
}

// DecodeReservation rebuilds a reservation at the stored version.
func DecodeReservation(body []byte, version int64) (*parts.Reservation, error) {
	return decode("reservation", body, func(s *parts.ReservationSnapshot) { s.Version = version }, parts.RestoreReservation)
}

// EncodeStocktake returns the stored body of st at version.
func EncodeStocktake(st *parts.Stocktake, version int64) ([]byte, error) {
	s := st.Snapshot()
	s.Version = version
	return encode("stocktake "+s.ID.String(), &s)
}

// DecodeStocktake rebuilds a stocktake at the stored version.
func DecodeStocktake(body []byte, version int64) (*parts.Stocktake, error) {
	return decode("stocktake", body, func(s *parts.StocktakeSnapshot) { s.Version = version }, parts.RestoreStocktake)
}

// EncodePosting returns the stored body of a posting's header: everything but its movements,
// which are stored one by one (EncodeMovement) and handed back to DecodePosting in the posting's
// order.
func EncodePosting(p *parts.Posting) ([]byte, error) {
	s := p.Snapshot()
	s.Movements = nil
	ToUTC(&s)
	b, err := json.Marshal(&s)
	if err != nil { // named here, not by encode: its name would be formatted on every posting
		return nil, fmt.Errorf("encode posting %s: %w", s.ID, err)
	}
	return b, nil
}

// DecodePosting rebuilds a posting from its stored header and its movements.
func DecodePosting(body []byte, movements []parts.Movement) (*parts.Posting, error) {
	return decode("posting", body, func(s *parts.PostingSnapshot) { s.Movements = movements }, parts.RestorePosting)
}

// EncodeMovement returns the stored body of one movement: what json.Marshal makes of it, with At
// in UTC.
func EncodeMovement(m parts.Movement) ([]byte, error) {
	b, err := json.Marshal(movementJSON{ID: m.ID, Dealer: m.Dealer, Posting: m.Posting, Key: m.Key, Part: m.Part, Bin: m.Bin,
		Kind: m.Kind, Quantity: dealerkit.ExactDecimal(m.Quantity), Value: dealerkit.ExactDecimal(m.Value),
		UnitCost: dealerkit.ExactDecimal(m.UnitCost), Unreserve: dealerkit.ExactDecimal(m.Unreserve), Reverses: m.Reverses,
		Reason: m.Reason, Reference: m.Reference, Actor: m.Actor, At: m.At.UTC(),
		OnHandAfter: dealerkit.ExactDecimal(m.OnHandAfter), ValueAfter: dealerkit.ExactDecimal(m.ValueAfter)})
	if err != nil {
		return nil, fmt.Errorf("encode movement %s: %w", m.ID, err)
	}
	return b, nil
}

// movementJSON is parts.Movement as Movement.MarshalJSON renders it: the same fields and names,
// decimals with their scale. Every posting stores its movements, and marshalling this type
// directly costs half of what Movement.MarshalJSON does (it derives its struct type by reflection
// on every call). TestMovementJSONMirrorsMovement keeps the two in step.
type movementJSON struct {
	ID          uuid.UUID              `json:"id"`
	Dealer      dealerkit.DealerID     `json:"dealer"`
	Posting     uuid.UUID              `json:"posting"`
	Key         string                 `json:"key"`
	Part        uuid.UUID              `json:"part"`
	Bin         string                 `json:"bin"`
	Kind        parts.MovementKind     `json:"kind"`
	Quantity    dealerkit.ExactDecimal `json:"quantity"`
	Value       dealerkit.ExactDecimal `json:"value"`
	UnitCost    dealerkit.ExactDecimal `json:"unit_cost"`
	Unreserve   dealerkit.ExactDecimal `json:"unreserve"`
	Reverses    uuid.UUID              `json:"reverses,omitzero"`
	Reason      string                 `json:"reason"`
	Reference   parts.Reference        `json:"reference"`
	Actor       dealerkit.ActorRef     `json:"actor"`
	At          time.Time              `json:"at"`
	OnHandAfter dealerkit.ExactDecimal `json:"on_hand_after"`
	ValueAfter  dealerkit.ExactDecimal `json:"value_after"`
}

// DecodeMovement reads a stored movement.
func DecodeMovement(body []byte) (parts.Movement, error) {
	var m parts.Movement
	if err := unmarshal(body, &m); err != nil {
		return m, fmt.Errorf("decode movement: %w", err)
	}
	return m, nil
}

// StockUTC returns a copy of the row with its times in UTC, as every store gives them back.
func StockUTC(row *parts.Stock) (*parts.Stock, error) {
	s := row.Snapshot()
	ToUTC(&s)
	out, err := parts.RestoreStock(s)
	if err != nil {
		return nil, fmt.Errorf("stock of part %s in bin %q: %w", s.Part, s.Bin, err)
	}
	return out, nil
}

// EncodeLayers returns the stored form of a row's FIFO layers, nil when there are none.
func EncodeLayers(ls []parts.Layer) ([]byte, error) {
	if len(ls) == 0 {
		return nil, nil
	}
	ToUTC(&ls)
	b, err := json.Marshal(ls)
	if err != nil {
		return nil, fmt.Errorf("encode layers: %w", err)
	}
	return b, nil
}

// DecodeLayers reads stored layers; nil or empty input is no layers.
func DecodeLayers(b []byte) ([]parts.Layer, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var ls []parts.Layer
	if err := unmarshal(b, &ls); err != nil {
		return nil, fmt.Errorf("decode layers: %w", err)
	}
	return ls, nil
}
