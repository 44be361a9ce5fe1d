package plots

import (
	"cmp"
	"context"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"pactsim/output"
)

// Sensitivity figures (DIR/sensitivity.parquet): for a Saltelli design,
// the Sobol' indices S1 and ST of every parameter as horizontal bars with
// their 95% bootstrap intervals, parameters sorted by ST, one panel per
// quantity; for a Morris design, mu* against sigma with each parameter
// labelled and mu*'s interval as a whisker, one panel per quantity.
// Quantities are drawn in the table's order, up to panelsPerFigure panels a
// figure (sensitivity-sobol, sensitivity-sobol-2, ...).

const (
	panelsPerFigure = 3  // side by side, each wide enough for its parameter names
	maxSensParams   = 25 // rows of a Sobol' panel: the largest ST first
)

// Index colours: they mark indices, not architectures, so they avoid the
// preset architecture hues (ArchitectureColours).
var (
	colourS1 = okabeSkyBlue
	colourST = okabeReddishPurple
)

func sensitivityFigures(ctx context.Context, qs []sensQuantity, m Meta) ([]*figure, error) {
	var out []*figure
	for _, method := range []string{output.MethodSobol, output.MethodMorris} {
		var group []sensQuantity
		for _, q := range qs {
			if q.method == method {
				group = append(group, q)
			}
		}
		for start := 0; start < len(group); start += panelsPerFigure {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			chunk := group[start:min(len(group), start+panelsPerFigure)]
			name := "sensitivity-" + method
			if start > 0 {
				name += fmt.Sprintf("-%d", start/panelsPerFigure+1)
			}
			var f *figure
			if method == output.MethodSobol {
				f = sobolFigure(name, chunk, m)
			} else {
				f = morrisFigure(name, chunk, m)
			}
			out = append(out, f)
		}
	}
	return out, nil
}

// sobolFigure draws S1 and ST bars per parameter, one panel per quantity.
func sobolFigure(name string, qs []sensQuantity, m Meta) *figure {
	var panels []panel
	rows, cut := 0, false
	var label vg.Length // the widest parameter name
	for _, q := range qs {
		ps := slices.Clone(q.params)
		// Largest ST on top; an undefined ST sorts last.
		slices.SortStableFunc(ps, func(a, b sensParam) int { return cmpNaNLast(b.st.v, a.st.v) })
		if len(ps) > maxSensParams {
			ps, cut = ps[:maxSensParams], true
		}
		rows = max(rows, len(ps))
		title := q.label()
		if !q.defined() && q.varies != 0 {
			title += q.baseOnlyTitle() // a review, stop 51
		} else if !q.defined() {
			// A blank panel lifted out of the report read as "every
			// index 0" (a review, stop 34).
			title += " (does not vary over the design: no indices)"
		}
		p := newPlot(wrap(title, 40), "Sobol' index (share of the variance)", "")
		p.Y.Tick.Label.Font.Size = 9
		var ticks []plot.Tick
		bars := &hbars{outline: draw.LineStyle{Color: color.Gray{0x33}, Width: vg.Points(0.4)}, whisker: draw.LineStyle{Color: color.Black, Width: vg.Points(1)}}
		for i, prm := range ps {
			y := float64(len(ps) - 1 - i)
			ticks = append(ticks, plot.Tick{Value: y, Label: prm.name})
			label = max(label, p.Y.Tick.Label.Width(prm.name))
			bars.bars = append(bars.bars,
				hbar{y: y + 0.19, h: 0.36, v: prm.st.v, lo: prm.st.lo, hi: prm.st.hi, fill: colourST},
				hbar{y: y - 0.19, h: 0.36, v: prm.s1.v, lo: prm.s1.lo, hi: prm.s1.hi, fill: colourS1})
		}
		p.Add(&vline{x: 0, style: draw.LineStyle{Color: color.Gray{0x55}, Width: vg.Points(1)}})
		p.Add(bars)
		p.Y.Tick.Marker = plot.ConstantTicks(ticks)
		p.Y.Min, p.Y.Max = -0.6, float64(len(ps))-0.4
		p.X.Min = math.Min(p.X.Min, 0)
		padAxis(&p.X, 0.04, 0.04)
		p.X.Tick.Marker = niceTicks{} // four to seven labels
		panels = append(panels, panel{plot: p, weight: 1})
	}
	// One x range for every panel: the indices are shares of variance,
	// comparable between quantities.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, pn := range panels {
		lo, hi = math.Min(lo, pn.plot.X.Min), math.Max(hi, pn.plot.X.Max)
	}
	for _, pn := range panels {
		pn.plot.X.Min, pn.plot.X.Max = lo, hi
	}
	legend := newLegend()
	legend.Add("ST: total", &boxThumb{fill: colourST})
	legend.Add("(with interactions)", &blank{})
	legend.Add("S1: first order", &boxThumb{fill: colourS1})
	legend.Add("(alone)", &blank{})
	legend.Add("", &blank{})
	legend.Add("whiskers: 95%", &blank{})
	legend.Add("bootstrap CI", &blank{})
	sub := fmt.Sprintf("Parameters sorted by ST; N = %d base samples", qs[0].n)
	if cut {
		sub += fmt.Sprintf("; the %d largest ST shown (all in sensitivity.csv)", maxSensParams)
	}
	return &figure{
		name:    name,
		title:   "What drives the outcome: Sobol' indices by parameter",
		sub:     sub,
		panels:  panels,
		legend:  legend,
		caption: m.caption(),
		width:   sobolWidth(len(qs), label),
		height:  rowsHeight(rows),
		section: sectionSensitivity,
	}
}

// sobolDataWidth is the least width of a Sobol' panel's data area, beside
// its parameter names and margins (sobolPanelMargin).
const (
	sobolDataWidth   = 2.6 * vg.Inch
	sobolPanelMargin = 0.6 * vg.Inch
)

// sobolWidth is the width of a Sobol' figure of n panels whose widest
// parameter name is label wide: panelWidth, widened so that each panel
// keeps sobolDataWidth for its bars beside the names (a review, stop 50:
// names of 44 characters left 0.4 in of data area, its tick labels run
// together).
func sobolWidth(n int, label vg.Length) vg.Length {
	return max(panelWidth(n), vg.Length(n)*(label+sobolDataWidth+sobolPanelMargin)+1.9*vg.Inch)
}

// morrisFigure draws mu* against sigma per parameter, one panel per
// quantity, with the line sigma = mu*.
func morrisFigure(name string, qs []sensQuantity, m Meta) *figure {
	var panels []panel
	for _, q := range qs {
		p := newPlot(wrap(q.label(), 40), "μ* (mean |elementary effect|)", "σ (sd of the elementary effects)")
		lp := &labelledPoints{
			glyph:   draw.GlyphStyle{Color: okabeBlue, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}},
			whisker: draw.LineStyle{Color: withAlpha(okabeBlue, 0.6), Width: vg.Points(1)},
			text:    textStyle(9),
		}
		top := 0.0
		for _, prm := range q.params {
			if math.IsNaN(prm.muStar.v) {
				continue
			}
			s := prm.sigma.v
			if math.IsNaN(s) {
				s = 0
			}
			lp.pts = append(lp.pts, labelled{x: prm.muStar.v, y: s, lo: prm.muStar.lo, hi: prm.muStar.hi, label: prm.name})
			top = math.Max(top, math.Max(s, prm.muStar.v))
		}
		if top == 0 {
			top = 1
		}
		// sigma = mu*: above it, a parameter's effect varies more than its
		// mean size (interactions or non-linearity; Morris 1991).
		diag := &diagonal{style: dashed(0x77, 1)}
		p.Add(diag, lp)
		p.X.Min, p.Y.Min = 0, 0
		p.X.Max = math.Max(p.X.Max, 0)
		p.Y.Max = math.Max(p.Y.Max, 0)
		// Room on the right and on top for the labels of the largest points.
		p.X.Max += 0.25 * math.Max(p.X.Max-p.X.Min, top*0.1)
		p.Y.Max += 0.12 * math.Max(p.Y.Max-p.Y.Min, top*0.1)
		panels = append(panels, panel{plot: p, weight: 1})
	}
	legend := newLegend()
	legend.Add("parameter", &ringThumb{style: draw.GlyphStyle{Color: okabeBlue, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}})
	legend.Add("σ = μ*", &diagonal{style: dashed(0x77, 1)})
	legend.Add("", &blank{})
	legend.Add("whiskers: 95%", &blank{})
	legend.Add("bootstrap CI of μ*", &blank{})
	return &figure{
		name:    name,
		title:   "What drives the outcome: Morris elementary effects",
		sub:     fmt.Sprintf("Right: larger mean effect; up: effect varies with the other parameters; r = %d trajectories", qs[0].n),
		panels:  panels,
		legend:  legend,
		caption: m.caption(),
		width:   panelWidth(len(qs)),
		section: sectionSensitivity,
	}
}

// diagonal is the line y = x across the data area.
type diagonal struct{ style draw.LineStyle }

func (d *diagonal) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	hi := math.Min(p.X.Max, p.Y.Max)
	lo := math.Max(p.X.Min, p.Y.Min)
	if !(hi > lo) {
		return
	}
	c.StrokeLine2(d.style, trX(lo), trY(lo), trX(hi), trY(hi))
}

func (d *diagonal) Thumbnail(c *draw.Canvas) {
	c.StrokeLine2(d.style, c.Min.X, c.Min.Y, c.Max.X, c.Max.Y)
}

// cmpNaNLast compares a and b with NaN above every number, so that a
// descending sort (cmpNaNLast(b, a)) puts NaN last.
func cmpNaNLast(a, b float64) int {
	switch an, bn := math.IsNaN(a), math.IsNaN(b); {
	case an && bn:
		return 0
	case an:
		return -1
	case bn:
		return 1
	}
	return cmp.Compare(a, b)
}

// panelWidth is the width of a figure of n side-by-side panels that name
// their rows: about 4.6 inches a panel and the legend column.
func panelWidth(n int) vg.Length {
	return max(figureWidth, vg.Length(1.9+4.6*float64(n))*vg.Inch)
}

// rowsHeight grows a figure of many rows: 0.3 inches a row past 12.
func rowsHeight(rows int) vg.Length {
	return max(figureHeight, figureHeight+vg.Length(rows-12)*0.3*vg.Inch)
}
