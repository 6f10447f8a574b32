package policylab_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/internal/browsertest"
	"github.com/dealerkit/dealerkit/policylab"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// chartReport is the golden history's report with appraisal figures added, so each of the three
// charts has bars to draw.
func chartReport(t *testing.T) *policylab.Report {
	t.Helper()
	h := newHistory(t)
	a, b := sides(t)
	lab, err := policylab.NewLab(h.store, &policylab.Options{AsOf: utc(30, 0, 0)})
	require.NoError(t, err)
	rep, err := lab.Replay(context.Background(), []dealerkit.DealerID{h.dealer}, a, b)
	require.NoError(t, err)
	rep.Grades = []policylab.GradeShift{{A: "A", B: "A", Count: 2}, {A: "C", B: "B", Count: 1}, {A: "D", B: "C", Count: 1}}
	rep.CostA = appraisal.Cost{Reward: decimal.RequireFromString("900.00"), Penalty: decimal.RequireFromString("800.00")}
	rep.CostB = appraisal.Cost{Reward: decimal.RequireFromString("900.00"), Penalty: decimal.RequireFromString("700.00")}
	sample := policylab.UnreplayableSample{Dealer: h.dealer, Record: h.first, RecordKind: "reservation", Seq: 7, At: utc(3, 12, 0)}
	rep.Unreplayable = []policylab.UnreplayableGroup{{Kind: policylab.KindPermission, Ref: "reservation.created",
		Reason: "the log does not say which §3 action recorded reservation.created", Count: 2200000,
		Samples: []policylab.UnreplayableSample{sample, sample}}}
	return rep
}

// chartPixels counts the screenshot's pixels in A's and B's bar colours (#1f6fb4, #e0701c).
func chartPixels(pngData []byte) (a, b int, err error) {
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		return 0, 0, err
	}
	near := func(c [3]uint32, r, g, bl uint32) bool {
		d := func(x, y uint32) uint32 {
			if x > y {
				return x - y
			}
			return y - x
		}
		return d(c[0], r) < 8 && d(c[1], g) < 8 && d(c[2], bl) < 8
	}
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := [3]uint32{r >> 8, g >> 8, bl >> 8}
			switch {
			case near(c, 0x1f, 0x6f, 0xb4):
				a++
			case near(c, 0xe0, 0x70, 0x1c):
				b++
			}
		}
	}
	return a, b, nil
}

// chartsRendered loads the page and says what is wrong with its charts, if anything: three SVG
// charts, the expected number of bars laid out with a size, and bars of both colours painted in
// the screenshot (not only present in the DOM).
func chartsRendered(t *testing.T, br *browsertest.Browser, path string, wantBars int) error {
	p := br.Load(t, "file://"+path, &browsertest.LoadOptions{WaitVisible: "h1", Timeout: time.Minute})
	if n := p.Count("svg.chart"); n != 3 {
		return fmt.Errorf("%d charts, want 3", n)
	}
	if n := p.Count("svg.chart rect.bar"); n != wantBars {
		return fmt.Errorf("%d bars, want %d", n, wantBars)
	}
	// The not replayable table: one row per group, with its count and its sample records.
	if n := p.Count("tr.nr"); n != 1 {
		return fmt.Errorf("%d rows of not replayable groups, want 1", n)
	}
	if n := p.Count("tr.nr code.sample"); n != 2 {
		return fmt.Errorf("%d sample records, want 2", n)
	}
	var drawn int
	if err := jsonNumber(p.Eval(`[...document.querySelectorAll("svg.chart rect.bar")].filter(r => { const b = r.getBoundingClientRect(); return b.width > 0 && b.height > 0 }).length`), &drawn); err != nil {
		return err
	}
	if drawn != wantBars {
		return fmt.Errorf("%d bars laid out with a size, want %d", drawn, wantBars)
	}
	shot := p.Screenshot()
	if f, err := browsertest.NonBlank(shot); err != nil || f < 0.01 {
		return fmt.Errorf("screenshot blank (%.4f non-background, %v)", f, err)
	}
	a, b, err := chartPixels(shot)
	if err != nil {
		return err
	}
	if a < 200 || b < 200 {
		return fmt.Errorf("bars not painted: %d pixels of A's colour and %d of B's, want at least 200 each", a, b)
	}
	return nil
}

func jsonNumber(raw []byte, n *int) error {
	_, err := fmt.Sscan(strings.TrimSpace(string(raw)), n)
	return err
}

// Issue 13, the report people look at: the HTML page's charts render in a real browser (Debian's
// chromium, headless): three SVG charts whose bars are laid out and painted in both sides'
// colours. The same check fails on a copy of the page whose charts do not render, so it cannot
// pass on a page that merely exists.
func TestHTMLChartsRenderInBrowser(t *testing.T) {
	rep := chartReport(t)
	var buf bytes.Buffer
	require.NoError(t, rep.WriteHTML(&buf))
	page := buf.String()
	require.NotRegexp(t, `(src|href)=|@import|url\(`, page, "the page must load nothing: no network needed to view it")
	dir := t.TempDir()
	good := filepath.Join(dir, "report.html")
	require.NoError(t, os.WriteFile(good, buf.Bytes(), 0o644))
	// Bars: 2 per escalation week, 2 per grade (A, B, C, D), 2 for reward and 2 for penalty.
	wantBars := 2*len(rep.Escalations) + 2*4 + 4

	br := browsertest.Start(t)
	require.NoError(t, chartsRendered(t, br, good, wantBars))

	// Controls: charts hidden by CSS, and SVG that is not SVG (no namespace, as a broken
	// template would emit it inside XHTML), must both be caught.
	hidden := filepath.Join(dir, "hidden.html")
	require.NoError(t, os.WriteFile(hidden, []byte(strings.Replace(page, "</style>", "svg.chart rect{display:none}</style>", 1)), 0o644))
	require.Error(t, chartsRendered(t, br, hidden, wantBars))
	unpainted := filepath.Join(dir, "unpainted.html")
	require.NoError(t, os.WriteFile(unpainted, []byte(strings.Replace(page, ".bar.a{fill:#1f6fb4}.bar.b{fill:#e0701c}", ".bar{fill:none}", 1)), 0o644))
	require.Error(t, chartsRendered(t, br, unpainted, wantBars))
}
