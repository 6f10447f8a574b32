package parts

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// recorder keeps the events an aggregate recorded since it was built or loaded; the adapter stores
// them in the same transaction as the aggregate.
type recorder struct {
	pending []dealerkit.Event
}

func (r *recorder) record(dealer dealerkit.DealerID, aggregate string, id uuid.UUID, typ, clause string,
	by dealerkit.ActorRef, at time.Time, from, to string, data any) {
	var raw json.RawMessage
	if data != nil {
		// The payloads are plain structs of this package; marshalling them cannot fail.
		raw, _ = json.Marshal(data)
	}
	r.recordJSON(dealer, aggregate, id, aggregate+"."+typ, clause, by, at, from, to, raw)
}

// recordJSON is record with the event's whole type (one of the Event constants) and its data
// already in JSON.
func (r *recorder) recordJSON(dealer dealerkit.DealerID, aggregate string, id uuid.UUID, typ, clause string,
	by dealerkit.ActorRef, at time.Time, from, to string, raw json.RawMessage) {
	r.pending = append(r.pending, dealerkit.Event{
		Dealer: dealer, Aggregate: aggregate, AggregateID: id, Type: typ,
		Clause: clause, Actor: by, At: at, From: from, To: to, Data: raw,
	})
}

// PendingEvents are the events recorded since the aggregate was created or loaded, for the
// adapter to store in the same transaction as the aggregate.
func (r *recorder) PendingEvents() []dealerkit.Event { return slices.Clone(r.pending) }

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	exactType   = reflect.TypeFor[dealerkit.ExactDecimal]()
)

// exactJSON marshals a struct of plain data (exported fields, no embedding) with every
// decimal.Decimal field, and every value of a map of them, rendered by dealerkit.FormatExact, so 12.3400 stays 12.3400 and a stored
// record reads back with its scale. The MarshalJSON methods of this package call it with a
// method-less copy of their value.
func exactJSON(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	t := rv.Type()
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("parts: exactJSON of %s", t)
	}
	out := reflect.New(exactStruct(t)).Elem()
	for i := range t.NumField() {
		ft := t.Field(i).Type
		switch {
		case ft == decimalType:
			out.Field(i).Set(reflect.ValueOf(dealerkit.ExactDecimal(rv.Field(i).Interface().(decimal.Decimal))))
		case ft.Kind() == reflect.Map && ft.Elem() == decimalType && !rv.Field(i).IsNil():
			m := reflect.MakeMapWithSize(out.Field(i).Type(), rv.Field(i).Len())
			iter := rv.Field(i).MapRange()
			for iter.Next() {
				m.SetMapIndex(iter.Key(), reflect.ValueOf(dealerkit.ExactDecimal(iter.Value().Interface().(decimal.Decimal))))
			}
			out.Field(i).Set(m)
		case ft.Kind() == reflect.Map && ft.Elem() == decimalType:
		default:
			out.Field(i).Set(rv.Field(i))
		}
	}
	return json.Marshal(out.Interface())
}

// exactTypes caches, per struct type, its twin with ExactDecimal fields: deriving it with
// reflect.StructOf on every marshal cost more than the marshal. Like encoding/json's own cache it
// holds only types derived from types, never data.
var exactTypes sync.Map // reflect.Type -> reflect.Type

func exactStruct(t reflect.Type) reflect.Type {
	if et, ok := exactTypes.Load(t); ok {
		return et.(reflect.Type)
	}
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		f := t.Field(i)
		switch {
		case f.Type == decimalType:
			f.Type = exactType
		case f.Type.Kind() == reflect.Map && f.Type.Elem() == decimalType:
			f.Type = reflect.MapOf(f.Type.Key(), exactType)
		}
		fields[i] = f
	}
	et, _ := exactTypes.LoadOrStore(t, reflect.StructOf(fields))
	return et.(reflect.Type)
}

// cloneNote copies a note with a roles list of its own, for records that hand out copies sharing
// nothing.
func cloneNote(n *Note) *Note {
	if n == nil {
		return nil
	}
	c := *n
	c.By = n.By.Clone()
	return &c
}

func indexed(field string, i int, sub string) string { return fmt.Sprintf("%s[%d].%s", field, i, sub) }

// places reports whether d has at most n decimal places.
func places(d decimal.Decimal, n int32) bool { return d.Equal(d.Truncate(n)) }

func sumDec[T any](xs []T, f func(T) decimal.Decimal) decimal.Decimal {
	s := decimal.Zero
	for _, x := range xs {
		s = s.Add(f(x))
	}
	return s
}

func itoa(n int) string { return fmt.Sprint(n) }

// quotientPlaces is the precision of intermediate quotients before rounding at a named point.
// Quantities and values have at most a few places, so a quotient that is not exact lies far more
// than 1e-20 from a rounding boundary and rounding it gives the exactly rounded result.
const quotientPlaces = 20

// addDec is a.Add(b) and subDec a.Sub(b), but a itself when b is a zero that leaves it as it is:
// the sum takes the smaller exponent of the two, so a zero of no more places changes neither
// a's value nor its scale. Most movements reserve or release nothing, and a sum of big decimals
// allocates.
func addDec(a, b decimal.Decimal) decimal.Decimal {
	if b.IsZero() && b.Exponent() >= a.Exponent() {
		return a
	}
	return a.Add(b)
}

func subDec(a, b decimal.Decimal) decimal.Decimal {
	if b.IsZero() && b.Exponent() >= a.Exponent() {
		return a
	}
	return a.Sub(b)
}
