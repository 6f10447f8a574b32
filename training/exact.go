package training

import (
	"encoding/json"
	"reflect"
	"sync"

	"github.com/dealerkit/dealerkit"
	"github.com/shopspring/decimal"
)

// Decimals keep their scale in JSON (a cost of "120.50", not "120.5"): the types holding them
// marshal through a twin whose decimal fields are dealerkit.ExactDecimal. decimal's own
// UnmarshalJSON keeps the scale it reads, so the stored form reads back as it was written.

var (
	decimalType    = reflect.TypeFor[decimal.Decimal]()
	decimalPtrType = reflect.TypeFor[*decimal.Decimal]()
	exactType      = reflect.TypeFor[dealerkit.ExactDecimal]()
	exactPtrType   = reflect.TypeFor[*dealerkit.ExactDecimal]()
	twins          sync.Map // reflect.Type -> reflect.Type: derived from types only, never data
)

// twin returns t with its decimal fields, and those of its embedded structs, made exact.
func twin(t reflect.Type) reflect.Type {
	if tt, ok := twins.Load(t); ok {
		return tt.(reflect.Type)
	}
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		f := t.Field(i)
		switch {
		case f.Type == decimalType:
			f.Type = exactType
		case f.Type == decimalPtrType:
			f.Type = exactPtrType
		case f.Anonymous && f.Type.Kind() == reflect.Struct:
			f.Type = twin(f.Type)
		}
		fields[i] = f
	}
	tt, _ := twins.LoadOrStore(t, reflect.StructOf(fields))
	return tt.(reflect.Type)
}

// exactJSON marshals the struct v with every decimal at its scale. The twin has the same memory
// layout as v (ExactDecimal is a decimal.Decimal), so v converts to it field by field.
func exactJSON(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	out := reflect.New(twin(rv.Type())).Elem()
	copyInto(out, rv)
	return json.Marshal(out.Interface())
}

func copyInto(dst, src reflect.Value) {
	for i := range src.NumField() {
		s, d := src.Field(i), dst.Field(i)
		switch {
		case s.Type() == decimalType:
			d.Set(reflect.ValueOf(dealerkit.ExactDecimal(s.Interface().(decimal.Decimal))))
		case s.Type() == decimalPtrType:
			if !s.IsNil() {
				x := dealerkit.ExactDecimal(*s.Interface().(*decimal.Decimal))
				d.Set(reflect.ValueOf(&x))
			}
		case d.Type() != s.Type():
			copyInto(d, s)
		default:
			d.Set(s)
		}
	}
}

// MarshalJSON keeps the scale of the decimals.
func (in CourseInput) MarshalJSON() ([]byte, error) { return exactJSON(in) }

// MarshalJSON keeps the scale of the decimals.
func (s CourseSnapshot) MarshalJSON() ([]byte, error) { return exactJSON(s) }

// MarshalJSON keeps the scale of the decimals.
func (in SessionInput) MarshalJSON() ([]byte, error) { return exactJSON(in) }

// MarshalJSON keeps the scale of the decimals.
func (a Attendee) MarshalJSON() ([]byte, error) { return exactJSON(a) }

// MarshalJSON keeps the scale of the decimals.
func (r ResultInput) MarshalJSON() ([]byte, error) { return exactJSON(r) }

// MarshalJSON keeps the scale of the decimals.
func (s SessionSnapshot) MarshalJSON() ([]byte, error) { return exactJSON(s) }

// MarshalJSON keeps the scale of the decimals.
func (in ExternalInput) MarshalJSON() ([]byte, error) { return exactJSON(in) }

// MarshalJSON keeps the scale of the decimals.
func (r Rate) MarshalJSON() ([]byte, error) { return exactJSON(r) }

// MarshalJSON keeps the scale of the decimals.
func (r RoleRate) MarshalJSON() ([]byte, error) { return exactJSON(r) }

// MarshalJSON keeps the scale of the decimals.
func (r SubjectRate) MarshalJSON() ([]byte, error) { return exactJSON(r) }
