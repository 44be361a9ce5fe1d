package engine

import (
	"math"
	"math/rand/v2"
	"pactsim/internal/fptest"
	"testing"
)

// TestLogUnit checks that logUnit is math.Log bit for bit over the
// uniforms the streams can give: the ends of their range, the values near
// √2/2 where the reduction switches, the powers of two, and 2,000,000
// uniforms of a counter stream and of a PCG source (fixed seeds) spread
// over every exponent. Equality is exact where the build fuses no
// multiply-add (the default GOAMD64=v1, whose results are pinned):
// Box–Muller's normals, and so every result, must not move. Where it
// fuses (v3, arm64), math.Log's assembly or its Go code and logUnit may
// round differently, and fptest.Same allows that.
func TestLogUnit(t *testing.T) {
	check := func(u float64) {
		t.Helper()
		if got, want := logUnit(u), math.Log(u); !fptest.Same(got, want) {
			t.Fatalf("logUnit(%v) = %v (%#x), math.Log = %v (%#x)", u, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
	h := math.Sqrt2 / 2
	for _, u := range []float64{0x1p-54, 1, math.Nextafter(1, 0), 0.5, h, math.Nextafter(h, 0), math.Nextafter(h, 1)} {
		check(u)
	}
	for e := 1; e <= 54; e++ {
		check(math.Ldexp(1, -e))
		check(math.Ldexp(h, -e))
		check(math.Nextafter(math.Ldexp(h, -e), 0))
	}
	k := counterStream(12345).at(3, 7)
	for i := range 1_000_000 {
		check(k.uniform(slotPrivate, i))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		// a mantissa in [1, 2) scaled to an exponent in [−54, −1]
		check(math.Ldexp(1+r.Float64(), -1-r.IntN(54)))
	}
}
