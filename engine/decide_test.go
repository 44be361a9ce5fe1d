package engine

import (
	"math"
	"math/rand/v2"
	"testing"

	"pactsim/agents"
	"pactsim/internal/fptest"
)

// TestGreyEconResistanceExact: challengesTwo's one-pass sums of the grey
// zone and economic coercion, and its sums for a target of economic
// coercion alone or of the militarised channel alone with the grey zone
// first, written out in its loop over the targets, are resistance's, bit
// for bit: two runners leave the same state, take
// the same random credibility, interoperability, capabilities, awareness,
// A's weights, needs and scales (fixed seed), and play a period of A's decisions, one
// with the one pass and one under sim.full, which weighs every option by
// resistance (militarised, economic); the hazards they book, and every
// crisis those decisions start, are the same to the bit. Each target
// decides alone, from hazards of 0, at scales and a χ that leave its
// logistics steep (unsaturate), so that a sum off in its last bit shows
// in that target's hazard: with every target at once and the run's
// totals, a sum of economic coercion written out in another order passed
// (a review, stop 55). The same terms
// in the same order, so no tolerance where the build fuses no
// multiply-add (fptest.Same; the default GOAMD64=v1). (A review, stop 55:
// the sums were a function of their own, called once per target.)
func TestGreyEconResistanceExact(t *testing.T) {
	randomise := func(s *sim, src *rand.Rand) {
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
		// At the default τ (0.04) A's estimate of denial is a step at
		// these sums, and a sum off in its last bits would move no
		// hazard: needs of the sums' size, and per target a scale that
		// keeps the logistic steep (unsaturate), make its bits count.
		const g, e = agents.GreyZone, agents.EconomicCoercion
		s.need[g], s.need[e] = 10*src.Float64(), 30*src.Float64()
	}
	const g, e = agents.GreyZone, agents.EconomicCoercion
	onePass, econOnly, greyOnly := 0, 0, 0
	var nAll [2][]int
	for _, arch := range []string{"none", "hub_and_spokes", "treaty", "layered", "treaty_plus_cells", "layered_then_treaty"} {
		sc := benchScenario(t, arch)
		for seed := int64(1); seed <= 3; seed++ {
			var s [2]*sim
			for x := range s {
				r := NewRunner()
				r.Run(sc, seed, make([]Outcome, 1), nil)
				s[x] = &r.sim
			}
			if s[0].m.dom.Strength != 1 {
				t.Fatalf("%s: domains.strength %v, the test needs 1", arch, s[0].m.dom.Strength)
			}
			s[1].full = true
			nAll = [2][]int{make([]int, s[0].n), make([]int, s[1].n)}
			for draw := range 3 {
				for x := range s {
					if draw > 0 {
						randomise(s[x], rand.New(rand.NewPCG(uint64(seed), uint64(draw))))
					}
				}
				t0 := s[0].m.periods
				src := rand.New(rand.NewPCG(uint64(seed), uint64(100+draw)))
				for j := range s[0].n {
					o := &s[0].opts[j]
					eok := o.v[e] > 0 && t0 > s[0].campaign[j]
					switch grey := o.nMil > 0 && o.mil[0] == g; { // which sums j takes
					case o.nAll == 0:
						continue
					case eok && o.nMil == 0:
						econOnly++
					case eok && grey:
						onePass++
					case grey:
						greyOnly++
					}
					if draw > 0 {
						unsaturate(s, j, eok, draw, src)
					}
					// j alone, its hazards from 0: each type's total is then
					// j's hazard of that type, not a sum in which a last bit
					// of j's would be rounded away (a review, stop 55: the
					// run's totals hid the economic sum written out in
					// another order).
					for x := range s {
						for i := range s[x].opts {
							nAll[x][i] = s[x].opts[i].nAll
							if i != j {
								s[x].opts[i].nAll = 0
							}
						}
						s[x].acc.hazard, s[x].hazardRecv[j] = [nk]float64{}, 0
						s[x].challengesTwo(t0)
						for i := range s[x].opts {
							s[x].opts[i].nAll = nAll[x][i]
						}
					}
					for k := range nk {
						if got, want := s[0].acc.hazard[k], s[1].acc.hazard[k]; !fptest.Same(got, want) {
							t.Fatalf("%s seed %d draw %d target %d type %d: hazard with the one pass %v, by resistance %v", arch, seed, draw, j, k, got, want)
						}
					}
					if got, want := s[0].hazardRecv[j], s[1].hazardRecv[j]; !fptest.Same(got, want) {
						t.Fatalf("%s seed %d draw %d target %d: hazard with the one pass %v, by resistance %v", arch, seed, draw, j, got, want)
					}
					if s[0].acc.challenges != s[1].acc.challenges {
						t.Fatalf("%s seed %d draw %d target %d: challenges %v with the one pass, %v by resistance", arch, seed, draw, j, s[0].acc.challenges, s[1].acc.challenges)
					}
				}
			}
		}
	}
	if onePass == 0 || econOnly == 0 || greyOnly == 0 {
		t.Fatalf("%d targets took the one pass, %d economic coercion alone, %d the militarised channel alone: the test needs each", onePass, econOnly, greyOnly)
	}
}

// unsaturate sets, in both runners s, target j's scales τ_jg and τ_je so
// that A's estimates of denial lie where the logistic is steep (|N − Ŝ|/τ
// in [0.1, 1.1], Ŝ resistance's), and χ within σ_A of the EU of one of
// j's channels (by turns when it has both), so that the hazard is steep
// too: a sum off in its last bit then moves the hazard, where at the
// run's τ and χ a step or a saturated logistic would round it away.
func unsaturate(s [2]*sim, j int, eok bool, draw int, src *rand.Rand) {
	r := s[1]
	o := &r.opts[j]
	for _, k := range []agents.CrisisType{agents.GreyZone, agents.EconomicCoercion} {
		if o.v[k] <= 0 {
			continue
		}
		tau := math.Abs(r.need[k]-r.resistance(j, k)) / (0.1 + src.Float64())
		if tau == 0 {
			tau = 1
		}
		for x := range s {
			s[x].opts[j].tau[k] = tau
		}
	}
	_, eu, ok := r.militarised(j, o, 0, 0, 0)
	if eok && (!ok || (draw+j)%2 == 0) {
		eu = r.economic(j, o)
	}
	chi := eu + r.m.adv.Noise*(2*src.Float64()-1)
	for x := range s {
		s[x].chi = chi
	}
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
