package policylab

import (
	"fmt"
	"html/template"
	"io"
	"sort"

	"github.com/shopspring/decimal"
)

// bar is one bar of a grouped bar chart.
type bar struct {
	X, Y, W, H float64
	Class      string
	Title      string
}

// label is a text under or beside the bars.
type label struct {
	X, Y  float64
	Text  string
	Class string
}

// chart is one inline SVG bar chart: groups of an A bar and a B bar.
type chart struct {
	ID, Title string
	Width     float64
	Height    float64
	Bars      []bar
	Labels    []label
	Empty     bool
}

const (
	chartHeight = 220.0
	plotTop     = 20.0
	plotBottom  = 180.0
)

// groupedBars draws one A and one B bar per group, scaled to the largest value. The values stay
// decimal: text prints them exactly through text, and float64 is used for bar geometry only.
func groupedBars(id, title string, groups []string, a, b []decimal.Decimal, text func(decimal.Decimal) string) chart {
	c := chart{ID: id, Title: title, Height: chartHeight}
	maxV := decimal.Zero
	for i := range groups {
		maxV = decimal.Max(maxV, a[i], b[i])
	}
	const gw, bw, left = 56.0, 20.0, 40.0
	c.Width = left + float64(len(groups))*gw + 20
	if len(groups) == 0 {
		c.Width, c.Empty = 320, true
		c.Labels = append(c.Labels, label{X: 20, Y: 100, Text: "nothing to draw", Class: "note"})
		return c
	}
	c.Labels = append(c.Labels, label{X: 4, Y: plotTop + 4, Text: text(maxV), Class: "axis"}, label{X: 4, Y: plotBottom, Text: "0", Class: "axis"})
	for i, g := range groups {
		x := left + float64(i)*gw
		for side, v := range []decimal.Decimal{a[i], b[i]} {
			h := 0.0
			if maxV.IsPositive() {
				h = (plotBottom - plotTop) * toFloat(v) / toFloat(maxV) // geometry only
			}
			cls, name := "bar a", "A"
			if side == 1 {
				cls, name = "bar b", "B"
			}
			// A zero still draws a hairline so every group shows both sides.
			c.Bars = append(c.Bars, bar{X: x + float64(side)*(bw+2), Y: plotBottom - max(h, 1), W: bw, H: max(h, 1), Class: cls,
				Title: fmt.Sprintf("%s %s: %s", g, name, text(v))})
		}
		c.Labels = append(c.Labels, label{X: x, Y: plotBottom + 16, Text: g, Class: "tick"})
	}
	return c
}

// count prints a count; money (outcome.go) prints an amount to the cent, exactly.
func count(d decimal.Decimal) string { return d.String() }

func toFloat(d decimal.Decimal) float64 {
	f, _ := d.Float64() // bar geometry only: every figure printed is formatted from the decimal
	return f
}

// charts are the page's three charts: escalations per week, grades, reward cost.
func (r *Report) charts() []chart {
	var weeks []string
	var ea, eb []decimal.Decimal
	for _, w := range r.Escalations {
		weeks = append(weeks, w.Week.Format("01-02"))
		ea, eb = append(ea, decimal.NewFromInt(int64(w.A))), append(eb, decimal.NewFromInt(int64(w.B)))
	}
	gradeA, gradeB := map[string]int64{}, map[string]int64{}
	for _, g := range r.Grades {
		gradeA[g.A] += int64(g.Count)
		gradeB[g.B] += int64(g.Count)
	}
	var grades []string
	for g := range gradeA {
		grades = append(grades, g)
	}
	for g := range gradeB {
		if _, ok := gradeA[g]; !ok {
			grades = append(grades, g)
		}
	}
	sort.Strings(grades)
	var ga, gb []decimal.Decimal
	for _, g := range grades {
		ga, gb = append(ga, decimal.NewFromInt(gradeA[g])), append(gb, decimal.NewFromInt(gradeB[g]))
	}
	return []chart{
		groupedBars("chart-escalations", "Escalations per week (week starting, UTC)", weeks, ea, eb, count),
		groupedBars("chart-grades", "People per grade", grades, ga, gb, count),
		groupedBars("chart-cost", "Reward and penalty cost", []string{"reward", "penalty"},
			[]decimal.Decimal{r.CostA.Reward, r.CostA.Penalty}, []decimal.Decimal{r.CostB.Reward, r.CostB.Penalty}, money),
	}
}

// WriteHTML writes the report as one self-contained page (inline CSS and SVG, no network needed
// to view it): the totals, the three charts, every change with its record id, and the groups
// of not replayable outcomes with their counts and sample record ids (Report.Unreplayable).
func (r *Report) WriteHTML(w io.Writer) error {
	type row struct {
		Label  string
		Kind   Kind
		Totals Totals
	}
	labels := Labels()
	var totals []row
	for _, k := range Kinds() {
		totals = append(totals, row{labels[k.LabelKey()].EN, k, r.Totals[k]})
	}
	var changed []Outcome
	for _, o := range r.Outcomes {
		if o.Status == Changed {
			changed = append(changed, o)
		}
	}
	type group struct {
		UnreplayableGroup
		Samples []string // each sample's record in a line
		More    int      // the group's records not sampled
	}
	var unreplayable []group
	total := 0
	for _, g := range r.Unreplayable {
		x := group{UnreplayableGroup: g, More: g.Count - len(g.Samples)}
		for _, s := range g.Samples {
			x.Samples = append(x.Samples, r.sampleText(s))
		}
		unreplayable = append(unreplayable, x)
		total += g.Count
	}
	t, err := template.New("page").Parse(pageHTML)
	if err != nil {
		return err
	}
	return t.Execute(w, map[string]any{
		"R": r, "Totals": totals, "Charts": r.charts(), "Changed": changed, "NotReplayable": unreplayable,
		"NotReplayableCount": total,
		"CostA":              fmt.Sprintf("%s / %s", money(r.CostA.Reward), money(r.CostA.Penalty)),
		"CostB":              fmt.Sprintf("%s / %s", money(r.CostB.Reward), money(r.CostB.Penalty)),
	})
}

const pageHTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Policy lab: {{.R.A}} vs {{.R.B}}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f2f2f2}.changed{background:#fff4e0}.nr{background:#eef}
.charts{display:flex;flex-wrap:wrap;gap:24px}
figure{margin:0;border:1px solid #ddd;padding:8px}
.bar.a{fill:#1f6fb4}.bar.b{fill:#e0701c}
.tick,.axis,.note{font-size:11px;fill:#333}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
code{font-size:12px}
</style></head><body>
<h1>Policy lab: A = {{.R.A}}, B = {{.R.B}}</h1>
<p>{{len .R.Dealers}} dealer(s), {{.R.Records}} records read. Reward / penalty cost: A {{.CostA}}, B {{.CostB}}.</p>
<p class="legend"><span style="background:#1f6fb4"></span>A (in force)<span style="background:#e0701c"></span>B (candidate)</p>
<div class="charts">
{{range .Charts}}<figure><figcaption>{{.Title}}</figcaption>
<svg class="chart" id="{{.ID}}" xmlns="http://www.w3.org/2000/svg" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}">
<line x1="36" y1="180" x2="{{.Width}}" y2="180" stroke="#999"/>
{{range .Bars}}<rect class="{{.Class}}" x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}"><title>{{.Title}}</title></rect>
{{end}}{{range .Labels}}<text class="{{.Class}}" x="{{.X}}" y="{{.Y}}">{{.Text}}</text>
{{end}}</svg></figure>
{{end}}</div>
<h2>Totals</h2>
<table><tr><th>kind</th><th>unchanged</th><th>changed</th><th>not replayable</th></tr>
{{range .Totals}}<tr><td>{{.Label}} <code>{{.Kind}}</code></td><td>{{.Totals.Unchanged}}</td><td>{{.Totals.Changed}}</td><td>{{.Totals.NotReplayable}}</td></tr>
{{end}}</table>
<h2>Changed ({{len .Changed}})</h2>
<table><tr><th>kind</th><th>record</th><th>what</th><th>A</th><th>B</th></tr>
{{range .Changed}}<tr class="changed"><td>{{.Kind}}</td><td>{{.RecordKind}} <code>{{.Record}}</code></td><td>{{.Ref}}</td><td>{{.A}}</td><td>{{.B}}</td></tr>
{{end}}</table>
<h2>Not replayable ({{.NotReplayableCount}} in {{len .NotReplayable}} groups)</h2>
<table><tr><th>kind</th><th>what</th><th>why</th><th>count</th><th>records (the first)</th></tr>
{{range .NotReplayable}}<tr class="nr"><td>{{.Kind}}</td><td>{{.Ref}}</td><td>{{.Reason}}</td><td class="count">{{.Count}}</td><td>{{range .Samples}}<code class="sample">{{.}}</code><br>{{end}}{{if .More}}and {{.More}} more{{end}}</td></tr>
{{end}}</table>
</body></html>
`
