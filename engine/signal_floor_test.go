package engine

import (
	"math"
	"math/rand/v2"
	"testing"

	"pactsim/agents"
)

// The floor on the severity estimate of a signal not above lnS (signals,
// docs/model.md sec. 22.1): a normal whose first uniform is in binade b is
// at least −radiusBound[b], and Exp(lnS + σ·z) is then at least
// floorApplies(sev)·sev·f[b], sev = Exp(lnS) (setFloor).

// TestRadiusBound: radiusLevel finds a uniform's binade, and no normal of
// a uniform in binade b is below −radiusBound[b]: at each binade's lower
// edge (the largest radius) and its neighbours, with the cosine at −1 and
// near it, and over stream draws, whose normalOf is normalAt's bit for
// bit. A bound of √(2b·ln 2), the binade's upper edge, fails at the lower
// edges.
func TestRadiusBound(t *testing.T) {
	check := func(u1, u2 float64) {
		b := radiusLevel(u1)
		if lo, hi := math.Ldexp(1, -(b+1)), math.Ldexp(1, -b); u1 < lo || u1 >= hi {
			t.Fatalf("u1 %v: radiusLevel %d, not in [%v, %v)", u1, b, lo, hi)
		}
		if b >= radiusLevels {
			return
		}
		if z := normalOf(u1, u2); z < -radiusBound[b] {
			t.Fatalf("u1 %v (binade %d), u2 %v: normal %v below −%v", u1, b, u2, z, radiusBound[b])
		}
	}
	for b := 0; b <= radiusLevels; b++ {
		edge := math.Ldexp(1, -(b + 1))
		for _, u1 := range []float64{edge, math.Nextafter(edge, 1), math.Nextafter(math.Ldexp(1, -b), 0)} {
			for _, u2 := range []float64{0.5, math.Nextafter(0.5, 0), math.Nextafter(0.5, 1), 0.375, 0.625, 0.3} {
				check(u1, u2)
			}
		}
	}
	check(math.Nextafter(1, 0), 0.5)
	check(0x1p-54, 0.5)
	key := counterStream(777).at(5, 6)
	for d := range 1000000 {
		u1, u2 := key.uniform(slotPrivate, d), key.twin(slotPrivate, d)
		check(u1, u2)
		if a, z := normalOf(u1, u2), key.normalAt(slotPrivate, d, u2); math.Float64bits(a) != math.Float64bits(z) {
			t.Fatalf("d %d: normalOf %v, normalAt %v", d, a, z)
		}
	}
}

// TestSignalFloor: with f set for σ (setFloor), a signal lnS + σ·z whose
// normal z is not above 0 and whose first uniform is in binade b has an
// estimate Exp(lnS + σ·z) of at least sev·f[b] (sev = Exp(lnS) where
// floorApplies, else 0), at the
// binades' edges with the cosine at −1 (the largest drop) and over random
// draws, for σ from 10^−9 to where f[b] is 0 and lnS from where the
// severity is below 2^−979 to where it overflows; and the floor is not
// vacuous.
func TestSignalFloor(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	var fl signalFloor
	positive := 0
	check := func(lnS, sig, u1, u2 float64) {
		b := radiusLevel(u1)
		if b >= radiusLevels || cosNonNeg(u2) {
			return
		}
		if fl.sig != sig {
			setFloor(&fl, sig)
		}
		sevF := 0.0
		if sev := agents.Exp(lnS); floorApplies(sev) {
			sevF = sev
		}
		lo := sevF * fl.f[b]
		est := agents.Exp(lnS + sig*normalOf(u1, u2))
		if est < lo {
			t.Fatalf("lnS %v σ %v u1 %v u2 %v: estimate %v below the floor %v", lnS, sig, u1, u2, est, lo)
		}
		if lo > 0 {
			positive++
		}
	}
	key := counterStream(99).at(1, 2)
	for x := range 200000 {
		sig := math.Exp(rng.Float64()*math.Log(1e10)) * 1e-9 // 1e-9 to 10
		lnS := rng.NormFloat64() * 3
		switch x % 10 {
		case 0:
			lnS = -679 + rng.Float64() // sev near 2^−979
		case 1:
			lnS = 709 + rng.Float64() // sev near and past the largest float64
		}
		for b := range radiusLevels {
			edge := math.Ldexp(1, -(b + 1))
			check(lnS, sig, edge, 0.5)
			check(lnS, sig, math.Nextafter(edge, 1), math.Nextafter(0.5, 0))
		}
		check(lnS, sig, key.uniform(slotPrivate, x), key.twin(slotPrivate, x))
	}
	if positive < 100000 {
		t.Fatalf("the floor was above 0 only %d times", positive)
	}
	setFloor(&fl, 20) // Exp(−20·R) < 2^−20 at every binade: no floor
	for b, f := range fl.f {
		if f != 0 {
			t.Errorf("σ 20: f[%d] = %v, want 0", b, f)
		}
	}
	for _, sev := range []float64{0, 0x1p-980, math.Inf(1), math.NaN()} {
		if floorApplies(sev) {
			t.Errorf("floorApplies(%v)", sev)
		}
	}
	for _, sev := range []float64{0x1p-979, 1, math.MaxFloat64} {
		if !floorApplies(sev) {
			t.Errorf("not floorApplies(%v)", sev)
		}
	}
}
