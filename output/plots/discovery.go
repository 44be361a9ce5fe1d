package plots

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"regexp"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Discovery figures (DIR/discovery.parquet, DIR/discovery_limits.parquet),
// one panel per PRIM target, up to panelsPerFigure a figure:
//
//	discovery-tradeoff  the peeling and pasting trajectory in the
//	                    coverage–density plane, each box coloured by how
//	                    many parameters it restricts, the selected box
//	                    ringed and labelled (Bryant & Lempert 2010, fig. 3).
//	discovery-box       the selected box's limits against each parameter's
//	                    design range (box 0's limits), on a 0–1 scale; the
//	                    restricted parameters highlighted, with their limits
//	                    in the parameter's own units.

// Restricted-parameter colours: a sequential ramp (viridis anchors; van der
// Walt & Smith 2015), so that more restrictions read darker whatever the
// count, and readable under colour-vision deficiencies.
var viridis = []color.NRGBA{
	{0xfd, 0xe7, 0x25, 0xff}, {0x7a, 0xd1, 0x51, 0xff}, {0x22, 0xa8, 0x84, 0xff},
	{0x2a, 0x78, 0x8e, 0xff}, {0x41, 0x44, 0x87, 0xff}, {0x44, 0x01, 0x54, 0xff},
}

// rampColour returns the ramp's colour at t in [0, 1], from light to dark.
// The lightest end is skipped: yellow dots vanish on white.
func rampColour(t float64) color.NRGBA {
	t = 0.05 + 0.95*math.Max(0, math.Min(1, t))
	f := t * float64(len(viridis)-1)
	i := min(int(f), len(viridis)-2)
	u := f - float64(i)
	a, b := viridis[i], viridis[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + u*(float64(y)-float64(x)))) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

var (
	colourRestricted   = okabeBluishGreen
	colourUnrestricted = color.Gray{0xbb}
)

func discoveryFigures(ctx context.Context, ts []primTarget, m Meta) ([]*figure, error) {
	var out []*figure
	for start := 0; start < len(ts); start += panelsPerFigure {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		chunk := ts[start:min(len(ts), start+panelsPerFigure)]
		suffix := ""
		if start > 0 {
			suffix = fmt.Sprintf("-%d", start/panelsPerFigure+1)
		}
		f, err := tradeoffFigure("discovery-tradeoff"+suffix, chunk, m)
		if err != nil {
			return nil, err
		}
		out = append(out, f, boxFigure("discovery-box"+suffix, chunk, m))
	}
	return out, nil
}

// tradeoffFigure draws each target's trajectory in the coverage–density
// plane.
func tradeoffFigure(name string, ts []primTarget, m Meta) (*figure, error) {
	most := 0
	for _, t := range ts {
		for _, b := range t.boxes {
			most = max(most, b.restricted)
		}
	}
	colourOf := func(n int) color.NRGBA { return rampColour(float64(n) / math.Max(1, float64(most))) }
	counts := map[int]bool{}
	var panels []panel
	for _, t := range ts {
		p := newPlot(targetTitle(t.text), "coverage\n(share of the points of interest inside the box)", "density\n(share of the box's points of interest)")
		p.X.Label.TextStyle.Font.Size = 10
		p.Y.Label.TextStyle.Font.Size = 10
		// Where no point is of interest the coverage is undefined (null)
		// throughout: no trajectory is drawn, only a note saying so (a
		// figures audit, stop 37: its boxes were drawn at coverage 0, a
		// value the table does not hold).
		if !slices.ContainsFunc(t.boxes, func(b primBox) bool { return !math.IsNaN(b.coverage) }) {
			sty := textStyle(10)
			sty.Color = color.Gray{0x55}
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			p.Add(&note{x: 0.5, y: 0.5, text: "no point of interest:\ncoverage undefined, no box", style: sty})
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
		} else if err := drawTrajectory(p, t, colourOf, counts); err != nil {
			return nil, err
		}
		// A trajectory of one value (no point of interest: coverage and
		// density 0 throughout) is shown on the shares' whole range, not
		// on ±0.01 around it (review 8: negative shares on the axes).
		for _, a := range []*plot.Axis{&p.X, &p.Y} {
			if !(a.Max > a.Min) {
				a.Min, a.Max = math.Min(a.Min, 0), math.Max(a.Max, 1)
			}
		}
		padAxis(&p.Y, roomShare, roomShare)
		padAxis(&p.X, roomShare, roomShare)
		panels = append(panels, panel{plot: p, weight: 1})
	}
	legend := newLegend()
	legend.Add("restricted", &blank{})
	legend.Add("parameters:", &blank{})
	keys := make([]int, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		legend.Add(fmt.Sprint(k), &ringThumb{style: draw.GlyphStyle{Color: colourOf(k), Radius: vg.Points(3.2), Shape: draw.CircleGlyph{}}})
	}
	legend.Add("", &blank{})
	legend.Add("selected box", &ringThumb{style: selectedRing()})
	legend.Add("trajectory", &hline{style: draw.LineStyle{Color: color.Gray{0xaa}, Width: vg.Points(1)}})
	return &figure{
		name:    name,
		title:   "Where each structure wins: PRIM's coverage–density trade-off",
		sub:     "Each point is a box of the peeling (then pasting) trajectory, from the whole space at coverage 1",
		panels:  panels,
		legend:  legend,
		caption: m.caption(),
		width:   panelWidth(len(ts)),
		section: sectionDiscovery,
	}, nil
}

// drawTrajectory draws t's peeling (then pasting) trajectory on p, a point
// per box coloured by its number of restricted parameters (counted in
// counts, for the legend), and labels the selected box.
func drawTrajectory(p *plot.Plot, t primTarget, colourOf func(int) color.NRGBA, counts map[int]bool) error {
	// With a point of interest every box's coverage is defined; a table
	// that says otherwise is drawn at 0, which NewLine can take.
	cov := func(b primBox) float64 {
		if math.IsNaN(b.coverage) {
			return 0
		}
		return b.coverage
	}
	var path plotter.XYs
	for _, b := range t.boxes {
		path = append(path, plotter.XY{X: cov(b), Y: b.density})
	}
	line, err := plotter.NewLine(path)
	if err != nil {
		return fmt.Errorf("plots: discovery of %q: %w", t.text, err)
	}
	line.LineStyle = draw.LineStyle{Color: color.Gray{0xaa}, Width: vg.Points(1)}
	p.Add(line)
	// One scatter per restriction count, so each has one colour.
	byCount := map[int]plotter.XYs{}
	for _, b := range t.boxes {
		byCount[b.restricted] = append(byCount[b.restricted], plotter.XY{X: cov(b), Y: b.density})
		counts[b.restricted] = true
	}
	keys := make([]int, 0, len(byCount))
	for k := range byCount {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var avoid []labelled
	for _, k := range keys {
		sc, err := plotter.NewScatter(byCount[k])
		if err != nil {
			return fmt.Errorf("plots: discovery of %q: %w", t.text, err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: colourOf(k), Radius: vg.Points(3.2), Shape: draw.CircleGlyph{}}
		p.Add(sc)
		for _, xy := range byCount[k] {
			avoid = append(avoid, labelled{x: xy.X, y: xy.Y, lo: math.NaN(), hi: math.NaN()})
		}
	}
	sel := t.boxes[t.selected]
	label := fmt.Sprintf("selected: box %d\ncoverage %s, density %s\n%s of the space, %d restricted",
		t.selected, fmtShare(sel.coverage), fmtShare(sel.density), fmtPercent(sel.mass), sel.restricted)
	sty := textStyle(9)
	p.Add(&labelledPoints{
		pts:     []labelled{{x: cov(sel), y: sel.density, lo: math.NaN(), hi: math.NaN(), label: label}},
		avoid:   avoid,
		glyph:   selectedRing(),
		whisker: draw.LineStyle{},
		text:    sty,
	})
	return nil
}

func selectedRing() draw.GlyphStyle {
	return draw.GlyphStyle{Color: color.Black, Radius: vg.Points(7), Shape: draw.RingGlyph{}}
}

// boxFigure draws each target's selected box against the design ranges.
func boxFigure(name string, ts []primTarget, m Meta) *figure {
	var panels []panel
	rows := 0
	keep := boxRows(ts)
	for _, t := range ts {
		sel := t.boxes[t.selected]
		whole := t.boxes[0].limits
		shown := make([]int, 0, len(t.params))
		for j, prm := range t.params {
			if keep == nil || keep[prm] {
				shown = append(shown, j)
			}
		}
		n := len(shown)
		rows = max(rows, n)
		xlabel := "position in the parameter's design range\n(0 = its minimum, 1 = its maximum)"
		if keep != nil && n > 0 {
			// A design of many parameters (the map sweeps 96) gives rows
			// too thin to read; the rows the boxes leave at their whole
			// range say nothing a count cannot (a review, stop 52).
			xlabel += fmt.Sprintf("\n%d of %d parameters shown: those a box in this figure restricts", n, len(t.params))
		}
		if keep != nil && n == 0 {
			// No box of the figure restricts a parameter (every target
			// selected box 0): an empty panel labelled "0 of 96
			// parameters shown" said nothing a reader could use; the panel
			// says in words that no restriction was selected (a review,
			// stop 53).
			xlabel = ""
		}
		p := newPlot(targetTitle(t.text), xlabel, "")
		p.X.Label.TextStyle.Font.Size = 10
		p.Y.Tick.Label.Font.Size = 9
		track := &hbars{}
		var ticks []plot.Tick
		var notes []plot.Plotter
		for i, j := range shown {
			prm := t.params[j]
			y := float64(n - 1 - i)
			ticks = append(ticks, plot.Tick{Value: y, Label: prm})
			lo, hi := whole[j].low, whole[j].high
			span := hi - lo
			norm := func(v float64) float64 {
				if !(span > 0) {
					return 0.5
				}
				return (v - lo) / span
			}
			l := sel.limits[j]
			ln, hn := norm(l.low), norm(l.high)
			track.bars = append(track.bars, hbar{y: y, h: 0.16, v: 1, lo: math.NaN(), hi: math.NaN(), fill: color.Gray{0xe6}})
			fill := color.Color(colourUnrestricted)
			if l.restricted {
				fill = colourRestricted
			}
			notes = append(notes, &spanBar{y: y, h: 0.5, from: ln, to: hn, fill: fill})
			if !l.restricted {
				continue
			}
			notes = append(notes, &limitLabel{y: y, h: 0.5, from: ln, to: hn, text: limitText(l, whole[j], span), style: textStyle(9)})
		}
		p.Add(track)
		p.Add(notes...)
		p.Y.Tick.Marker = plot.ConstantTicks(ticks)
		p.Y.Min, p.Y.Max = -0.6, float64(max(n, 1))-0.4
		p.X.Min, p.X.Max = -0.03, 1.03
		p.X.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0"}, {Value: 0.25}, {Value: 0.5, Label: "0.5"}, {Value: 0.75}, {Value: 1, Label: "1"}}
		if keep != nil && n == 0 {
			sty := textStyle(10)
			sty.Color = color.Gray{0x55}
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			p.Add(&note{x: 0.5, y: 0, text: unrestrictedText(len(t.params)), style: sty})
			p.HideAxes() // no ticks, so no grid either: there is no bar to read
		}
		panels = append(panels, panel{plot: p, weight: 1})
		sub := fmt.Sprintf("box %d: coverage %s, density %s", t.selected, fmtShare(sel.coverage), fmtShare(sel.density))
		p.Title.Text += "\n" + sub
	}
	width := panelWidth(len(ts))
	if keep != nil {
		// The rows of a many-parameter design have the longest names
		// (a cell's latency in one domain is 53 characters): a panel gets
		// room for its widest label beside its data area, where 4.6
		// inches left the bars under the labels (a review, stop 52).
		var label vg.Length
		for _, pn := range panels {
			for _, tk := range pn.plot.Y.Tick.Marker.(plot.ConstantTicks) {
				label = max(label, pn.plot.Y.Tick.Label.Width(tk.Label))
			}
		}
		width = max(width, 1.9*vg.Inch+vg.Length(len(ts))*(label+2.8*vg.Inch))
	}
	legend := newLegend()
	legend.Add("restricted", &boxThumb{fill: colourRestricted})
	legend.Add("(limits in", &blank{})
	legend.Add("its units)", &blank{})
	legend.Add("not restricted", &boxThumb{fill: colourUnrestricted})
	legend.Add("design range", &boxThumb{fill: color.Gray{0xe6}})
	sub := "Each parameter's design range scaled to 0–1; the bar is the box PRIM selected"
	if keep != nil && rows == 0 {
		legend, sub = nil, "PRIM selected no box that restricts a parameter: no bar to draw"
	}
	return &figure{
		name:    name,
		title:   "Where each structure wins: the selected box's limits",
		sub:     sub,
		panels:  panels,
		legend:  legend,
		caption: m.caption(),
		width:   width,
		height:  rowsHeight(rows),
		section: sectionDiscovery,
	}
}

// maxBoxRows is the most parameters the box figure draws a row for; a
// design with more draws only those some box of the figure restricts.
const maxBoxRows = 24

// boxRows returns the parameters the box figure of targets ts draws when
// some target has more than maxBoxRows: those restricted by the selected
// box of any of them, so that every panel has the same rows. It returns
// nil, every parameter, otherwise.
func boxRows(ts []primTarget) map[string]bool {
	many := false
	for _, t := range ts {
		many = many || len(t.params) > maxBoxRows
	}
	if !many {
		return nil
	}
	keep := map[string]bool{}
	for _, t := range ts {
		for j, l := range t.boxes[t.selected].limits {
			if l.restricted && j < len(t.params) {
				keep[t.params[j]] = true
			}
		}
	}
	return keep
}

// unrestrictedText is what a panel of the box figure says where no box of
// the figure restricts any of a design's n parameters.
func unrestrictedText(n int) string {
	return fmt.Sprintf("no restriction selected:\nbox 0, the whole design space\n(every one of the %d parameters over its whole range)", n)
}

// spanBar is a horizontal bar from `from` to `to` at height y, h data
// units thick.
type spanBar struct {
	y, h, from, to float64
	fill           color.Color
}

func (s *spanBar) Plot(c draw.Canvas, p *plot.Plot) {
	if math.IsNaN(s.to-s.from) || math.IsInf(s.to-s.from, 0) {
		return // the rasteriser does not return from a NaN or infinite path
	}
	trX, trY := p.Transforms(&c)
	rect := vg.Rectangle{
		Min: vg.Point{X: trX(s.from), Y: trY(s.y - s.h/2)},
		Max: vg.Point{X: trX(s.to), Y: trY(s.y + s.h/2)},
	}
	if rect.Max.X-rect.Min.X < vg.Points(1.5) { // a box one value wide stays visible
		mid := (rect.Min.X + rect.Max.X) / 2
		rect.Min.X, rect.Max.X = mid-vg.Points(0.75), mid+vg.Points(0.75)
	}
	c.SetColor(s.fill)
	c.Fill(rect.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{0x33}, Width: vg.Points(0.5)})
	c.Stroke(rect.Path())
}

func (s *spanBar) DataRange() (xmin, xmax, ymin, ymax float64) {
	return s.from, s.to, s.y - s.h/2, s.y + s.h/2
}

// limitLabel writes a restricted parameter's limits beside its bar: right
// of it where the data area has room, else left of it, else inside it,
// else above it; decided when drawn, since only then is the width known.
type limitLabel struct {
	y, h, from, to float64
	text           string
	style          draw.TextStyle
}

func (l *limitLabel) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := l.style
	sty.YAlign = draw.YCenter
	w := sty.Width(l.text)
	pad := vg.Points(4)
	x0, x1, y := trX(l.from), trX(l.to), trY(l.y)
	switch {
	case x1+pad+w <= c.Max.X:
		sty.XAlign = draw.XLeft
		c.FillText(sty, vg.Point{X: x1 + pad, Y: y}, l.text)
	case x0-pad-w >= c.Min.X:
		sty.XAlign = draw.XRight
		c.FillText(sty, vg.Point{X: x0 - pad, Y: y}, l.text)
	case x1-x0 >= w+2*pad:
		sty.XAlign = draw.XCenter
		c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: y}, l.text)
	default:
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
		c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: trY(l.y + l.h/2)}, l.text)
	}
}

// DataRange adds nothing: the label never widens the axes.
func (l *limitLabel) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
}

// limitText writes a box's limits in a parameter's units, naming only the
// restricted sides: "≤ 0.74", "≥ 0.03" or "0.20 to 0.50".
func limitText(l, whole primLimit, span float64) string {
	lo, hi := fmtLimit(l.low, span, -1), fmtLimit(l.high, span, 1)
	switch lowCut, highCut := l.low > whole.low, l.high < whole.high; {
	case lowCut && !highCut:
		return "≥ " + lo
	case highCut && !lowCut:
		return "≤ " + hi
	}
	return lo + " to " + hi
}

// targetTitle names a target in a panel title: its reading in words, then
// the exact condition as the tables write it. A title that begins with an
// architecture's name keeps its spelling, as the panel titles of the
// other figures do ("treaty_plus_cells − layered").
func targetTitle(text string) string {
	head := conditionPhrase(text)
	if !namesLead(text) {
		head = capitalise(head)
	}
	return head + "\n" + wrapEven(conditionText(text), 48)
}

// wrapEven wraps s into as many lines as wrap(s, width) gives, but as even
// as they can be, and never breaks inside "(95% CI)": wrap at 48 left the
// interval alone on a line of its own under "treaty_plus_cells − layered
// severity_loss < 0" in two PRIM panel titles (a review, stop 51).
func wrapEven(s string, width int) string {
	const glue = "\x00" // stands for the interval's space while wrapping
	s = strings.ReplaceAll(s, "(95% CI)", "(95%"+glue+"CI)")
	n := strings.Count(wrap(s, width), "\n")
	w := width
	for w > 1 && strings.Count(wrap(s, w-1), "\n") == n {
		w--
	}
	return strings.ReplaceAll(wrap(s, w), glue, " ")
}

// asciiMinus is an ASCII hyphen used as a minus: between two names
// ("layered - treaty") or before a number ("< -0.5").
var asciiMinus = regexp.MustCompile(`(^|\s)-(\s|\d|\.)`)

// conditionText is a PRIM target's condition as the report and figures
// print it: with a true minus, as everywhere else they write a − b (a
// review, stop 50: "treaty_plus_cells - layered severity_loss < 0" beside
// "treaty_plus_cells − layered"). The condition's own text (the config's,
// and the discovery table's) keeps its ASCII hyphen.
func conditionText(text string) string {
	return asciiMinus.ReplaceAllString(text, "${1}−${2}")
}
