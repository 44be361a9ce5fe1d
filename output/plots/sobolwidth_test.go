package plots

import (
	"testing"

	"gonum.org/v1/plot/vg"

	"pactsim/output"
)

// TestSobolWidthFromLabels (a review, stop 50): sensitivity.yaml's names of
// up to 44 characters took most of each Sobol' panel, leaving 0.4 in of
// data area; the figure is widened so that every panel keeps
// sobolDataWidth beside its widest name.
func TestSobolWidthFromLabels(t *testing.T) {
	long := "mechanisms.treaty.coverage.economic_coercion" // 44 characters
	var qs []sensQuantity
	for _, a := range []string{"treaty", "layered", "treaty_plus_cells"} {
		qs = append(qs, sensQuantity{method: output.MethodSobol, outcome: "severity_loss", a: a, n: 64, params: []sensParam{
			{name: long, st: estimate{0.5, 0.4, 0.6}, s1: estimate{0.3, 0.2, 0.4}},
			{name: "us.reliability", st: estimate{0.2, 0.1, 0.3}, s1: estimate{0.1, 0, 0.2}},
		}})
	}
	f := sobolFigure("sensitivity-sobol", qs, Meta{Name: "x"})
	p := newPlot("", "", "")
	p.Y.Tick.Label.Font.Size = 9
	label := p.Y.Tick.Label.Width(long)
	if need := 3*(label+sobolDataWidth) + 1.9*vg.Inch; f.width < need {
		t.Errorf("width %.1f in; three panels of a %.1f in name and %.1f in of data need %.1f in", f.width/vg.Inch, label/vg.Inch, sobolDataWidth/vg.Inch, need/vg.Inch)
	}
	// Short names keep the old width.
	for i := range qs {
		qs[i].params[0].name = "a.x"
	}
	if f := sobolFigure("sensitivity-sobol", qs, Meta{Name: "x"}); f.width != panelWidth(3) {
		t.Errorf("short names: width %.1f in, want %.1f", f.width/vg.Inch, panelWidth(3)/vg.Inch)
	}
}
