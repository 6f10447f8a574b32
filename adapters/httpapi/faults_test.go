package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/httpapi"
)

// snapshot is everything a fault could have changed: both dealers' event logs (every change
// records an event in its transaction, so an unchanged log means nothing committed) and the
// JSON of the records the faults aim at.
func (e *env) snapshot(records ...string) string {
	e.t.Helper()
	var b strings.Builder
	for _, d := range []dealerkit.DealerID{dealerA, dealerB} {
		evs, err := e.store.Events(context.Background(), d, 0, 100000)
		if err != nil {
			e.t.Fatal(err)
		}
		j, _ := json.Marshal(evs)
		fmt.Fprintf(&b, "%s: %d events %s\n", d, len(evs), j)
	}
	for _, path := range records {
		r := e.must(200, "manager", "GET", path, nil)
		fmt.Fprintf(&b, "%s %s %s\n", path, r.Header.Get("ETag"), r.Body)
	}
	return b.String()
}

// TestFaultsChangeNothing (item 7): requests with bad JSON, unknown fields (a dealer or role
// among them), trailing data, bodies over the limit, wrong content types, other dealers' ids,
// no authentication and stale If-Match each get a problem with the documented status and code,
// and leave the store as it was, on memory, SQLite and PostgreSQL.
func TestFaultsChangeNothing(t *testing.T) {
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			e := newEnv(t, st.open(t))
			var order struct {
				ID string `json:"id"`
			}
			e.must(201, "advisor", "POST", "/v1/repair-orders", e.reception("沪B00001")).json(t, &order)
			ro := "/v1/repair-orders/" + order.ID
			line := `{"kind":"labour","description":"Oil change","quantity":"1","unit_price":"100.00","discount":"0","pay_type":"customer"}`
			etag := e.must(200, "advisor", "GET", ro, nil).Header.Get("ETag")
			before := e.snapshot(ro)

			huge := `{"kind":"labour","description":"` + strings.Repeat("x", httpapi.DefaultMaxBody) + `"}`
			other := dealerB.String()
			cases := []struct {
				name, as, method, path string
				body                   any
				hdr                    []string
				status                 int
				code                   dealerkit.Code
			}{
				{"bad JSON", "advisor", "POST", ro + "/lines", `{"kind":"labour",`, nil, 400, "httpapi.bad_json"},
				{"not an object", "advisor", "POST", ro + "/lines", `[1,2]`, nil, 400, "httpapi.bad_json"},
				{"wrong type", "advisor", "POST", ro + "/lines", `{"kind":"labour","description":5}`, nil, 400, "httpapi.bad_json"},
				{"trailing data", "advisor", "POST", ro + "/lines", line + ` {}`, nil, 400, "httpapi.bad_json"},
				{"unknown field", "advisor", "POST", ro + "/lines", strings.Replace(line, `{`, `{"colour":"red",`, 1), nil, 400, "httpapi.bad_json"},
				{"dealer in body", "advisor", "POST", ro + "/lines", strings.Replace(line, `{`, `{"dealer":"`+other+`",`, 1), nil, 400, "httpapi.bad_json"},
				{"role in body", "tech", "POST", ro + "/decision", `{"lines":[],"approved":true,"channel":"phone","roles":["manager"]}`, nil, 400, "httpapi.bad_json"},
				{"huge body", "advisor", "POST", ro + "/lines", huge, nil, 413, "httpapi.body_too_large"},
				{"text/plain", "advisor", "POST", ro + "/lines", line, []string{"Content-Type", "text/plain"}, 415, "httpapi.unsupported_media_type"},
				{"form", "advisor", "POST", ro + "/lines", line, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "httpapi.unsupported_media_type"},
				{"no content type", "advisor", "POST", ro + "/lines", line, []string{"Content-Type", ""}, 415, "httpapi.unsupported_media_type"},
				{"other dealer adds a line", "advisor-b", "POST", ro + "/lines", line, nil, 404, "aftersales.order_not_found"},
				{"other dealer cancels", "manager-b", "POST", ro + "/cancel", `{"reason":"mine now"}`, nil, 404, "aftersales.order_not_found"},
				{"other dealer reads", "manager-b", "GET", ro, nil, nil, 404, "aftersales.order_not_found"},
				{"other dealer's list", "manager-b", "GET", "/v1/repair-orders?plate=沪B00001", nil, nil, 200, ""},
				{"unauthenticated", "nobody", "POST", ro + "/lines", line, nil, 401, "httpapi.unauthenticated"},
				{"forbidden role", "tech", "POST", ro + "/cancel", `{"reason":"no"}`, nil, 403, "dealerkit.forbidden"},
				{"stale If-Match", "advisor", "POST", ro + "/lines", line, []string{"If-Match", `"999"`}, 412, "httpapi.precondition_failed"},
				{"bad id", "advisor", "POST", "/v1/repair-orders/not-a-uuid/lines", line, nil, 400, "dealerkit.invalid_input"},
				{"unknown query parameter", "advisor", "GET", "/v1/repair-orders?dealer=" + other, nil, nil, 400, "dealerkit.invalid_input"},
				{"no route", "advisor", "GET", "/v1/nowhere", nil, nil, 404, "httpapi.no_route"},
				{"wrong method", "advisor", "PATCH", ro, line, nil, 405, "httpapi.method_not_allowed"},
			}
			for _, c := range cases {
				r := e.do(c.as, c.method, c.path, c.body, c.hdr...)
				if r.Status != c.status {
					t.Errorf("%s: status %d, want %d; body %.300s", c.name, r.Status, c.status, r.Body)
					continue
				}
				if c.code == "" {
					var page struct {
						Items []json.RawMessage `json:"items"`
					}
					r.json(t, &page)
					if len(page.Items) != 0 {
						t.Errorf("%s: another dealer's list shows %d of dealer A's orders", c.name, len(page.Items))
					}
					continue
				}
				if p := r.problem(t); p.Code != c.code || p.Status != c.status || p.Type != httpapi.ProblemType+string(c.code) || p.Title == "" {
					t.Errorf("%s: problem %+v, want code %s", c.name, p, c.code)
				}
			}
			if after := e.snapshot(ro); after != before {
				t.Errorf("faults changed the store:\nbefore %.2000s\nafter  %.2000s", before, after)
			}
			// The same line with the right ETag is accepted: the faults above failed for their
			// fault, not for the line.
			e.must(201, "advisor", "POST", ro+"/lines", line, "If-Match", etag)
			if after := e.snapshot(ro); after == before {
				t.Errorf("a valid change left the snapshot as it was: the snapshot cannot see changes")
			}
		})
	}
}

// TestProblemLanguage: the problem's title follows Accept-Language (§ labels in zh and en) and
// field errors carry labelled reasons.
func TestProblemLanguage(t *testing.T) {
	e := newMemoryEnv(t)
	in := e.reception("")
	for _, c := range []struct {
		accept, lang, title string
	}{
		{"zh-CN,zh;q=0.9,en;q=0.8", "zh-CN", "输入无效"},
		{"en-GB,en;q=0.9", "en", "Invalid input"},
		{"fr-FR, zh;q=0.5", "zh-CN", "输入无效"},
		{"", "en", "Invalid input"},
	} {
		r := e.must(400, "advisor", "POST", "/v1/repair-orders", in, "Accept-Language", c.accept)
		p := r.problem(t)
		if r.Header.Get("Content-Language") != c.lang || p.Title != c.title {
			t.Errorf("Accept-Language %q: %s %q, want %s %q", c.accept, r.Header.Get("Content-Language"), p.Title, c.lang, c.title)
		}
		if len(p.Errors) == 0 || p.Errors[0].Field != "plate" || p.Errors[0].Code != dealerkit.ReasonRequired || p.Errors[0].Label == "" {
			t.Errorf("field errors %+v, want plate required", p.Errors)
		}
	}
}

// TestIfMatch: a change with the current ETag goes through and moves the ETag on; the old ETag
// is then refused with 412 and changes nothing; without a transaction If-Match is 428.
func TestIfMatch(t *testing.T) {
	e := newMemoryEnv(t)
	var order struct {
		ID string `json:"id"`
	}
	e.must(201, "advisor", "POST", "/v1/repair-orders", e.reception("沪C1")).json(t, &order)
	ro := "/v1/repair-orders/" + order.ID
	line := map[string]any{"kind": "labour", "description": "Wash", "quantity": "1", "unit_price": "10", "pay_type": "customer"}
	v1 := e.must(200, "advisor", "GET", ro, nil).Header.Get("ETag")
	e.must(201, "advisor", "POST", ro+"/lines", line, "If-Match", v1)
	v2 := e.must(200, "advisor", "GET", ro, nil).Header.Get("ETag")
	if v2 == v1 || v1 != `"1"` || v2 != `"2"` {
		t.Fatalf("ETags %s then %s, want \"1\" then \"2\"", v1, v2)
	}
	before := e.snapshot(ro)
	e.must(412, "advisor", "POST", ro+"/lines", line, "If-Match", v1)
	if e.snapshot(ro) != before {
		t.Fatal("a stale If-Match changed the order")
	}
	e.must(201, "advisor", "POST", ro+"/lines", line, "If-Match", "*")

	e.h, _ = httpapi.New(e.svc, &httpapi.Options{Actor: func(r *http.Request) (dealerkit.Actor, error) { return e.actors["advisor"], nil }})
	e.must(428, "advisor", "POST", ro+"/lines", line, "If-Match", `"3"`)
}

// TestIdempotencyKey: a complaint recorded twice under one Idempotency-Key is one complaint; the
// key with another request is a conflict; a body key differing from the header is refused.
func TestIdempotencyKey(t *testing.T) {
	e := newMemoryEnv(t)
	in := map[string]any{"channel": "phone", "category": "service_attitude", "description": "Rude on the phone",
		"complainant": map[string]any{"name": "Zhao Min", "phone": "13900000000"}}
	var a, b struct {
		ID string `json:"id"`
	}
	e.must(201, "advisor", "POST", "/v1/complaints", in, "Idempotency-Key", "req-1").json(t, &a)
	e.must(201, "advisor", "POST", "/v1/complaints", in, "Idempotency-Key", "req-1").json(t, &b)
	if a.ID == "" || a.ID != b.ID {
		t.Fatalf("two intakes under one key gave %q and %q", a.ID, b.ID)
	}
	in["description"] = "Something else"
	e.must(409, "advisor", "POST", "/v1/complaints", in, "Idempotency-Key", "req-1")
	in["key"] = "req-2"
	e.must(400, "advisor", "POST", "/v1/complaints", in, "Idempotency-Key", "req-3")
	var page struct {
		Items []json.RawMessage `json:"items"`
	}
	e.must(200, "manager", "GET", "/v1/complaints", nil).json(t, &page)
	if len(page.Items) != 1 {
		t.Fatalf("%d complaints, want 1", len(page.Items))
	}
}

// TestPaging: lists page with the library's cursor, given in the body and in a Link header.
func TestPaging(t *testing.T) {
	e := newMemoryEnv(t)
	for i := range 3 {
		e.must(201, "advisor", "POST", "/v1/repair-orders", e.reception(fmt.Sprintf("沪D%d", i)))
		e.clock = e.clock.Add(time.Minute)
	}
	var seen []string
	next := "/v1/repair-orders?limit=2"
	for next != "" {
		r := e.must(200, "advisor", "GET", next, nil)
		var page struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
			Next string `json:"next"`
		}
		r.json(t, &page)
		for _, it := range page.Items {
			seen = append(seen, it.ID)
		}
		link := r.Header.Get("Link")
		if (page.Next == "") != (link == "") {
			t.Fatalf("next %q but Link %q", page.Next, link)
		}
		next = ""
		if link != "" {
			next = strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`)
			if !strings.Contains(next, "cursor=") || !strings.Contains(next, "limit=2") {
				t.Fatalf("Link %q lacks the cursor or the limit", link)
			}
		}
	}
	if len(seen) != 3 || seen[0] == seen[2] {
		t.Fatalf("paged through %v, want the 3 orders once each", seen)
	}
	e.must(400, "advisor", "GET", "/v1/repair-orders?cursor=garbage", nil)
	e.must(200, "advisor", "GET", "/v1/repair-orders?states=received&states=approved", nil)
	e.must(400, "advisor", "GET", "/v1/repair-orders?states=flying", nil)
}
