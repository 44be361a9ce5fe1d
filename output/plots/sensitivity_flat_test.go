package plots

import (
	"math"
	"strings"
	"testing"

	"pactsim/output"
)

// TestSobolPanelNoVariance: the panel of a quantity that does not vary
// over the design (every index null) says so in its title, so that the
// figure read alone is not "every index 0" (a review, stop 34); a
// quantity with indices keeps its plain title.
func TestSobolPanelNoVariance(t *testing.T) {
	nan := math.NaN()
	none := estimate{nan, nan, nan}
	qs := []sensQuantity{
		{method: output.MethodSobol, outcome: "challenges_blockade", a: "treaty", n: 64, params: []sensParam{{name: "us.reliability", s1: none, st: none}}},
		{method: output.MethodSobol, outcome: "severity_loss", a: "treaty", n: 64, params: []sensParam{{name: "us.reliability", s1: estimate{0.3, 0.2, 0.4}, st: estimate{0.4, 0.3, 0.5}}}},
	}
	f := sobolFigure("sensitivity-sobol", qs, Meta{})
	if len(f.panels) != 2 {
		t.Fatalf("%d panels, want 2", len(f.panels))
	}
	if got := f.panels[0].plot.Title.Text; !strings.Contains(strings.ReplaceAll(got, "\n", " "), "does not vary over the design: no indices") {
		t.Errorf("flat panel's title %q does not say it has no indices", got)
	}
	if got := f.panels[1].plot.Title.Text; strings.Contains(got, "no indices") {
		t.Errorf("panel with indices titled %q", got)
	}
}
