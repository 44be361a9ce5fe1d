package engine

import (
	"math/rand/v2"
	"sync/atomic"

	"pactsim/agents"
)

const nk = int(agents.NumCrisisTypes)

// sim is one worker's scratch: the population of the current task and the
// state of the architecture-run in progress. Each phase of the model keeps
// its state in its own part, declared in the phase's file; slices are sized
// on first use and reused, so steady-state runs allocate nothing.
type sim struct {
	stop *atomic.Bool // Runner.Stop
	// Periods run in this task, over its architectures, counted when count
	// is set (Runner.CountPeriods, Runner.PeriodsDone): atomic, since a
	// caller that times a task reads it while the task runs.
	count bool
	done  atomic.Int64
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
	weightRows    // decide.go
	beliefs       // learning.go
	crisisScratch // crisis.go
	dynamics      // dynamics.go
	task          // dynamics.go: per-task values shared by every architecture

	reliability float64 // the US's current true reliability (shocks.go)
	capSum      float64 // Σ_i K_i, the task's (prepareTask)
	vis         float64 // Vis(t), kept in step with memberships
	chi         float64 // χ(t) of the current period

	acc runTotals // record.go
	// The records a Recorder is passed, reused: a record built on the
	// stack escaped to the heap through the interface call, one allocation
	// a period and a state (a review, stop 51).
	periodRec PeriodRecord
	stateRec  StateRecord

	// full computes everything the engine's exact shortcuts skip: every
	// pair's links at every change of membership, not only the changed
	// states', by pairWith, not the task's values for pairs that
	// share nothing, and each direction's shared latencies on its own
	// (computeLinks); every national ξ at the start of the task
	// (prepareTask); and every readiness target at every review
	// (reviewDynamics); for the test that the two agree.
	full bool
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

// sized returns s with length n, reusing its memory when it is large
// enough, with its elements as they were: for arrays that are written in
// full before they are read (clearing them is wasted work every run).
func sized[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
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
	// The 2.0 columns come from a stream of their own, so 1.1's draws are
	// untouched (docs/model.md sec. 11).
	a, b = streamSeed(seed, "population-2.0")
	s.src.Seed(a, b)
	agents.DrawDomains(&s.pop, sc.Roster, s.m.pop, &s.src)
	s.pop.AdversaryCapability = s.m.adv.Capability
	s.shocks = counterStream(mix64(seed ^ hashString("shocks")))
	s.n = len(s.pop.States)
	s.done.Store(0)
	s.prepareTask()
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
		if s.stop != nil && s.stop.Load() {
			return
		}
		s.period(t)
		if s.count {
			s.done.Add(1)
		}
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
// interoperability at their initial values, the 2.0 state variables,
// reservations and tastes, the status quo ante's visibility, the first
// review, links and signal noise and their caches, A's credibility
// priors, and the cost of a treaty that failed to form. No challenges
// happen at t = 0.
func (s *sim) setUp() {
	s.setUpState()
	s.setUpReview()
}

// setUpState is the set-up before the first review: scratch sized to the
// task, beliefs, slow variables and memberships at their starting values.
func (s *sim) setUpState() {
	n, nm := s.n, len(s.am.mechs)
	s.membership.resize(nm, n)
	s.linkTable.resize(nm, n)
	s.weightRows.resize(s.wl, n)
	s.beliefs.resize(n)
	s.crisisScratch.resize(n)
	s.dynamics.resize(nm, n)
	s.acc = runTotals{}
	s.reliability = s.m.usReliability
	// s.capSum, Σ_i K_i, is the task's (prepareTask).

	s.initBeliefs()
	s.initDynamics()
	s.initMemberships()
	s.visPre = s.preExistingVisibility()
}

// setUpReview is the rest of the set-up: the review at t = 0 and what
// follows from it.
func (s *sim) setUpReview() {
	s.review(0)
	s.membershipChanged(0)
	s.reviewDynamics()
	s.initCredibility()
	s.failureCost()
}

// period is one period t = 1..T, in the order of docs/model.md sec. 10.
func (s *sim) period(t int) {
	m := s.m
	s.periodReview(t)
	s.chi = s.challengeThreshold(t)
	s.beginDynamics()
	s.acc.beginPeriod(m.adv.Threshold0 - s.chi)
	if s.probe != nil {
		s.forcedChallenge(t)
	} else {
		s.challenges(t)
	}
	s.acc.endPeriod()
	s.decay()
	s.endDynamics()
}

// periodReview is a period's election and review, when they fall due
// (docs/model.md sec. 10, steps 2-3).
func (s *sim) periodReview(t int) {
	m := s.m
	if t%m.electionPeriod == 0 {
		s.election(t)
	}
	// Links, signal noise, visibility and their caches change only when
	// memberships (or a standing structure's build-up) do.
	if t%m.reviewPeriod == 0 {
		s.updateAutonomy()
		if changed := s.review(t); changed || s.building() {
			s.membershipChanged(t)
		}
		s.failureCost()
		s.reviewDynamics()
	}
}

// membershipChanged recomputes everything that follows from memberships
// after a review at t that changed them (docs/model.md sec. 10, step 3c):
// the standing structures' fields, links (with the constitutional cap),
// signal noise, visibility, the per-target caches, and A's hand-tied
// credibility priors.
func (s *sim) membershipChanged(t int) {
	s.listMembers()
	s.standingStructures(t)
	s.updateGrowth()
	s.computeLinks(t == 0 || s.full)
	s.vis = s.visibility()
	s.targetCaches()
	if t > 0 {
		s.handTying()
	}
}
