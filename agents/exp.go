package agents

import "math"

// Exp is e^x, within 1.5 units in the last place of the correctly rounded
// value (TestExpAccuracy measures it), the same on every amd64 CPU.
//
// The engine evaluates a few thousand exponentials per architecture-run,
// most in the logistic of A's denial estimate and hazard (docs/model.md
// secs. 6.2, 6.5), and on amd64 math.Exp is a long serial chain that also
// picks an FMA or a plain path by CPU, so its last bits depend on the
// machine. This one reduces x = k·ln2/64 + r with |r| ≤ ln2/128 (Cody and
// Waite's two-part constant, exact for |k| < 2^21), takes 2^(k/64) from a
// table and e^r from its Taylor polynomial of degree 5 (the first omitted
// term, r^6/720, is below 3.4e-17, a third of an ulp of 1), and scales by
// 2^⌊k/64⌋ (Tang, "Table-driven implementation of the exponential function
// in IEEE floating-point arithmetic", ACM TOMS 15(2), 1989). Arguments
// whose result would overflow, be subnormal or is not finite go to
// math.Exp; the engine's arguments never come near them.
func Exp(x float64) float64 {
	if !(x > -708 && x < 709) {
		return math.Exp(x) // NaN, ±Inf, overflow, subnormal results
	}
	// Round x·64/ln2 to the nearest integer: adding 1.5·2^52 leaves no
	// fraction bits, and |x·64/ln2| < 2^16 keeps it exact.
	const shifter = 0x1.8p52
	kf := (x*expInvStep + shifter) - shifter
	k := int64(kf)
	r := (x - kf*expStepHi) - kf*expStepLo
	r2 := r * r
	q := r + r2*(0.5+r*(1.0/6)+r2*(1.0/24+r*(1.0/120)))
	t := expTable[k&63]
	return (t + t*q) * math.Float64frombits(uint64((k>>6)+1023)<<52)
}

const (
	expInvStep = 64 / math.Ln2
	// ln2/64 split in two: the high part (math's Ln2Hi/64) has its low 21
	// bits zero, so k·expStepHi is exact for |k| < 2^21.
	expStepHi = 6.93147180369123816490e-01 / 64
	expStepLo = 1.90821492927058770002e-10 / 64
)

// expTable[i] is 2^(i/64).
var expTable = func() (t [64]float64) {
	for i := range t {
		t[i] = math.Exp2(float64(i) / 64)
	}
	return t
}()

// ExpPair is (Exp(x), Exp(y)) bit for bit: Exp's reduction, polynomial
// and scaling written out for both arguments at once, so that two
// independent exponentials on a long dependency chain overlap in the CPU
// (the response thresholds of two candidates, ResponseCosts.ThresholdPair;
// a review, stop 56: TestExpPairExact). Arguments outside Exp's fast range
// take Exp itself.
func ExpPair(x, y float64) (float64, float64) {
	if !(x > -708 && x < 709 && y > -708 && y < 709) {
		return Exp(x), Exp(y)
	}
	const shifter = 0x1.8p52
	kx := (x*expInvStep + shifter) - shifter
	ky := (y*expInvStep + shifter) - shifter
	ix, iy := int64(kx), int64(ky)
	rx := (x - kx*expStepHi) - kx*expStepLo
	ry := (y - ky*expStepHi) - ky*expStepLo
	rx2, ry2 := rx*rx, ry*ry
	qx := rx + rx2*(0.5+rx*(1.0/6)+rx2*(1.0/24+rx*(1.0/120)))
	qy := ry + ry2*(0.5+ry*(1.0/6)+ry2*(1.0/24+ry*(1.0/120)))
	tx, ty := expTable[ix&63], expTable[iy&63]
	return (tx + tx*qx) * math.Float64frombits(uint64((ix>>6)+1023)<<52),
		(ty + ty*qy) * math.Float64frombits(uint64((iy>>6)+1023)<<52)
}
