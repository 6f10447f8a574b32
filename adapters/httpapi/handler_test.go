package httpapi_test

import (
	"testing"
)

func TestOpenListGet(t *testing.T) {
	e := newMemoryEnv(t)
	r := e.must(201, "advisor", "POST", "/v1/repair-orders", e.reception("沪A12345"))
	var order struct {
		ID    string `json:"id"`
		State string `json:"state"`
	}
	r.json(t, &order)
	if order.ID == "" {
		t.Fatalf("no id in %s", r.Body)
	}
	g := e.must(200, "advisor", "GET", "/v1/repair-orders/"+order.ID, nil)
	if g.Header.Get("ETag") == "" {
		t.Fatalf("no ETag")
	}
	l := e.must(200, "advisor", "GET", "/v1/repair-orders?plate=沪A12345", nil)
	t.Logf("%s", l.Body)
	t.Logf("%s", g.Body)
}
