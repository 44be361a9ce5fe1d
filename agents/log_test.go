package agents

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

const logPrec = 200

// bigLog1 is ln m to 200 bits for m in [1, 2]: 2·atanh((m − 1)/(m + 1)),
// whose series in s² ≤ 1/9 is summed to far below 2^-200.
func bigLog1(m float64) *big.Float {
	one := new(big.Float).SetPrec(logPrec).SetInt64(1)
	bm := new(big.Float).SetPrec(logPrec).SetFloat64(m)
	s := new(big.Float).SetPrec(logPrec).Sub(bm, one)
	s.Quo(s, new(big.Float).SetPrec(logPrec).Add(bm, one))
	s2 := new(big.Float).SetPrec(logPrec).Mul(s, s)
	sum := new(big.Float).SetPrec(logPrec).Set(s)
	term := new(big.Float).SetPrec(logPrec).Set(s)
	for n := int64(3); n < 130; n += 2 {
		term.Mul(term, s2)
		sum.Add(sum, new(big.Float).SetPrec(logPrec).Quo(term, new(big.Float).SetPrec(logPrec).SetInt64(n)))
	}
	return sum.Mul(sum, new(big.Float).SetPrec(logPrec).SetInt64(2))
}

var bigLn2 = bigLog1(2)

// bigLog is ln x to about 200 bits for a positive normal x: e·ln2 + ln m
// after the exact split x = 2^e·m, m in [1, 2).
func bigLog(x float64) *big.Float {
	fr, e := math.Frexp(x) // x = fr·2^e, fr in [0.5, 1)
	l := bigLog1(2 * fr)
	k := new(big.Float).SetPrec(logPrec).SetInt64(int64(e - 1))
	return l.Add(l, k.Mul(k, bigLn2))
}

// logULPError is |got − ln x| in units in the last place of ln x.
func logULPError(x, got float64) float64 {
	ref := bigLog(x)
	want, _ := ref.Float64()
	if want == 0 {
		if got == 0 {
			return 0
		}
		return math.Inf(1)
	}
	ulp := math.Nextafter(math.Abs(want), math.Inf(1)) - math.Abs(want)
	d := new(big.Float).SetPrec(logPrec).SetFloat64(got)
	d.Sub(d, ref)
	e, _ := d.Float64()
	return math.Abs(e) / ulp
}

// TestLogTable: each entry's two parts sum to ln(1 + j/128) within 2^-80
// (a hundred-millionth of an ulp of the smallest nonzero entry), and the
// high part lies on the grid of 2^-32, which keeps k·ln2hi + high exact.
func TestLogTable(t *testing.T) {
	for j, e := range logTable {
		ref := bigLog1(1 + float64(j)/128)
		d := new(big.Float).SetPrec(logPrec).SetFloat64(e[0])
		d.Add(d, new(big.Float).SetPrec(logPrec).SetFloat64(e[1]))
		d.Sub(d, ref)
		if diff, _ := d.Float64(); math.Abs(diff) > 0x1p-80 {
			t.Errorf("logTable[%d] is %g from ln(1 + %d/128)", j, diff, j)
		}
		if g := e[0] * 0x1p32; g != math.Trunc(g) {
			t.Errorf("logTable[%d]'s high part %v is not a multiple of 2^-32", j, e[0])
		}
	}
}

// TestLogAccuracy: Log is within 0.7 ulp of ln x over the engine's
// arguments (uniforms in (0, 1), their logistic ratios u/(1 − u), and
// arguments near 1 where ln x is tiny) and beyond, against a 200-bit
// reference. It measures 0.58 ulp: the final rounding (0.5) and r's
// rounding, which counts at most a quarter of an ulp where the table path
// runs. math.Log measures 0.77 ulp by the same test.
func TestLogAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	worst, at := 0.0, 0.0
	check := func(x float64) {
		if e := logULPError(x, Log(x)); e > worst {
			worst, at = e, x
		}
	}
	for range 10000 {
		u := (float64(rng.Uint64()>>11) + 0.5) * 0x1p-53 // as counterKey.uniform
		check(u)
		check(u / (1 - u))
	}
	for range 3000 {
		check(1 + (rng.Float64()-0.5)*0x1p-6) // near 1: F = 1 or F = 2 below 1
		check(math.Ldexp(1+rng.Float64(), rng.IntN(2040)-1020))
	}
	for _, x := range []float64{1, 2, 0.5, math.E, 10, 0x1p-53, 1 - 0x1p-53, 1 + 0x1p-52, 1 - 0x1p-9, 1 + 0x1p-8,
		1.0 + 1.0/256, 2 - 1.0/256, 0x1p-1022, math.MaxFloat64, math.Sqrt2} {
		check(x)
		check(math.Nextafter(x, 0))
	}
	t.Logf("worst error %.3f ulp at x = %v", worst, at)
	if worst > 0.7 {
		t.Errorf("Log(%v) is %.3f ulp from ln x; want at most 0.7", at, worst)
	}
}

// TestLogSpecial: math.Log's answers for zero, negative and infinite
// arguments and NaN; subnormals within 0.7 ulp; and ln 1 = 0.
func TestLogSpecial(t *testing.T) {
	for _, x := range []float64{0, math.Copysign(0, -1), -1, -0x1p-1074, math.Inf(1), math.Inf(-1)} {
		if got, want := Log(x), math.Log(x); got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("Log(%v) = %v, want %v", x, got, want)
		}
	}
	for _, x := range []float64{0x1p-1074, 3 * 0x1p-1074, 0x1p-1023, 0x1.fffffffffffffp-1023, 0x1.8p-1040} {
		if e := logULPError(x, Log(x)); e > 0.7 {
			t.Errorf("Log(%v) is %.3f ulp from ln x; want at most 0.7", x, e)
		}
	}
	if !math.IsNaN(Log(math.NaN())) {
		t.Error("Log(NaN) is not NaN")
	}
	if Log(1) != 0 {
		t.Errorf("Log(1) = %v", Log(1))
	}
}

func BenchmarkLog(b *testing.B) {
	x, s := 0.3, 0.0
	for b.Loop() {
		s += Log(x)
		x = 1 - x
	}
	_ = s
}

func BenchmarkMathLog(b *testing.B) {
	x, s := 0.3, 0.0
	for b.Loop() {
		s += math.Log(x)
		x = 1 - x
	}
	_ = s
}
