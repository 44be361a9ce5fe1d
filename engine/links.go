package engine

import (
	"math/bits"
	"slices"

	"pactsim/agents"
)

// Links, signal noise and visibility: what memberships imply for crises
// (docs/model.md secs. 6.1, 6.4 and 7), and in 2.0 what else follows from
// them: the constitutional cap (sec. 6.1), the chance that a response
// arrives within the window (sec. 7.1), awareness, salience and public
// coverage per target (secs. 4.4, 6.2). They change only when a review
// changes memberships.

// linkTable holds link_ijk and what follows from memberships: per pair of
// target j and responder i (index j*n+i), what j may expect of i in every
// domain; A's weights per (target j, type k, responder i) (index
// (j*nk+k)*n+i), so that A's sums read one row over responders in order.
type linkTable struct {
	pairs  []pairLinks
	shares []bool    // per pair: share a live mechanism
	sigma  []float64 // σ_ik, per type × state (index k*n+i: a type's row for signals)
	// Every mechanism's members in roster order, listed at each change of
	// membership: mechanism mi's are mlist[mstart[mi]:mstart[mi+1]].
	mlist, mstart []int
	// Per state, the live mechanisms it belongs to as a bit set of mw
	// words (index i*mw+w), now and at the last computation of links, and
	// whether its pairs are computed anew.
	masks, prevMasks []uint64
	mw               int
	touched          []bool
	linksAll         bool // the last computeLinks computed every pair (set-up, sim.full)
	// Per mechanism: its awareness and member count at the last
	// targetCaches, and whether either moved as targetCaches reads them.
	awareAt   []float64
	cacheMove []bool
	// Per mechanism: its ν_m at the last signalNoise, and whether it moved.
	noiseAt   []float64
	noiseMove []bool
	// Per target: A's options against it (salience, bound and scale per
	// type), awareness A_j and the visibility v_j of its most visible
	// mechanism.
	opts         []options
	aware, visOf []float64
	// kLambda is K_l·λ̄_li with λ̄_li = Σ_k π_k·link_lik (index i*n+l):
	// what l promises i on average over crisis types, weighted by its
	// capability, for readiness (sec. 9.8).
	kLambda []float64
	// wl is link_ijk·ξ_ijk, A's weight of i against j before credibility.
	wl []float64
}

// pairLinks is what target j may expect of responder i, per crisis type:
// link_ijk and the mechanism giving it (−1 ad hoc), and with latency on
// (coordination.latency.strength > 0) ξ_ijk, the chance that i's response
// arrives within the window, and ln(ω_L·Λ̄_ijk), the centre of its log
// latency.
type pairLinks struct {
	link, xi, lnLat [nk]float64
	mech            [nk]int16
}

// options is what A weighs against one target, per crisis type, fixed
// between reviews (docs/model.md secs. 4.4, 6.2, 6.3): the salience V_jk
// (an option exists only where it is positive), the bound G_k·V_jk − O_k
// on the option's expected utility, and A's scale τ_jk after clarity.
type options struct {
	v, bound, tau [nk]float64
	// The options that exist (V_jk > 0) in each channel, in index order:
	// militarised types in mil[:nMil], all four (one channel, 1.1) in
	// all[:nAll]; none at all for a target of no salience.
	mil, all   [nk]agents.CrisisType
	nMil, nAll int
}

// resize sizes the table for nm mechanisms and n states. The per-pair
// arrays are not cleared: computeLinks writes every pair at set-up before
// anything reads them (kLambda when readiness is on, the only case in
// which it is read).
func (lt *linkTable) resize(nm, n int) {
	lt.pairs, lt.shares = sized(lt.pairs, n*n), sized(lt.shares, n*n)
	lt.sigma = grow(lt.sigma, n*nk)
	lt.mw = (nm + 63) / 64
	lt.masks, lt.prevMasks, lt.touched = grow(lt.masks, n*lt.mw), grow(lt.prevMasks, n*lt.mw), grow(lt.touched, n)
	lt.awareAt, lt.cacheMove = grow(lt.awareAt, nm), grow(lt.cacheMove, nm)
	lt.noiseAt, lt.noiseMove = grow(lt.noiseAt, nm), grow(lt.noiseMove, nm)
	lt.opts = grow(lt.opts, n)
	lt.aware, lt.visOf = grow(lt.aware, n), grow(lt.visOf, n)
	lt.kLambda = sized(lt.kLambda, n*n)
	lt.wl = sized(lt.wl, n*n*nk)
	lt.mlist, lt.mstart = grow(lt.mlist, nm*n), grow(lt.mstart, nm+1)
}

// linkOf returns link_ijk and the mechanism giving it (−1 ad hoc).
func (s *sim) linkOf(i, j int, k agents.CrisisType) (float64, int) {
	p := &s.pairs[j*s.n+i]
	return p.link[k], int(p.mech[k])
}

// onTime is ξ_ijk: 1 when latency is off and for the target itself.
func (s *sim) onTime(i, j int, k agents.CrisisType) float64 {
	if !s.m.coord.On() || i == j {
		return 1
	}
	return s.pairs[j*s.n+i].xi[k]
}

// computeLinks recomputes, after a review at which memberships changed or
// a standing structure's latency moved, links, shared memberships,
// latencies, A's weights and λ̄ (docs/model.md secs. 6.1, 7.1, 9.8), and
// signal noise. A pair's values depend on nothing but the live mechanisms
// its two states share (and constants of the task), so only the pairs of
// a state whose mechanisms changed, and the pairs of members of a
// mechanism whose latency moved, are computed anew; all of them at set-up.
func (s *sim) computeLinks(all bool) {
	n, mw := s.n, s.mw
	s.linksAll = all
	copy(s.prevMasks, s.masks)
	clear(s.masks)
	for mi := range s.am.mechs {
		if s.alive[mi] {
			for _, i := range s.membersOf(mi) {
				s.masks[i*mw+mi/64] |= 1 << (mi % 64)
			}
		}
	}
	for i := 0; i < n; i++ {
		s.touched[i] = all || !slices.Equal(s.masks[i*mw:i*mw+mw], s.prevMasks[i*mw:i*mw+mw])
	}
	// Most pairs share nothing; they take the task's values (unsharedPair). In
	// full mode every pair goes through pairWith instead, so that
	// TestShortcutsExact checks the task's values against it. A pair that shares
	// a mechanism is computed with its reverse, which shares the same ones and
	// latencies before the national bound (pairsWith). Of a touched state's
	// pairs, only those whose shared live mechanisms changed are computed anew
	// (a review, stop 53): a pair's values are a function of that set alone (the
	// mechanisms' latencies aside, whose moves the loop over latMoved below
	// catches), and a pair keeps the values of its last computation, at which,
	// by induction, the set was the one at the last call (prevMasks). A state's
	// own pair depends on no membership at all. At set-up (all, and under
	// sim.full) every pair is computed, after fillUnshared outside sim.full.
	var lat latencies
	touched, masks, filled := s.touched[:n], s.masks[:n*mw], all && !s.full && s.fillUnshared()
	for j := 0; j < n; j++ {
		mj := masks[j*mw : j*mw+mw]
		for i := j; i < n; i++ {
			if !touched[j] && !touched[i] {
				continue
			}
			if !all && (i == j || s.sharedUnchanged(j, i)) {
				continue
			}
			switch {
			case i == j:
				s.ownPair(j)
			case s.full: // each direction on its own, for TestShortcutsExact
				s.sharedLatency(j, i, &lat)
				s.pairWith(j, i, &lat)
				s.sharedLatency(i, j, &lat)
				s.pairWith(i, j, &lat)
			case !disjoint(mj, masks[i*mw:i*mw+mw]):
				s.pairsWith(j, i, &lat)
			default:
				s.unsharedPair(j, i, filled)
				s.unsharedPair(i, j, filled)
			}
		}
	}
	for mi, moved := range s.latMoved {
		if !moved {
			continue
		}
		s.latMoved[mi] = false
		members := s.membersOf(mi)
		for a, j := range members {
			for _, i := range members[a+1:] {
				// Every pair the loop above did not compute anew. Two
				// members share mi, which is live (a row is cleared when
				// its mechanism is not), as pairsWith asks.
				if !all && (!s.touched[j] && !s.touched[i] || s.sharedUnchanged(j, i)) {
					s.pairsWith(j, i, &lat)
				}
			}
		}
	}
	s.signalNoise()
}

// unsharedPair gives the pair of target j and responder i, which share no
// live mechanism, the task's values (see pairWith) unless i's links are
// capped; once filled (fillUnshared), only a capped pair is left to do.
func (s *sim) unsharedPair(j, i int, filled bool) {
	n, u := s.n, &s.unshared[i]
	if u.capped {
		var lat latencies
		s.sharedLatency(j, i, &lat)
		s.pairWith(j, i, &lat)
		return
	} else if filled {
		return
	}
	s.pairs[j*n+i] = u.pairLinks
	s.shares[j*n+i] = false
	for k := range nk {
		s.wl[(j*nk+k)*n+i] = u.wl[k]
	}
	if s.m.ready.Strength != 0 {
		s.kLambda[j*n+i] = u.kLambda
		s.kLambdaMoved = true
	}
}

// A pair (j, i) is what target j may expect of responder i in every
// domain k:
//
//   - link_ijk: 1 to oneself; otherwise the ad hoc floor λ_adhoc·θ_i raised
//     to o_im·c_mk by each live mechanism m that i and j share, in listed
//     order, so that with strict > the floor and then the earlier
//     mechanism win a tie (sec. 6.1; sec. 12), and the mechanism giving it;
//     then the constitutional cap of a state whose collective self-defence
//     is limited, in blockades and armed attacks, near (same sub-region) or
//     far (sec. 6.1; Japan's 2015 legislation), on mechanism links and the
//     ad hoc floor alike;
//   - with latency on, ln(ω_L·Λ̄_ijk) and ξ_ijk (sec. 7.1):
//     Λ̄_ijk = max(national_ik, the fastest shared live mechanism covering
//     k, or the ad hoc latency): from the ad hoc latency, the shared
//     mechanisms in listed order (strict <), then the national bound
//     (strict >). ξ falls as latency rises, so ξ(max(a, b)) = min(ξ(a),
//     ξ(b)) and no normal CDF is evaluated here. A pair that shares no
//     mechanism has the task's (unshared: the ad hoc latency bounded by
//     the national one); the target's own response is on time;
//   - A's weight link_ijk·ξ_ijk (sec. 6.2) and K_i·λ̄_ji with
//     λ̄_ji = Σ_k π_k·link_ijk (sec. 9.8).
//
// computeLinks computes them: ownPair for j = i, unsharedPair for a pair
// that shares no mechanism, and otherwise the ad hoc latency lowered by
// the shared mechanisms (sharedLatency), shared with the reverse pair,
// then each direction's links, national bound and cap (pairWith, or
// pairsWith for both directions at once); the same comparisons in the
// same order as one pass.

// ownPair is the pair (j, j): a state's own response is linked and on
// time.
func (s *sim) ownPair(j int) {
	p := &s.pairs[j*s.n+j]
	*p = s.unshared[j].pairLinks
	p.link, p.xi = [nk]float64{1, 1, 1, 1}, [nk]float64{1, 1, 1, 1}
	s.finishPair(j, j, p, false)
}

// latencies is what j and i's shared live mechanisms give both directions
// of their pair (sharedLatency): whether there is one, and the ad hoc
// latency lowered by the fastest one covering each domain, before the
// responder's national bound.
type latencies struct {
	lnLat, xi [nk]float64
	shared    bool
}

// sharedLatency finds the live mechanisms states j and i share and, with
// latency on, the fastest covering each domain, from the ad hoc latency,
// in listed order (strict <). Nothing in it depends on which of the two
// is the target.
func (s *sim) sharedLatency(j, i int, l *latencies) {
	m, mw := s.m, s.mw
	on := m.coord.On()
	l.shared = false
	l.lnLat, l.xi = m.lnLatAdHoc, m.xiAdHoc
	mi, mj := s.masks[i*mw:i*mw+mw], s.masks[j*mw:j*mw+mw]
	for w, bi := range mi {
		for b := bi & mj[w]; b != 0; b &= b - 1 {
			l.shared = true
			if !on {
				return
			}
			x := w*64 + bits.TrailingZeros64(b)
			cov := s.am.mechs[x].def.Coverage()
			lat, lxi := s.mechLnLat[x*nk:x*nk+nk], s.mechXi[x*nk:x*nk+nk]
			for k := range nk {
				if cov[k] > 0 && lat[k] < l.lnLat[k] {
					l.lnLat[k], l.xi[k] = lat[k], lxi[k]
				}
			}
		}
	}
}

// pairWith computes the pair of target j and responder i (i ≠ j), given
// their shared latencies l (the rules are above ownPair): the links from the
// ad hoc floor and the shared mechanisms, the latency bounded by i's
// national one, and the constitutional cap.
func (s *sim) pairWith(j, i int, l *latencies) {
	n, mw := s.n, s.mw
	p := &s.pairs[j*n+i]
	*p = s.unshared[i].pairLinks
	if l.shared {
		mi, mj := s.masks[i*mw:i*mw+mw], s.masks[j*mw:j*mw+mw]
		for w, bi := range mi {
			for b := bi & mj[w]; b != 0; b &= b - 1 {
				x := w*64 + bits.TrailingZeros64(b)
				o, cov := s.oim[x*n+i], s.am.mechs[x].def.Coverage()
				for k := range nk {
					if v := o * cov[k]; v > p.link[k] {
						p.link[k], p.mech[k] = v, int16(x)
					}
				}
			}
		}
	}
	s.boundPair(j, i, p, l)
}

// pairsWith is sharedLatency, then pairWith for (j, i) and (i, j), of a
// pair that shares a live mechanism, in one walk of the shared bits (a
// review, stop 53): the latencies and each link see the comparisons of
// sharedLatency and pairWith in their order, so the same values.
func (s *sim) pairsWith(j, i int, l *latencies) {
	n, mw, on := s.n, s.mw, s.m.coord.On()
	pji, pij := &s.pairs[j*n+i], &s.pairs[i*n+j]
	*pji, *pij = s.unshared[i].pairLinks, s.unshared[j].pairLinks
	l.shared, l.lnLat, l.xi = true, s.m.lnLatAdHoc, s.m.xiAdHoc
	mi, mj := s.masks[i*mw:i*mw+mw], s.masks[j*mw:j*mw+mw]
	for w, bi := range mi {
		for b := bi & mj[w]; b != 0; b &= b - 1 {
			x := w*64 + bits.TrailingZeros64(b)
			oi, oj, cov := s.oim[x*n+i], s.oim[x*n+j], s.am.mechs[x].def.Coverage()
			if on {
				lat, lxi := s.mechLnLat[x*nk:x*nk+nk], s.mechXi[x*nk:x*nk+nk]
				for k := range nk {
					if cov[k] > 0 && lat[k] < l.lnLat[k] {
						l.lnLat[k], l.xi[k] = lat[k], lxi[k]
					}
				}
			}
			for k := range nk {
				if v := oi * cov[k]; v > pji.link[k] {
					pji.link[k], pji.mech[k] = v, int16(x)
				}
				if v := oj * cov[k]; v > pij.link[k] {
					pij.link[k], pij.mech[k] = v, int16(x)
				}
			}
		}
	}
	s.boundPair(j, i, pji, l)
	s.boundPair(i, j, pij, l)
}

// boundPair finishes pairWith's pair p of target j and responder i from
// its links: the shared latencies l bounded by i's national one, the
// constitutional cap, and finishPair.
func (s *sim) boundPair(j, i int, p *pairLinks, l *latencies) {
	m := s.m
	if l.shared {
		p.lnLat, p.xi = l.lnLat, l.xi
		if m.coord.On() {
			nat, natXi := s.natLnLat[i*nk:i*nk+nk], s.natXi[i*nk:i*nk+nk]
			for k := range nk {
				if nat[k] > p.lnLat[k] {
					xi := natXi[k]
					if xi < 0 { // not evaluated yet in this task
						xi = s.natOnTime(i, k)
					}
					p.lnLat[k], p.xi[k] = nat[k], xi
				}
			}
		}
	}
	if c := &m.csd; c.Strength != 0 {
		if di := &s.pop.States[i].Domains; di.CSDLimit {
			lim := c.Cap(di.Region != agents.NoRegion && s.pop.States[j].Domains.Region == di.Region)
			for _, k := range [...]agents.CrisisType{agents.Blockade, agents.ArmedAttack} {
				p.link[k] = min(p.link[k], lim)
			}
		}
	}
	s.finishPair(j, i, p, l.shared)
}

// finishPair records whether the pair shares a mechanism and sets A's
// weights link_ijk·ξ_ijk and K_i·λ̄_ji from its links.
func (s *sim) finishPair(j, i int, p *pairLinks, shared bool) {
	m, n := s.m, s.n
	on := m.coord.On()
	s.shares[j*n+i] = shared
	var lam float64
	for k := range nk {
		w := p.link[k]
		if on {
			w *= p.xi[k]
		}
		s.wl[(j*nk+k)*n+i] = w
		lam += m.prior.Share[k] * p.link[k]
	}
	if m.ready.Strength != 0 {
		s.kLambda[j*n+i] = s.pop.States[i].Capability * lam
		s.kLambdaMoved = true
	}
}

// disjoint reports whether two equal-length mechanism bit sets share none.
func disjoint(a, b []uint64) bool {
	b = b[:len(a)]
	for w, x := range a {
		if x&b[w] != 0 {
			return false
		}
	}
	return true
}

// anyOf reports whether some mechanism of bit set b is marked in moved.
func anyOf(b []uint64, moved []bool) bool {
	for w, x := range b {
		for ; x != 0; x &= x - 1 {
			if moved[w*64+bits.TrailingZeros64(x)] {
				return true
			}
		}
	}
	return false
}

// sharedUnchanged reports whether states j and i share the same live
// mechanisms now (masks) as at the last computation of links (prevMasks).
func (s *sim) sharedUnchanged(j, i int) bool {
	mw := s.mw
	mj, mi := s.masks[j*mw:j*mw+mw], s.masks[i*mw:i*mw+mw]
	pj, pi := s.prevMasks[j*mw:j*mw+mw], s.prevMasks[i*mw:i*mw+mw]
	for w, x := range mj {
		if x&mi[w] != pj[w]&pi[w] {
			return false
		}
	}
	return true
}

// signalNoise sets σ_ik = σ0·(1 − max ν_m) over the live mechanisms m of i
// that cover k (docs/model.md sec. 7, "Private signals"). The max is taken
// mechanism by mechanism; a max does not depend on its order.
//
// σ_i depends on nothing but the ν_m of i's live mechanisms (which a
// standing structure moves), so after set-up only a state whose
// mechanisms changed (touched), or one of whose mechanisms' ν_m moved, is
// computed anew, over the bits of its mask (a review, stop 53); at set-up,
// and under sim.full, every state is, mechanism by mechanism.
func (s *sim) signalNoise() {
	n, mw := s.n, s.mw
	for mi := range s.am.mechs {
		s.noiseMove[mi] = s.effNoise[mi] != s.noiseAt[mi]
		s.noiseAt[mi] = s.effNoise[mi]
	}
	sigma0 := s.m.sigma0
	if s.linksAll {
		nu := s.sigma
		clear(nu)
		for mi := range s.am.mechs {
			if !s.alive[mi] {
				continue
			}
			cov, e := s.am.mechs[mi].def.Coverage(), s.effNoise[mi]
			for _, i := range s.membersOf(mi) {
				for k := 0; k < nk; k++ {
					// if e > ν: max(ν, e) without max's NaN and signed-zero
					// cases, which cannot arise (ν starts at +0, e ≥ 0).
					if cov[k] > 0 && e > nu[k*n+i] {
						nu[k*n+i] = e
					}
				}
			}
		}
		for x := range nu[:n*nk] {
			nu[x] = sigma0 * (1 - nu[x])
		}
		return
	}
	for i := 0; i < n; i++ {
		mask := s.masks[i*mw : i*mw+mw]
		if !s.touched[i] && !anyOf(mask, s.noiseMove) {
			continue
		}
		var nu [nk]float64
		for w, b := range mask {
			for ; b != 0; b &= b - 1 {
				mi := w*64 + bits.TrailingZeros64(b)
				cov, e := s.am.mechs[mi].def.Coverage(), s.effNoise[mi]
				for k := range nk {
					if cov[k] > 0 && e > nu[k] { // as above
						nu[k] = e
					}
				}
			}
		}
		for k := range nk {
			s.sigma[k*n+i] = sigma0 * (1 - nu[k])
		}
	}
}

// targetCaches sets, per target, what A and the crisis read of its
// memberships (docs/model.md secs. 4.4, 6.2, 9.6, 9.8): the visibility of
// its most visible mechanism, its awareness, its salience per domain, A's
// scale τ_jk after clarity, and λ̄ for readiness.
//
// It reads the live memberships from the masks computeLinks set.
//
// A target's values depend on the constants of the task and the
// architecture, on its live mechanisms (its mask), and on two things of
// each: its awareness (which a standing structure moves) and whether it
// has at least two members. So after set-up (computeLinks' all) a target
// whose mask did not change (touched) and none of whose mechanisms moved
// in either keeps the values it has, the same as computing them anew (a
// review, stop 53); TestShortcutsExact computes every target under
// sim.full.
func (s *sim) targetCaches() {
	m, all, mw := s.m, s.linksAll, s.mw
	for mi := range s.am.mechs {
		size := len(s.membersOf(mi))
		s.cacheMove[mi] = s.effAware[mi] != s.awareAt[mi] || (size >= 2) != (s.size[mi] >= 2)
		s.awareAt[mi], s.size[mi] = s.effAware[mi], size
	}
	for j := range s.pop.States {
		if !all && !s.touched[j] && !anyOf(s.masks[j*mw:j*mw+mw], s.cacheMove) {
			continue
		}
		st := &s.pop.States[j]
		var v, aw float64
		var pc [nk]float64
		// j's live mechanisms are the bits of its mask, which computeLinks
		// has just set, in index order; the maxima are taken by comparison
		// (every field is ≥ 0 and each maximum starts at +0, so neither
		// NaN nor −0 arises).
		for w, b := range s.masks[j*s.mw : j*s.mw+s.mw] {
			for ; b != 0; b &= b - 1 {
				mi := w*64 + bits.TrailingZeros64(b)
				d := &s.am.mechs[mi].def
				if x := d.Visibility(); x > v {
					v = x
				}
				if x := s.effAware[mi]; x > aw {
					aw = x
				}
				if m.adv.Clarity != 0 && s.size[mi] >= 2 {
					for k, c := range d.Coverage() {
						// max(pc, v·c) for v·c ≥ +0 and pc from +0: no NaN or −0.
						if x := d.Visibility() * c; x > pc[k] {
							pc[k] = x
						}
					}
				}
			}
		}
		s.visOf[j], s.aware[j] = v, m.dom.Awareness(aw)
		o := &s.opts[j]
		for k := 0; k < nk; k++ {
			var ret float64
			if k == int(agents.EconomicCoercion) && m.retribution != 0 {
				ret = m.retribution * v * st.Domains.ExportChina
			}
			o.v[k] = m.dom.Salience(st.Salience, st.Domains.Dispute[agents.DisputeOf(agents.CrisisType(k))], ret)
			o.bound[k] = m.types[k].UtilityBound(o.v[k])
			o.tau[k] = m.adv.DenialScale
			if m.adv.Clarity != 0 {
				o.tau[k] = m.adv.Scale(pc[k])
			}
		}
		o.nMil, o.nAll = 0, 0
		for k, v := range o.v {
			if v <= 0 || st.Salience <= 0 {
				continue
			}
			o.all[o.nAll] = agents.CrisisType(k)
			o.nAll++
			if agents.CrisisType(k).Militarised() {
				o.mil[o.nMil] = agents.CrisisType(k)
				o.nMil++
			}
		}
	}
	if m.burden.Strength != 0 {
		// The asks: the largest of i's mechanisms', taken mechanism by
		// mechanism (a max does not depend on its order); the patron asks
		// nothing of itself.
		clear(s.ask)
		for mi := range s.am.mechs {
			b := s.am.mechs[mi].def.Burden()
			for _, i := range s.membersOf(mi) {
				if b > s.ask[i] { // max by comparison: asks start at +0
					s.ask[i] = b
				}
			}
		}
		for i := range s.ask {
			s.ask[i] = m.burden.Ask(s.ask[i])
		}
		s.ask[s.pop.Patron] = 0
	}
}
