package plots

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// contrastGrid is the headline contrast on a full two-parameter grid, as a
// plotter.GridXYZ; z[c][r] is NaN where the contrast is missing or null.
type contrastGrid struct {
	xs, ys []float64
	z      [][]float64
}

func (g *contrastGrid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g *contrastGrid) Z(c, r int) float64 { return g.z[c][r] }
func (g *contrastGrid) X(c int) float64    { return g.xs[c] }
func (g *contrastGrid) Y(r int) float64    { return g.ys[r] }

// heatmapFigures draws, for each planned heatmap (a pair of swept
// parameters that forms a full grid on the middle slice of any further
// parameters, see plan) and each headline pair a − b, the paired contrast
// of the headline outcome: a diverging colour scale with symmetric limits,
// white at zero, the zero contour, rings where the 95% CI excludes zero, and
// a colour bar. With both primary contrasts there is one figure per
// contrast, named by it.
func heatmapFigures(ctx context.Context, r *results, m Meta) ([]*figure, error) {
	var out []*figure
	for _, h := range r.heats {
		for _, pd := range r.pairs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			f, err := r.heatmap(pd, h.i, h.j, h.s, m)
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		}
	}
	return out, nil
}

func (r *results) heatmap(pd *pairData, i, j int, s slice, m Meta) (*figure, error) {
	g := &contrastGrid{xs: r.distinct(i, s.points), ys: r.distinct(j, s.points)}
	g.z = make([][]float64, len(g.xs))
	for c := range g.z {
		g.z[c] = make([]float64, len(g.ys))
		for k := range g.z[c] {
			g.z[c][k] = math.NaN()
		}
	}
	var signif plotter.XYs
	limit, allZero := 0.0, false
	for _, k := range s.points {
		p := r.points[k]
		c := index(g.xs, p.values[i])
		row := index(g.ys, p.values[j])
		ct, ok := pd.head[p.index]
		if !ok || math.IsNaN(ct.meanDiff) {
			continue
		}
		g.z[c][row] = ct.meanDiff
		limit = math.Max(limit, math.Abs(ct.meanDiff))
		if ct.lo > 0 || ct.high < 0 {
			signif = append(signif, plotter.XY{X: g.xs[c], Y: g.ys[row]})
		}
	}
	if limit == 0 {
		if len(signif) == 0 && allNaN(g.z) {
			return nil, fmt.Errorf("plots: %s: no %s - %s contrast of %q on the %s x %s grid",
				r.contrastsPath(), pd.a, pd.b, headline, r.params[i].name, r.params[j].name)
		}
		limit = 0.01 // every difference is zero: any symmetric range will do
		allZero = true
	}
	limit = niceCeil(limit)
	clampGrid(g.z, limit)
	cmap := newDivergingMap(limit)

	hm := plotter.NewHeatMap(g, cmap.Palette(255))
	hm.Min, hm.Max = -limit, limit
	hm.NaN = color.Gray{0xd0}

	title := fmt.Sprintf("blue: %s better · red: %s better", pd.a, pd.b)
	if d := r.describe(s); d != "" {
		title += " · " + d
	}
	p := newPlot(title, r.params[i].label(), r.params[j].label())
	p.Add(hm)
	zero := &contourLines{
		lines: chain(zeroContour(g.xs, g.ys, g.Z)),
		style: draw.LineStyle{Color: color.Black, Width: vg.Points(2.2)},
	}
	p.Add(zero)
	legend := newLegend()
	if len(zero.lines) > 0 {
		legend.Add("Δ = 0 (no difference)", zero)
	} else {
		legend.Add("Δ = 0: not crossed", &blank{})
	}
	if len(signif) > 0 {
		sc, err := plotter.NewScatter(signif)
		if err != nil {
			return nil, fmt.Errorf("plots: heatmap: %w", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(2.2), Shape: draw.RingGlyph{}}
		p.Add(sc)
		legend.Add("95% CI excludes 0", sc)
	}
	// Cells, not points: no padding; ticks at the grid values.
	p.X.Padding, p.Y.Padding = 0, 0
	p.X.Tick.Marker = gridTicks(g.xs)
	p.Y.Tick.Marker = gridTicks(g.ys)

	// The label wraps at 58 characters: a longer description (model 2.0's)
	// wrapped narrower took more lines than the bar's panel is wide, and the
	// bar was drawn with a negative width.
	bar := newPlot("", "", wrap(differenceText(pd.a, pd.b, headline), 58))
	bar.Y.Label.TextStyle.Font.Size = 11
	bar.Add(&plotter.ColorBar{ColorMap: cmap, Vertical: true, Colors: 255})
	bar.HideX()
	bar.Y.Tick.Marker = barTicks(limit)
	bar.X.Padding, bar.Y.Padding = 0, 0
	return &figure{
		name:    "contrast-" + fileSafe(r.params[i].name) + "-" + fileSafe(r.params[j].name) + r.suffix(pd),
		title:   fmt.Sprintf("Paired contrast %s − %s in %s", pd.a, pd.b, outcomeName(headline)),
		sub:     heatmapSub(strings.TrimSuffix(strings.TrimPrefix(r.gloss(pd), " ("), ")"), allZero),
		panels:  []panel{{plot: p, weight: 0.8}, {plot: bar, weight: 0.2, alignTo: 1}},
		legend:  legend,
		caption: m.caption(),
		width:   9 * vg.Inch,
	}, nil
}

// gridTicks labels every grid value when there are few, else about ten.
func gridTicks(vs []float64) plot.ConstantTicks {
	every := (len(vs) + 9) / 10
	ticks := make(plot.ConstantTicks, len(vs))
	for i, v := range vs {
		ticks[i].Value = v
		if i%every == 0 {
			ticks[i].Label = formatValue(v)
		}
	}
	return ticks
}

// barTicks labels the colour bar's ends, halves and zero.
func barTicks(limit float64) plot.ConstantTicks {
	var ticks plot.ConstantTicks
	for _, f := range []float64{-1, -0.5, 0, 0.5, 1} {
		v := f * limit
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 4, 64)})
	}
	return ticks
}

func index(vs []float64, v float64) int {
	for i, x := range vs {
		if x == v {
			return i
		}
	}
	panic("plots: value not on the grid") // unreachable: vs came from the same points
}

// clampGrid pulls every cell into [−limit, limit]. niceCeil may round a
// limit down by a rounding error (0.0020000000000000018 to 0.002), and
// gonum's HeatMap draws nothing for a value beyond its Max: the most
// extreme cell of the grid came out white, the colour of no difference.
func clampGrid(z [][]float64, limit float64) {
	for _, col := range z {
		for k, v := range col {
			col[k] = math.Max(-limit, math.Min(limit, v)) // NaN stays NaN
		}
	}
}

func allNaN(z [][]float64) bool {
	for _, col := range z {
		for _, v := range col {
			if !math.IsNaN(v) {
				return false
			}
		}
	}
	return true
}

// niceCeil rounds a positive limit up to 1, 2, 2.5 or 5 times a power of ten,
// so the colour bar's ends are round numbers.
func niceCeil(v float64) float64 {
	e := math.Pow(10, math.Floor(math.Log10(v)))
	if !(e > 0) || math.IsInf(e, 0) {
		return v // no power of ten below v (v subnormal: 10^-324 is 0), or v not positive and finite
	}
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f*e >= v*(1-1e-12) {
			return f * e
		}
	}
	return 10 * e
}

// heatmapSub is a contrast heatmap's subtitle: the gloss, and where every
// difference on the grid is 0, a line that says so; the colour scale's
// range is then arbitrary, and a uniform field read as an empty plot (a
// review, stop 25).
func heatmapSub(gloss string, allZero bool) string {
	if !allZero {
		return gloss
	}
	if gloss != "" {
		gloss += "; "
	}
	return gloss + "the difference is 0 at every point of the grid"
}
