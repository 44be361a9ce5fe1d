package plots

import (
	"cmp"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Plotters shared by the analysis figures: horizontal bars with whiskers,
// a vertical reference line, points with labels placed so that none
// overlaps another or a point, and free text anchored at a data point.

// hbar is one horizontal bar from 0 to v at height y, h data units thick,
// with a whisker from lo to hi (none when either is NaN).
type hbar struct {
	y, h      float64
	v, lo, hi float64
	fill      color.Color
}

// hbars draws bars in data units, so their thickness follows the rows
// whatever the figure's size.
type hbars struct {
	bars    []hbar
	outline draw.LineStyle
	whisker draw.LineStyle
}

func (b *hbars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, r := range b.bars {
		if math.IsNaN(r.v) {
			continue
		}
		y0, y1 := trY(r.y-r.h/2), trY(r.y+r.h/2)
		x0, x1 := trX(math.Min(0, r.v)), trX(math.Max(0, r.v))
		rect := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
		c.SetColor(r.fill)
		c.Fill(rect.Path())
		if b.outline.Width > 0 {
			c.SetLineStyle(b.outline)
			c.Stroke(rect.Path())
		}
	}
	for _, r := range b.bars {
		if math.IsNaN(r.lo) || math.IsNaN(r.hi) {
			continue
		}
		y := trY(r.y)
		cap := (trY(r.y+r.h/2) - trY(r.y-r.h/2)) * 0.35
		xl, xh := trX(r.lo), trX(r.hi)
		c.StrokeLine2(b.whisker, xl, y, xh, y)
		c.StrokeLine2(b.whisker, xl, y-cap, xl, y+cap)
		c.StrokeLine2(b.whisker, xh, y-cap, xh, y+cap)
	}
}

func (b *hbars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = 0, 0, math.Inf(1), math.Inf(-1)
	for _, r := range b.bars {
		for _, x := range []float64{r.v, r.lo, r.hi} {
			if !math.IsNaN(x) {
				xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
			}
		}
		ymin, ymax = math.Min(ymin, r.y-r.h/2), math.Max(ymax, r.y+r.h/2)
	}
	return xmin, xmax, ymin, ymax
}

// vline is a vertical reference line across the data area.
type vline struct {
	x     float64
	style draw.LineStyle
}

func (l *vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(l.x)
	c.StrokeLine2(l.style, x, c.Min.Y, x, c.Max.Y)
}

func (l *vline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return l.x, l.x, math.Inf(1), math.Inf(-1)
}

func (l *vline) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
}

// labelled is a point with an optional horizontal whisker and a label.
type labelled struct {
	x, y   float64
	lo, hi float64 // whisker; NaN for none
	label  string
}

// labelledPoints draws points, their whiskers and their labels. Each label
// goes to the first place, of eight around its point and then the same
// eight farther out (with a leader line), that stays inside the data area
// and overlaps no point, whisker end and no label already placed; points
// are labelled from the largest x down, so the points that matter most get
// the nearest places. Where none of those is free, the label goes to the
// free place of the data area nearest its point, with a leader line; a
// label with no free place goes where it overlaps least.
type labelledPoints struct {
	pts     []labelled
	avoid   []labelled // points drawn by another plotter that labels keep off
	glyph   draw.GlyphStyle
	whisker draw.LineStyle
	text    draw.TextStyle
}

func (l *labelledPoints) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var taken []vg.Rectangle
	r := l.glyph.Radius
	for _, pt := range l.pts {
		x, y := trX(pt.x), trY(pt.y)
		if !math.IsNaN(pt.lo) && !math.IsNaN(pt.hi) {
			xl, xh := trX(pt.lo), trX(pt.hi)
			c.StrokeLine2(l.whisker, xl, y, xh, y)
			c.StrokeLine2(l.whisker, xl, y-r, xl, y+r)
			c.StrokeLine2(l.whisker, xh, y-r, xh, y+r)
		}
		taken = append(taken, vg.Rectangle{Min: vg.Point{X: x - r, Y: y - r}, Max: vg.Point{X: x + r, Y: y + r}})
	}
	for _, pt := range l.avoid {
		x, y := trX(pt.x), trY(pt.y)
		taken = append(taken, vg.Rectangle{Min: vg.Point{X: x - r, Y: y - r}, Max: vg.Point{X: x + r, Y: y + r}})
	}
	for _, pt := range l.pts {
		c.DrawGlyph(l.glyph, vg.Point{X: trX(pt.x), Y: trY(pt.y)})
	}
	order := make([]int, len(l.pts))
	for i := range order {
		order[i] = i
	}
	// Largest x first; ties keep the given order.
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(l.pts[j].x, l.pts[i].x) })
	sty := l.text
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	gap := r + vg.Points(2)
	for _, i := range order {
		pt := l.pts[i]
		if pt.label == "" {
			continue
		}
		x, y := trX(pt.x), trY(pt.y)
		w, h := sty.Width(pt.label), sty.Height(pt.label)
		best, bestFar := placeLabel(x, y, w, h, gap, c.Rectangle, taken)
		if bestFar {
			// A leader from the point to the nearest corner of the label.
			tx := math.Max(float64(best.Min.X), math.Min(float64(x), float64(best.Max.X)))
			ty := math.Max(float64(best.Min.Y), math.Min(float64(y), float64(best.Max.Y)))
			c.StrokeLine2(draw.LineStyle{Color: color.Gray{0x88}, Width: vg.Points(0.6)}, x, y, vg.Length(tx), vg.Length(ty))
		}
		taken = append(taken, best)
		c.FillText(sty, best.Min, pt.label)
	}
}

// placeLabel finds where a w × h label of the point (x, y) goes inside
// area: the first of eight places around the point, then the same eight
// farther out (far: a leader line is wanted), that overlaps nothing in
// taken. Where all of those overlap, the free place in area nearest the
// point, on a grid of half a label's height, goes before the ring place
// that overlaps least: the three rings reach about 45 points from the
// point, and a label was drawn over a PRIM trajectory beside empty space
// (a review, stop 50). With no free place at all the ring place that
// overlaps least is kept, and with none inside area the label goes right
// of the point.
func placeLabel(x, y, w, h, gap vg.Length, area vg.Rectangle, taken []vg.Rectangle) (vg.Rectangle, bool) {
	inside := func(rc vg.Rectangle) bool {
		return rc.Min.X >= area.Min.X && rc.Max.X <= area.Max.X && rc.Min.Y >= area.Min.Y && rc.Max.Y <= area.Max.Y
	}
	best, bestOverlap, bestFar := vg.Rectangle{}, vg.Length(math.Inf(1)), false
	for ring := 1; ring <= 3; ring++ {
		d := gap * vg.Length(1+2*(ring-1))
		for _, o := range [][2]float64{{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}} {
			var rc vg.Rectangle
			rc.Min = vg.Point{X: ringSide(x, w, d, o[0]), Y: ringSide(y, h, d, o[1])}
			rc.Max = vg.Point{X: rc.Min.X + w, Y: rc.Min.Y + h}
			if !inside(rc) {
				continue
			}
			ov := overlap(rc, taken)
			if ov < bestOverlap {
				best, bestOverlap, bestFar = rc, ov, ring > 1
			}
			if ov == 0 {
				break
			}
		}
		if bestOverlap == 0 {
			return best, bestFar
		}
	}
	if step := h / 2; step > 0 {
		found, nearest := false, math.Inf(1)
		for ly := area.Min.Y; ly+h <= area.Max.Y; ly += step {
			for lx := area.Min.X; lx+w <= area.Max.X; lx += step {
				rc := vg.Rectangle{Min: vg.Point{X: lx, Y: ly}, Max: vg.Point{X: lx + w, Y: ly + h}}
				if overlap(rc, taken) > 0 {
					continue
				}
				// Distance from the point to the label's nearest edge.
				dx := math.Max(0, math.Max(float64(rc.Min.X-x), float64(x-rc.Max.X)))
				dy := math.Max(0, math.Max(float64(rc.Min.Y-y), float64(y-rc.Max.Y)))
				if d := math.Hypot(dx, dy); d < nearest {
					best, nearest, found = rc, d, true
				}
			}
		}
		if found {
			return best, true
		}
	}
	if math.IsInf(float64(bestOverlap), 1) { // nowhere inside: right of the point
		return vg.Rectangle{Min: vg.Point{X: x + gap, Y: y - h/2}, Max: vg.Point{X: x + gap + w, Y: y + h/2}}, false
	}
	return best, bestFar
}

// ringSide is the low edge, along one axis, of a label of size size at
// distance d from the point's coordinate c: beyond it (side 1), before it
// (−1), or centred on it (0).
func ringSide(c, size, d vg.Length, side float64) vg.Length {
	switch side {
	case 1:
		return c + d
	case -1:
		return c - d - size
	}
	return c - size/2
}

// overlap is the total area rc shares with the rectangles in taken.
func overlap(rc vg.Rectangle, taken []vg.Rectangle) vg.Length {
	var sum vg.Length
	for _, t := range taken {
		w := min(rc.Max.X, t.Max.X) - max(rc.Min.X, t.Min.X)
		h := min(rc.Max.Y, t.Max.Y) - max(rc.Min.Y, t.Min.Y)
		if w > 0 && h > 0 {
			sum += w * h
		}
	}
	return sum
}

func (l *labelledPoints) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, pt := range l.pts {
		for _, x := range []float64{pt.x, pt.lo, pt.hi} {
			if !math.IsNaN(x) {
				xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
			}
		}
		ymin, ymax = math.Min(ymin, pt.y), math.Max(ymax, pt.y)
	}
	return xmin, xmax, ymin, ymax
}

// note is free text anchored at a data point, offset in canvas units.
type note struct {
	x, y   float64
	dx, dy vg.Length
	text   string
	style  draw.TextStyle
}

func (n *note) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	c.FillText(n.style, vg.Point{X: trX(n.x) + n.dx, Y: trY(n.y) + n.dy}, n.text)
}

// DataRange adds nothing: a note never widens the axes.
func (n *note) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
}

// ring is a legend thumbnail and marker: an open circle.
type ringThumb struct{ style draw.GlyphStyle }

func (r *ringThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(r.style, c.Center()) }

// dashed is the style of a reference line.
func dashed(grey uint8, width float64) draw.LineStyle {
	return draw.LineStyle{Color: color.Gray{grey}, Width: vg.Points(width), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
}
