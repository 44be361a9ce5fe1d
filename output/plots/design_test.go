package plots

import (
	"context"
	"testing"
)

// A slice whose points are as many as its cells, one cell twice and another
// missing (a Morris design repeats points), is no full grid (a review,
// stop 48: its heatmap drew the missing cell grey under "the difference is
// 0 at every point of the grid").
func TestPlanNoHeatmapOfRepeatedPoints(t *testing.T) {
	mk := func(vs ...[2]float64) *results {
		r := &results{params: []param{{name: "us.reliability"}, {name: "population.autonomy_shift"}}}
		for k, v := range vs {
			r.points = append(r.points, designPoint{index: k, values: []float64{v[0], v[1]}})
		}
		return r
	}
	repeated := mk([2]float64{0.5, -0.4}, [2]float64{0.9, -0.4}, [2]float64{0.9, 0.1}, [2]float64{0.9, -0.4})
	if err := repeated.plan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(repeated.heats) != 0 {
		t.Errorf("a grid with (0.5, 0.1) missing and (0.9, -0.4) twice: %d heatmaps planned, want none", len(repeated.heats))
	}
	full := mk([2]float64{0.5, -0.4}, [2]float64{0.9, -0.4}, [2]float64{0.9, 0.1}, [2]float64{0.5, 0.1})
	if err := full.plan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(full.heats) != 1 {
		t.Errorf("a full 2 × 2 grid: %d heatmaps planned, want 1", len(full.heats))
	}
}
