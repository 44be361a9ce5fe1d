package engine

import "pactsim/agents"

// How a crisis ends (docs/model.md sec. 8): lateness, denial or success,
// war, the list of who acted and the false-security gap, after the
// best-response rounds of crisis.go.

// resolve ends the challenge of severity sev (docs/model.md sec. 8): the
// target and every state that acted and arrived within the window against
// the strength needed; a success may change control (or, economic, cost
// the target); a repelled escalatory challenge may become a war. It
// returns the number of on-time responders besides the target and the sum
// of their interoperability.
func (s *sim) resolve(t, j int, k agents.CrisisType, sev float64, off int) (responders int, interopSum float64) {
	m, n := s.m, s.n
	var r agents.Coalition
	s.add(&r, 1, j)
	var obligations float64 // Σ o_im of the link-giving mechanisms; 0 ad hoc
	s.arrived = s.arrived[:0]
	for _, i := range s.actors {
		s.acc.responses++
		if s.late(t, j, i, k, off) {
			s.acc.late++
			continue
		}
		s.arrived = append(s.arrived, i)
		s.add(&r, 1, i)
		responders++
		interopSum += s.interop[i]
		if _, mi := s.linkOf(i, j, k); mi >= 0 {
			obligations += s.oim[mi*n+i]
		}
	}
	// Denied iff the strength reaches K_A·s·R_A·exp(σ_o·z_out); when z_out's
	// sign alone decides it (agents.Adversary.DeniedBySign, the sign from
	// the normal's twin uniform: cosNonNeg), its normal is not computed.
	denied, _ := s.deniedOf(r.Strength(m.friction), sev, slotOutcome+off)
	if !denied {
		s.fail(t, j, k, sev, off)
		return responders, interopSum
	}
	war := false
	if k.Escalatory() {
		var meanO float64
		if responders > 0 {
			meanO = obligations / float64(responders)
		}
		war = s.draw.uniform(slotEscalation+off, 0) < m.adv.WarProbability(sev, meanO)
	}
	s.acc.repelled(k, war)
	return responders, interopSum
}

// deniedOf is strength ≥ StrengthNeeded(sev, R_A, σ_o·z_out), z_out =
// draw.normal(slot, 0), and whether z_out was computed: never when its
// sign alone decides (agents.Adversary.DeniedBySign), nor when its
// magnitude's bound does (a review, stop 55). The first uniform's binade b
// (radiusLevel) bounds |z_out| by R = radiusBound[b], so with 0 ≤ σ_o and
// d = σ_o·R as rounded below 700 the rounded σ_o·z_out is in [−d, d]
// (rounding is monotone) and its Exp is within a few ulp of e^x
// (TestExpAccuracy): at least lo[b] = Exp(−d)·(1 − 2^−30) and at most
// hi[b] = Exp(d)·(1 + 2^−30), each rounded (denyBounds). With the base
// K_A·s·R_A taken as StrengthNeeded takes it and not negative, the needed
// strength is at least base·lo[b] and at most base·hi[b], rounded (a
// correctly rounded product is monotone in each factor): a strength below
// the first is not enough, one at or above the second is
// (TestDeniedRadiusExact). Under sim.full z_out is always computed.
func (s *sim) deniedOf(strength, sev float64, slot int) (denied, computed bool) {
	m := s.m
	u2 := s.draw.twin(slot, 0)
	denied, known := m.adv.DeniedBySign(strength, sev, s.resolveA, m.sigmaO, cosNonNeg(u2))
	if known && !s.full {
		return denied, false
	}
	u1 := s.draw.uniform(slot, 0)
	if b := uint(radiusLevel(u1)); b < radiusLevels && !s.full {
		db := &s.denyBounds
		if !db.set || db.sig != m.sigmaO {
			setDenyBounds(db, m.sigmaO)
		}
		if base := m.adv.Capability * sev * s.resolveA; db.ok && base >= 0 {
			if strength < base*db.lo[b] {
				return false, false
			}
			if strength >= base*db.hi[b] {
				return true, false
			}
		}
	}
	return strength >= m.adv.StrengthNeeded(sev, s.resolveA, m.sigmaO*normalOf(u1, u2)), true
}

// denyBounds holds deniedOf's factors lo[b] and hi[b] for σ_o = sig; ok
// says σ_o ≥ 0 and every σ_o·radiusBound[b] is below 700 (so no Exp
// overflows or is subnormal), without which they are not used. They
// depend on σ_o alone, so they are kept across crises and runs.
type denyBounds struct {
	set, ok bool
	sig     float64
	lo, hi  [radiusLevels]float64
}

func setDenyBounds(db *denyBounds, sig float64) {
	db.set, db.sig, db.ok = true, sig, sig >= 0
	for b := range db.lo {
		d := sig * radiusBound[b]
		if !(d < 700) {
			db.ok = false
			return
		}
		db.lo[b] = agents.Exp(-d) * (1 - 0x1p-30)
		db.hi[b] = agents.Exp(d) * (1 + 0x1p-30)
	}
}

// late reports whether responder i's response arrives after the window
// (docs/model.md sec. 7.1); never with latency off, nor when the chance of
// being on time is 1 to double precision.
//
// Late compares lnLat + σ_lat·z with ln W_k, so when the centre lnLat is
// past the window and z is not below 0 the response is late, and when it
// is not past the window and z is not above 0 it is not: the normal's twin
// uniform alone tells its sign (cosNonNeg), so the normal is computed only
// when the two sides disagree (agents.Coordination.LateBySign; the draw is
// a pure function of its index, so no other draw moves).
func (s *sim) late(t, j, i int, k agents.CrisisType, off int) bool {
	c := &s.m.coord
	if !c.On() {
		return false
	}
	p := &s.pairs[j*s.n+i]
	if p.xi[k] == 1 {
		return false
	}
	late, _ := lateOf(c, k, p.lnLat[k], s.draw, slotLatency+off, i, s.full)
	return late
}

// lateOf is Late(k, lnLat, z) for the normal z = draw.normal(slot, i),
// and whether z was computed: never when its sign alone decides (above),
// nor when its magnitude's bound does (a review, stop 55). The first
// uniform's binade b (radiusLevel) bounds |z| by R = radiusBound[b], so
// with σ_lat ≥ 0 the rounded σ_lat·z is within d = σ_lat·R as rounded of
// 0 (rounding is monotone), and lnLat + σ_lat·z as rounded is at least
// lnLat − d and at most lnLat + d as rounded: a response with lnLat − d
// past the window is late, one with lnLat + d not past it is not
// (TestLateRadiusExact). Under full (sim.full) z is always computed.
func lateOf(c *agents.Coordination, k agents.CrisisType, lnLat float64, draw counterKey, slot, i int, full bool) (late, computed bool) {
	u2 := draw.twin(slot, i)
	if late, known := c.LateBySign(k, lnLat, cosNonNeg(u2)); known && !full {
		return late, false
	}
	u1 := draw.uniform(slot, i)
	if b := uint(radiusLevel(u1)); b < radiusLevels && c.Noise >= 0 && !full {
		d, lnW := c.Noise*radiusBound[b], c.LnWindow[k]
		if lnLat-d > lnW {
			return true, false
		}
		if !(lnLat+d > lnW) {
			return false, false
		}
	}
	return c.Late(k, lnLat, normalOf(u1, u2)), true
}

// fail books a challenge that was not denied (docs/model.md sec. 8.1): it
// changes control with the type's territorial share, and an economic one
// costs the target (sec. 8.2).
func (s *sim) fail(t, j int, k agents.CrisisType, sev float64, off int) {
	m := s.m
	ty := &m.types[k]
	control := ty.Territorial >= 1
	if ty.Territorial > 0 && ty.Territorial < 1 {
		control = s.draw.uniform(slotTerritorial+off, 0) < ty.Territorial
	}
	if control {
		s.faSuffered[j]++
	}
	s.acc.failure(k, control)
	if k == agents.EconomicCoercion {
		d := &s.pop.States[j].Domains
		loss := agents.EconomicLoss(m.penalty, m.diversion, d.ExportsGDP, d.ExportChina, sev/ty.Severity, m.duration)
		s.econLoss[j] += loss
		s.lossNow[j] += loss
		s.acc.econLoss += loss * d.GDPRel
	}
}

// listActors lists the states besides the target that acted, in index
// order: the players that acted, and the patron if its draw said so; no
// other state acts (signals set every act to false).
func (s *sim) listActors(j int) {
	actors := s.actors[:0]
	if s.full {
		for i, a := range s.act[:s.n] {
			if a && i != j {
				actors = append(actors, i)
			}
		}
		s.actors = actors
		return
	}
	patron := s.pop.Patron
	pending := patron != j && s.act[patron]
	for p := range s.players {
		pl := &s.players[p] // by pointer: a copy of the player costs more than the test
		if pending && patron < pl.i {
			actors, pending = append(actors, patron), false
		}
		if pl.act {
			actors = append(actors, pl.i)
		}
	}
	if pending {
		actors = append(actors, patron)
	}
	s.actors = actors
}

// securityGap is the crisis's false-security gap (docs/model.md sec. 8),
// with the target's ratings read before the crisis updates them; what
// came is the help that arrived within the window (with latency off no
// response is late). Its sums run over every state but the target in
// index order, each over the states whose terms are not +0: the promise
// over the states of nonzero link (the linked states and the patron), what
// came over the on-time responders. Σ_{l≠j} K_l is the task's promTotal:
// the same sum from +0 in the same order, and capabilities K_l do not move
// within a task (docs/model.md sec. 22.1, "Exact shortcuts").
func (s *sim) securityGap(j int, k agents.CrisisType) float64 {
	if s.full {
		var g agents.SecurityGap
		acted := s.arrived
		for l := range s.pop.States {
			if l == j {
				continue
			}
			link, _ := s.linkOf(l, j, k)
			on := len(acted) > 0 && acted[0] == l
			if on {
				acted = acted[1:]
			}
			g.Add(s.pop.States[l].Capability, link, s.rating(j, l), on)
		}
		return g.Value()
	}
	// The sums are SecurityGap.Promise's and Came's, term by term in the
	// same order, each promise rounded before it is summed, held in locals
	// (a SecurityGap whose methods take its address lives in memory).
	n := s.n
	states, honour := s.pop.States[:n], s.honour[:n]
	patron := s.pop.Patron
	linkUS, _ := s.linkOf(patron, j, k)
	pending := patron != j && linkUS != 0
	linked := s.linked
	linkedW := s.linkedW[:len(linked)]
	var promised, came float64
	for x, l := range linked {
		if pending && patron < l {
			promised += float64(states[patron].Capability * linkUS * s.us[j].Mean())
			pending = false
		}
		promised += float64(states[l].Capability * linkedW[x] * honour[l].Mean())
	}
	if pending {
		promised += float64(states[patron].Capability * linkUS * s.us[j].Mean())
	}
	for _, l := range s.arrived {
		came += states[l].Capability
	}
	return agents.GapValue(promised, came, s.promTotal[j])
}
