package httpapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/httpapi"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/google/uuid"
)

// env is a handler over a store with a fixed clock and a set of staff, addressed by the test
// header X-Test-Staff (the tests' stand-in for the host's authentication).
type env struct {
	t            *testing.T
	store        httpapi.Store
	svc          httpapi.Services
	h            *httpapi.Handler
	clock        time.Time
	dealer       dealerkit.DealerID
	actors       map[string]dealerkit.Actor
	defaultActor string
}

var (
	dealerA = dealerkit.DealerID(uuid.MustParse("0d000000-0000-4000-8000-00000000000a"))
	dealerB = dealerkit.DealerID(uuid.MustParse("0d000000-0000-4000-8000-00000000000b"))
)

func newEnv(t *testing.T, store httpapi.Store) *env {
	t.Helper()
	e := &env{t: t, store: store, clock: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), dealer: dealerA,
		actors: map[string]dealerkit.Actor{}, defaultActor: "manager"}
	svc, err := httpapi.NewServices(store, func() time.Time { return e.clock }, dealerkit.SequentialIDs())
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	n := 0
	for _, d := range []struct {
		dealer dealerkit.DealerID
		suffix string
	}{{dealerA, ""}, {dealerB, "-b"}} {
		for name, role := range map[string]dealerkit.Role{
			"manager": dealerkit.RoleManager, "advisor": dealerkit.RoleServiceAdvisor,
			"tech": dealerkit.RoleTechnician, "inspector": dealerkit.RoleQualityInspector,
			"clerk": dealerkit.RolePartsClerk,
		} {
			n++
			staff := dealerkit.StaffID(uuid.NewSHA1(uuid.UUID(d.dealer), []byte(name)))
			a, err := dealerkit.NewStaffActor(d.dealer, staff, role)
			if err != nil {
				t.Fatal(err)
			}
			e.actors[name+d.suffix] = a
		}
	}
	e.h, err = httpapi.New(svc, &httpapi.Options{
		Actor: func(r *http.Request) (dealerkit.Actor, error) {
			a, ok := e.actors[r.Header.Get("X-Test-Staff")]
			if !ok {
				return dealerkit.Actor{}, errors.New("unknown staff")
			}
			return a, nil
		},
		Tx:  store,
		Now: func() time.Time { return e.clock },
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func newMemoryEnv(t *testing.T) *env { return newEnv(t, memory.New()) }

// resp is a recorded response.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r resp) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

func (r resp) problem(t *testing.T) httpapi.Problem {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type %q, want application/problem+json; body %s", ct, r.Body)
	}
	var p httpapi.Problem
	r.json(t, &p)
	return p
}

// do sends a request as staff (the env's default when as is ""), body marshalled to JSON
// unless it is []byte or a string (sent as is), with extra headers in pairs.
func (e *env) do(as, method, path string, body any, hdr ...string) resp {
	e.t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		rd, ct = bytes.NewReader(b), "application/json"
	case string:
		rd, ct = bytes.NewReader([]byte(b)), "application/json"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd, ct = bytes.NewReader(j), "application/json"
	}
	req := httptest.NewRequest(method, path, rd)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if as == "" {
		as = e.defaultActor
	}
	req.Header.Set("X-Test-Staff", as)
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return resp{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// must sends a request and fails the test unless it answers want.
func (e *env) must(want int, as, method, path string, body any, hdr ...string) resp {
	e.t.Helper()
	r := e.do(as, method, path, body, hdr...)
	if r.Status != want {
		e.t.Fatalf("%s %s as %s: status %d, want %d; body %s", method, path, as, r.Status, want, r.Body)
	}
	return r
}

// reception is a valid ReceptionInput as JSON.
func (e *env) reception(plate string) map[string]any {
	return map[string]any{
		"arrived_at": e.clock.Format(time.RFC3339), "greeted_at": e.clock.Add(time.Minute).Format(time.RFC3339),
		"vin": "1M8GDM9AXKP042788", "plate": plate, "model": "Sagitar", "mileage_km": 42000, "fuel_percent": 50,
		"walk_around_done": true, "concerns": []map[string]any{{"text": "brakes squeal"}},
		"visit": "waiting", "customer": map[string]any{"name": "Li Wei", "phone": "13800000000"},
	}
}
