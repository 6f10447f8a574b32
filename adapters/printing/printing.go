package printing

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

//go:embed templates/*.html
var templateFS embed.FS

// Dealer is the letterhead printed at the top of every document.
type Dealer struct {
	Name    string
	Address string
	Phone   string
}

// Options are a Renderer's settings; nil means the defaults.
type Options struct {
	// Dealer is the letterhead.
	Dealer Dealer
	// Location is the zone times print in (the library stores UTC); nil means UTC.
	Location *time.Location
	// StaffName names a staff member on a document; the host owns people's names. Nil, or an
	// empty answer, prints the role and the first eight digits of the staff id.
	StaffName func(dealerkit.StaffID) string
}

// Renderer renders the printable documents as HTML pages with print CSS. Build one with
// NewRenderer; it is safe for concurrent use.
type Renderer struct {
	cat  *dealerkit.Catalogue
	opts Options
	tmpl *template.Template
}

// NewRenderer parses the embedded templates and checks that cat labels every caption and value
// the documents print in every language (build cat with Labels() among its sets). A missing
// label is an error here rather than a raw key on a printed page.
func NewRenderer(cat *dealerkit.Catalogue, opts *Options) (*Renderer, error) {
	if cat == nil {
		return nil, fmt.Errorf("printing: a label catalogue is required")
	}
	if missing := cat.Missing(requiredKeys()...); len(missing) > 0 {
		return nil, fmt.Errorf("printing: the catalogue lacks labels for %s", strings.Join(missing, ", "))
	}
	r := &Renderer{cat: cat}
	if opts != nil {
		r.opts = *opts
	}
	if r.opts.Location == nil {
		r.opts.Location = time.UTC
	}
	t, err := template.New("").Funcs(template.FuncMap{
		"qty":  func(d decimal.Decimal) string { return d.String() },
		"list": func(s ...string) []string { return s },
		"dict": dict,
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("printing: parsing the templates: %w", err)
	}
	r.tmpl = t
	return r, nil
}

// requiredKeys are the label keys the documents print: their captions and every value of the
// enumerations they show.
func requiredKeys() []string {
	keys := LabelKeys()
	for _, p := range aftersales.PayTypes() {
		keys = append(keys, p.LabelKey())
	}
	for _, c := range aftersales.Channels() {
		keys = append(keys, c.LabelKey())
	}
	for _, v := range aftersales.VisitModes() {
		keys = append(keys, v.LabelKey())
	}
	for _, o := range aftersales.PartOrigins() {
		keys = append(keys, o.LabelKey())
	}
	for _, s := range aftersales.LineStatuses() {
		keys = append(keys, s.LabelKey())
	}
	for _, s := range aftersales.States() {
		keys = append(keys, s.LabelKey())
	}
	for _, s := range parts.POStates() {
		keys = append(keys, s.LabelKey())
	}
	for _, u := range parts.Units() {
		keys = append(keys, u.LabelKey())
	}
	for _, r := range dealerkit.Roles() {
		keys = append(keys, r.LabelKey())
	}
	for _, m := range dealerkit.RoundingModes() {
		keys = append(keys, m.LabelKey())
	}
	return keys
}

// page is what every template receives: the labels in the document's language, the letterhead
// and the document.
type page struct {
	L      labeller
	Dealer Dealer
	Title  string
	Doc    any
}

// labeller binds the catalogue to one language and formats for print; templates call its methods.
type labeller struct {
	r    *Renderer
	lang dealerkit.Lang
}

// T labels a caption key.
func (l labeller) T(key string) string { return l.r.cat.Text(l.lang, key) }

// V labels an enumeration value.
func (l labeller) V(v dealerkit.Labelled) string { return l.r.cat.Value(l.lang, v) }

// Lang is the page's HTML lang attribute.
func (l labeller) Lang() string {
	if l.lang == dealerkit.Chinese {
		return "zh-CN"
	}
	return "en"
}

// Time prints t in the dealer's zone; a zero time prints as a dash.
func (l labeller) Time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(l.r.opts.Location).Format("2006-01-02 15:04")
}

// Who names the actor of a record: the customer, or a staff member by name or by role and id.
func (l labeller) Who(a dealerkit.ActorRef) string {
	if a.Customer {
		return l.T("print.customer")
	}
	if l.r.opts.StaffName != nil {
		if n := l.r.opts.StaffName(a.Staff); n != "" {
			return n
		}
	}
	role := ""
	if len(a.Roles) > 0 {
		role = l.V(a.Roles[0]) + " "
	}
	return role + uuid.UUID(a.Staff).String()[:8]
}

// Staff names a staff member by id.
func (l labeller) Staff(id dealerkit.StaffID) string {
	if l.r.opts.StaffName != nil {
		if n := l.r.opts.StaffName(id); n != "" {
			return n
		}
	}
	return uuid.UUID(id).String()[:8]
}

// PartName is a catalogue part's name in the page's language.
func (l labeller) PartName(n parts.Name) string {
	if l.lang == dealerkit.Chinese {
		return n.In("zh")
	}
	return n.In("en")
}

// Percent prints a rate (0.13) as a percentage (13%), exactly.
func (l labeller) Percent(rate decimal.Decimal) string {
	return rate.Shift(2).String() + "%"
}

// Money prints figures the library has already rounded, with the places of its rounding, so a
// page shows the library's figure to the cent and never a recomputed one.
type Money struct{ Places int32 }

// M formats one figure.
func (m Money) M(d decimal.Decimal) string { return d.StringFixed(m.Places) }

// Price formats a unit price: at least the rounding's places, more where the price has them (a
// purchase cost to 4 places), never fewer, so no digit of the price is hidden.
func (m Money) Price(d decimal.Decimal) string { return d.StringFixed(max(m.Places, -d.Exponent())) }

func (r *Renderer) render(w io.Writer, lang dealerkit.Lang, name, titleKey string, doc any) error {
	if lang != dealerkit.Chinese && lang != dealerkit.English {
		return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "lang", Value: string(lang),
			Reason: "must be en or zh-CN", Code: dealerkit.ReasonUnknownValue}}}
	}
	l := labeller{r: r, lang: lang}
	// Render to a buffer first, so a failing template never leaves half a page on w.
	var buf bytes.Buffer
	if err := r.tmpl.ExecuteTemplate(&buf, name, page{L: l, Dealer: r.opts.Dealer, Title: l.T(titleKey), Doc: doc}); err != nil {
		return fmt.Errorf("printing: rendering %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// RepairOrderDoc is the repair order as the customer signs it at reception (托修单): the vehicle,
// the walk-around check and the concerns in the customer's words (§4.1.2), the visit mode
// (§4.1.3) and the work requested.
type RepairOrderDoc struct {
	Order     *aftersales.RepairOrder
	Reception aftersales.Reception
	Lines     []aftersales.Line
	Promised  time.Time // the next promised completion, zero if none
}

// RepairOrder renders the repair order with its walk-around (托修单).
func (r *Renderer) RepairOrder(w io.Writer, lang dealerkit.Lang, o *aftersales.RepairOrder) error {
	if o == nil {
		return fmt.Errorf("printing: %w: no repair order", dealerkit.ErrInvalid)
	}
	promised, _ := o.NextPromise()
	return r.render(w, lang, "repair_order.html", "print.repair_order.title",
		RepairOrderDoc{Order: o, Reception: o.Reception(), Lines: o.Lines(), Promised: promised})
}

// ConsentLine is one estimate line with the customer's answer on it (§4.2.1, §4.3.2).
type ConsentLine struct {
	aftersales.StatementLine
	Kind     aftersales.LineKind
	Status   aftersales.LineStatus
	Decision *aftersales.Decision
	Finding  string
}

// EstimateDoc is the estimate as the customer is asked to approve it: the quote and, per line,
// who consented when and how.
type EstimateDoc struct {
	Order     *aftersales.RepairOrder
	Reception aftersales.Reception
	Quote     aftersales.Statement
	Consent   []ConsentLine
	Money
}

// Estimate renders the estimate with its consent lines. quote is the library's pricing of it
// (aftersales.Service.Quote), so the figures are the library's.
func (r *Renderer) Estimate(w io.Writer, lang dealerkit.Lang, o *aftersales.RepairOrder, quote aftersales.Statement) error {
	if o == nil {
		return fmt.Errorf("printing: %w: no repair order", dealerkit.ErrInvalid)
	}
	priced := map[uuid.UUID]aftersales.StatementLine{}
	for _, group := range [][]aftersales.StatementLine{quote.Labour, quote.Parts, quote.Declined} {
		for _, sl := range group {
			priced[sl.Line] = sl
		}
	}
	doc := EstimateDoc{Order: o, Reception: o.Reception(), Quote: quote, Money: Money{quote.Rounding.Places}}
	for _, l := range o.Lines() {
		sl, ok := priced[l.ID]
		if !ok {
			continue // a line the quote does not price (cancelled) is not on the estimate
		}
		doc.Consent = append(doc.Consent, ConsentLine{StatementLine: sl, Kind: l.Kind, Status: l.Status, Decision: l.Decision, Finding: l.Finding})
	}
	return r.render(w, lang, "estimate.html", "print.estimate.title", doc)
}

// SettlementDoc is the settlement statement (§4.5.2) of an order.
type SettlementDoc struct {
	Order     *aftersales.RepairOrder
	Reception aftersales.Reception
	Statement aftersales.Statement
	Payments  []aftersales.Payment
	Money
}

// Settlement renders the settlement statement the library issued (aftersales.Service.Settle, or
// RepairOrder.Statement): labour and materials itemised, pay types, discounts, tax, totals and
// the declined recommendations (§4.5.2, §4.3.2). An order not yet settled has none to print.
func (r *Renderer) Settlement(w io.Writer, lang dealerkit.Lang, o *aftersales.RepairOrder) error {
	if o == nil {
		return fmt.Errorf("printing: %w: no repair order", dealerkit.ErrInvalid)
	}
	st := o.Statement()
	if st == nil {
		return fmt.Errorf("printing: %w: order %s has no settlement statement yet", dealerkit.ErrNotFound, o.Number())
	}
	return r.render(w, lang, "settlement.html", "print.settlement.title", SettlementDoc{
		Order: o, Reception: o.Reception(), Statement: *st, Payments: o.Payments(), Money: Money{st.Rounding.Places}})
}

// PickRow is one part line of a pick list: what to take from which bin.
type PickRow struct {
	parts.LineAvailability
	Description string
	Name        parts.Name
	Bin         string
	Unit        parts.Unit
	HasUnit     bool
}

// PickListDoc is the parts store's pick list for a repair order (§3.4.3).
type PickListDoc struct {
	Order     *aftersales.RepairOrder
	Reception aftersales.Reception
	Rows      []PickRow
}

// PickList renders the pick list of an order from the parts service's availability of its part
// lines (parts.Service.CheckOrder) and the catalogue parts they name (for the name, unit and bin).
func (r *Renderer) PickList(w io.Writer, lang dealerkit.Lang, o *aftersales.RepairOrder, lines []parts.LineAvailability, catalogue map[uuid.UUID]*parts.Part) error {
	if o == nil {
		return fmt.Errorf("printing: %w: no repair order", dealerkit.ErrInvalid)
	}
	doc := PickListDoc{Order: o, Reception: o.Reception()}
	for _, la := range lines {
		row := PickRow{LineAvailability: la}
		if l, ok := o.Line(la.Line); ok {
			row.Description = l.Description
		}
		if p := catalogue[la.Part]; p != nil {
			row.Name, row.Bin, row.Unit, row.HasUnit = p.Name(), p.Bin(), p.Unit(), true
		}
		doc.Rows = append(doc.Rows, row)
	}
	return r.render(w, lang, "pick_list.html", "print.pick_list.title", doc)
}

// PORow is one purchase line with its part and value.
type PORow struct {
	parts.PurchaseLine
	Name        parts.Name
	Outstanding decimal.Decimal
	// Value is the quantity at the agreed unit cost, rounded at the line with the parts policy's
	// rounding: the same named point at which a receipt values what it accepts.
	Value decimal.Decimal
}

// PurchaseOrderDoc is a purchase order as sent to the supplier (§3.4.1).
type PurchaseOrderDoc struct {
	Order    *parts.PurchaseOrder
	Supplier *parts.Supplier
	Rows     []PORow
	Total    decimal.Decimal
	Money
}

// PurchaseOrder renders a purchase order for its supplier. rounding is the parts policy's in
// force (parts.Service.Policy): each line is valued at its unit cost and rounded there, and the
// total is the sum of the rounded lines.
func (r *Renderer) PurchaseOrder(w io.Writer, lang dealerkit.Lang, po *parts.PurchaseOrder, supplier *parts.Supplier, catalogue map[uuid.UUID]*parts.Part, rounding dealerkit.Rounding) error {
	if po == nil || supplier == nil {
		return fmt.Errorf("printing: %w: a purchase order and its supplier are required", dealerkit.ErrInvalid)
	}
	if err := rounding.Validate(); err != nil {
		return err
	}
	doc := PurchaseOrderDoc{Order: po, Supplier: supplier, Total: decimal.Zero, Money: Money{rounding.Places}}
	for _, l := range po.Lines() {
		row := PORow{PurchaseLine: l, Outstanding: l.Outstanding(), Value: rounding.Round(l.Quantity.Mul(l.UnitCost))}
		if p := catalogue[l.Part]; p != nil {
			row.Name = p.Name()
		}
		doc.Total = doc.Total.Add(row.Value)
		doc.Rows = append(doc.Rows, row)
	}
	return r.render(w, lang, "purchase_order.html", "print.purchase_order.title", doc)
}

// dict builds a template's argument map from key, value pairs.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
