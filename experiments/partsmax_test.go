package experiments

import (
	"math"
	"testing"
)

// TestPartsNearMaxInt: a task range whose next part boundary lies beyond the
// largest int used to wrap (a/P+1)*P negative, so Parts looped forever and
// PartAt returned a part ending before it starts (a review, stop 49). The
// last part of such a range ends at hi.
func TestPartsNearMaxInt(t *testing.T) {
	const M = math.MaxInt
	for _, c := range []struct{ lo, hi, P int }{
		{M - 5, M, 10},
		{M - 25, M, 10},
		{M - 1, M, M},
		{0, M, M},
		{1, M, M / 2},
		{M / 2, M, M/2 + 1},
	} {
		n := NumParts(c.lo, c.hi, c.P)
		if n > 8 {
			t.Fatalf("case %v: %d parts", c, n)
		}
		// PartAt first: unfixed, it shows the wrap without Parts' endless loop.
		a := c.lo
		for j := 0; j < n; j++ {
			p := PartAt(c.lo, c.hi, c.P, j)
			if p.Lo != a || p.Hi <= p.Lo || p.Hi > c.hi {
				t.Fatalf("PartAt(%d, %d, %d, %d) = [%d, %d), want a non-empty part from %d within hi", c.lo, c.hi, c.P, j, p.Lo, p.Hi, a)
			}
			if k := PartIndex(c.lo, c.P, p.Lo); k != j {
				t.Fatalf("PartIndex of part %d's first task = %d", j, k)
			}
			a = p.Hi
		}
		if a != c.hi {
			t.Fatalf("PartAt(%d, %d, %d, ...) end at %d, want %d", c.lo, c.hi, c.P, a, c.hi)
		}
		ps := Parts(c.lo, c.hi, c.P)
		if len(ps) != n {
			t.Fatalf("Parts(%d, %d, %d) = %d parts, NumParts says %d", c.lo, c.hi, c.P, len(ps), n)
		}
		for j, p := range ps {
			if q := PartAt(c.lo, c.hi, c.P, j); q != p {
				t.Fatalf("Parts(%d, %d, %d)[%d] = %+v, PartAt has %+v", c.lo, c.hi, c.P, j, p, q)
			}
		}
	}
}
