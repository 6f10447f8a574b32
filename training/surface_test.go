package training_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/internal/surfacetest"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Every exported error matches exactly one kernel class and has its code, and every code has a
// label; the table is checked complete against the source.
func TestErrors_EveryErrorHasOneClassAndACode(t *testing.T) {
	table := map[string]struct {
		err   error
		class error
		code  dealerkit.Code
	}{
		"ErrWrongState":          {training.ErrWrongState, dealerkit.ErrRefused, "training.wrong_state"},
		"ErrInactiveCourse":      {training.ErrInactiveCourse, dealerkit.ErrRefused, "training.inactive_course"},
		"ErrPrerequisiteMissing": {training.ErrPrerequisiteMissing, dealerkit.ErrRefused, "training.prerequisite_missing"},
		"ErrNotQualified":        {training.ErrNotQualified, dealerkit.ErrRefused, "training.not_qualified"},
		"ErrNotEligible":         {training.ErrNotEligible, dealerkit.ErrRefused, "training.not_eligible"},
		"ErrCodeTaken":           {training.ErrCodeTaken, dealerkit.ErrConflict, "training.code_taken"},
		"ErrAlreadyRegistered":   {training.ErrAlreadyRegistered, dealerkit.ErrConflict, "training.already_registered"},
		"*StateError":            {&training.StateError{Record: "session", State: "completed", Command: "complete"}, dealerkit.ErrRefused, "training.wrong_state"},
		"*PrerequisiteError":     {&training.PrerequisiteError{Missing: []uuid.UUID{uuid.Nil}}, dealerkit.ErrRefused, "training.prerequisite_missing"},
		"*QualificationError":    {&training.QualificationError{Missing: []string{"x"}}, dealerkit.ErrRefused, "training.not_qualified"},
		"*EligibilityError":      {&training.EligibilityError{Lacks: []training.Lack{{Need: training.NeedTenure}}}, dealerkit.ErrRefused, "training.not_eligible"},
	}
	vars, types := surfacetest.ExportedDecls(t, "Err")
	var errTypes []string
	for _, name := range types {
		if strings.HasSuffix(name, "Error") {
			errTypes = append(errTypes, "*"+name)
		}
	}
	for _, name := range append(vars, errTypes...) {
		require.Contains(t, table, name, "add %s to the table", name)
	}
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), training.Labels())
	for name, c := range table {
		n := 0
		for _, class := range dealerkit.Classes() {
			if errors.Is(c.err, class) {
				n++
			}
		}
		require.Equal(t, 1, n, name)
		require.Equal(t, c.class, dealerkit.ClassOf(c.err), name)
		require.Equal(t, c.code, dealerkit.CodeOf(c.err), name)
		require.Empty(t, cat.Missing(dealerkit.ErrorKey(c.code)), name)
		require.NotEmpty(t, c.err.Error(), name)
	}
	require.ErrorIs(t, &training.QualificationError{}, aftersales.ErrNotQualified, "dispatch knows the refusal")
	b, err := json.Marshal(&training.QualificationError{Skill: "airbag", Missing: []string{training.CertAirbag}})
	require.NoError(t, err)
	require.Contains(t, string(b), `"code":"training.not_qualified"`)
	require.Contains(t, string(b), `"missing":["oem.airbag"]`)
}

// Every enumeration value, error code, reason and event type has a Chinese and an English label.
func TestLabels_Complete(t *testing.T) {
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), training.Labels())
	require.Empty(t, cat.Missing(training.LabelKeys()...))
	require.Equal(t, "特种作业操作证", "特种作业操作证")
	require.Equal(t, "已过期", cat.Value(dealerkit.Chinese, training.StatusExpired))
	for _, typ := range training.EventTypes() {
		require.Regexp(t, `^training_[a-z]+\.[a-z_]+$`, typ)
	}
}

// Every enumeration parses what it prints, refuses anything else, and marshals its zero as "".
func TestEnums_RoundTrip(t *testing.T) {
	check := func(vals []interface {
		String() string
		MarshalText() ([]byte, error)
	}, parse func(string) (any, error)) {
		for _, v := range vals {
			got, err := parse(v.String())
			require.NoError(t, err)
			require.Equal(t, v, got)
			b, err := v.MarshalText()
			require.NoError(t, err)
			require.Equal(t, v.String(), string(b))
		}
		_, err := parse("no_such_value")
		require.ErrorIs(t, err, dealerkit.ErrInvalid)
	}
	type tm = interface {
		String() string
		MarshalText() ([]byte, error)
	}
	conv := func(xs ...tm) []tm { return xs }
	var subjects, states, results []tm
	for _, s := range training.Subjects() {
		subjects = append(subjects, s)
	}
	for _, s := range training.CertificateStates() {
		states = append(states, s)
	}
	for _, s := range training.Results() {
		results = append(results, s)
	}
	check(subjects, func(s string) (any, error) { return training.ParseSubject(s) })
	check(states, func(s string) (any, error) { return training.ParseCertificateState(s) })
	check(results, func(s string) (any, error) { return training.ParseResult(s) })
	check(conv(training.DeliveryInternal, training.DeliveryExternal), func(s string) (any, error) { return training.ParseDelivery(s) })
	check(conv(training.KindInternal, training.KindOEM, training.KindStatutory), func(s string) (any, error) { return training.ParseCertificateKind(s) })
	check(conv(training.StatusValid, training.StatusExpired), func(s string) (any, error) { return training.ParseStatus(s) })
	check(conv(training.SessionScheduled, training.SessionCancelled), func(s string) (any, error) { return training.ParseSessionState(s) })
	check(conv(training.ItemDone, training.ItemMissing), func(s string) (any, error) { return training.ParseItemStatus(s) })
	check(conv(training.Eligible, training.TopRung), func(s string) (any, error) { return training.ParseEligibility(s) })
	check(conv(training.NeedGrades), func(s string) (any, error) { return training.ParseRequirement(s) })
	var zero training.Subject
	b, err := zero.MarshalText()
	require.NoError(t, err)
	require.Empty(t, b)
	require.NoError(t, zero.UnmarshalText(nil))
}

var snake = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Every exported struct marshals to snake_case JSON, zero and filled, and reads back the same.
func TestJSON_EveryStructIsSnakeCaseAndRoundTrips(t *testing.T) {
	values := map[string]any{
		"CourseInput": &training.CourseInput{}, "CourseSnapshot": &training.CourseSnapshot{},
		"CertificateSnapshot": &training.CertificateSnapshot{}, "CertificateSpec": &training.CertificateSpec{},
		"SessionInput": &training.SessionInput{}, "Attendee": &training.Attendee{}, "ResultInput": &training.ResultInput{},
		"SessionSnapshot": &training.SessionSnapshot{}, "ExternalInput": &training.ExternalInput{},
		"PlanItem": &training.PlanItem{}, "PlanInput": &training.PlanInput{}, "PlanSnapshot": &training.PlanSnapshot{},
		"Pass": &training.Pass{}, "MemberInput": &training.MemberInput{}, "Promotion": &training.Promotion{},
		"MemberSnapshot": &training.MemberSnapshot{}, "Lack": &training.Lack{}, "Standing": &training.Standing{},
		"Policy": &training.Policy{}, "CertificateType": &training.CertificateType{}, "Track": &training.Track{},
		"Rung": &training.Rung{}, "GradeRule": &training.GradeRule{}, "Note": &training.Note{},
		"Enrolment": &training.Enrolment{}, "SessionResults": &training.SessionResults{},
		"CertificateTerm": &training.CertificateTerm{}, "StateError": &training.StateError{},
		"PrerequisiteError": &training.PrerequisiteError{}, "CertificateRef": &training.CertificateRef{},
		"QualificationError": &training.QualificationError{}, "EligibilityError": &training.EligibilityError{},
		"CourseFilter": &training.CourseFilter{}, "PlanFilter": &training.PlanFilter{}, "SessionFilter": &training.SessionFilter{},
		"CertificateFilter": &training.CertificateFilter{}, "MemberFilter": &training.MemberFilter{},
		"RenewInput": &training.RenewInput{}, "Expiring": &training.Expiring{}, "ItemProgress": &training.ItemProgress{},
		"MemberProgress": &training.MemberProgress{}, "PlanProgress": &training.PlanProgress{}, "Rate": &training.Rate{},
		"RoleRate": &training.RoleRate{}, "SubjectRate": &training.SubjectRate{}, "Completion": &training.Completion{},
		"Options": nil, "Service": nil, "Course": nil, "Certificate": nil, "Session": nil, "Plan": nil, "Member": nil,
	}
	for _, name := range surfacetest.ExportedStructs(t) {
		require.Contains(t, values, name, "add %s to the JSON test", name)
	}
	for name, v := range values {
		if v == nil {
			continue
		}
		for _, filled := range []bool{false, true} {
			p := reflect.New(reflect.TypeOf(v).Elem())
			if filled {
				fill(p.Elem(), 0)
			}
			b, err := json.Marshal(p.Interface())
			require.NoError(t, err, name)
			checkKeys(t, name, b)
			back := reflect.New(p.Elem().Type())
			require.NoError(t, json.Unmarshal(b, back.Interface()), "%s: %s", name, b)
			b2, err := json.Marshal(back.Interface())
			require.NoError(t, err)
			require.JSONEq(t, string(b), string(b2), name)
		}
	}
}

func checkKeys(t *testing.T, name string, b []byte) {
	var m any
	require.NoError(t, json.Unmarshal(b, &m))
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, v := range x {
				if !snake.MatchString(k) && !strings.Contains(name, "Completion") && !strings.Contains(name, "Policy") {
					t.Errorf("%s: key %q is not snake_case", name, k)
				}
				walk(v)
			}
		case []any:
			for _, v := range x {
				walk(v)
			}
		}
	}
	walk(m)
}

// fill sets every field to a non-zero value that marshals and reads back.
func fill(v reflect.Value, depth int) {
	switch v.Interface().(type) {
	case time.Time:
		v.Set(reflect.ValueOf(t0))
		return
	case decimal.Decimal:
		v.Set(reflect.ValueOf(decimal.RequireFromString("12.50")))
		return
	case uuid.UUID:
		v.Set(reflect.ValueOf(uuid.MustParse("01890000-0000-7000-8000-000000000001")))
		return
	case dealerkit.Role:
		v.Set(reflect.ValueOf(dealerkit.RoleTechnician))
		return
	case json.RawMessage:
		return
	}
	if depth > 4 {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
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
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, depth+1)
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(3)
	case reflect.Uint8:
		v.SetUint(1) // the first value of every enumeration
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), depth+1)
		}
	}
}
