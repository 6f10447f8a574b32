package board

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
)

//go:embed board.html
var page string

// Options are the board's settings; nil means the defaults.
type Options struct {
	// API is the path prefix of the JSON API the page reads, on the same origin; "" means "/v1".
	API string
	// AuthHeader, when set, is a request header the page sends with every API call, its value
	// taken from the page's ?as= parameter: the demo server's stand-in for a login. A host with
	// cookie sessions leaves it empty (same-origin requests carry the cookies).
	AuthHeader string
	// Refresh is how often the page reloads its data; 0 means 30 seconds.
	Refresh time.Duration
	// TimeZone is the IANA zone the page shows times in ("Asia/Shanghai"); "" means the browser's.
	TimeZone string
	// Title is the dealer's name shown in the heading.
	Title string
}

// OpenStates are the repair-order states the board shows as columns: every state before delivery.
func OpenStates() []aftersales.State {
	return []aftersales.State{aftersales.StateReceived, aftersales.StateApproved, aftersales.StateInProgress,
		aftersales.StateWorkDone, aftersales.StateCleaned, aftersales.StateReady, aftersales.StateSettled,
		aftersales.StateAccepted}
}

// Board serves the workshop board page. Build one with New; it is safe for concurrent use.
type Board struct {
	cat  *dealerkit.Catalogue
	opts Options
	tmpl *template.Template
}

// New returns the board. cat must label the board's captions (Labels) and the repair-order and
// complaint enumerations it shows, in both languages.
func New(cat *dealerkit.Catalogue, opts *Options) (*Board, error) {
	if cat == nil {
		return nil, fmt.Errorf("board: %w: a label catalogue is required", dealerkit.ErrInvalid)
	}
	b := &Board{cat: cat}
	if opts != nil {
		b.opts = *opts
	}
	if b.opts.API == "" {
		b.opts.API = "/v1"
	}
	if b.opts.Refresh <= 0 {
		b.opts.Refresh = 30 * time.Second
	}
	if b.opts.TimeZone != "" {
		if _, err := time.LoadLocation(b.opts.TimeZone); err != nil {
			return nil, fmt.Errorf("board: %w: time zone %q: %v", dealerkit.ErrInvalid, b.opts.TimeZone, err)
		}
	}
	if missing := cat.Missing(requiredKeys()...); len(missing) > 0 {
		return nil, fmt.Errorf("board: %w: the catalogue lacks labels for %s", dealerkit.ErrInvalid, strings.Join(missing, ", "))
	}
	t, err := template.New("board").Parse(page)
	if err != nil {
		return nil, err
	}
	b.tmpl = t
	return b, nil
}

func requiredKeys() []string {
	keys := slices.Sorted(maps.Keys(Labels()))
	for _, s := range aftersales.States() {
		keys = append(keys, s.LabelKey())
	}
	for _, s := range complaints.States() {
		keys = append(keys, s.LabelKey())
	}
	for _, c := range complaints.Categories() {
		keys = append(keys, c.LabelKey())
	}
	for _, s := range complaints.Severities() {
		keys = append(keys, s.LabelKey())
	}
	return keys
}

// config is what the page's script reads: where the API is, how to authenticate, the labels in
// the page's language keyed by the values the API's JSON carries.
type config struct {
	API          string            `json:"api"`
	AuthHeader   string            `json:"auth_header,omitempty"`
	RefreshMS    int64             `json:"refresh_ms"`
	TimeZone     string            `json:"time_zone,omitempty"`
	Lang         string            `json:"lang"`
	OpenStates   []string          `json:"open_states"`
	Captions     map[string]string `json:"captions"`
	OrderStates  map[string]string `json:"order_states"`
	ClaimStates  map[string]string `json:"complaint_states"`
	Categories   map[string]string `json:"categories"`
	Severities   map[string]string `json:"severities"`
	PrintPattern string            `json:"print_pattern"`
}

type labelled interface {
	dealerkit.Labelled
	String() string
}

func labels[T labelled](cat *dealerkit.Catalogue, lang dealerkit.Lang, vs []T) map[string]string {
	m := map[string]string{}
	for _, v := range vs {
		m[v.String()] = cat.Value(lang, v)
	}
	return m
}

// ServeHTTP serves the page in the language of ?lang= (zh or en), else Accept-Language.
func (b *Board) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	lang := language(r.URL.Query().Get("lang"))
	if r.URL.Query().Get("lang") == "" {
		lang = language(r.Header.Get("Accept-Language"))
	}
	c := config{API: b.opts.API, AuthHeader: b.opts.AuthHeader, RefreshMS: b.opts.Refresh.Milliseconds(),
		TimeZone: b.opts.TimeZone, Lang: string(lang), Captions: map[string]string{},
		OrderStates: labels(b.cat, lang, aftersales.States()), ClaimStates: labels(b.cat, lang, complaints.States()),
		Categories: labels(b.cat, lang, complaints.Categories()), Severities: labels(b.cat, lang, complaints.Severities()),
		PrintPattern: b.opts.API + "/repair-orders/{id}/print/{doc}"}
	for _, s := range OpenStates() {
		c.OpenStates = append(c.OpenStates, s.String())
	}
	for k := range Labels() {
		c.Captions[strings.TrimPrefix(k, "board.")] = b.cat.Text(lang, k)
	}
	cfg, err := json.Marshal(c)
	if err != nil {
		http.Error(w, "board: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", string(lang))
	w.Header().Set("Cache-Control", "no-store")
	_ = b.tmpl.Execute(w, struct {
		Lang, Title string
		Config      template.JS
	}{c.htmlLang(), b.opts.Title, template.JS(cfg)})
}

func (c config) htmlLang() string {
	if c.Lang == string(dealerkit.Chinese) {
		return "zh-CN"
	}
	return "en"
}

// language picks zh or en from a ?lang= value or an Accept-Language header: the first tag that
// names either, English by default.
func language(s string) dealerkit.Lang {
	for _, part := range strings.Split(s, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.Split(part, ";")[0]))
		switch {
		case tag == "zh" || strings.HasPrefix(tag, "zh-"):
			return dealerkit.Chinese
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			return dealerkit.English
		}
	}
	return dealerkit.English
}

// Labels are the board's captions in Chinese and English; merge them into the host's catalogue.
func Labels() dealerkit.Labels {
	return dealerkit.Labels{
		"board.title":         {EN: "Workshop board", ZH: "车间看板"},
		"board.updated":       {EN: "Updated", ZH: "更新于"},
		"board.orders":        {EN: "Open repair orders", ZH: "在修工单"},
		"board.overdue":       {EN: "Overdue jobs", ZH: "超时作业"},
		"board.complaints":    {EN: "Complaint queue", ZH: "投诉处理队列"},
		"board.number":        {EN: "Order", ZH: "工单号"},
		"board.plate":         {EN: "Plate", ZH: "车牌"},
		"board.technician":    {EN: "Technician", ZH: "技师"},
		"board.promised":      {EN: "Promised", ZH: "承诺时间"},
		"board.late_by":       {EN: "Late by", ZH: "已超时"},
		"board.received":      {EN: "Received", ZH: "受理时间"},
		"board.category":      {EN: "Category", ZH: "类别"},
		"board.severity":      {EN: "Severity", ZH: "严重程度"},
		"board.state":         {EN: "State", ZH: "状态"},
		"board.next_deadline": {EN: "Next deadline", ZH: "下一时限"},
		"board.description":   {EN: "Complaint", ZH: "投诉内容"},
		"board.none":          {EN: "None", ZH: "无"},
		"board.error":         {EN: "Could not load", ZH: "加载失败"},
		"board.deadline_past": {EN: "past", ZH: "已逾期"},
		"board.print":         {EN: "Print", ZH: "打印"},
		"board.overdue_badge": {EN: "OVERDUE", ZH: "超时"},
	}
}
