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
