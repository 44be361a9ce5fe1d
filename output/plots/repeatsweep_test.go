package plots

import (
	"slices"
	"testing"
)

// TestSweepThroughRepeatedDefaults (a review, stop 51): breakeven.yaml
// repeats its defaults (point 0) inside several strengths' sweeps, and
// under crn: points a repeat is the same runs; every line through the
// defaults then had two points at one value, and the report drew none of
// the 19 sweep figures and said nothing of why. Under shared worlds each
// line keeps the first of the repeated points; without them (independent
// points, which a line cannot draw as one) the plan is unchanged.
func TestSweepThroughRepeatedDefaults(t *testing.T) {
	pt := func(i int, v ...float64) designPoint { return designPoint{index: i, values: v} }
	points := []designPoint{pt(0, 0.5, 1), pt(1, 0, 1), pt(2, 0.5, 1), pt(3, 1, 1), pt(4, 0.5, 0), pt(5, 0.5, 2)}
	params := []param{{name: "a.strength"}, {name: "b.strength"}}
	for _, shared := range []bool{true, false} {
		r := &results{params: params, points: points, shared: shared}
		if err := r.plan(t.Context()); err != nil {
			t.Fatal(err)
		}
		if !shared {
			if len(r.sweeps) != 0 {
				t.Errorf("independent points: sweeps %v, want none", r.sweeps)
			}
			continue
		}
		if len(r.sweeps) != 2 {
			t.Fatalf("shared worlds: %d sweeps, want 2 (a.strength, b.strength)", len(r.sweeps))
		}
		for k, want := range [][]int{{0, 1, 3}, {0, 4, 5}} {
			if got := r.sweeps[k].s.points; !slices.Equal(got, want) {
				t.Errorf("sweep of %s: points %v, want %v", params[r.sweeps[k].j].name, got, want)
			}
		}
	}
}
