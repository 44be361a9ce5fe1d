package plots

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"pactsim/analysis"
)

// Calibration figures (DIR/calibration/trace.parquet and targets.parquet):
//
//	calibration-loss     the loss of every evaluation in the order CMA-ES
//	                     asked for them, with the best so far as a step line
//	                     and the best evaluation ringed; on a log scale when
//	                     the positive losses span two decades or more.
//	calibration-targets  one row per target: its wanted range as a band and
//	                     the best evaluation's value with its 95% CI, on a
//	                     scale where the range is 0–1 (targets have different
//	                     units), met or missed marked; the numbers in the
//	                     target's own units are written on each row.

// logSpan is the ratio of the largest to the smallest positive loss from
// which the loss axis is logarithmic.
const logSpan = 100

// Met and missed marks.
var (
	colourMet    = okabeBluishGreen
	colourMissed = okabeVermillion
)

func calibrationFigures(ctx context.Context, c *calibration, m Meta) ([]*figure, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	loss, err := lossFigure(c, m)
	if err != nil {
		return nil, err
	}
	return []*figure{loss, targetsFigure(c, m)}, nil
}

func lossFigure(c *calibration, m Meta) (*figure, error) {
	minPos, maxPos, zeros, undefined, penalised := math.Inf(1), 0.0, 0, 0, 0
	for i, l := range c.loss {
		if i < len(c.undefined) && c.undefined[i] && !math.IsInf(l, 1) {
			penalised++
		}
		switch {
		case math.IsInf(l, 1):
			undefined++
		case l == 0:
			zeros++
		default:
			minPos, maxPos = math.Min(minPos, l), math.Max(maxPos, l)
		}
	}
	logY := maxPos > 0 && maxPos/minPos >= logSpan
	floor := 0.0
	if logY {
		floor = minPos / 3 // where a loss of 0 is drawn on a log axis
	}
	// On a log scale the values are drawn as log10(loss) on a linear axis
	// whose ticks name the losses (logTicks): gonum's LogScale centres the
	// axis label at the arithmetic middle of the range, which on a log
	// axis pushes it off the top and squeezes the data area.
	at := func(l float64) float64 {
		if !logY {
			return l
		}
		if l == 0 {
			l = floor
		}
		return math.Log10(l)
	}
	p := newPlot("", "evaluation (in the order the search asked for it)", "loss (0: every target met)")
	var all, met, best plotter.XYs
	run := math.Inf(1)
	for i, l := range c.loss {
		x := c.evals[i]
		if !math.IsInf(l, 1) {
			if l == 0 && logY {
				met = append(met, plotter.XY{X: x, Y: at(l)})
			} else {
				all = append(all, plotter.XY{X: x, Y: at(l)})
			}
			run = math.Min(run, l)
		}
		if !math.IsInf(run, 1) {
			best = append(best, plotter.XY{X: x, Y: at(run)})
		}
	}
	legend := newLegend()
	if len(all) > 0 {
		sc, err := plotter.NewScatter(all)
		if err != nil {
			return nil, fmt.Errorf("plots: calibration loss: %w", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: withAlpha(okabeBlue, 0.55), Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}
		p.Add(sc)
		legend.Add("evaluation", sc)
	}
	if len(met) > 0 {
		sc, err := plotter.NewScatter(met)
		if err != nil {
			return nil, fmt.Errorf("plots: calibration loss: %w", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: colourMet, Radius: vg.Points(3), Shape: draw.PyramidGlyph{}}
		p.Add(sc)
		legend.Add("loss 0, drawn", sc)
		legend.Add("at the floor", &blank{})
	}
	if len(best) > 0 {
		steps := stepLine(best)
		ln, err := plotter.NewLine(steps)
		if err != nil {
			return nil, fmt.Errorf("plots: calibration loss: %w", err)
		}
		ln.LineStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(1.6)}
		p.Add(ln)
		legend.Add("best so far", ln)
	}
	if c.best >= 0 {
		// The best evaluation is ringed and named in the legend: a label
		// beside it would sit on the best-so-far line.
		bx, by := c.evals[c.best], at(c.loss[c.best])
		ring, err := plotter.NewScatter(plotter.XYs{{X: bx, Y: by}})
		if err != nil {
			return nil, fmt.Errorf("plots: calibration loss: %w", err)
		}
		ring.GlyphStyle = selectedRing()
		p.Add(ring)
		legend.Add("", &blank{})
		legend.Add(fmt.Sprintf("best: evaluation %d,", int(bx)), &ringThumb{style: selectedRing()})
		legend.Add("loss "+fmtValue(c.loss[c.best]), &blank{})
	}
	if len(all) == 0 && len(met) == 0 {
		// Nothing to draw: say so in the middle of an empty frame.
		first, last := c.evals[0], c.evals[len(c.evals)-1]
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = first, math.Max(last, first+1), 0, 1
		sty := textStyle(11)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
		p.Add(&note{x: (p.X.Min + p.X.Max) / 2, y: 0.5, text: "no evaluation defined every target: every loss is infinite", style: sty})
	} else if logY {
		p.Y.Tick.Marker = logTicks{}
		lo := minPos
		if zeros > 0 {
			lo = floor
		}
		p.Y.Min, p.Y.Max = math.Log10(lo/1.6), math.Log10(maxPos*1.6)
	} else if maxPos == 0 {
		// Every defined loss is 0 (a search that met every target at
		// once): gonum would make a range of width 0.015 around 0.
		p.Y.Min, p.Y.Max = -0.05, 1
	} else {
		padAxis(&p.Y, roomShare, roomShare)
	}
	if first, last := c.evals[0], c.evals[len(c.evals)-1]; first == last && (len(all) > 0 || len(met) > 0) {
		// One evaluation: a unit either side, so the axis reads in whole
		// evaluations.
		p.X.Min, p.X.Max = first-1, last+1
	} else {
		padAxis(&p.X, 0.04, 0.04) // the best evaluation's ring clears the frame
	}
	sub := fmt.Sprintf("%d %s", len(c.loss), plural3(len(c.loss), "evaluation", "evaluations"))
	if logY {
		sub += " · log scale: the losses span over two decades"
	}
	if undefined > 0 {
		sub += fmt.Sprintf(" · %d with an undefined target (infinite loss) not drawn", undefined)
	}
	if penalised > 0 {
		// An undefined target counts as a miss of 10⁴ bands (engine 0.4.6
		// on), so these sit four decades and more above the others.
		sub += fmt.Sprintf(" · %d with a target without a value, which counts as a miss of %g bands", penalised, analysis.UndefinedDistance)
	}
	return &figure{
		name:    "calibration-loss",
		title:   "Calibration: loss by evaluation",
		sub:     sub,
		panels:  []panel{{plot: p, weight: 1}},
		legend:  legend,
		caption: m.calibrationCaption(),
		section: sectionCalibration,
	}, nil
}

// stepLine turns best-so-far points into a staircase: the value holds
// until the next evaluation improves on it.
func stepLine(pts plotter.XYs) plotter.XYs {
	var out plotter.XYs
	for i, p := range pts {
		if i > 0 && p.Y != pts[i-1].Y {
			out = append(out, plotter.XY{X: p.X, Y: pts[i-1].Y})
		}
		out = append(out, p)
	}
	return out
}

// Normalised positions past these are drawn at the edge, as an arrow; the
// row's text gives the value.
const (
	targetsMinX = -2.0
	targetsMaxX = 3.0
)

func targetsFigure(c *calibration, m Meta) *figure {
	n := len(c.targets)
	p := newPlot("", "position in the wanted range (0 = its low end, 1 = its high end)", "")
	p.Y.Tick.Label.Font.Size = 10
	var ticks []plot.Tick
	band := withAlpha(okabeBluishGreen, 0.22)
	xmin, xmax := -0.25, 1.25
	var marks []plot.Plotter
	met, offScale := 0, false
	for k, t := range c.targets {
		y := float64(n - 1 - k)
		ticks = append(ticks, plot.Tick{Value: y, Label: t.name})
		w := t.high - t.low
		if !(w > 0) {
			w = math.Max(math.Abs(t.low)*0.1, 1e-9)
		}
		norm := func(v float64) float64 { return (v - t.low) / w }
		marks = append(marks, &spanBar{y: y, h: 0.42, from: 0, to: norm(t.high), fill: band})
		colour := colourMissed
		verdict := "missed"
		if t.met {
			colour, verdict = colourMet, "met"
			met++
		}
		x, lo, hi := norm(t.achieved), norm(t.lo), norm(t.hi)
		for _, v := range []float64{x, lo, hi} {
			if !math.IsNaN(v) {
				xmin, xmax = math.Min(xmin, v), math.Max(xmax, v)
				offScale = offScale || v < targetsMinX || v > targetsMaxX
			}
		}
		marks = append(marks, &targetMark{y: y, x: x, lo: lo, hi: hi, colour: colour})
		achieved := "undefined"
		if !math.IsNaN(t.achieved) {
			achieved = fmtValue(t.achieved)
			if !math.IsNaN(t.lo) && !math.IsNaN(t.hi) {
				achieved += " (95% CI " + fmtValue(t.lo) + " to " + fmtValue(t.hi) + ")"
			}
		}
		sty := textStyle(9)
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		marks = append(marks, &note{x: 0, y: y + 0.27, text: fmt.Sprintf("wanted %s · achieved %s · %s", t.wanted, achieved, verdict), style: sty})
	}
	p.Add(marks...)
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.1
	p.X.Min, p.X.Max = xmin, xmax
	padAxis(&p.X, 0.04, 0.04)
	p.X.Min, p.X.Max = math.Max(targetsMinX, p.X.Min), math.Min(targetsMaxX, p.X.Max)
	p.Add(&vline{x: 0, style: dashed(0x99, 0.8)}, &vline{x: 1, style: dashed(0x99, 0.8)})

	legend := newLegend()
	legend.Add("wanted range", &boxThumb{fill: band})
	legend.Add("met", &ringThumb{style: draw.GlyphStyle{Color: colourMet, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}})
	legend.Add("missed", &ringThumb{style: draw.GlyphStyle{Color: colourMissed, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}})
	legend.Add("", &blank{})
	legend.Add("whiskers: 95% CI", &blank{})
	if offScale {
		legend.Add("arrow: off scale", &blank{})
	}
	sub := fmt.Sprintf("Met %d of %d at the best evaluation", met, n)
	if c.best >= 0 {
		sub += fmt.Sprintf(" (evaluation %d)", int(c.evals[c.best]))
	}
	return &figure{
		name:    "calibration-targets",
		title:   "Calibration: each target's wanted range and what the best evaluation achieved",
		sub:     sub,
		panels:  []panel{{plot: p, weight: 1}},
		legend:  legend,
		caption: m.calibrationCaption(),
		width:   10 * vg.Inch,
		height:  rowsHeight(2 * n),
		section: sectionCalibration,
	}
}

// targetMark is a target's achieved value with its CI whisker; a value
// past the axis is an arrowhead at the edge.
type targetMark struct {
	y, x, lo, hi float64
	colour       color.Color
}

func (t *targetMark) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	y := trY(t.y)
	clamp := func(v float64) (vg.Length, int) {
		switch {
		case v < p.X.Min:
			return trX(p.X.Min), -1
		case v > p.X.Max:
			return trX(p.X.Max), 1
		}
		return trX(v), 0
	}
	ws := draw.LineStyle{Color: t.colour, Width: vg.Points(1.6)}
	r := vg.Points(4.5)
	if !math.IsNaN(t.lo) && !math.IsNaN(t.hi) {
		xl, el := clamp(t.lo)
		xh, eh := clamp(t.hi)
		c.StrokeLine2(ws, xl, y, xh, y)
		if el == 0 {
			c.StrokeLine2(ws, xl, y-r, xl, y+r)
		}
		if eh == 0 {
			c.StrokeLine2(ws, xh, y-r, xh, y+r)
		}
	}
	if math.IsNaN(t.x) {
		return
	}
	x, edge := clamp(t.x)
	if edge == 0 {
		c.DrawGlyph(draw.GlyphStyle{Color: t.colour, Radius: r, Shape: draw.CircleGlyph{}}, vg.Point{X: x, Y: y})
		return
	}
	// An arrowhead pointing off the scale.
	d := vg.Length(edge) * 2 * r
	var path vg.Path
	path.Move(vg.Point{X: x, Y: y})
	path.Line(vg.Point{X: x - d, Y: y + r})
	path.Line(vg.Point{X: x - d, Y: y - r})
	path.Close()
	c.SetColor(t.colour)
	c.Fill(path)
}

func (t *targetMark) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), t.y, t.y
}

// logTicks marks an axis of log10 values: it labels the powers of ten in
// range, and 2 and 5 times them when the range spans fewer than three
// decades, with the values themselves (0.1, 1, 10); the other steps of
// each decade are minor ticks.
type logTicks struct{}

func (logTicks) Ticks(lmin, lmax float64) []plot.Tick {
	min, max := math.Pow(10, lmin), math.Pow(10, lmax)
	if !(max > min) {
		return []plot.Tick{{Value: lmin, Label: strconv.FormatFloat(min, 'g', 3, 64)}}
	}
	lo, hi := math.Floor(lmin), math.Ceil(lmax)
	few := hi-lo < 3
	var out []plot.Tick
	for e := lo; e <= hi; e++ {
		base := math.Pow(10, e)
		for m := 1; m < 10; m++ {
			v := float64(m) * base
			if v < min || v > max {
				continue
			}
			t := plot.Tick{Value: math.Log10(v)}
			if m == 1 || (few && (m == 2 || m == 5)) {
				t.Label = strconv.FormatFloat(v, 'g', 3, 64)
			}
			out = append(out, t)
		}
	}
	return out
}
