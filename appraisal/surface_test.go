package appraisal_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/internal/surfacetest"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Every exported error matches exactly one kernel class and has its code.
func TestErrors_EachMatchesOneClassWithACode(t *testing.T) {
	table := map[string]struct {
		err   error
		class error
		code  dealerkit.Code
	}{
		"ErrWrongState":     {appraisal.ErrWrongState, dealerkit.ErrRefused, "appraisal.wrong_state"},
		"ErrOwnAppraisal":   {appraisal.ErrOwnAppraisal, dealerkit.ErrRefused, "appraisal.own_appraisal"},
		"ErrNotYours":       {appraisal.ErrNotYours, dealerkit.ErrRefused, "appraisal.not_yours"},
		"ErrNoScheme":       {appraisal.ErrNoScheme, dealerkit.ErrRefused, "appraisal.no_scheme"},
		"ErrUnknownVersion": {appraisal.ErrUnknownVersion, dealerkit.ErrInvalid, "appraisal.unknown_version"},
		"ErrNotManual":      {appraisal.ErrNotManual, dealerkit.ErrInvalid, "appraisal.not_manual"},
		"ErrTaken":          {appraisal.ErrTaken, dealerkit.ErrConflict, "appraisal.taken"},
		"StateError":        {&appraisal.StateError{State: appraisal.StateSignedOff, Step: appraisal.StepRate}, dealerkit.ErrRefused, "appraisal.wrong_state"},
	}
	vars, _ := surfacetest.ExportedDecls(t, "Err")
	for _, name := range vars {
		if _, ok := table[name]; !ok {
			t.Errorf("%s is missing from the error table", name)
		}
	}
	for name, c := range table {
		n := 0
		for _, cl := range dealerkit.Classes() {
			if errors.Is(c.err, cl) {
				n++
			}
		}
		if n != 1 || !errors.Is(c.err, c.class) || dealerkit.CodeOf(c.err) != c.code {
			t.Errorf("%s: %d classes, class %v, code %q; want 1, %v, %q", name, n, dealerkit.ClassOf(c.err), dealerkit.CodeOf(c.err), c.class, c.code)
		}
		if strings.Contains(c.err.Error(), "sqlstore") || strings.Contains(c.err.Error(), "memory:") {
			t.Errorf("%s names an adapter", name)
		}
	}
}

func TestLabels_Complete(t *testing.T) {
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), appraisal.Labels())
	if missing := cat.Missing(appraisal.LabelKeys()...); len(missing) > 0 {
		t.Errorf("missing labels: %v", missing)
	}
	for k, l := range appraisal.Labels() {
		if l.EN == "" || l.ZH == "" {
			t.Errorf("%s: %+v", k, l)
		}
	}
	for _, a := range []dealerkit.Action{dealerkit.ActionAppraise, dealerkit.ActionSignOffAppraisal, dealerkit.ActionRespondAppraisal,
		dealerkit.ActionViewOwnAppraisal, dealerkit.ActionViewAppraisals} {
		if missing := cat.Missing(dealerkit.ActionKey(a)); len(missing) > 0 {
			t.Errorf("action %s has no label", a)
		}
	}
}

// Every enumeration lists its values, parses its names back, has a label key and marshals the
// zero value as "".
func TestEnums_RoundTrip(t *testing.T) {
	type enum = textEnum
	check := func(name string, vals []enum, parse func(string) (enum, error)) {
		for _, v := range vals {
			got, err := parse(v.String())
			if err != nil || got != v || !strings.HasPrefix(v.LabelKey(), "appraisal.") {
				t.Errorf("%s %s: %v %v", name, v, got, err)
			}
		}
		if _, err := parse("nonsense"); !errors.Is(err, dealerkit.ErrInvalid) {
			t.Errorf("%s parsed nonsense", name)
		}
	}
	check("metric", toEnums(appraisal.Metrics()), func(s string) (enum, error) { return appraisal.ParseMetric(s) })
	check("state", toEnums(appraisal.States()), func(s string) (enum, error) { return appraisal.ParseState(s) })
	check("missing", toEnums(appraisal.MissingDataPolicies()), func(s string) (enum, error) { return appraisal.ParseMissingData(s) })
	check("curve", toEnums(appraisal.CurveKinds()), func(s string) (enum, error) { return appraisal.ParseCurveKind(s) })
	check("outcome", toEnums(appraisal.OutcomeKinds()), func(s string) (enum, error) { return appraisal.ParseOutcomeKind(s) })
	check("basis", toEnums(appraisal.Bases()), func(s string) (enum, error) { return appraisal.ParseBasis(s) })
	check("status", toEnums(appraisal.Statuses()), func(s string) (enum, error) { return appraisal.ParseStatus(s) })
	var zero struct {
		M appraisal.Metric `json:"m"`
		S appraisal.State  `json:"s"`
	}
	b, err := json.Marshal(zero)
	if err != nil || string(b) != `{"m":"","s":""}` {
		t.Errorf("zero enums: %s %v", b, err)
	}
	if err := json.Unmarshal(b, &zero); err != nil {
		t.Error(err)
	}
}

type textEnum interface {
	String() string
	LabelKey() string
	MarshalText() ([]byte, error)
}

func toEnums[T textEnum](vs []T) []textEnum {
	out := make([]textEnum, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// The workflow's table, exhaustively: every state × step is allowed exactly where the table says.
func TestTransitions_Exhaustive(t *testing.T) {
	allowed := map[appraisal.State][]string{
		appraisal.StateDraft:     {appraisal.StepRecompute, appraisal.StepRate, appraisal.StepSignOff},
		appraisal.StateSignedOff: {appraisal.StepAcknowledge, appraisal.StepObject},
		appraisal.StateObjected:  {appraisal.StepAnswer},
		appraisal.StateAnswered:  {appraisal.StepAcknowledge},
	}
	for _, s := range appraisal.States() {
		for _, step := range appraisal.Steps() {
			_, ok := appraisal.Allowed(s, step)
			want := false
			for _, x := range allowed[s] {
				want = want || x == step
			}
			if ok != want {
				t.Errorf("%s %s: allowed %v, want %v", s, step, ok, want)
			}
			// §6: nothing but the staff member's answer and the manager's reply happens once frozen.
			if s.Frozen() && ok && (step == appraisal.StepRecompute || step == appraisal.StepRate) {
				t.Errorf("a frozen appraisal may %s", step)
			}
		}
	}
}

var snake = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Every exported struct marshals to snake_case JSON and round-trips, empty and filled.
func TestJSON_EveryStructSnakeCase(t *testing.T) {
	samples := map[string]any{
		"Policy": appraisal.Policy{}, "Scheme": appraisal.Scheme{}, "Dimension": appraisal.Dimension{}, "Curve": appraisal.Curve{},
		"Band": appraisal.Band{}, "Outcome": appraisal.Outcome{}, "MetricValue": appraisal.MetricValue{}, "Result": appraisal.Result{},
		"DimensionResult": appraisal.DimensionResult{}, "OutcomeResult": appraisal.OutcomeResult{}, "Rules": appraisal.Rules{},
		"Rating": appraisal.Rating{}, "Entry": appraisal.Entry{}, "Snapshot": appraisal.Snapshot{}, "RateInput": appraisal.RateInput{},
		"ScoredData": appraisal.ScoredData{}, "RatedData": appraisal.RatedData{}, "NoteData": appraisal.NoteData{},
		"Member": appraisal.Member{}, "DraftInput": appraisal.DraftInput{}, "Grade": appraisal.Grade{},
		"CompareInput": appraisal.CompareInput{}, "Comparison": appraisal.Comparison{}, "CompareRow": appraisal.CompareRow{},
		"Cost": appraisal.Cost{}, "Fairness": appraisal.Fairness{}, "RoleSpread": appraisal.RoleSpread{},
		"SurveyCoverage": appraisal.SurveyCoverage{}, "Evaluated": appraisal.Evaluated{}, "FactQuery": appraisal.FactQuery{},
		"OrderFacts": appraisal.OrderFacts{}, "LineFacts": appraisal.LineFacts{},
		// Not JSON types: they hold repositories or live records.
		"FactSet": nil, "RepositoryFacts": nil, "Measures": nil, "Options": nil, "Service": nil, "Appraisal": nil,
		"Filter": nil, "StateError": nil,
	}
	for _, name := range surfacetest.ExportedStructs(t) {
		if _, ok := samples[name]; !ok {
			t.Errorf("struct %s is missing from the JSON table", name)
		}
	}
	for name, zero := range samples {
		if zero == nil {
			continue
		}
		for _, v := range []any{zero, fill(reflect.TypeOf(zero)).Interface()} {
			b, err := json.Marshal(v)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			checkKeys(t, name, b)
			back := reflect.New(reflect.TypeOf(zero))
			if err := json.Unmarshal(b, back.Interface()); err != nil {
				t.Errorf("%s: round trip: %v\n%s", name, err, b)
				continue
			}
			again, _ := json.Marshal(back.Elem().Interface())
			if string(again) != string(b) {
				t.Errorf("%s does not round-trip:\n%s\n%s", name, b, again)
			}
		}
	}
	// The aggregate marshals to its snapshot, never "{}".
	e := newEnv(t, nil)
	a := e.draft(t)[0]
	b, _ := json.Marshal(a)
	s, _ := json.Marshal(a.Snapshot())
	if string(b) != string(s) || len(b) < 100 {
		t.Errorf("Appraisal JSON %s", b)
	}
}

func checkKeys(t *testing.T, name string, b []byte) {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, y := range x {
				if !snake.MatchString(k) && !strings.Contains(k, "-") && k != "labour_commission" && k != "Base" {
					t.Errorf("%s: key %q is not snake_case", name, k)
				}
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
}

// fill builds a value of t with every field set, so omitempty fields show their keys.
func fill(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch {
	case t == reflect.TypeOf(decimal.Decimal{}):
		v.Set(reflect.ValueOf(decimal.RequireFromString("12.50")))
		return v
	case t == reflect.TypeOf(decimal.NullDecimal{}):
		v.Set(reflect.ValueOf(decimal.NewNullDecimal(decimal.RequireFromString("7.25"))))
		return v
	case t == reflect.TypeOf(time.Time{}):
		v.Set(reflect.ValueOf(time.Date(2025, 4, 1, 8, 0, 0, 0, time.UTC)))
		return v
	case t == reflect.TypeOf(uuid.UUID{}), t == reflect.TypeOf(dealerkit.StaffID{}), t == reflect.TypeOf(dealerkit.DealerID{}),
		t == reflect.TypeOf(dealerkit.CustomerID{}):
		id := uuid.MustParse("0199a000-0000-7000-8000-000000000042")
		v.Set(reflect.ValueOf(id).Convert(t))
		return v
	case t == reflect.TypeOf(dealerkit.Role(0)):
		v.Set(reflect.ValueOf(dealerkit.RoleManager))
		return v
	case t == reflect.TypeOf(dealerkit.RoundingMode(0)):
		v.Set(reflect.ValueOf(dealerkit.HalfUp))
		return v
	}
	switch t.Kind() {
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).IsExported() {
				v.Field(i).Set(fill(t.Field(i).Type))
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(t, 1, 1)
		s.Index(0).Set(fill(t.Elem()))
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(t)
		k := reflect.New(t.Key()).Elem()
		k.SetString("labour_commission")
		m.SetMapIndex(k, fill(t.Elem()))
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		p.Elem().Set(fill(t.Elem()))
		v.Set(p)
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(2)
	case reflect.Uint8:
		v.SetUint(1)
	}
	return v
}
