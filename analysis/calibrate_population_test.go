package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCalibratePopulationBound (a review, stop 49): a library caller's
// CMA-ES population near the largest int made Calibrate panic in make
// (μ = λ/2 weights, λ points a generation) instead of returning an error,
// and a large one allocated a generation far beyond the evaluation
// budget. A population above MaxPopulation, the config's own limit, is an
// error; MaxPopulation itself is accepted.
func TestCalibratePopulationBound(t *testing.T) {
	m := newToyModel(5)
	c := Calibration{
		Lower: lower, Upper: upper, Start: start,
		Targets:     []Target{{Name: "a", Of: qA, Low: 0, High: 1, Weight: 1}},
		Model:       m.eval,
		Evaluations: 3,
	}
	for _, pop := range []int{math.MaxInt, math.MaxInt / 2, MaxPopulation + 1} {
		c.Population, c.Src = pop, rand.NewPCG(1, 1)
		if _, err := Calibrate(context.Background(), c); err == nil || !strings.Contains(err.Error(), "population") {
			t.Errorf("population %d: err %v, want the population refused", pop, err)
		}
	}
	c.Population, c.Src = MaxPopulation, rand.NewPCG(1, 1)
	if _, err := Calibrate(context.Background(), c); err != nil {
		t.Errorf("population %d: %v", MaxPopulation, err)
	}
}
