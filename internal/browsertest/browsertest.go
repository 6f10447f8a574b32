package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultTimeout bounds each Load and each action on a page when LoadOptions gives none.
const DefaultTimeout = 30 * time.Second

// Browser is one headless chromium process with its own fresh profile. It is closed by the test's
// cleanup; a test may Load many pages in it, each in its own tab.
type Browser struct {
	ctx context.Context // the browser's context: tabs are children of it
}

// ExecPath returns the chromium binary to use, or "" when none is installed.
func ExecPath() string {
	if p := os.Getenv("DEALERKIT_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// Start launches headless chromium for t and stops it when t ends. Without chromium it skips t,
// except under CI=true, where it fails t.
func Start(t testing.TB) *Browser {
	t.Helper()
	path := ExecPath()
	if path == "" {
		missing(t, os.Getenv("CI") == "true")
		return nil // unreachable: missing ends the test
	}
	// The flags that work on this machine's Debian chromium (common brief): no sandbox in a
	// container, no GPU, and nothing that reaches the network on its own.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	// Run with no actions starts the process, so a broken browser fails here and not in a Load.
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("browsertest: starting %s: %v", path, err)
	}
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	return &Browser{ctx: bctx}
}

// missing ends t when there is no browser: a failure in CI, a skip elsewhere.
func missing(t testing.TB, ci bool) {
	t.Helper()
	if ci {
		t.Fatal("browsertest: chromium is not installed (CI=true: .ci/run installs Debian's chromium; set DEALERKIT_CHROMIUM to use another)")
	}
	t.Skip("browsertest: chromium is not installed; skipping (apt-get install chromium, or set DEALERKIT_CHROMIUM)")
}

// LoadOptions says when a loaded page is ready. Nil means: ready when the document has loaded.
type LoadOptions struct {
	// WaitVisible is a CSS selector that must be visible before Load returns.
	WaitVisible string
	// WaitText is a CSS selector whose text must contain Contains before Load returns; for pages
	// that fill themselves from an API after loading.
	WaitText string
	Contains string
	// Timeout bounds the load and every later action on the page; zero means DefaultTimeout.
	Timeout time.Duration
}

// Page is a loaded tab. Its methods fail the test that loaded it on any browser error.
type Page struct {
	t       testing.TB
	ctx     context.Context
	timeout time.Duration
}

// Load opens url in a new tab and waits until it is ready (see LoadOptions). The tab closes when
// t ends.
func (b *Browser) Load(t testing.TB, url string, opts *LoadOptions) *Page {
	t.Helper()
	if opts == nil {
		opts = &LoadOptions{}
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	tctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	// The first run on a context creates its tab and ties the tab's life to that run's context:
	// it gets no timeout, or the tab would close when the first bounded action returned.
	if err := chromedp.Do(tctx); err != nil {
		t.Fatalf("browsertest: opening a tab: %v", err)
	}
	p := &Page{t: t, ctx: tctx, timeout: timeout}
	steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(url)}
	if opts.WaitVisible != "" {
		steps = append(steps, chromedp.WaitVisible(chromedp.CSS(opts.WaitVisible)))
	}
	if opts.WaitText != "" {
		steps = append(steps, waitText(opts.WaitText, opts.Contains))
	}
	if _, err := run(p, chromedp.Steps(steps...)); err != nil {
		t.Fatalf("browsertest: loading %s: %v (page text: %q)", url, err, p.bodyTextQuiet())
	}
	return p
}

// run runs one action on the page's tab, bounded by the page's timeout.
func run[T any](p *Page, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// waitText polls until the text of the first element matching sel contains want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	check := chromedp.Evaluate[bool](fmt.Sprintf(
		`(() => { const e = document.querySelector(%s); return !!e && e.innerText.includes(%s); })()`,
		jsString(sel), jsString(want)))
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for {
			ok, err := check(ctx, t)
			if err != nil {
				return err
			}
			if ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %q in %s: %w", want, sel, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

func (p *Page) bodyTextQuiet() string {
	ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if len(s) > 500 {
		s = s[:500] + "…"
	}
	return s
}

// Text returns the rendered text (innerText) of the first element matching the CSS selector sel,
// or "" when nothing matches.
func (p *Page) Text(sel string) string {
	p.t.Helper()
	s, err := run(p, chromedp.Evaluate[string](fmt.Sprintf(
		`(() => { const e = document.querySelector(%s); return e ? e.innerText : ""; })()`, jsString(sel))))
	if err != nil {
		p.t.Fatalf("browsertest: text of %s: %v", sel, err)
	}
	return s
}

// Count returns how many elements match the CSS selector sel.
func (p *Page) Count(sel string) int {
	p.t.Helper()
	n, err := run(p, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(sel))))
	if err != nil {
		p.t.Fatalf("browsertest: count of %s: %v", sel, err)
	}
	return n
}

// Eval evaluates a JavaScript expression in the page and returns its value as JSON.
func (p *Page) Eval(expr string) json.RawMessage {
	p.t.Helper()
	v, err := run(p, chromedp.Evaluate[json.RawMessage](expr))
	if err != nil {
		p.t.Fatalf("browsertest: eval %s: %v", expr, err)
	}
	return v
}

// Screenshot returns a PNG of the whole page, beyond the window's height.
func (p *Page) Screenshot() []byte {
	p.t.Helper()
	buf, err := run(p, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("browsertest: screenshot: %v", err)
	}
	return buf
}

// PDF prints the page as chromium's print dialog would, honouring the page's print CSS (@page
// size and margins), with backgrounds, and returns the PDF.
func (p *Page) PDF() []byte {
	p.t.Helper()
	buf, err := run(p, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		p.t.Fatalf("browsertest: print to PDF: %v", err)
	}
	return buf
}

// NonBlank decodes a PNG and returns the fraction of its pixels that differ from the colour of its
// top-left pixel (the page background). A blank page gives 0.
func NonBlank(pngData []byte) (float64, error) {
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		return 0, fmt.Errorf("browsertest: decoding the screenshot: %w", err)
	}
	b := img.Bounds()
	if b.Empty() {
		return 0, nil
	}
	bg := color.RGBAModel.Convert(img.At(b.Min.X, b.Min.Y)).(color.RGBA)
	var differ int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) != bg {
				differ++
			}
		}
	}
	return float64(differ) / float64(b.Dx()*b.Dy()), nil
}

// RequireNonBlank fails t unless at least minFraction of the screenshot's pixels differ from its
// background (a page of text is typically a few per cent).
func RequireNonBlank(t testing.TB, pngData []byte, minFraction float64) {
	t.Helper()
	f, err := NonBlank(pngData)
	if err != nil {
		t.Fatal(err)
	}
	if f < minFraction {
		t.Fatalf("browsertest: the screenshot is blank: %.4f of its pixels differ from the background, want at least %.4f", f, minFraction)
	}
}

// ImageSize returns the width and height of a PNG.
func ImageSize(pngData []byte) (image.Point, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(pngData))
	if err != nil {
		return image.Point{}, err
	}
	return image.Point{X: cfg.Width, Y: cfg.Height}, nil
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// PDFPages checks that data is a whole PDF (header, trailer, end-of-file marker) and returns how
// many pages its objects declare. It reads the structure only; PDFText reads the words.
func PDFPages(data []byte) (int, error) {
	switch {
	case !bytes.HasPrefix(data, []byte("%PDF-1.")) && !bytes.HasPrefix(data, []byte("%PDF-2.")):
		return 0, fmt.Errorf("browsertest: not a PDF: starts %q", data[:min(len(data), 8)])
	case !bytes.Contains(data[max(0, len(data)-1024):], []byte("%%EOF")):
		return 0, fmt.Errorf("browsertest: the PDF is truncated: no %%%%EOF at its end")
	case !bytes.Contains(data, []byte("trailer")) && !bytes.Contains(data, []byte("/Type /XRef")) && !bytes.Contains(data, []byte("/Type/XRef")):
		return 0, fmt.Errorf("browsertest: the PDF has no trailer or cross-reference stream")
	}
	n := len(pdfPage.FindAll(data, -1))
	if n == 0 {
		return 0, fmt.Errorf("browsertest: the PDF has no page")
	}
	return n, nil
}

// RequirePDF fails t unless data is a whole PDF with at least one page and more than a bare
// page's bytes (an empty page prints to about 1 kB; a page with text and fonts to much more).
func RequirePDF(t testing.TB, data []byte) int {
	t.Helper()
	n, err := PDFPages(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 4096 {
		t.Fatalf("browsertest: the PDF is %d bytes, too small to hold a printed document", len(data))
	}
	return n
}

// jsString quotes s as a JavaScript string literal (JSON's quoting is valid JavaScript).
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
