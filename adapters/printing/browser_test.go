package printing_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/internal/browsertest"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// The print CSS in a real browser: a long estimate runs over several A4 pages, each page repeats
// the table's header row, and the totals and the signatures print once, whole, at the end.
func TestBrowserLongEstimateBreaksAcrossPages(t *testing.T) {
	f := newFixture(t)
	r := renderer(t, f)
	lines := make([]aftersales.Line, 90)
	for i := range lines {
		lines[i] = aftersales.Line{ID: uuid.New(), Kind: aftersales.LineLabour, Description: fmt.Sprintf("Operation %02d", i+1),
			Operation: fmt.Sprintf("OP-%02d", i+1), Quantity: dec("0.5"), UnitPrice: dec("260.00"), Discount: dec("0"),
			PayType: aftersales.PayCustomer, Status: aftersales.LineApproved}
	}
	quote := aftersales.BuildStatement(lines, dealerkit.DefaultTax(), dealerkit.DefaultRounding())
	var page bytes.Buffer
	require.NoError(t, r.Estimate(&page, dealerkit.English, f.estimate, quote))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page.Bytes())
	}))
	t.Cleanup(srv.Close)

	b := browsertest.Start(t)
	p := b.Load(t, srv.URL, &browsertest.LoadOptions{WaitVisible: "#grand-total", Timeout: time.Minute})
	require.Equal(t, 90, p.Count("#labour tbody tr"))
	pdf := p.PDF()
	pages := browsertest.RequirePDF(t, pdf)
	require.GreaterOrEqual(t, pages, 3, "90 lines do not fit on two A4 pages")
	text, err := browsertest.PDFText(pdf)
	require.NoError(t, err)
	// The labour table's header row starts every page the table runs over.
	require.GreaterOrEqual(t, strings.Count(text, "Description Code / part no. Qty / hours"), pages-1)
	for i := 1; i <= 90; i++ {
		require.Equal(t, 1, strings.Count(text, fmt.Sprintf("Operation %02d OP-%02d", i, i)), "line %d printed once, unsplit", i)
	}
	require.Equal(t, 1, strings.Count(text, "Grand total"))
	require.Contains(t, text, "Grand total "+quote.Total.Net.StringFixed(2)+" "+quote.Total.Tax.StringFixed(2)+" "+quote.Total.Gross.StringFixed(2))
	require.Equal(t, 1, strings.Count(text, "Customer's signature Service advisor's signature Date"))
}
