// Package browsertest drives Debian's headless chromium from Go tests (issue 15, item 6): Start a
// browser, Load a page, then read what a person would see: the text of an element, how many
// elements match a selector, a PNG screenshot checked for content (NonBlank), and the page printed
// to PDF (RequirePDF, PDFPages). Only tests import it.
//
//	b := browsertest.Start(t)               // skips without chromium; under CI=true it fails
//	p := b.Load(t, srv.URL+"/board", &browsertest.LoadOptions{WaitText: "#overdue", Contains: "RO-7"})
//	require.Contains(t, p.Text("#overdue"), "RO-7")
//	browsertest.RequireNonBlank(t, p.Screenshot(), 0.01)
//	browsertest.RequirePDF(t, p.PDF())
//
// Chromium is found at $DEALERKIT_CHROMIUM, /usr/bin/chromium, or "chromium" on $PATH. .ci/run
// installs Debian's package when it is missing, so under CI=true a missing browser is a failure:
// a browser test that silently skipped in CI would prove nothing.
package browsertest
