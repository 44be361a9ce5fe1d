package engine

import (
	"math"

	"pactsim/agents"
)

// The crisis: a global game among responders (docs/model.md sec. 7), and
// how it ends (sec. 8).

// crisisScratch is the per-state state of the crisis in progress.
type crisisScratch struct {
	candidate []bool    // plays the response game
	act       []bool    // this round's decisions; after the rounds, who acted
	prevAct   []bool    // the previous round's decisions
	q         []float64 // round-0 expectation that each state acts
	threshold []float64 // expected strength above which each candidate acts
}

func (cs *crisisScratch) resize(n int) {
	cs.candidate, cs.act, cs.prevAct = grow(cs.candidate, n), grow(cs.act, n), grow(cs.prevAct, n)
	cs.q, cs.threshold = grow(cs.q, n), grow(cs.threshold, n)
}

// crisis resolves A's challenge of target j with crisis type k in period t
// and applies every update before the next target is considered, in the
// order of docs/model.md sec. 10, "Within a crisis".
func (s *sim) crisis(t, j int, k agents.CrisisType) {
	m := s.m
	// 1. Crisis-type count and challenge counters.
	s.seen[k]++
	s.acc.challenge(k)
	// 2-3. Severity, invocation and the public signal, private signals
	// and each candidate's threshold.
	lnS := m.logSeverity[k] + m.sigmaS*s.shocks.normal(t, j, slotSeverity, 0)
	s.signals(t, j, k, lnS)
	// 4. The patron's draw: it does not play the game.
	if p := s.pop.Patron; p != j {
		l, _ := s.linkOf(p, j, k)
		s.act[p] = agents.PatronActs(s.shocks.uniform(t, j, slotPatron, 0), s.reliability, l)
	}
	// 5. Best-response rounds.
	s.bestResponse(j, k)
	// 6. Realised strength, denial or fait accompli, war.
	responders, interopSum := s.resolve(t, j, k, math.Exp(lnS))
	// 7. Coordination, with pre-crisis interoperability.
	if agents.Coordinated(responders, interopSum, m.coordination) {
		s.acc.coordinated++
	}
	// 8. False-security gap, with pre-crisis records and beliefs.
	s.acc.gapSum += s.securityGap(j, k)
	// 9-10. Honour records, A's credibility and participation; US beliefs
	// if the patron was committed.
	if s.commitments(j, k) {
		s.learnUS(j)
	}
	// 11. Joint-response interoperability gains.
	if responders > 0 {
		s.jointResponse(j)
	}
}

// signals draws the severity signals of a challenge of log severity lnS
// and sets, for every candidate responder, the expected strength above
// which it acts (docs/model.md sec. 7: invocation and the public signal,
// candidates, private signals, the utility of acting).
func (s *sim) signals(t, j int, k agents.CrisisType, lnS float64) {
	m, n := s.m, s.n
	tr := s.am.treaty
	invoked := tr >= 0 && s.alive[tr] && s.member[tr*n+j] && s.am.mechs[tr].def.Coverage()[k] > m.invocation
	var public agents.Signal
	if invoked {
		public = agents.Signal{Log: lnS + m.sigmaPub*s.shocks.normal(t, j, slotPublic, 0), SD: m.sigmaPub}
	}
	for i := 0; i < n; i++ {
		s.act[i], s.prevAct[i] = false, false
		link, mi := s.linkOf(i, j, k)
		s.candidate[i] = i != j && i != s.pop.Patron && link > 0
		if !s.candidate[i] {
			continue
		}
		sig := max(s.sigma[i*nk+int(k)], 1e-9)
		x := agents.Signal{Log: lnS + sig*s.shocks.normal(t, j, slotPrivate, i), SD: sig}
		if invoked && s.member[tr*n+i] {
			x = x.Combine(public) // members combine their signal with the public one by precision
		}
		var audience float64 // o_im·c_mk·v_m of the mechanism giving the link; 0 ad hoc
		if mi >= 0 {
			d := &s.am.mechs[mi].def
			audience = s.oim[mi*n+i] * d.Coverage()[k] * d.Visibility()
		}
		st := &s.pop.States[i]
		s.threshold[i] = agents.ResponseThreshold(m.resp, agents.ResponseTerms{
			Threat: st.Threat, Exposure: st.Exposure, RiskTolerance: st.RiskTolerance, Legal: st.Legal,
			Link: link, Audience: audience, Severity: math.Exp(x.Log), Armed: k == agents.ArmedAttack,
		}, agents.DenialBelief{LnNeeded: m.logNeed + x.Log, SD: math.Sqrt(m.sigmaO*m.sigmaO + x.SD*x.SD)})
	}
}

// bestResponse plays the best-response rounds (docs/model.md sec. 7): in
// each round every candidate acts iff the strength it expects clears its
// threshold. A round that changes no decision is a fixed point: every
// later round would repeat it, so the rounds stop there.
func (s *sim) bestResponse(j int, k agents.CrisisType) {
	m, n := s.m, s.n
	pop := s.pop.States
	patron := s.pop.Patron
	linkUS, _ := s.linkOf(patron, j, k)
	capUS, interopUS := pop[patron].CapabilityFor(k), s.interop[patron]
	for round := 0; round <= m.rounds; round++ {
		others := s.expectedOthers(round, j, k)
		for i := 0; i < n; i++ {
			if !s.candidate[i] {
				continue
			}
			// others counts i at q_i; i counts itself as acting.
			e := others
			e.Add(1-s.q[i], pop[i].CapabilityFor(k), s.interop[i])
			if patron != j {
				// The patron at belief × link in every round: A's draw for
				// it is not observed.
				e.Add(s.us[i].Mean()*linkUS, capUS, interopUS)
			}
			s.act[i] = e.Strength(m.friction) > s.threshold[i]
		}
		same := round > 0
		for i := 0; same && i < n; i++ {
			same = s.act[i] == s.prevAct[i]
		}
		copy(s.prevAct, s.act)
		if same {
			break
		}
	}
}

// expectedOthers is the coalition a candidate expects in a round, over
// every state but the patron, with the target at q = 1 (it resists) and
// each other state l at q_l: link_ljk·H_l in round 0, its previous decision
// later. Each candidate's own term is swapped for 1 by the caller, so one
// pass serves every candidate.
func (s *sim) expectedOthers(round, j int, k agents.CrisisType) agents.Coalition {
	pop := s.pop.States
	var c agents.Coalition
	for l := range pop {
		if l == s.pop.Patron || l == j {
			continue
		}
		var q float64
		if round == 0 {
			link, _ := s.linkOf(l, j, k)
			q = link * s.honour[l].Mean()
		} else if s.prevAct[l] {
			q = 1
		}
		s.q[l] = q
		c.Add(q, pop[l].CapabilityFor(k), s.interop[l])
	}
	c.Add(1, pop[j].CapabilityFor(k), s.interop[j])
	return c
}

// resolve ends the challenge of severity sev (docs/model.md sec. 8): the
// target and every state that acted against the strength needed; a
// repelled escalatory challenge may become a war. It returns the number of
// responders besides the target and the sum of their interoperability.
func (s *sim) resolve(t, j int, k agents.CrisisType, sev float64) (responders int, interopSum float64) {
	m, n := s.m, s.n
	pop := s.pop.States
	var r agents.Coalition
	r.Add(1, pop[j].CapabilityFor(k), s.interop[j])
	var obligations float64 // Σ o_im of the link-giving mechanisms; 0 ad hoc
	for i := 0; i < n; i++ {
		if i == j || !s.act[i] {
			continue
		}
		r.Add(1, pop[i].CapabilityFor(k), s.interop[i])
		responders++
		interopSum += s.interop[i]
		if _, mi := s.linkOf(i, j, k); mi >= 0 {
			obligations += s.oim[mi*n+i]
		}
	}
	needed := m.adv.StrengthNeeded(sev, m.sigmaO*s.shocks.normal(t, j, slotOutcome, 0))
	if denied := r.Strength(m.friction) >= needed; !denied {
		s.acc.faitAccompli()
		return responders, interopSum
	}
	war := false
	if k.Escalatory() {
		var meanO float64
		if responders > 0 {
			meanO = obligations / float64(responders)
		}
		war = s.shocks.uniform(t, j, slotEscalation, 0) < m.adv.WarProbability(sev, meanO)
	}
	s.acc.repelled(war)
	return responders, interopSum
}

// securityGap is the crisis's false-security gap (docs/model.md sec. 8),
// with the target's ratings read before the crisis updates them.
func (s *sim) securityGap(j int, k agents.CrisisType) float64 {
	var g agents.SecurityGap
	for l := range s.pop.States {
		st := &s.pop.States[l]
		if l == j {
			continue
		}
		link, _ := s.linkOf(l, j, k)
		g.Add(st.CapabilityFor(k), link, s.rating(j, l), s.act[l])
	}
	return g.Value()
}
