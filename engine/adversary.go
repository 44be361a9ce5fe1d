package engine

import (
	"math"

	"pactsim/agents"
)

// The adversary's choice of challenges (docs/model.md sec. 6).

// challengeThreshold is χ(t) (docs/model.md sec. 6.4). A treaty's
// formation shock lasts for the formation_window periods after the period
// it formed (t = 0 at set-up), a failed attempt's for as long after each
// failed attempt. A retry that fails at this period's review is not yet
// "after" itself, but the window of the attempt before it may still cover
// the period: failing again must not lift the shock (the latest attempt
// before t decides, and failedPrev is it when failedAt = t).
func (s *sim) challengeThreshold(t int) float64 {
	tr, w := s.am.treaty, s.m.formationWindow
	fresh := tr >= 0 && s.treatyFormed && s.alive[tr] && t > s.formedAt && t <= s.formedAt+w
	within := func(x int) bool { return x >= 0 && t > x && t <= x+w }
	failed := within(s.failedAt) || within(s.failedPrev)
	return s.m.adv.Threshold(s.vis, fresh, failed, s.m.form.FailureCost)
}

// challenges runs A's decisions for every target in roster order; a
// challenge is resolved, with all its updates, before the next decision
// (docs/model.md sec. 10). With two channels, a target's militarised
// channel, and its crisis, come before its economic channel.
//
// A weighs the economic option on the state before the militarised
// decision and weighs it anew only if that decision led to a crisis: the
// decision itself changes nothing the economic option depends on (its
// hazard is booked in totals no choice reads, and the draw is a pure
// function of its index), so without a crisis the two evaluations are the
// same. Evaluating both channels before either draw lets their
// exponentials run side by side.
//
// The options of each channel (docs/model.md sec. 6.3): with two channels
// A decides once over the militarised types and once over economic
// coercion; with one, once over all four (1.1). A target of no salience
// has none (options, set at reviews).
func (s *sim) challenges(t int) {
	if s.m.adv.Channels == 1 {
		for j := range s.opts {
			s.challenge11(t, j)
		}
		return
	}
	s.challengesTwo(t)
}

// challenge11 is 1.1's single decision over all four types (docs/model.md
// sec. 6.3), with 1.1's draw: A challenges iff max_k EU_jk > χ(t) −
// σ_A·ε_j. The options are evaluated in every period for the hazard.
func (s *sim) challenge11(t, j int) {
	o := &s.opts[j]
	if o.nAll == 0 {
		return
	}
	bar := s.m.adv.ChallengeBar(s.chi, s.shocks.logistic(t, j, slotChallenge, 0))
	k, eu, ok := s.bestChallenge(t, j, o.all[:o.nAll])
	if !ok {
		return
	}
	s.hazard(j, k, eu)
	if eu > bar {
		s.crisis(t, j, k, 0)
	}
}

// hazard adds the probability, before the draw, that A challenges j with
// option k of expected utility eu to the run's hazard of that domain and
// to j's (docs/model.md sec. 6.5), and returns it.
func (s *sim) hazard(j int, k agents.CrisisType, eu float64) float64 {
	h := s.m.adv.Hazard(eu, s.chi)
	s.bookHazard(j, k, h)
	return h
}

// bookHazard adds hazard h of option k against j to the run's hazard of
// that domain and to j's (docs/model.md sec. 6.5).
func (s *sim) bookHazard(j int, k agents.CrisisType, h float64) {
	s.acc.hazard[k] += h
	s.hazardRecv[j] += h
}

// forcedChallenge replaces A's choice by the probe's schedule: one target
// per period, in turn, with the probe's crisis type.
func (s *sim) forcedChallenge(t int) {
	pr := s.probe
	off := 0
	if pr.Type == agents.EconomicCoercion && s.m.adv.Channels == 2 {
		off = econSlots
	}
	s.crisis(t, pr.targets[(t-1)%len(pr.targets)], pr.Type, off)
}

// resistance is A's estimate Ŝ_jk of the strength resisting a challenge
// of type k against target j (docs/model.md sec. 6.2): each state weighted
// by cred_i·link_ijk·ξ_ijk, the target by 1 (it always resists), with its
// capability in the domain; friction discounts all but the economic
// domain's trade support and resilience. It is evaluated only for the
// options A weighs, when it weighs them. The sums run over states in
// roster order, the target at its place, as 1.1's did; the part of the
// capability per unit of the target's awareness is summed apart and
// scaled once (it is 0 in 1.1).
//
// Each domain sums only the parts of the capability it can have
// (agents.State.Capabilities): the grey zone no part free of friction,
// economic coercion no part per unit of awareness, blockades and armed
// attacks neither. A part that is identically +0 adds +0 to its sum, and
// kw + A_j·0 = kw and KW·f + 0 = KW·f, so leaving it out is exact. The
// target's weight is 1, and 1·y = y, so its terms are added unweighted
// between the two runs of the others.
func (s *sim) resistance(j int, k agents.CrisisType) float64 {
	n := s.n
	wl := s.wrow[j*nk+int(k)][:n]
	cred, caps, io := s.credMean[:n], s.caps[:n], s.interop[:n]
	cj := &caps[j] // j < n, so the loops over i < j need no bounds checks
	var c agents.Coalition
	switch k {
	case agents.EconomicCoercion:
		const e = agents.EconomicCoercion
		if s.m.dom.Strength == 1 {
			// Fully domain-specific: nothing is friction-discounted (every
			// Base is 0), so Ŝ is the sum of trade support and resilience.
			var f float64
			for i := 0; i < j; i++ {
				f += cred[i] * wl[i] * caps[i].ByType[e].Free
			}
			f += cj.TargetFree
			for i := j + 1; i < n; i++ {
				f += cred[i] * wl[i] * caps[i].ByType[e].Free
			}
			return f
		}
		var kw, w, wi, f float64
		for i := 0; i < j; i++ {
			x, ci := cred[i]*wl[i], &caps[i].ByType[e]
			kw += x * ci.Base
			w += x
			wi += x * io[i]
			f += x * ci.Free
		}
		kw, w, wi, f = kw+cj.ByType[e].Base, w+1, wi+io[j], f+cj.TargetFree
		for i := j + 1; i < n; i++ {
			x, ci := cred[i]*wl[i], &caps[i].ByType[e]
			kw += x * ci.Base
			w += x
			wi += x * io[i]
			f += x * ci.Free
		}
		c = agents.Coalition{KW: kw, W: w, WI: wi, Free: f}
	case agents.GreyZone:
		const g = agents.GreyZone
		if s.m.dom.Strength == 1 {
			// Fully domain-specific: every Base is (1 − 1)·K·m·ϑ = +0, so
			// the Base sum is +0 and KW = +0 + A_j·ka = A_j·ka.
			var ka, w, wi float64
			for i := 0; i < j; i++ {
				x := cred[i] * wl[i]
				ka += x * caps[i].ByType[g].Aware
				w += x
				wi += x * io[i]
			}
			ka, w, wi = ka+cj.ByType[g].Aware, w+1, wi+io[j]
			for i := j + 1; i < n; i++ {
				x := cred[i] * wl[i]
				ka += x * caps[i].ByType[g].Aware
				w += x
				wi += x * io[i]
			}
			c = agents.Coalition{KW: s.aware[j] * ka, W: w, WI: wi}
			break
		}
		var kw, ka, w, wi float64
		for i := 0; i < j; i++ {
			x, ci := cred[i]*wl[i], &caps[i].ByType[g]
			kw += x * ci.Base
			ka += x * ci.Aware
			w += x
			wi += x * io[i]
		}
		kw, ka, w, wi = kw+cj.ByType[g].Base, ka+cj.ByType[g].Aware, w+1, wi+io[j]
		for i := j + 1; i < n; i++ {
			x, ci := cred[i]*wl[i], &caps[i].ByType[g]
			kw += x * ci.Base
			ka += x * ci.Aware
			w += x
			wi += x * io[i]
		}
		c = agents.Coalition{KW: kw + s.aware[j]*ka, W: w, WI: wi}
	default:
		var kw, w, wi float64
		for i := 0; i < j; i++ {
			x := cred[i] * wl[i]
			kw += x * caps[i].ByType[k].Base
			w += x
			wi += x * io[i]
		}
		kw, w, wi = kw+cj.ByType[k].Base, w+1, wi+io[j]
		for i := j + 1; i < n; i++ {
			x := cred[i] * wl[i]
			kw += x * caps[i].ByType[k].Base
			w += x
			wi += x * io[i]
		}
		c = agents.Coalition{KW: kw, W: w, WI: wi}
	}
	return c.Strength(s.m.friction)
}

// bestChallenge evaluates A's options against target j among types, the
// channel's types with positive salience V_jk (options), with the current
// beliefs (a crisis earlier in the period has already moved A's beliefs)
// (docs/model.md secs. 6.2 and 6.3), and returns the best type and its
// expected utility, and false when no option exists: economic coercion
// exists only while no campaign against j is running. The lowest index
// wins a tie.
func (s *sim) bestChallenge(t, j int, types []agents.CrisisType) (agents.CrisisType, float64, bool) {
	m, o := s.m, &s.opts[j]
	best, bestEU, ok := agents.CrisisType(0), math.Inf(-1), false
	for _, k := range types {
		if k == agents.EconomicCoercion && t <= s.campaign[j] {
			continue
		}
		v := o.v[k]
		if ok && o.bound[k] <= bestEU {
			continue // EU_jk ≤ G_k·V_jk − O_k ≤ bestEU: k cannot win (a tie goes to the earlier type)
		}
		pd := agents.DenialProbability(s.resistance(j, k), s.need[k], o.tau[k])
		if eu := m.adv.ChallengeUtility(k, &m.types[k], v, pd); !ok || eu > bestEU {
			best, bestEU, ok = k, eu, true
		}
	}
	return best, bestEU, ok
}

// setResolve sets A's resolve R_A(t) and what follows from it: ln(K_A·R_A(t))
// for the responders and N_k(t) for A's estimate (docs/model.md secs. 6.2,
// 6.7), only when it moved (the same inputs give the same values).
func (s *sim) setResolve(r float64, first bool) {
	if r == s.resolveA && !first {
		return
	}
	m := s.m
	s.resolveA, s.logNeed = r, logCapResolve(m.adv.Capability, r)
	for k := range nk {
		s.need[k] = m.adv.Need(m.types[k].Severity, r)
	}
}

// logCapResolve is ln(K_A·R_A(t)), the log of the strength needed before
// severity.
func logCapResolve(capability, resolve float64) float64 { return math.Log(capability * resolve) }
