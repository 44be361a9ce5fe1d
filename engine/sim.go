package engine

import (
	"math/rand/v2"

	"pactsim/agents"
)

const nk = int(agents.NumCrisisTypes)

// sim is one worker's scratch: the population of the current task and the
// state of the architecture-run in progress. Each phase of the model keeps
// its state in its own part, declared in the phase's file; slices are sized
// on first use and reused, so steady-state runs allocate nothing.
type sim struct {
	m     *model
	probe *Probe
	am    *archModel
	pop   agents.Population
	n     int
	src   rand.PCG

	shocks counterStream // exogenous: shared by every architecture of a task
	taste  counterStream // decisions: this architecture's substream

	membership    // accession.go
	linkTable     // links.go
	beliefs       // learning.go
	crisisScratch // crisis.go

	reliability float64 // the US's current true reliability (shocks.go)
	capSum      float64 // Σ_i K_i
	vis         float64 // Vis(t), kept in step with memberships
	chi         float64 // χ(t) of the current period

	acc runTotals // record.go
}

// grow returns s with length n and every element zero, reusing its memory
// when it is large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// runTask runs every architecture of the scenario on one task: the same
// population and the same exogenous shocks for all of them (common random
// numbers, docs/model.md sec. 11).
func (s *sim) runTask(sc *Scenario, seed uint64, dst []Outcome, rec Recorder) {
	s.m = &sc.model
	s.probe = sc.Probe
	a, b := streamSeed(seed, "population")
	s.src.Seed(a, b)
	agents.DrawPopulation(&s.pop, sc.Roster, s.m.pop, &s.src)
	s.pop.AdversaryCapability = s.m.adv.Capability
	s.shocks = counterStream(mix64(seed ^ hashString("shocks")))
	for k := range s.m.archs {
		s.am = &s.m.archs[k]
		s.taste = counterStream(mix64(seed ^ s.am.stream))
		s.runArchitecture(k, &dst[k], rec)
	}
}

// runArchitecture is one architecture-run: the set-up at t = 0, then
// periods 1..T (docs/model.md sec. 10).
func (s *sim) runArchitecture(ai int, out *Outcome, rec Recorder) {
	s.setUp()
	for t := 1; t <= s.m.periods; t++ {
		s.period(t)
		if rec != nil {
			s.recordPeriod(ai, t, rec)
		}
	}
	s.finish(out)
	if rec != nil {
		s.recordStates(ai, rec)
	}
}

// setUp is t = 0 (docs/model.md sec. 10, "Set-up"): beliefs, records and
// interoperability at their initial values, reservations and tastes, the
// first review, links and signal noise, A's credibility priors. No
// challenges happen at t = 0.
func (s *sim) setUp() {
	n, nm := len(s.pop.States), len(s.am.mechs)
	s.n = n
	s.membership.resize(nm, n)
	s.linkTable.resize(n)
	s.beliefs.resize(n)
	s.crisisScratch.resize(n)
	s.acc = runTotals{}
	s.reliability = s.m.usReliability

	s.initBeliefs()
	s.initMemberships()
	s.review(0)
	s.computeLinks()
	s.initCredibility()
	s.capSum = 0
	for i := range s.pop.States {
		s.capSum += s.pop.States[i].Capability
	}
	s.vis = s.visibility()
}

// period is one period t = 1..T, in the order of docs/model.md sec. 10.
func (s *sim) period(t int) {
	m := s.m
	if t%m.electionPeriod == 0 {
		s.election(t)
	}
	// Links, signal noise and visibility change only when memberships do.
	if t%m.reviewPeriod == 0 && s.review(t) {
		s.computeLinks()
		s.vis = s.visibility()
	}
	s.chi = s.challengeThreshold(t)
	s.acc.beginPeriod(m.adv.Threshold0 - s.chi)
	if s.probe != nil {
		s.forcedChallenge(t)
	} else {
		s.challenges(t)
	}
	s.acc.endPeriod()
	s.decay()
}
