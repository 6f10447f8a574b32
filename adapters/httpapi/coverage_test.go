package httpapi_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit/adapters/httpapi"
)

// notRouted lists the exported service methods the API deliberately leaves out, with the reason.
// Each takes no actor: it is a host's scheduled job or a port one package calls on another, and
// serving it over HTTP would skip the §3 permission check every route makes.
var notRouted = map[string]string{
	"complaints.IntakeFromEvents": "the host's job: files complaints from survey events it streams; no actor",
	"complaints.IntakeFeed":       "the host's job: reads the event feed for intake; no actor",
	"complaints.Escalate":         "the host's timer: the escalation scan (§5.2) at a time it chooses; no actor",
	"complaints.Rules":            "configuration the host loads, not a use case; no actor",
	"parts.Policy":                "configuration the host loads, not a use case; no actor",
	"training.Policy":             "configuration the host loads, not a use case; no actor",
	"safety.Policy":               "configuration the host loads, not a use case; no actor",
	"training.Qualify":            "the port dispatch asks (aftersales.Qualifications); no actor",
	"safety.CheckUsable":          "the port dispatch asks (aftersales.EquipmentStatus); no actor",
	"appraisal.Recent":            "read by the policy lab and reports in-process; no actor",
	"appraisal.RecentGrades":      "read by the policy lab and reports in-process; no actor",
	"appraisal.Retraining":        "read by training in-process; no actor",
}

// TestEveryUseCaseHasARoute reflects over every Service's exported methods: each has a route
// named after it (Route.Op) or an entry in notRouted, never both, and every route names a method
// that exists.
func TestEveryUseCaseHasARoute(t *testing.T) {
	e := newMemoryEnv(t)
	routed := map[string]int{}
	for _, r := range e.h.Routes() {
		routed[r.Op]++
	}
	methods := map[string]bool{}
	sv := reflect.ValueOf(e.svc)
	for i := range sv.NumField() {
		f := sv.Field(i)
		if f.Type().Elem().Name() != "Service" {
			continue
		}
		pkg := f.Type().Elem().PkgPath()
		pkg = pkg[strings.LastIndex(pkg, "/")+1:]
		for j := range f.Type().NumMethod() {
			op := pkg + "." + f.Type().Method(j).Name
			methods[op] = true
			_, excluded := notRouted[op]
			switch {
			case routed[op] == 0 && !excluded:
				t.Errorf("%s has no route and is not listed in notRouted", op)
			case routed[op] > 0 && excluded:
				t.Errorf("%s has a route and is listed in notRouted", op)
			}
		}
	}
	if len(methods) < 150 {
		t.Fatalf("reflected only %d methods: the services were not all wired", len(methods))
	}
	for op, n := range routed {
		if !methods[op] && op != "dealerkit.Feed.Events" {
			t.Errorf("route %s names no service method", op)
		}
		if n > 1 {
			t.Errorf("%s has %d routes", op, n)
		}
	}
	for op := range notRouted {
		if !methods[op] {
			t.Errorf("notRouted lists %s, which is no service method", op)
		}
	}
	t.Logf("%d service methods, %d routes, %d deliberately not routed", len(methods), len(e.h.Routes()), len(notRouted))
}

var _ = httpapi.Route{}
