package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Figure geometry. 8 x 5 inches at 200 dpi is 1600 x 1000 pixels, the
// smallest raster the results directory promises; wide figures grow in x.
const (
	figureDPI    = 200
	figureHeight = 5 * vg.Inch
	figureWidth  = 8 * vg.Inch
	titleBand    = 0.42 * vg.Inch
	captionBand  = 0.32 * vg.Inch
	marginSide   = 0.12 * vg.Inch
	legendGap    = 0.15 * vg.Inch
	panelGap     = 0.2 * vg.Inch
	subtitleBand = 0.25 * vg.Inch
)

// sans is the typeface of every text; plot's default is a serif face.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// figure is one picture: a title, one or more panels side by side, an
// optional legend column on the right, and a caption line naming the run.
type figure struct {
	name    string // file stem under DIR/plots
	title   string
	sub     string // optional line under the title
	panels  []panel
	legend  *plot.Legend // drawn right of the panels; nil for none
	caption string
	width   vg.Length // 0: figureWidth
	height  vg.Length // 0: figureHeight
	// section is the report section that shows the figure: "" for the
	// run's figures, else one of the analysis sections.
	section string
}

// The report sections of the analysis figures.
const (
	sectionSensitivity = "sensitivity"
	sectionDiscovery   = "discovery"
	sectionCalibration = "calibration"
)

type panel struct {
	plot   *plot.Plot
	weight float64 // share of the panel row's width
	// alignTo, when > 0, is 1 + the index of an earlier panel whose data
	// area this panel's height is cropped to (a colour bar beside its map).
	alignTo int
}

// textStyle returns a sans text style of the given size in points.
func textStyle(size vg.Length) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(sans, size),
		Handler: plot.DefaultTextHandler,
	}
}

// fitText returns sty with its font shrunk, down to 7 points, until the
// widest line of s fits in width; sty itself when it fits.
func fitText(sty text.Style, s string, width vg.Length) text.Style {
	for sty.Font.Size > 7 && sty.Width(s) > width {
		sty.Font.Size -= 0.5
	}
	return sty
}

// newPlot returns a panel with sans fonts, a light grid and the given labels.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, 12)
	p.Title.Padding = 0.08 * vg.Inch
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(sans, 12)
		ax.Tick.Label.Font = font.From(sans, 10)
		ax.Padding = 0.04 * vg.Inch
	}
	p.X.Tick.Marker = niceTicks{}
	p.Y.Tick.Marker = niceTicks{}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{0xe4}
	g.Horizontal.Color = color.Gray{0xe4}
	p.Add(g)
	return p
}

// newLegend returns an empty legend in the figure's sans face.
func newLegend() *plot.Legend {
	l := plot.NewLegend()
	l.TextStyle = textStyle(11)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = 0.32 * vg.Inch
	l.Padding = 0.05 * vg.Inch
	return &l
}

func (f *figure) size() (w, h vg.Length) {
	w = f.width
	if w == 0 {
		w = figureWidth
	}
	h = f.height
	if h == 0 {
		h = figureHeight
	}
	return w, h
}

// draw paints the figure onto c.
func (f *figure) draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())

	room := c.Max.X - c.Min.X - 2*marginSide
	title := fitText(textStyle(15), f.title, room)
	title.XAlign = draw.XCenter
	title.YAlign = draw.YTop
	c.FillText(title, vg.Point{X: c.Center().X, Y: c.Max.Y - 0.1*vg.Inch}, f.title)
	top := titleBand
	if f.sub != "" {
		sub := fitText(textStyle(11), f.sub, room)
		sub.Color = color.Gray{0x33}
		sub.XAlign = draw.XCenter
		sub.YAlign = draw.YTop
		c.FillText(sub, vg.Point{X: c.Center().X, Y: c.Max.Y - titleBand + 0.02*vg.Inch}, f.sub)
		top += subtitleBand
	}

	caption := textStyle(9)
	caption.Color = color.Gray{0x44}
	caption.YAlign = draw.YBottom
	c.FillText(caption, vg.Point{X: c.Min.X + marginSide, Y: c.Min.Y + 0.1*vg.Inch}, f.caption)

	body := draw.Crop(c, marginSide, -marginSide, captionBand, -top)
	if f.legend != nil {
		r := f.legend.Rectangle(body)
		lw := r.Max.X - r.Min.X
		lc := draw.Crop(body, body.Max.X-body.Min.X-lw, 0, 0, -0.25*vg.Inch)
		f.legend.Draw(lc)
		body = draw.Crop(body, 0, -(lw + legendGap), 0, 0)
	}

	var total float64
	for _, p := range f.panels {
		total += p.weight
	}
	// Lay the panels out side by side, then crop each so that every data
	// area has the same top and bottom edge, whatever its tick labels.
	canvases := make([]draw.Canvas, len(f.panels))
	var dataTop, dataBottom vg.Length
	x := body.Min.X
	full := body.Max.X - body.Min.X - panelGap*vg.Length(len(f.panels)-1)
	for i, p := range f.panels {
		w := vg.Length(p.weight / total * float64(full))
		pc := body
		pc.Min.X, pc.Max.X = x, x+w
		// A panel title wider than its panel would be cut at both edges
		// (a review, stop 24): its font shrinks to fit.
		p.plot.Title.TextStyle = fitText(p.plot.Title.TextStyle, p.plot.Title.Text, w)
		canvases[i] = pc
		x += w + panelGap
		if p.alignTo == 0 {
			d := p.plot.DataCanvas(pc)
			dataTop = max(dataTop, pc.Max.Y-d.Max.Y)
			dataBottom = max(dataBottom, d.Min.Y-pc.Min.Y)
		}
	}
	for i, p := range f.panels {
		pc := canvases[i]
		if p.alignTo == 0 {
			d := p.plot.DataCanvas(pc)
			pc = draw.Crop(pc, 0, 0, dataBottom-(d.Min.Y-pc.Min.Y), -(dataTop - (pc.Max.Y - d.Max.Y)))
		} else {
			d := p.plot.DataCanvas(canvases[p.alignTo-1])
			pc.Min.Y, pc.Max.Y = d.Min.Y, d.Max.Y
		}
		canvases[i] = pc
		p.plot.Draw(pc)
	}
}

// png renders the figure as a PNG at figureDPI.
func (f *figure) png() ([]byte, error) {
	w, h := f.size()
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(figureDPI), vgimg.UseBackgroundColor(color.White))
	f.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: %s.png: %w", f.name, err)
	}
	return buf.Bytes(), nil
}

// svg renders the figure as SVG. Fonts are named, not embedded, to keep the
// files small; viewers substitute a sans face when Liberation Sans is absent.
func (f *figure) svg() ([]byte, error) {
	w, h := f.size()
	c := vgsvg.New(w, h)
	f.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: %s.svg: %w", f.name, err)
	}
	return buf.Bytes(), nil
}

// padAxis widens the range of a plot's axis a (&p.Y or &p.X), as its
// plotters set it, by a share of its span below and above, so that no
// marker, whisker or bar end sits on the frame. A range of one value gets a
// span of its own.
func padAxis(a *plot.Axis, below, above float64) {
	span := a.Max - a.Min
	if !(span > 0) || math.IsInf(span, 0) {
		span = math.Max(math.Abs(a.Max), 1) * 0.2
	}
	a.Min -= below * span
	a.Max += above * span
}

// Headroom shares: 6% of the data span on a side is a marker's radius or
// more at the figure sizes here.
const roomShare = 0.06

// gapNote marks an architecture that has no value in a panel: a short
// vertical text at its x position saying why, so an empty slot is not read
// as data lost. It does not change the axis ranges.
type gapNote struct {
	x    float64
	text string
}

func (g *gapNote) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := noteStyle(9)
	sty.XAlign = draw.XCenter
	c.FillText(sty, vg.Point{X: trX(g.x), Y: c.Center().Y}, g.text)
}

// noteStyle is the style of a note written upward in a panel (gapNote,
// pointNote): grey text of the size given, centred on its line.
func noteStyle(size vg.Length) text.Style {
	sty := textStyle(size)
	sty.Color = color.Gray{0x55}
	sty.Rotation = math.Pi / 2
	sty.YAlign = draw.YCenter
	return sty
}

func (g *gapNote) DataRange() (xmin, xmax, ymin, ymax float64) {
	return g.x, g.x, math.Inf(1), math.Inf(-1)
}
