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

// TestBreakEvenFar: a crossing between neighbours more than the largest
// float64 apart, in x or in y (a review, stop 51). The crossing of the line
// through (−1e308, −1) and (1e308, 3) is at −5e307; BreakEven returned 0
// with ok, a value it had not found, because the interpolation overflowed
// to +Inf and its distance from x0 was never below the initial +Inf. The
// line through (0, 1e308) and (1, −1e308) crosses at 0.5; the difference
// of the ys overflowed and put the crossing at 0; the midpoint of a run of
// zeros from −1e308 to 1.5e308 was +Inf. Tolerance: 1e-12
// relative, the rounding of the halved expression.
func TestBreakEvenFar(t *testing.T) {
	cases := []struct {
		name   string
		xs, ys []float64
		x0     float64
		want   float64
	}{
		{"wide x", []float64{-1e308, 1e308}, []float64{-1, 3}, 0, -5e307},
		{"wide x, x0 at an end", []float64{-1e308, 1e308}, []float64{-1, 3}, 1e308, -5e307},
		{"wide y", []float64{0, 1}, []float64{1e308, -1e308}, 0, 0.5},
		{"wide y, uneven", []float64{0, 4}, []float64{1.5e308, -0.5e308}, 0, 3},
		// An infinite contrast is infinitely far from 0: the crossing is
		// at the finite end (it was NaN, or 0 with ok).
		{"infinite first", []float64{1, 2}, []float64{math.Inf(1), -1}, 0, 2},
		{"infinite second", []float64{1, 2}, []float64{-1, math.Inf(1)}, 0, 1},
		{"both infinite", []float64{1, 2}, []float64{math.Inf(-1), math.Inf(1)}, 0, 1.5},
		// A run of zeros wider than the largest float64: its midpoint.
		{"wide zeros", []float64{-1.7e308, -1e308, 1.5e308, 1.7e308}, []float64{-1, 0, 0, 1}, 0, 2.5e307},
	}
	for _, c := range cases {
		x, n, ok := BreakEven(c.xs, c.ys, c.x0)
		if !ok || n != 1 || math.Abs(x-c.want) > 1e-12*math.Abs(c.want) {
			t.Errorf("%s: BreakEven = %v, %d, %v; want %v, 1, true", c.name, x, n, ok, c.want)
		}
	}
}
