package engine

import (
	"math"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestDeniedRadiusExact: deniedOf decides denial by z_out's bound only
// where computing z_out agrees, at strengths at each draw's own edge (a
// few ulp and small fractions beside the needed strength) and swept
// across the bounds, at three outcome noises; and the bound decides some
// cases where the sign alone does not (a review, stop 55). A bound 1% too
// tight fails the first check; deniedOf without the bound fails the
// second.
func TestDeniedRadiusExact(t *testing.T) {
	for _, noise := range []float64{0.05, 0.4, 2} {
		p := param.Defaults()
		if err := p.Set("crisis.outcome_noise", noise); err != nil {
			t.Fatal(err)
		}
		sc := presetScenario(t, p, roster(t, ""), nil, "treaty")
		r := NewRunner()
		s := &r.sim
		r.Run(sc, 1, make([]Outcome, 1), nil)
		s.am = &s.m.archs[0]
		s.setUp()
		sev := agents.Exp(s.m.logSeverity[agents.Blockade])
		byRadius, computed, near := 0, 0, 0
		for t0 := 1; t0 <= 4000; t0++ {
			for j := range 3 {
				s.draw = s.shocks.at(t0, j)
				slot := slotOutcome + (t0%2)*econSlots
				z := s.draw.normal(slot, 0)
				if b := radiusLevel(s.draw.uniform(slot, 0)); b < radiusLevels && math.Abs(z) > 0.9*radiusBound[b] {
					near++
				}
				need := s.m.adv.StrengthNeeded(sev, s.resolveA, s.m.sigmaO*z)
				base := s.m.adv.Capability * sev * s.resolveA
				for _, strength := range []float64{need, math.Nextafter(need, 0), math.Nextafter(need, math.Inf(1)),
					need * (1 + 1e-9), need * (1 - 1e-9), need * 1.05, need * 0.95,
					base * math.Exp(noise*3), base * math.Exp(-noise*3), base * math.Exp(noise*1.5), base * math.Exp(-noise*1.5)} {
					want := strength >= need
					got, comp := s.deniedOf(strength, sev, slot)
					if got != want {
						t.Fatalf("noise %v t %d j %d strength %v z %v: deniedOf %v, computed %v", noise, t0, j, strength, z, got, want)
					}
					s.full = true
					if full, _ := s.deniedOf(strength, sev, slot); full != want {
						t.Fatalf("noise %v: full %v, computed %v", noise, full, want)
					}
					s.full = false
					_, known := s.m.adv.DeniedBySign(strength, sev, s.resolveA, s.m.sigmaO, cosNonNeg(s.draw.twin(slot, 0)))
					switch {
					case comp:
						computed++
					case !known:
						byRadius++
					}
				}
			}
		}
		t.Logf("noise %v: %d by radius, %d computed; %d draws near their bound", noise, byRadius, computed, near)
		if byRadius == 0 || computed == 0 {
			t.Fatalf("noise %v: %d decided by the radius, %d computed", noise, byRadius, computed)
		}
	}
}
