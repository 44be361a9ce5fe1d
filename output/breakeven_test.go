package output

import (
	"math"
	"testing"
)

// TestBreakEven: linear interpolation of the zero crossing on synthetic
// curves whose crossings are known exactly.
func TestBreakEven(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name  string
		xs    []float64
		ys    []float64
		x0    float64
		want  float64
		n     int
		found bool
	}{
		// y = 2x − 1 crosses at 0.5, between the samples 0.4 and 0.8.
		{"line", []float64{0, 0.4, 0.8, 1.2}, []float64{-1, -0.2, 0.6, 1.4}, 1, 0.5, 1, true},
		// Decreasing: y = 3 − x crosses at 3.
		{"decreasing", []float64{0, 2, 4}, []float64{3, 1, -1}, 0, 3, 1, true},
		{"none within range", []float64{0, 1, 2}, []float64{0.1, 0.3, 0.2}, 1, 0, 0, false},
		// A touch of 0 is not a change of sign.
		{"touch", []float64{0, 1, 2}, []float64{1, 0, 1}, 1, 0, 0, false},
		// An exact zero between signs: the crossing is at the zero.
		{"exact zero", []float64{0, 1, 2}, []float64{-1, 0, 1}, 0, 1, 1, true},
		// Also with neighbours of unequal size, where interpolating between
		// them would put it at 1.3125 (breakeven.yaml's latency curve).
		{"exact zero, uneven", []float64{1.2, 1.8, 2.4}, []float64{0.3, 1e-16, -2.9}, 1, 1.8, 1, true},
		// A run of zeros: their midpoint.
		{"run of zeros", []float64{0, 1, 2, 4, 5}, []float64{-5, 0, 0, 0, 1}, 0, 2.5, 1, true},
		// A zero before the first signed point is no crossing.
		{"leading zero", []float64{0, 1, 2}, []float64{0, 1, -1}, 0, 1.5, 1, true},
		// Two crossings, at 1.5 and 4.5: the one nearest x0 = 4 wins.
		{"two crossings", []float64{1, 2, 4, 5}, []float64{-1, 1, 1, -1}, 4, 4.5, 2, true},
		// A NaN is skipped: the crossing is interpolated across it.
		{"nan", []float64{0, 1, 2}, []float64{-1, nan, 1}, 0, 1, 1, true},
		// Rounding noise around an exact 0 is 0, not a sign.
		{"rounding", []float64{0, 1, 2}, []float64{1e-19, -1, -2}, 1, 0, 0, false},
		{"one point", []float64{1}, []float64{-1}, 1, 0, 0, false},
	}
	for _, c := range cases {
		x, n, ok := BreakEven(c.xs, c.ys, c.x0)
		if ok != c.found || n != c.n || ok && math.Abs(x-c.want) > 1e-12 {
			t.Errorf("%s: BreakEven = %v, %d, %v; want %v, %d, %v", c.name, x, n, ok, c.want, c.n, c.found)
		}
	}
}
