package plots

import (
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// TestPointNoteStaysInPanel (a review, stop 51): quick.yaml's
// treaty_plus_cells honour rate (3 runs at 1 of 2 points) has an interval
// clipped to the whole 0–1 panel, and its note, written downward from
// below the interval, ran out of the panel over the tick labels and the
// caption. The note stays inside the panel, whole or (where the whole
// would cross a neighbour's interval) its runs alone.
func TestPointNoteStaysInPanel(t *testing.T) {
	p := plot.New()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.6, 5.6, 0, 1
	const text = "1 of 2 points, 3 of 40 runs"
	for _, n := range []*pointNote{
		{x: 4, lo: 0, hi: 1, text: text, left: [2]float64{0.23, 0.4}, right: [2]float64{0.23, 0.4}},   // quick.yaml
		{x: 5, lo: 0, hi: 1, text: text, left: [2]float64{0.1, 0.9}, right: [2]float64{nan(), nan()}}, // the last column
		{x: 1, lo: 0.4, hi: 0.5, text: text, left: [2]float64{nan(), nan()}, right: [2]float64{nan(), nan()}},
	} {
		rec := &recorder.Canvas{}
		c := draw.Canvas{Canvas: rec, Rectangle: vg.Rectangle{Max: vg.Point{X: 1.5 * vg.Inch, Y: 2 * vg.Inch}}}
		n.Plot(c, p)
		drawn := 0
		for _, a := range rec.Actions {
			fs, ok := a.(*recorder.FillString)
			if !ok {
				continue
			}
			drawn++
			if fs.String != text && fs.String != "3 of 40 runs" {
				t.Errorf("x %v: note %q, want %q or its runs", n.x, fs.String, text)
			}
			// Written upward (rotated by π/2): the string's start along
			// the rotated x axis is its lowest point on the panel.
			sty := noteStyle(8)
			y0, y1 := fs.Point.X, fs.Point.X+sty.Width(fs.String)
			if y0 < c.Min.Y || y1 > c.Max.Y {
				t.Errorf("x %v: note spans %v–%v, outside the panel's %v–%v", n.x, y0, y1, c.Min.Y, c.Max.Y)
			}
		}
		if drawn != 1 {
			t.Errorf("x %v: %d strings drawn, want 1", n.x, drawn)
		}
	}
}
