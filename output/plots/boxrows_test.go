package plots

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// TestBoxFigureManyParameters: a discovery over many parameters (the map
// sweeps 96) drew a row for each, too thin to read; above maxBoxRows the
// box figure draws the parameters some selected box of the figure
// restricts, the same rows in every panel, and says how many it shows (a
// review, stop 52). At or below maxBoxRows every parameter keeps its row.
func TestBoxFigureManyParameters(t *testing.T) {
	mk := func(n int, restricted ...int) primTarget {
		params := make([]string, n)
		whole, sel := make([]primLimit, n), make([]primLimit, n)
		for j := range params {
			params[j] = fmt.Sprintf("p%02d", j)
			whole[j] = primLimit{low: 0, high: 1}
			sel[j] = primLimit{low: 0, high: 1}
		}
		for _, j := range restricted {
			sel[j] = primLimit{low: 0.4, high: 1, restricted: true}
		}
		return primTarget{text: "treaty_plus_cells - layered severity_loss > 0 (95% CI)", params: params, selected: 1,
			boxes: []primBox{{coverage: 1, density: 0.2, mass: 1, limits: whole}, {coverage: 0.8, density: 0.4, mass: 0.5, restricted: len(restricted), limits: sel}}}
	}
	rows := func(f *figure, i int) []string {
		var got []string
		for _, tk := range f.panels[i].plot.Y.Tick.Marker.(plot.ConstantTicks) {
			got = append(got, tk.Label)
		}
		return got
	}
	many := boxFigure("discovery-box", []primTarget{mk(96, 3, 40), mk(96, 40, 95), mk(96)}, Meta{})
	want := []string{"p03", "p40", "p95"}
	for i := range many.panels {
		if got := rows(many, i); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("96 parameters, panel %d: rows %v, want %v (the parameters some box restricts, in design order)", i, got, want)
		}
		if x := many.panels[i].plot.X.Label.Text; !strings.Contains(x, "3 of 96 parameters shown") {
			t.Errorf("96 parameters, panel %d: x label %q does not say how many rows it shows", i, x)
		}
	}
	few := boxFigure("discovery-box", []primTarget{mk(maxBoxRows, 3)}, Meta{})
	if got := rows(few, 0); len(got) != maxBoxRows {
		t.Errorf("%d parameters: %d rows, want every parameter", maxBoxRows, len(got))
	}
	if x := few.panels[0].plot.X.Label.Text; strings.Contains(x, "shown") {
		t.Errorf("%d parameters: x label %q speaks of rows left out", maxBoxRows, x)
	}
}

// TestBoxFigureRoomForLongNames: the rows of a many-parameter design have
// the longest names (a cell's latency in one domain), and 4.6 inches a
// panel left the bars drawn under the labels; each panel now has at least
// 2.5 inches beside its widest label (a review, stop 52).
func TestBoxFigureRoomForLongNames(t *testing.T) {
	long := func(n int) primTarget {
		params := make([]string, n)
		lim, sel := make([]primLimit, n), make([]primLimit, n)
		for j := range params {
			params[j] = fmt.Sprintf("mechanisms.sanctions_enforcement.latency.armed_attack_%02d", j)
			lim[j] = primLimit{low: 0, high: 1}
			sel[j] = primLimit{low: 0.2, high: 1, restricted: j%4 == 0}
		}
		return primTarget{text: "layered - treaty severity_loss > 0 (95% CI)", params: params, selected: 1,
			boxes: []primBox{{coverage: 1, density: 0.1, mass: 1, limits: lim}, {coverage: 0.7, density: 0.3, mass: 0.1, restricted: n / 4, limits: sel}}}
	}
	f := boxFigure("discovery-box", []primTarget{long(96), long(96), long(96)}, Meta{})
	var label vg.Length
	for _, tk := range f.panels[0].plot.Y.Tick.Marker.(plot.ConstantTicks) {
		label = max(label, f.panels[0].plot.Y.Tick.Label.Width(tk.Label))
	}
	if per := f.width / vg.Length(len(f.panels)); per-label < 2.5*vg.Inch {
		t.Errorf("%.2f in a panel beside a %.2f in label: %.2f in for the bars, want at least 2.5", float64(per/vg.Inch), float64(label/vg.Inch), float64((per-label)/vg.Inch))
	}
}

// TestBoxFigureNoRestriction: above maxBoxRows the box figure draws only
// the parameters some selected box restricts, and where every target
// selected box 0 (the whole space) it drew empty panels labelled "0 of 96
// parameters shown"; each panel now says in words that no restriction was
// selected (a review, stop 53). At or below maxBoxRows such a figure keeps
// every parameter's row, its whole range.
func TestBoxFigureNoRestriction(t *testing.T) {
	whole := func(n int) primTarget {
		params := make([]string, n)
		lim := make([]primLimit, n)
		for j := range params {
			params[j] = fmt.Sprintf("p%02d", j)
			lim[j] = primLimit{low: 0, high: 1}
		}
		return primTarget{text: "layered - treaty deterrence_success < -0.99", params: params, selected: 0,
			boxes: []primBox{{coverage: math.NaN(), density: 0, mass: 1, limits: lim}}}
	}
	svg := svgText(t)
	f := boxFigure("discovery-box", []primTarget{whole(96), whole(96)}, Meta{})
	text := svg(f, nil)
	if strings.Contains(text, "0 of 96 parameters shown") {
		t.Error("96 parameters, box 0 selected everywhere: the figure still says \"0 of 96 parameters shown\"")
	}
	if got := strings.Count(text, "no restriction selected"); got != len(f.panels) {
		t.Errorf("96 parameters, box 0 selected everywhere: %d panels say no restriction was selected, want %d", got, len(f.panels))
	}
	if !strings.Contains(text, "every one of the 96 parameters") {
		t.Error("96 parameters, box 0 selected everywhere: the panels do not say box 0 spans every parameter")
	}
	few := boxFigure("discovery-box", []primTarget{whole(maxBoxRows)}, Meta{})
	if got := len(few.panels[0].plot.Y.Tick.Marker.(plot.ConstantTicks)); got != maxBoxRows {
		t.Errorf("%d parameters, box 0 selected: %d rows, want every parameter", maxBoxRows, got)
	}
	if strings.Contains(svg(few, nil), "no restriction selected") {
		t.Errorf("%d parameters: the figure draws every row and need not say no restriction was selected", maxBoxRows)
	}
}
