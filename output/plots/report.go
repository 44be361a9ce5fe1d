package plots

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"path/filepath"
	"regexp"
	"strings"
)

// Report writes dir/report.html: one self-contained page (inline CSS, the
// figures as inline SVG, no external reference of any kind; a
// Content-Security-Policy forbids network loads) with the experiment name,
// config hash, plan size, a table of the headline contrasts (pairA - pairB
// of deterrence_success per point, with CI and P(A better)) and every figure
// Draw makes. A tiny inline script sets data-rendered on <body> to the
// number of figures that laid out with a non-zero size, so a headless
// browser can check the page (see .ci/chromium-check.sh).
func Report(dir string, meta Meta) error {
	r, err := loadResults(dir)
	if err != nil {
		return err
	}
	m := meta.complete(r)
	figs, err := r.figures(m)
	if err != nil {
		return err
	}
	page := reportPage{
		Meta:     m,
		Runs:     m.Points * m.Replicates * m.Architectures,
		PairA:    r.pairA,
		PairB:    r.pairB,
		Outcome:  headlineOutcome,
		Unit:     r.units[headlineOutcome],
		Scope:    r.scope(),
		NFigures: len(figs),
	}
	for _, p := range r.params {
		page.Params = append(page.Params, p.label())
	}
	at := make(map[int]designPoint, len(r.points))
	for _, p := range r.points {
		at[p.index] = p
	}
	for _, c := range r.headline() {
		row := contrastRow{Point: c.point, N: c.n, Diff: fmtNum(c.meanDiff), CI: fmtCI(c.lo, c.high), PBetter: fmtNum(c.pABetter)}
		for _, v := range at[c.point].values {
			row.Values = append(row.Values, formatValue(v))
		}
		switch {
		case c.lo > 0:
			row.Verdict, row.Class = c.a+" better", "a"
		case c.high < 0:
			row.Verdict, row.Class = c.b+" better", "b"
		default:
			row.Verdict = "CI includes 0"
		}
		page.Contrasts = append(page.Contrasts, row)
	}
	for _, f := range figs {
		svg, err := f.svg()
		if err != nil {
			return err
		}
		page.Figures = append(page.Figures, reportFigure{Name: f.name, Title: f.title, SVG: template.HTML(inlineSVG(svg, f.title))})
	}
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, page); err != nil {
		return fmt.Errorf("plots: report.html: %w", err)
	}
	return writeAtomic(filepath.Join(dir, "report.html"), buf.Bytes())
}

type reportPage struct {
	Meta      Meta
	Runs      int
	Params    []string
	PairA     string
	PairB     string
	Outcome   string
	Unit      string
	Scope     string
	Contrasts []contrastRow
	Figures   []reportFigure
	NFigures  int
}

type contrastRow struct {
	Point          int
	Values         []string
	N              int64
	Diff, CI       string
	PBetter        string
	Verdict, Class string
}

type reportFigure struct {
	Name, Title string
	SVG         template.HTML
}

func fmtNum(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.3f", v)
}

func fmtCI(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "–"
	}
	return fmt.Sprintf("[%.3f, %.3f]", lo, hi)
}

var (
	svgProlog = regexp.MustCompile(`(?s)^<\?xml[^>]*\?>\s*(<!--.*?-->\s*)?`)
	svgSize   = regexp.MustCompile(`^<svg width="[^"]*" height="[^"]*"`)
)

// inlineSVG turns a standalone SVG document into an element for HTML: no
// XML prolog, no fixed size (CSS scales it by its viewBox), and an accessible
// name.
func inlineSVG(svg []byte, title string) string {
	s := svgProlog.ReplaceAllString(string(svg), "")
	label := template.HTMLEscapeString(title)
	s = svgSize.ReplaceAllString(s, `<svg role="img" aria-label="`+label+`"`)
	return strings.TrimSpace(s)
}

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pactsim report: {{.Meta.Name}}</title>
<style>
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1.5rem; color: #111; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; font-family: "Liberation Mono", monospace; word-break: break-all; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9rem; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #ddd; text-align: right; }
th { background: #f3f3f3; }
td.v { text-align: left; }
tr.a td.v { color: #2166ac; font-weight: bold; }
tr.b td.v { color: #b2182b; font-weight: bold; }
figure { margin: 1rem 0 2rem; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 0.85rem; color: #444; }
.note { color: #444; font-size: 0.9rem; }
</style>
</head>
<body>
<h1>{{.Meta.Name}}</h1>
<p class="note">pactsim results report: deterrence architectures compared on common random numbers.</p>
<dl class="meta">
<dt>config sha256</dt><dd>{{if .Meta.ConfigSHA256}}{{.Meta.ConfigSHA256}}{{else}}(not recorded){{end}}</dd>
<dt>seed</dt><dd>{{.Meta.Seed}}</dd>
<dt>plan</dt><dd>{{.Meta.Points}} points × {{.Meta.Replicates}} replicates × {{.Meta.Architectures}} architectures = {{.Runs}} runs</dd>
<dt>swept</dt><dd>{{range $i, $p := .Params}}{{if $i}}, {{end}}{{$p}}{{else}}nothing (one point at the defaults){{end}}</dd>
</dl>

<h2 id="contrasts">Headline contrast: {{.PairA}} − {{.PairB}}, {{.Outcome}}</h2>
{{if .Contrasts}}
<p class="note">Paired mean difference per design point{{if .Unit}} ({{.Unit}}){{end}}, 95% CI, and P({{.PairA}} better): the share of replicates in which {{.PairA}} did better.</p>
<table>
<thead><tr><th>point</th>{{range .Params}}<th>{{.}}</th>{{end}}<th>n</th><th>mean difference</th><th>95% CI</th><th>P({{.PairA}} better)</th><th class="v">reading</th></tr></thead>
<tbody>
{{range .Contrasts}}<tr{{if .Class}} class="{{.Class}}"{{end}}><td>{{.Point}}</td>{{range .Values}}<td>{{.}}</td>{{end}}<td>{{.N}}</td><td>{{.Diff}}</td><td>{{.CI}}</td><td>{{.PBetter}}</td><td class="v">{{.Verdict}}</td></tr>
{{end}}</tbody>
</table>
{{else}}
<p class="note">No contrasts table, or no pair of architectures to contrast.</p>
{{end}}

<h2 id="figures">Figures</h2>
<p class="note">Pooled figures show the {{.Scope}}. The same figures are in plots/ as PNG and SVG.</p>
{{range .Figures}}<figure id="fig-{{.Name}}">
{{.SVG}}
<figcaption>{{.Title}} (plots/{{.Name}}.svg)</figcaption>
</figure>
{{end}}
<script>
(function () {
  var n = 0;
  document.querySelectorAll("figure svg").forEach(function (s) {
    var r = s.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) { n++; }
  });
  document.body.dataset.rendered = String(n);
  document.body.dataset.expected = "{{.NFigures}}";
})();
</script>
</body>
</html>
`))
