package browsertest_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dealerkit/dealerkit/internal/browsertest"
)

const samplePage = `<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<style>@page { size: A4; margin: 12mm } body { font: 14px sans-serif }</style></head>
<body><h1 id="title">Settlement statement</h1>
<table><tr class="line"><td>Brake pads</td><td>208.00</td></tr><tr class="line"><td>Oil</td><td>90.40</td></tr></table>
<p id="late"></p>
<script>setTimeout(() => { document.getElementById("late").textContent = "Total 298.40"; }, 100)</script>
</body></html>`

func serve(t *testing.T, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// One browser drives a page end to end: text written by script after load is waited for, counts,
// a screenshot with content, and a PDF whose text holds the total.
func TestBrowserReadsAPage(t *testing.T) {
	b := browsertest.Start(t)
	p := b.Load(t, serve(t, samplePage), &browsertest.LoadOptions{WaitText: "#late", Contains: "298.40"})
	require.Equal(t, "Settlement statement", p.Text("#title"))
	require.Equal(t, "Total 298.40", p.Text("#late"))
	require.Equal(t, 2, p.Count("tr.line"))
	require.Equal(t, 0, p.Count("tr.missing"))
	require.Equal(t, "", p.Text("#missing"))

	shot := p.Screenshot()
	size, err := browsertest.ImageSize(shot)
	require.NoError(t, err)
	require.Equal(t, 1280, size.X)
	browsertest.RequireNonBlank(t, shot, 0.001)

	pdf := p.PDF()
	require.Equal(t, 1, browsertest.RequirePDF(t, pdf))

	// A blank page's screenshot fails the content check, so the check can fail.
	blank := b.Load(t, serve(t, `<!doctype html><html><body></body></html>`), nil)
	f, err := browsertest.NonBlank(blank.Screenshot())
	require.NoError(t, err)
	require.Zero(t, f)
}

func TestLoadWaitsAndTimesOut(t *testing.T) {
	b := browsertest.Start(t)
	// A wait for text that never comes fails the test that asked for it.
	ft := &fakeT{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.Load(ft, serve(t, samplePage), &browsertest.LoadOptions{WaitText: "#late", Contains: "999.99", Timeout: 2e9})
	}()
	<-done
	require.True(t, ft.failed, "a missing text must fail the load")
}

// fakeT records a fatal failure instead of ending the real test, so the helpers' own failures
// can be tested.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.failed = true
	runtimeGoexit()
}
func (f *fakeT) Fatal(args ...any) {
	f.failed = true
	runtimeGoexit()
}

func TestNonBlankAndPDFChecks(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	f, err := browsertest.NonBlank(buf.Bytes())
	require.NoError(t, err)
	require.Zero(t, f)
	img.Set(3, 3, color.Black)
	img.Set(4, 4, color.Black)
	buf.Reset()
	require.NoError(t, png.Encode(&buf, img))
	f, err = browsertest.NonBlank(buf.Bytes())
	require.NoError(t, err)
	require.InDelta(t, 0.02, f, 1e-9)
	_, err = browsertest.NonBlank([]byte("not a png"))
	require.Error(t, err)

	_, err = browsertest.PDFPages([]byte("<html>"))
	require.ErrorContains(t, err, "not a PDF")
	_, err = browsertest.PDFPages([]byte("%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n"))
	require.ErrorContains(t, err, "truncated")
	_, err = browsertest.PDFPages([]byte("%PDF-1.4\n1 0 obj << /Type /Pages >> endobj\ntrailer\n%%EOF\n"))
	require.ErrorContains(t, err, "no page")
	n, err := browsertest.PDFPages([]byte("%PDF-1.4\n1 0 obj << /Type /Page >> endobj\ntrailer\n%%EOF\n"))
	require.NoError(t, err)
	require.Equal(t, 1, n)
}
