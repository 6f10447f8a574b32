package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

// The OpenAPI document is the same for every env (it depends on the routes only), so it is
// parsed and its validator built once.
var (
	docOnce sync.Once
	docVal  validator.Validator
	docRaw  []byte
	docErr  []error
	docMu   sync.Mutex // the validator's response checks are not documented as concurrent-safe
)

// contract returns the validator of the handler's own document, fetched over HTTP.
func (e *env) contract() validator.Validator {
	e.t.Helper()
	docOnce.Do(func() {
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, httptest.NewRequest("GET", "/openapi.json", nil))
		docRaw = rec.Body.Bytes()
		doc, err := libopenapi.NewDocument(docRaw)
		if err != nil {
			docErr = []error{err}
			return
		}
		docVal, docErr = validator.NewValidator(doc)
	})
	if len(docErr) > 0 {
		e.t.Fatalf("OpenAPI document: %v", docErr)
	}
	return docVal
}

// checkResponse validates a recorded response against the document: its status is declared for
// the operation and its body fits the declared schema.
func (e *env) checkResponse(req *http.Request, r resp) {
	e.t.Helper()
	v := e.contract()
	if r.Status == 404 || r.Status == 405 {
		var p struct{ Code string }
		_ = json.Unmarshal(r.Body, &p)
		if p.Code == "httpapi.no_route" || p.Code == "httpapi.method_not_allowed" {
			return // a request the document has no operation for
		}
	}
	hr := &http.Response{StatusCode: r.Status, Header: r.Header, Body: io.NopCloser(bytes.NewReader(r.Body)), Request: req}
	docMu.Lock()
	ok, errs := v.ValidateHttpResponse(req, hr)
	docMu.Unlock()
	if !ok {
		var b strings.Builder
		for _, err := range errs {
			b.WriteString("\n  " + err.Error())
			for _, se := range err.SchemaValidationErrors {
				b.WriteString("\n    " + se.Reason + " at " + se.FieldPath + " (" + se.KeywordLocation + ")")
			}
		}
		e.t.Errorf("%s %s: response %d does not fit the OpenAPI document:%s\nbody: %.600s", req.Method, req.URL, r.Status, b.String(), r.Body)
	}
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	e := newMemoryEnv(t)
	e.contract()
	doc, err := libopenapi.NewDocument(docRaw)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("document: %v", e)
		}
	}
	if !bytes.Contains(docRaw, []byte(`"openapi": "3.1.0"`)) {
		t.Errorf("not an OpenAPI 3.1 document")
	}
}
