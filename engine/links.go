package engine

import "pactsim/agents"

// Links, signal noise and visibility: what memberships imply for crises
// (docs/model.md secs. 6.1, 6.4 and 7), and in 2.0 what else follows from
// them: the constitutional cap (sec. 6.1), the chance that a response
// arrives within the window (sec. 7.1), awareness, salience and public
// coverage per target (secs. 4.4, 6.2). They change only when a review
// changes memberships.

// linkTable holds link_ijk and what follows from memberships. Links are
// indexed (j*n+i)*nk+k: target j, responder i, crisis type k.
type linkTable struct {
	link     []float64
	linkMech []int16   // the mechanism giving the link; −1 ad hoc
	shares   []bool    // per state pair j*n+i: share a live mechanism
	sigma    []float64 // σ_ik, per state × type (index i*nk+k)
	members  []int     // scratch: one mechanism's members
	// With latency on (coordination.latency.strength > 0), per (j, i, k)
	// as link: ξ_ijk, the chance that i's response arrives within the
	// window, and ln(ω_L·Λ̄_ijk), the centre of its log latency.
	xi, lnLat []float64
	// Per target: A's options against it (salience, bound and scale per
	// type), awareness A_j and the visibility v_j of its most visible
	// mechanism.
	opts         []options
	aware, visOf []float64
	// lambda is λ̄_li = Σ_k π_k·link_lik (index i*n+l), what l promises i
	// on average over crisis types, for readiness (sec. 9.8).
	lambda []float64
	// wl is link_ijk·ξ_ijk, target- and type-major (index (j*nk+k)*n+i),
	// A's weight of i against j before credibility.
	wl []float64
}

// options is what A weighs against one target, per crisis type, fixed
// between reviews (docs/model.md secs. 4.4, 6.2, 6.3): the salience V_jk
// (an option exists only where it is positive), the bound G_k·V_jk − O_k
// on the option's expected utility, and A's scale τ_jk after clarity.
type options struct {
	v, bound, tau [nk]float64
}

func (lt *linkTable) resize(n int) {
	lt.link, lt.linkMech = grow(lt.link, n*n*nk), grow(lt.linkMech, n*n*nk)
	lt.shares = grow(lt.shares, n*n)
	lt.sigma = grow(lt.sigma, n*nk)
	if cap(lt.members) < n {
		lt.members = make([]int, 0, n)
	}
	lt.xi, lt.lnLat = grow(lt.xi, n*n*nk), grow(lt.lnLat, n*n*nk)
	lt.opts = grow(lt.opts, n)
	lt.aware, lt.visOf = grow(lt.aware, n), grow(lt.visOf, n)
	lt.lambda = grow(lt.lambda, n*n)
	lt.wl = grow(lt.wl, n*n*nk)
}

// linkOf returns link_ijk and the mechanism giving it (−1 ad hoc).
func (s *sim) linkOf(i, j int, k agents.CrisisType) (float64, int) {
	idx := (j*s.n+i)*nk + int(k)
	return s.link[idx], int(s.linkMech[idx])
}

// onTime is ξ_ijk: 1 when latency is off and for the target itself.
func (s *sim) onTime(i, j int, k agents.CrisisType) float64 {
	if !s.m.coord.On() || i == j {
		return 1
	}
	return s.xi[(j*s.n+i)*nk+int(k)]
}

// computeLinks recomputes links, shared memberships and signal noise after
// a review.
func (s *sim) computeLinks() {
	s.adHocLinks()
	// Mechanisms in listed order, so that with strict > the ad hoc floor and
	// then the earlier mechanism win a tie (docs/model.md sec. 12).
	for mi := range s.am.mechs {
		if s.alive[mi] {
			s.mechanismLinks(mi)
		}
	}
	s.constitutionalCap()
	s.signalNoise()
	if s.m.coord.On() {
		s.latencies()
	}
	s.weights()
}

// weights sets wl = link_ijk·ξ_ijk for A's estimate of resistance.
func (s *sim) weights() {
	n, on := s.n, s.m.coord.On()
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			base := (j*n + i) * nk
			for k := 0; k < nk; k++ {
				w := s.link[base+k]
				if on {
					w *= s.xi[base+k]
				}
				s.wl[(j*nk+k)*n+i] = w
			}
		}
	}
}

// adHocLinks sets every link to its floor: 1 to oneself, λ_adhoc·θ_i
// otherwise (docs/model.md sec. 6.1), and clears shared memberships.
func (s *sim) adHocLinks() {
	n := s.n
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			base := (j*n + i) * nk
			s.shares[j*n+i] = false
			v := s.m.adhoc * s.pop.States[i].Threat
			if i == j {
				v = 1
			}
			for k := 0; k < nk; k++ {
				s.link[base+k], s.linkMech[base+k] = v, -1
			}
		}
	}
}

// mechanismLinks raises the links between members of mechanism mi to
// o_im·c_mk where that is higher.
func (s *sim) mechanismLinks(mi int) {
	n := s.n
	s.members = s.members[:0]
	for i := 0; i < n; i++ {
		if s.member[mi*n+i] {
			s.members = append(s.members, i)
		}
	}
	cov := s.am.mechs[mi].def.Coverage()
	for _, i := range s.members {
		o := s.oim[mi*n+i]
		for _, j := range s.members {
			if i == j {
				continue
			}
			s.shares[j*n+i] = true
			base := (j*n + i) * nk
			for k := 0; k < nk; k++ {
				if v := o * cov[k]; v > s.link[base+k] {
					s.link[base+k], s.linkMech[base+k] = v, int16(mi)
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
	n := s.n
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
			base := (j*n + i) * nk
			for _, k := range [...]agents.CrisisType{agents.Blockade, agents.ArmedAttack} {
				s.link[base+int(k)] = min(s.link[base+int(k)], lim)
			}
		}
	}
}

// signalNoise sets σ_ik = σ0·(1 − max ν_m) over the live mechanisms m of i
// that cover k (docs/model.md sec. 7, "Private signals").
func (s *sim) signalNoise() {
	n := s.n
	for i := 0; i < n; i++ {
		for k := 0; k < nk; k++ {
			var nu float64
			for mi := range s.am.mechs {
				d := &s.am.mechs[mi].def
				if s.alive[mi] && s.member[mi*n+i] && d.Coverage()[k] > 0 {
					nu = max(nu, s.effNoise[mi])
				}
			}
			s.sigma[i*nk+k] = s.m.sigma0 * (1 - nu)
		}
	}
}

// latencies sets ξ_ijk and ln(ω_L·Λ̄_ijk) (docs/model.md sec. 7.1):
// Λ̄_ijk = max(national_ik, the fastest live mechanism that i and j share
// and that covers k, or the ad hoc latency). ξ falls as latency rises, so
// ξ(max(a, b)) = min(ξ(a), ξ(b)) and no normal CDF is evaluated here.
func (s *sim) latencies() {
	n := s.n
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			base := (j*n + i) * nk
			copy(s.lnLat[base:base+nk], s.m.lnLatAdHoc[:])
			copy(s.xi[base:base+nk], s.m.xiAdHoc[:])
		}
	}
	for mi := range s.am.mechs {
		if !s.alive[mi] {
			continue
		}
		cov := s.am.mechs[mi].def.Coverage()
		lat, xi := s.mechLnLat[mi*nk:mi*nk+nk], s.mechXi[mi*nk:mi*nk+nk]
		for _, i := range s.membersOf(mi) {
			for _, j := range s.members {
				if i == j {
					continue
				}
				base := (j*n + i) * nk
				for k := 0; k < nk; k++ {
					if cov[k] > 0 && lat[k] < s.lnLat[base+k] {
						s.lnLat[base+k], s.xi[base+k] = lat[k], xi[k]
					}
				}
			}
		}
	}
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			base := (j*n + i) * nk
			nat, natXi := s.natLnLat[i*nk:i*nk+nk], s.natXi[i*nk:i*nk+nk]
			for k := 0; k < nk; k++ {
				if nat[k] > s.lnLat[base+k] {
					s.lnLat[base+k], s.xi[base+k] = nat[k], natXi[k]
				}
			}
			if i == j {
				for k := 0; k < nk; k++ {
					s.xi[base+k] = 1 // the target is on the scene
				}
			}
		}
	}
}

// membersOf fills s.members with mechanism mi's members and returns it.
func (s *sim) membersOf(mi int) []int {
	n := s.n
	s.members = s.members[:0]
	for i := 0; i < n; i++ {
		if s.member[mi*n+i] {
			s.members = append(s.members, i)
		}
	}
	return s.members
}

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
		s.size[mi] = 0
		for i := 0; i < n; i++ {
			if s.member[mi*n+i] {
				s.size[mi]++
			}
		}
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
	}
	if m.ready.Strength != 0 {
		for i := 0; i < n; i++ {
			for l := 0; l < n; l++ {
				var lam float64
				for k := 0; k < nk; k++ {
					lam += m.prior.Share[k] * s.link[(i*n+l)*nk+k]
				}
				s.lambda[i*n+l] = lam
			}
		}
	}
}
