package board_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/httpapi/board"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/stretchr/testify/require"
)

func get(t *testing.T, url, as string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	if as != "" {
		req.Header.Set(authHeader, as)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// Every document route answers a whole HTML page in the asked language, through the services and
// their permission checks.
func TestDocumentRoutes(t *testing.T) {
	s := newServer(t)
	ro := s.URL + "/v1/repair-orders/"
	for _, c := range []struct {
		path, as, lang, want string
	}{
		{ro + s.settled.ID().String() + "/print/repair-order", "advisor", "zh", "托修单"},
		{ro + s.settled.ID().String() + "/print/estimate", "advisor", "en", "Estimate"},
		{ro + s.settled.ID().String() + "/print/settlement", "advisor", "en", s.settled.Statement().Total.Gross.StringFixed(2)},
		{ro + s.settled.ID().String() + "/print/settlement", "advisor", "zh", "维修结算单"},
		{ro + s.overdue.ID().String() + "/print/pick-list", "clerk", "en", "Parts pick list"},
		{s.URL + "/v1/purchase-orders/" + s.po.ID().String() + "/print", "clerk", "en", `id="po-total">937.00<`}, // 3 x 312.3333 = 936.9999, rounded at the line
	} {
		resp, body := get(t, c.path+"?lang="+c.lang, c.as)
		require.Equal(t, 200, resp.StatusCode, "%s: %s", c.path, body)
		require.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
		require.Contains(t, body, c.want, c.path)
		require.True(t, strings.HasSuffix(strings.TrimSpace(body), "</html>"), "a whole page")
	}
	// Accept-Language chooses when ?lang= is absent.
	_, body := get(t, ro+s.settled.ID().String()+"/print/settlement", "advisor", "Accept-Language", "zh-CN,zh;q=0.9")
	require.Contains(t, body, "维修结算单")
}

// Refused document requests are problems, never half a page: unknown document, order not
// settled, no such order, bad id, no actor.
func TestDocumentRoutesRefuse(t *testing.T) {
	s := newServer(t)
	ro := s.URL + "/v1/repair-orders/"
	for _, c := range []struct {
		path, as string
		status   int
		code     string
	}{
		{ro + s.settled.ID().String() + "/print/invoice", "advisor", 404, "httpapi.no_route"},
		{ro + s.overdue.ID().String() + "/print/settlement", "advisor", 404, "dealerkit.not_found"},
		{ro + "0d000000-0000-4000-8000-0000000000ff/print/estimate", "advisor", 404, "aftersales.order_not_found"},
		{ro + "not-a-uuid/print/estimate", "advisor", 400, "dealerkit.invalid_input"},
		{ro + s.settled.ID().String() + "/print/estimate", "", 401, "httpapi.unauthenticated"},
	} {
		resp, body := get(t, c.path, c.as)
		require.Equal(t, c.status, resp.StatusCode, "%s as %q: %s", c.path, c.as, body)
		require.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"), body)
		var p struct {
			Code string `json:"code"`
		}
		require.NoError(t, json.Unmarshal([]byte(body), &p))
		require.Equal(t, c.code, p.Code, "%s: %s", c.path, body)
	}
}

// The board page carries its configuration and every caption in the asked language; the API it
// reads answers the queries it sends (the open states as a list, open complaints).
func TestBoardPage(t *testing.T) {
	s := newServer(t)
	resp, body := get(t, s.URL+"/board?lang=zh", "")
	require.Equal(t, 200, resp.StatusCode)
	require.Contains(t, body, `"overdue":"超时作业"`)
	require.Contains(t, body, `"in_progress":"`+dealerkit.NewCatalogue(aftersales.Labels()).Text(dealerkit.Chinese, aftersales.StateInProgress.LabelKey())+`"`)
	require.Contains(t, body, `"auth_header":"`+authHeader+`"`)

	_, list := get(t, s.URL+"/v1/repair-orders?states=received,approved,in_progress,work_done,cleaned,ready,settled,accepted&limit=200", "manager")
	var page struct {
		Items []struct {
			Number string `json:"number"`
		} `json:"items"`
	}
	require.NoError(t, json.Unmarshal([]byte(list), &page), list)
	require.Len(t, page.Items, 3)
	_, overdue := get(t, s.URL+"/v1/repair-orders/overdue", "manager")
	require.Contains(t, overdue, s.overdue.Number())
	require.Contains(t, overdue, `"overdue":"1h30m0s"`)

	_, err := board.New(dealerkit.NewCatalogue(dealerkit.KernelLabels()), nil)
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	_, err = board.New(nil, nil)
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
}

// Once mounted, the document routes are in the OpenAPI document, answering text/html.
func TestDocumentRoutesInOpenAPI(t *testing.T) {
	s := newServer(t)
	_, body := get(t, s.URL+"/openapi.json", "manager")
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string                     `json:"operationId"`
			Responses   map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &doc))
	for _, p := range []string{"/v1/repair-orders/{id}/print/{doc}", "/v1/purchase-orders/{id}/print"} {
		op, ok := doc.Paths[p]["get"]
		require.True(t, ok, p)
		require.Contains(t, string(op.Responses["200"]), "text/html")
		require.Contains(t, string(op.Responses["404"]), "application/problem+json")
	}

	// The document stays valid OpenAPI 3.1 with them, and their answers fit it.
	oa, err := libopenapi.NewDocument([]byte(body))
	require.NoError(t, err)
	v, errs := validator.NewValidator(oa)
	require.Empty(t, errs)
	ok, verrs := v.ValidateDocument()
	require.True(t, ok, "%v", verrs)
	for _, c := range []struct{ path, as string }{
		{"/v1/repair-orders/" + s.settled.ID().String() + "/print/settlement?lang=zh", "advisor"},
		{"/v1/repair-orders/" + s.overdue.ID().String() + "/print/settlement", "advisor"}, // 404 problem
		{"/v1/purchase-orders/" + s.po.ID().String() + "/print", "clerk"},
	} {
		req, err := http.NewRequest("GET", s.URL+c.path, nil)
		require.NoError(t, err)
		req.Header.Set(authHeader, c.as)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		resp.Body = io.NopCloser(bytes.NewReader(b))
		reqOK, reqErrs := v.ValidateHttpRequest(req)
		require.True(t, reqOK, "%s: %v", c.path, reqErrs)
		respOK, respErrs := v.ValidateHttpResponse(req, resp)
		require.True(t, respOK, "%s: %d %v", c.path, resp.StatusCode, respErrs)
	}
}
