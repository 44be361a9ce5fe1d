package plots

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"math"
	"path/filepath"
	"regexp"
	"strings"

	"pactsim/output"
)

// Report writes dir/report.html: one self-contained page (inline CSS, the
// figures as inline SVG, no external reference of any kind; a
// Content-Security-Policy forbids network loads) with the experiment name,
// config hash, plan size, a table of the headline contrasts per headline
// pair a − b (both primary contrasts when both ran; per point: the mean
// difference in the headline outcome with its CI, P(a better), P(tie) and
// P(b better), a reading whose rule the page states, and the severity
// loss's difference, CI and reading), the primary contrasts pooled overall
// and by treaty formation, the analysis sections of the analysis tables the directory
// has (sensitivity, discovery, calibration: a reading, a table and their
// figures; a calibration's directory has this section alone), notes on any
// figure left out and why, and every figure Draw makes. A tiny inline script sets data-rendered on <body> to the number of
// figures that laid out with a non-zero size, so a headless browser can
// check the page (see .ci/chromium-check.sh). Like Draw, it checks ctx
// between batches and figures and writes nothing when it fails.
func Report(ctx context.Context, dir string, meta Meta) error {
	figs, r, err := buildFigures(ctx, dir, meta)
	if err != nil {
		return err
	}
	svgs := make([][]byte, len(figs))
	for i, f := range figs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if svgs[i], err = f.svg(); err != nil {
			return err
		}
	}
	return writeReport(ctx, dir, meta, figs, r, svgs)
}

// writeReport builds dir/report.html from the laid-out figures, the loaded
// results and each figure's SVG bytes (svgs[i] is figs[i]'s) and writes it.
func writeReport(ctx context.Context, dir string, meta Meta, figs []*figure, r *results, svgs [][]byte) error {
	page, err := reportBytes(ctx, meta, figs, r, svgs)
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, "report.html"), page)
}

// reportBytes is report.html's text for figs, r and the figures' SVG
// bytes svgs: what writeReport writes and Render returns.
func reportBytes(ctx context.Context, meta Meta, figs []*figure, r *results, svgs [][]byte) ([]byte, error) {
	m := meta.complete(r)
	page := reportPage{
		Meta:        m,
		Runs:        m.Points * m.Replicates * m.Architectures,
		Calibration: r.calibrationOnly,
		NFigures:    len(figs),
	}
	if !r.calibrationOnly {
		page.Outcome, page.OutcomeText = outcomeName(headline), lowerFirst(outcomeText(headline))
		page.Second, page.SecondUnit = outcomeName(second), unitOf(second)
		page.Scope, page.Notes = r.scope(), r.notes
		if len(r.architectures) == 1 {
			page.Single = r.architectures[0]
		}
		for _, p := range r.params {
			page.Params = append(page.Params, p.label())
		}
		page.Primary = r.primary
		for k, pd := range r.pairs {
			h := headTable{PairA: pd.a, PairB: pd.b, Total: pd.rows, First: k == 0}
			if len(r.pairs) > 1 {
				h.Question = pairQuestion(pd.a, pd.b)
				h.SignKey = signKey(pd.a, pd.b, headline)
			}
			h.Counts.A, h.Counts.B, h.Counts.Undecided, h.Counts.NoCI = pd.verdicts[aBetter], pd.verdicts[bBetter], pd.verdicts[undecided], pd.noCI
			for _, c := range r.headlineRows(pd) {
				h.Contrasts = append(h.Contrasts, r.contrastRow(pd, c))
				if h.Contrasts[len(h.Contrasts)-1].Mark {
					h.Marked = true
				}
			}
			page.Heads = append(page.Heads, h)
		}
		if len(r.pairs) == 0 && len(r.architectures) > 1 {
			// No headline rows at all: say so under the first pair's name.
			if ps := headlinePairs(r.architectures); len(ps) > 0 {
				page.Heads = []headTable{{PairA: ps[0][0], PairB: ps[0][1], First: true}}
			}
		}
	}
	if r.an.sens != nil {
		page.Sensitivity = sensitivitySection(r.an.sens)
		page.Sensitivity.Fresh = m.FreshReplicates
	}
	if r.an.disc != nil {
		page.Discovery = discoverySection(r.an.disc, m.Replicates)
	}
	if r.an.weight != nil {
		page.Weight = newWeightSection(r.an.weight)
	}
	if r.an.cal != nil {
		page.Calib = calibrationSection(r.an.cal)
		if r.calibrationOnly {
			page.Runs = m.Replicates * m.Architectures
		}
	}
	for i, f := range figs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rf := reportFigure{Name: f.name, Title: f.title, SVG: template.HTML(inlineSVG(svgs[i], f.title))}
		switch f.section {
		case sectionSensitivity:
			page.Sensitivity.Figures = append(page.Sensitivity.Figures, rf)
		case sectionDiscovery:
			page.Discovery.Figures = append(page.Discovery.Figures, rf)
		case sectionCalibration:
			page.Calib.Figures = append(page.Calib.Figures, rf)
		case sectionWeight:
			page.Weight.Figures = append(page.Weight.Figures, rf)
		case sectionPrimary:
			page.Primary.Figures = append(page.Primary.Figures, rf)
		default:
			page.Figures = append(page.Figures, rf)
		}
	}
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, page); err != nil {
		return nil, fmt.Errorf("plots: report.html: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// contrastRow is one row of a pair's headline table. P(b better) is what
// remains of the replicates after a's wins and the ties, since p_a_better
// counts strict wins in the outcome's better direction.
func (r *results) contrastRow(pd *pairData, c contrast) contrastRow {
	row := contrastRow{
		Point: c.point, N: c.n, Diff: fmtSig(c.meanDiff), CI: fmtCI(c.lo, c.high),
		PBetter: fmtNum(c.pABetter), PTie: fmtNum(c.pTie), PWorse: "–",
	}
	pB := math.NaN()
	if !math.IsNaN(c.pABetter) && !math.IsNaN(c.pTie) {
		pB = math.Max(0, 1-c.pABetter-c.pTie)
		row.PWorse = fmtNum(pB)
	}
	pos, _ := r.pos(c.point)
	for k, v := range r.points[pos].values {
		row.Values = append(row.Values, r.valueText(k, v))
	}
	v := c.verdict()
	row.Verdict, row.Class = verdictText(v, pd.a, pd.b)
	row.Verdict = c.reading(row.Verdict)
	switch v {
	case aBetter:
		row.Mark = pB > c.pABetter
	case bBetter:
		row.Mark = c.pABetter > pB
	}
	row.SecondDiff, row.SecondCI, row.SecondVerdict = "–", "–", "–"
	if s, ok := pd.second[c.point]; ok {
		row.SecondDiff, row.SecondCI = fmtSig(s.meanDiff), fmtCI(s.lo, s.high)
		row.SecondVerdict, row.SecondClass = verdictText(s.verdictIn(output.SecondaryOutcome), pd.a, pd.b)
		row.SecondVerdict = s.reading(row.SecondVerdict)
	}
	return row
}

// noCI is a headline table's reading of a difference without a confidence
// interval (fewer than two replicates): "CI includes 0" would claim an
// interval the data cannot give.
const noCI = "no CI (n < 2)"

// tieEverywhere reads a difference that is 0 in every replicate: "CI
// includes 0" under "0 [0, 0]" would read as a result of chance, not as
// no difference at all (hostile review, stop 25).
const tieEverywhere = "no difference in any replicate"

// reading is a headline table's reading of c: noCI without an interval,
// tieEverywhere for a difference of 0 in every replicate, else text, the
// reading of its verdict.
func (c contrast) reading(text string) string {
	switch {
	case math.IsNaN(c.lo) || math.IsNaN(c.high):
		return noCI
	case c.pTie == 1:
		return tieEverywhere
	}
	return text
}

// verdictText is a headline table's reading of verdict v of a − b and the
// cell's class: "a" or "b" for the side favoured, none when undecided.
func verdictText(v verdict, a, b string) (text, class string) {
	switch v {
	case aBetter:
		return a + " better", "a"
	case bBetter:
		return b + " better", "b"
	}
	return "CI includes 0", ""
}

type reportPage struct {
	Meta        Meta
	Runs        int
	Params      []string
	Single      string // the one architecture, when there is only one
	Outcome     string
	OutcomeText string
	Second      string // the second headline outcome, beside the first
	SecondUnit  string
	Scope       string
	// Heads are the headline tables, one per headline pair: both primary
	// contrasts when both ran (docs/model.md sec. 19).
	Heads    []headTable
	Notes    []string
	Figures  []reportFigure // the run's figures; the analysis sections hold theirs
	NFigures int            // every figure on the page
	// A calibration's directory: no design, no contrasts; Runs counts
	// one evaluation's runs.
	Calibration bool
	Sensitivity *sensSection    // nil without sensitivity.parquet
	Discovery   *discSection    // nil without discovery.parquet
	Calib       *calSection     // nil without calibration/targets.parquet
	Weight      *weightSection  // nil without contributions.parquet
	Primary     *primarySection // nil without a primary pair
}

// headTable is the headline table of one pair a − b.
type headTable struct {
	PairA, PairB string
	First        bool   // the first table, which states the reading rule
	Question     string // with two pairs: which question the pair answers
	SignKey      string // with two pairs: which sign favours whom
	Contrasts    []contrastRow
	Marked       bool // some row reads against the majority of replicates
	Total        int  // the pair's headline rows (design points) in contrasts.parquet
	Counts       struct{ A, B, Undecided, NoCI int }
}

type contrastRow struct {
	Point                 int
	Values                []string
	N                     int64
	Diff, CI              string
	PBetter, PTie, PWorse string
	Verdict, Class        string
	Mark                  bool // the reading and the majority of replicates disagree
	// The second headline outcome (severity loss) at the same point: mean
	// difference, CI and reading; "–" when the table has no such row.
	SecondDiff, SecondCI, SecondVerdict, SecondClass string
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

// fmtSig writes a difference to three significant digits: under model 2.0
// the headline contrasts in deterrence success are of the order of 0.001
// (docs/model.md sec. 17.3), which three decimals would print as 0.000.
func fmtSig(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	// Terms that cancel exactly in real numbers leave ±1e-19 in floating
	// point (a hostile review, stop 32: "2.17e-19 [−0.00627, 0.00627]");
	// every quantity the report prints resolves far above 1e-12, as
	// fmtSigned.
	if math.Abs(v) < 1e-12 {
		v = 0
	}
	if math.Abs(v) >= 1000 && math.Abs(v) < 1e15 {
		// Whole units: %.3g would switch to 1.52e+03 among fixed numbers
		// (a review, stop 25).
		return minus(fmt.Sprintf("%.0f", v))
	}
	// U+2212 as the report's other tables write it (a referee, stop 43:
	// the per-point tables printed "[-0.00152, …]" beside "−" elsewhere).
	return minus(fmt.Sprintf("%.3g", v))
}

func fmtCI(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "–"
	}
	return "[" + fmtSig(lo) + ", " + fmtSig(hi) + "]"
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

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{"plural": output.Plural}).Parse(`<!DOCTYPE html>
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
tr.a td.v1, td.v.a { color: #2166ac; font-weight: bold; }
tr.b td.v1, td.v.b { color: #b2182b; font-weight: bold; }
figure { margin: 1rem 0 2rem; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 0.85rem; color: #444; }
.note { color: #444; font-size: 0.9rem; }
.reading { font-size: 1.05rem; background: #f4f7fa; border-left: 4px solid #0072b2; padding: 0.5rem 0.8rem; }
td.weak { color: #999; }
td.noci { font-style: italic; }
td.met { color: #00805c; font-weight: bold; }
td.missed { color: #b2182b; font-weight: bold; }
</style>
</head>
<body>
<h1>{{.Meta.Name}}</h1>
<p class="note">pactsim results report: deterrence architectures compared on common random numbers.</p>
<dl class="meta">
<dt>config sha256</dt><dd>{{if .Meta.ConfigSHA256}}{{.Meta.ConfigSHA256}}{{else}}(not recorded){{end}}</dd>
<dt>seed</dt><dd>{{.Meta.Seed}}</dd>
{{if .Calibration}}<dt>calibration</dt><dd>{{.Calib.Evaluations}} {{plural .Calib.Evaluations "evaluation"}}, each {{.Meta.Replicates}} {{plural .Meta.Replicates "replicate"}} × {{.Meta.Architectures}} {{plural .Meta.Architectures "architecture"}} = {{.Runs}} {{plural .Runs "run"}} on the same task seeds</dd>
{{else}}<dt>plan</dt><dd>{{.Meta.Points}} {{plural .Meta.Points "point"}} × {{.Meta.Replicates}} {{plural .Meta.Replicates "replicate"}} × {{.Meta.Architectures}} {{plural .Meta.Architectures "architecture"}} = {{.Runs}} {{plural .Runs "run"}}</dd>
<dt>swept</dt><dd>{{range $i, $p := .Params}}{{if $i}}, {{end}}{{$p}}{{else}}nothing (one point at the defaults){{end}}</dd>
{{end}}</dl>
{{if not .Calibration}}

<h2 id="contrasts">Headline contrast{{if eq (len .Heads) 1}}{{with index .Heads 0}}: {{.PairA}} − {{.PairB}}{{end}}, {{.Outcome}}{{else if .Heads}}s: {{.Outcome}}{{end}}{{if .Heads}} and {{.Second}}{{end}}</h2>
{{if .Single}}
<p class="note">This run has one architecture ({{.Single}}): there is nothing to contrast.</p>
{{else}}{{if gt (len .Heads) 1}}<p class="note">Both primary contrasts ran, so there is a table for each (docs/model.md sec. 19): {{range $i, $h := .Heads}}{{if $i}}; {{end}}{{$h.PairA}} − {{$h.PairB}}, {{$h.Question}}{{end}}.</p>
{{end}}{{$ot := .OutcomeText}}{{$so := .Second}}{{$su := .SecondUnit}}{{$params := .Params}}{{range .Heads}}{{if .Question}}
<h3 id="contrasts-{{.PairA}}-{{.PairB}}">{{.PairA}} − {{.PairB}}: {{.Question}}</h3>
<p class="note">{{.SignKey}}.</p>
{{end}}{{if .Contrasts}}
{{if .First}}<p class="note">Per design point: the mean over replicates of the paired difference {{.PairA}} − {{.PairB}} in the {{$ot}}, with its 95% confidence interval, and how the n replicates split: P({{.PairA}} better), P(tie) and P({{.PairB}} better) are the shares in which {{.PairA}} did strictly better, equally well, or strictly worse (they sum to 1). The last three columns give the paired difference in {{$so}} ({{$su}}; lower is better, so a negative difference favours {{.PairA}}), its 95% CI and its reading by the same rule.</p>
<p class="note" id="rule"><b>How the reading is made.</b> It looks at the mean difference only: “{{.PairA}} better” when the whole 95% CI lies above 0, “{{.PairB}} better” when the whole CI lies below 0, “CI includes 0” otherwise, and “no CI” where one replicate gives no interval. The P columns count replicates instead, so the two can disagree: a row marked † reads one way while more replicates went the other way, because the side the reading names won fewer replicates but by larger margins (for example, {{.PairA}} ahead by a little in most replicates and {{.PairB}} ahead by a lot in the rest reads “{{.PairB}} better †”).</p>
{{else}}<p class="note">Per design point, as above: the paired difference {{.PairA}} − {{.PairB}} in the {{$ot}}, its 95% CI, the split of the replicates and the reading by the rule above; then the same for {{$so}}.</p>
{{end}}<table>
<thead><tr><th>point</th>{{range $params}}<th>{{.}}</th>{{end}}<th>n</th><th>mean difference</th><th>95% CI</th><th>P({{.PairA}} better)</th><th>P(tie)</th><th>P({{.PairB}} better)</th><th class="v">reading</th><th>{{$so}}: mean difference</th><th>95% CI</th><th class="v">reading</th></tr></thead>
<tbody>
{{range .Contrasts}}<tr{{if .Class}} class="{{.Class}}"{{end}}><td>{{.Point}}</td>{{range .Values}}<td>{{.}}</td>{{end}}<td>{{.N}}</td><td>{{.Diff}}</td><td>{{.CI}}</td><td>{{.PBetter}}</td><td>{{.PTie}}</td><td>{{.PWorse}}</td><td class="v v1">{{.Verdict}}{{if .Mark}} †{{end}}</td><td>{{.SecondDiff}}</td><td>{{.SecondCI}}</td><td class="v{{if .SecondClass}} {{.SecondClass}}{{end}}">{{.SecondVerdict}}</td></tr>
{{end}}</tbody>
</table>
{{if .Marked}}<p class="note">† The reading and the majority of replicates point different ways; see the rule above.</p>{{end}}
<p class="note">In deterrence success, over {{if eq .Total 1}}the one design point{{else}}all {{.Total}} design points{{end}}: {{.PairA}} better at {{.Counts.A}}, {{.PairB}} better at {{.Counts.B}}, CI includes 0 at {{.Counts.Undecided}}{{if .Counts.NoCI}}, no CI (n &lt; 2) at {{.Counts.NoCI}}{{end}}. Where there is no difference, each side still comes out better at about 2.5% of the points by chance: more or less where the per-replicate differences are skewed or sparse (in 256 points of the shipped map, at its 40 replicates, deterrence differences with their signs flipped at random came out better at 1.9% to 2.6% of the points a side, and resampled about their mean, which keeps their skew, at 2.2% to 3.5%), and points that repeat the same runs (a repeated design point under crn: points) come out alike.{{if gt .Total (len .Contrasts)}} The table shows the first {{len .Contrasts}}; contrasts.csv holds every point.{{end}}</p>
{{else}}
<p class="note">No contrasts table, or no {{.PairA}} − {{.PairB}} rows in it.</p>
{{end}}{{end}}
{{end}}
{{end}}
{{with .Primary}}
<h2 id="primary">Primary contrasts</h2>
{{range .Readings}}<p class="reading primary">{{.}}</p>
{{end}}<p class="note">The question the debate disputes is what a treaty adds: treaty_plus_cells − layered. Model 1.1's headline, layered − treaty, also changes the cells, so it is reported beside it (docs/model.md sec. 19).{{if .Missing}} This run has no {{.Missing}}, so only the contrast{{if gt (len .Readings) 1}}s{{end}} above can be shown.{{end}} Two headline outcomes: deterrence success, the share of periods with neither a fait accompli (a change of control) nor a war; and the severity-weighted loss, which counts every crisis not denied in every domain — grey-zone episodes and economic coercion at weight 1, blockades 10, armed attacks 30, wars 100 (docs/model.md sec. 13) — so that grey-zone and economic coercion, the common crises, are weighed and not only changes of control. Lower loss is better. Each cell: the replicate-weighted mean over design points of the paired difference, its Student t 95% CI from the stratified standard error (degrees of freedom: the replicates less one per design point; no CI where a design point has a single replicate), and the replicates; by treaty formation as decided in contrasts_by_formation.csv (the treaty-bearing architecture of the pair).{{if .Shared}} This design shares each replicate's world across its points (crn: points), so the points are not independent strata and the cells give no CI; each point's own interval is in contrasts.csv, and a pooled one comes from the runs table, averaging each replicate's paired differences over the points.{{end}}{{if $.Weight}} The design points of this run are model variants (a mechanism switched off, or a strength moved), so the pooled cells average different models: the contrasts at the defaults are the defaults' rows of contrasts.csv, and "Which argument carries the weight" below gives what each variant changes.{{end}}</p>
<table>
<thead><tr><th class="v">contrast</th><th class="v">outcome</th>{{range .Strata}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr><td class="v">{{.Pair}}</td><td class="v">{{.Outcome}}</td>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{if .Formation}}<p class="reading formation">{{.Formation}}</p>
<p class="note">Formed and not formed hold different replicates: the gap between them compares worlds in which the treaty formed with worlds in which it did not, which differ in more than the treaty (formation depends on the replicate's population and history, docs/model.md secs. 5.2–5.4): it describes, it does not estimate an effect of formation.{{if .Gap}} The gap's CI combines the two strata's standard errors as independent.{{end}}</p>
{{end}}{{template "figures" .Figures}}
{{end}}
{{with .Weight}}
<h2 id="weight">Which argument carries the weight</h2>
<p class="reading">{{.Reading}}</p>
{{if .Sweep}}<p class="note">Each row sets one strength (docs/model.md sec. 19) to the value it names{{if .OffNamed}}, or, where it names a mechanism ({{.OffNamed}}), to the value that switches the mechanism off{{end}}, the others at their defaults, on the same replicates as the defaults (common random numbers). A row's contribution to a contrast is the contrast at the defaults minus the contrast at that value, averaged over replicates; its 95% CI comes from the paired per-replicate differences. A positive contribution means moving the strength from that value to its default raises a − b. For deterrence success (higher is better) a positive contribution favours a; for the severity-weighted loss (lower is better) it favours b. Each CI is for one comparison: where none contributes, about one in twenty still excludes 0 by chance, so read a lone detectable contribution among many with care. Grey: the CI includes 0 (no detectable contribution){{if .NoCI}}; italic: no CI ([–, –], one replicate per point), so the contribution is neither detectable nor shown to be undetectable{{end}}. contributions.csv has every outcome.</p>
{{else}}<p class="note">Each mechanism of the model (docs/model.md sec. 19) was switched off in turn, and all of them together, on the same replicates (common random numbers). A mechanism's contribution to a contrast is the contrast at the defaults minus the contrast with that mechanism off, averaged over replicates; its 95% CI comes from the paired per-replicate differences. A positive contribution means the mechanism raises a − b. For deterrence success (higher is better) a positive contribution favours a; for the severity-weighted loss (lower is better) it favours b. Each CI is for one comparison: where none contributes, about one in twenty still excludes 0 by chance, so read a lone detectable contribution among many with care. Grey: the CI includes 0 (no detectable contribution){{if .NoCI}}; italic: no CI ([–, –], one replicate per point), so the contribution is neither detectable nor shown to be undetectable{{end}}. contributions.csv has every outcome.</p>
{{end}}<table>
<thead><tr><th class="v">{{if .Sweep}}row{{else}}switched off{{end}}</th>{{range .Pairs}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr><td class="v">{{.Mechanism}}</td>{{range .Cells}}<td{{if .Weak}} class="weak"{{else if .NoCI}} class="noci"{{end}}>{{.Main}} {{.CI}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{if .BreakEven}}<p class="note"><b>Break-even values.</b> Each strength swept alone over the values the column "swept" gives, the others at their defaults (experiments/breakeven.yaml sweeps each from 0 to 1.5 × the top of its plausible range): where the mean contrast changes sign (linear interpolation between neighbouring values; the crossing nearest the default when there are several, which signals a contrast near 0 where Monte Carlo noise decides the sign). A value marked “sign not detectable at any swept value” has no point of its curve whose 95% CI excludes 0, however many crossings it has: the sign change it locates is not resolved at this number of replicates, and the value may be noise.</p>
<table>
<thead><tr><th class="v">strength</th><th>default</th><th>swept</th>{{range .Pairs}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .BreakEven}}<tr><td class="v">{{.Param}}</td><td>{{.Default}}</td><td>{{.Range}}</td>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}
{{template "figures" .Figures}}
{{end}}
{{with .Sensitivity}}
<h2 id="sensitivity">What matters most</h2>
<p class="reading">{{.Reading}}</p>
{{if .Sobol}}<p class="note">Sobol' indices per quantity: ST is the share of the quantity's variance over the design that a parameter explains with all its interactions, S1 the share it explains alone. {{if .NoCI}}{{.NoCIWhy}}: fix a parameter only where the whole ST interval of a run with a bootstrap lies below a small threshold chosen in advance (README, “Which unknowns matter, and where each structure wins”). Each cell: ST · S1.{{else}}A parameter whose ST interval includes 0 (grey) has no detectable effect at this sample size, which is not evidence that it has none{{if .Fresh}}; and with crn: none, where every point draws its replicates anew, their noise alone puts ST (a mean of squares) and its interval above 0 for a parameter with no effect, so an interval above 0 does not show an effect either{{end}}: fix a parameter only where its whole ST interval lies below a small threshold chosen in advance (README, “Which unknowns matter, and where each structure wins”). Each cell: ST [95% bootstrap CI] · S1.{{end}} Rows: parameters by their largest ST.</p>
{{else}}<p class="note">Morris elementary effects per quantity: μ* is the mean size of a parameter's effect (in the quantity's unit per whole range of the parameter), σ the spread of its effects; σ large against μ* flags interactions or non-linearity. {{if .NoCI}}{{.NoCIWhy}}. Each cell: μ* · σ.{{else}}A parameter whose μ* interval includes 0 (grey) has no detectable effect at this sample size, which is not evidence that it has none.{{if .Fresh}} With crn: none, where every point draws its replicates anew, their noise alone puts μ* (a mean of absolute effects) and its interval above 0 for a parameter with no effect, so an interval above 0 does not show an effect; under crn: points (the default) a parameter the model does not read has every effect 0.{{end}} Each cell: μ* [95% bootstrap CI] · σ.{{end}} Rows: parameters by their largest μ*, relative to each quantity's largest.</p>
{{end}}<table>
<thead><tr><th class="v">parameter</th>{{range .Columns}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr><td class="v">{{.Param}}</td>{{range .Cells}}<td{{if .Weak}} class="weak"{{end}}>{{.Main}}{{if .CI}} {{.CI}}{{end}}{{if .Other}} · {{.Other}}{{end}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{if .More}}<p class="note">{{.More}} more {{plural .More "parameter"}} in sensitivity.csv.</p>{{end}}
{{if .Flat}}<p class="note">{{.Flat}}.</p>{{end}}
{{if .Caveat}}<p class="note">Note: {{.Caveat}}.</p>{{end}}
{{template "figures" .Figures}}
{{end}}
{{with .Discovery}}
<h2 id="discovery">Where each structure wins</h2>
<p class="reading">{{.Reading}}</p>
{{if .Why}}<p class="note">Points without a value: {{range $i, $w := .Why}}{{if $i}}; {{end}}{{$w}}{{end}}.</p>{{end}}
<p class="note">PRIM (Friedman &amp; Fisher 1999) looks for a box of the parameter space where a condition holds. Coverage: the share of the points where it holds that lie in the box; density: the share of the box's points where it holds; the box's share of the space: its share of all design points. The selected box has the largest coverage × density if it does better than the same search on the points of interest shuffled among the points (19 shuffles, a test at level 0.05; not made under crn: points, where the shuffles are no null), else box 0, the whole space; its limits are inclusive, and a parameter not named is free over its whole range.</p>
<table>
<thead><tr><th class="v">condition</th><th>selected box</th><th>coverage</th><th>density</th><th>share of the space</th><th class="v">where</th></tr></thead>
<tbody>
{{range .Rows}}<tr><td class="v">{{.Target}}</td><td>{{.Box}}</td><td>{{.Coverage}}</td><td>{{.Density}}</td><td>{{.Mass}}</td><td class="v">{{.Where}}</td></tr>
{{end}}</tbody>
</table>
{{template "figures" .Figures}}
{{end}}
{{with .Calib}}
<h2 id="calibration">Calibration</h2>
<p class="reading">{{.Reading}}</p>
<p class="note">Each target at the best evaluation: what it asks, what the model achieved with its Student t 95% CI, and whether the achieved value lies in the wanted range (the loss counts only the distance outside it).</p>
<table>
<thead><tr><th class="v">target</th><th>wanted</th><th>achieved</th><th>95% CI</th><th>weight</th><th class="v">met</th></tr></thead>
<tbody>
{{range .Rows}}<tr><td class="v">{{.Name}}</td><td>{{.Wanted}}</td><td>{{.Achieved}}</td><td>{{.CI}}</td><td>{{.Weight}}</td>{{if .Met}}<td class="v met">✓ met</td>{{else}}<td class="v missed">✗ missed</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{if .Why}}<p class="note">{{range $i, $w := .Why}}{{if $i}}; {{end}}{{$w}}{{end}}.</p>{{end}}
{{if .Best}}<p class="note">The best evaluation's values ({{.Evaluations}} {{plural .Evaluations "evaluation"}}; calibrated.yaml holds them to every digit): {{range $i, $b := .Best}}{{if $i}}, {{end}}{{$b}}{{end}}.</p>{{end}}
{{template "figures" .Figures}}
{{end}}
{{if .Notes}}
<h2 id="notes">Figures left out</h2>
<ul class="note">
{{range .Notes}}<li>{{.}}</li>
{{end}}</ul>
{{end}}

{{if .Figures}}
<h2 id="figures">Figures</h2>
<p class="note">Pooled figures show the {{.Scope}}. The same figures are in plots/ as PNG and SVG.</p>
{{template "figures" .Figures}}
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
{{define "figures"}}{{range .}}<figure id="fig-{{.Name}}">
{{.SVG}}
<figcaption>{{.Title}} (plots/{{.Name}}.svg)</figcaption>
</figure>
{{end}}{{end}}`))
