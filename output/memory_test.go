package output

import (
	"testing"

	"pactsim/engine"
)

// TestFinalizeMemory (issue 9, point 7): the finalisation holds the
// accumulators of one point, not of the plan, so its state does not grow
// with the number of points.
func TestFinalizeMemory(t *testing.T) {
	for _, points := range []int{1, 100000} {
		d, err := New(Layout{Dir: t.TempDir(), NumPoints: points, PointAt: func(int) []float64 { return nil },
			Replicates: 2, Architectures: []string{"none", "treaty", "layered"}})
		if err != nil {
			t.Fatal(err)
		}
		acc := newAccumulator(d, nil)
		K := int(engine.NumOutcomes)
		if len(acc.summary) != 3*K || len(acc.diffs) != 3*K {
			t.Errorf("%d points: %d summary and %d contrast accumulators, want %d each", points, len(acc.summary), len(acc.diffs), 3*K)
		}
	}
}
