package plots

import (
	"cmp"
	"context"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"pactsim/output"
)

// The report's section "Which argument carries the weight" (docs/model.md
// sec. 19, "Estimand and ablation"), present only when the directory has
// the contributions table of an ablation: each mechanism's contribution to
// both primary contrasts with its 95% CI (a figure per headline outcome,
// one panel per contrast), one sentence of reading made from the numbers,
// and, when the directory has the breakeven table, each strength's
// break-even value.

var (
	contributionsName = output.TableContributions + ".parquet"
	breakEvenName     = output.TableBreakEven + ".parquet"
	sectionWeight     = "weight"
)

// weightOutcomes are the outcomes the section shows: the two headlines.
var weightOutcomes = []string{col(output.PrimaryOutcome), col(output.SecondaryOutcome)}

// contribution is one row of the contributions table.
type contribution struct {
	mechanism, outcome, a, b string
	n                        int64
	def, off, c, lo, hi      float64
}

// significant reports whether the contribution's CI excludes 0.
func (c contribution) significant() bool {
	return c.hasCI() && (c.lo > 0 || c.hi < 0)
}

// hasCI reports whether the contribution has an interval.
func (c contribution) hasCI() bool { return !math.IsNaN(c.lo) && !math.IsNaN(c.hi) }

// breakEvenRow is one row of the breakeven table.
type breakEvenRow struct {
	param, outcome, a, b string
	def, low, high, x    float64 // x NaN: none within range
	crossings            int
	noSign               bool // no point of the curve has a CI that excludes 0 (markUndetectable)
}

type weightData struct {
	contribs []contribution // weightOutcomes only, in table order
	be       []breakEvenRow // weightOutcomes only; nil without the table
}

func loadWeight(ctx context.Context, dir string) (*weightData, error) {
	path := filepath.Join(dir, contributionsName)
	if ok, err := exists(path); err != nil || !ok {
		return nil, err
	}
	t, err := readSmallTable(ctx, path, output.ColMechanism, output.ColOutcome, output.ColArchitectureA, output.ColArchitectureB,
		output.ColN, output.ColContrastDefault, output.ColContrastOff, output.ColContribution, output.ColCILow, output.ColCIHigh)
	if err != nil {
		return nil, err
	}
	w := &weightData{}
	var s [4][]string
	for i, name := range []string{output.ColMechanism, output.ColOutcome, output.ColArchitectureA, output.ColArchitectureB} {
		if s[i], err = t.strings(name, false); err != nil {
			return nil, err
		}
	}
	var x [6][]float64
	for i, name := range []string{output.ColN, output.ColContrastDefault, output.ColContrastOff, output.ColContribution, output.ColCILow, output.ColCIHigh} {
		if x[i], err = t.numbers(name, i > 0); err != nil {
			return nil, err
		}
	}
	for i := range t.rows {
		// A sweep point at the default value (a break-even sweep that
		// passes through it) is labelled "defaults": its contribution is 0
		// by construction, so it is no row of the section.
		if !slices.Contains(weightOutcomes, s[1][i]) || s[0][i] == "defaults" {
			continue
		}
		w.contribs = append(w.contribs, contribution{mechanism: s[0][i], outcome: s[1][i], a: s[2][i], b: s[3][i],
			n: int64(x[0][i]), def: x[1][i], off: x[2][i], c: x[3][i], lo: x[4][i], hi: x[5][i]})
	}
	path = filepath.Join(dir, breakEvenName)
	if ok, err := exists(path); err != nil {
		return nil, err
	} else if ok {
		t, err := readSmallTable(ctx, path, output.ColParameter, output.ColOutcome, output.ColArchitectureA, output.ColArchitectureB,
			output.ColDefaultValue, output.ColLow, output.ColHigh, output.ColBreakEvenValue, output.ColCrossings)
		if err != nil {
			return nil, err
		}
		var s [4][]string
		for i, name := range []string{output.ColParameter, output.ColOutcome, output.ColArchitectureA, output.ColArchitectureB} {
			if s[i], err = t.strings(name, false); err != nil {
				return nil, err
			}
		}
		var x [5][]float64
		for i, name := range []string{output.ColDefaultValue, output.ColLow, output.ColHigh, output.ColBreakEvenValue, output.ColCrossings} {
			if x[i], err = t.numbers(name, i == 3); err != nil {
				return nil, err
			}
		}
		w.be = []breakEvenRow{}
		for i := range t.rows {
			if !slices.Contains(weightOutcomes, s[1][i]) {
				continue
			}
			w.be = append(w.be, breakEvenRow{param: s[0][i], outcome: s[1][i], a: s[2][i], b: s[3][i],
				def: x[0][i], low: x[1][i], high: x[2][i], x: x[3][i], crossings: int(x[4][i])})
		}
		if err := markUndetectable(ctx, dir, w.be); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// pairs returns the contrasts of the rows, the figures' order: the
// primary pairs in output.PrimaryPairs order (what a treaty adds first,
// where the table lists layered − treaty first), then any other in order
// of first appearance.
func (w *weightData) pairs() [][2]string {
	var seen [][2]string
	for _, c := range w.contribs {
		p := [2]string{c.a, c.b}
		if !slices.Contains(seen, p) {
			seen = append(seen, p)
		}
	}
	var out [][2]string
	for _, p := range output.PrimaryPairs {
		if slices.Contains(seen, p) {
			out = append(out, p)
		}
	}
	for _, p := range seen {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// rows returns the contributions to a − b in outcome, in table order.
func (w *weightData) rows(a, b, outcome string) []contribution {
	var out []contribution
	for _, c := range w.contribs {
		if c.a == a && c.b == b && c.outcome == outcome {
			out = append(out, c)
		}
	}
	return out
}

// weightReading is the section's reading: for the first primary contrast,
// one sentence per headline outcome naming the row whose contribution is
// largest in size among those whose CI excludes 0, what the contrast is
// with and without it, and how many rows carry a detectable part; or that
// none does. Rows are mechanisms switched off (an ablation) or strengths
// set to other values (a break-even sweep, whose labels name the value).
func weightReading(w *weightData) string {
	ps := w.pairs()
	if len(ps) == 0 {
		return "The ablation has no primary contrast to decompose."
	}
	var out []string
	for _, outcome := range weightOutcomes {
		if s := weightSentence(ps[0][0], ps[0][1], outcome, w.rows(ps[0][0], ps[0][1], outcome)); s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return "The ablation has no rows for " + ps[0][0] + " − " + ps[0][1] + "."
	}
	return strings.Join(out, " ")
}

// weightSentence is weightReading's sentence for one outcome; "" without
// rows.
func weightSentence(a, b, outcome string, rs []contribution) string {
	if len(rs) == 0 {
		return ""
	}
	var sig []contribution
	all := -1
	sweep := false
	noCI := 0 // rows without an interval (one replicate per point)
	for i, c := range rs {
		if c.mechanism == allOffLabel {
			all = i
			continue
		}
		sweep = sweep || isSweepRow(c.mechanism)
		if c.significant() {
			sig = append(sig, c)
		}
		if math.IsNaN(c.lo) || math.IsNaN(c.hi) {
			noCI++
		}
	}
	quantity := a + " − " + b + " in " + outcomeName(outcome)
	rows, row, what := "mechanisms switched off", "mechanism switched off", "switched off"
	if sweep {
		rows, row, what = "rows of the sweep", "row of the sweep", "in that row"
	}
	n := len(rs) - b2i(all >= 0)
	// One row is "the one mechanism switched off", not "none of the 1
	// mechanisms" (a review, stop 49).
	none, has, changes := fmt.Sprintf("none of the %d %s", n, rows), "has a", "changes"
	if n == 1 {
		none, has, changes = "the one "+row, "has no", "does not change"
	}
	var s string
	switch {
	case len(sig) == 0 && noCI == n:
		// No interval at all: "every 95% CI includes 0" was said beside
		// a table of "[–, –]" (a review, stop 48: one replicate per point).
		s = fmt.Sprintf("In %s, %s %s 95%% CI (one replicate per point gives none), so no contribution can be called detectable (the contrast at the defaults is %s).", quantity, none, has, fmtSigned(rs[0].def))
	case len(sig) == 0 && noCI > 0:
		s = fmt.Sprintf("In %s, %s %s the contrast detectably (no 95%% CI excludes 0, and %d %s none; the contrast at the defaults is %s).", quantity, none, changes, noCI, plural3(noCI, "has", "have"), fmtSigned(rs[0].def))
	case len(sig) == 0:
		every := "every 95% CI includes 0"
		if n == 1 {
			every = "its 95% CI includes 0"
		}
		s = fmt.Sprintf("In %s, %s %s the contrast detectably (%s; the contrast at the defaults is %s).", quantity, none, changes, every, fmtSigned(rs[0].def))
	default:
		slices.SortStableFunc(sig, func(x, y contribution) int { return cmp.Compare(math.Abs(y.c), math.Abs(x.c)) })
		top := sig[0]
		count := fmt.Sprintf("%d of the %d %s %s detectably", len(sig), n, rows, plural3(len(sig), "contributes", "contribute"))
		if n == 1 {
			count = "it is the one " + row
		}
		s = fmt.Sprintf("In %s, the largest detectable contribution is that of %s: %s (95%% CI %s to %s) of the %s at the defaults, which is %s %s; %s.",
			quantity, top.mechanism, fmtSigned(top.c), fmtSigned(top.lo), fmtSigned(top.hi), fmtSigned(top.def), fmtSigned(top.off), what, count)
	}
	if all >= 0 {
		s += fmt.Sprintf(" With all of them off the contrast is %s.", fmtSigned(rs[all].off))
	}
	return s
}

// isSweepRow reports whether a contributions label names a strength at a
// value ("retribution.strength = 1.35"), as a break-even sweep's rows do,
// rather than mechanisms switched off.
func isSweepRow(label string) bool { return strings.Contains(label, " = ") }

// allOffLabel is experiments.AllOff (the plots do not import experiments).
const allOffLabel = "all mechanisms off"

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fmtSigned writes a number with three significant digits and a true minus.
func fmtSigned(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	// Terms that cancel exactly in real numbers leave ±1e-19 in floating point;
	// every quantity the report prints resolves far above 1e-12.
	if math.Abs(v) < 1e-12 {
		v = 0
	}
	return minus(fmt.Sprintf("%.3g", v))
}

// maxWeightBars caps the bars of one panel of the contributions figures:
// a break-even sweep's 114 rows in a 5 in panel were illegible (a review,
// stop 50); past the cap the figures are left out, as paired-differences
// is past maxBoxPoints, and the table keeps every row.
const maxWeightBars = maxBoxPoints

// maxBars is the most rows of any one panel (contrast and outcome).
func (w *weightData) maxBars() int {
	n := 0
	for _, p := range w.pairs() {
		for _, o := range weightOutcomes {
			n = max(n, len(w.rows(p[0], p[1], o)))
		}
	}
	return n
}

// weightFigures draws, per headline outcome, each mechanism's contribution
// to each primary contrast as a bar with its 95% CI as a whisker, one panel
// per contrast; a bar whose CI excludes 0 is drawn dark, one whose CI
// includes 0 light, and one without a CI hollow.
func weightFigures(ctx context.Context, w *weightData, m Meta) ([]*figure, error) {
	if w.maxBars() > maxWeightBars {
		return nil, nil // left out, with a note (buildFigures)
	}
	var figs []*figure
	// A break-even sweep's rows set strengths to values, not off (a
	// hostile review, stop 32: the subtitle said "off" for them).
	sub := "contribution = contrast at the defaults − contrast with the mechanism off (a positive one raises a − b); bars dark where the 95% CI (whisker) excludes 0"
	if slices.ContainsFunc(w.contribs, func(c contribution) bool { return isSweepRow(c.mechanism) }) {
		sub = "contribution = contrast at the defaults − contrast at the row's setting (a positive one raises a − b); bars dark where the 95% CI (whisker) excludes 0"
	}
	for _, outcome := range weightOutcomes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var panels []panel
		hollow := false // a bar without a CI
		for _, p := range w.pairs() {
			rs := w.rows(p[0], p[1], outcome)
			if len(rs) == 0 {
				continue
			}
			pl := newPlot(p[0]+" − "+p[1], "", wrap("contribution to the contrast ("+unitOf(outcome)+")", 40))
			var names []string
			for k, c := range rs {
				names = append(names, c.mechanism)
				if math.IsNaN(c.c) {
					continue
				}
				dark := color.NRGBA{0x00, 0x72, 0xb2, 0xff}
				shade := dark
				if !c.significant() {
					shade = color.NRGBA{0x9e, 0xc9, 0xe2, 0xff}
				}
				bar, err := plotter.NewBarChart(plotter.Values{c.c}, vg.Points(9))
				if err != nil {
					return nil, fmt.Errorf("plots: contributions, %s: %w", c.mechanism, err)
				}
				bar.XMin = float64(k)
				bar.Color = shade
				bar.LineStyle.Width = 0
				if !c.hasCI() {
					// Not light, which reads as a CI that includes 0 (a
					// review, stop 49): hollow, as the subtitle says.
					bar.Color = color.White
					bar.LineStyle = draw.LineStyle{Color: dark, Width: vg.Points(1)}
					hollow = true
				}
				pl.Add(bar)
				if !math.IsNaN(c.lo) && !math.IsNaN(c.hi) {
					eb, err := plotter.NewYErrorBars(errorBar{x: float64(k), y: c.c, lo: c.c - c.lo, hi: c.hi - c.c})
					if err != nil {
						return nil, fmt.Errorf("plots: contributions, %s: %w", c.mechanism, err)
					}
					eb.LineStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
					eb.CapWidth = vg.Points(5)
					pl.Add(eb)
				}
			}
			pl.Add(&hline{y: 0, style: draw.LineStyle{Color: color.Gray{0x55}, Width: vg.Points(1)}})
			padAxis(&pl.Y, roomShare, roomShare)
			pl.NominalX(names...)
			pl.X.Tick.Label.Rotation = math.Pi / 3
			pl.X.Tick.Label.XAlign = draw.XRight
			pl.X.Tick.Label.YAlign = draw.YCenter
			pl.X.Tick.Label.Font.Size = 8
			pl.X.Min, pl.X.Max = -0.6, float64(len(names))-0.4
			panels = append(panels, panel{plot: pl, weight: 1})
		}
		if len(panels) == 0 {
			continue
		}
		s := sub
		if hollow {
			s += "; hollow where there is no CI (one replicate per point)"
		}
		figs = append(figs, &figure{
			name:    "contributions-" + outcome,
			title:   "What each mechanism contributes to the contrasts: " + outcomeName(outcome),
			sub:     s,
			panels:  panels,
			caption: m.caption(),
			width:   12 * vg.Inch,
			height:  7 * vg.Inch,
			section: sectionWeight,
		})
	}
	return figs, nil
}

// unitOf is the unit of an outcome from the registry, or "as the outcome".
func unitOf(outcome string) string {
	if o, ok := outcomeSpec(outcome); ok && o.Unit != "" {
		return o.Unit
	}
	return "as the outcome"
}

// weightSection is the report's section.
type weightSection struct {
	Reading   string
	Sweep     bool // the rows set strengths to values (a break-even sweep)
	Outcome   string
	Pairs     []string // "a − b" per column
	Rows      []weightTableRow
	BreakEven []breakEvenTableRow // nil without the breakeven table
	Figures   []reportFigure
	NoCI      bool // a cell has a value but no interval (one replicate per point)
	// OffNamed is a sweep's first row named by a mechanism, not a value:
	// the ablation names a strength at its off value by its mechanism
	// ("counter-mobilisation", not "... = 0"), which "the value it names"
	// did not cover (a review, stop 49).
	OffNamed string
}

type weightTableRow struct {
	Mechanism string
	Cells     []sensCell
}

type breakEvenTableRow struct {
	Param, Default, Range string
	Cells                 []string // per (pair, outcome)
}

func newWeightSection(w *weightData) *weightSection {
	s := &weightSection{Reading: weightReading(w), Outcome: outcomeName(weightOutcomes[0])}
	if b := breakEvenSentence(w.be); b != "" {
		s.Reading += " " + b
	}
	s.Sweep = slices.ContainsFunc(w.contribs, func(c contribution) bool { return isSweepRow(c.mechanism) })
	if k := slices.IndexFunc(w.contribs, func(c contribution) bool { return !isSweepRow(c.mechanism) && c.mechanism != allOffLabel }); s.Sweep && k >= 0 {
		s.OffNamed = w.contribs[k].mechanism
	}
	ps := w.pairs()
	for _, p := range ps {
		for _, o := range weightOutcomes {
			s.Pairs = append(s.Pairs, p[0]+" − "+p[1]+": "+outcomeName(o))
		}
	}
	var mechs []string
	for _, c := range w.contribs {
		if !slices.Contains(mechs, c.mechanism) {
			mechs = append(mechs, c.mechanism)
		}
	}
	for _, mech := range mechs {
		row := weightTableRow{Mechanism: mech}
		for _, p := range ps {
			for _, o := range weightOutcomes {
				k := slices.IndexFunc(w.contribs, func(c contribution) bool {
					return c.mechanism == mech && c.a == p[0] && c.b == p[1] && c.outcome == o
				})
				if k < 0 {
					row.Cells = append(row.Cells, sensCell{Main: "–"})
					continue
				}
				c := w.contribs[k]
				// A contribution without an interval is not grey, which
				// the note reads as "the CI includes 0" (a review, stop
				// 49), but marked as having none.
				cell := sensCell{Main: fmtSigned(c.c), CI: "[" + fmtSigned(c.lo) + ", " + fmtSigned(c.hi) + "]", Weak: c.hasCI() && !c.significant(), NoCI: !math.IsNaN(c.c) && !c.hasCI()}
				s.NoCI = s.NoCI || cell.NoCI
				row.Cells = append(row.Cells, cell)
			}
		}
		s.Rows = append(s.Rows, row)
	}
	if w.be != nil {
		var params []string
		for _, b := range w.be {
			if !slices.Contains(params, b.param) {
				params = append(params, b.param)
			}
		}
		for _, prm := range params {
			row := breakEvenTableRow{Param: prm}
			for _, p := range ps {
				for _, o := range weightOutcomes {
					k := slices.IndexFunc(w.be, func(b breakEvenRow) bool {
						return b.param == prm && b.a == p[0] && b.b == p[1] && b.outcome == o
					})
					if k < 0 {
						row.Cells = append(row.Cells, "–")
						continue
					}
					b := w.be[k]
					row.Default, row.Range = fmtValue(b.def), fmtValue(b.low)+"–"+fmtValue(b.high)
					row.Cells = append(row.Cells, breakEvenText(b))
				}
			}
			s.BreakEven = append(s.BreakEven, row)
		}
	}
	return s
}

// breakEvenText is a break-even cell: the value, with the number of
// crossings when there are several, or "none within range".
func breakEvenText(b breakEvenRow) string {
	if math.IsNaN(b.x) || b.crossings == 0 {
		return "none within range"
	}
	var marks []string
	if b.crossings > 1 {
		marks = append(marks, fmt.Sprintf("%d crossings", b.crossings))
	}
	if b.noSign {
		marks = append(marks, undetectableNote)
	}
	s := fmtValue(b.x)
	if len(marks) > 0 {
		s += " (" + strings.Join(marks, "; ") + ")"
	}
	return s
}

// breakEvenSentence is the reading's sentence on the break-even values
// whose sign is not detectable at any swept value; "" when none is.
func breakEvenSentence(be []breakEvenRow) string {
	values, weak := 0, 0
	for _, b := range be {
		if math.IsNaN(b.x) || b.crossings == 0 {
			continue
		}
		values++
		if b.noSign {
			weak++
		}
	}
	if weak == 0 {
		return ""
	}
	of := fmt.Sprintf("%d of the %d break-even values are", weak, values)
	if values == 1 {
		of = "The one break-even value is"
	} else if weak == values {
		of = fmt.Sprintf("All %d break-even values are", values)
	}
	return fmt.Sprintf("%s marked “%s”: at no value of its sweep does the contrast's 95%% CI exclude 0, so the change of sign located there is within Monte Carlo noise and the value may be an artefact of it.", of, undetectableNote)
}
