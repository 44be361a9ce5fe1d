package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// plainMean and plainRatio are meanValue and ratioValue as they were before
// they took extreme replicates in units of a power of two.
func plainMean(a []float64) TargetValue {
	var n int
	var sum float64
	for _, v := range a {
		if !math.IsNaN(v) {
			n++
			sum += v
		}
	}
	if n == 0 {
		return undefined(0)
	}
	m := sum / float64(n)
	var ss float64
	for _, v := range a {
		if !math.IsNaN(v) {
			ss += (v - m) * (v - m)
		}
	}
	tv := undefined(n)
	tv.Value = m
	if n > 1 {
		tv.SE = math.Sqrt(ss / float64(n-1) / float64(n))
		tv.CILow, tv.CIHigh = tInterval(m, tv.SE, n)
	}
	return tv
}

func plainRatio(a, b []float64) TargetValue {
	var n int
	var sa, sb float64
	for i := range a {
		if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
			n++
			sa += a[i]
			sb += b[i]
		}
	}
	if n == 0 || sb == 0 {
		return undefined(n)
	}
	ma, mb := sa/float64(n), sb/float64(n)
	r := ma / mb
	tv := undefined(n)
	tv.Value = r
	if n > 1 {
		var saa, sbb, sab float64
		for i := range a {
			if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
				da, db := a[i]-ma, b[i]-mb
				saa += da * da
				sbb += db * db
				sab += da * db
			}
		}
		f := float64(n - 1)
		v := (saa/f - 2*r*sab/f + r*r*sbb/f) / float64(n) / (mb * mb)
		tv.SE = math.Sqrt(math.Max(v, 0))
		tv.CILow, tv.CIHigh = tInterval(r, tv.SE, n)
	}
	return tv
}

func sameTargetValue(a, b TargetValue) bool {
	eq := func(x, y float64) bool {
		return math.Float64bits(x) == math.Float64bits(y) || (math.IsNaN(x) && math.IsNaN(y))
	}
	return a.N == b.N && eq(a.Value, b.Value) && eq(a.SE, b.SE) && eq(a.CILow, b.CILow) && eq(a.CIHigh, b.CIHigh)
}

func scaled(vs []float64, k int) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = math.Ldexp(v, k)
	}
	return out
}

// TestTargetScaleFree: a target's mean, ratio, SE and interval do not
// depend on the replicates' unit. Replicates multiplied by a power of two
// give the values at 2^0 multiplied by it, bit for bit; before, replicates
// of 1e154 and more overflowed the sums of squares (SE +Inf, interval
// ±Inf, or NaN near ±1e308), replicates of 1e-162 and less underflowed
// them (SE 0 and no interval although the replicates vary), and a ratio's
// denominator of 1e-170 gave an SE of +Inf.
func TestTargetScaleFree(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	a, b := make([]float64, 40), make([]float64, 40)
	for i := range a {
		b[i] = 3 + rng.NormFloat64()
		a[i] = 0.7*b[i] + 0.3*rng.NormFloat64()
	}
	a[7] = math.NaN()
	wantM, wantR := plainMean(a), plainRatio(a, b)
	if math.IsNaN(wantM.CILow) || math.IsNaN(wantR.CILow) {
		t.Fatal("the reference has no interval")
	}
	for _, k := range []int{-1000, -600, -540, 512, 600, 1015} {
		if got, want := meanValue(scaled(a, k)), wantM.times(k); !sameTargetValue(got, want) {
			t.Errorf("mean of replicates times 2^%d: %+v, want %+v", k, got, want)
		}
		for _, kb := range []int{0, k} {
			if got, want := ratioValue(scaled(a, k), scaled(b, kb)), wantR.times(k-kb); !sameTargetValue(got, want) {
				t.Errorf("ratio of replicates times 2^%d and 2^%d: %+v, want %+v", k, kb, got, want)
			}
		}
		if got, want := ratioValue(a, scaled(b, k)), wantR.times(-k); !sameTargetValue(got, want) {
			t.Errorf("ratio over a denominator times 2^%d: %+v, want %+v", k, got, want)
		}
	}
}

// TestTargetUnchanged compares meanValue and ratioValue with the code
// before the units over many random replicates whose largest |value| lies
// in [2^-480, 2^480): every value is the same, bit for bit, so no shipped
// calibration moves.
func TestTargetUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	draw := func(kind int) float64 {
		switch kind {
		case 0:
			return float64(rng.IntN(30))
		case 1:
			return rng.Float64()
		case 2:
			if rng.IntN(30) == 0 {
				return math.NaN()
			}
			return 1e5 + rng.NormFloat64()
		case 3:
			if rng.IntN(4) == 0 {
				return 0
			}
			return math.Ldexp(rng.Float64()-0.3, rng.IntN(900)-450)
		default:
			if rng.IntN(20) == 0 {
				return 1
			}
			return 0
		}
	}
	for trial := range 20000 {
		kind := trial % 5
		n := 1 + rng.IntN(50)
		a, b := make([]float64, n), make([]float64, n)
		for i := range a {
			a[i], b[i] = draw(kind), draw((kind+trial/5)%5)
		}
		if unitExp(a) != 0 || unitExp(b) != 0 {
			continue // a draw whose largest |value| is below 2^-480
		}
		if got, want := meanValue(a), plainMean(a); !sameTargetValue(got, want) {
			t.Fatalf("trial %d: mean %+v, before %+v", trial, got, want)
		}
		if got, want := ratioValue(a, b), plainRatio(a, b); !sameTargetValue(got, want) {
			t.Fatalf("trial %d: ratio %+v, before %+v", trial, got, want)
		}
	}
}
