package engine

import (
	"math/bits"
	"slices"

	"pactsim/agents"
)

// The state variables model 2.0 adds (docs/model.md secs. 4.4, 4.5, 6.7
// and 9.6-9.9): capability per domain this period, defence spending,
// readiness, autonomy, remembered coercion and losses, A's
// counter-mobilisation, economic campaigns, and the standing structures'
// fields. Each moves at its place in the order of events (sec. 10).

// task is what every architecture of a task shares: per-state values that
// depend on the population alone.
type task struct {
	commonTaste []float64                  // ℓ_i, a state's common taste (sec. 5.2)
	banDraw     []float64                  // u_i, whether i's alliance ban binds (sec. 5.5); drawn when 0 < ω_Ban < 1
	natLnLat    []float64                  // ln(ω_L·Λ^nat_k·(1 + d_i)), index i*nk+k
	natXi       []float64                  // its ξ, −1 until natOnTime first reads it
	promTotal   []float64                  // Σ_{l≠i} K_l, the denominator of Prom_i (sec. 9.8)
	respCost    []agents.ResponseStateCost // what of i's utility of acting does not depend on the crisis (sec. 7)
	capBasis    []agents.CapabilityBasis   // what of i's domain capabilities does not move (sec. 4.4)
	// What anyone may expect of i without a shared mechanism (secs. 6.1,
	// 7.1): the ad hoc link, and the ad hoc latency bounded by the national
	// one (before the constitutional cap, which depends on the target).
	unshared []unshared
	// The same as rows over responders, built by fillUnshared when first
	// needed in the task (uRows): unshared[i]'s pairLinks (index i), A's
	// weights (index k*n+i, the layout of a target's rows of wl) and
	// K_i·λ̄ (index i).
	uPairs []pairLinks
	uWl    []float64
	uKl    []float64
	uRows  bool
}

// prepareTask computes the per-task values (docs/model.md secs. 5.2, 7.1).
func (s *sim) prepareTask() {
	m, n := s.m, s.n
	s.commonTaste = grow(s.commonTaste, n)
	if m.tasteCorr != 0 {
		key := s.shocks.at(0, 0)
		for i := range n {
			s.commonTaste[i] = key.logistic(slotTasteCommon, i)
		}
	}
	if a := &m.allies; a.Strength > 0 && !a.Certain() {
		// One draw per state and task, the same for every architecture
		// (common random numbers), from a slot of its own: no other draw
		// moves.
		s.banDraw = grow(s.banDraw, n)
		key := s.shocks.at(0, 0)
		for i := range n {
			s.banDraw[i] = key.uniform(slotBan, i)
		}
	}
	s.capBasis, s.promTotal = grow(s.capBasis, n), grow(s.promTotal, n)
	s.respCost = grow(s.respCost, n)
	// Σ_{l≠i} K_l is +0 + K_0 + … + K_{i−1} + K_{i+1} + … + K_{n−1}, in
	// that order: the running sum of the states before i, then the states
	// after it, so the prefix is added once, not anew for every i; the
	// same additions in the same order, the same bits (docs/model.md sec.
	// 22.1, ninth pass). The whole sum, +0 + K_0 + … + K_{n−1}, is Σ_i K_i,
	// which the set-up of every architecture summed anew before.
	states := s.pop.States[:n]
	var prefix float64
	for i := range states {
		st := &states[i]
		s.respCost[i] = m.resp.StateCost(st.Exposure, st.RiskTolerance, st.Legal)
		s.capBasis[i] = st.CapabilityBasis(&m.dom)
		total := prefix
		for l := i + 1; l < n; l++ {
			total += states[l].Capability
		}
		s.promTotal[i] = total
		prefix += st.Capability
	}
	s.capSum = prefix
	s.natLnLat, s.natXi = grow(s.natLnLat, n*nk), grow(s.natXi, n*nk)
	s.unshared = grow(s.unshared, n)
	on := m.coord.On()
	for i := range n {
		u := &s.unshared[i]
		adhoc := m.adhoc * s.pop.States[i].Threat // λ_adhoc·θ_i, i's ad hoc link to anyone (sec. 6.1)
		for k := range nk {
			u.link[k], u.mech[k] = adhoc, -1
		}
		u.capped = m.csd.Strength != 0 && s.pop.States[i].Domains.CSDLimit
		for k := range nk {
			if on {
				// ξ of the national bound is evaluated when first read
				// (natOnTime): it is read only where the bound is the
				// slowest of a pair's latencies, rarely at the defaults
				// (national days below the ad hoc ones), and each ξ is an
				// erfc (docs/model.md sec. 22.1).
				ln := m.coord.LogLatency(m.coord.National[k] * (1 + s.pop.States[i].Legal))
				s.natLnLat[i*nk+k], s.natXi[i*nk+k] = ln, -1
				if s.full { // every ξ at once, for TestShortcutsExact
					s.natOnTime(i, k)
				}
				// The national bound on the ad hoc latency, strict > as in pair.
				u.lnLat[k], u.xi[k] = m.lnLatAdHoc[k], m.xiAdHoc[k]
				if ln > m.lnLatAdHoc[k] {
					u.lnLat[k], u.xi[k] = ln, s.natOnTime(i, k)
				}
			}
			// A's weight and λ̄ as pair computes them.
			u.wl[k] = u.link[k]
			if on {
				u.wl[k] = u.link[k] * u.xi[k]
			}
			u.kLambda += m.prior.Share[k] * u.link[k]
		}
		u.kLambda = s.pop.States[i].Capability * u.kLambda
	}
	s.uRows = false
}

// fillUnshared gives every pair the task's values of a pair that shares
// nothing (unsharedPair's, capped or not), a target's row at a time, as
// computeLinks' set-up starts, and reports whether it did
// (docs/model.md sec. 22.1, eighth pass). Every pair computeLinks then
// computes otherwise (its own, a shared or a capped one) overwrites all of
// what this wrote, and the rest hold the values unsharedPair would give
// them one by one, so the table ends the same (TestShortcutsExact
// computes every pair by pairWith). Filling costs about as much as
// unsharedPair on a fifth of the table, so it is done only where at least
// n²/5 pairs of states share nothing by a bound from the members' counts
// (no more pairs share than Σ_m C(|m|, 2)); either way the values are the
// same.
func (s *sim) fillUnshared() bool {
	n := s.n
	free := n * (n - 1) / 2
	for mi := range s.am.mechs {
		c := s.mstart[mi+1] - s.mstart[mi]
		free -= c * (c - 1) / 2
	}
	if 5*free < n*n {
		return false
	}
	if !s.uRows {
		s.uRows = true
		s.uPairs, s.uWl, s.uKl = sized(s.uPairs, n), sized(s.uWl, nk*n), sized(s.uKl, n)
		for i := range s.unshared {
			u := &s.unshared[i]
			s.uPairs[i], s.uKl[i] = u.pairLinks, u.kLambda
			for k := range nk {
				s.uWl[k*n+i] = u.wl[k]
			}
		}
	}
	ready := s.m.ready.Strength != 0
	for j := 0; j < n; j++ {
		copy(s.pairs[j*n:j*n+n], s.uPairs)
		clear(s.shares[j*n : j*n+n])
		copy(s.wl[j*nk*n:(j+1)*nk*n], s.uWl)
		if ready {
			copy(s.kLambda[j*n:j*n+n], s.uKl)
		}
	}
	if ready {
		s.kLambdaMoved = true
	}
	return true
}

// natOnTime is ξ of i's national latency bound in domain k, computed on
// first use within the task (m.latency's ξ of the same log latency, so the
// same value as computing it in prepareTask).
func (s *sim) natOnTime(i, k int) float64 {
	x := &s.natXi[i*nk+k]
	if *x < 0 {
		*x = s.m.coord.OnTime(agents.CrisisType(k), s.natLnLat[i*nk+k])
	}
	return *x
}

// unshared is what a target may expect of a state with which it shares no
// live mechanism (pair): its links and latencies, A's weights and K_i·λ̄,
// valid for every target unless the state's links are capped (capped).
type unshared struct {
	pairLinks
	wl      [nk]float64
	kLambda float64
	capped  bool
}

// dynamics is the 2.0 state of an architecture-run.
type dynamics struct {
	// Per state.
	// This period's capability per domain (agents.State.CapabilityFor):
	// the friction-discounted part, its part per unit of the target's
	// awareness, and the part free of friction (as a partner; TargetFree
	// as the target of economic coercion).
	caps       []agents.DomainCapabilities
	capStale   []bool    // m_i or ϑ_i moved since the capability was computed
	spend      []float64 // f_i(t), % of GDP
	mult       []float64 // m_i(t)
	ask        []float64 // f*_i, from the last review
	ready      []float64 // ϑ_i(t)
	readyAim   []float64 // ϑ*_i, from the last review
	autonomy   []float64 // a_i(t)
	coercion   []float64 // Γ_i
	lossMem    []float64 // L̃_i
	pub        []float64 // max over i's mechanisms of o_im·v_m (hand-tying)
	campaign   []int     // the last period of the economic campaign against i
	received   []int     // challenges received, index i*nk+k
	recvNow    []int     // challenges received this period
	faSuffered []int     // challenges against i that changed control
	econLoss   []float64 // economic loss, % of i's GDP, summed over the run
	lossNow    []float64 // this period's
	hazardRecv []float64 // Σ hazards of challenges against i
	// The honour records' and US beliefs' means at the last readiness
	// targets, and whether λ̄ moved since (reviewDynamics).
	promHonour, promUs []float64
	kLambdaMoved       bool
	rateOf             []float64 // scratch of promised: the ratings h_il of one rater i
	// Per mechanism: fields a standing structure moves (sec. 4.5), and the
	// number of members.
	effLat, effAware, effInteg, effNoise []float64
	ramp                                 []float64 // the build-up ramp they were last moved with
	mechLnLat, mechXi                    []float64 // index mi*nk+k
	latMoved                             []bool    // the latency moved since links were computed
	size                                 []int

	z, resolveA, logNeed float64     // A's counter-mobilisation Z, R_A(t), ln(K_A·R_A(t))
	need                 [nk]float64 // N_k(t) = K_A·s_k·R_A(t)
	visPre               float64     // Vis_pre
}

// resize sizes the arrays for nm mechanisms and n states. Those that
// initDynamics writes in full (spending, its multiplier, readiness and its
// target, autonomy, campaigns, the stale marks and the mechanisms'
// fields) are only sized, not cleared (docs/model.md sec. 22.1, ninth
// pass); the rest start at zero.
func (d *dynamics) resize(nm, n int) {
	d.caps = grow(d.caps, n)
	d.capStale = sized(d.capStale, n)
	d.spend, d.mult, d.ask = sized(d.spend, n), sized(d.mult, n), grow(d.ask, n)
	d.ready, d.readyAim, d.autonomy = sized(d.ready, n), sized(d.readyAim, n), sized(d.autonomy, n)
	d.coercion, d.lossMem, d.pub = grow(d.coercion, n), grow(d.lossMem, n), grow(d.pub, n)
	d.campaign, d.received, d.recvNow = sized(d.campaign, n), grow(d.received, n*nk), grow(d.recvNow, n)
	d.faSuffered, d.econLoss, d.lossNow = grow(d.faSuffered, n), grow(d.econLoss, n), grow(d.lossNow, n)
	d.hazardRecv = grow(d.hazardRecv, n)
	// The last readiness targets' means and promised's ratings are copied
	// in full before they are read (reviewDynamics, with kLambdaMoved
	// set here, computes every target at the set-up's review).
	d.promHonour, d.promUs, d.kLambdaMoved = sized(d.promHonour, n), sized(d.promUs, n), true
	d.rateOf = sized(d.rateOf, n)
	d.effLat, d.effAware, d.effInteg, d.effNoise = sized(d.effLat, nm*nk), sized(d.effAware, nm), sized(d.effInteg, nm), sized(d.effNoise, nm)
	d.mechLnLat, d.mechXi, d.size = sized(d.mechLnLat, nm*nk), sized(d.mechXi, nm*nk), grow(d.size, nm)
	d.latMoved, d.ramp = grow(d.latMoved, nm), grow(d.ramp, nm)
}

// initDynamics sets the 2.0 state variables to their t = 0 values
// (docs/model.md sec. 10, "Set-up").
func (s *sim) initDynamics() {
	m := s.m
	for i := range s.pop.States {
		st := &s.pop.States[i]
		s.spend[i], s.mult[i], s.ready[i], s.readyAim[i] = st.Domains.DefenceGDP, 1, 1, 1
		s.autonomy[i] = st.Autonomy
		s.campaign[i] = -1
		s.capStale[i] = true
	}
	for mi := range s.am.mechs {
		mm := &s.am.mechs[mi]
		d := &mm.def
		copy(s.effLat[mi*nk:mi*nk+nk], d.Latency()[:])
		copy(s.mechLnLat[mi*nk:mi*nk+nk], mm.lnLat[:])
		copy(s.mechXi[mi*nk:mi*nk+nk], mm.xi[:])
		s.effAware[mi], s.effInteg[mi], s.effNoise[mi] = d.Awareness(), d.Integration(), d.NoiseReduction()
	}
	s.z = 0
	s.setResolve(m.adv.Resolve, true)
}

// standingStructures moves the fields of every live mechanism with a
// standing structure toward the core's, after its build-up (docs/model.md
// sec. 4.5); a moved latency marks the mechanism's pairs for computeLinks
// (latMoved).
func (s *sim) standingStructures(t int) {
	m := s.m
	for mi := range s.am.mechs {
		d := &s.am.mechs[mi].def
		ss := d.StandingStructure()
		if ss == 0 || !s.alive[mi] {
			continue
		}
		ramp := m.form.Ramp(t, s.born[mi])
		s.ramp[mi] = ramp
		c := &m.core
		s.effAware[mi] = agents.Standing(d.Awareness(), ss, ramp, c.Awareness())
		s.effInteg[mi] = agents.Standing(d.Integration(), ss, ramp, c.Integration())
		s.effNoise[mi] = agents.Standing(d.NoiseReduction(), ss, ramp, c.NoiseReduction())
		for k := range nk {
			l := agents.Standing(d.Latency()[k], ss, ramp, c.Latency()[k])
			if l != s.effLat[mi*nk+k] {
				s.latMoved[mi] = true
				s.effLat[mi*nk+k] = l
				if m.coord.On() {
					s.mechLnLat[mi*nk+k], s.mechXi[mi*nk+k] = m.latency(k, l)
				}
			}
		}
	}
}

// building reports whether a live mechanism's standing structure was
// still being built when its fields were last moved, so that they move at
// a review although memberships did not. It asks the ramp last applied,
// not whether the review is within B_ss of formation: when B_ss is not a
// multiple of the review period, the first review after the build-up ends
// is the one that takes the ramp to 1 (docs/model.md sec. 4.5).
func (s *sim) building() bool {
	for mi := range s.am.mechs {
		if s.alive[mi] && s.am.mechs[mi].def.StandingStructure() > 0 && s.ramp[mi] < 1 {
			return true
		}
	}
	return false
}

// reviewDynamics updates, at every review, the readiness targets
// (docs/model.md sec. 9.8): what partners seem to promise, read with the
// current ratings. The spending asks (sec. 9.7) follow memberships alone
// and are set when they change (targetCaches).
//
// Prom_i depends on λ̄ (memberships), the public honour records and i's
// belief in the US, so a target is computed anew only when one of them
// moved since it was last computed (the same inputs give the same value).
func (s *sim) reviewDynamics() {
	m, n := s.m, s.n
	if m.ready.Strength == 0 {
		return
	}
	patron := s.pop.Patron
	// promHonour is read only by this comparison (==), so where it found
	// every mean equal, the copy below would change nothing it can tell
	// (docs/model.md sec. 22.1, ninth pass).
	same := !s.full && !s.kLambdaMoved && slices.Equal(s.honourMean, s.promHonour)
	all := !same
	copy(s.rateOf, s.honourMean)
	for i := 0; i < n; i++ {
		if i != patron && (all || s.usMean[i] != s.promUs[i]) {
			s.readyAim[i] = m.ready.Target(s.promised(i))
		}
	}
	s.kLambdaMoved = false
	if !same {
		copy(s.promHonour, s.honourMean)
	}
	copy(s.promUs, s.usMean)
}

// promised is Prom_i, the protection i believes its partners promised,
// averaged over crisis types by the prior shares: Σ_{l≠i} K_l·λ̄_li·h_il /
// Σ_{l≠i} K_l (docs/model.md sec. 9.8). K_l·λ̄_li changes only with
// memberships (kLambda) and the denominator not at all (promTotal).
//
// The sum runs over every l in order against i's ratings h_il, held in
// rateOf (the public records, set by reviewDynamics) with the patron's
// entry set to i's US belief and i's own to 0 for the duration of the
// call: l = i then adds x·0 = +0 (K_l·λ̄_li is finite), which leaves the
// sum as it is, so the result is the skipping loop's bit for bit, without
// a branch per term (docs/model.md sec. 22.1). i is never the patron.
func (s *sim) promised(i int) float64 {
	n, patron := s.n, s.pop.Patron
	total := s.promTotal[i]
	if total == 0 {
		return 0
	}
	kl, hr := s.kLambda[i*n:i*n+n], s.rateOf[:n]
	hr[i], hr[patron] = 0, s.usMean[i]
	var p float64
	for l, x := range kl {
		p += x * hr[l]
	}
	hr[i], hr[patron] = s.honourMean[i], s.honourMean[patron]
	return p / total
}

// updateAutonomy moves every state's autonomy at a review t > 0, before
// the decisions (docs/model.md sec. 9.9): resistance to visibility above
// the status quo ante, balancing under remembered coercion.
func (s *sim) updateAutonomy() {
	m := s.m
	if !m.align.On() {
		return
	}
	dv := agents.ExcessVisibility(s.vis, s.visPre)
	m.align.AutonomyAll(s.autonomy, s.pop.States, dv, s.coercion)
}

// beginDynamics sets, at the start of a period's challenges, A's resolve
// after counter-mobilisation and every state's capability per domain
// (docs/model.md secs. 4.4, 6.7).
func (s *sim) beginDynamics() {
	m := s.m
	if m.adv.Mobilisation != 0 {
		s.setResolve(m.adv.ResolveAt(s.z), false)
	}
	n := s.n
	stale, basis, caps, mult, rd := s.capStale[:n], s.capBasis[:n], s.caps[:n], s.mult[:n], s.ready[:n]
	if s.full { // every part written, for TestShortcutsExact
		for i, st := range stale {
			if st {
				stale[i] = false
				basis[i].Capabilities(agents.CapabilityTerms{Spending: mult[i], Readiness: rd[i]}, &caps[i])
			}
		}
		return
	}
	// Every entry of caps holds a state's capabilities or zeros (it is
	// written here only, and grown zeroed), so only the parts that can be
	// nonzero are written (CapabilitiesMoved).
	for i, st := range stale {
		if st {
			stale[i] = false
			basis[i].CapabilitiesMoved(agents.CapabilityTerms{Spending: mult[i], Readiness: rd[i]}, &caps[i])
		}
	}
}

// endDynamics ends a period (docs/model.md sec. 10, step 7, after 1.1's
// decays): spending closes part of its gap, readiness follows its target,
// A counter-mobilises, and coercion and losses are remembered.
func (s *sim) endDynamics() {
	m, n := s.m, s.n
	patron := s.pop.Patron
	burden, ready := m.burden.Strength != 0, m.ready.Strength != 0
	balancing, retribution := m.align.Balancing != 0, m.retribution != 0
	rd, aim, stale := s.ready[:n], s.readyAim[:n], s.capStale[:n]
	ask, spend, mult := s.ask[:n], s.spend[:n], s.mult[:n]
	coercion, recv, lossMem, lossNow := s.coercion[:n], s.recvNow[:n], s.lossMem[:n], s.lossNow[:n]
	// The constants in locals and the burden cost summed in one, in the
	// same order (the same bits): the stores below may alias them as far
	// as the compiler knows, so it would load them anew for every state.
	// 1 − δ of each memory once: Remember's factor, the same value.
	kept, retKept := 1-m.align.Memory, 1-m.retMemory
	sum, cost := s.acc.readiness, s.acc.burdenCost
	for i := range rd {
		if i != patron {
			sum += rd[i]
		}
		if burden {
			if gap := agents.Gap(ask[i], spend[i]); gap > 0 {
				cost += m.burden.Cost * gap
				spend[i] = m.burden.Step(spend[i], gap)
				mult[i] = m.burden.Multiplier(spend[i], s.pop.States[i].Domains.DefenceGDP)
				stale[i] = true
			}
		}
		if ready && i != patron && rd[i] != aim[i] {
			rd[i] = m.ready.Step(rd[i], aim[i])
			stale[i] = true
		}
		// Every state's memories step, without a branch on whether they are
		// at 0 and receive nothing: that one depended on the state and the
		// period and was mispredicted about one time in three (a review,
		// stop 53). Exact: such a memory is +0 (memories and receipts start
		// at +0 and add non-negative amounts, so none is −0), and
		// (1 − δ)·(+0) + (+0) = +0 for δ in [0, 1], the value it kept.
		if balancing {
			coercion[i] = agents.RememberKept(coercion[i], float64(recv[i]), kept)
		}
		if retribution {
			lossMem[i] = agents.RememberKept(lossMem[i], lossNow[i], retKept)
		}
		recv[i], lossNow[i] = 0, 0
	}
	s.acc.readiness, s.acc.burdenCost = sum, cost
	if m.adv.Mobilisation != 0 {
		s.z = m.adv.Mobilise(s.z, agents.ExcessVisibility(s.vis, s.visPre))
	}
}

// handTying moves A's credibility prior of every state whose public
// commitment changed at this review to the new commitment's level
// (docs/model.md sec. 9.4; Fearon 1997).
func (s *sim) handTying() {
	m := s.m
	for i := range s.pop.States {
		pub := s.publicCommitment(i)
		if pub == s.pub[i] {
			continue
		}
		s.pub[i] = pub
		if m.cred.HandTying == 0 {
			continue
		}
		base := m.cred.Base
		if i == s.pop.Patron {
			base = m.usReliability
		}
		m.cred.HandTie(&s.cred0[i], &s.cred[i], m.cred.PriorMean(base, pub))
		s.credMean[i] = s.cred[i].Mean()
		s.markCred(i) // for decay
	}
}

// publicCommitment is max over i's live mechanisms of o_im·v_m.
// i's live mechanisms are the bits of its mask (computeLinks has set the
// masks at every change of membership, before this is read).
func (s *sim) publicCommitment(i int) float64 {
	n, mw := s.n, s.mw
	var public float64
	for w, b := range s.masks[i*mw : i*mw+mw] {
		for ; b != 0; b &= b - 1 {
			mi := w*64 + bits.TrailingZeros64(b)
			// max by comparison: o_im·v_m ≥ 0 and the maximum starts at
			// +0, so neither NaN nor −0 arises.
			if x := s.oim[mi*n+i] * s.am.mechs[mi].def.Visibility(); x > public {
				public = x
			}
		}
	}
	return public
}

// failureCost charges a treaty attempt that failed at this review: A's
// credibility belief about the patron loses treaty.failure_cost
// pseudo-observations (docs/model.md sec. 5.4); the tension it raises is
// in the threshold.
func (s *sim) failureCost() {
	if !s.failedNow {
		return
	}
	s.failedNow = false
	if w := s.m.form.FailureCost; w != 0 {
		p := s.pop.Patron
		s.cred[p].B += w
		s.credMean[p] = s.cred[p].Mean()
		s.markCred(p) // for decay
	}
}
