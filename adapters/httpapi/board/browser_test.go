package board_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dealerkit/dealerkit/internal/browsertest"
)

// Issue 15 item 6, §4.2.3: the board, loaded in a real browser, fills itself from the API and
// shows the seeded overdue job (in the overdue table and marked on its order's card), the open
// orders by state and the complaint queue; its screenshot has content.
func TestBrowserBoardShowsTheOverdueJob(t *testing.T) {
	s := newServer(t)
	b := browsertest.Start(t)
	p := b.Load(t, s.URL+"/board?as=manager&lang=en", &browsertest.LoadOptions{WaitText: "#overdue tbody", Contains: s.overdue.Number()})

	require.Equal(t, 1, p.Count("#overdue tbody tr.late"), "exactly the one overdue job")
	row := p.Text("#overdue tbody tr.late")
	require.Contains(t, row, "RO-20260302-002")
	require.Contains(t, row, "沪B 77777")
	require.Contains(t, row, "1h 30m", "promised 10:30, now 12:00")
	require.Equal(t, 1, p.Count(`.column[data-state="in_progress"] .card.overdue[data-order="`+s.overdue.ID().String()+`"]`))
	require.Equal(t, 0, p.Count(`.card.overdue[data-order="`+s.settled.ID().String()+`"]`), "the settled order is not overdue")
	require.Contains(t, p.Text(`.column[data-state="settled"]`), s.settled.Number())
	require.Contains(t, p.Text(`.column[data-state="approved"]`), "RO-20260302-003")
	require.Contains(t, p.Text("#complaints tbody"), "Nobody called me back about the delay")
	require.Contains(t, p.Text("#overdue-title"), "Overdue jobs")

	browsertest.RequireNonBlank(t, p.Screenshot(), 0.01)
}

// The same board in Chinese: captions and state labels come from the catalogue.
func TestBrowserBoardInChinese(t *testing.T) {
	s := newServer(t)
	b := browsertest.Start(t)
	p := b.Load(t, s.URL+"/board?as=manager&lang=zh", &browsertest.LoadOptions{WaitText: "#overdue tbody", Contains: s.overdue.Number()})
	require.Equal(t, "超时作业", p.Text("#overdue-title"))
	require.Equal(t, "投诉处理队列", p.Text("#complaints-title"))
	require.Contains(t, p.Text(`.column[data-state="in_progress"] h3`), "维修中")
}

// Issue 15 item 6, §4.5.2: the settlement statement, printed by the browser to PDF, shows the
// library's total. Checked twice: in the page's DOM just before printing (the figures the PDF is
// printed from), and in the PDF itself, whose text is extracted (browsertest.PDFText) and must
// hold the grand total and the customer's due; the PDF must be a whole A4 document.
func TestBrowserSettlementPrintsToPDFWithTheTotal(t *testing.T) {
	s := newServer(t)
	st := s.settled.Statement()
	require.NotNil(t, st)
	total, due := st.Total.Gross.StringFixed(2), st.CustomerDue.StringFixed(2)
	require.NotEqual(t, total, due, "the fixture has a warranty line, so the two figures differ")

	b := browsertest.Start(t)
	p := b.Load(t, s.URL+"/v1/repair-orders/"+s.settled.ID().String()+"/print/settlement?lang=en&as=advisor",
		&browsertest.LoadOptions{WaitVisible: "#grand-total"})
	require.Equal(t, total, p.Text("#grand-total"))
	require.Equal(t, due, p.Text("#customer-due"))
	require.Equal(t, 2, p.Count("#labour tbody tr"))
	require.Equal(t, 1, p.Count("#parts tbody tr"))

	pdf := p.PDF()
	require.Equal(t, 1, browsertest.RequirePDF(t, pdf))
	text, err := browsertest.PDFText(pdf)
	require.NoError(t, err)
	require.Contains(t, text, "Settlement statement")
	require.Contains(t, text, "Grand total")
	require.Contains(t, text, total)
	require.Contains(t, text, "Customer pays: "+due)
	require.Contains(t, text, s.settled.Number())
	require.False(t, strings.Contains(text, "print."), "no raw label key in the PDF")
}

// The board's check fails when the content is missing: at 10:00, before the job's promise, the
// same seed has no overdue job, and the board says so.
func TestBrowserBoardBeforeThePromiseShowsNoOverdueJob(t *testing.T) {
	s := newServer(t)
	s.clock.set(s.clock.Now().Add(-2 * time.Hour)) // 10:00, promised 10:30
	b := browsertest.Start(t)
	p := b.Load(t, s.URL+"/board?as=manager&lang=en", &browsertest.LoadOptions{WaitText: "#overdue tbody", Contains: "None"})
	require.Equal(t, 0, p.Count("#overdue tbody tr.late"))
	require.NotContains(t, p.Text("#overdue"), s.overdue.Number())
	require.Equal(t, 0, p.Count(".card.overdue"))
}
