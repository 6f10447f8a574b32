package httpapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/google/uuid"
	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/shopspring/decimal"
)

// testHandler is a handler over every service on an empty memory store.
func testHandler(t *testing.T) *Handler {
	t.Helper()
	svc, err := NewServices(memory.New(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(svc, &Options{Actor: func(*http.Request) (dealerkit.Actor, error) { return dealerkit.Actor{}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// docJSON is the handler's document as a client reads it.
func docJSON(t *testing.T, doc map[string]any) (map[string]any, []byte) {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v, b
}

// TestNoEmptySchemas walks every schema reachable from a route (parameters, request bodies,
// responses, through $ref) and fails on an empty one, {} (any JSON), unless anyJSON lists it
// with its reason: a response the contract test cannot check is no contract.
func TestNoEmptySchemas(t *testing.T) {
	doc, _ := docJSON(t, testHandler(t).OpenAPI())
	comps := doc["components"].(map[string]any)["schemas"].(map[string]any)
	seen := map[string]bool{}
	usedAny := map[string]bool{}
	var walk func(s any, at string)
	walk = func(s any, at string) {
		m, ok := s.(map[string]any)
		if !ok {
			return // additionalProperties: false
		}
		if len(m) == 0 {
			if _, ok := anyJSON[at]; ok {
				usedAny[at] = true
				return
			}
			t.Errorf("%s: empty schema (any JSON)", at)
			return
		}
		if ref, ok := m["$ref"].(string); ok {
			name := strings.TrimPrefix(ref, "#/components/schemas/")
			if !seen[name] {
				seen[name] = true
				walk(comps[name], name)
			}
			return
		}
		if props, ok := m["properties"].(map[string]any); ok {
			for k, p := range props {
				walk(p, at+"."+k)
			}
		}
		if it, ok := m["items"]; ok {
			walk(it, at+"[]")
		}
		if ap, ok := m["additionalProperties"]; ok {
			walk(ap, at+"{}")
		}
		for _, k := range []string{"anyOf", "oneOf", "allOf"} {
			if xs, ok := m[k].([]any); ok {
				for i, x := range xs {
					walk(x, at+"|"+k+string(rune('0'+i)))
				}
			}
		}
	}
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			at := strings.ToUpper(method) + " " + path
			o := op.(map[string]any)
			if ps, ok := o["parameters"].([]any); ok {
				for _, p := range ps {
					p := p.(map[string]any)
					walk(p["schema"], at+" parameter "+p["name"].(string))
				}
			}
			if rb, ok := o["requestBody"].(map[string]any); ok {
				for ct, c := range rb["content"].(map[string]any) {
					walk(c.(map[string]any)["schema"], at+" request "+ct)
				}
			}
			for st, r := range o["responses"].(map[string]any) {
				if cs, ok := r.(map[string]any)["content"].(map[string]any); ok {
					for ct, c := range cs {
						walk(c.(map[string]any)["schema"], at+" "+st+" "+ct)
					}
				}
			}
		}
	}
	for at := range anyJSON {
		if !usedAny[at] {
			t.Errorf("anyJSON lists %s, which no route reaches", at)
		}
	}
	t.Logf("%d components reached", len(seen))
}

// TestOwnJSONForms checks every type the document describes other than by reflecting its fields
// (it has a MarshalJSON of its own): a type described by its snapshot marshals exactly as its
// snapshot does, and a zero and a filled value of every other one validate against its schema,
// which is closed (additionalProperties false) and requires what is always written. A field added
// to such a type, or a form changed, fails here until its schema follows.
func TestOwnJSONForms(t *testing.T) {
	h := testHandler(t)
	doc, out, _ := h.openAPI()
	_, raw := docJSON(t, doc)
	d, err := libopenapi.NewDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	model, err := d.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	val := schema_validation.NewSchemaValidator()
	types := make([]reflect.Type, 0, len(out.forms))
	for typ := range out.forms {
		types = append(types, typ)
	}
	sort.Slice(types, func(i, j int) bool { return types[i].String() < types[j].String() })
	counts := map[string]int{}
	for _, typ := range types {
		form := out.forms[typ]
		counts[form]++
		t.Run(typ.String(), func(t *testing.T) {
			switch form {
			case formAny:
				t.Fatalf("described as any JSON: add it to ownJSON")
			case formSnapshot:
				x := reflect.New(deref(typ))
				got, err := json.Marshal(x.Interface())
				if err != nil {
					t.Fatal(err)
				}
				want, err := json.Marshal(x.MethodByName("Snapshot").Call(nil)[0].Interface())
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != string(want) {
					t.Fatalf("does not marshal as its snapshot:\n got %s\nwant %s", got, want)
				}
				return
			}
			name := out.names[deref(typ)]
			if name == "" {
				t.Fatalf("no component named for %s", typ)
			}
			schema := model.Model.Components.Schemas.GetOrZero(name)
			if schema == nil {
				t.Fatalf("no component %s", name)
			}
			for _, filled := range []bool{false, true} {
				x := reflect.New(deref(typ))
				if filled {
					fill(x.Elem(), 0)
				}
				b, err := json.Marshal(x.Interface())
				if err != nil {
					t.Fatalf("marshal (filled %v): %v", filled, err)
				}
				if ok, errs := val.ValidateSchemaBytes(schema.Schema(), b); !ok {
					for _, e := range errs {
						t.Errorf("filled %v: %s", filled, e.Reason)
						for _, se := range e.SchemaValidationErrors {
							t.Errorf("  %s at %s", se.Reason, se.FieldPath)
						}
					}
					t.Errorf("JSON: %s", b)
				}
			}
		})
	}
	for typ := range ownJSON {
		if out.forms[typ] != formHand {
			t.Errorf("ownJSON lists %s, which no route reaches", typ)
		}
	}
	t.Logf("forms: %v", counts)
}

// fill sets every exported field of v, recursively, to a value other than its zero: a string
// "x", the number 1 (the first value of an enumeration), true, one element in a slice or map.
func fill(v reflect.Value, depth int) {
	if depth > 6 || !v.CanSet() {
		return
	}
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)))
		return
	case reflect.TypeFor[time.Duration]():
		v.SetInt(int64(90 * time.Minute))
		return
	case reflect.TypeFor[decimal.Decimal]():
		v.Set(reflect.ValueOf(decimal.RequireFromString("12.50")))
		return
	case reflect.TypeFor[dealerkit.ExactDecimal]():
		v.Set(reflect.ValueOf(dealerkit.ExactDecimal(decimal.RequireFromString("12.50"))))
		return
	case reflect.TypeFor[json.RawMessage]():
		v.SetBytes([]byte(`{"k":1}`))
		return
	}
	if v.Kind() == reflect.Array && v.Len() == 16 && v.Type().ConvertibleTo(reflect.TypeFor[uuid.UUID]()) {
		reflect.Copy(v, reflect.ValueOf(uuid.MustParse("0d000000-0000-4000-8000-000000000001")))
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.String:
		v.SetString("x")
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		fill(k, depth+1)
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	}
}
