package engine

import "pactsim/agents"

// Learning (docs/model.md secs. 9.2-9.5): what states and the adversary
// learn from crises, and how it fades.

// beliefs are the per-state beliefs and records of an architecture-run.
type beliefs struct {
	us, us0     []agents.Beta // beliefs in US reliability and their priors
	honour      []agents.Beta // public honour records
	cred, cred0 []agents.Beta // A's credibility beliefs and their priors
	credMean    []float64     // the mean of each cred, kept in step (from the first decay on)
	credSynced  bool          // credMean is each cred's Mean: false from the priors' set-up to the first decay
	interop     []float64     // ι_i
	interop0    []float64     // ι_i at the start
	committed   []int         // crises in which the state was committed
	honoured    []int         // ... and acted
	// Whether some honour record may be away from its prior: set wherever
	// one is moved, cleared by a decay that finds every one at its prior
	// (decay). readRatings takes the honour records' means from the prior's
	// while honourAway is false.
	honourAway bool
	// The states whose credibility belief may be away from its prior, each
	// once (credListed): added wherever one is moved (markCred), dropped by
	// a decay that finds it at its prior, so decay walks these few, not
	// every state (a review, stop 54).
	credList   []int
	credListed []bool
}

// resize sizes the arrays for n states. Beliefs, records and
// interoperability are written in full by initBeliefs, and A's
// credibility by initCredibility, before anything reads them, so they are
// only sized (docs/model.md sec. 22.1, ninth pass); the counts and the
// marks start at zero.
func (b *beliefs) resize(n int) {
	b.us, b.us0, b.honour = sized(b.us, n), sized(b.us0, n), sized(b.honour, n)
	b.cred, b.cred0, b.credMean = sized(b.cred, n), sized(b.cred0, n), sized(b.credMean, n)
	b.interop, b.interop0 = sized(b.interop, n), sized(b.interop0, n)
	b.committed, b.honoured = grow(b.committed, n), grow(b.honoured, n)
	b.credListed = grow(b.credListed, n)
	if cap(b.credList) < n {
		b.credList = make([]int, 0, n)
	}
	b.credList = b.credList[:0]
}

// markCred notes that i's credibility belief may have left its prior, for
// decay. Not inlined: its callers' loops run it rarely.
//
//go:noinline
func (b *beliefs) markCred(i int) {
	if !b.credListed[i] {
		b.credListed[i] = true
		b.credList = append(b.credList, i)
	}
}

// clearCred empties the list of credibility beliefs away from their priors.
func (b *beliefs) clearCred() {
	for _, i := range b.credList {
		b.credListed[i] = false
	}
	b.credList = b.credList[:0]
}

// initBeliefs sets US beliefs, honour records and interoperability to their
// initial values (docs/model.md secs. 9.2, 9.3 and 9.5).
func (s *sim) initBeliefs() {
	l := &s.m.learn
	for i := range s.pop.States {
		st := &s.pop.States[i]
		s.us0[i] = agents.BetaPrior(st.Belief, l.BeliefStrength)
		s.us[i] = s.us0[i]
		s.honour[i] = l.HonourPrior
		s.interop[i], s.interop0[i] = st.Interop, st.Interop
	}
	s.honourAway = false
}

// initCredibility forms A's credibility priors after the t = 0 review
// (docs/model.md sec. 9.4). In 1.1 they are computed once; in 2.0 later
// changes of membership move them (hand-tying, s.handTying).
func (s *sim) initCredibility() {
	m := s.m
	for i := range s.pop.States {
		base := m.cred.Base
		if i == s.pop.Patron {
			base = m.usReliability
		}
		public := s.publicCommitment(i) // max over i's mechanisms of o_im·v_m
		s.pub[i] = public
		c := m.cred.PriorMean(base, public)
		s.cred0[i] = agents.BetaPrior(c, m.cred.Strength)
		s.cred[i] = s.cred0[i]
		s.credMean[i] = c
	}
	s.credSynced = false
	s.clearCred()
}

// commitments updates, for every state committed to target j in a crisis
// of type k, its public honour record and A's credibility belief, and
// counts participation (docs/model.md secs. 8, 9.3 and 9.4). A reads a
// state anew at once, before the next target is considered: backing down
// invites challenges, standing firm deters (Weisiger & Yarhi-Milo 2015).
// It reports whether the patron was committed.
func (s *sim) commitments(j int, k agents.CrisisType) (patronCommitted bool) {
	a := &s.acc
	n := s.n
	// j's row of the pair table, read in order (linkOf(l, j, k) is
	// row[l].link[k] and row[l].mech[k]).
	row, act := s.pairs[j*n:j*n+n], s.act[:n]
	// The link counts in locals and the threshold read once: the stores
	// below may alias them as far as the compiler knows (integer counts,
	// so the same totals).
	linked, participated, threshold := 0, 0, s.m.commitment
	for l := range row {
		if l == j {
			continue
		}
		link, mi := row[l].link[k], row[l].mech[k]
		acted := act[l]
		if mi >= 0 {
			linked++
			if acted {
				participated++
			}
		}
		if !agents.Committed(link, threshold) {
			continue
		}
		a.committed++
		s.committed[l]++
		patronCommitted = patronCommitted || l == s.pop.Patron
		if acted {
			a.honoured++
			s.honoured[l]++
		}
		s.honour[l].Observe(acted, 1)
		s.cred[l].Observe(acted, 1)
		s.credMean[l] = s.cred[l].Mean()
		s.honourAway = true
		s.markCred(l)
	}
	a.linked += linked
	a.participated += participated
	return patronCommitted
}

// learnUS updates every state's belief in US reliability after a crisis in
// which the patron was committed (docs/model.md sec. 9.2): fully for the
// target and the states allied with it, partly for bystanders.
func (s *sim) learnUS(j int) {
	acted := s.act[s.pop.Patron]
	for x := range s.us {
		w := s.m.learn.USWeight(x == j || s.shares[j*s.n+x])
		s.us[x].Observe(acted, w)
	}
}

// jointResponse: practice builds interoperability. After a crisis in which
// some state besides the target acted, the target and every state that
// acted gain (docs/model.md sec. 9.5).
func (s *sim) jointResponse(j int) {
	g := s.m.learn.JointGain
	s.interop[j] = agents.Practice(s.interop[j], g)
	for i := range s.interop {
		if i != j && s.act[i] {
			s.interop[i] = agents.Practice(s.interop[i], g)
		}
	}
}

// decay ends a period (docs/model.md sec. 10, step 7): US beliefs, honour
// records and credibility decay toward their priors; interoperability grows
// in a mechanism and decays toward its start outside any.
//
// A belief at its prior, or interoperability at its start, stays there
// exactly (x + δ·(x0 − x) = x + δ·0 = x), so those steps are skipped; so is
// recomputing the mean of a credibility belief that did not move, once the
// first decay has put every mean in step with its belief (set-up takes the
// prior's nominal mean, which its Beta's mean may round differently).
//
// Honour records and credibility beliefs move only at a commitment in a
// crisis (commitments), a failed attempt's cost (failureCost) and
// hand-tying (handTying), which at the defaults are rare (a review, stop
// 53): the honour pass runs only while one may be away from its prior
// (honourAway, set where one moves) and clears the flag when it finds
// every one at its prior; the credibility pass walks only the states whose
// belief moved (credList, kept where one moves; a review, stop 54) and
// drops those it finds at their priors, except at the first decay, which
// walks every state. Each state's
// four updates touch only its own entries, so taking them in three passes
// instead of one changes no value; a skipped pass is one whose every step
// would have been skipped. sim.full runs every pass (TestShortcutsExact).
func (s *sim) decay() {
	l, c := &s.m.learn, &s.m.cred
	n, synced, full := s.n, s.credSynced, s.full
	us, us0 := s.us[:n], s.us0[:n]
	interop, interop0, inAny, growth := s.interop[:n], s.interop0[:n], s.inAny[:n], s.growth[:n]
	// The constants in locals: the stores below may alias them as far as
	// the compiler knows, so it would load them anew for every state.
	bd, id := l.BeliefDecay, l.InteropDecay
	for i := range us {
		if us[i] != us0[i] {
			us[i].DecayToward(us0[i], bd)
		}
		if inAny[i] {
			interop[i] = agents.Practice(interop[i], growth[i])
		} else if interop[i] != interop0[i] {
			interop[i] = agents.DecayToward(interop[i], interop0[i], id)
		}
	}
	if s.honourAway || full {
		honour, hp := s.honour[:n], l.HonourPrior
		away := false
		for i := range honour {
			if honour[i] != hp {
				honour[i].DecayToward(hp, bd)
				away = true
			}
		}
		s.honourAway = away
	}
	if !synced || full {
		cred, cred0, credMean, cd := s.cred[:n], s.cred0[:n], s.credMean[:n], c.Decay
		s.clearCred()
		for i := range cred {
			if cred[i] != cred0[i] {
				cred[i].DecayToward(cred0[i], cd)
				credMean[i] = cred[i].Mean()
				s.markCred(i)
			} else if !synced {
				credMean[i] = cred[i].Mean()
			}
		}
	} else if len(s.credList) > 0 {
		// Only the listed states can be away from their priors; one found
		// at its prior leaves the list, as the flag would have cleared.
		cred, cred0, credMean, cd := s.cred[:n], s.cred0[:n], s.credMean[:n], c.Decay
		list, listed := s.credList, s.credListed[:n]
		kept := list[:0]
		for _, i := range list {
			if cred[i] != cred0[i] {
				cred[i].DecayToward(cred0[i], cd)
				credMean[i] = cred[i].Mean()
				kept = append(kept, i)
			} else {
				listed[i] = false
			}
		}
		s.credList = kept
	}
	s.credSynced = true
}
