package engine

import (
	"math"

	"pactsim/agents"
)

// The adversary's choice of challenges (docs/model.md sec. 6).

// challengeThreshold is χ(t) (docs/model.md sec. 6.4). The treaty's formation date
// is t = 0, so its formation shock lasts for periods 1..formation_window.
func (s *sim) challengeThreshold(t int) float64 {
	tr := s.am.treaty
	fresh := tr >= 0 && s.treatyFormed && s.alive[tr] && t <= s.m.formationWindow
	return s.m.adv.Threshold(s.vis, fresh)
}

// challenges runs A's decision for every target in roster order; a
// challenge is resolved, with all its updates, before the next target is
// considered (docs/model.md sec. 10).
func (s *sim) challenges(t int) {
	m := s.m
	for j := range s.pop.States {
		salience := s.pop.States[j].Salience
		if salience <= 0 {
			continue
		}
		// A challenges iff max_k EU_jk > χ(t) − σ_A·ε_j. EU_jk ≤ G_k·V_j
		// always (costs and denial only subtract), so when even the best
		// gain cannot clear the bar the options need not be evaluated: an
		// exact shortcut that skips most (target, period) pairs.
		bar := m.adv.ChallengeBar(s.chi, s.shocks.logistic(t, j, slotChallenge, 0))
		if m.maxGain*salience <= bar {
			continue
		}
		if k, eu := s.bestChallenge(j); eu > bar {
			s.crisis(t, j, k)
		}
	}
}

// forcedChallenge replaces A's choice by the probe's schedule: one target
// per period, in turn, with the probe's crisis type.
func (s *sim) forcedChallenge(t int) {
	pr := s.probe
	s.crisis(t, pr.targets[(t-1)%len(pr.targets)], pr.Type)
}

// bestChallenge evaluates A's options against target j (docs/model.md
// secs. 6.2 and 6.3) and returns the best crisis type and its expected
// utility; the lowest index wins a tie.
func (s *sim) bestChallenge(j int) (agents.CrisisType, float64) {
	m, n := s.m, s.n
	pop := s.pop.States
	// Ŝ_jk weights each state by p_i = cred_i·link_ijk, the target by
	// link 1 and cred 1: it always resists.
	var resist [nk]agents.Coalition
	row := s.link[j*n*nk : (j+1)*n*nk]
	for i := 0; i < n; i++ {
		c := 1.0
		if i != j {
			c = s.credMean[i]
		}
		st, io := &pop[i], s.interop[i]
		l := row[i*nk : i*nk+nk]
		for k := range resist {
			resist[k].Add(c*l[k], st.CapabilityFor(agents.CrisisType(k)), io)
		}
	}
	best, bestEU := agents.CrisisType(0), math.Inf(-1)
	for k := 0; k < nk; k++ {
		ty := &m.types[k]
		if ty.Gain*pop[j].Salience <= bestEU {
			continue // EU_jk ≤ G_k·V_j ≤ bestEU: k cannot win (a tie goes to the earlier type)
		}
		pd := m.adv.DenialEstimate(resist[k].Strength(m.friction), ty.Severity)
		ct := agents.CrisisType(k)
		if eu := m.adv.ChallengeUtility(ct, ty, pop[j].Salience, pd); eu > bestEU {
			best, bestEU = ct, eu
		}
	}
	return best, bestEU
}
