package plots

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// pairedFigures draws pairedFigure for each headline pair: one figure per
// primary contrast when both ran.
func pairedFigures(ctx context.Context, r *results, m Meta) ([]*figure, error) {
	var out []*figure
	for _, pd := range r.pairs {
		f, err := pairedFigure(ctx, r, pd, m)
		if err != nil {
			return nil, err
		}
		if f != nil {
			out = append(out, f)
		}
	}
	return out, nil
}

// pairedFigure draws, per design point, the distribution of the paired
// differences a − b of the headline outcome over replicates (rows of the
// runs parts paired by point and replicate): a box plot (quartiles,
// whiskers to 1.5 IQR, outliers as dots) with the mean as a triangle. The x
// axis names each point by its parameter values, stacked one parameter a
// line for up to three swept parameters; a line under the title says which
// side of 0 favours which architecture.
func pairedFigure(ctx context.Context, r *results, pd *pairData, m Meta) (*figure, error) {
	if !r.paired || pd.diffs == nil {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var names []string
	for _, p := range r.params {
		names = append(names, p.name)
	}
	xLabel := "design point"
	stacked := len(r.params) >= 1 && len(r.params) <= 3
	switch {
	case len(r.params) == 1:
		xLabel = r.params[0].label()
	case stacked:
		xLabel = "design point: " + strings.Join(names, " / ") + " (top to bottom)"
	case len(r.params) > 3:
		xLabel = "design point (values in points.parquet)"
	}
	// Boxes share ~60% of an assumed 6.5-inch data area.
	width := vg.Length(math.Min(22, math.Max(2, 0.6*6.5*72/float64(len(r.points)))))
	p := newPlot("", xLabel, wrap(differenceText(pd.a, pd.b, headline), 48))
	p.Y.Label.TextStyle.Font.Size = 11
	p.Add(&hline{y: 0, style: dashed(0x55, 1)})
	var means plotter.XYs
	var box *plotter.BoxPlot
	var ticks []plot.Tick
	// Label at most ~13 points, so that stacked labels never touch.
	every := int(math.Ceil(float64(len(r.points)) / 13))
	for i, pt := range r.points {
		label := fmt.Sprint(pt.index)
		if stacked {
			vs := make([]string, len(pt.values))
			for k, v := range pt.values {
				vs[k] = r.valueText(k, v)
			}
			label = strings.Join(vs, "\n")
		}
		if i%every == 0 {
			ticks = append(ticks, plot.Tick{Value: float64(i), Label: label})
		} else {
			ticks = append(ticks, plot.Tick{Value: float64(i)})
		}
		d := pd.diffs[i]
		if len(d) == 0 {
			continue
		}
		b, err := plotter.NewBoxPlot(width, float64(i), plotter.Values(d))
		if err != nil {
			return nil, fmt.Errorf("plots: paired differences at point %d: %w", pt.index, err)
		}
		b.FillColor = color.Gray{0xd9}
		b.BoxStyle.Width = vg.Points(1)
		b.MedianStyle.Width = vg.Points(2)
		b.WhiskerStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
		b.GlyphStyle = draw.GlyphStyle{Color: color.Gray{0x66}, Radius: vg.Points(1.2), Shape: draw.CircleGlyph{}}
		p.Add(b)
		box = b
		var sum float64
		for _, v := range d {
			sum += v
		}
		means = append(means, plotter.XY{X: float64(i), Y: sum / float64(len(d))})
	}
	if box == nil {
		return nil, fmt.Errorf("plots: %s: no replicate has both %s and %s with a non-null %q",
			filepathRuns(r), pd.a, pd.b, headline)
	}
	mean, err := plotter.NewScatter(means)
	if err != nil {
		return nil, fmt.Errorf("plots: paired differences: %w", err)
	}
	mean.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(3), Shape: draw.PyramidGlyph{}}
	p.Add(mean)
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	if stacked && len(r.params) > 1 {
		p.X.Tick.Label.Font.Size = 9
	}
	p.X.Min, p.X.Max = -0.6, float64(len(r.points))-0.4
	padAxis(&p.Y, roomShare, roomShare)

	legend := newLegend()
	legend.Add("per-replicate difference", &boxThumb{fill: color.Gray{0xd9}})
	legend.Add("box: quartiles, median", &blank{})
	legend.Add("whiskers: 1.5 IQR", &blank{})
	legend.Add("mean", mean)
	legend.Add("no difference", &hline{style: dashed(0x55, 1)})
	return &figure{
		name:    "paired-differences" + r.suffix(pd),
		title:   fmt.Sprintf("Paired differences %s − %s in %s, per design point", pd.a, pd.b, outcomeName(headline)),
		sub:     signKey(pd.a, pd.b, headline) + r.gloss(pd),
		panels:  []panel{{plot: p, weight: 1}},
		legend:  legend,
		caption: m.caption(),
	}, nil
}

// signKey says which side of 0 favours which architecture in the
// difference a − b of an outcome, by the outcome's better direction.
func signKey(a, b, outcome string) string {
	up, down := a, b
	if lowerBetter(outcome) {
		up, down = b, a
	}
	return "above 0: " + up + " better · below 0: " + down + " better"
}

func filepathRuns(r *results) string { return filepath.Join(r.dir, runsFolderName) }

// hline is a horizontal reference line across the data area.
type hline struct {
	y     float64
	style draw.LineStyle
}

func (h *hline) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.y)
	c.StrokeLine2(h.style, c.Min.X, y, c.Max.X, y)
}

func (h *hline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), h.y, h.y
}

func (h *hline) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(h.style, c.Min.X, y, c.Max.X, y)
}

// boxThumb is a legend thumbnail of a filled, outlined box.
type boxThumb struct{ fill color.Color }

func (b *boxThumb) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	r.Min.X += (r.Max.X - r.Min.X) / 4
	r.Max.X -= (r.Max.X - r.Min.X) / 3
	c.SetColor(b.fill)
	c.Fill(r.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.Black, Width: vg.Points(1)})
	c.Stroke(r.Path())
}
