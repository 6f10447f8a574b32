package safety

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/internal/surfacetest"
	"github.com/google/uuid"
)

// Every exported error matches exactly one kernel class and has a "safety." code; the table is
// complete (every exported Err var of the package is in it).
func TestErrors_EachHasOneClassAndACode(t *testing.T) {
	named := map[string]error{"ErrOutOfService": ErrOutOfService, "ErrWrongState": ErrWrongState, "ErrRepairRequired": ErrRepairRequired,
		"ErrWeakerInspection": ErrWeakerInspection, "ErrOwnCorrection": ErrOwnCorrection, "ErrActionsOpen": ErrActionsOpen, "ErrCodeTaken": ErrCodeTaken, "ErrNotFound": ErrNotFound}
	errs, _ := surfacetest.ExportedDecls(t, "Err")
	for _, n := range errs {
		if _, ok := named[n]; !ok {
			t.Errorf("exported %s is missing from the error table", n)
		}
	}
	for _, err := range errorTable() {
		classes := 0
		for _, c := range dealerkit.Classes() {
			if errors.Is(err, c) {
				classes++
			}
		}
		if classes != 1 {
			t.Errorf("%T %v matches %d classes", err, err, classes)
		}
		if c := dealerkit.CodeOf(err); !strings.HasPrefix(string(c), "safety.") {
			t.Errorf("%v: code %q", err, c)
		}
	}
	for _, err := range named {
		if !errors.Is(err, dealerkit.ClassOf(err)) || dealerkit.ClassOf(err) == nil {
			t.Errorf("%v has no class", err)
		}
	}
}

// Every enumeration value, error code, field reason and event type has a label in both languages.
func TestLabels_Complete(t *testing.T) {
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), Labels())
	if m := cat.Missing(LabelKeys()...); len(m) > 0 {
		t.Errorf("missing labels: %v", m)
	}
	for _, a := range []dealerkit.Action{dealerkit.ActionViewSafety, dealerkit.ActionInspectEquipment, dealerkit.ActionHoldDrill} {
		if _, ok := cat.Lookup(dealerkit.ActionKey(a)); !ok {
			t.Errorf("action %s has no label", a)
		}
	}
}

var snake = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// publicStructs is every exported struct type of the package, by name; the test checks the list
// is complete.
var publicStructs = map[string]any{
	"OutOfServiceError": OutOfServiceError{}, "StateError": StateError{}, "NotFoundError": NotFoundError{}, "Policy": Policy{}, "EquipmentPlan": EquipmentPlan{},
	"PeriodicPlan": PeriodicPlan{}, "StatutoryPlan": StatutoryPlan{}, "DrillRequirement": DrillRequirement{},
	"EquipmentInput": EquipmentInput{}, "Due": Due{}, "Failure": Failure{}, "Equipment": Equipment{}, "RepairInput": RepairInput{},
	"EquipmentSnapshot": EquipmentSnapshot{}, "ItemResult": ItemResult{}, "InspectionInput": InspectionInput{}, "Inspection": Inspection{},
	"InspectionSnapshot": InspectionSnapshot{}, "AreaCheckInput": AreaCheckInput{}, "FindingInput": FindingInput{}, "Finding": Finding{},
	"AreaCheck": AreaCheck{}, "VerifyInput": VerifyInput{}, "AreaCheckSnapshot": AreaCheckSnapshot{}, "IncidentInput": IncidentInput{},
	"InvestigationInput": InvestigationInput{}, "ActionInput": ActionInput{}, "Action": Action{}, "Incident": Incident{},
	"IncidentSnapshot": IncidentSnapshot{}, "DrillInput": DrillInput{}, "DrillFindingInput": DrillFindingInput{}, "DrillFinding": DrillFinding{},
	"Drill": Drill{}, "DrillSnapshot": DrillSnapshot{}, "EquipmentRegistered": EquipmentRegistered{}, "EquipmentInspected": EquipmentInspected{},
	"EquipmentRepaired": EquipmentRepaired{}, "EquipmentRetired": EquipmentRetired{}, "InspectionRecorded": InspectionRecorded{},
	"AreaChecked": AreaChecked{}, "FindingChange": FindingChange{}, "IncidentReported": IncidentReported{},
	"IncidentInvestigated": IncidentInvestigated{}, "ActionChange": ActionChange{}, "IncidentClosed": IncidentClosed{}, "DrillHeld": DrillHeld{},
	"EquipmentFilter": EquipmentFilter{}, "InspectionFilter": InspectionFilter{}, "AreaCheckFilter": AreaCheckFilter{},
	"IncidentFilter": IncidentFilter{}, "DrillFilter": DrillFilter{}, "Options": Options{}, "Service": Service{}, "DrillStatus": DrillStatus{},
	"Summary": Summary{}, "EquipmentLine": EquipmentLine{}, "InspectionLine": InspectionLine{}, "FindingCounts": FindingCounts{}, "IncidentCounts": IncidentCounts{},
}

// Not JSON types: the service and its options hold functions and interfaces.
var notJSON = map[string]bool{"Options": true, "Service": true}

// Every exported struct marshals to snake_case keys, zero and filled, and round-trips; an
// aggregate marshals to its snapshot, never "{}".
func TestJSON_SnakeCaseAndRoundTrip(t *testing.T) {
	for _, n := range surfacetest.ExportedStructs(t) {
		if _, ok := publicStructs[n]; !ok {
			t.Errorf("exported struct %s is missing from the JSON test", n)
		}
	}
	for name, v := range publicStructs {
		if notJSON[name] {
			continue
		}
		typ := reflect.TypeOf(v)
		for _, filled := range []bool{false, true} {
			ptr := reflect.New(typ)
			if filled {
				fill(ptr.Elem(), 0)
			}
			b, err := json.Marshal(ptr.Interface())
			if err != nil {
				t.Errorf("%s (filled %v): %v", name, filled, err)
				continue
			}
			var m any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			checkKeys(t, name, m)
			if strings.Contains(name, "Snapshot") || !hasUnexported(typ) {
				back := reflect.New(typ)
				if err := json.Unmarshal(b, back.Interface()); err != nil {
					t.Errorf("%s: round trip: %v", name, err)
					continue
				}
				again, _ := json.Marshal(back.Interface())
				if string(again) != string(b) {
					t.Errorf("%s: round trip changed\n%s\n%s", name, b, again)
				}
			}
		}
	}
	for _, agg := range []any{&Equipment{}, &Inspection{}, &AreaCheck{}, &Incident{}, &Drill{}} {
		b, _ := json.Marshal(agg)
		if string(b) == "{}" {
			t.Errorf("%T marshals to {}", agg)
		}
	}
}

func hasUnexported(t reflect.Type) bool {
	for i := range t.NumField() {
		if !t.Field(i).IsExported() {
			return true
		}
	}
	return false
}

func checkKeys(t *testing.T, name string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if !snake.MatchString(k) && !regexp.MustCompile(`^[0-9]+$`).MatchString(k) {
				t.Errorf("%s: key %q is not snake_case", name, k)
			}
			checkKeys(t, name, x)
		}
	case []any:
		for _, x := range v {
			checkKeys(t, name, x)
		}
	}
}

// fill sets every exported field of v to a non-zero value valid for its type.
func fill(v reflect.Value, depth int) {
	if depth > 4 {
		return
	}
	switch v.Interface().(type) {
	case time.Time:
		v.Set(reflect.ValueOf(time.Date(2025, 4, 1, 8, 0, 0, 123000, time.UTC)))
		return
	case uuid.UUID:
		v.Set(reflect.ValueOf(uuid.UUID{1, 2}))
		return
	case dealerkit.StaffID:
		v.Set(reflect.ValueOf(dealerkit.StaffID{3}))
		return
	case dealerkit.DealerID:
		v.Set(reflect.ValueOf(dealerkit.DealerID{4}))
		return
	case dealerkit.ActorRef:
		v.Set(reflect.ValueOf(dealerkit.ActorRef{Staff: dealerkit.StaffID{5}, Roles: []dealerkit.Role{dealerkit.RoleManager}}))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint8:
		v.SetUint(1) // the first value of every enumeration
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
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
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), depth+1)
		v.Set(p)
	}
}

// §9: the default policy is valid and survives a policy file round trip; a bad file is refused
// with every bad field named.
func TestPolicy_DefaultsParseAndBadFilesAreRefused(t *testing.T) {
	if err := DefaultPolicy().Validate(); err != nil {
		t.Fatal(err)
	}
	file, err := json.Marshal([]dealerkit.Version[Policy]{{Name: "2025", Effective: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Rules: DefaultPolicy()}})
	if err != nil {
		t.Fatal(err)
	}
	vs, err := ParsePolicy(file)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := vs.At(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	if !reflect.DeepEqual(got.Rules, DefaultPolicy()) {
		t.Error("the default policy changed through its file")
	}
	bad := DefaultPolicy()
	bad.Drills = append(bad.Drills, DrillRequirement{Name: "on_site", Every: -1})
	bad.Statutory.ByGrade[7] = 1
	bad.Areas[AreaPaintBooth] = []string{"a", "a"}
	p := bad.Equipment[TypeTwoPostLift]
	p.Periodic.Every = -1
	bad.Equipment[TypeTwoPostLift] = p
	var v *dealerkit.ValidationError
	if err := bad.Validate(); !errors.As(err, &v) || len(v.Fields) < 5 {
		t.Errorf("bad policy: %v", err)
	}
	if _, err := ParsePolicy([]byte(`[{"version":"x","effective":"2025-01-01T00:00:00Z","rules":{"equipmnt":{}}}]`)); !errors.Is(err, dealerkit.ErrInvalid) {
		t.Errorf("a misspelt rule: %v", err)
	}
}

// Every enumeration's zero value marshals to "" and back; unknown names are refused.
func TestEnums_TextForm(t *testing.T) {
	var k InspectionKind
	b, err := k.MarshalText()
	if err != nil || len(b) != 0 {
		t.Errorf("zero kind: %q %v", b, err)
	}
	if err := k.UnmarshalText([]byte("weekly")); !errors.Is(err, dealerkit.ErrInvalid) {
		t.Errorf("unknown kind: %v", err)
	}
	for _, c := range StatutoryClasses() {
		if got, err := ParseStatutoryClass(c.String()); err != nil || got != c {
			t.Errorf("%s: %v %v", c, got, err)
		}
	}
}
