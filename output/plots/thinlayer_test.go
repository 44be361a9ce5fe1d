package plots

import (
	"image/color"
	"strings"
	"testing"
)

// TestStackedNamesThinLayers (a review, stop 51): in treaty-vs-layered
// the crisis figure's "repelled, became war" layer is 0.0044 a run at
// most beside stacks of 40 crises, too thin to see, and its legend entry
// pointed at nothing. A layer under 0.5% of the tallest stack says its
// largest value; a visible one, and one that is 0 up to rounding (a
// difference of means of 1e-15), say nothing more.
func TestStackedNamesThinLayers(t *testing.T) {
	r := &results{architectures: []string{"treaty", "layered"}, points: []designPoint{{index: 0}}}
	val := func(a, b float64) func(string) (float64, bool) {
		return func(arch string) (float64, bool) {
			if arch == "treaty" {
				return a, true
			}
			return b, true
		}
	}
	parts := []stackPart{
		{"repelled, no war", color.Black, val(6, 5)},
		{"repelled, became war", color.Black, val(0.003, 0.0044)},
		{"fait accompli", color.Black, val(0, 1.1e-15)},
		{"not denied", color.Black, val(30, 10)},
	}
	got := svgText(t)(r.stacked("crisis-outcomes", "How crises ended", "crises per run", parts, Meta{Name: "m", Seed: 1, Replicates: 10}))
	if n := strings.Count(got, "(at most 0.0044 a run)"); n != 1 {
		t.Errorf("the legend gives the thin layer's largest value %d times, want once", n)
	}
	if n := strings.Count(got, "(at most"); n > 1 {
		t.Errorf("%d layers noted as too thin, want only the thin one", n)
	}
}
