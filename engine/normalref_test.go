package engine

import "math"

// The references normalOf is compared with (TestNormalOfExact, TestLogUnit,
// TestCos2Pi): Box–Muller's logarithm and cosine as functions of their
// own. normalOf writes both bodies out in one function (docs/model.md sec.
// 22.1, ninth pass), so the engine calls neither (a review, stop 55).

// logUnit is math.Log(u) for a uniform u of the streams, a normal number
// in [2^-54, 1], bit for bit (TestLogUnit). It is math/log.go's algorithm
// (FreeBSD's e_log.c), which the amd64 assembly of math.Log evaluates with
// the same operations in the same order; written out here without the
// special cases (zero, negative, subnormal, Inf, NaN: none can arise) and
// the call through the assembly stub, Frexp's reduction becomes two bit
// operations. Every operation is one IEEE rounding, operands only
// commuted, so the value is math.Log's exactly.
func logUnit(u float64) float64 {
	const (
		Ln2Hi = 6.93147180369123816490e-01 /* 3fe62e42 fee00000 */
		Ln2Lo = 1.90821492927058770002e-10 /* 3dea39ef 35793c76 */
		L1    = 6.666666666666735130e-01   /* 3FE55555 55555593 */
		L2    = 3.999999999940941908e-01   /* 3FD99999 9997FA04 */
		L3    = 2.857142874366239149e-01   /* 3FD24924 94229359 */
		L4    = 2.222219843214978396e-01   /* 3FCC71C5 1D8E78AF */
		L5    = 1.818357216161805012e-01   /* 3FC74664 96CB03DE */
		L6    = 1.531383769920937332e-01   /* 3FC39A09 D078C69F */
		L7    = 1.479819860511658591e-01   /* 3FC2F112 DF3E5244 */
	)
	// Frexp: u = f1·2^ki with f1 in [0.5, 1); u is positive and normal.
	b := math.Float64bits(u)
	fb := b&(1<<52-1) | 0x3fe0000000000000
	f1, ki := math.Float64frombits(fb), int(b>>52)-0x3fe
	// Below √2/2, f1·2 (exact: a power of two) and ki − 1, selected by
	// conditional moves: f1 is uniform's mantissa, below √2/2 about two
	// times in five at random, so a branch here is mispredicted about
	// every other call (a review, stop 53). The same values as the
	// branch's.
	f2, k2 := math.Float64bits(f1*2), ki-1
	if f1 < math.Sqrt2/2 {
		fb, ki = f2, k2
	}
	f := math.Float64frombits(fb) - 1
	k := float64(ki)
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	t1 := s2 * (L1 + s4*(L3+s4*(L5+s4*L7)))
	t2 := s4 * (L2 + s4*(L4+s4*L6))
	R := t1 + t2
	hfsq := 0.5 * f * f
	return k*Ln2Hi - ((hfsq - (s*(hfsq+R) + k*Ln2Lo)) - f)
}

// cos2pi is cos(2πu) for u in [0, 1], within 2.5e-16 of the exact value
// (TestCos2Pi), the same on every amd64 CPU. Box–Muller needs the cosine
// of a whole turn's fraction, so the reduction is exact: with q the
// nearest quarter turn to u, r = u − q/4 is computed without rounding
// (Sterbenz) and |2πr| ≤ π/4, where the minimax polynomials of Cephes
// (Moshier 1989, the coefficients of Go's math/sin.go) give the sine and
// cosine; the quadrant picks one and a sign. math.Cos(2πu) rounds 2πu
// first, an absolute error of up to 4.4e-16 in the argument.
func cos2pi(u float64) float64 {
	const shifter = 0x1.8p52 // rounds 4u to an integer: see agents.Exp
	q := (4*u + shifter) - shifter
	z := 2 * math.Pi * (u - 0.25*q)
	zz := z * z
	// The quadrant is uniform at random, so a switch on it is mispredicted
	// most calls (a review, stop 53): both polynomials are evaluated and
	// the quadrant's picked by a conditional move, its sign by flipping the
	// sign bit, which is what negation does, so the value is the switch's
	// (cosPoly, −sinPoly, −cosPoly, sinPoly for quadrants 0 to 3).
	qi := uint64(int(q))
	b, sb := math.Float64bits(cosPoly(zz)), math.Float64bits(sinPoly(z, zz))
	if qi&1 != 0 {
		b = sb
	}
	return math.Float64frombits(b ^ ((qi>>1^qi)&1)<<63)
}
