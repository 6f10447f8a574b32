package httpapi_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
)

// TestIfMatchRace: goroutines released together send one change with one ETag. On every store
// exactly one wins and every other gets 412 and changes nothing: the record's version moves by
// one and its event log gains one event. On PostgreSQL and MySQL (READ COMMITTED) this holds only
// because the If-Match check reads the record with a row lock held to the commit
// (sqlstore.LockingReads); without it several requests pass the check and apply one after the
// other. It runs over three kinds of versioned record: a repair order, a complaint and a part.
func TestIfMatchRace(t *testing.T) {
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			e := newEnv(t, st.open(t))
			var created struct {
				ID string `json:"id"`
			}
			e.must(201, "advisor", "POST", "/v1/repair-orders", e.reception("沪E1")).json(t, &created)
			order := created.ID
			e.must(201, "advisor", "POST", "/v1/complaints", map[string]any{
				"channel": "phone", "category": "service_attitude", "description": "Nobody called me back",
				"complainant": map[string]any{"name": "Li Wei", "phone": "13800000000"}}).json(t, &created)
			complaint := created.ID
			e.must(201, "manager", "POST", "/v1/parts", map[string]any{
				"number": "BP-100", "name": map[string]any{"zh": "刹车片", "en": "Brake pads"}, "unit": "piece",
				"category": "brakes", "list_price": "100", "bin": "A-01"}).json(t, &created)
			part := created.ID

			for _, c := range []struct {
				name, rec, as, method, path string
				body                        any
				status                      int
			}{
				{"repair order", "/v1/repair-orders/" + order, "advisor", "POST", "/v1/repair-orders/" + order + "/lines", map[string]any{
					"kind": "labour", "description": "Check", "quantity": "1", "unit_price": "10", "pay_type": "customer"}, 201},
				{"complaint", "/v1/complaints/" + complaint, "advisor", "POST", "/v1/complaints/" + complaint + "/contacts", map[string]any{
					"channel": "phone", "note": "Called again"}, 204},
				{"part", "/v1/parts/" + part, "manager", "PUT", "/v1/parts/" + part, map[string]any{
					"number": "BP-100", "name": map[string]any{"zh": "刹车片", "en": "Brake pads, front"}, "unit": "piece",
					"category": "brakes", "list_price": "120", "bin": "A-01"}, 204},
			} {
				t.Run(c.name, func(t *testing.T) {
					e.t = t
					rec := c.rec
					id := uuid.MustParse(rec[strings.LastIndex(rec, "/")+1:])
					before := e.must(200, "manager", "GET", rec, nil).Header.Get("ETag")
					eventsBefore := e.eventsOf(id)

					const n = 8
					var wg sync.WaitGroup
					start := make(chan struct{})
					statuses := make([]int, n)
					for i := range n {
						wg.Go(func() {
							<-start
							statuses[i] = e.do(c.as, c.method, c.path, c.body, "If-Match", before).Status
						})
					}
					close(start)
					wg.Wait()

					won := 0
					for _, s := range statuses {
						switch s {
						case c.status:
							won++
						case 412:
						default:
							t.Errorf("status %d, want %d or 412", s, c.status)
						}
					}
					if won != 1 {
						t.Errorf("%d of %d requests with ETag %s succeeded, want exactly 1 (statuses %v)", won, n, before, statuses)
					}
					after := e.must(200, "manager", "GET", rec, nil).Header.Get("ETag")
					if want := etagPlus(t, before, 1); after != want {
						t.Errorf("ETag %s after the race, want %s: one change applied", after, want)
					}
					if got := e.eventsOf(id) - eventsBefore; got != 1 {
						t.Errorf("%d events recorded for the record, want exactly 1", got)
					}
					t.Logf("statuses %v", statuses)
				})
			}
		})
	}
}

// eventsOf counts the events of the record id in dealer A's log.
func (e *env) eventsOf(id uuid.UUID) int {
	e.t.Helper()
	evs, err := e.store.Events(context.Background(), dealerA, 0, 100000)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, ev := range evs {
		if ev.AggregateID == id {
			n++
		}
	}
	return n
}

// etagPlus is the ETag of the version d after the one etag names.
func etagPlus(t *testing.T, etag string, d int64) string {
	t.Helper()
	var v int64
	for _, r := range strings.Trim(etag, `"`) {
		if r < '0' || r > '9' {
			t.Fatalf("ETag %s is not a version", etag)
		}
		v = v*10 + int64(r-'0')
	}
	return `"` + strconv.FormatInt(v+d, 10) + `"`
}
