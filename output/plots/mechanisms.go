package plots

import (
	"context"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"pactsim/engine"
)

// mechanismOutcomes are the three panels of the mechanism figure.
var mechanismOutcomes = []struct{ outcome, title string }{
	{col(engine.HonourRate), "Honour rate"},
	{col(engine.FalseSecurityGap), "False-security gap"},
	{col(engine.BuyIn), "Hedger buy-in"},
}

// mechanismFigure draws honour rate, false-security gap and hedger buy-in
// per architecture: the pooled mean over design points with its 95% CI
// (see results.pooled). An architecture for which an outcome is undefined
// everywhere (null: no committed state, no challenge, no hedger) has no
// point in that panel but a note at its place saying why (undefinedWhy); a
// panel with no point at all is left out, and the figure too when every
// panel is. A mean defined at fewer design points than the figure pools
// carries a note saying at how many (pointNote). The y axes say what each outcome measures, from the registry.
func mechanismFigure(ctx context.Context, r *results, m Meta) (*figure, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	colours := ArchitectureColours(r.architectures)
	legend := newLegend()
	// Legend entries in architecture order, for those with any point.
	labels := archLabels(r.architectures)
	for _, arch := range r.architectures {
		for _, mo := range mechanismOutcomes {
			if _, ok := r.pooled(arch, mo.outcome); ok {
				legend.Add(labels[arch], &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: colours[arch], Radius: vg.Points(4), Shape: draw.CircleGlyph{}}})
				break
			}
		}
	}
	var panels []panel
	bars, bare := 0, 0 // the means with an interval and without, over every panel
	for _, mo := range mechanismOutcomes {
		p := newPlot(mo.title, "", wrap(outcomeText(mo.outcome), 40))
		p.Y.Label.TextStyle.Font.Size = 10
		drawn := 0
		var gaps []plot.Plotter
		for k, arch := range r.architectures {
			s, ok := r.pooled(arch, mo.outcome)
			if !ok {
				why, known := undefinedWhy[mo.outcome]
				if !known {
					why = "no value"
				}
				gaps = append(gaps, &gapNote{x: float64(k), text: why})
				continue
			}
			drawn++
			c := colours[arch]
			pt := plotter.XYs{{X: float64(k), Y: s.mean}}
			sc, err := plotter.NewScatter(pt)
			if err != nil {
				return nil, fmt.Errorf("plots: %s, %s: %w", mo.outcome, arch, err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
			if math.IsNaN(s.lo) || math.IsNaN(s.high) {
				// A mean without an interval is drawn hollow, so that it
				// does not read as an exact one beside the bars (a
				// figures audit, stop 37).
				bare++
				sc.GlyphStyle.Shape = draw.RingGlyph{}
				sc.GlyphStyle.Radius = vg.Points(4.5)
			} else {
				bars++
				lo, hi := clipToValues(mo.outcome, s.lo, s.high)
				eb, err := plotter.NewYErrorBars(errorBar{x: float64(k), y: s.mean, lo: s.mean - lo, hi: hi - s.mean})
				if err != nil {
					return nil, fmt.Errorf("plots: %s, %s: %w", mo.outcome, arch, err)
				}
				eb.LineStyle = draw.LineStyle{Color: c, Width: vg.Points(1.8)}
				eb.CapWidth = vg.Points(9)
				p.Add(eb)
			}
			p.Add(sc)
			if text := poolNote(r.pools[archOutcome{arch, mo.outcome}], len(r.points), m.Replicates); text != "" {
				// The subtitle says the figure pools every design point;
				// a mean defined at only some of them (the honour rate
				// where few runs had a committed state) pools fewer, and
				// an interval drawn from a handful of runs at one point
				// would otherwise read as the whole design's (a referee
				// found hub_and_spokes's honour rate drawn as 0 with a
				// bar of width 0 from 3 runs at 1 of 3 points).
				lo, hi := s.mean, s.mean
				if !math.IsNaN(s.lo) && !math.IsNaN(s.high) {
					lo, hi = clipToValues(mo.outcome, s.lo, s.high)
				}
				p.Add(&pointNote{x: float64(k), lo: lo, hi: hi, text: text,
					left: r.drawnSpan(k-1, mo.outcome), right: r.drawnSpan(k+1, mo.outcome)})
			}
		}
		if drawn == 0 {
			continue
		}
		if mo.outcome == col(engine.FalseSecurityGap) {
			p.Add(&hline{y: 0, style: dashed(0x55, 1)})
		}
		padAxis(&p.Y, roomShare, roomShare)
		p.Add(gaps...)
		p.NominalX(shortNames(r.architectures)...)
		// Steeper than the crisis figure's: three panels leave a third of
		// the width to six names, which at π/6 ran into each other (a
		// figures audit, stop 37).
		p.X.Tick.Label.Rotation = math.Pi / 3
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
		p.X.Min, p.X.Max = -0.6, float64(len(r.architectures))-0.4
		panels = append(panels, panel{plot: p, weight: 1})
	}
	if len(panels) == 0 {
		return nil, nil
	}
	legend.Add("", &blank{})
	legend.Add(intervalKey("bars: 95% CI", bars), &blank{})
	if bare > 0 && bars > 0 {
		legend.Add("hollow: no 95% CI (a point", &blank{})
		legend.Add("with a single run)", &blank{})
	}
	return &figure{
		name:    "mechanisms",
		title:   "Commitment, false security and hedger buy-in by architecture",
		sub:     capitalise(r.scope()),
		panels:  panels,
		legend:  legend,
		caption: m.caption(),
		width:   10 * vg.Inch,
	}, nil
}

// poolNote is the note at a pooled mean of the mechanism figure, or "":
// at how many of the design points it is defined, when at fewer than all,
// and from how many of the runs (replicates per point × points), when
// from fewer than all of them at fewer points, or from fewer than half of
// them at every point. A mean from 11 of 5000 runs was drawn beside
// means from nearly all of them with "3 of 5 points" alone, and one from
// 260 of 5000 runs, a fifth of its weight on 2 runs at one point, with no
// note at all (a review, stop 51). replicates 0 (unknown) leaves the runs
// out.
func poolNote(pl *pool, points, replicates int) string {
	if pl == nil {
		return ""
	}
	total := int64(replicates) * int64(points)
	fewPoints := points > 1 && pl.points < points
	fewRuns := replicates > 0 && (fewPoints && pl.n < total || 2*pl.n < total)
	switch {
	case fewPoints && fewRuns:
		return fmt.Sprintf("%d of %d points, %d of %d runs", pl.points, points, pl.n, total)
	case fewPoints:
		return fmt.Sprintf("%d of %d points", pl.points, points)
	case fewRuns:
		return fmt.Sprintf("%d of %d runs", pl.n, total)
	}
	return ""
}

// pointNote marks a mean in a pooled panel with a short grey note written
// upward from just above its interval (or its marker), so that a mean
// pooled over fewer design points than the figure's subtitle names says
// so at its place. It does not change the axis ranges.
type pointNote struct {
	x, lo, hi float64 // the mean's x and its interval as drawn (the mean twice without one)
	text      string
	// The neighbours' intervals as drawn (drawnSpan), for a note that
	// must go beside its own.
	left, right [2]float64
}

// drawnSpan is the span the mechanism figure draws for the k-th
// architecture's pooled mean of outcome: its clipped interval, or the mean
// twice without one; NaN where there is no such architecture or mean.
func (r *results) drawnSpan(k int, outcome string) [2]float64 {
	none := [2]float64{math.NaN(), math.NaN()}
	if k < 0 || k >= len(r.architectures) {
		return none
	}
	s, ok := r.pooled(r.architectures[k], outcome)
	if !ok {
		return none
	}
	if math.IsNaN(s.lo) || math.IsNaN(s.high) {
		return [2]float64{s.mean, s.mean}
	}
	lo, hi := clipToValues(outcome, s.lo, s.high)
	return [2]float64{lo, hi}
}

func (n *pointNote) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := noteStyle(8)
	sty.XAlign = draw.XLeft
	// Above the interval's cap and the marker; below them when the cap
	// is in the upper half of the panel, where the note would run off.
	at := vg.Point{X: trX(n.x), Y: trY(n.hi) + vg.Points(10)}
	if trY(n.hi) > c.Center().Y {
		sty.XAlign = draw.XRight
		at.Y = trY(n.lo) - vg.Points(10)
	}
	// Where the interval leaves no room above or below it (quick.yaml's
	// treaty_plus_cells honour rate, 3 runs at 1 of 2 points, with an
	// interval clipped to 0–1), the note ran out of the panel over the
	// tick labels and the caption (a review, stop 51): it goes beside the
	// interval instead, halfway to a neighbour's, from the top or the
	// bottom of the panel where it clears that neighbour's interval; if
	// the whole note clears none, its last part alone ("3 of 40 runs");
	// failing that, whole, centred on the panel's height.
	if w := sty.Width(n.text); at.Y+w <= c.Max.Y && sty.XAlign == draw.XLeft || at.Y-w >= c.Min.Y && sty.XAlign == draw.XRight {
		c.FillText(sty, at, n.text)
		return
	}
	pad := vg.Points(4)
	texts := []string{n.text}
	if i := strings.LastIndex(n.text, ", "); i >= 0 {
		texts = append(texts, n.text[i+2:])
	}
	for _, text := range texts {
		w := sty.Width(text)
		for _, side := range []struct {
			dx float64
			nb [2]float64
		}{{0.5, n.right}, {-0.5, n.left}} {
			x := n.x + side.dx
			if x < p.X.Min || x > p.X.Max {
				continue
			}
			// The neighbour's interval, with room for its marker and caps.
			nlo, nhi := trY(side.nb[0])-pad-vg.Points(5), trY(side.nb[1])+pad+vg.Points(5)
			clear := func(y0, y1 vg.Length) bool {
				return math.IsNaN(side.nb[0]) || y1 < nlo || y0 > nhi
			}
			switch top, bottom := c.Max.Y-pad, c.Min.Y+pad; {
			case clear(top-w, top):
				sty.XAlign = draw.XRight
				c.FillText(sty, vg.Point{X: trX(x), Y: top}, text)
				return
			case clear(bottom, bottom+w):
				sty.XAlign = draw.XLeft
				c.FillText(sty, vg.Point{X: trX(x), Y: bottom}, text)
				return
			}
		}
	}
	sty.XAlign = draw.XCenter
	c.FillText(sty, vg.Point{X: trX(n.x + 0.5), Y: c.Center().Y}, n.text)
}

func (n *pointNote) DataRange() (xmin, xmax, ymin, ymax float64) {
	return n.x, n.x, math.Inf(1), math.Inf(-1)
}

// errorBar is one point with asymmetric vertical errors, as the
// plotter.XYer and plotter.YErrorer that NewYErrorBars wants.
type errorBar struct{ x, y, lo, hi float64 }

func (e errorBar) Len() int                       { return 1 }
func (e errorBar) XY(int) (float64, float64)      { return e.x, e.y }
func (e errorBar) YError(int) (low, high float64) { return e.lo, e.hi }
