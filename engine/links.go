package engine

import "pactsim/agents"

// Links, signal noise and visibility: what memberships imply for crises
// (docs/model.md secs. 6.1, 6.4 and 7), and in 2.0 what else follows from
// them: the constitutional cap (sec. 6.1), the chance that a response
// arrives within the window (sec. 7.1), awareness, salience and public
// coverage per target (secs. 4.4, 6.2). They change only when a review
// changes memberships.

// linkTable holds link_ijk and what follows from memberships. Links and
// everything per (target j, responder i, crisis type k) are indexed
// (j*nk+k)*n+i, target- and type-major, so that what one target and domain
// needs is one row over responders: A's sums read it in order, and the
// rows that do not depend on memberships are copied whole.
type linkTable struct {
	link     []float64
	linkMech []int16   // the mechanism giving the link; −1 ad hoc
	shares   []bool    // per state pair j*n+i: share a live mechanism
	sigma    []float64 // σ_ik, per state × type (index i*nk+k)
	noMech   []int16   // n times −1: a row of ad hoc links
	// Every mechanism's members in roster order, listed at each change of
	// membership: mechanism mi's are mlist[mstart[mi]:mstart[mi+1]].
	mlist, mstart []int
	// With latency on (coordination.latency.strength > 0), per (j, i, k)
	// as link: ξ_ijk, the chance that i's response arrives within the
	// window, and ln(ω_L·Λ̄_ijk), the centre of its log latency.
	xi, lnLat []float64
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

func (lt *linkTable) resize(nm, n int) {
	lt.link, lt.linkMech = grow(lt.link, n*n*nk), grow(lt.linkMech, n*n*nk)
	lt.shares = grow(lt.shares, n*n)
	lt.sigma = grow(lt.sigma, n*nk)
	if len(lt.noMech) != n {
		lt.noMech = make([]int16, n)
		for i := range lt.noMech {
			lt.noMech[i] = -1
		}
	}
	lt.xi, lt.lnLat = grow(lt.xi, n*n*nk), grow(lt.lnLat, n*n*nk)
	lt.opts = grow(lt.opts, n)
	lt.aware, lt.visOf = grow(lt.aware, n), grow(lt.visOf, n)
	lt.kLambda = grow(lt.kLambda, n*n)
	lt.wl = grow(lt.wl, n*n*nk)
	lt.mlist, lt.mstart = grow(lt.mlist, nm*n), grow(lt.mstart, nm+1)
}

// at is the index of (target j, responder i, type k) in the link table.
func (s *sim) at(j, i int, k agents.CrisisType) int { return (j*nk+int(k))*s.n + i }

// linkOf returns link_ijk and the mechanism giving it (−1 ad hoc).
func (s *sim) linkOf(i, j int, k agents.CrisisType) (float64, int) {
	idx := s.at(j, i, k)
	return s.link[idx], int(s.linkMech[idx])
}

// onTime is ξ_ijk: 1 when latency is off and for the target itself.
func (s *sim) onTime(i, j int, k agents.CrisisType) float64 {
	if !s.m.coord.On() || i == j {
		return 1
	}
	return s.xi[s.at(j, i, k)]
}

// computeLinks recomputes links, shared memberships, signal noise and
// latencies after a review.
func (s *sim) computeLinks() {
	on := s.m.coord.On()
	s.adHocLinks()
	if on {
		s.unsharedLatencies()
	}
	// Mechanisms in listed order, so that with strict > the ad hoc floor and
	// then the earlier mechanism win a tie (docs/model.md sec. 12).
	for mi := range s.am.mechs {
		if s.alive[mi] {
			s.mechanismLinks(mi, on)
		}
	}
	s.constitutionalCap()
	s.signalNoise()
	if on {
		s.nationalBound()
	}
	s.weights()
}

// weights sets wl = link_ijk·ξ_ijk for A's estimate of resistance.
func (s *sim) weights() {
	if !s.m.coord.On() {
		copy(s.wl, s.link)
		return
	}
	wl, xi := s.wl, s.xi[:len(s.wl)]
	for x, l := range s.link[:len(wl)] {
		wl[x] = l * xi[x]
	}
}

// adHocLinks sets every link to its floor: 1 to oneself, λ_adhoc·θ_i
// otherwise (docs/model.md sec. 6.1), and clears shared memberships. The
// floor does not depend on the target, so every row is a copy of the
// task's (adhocLink, prepareTask).
func (s *sim) adHocLinks() {
	n := s.n
	for j := 0; j < n; j++ {
		for k := 0; k < nk; k++ {
			x := (j*nk + k) * n
			row := s.link[x : x+n]
			copy(row, s.adhocLink)
			row[j] = 1
			copy(s.linkMech[x:x+n], s.noMech)
		}
	}
	clear(s.shares)
}

// mechanismLinks raises the links between members of mechanism mi to
// o_im·c_mk where that is higher and, with latency on, lowers the latency
// of a response between them to the mechanism's in the domains it covers
// (docs/model.md secs. 6.1, 7.1). A pair met for the first time starts
// from the ad hoc latency (see latencies).
func (s *sim) mechanismLinks(mi int, on bool) {
	n := s.n
	cov := s.am.mechs[mi].def.Coverage()
	lat, lxi := s.mechLnLat[mi*nk:mi*nk+nk], s.mechXi[mi*nk:mi*nk+nk]
	members := s.membersOf(mi)
	for _, i := range members {
		o := s.oim[mi*n+i]
		var v [nk]float64
		for k := range v {
			v[k] = o * cov[k]
		}
		for _, j := range members {
			if i == j {
				continue
			}
			if p := j*n + i; !s.shares[p] {
				s.shares[p] = true
				if on {
					for k := 0; k < nk; k++ {
						x := (j*nk+k)*n + i
						s.lnLat[x], s.xi[x] = s.m.lnLatAdHoc[k], s.m.xiAdHoc[k]
					}
				}
			}
			for k := 0; k < nk; k++ {
				x := (j*nk+k)*n + i
				if v[k] > s.link[x] {
					s.link[x], s.linkMech[x] = v[k], int16(mi)
				}
				if on && cov[k] > 0 && lat[k] < s.lnLat[x] {
					s.lnLat[x], s.xi[x] = lat[k], lxi[k]
				}
			}
		}
	}
}

// constitutionalCap caps the blockade and armed-attack links of a state
// whose collective self-defence is limited to a third party: near (same
// sub-region) or far (docs/model.md sec. 6.1; Japan's 2015 legislation).
// It applies after the max, to mechanism links and the ad hoc floor alike.
func (s *sim) constitutionalCap() {
	c := &s.m.csd
	if c.Strength == 0 {
		return
	}
	for i := range s.pop.States {
		di := &s.pop.States[i].Domains
		if !di.CSDLimit {
			continue
		}
		for j := range s.pop.States {
			if j == i {
				continue
			}
			rj := s.pop.States[j].Domains.Region
			lim := c.Cap(di.Region != agents.NoRegion && rj == di.Region)
			for _, k := range [...]agents.CrisisType{agents.Blockade, agents.ArmedAttack} {
				x := s.at(j, i, k)
				s.link[x] = min(s.link[x], lim)
			}
		}
	}
}

// signalNoise sets σ_ik = σ0·(1 − max ν_m) over the live mechanisms m of i
// that cover k (docs/model.md sec. 7, "Private signals"). The max is taken
// mechanism by mechanism; a max does not depend on its order.
func (s *sim) signalNoise() {
	n := s.n
	nu := s.sigma
	clear(nu)
	for mi := range s.am.mechs {
		if !s.alive[mi] {
			continue
		}
		cov, e := s.am.mechs[mi].def.Coverage(), s.effNoise[mi]
		for _, i := range s.membersOf(mi) {
			for k := 0; k < nk; k++ {
				if cov[k] > 0 {
					nu[i*nk+k] = max(nu[i*nk+k], e)
				}
			}
		}
	}
	for x := range nu[:n*nk] {
		nu[x] = s.m.sigma0 * (1 - nu[x])
	}
}

// Latencies (docs/model.md sec. 7.1): ξ_ijk and ln(ω_L·Λ̄_ijk) with
// Λ̄_ijk = max(national_ik, the fastest live mechanism that i and j share
// and that covers k, or the ad hoc latency). ξ falls as latency rises, so
// ξ(max(a, b)) = min(ξ(a), ξ(b)) and no normal CDF is evaluated here.
//
// A pair that shares no live mechanism has the ad hoc latency bounded by
// the national one, which does not depend on the target: its rows are
// copies of the task's (latRowLn, latRowXi, prepareTask). A pair that
// shares one is computed in the order of the definition: from the ad hoc
// latency, the mechanisms in listed order (strict <: the earlier wins a
// tie; mechanismLinks), then the national bound (strict >; nationalBound).

// unsharedLatencies fills every pair's latency as if it shared no
// mechanism; the target's own response is on time.
func (s *sim) unsharedLatencies() {
	n := s.n
	for j := 0; j < n; j++ {
		for k := 0; k < nk; k++ {
			x := (j*nk + k) * n
			copy(s.lnLat[x:x+n], s.latRowLn[k*n:k*n+n])
			xi := s.xi[x : x+n]
			copy(xi, s.latRowXi[k*n:k*n+n])
			xi[j] = 1 // the target is on the scene
		}
	}
}

// nationalBound bounds the latency of every pair that shares a mechanism
// by the responder's national process.
func (s *sim) nationalBound() {
	n := s.n
	for j := 0; j < n; j++ {
		for i, shared := range s.shares[j*n : j*n+n] {
			if !shared {
				continue
			}
			nat, natXi := s.natLnLat[i*nk:i*nk+nk], s.natXi[i*nk:i*nk+nk]
			for k := 0; k < nk; k++ {
				if x := (j*nk+k)*n + i; nat[k] > s.lnLat[x] {
					s.lnLat[x], s.xi[x] = nat[k], natXi[k]
				}
			}
		}
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
// (docs/model.md sec. 6.4).
func (s *sim) visibility() float64 {
	n := s.n
	var vis float64
	for i := range s.pop.States {
		var v float64
		for mi := range s.am.mechs {
			if s.member[mi*n+i] {
				v = max(v, s.am.mechs[mi].def.Visibility())
			}
		}
		vis += s.pop.States[i].Capability / s.capSum * v
	}
	return vis
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
	return vis
}

// targetCaches sets, per target, what A and the crisis read of its
// memberships (docs/model.md secs. 4.4, 6.2, 9.6, 9.8): the visibility of
// its most visible mechanism, its awareness, its salience per domain, A's
// scale τ_jk after clarity, and λ̄ for readiness.
func (s *sim) targetCaches() {
	m, n := s.m, s.n
	for mi := range s.am.mechs {
		s.size[mi] = len(s.membersOf(mi))
	}
	for j := range s.pop.States {
		st := &s.pop.States[j]
		var v, aw float64
		var pc [nk]float64
		for mi := range s.am.mechs {
			if !s.alive[mi] || !s.member[mi*n+j] {
				continue
			}
			d := &s.am.mechs[mi].def
			v = max(v, d.Visibility())
			aw = max(aw, s.effAware[mi])
			if m.adv.Clarity != 0 && s.size[mi] >= 2 {
				for k, c := range d.Coverage() {
					pc[k] = max(pc[k], d.Visibility()*c)
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
	if m.ready.Strength != 0 {
		// λ̄_li summed over k in order for every l at once.
		for i := 0; i < n; i++ {
			lam := s.kLambda[i*n : i*n+n]
			clear(lam)
			for k := 0; k < nk; k++ {
				sh, row := m.prior.Share[k], s.link[(i*nk+k)*n:(i*nk+k)*n+n]
				for l, x := range row {
					lam[l] += sh * x
				}
			}
			for l := range lam {
				lam[l] = s.pop.States[l].Capability * lam[l]
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
				s.ask[i] = max(s.ask[i], b)
			}
		}
		for i := range s.ask {
			s.ask[i] = m.burden.Ask(s.ask[i])
		}
		s.ask[s.pop.Patron] = 0
	}
}
