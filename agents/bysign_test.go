package agents

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The shortcuts that decide a comparison from a normal's sign or from a
// bound on the severity (docs/model.md sec. 22.1) agree with the full
// computation wherever they claim to know the answer.

// TestNeverActs: whenever NeverActs holds at lo, Threshold is +Inf at every
// severity estimate Exp(y) with y ≥ ln lo's argument, and near the bound
// too; it holds for some inputs (the test would pass vacuously otherwise).
func TestNeverActs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	c := defaultResponse
	held := 0
	for range 200000 {
		sc := c.StateCost(rng.Float64(), rng.Float64(), rng.Float64())
		a := rng.Float64() * rng.Float64()
		aud := rng.Float64() * rng.Float64()
		armed := rng.IntN(2) == 0
		lnS := rng.NormFloat64()
		sev := Exp(lnS)
		lo := sev * (1 - 0x1p-30)
		if !c.NeverActs(&sc, a, aud, lo, armed) {
			continue
		}
		held++
		d := DenialBelief{LnNeeded: lnS, SD: 0.5}
		for _, y := range []float64{lnS, math.Nextafter(lnS, 1), lnS + 1e-12, lnS + rng.Float64()*3} {
			if th := c.Threshold(&sc, a, aud, Exp(y), armed, d); !math.IsInf(th, 1) {
				t.Fatalf("NeverActs at lo %v but Threshold at severity e^%v is %v", lo, y, th)
			}
		}
		for _, x := range []float64{lo, math.Nextafter(lo, 2*lo)} {
			if th := c.Threshold(&sc, a, aud, x, armed, d); !math.IsInf(th, 1) {
				t.Fatalf("NeverActs at lo %v but Threshold at severity %v is %v", lo, x, th)
			}
		}
	}
	if held < 1000 {
		t.Fatalf("NeverActs held only %d times", held)
	}
	var zero ResponseStateCost
	if c.NeverActs(&zero, 0.5, 0, 1, false) {
		t.Error("NeverActs without a cost per unit of severity")
	}
}

// TestLateBySign: LateBySign agrees with Late for every z of the sign it
// is told, when it claims to know.
func TestLateBySign(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	c := Coordination{Noise: 0.6}
	c.LnWindow[Blockade] = 0.3
	known := 0
	for range 100000 {
		lnLat := 0.3 + rng.NormFloat64()*0.5
		if rng.IntN(10) == 0 {
			lnLat = 0.3 // at the window
		}
		z := math.Abs(rng.NormFloat64())
		for _, zz := range []float64{z, -z, 0, math.Copysign(0, -1)} {
			// ±0 is of either sign.
			sgns := []bool{zz >= 0}
			if zz == 0 {
				sgns = []bool{true, false}
			}
			for _, sgn := range sgns {
				if late, ok := c.LateBySign(Blockade, lnLat, sgn); ok {
					known++
					if want := c.Late(Blockade, lnLat, zz); late != want {
						t.Fatalf("lnLat %v z %v: LateBySign %v, Late %v", lnLat, zz, late, want)
					}
				}
			}
		}
	}
	if known == 0 {
		t.Fatal("LateBySign never knew")
	}
}

// TestDeniedBySign: DeniedBySign agrees with comparing the strength with
// StrengthNeeded for every noise of the sign it is told, when it claims
// to know, strengths at and next to the bounds included.
func TestDeniedBySign(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	a := Adversary{Capability: 1.7}
	known := 0
	for range 100000 {
		sev, res, sigma := Exp(rng.NormFloat64()), 0.5+rng.Float64(), 0.3
		base := a.Capability * sev * res
		z := math.Abs(rng.NormFloat64()) * math.Pow(10, -float64(rng.IntN(12)))
		if rng.IntN(4) == 0 {
			z = 0
		}
		for _, strength := range []float64{base, math.Nextafter(base, 0), math.Nextafter(base, 2*base),
			base * (1 - 0x1p-31), base * (1 + 0x1p-31), base * rng.Float64() * 2} {
			for _, nonNeg := range []bool{true, false} {
				zz := z
				if !nonNeg {
					zz = -z
				}
				denied, ok := a.DeniedBySign(strength, sev, res, sigma, nonNeg)
				if !ok {
					continue
				}
				known++
				if want := strength >= a.StrengthNeeded(sev, res, sigma*zz); denied != want {
					t.Fatalf("strength %v base %v z %v: DeniedBySign %v, want %v", strength, base, zz, denied, want)
				}
			}
		}
	}
	if known == 0 {
		t.Fatal("DeniedBySign never knew")
	}
}
