package engine

import (
	"math"

	"pactsim/agents"
)

// The crisis: a global game among responders (docs/model.md sec. 7); how
// it ends (sec. 8) is in resolve.go.

// crisisScratch is the per-state state of the crisis in progress.
type crisisScratch struct {
	draw counterKey // the shock stream at the crisis's (period, target)
	sev  float64    // the crisis's severity e^lnS (signals)
	act  []bool     // after the rounds, who acted
	// The states besides the target that acted, and those of them that
	// arrived within the window, in index order.
	actors, arrived []int
	// With sim.full: each state's weight q_l and previous act, for the
	// rounds over every state.
	fullQ    []float64
	fullPrev []bool
	// The candidates that may act (their threshold is finite), in index
	// order, with what the rounds read of them; and every state but the
	// target and the patron whose link is not 0, in index order, with its
	// link: the states of weight q_l ≠ 0 in round 0.
	players []player
	linked  []int
	linkedW []float64
	// What each state brings to this crisis, fixed while it lasts: its
	// friction-discounted capability in the domain against the target's
	// awareness, its part free of friction (economic coercion: trade
	// support, or the target's resilience; 0 otherwise), and ξ_ijk.
	capK, freeK, xiK []float64
	// Per state and crisis type, the factors of signals' floor on the
	// severity estimate of a signal not above lnS, for the σ_ik they were
	// computed at. They depend on σ alone, so they are kept across crises,
	// runs and tasks and recomputed only when σ_ik differs.
	floors []signalFloor
	// The factors of resolve's bounds on the needed strength (deniedOf).
	denyBounds denyBounds
	// signals' candidates whose threshold it computes, in index order.
	pend []pending
}

// pending is a candidate of signals whose normal, estimate and threshold
// are computed in its second pass: its index, uniforms, signal noise,
// benefit θ_i·link·B_respond, audience term and whether it combines its
// signal with the public one.
type pending struct {
	i                              int
	u1, u2, sig, benefit, audience float64
	combine                        bool
}

// signalFloor holds the factors f[b] of signals' floor for σ = sig
// (setFloor); sig is 0, which no σ_ik is (σ is at least 10^−9, or NaN,
// never equal), until they are first set.
type signalFloor struct {
	sig float64
	f   [radiusLevels]float64
}

// player is a candidate that plays the best-response rounds
// (docs/model.md sec. 7): its index, threshold, ξ_ijk, round-0 weight
// q_i, what it brings (capability, interoperability, free part), the
// patron's weight in its expectation, and its decisions in this round and
// the previous one. Held densely so a round reads one array.
type player struct {
	i                   int
	threshold, xi, q0   float64
	capK, interop, free float64
	// The products that later rounds add: ξ_ijk times what i brings (its
	// weight when it did not act in the previous round), and the patron's
	// weight times what the patron brings.
	xiCap, xiInterop, xiFree     float64
	pw, pwCap, pwInterop, pwFree float64
	act, prev                    bool
}

func (cs *crisisScratch) resize(n int) {
	cs.act = grow(cs.act, n)
	cs.fullQ, cs.fullPrev = grow(cs.fullQ, n), grow(cs.fullPrev, n)
	if cap(cs.players) < n {
		cs.actors, cs.arrived = make([]int, 0, n), make([]int, 0, n)
		cs.players = make([]player, 0, n)
		cs.linked, cs.linkedW = make([]int, 0, n), make([]float64, 0, n)
	}
	cs.capK, cs.freeK, cs.xiK = grow(cs.capK, n), grow(cs.freeK, n), grow(cs.xiK, n)
	if cap(cs.pend) < n {
		cs.pend = make([]pending, n)
	}
	cs.floors = sized(cs.floors, n*nk) // valid whatever they were: see signalFloor
}

// crisis resolves A's challenge of target j with crisis type k in period t
// and applies every update before the next decision, in the order of
// docs/model.md sec. 10, "Within a crisis". off shifts every crisis slot
// for a crisis of the economic channel (econSlots), so that the two crises
// of a target in one period draw independently.
func (s *sim) crisis(t, j int, k agents.CrisisType, off int) {
	m := s.m
	s.draw = s.shocks.at(t, j)
	// 1. Crisis-type count and challenge counters; an economic challenge
	// starts a campaign.
	s.seen[k]++
	s.acc.challenge(k)
	s.received[j*nk+int(k)]++
	s.recvNow[j]++
	if k == agents.EconomicCoercion {
		s.campaign[j] = t + m.duration - 1
	}
	// 2-3. Severity, invocation and the public signal, private signals
	// and each candidate's threshold.
	lnS := m.logSeverity[k] + m.sigmaS*s.draw.normal(slotSeverity+off, 0)
	s.signals(t, j, k, lnS, off)
	// 4. The patron's draw: it does not play the game.
	if p := s.pop.Patron; p != j {
		l, mi := s.linkOf(p, j, k)
		r := s.reliability
		if mi >= 0 {
			r = agents.Stickiness(r, m.usReliability, m.stickiness, s.am.mechs[mi].def.Stickiness())
		}
		s.act[p] = agents.PatronActs(s.draw.uniform(slotPatron+off, 0), r, l)
	}
	// 5. Best-response rounds.
	s.bestResponse(j, k)
	s.listActors(j)
	// 6. Lateness, realised strength, denial or success, war.
	responders, interopSum := s.resolve(t, j, k, s.sev, off)
	// 7. Coordination, with pre-crisis interoperability, among the
	// responders on time.
	if agents.Coordinated(responders, interopSum, m.coordination) {
		s.acc.coordinated++
	}
	// 8. False-security gap, with pre-crisis records and beliefs.
	s.acc.gapSum += s.securityGap(j, k)
	// 9-10. Honour records, A's credibility and participation; US beliefs
	// if the patron was committed. A late response still honours.
	if s.commitments(j, k) {
		s.learnUS(j)
	}
	// 11. Joint-response interoperability gains.
	if len(s.actors) > 0 {
		s.jointResponse(j)
	}
}

// signals draws the severity signals of a challenge of log severity lnS
// and sets, for every candidate responder, the expected strength above
// which it acts (docs/model.md sec. 7: invocation and the public signal,
// candidates, private signals, the utility of acting). A candidate whose
// threshold is +Inf does not act whatever it expects (E > +Inf is false),
// so only the others play the rounds.
//
// The same pass reads what each state brings to the crisis (docs/model.md
// secs. 4.4, 7.1): capabilities move only between periods and ξ only at
// reviews, so they are read once per crisis, not once per state and round.
//
// It sets the crisis's severity s.sev = Exp(lnS). A candidate whose
// normal is not below 0 (its twin uniform alone says so: cosNonNeg), so
// that its signal is at least lnS, and that would not act even at
// severity sevLo has threshold +Inf whatever its signal
// (agents.ResponseCosts.NeverActs): its normal, estimate and threshold are
// not computed (the draw is a pure function of its index, so no other
// draw moves), and it is left out of the rounds as +Inf leaves it out.
// sevLo is Exp(lnS)·(1 − 2^−30): Exp is within a few ulp of e^x
// (TestExpAccuracy), so Exp(y) ≥ sevLo for every y ≥ lnS; below 2^−1000,
// where results may be subnormal, it is 0. A member of an invoked treaty,
// whose signal is combined with the public one, is always computed.
//
// A candidate whose normal is not above 0, so that its signal is at most
// lnS, and that would not act even at a floor on its estimate has
// threshold +Inf too, and is skipped likewise (a review, stop 53: about
// 0.6% of a run's instructions). Its first uniform u1 (radiusLevel: its
// binade b) bounds its normal below by −R, R = radiusBound[b], so its
// signal is at least lnS − σ·R as rounded (rounding is monotone) and its
// estimate Exp(lnS + σ·z) at least sev·f[b], with f[b] =
// Exp(−σ·R)·(1 − 2^−30) (setFloor): the two Exps are each within a few
// ulp (TestExpAccuracy), lnS − σ·R is below 2^10 in magnitude, so its
// rounding moves e^(lnS − σ·R) by less than 2^−42 relative, and the two
// products round within an ulp each, all far inside the factor 1 − 2^−30
// (TestSignalFloor). The floor is sevF·f[b], sevF = sev where
// floorApplies, else 0: where sev or f[b] could make it subnormal or
// infinite it is 0, a floor on every estimate (an Exp is never below +0). Only a candidate that would
// not act at sevLo is tested: the floor is below sevLo, and NeverActs at
// a lower severity implies it at a higher one.
func (s *sim) signals(t, j int, k agents.CrisisType, lnS float64, off int) {
	m, n := s.m, s.n
	tr := s.am.treaty
	invoked := tr >= 0 && s.alive[tr] && s.member[tr*n+j] && s.am.mechs[tr].def.Coverage()[k] > m.invocation
	var public agents.Signal
	if invoked {
		public = agents.Signal{Log: lnS + m.sigmaPub*s.draw.normal(slotPublic+off, 0), SD: m.sigmaPub}
	}
	patron, aware := s.pop.Patron, s.aware[j]
	econ, armed, latency := k == agents.EconomicCoercion, k == agents.ArmedAttack, m.coord.On()
	varO := m.sigmaO * m.sigmaO
	sev := agents.Exp(lnS)
	s.sev = sev
	var sevLo, sevF float64
	if sev >= 0x1p-1000 {
		sevLo = sev * (1 - 0x1p-30)
	}
	if floorApplies(sev) {
		sevF = sev
	}
	// TestShortcutsExact computes every threshold under sim.full; a NaN
	// severity (no bound) computes them too.
	skip := !s.full && !math.IsNaN(sev)
	slot := slotPrivate + off
	pairs, caps, states := s.pairs[j*n:j*n+n], s.caps[:n], s.pop.States[:n]
	capK, freeK, xiK, act := s.capK[:n], s.freeK[:n], s.xiK[:n], s.act[:n]
	players, linked, linkedW := s.players[:n], s.linked[:n], s.linkedW[:n]
	respCost, interop, sigma := s.respCost[:n], s.interop[:n], s.sigma[int(k)*n:][:n] // i < n: no checks in the loop
	floors := s.floors[:n*nk]
	pend := s.pend[:n]
	np, nl, nc := 0, 0, 0
	for i := range pairs {
		c, p := &caps[i], &pairs[i]
		capK[i] = c.ByType[k].Against(aware)
		freeK[i] = 0
		if econ {
			freeK[i] = c.ByType[k].Free
			if i == j {
				freeK[i] = c.TargetFree
			}
		}
		xi := 1.0 // ξ_ijk: 1 with latency off and for the target itself
		if latency && i != j {
			xi = p.xi[k]
		}
		xiK[i] = xi
		act[i] = false
		if i == j {
			continue
		}
		if i == patron {
			continue // not a candidate
		}
		link := p.link[k]
		if link != 0 {
			linked[nl], linkedW[nl] = i, link
			nl++
		}
		if link <= 0 {
			continue // not a candidate
		}
		sig := sigma[i]
		if sig < 1e-9 { // max(σ, 1e-9), NaN included, without max's ±0 cases
			sig = 1e-9
		}
		var audience float64 // o_im·c_mk·v_m of the mechanism giving the link; 0 ad hoc
		if mi := int(p.mech[k]); mi >= 0 {
			d := &s.am.mechs[mi].def
			audience = s.oim[mi*n+i] * d.Coverage()[k] * d.Visibility()
		}
		benefit, sc, combine := states[i].Threat*link*m.resp.Respond, &respCost[i], invoked && s.member[tr*n+i]
		u1, u2 := 0.0, s.draw.twin(slot, i) // u1 in (0, 1) once drawn
		if skip && !combine && m.resp.NeverActs(sc, benefit, audience, sevLo, armed) {
			if cosNonNeg(u2) {
				continue // threshold +Inf: not a player
			}
			// Its normal is not above 0: a floor on its estimate.
			u1 = s.draw.uniform(slot, i)
			if b := uint(radiusLevel(u1)); b < radiusLevels {
				fl := &floors[i*nk+int(k)]
				if fl.sig != sig {
					setFloor(fl, sig)
				}
				if m.resp.NeverActs(sc, benefit, audience, sevF*fl.f[b], armed) {
					continue // threshold +Inf: not a player
				}
			}
		}
		if u1 == 0 {
			u1 = s.draw.uniform(slot, i)
		}
		pend[nc] = pending{i: i, u1: u1, u2: u2, sig: sig, benefit: benefit, audience: audience, combine: combine}
		nc++
	}
	s.linked, s.linkedW = linked[:nl], linkedW[:nl]
	// The candidates' normals, estimates and thresholds, two at a time:
	// each is one long dependency chain, and side by side the CPU overlaps
	// them (a review, stop 56); the same values bit for bit
	// (TestNormalPairExact, TestThresholdPairExact), the players in index
	// order as before.
	pend = pend[:nc]
	// A player's fields: every candidate's are written, and np moves past
	// those of finite threshold only, so no branch on the threshold (it
	// writes within players, whose length n exceeds the candidates').
	add := func(i int, th float64) {
		pl := &players[np]
		pl.i, pl.threshold, pl.xi = i, th, xiK[i]
		pl.capK, pl.interop, pl.free = capK[i], interop[i], freeK[i]
		if !math.IsInf(th, 1) {
			np++
		}
	}
	q := 0
	for ; q+1 < len(pend); q += 2 {
		c1, c2 := &pend[q], &pend[q+1]
		z1, z2 := normalPair(c1.u1, c1.u2, c2.u1, c2.u2)
		x1 := agents.Signal{Log: lnS + c1.sig*z1, SD: c1.sig}
		x2 := agents.Signal{Log: lnS + c2.sig*z2, SD: c2.sig}
		if c1.combine {
			x1 = x1.Combine(public) // members combine their signal with the public one by precision
		}
		if c2.combine {
			x2 = x2.Combine(public)
		}
		th1, th2 := m.resp.ThresholdPair(&respCost[c1.i], c1.benefit, c1.audience, x1.Log,
			agents.DenialBelief{LnNeeded: s.logNeed + x1.Log, SD: math.Sqrt(varO + x1.SD*x1.SD)},
			&respCost[c2.i], c2.benefit, c2.audience, x2.Log,
			agents.DenialBelief{LnNeeded: s.logNeed + x2.Log, SD: math.Sqrt(varO + x2.SD*x2.SD)}, armed)
		add(c1.i, th1)
		add(c2.i, th2)
	}
	if q < len(pend) {
		c := &pend[q]
		x := agents.Signal{Log: lnS + c.sig*normalOf(c.u1, c.u2), SD: c.sig}
		if c.combine {
			x = x.Combine(public)
		}
		add(c.i, m.resp.Threshold(&respCost[c.i], c.benefit, c.audience, agents.Exp(x.Log), armed,
			agents.DenialBelief{LnNeeded: s.logNeed + x.Log, SD: math.Sqrt(varO + x.SD*x.SD)}))
	}
	s.players = players[:np]
}

// floorApplies reports that signals scales a floor's factor by the
// severity sev: sev is in [2^−979, MaxFloat64], so that sev·f, with f 0 or
// in [2^−20, 1], is 0 or a normal number in [2^−999, sev]. Otherwise (NaN
// included) it scales it by 0.
func floorApplies(sev float64) bool { return sev >= 0x1p-979 && sev <= math.MaxFloat64 }

// setFloor sets fl's factors for σ = sig (signals' floor on the severity
// estimate of a signal not above lnS): f[b] = Exp(−σ·radiusBound[b])·(1 −
// 2^−30), or 0, no floor, where that is below 2^−20 (or NaN).
func setFloor(fl *signalFloor, sig float64) {
	fl.sig = sig
	for b := range fl.f {
		f := agents.Exp(-(sig * radiusBound[b])) * (1 - 0x1p-30)
		if !(f >= 0x1p-20) {
			f = 0
		}
		fl.f[b] = f
	}
}

// add counts state i in coalition c with weight w: its
// friction-discounted capability, and for economic coercion its trade
// support (or, the target, its resilience), as prepareCrisis read them.
func (s *sim) add(c *agents.Coalition, w float64, i int) {
	c.Add(w, s.capK[i], s.interop[i])
	if free := s.freeK[i]; free != 0 {
		c.AddFree(w, free)
	}
}

// bestResponse plays the best-response rounds (docs/model.md sec. 7): in
// each round every candidate acts iff the strength it expects clears its
// threshold. Expected help is discounted by the chance that it arrives
// within the window (sec. 7.1). A round that changes no decision is a
// fixed point: every later round would repeat it, so the rounds stop there;
// with no player every round is the first, and none is played.
//
// The coalition a player expects is every state but the patron, with the
// target at q = 1 (it resists) and each other state l at q_l:
// link_ljk·H_l·ξ_ljk in round 0, ξ_ljk if it acted in the previous round;
// the player counts itself as acting, on time with probability ξ_ijk, and
// the patron at belief × link (its draw is not observed). One sum
// over the others serves every player: its own term is swapped for ξ.
// Only players decide in the rounds; every other state's act is false, so
// after round 0 the sum runs over the players that acted. Each sum adds
// the same terms in the same order as a pass over every state would (a
// term of weight 0 adds +0 to each sum, and is left out), so the result is
// the same to the bit.
func (s *sim) bestResponse(j int, k agents.CrisisType) {
	ps := s.players
	if len(ps) == 0 {
		return
	}
	if s.full {
		s.bestResponseFull(j, k)
		return
	}
	m := s.m
	patron := s.pop.Patron
	hasPatron := patron != j
	var pCap, pInterop, pFree, linkUS, xiUS float64
	if hasPatron {
		pCap, pInterop, pFree = s.capK[patron], s.interop[patron], s.freeK[patron]
		linkUS, _ = s.linkOf(patron, j, k)
		xiUS = s.onTime(patron, j, k) // ξ is 1 with latency off
	}
	for p := range ps {
		pl := &ps[p]
		pl.pw = 0
		if hasPatron {
			// Beliefs do not move within a crisis.
			pl.pw = s.us[pl.i].Mean() * linkUS * xiUS
		}
		pl.xiCap, pl.xiInterop, pl.xiFree = pl.xi*pl.capK, pl.xi*pl.interop, pl.xi*pl.free
		pl.pwCap, pl.pwInterop, pl.pwFree = pl.pw*pCap, pl.pw*pInterop, pl.pw*pFree
	}
	target := agents.Coalition{KW: s.capK[j], W: 1, WI: s.interop[j], Free: s.freeK[j]}
	// Round 0: each player at weight ξ_i − q_i.
	// The sums below are Coalition.Add's and AddFree's written out, the
	// same terms in the same order, so that the coalitions, whose address
	// is then never taken, stay in registers; the patron's terms are the
	// products pw·pCap, pw·pInterop and pw·pFree taken above.
	others := s.roundZero(ps)
	others.KW += target.KW // the target last, at weight 1: 1·x is x
	others.W++
	others.WI += target.WI
	others.Free += target.Free
	for p := range ps {
		pl := &ps[p]
		e := others
		w := pl.xi - pl.q0
		e.KW += w * pl.capK
		e.W += w
		e.WI += w * pl.interop
		e.Free += w * pl.free
		if hasPatron {
			e.KW += pl.pwCap
			e.W += pl.pw
			e.WI += pl.pwInterop
			e.Free += pl.pwFree
		}
		pl.act = e.Strength(m.friction) > pl.threshold
		pl.prev = pl.act
	}
	// Later rounds: a player that acted in the previous round is in the sum
	// at ξ_i already and adds weight ξ_i − ξ_i = 0, which adds +0 to each
	// sum; one that did not adds ξ_i times what it brings. The products are
	// those the rounds would form, taken once.
	for round := 1; round <= m.rounds; round++ {
		var others agents.Coalition
		for p := range ps {
			if pl := &ps[p]; pl.prev && pl.xi != 0 {
				others.KW += pl.xiCap
				others.W += pl.xi
				others.WI += pl.xiInterop
				others.Free += pl.xiFree
			}
		}
		others.KW += target.KW
		others.W++
		others.WI += target.WI
		others.Free += target.Free
		// The sum above has read every player's previous decision, and
		// each player's own term reads its own before it is replaced, so
		// this round's decisions replace the previous ones as they are
		// made.
		same := true
		for p := range ps {
			pl := &ps[p]
			e := others
			prev := pl.prev
			if !prev {
				e.KW += pl.xiCap
				e.W += pl.xi
				e.WI += pl.xiInterop
				e.Free += pl.xiFree
			}
			if hasPatron {
				e.KW += pl.pwCap
				e.W += pl.pw
				e.WI += pl.pwInterop
				e.Free += pl.pwFree
			}
			act := e.Strength(m.friction) > pl.threshold
			pl.act, pl.prev = act, act
			same = same && act == prev
		}
		if same {
			break
		}
	}
	for p := range ps {
		s.act[ps[p].i] = ps[p].act
	}
}

// bestResponseFull is bestResponse as the model states it, every round's
// expectation summed over every state (sim.full: TestShortcutsExact
// compares the two bit for bit).
func (s *sim) bestResponseFull(j int, k agents.CrisisType) {
	m, ps := s.m, s.players
	patron := s.pop.Patron
	q, prev := s.fullQ[:s.n], s.fullPrev[:s.n]
	clear(prev)
	for round := 0; round <= m.rounds; round++ {
		var others agents.Coalition
		for l := range s.pop.States {
			if l == patron || l == j {
				continue
			}
			q[l] = 0
			if round == 0 {
				link, _ := s.linkOf(l, j, k)
				q[l] = link * s.honour[l].Mean() * s.xiK[l]
			} else if prev[l] {
				q[l] = s.xiK[l]
			}
			if q[l] != 0 {
				s.add(&others, q[l], l)
			}
		}
		s.add(&others, 1, j)
		same := round > 0
		for p := range ps {
			pl := &ps[p]
			e := others
			s.add(&e, pl.xi-q[pl.i], pl.i)
			if patron != j {
				linkUS, _ := s.linkOf(patron, j, k)
				s.add(&e, s.us[pl.i].Mean()*linkUS*s.xiK[patron], patron)
			}
			pl.act = e.Strength(m.friction) > pl.threshold
			same = same && pl.act == prev[pl.i]
		}
		for p := range ps {
			prev[ps[p].i] = ps[p].act
		}
		if same {
			break
		}
	}
	for p := range ps {
		s.act[ps[p].i] = ps[p].act
	}
}

// roundZero is the round-0 sum over the others but the target, each state
// l at q_l = link_ljk·H_l·ξ_ljk, and sets each player's q0. Only states
// whose link is not 0 can have q_l ≠ 0.
//
// The sums are Coalition.Add's and AddFree's, term by term in the same
// order, held in locals (a Coalition whose methods take its address lives
// in memory) and read through slices of length n, so that one bounds
// check on l covers them all.
func (s *sim) roundZero(ps []player) agents.Coalition {
	n := s.n
	honour, xiK := s.honour[:n], s.xiK[:n]
	capK, interop, freeK := s.capK[:n], s.interop[:n], s.freeK[:n]
	linked := s.linked
	linkedW := s.linkedW[:len(linked)]
	var kw, w, wi, free float64
	p := 0
	for x, l := range linked {
		q := linkedW[x] * honour[l].Mean() * xiK[l] // ξ is 1 with latency off
		if p < len(ps) && ps[p].i == l {
			ps[p].q0 = q
			p++
		}
		if q != 0 {
			kw += q * capK[l]
			w += q
			wi += q * interop[l]
			free += q * freeK[l]
		}
	}
	return agents.Coalition{KW: kw, W: w, WI: wi, Free: free}
}
