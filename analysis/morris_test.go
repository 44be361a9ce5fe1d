package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func morrisOutputs(t testing.TB, r, k, levels int, seed uint64, f func(u []float64) float64) (pts, y []float64) {
	t.Helper()
	pts, err := MorrisSample(r, k, levels, rand.NewPCG(seed, 3))
	if err != nil {
		t.Fatal(err)
	}
	y = make([]float64, len(pts)/k)
	for q := range y {
		y[q] = f(pts[q*k : (q+1)*k])
	}
	return pts, y
}

// TestMorrisLinear: for y = Σ c_j x_j with x_j = lo_j + R_j u_j every
// elementary effect is c_j R_j, so mu = c_j R_j, mu* = |c_j| R_j and
// sigma = 0 (Morris 1991, sec. 2). Tolerance 1e-12 relative: the only error
// is rounding in the grid values.
func TestMorrisLinear(t *testing.T) {
	c := []float64{2, -3, 0, 0.5}
	lo := []float64{0, -1, 5, 10}
	rg := []float64{1, 4, 2, 20}
	pts, y := morrisOutputs(t, 30, len(c), 6, 9, func(u []float64) float64 {
		s := 0.0
		for j := range c {
			s += c[j] * (lo[j] + rg[j]*u[j])
		}
		return s
	})
	res, err := Morris(t.Context(), pts, len(c), y, Bootstrap{Resamples: 100, Src: rand.NewPCG(1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	for j := range c {
		want := c[j] * rg[j]
		tol := 1e-12 * max(1, math.Abs(want))
		if math.Abs(res.Mu[j].Value-want) > tol || math.Abs(res.MuStar[j].Value-math.Abs(want)) > tol || math.Abs(res.Sigma[j].Value) > tol {
			t.Errorf("parameter %d: mu %v mu* %v sigma %v, want %v, %v, 0", j, res.Mu[j].Value, res.MuStar[j].Value, res.Sigma[j].Value, want, math.Abs(want))
		}
		if math.Abs(res.MuStar[j].CILow-math.Abs(want)) > tol || math.Abs(res.MuStar[j].CIHigh-math.Abs(want)) > tol {
			t.Errorf("parameter %d: mu* interval [%v, %v] should collapse on %v", j, res.MuStar[j].CILow, res.MuStar[j].CIHigh, math.Abs(want))
		}
		if res.MuStar[j].N != 30 {
			t.Errorf("n = %d, want 30 trajectories", res.MuStar[j].N)
		}
	}
}

// TestMorrisNonlinear uses y = u1² + u1·u2 (u3 inert) on a 4-level grid
// (Δ = 2/3, base levels {0, 1/3}). The effect of u1 moving between a and
// a + Δ is (a + a + Δ) + u2 ∈ {2/3, 4/3} + {0, 1/3, 2/3, 1}, each level
// equally likely and independent, so mu*_1 = mu_1 = 1 + 1/2 = 1.5 and
// sigma_1 = sqrt(1/9 + 5/36) = 0.5; the effect of u2 is u1, uniform on the
// four levels: mu*_2 = 0.5, sigma_2 = sqrt(5/36) ≈ 0.3727; u3's effects are
// 0. Tolerance: 4 standard errors at r = 2000 (sd/sqrt(r)), for the seed
// below; the intervals must cover the analytic mu* (over 40 seeds the
// 95% intervals covered 1.5 in 36: seeds differ, so this one is fixed).
func TestMorrisNonlinear(t *testing.T) {
	const r = 2000
	pts, y := morrisOutputs(t, r, 3, 4, 7, func(u []float64) float64 { return u[0]*u[0] + u[0]*u[1] })
	res, err := Morris(t.Context(), pts, 3, y, Bootstrap{Resamples: 1000, Src: rand.NewPCG(5, 6)})
	if err != nil {
		t.Fatal(err)
	}
	sd2 := math.Sqrt(5.0 / 36)
	want := []struct{ muStar, sigma float64 }{{1.5, 0.5}, {0.5, sd2}, {0, 0}}
	for j, w := range want {
		se := w.sigma / math.Sqrt(r)
		m := res.MuStar[j]
		t.Logf("u%d: mu* = %.4f [%.4f, %.4f] (analytic %.4f), sigma = %.4f (analytic %.4f)", j+1, m.Value, m.CILow, m.CIHigh, w.muStar, res.Sigma[j].Value, w.sigma)
		if math.Abs(m.Value-w.muStar) > 4*se+1e-12 {
			t.Errorf("u%d: mu* %.4f, want %.4f ± %.4f", j+1, m.Value, w.muStar, 4*se)
		}
		if !(m.CILow <= w.muStar+1e-12 && w.muStar <= m.CIHigh+1e-12) {
			t.Errorf("u%d: mu* interval [%.4f, %.4f] misses %.4f", j+1, m.CILow, m.CIHigh, w.muStar)
		}
		// The sd of a sample standard deviation is about sigma/sqrt(2r).
		if math.Abs(res.Sigma[j].Value-w.sigma) > 4*w.sigma/math.Sqrt(2*r)+1e-12 {
			t.Errorf("u%d: sigma %.4f, want %.4f", j+1, res.Sigma[j].Value, w.sigma)
		}
	}
	if res.Mu[0].Value != res.MuStar[0].Value {
		t.Errorf("u1's effects are all positive, so mu = mu*: %v vs %v", res.Mu[0].Value, res.MuStar[0].Value)
	}
}

// TestMorrisDesign checks the trajectory properties Morris's estimator
// needs: each move changes one parameter by exactly ±Δ, each parameter
// moves once per trajectory, every value lies on the p-level grid, and the
// levels are equally likely (Morris 1991, sec. 3: p even, Δ = p/(2(p−1))).
func TestMorrisDesign(t *testing.T) {
	const r, k, p = 4000, 3, 4
	pts, err := MorrisSample(r, k, p, rand.NewPCG(1, 2))
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != MorrisPoints(r, k)*k {
		t.Fatalf("%d coordinates, want %d", len(pts), MorrisPoints(r, k)*k)
	}
	delta := MorrisDelta(p)
	count := map[float64]int{}
	for _, u := range pts {
		count[u]++
	}
	grid := []float64{0, 1.0 / 3, 2.0 / 3, 1}
	if len(count) != p {
		t.Fatalf("values %v, want the %d grid levels", count, p)
	}
	for _, g := range grid {
		share := float64(count[g]) / float64(len(pts))
		// Binomial share 1/4; points of a trajectory are dependent, so
		// allow 0.02 (about 4 sd of the trajectory-level mean here).
		if math.Abs(share-0.25) > 0.02 {
			t.Errorf("level %.3f has share %.4f, want 0.25", g, share)
		}
	}
	for tr := range r {
		moved := make([]bool, k)
		for s := range k {
			q := tr*(k+1) + s
			a, b := pts[q*k:(q+1)*k], pts[(q+1)*k:(q+2)*k]
			n := 0
			for j := range k {
				if a[j] != b[j] {
					n++
					moved[j] = true
					if math.Abs(math.Abs(b[j]-a[j])-delta) > 1e-15 {
						t.Fatalf("trajectory %d move %d: step %v, want ±%v", tr, s, b[j]-a[j], delta)
					}
				}
			}
			if n != 1 {
				t.Fatalf("trajectory %d move %d changes %d parameters", tr, s, n)
			}
		}
		if slices.Contains(moved, false) {
			t.Fatalf("trajectory %d leaves a parameter unmoved", tr)
		}
	}
	again, _ := MorrisSample(r, k, p, rand.NewPCG(1, 2))
	if !slices.Equal(pts, again) {
		t.Error("same seed gave a different design")
	}
}

func TestMorrisErrors(t *testing.T) {
	for _, c := range []struct{ r, k, p int }{{0, 2, 4}, {2, 0, 4}, {2, 2, 3}, {2, 2, 0}} {
		if _, err := MorrisSample(c.r, c.k, c.p, rand.NewPCG(1, 1)); err == nil {
			t.Errorf("MorrisSample(%d, %d, %d) accepted", c.r, c.k, c.p)
		}
	}
	// Two parameters moving at once is not a Morris move.
	pts := []float64{0, 0, 1, 1, 1, 0}
	if _, err := ElementaryEffects(pts, 2, []float64{0, 1, 2}); err == nil {
		t.Error("a move of two parameters accepted")
	}
	// A parameter moving twice.
	pts = []float64{0, 0, 1, 0, 0, 0}
	if _, err := ElementaryEffects(pts, 2, []float64{0, 1, 2}); err == nil {
		t.Error("a parameter moving twice accepted")
	}
	if _, err := ElementaryEffects(pts, 2, []float64{0, 1}); err == nil {
		t.Error("a short output accepted")
	}
	// A step between two finite outputs that passes the largest float64
	// is named as such, not as a non-finite output (an analysis review,
	// stop 45); a non-finite output still is.
	pts = []float64{0, 1}
	if _, err := ElementaryEffects(pts, 1, []float64{-1.5e308, 1.5e308}); err == nil || !strings.Contains(err.Error(), "a step beyond the largest float64") {
		t.Errorf("an overflowing step: %v", err)
	}
	if _, err := ElementaryEffects(pts, 1, []float64{0, math.Inf(1)}); err == nil || !strings.Contains(err.Error(), "is not finite") {
		t.Errorf("an infinite output: %v", err)
	}
	// Fourth review: 1,000,000 resamples of 36 statistics (12 parameters)
	// would hold 36 million numbers, over the bound Sobol' keeps too.
	big, err := MorrisSample(2, 12, 4, rand.NewPCG(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Morris(t.Context(), big, 12, make([]float64, 26), Bootstrap{Resamples: 1_000_000, Src: rand.NewPCG(1, 2)}); err == nil || !strings.Contains(err.Error(), "fewer resamples") {
		t.Errorf("oversized bootstrap: %v", err)
	}
}

func BenchmarkMorris(b *testing.B) {
	for _, r := range []int{20, 200} {
		b.Run(fmt.Sprintf("r=%d/k=10/bootstrap=1000", r), func(b *testing.B) {
			pts, y := morrisOutputs(b, r, 10, 4, 1, func(u []float64) float64 { return u[0]*u[1] + math.Sin(u[2]) })
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Morris(b.Context(), pts, 10, y, Bootstrap{Resamples: 1000, Src: rand.NewPCG(1, 2)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestMorrisRoundingEffect: two design points whose outputs are one
// value in exact arithmetic can differ in their last bit (-4.4 and
// -4.400000000000001, contrast means of different replicates that sum to
// the same total). The effect between them is 0, not 1.3e-15: otherwise a
// μ* interval over trajectories that moved nothing starts at 1.3e-15, not
// 0, and the report reads the parameter as having a detectable effect.
func TestMorrisRoundingEffect(t *testing.T) {
	// Five trajectories of one parameter, each a step from 0.9 to 0.5 of
	// the unit range: three move the output by rounding only.
	pts := []float64{0.9, 0.5, 0.9, 0.5, 0.9, 0.5, 0.9, 0.5, 0.9, 0.5}
	y := []float64{-4.400000000000001, -4.4, -4.4, -4.400000000000001, -4.400000000000001, -4.4, -4.4, -5.9, -4.6, -5.9}
	ee, err := ElementaryEffects(pts, 1, y)
	if err != nil {
		t.Fatal(err)
	}
	for tr := range 3 {
		if ee[tr] != 0 {
			t.Errorf("trajectory %d: effect %v, want 0 (the outputs differ by rounding only)", tr, ee[tr])
		}
	}
	res, err := Morris(t.Context(), pts, 1, y, Bootstrap{Resamples: 1000, Src: rand.NewPCG(5, 5)})
	if err != nil {
		t.Fatal(err)
	}
	if e := res.MuStar[0]; e.CILow != 0 {
		t.Errorf("mu* %+v: the interval should start at 0 (a resample of the three still trajectories has mu* 0)", e)
	}
}

// TestMorrisScaleFree: Morris's statistics are in the output's unit, so
// outputs multiplied by a power of two give the statistics and interval
// ends multiplied by it, bit for bit. Before, σ squared the effects in
// their own unit: effects of 1e160 gave σ = +Inf and no interval, and
// effects of 1e-180 gave σ = 0 with the interval [0, 0].
func TestMorrisScaleFree(t *testing.T) {
	f := func(u []float64) float64 { return u[0]*u[0] + u[0]*u[1] }
	stats := func(e int) []float64 {
		pts, y := morrisOutputs(t, 10, 2, 4, 7, func(u []float64) float64 { return math.Ldexp(f(u), e) })
		res, err := Morris(t.Context(), pts, 2, y, Bootstrap{Resamples: 100, Src: rand.NewPCG(1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		var out []float64
		for _, es := range slices.Concat(res.Mu, res.MuStar, res.Sigma) {
			out = append(out, es.Value, es.CILow, es.CIHigh)
		}
		return out
	}
	want := stats(0)
	for _, e := range []int{-600, 540, 1000} {
		for c, v := range stats(e) {
			if w := math.Ldexp(want[c], e); math.Float64bits(v) != math.Float64bits(w) {
				t.Errorf("outputs times 2^%d: value %d is %v, want %v (2^%d times its value at 2^0)", e, c, v, w, e)
			}
		}
	}
}

// TestMorrisParameterUnits: two parameters whose effects are of sizes
// 1e-300 and 1e300 keep their own statistics: μ = μ* = 2.5e-300 and σ =
// sqrt(5/3)·1e-300 for the effects {1, 2, 3, 4}·1e-300, and the same, bit
// for bit, as beside effects of order 1. Before, all effects were taken in
// one unit, that of the largest (2^998), and the small parameter's μ, μ*,
// σ and intervals were all 0: it read as having no effect.
func TestMorrisParameterUnits(t *testing.T) {
	a := []float64{1e-300, 2e-300, 3e-300, 4e-300}
	b := []float64{1e300, 3e300, 2e300, 5e300}
	// Each trajectory starts at an output of 0 and moves parameter 1, then
	// parameter 0, by half the range: the effects are a_t and b_t exactly.
	morris := func(scaleB int) *MorrisIndices {
		var pts, y []float64
		for i := range a {
			bi := math.Ldexp(b[i], scaleB)
			pts = append(pts, 0, 0, 0, 0.5, 0.5, 0.5)
			y = append(y, 0, 0.5*a[i], 0.5*a[i]+0.5*bi)
		}
		res, err := Morris(t.Context(), pts, 2, y, Bootstrap{Resamples: 200, Src: rand.NewPCG(1, 2)})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	got := morris(0)
	near := func(v, want float64) bool { return math.Abs(v-want) <= 1e-14*want }
	wantSigma := math.Sqrt(5.0/3) * 1e-300
	if mu, ms, sd := got.Mu[1].Value, got.MuStar[1].Value, got.Sigma[1].Value; !near(mu, 2.5e-300) || !near(ms, 2.5e-300) || !near(sd, wantSigma) {
		t.Errorf("effects of 1e-300: mu %v, mu* %v, sigma %v; want 2.5e-300, 2.5e-300, %v", mu, ms, sd, wantSigma)
	}
	if lo, hi := got.MuStar[1].CILow, got.MuStar[1].CIHigh; !(lo >= 1e-300 && hi <= 4e-300 && lo < hi) {
		t.Errorf("effects of 1e-300: mu* interval [%v, %v], want within [1e-300, 4e-300]", lo, hi)
	}
	wantSigma0 := math.Sqrt(8.75/3) * 1e300
	if mu, sd := got.MuStar[0].Value, got.Sigma[0].Value; !near(mu, 2.75e300) || !near(sd, wantSigma0) {
		t.Errorf("effects of 1e300: mu* %v, sigma %v; want 2.75e300, %v", mu, sd, wantSigma0)
	}
	// Beside effects of order 1 (b times 2^-1000) the small parameter's
	// statistics are the same, bit for bit.
	ref := morris(-1000)
	for name, pair := range map[string][2]Estimate{
		"mu": {got.Mu[1], ref.Mu[1]}, "mu*": {got.MuStar[1], ref.MuStar[1]}, "sigma": {got.Sigma[1], ref.Sigma[1]},
	} {
		g, w := pair[0], pair[1]
		if math.Float64bits(g.Value) != math.Float64bits(w.Value) || math.Float64bits(g.CILow) != math.Float64bits(w.CILow) || math.Float64bits(g.CIHigh) != math.Float64bits(w.CIHigh) {
			t.Errorf("%s of the 1e-300 parameter beside 1e300: %+v; beside order 1: %+v", name, g, w)
		}
	}
}

// globalUnitMorris is morrisOf as it was before each parameter had its own
// unit: every effect in units of the power of two above the largest.
func globalUnitMorris(t *testing.T, ee []float64, k int, boot Bootstrap) *MorrisIndices {
	r := len(ee) / k
	largest := 0.0
	for _, v := range ee {
		largest = max(largest, math.Abs(v))
	}
	_, e := math.Frexp(largest)
	for i, v := range ee {
		ee[i] = math.Ldexp(v, -e)
	}
	full := make([]float64, 3*k)
	morrisStats(full, ee, k, nil)
	ests := make([]Estimate, 3*k)
	for c := range ests {
		ests[c] = Estimate{Value: full[c], CILow: math.NaN(), CIHigh: math.NaN(), N: r}
	}
	if boot.resamples(r) > 0 {
		rng := rand.New(boot.Src)
		idx := make([]int, r)
		draws := make([]float64, boot.Resamples*3*k)
		for b := range boot.Resamples {
			resample(idx, r, rng)
			morrisStats(draws[b*3*k:(b+1)*3*k], ee, k, idx)
		}
		if err := intervals(t.Context(), ests, draws, boot); err != nil {
			t.Fatal(err)
		}
	}
	for c := range ests {
		es := &ests[c]
		es.Value, es.CILow, es.CIHigh = math.Ldexp(es.Value, e), math.Ldexp(es.CILow, e), math.Ldexp(es.CIHigh, e)
	}
	return &MorrisIndices{Mu: ests[:k:k], MuStar: ests[k : 2*k : 2*k], Sigma: ests[2*k:]}
}

// TestMorrisUnchanged compares Morris with one unit per parameter with the
// single unit it replaced over many random sets of effects whose
// parameters' scales lie within 2^±200 of each other (effects of counts,
// shares, a large mean with a small spread, any magnitude, zeros, rounding
// steps): every statistic and interval end is the same, bit for bit, so no
// shipped number moves.
func TestMorrisUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	draw := func(kind int) float64 {
		switch kind {
		case 0: // counts
			return float64(rng.IntN(50) - 25)
		case 1: // shares
			return rng.Float64()
		case 2: // a large mean and a small spread
			return 1e6 + rng.NormFloat64()*1e-3
		case 3: // any magnitude within 2^±60, either sign, zeros
			if rng.IntN(5) == 0 {
				return 0
			}
			return math.Ldexp(rng.Float64()-0.5, rng.IntN(120)-60)
		case 4: // one value and the next float64 up
			if rng.IntN(2) == 0 {
				return 1.25
			}
			return math.Nextafter(1.25, 2)
		default: // a few values, one rare event
			if rng.IntN(10) == 0 {
				return 100
			}
			return 0
		}
	}
	for trial := range 3000 {
		k, r := 1+rng.IntN(5), 1+rng.IntN(12)
		ee := make([]float64, r*k)
		for j := range k {
			kind, scale := rng.IntN(6), rng.IntN(401)-200
			if trial%3 == 0 {
				scale = 0 // all parameters in one unit
			}
			for s := range r {
				ee[s*k+j] = math.Ldexp(draw(kind), scale)
			}
		}
		seed := uint64(trial)
		boot := func() Bootstrap { return Bootstrap{Resamples: 50, Src: rand.NewPCG(seed, 1)} }
		got, err := morrisOf(t.Context(), slices.Clone(ee), k, boot())
		if err != nil {
			t.Fatal(err)
		}
		want := globalUnitMorris(t, slices.Clone(ee), k, boot())
		g := slices.Concat(got.Mu, got.MuStar, got.Sigma)
		w := slices.Concat(want.Mu, want.MuStar, want.Sigma)
		for c := range g {
			if math.Float64bits(g[c].Value) != math.Float64bits(w[c].Value) || math.Float64bits(g[c].CILow) != math.Float64bits(w[c].CILow) ||
				math.Float64bits(g[c].CIHigh) != math.Float64bits(w[c].CIHigh) || g[c].N != w[c].N {
				t.Fatalf("trial %d (k %d, r %d), statistic %d: %+v, with one unit %+v", trial, k, r, c, g[c], w[c])
			}
		}
	}
}
