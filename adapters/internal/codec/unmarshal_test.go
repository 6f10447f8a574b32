package codec

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// TestUnmarshalAgrees: for every snapshot a store keeps, filled in every field, unmarshal
// (goccy/go-json) reads what encoding/json wrote into the same value encoding/json reads, and
// keeps no part of the body it read.
func TestUnmarshalAgrees(t *testing.T) {
	for _, zero := range []any{aftersales.Snapshot{}, appraisal.Snapshot{}, appraisal.OrderFacts{}, complaints.Snapshot{},
		complaints.CorrectiveSnapshot{}, parts.PartSnapshot{}, parts.SupplierSnapshot{}, parts.POSnapshot{},
		parts.ReservationSnapshot{}, parts.StocktakeSnapshot{}, parts.PostingSnapshot{}, parts.Movement{}, parts.Layer{},
		safety.EquipmentSnapshot{}, safety.InspectionSnapshot{}, safety.AreaCheckSnapshot{}, safety.IncidentSnapshot{},
		safety.DrillSnapshot{}, training.CourseSnapshot{}, training.PlanSnapshot{}, training.SessionSnapshot{},
		training.CertificateSnapshot{}, training.MemberSnapshot{}} {
		typ := reflect.TypeOf(zero)
		v := reflect.New(typ).Elem()
		fillValue(v, 0)
		body, err := json.Marshal(v.Interface())
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		std, fast := reflect.New(typ), reflect.New(typ)
		if err := json.Unmarshal(body, std.Interface()); err != nil {
			t.Fatalf("%s: encoding/json: %v", typ, err)
		}
		if err := unmarshal(body, fast.Interface()); err != nil {
			t.Fatalf("%s: unmarshal: %v\n%s", typ, err, body)
		}
		// The stores scan bodies into a buffer the next row reuses (sql.RawBytes): what
		// unmarshal read must hold nothing of its input.
		for i := range body {
			body[i] = '#'
		}
		if !reflect.DeepEqual(std.Interface(), fast.Interface()) {
			a, _ := json.Marshal(std.Interface())
			b, _ := json.Marshal(fast.Interface())
			t.Errorf("%s read differently:\nencoding/json %s\nunmarshal     %s", typ, a, b)
		}
		if len(body) < 40 {
			t.Errorf("%s: filled body %s says little", typ, body)
		}
	}
}

// fillValue sets every field it reaches to something other than its zero value.
func fillValue(v reflect.Value, depth int) {
	if depth > 6 || !v.CanSet() {
		return
	}
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Date(2025, 4, 1, 9, 30, 15, 123456000, time.UTC)))
		return
	case reflect.TypeFor[decimal.Decimal]():
		v.Set(reflect.ValueOf(decimal.RequireFromString("12.340")))
		return
	case reflect.TypeFor[uuid.UUID]():
		v.Set(reflect.ValueOf(uuid.MustParse("01950000-0000-7000-8000-000000000001")))
		return
	case reflect.TypeFor[json.RawMessage]():
		v.SetBytes([]byte(`{"a":[1,"b"]}`))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("text 文字")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Uint8:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Array:
		for i := range v.Len() {
			fillValue(v.Index(i), depth+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fillValue(v.Field(i), depth+1)
		}
	case reflect.Pointer:
		n := reflect.New(v.Type().Elem())
		fillValue(n.Elem(), depth+1)
		v.Set(n)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fillValue(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fillValue(k, depth+1)
		fillValue(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	}
}
