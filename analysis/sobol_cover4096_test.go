package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSobolIntervalNear0At4096 (a review, stop 53) holds the README's and
// doc.go's account of the Sobol' intervals at a base sample of 4,096 to
// one of the scrambles it rests on. Over 200 independent scrambles of
// Sobol's G-function of eight parameters (SALib's coefficients, seeds
// 7000-7199, 300 resamples) every interval of S1 and of the active
// parameters' ST covered its analytic value, but the ST of an inert
// parameter (a = 99, ST = 1.05e-4) was covered in 1,589 of 1,600
// intervals (98.6%), each miss by less than 1e-6: the docs said "every
// time". This is one of those misses (seed 7020, x5). The intervals'
// width / 3.92 was 2.3 (x5's ST) to 11.9 times the estimate's spread over
// the 200 scrambles (Ishigami's: 2.9 to 6.1), against the "3–13 times" the
// docs said.
func TestSobolIntervalNear0At4096(t *testing.T) {
	a := []float64{0, 1, 4.5, 9, 99, 99, 99, 99}
	const n = 4096
	y := saltelliOutputs(t, n, len(a), false, 7020, 0, 1, func(x []float64) float64 { return sobolG(x, a) })
	res, err := Sobol(t.Context(), y, len(a), false, Bootstrap{Resamples: 300, Src: rand.NewPCG(20, 1)})
	if err != nil {
		t.Fatal(err)
	}
	s1, st := sobolGIndices(a)
	for j := range a {
		if !covers(res.S1[j], s1[j]) {
			t.Errorf("x%d: S1 interval [%.6f, %.6f] misses %.6f", j+1, res.S1[j].CILow, res.S1[j].CIHigh, s1[j])
		}
		if j == 4 {
			continue
		}
		if !covers(res.ST[j], st[j]) {
			t.Errorf("x%d: ST interval [%.6f, %.6f] misses %.6f", j+1, res.ST[j].CILow, res.ST[j].CIHigh, st[j])
		}
	}
	e := res.ST[4]
	miss := math.Max(e.CILow-st[4], st[4]-e.CIHigh)
	t.Logf("x5: ST %.7f [%.7f, %.7f], analytic %.7f, missed by %.2g", e.Value, e.CILow, e.CIHigh, st[4], miss)
	if !(miss > 0 && miss < 1e-6) {
		t.Errorf("x5: ST interval [%.7f, %.7f] against %.7f: want a miss of less than 1e-6 (the case the docs now name)", e.CILow, e.CIHigh, st[4])
	}
}
