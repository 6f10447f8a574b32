package httpapi_test

import (
	"fmt"
	"testing"
	"time"
)

// walkThrough drives one repair order from reception to delivery over HTTP, as the README's curl
// walk-through does, and returns the order's id.
func walkThrough(t *testing.T, e *env) string {
	t.Helper()
	ts := func(d time.Duration) string { return e.clock.Add(d).Format(time.RFC3339) }
	tech := e.actors["tech"].Staff().String()
	e.must(201, "manager", "POST", "/v1/members", map[string]any{"staff": tech, "name": "Wang Qiang",
		"roles": []string{"technician"}, "hired_at": ts(-365 * 24 * time.Hour)})
	// Every shop-floor job needs valid workshop safety training (§8.4): the technician has it.
	e.must(201, "manager", "POST", "/v1/certificates", map[string]any{"staff": tech, "type": "safety.workshop",
		"external": true, "evidence": "induction record 2026-01", "issued_at": ts(-30 * 24 * time.Hour)})
	var order struct {
		ID string `json:"id"`
	}
	e.must(201, "advisor", "POST", "/v1/repair-orders", e.reception("沪A12345")).json(t, &order)
	ro := "/v1/repair-orders/" + order.ID
	var line struct {
		ID string `json:"id"`
	}
	e.must(201, "advisor", "POST", ro+"/lines", map[string]any{
		"kind": "labour", "description": "Replace front brake pads", "quantity": "1.5", "unit_price": "200.00",
		"discount": "0", "pay_type": "customer"}).json(t, &line)
	e.must(204, "advisor", "POST", ro+"/decision", map[string]any{"lines": []string{line.ID}, "approved": true, "channel": "signature"})
	e.clock = e.clock.Add(10 * time.Minute)
	e.must(204, "advisor", "POST", ro+"/dispatch", map[string]any{"line": line.ID, "technician": tech, "promised_at": ts(3 * time.Hour)})
	e.must(204, "tech", "POST", fmt.Sprintf("%s/lines/%s/clock-on", ro, line.ID), nil)
	e.clock = e.clock.Add(90 * time.Minute)
	e.must(204, "tech", "POST", fmt.Sprintf("%s/lines/%s/clock-off", ro, line.ID), nil)
	e.must(204, "tech", "POST", fmt.Sprintf("%s/lines/%s/complete", ro, line.ID), nil)
	e.must(204, "advisor", "POST", ro+"/finish-work", nil)
	e.must(204, "advisor", "POST", ro+"/cleaning", nil)
	e.must(204, "inspector", "POST", ro+"/inspection", map[string]any{"checklist": []map[string]any{{"item": "brakes", "ok": true}}})
	e.must(204, "advisor", "POST", ro+"/ready-notifications", map[string]any{"channel": "phone", "message": "Your car is ready"})
	var st struct {
		CustomerDue string `json:"customer_due"`
	}
	e.must(200, "advisor", "POST", ro+"/settlement", nil).json(t, &st)
	e.must(204, "advisor", "POST", ro+"/statement-response", map[string]any{"accepted": true})
	e.must(204, "advisor", "POST", ro+"/payments", map[string]any{"amount": "300.00", "method": "card"})
	e.must(204, "advisor", "POST", ro+"/delivery", nil)
	return order.ID
}

func TestWalkThroughMemory(t *testing.T) {
	e := newMemoryEnv(t)
	id := walkThrough(t, e)
	var o struct {
		State string `json:"state"`
	}
	e.must(200, "advisor", "GET", "/v1/repair-orders/"+id, nil).json(t, &o)
	if o.State != "delivered" {
		t.Fatalf("state %q after the walk-through, want delivered", o.State)
	}
}
