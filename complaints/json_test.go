package complaints_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// jsonTypes lists every exported type of the package with how its JSON is checked: data round
// trips, aggregates marshal to their snapshot, errors marshal only (their chain is not data), and
// the rest are behaviour, not data.
func jsonTypes() (data map[string]reflect.Type, aggregates map[string][2]any, errs map[string]reflect.Type, behaviour []string) {
	data = map[string]reflect.Type{}
	for _, v := range []any{
		complaints.Analysis{}, complaints.Breach{}, complaints.CalendarRules{}, complaints.Category(0),
		complaints.Channel(0), complaints.ClosedPayload{}, complaints.Command(0), complaints.Complainant{},
		complaints.ComplaintBreach{}, complaints.Compliance{}, complaints.ContactInput{}, complaints.ContactedPayload{},
		complaints.CorrectiveCommand(0), complaints.CorrectiveCompletedPayload{}, complaints.CorrectiveEscalatedPayload{},
		complaints.CorrectiveFilter{}, complaints.CorrectiveInput{}, complaints.CorrectiveOpenedPayload{},
		complaints.CorrectiveSnapshot{}, complaints.CorrectiveState(0), complaints.Date{}, complaints.Deadline{},
		complaints.Deadlines{}, complaints.DueQuery{}, complaints.DueRef{}, complaints.Duration(0),
		complaints.Effectiveness{}, complaints.Entry{}, complaints.EscalationReport{}, complaints.FeedbackInput{},
		complaints.Filter{}, complaints.IntakeInput{}, complaints.IntakeReport{}, complaints.Involved{},
		complaints.Level(0), complaints.NameStaffInput{}, complaints.ParetoEntry{}, complaints.Period{},
		complaints.Policy{}, complaints.ReceivedPayload{}, complaints.ReopenedPayload{}, complaints.ReportInput{},
		complaints.ReportedPayload{}, complaints.RootCauseSetPayload{}, complaints.Severity(0), complaints.Snapshot{},
		complaints.SolutionInput{}, complaints.SolutionProposedPayload{}, complaints.Source{}, complaints.Span{},
		complaints.StaffNamedPayload{}, complaints.State(0), complaints.Step(0), complaints.StepTime{},
		complaints.TimeOfDay(0), complaints.VerificationInput{}, complaints.View{}, complaints.Week{},
	} {
		data[reflect.TypeOf(v).Name()] = reflect.TypeOf(v)
	}
	aggregates = map[string][2]any{
		"Complaint":        {new(complaints.Complaint), new(complaints.Complaint).Snapshot()},
		"CorrectiveAction": {new(complaints.CorrectiveAction), new(complaints.CorrectiveAction).Snapshot()},
	}
	errs = map[string]reflect.Type{}
	for _, v := range []any{complaints.CheckError{}, complaints.CorrectiveStateError{}, complaints.KeyError{},
		complaints.StaffError{}, complaints.StateError{}, complaints.WindowError{}} {
		errs[reflect.TypeOf(v).Name()] = reflect.TypeOf(v)
	}
	behaviour = []string{"Calendar", "CorrectiveRepository", "Options", "Orders", "Repository", "Rules", "Service"}
	return data, aggregates, errs, behaviour
}

// special fills the fields whose text form has rules of its own: a VIN with its check digit, a
// period that ends after it starts.
func special(v reflect.Value) bool {
	switch v.Type() {
	case reflect.TypeFor[aftersales.VIN]():
		v.SetString("LSVAU2180N2183294")
		return true
	case reflect.TypeFor[complaints.Period]():
		v.Set(reflect.ValueOf(complaints.Period{From: complaints.At(8, 30), To: complaints.At(17, 0)}))
		return true
	case reflect.TypeFor[complaints.Date]():
		v.Set(reflect.ValueOf(complaints.Date{Year: 2026, Month: time.March, Day: 2}))
		return true
	case reflect.TypeFor[complaints.Duration]():
		v.SetInt(int64(90 * time.Minute))
		return true
	}
	return false
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
	for name, typ := range data {
		if name == "Involved" {
			// The kernel's Role refuses to marshal its zero value, so only a filled Involved encodes.
			t.Run(name, func(t *testing.T) {
				v := complaints.Involved{Staff: [16]byte{1}, Role: 1}
				b, err := json.Marshal(v)
				require.NoError(t, err)
				var back complaints.Involved
				require.NoError(t, json.Unmarshal(b, &back))
				require.Equal(t, v, back)
				require.JSONEq(t, `{"staff":"01000000-0000-0000-0000-000000000000","role":"manager"}`, string(b))
			})
			continue
		}
		t.Run(name, func(t *testing.T) { checkJSON(t, name, typ, true, special) })
	}
	for name, typ := range errs {
		t.Run(name, func(t *testing.T) {
			checkJSON(t, name, typ, false, special)
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

// Durations are strings; a deadline stored while they were numbers of nanoseconds reads back.
func TestJSON_DurationsAreStrings(t *testing.T) {
	b, err := json.Marshal(complaints.Deadline{Step: complaints.StepReport, Budget: complaints.Duration(90 * time.Minute)})
	require.NoError(t, err)
	require.Contains(t, string(b), `"budget":"1h30m"`)
	var d complaints.Deadline
	require.NoError(t, json.Unmarshal([]byte(`{"step":"report","round":0,"start":"2026-03-02T01:00:00Z","budget":5400000000000}`), &d))
	require.Equal(t, 90*time.Minute, d.Budget.D())
	require.Error(t, json.Unmarshal([]byte(`{"budget":1.5}`), &d))
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
			// A map keyed by ids has data for keys.
			if !uuidKey.MatchString(k) {
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
