package fptest

import (
	"math"
	"testing"
)

// TestSame: bit-identical values are the same on every build; values a
// rounding apart are the same only on a fused build, and values further
// apart, NaN with a number or two infinities of other signs, never.
func TestSame(t *testing.T) {
	x := 0.1 + 0.2
	near := math.Nextafter(x, 1)
	if !Same(x, x) || !Same(math.Inf(1), math.Inf(1)) {
		t.Error("equal values not the same")
	}
	if Same(near, x) != Fused() {
		t.Errorf("one ulp apart: Same %v on a build with Fused %v", Same(near, x), Fused())
	}
	for _, c := range [][2]float64{{1, 1 + 1e-9}, {math.NaN(), 1}, {math.Inf(1), math.Inf(-1)}, {math.Inf(1), math.MaxFloat64}} {
		if Same(c[0], c[1]) {
			t.Errorf("Same(%v, %v) on a build with Fused %v", c[0], c[1], Fused())
		}
	}
}
