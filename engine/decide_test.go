package engine

import (
	"math"
	"math/rand/v2"
	"testing"

	"pactsim/agents"
)

// TestGreyEconResistanceExact: the one-pass sums of the grey zone and
// economic coercion (greyEconResistance) are resistance's, bit for bit,
// for every target, on the state a run leaves and on that state with
// credibility, interoperability, capabilities, awareness and A's weights
// drawn at random (fixed seed): the same terms in the same order, so no
// tolerance.
func TestGreyEconResistanceExact(t *testing.T) {
	src := rand.New(rand.NewPCG(12, 9))
	for _, arch := range []string{"none", "treaty", "layered", "treaty_plus_cells"} {
		sc := benchScenario(t, arch)
		r := NewRunner()
		out := make([]Outcome, 1)
		for seed := int64(1); seed <= 3; seed++ {
			r.Run(sc, seed, out, nil)
			s := &r.sim
			if s.m.dom.Strength != 1 {
				t.Fatalf("%s: domains.strength %v, the test needs 1", arch, s.m.dom.Strength)
			}
			for draw := range 3 {
				if draw > 0 {
					// Random inputs on the run's links and populations.
					for i := range s.n {
						s.credMean[i], s.interop[i], s.aware[i] = src.Float64(), src.Float64(), src.Float64()
						c := &s.caps[i]
						c.ByType[agents.GreyZone].Aware = 10 * src.Float64()
						c.ByType[agents.EconomicCoercion].Free = 10 * src.Float64()
						c.TargetFree = 10 * src.Float64()
					}
					for x := range s.wl[:s.n*s.n*nk] {
						s.wl[x] = src.Float64()
					}
				}
				for j := range s.n {
					g, e := s.greyEconResistance(j)
					wg, we := s.resistance(j, agents.GreyZone), s.resistance(j, agents.EconomicCoercion)
					if math.Float64bits(g) != math.Float64bits(wg) || math.Float64bits(e) != math.Float64bits(we) {
						t.Fatalf("%s seed %d draw %d target %d: one pass (%v, %v), resistance (%v, %v)", arch, seed, draw, j, g, e, wg, we)
					}
				}
			}
		}
	}
}

// TestDecisionLogisticsExact: the decisions' P̂ = 1/(1 + e^((N − Ŝ)/τ))
// and hazardOf are agents.DenialProbability and agents.Adversary.Hazard
// bit for bit (negating the argument commutes with rounding), over random
// arguments (fixed seed) of either sign and a step at σ_A = 0.
func TestDecisionLogisticsExact(t *testing.T) {
	src := rand.New(rand.NewPCG(6, 5))
	for range 100000 {
		r, need, tau := 20*src.Float64(), 20*src.Float64(), 0.01+3*src.Float64()
		if got, want := 1/(1+agents.Exp((need-r)/tau)), agents.DenialProbability(r, need, tau); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("P̂(%v, %v, %v) = %v, DenialProbability %v", r, need, tau, got, want)
		}
		eu, chi, noise := 4*src.Float64()-2, 2*src.Float64(), src.Float64()
		if src.IntN(10) == 0 {
			noise = 0
		}
		a := agents.Adversary{Noise: noise}
		if got, want := hazardOf(eu, chi, noise), a.Hazard(eu, chi); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("hazardOf(%v, %v, %v) = %v, Hazard %v", eu, chi, noise, got, want)
		}
	}
}
