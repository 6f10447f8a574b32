package httpapi_test

import (
	"database/sql"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/httpapi"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/google/uuid"
)

// A store failure answers 500 with no detail for the client; Options.OnError hands the host the
// cause to log. A refusal of the caller's own making (404) is not reported.
func TestOnErrorReportsInternalErrorsOnly(t *testing.T) {
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(t.TempDir(), "onerror.db")))
	if err != nil {
		t.Fatal(err)
	}
	store := migrated(t, db, sqlstore.SQLite)
	now := func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }
	svc, err := httpapi.NewServices(store, now, dealerkit.SequentialIDs())
	if err != nil {
		t.Fatal(err)
	}
	manager, err := dealerkit.NewStaffActor(dealerA, dealerkit.StaffID(uuid.New()), dealerkit.RoleManager)
	if err != nil {
		t.Fatal(err)
	}
	var reported []error
	h, err := httpapi.New(svc, &httpapi.Options{
		Actor:   func(*http.Request) (dealerkit.Actor, error) { return manager, nil },
		Tx:      store,
		Now:     now,
		OnError: func(_ *http.Request, err error) { reported = append(reported, err) },
	})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w
	}

	if w := get("/v1/repair-orders/" + uuid.NewString()); w.Code != http.StatusNotFound {
		t.Fatalf("unknown order: status %d, want 404: %s", w.Code, w.Body)
	}
	if len(reported) != 0 {
		t.Fatalf("a 404 was reported to OnError: %v", reported)
	}

	db.Close() // every store call now fails with the driver's error, which has no kernel class
	w := get("/v1/repair-orders")
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("closed database: status %d, want 500: %s", w.Code, w.Body)
	}
	if strings.Contains(w.Body.String(), "closed") || !strings.Contains(w.Body.String(), "httpapi.internal") {
		t.Errorf("the client's problem must say httpapi.internal and not the cause: %s", w.Body)
	}
	if len(reported) != 1 || !strings.Contains(reported[0].Error(), "closed") {
		t.Fatalf("OnError got %v, want the one driver error naming the closed database", reported)
	}
}
