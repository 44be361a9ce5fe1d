package agents

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestErfinvSign checks that math.Erfinv of erfinvSign's argument, with
// its sign bit flipped by erfinvSign's sign (as Threshold takes it; a
// review, stop 53), is math.Erfinv bit for bit: at
// ±0, ±1, beyond them, NaN, near ±0.85 and at a million points of (−1, 1).
func TestErfinvSign(t *testing.T) {
	check := func(x float64) {
		y, sign := erfinvSign(x)
		got, want := math.Float64frombits(math.Float64bits(math.Erfinv(y))^sign), math.Erfinv(x)
		if math.IsNaN(want) && math.IsNaN(got) {
			return
		}
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("x %v: erfinv %v, math.Erfinv %v", x, got, want)
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, 2, -2, math.Inf(1), math.Inf(-1), math.NaN(),
		0.85, -0.85, math.Nextafter(0.85, 1), math.Nextafter(-0.85, -1), math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
		math.Nextafter(1, 0), math.Nextafter(-1, 0)} {
		check(x)
	}
	rng := rand.New(rand.NewPCG(15, 16))
	for range 1000000 {
		check(2*rng.Float64() - 1)
	}
}

// TestThresholdErfinvExact: Threshold, with math.Erfinv's rational
// function for |x| ≤ 0.85 written out, is the threshold computed with
// math.Erfinv bit for bit (a review, stop 55): at the special arguments
// 2p − 1 = ±0, ±0.85 and their neighbours, ±(1 − ulp), on 10^6 uniform
// p and 10^5 each near 0.85, near −0.85 and near 0, where a coefficient
// off in its last digits would show; and on 10^5 random costs, benefits
// and beliefs.
func TestThresholdErfinvExact(t *testing.T) {
	c := ResponseCosts{Respond: 1, Audience: 0.7}
	ref := func(sc *ResponseStateCost, a, audience, severity float64, armed bool, d DenialBelief) float64 {
		b := c.utility(sc, a, audience, severity, armed, 0)
		switch {
		case b > 0:
			return math.Inf(-1)
		case a+b <= 0:
			return math.Inf(1)
		case b == 0:
			return 0
		}
		return Exp(d.LnNeeded + d.SD*math.Sqrt2*math.Erfinv(2*(-b/a)-1))
	}
	check := func(sc ResponseStateCost, a, audience, severity float64, armed bool, d DenialBelief) {
		got, want := c.Threshold(&sc, a, audience, severity, armed, d), ref(&sc, a, audience, severity, armed, d)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("sc %+v a %v audience %v severity %v armed %v d %+v: Threshold %v, with math.Erfinv %v", sc, a, audience, severity, armed, d, got, want)
		}
	}
	d := DenialBelief{LnNeeded: 0.3, SD: 0.8}
	sc := ResponseStateCost{PerSeverity: 1}
	// With a = 1 and no audience, b = −severity and p = severity exactly.
	byP := func(p float64) { check(sc, 1, 0, p, false, d) }
	for _, x := range []float64{0.85, -0.85, math.Nextafter(0.85, 1), math.Nextafter(0.85, 0),
		math.Nextafter(-0.85, -1), math.Nextafter(-0.85, 0), 0, math.Nextafter(1, 0), math.Nextafter(-1, 0)} {
		byP((x + 1) / 2)
		byP(math.Nextafter((x+1)/2, 0))
		byP(math.Nextafter((x+1)/2, 1))
	}
	for _, p := range []float64{0x1p-60, math.SmallestNonzeroFloat64, 0.5, math.Nextafter(0.5, 0), math.Nextafter(1, 0)} {
		byP(p)
	}
	rng := rand.New(rand.NewPCG(17, 18))
	for range 1000000 {
		byP(rng.Float64())
	}
	for range 100000 {
		byP(0.925 + 0.01*(rng.Float64()-0.5))
		byP(0.075 + 0.01*(rng.Float64()-0.5))
		byP(0.5 + 1e-4*(rng.Float64()-0.5))
	}
	for range 100000 {
		sc := ResponseStateCost{PerSeverity: 2 * rng.Float64(), Domestic: rng.Float64()}
		d := DenialBelief{LnNeeded: 4*rng.Float64() - 2, SD: 2 * rng.Float64()}
		check(sc, 3*rng.Float64(), rng.Float64(), 3*rng.Float64(), rng.IntN(2) == 0, d)
	}
}

// TestThresholdPairExact: ThresholdPair is two calls of Threshold with
// their estimates Exp(lnX) bit for bit (a review, stop 56), on pairs of
// candidates drawn so that each lane falls in every case of Threshold (b
// above, at and below 0, a + b at and below 0, Erfinv's argument on both
// sides of ±0.85, NaN, estimates outside Exp's fast range) beside a lane
// in another, each lane with its own costs, benefit, audience and belief,
// so a lane that read the other's input or intermediate fails.
func TestThresholdPairExact(t *testing.T) {
	c := ResponseCosts{Respond: 1, Audience: 0.7, Retribution: 0.4, Risk: 0.3, Domestic: 0.2}
	rng := rand.New(rand.NewPCG(19, 20))
	type lane struct {
		sc               ResponseStateCost
		a, audience, lnX float64
		d                DenialBelief
	}
	draw := func() lane {
		l := lane{
			sc:       ResponseStateCost{PerSeverity: 2 * rng.Float64(), Domestic: rng.Float64()},
			a:        3 * rng.Float64(),
			audience: rng.Float64(),
			lnX:      4*rng.Float64() - 2,
			d:        DenialBelief{LnNeeded: 4*rng.Float64() - 2, SD: 2 * rng.Float64()},
		}
		switch rng.IntN(8) {
		case 0: // b = 0 exactly: no audience, no severity cost
			l.audience, l.sc.PerSeverity = 0, 0
		case 1: // b > 0
			l.sc.PerSeverity = 0
		case 2: // with a = 1, no audience and a cost of 1: p = Exp(lnX) near ±0.85's edges
			l.a, l.audience, l.sc.PerSeverity = 1, 0, 1
			l.lnX = math.Log([]float64{0.925, 0.075, 0.5}[rng.IntN(3)] + 0.01*(rng.Float64()-0.5))
		case 3: // estimates outside Exp's fast range, NaN
			l.lnX = []float64{800, -800, math.NaN(), math.Inf(1), math.Inf(-1)}[rng.IntN(5)]
		case 4: // a + b ≤ 0
			l.a = 0
		}
		return l
	}
	for range 300000 {
		armed := rng.IntN(2) == 0
		l1, l2 := draw(), draw()
		g1, g2 := c.ThresholdPair(&l1.sc, l1.a, l1.audience, l1.lnX, l1.d, &l2.sc, l2.a, l2.audience, l2.lnX, l2.d, armed)
		w1 := c.Threshold(&l1.sc, l1.a, l1.audience, Exp(l1.lnX), armed, l1.d)
		w2 := c.Threshold(&l2.sc, l2.a, l2.audience, Exp(l2.lnX), armed, l2.d)
		for _, p := range [][2]float64{{g1, w1}, {g2, w2}} {
			if math.Float64bits(p[0]) != math.Float64bits(p[1]) && !(math.IsNaN(p[0]) && math.IsNaN(p[1])) {
				t.Fatalf("lanes %+v %+v armed %v: ThresholdPair (%v, %v), Threshold (%v, %v)", l1, l2, armed, g1, g2, w1, w2)
			}
		}
	}
}
