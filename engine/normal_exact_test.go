package engine

import (
	"math"
	"testing"

	"pactsim/internal/fptest"
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

// TestNormalPairExact: normalPair is two calls of normalOf bit for bit (a
// review, stop 56), on the reduction's edges of TestNormalOfExact's kind
// paired with each other and on 10^6 pairs of the streams' uniforms, each
// lane against normalOf alone, so a lane that read the other's reduction
// or quadrant fails. Bit for bit where nothing is fused (the default
// GOAMD64=v1); where the build fuses multiply-adds the two bodies may fuse
// differently, so within fptest's tolerance.
func TestNormalPairExact(t *testing.T) {
	check := func(u1, u2, v1, v2 float64) {
		gu, gv := normalPair(u1, u2, v1, v2)
		if wu, wv := normalOf(u1, u2), normalOf(v1, v2); !fptest.Same(gu, wu) || !fptest.Same(gv, wv) {
			t.Fatalf("normalPair(%v, %v, %v, %v) = (%v, %v), normalOf (%v, %v)", u1, u2, v1, v2, gu, gv, wu, wv)
		}
	}
	edges := []float64{1, math.Nextafter(1, 0), 0x1p-54, 0.5, math.Nextafter(0.5, 0)}
	for _, e := range []float64{1, 0.5, 0x1p-10} {
		c := math.Sqrt2 / 2 * e
		edges = append(edges, c, math.Nextafter(c, 0), math.Nextafter(c, 1))
	}
	var turns []float64
	for q := range 9 {
		c := float64(q) / 8
		for _, u := range []float64{c, math.Nextafter(c, -1), math.Nextafter(c, 2)} {
			if u >= 0 && u <= 1 {
				turns = append(turns, u)
			}
		}
	}
	for a, u1 := range edges {
		v1 := edges[(a+3)%len(edges)]
		for b, u2 := range turns {
			check(u1, u2, v1, turns[(b+5)%len(turns)])
		}
	}
	k := counterStream(101).at(5, 6)
	for i := range 1000000 {
		check(k.uniform(slotPrivate, i), k.twin(slotPrivate, i), k.uniform(slotPrivate, i+1), k.twin(slotPrivate, i+1))
	}
}
