package engine

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unsafe"

	"pactsim/agents"
)

// Accession: who joins what (docs/model.md sec. 5), and the life of a
// treaty: formation, retries and formalisation (sec. 5.4).

// membership is the accession state of an architecture-run. Per mechanism ×
// state arrays are indexed m*n+i.
type membership struct {
	member, next []bool    // after the last review; the review in progress
	prevMember   []bool    // before the last review
	oim          []float64 // o_im, after reservations
	tastes       []float64 // ε_im, drawn once per run
	alive        []bool    // per mechanism: exists now
	dead         []bool    // per mechanism: a treaty that dissolved, or failed with no retry, stays dead
	attempt      []bool    // per mechanism: a treaty attempted at this review
	born         []int     // per mechanism: the period it last came alive
	inAny        []bool    // per state: member of some mechanism
	growth       []float64 // per state: min(1, Σ g_m) over its mechanisms
	seen         [nk]int   // crises of each type so far, for ĉ_m
	treatyFormed bool      // the treaty formed at some review
	formedAt     int       // t_f, the period it formed
	failedAt     int       // t_x, the period of the last failed attempt; −1 never
	failedPrev   int       // the failed attempt before failedAt; −1 none (its window may cover failedAt's period)
	failedNow    bool      // an attempt failed at this review: its cost is still to apply
	rel          agents.Reliance
	relPatron    bool // the patron counts in rel's mechanism
	// Read once per review, when nothing moves them (secs. 5.2, 9.8): the
	// public honour records' means h_l and each state's belief in the US,
	// and each state's own costs in the accession utility.
	honourMean, usMean []float64
	own                []agents.StateCosts
	// ĉ_m's weights for the crises seen before the review (readRatings).
	coverage agents.CoverageWeights
}

// resize sizes the arrays for nm mechanisms and n states. Memberships and
// the per-mechanism and per-state fields start at zero; the rest are
// written before they are read, so they are only sized (docs/model.md
// sec. 22.1, ninth pass): the review copies member into next and
// prevMember before either is read, initMemberships writes every o_im and
// the taste of every voter (the only ones decide reads), and readRatings
// writes the means and every state's costs at each review, before
// anything reads them.
func (ms *membership) resize(nm, n int) {
	ms.member, ms.next, ms.prevMember = grow(ms.member, nm*n), sized(ms.next, nm*n), sized(ms.prevMember, nm*n)
	ms.oim, ms.tastes = sized(ms.oim, nm*n), sized(ms.tastes, nm*n)
	ms.alive, ms.dead, ms.attempt, ms.born = grow(ms.alive, nm), grow(ms.dead, nm), grow(ms.attempt, nm), grow(ms.born, nm)
	ms.inAny, ms.growth = grow(ms.inAny, n), grow(ms.growth, n)
	ms.honourMean, ms.usMean, ms.own = sized(ms.honourMean, n), sized(ms.usMean, n), sized(ms.own, n)
	ms.seen = [nk]int{}
	ms.treatyFormed, ms.formedAt, ms.failedAt, ms.failedPrev, ms.failedNow = false, -1, -1, -1, false
}

// initMemberships computes every o_im (docs/model.md sec. 4.1) and draws
// every taste ε_im (sec. 5.2): a state's own taste for the mechanism from
// the architecture's substream and, with accession.taste_correlation > 0,
// its common taste from the task's shock stream.
func (s *sim) initMemberships() {
	m, n := s.m, s.n
	// The states, the strength of reservations and each mechanism's row
	// and obligation in locals: the stores into oim may alias them as far
	// as the compiler knows, so it would load them anew for every state
	// (docs/model.md sec. 22.1, ninth pass); the same products.
	states, strength := s.pop.States[:n], m.reservation
	for mi := range s.am.mechs {
		mm := &s.am.mechs[mi]
		key := s.taste.at(0, mm.key)
		oim, obligation := s.oim[mi*n:][:n], mm.def.Obligation()
		for i := range states {
			oim[i] = agents.Reservation(obligation, states[i].Legal, strength)
		}
		// Only voters' tastes are ever read (decide). Each taste is a pure
		// function of the stream, the mechanism and the state (a counter-
		// based draw), so skipping the others changes no one's; a
		// bilateral has one voter of n (docs/model.md sec. 22.1).
		for _, i := range mm.voters {
			// A persistent taste per (mechanism, state), drawn once: redrawing
			// it at each review would ratchet everyone into everything.
			own := key.logistic(slotTaste, i)
			if m.tasteCorr == 0 {
				s.tastes[mi*n+i] = m.tasteScale * own
			} else {
				s.tastes[mi*n+i] = agents.Taste(m.tasteScale, m.tasteCorr, own, s.commonTaste[i])
			}
		}
	}
}

// review runs the accession decisions at t (docs/model.md secs. 5.1, 5.3
// and 5.4): every decision on the pre-review memberships, then all applied
// together. It reports whether any membership changed (always true at 0).
func (s *sim) review(t int) bool {
	s.readRatings()
	copy(s.next, s.member)
	for mi := range s.am.mechs {
		s.attempt[mi] = false
		if s.am.mechs[mi].def.Treaty {
			if s.dead[mi] {
				continue
			}
			if !s.alive[mi] {
				// A treaty that has not formed is decided on only when it is
				// attempted.
				if s.attempt[mi] = s.attempting(t, mi); !s.attempt[mi] {
					continue
				}
			}
		}
		s.decide(t, mi)
	}
	copy(s.prevMember, s.member)
	copy(s.member, s.next)
	for mi := range s.am.mechs {
		s.settle(t, mi)
	}
	return t == 0 || !sameBools(s.member, s.prevMember)
}

// sameBools is slices.Equal for bools, compared as the bytes they are (a
// bool is one byte, 0 or 1, in the gc toolchain) by the runtime's
// vectorised comparison, not one element at a time: the memberships of
// every mechanism and state at every review (a review, stop 53).
func sameBools(a, b []bool) bool {
	return bytes.Equal(boolBytes(a), boolBytes(b))
}

// boolBytes is b's memory as bytes, each 0 or 1 (a bool is one byte in
// the gc toolchain): the one view sameBools and countBools read.
func boolBytes(b []bool) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(b))), len(b))
}

// countBools is the number of true values in b, summed eight at a time
// as the bytes (0 or 1) of a little-endian word: multiplying the word by
// 0x0101010101010101 leaves the sum of its bytes, at most 8, in the top
// byte, with no carry from the bytes below (a review, stop 53; settle
// counts one at a time under sim.full, for TestShortcutsExact).
func countBools(b []bool) int {
	p := boolBytes(b)
	c := 0
	for len(p) >= 8 {
		c += int(binary.LittleEndian.Uint64(p) * 0x0101010101010101 >> 56)
		p = p[8:]
	}
	for _, x := range p {
		c += int(x)
	}
	return c
}

// attempting reports whether a treaty that has not formed is attempted at
// review t (docs/model.md sec. 5.4): at t = 0 unless it is deferred; a
// deferred treaty once its core's interoperability and trust pass the
// thresholds; after a failure, at the first review treaty.retry_period
// after it (and, if deferred, with the thresholds still passed).
func (s *sim) attempting(t, mi int) bool {
	mm := &s.am.mechs[mi]
	if s.failedAt >= 0 && !s.m.form.Retry(t, s.failedAt) {
		return false
	}
	if mm.from < 0 {
		return t == 0 || s.failedAt >= 0
	}
	return t > 0 && s.formalise(mm.from)
}

// formalise reports whether the core mechanism ci has passed the
// formalisation thresholds: its members' mean interoperability and their
// mean rating of each other, over ordered pairs (docs/model.md sec. 5.4).
func (s *sim) formalise(ci int) bool {
	if !s.alive[ci] {
		return false
	}
	n := s.n
	var io, h float64
	var members, pairs int
	for i := 0; i < n; i++ {
		if !s.member[ci*n+i] {
			continue
		}
		members++
		io += s.interop[i]
		for l := 0; l < n; l++ {
			if l != i && s.member[ci*n+l] {
				h += s.rating(i, l)
				pairs++
			}
		}
	}
	if pairs == 0 {
		return false
	}
	return s.m.form.Formalise(io/float64(members), h/float64(pairs))
}

// readRatings reads, at the start of a review, what the decisions and
// readiness read of beliefs and records (nothing moves them during a
// review), and each state's own costs in the accession utility: with
// 2.0's autonomy a_i(t) and learned exposure ê_i (secs. 9.6, 9.9).
func (s *sim) readRatings() {
	m, n := s.m, s.n
	honourMean, usMean, us := s.honourMean[:n], s.usMean[:n], s.us[:n]
	if s.honourAway || s.full {
		for i, h := range s.honour[:n] {
			honourMean[i] = h.Mean()
		}
	} else {
		// Every honour record is at its prior while honourAway is false
		// (decay), so every mean is the prior's, the same division of the
		// same numbers (a review, stop 53; sim.full takes each record's).
		hp := m.learn.HonourPrior.Mean()
		for i := range honourMean {
			honourMean[i] = hp
		}
	}
	for i := range usMean {
		usMean[i] = us[i].Mean()
	}
	if len(s.am.mechs) == 0 {
		return
	}
	// ĉ_m's weights: the crises seen do not move during a review either.
	s.coverage = m.prior.Weights(&s.seen)
	// The switches and ω_Ret·λ_Ret once: Go evaluates a·b·c as (a·b)·c,
	// so the product taken once is the same factor (the same bits).
	on, ret := m.align.On(), m.retribution != 0
	retLearn := m.retribution * m.retLearning
	for i := range s.pop.States {
		st := &s.pop.States[i]
		autonomy, exposure := st.Autonomy, st.Exposure
		if on {
			autonomy = s.autonomy[i]
		}
		if ret {
			exposure += retLearn * s.lossMem[i] // ê_i (sec. 9.6)
		}
		s.own[i] = m.acc.StateCosts(autonomy, exposure, st.RiskTolerance, st.Legal)
	}
}

// decide writes every eligible state's decision about mechanism mi into
// next. At t = 0 founders of a pre-existing mechanism are bound and no one
// else joins it; bound treaty founders join an attempted treaty without
// evaluating U. The patron does not review what it founds (voters).
func (s *sim) decide(t, mi int) {
	m, n := s.m, s.n
	mm := &s.am.mechs[mi]
	d := &mm.def
	lo := mi * n
	next, founder, barrable := s.next[lo:][:n], mm.founder[:n], mm.barrable
	if t == 0 && d.PreExisting {
		// Founders bound, no one else: no utility is computed (so neither
		// are prepareReliance's sums, which only the utility reads).
		for _, i := range mm.voters {
			if barrable != nil && barrable[i] && m.allies.Binds(s.banDraw[i]) {
				next[i] = false // barred in this world (sec. 5.5)
				continue
			}
			next[i] = founder[i]
		}
		return
	}
	patron := s.pop.Patron
	ask := m.burden.Ask(d.Burden())
	s.prepareReliance(mi)
	coverage, integ, vis := s.coverage.Expected(d.Coverage()), s.effInteg[mi], d.Visibility()
	member, oim, tastes := s.member[lo:][:n], s.oim[lo:][:n], s.tastes[lo:][:n]
	doctrine, spend := mm.doctrine[:n], s.spend[:n]
	honour, us, own, states := s.honourMean[:n], s.usMean[:n], s.own[:n], s.pop.States[:n]
	capPatron, exitCost := states[patron].Capability, d.ExitCost()
	bound := s.attempt[mi] && d.FoundersBound
	// prepareReliance's sums in locals: the stores into next may alias
	// them as far as the compiler knows, so it would load them per voter.
	rel, relPatron := s.rel, s.relPatron
	for _, i := range mm.voters {
		// A voter is a state: with 0 ≤ i < n checked once, the compiler
		// drops the check of every row above, each of length n.
		if i < 0 || i >= n {
			panic("engine: a voter out of the roster")
		}
		if barrable != nil && barrable[i] && m.allies.Binds(s.banDraw[i]) {
			next[i] = false // barred in this world (sec. 5.5)
			continue
		}
		if bound && founder[i] {
			next[i] = true
			continue
		}
		// r̂_im, i's expected honour of the other members and founders
		// (docs/model.md sec. 5.2), from prepareReliance's sums: i itself
		// taken out, the patron rated by i's own US belief.
		r, gap := rel, 0.0
		if i != patron {
			if member[i] || founder[i] {
				r.Remove(states[i].Capability, honour[i])
			}
			if relPatron {
				r.Add(capPatron, us[i])
			}
			gap = agents.Gap(ask, spend[i])
		}
		u := m.acc.UtilityOf(states[i].Threat, own[i], oim[i], coverage, r.Mean(), integ, vis,
			tastes[i], gap, doctrine[i])
		next[i] = agents.WantsMembership(member[i], u, exitCost)
	}
}

// settle applies the life rules of mechanism mi after the decisions
// (docs/model.md secs. 5.3 and 5.4): the patron is a member of what it
// founds; an attempted treaty forms only if every founder joined and it
// has its minimum membership, else the attempt failed (and the treaty is
// dead unless it may be retried); any mechanism below its minimum
// dissolves, and a treaty that dissolves stays dead.
func (s *sim) settle(t, mi int) {
	n := s.n
	mm := &s.am.mechs[mi]
	d := &mm.def
	row := s.member[mi*n : (mi+1)*n]
	wasAlive := s.alive[mi]
	if d.Treaty && !wasAlive && !s.attempt[mi] {
		// Not attempted (dead, or waiting for a retry or formalisation).
		clear(row)
		return
	}
	if mm.founder[s.pop.Patron] {
		row[s.pop.Patron] = true
	}
	count := countBools(row)
	if s.full {
		count = 0
		for _, b := range row {
			if b {
				count++
			}
		}
	}
	founders := true
	for _, f := range mm.founders {
		founders = founders && row[f]
	}
	if s.attempt[mi] {
		if founders && count >= d.MinMembers() {
			s.treatyFormed, s.formedAt = true, t
		} else {
			// A failed attempt: no one is a member, tension rises, and
			// the patron pays in credibility if it founded the treaty
			// (docs/model.md sec. 5.4): A learns nothing of the patron's
			// resolve from a pact the patron was not party to.
			s.failedPrev, s.failedAt, s.failedNow = s.failedAt, t, mm.founder[s.pop.Patron]
			if s.m.form.RetryPeriod == 0 {
				s.dead[mi] = true
			}
			clear(row)
			s.alive[mi] = false
			return
		}
	}
	if count < d.MinMembers() {
		clear(row)
		s.alive[mi] = false
		if d.Treaty {
			s.dead[mi] = true
		}
		return
	}
	if !wasAlive {
		s.born[mi] = t
	}
	s.alive[mi] = true
}

// updateGrowth records, per state, whether it belongs to any mechanism and
// its interoperability growth rate (docs/model.md sec. 9.5). Both change
// only at reviews, so they are computed here, not every period.
//
// The sums run over the mechanisms' member lists (listMembers, from the
// member rows), mechanism by mechanism in index order: each state's sum
// adds the same terms from +0 in the same order as a scan of its column of
// member rows, without reading the rows of the mechanisms it is not in (a
// review, stop 53; sim.full scans them, for TestShortcutsExact).
func (s *sim) updateGrowth() {
	n := s.n
	if s.full {
		for i := range s.inAny {
			s.inAny[i] = false
			var g float64
			for mi := range s.am.mechs {
				if s.member[mi*n+i] {
					s.inAny[i] = true
					g += s.effInteg[mi]
				}
			}
			s.growth[i] = agents.InteropGrowth(g)
		}
		return
	}
	inAny, growth := s.inAny[:n], s.growth[:n]
	clear(inAny)
	clear(growth)
	for mi := range s.am.mechs {
		g := s.effInteg[mi]
		for _, i := range s.membersOf(mi) {
			inAny[i] = true
			growth[i] += g
		}
	}
	for i, g := range growth {
		growth[i] = agents.InteropGrowth(g)
	}
}

// rating is h_il: i's rating of l's will to honour a commitment; its US
// belief for the patron, l's public honour record otherwise
// (docs/model.md sec. 5.2).
func (s *sim) rating(i, l int) float64 {
	if l == s.pop.Patron {
		return s.us[i].Mean()
	}
	return s.honour[l].Mean()
}

// prepareReliance sums K_l and K_l·h_l over the members and founders l of
// mechanism mi, for every l but the patron: those ratings are public honour
// records, the same for every rater. Only the patron's rating (the rater's
// own US belief) and the rater itself differ by rater; decide adds and
// removes them.
func (s *sim) prepareReliance(mi int) {
	n := s.n
	mm := &s.am.mechs[mi]
	s.rel, s.relPatron = agents.Reliance{}, false
	// Every row of length n, so that l is checked against n once.
	member, founder, h := s.member[mi*n:][:n], mm.founder[:n], s.honourMean[:n]
	patron, states := s.pop.Patron, s.pop.States[:n]
	for l, b := range member {
		if !(b || founder[l]) {
			continue
		}
		if l == patron {
			s.relPatron = true
			continue
		}
		s.rel.Add(states[l].Capability, h[l])
	}
}

// listMembers lists every mechanism's members after a review.
func (s *sim) listMembers() {
	n := s.n
	c := 0
	for mi := range s.am.mechs {
		s.mstart[mi] = c
		for i, b := range s.member[mi*n : mi*n+n] {
			if b {
				s.mlist[c] = i
				c++
			}
		}
	}
	s.mstart[len(s.am.mechs)] = c
}

// membersOf is mechanism mi's members, as listed at the last review.
func (s *sim) membersOf(mi int) []int { return s.mlist[s.mstart[mi]:s.mstart[mi+1]] }

// visibility is Vis(t) = Σ_i (K_i/ΣK)·max over i's mechanisms of v_m
// (docs/model.md sec. 6.4). i's mechanisms are the bits of its mask, which
// computeLinks has just set from the live mechanisms' members: a member
// row is cleared whenever its mechanism is not alive after a review
// (settle), so they are the mechanisms whose member rows hold i, and the
// maximum does not depend on its order (a review, stop 53; sim.full scans
// the rows, for TestShortcutsExact).
func (s *sim) visibility() float64 {
	n, mw := s.n, s.mw
	var vis float64
	for i := range s.pop.States {
		// max by comparison: visibilities are ≥ 0, v starts at +0.
		var v float64
		if s.full {
			for mi := range s.am.mechs {
				if x := s.am.mechs[mi].def.Visibility(); s.member[mi*n+i] && x > v {
					v = x
				}
			}
		} else {
			for w, b := range s.masks[i*mw : i*mw+mw] {
				for ; b != 0; b &= b - 1 {
					if x := s.am.mechs[w*64+bits.TrailingZeros64(b)].def.Visibility(); x > v {
						v = x
					}
				}
			}
		}
		vis += s.pop.States[i].Capability / s.capSum * v
	}
	// The capability shares sum to 1 only up to rounding: with every
	// state in a mechanism of visibility 1 the sum can be 1 + 2⁻⁵², and
	// Vis is a share (codebook: [0, 1]).
	return min(vis, 1)
}

// preExistingVisibility is Vis_pre, the visibility of the status quo ante:
// the pre-existing mechanisms with their founders only, before any t = 0
// decision (docs/model.md sec. 6.7). A has already mobilised against what
// exists today, so only visibility beyond it counts.
func (s *sim) preExistingVisibility() float64 {
	var vis float64
	for i := range s.pop.States {
		var v float64
		for mi := range s.am.mechs {
			mm := &s.am.mechs[mi]
			if mm.def.PreExisting && mm.founder[i] {
				v = max(v, mm.def.Visibility())
			}
		}
		vis += s.pop.States[i].Capability / s.capSum * v
	}
	return min(vis, 1) // as visibility
}
