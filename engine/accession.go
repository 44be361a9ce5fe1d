package engine

import (
	"slices"

	"pactsim/agents"
)

// Accession: who joins what (docs/model.md sec. 5).

// membership is the accession state of an architecture-run. Per mechanism ×
// state arrays are indexed m*n+i.
type membership struct {
	member, next []bool    // after the last review; the review in progress
	prevMember   []bool    // before the last review
	oim          []float64 // o_im, after reservations
	tastes       []float64 // ε_im, drawn once per run
	alive        []bool    // per mechanism: exists now
	dead         []bool    // per mechanism: a treaty that did not form or dissolved stays dead
	inAny        []bool    // per state: member of some mechanism
	growth       []float64 // per state: min(1, Σ g_m) over its mechanisms
	seen         [nk]int   // crises of each type so far, for ĉ_m
	treatyFormed bool      // the treaty formed at t = 0
	rel          agents.Reliance
	relPatron    bool // the patron counts in rel's mechanism
}

func (ms *membership) resize(nm, n int) {
	ms.member, ms.next, ms.prevMember = grow(ms.member, nm*n), grow(ms.next, nm*n), grow(ms.prevMember, nm*n)
	ms.oim, ms.tastes = grow(ms.oim, nm*n), grow(ms.tastes, nm*n)
	ms.alive, ms.dead = grow(ms.alive, nm), grow(ms.dead, nm)
	ms.inAny, ms.growth = grow(ms.inAny, n), grow(ms.growth, n)
	ms.seen = [nk]int{}
	ms.treatyFormed = false
}

// initMemberships computes every o_im (docs/model.md sec. 4.1) and draws
// every taste ε_im (sec. 5.2).
func (s *sim) initMemberships() {
	m, n := s.m, s.n
	for mi := range s.am.mechs {
		mm := &s.am.mechs[mi]
		for i := range s.pop.States {
			s.oim[mi*n+i] = agents.Reservation(mm.def.Obligation(), s.pop.States[i].Legal, m.reservation)
			// A persistent taste per (mechanism, state), drawn once: redrawing
			// it at each review would ratchet everyone into everything.
			s.tastes[mi*n+i] = m.tasteScale * s.taste.logistic(0, mm.key, slotTaste, i)
		}
	}
}

// review runs the accession decisions at t (docs/model.md secs. 5.1 and
// 5.3): every decision on the pre-review memberships, then all applied
// together. It reports whether any membership changed (always true at 0).
func (s *sim) review(t int) bool {
	copy(s.next, s.member)
	for mi := range s.am.mechs {
		d := &s.am.mechs[mi].def
		if d.Treaty && t > 0 && s.dead[mi] {
			continue
		}
		s.decide(t, mi)
	}
	copy(s.prevMember, s.member)
	copy(s.member, s.next)
	for mi := range s.am.mechs {
		s.settle(t, mi)
	}
	s.updateGrowth()
	return t == 0 || !slices.Equal(s.member, s.prevMember)
}

// decide writes every eligible state's decision about mechanism mi into
// next. At t = 0 founders of a pre-existing mechanism are bound and no one
// else joins it; bound treaty founders join without evaluating U.
func (s *sim) decide(t, mi int) {
	m, n := s.m, s.n
	mm := &s.am.mechs[mi]
	d := &mm.def
	patron := s.pop.Patron
	cov := m.prior.ExpectedCoverage(d.Coverage(), &s.seen)
	s.prepareReliance(mi)
	for i := range s.pop.States {
		idx := mi*n + i
		switch {
		case !mm.eligible[i] || (i == patron && mm.founder[i]):
			// The patron does not review what it founds: it is a member.
		case t == 0 && d.PreExisting:
			s.next[idx] = mm.founder[i]
		case t == 0 && d.Treaty && d.FoundersBound && mm.founder[i]:
			s.next[idx] = true
		default:
			st := &s.pop.States[i]
			u := agents.AccessionUtility(m.acc, agents.AccessionTerms{
				Threat: st.Threat, Autonomy: st.Autonomy, Exposure: st.Exposure,
				Legal: st.Legal, RiskTolerance: st.RiskTolerance,
				Obligation:  s.oim[idx],
				Coverage:    cov,
				Reliance:    s.reliance(mi, i),
				Integration: d.Integration(),
				Visibility:  d.Visibility(),
				Taste:       s.tastes[idx],
			})
			s.next[idx] = agents.WantsMembership(s.member[idx], u, d.ExitCost())
		}
	}
}

// settle applies the life rules of mechanism mi after the decisions
// (docs/model.md sec. 5.3): the patron is a member of what it founds; a
// treaty forms at t = 0 only if every founder joined and it has its minimum
// membership, else it is dead for good; any mechanism below its minimum
// dissolves, and a dissolved treaty stays dead.
func (s *sim) settle(t, mi int) {
	n := s.n
	mm := &s.am.mechs[mi]
	d := &mm.def
	row := s.member[mi*n : (mi+1)*n]
	if mm.founder[s.pop.Patron] {
		row[s.pop.Patron] = true
	}
	if d.Treaty && t == 0 {
		for i, b := range row {
			if mm.founder[i] && !b {
				s.dead[mi] = true // a founder stayed out: the treaty never forms
			}
		}
	}
	count := 0
	for _, b := range row {
		if b {
			count++
		}
	}
	if d.Treaty && t == 0 {
		s.treatyFormed = !s.dead[mi] && count >= d.MinMembers()
	}
	if s.dead[mi] || count < d.MinMembers() {
		clear(row)
		s.alive[mi] = false
		if d.Treaty {
			s.dead[mi] = true
		}
		return
	}
	s.alive[mi] = true
}

// updateGrowth records, per state, whether it belongs to any mechanism and
// its interoperability growth rate (docs/model.md sec. 9.5). Both change
// only at reviews, so they are computed here, not every period.
func (s *sim) updateGrowth() {
	n := s.n
	for i := range s.inAny {
		s.inAny[i] = false
		var g float64
		for mi := range s.am.mechs {
			if s.member[mi*n+i] {
				s.inAny[i] = true
				g += s.am.mechs[mi].def.Integration()
			}
		}
		s.growth[i] = agents.InteropGrowth(g)
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
// own US belief) and the rater itself differ by rater; reliance adds and
// removes them.
func (s *sim) prepareReliance(mi int) {
	n := s.n
	mm := &s.am.mechs[mi]
	s.rel, s.relPatron = agents.Reliance{}, false
	for l := range s.pop.States {
		if !(s.member[mi*n+l] || mm.founder[l]) {
			continue
		}
		if l == s.pop.Patron {
			s.relPatron = true
			continue
		}
		s.rel.Add(s.pop.States[l].Capability, s.honour[l].Mean())
	}
}

// reliance is r̂_im, i's expected honour of the other members and founders
// of mechanism mi (docs/model.md sec. 5.2), from prepareReliance's sums.
func (s *sim) reliance(mi, i int) float64 {
	n, patron := s.n, s.pop.Patron
	r := s.rel
	if i != patron && (s.member[mi*n+i] || s.am.mechs[mi].founder[i]) {
		r.Remove(s.pop.States[i].Capability, s.honour[i].Mean())
	}
	if s.relPatron && i != patron {
		r.Add(s.pop.States[patron].Capability, s.us[i].Mean())
	}
	return r.Mean()
}
