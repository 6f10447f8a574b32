package main

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit/internal/browsertest"
)

// The demo serves the board and the documents: the board shows the seeded overdue job in a real
// browser, and the overdue order's repair order prints, reached as a link with ?as=.
func TestDemoBoardAndDocuments(t *testing.T) {
	a, srv, _ := newTestServer(t)
	resp, err := http.Get(srv.URL + "/v1/repair-orders/" + a.seeded.Overdue.String() + "/print/repair-order?lang=zh&as=" + url.QueryEscape(manager))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "托修单") {
		t.Fatalf("print: %d %s", resp.StatusCode, b)
	}
	br := browsertest.Start(t)
	p := br.Load(t, srv.URL+"/board?lang=en&as="+url.QueryEscape(manager), &browsertest.LoadOptions{WaitVisible: "#overdue tbody tr.late"})
	if n := p.Count(`#overdue tbody tr.late[data-order="` + a.seeded.Overdue.String() + `"]`); n != 1 {
		t.Fatalf("the board shows %d rows of the seeded overdue job, want 1: %s", n, p.Text("main"))
	}
	browsertest.RequireNonBlank(t, p.Screenshot(), 0.01)
}
