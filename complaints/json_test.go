package complaints_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/internal/surfacetest"
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
	_, types := surfacetest.ExportedDecls(t, "")
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
		t.Run(name, func(t *testing.T) {
			surfacetest.CheckJSON(t, name, typ, surfacetest.JSONOptions{RoundTrip: true, KeepScale: false, Special: special})
		})
	}
	for name, typ := range errs {
		t.Run(name, func(t *testing.T) {
			surfacetest.CheckJSON(t, name, typ, surfacetest.JSONOptions{RoundTrip: false, KeepScale: false, Special: special})
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
