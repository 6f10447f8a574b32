package httpapi_test

import (
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestContractEveryRoute drives every operation of the OpenAPI document against a handler holding
// a delivered repair order and a complaint, and checks (through env.do) that every response's
// status and body fit the document. A request no route serves, or a 500, fails the test; so does
// a route the document lacks or an operation the handler lacks.
func TestContractEveryRoute(t *testing.T) {
	e := newMemoryEnv(t)
	order := walkThrough(t, e)
	var complaint struct {
		ID string `json:"id"`
	}
	e.must(201, "advisor", "POST", "/v1/complaints", map[string]any{
		"channel": "phone", "category": "service_attitude", "description": "Nobody called me back",
		"complainant": map[string]any{"name": "Li Wei", "phone": "13800000000"}}).json(t, &complaint)
	if complaint.ID == "" {
		t.Fatal("no complaint id")
	}

	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	e.contract()
	if err := json.Unmarshal(docRaw, &doc); err != nil {
		t.Fatal(err)
	}
	inDoc := map[string]bool{}
	for path, item := range doc.Paths {
		for method := range item {
			inDoc[strings.ToUpper(method)+" "+path] = true
		}
	}
	inMux := map[string]bool{}
	for _, r := range e.h.Routes() {
		inMux[r.Method+" "+r.Path] = true
		if !inDoc[r.Method+" "+r.Path] {
			t.Errorf("route %s %s is not in the document", r.Method, r.Path)
		}
	}
	ops := make([]string, 0, len(inDoc))
	for op := range inDoc {
		if !inMux[op] {
			t.Errorf("document operation %s has no route", op)
		}
		ops = append(ops, op)
	}
	sort.Strings(ops)

	param := regexp.MustCompile(`\{([a-z]+)\}`)
	from, to := e.clock.Add(-30*24*time.Hour).Format(time.RFC3339), e.clock.Add(time.Hour).Format(time.RFC3339)
	statuses := map[int]int{}
	for _, op := range ops {
		method, path, _ := strings.Cut(op, " ")
		target := param.ReplaceAllStringFunc(path, func(m string) string {
			switch {
			case m == "{id}" && strings.HasPrefix(path, "/v1/repair-orders/"):
				return order
			case m == "{id}" && strings.HasPrefix(path, "/v1/complaints/"):
				return complaint.ID
			case m == "{id}" && (strings.HasPrefix(path, "/v1/members/") || strings.HasPrefix(path, "/v1/staff/")):
				return e.actors["tech"].Staff().String()
			case m == "{number}" || m == "{code}":
				return "NO-SUCH-1"
			}
			return uuid.NewString()
		})
		q := url.Values{}
		var opDoc struct {
			Parameters []struct {
				Name     string `json:"name"`
				In       string `json:"in"`
				Required bool   `json:"required"`
			} `json:"parameters"`
			RequestBody json.RawMessage `json:"requestBody"`
		}
		if err := json.Unmarshal(doc.Paths[path][strings.ToLower(method)], &opDoc); err != nil {
			t.Fatal(err)
		}
		for _, p := range opDoc.Parameters {
			if p.In == "query" && p.Required {
				switch p.Name {
				case "from":
					q.Set(p.Name, from)
				default:
					q.Set(p.Name, to)
				}
			}
		}
		if len(q) > 0 {
			target += "?" + q.Encode()
		}
		var body any
		if opDoc.RequestBody != nil {
			body = "{}"
		}
		r := e.do("manager", method, target, body)
		statuses[r.Status]++
		if r.Status >= 500 {
			t.Errorf("%s %s: %d %s", method, target, r.Status, r.Body)
		}
		if r.Status == 404 || r.Status == 405 {
			if p := r.problem(t); p.Code == "httpapi.no_route" || p.Code == "httpapi.method_not_allowed" {
				t.Errorf("%s %s: no route served it (%s)", method, target, p.Code)
			}
		}
	}
	if len(ops) < 150 {
		t.Errorf("only %d operations in the document", len(ops))
	}
	t.Logf("%d operations driven; statuses %v", len(ops), statuses)
}
