package parts_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/parts"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// jsonTypes lists every exported type of the package with how its JSON is checked: data round
// trips, aggregates marshal to their snapshot, errors marshal only (their chain is not data), and
// the rest are behaviour, not data.
func jsonTypes() (data map[string]reflect.Type, aggregates map[string][2]any, errs map[string]reflect.Type, behaviour []string) {
	data = map[string]reflect.Type{}
	for _, v := range []any{
		parts.AdjustInput{}, parts.Adjustment{}, parts.AgeBucket{}, parts.AgeingReport{}, parts.Allocation{},
		parts.Availability{}, parts.BinStock{}, parts.Count{}, parts.CountLine{}, parts.CountPayload{},
		parts.FillReport{}, parts.Hold{}, parts.IssueInput{}, parts.Layer{}, parts.LineAvailability{},
		parts.Movement{}, parts.MovementFilter{}, parts.MovementKind(0), parts.MovementPayload{}, parts.Name{},
		parts.Note{}, parts.ObsoleteLine{}, parts.POCommand(0), parts.POCreatedPayload{}, parts.POFilter{},
		parts.POInput{}, parts.POLineInput{}, parts.POLinePayload{}, parts.POPlacedPayload{},
		parts.POReceiptReversedPayload{}, parts.POReceivedPayload{}, parts.POSnapshot{}, parts.POState(0),
		parts.PartFilter{}, parts.PartInput{}, parts.PartNumber(""), parts.PartPayload{}, parts.PartSnapshot{},
		parts.PickInput{}, parts.PickLine{}, parts.PlanInput{}, parts.PlanLine{}, parts.Policy{},
		parts.PostingInput{}, parts.PostingLine{}, parts.PostingPayload{}, parts.PostingSnapshot{},
		parts.PurchaseLine{}, parts.Ratio{}, parts.ReasonPayload{}, parts.Receipt{}, parts.ReceiptInput{},
		parts.ReceiptLine{}, parts.ReceiptLineInput{}, parts.RecountRule{}, parts.Reference{},
		parts.ReservationFilter{}, parts.ReservationInput{}, parts.ReservationPayload{},
		parts.ReservationSnapshot{}, parts.ReservationState(0), parts.ReturnInput{}, parts.SheetLine{},
		parts.Source{}, parts.StockFilter{}, parts.StockSnapshot{}, parts.StocktakeApprovedPayload{},
		parts.StocktakeCommand(0), parts.StocktakeFilter{}, parts.StocktakeInput{}, parts.StocktakeSnapshot{},
		parts.StocktakeStartedPayload{}, parts.StocktakeState(0), parts.Suggestion{}, parts.SupplierFigures{},
		parts.SupplierInput{}, parts.SupplierPayload{}, parts.SupplierSnapshot{}, parts.SupplyLine{},
		parts.TurnsReport{}, parts.UnallocatedPayload{}, parts.Unit(0), parts.ValuationLine{},
		parts.ValuationMethod(0), parts.ValuationReport{}, parts.Variance{},
	} {
		data[reflect.TypeOf(v).Name()] = reflect.TypeOf(v)
	}
	aggregates = map[string][2]any{
		"Part":          {new(parts.Part), new(parts.Part).Snapshot()},
		"Supplier":      {new(parts.Supplier), new(parts.Supplier).Snapshot()},
		"PurchaseOrder": {new(parts.PurchaseOrder), new(parts.PurchaseOrder).Snapshot()},
		"Posting":       {new(parts.Posting), new(parts.Posting).Snapshot()},
		"Reservation":   {new(parts.Reservation), new(parts.Reservation).Snapshot()},
		"Stock":         {new(parts.Stock), new(parts.Stock).Snapshot()},
		"Stocktake":     {new(parts.Stocktake), new(parts.Stocktake).Snapshot()},
	}
	errs = map[string]reflect.Type{}
	for _, v := range []any{parts.StockError{}, parts.PartNumberError{}, parts.StateError{}, parts.KeyError{},
		parts.LineError{}, parts.QuantityError{}, parts.ReversalError{}} {
		errs[reflect.TypeOf(v).Name()] = reflect.TypeOf(v)
	}
	behaviour = []string{"Catalogue", "Options", "PurchaseOrders", "Repository", "Reservations", "Service",
		"StockRepository", "Stocktakes"}
	return data, aggregates, errs, behaviour
}

func TestJSON_EveryExportedType(t *testing.T) {
	data, aggregates, errs, behaviour := jsonTypes()
	_, types := exportedDecls(t, "")
	for _, name := range types {
		_, d := data[name]
		_, a := aggregates[name]
		_, e := errs[name]
		require.True(t, d || a || e || slices.Contains(behaviour, name), "exported type %s is missing from the JSON table", name)
	}
	// The kernel's RoundingMode has no unset value: a zero one marshals as "RoundingMode(0)" and is
	// refused on reading, so these types round-trip only when filled.
	zeroRounding := []string{"Policy", "PostingInput", "PostingSnapshot"}
	for name, typ := range data {
		t.Run(name, func(t *testing.T) { checkJSON(t, name, typ, !slices.Contains(zeroRounding, name), nil) })
		if slices.Contains(zeroRounding, name) {
			t.Run(name+"/filled", func(t *testing.T) {
				v := reflect.New(typ)
				fill(v.Elem(), 0, nil)
				b, err := json.Marshal(v.Interface())
				require.NoError(t, err)
				back := reflect.New(typ)
				require.NoError(t, json.Unmarshal(b, back.Interface()))
				b2, err := json.Marshal(back.Interface())
				require.NoError(t, err)
				require.JSONEq(t, string(b), string(b2))
			})
		}
	}
	b, err := json.Marshal(&parts.StockError{Bin: "A-01", Have: decimal.RequireFromString("1.000"), Want: decimal.RequireFromString("2")})
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(b, &got))
	require.Equal(t, "parts.insufficient_stock", got["code"])
	require.Equal(t, "A-01", got["bin"])
	for name, typ := range errs {
		t.Run(name, func(t *testing.T) {
			checkJSON(t, name, typ, false, nil)
			b, err := json.Marshal(reflect.New(typ).Interface())
			require.NoError(t, err)
			require.Contains(t, string(b), `"code":`, "%s says its code", name)
			require.Contains(t, string(b), `"message":`, "%s says its message", name)
		})
	}
	for name, pair := range aggregates {
		got, err := json.Marshal(pair[0])
		require.NoError(t, err, name)
		want, err := json.Marshal(pair[1])
		require.NoError(t, err, name)
		require.JSONEq(t, string(want), string(got), "%s marshals to its snapshot", name)
	}
}

// The reflection check of the package's JSON (issue 7): every exported struct type marshals its
// zero value and a value filled by reflection to snake_case keys and reads back the same.

var (
	snakeKey = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	uuidKey  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// requireSnake walks decoded JSON and checks every object key of a struct is snake_case; maps keyed
// by data (mapKeys) are not walked for their keys.
func requireSnake(t *testing.T, path string, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !uuidKey.MatchString(k) { // a map keyed by ids: the keys are data
				require.Regexp(t, snakeKey, k, "%s: key %q is not snake_case", path, k)
			}
			requireSnake(t, path+"."+k, e)
		}
	case []any:
		for i, e := range x {
			requireSnake(t, fmt.Sprintf("%s[%d]", path, i), e)
		}
	}
}

var (
	decimalT = reflect.TypeFor[decimal.Decimal]()
	timeT    = reflect.TypeFor[time.Time]()
	rawT     = reflect.TypeFor[json.RawMessage]()
)

// fill sets every exported field reachable from v to a value that is not zero and that the
// field's own text form accepts.
func fill(v reflect.Value, depth int, special func(reflect.Value) bool) {
	if !v.CanSet() {
		return
	}
	if depth > 6 { // deep enough: leave what could recurse unset rather than half-built
		switch v.Kind() {
		case reflect.Slice, reflect.Map, reflect.Pointer, reflect.Struct:
			return
		}
	}
	if special != nil && special(v) {
		return
	}
	switch v.Type() {
	case decimalT:
		v.Set(reflect.ValueOf(decimal.RequireFromString("12.340")))
		return
	case timeT:
		v.Set(reflect.ValueOf(time.Date(2026, 3, 2, 1, 2, 3, 456000, time.UTC)))
		return
	case rawT:
		v.Set(reflect.ValueOf(json.RawMessage(`{"a":1}`)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1) // the first value of an enumeration
	case reflect.Float32, reflect.Float64:
		v.SetFloat(0.5)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), depth+1, special)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), depth+1, special)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, depth+1, special)
		fill(e, depth+1, special)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), depth+1, special)
		v.Set(p)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1, special)
			}
		}
	}
}

// checkJSON marshals the zero value and a filled value of typ, checks the keys are snake_case and,
// unless roundTrip is false, that the value reads back to the same JSON.
func checkJSON(t *testing.T, name string, typ reflect.Type, roundTrip bool, special func(reflect.Value) bool) {
	t.Helper()
	for _, filled := range []bool{false, true} {
		v := reflect.New(typ)
		if filled {
			fill(v.Elem(), 0, special)
		}
		b, err := json.Marshal(v.Interface())
		require.NoError(t, err, "%s (filled %v)", name, filled)
		if filled && typ.Kind() == reflect.Struct && typ.NumField() > 0 {
			require.NotEqual(t, "{}", string(b), "%s marshals to nothing", name)
		}
		if filled {
			require.NotContains(t, string(b), `"12.34"`, "%s: a decimal lost its scale: %s", name, b)
		}
		var decoded any
		require.NoError(t, json.Unmarshal(b, &decoded), name)
		requireSnake(t, name, decoded)
		if !roundTrip {
			continue
		}
		back := reflect.New(typ)
		require.NoError(t, json.Unmarshal(b, back.Interface()), "%s reads back: %s", name, b)
		b2, err := json.Marshal(back.Interface())
		require.NoError(t, err, name)
		require.JSONEq(t, string(b), string(b2), "%s (filled %v) round-trips", name, filled)
	}
}
