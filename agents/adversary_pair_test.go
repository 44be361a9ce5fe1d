package agents

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLogisticPair: LogisticPair is 1/(1 + Exp(x)) for each argument, bit
// for bit, over random arguments (fixed seed) across Exp's fast range, in
// its tails and beyond it (where both take Exp's slow path), and at ±0 and
// ±Inf.
func TestLogisticPair(t *testing.T) {
	arg := expArgs(rand.New(rand.NewPCG(3, 4)), 0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), 708.9, -707.9)
	for range 200000 {
		x, y := arg(), arg()
		gx, gy := LogisticPair(x, y)
		wx, wy := 1/(1+Exp(x)), 1/(1+Exp(y))
		if math.Float64bits(gx) != math.Float64bits(wx) || math.Float64bits(gy) != math.Float64bits(wy) {
			t.Fatalf("LogisticPair(%v, %v) = (%v, %v), want (%v, %v)", x, y, gx, gy, wx, wy)
		}
	}
}

// TestExpPairExact: ExpPair is (Exp(x), Exp(y)) bit for bit (a review,
// stop 56), on arguments across the fast range, beside its edges and
// outside it (±Inf, NaN, overflow and subnormal results), each lane
// against Exp alone, so a lane that read the other's reduction fails.
func TestExpPairExact(t *testing.T) {
	arg := expArgs(rand.New(rand.NewPCG(5, 6)), 0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 708.9, -707.9,
		709, -708, math.Nextafter(709, 0), math.Nextafter(-708, 0))
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
	}
	for range 400000 {
		x, y := arg(), arg()
		gx, gy := ExpPair(x, y)
		if wx, wy := Exp(x), Exp(y); !same(gx, wx) || !same(gy, wy) {
			t.Fatalf("ExpPair(%v, %v) = (%v, %v), want (%v, %v)", x, y, gx, gy, wx, wy)
		}
	}
}

// expArgs draws the pair tests' arguments from src: a quarter each
// across Exp's core (−4, 4), its wider fast range (−30, 30), beyond it
// (−750, 750), and one of edges.
func expArgs(src *rand.Rand, edges ...float64) func() float64 {
	return func() float64 {
		switch src.IntN(4) {
		case 0:
			return 8*src.Float64() - 4
		case 1:
			return 60*src.Float64() - 30
		case 2:
			return 1500*src.Float64() - 750
		default:
			return edges[src.IntN(len(edges))]
		}
	}
}
