package plots

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// segment is one straight piece of a contour, in data coordinates.
type segment struct{ x0, y0, x1, y1 float64 }

// zeroContour traces the level-0 contour of z over the grid xs x ys (z(c, r)
// at xs[c], ys[r]) by marching squares, cell by cell in row-major order, so
// the output order is fixed. Cells with a NaN corner are skipped. A value of
// exactly zero counts as positive. Saddles are resolved by the sign of the
// cell's mean (the "asymptotic decider" simplified, Nielson & Hamann 1991).
//
// gonum's plotter.Contour is not used because it collects paths through a
// map keyed by pointers, so its SVG path order changes from run to run.
func zeroContour(xs, ys []float64, z func(c, r int) float64) []segment {
	var out []segment
	for r := 0; r+1 < len(ys); r++ {
		for c := 0; c+1 < len(xs); c++ {
			z00, z10, z11, z01 := z(c, r), z(c+1, r), z(c+1, r+1), z(c, r+1)
			if math.IsNaN(z00) || math.IsNaN(z10) || math.IsNaN(z11) || math.IsNaN(z01) {
				continue
			}
			x0, x1, y0, y1 := xs[c], xs[c+1], ys[r], ys[r+1]
			// Crossing points on the four edges: bottom, right, top, left.
			var pts [4][2]float64
			var has [4]bool
			cross := func(e int, za, zb, xa, ya, xb, yb float64) {
				if (za >= 0) == (zb >= 0) {
					return
				}
				t := za / (za - zb)
				pts[e] = [2]float64{xa + t*(xb-xa), ya + t*(yb-ya)}
				has[e] = true
			}
			cross(0, z00, z10, x0, y0, x1, y0)
			cross(1, z10, z11, x1, y0, x1, y1)
			cross(2, z01, z11, x0, y1, x1, y1)
			cross(3, z00, z01, x0, y0, x0, y1)
			seg := func(a, b int) {
				out = append(out, segment{pts[a][0], pts[a][1], pts[b][0], pts[b][1]})
			}
			n := 0
			for _, h := range has {
				if h {
					n++
				}
			}
			switch n {
			case 2:
				var e []int
				for i, h := range has {
					if h {
						e = append(e, i)
					}
				}
				seg(e[0], e[1])
			case 4:
				centre := (z00 + z10 + z11 + z01) / 4
				if (centre >= 0) == (z00 >= 0) {
					seg(0, 1) // cut off corner (1, 0)
					seg(2, 3) // cut off corner (0, 1)
				} else {
					seg(0, 3) // cut off corner (0, 0)
					seg(1, 2) // cut off corner (1, 1)
				}
			}
		}
	}
	return out
}

// chain joins segments that share an end point into polylines, so the
// line has clean joins. Adjacent cells compute a shared crossing from the
// same corner values in the same order, so shared ends are bit-equal. The
// result depends only on the order of segs.
func chain(segs []segment) [][][2]float64 {
	used := make([]bool, len(segs))
	var out [][][2]float64
	for i, s := range segs {
		if used[i] {
			continue
		}
		used[i] = true
		line := [][2]float64{{s.x0, s.y0}, {s.x1, s.y1}}
		for grown := true; grown; {
			grown = false
			for k, t := range segs {
				if used[k] {
					continue
				}
				a, b := [2]float64{t.x0, t.y0}, [2]float64{t.x1, t.y1}
				head, tail := line[0], line[len(line)-1]
				switch {
				case a == tail:
					line = append(line, b)
				case b == tail:
					line = append(line, a)
				case a == head:
					line = append([][2]float64{b}, line...)
				case b == head:
					line = append([][2]float64{a}, line...)
				default:
					continue
				}
				used[k], grown = true, true
			}
		}
		out = append(out, line)
	}
	return out
}

// contourLines draws the zero contour as one plot.Plotter.
type contourLines struct {
	lines [][][2]float64
	style draw.LineStyle
}

func (l *contourLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	c.SetLineStyle(l.style)
	for _, line := range l.lines {
		var path vg.Path
		for k, pt := range line {
			q := vg.Point{X: trX(pt[0]), Y: trY(pt[1])}
			if k == 0 {
				path.Move(q)
			} else {
				path.Line(q)
			}
		}
		c.Stroke(path)
	}
}

// Thumbnail draws a horizontal line in the contour's style.
func (l *contourLines) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
}
