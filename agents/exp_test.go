package agents

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// ulpError is |got − e^x| in units in the last place of e^x, with e^x
// computed to 200 bits from math/big (the Taylor series of e^r after an
// exact reduction by powers of two), so the reference is exact to far
// below an ulp.
func ulpError(x, got float64) float64 {
	const prec = 200
	// e^x = (e^(x/2^s))^(2^s) with |x/2^s| < 2^-4.
	s := 0
	for y := math.Abs(x); y >= 1.0/16; y /= 2 {
		s++
	}
	r := new(big.Float).SetPrec(prec).SetFloat64(math.Ldexp(x, -s))
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := int64(1); n < 60; n++ {
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(n))
		sum.Add(sum, term)
	}
	for range s {
		sum.Mul(sum, sum)
	}
	want, _ := sum.Float64()
	ulp := math.Nextafter(want, math.Inf(1)) - want
	d := new(big.Float).SetPrec(prec).SetFloat64(got)
	d.Sub(d, sum)
	e, _ := d.Float64()
	return math.Abs(e) / ulp
}

// TestExpAccuracy: Exp is within 1.5 ulp of e^x over the engine's range of
// arguments and beyond, against a 200-bit reference; 1.5 leaves room for
// the table entry's and the final product's roundings (half an ulp each)
// and the polynomial's truncation (a third).
func TestExpAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	worst, at := 0.0, 0.0
	check := func(x float64) {
		if e := ulpError(x, Exp(x)); e > worst {
			worst, at = e, x
		}
	}
	for range 20000 {
		check(-40 + 80*rng.Float64()) // logistic arguments
	}
	for range 2000 {
		check(-707 + 1415*rng.Float64()) // the whole reduced range
	}
	for _, x := range []float64{0, 1e-300, -1e-300, 1e-10, 0.5, 1, -1, math.Ln2 / 128, -math.Ln2 / 128, 100, -100, 708.9, -707.9} {
		check(x)
	}
	t.Logf("worst error %.3f ulp at x = %v", worst, at)
	if worst > 1.5 {
		t.Errorf("Exp(%v) is %.3f ulp from e^x; want at most 1.5", at, worst)
	}
}

// TestExpSpecial: the arguments Exp hands to math.Exp, and e^0 = 1 exactly.
func TestExpSpecial(t *testing.T) {
	for _, x := range []float64{math.Inf(1), math.Inf(-1), 709.5, 710, -720, -746, -1e9, 1e9} {
		if got, want := Exp(x), math.Exp(x); got != want {
			t.Errorf("Exp(%v) = %v, want %v", x, got, want)
		}
	}
	if !math.IsNaN(Exp(math.NaN())) {
		t.Error("Exp(NaN) is not NaN")
	}
	if Exp(0) != 1 {
		t.Errorf("Exp(0) = %v", Exp(0))
	}
}

func BenchmarkExp(b *testing.B) {
	x, s := 0.3, 0.0
	for b.Loop() {
		s += Exp(x)
		x = -x
	}
	_ = s
}
