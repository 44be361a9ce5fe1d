package plots

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	registry "pactsim/agents/param"
)

// sweepFigures draws, for each planned sweep (see plan), both headline
// outcomes (deterrence success, and the severity-weighted loss where the
// summary has it) of every architecture against one swept parameter, a
// panel each: mean line and 95% CI band. With several swept parameters it
// uses the middle slice on which the others are constant, named in the
// panel title; a parameter that never varies alone (random, lhs and
// halton designs with more than one parameter) gets none.
func sweepFigures(ctx context.Context, r *results, m Meta) ([]*figure, error) {
	var out []*figure
	colours := ArchitectureColours(r.architectures)
	outcomes := []string{headline}
	if slices.Contains(r.outcomes, second) {
		outcomes = append(outcomes, second)
	}
	for _, sp := range r.sweeps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		j, s, prm := sp.j, sp.s, r.params[sp.j]
		pts := slices.Clone(s.points)
		slices.SortFunc(pts, func(a, b int) int {
			return cmpFloat(r.points[a].values[j], r.points[b].values[j])
		})
		var panels []panel
		var legend *plot.Legend
		var names []string
		for _, outcome := range outcomes {
			p, lg, err := sweepPanel(r, sp, pts, outcome, colours)
			if err != nil {
				return nil, err
			}
			if p == nil {
				continue // no means of this outcome at the slice
			}
			panels = append(panels, panel{plot: p, weight: 1})
			names = append(names, outcomeName(outcome))
			if legend == nil {
				legend = lg
			}
		}
		if len(panels) == 0 {
			return nil, fmt.Errorf("plots: %s: no %q means for any architecture", r.summaryPath(), headline)
		}
		out = append(out, &figure{
			name:    "sweep-" + fileSafe(prm.name),
			title:   fmt.Sprintf("%s by architecture against %s", capitalise(strings.Join(names, " and ")), prm.name),
			panels:  panels,
			legend:  legend,
			caption: m.caption(),
		})
	}
	return out, nil
}

// sweepPanel is one outcome's panel of a sweep figure, with its legend;
// nil when no architecture has a mean of outcome on the slice pts.
func sweepPanel(r *results, sp sweepPlan, pts []int, outcome string, colours map[string]color.NRGBA) (*plot.Plot, *plot.Legend, error) {
	j, prm := sp.j, r.params[sp.j]
	p := newPlot(wrap(r.describe(sp.s), 60), prm.label(), wrap(outcomeText(outcome), 44))
	// A boolean reads false and true, an integer whole numbers (a review,
	// stop 24: 0.2, 0.4, … and 7.5, 12.5 periods).
	p.X.Tick.Marker = sweepTicks{}
	if spec, ok := registry.Lookup(prm.name); ok {
		switch spec.Kind {
		case registry.Bool:
			p.X.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "false"}, {Value: 1, Label: "true"}}
		case registry.Int:
			p.X.Tick.Marker = intTicks{}
		}
	}
	legend := newLegend()
	var lines []plot.Plotter // drawn after every band, so no band hides a line
	drawn, bands := 0, 0     // bands: the means with an interval
	labels := archLabels(r.architectures)
	for _, arch := range r.architectures {
		var line, band plotter.XYs
		var upper plotter.XYs
		for _, i := range pts {
			st, ok := r.stat(r.points[i].index, arch, outcome)
			if !ok {
				continue
			}
			x := r.points[i].values[j]
			line = append(line, plotter.XY{X: x, Y: st.mean})
			lo, hi := clipToValues(outcome, st.lo, st.high)
			if math.IsNaN(st.lo) || math.IsNaN(st.high) {
				lo, hi = st.mean, st.mean
			} else {
				bands++
			}
			band = append(band, plotter.XY{X: x, Y: lo})
			upper = append(upper, plotter.XY{X: x, Y: hi})
		}
		if len(line) == 0 {
			continue
		}
		drawn++
		c := colours[arch]
		for k := len(upper) - 1; k >= 0; k-- {
			band = append(band, upper[k])
		}
		poly, err := plotter.NewPolygon(band)
		if err != nil {
			return nil, nil, fmt.Errorf("plots: sweep of %s, %s, %s: %w", prm.name, outcome, arch, err)
		}
		poly.Color = withAlpha(c, 0.18)
		poly.LineStyle.Width = 0
		l, err := plotter.NewLine(line)
		if err != nil {
			return nil, nil, fmt.Errorf("plots: sweep of %s, %s, %s: %w", prm.name, outcome, arch, err)
		}
		l.LineStyle = draw.LineStyle{Color: c, Width: vg.Points(1.8)}
		p.Add(poly)
		lines = append(lines, l)
		thumbs := []plot.Thumbnailer{poly, l}
		// Markers show where the design has points; past a hundred
		// they would merge into the line.
		if len(line) <= 100 {
			sc, err := plotter.NewScatter(line)
			if err != nil {
				return nil, nil, fmt.Errorf("plots: sweep of %s, %s, %s: %w", prm.name, outcome, arch, err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(2.6), Shape: draw.CircleGlyph{}}
			lines = append(lines, sc)
			thumbs = append(thumbs, sc)
		}
		legend.Add(labels[arch], thumbs...)
	}
	if drawn == 0 {
		return nil, nil, nil
	}
	p.Add(lines...)
	padAxis(&p.Y, roomShare, roomShare)
	padAxis(&p.X, 0.03, 0.03)
	legend.Add("", &blank{})
	legend.Add(intervalKey("shading: 95% CI", bands), &blank{})
	return p, legend, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// blank is a legend thumbnail that draws nothing, for a note line.
type blank struct{}

func (*blank) Thumbnail(*draw.Canvas) {}

var _ plot.Thumbnailer = (*blank)(nil)
