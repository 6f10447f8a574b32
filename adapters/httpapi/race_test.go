package httpapi_test

import (
	"sync"
	"testing"
)

// TestIfMatchRace: goroutines send the same change with the same ETag at once. On memory and
// SQLite, whose transactions serialise writers, exactly one wins and every other gets 412; on
// PostgreSQL the check and the change share a READ COMMITTED transaction, so more than one may
// pass the check, but the service's own optimistic version check still loses no update: the
// order ends with exactly one line per 201.
func TestIfMatchRace(t *testing.T) {
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			e := newEnv(t, st.open(t))
			var order struct {
				ID string `json:"id"`
			}
			e.must(201, "advisor", "POST", "/v1/repair-orders", e.reception("沪E1")).json(t, &order)
			ro := "/v1/repair-orders/" + order.ID
			etag := e.must(200, "advisor", "GET", ro, nil).Header.Get("ETag")
			line := map[string]any{"kind": "labour", "description": "Check", "quantity": "1", "unit_price": "10", "pay_type": "customer"}
			const n = 8
			var wg sync.WaitGroup
			statuses := make([]int, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					statuses[i] = e.do("advisor", "POST", ro+"/lines", line, "If-Match", etag).Status
				}()
			}
			wg.Wait()
			won := 0
			for _, s := range statuses {
				switch s {
				case 201:
					won++
				case 412, 409:
				default:
					t.Errorf("status %d, want 201, 412 or 409", s)
				}
			}
			var o struct {
				Lines []any `json:"lines"`
			}
			e.must(200, "advisor", "GET", ro, nil).json(t, &o)
			if len(o.Lines) != won {
				t.Errorf("%d lines after %d successful changes: an update was lost or half-applied", len(o.Lines), won)
			}
			if st.name != "postgres" && won != 1 {
				t.Errorf("%d of %d requests with one ETag won, want exactly 1 (statuses %v)", won, n, statuses)
			}
			if won < 1 {
				t.Errorf("no request won (statuses %v)", statuses)
			}
			t.Logf("%s: statuses %v", st.name, statuses)
		})
	}
}
