package engine

import "pactsim/agents"

// Links, signal noise and visibility: what memberships imply for crises
// (docs/model.md secs. 6.1, 6.4 and 7). They change only when a review
// changes memberships.

// linkTable holds link_ijk and what follows from memberships. Links are
// indexed (j*n+i)*nk+k: target j, responder i, crisis type k.
type linkTable struct {
	link     []float64
	linkMech []int16   // the mechanism giving the link; −1 ad hoc
	shares   []bool    // per state pair j*n+i: share a live mechanism
	sigma    []float64 // σ_ik, per state × type (index i*nk+k)
	members  []int     // scratch: one mechanism's members
}

func (lt *linkTable) resize(n int) {
	lt.link, lt.linkMech = grow(lt.link, n*n*nk), grow(lt.linkMech, n*n*nk)
	lt.shares = grow(lt.shares, n*n)
	lt.sigma = grow(lt.sigma, n*nk)
	if cap(lt.members) < n {
		lt.members = make([]int, 0, n)
	}
}

// linkOf returns link_ijk and the mechanism giving it (−1 ad hoc).
func (s *sim) linkOf(i, j int, k agents.CrisisType) (float64, int) {
	idx := (j*s.n+i)*nk + int(k)
	return s.link[idx], int(s.linkMech[idx])
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
	s.signalNoise()
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
					nu = max(nu, d.NoiseReduction())
				}
			}
			s.sigma[i*nk+k] = s.m.sigma0 * (1 - nu)
		}
	}
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
