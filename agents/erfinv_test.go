package agents

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestErfinvSign checks that math.Erfinv of erfinvSign's argument, with
// its sign bit flipped by erfinvSign's sign (as Threshold takes it; a
// review, stop 53), is math.Erfinv bit for bit: at
// ±0, ±1, beyond them, NaN, near ±0.85 and at a million points of (−1, 1).
func TestErfinvSign(t *testing.T) {
	check := func(x float64) {
		y, sign := erfinvSign(x)
		got, want := math.Float64frombits(math.Float64bits(math.Erfinv(y))^sign), math.Erfinv(x)
		if math.IsNaN(want) && math.IsNaN(got) {
			return
		}
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("x %v: erfinv %v, math.Erfinv %v", x, got, want)
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, 2, -2, math.Inf(1), math.Inf(-1), math.NaN(),
		0.85, -0.85, math.Nextafter(0.85, 1), math.Nextafter(-0.85, -1), math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
		math.Nextafter(1, 0), math.Nextafter(-1, 0)} {
		check(x)
	}
	rng := rand.New(rand.NewPCG(15, 16))
	for range 1000000 {
		check(2*rng.Float64() - 1)
	}
}

// TestErfinvNonNeg: erfinvNonNeg, math.Erfinv's rational function written
// out for 0 ≤ y ≤ 0.85, with erfinvSign's sign is math.Erfinv bit for bit
// (a review, stop 55): at the special values, at and beside 0.85 and 0,
// on 10^6 uniform arguments and 10^5 arguments in each of [0, 10^−3] and
// [0.84, 0.86], where a coefficient off in its last digits would show.
func TestErfinvNonNeg(t *testing.T) {
	check := func(x float64) {
		y, sign := erfinvSign(x)
		got, want := math.Float64frombits(math.Float64bits(erfinvNonNeg(y))^sign), math.Erfinv(x)
		if math.IsNaN(want) && math.IsNaN(got) {
			return
		}
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("x %v: erfinvNonNeg %v, math.Erfinv %v", x, got, want)
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, 2, -2, math.Inf(1), math.Inf(-1), math.NaN(),
		0.85, -0.85, math.Nextafter(0.85, 1), math.Nextafter(0.85, 0), math.Nextafter(-0.85, -1),
		math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, math.Nextafter(1, 0), math.Nextafter(-1, 0)} {
		check(x)
	}
	rng := rand.New(rand.NewPCG(17, 18))
	for range 1000000 {
		check(2*rng.Float64() - 1)
	}
	for range 100000 {
		check(1e-3 * (2*rng.Float64() - 1))
		check(math.Copysign(0.84+0.02*rng.Float64(), rng.Float64()-0.5))
	}
}
