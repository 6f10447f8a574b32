package httpapi_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/httpapi"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/google/uuid"
)

// A host builds the services over its store, passes its own authentication as Options.Actor and
// serves the handler. Errors come back as problems labelled in the client's language.
func Example() {
	store := memory.New()
	now := func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }
	svc, err := httpapi.NewServices(store, now, dealerkit.SequentialIDs())
	if err != nil {
		panic(err)
	}
	dealer := dealerkit.DealerID(uuid.MustParse("0d000000-0000-4000-8000-000000000001"))
	advisor, _ := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.MustParse("5a000000-0000-4000-8000-000000000001")), dealerkit.RoleServiceAdvisor)
	h, err := httpapi.New(svc, &httpapi.Options{
		// The host's sign-in; here a fixed bearer token stands for it.
		Actor: func(r *http.Request) (dealerkit.Actor, error) {
			if r.Header.Get("Authorization") != "Bearer advisor-token" {
				return dealerkit.Actor{}, errors.New("bad token")
			}
			return advisor, nil
		},
		Tx:  store,
		Now: now,
	})
	if err != nil {
		panic(err)
	}

	req := httptest.NewRequest("POST", "/v1/repair-orders", strings.NewReader(`{"plate": "沪A·12345"}`))
	req.Header.Set("Authorization", "Bearer advisor-token")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "zh-CN")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Println(strings.Contains(rec.Body.String(), `"title":"输入无效"`))

	req = httptest.NewRequest("GET", "/v1/repair-orders", nil)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	// Output:
	// 400 application/problem+json
	// true
	// 401
}
