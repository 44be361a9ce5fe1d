package engine

import (
	"math"
	"testing"
)

// TestNormalOfExact: normalOf, logUnit's and cos2pi's bodies written out
// in one function, is Box–Muller's √(−2·logUnit(u1))·cos2pi(u2) bit for
// bit (a review, stop 55): on 2·10^6 pairs of the streams' uniforms, at
// the edges of logUnit's reduction (mantissas beside √2/2, u1 = 1 and
// 2^−54) and at and beside every eighth of a turn of u2.
func TestNormalOfExact(t *testing.T) {
	check := func(u1, u2 float64) {
		got, want := normalOf(u1, u2), math.Sqrt(-2*logUnit(u1))*cos2pi(u2)
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("u1 %v u2 %v: normalOf %v, the two calls %v", u1, u2, got, want)
		}
	}
	var u1s, u2s []float64
	for _, e := range []float64{1, 0.5, 0x1p-10, 0x1p-53} {
		c := math.Sqrt2 / 2 * e
		u1s = append(u1s, c, math.Nextafter(c, 0), math.Nextafter(c, 1))
	}
	u1s = append(u1s, 1, math.Nextafter(1, 0), 0x1p-54, 0.5, math.Nextafter(0.5, 0))
	for q := range 9 {
		c := float64(q) / 8
		u2s = append(u2s, c, math.Nextafter(c, -1), math.Nextafter(c, 2))
	}
	for _, u1 := range u1s {
		for _, u2 := range u2s {
			if u2 >= 0 && u2 <= 1 {
				check(u1, u2)
			}
		}
	}
	k := counterStream(99).at(3, 4)
	for i := range 1000000 {
		u1, u2 := k.uniform(slotPrivate, i), k.twin(slotPrivate, i)
		check(u1, u2)
		check(u2, u1)
	}
}
