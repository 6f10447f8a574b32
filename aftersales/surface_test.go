package aftersales

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/internal/surfacetest"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Issue 7: every exported error of the package matches exactly one kernel class and carries its
// own stable code; typed errors reach theirs through their chain. The table must name every
// exported Err* var of the source, so a new sentinel without a row fails here.
func TestErrors_EveryErrorHasOneClassAndACode(t *testing.T) {
	line := uuid.MustParse("01900000-0000-7000-8000-000000000001")
	cases := map[string]struct {
		err   error
		class error
		code  dealerkit.Code
	}{
		"ErrWrongState":          {ErrWrongState, dealerkit.ErrRefused, "aftersales.wrong_state"},
		"ErrBadVIN":              {ErrBadVIN, dealerkit.ErrInvalid, "aftersales.bad_vin"},
		"ErrUnknownLine":         {ErrUnknownLine, dealerkit.ErrNotFound, "aftersales.unknown_line"},
		"ErrNotApproved":         {ErrNotApproved, dealerkit.ErrRefused, "aftersales.not_approved"},
		"ErrAlreadyDecided":      {ErrAlreadyDecided, dealerkit.ErrRefused, "aftersales.already_decided"},
		"ErrNotQualified":        {ErrNotQualified, dealerkit.ErrRefused, "aftersales.not_qualified"},
		"ErrEquipmentOutOfUse":   {ErrEquipmentOutOfUse, dealerkit.ErrRefused, "aftersales.equipment_out_of_use"},
		"ErrNotAssigned":         {ErrNotAssigned, dealerkit.ErrRefused, "aftersales.not_assigned"},
		"ErrClockRunning":        {ErrClockRunning, dealerkit.ErrRefused, "aftersales.clock_running"},
		"ErrClockNotRunning":     {ErrClockNotRunning, dealerkit.ErrRefused, "aftersales.clock_not_running"},
		"ErrWorkOutstanding":     {ErrWorkOutstanding, dealerkit.ErrRefused, "aftersales.work_outstanding"},
		"ErrInspectorDidTheWork": {ErrInspectorDidTheWork, dealerkit.ErrRefused, "aftersales.inspector_did_the_work"},
		"ErrNoReadyNotice":       {ErrNoReadyNotice, dealerkit.ErrRefused, "aftersales.no_ready_notice"},
		"ErrPaymentDue":          {ErrPaymentDue, dealerkit.ErrRefused, "aftersales.payment_due"},
		"ErrOverpayment":         {ErrOverpayment, dealerkit.ErrRefused, "aftersales.overpayment"},
		"ErrPaymentReference":    {ErrPaymentReference, dealerkit.ErrConflict, "aftersales.payment_reference"},
		"ErrNotPartLine":         {ErrNotPartLine, dealerkit.ErrRefused, "aftersales.not_part_line"},
		"ErrIssueOverApproved":   {ErrIssueOverApproved, dealerkit.ErrRefused, "aftersales.issue_over_approved"},
		"ErrReturnOverIssued":    {ErrReturnOverIssued, dealerkit.ErrRefused, "aftersales.return_over_issued"},
		"ErrPartsOutstanding":    {ErrPartsOutstanding, dealerkit.ErrRefused, "aftersales.parts_outstanding"},
		"ErrDecidePartLines":     {ErrDecidePartLines, dealerkit.ErrRefused, "aftersales.decide_part_lines_through_parts"},
		"ErrCancelPartLines":     {ErrCancelPartLines, dealerkit.ErrRefused, "aftersales.cancel_through_parts"},
		"ErrReturnCost":          {ErrReturnCost, dealerkit.ErrConflict, "aftersales.return_cost_changed"},
		"ErrWorkStarted":         {ErrWorkStarted, dealerkit.ErrRefused, "aftersales.work_started"},
		"ErrOrderNotFound":       {ErrOrderNotFound, dealerkit.ErrNotFound, "aftersales.order_not_found"},
		"ErrOrderChanged":        {ErrOrderChanged, dealerkit.ErrConflict, "aftersales.order_changed"},

		"*StateError":      {&StateError{State: StateClosed, Command: CmdCancel}, dealerkit.ErrRefused, "aftersales.wrong_state"},
		"*VINError":        {&VINError{VIN: "X", Reason: "short"}, dealerkit.ErrInvalid, "aftersales.bad_vin"},
		"*QuantityError":   {&QuantityError{Line: line, Limit: decimal.NewFromInt(1), Want: decimal.NewFromInt(2), Err: ErrIssueOverApproved}, dealerkit.ErrRefused, "aftersales.issue_over_approved"},
		"*LineError":       {&LineError{Line: line, Err: ErrDecidePartLines}, dealerkit.ErrRefused, "aftersales.decide_part_lines_through_parts"},
		"*PaymentError":    {&PaymentError{Reference: "POS-1"}, dealerkit.ErrConflict, "aftersales.payment_reference"},
		"*ReturnCostError": {&ReturnCostError{Line: line, Want: decimal.NewFromInt(1), Got: decimal.NewFromInt(2)}, dealerkit.ErrConflict, "aftersales.return_cost_changed"},
		"*EquipmentError":  {&EquipmentError{Equipment: "lift-2"}, dealerkit.ErrRefused, "aftersales.equipment_out_of_use"},
	}
	vars, _ := surfacetest.ExportedDecls(t, "Err")
	for _, name := range vars {
		require.Contains(t, cases, name, "exported error %s has no row in the table", name)
	}
	var codes []dealerkit.Code
	for _, e := range sentinels() {
		codes = append(codes, e.ErrorCode())
	}
	for name, c := range cases {
		matched := 0
		for _, class := range dealerkit.Classes() {
			if errors.Is(c.err, class) {
				matched++
			}
		}
		require.Equal(t, 1, matched, "%s matches %d classes", name, matched)
		require.Equal(t, c.class, dealerkit.ClassOf(c.err), name)
		require.Equal(t, c.code, dealerkit.CodeOf(c.err), name)
		require.Contains(t, codes, c.code, "%s: sentinels() lacks its code, so it has no label", name)
		require.NotContains(t, c.err.Error(), "sqlstore", name)
		if _, ok := c.err.(json.Marshaler); ok {
			b, err := json.Marshal(c.err)
			require.NoError(t, err, name)
			require.Contains(t, string(b), `"code":"`+string(c.code)+`"`, name)
		}
	}
	require.Len(t, sentinels(), len(slices.Compact(slices.Sorted(slices.Values(codes)))), "codes are unique")
}

// Issue 7: every enumeration value, error code, field reason and event type has an English and
// a Chinese label.
func TestLabels_Complete(t *testing.T) {
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), Labels())
	require.Empty(t, cat.Missing(LabelKeys()...))
	require.Equal(t, "已结算", cat.Value(dealerkit.Chinese, StateSettled))
	require.Equal(t, "委托书当前状态不允许此操作", cat.Error(dealerkit.Chinese, &StateError{State: StateClosed, Command: CmdCancel}))
	require.Equal(t, "车架号无效（长度、字符或校验位错误）", cat.Reason(dealerkit.Chinese, ReasonBadVIN))
	for _, k := range LabelKeys() {
		require.NotContains(t, k, "(", "an unset or unknown value leaked into the keys: %s", k)
	}
}

// Issue 7: every event a repair order records is one of EventTypes, so a host can switch on
// them and label them.
func TestEvents_EveryRecordedTypeIsListed(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateClosed)
	x := e.open()
	require.NoError(t, e.cancel(e.advisor, x.id, "customer left"))
	for _, ev := range e.repo.events {
		require.Contains(t, EventTypes(), ev.Type)
	}
	require.Len(t, EventTypes(), len(slices.Compact(slices.Sorted(slices.Values(EventTypes())))))
}

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// jsonTypes is every exported struct type of the package with a JSON form, beside the ones that
// have none on purpose (listed in noJSON with the reason).
var jsonTypes = []any{
	PaymentInput{}, SurveyInput{}, DispatchInput{}, OverdueJob{}, LineInput{}, DecisionInput{},
	OpenedData{}, ComebackData{}, LineData{}, DecisionData{}, DispatchData{}, ClockData{},
	InspectionFailedData{}, SettledData{}, ObjectedData{}, ReturnedToWorkData{}, PaidData{},
	FollowedUpData{}, PartsMovedData{}, InspectionInput{}, KPIs{}, Rate{}, Revenue{}, Efficiency{},
	Snapshot{}, Policy{}, ReceptionInput{}, Query{}, Filter{}, Header{}, StatementLine{},
	PayTypeTotal{}, Statement{}, Customer{}, Finding{}, Concern{}, Reception{}, Decision{}, Job{},
	Line{}, LineAmounts{}, ClockEntry{}, Notification{}, CheckItem{}, Inspection{}, Cleaning{},
	Response{}, Payment{}, Survey{}, Cancellation{}, WarrantyPeriod{}, WarrantyRules{},
	DeliveryInput{}, Coverage{},
}

// errorTypes marshal one way ({"code", "message", …}); they are not read back.
var errorTypes = []any{QuantityError{}, LineError{}, PaymentError{}, ReturnCostError{}, EquipmentError{}, StateError{}, VINError{}}

var noJSON = map[string]string{
	"Options":     "configuration holding functions, not data",
	"Service":     "the use cases, not data",
	"RepairOrder": "checked below: marshals to its Snapshot",
	"Kept":        "a store's copy in memory, opaque; a store that writes an order writes its Snapshot",
}

// Issue 7: every exported type has a stable snake_case JSON form that reads back as written; the
// zero value marshals too (an unset enumeration is ""), and *RepairOrder is its snapshot.
func TestJSON_EveryTypeIsSnakeCaseAndRoundTrips(t *testing.T) {
	structs := surfacetest.ExportedStructs(t)
	have := map[string]bool{}
	for _, v := range append(slices.Clone(jsonTypes), errorTypes...) {
		have[reflect.TypeOf(v).Name()] = true
	}
	for _, name := range structs {
		if _, ok := noJSON[name]; !ok {
			require.True(t, have[name], "exported struct %s is not in the JSON test", name)
		}
	}
	for _, zero := range jsonTypes {
		typ := reflect.TypeOf(zero)
		t.Run(typ.Name(), func(t *testing.T) {
			zero, err := json.Marshal(reflect.New(typ).Interface())
			require.NoError(t, err, "the zero value marshals (an unset enumeration is \"\")")
			checkKeys(t, typ.Name(), zero)
			// The filled value reads back as written. (A zero Policy or Statement does not: the
			// kernel refuses its unset rounding mode on the way in, as it should.)
			for _, v := range []reflect.Value{filled(typ)} {
				b, err := json.Marshal(v.Interface())
				require.NoError(t, err)
				checkKeys(t, typ.Name(), b)
				back := reflect.New(typ)
				require.NoError(t, json.Unmarshal(b, back.Interface()), string(b))
				again, err := json.Marshal(back.Interface())
				require.NoError(t, err)
				require.JSONEq(t, string(b), string(again), "round trip")
			}
		})
	}
	for _, zero := range errorTypes {
		typ := reflect.TypeOf(zero)
		b, err := json.Marshal(filled(typ).Interface())
		require.NoError(t, err, typ.Name())
		checkKeys(t, typ.Name(), b)
	}

	e := newEnv(t, nil)
	r := e.open()
	o := e.get(r.id)
	b, err := json.Marshal(o)
	require.NoError(t, err)
	want, err := json.Marshal(o.Snapshot())
	require.NoError(t, err)
	require.JSONEq(t, string(want), string(b), "*RepairOrder marshals to its snapshot")
	var back RepairOrder
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, o.Snapshot(), back.Snapshot())
}

func checkKeys(t *testing.T, typ string, b []byte) {
	t.Helper()
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if _, err := uuid.Parse(k); err == nil || isEnumKey(k) || k == "item" {
					walk(x) // a map keyed by data (ids, pay types, survey items), not field names
					continue
				}
				require.Regexp(t, snakeCase, k, "%s: key %q", typ, k)
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var v any
	require.NoError(t, json.Unmarshal(b, &v))
	walk(v)
}

func isEnumKey(k string) bool {
	for _, p := range PayTypes() {
		if k == p.String() {
			return true
		}
	}
	for _, c := range RepairCategories() {
		if k == c.String() {
			return true
		}
	}
	return false
}

// filled returns a pointer to a value of typ with every field set to something other than its
// zero value, by reflection.
func filled(typ reflect.Type) reflect.Value {
	p := reflect.New(typ)
	fill(p.Elem(), 0)
	return p
}

var (
	timeType    = reflect.TypeOf(time.Time{})
	decimalType = reflect.TypeOf(decimal.Decimal{})
	uuidType    = reflect.TypeOf(uuid.UUID{})
	errorType   = reflect.TypeOf((*error)(nil)).Elem()
)

func fill(v reflect.Value, depth int) {
	if depth > 12 || !v.CanSet() {
		return
	}
	t := v.Type()
	switch {
	case t == timeType:
		v.Set(reflect.ValueOf(time.Date(2026, 3, 2, 9, 15, 30, 123456000, time.UTC)))
		return
	case t == decimalType:
		v.Set(reflect.ValueOf(decimal.RequireFromString("12.50")))
		return
	case t == uuidType || (t.Kind() == reflect.Array && t.Len() == 16 && t.Elem().Kind() == reflect.Uint8):
		u := uuid.MustParse("01900000-0000-7000-8000-0000000000ab")
		reflect.Copy(v, reflect.ValueOf(u[:]))
		return
	case t == errorType:
		v.Set(reflect.ValueOf(ErrIssueOverApproved))
		return
	case t.Kind() == reflect.Uint8: // the package's enumerations: 1 is their first value
		v.SetUint(1)
		return
	}
	switch t.Kind() {
	case reflect.String:
		if t.Name() == "VIN" {
			v.SetString("LSVAU218XN2183294")
		} else {
			v.SetString("x")
		}
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(7)
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(t, 1, 1)
		fill(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(t)
		k := reflect.New(t.Key()).Elem()
		fill(k, depth+1)
		if t.Key().Kind() == reflect.String {
			k.SetString("item")
		}
		x := reflect.New(t.Elem()).Elem()
		fill(x, depth+1)
		m.SetMapIndex(k, x)
		v.Set(m)
	}
}
