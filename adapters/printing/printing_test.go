package printing_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/printing"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func catalogue() *dealerkit.Catalogue {
	return dealerkit.NewCatalogue(dealerkit.KernelLabels(), aftersales.Labels(), parts.Labels(), printing.Labels())
}

func renderer(t *testing.T, f fixture) *printing.Renderer {
	t.Helper()
	r, err := printing.NewRenderer(catalogue(), &printing.Options{
		Dealer:    printing.Dealer{Name: "Pudong Auto Service 浦东汽车服务", Address: "88 Zhangjiang Rd, Shanghai", Phone: "021-5555 0000"},
		Location:  shanghai,
		StaffName: func(id dealerkit.StaffID) string { return f.staff[id] },
	})
	require.NoError(t, err)
	return r
}

// documents renders every document in lang.
func documents(t *testing.T, r *printing.Renderer, f fixture, lang dealerkit.Lang) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, render := range map[string]func(*bytes.Buffer) error{
		"repair_order": func(b *bytes.Buffer) error { return r.RepairOrder(b, lang, f.reception) },
		"estimate":     func(b *bytes.Buffer) error { return r.Estimate(b, lang, f.estimate, f.quote) },
		"settlement":   func(b *bytes.Buffer) error { return r.Settlement(b, lang, f.settled) },
		"pick_list":    func(b *bytes.Buffer) error { return r.PickList(b, lang, f.estimate, f.picks, f.catalogue) },
		"purchase_order": func(b *bytes.Buffer) error {
			return r.PurchaseOrder(b, lang, f.po, f.supplier, f.catalogue, f.rounding)
		},
	} {
		var b bytes.Buffer
		require.NoError(t, render(&b), name)
		out[name] = b.String()
	}
	return out
}

// Each document in each language matches its golden file (go test -update rewrites them; review
// the diff). The files are also what a person opens in a browser to check the layout.
func TestDocumentsGolden(t *testing.T) {
	f := newFixture(t)
	r := renderer(t, f)
	for _, lang := range dealerkit.Langs() {
		for name, html := range documents(t, r, f, lang) {
			path := filepath.Join("testdata", name+"."+string(lang)+".html")
			if *update {
				require.NoError(t, os.MkdirAll("testdata", 0o755))
				require.NoError(t, os.WriteFile(path, []byte(html), 0o644))
				continue
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -update to create %s", path)
			require.Equal(t, string(want), html, "%s differs from its golden file", path)
		}
	}
}

var printKey = regexp.MustCompile(`"(print\.[a-z_.]+)"`)

// Every caption a template prints is in Labels, every label in Labels is printed somewhere, and no
// page shows a raw key: a missing label would print as its key.
func TestLabelsCoverTheTemplates(t *testing.T) {
	var used []string
	files, err := filepath.Glob("templates/*.html")
	require.NoError(t, err)
	src := ""
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		src += string(b)
	}
	goSrc, err := os.ReadFile("printing.go")
	require.NoError(t, err)
	for _, m := range printKey.FindAllStringSubmatch(src+string(goSrc), -1) {
		used = append(used, m[1])
	}
	slices.Sort(used)
	used = slices.Compact(used)
	require.Equal(t, printing.LabelKeys(), used, "the templates' keys and Labels() must be the same set")
	require.Empty(t, catalogue().Missing(printing.LabelKeys()...), "every caption in both languages")

	f := newFixture(t)
	r := renderer(t, f)
	for _, lang := range dealerkit.Langs() {
		for name, html := range documents(t, r, f, lang) {
			require.NotRegexp(t, `>[^<]*\b(print|aftersales|parts|dealerkit)\.[a-z_]+\.?[a-z_]*[^<]*<`, html, "%s/%s shows a raw label key", name, lang)
		}
	}
}

// A catalogue without the printing labels is refused when the renderer is built, not discovered
// as raw keys on a printed page.
func TestNewRendererRefusesAnIncompleteCatalogue(t *testing.T) {
	_, err := printing.NewRenderer(dealerkit.NewCatalogue(dealerkit.KernelLabels(), aftersales.Labels(), parts.Labels()), nil)
	require.ErrorContains(t, err, "print.settlement.title")
	_, err = printing.NewRenderer(nil, nil)
	require.Error(t, err)
	partial := printing.Labels()
	partial["print.vin"] = dealerkit.Label{EN: "VIN"} // no Chinese
	_, err = printing.NewRenderer(dealerkit.NewCatalogue(dealerkit.KernelLabels(), aftersales.Labels(), parts.Labels(), partial), nil)
	require.ErrorContains(t, err, "print.vin")
}

func cell(t *testing.T, html, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `">([^<]*)<`).FindStringSubmatch(html)
	require.NotNil(t, m, "no element #%s", id)
	return m[1]
}

// §4.5.2: the statement prints the library's figures to the cent: every line's net, every payer's
// tax and total, the grand total and what the customer pays; labour and materials in separate
// tables; §4.3.2: the declined recommendation printed as such.
func TestSettlementPrintsTheLibrarysFigures(t *testing.T) {
	f := newFixture(t)
	r := renderer(t, f)
	st := f.settled.Statement()
	require.NotNil(t, st)
	require.Len(t, st.Totals, 3, "the fixture has customer, warranty and internal lines")
	require.NotEmpty(t, st.Declined)
	for _, lang := range dealerkit.Langs() {
		var b bytes.Buffer
		require.NoError(t, r.Settlement(&b, lang, f.settled))
		html := b.String()
		require.Equal(t, st.Total.Gross.StringFixed(2), cell(t, html, "grand-total"))
		require.Equal(t, st.CustomerDue.StringFixed(2), cell(t, html, "customer-due"))
		labour := section(t, html, "labour")
		for _, l := range st.Labour {
			require.Contains(t, labour, l.Description)
			require.Contains(t, labour, `<td class="num">`+l.Net.StringFixed(2)+`</td>`)
		}
		materials := section(t, html, "parts")
		for _, l := range st.Parts {
			require.Contains(t, materials, l.Description)
			require.NotContains(t, labour, l.Description)
		}
		totals := section(t, html, "totals")
		for _, pt := range st.Totals {
			require.Contains(t, totals, ">"+catalogue().Value(lang, pt.PayType)+"<")
			require.Contains(t, totals, `<td class="num">`+pt.Tax.StringFixed(2)+`</td>`)
			require.Contains(t, totals, `<td class="num">`+pt.Gross.StringFixed(2)+`</td>`)
		}
		declined := section(t, html, "declined")
		require.Contains(t, declined, "Wiper blade set")
		require.NotContains(t, materials, "Wiper blade set")
	}
}

// section returns the table with the id.
func section(t *testing.T, html, id string) string {
	t.Helper()
	i := strings.Index(html, `<table id="`+id+`">`)
	require.GreaterOrEqual(t, i, 0, "no table #%s", id)
	j := strings.Index(html[i:], "</table>")
	return html[i : i+j]
}

// §4.2.1, §4.3.2: the estimate shows each line's decision with how and when it was given.
func TestEstimatePrintsConsent(t *testing.T) {
	f := newFixture(t)
	r := renderer(t, f)
	var b bytes.Buffer
	require.NoError(t, r.Estimate(&b, dealerkit.English, f.estimate, f.quote))
	consent := section(t, b.String(), "consent")
	require.Equal(t, len(f.estimate.Lines()), strings.Count(consent, "<tr><td>"))
	require.Equal(t, len(f.estimate.Lines())-1, strings.Count(consent, "☑ Approved"))
	require.Equal(t, 1, strings.Count(consent, "☒ Declined"))
	require.Contains(t, consent, "will buy them later")
	require.Contains(t, consent, ">Signature<")
	require.Equal(t, f.quote.Total.Gross.StringFixed(2), cell(t, b.String(), "grand-total"))
}

// §4.1.2: the repair order carries the walk-around and the concerns in the customer's words.
func TestRepairOrderPrintsTheWalkAround(t *testing.T) {
	f := newFixture(t)
	r := renderer(t, f)
	var b bytes.Buffer
	require.NoError(t, r.RepairOrder(&b, dealerkit.Chinese, f.reception))
	html := b.String()
	require.Contains(t, html, "托修单")
	require.Contains(t, html, "☑ 已与客户共同完成环车检查")
	require.Contains(t, html, "scratch, 5 cm, left corner")
	require.Contains(t, html, "child seat")
	require.Contains(t, html, "<li>刹车时有异响</li>")
}

func TestPickListAndPurchaseOrder(t *testing.T) {
	f := newFixture(t)
	r := renderer(t, f)
	var b bytes.Buffer
	require.NoError(t, r.PickList(&b, dealerkit.English, f.estimate, f.picks, f.catalogue))
	picks := section(t, b.String(), "picks")
	require.Contains(t, picks, "<td>A-01</td><td>5Q0 698 151 B</td><td>Front brake pad set")
	require.NotContains(t, picks, "Wiper blade set", "a declined line is not picked")

	b.Reset()
	require.NoError(t, r.PurchaseOrder(&b, dealerkit.English, f.po, f.supplier, f.catalogue, f.rounding))
	// 10 x 312.5000 + 24 x 41.2750 = 3125.00 + 990.60: each line rounded, then summed.
	require.Equal(t, "4115.60", cell(t, b.String(), "po-total"))
	require.Contains(t, b.String(), `<td class="num">990.60</td>`)
}

// Refusals carry a kernel class and write nothing.
func TestRefusals(t *testing.T) {
	f := newFixture(t)
	r := renderer(t, f)
	var b bytes.Buffer
	err := r.Settlement(&b, dealerkit.Lang("fr"), f.settled)
	require.True(t, errors.Is(err, dealerkit.ErrInvalid), "%v", err)
	require.Equal(t, dealerkit.CodeOf(err) != "", true)
	err = r.Settlement(&b, dealerkit.English, f.estimate)
	require.True(t, errors.Is(err, dealerkit.ErrNotFound), "%v", err)
	err = r.RepairOrder(&b, dealerkit.English, nil)
	require.True(t, errors.Is(err, dealerkit.ErrInvalid), "%v", err)
	err = r.PurchaseOrder(&b, dealerkit.English, f.po, f.supplier, f.catalogue, dealerkit.Rounding{Places: 9})
	require.Error(t, err)
	require.Zero(t, b.Len())
}
