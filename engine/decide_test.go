package engine

import (
	"math"
	"math/rand/v2"
	"testing"

	"pactsim/agents"
	"pactsim/internal/fptest"
)

// TestGreyEconResistanceExact: the one-pass sums of the grey zone and
// economic coercion (greyEconResistance) are resistance's, bit for bit,
// for every target, on the state a run leaves and on that state with
// credibility, interoperability, capabilities, awareness and A's weights
// drawn at random (fixed seed): the same terms in the same order, so no
// tolerance where the build fuses no multiply-add (fptest.Same; the
// default GOAMD64=v1).
func TestGreyEconResistanceExact(t *testing.T) {
	src := rand.New(rand.NewPCG(12, 9))
	onRunStates(t, func(s *sim) {
		for i := range s.n {
			s.credMean[i], s.interop[i], s.aware[i] = src.Float64(), src.Float64(), src.Float64()
			c := &s.caps[i]
			c.ByType[agents.GreyZone].Aware = 10 * src.Float64()
			c.ByType[agents.EconomicCoercion].Free = 10 * src.Float64()
			c.TargetFree = 10 * src.Float64()
		}
	}, func(arch string, seed int64, draw int, s *sim) {
		if s.m.dom.Strength != 1 {
			t.Fatalf("%s: domains.strength %v, the test needs 1", arch, s.m.dom.Strength)
		}
		for j := range s.n {
			g, e := s.greyEconResistance(j)
			wg, we := s.resistance(j, agents.GreyZone), s.resistance(j, agents.EconomicCoercion)
			if !fptest.Same(g, wg) || !fptest.Same(e, we) {
				t.Fatalf("%s seed %d draw %d target %d: one pass (%v, %v), resistance (%v, %v)", arch, seed, draw, j, g, e, wg, we)
			}
		}
	})
}

// onRunStates calls check, for four presets and three seeds, on the state
// a run leaves (draw 0) and twice on that state after randomise has drawn
// new inputs into it (draws 1 and 2), with A's weights drawn at random too.
func onRunStates(t *testing.T, randomise func(s *sim), check func(arch string, seed int64, draw int, s *sim)) {
	t.Helper()
	src := rand.New(rand.NewPCG(3, 14))
	for _, arch := range []string{"none", "treaty", "layered", "treaty_plus_cells"} {
		sc := benchScenario(t, arch)
		r := NewRunner()
		out := make([]Outcome, 1)
		for seed := int64(1); seed <= 3; seed++ {
			r.Run(sc, seed, out, nil)
			s := &r.sim
			for draw := range 3 {
				if draw > 0 {
					randomise(s)
					for x := range s.wl[:s.n*s.n*nk] {
						s.wl[x] = src.Float64()
					}
				}
				check(arch, seed, draw, s)
			}
		}
	}
}

// TestDecisionLogisticsExact: the decisions' paired logistics,
// agents.LogisticPair((N − Ŝ)/τ, (χ − EU)/σ_A), are
// agents.DenialProbability and agents.Adversary.Hazard bit for bit
// (negating the argument commutes with rounding), over random arguments
// (fixed seed) of either sign.
func TestDecisionLogisticsExact(t *testing.T) {
	src := rand.New(rand.NewPCG(6, 5))
	for range 100000 {
		r, need, tau := 20*src.Float64(), 20*src.Float64(), 0.01+3*src.Float64()
		eu, chi, noise := 4*src.Float64()-2, 2*src.Float64(), 0.01+src.Float64()
		a := agents.Adversary{Noise: noise}
		pd, h := agents.LogisticPair((need-r)/tau, (chi-eu)/noise)
		if want := agents.DenialProbability(r, need, tau); math.Float64bits(pd) != math.Float64bits(want) {
			t.Fatalf("P̂(%v, %v, %v) = %v, DenialProbability %v", r, need, tau, pd, want)
		}
		if want := a.Hazard(eu, chi); math.Float64bits(h) != math.Float64bits(want) {
			t.Fatalf("hazard(%v, %v, %v) = %v, Hazard %v", eu, chi, noise, h, want)
		}
	}
}

// TestBlockadeArmedExact: blockadeArmed's paired estimates of denial are
// agents.DenialProbability of resistance's sums, and escalation's choice
// is militarised's from the second option, bit for bit, for every
// target, on the state a run leaves and on that state with credibility,
// interoperability, capabilities and A's weights drawn at random (fixed
// seed).
func TestBlockadeArmedExact(t *testing.T) {
	const b, a = agents.Blockade, agents.ArmedAttack
	src := rand.New(rand.NewPCG(3, 14))
	onRunStates(t, func(s *sim) {
		for i := range s.n {
			s.credMean[i], s.interop[i] = src.Float64(), src.Float64()
			c := &s.caps[i]
			c.ByType[b].Base, c.ByType[a].Base = 10*src.Float64(), 10*src.Float64()
		}
	}, func(arch string, seed int64, draw int, s *sim) {
		for j := range s.n {
			o := &s.opts[j]
			pb, pa := s.blockadeArmed(j, o)
			wb := agents.DenialProbability(s.resistance(j, b), s.need[b], o.tau[b])
			wa := agents.DenialProbability(s.resistance(j, a), s.need[a], o.tau[a])
			if !fptest.Same(pb, wb) || !fptest.Same(pa, wa) {
				t.Fatalf("%s seed %d draw %d target %d: one pass (%v, %v), resistance (%v, %v)", arch, seed, draw, j, pb, pa, wb, wa)
			}
			// escalation chooses as militarised does, after a grey zone
			// of any EU up to the bounds, for targets with militarised
			// options.
			for range 20 * min(o.nMil, 1) {
				eu := (src.Float64()*1.2 - 0.2) * max(o.bound[b], o.bound[a], 0.1)
				k, keu := s.escalation(j, o, agents.GreyZone, eu)
				wk, weu, _ := s.militarised(j, o, 1, agents.GreyZone, eu)
				if k != wk || math.Float64bits(keu) != math.Float64bits(weu) {
					t.Fatalf("%s seed %d draw %d target %d: escalation (%v, %v), militarised (%v, %v)", arch, seed, draw, j, k, keu, wk, weu)
				}
			}
		}
	})
}
