package plots

import (
	"math"
	"math/rand/v2"
	"testing"
)

func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// pooledOf pools rows over as many design points as there are rows.
func pooledOf(rows []stat) (stat, bool) {
	p := &pool{}
	for _, s := range rows {
		p.add(s)
	}
	r := &results{points: make([]designPoint, max(len(rows), 2)), pools: map[archOutcome]*pool{{"a", "o"}: p}}
	return r.pooled("a", "o")
}

// TestPooledSEHuge: the pooled figures' and the primary contrasts'
// standard errors and intervals of outputs near 1e154 and beyond are
// finite and are those of the same outputs divided by a power of two,
// multiplied back, bit for bit. Before, se_i² (n_i²·se_i² for the primary
// contrasts) overflowed from about 1e154 (1e151 with 1,000 replicates):
// the standard error was +Inf and the interval ±Inf, where the summary's
// own standard errors are finite.
func TestPooledSEHuge(t *testing.T) {
	base := []stat{{n: 10, mean: 1, se: 0.2}, {n: 30, mean: 2, se: 0.1}, {n: 1000, mean: -3, se: 0.7}}
	want, _ := pooledOf(base)
	q := tCache{}
	cell := func(k int) primaryCell {
		var c primaryCell
		for _, s := range base {
			c.add(s.n, math.Ldexp(s.mean, k), math.Ldexp(s.se*q.at(s.n-1), k), q)
		}
		return c
	}
	wantCell := cell(0)
	wantLo, wantHi := wantCell.ci()
	for _, k := range []int{480, 500, 512, 520, 600, 1000} {
		rows := make([]stat, len(base))
		for i, s := range base {
			rows[i] = stat{n: s.n, mean: math.Ldexp(s.mean, k), se: math.Ldexp(s.se, k)}
		}
		got, ok := pooledOf(rows)
		if !ok || got.n != want.n || !sameBits(got.mean, math.Ldexp(want.mean, k)) || !sameBits(got.se, math.Ldexp(want.se, k)) ||
			!sameBits(got.lo, math.Ldexp(want.lo, k)) || !sameBits(got.high, math.Ldexp(want.high, k)) {
			t.Errorf("pooled outputs times 2^%d: %+v; want the outputs at 2^0 scaled, %v ± %v [%v, %v]", k, got,
				math.Ldexp(want.mean, k), math.Ldexp(want.se, k), math.Ldexp(want.lo, k), math.Ldexp(want.high, k))
		}
		if math.IsInf(got.se, 0) || math.IsInf(got.lo, 0) || math.IsInf(got.high, 0) {
			t.Errorf("pooled outputs times 2^%d: se %v, interval [%v, %v] of finite outputs", k, got.se, got.lo, got.high)
		}
		c := cell(k)
		lo, hi := c.ci()
		if se := c.seOf(); !sameBits(se, math.Ldexp(wantCell.seOf(), k)) || !sameBits(lo, math.Ldexp(wantLo, k)) || !sameBits(hi, math.Ldexp(wantHi, k)) {
			t.Errorf("primary contrast times 2^%d: se %v [%v, %v]; want %v [%v, %v]", k, se, lo, hi,
				math.Ldexp(wantCell.seOf(), k), math.Ldexp(wantLo, k), math.Ldexp(wantHi, k))
		}
	}
}

// rootOf is sqrt(Σ w_i²·x_i²) / k by the plain sum, or, where every
// |w_i·x_i| is below 2^-480 (exponent sums below -480) and one is not 0,
// by the plain sum of the terms in units of the power of two above the
// largest, scaled back.
func rootOf(ws, xs []float64, k float64) float64 {
	small, nonzero, top := true, false, math.MinInt
	for i, x := range xs {
		if x == 0 {
			continue
		}
		_, ew := math.Frexp(ws[i])
		_, ex := math.Frexp(x)
		small, nonzero, top = small && ew+ex < -480, true, max(top, ew+ex)
	}
	e := 0
	if small && nonzero {
		e = top
	}
	var sum float64
	for i, x := range xs {
		x = math.Ldexp(x, -e)
		sum += ws[i] * ws[i] * x * x
	}
	return math.Ldexp(math.Sqrt(sum)/k, e)
}

// TestPooledSEUnchanged compares the pooled standard errors with the
// plain sums of squares they replaced over many random sets of summary
// rows whose standard errors stay below 2^470, and some up to 2^500 where
// the plain sums do not overflow yet either: the pooled figures' mean,
// standard error and interval and the primary contrasts' standard error
// and interval are the same, bit for bit, so no figure moves. The
// exception is a set whose every term is below 2^-480, which is taken in
// units of its largest (TestPooledSETiny): its standard error is the plain
// sum's in that unit, where the plain sum in the values' own unit
// underflowed.
func TestPooledSEUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	draw := func(kind int) float64 {
		switch kind {
		case 0: // shares' standard errors
			return rng.Float64() * 0.1
		case 1: // counts'
			return float64(rng.IntN(50)) / 7
		case 2: // any magnitude up to 2^470
			return math.Ldexp(rng.Float64(), rng.IntN(1470)-1000)
		case 3: // up to 2^500
			return math.Ldexp(rng.Float64(), rng.IntN(700)-200)
		default: // 0, as where every replicate is the same
			if rng.IntN(3) == 0 {
				return 0
			}
			return rng.Float64()
		}
	}
	q := tCache{}
	for trial := range 6000 {
		kind, points := trial%5, 1+rng.IntN(30)
		rows := make([]stat, points)
		ones, ns, ses, cellSEs := make([]float64, points), make([]float64, points), make([]float64, points), make([]float64, points)
		var sum, sum2 float64
		var n, df int64
		for i := range rows {
			s := stat{n: 2 + int64(rng.IntN(200)), mean: rng.NormFloat64(), se: draw(kind)}
			if kind == 3 {
				s.n = 2 + int64(rng.IntN(3))
			}
			rows[i] = s
			ones[i], ns[i], ses[i] = 1, float64(s.n), s.se
			cellSEs[i] = s.se * q.at(s.n-1) / q.at(s.n-1)
			sum += float64(s.n) * s.mean
			sum2 += s.mean
			n += s.n
			df += s.n - 1
		}
		got, _ := pooledOf(rows)
		k := float64(points)
		wantSE := rootOf(ones, ses, k)
		if !sameBits(got.mean, sum2/k) || !sameBits(got.se, wantSE) || !sameBits(got.lo, got.mean-q.at(df)*wantSE) || !sameBits(got.high, got.mean+q.at(df)*wantSE) {
			t.Fatalf("trial %d (kind %d, %d points): pooled %+v, the plain sum's se %v", trial, kind, points, got, wantSE)
		}
		var c primaryCell
		for _, s := range rows {
			c.add(s.n, s.mean, s.se*q.at(s.n-1), q)
		}
		cellSE := rootOf(ns, cellSEs, float64(n))
		m := sum / float64(n)
		lo, hi := c.ci()
		if !sameBits(c.seOf(), cellSE) || !sameBits(lo, m-q.at(df)*cellSE) || !sameBits(hi, m+q.at(df)*cellSE) {
			t.Fatalf("trial %d (kind %d, %d points): primary se %v [%v, %v], the plain sum's %v", trial, kind, points, c.seOf(), lo, hi, cellSE)
		}
	}
	// Small standard errors first (down to the subnormals), then any from
	// 2^-480 up: the plain sums, bit for bit.
	for trial := range 3000 {
		var ones, ns, ses []float64
		p := &pool{}
		var c primaryCell
		first := 1 + trial%4
		for i := range first + 1 + rng.IntN(20) {
			se := math.Ldexp(rng.Float64()+0.5, rng.IntN(600)-1080)
			if i >= first {
				se = math.Ldexp(rng.Float64()+0.5, rng.IntN(900)-450)
			}
			w := float64(2 + rng.IntN(100))
			p.add(stat{n: int64(w), mean: 1, se: se})
			c.se2.add(w, se)
			ones, ns, ses = append(ones, 1), append(ns, w), append(ses, se)
		}
		if got, want := p.sumVar.rootOver(3), rootOf(ones, ses, 3); !sameBits(got, want) {
			t.Fatalf("small standard errors first, trial %d: pooled se %v, the plain sum's %v", trial, got, want)
		}
		if got, want := c.se2.rootOver(3), rootOf(ns, ses, 3); !sameBits(got, want) {
			t.Fatalf("small standard errors first, trial %d: primary se %v, the plain sum's %v", trial, got, want)
		}
	}
}

// TestPooledSETiny: the pooled standard errors and intervals of outputs
// below 2^-480 are those of the same outputs multiplied by a power of two,
// divided back, bit for bit. Before, se_i² underflowed from about 1e-154:
// the standard error was 0, the interval [mean, mean], and a primary
// contrast of outputs near 1e-170 read as a detectable difference.
func TestPooledSETiny(t *testing.T) {
	base := []stat{{n: 10, mean: 1, se: 0.2}, {n: 30, mean: 2, se: 0.1}, {n: 1000, mean: -3, se: 0.7}}
	want, _ := pooledOf(base)
	q := tCache{}
	cell := func(k int) primaryCell {
		var c primaryCell
		for _, s := range base {
			c.add(s.n, math.Ldexp(s.mean, k), math.Ldexp(s.se*q.at(s.n-1), k), q)
		}
		return c
	}
	wantCell := cell(0)
	wantLo, wantHi := wantCell.ci()
	for _, k := range []int{-490, -520, -560, -600, -1000} {
		rows := make([]stat, len(base))
		for i, s := range base {
			rows[i] = stat{n: s.n, mean: math.Ldexp(s.mean, k), se: math.Ldexp(s.se, k)}
		}
		got, ok := pooledOf(rows)
		if !ok || !sameBits(got.se, math.Ldexp(want.se, k)) || !sameBits(got.lo, math.Ldexp(want.lo, k)) || !sameBits(got.high, math.Ldexp(want.high, k)) {
			t.Errorf("pooled outputs times 2^%d: %+v; want the outputs at 2^0 scaled, se %v [%v, %v]", k, got,
				math.Ldexp(want.se, k), math.Ldexp(want.lo, k), math.Ldexp(want.high, k))
		}
		c := cell(k)
		lo, hi := c.ci()
		if se := c.seOf(); !sameBits(se, math.Ldexp(wantCell.seOf(), k)) || !sameBits(lo, math.Ldexp(wantLo, k)) || !sameBits(hi, math.Ldexp(wantHi, k)) {
			t.Errorf("primary contrast times 2^%d: se %v [%v, %v]; want %v [%v, %v]", k, se, lo, hi,
				math.Ldexp(wantCell.seOf(), k), math.Ldexp(wantLo, k), math.Ldexp(wantHi, k))
		}
	}
	// A contrast of mean 0.033 ± 0.6 (1/30 ± t·0.31): no detectable
	// difference, not a side.
	for _, k := range []int{0, -600} {
		var c primaryCell
		c.add(10, math.Ldexp(0.1, k), math.Ldexp(0.5*q.at(9), k), q)
		c.add(20, 0, math.Ldexp(0.4*q.at(19), k), q)
		lo, hi := c.ci()
		if side := sideOf("a", "b", "severity_loss", lo, hi, ""); side != "no detectable difference" {
			t.Errorf("contrast of mean 0.033 ± 0.6 times 2^%d: [%v, %v], %q", k, lo, hi, side)
		}
	}
}
