package agents

import (
	"math"
	"testing"
)

// ulps is the distance between a and b in units in the last place.
func ulps(a, b float64) float64 {
	if a == b {
		return 0
	}
	return math.Abs(a-b) / (math.Nextafter(math.Abs(b), math.Inf(1)) - math.Abs(b))
}

// FuzzExp: Exp stays within 2 ulp of math.Exp (itself within 1 of the
// correctly rounded value; Exp's own bound is 1.5, TestExpAccuracy), NaN
// and infinities included, and LogisticPair is bit for bit the pair of
// 1/(1 + Exp(·)) its doc promises, over every float64 (a review, stop 52).
func FuzzExp(f *testing.F) {
	for _, x := range []float64{0, 1, -1, 708.9, -707.9, 709, -708, 1e-300, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 37.5, -745.2} {
		f.Add(x, -x)
	}
	f.Fuzz(func(t *testing.T, x, y float64) {
		got, want := Exp(x), math.Exp(x)
		if math.IsNaN(want) != math.IsNaN(got) || !math.IsNaN(want) && ulps(got, want) > 2 {
			t.Errorf("Exp(%v) = %v, math.Exp %v (%.2f ulp)", x, got, want, ulps(got, want))
		}
		a, b := LogisticPair(x, y)
		wa, wb := 1/(1+Exp(x)), 1/(1+Exp(y))
		if math.Float64bits(a) != math.Float64bits(wa) || math.Float64bits(b) != math.Float64bits(wb) {
			t.Errorf("LogisticPair(%v, %v) = %v, %v; want %v, %v", x, y, a, b, wa, wb)
		}
	})
}
