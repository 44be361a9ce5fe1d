package engine

import "math"

// Random streams. Exogenous shocks come from a counter-based generator: a
// shock is a pure function of (task seed, period, target, slot, responder),
// so every architecture of a replicate sees the same shock at the same
// index whether or not it uses it (common random numbers, docs/model.md
// sec. 11), and an unused shock costs nothing. The mixer is SplitMix64's finaliser (Steele,
// Lea & Flood 2014), a bijection with full avalanche.

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// hashString is FNV-1a, used to split substreams by name.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for k := 0; k < len(s); k++ {
		h ^= uint64(s[k])
		h *= 1099511628211
	}
	return h
}

// Shock slots: the exogenous draws of docs/model.md sec. 11.
const (
	slotChallenge  = iota // ε_j, the adversary's logistic noise
	slotSeverity          // z_sev
	slotOutcome           // z_out
	slotPublic            // z_pub
	slotPatron            // u_patron
	slotEscalation        // u_escalation
	slotPrivate           // z_i, with the responder's index
	slotElection          // u_election (target −1)
	slotTaste             // ε_im on a decision stream (mechanism, state)
	// Model 2.0 (docs/model.md sec. 11).
	slotChallengeEcon // the economic channel's noise (as a uniform: the decision compares it with the hazard)
	slotTerritorial   // u_terr: does a success change control
	slotLatency       // z_lat, with the responder's index
	slotTasteCommon   // ℓ_i, a state's common taste (period 0, target 0, responder i)
	slotBan           // u_i, whether i's alliance ban binds in this world (period 0, target 0, responder i)
	// econSlots is added to a crisis slot (severity, outcome, public,
	// patron, escalation, private, territorial, latency) in a crisis of the
	// economic channel, so the two crises of a target in one period draw
	// independently; Box–Muller twins set bit 16, so the two never collide.
	econSlots = 32
)

// counterStream maps indices to uniforms in (0, 1).
type counterStream uint64

// at is the stream at (a, b), the period and the target (or mechanism) of
// a shock. The first two rounds of mixing depend on them alone, so a
// decision or a crisis, whose draws share them, mixes them once; the
// first depends on a alone, so a period's decisions mix it once (row).
func (s counterStream) at(a, b int) counterKey { return s.row(a).at(b) }

// row is the stream at a, the period of a shock.
func (s counterStream) row(a int) counterRow {
	return counterRow(mix64(uint64(s) ^ uint64(a+1)*0x9e3779b97f4a7c15))
}

// counterRow is a counterStream at a fixed a.
type counterRow uint64

// at is the stream at (a, b).
func (r counterRow) at(b int) counterKey {
	return counterKey(mix64(uint64(r) ^ uint64(b+2)*0xc2b2ae3d27d4eb4f))
}

func (s counterStream) uniform(a, b, c, d int) float64  { return s.at(a, b).uniform(c, d) }
func (s counterStream) logistic(a, b, c, d int) float64 { return s.at(a, b).logistic(c, d) }

// counterKey is a counterStream at a fixed (a, b); its draws are indexed
// by slot c and responder d.
type counterKey uint64

func (k counterKey) bits(c, d int) uint64 {
	return mix64(uint64(k) ^ (uint64(c)<<32|uint64(uint32(d+1)))*0x165667b19e3779f9)
}

// uniform returns a uniform in the open interval (0, 1).
func (k counterKey) uniform(c, d int) float64 {
	return (float64(k.bits(c, d)>>11) + 0.5) * (1.0 / (1 << 53))
}

// normal returns a standard normal by the Box–Muller transform of two
// uniforms taken from the index and its twin (slot bit 16 set).
func (k counterKey) normal(c, d int) float64 { return k.normalAt(c, d, k.twin(c, d)) }

// twin is the uniform of normal(c, d)'s cosine, which alone decides the
// normal's sign (cosNonNeg); normalAt is normal(c, d) given it, the same
// value bit for bit.
func (k counterKey) twin(c, d int) float64 { return k.uniform(c|1<<16, d) }

func (k counterKey) normalAt(c, d int, u2 float64) float64 { return normalOf(k.uniform(c, d), u2) }

// The constants of math.Log's reduction and polynomial (FreeBSD's
// e_log.c, as the Go math package (BSD-3-Clause, the Go Authors) has
// them), which normalOf and normalPair write out.
const (
	logLn2Hi = 6.93147180369123816490e-01 /* 3fe62e42 fee00000 */
	logLn2Lo = 1.90821492927058770002e-10 /* 3dea39ef 35793c76 */
	logL1    = 6.666666666666735130e-01   /* 3FE55555 55555593 */
	logL2    = 3.999999999940941908e-01   /* 3FD99999 9997FA04 */
	logL3    = 2.857142874366239149e-01   /* 3FD24924 94229359 */
	logL4    = 2.222219843214978396e-01   /* 3FCC71C5 1D8E78AF */
	logL5    = 1.818357216161805012e-01   /* 3FC74664 96CB03DE */
	logL6    = 1.531383769920937332e-01   /* 3FC39A09 D078C69F */
	logL7    = 1.479819860511658591e-01   /* 3FC2F112 DF3E5244 */
)

// normalOf is Box–Muller's normal of the uniforms u1 (the index's) and u2
// (its twin's): normalAt(c, d, u2) with u1 = uniform(c, d), bit for bit.
//
// Its body is logUnit's and cos2pi's, the same operations in the same
// order, written out in one function: the compiler inlines neither, and
// the two calls cost more than their bodies' shared frame (a review, stop
// 55; TestNormalOfExact compares it with the two calls bit for bit).
func normalOf(u1, u2 float64) float64 {
	// logUnit(u1).
	b := math.Float64bits(u1)
	fb := b&(1<<52-1) | 0x3fe0000000000000
	f1, ki := math.Float64frombits(fb), int(b>>52)-0x3fe
	f2, k2 := math.Float64bits(f1*2), ki-1
	if f1 < math.Sqrt2/2 {
		fb, ki = f2, k2
	}
	f := math.Float64frombits(fb) - 1
	k := float64(ki)
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	t1 := s2 * (logL1 + s4*(logL3+s4*(logL5+s4*logL7)))
	t2 := s4 * (logL2 + s4*(logL4+s4*logL6))
	R := t1 + t2
	hfsq := 0.5 * f * f
	lg := k*logLn2Hi - ((hfsq - (s*(hfsq+R) + k*logLn2Lo)) - f)
	// cos2pi(u2).
	const shifter = 0x1.8p52
	q := (4*u2 + shifter) - shifter
	z := 2 * math.Pi * (u2 - 0.25*q)
	zz := z * z
	qi := uint64(int(q))
	cb, sb := math.Float64bits(cosPoly(zz)), math.Float64bits(sinPoly(z, zz))
	if qi&1 != 0 {
		cb = sb
	}
	return math.Sqrt(-2*lg) * math.Float64frombits(cb^((qi>>1^qi)&1)<<63)
}

// radiusLevels is how many binades of u1 radiusBound covers: u1 ≥ 2^−8,
// 255 draws in 256.
const radiusLevels = 8

// radiusBound[b] bounds the magnitude of a normal whose first uniform u1
// is in [2^−(b+1), 2^−b): Box–Muller's radius √(−2 ln u1) is at most
// √(2(b+1)·ln 2) there, |cos2pi| at most 1 + 2.5·10^−16 (TestCos2Pi), and
// the factor 1 + 2^−30 covers that and the roundings of logUnit (within an
// ulp of ln u1), of the product by −2, the square root and the product by
// the cosine, each within an ulp (TestRadiusBound checks the binades'
// edges). The crisis's floor on a
// signal's estimate reads it (signals).
var radiusBound = func() (r [radiusLevels]float64) {
	for b := range r {
		r[b] = math.Sqrt(2*float64(b+1)*math.Ln2) * (1 + 0x1p-30)
	}
	return r
}()

// radiusLevel is the binade b of a uniform u1 of the streams (a normal
// number in (0, 1)), u1 in [2^−(b+1), 2^−b), from its exponent's bits; b ≥
// radiusLevels for u1 < 2^−radiusLevels.
func radiusLevel(u1 float64) int { return 0x3fe - int(math.Float64bits(u1)>>52) }

// cosNonNeg reports that cos2pi(u) is not below 0 (+0 and −0 included), so
// that a normal whose twin is u is not below 0 either (its radius is a
// square root): for u ≤ 1/4 or u ≥ 3/4 cos2pi returns cosPoly, at most
// π/4 from 0 and so at least 0.7, or ∓sinPoly(z) with z = 2π(u − q/4) of
// the sign that makes it non-negative, and sinPoly(z) has z's sign (its
// correction is less than a tenth of z). TestCosSign checks the quarter
// turns and their neighbours.
func cosNonNeg(u float64) bool { return u <= 0.25 || u >= 0.75 }

// sinPoly and cosPoly are sin z and cos z for |z| ≤ π/4, zz = z².
func sinPoly(z, zz float64) float64 {
	return z + z*zz*((((((1.58962301576546568060e-10*zz)-2.50507477628578072866e-8)*zz+2.75573136213857245213e-6)*zz-1.98412698295895385996e-4)*zz+8.33333333332211858878e-3)*zz-1.66666666666666307295e-1)
}

func cosPoly(zz float64) float64 {
	return 1.0 - 0.5*zz + zz*zz*((((((-1.13585365213876817300e-11*zz)+2.08757008419747316778e-9)*zz-2.75573141792967388112e-7)*zz+2.48015872888517045348e-5)*zz-1.38888888888730564116e-3)*zz+4.16666666666665929218e-2)
}

// logistic returns a standard logistic variate.
func (k counterKey) logistic(c, d int) float64 {
	u := k.uniform(c, d)
	return math.Log(u / (1 - u))
}

// pcgSource is a math/rand/v2 PCG source seeded from a task seed and a
// stream name, for the sequential population draws.
func streamSeed(seed uint64, name string) (uint64, uint64) {
	h := hashString(name)
	return mix64(seed ^ h), mix64(seed + h*0x9e3779b97f4a7c15)
}

// normalPair is (normalOf(u1, u2), normalOf(v1, v2)) bit for bit:
// normalOf's body written out for two normals side by side, so that their
// logarithms, square roots and cosines, long serial chains, overlap in
// the CPU (signals' candidates taken two at a time; a review, stop 56:
// TestNormalPairExact).
func normalPair(u1, u2, v1, v2 float64) (float64, float64) {
	// logUnit(u1), logUnit(v1).
	bu, bv := math.Float64bits(u1), math.Float64bits(v1)
	fbu, fbv := bu&(1<<52-1)|0x3fe0000000000000, bv&(1<<52-1)|0x3fe0000000000000
	f1u, kiu := math.Float64frombits(fbu), int(bu>>52)-0x3fe
	f1v, kiv := math.Float64frombits(fbv), int(bv>>52)-0x3fe
	f2u, k2u := math.Float64bits(f1u*2), kiu-1
	f2v, k2v := math.Float64bits(f1v*2), kiv-1
	if f1u < math.Sqrt2/2 {
		fbu, kiu = f2u, k2u
	}
	if f1v < math.Sqrt2/2 {
		fbv, kiv = f2v, k2v
	}
	fu, fv := math.Float64frombits(fbu)-1, math.Float64frombits(fbv)-1
	ku, kv := float64(kiu), float64(kiv)
	su, sv := fu/(2+fu), fv/(2+fv)
	s2u, s2v := su*su, sv*sv
	s4u, s4v := s2u*s2u, s2v*s2v
	t1u := s2u * (logL1 + s4u*(logL3+s4u*(logL5+s4u*logL7)))
	t1v := s2v * (logL1 + s4v*(logL3+s4v*(logL5+s4v*logL7)))
	t2u := s4u * (logL2 + s4u*(logL4+s4u*logL6))
	t2v := s4v * (logL2 + s4v*(logL4+s4v*logL6))
	Ru, Rv := t1u+t2u, t1v+t2v
	hu, hv := 0.5*fu*fu, 0.5*fv*fv
	lgu := ku*logLn2Hi - ((hu - (su*(hu+Ru) + ku*logLn2Lo)) - fu)
	lgv := kv*logLn2Hi - ((hv - (sv*(hv+Rv) + kv*logLn2Lo)) - fv)
	// cos2pi(u2), cos2pi(v2).
	const shifter = 0x1.8p52
	qu, qv := (4*u2+shifter)-shifter, (4*v2+shifter)-shifter
	zu, zv := 2*math.Pi*(u2-0.25*qu), 2*math.Pi*(v2-0.25*qv)
	zzu, zzv := zu*zu, zv*zv
	qiu, qiv := uint64(int(qu)), uint64(int(qv))
	cbu, sbu := math.Float64bits(cosPoly(zzu)), math.Float64bits(sinPoly(zu, zzu))
	cbv, sbv := math.Float64bits(cosPoly(zzv)), math.Float64bits(sinPoly(zv, zzv))
	if qiu&1 != 0 {
		cbu = sbu
	}
	if qiv&1 != 0 {
		cbv = sbv
	}
	return math.Sqrt(-2*lgu) * math.Float64frombits(cbu^((qiu>>1^qiu)&1)<<63),
		math.Sqrt(-2*lgv) * math.Float64frombits(cbv^((qiv>>1^qiv)&1)<<63)
}
