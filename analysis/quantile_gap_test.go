package analysis

import (
	"math"
	"testing"
)

// TestQuantileHugeGap: two neighbouring order statistics more than the
// largest float64 apart made quantile7 form their Inf difference, so a
// fraction 0 gave 0·Inf = NaN and any other fraction ±Inf, for finite
// input (a review, stop 49). The quantile lies between its neighbours.
func TestQuantileHugeGap(t *testing.T) {
	x := []float64{-1e308, 1e308}
	for _, c := range []struct{ p, want float64 }{
		{0, -1e308}, {1, 1e308}, {0.5, 0}, {0.25, -5e307}, {0.75, 5e307},
	} {
		if got := quantile7(x, c.p); got != c.want {
			t.Errorf("quantile7(%v, %v) = %v, want %v", x, c.p, got, c.want)
		}
	}
	y := []float64{-math.MaxFloat64, math.MaxFloat64}
	for _, p := range []float64{0, 0.1, 0.5, 0.9, 1} {
		got := quantile7(y, p)
		if math.IsNaN(got) || math.IsInf(got, 0) {
			t.Errorf("quantile7(%v, %v) = %v, want a finite value", y, p, got)
		}
	}
	// 95% intervals whose lower quantile falls inside the gap (2 and 3
	// resamples) or on its low end at fraction 0 (41 resamples, h = 1).
	for _, c := range []struct{ n, gap int }{{2, 1}, {3, 1}, {41, 2}} {
		z := make([]float64, c.n)
		for i := range z {
			z[i] = -1e308
			if i >= c.gap {
				z[i] = 1e308
			}
		}
		lo, hi := percentileInterval(z, 0.95)
		if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo > hi {
			t.Errorf("interval of %d resamples at ±1e308: [%v, %v], want finite ordered bounds", c.n, lo, hi)
		}
	}
}
