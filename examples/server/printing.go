package main

import (
	"net/http"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/httpapi"
	"github.com/dealerkit/dealerkit/adapters/httpapi/board"
	"github.com/dealerkit/dealerkit/adapters/printing"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
)

// mountPrinting adds the printable documents (GET /v1/repair-orders/{id}/print/{doc},
// GET /v1/purchase-orders/{id}/print) and the workshop board (GET /board?as=manager&lang=zh).
func (a *app) mountPrinting(mux *http.ServeMux) error {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		shanghai = time.FixedZone("UTC+8", 8*3600)
	}
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), aftersales.Labels(), parts.Labels(), complaints.Labels(),
		printing.Labels(), board.Labels())
	names := func(id dealerkit.StaffID) string {
		for _, s := range a.staff {
			if s.Actor.Staff() == id {
				return s.Name
			}
		}
		return ""
	}
	r, err := printing.NewRenderer(cat, &printing.Options{Dealer: printing.Dealer{Name: "dealerkit demo dealer"},
		Location: shanghai, StaffName: names})
	if err != nil {
		return err
	}
	if err := a.api.MountDocuments(r); err != nil {
		return err
	}
	b, err := board.New(cat, &board.Options{AuthHeader: "X-Demo-Staff", TimeZone: "Asia/Shanghai", Title: "dealerkit demo"})
	if err != nil {
		return err
	}
	mux.Handle("GET /board", b)
	// DEMO: a printed document opened from the board's link carries the demo staff in ?as=, as a
	// browser cannot add a header to a link; copy it into X-Demo-Staff for the print routes only.
	mux.Handle("GET /v1/{kind}/{id}/print/", demoPrintAuth(a.api))
	mux.Handle("GET /v1/{kind}/{id}/print", demoPrintAuth(a.api))
	return nil
}

func demoPrintAuth(api *httpapi.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if as := r.URL.Query().Get("as"); as != "" && r.Header.Get("X-Demo-Staff") == "" && strings.Contains(r.URL.Path, "/print") {
			r = r.Clone(r.Context())
			r.Header.Set("X-Demo-Staff", as)
		}
		api.ServeHTTP(w, r)
	})
}
