// Package fptest compares floating-point results that the engine claims
// equal bit for bit, on any build target.
//
// The Go specification lets a compiler fuse x*y + z into one rounding.
// For amd64 it does so from GOAMD64=v3 on, and on arm64 always; at the
// default GOAMD64=v1 it never does. docs/model.md sec. 22.1 pins the
// engine's results for the default target, and says that fusing moves
// them by rounding. So two code paths that are the same operations in
// the same order agree bit for bit where nothing is fused, and where the
// compiler fuses one path and not the other they agree only to a few
// roundings: a test of such a claim must not fail on an Apple-silicon
// machine or a v3 build for that alone.
package fptest

import "math"

// Fused reports whether this build fuses a multiply and an add into one
// rounding: (1 + 2⁻³⁰)(1 − 2⁻³⁰) − 1 is −2⁻⁶⁰ exactly, and 0 once the
// product is rounded.
func Fused() bool { return probe(1+0x1p-30, 1-0x1p-30, -1) != 0 }

//go:noinline
func probe(x, y, z float64) float64 { return x*y + z }

// RelTol is how far apart Same lets two values be on a fused build,
// relative to the larger: a few roundings of a sum of a few dozen terms.
const RelTol = 1e-12

// Same reports whether got and want are the same float64, bit for bit;
// on a fused build (Fused), within RelTol of each other instead (NaN
// only with NaN, and an infinity only with itself).
func Same(got, want float64) bool {
	if math.Float64bits(got) == math.Float64bits(want) {
		return true
	}
	if !Fused() || math.IsNaN(got) || math.IsNaN(want) || math.IsInf(got, 0) || math.IsInf(want, 0) {
		return false
	}
	return math.Abs(got-want) <= RelTol*math.Max(math.Abs(got), math.Abs(want))
}
