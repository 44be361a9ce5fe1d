package engine

import (
	"fmt"
	"math"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// A referee's check of docs/model.md secs. 7-9: the crisis recomputed from
// the statement's formulas on the engine's state, crisis by crisis, with a
// forced schedule of every target and type.

func refPhi(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// refXi is ξ_ijk of sec. 7.1 from the mechanisms' current latencies.
func refXi(s *sim, i, j int, k agents.CrisisType) float64 {
	m := s.m
	if !m.coord.On() || i == j {
		return 1
	}
	return refPhi((m.coord.LnWindow[k] - refLat(s, i, j, k)) / m.coord.Noise)
}

func refSigma(s *sim, i int, k agents.CrisisType) float64 {
	nu := 0.0
	for mi := range s.am.mechs {
		if s.alive[mi] && s.member[mi*s.n+i] && s.am.mechs[mi].def.Coverage()[k] > 0 {
			nu = max(nu, s.effNoise[mi])
		}
	}
	return s.m.sigma0 * (1 - nu)
}

type refCoal struct{ kw, w, wi, f float64 }

func (c *refCoal) add(s *sim, q float64, l, j int, k agents.CrisisType) {
	cp := s.caps[l].ByType[k]
	c.kw += q * cp.Against(s.aware[j])
	c.w += q
	c.wi += q * s.interop[l]
	if k == agents.EconomicCoercion {
		if l == j {
			c.f += q * s.caps[l].TargetFree
		} else {
			c.f += q * cp.Free
		}
	}
}

func (c refCoal) strength(phi float64) float64 {
	return c.kw*(1-phi*(1-c.wi/c.w)) + c.f
}

// refActs is sec. 7's decisions: candidates, signals, U_i(E_i) > 0 over
// the best-response rounds. It returns each state's act (the patron's
// from its draw) and the largest |U| found within 1e-9 of 0 (ambiguous).
func refActs(s *sim, t, j int, k agents.CrisisType) []bool {
	m, n := s.m, s.n
	draw := s.shocks.at(t, j)
	lnS := m.logSeverity[k] + m.sigmaS*draw.normal(slotSeverity, 0)
	tr := s.am.treaty
	invoked := tr >= 0 && s.alive[tr] && s.member[tr*n+j] && s.am.mechs[tr].def.Coverage()[k] > m.invocation
	lnY := 0.0
	if invoked {
		lnY = lnS + m.sigmaPub*draw.normal(slotPublic, 0)
	}
	patron := s.pop.Patron
	type cand struct {
		i                  int
		lnx, sd            float64
		link, audience, xi float64
	}
	var cs []cand
	for i := 0; i < n; i++ {
		if i == j || i == patron {
			continue
		}
		link, mi := s.linkOf(i, j, k)
		if !(link > 0) {
			continue
		}
		sig := max(refSigma(s, i, k), 1e-9)
		lnx := lnS + sig*draw.normal(slotPrivate, i)
		sd := sig
		if invoked && s.member[tr*n+i] {
			a, b := 1/(sig*sig), 1/(m.sigmaPub*m.sigmaPub)
			lnx = (lnx*a + lnY*b) / (a + b)
			sd = math.Pow(a+b, -0.5)
		}
		aud := 0.0
		if mi >= 0 {
			d := &s.am.mechs[mi].def
			aud = s.oim[mi*n+i] * d.Coverage()[k] * d.Visibility()
		}
		cs = append(cs, cand{i, lnx, sd, link, aud, refXi(s, i, j, k)})
	}
	util := func(c cand, e float64) float64 {
		st := &s.pop.States[c.i]
		shat := math.Exp(c.lnx)
		p := 0.0
		if e > 0 {
			p = refPhi((math.Log(e) - math.Log(m.adv.Capability*shat*s.resolveA)) / math.Sqrt(m.sigmaO*m.sigmaO+c.sd*c.sd))
		}
		u := st.Threat*c.link*m.resp.Respond*p + m.resp.Audience*c.audience -
			shat*(st.Exposure*m.resp.Retribution+(1-st.RiskTolerance)*m.resp.Risk)
		if k == agents.ArmedAttack {
			u -= st.Legal * m.resp.Domestic
		}
		return u
	}
	act := make([]bool, n)
	prev := make([]bool, n)
	linkUS, _ := s.linkOf(patron, j, k)
	for round := 0; round <= m.rounds; round++ {
		next := make([]bool, n)
		for _, c := range cs {
			var e refCoal
			for l := 0; l < n; l++ {
				if l == patron && l != j {
					continue
				}
				var q float64
				switch {
				case l == j:
					q = 1
				case l == c.i:
					q = c.xi
				case round == 0:
					link, _ := s.linkOf(l, j, k)
					q = link * s.honour[l].Mean() * refXi(s, l, j, k)
				case prev[l]:
					q = refXi(s, l, j, k)
				}
				if q != 0 {
					e.add(s, q, l, j, k)
				}
			}
			if patron != j {
				e.add(s, s.us[c.i].Mean()*linkUS*refXi(s, patron, j, k), patron, j, k)
			}
			next[c.i] = util(c, e.strength(m.friction)) > 0
		}
		prev = next
	}
	copy(act, prev)
	if patron != j {
		r := s.reliability
		if _, mi := s.linkOf(patron, j, k); mi >= 0 {
			st := s.am.mechs[mi].def.Stickiness()
			r = r + m.stickiness*st*(m.usReliability-r)
		}
		act[patron] = draw.uniform(slotPatron, 0) < r*linkUS
	}
	return act
}

// refPeriod is sim.period with the crisis schedule forced: every target
// in turn with type (t+j) mod 4, each checked against the statement; and
// the period's slow variables checked against secs. 9.1 and 9.5-9.9.
func refPeriod(t *testing.T, s *sim, tp int, check func(tp, j int, k agents.CrisisType)) {
	m, n := s.m, s.n
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12*max(1, math.Abs(y)) }
	errf := func(format string, a ...any) { t.Helper(); t.Errorf("t %d: "+format, append([]any{tp}, a...)...) }
	if tp%m.electionPeriod == 0 {
		us := append([]agents.Beta(nil), s.us[:n]...)
		s.election(tp)
		want := m.usReliability
		if s.shocks.uniform(tp, -1, slotElection, 0) < m.retrenchment {
			want = min(1, max(0, m.usReliability-m.shockSize))
		}
		if s.reliability != want {
			errf("reliability %v, want %v", s.reliability, want)
		}
		for i := range n {
			if s.us[i].A != us[i].A/2 || s.us[i].B != us[i].B/2 {
				errf("election: belief %d %v from %v", i, s.us[i], us[i])
			}
		}
	}
	visNow := func() float64 {
		var v float64
		for i := range n {
			var x float64
			for mi := range s.am.mechs {
				if s.alive[mi] && s.member[mi*n+i] {
					x = max(x, s.am.mechs[mi].def.Visibility())
				}
			}
			v += s.pop.States[i].Capability / s.capSum * x
		}
		return min(v, 1)
	}
	if tp%m.reviewPeriod == 0 {
		dv := max(0, visNow()-s.visPre)
		s.updateAutonomy()
		if m.align.On() {
			for i := range n {
				g := s.coercion[i]
				want := s.pop.States[i].Autonomy * (1 + m.align.Resistance*dv - m.align.Balancing*(1-math.Exp(-g)))
				want = min(1-1e-4, max(1e-4, want))
				if !near(s.autonomy[i], want) {
					errf("autonomy %d %v, want %v", i, s.autonomy[i], want)
				}
			}
		}
		if changed := s.review(tp); changed || s.building() {
			s.membershipChanged(tp)
		}
		s.failureCost()
		s.reviewDynamics()
		// Asks and readiness targets (secs. 9.7, 9.8).
		for i := range n {
			var ask float64
			for mi := range s.am.mechs {
				if s.alive[mi] && s.member[mi*n+i] {
					ask = max(ask, m.burden.Strength*s.am.mechs[mi].def.Burden())
				}
			}
			if i == s.pop.Patron {
				ask = 0
			}
			if m.burden.Strength != 0 && s.ask[i] != ask {
				errf("ask %d %v, want %v", i, s.ask[i], ask)
			}
			if i == s.pop.Patron {
				continue
			}
			var prom, total float64
			for l := range n {
				if l == i {
					continue
				}
				K := s.pop.States[l].Capability
				total += K
				var lam float64
				for k := range nk {
					link, _ := s.linkOf(l, i, agents.CrisisType(k))
					lam += m.prior.Share[k] * link
				}
				h := s.honour[l].Mean()
				if l == s.pop.Patron {
					h = s.us[i].Mean()
				}
				prom += K * lam * h
			}
			if want := 1 - m.ready.Strength*prom/total; !near(s.readyAim[i], want) {
				errf("readiness target %d %v, want %v", i, s.readyAim[i], want)
			}
		}
	}
	s.chi = s.challengeThreshold(tp)
	z := s.z
	s.beginDynamics()
	if want := m.adv.Resolve * (1 + m.adv.Mobilisation*z); !near(s.resolveA, want) {
		errf("R_A %v, want %v", s.resolveA, want)
	}
	s.acc.beginPeriod(m.adv.Threshold0 - s.chi)
	recv := make([]float64, n)
	loss := append([]float64(nil), s.econLoss[:n]...)
	for j := range n {
		k := agents.CrisisType((tp + j) % nk)
		if k == agents.EconomicCoercion && tp <= s.campaign[j] {
			continue
		}
		recv[j]++
		check(tp, j, k)
	}
	for j := range n {
		loss[j] = s.econLoss[j] - loss[j]
	}
	s.acc.endPeriod()
	// The expected end of period (secs. 9.2-9.9).
	us, hon, cred := append([]agents.Beta(nil), s.us[:n]...), append([]agents.Beta(nil), s.honour[:n]...), append([]agents.Beta(nil), s.cred[:n]...)
	io := append([]float64(nil), s.interop[:n]...)
	spend, ready := append([]float64(nil), s.spend[:n]...), append([]float64(nil), s.ready[:n]...)
	gam, lmem := append([]float64(nil), s.coercion[:n]...), append([]float64(nil), s.lossMem[:n]...)
	cost := s.acc.burdenCost
	z = s.z
	dv := max(0, visNow()-s.visPre)
	s.decay()
	s.endDynamics()
	dec := func(b, b0 agents.Beta, r float64) agents.Beta {
		return agents.Beta{A: b.A + r*(b0.A-b.A), B: b.B + r*(b0.B-b.B)}
	}
	for i := range n {
		if w := dec(us[i], s.us0[i], m.learn.BeliefDecay); !near(s.us[i].A, w.A) || !near(s.us[i].B, w.B) {
			errf("US belief %d %v, want %v", i, s.us[i], w)
		}
		if w := dec(hon[i], m.learn.HonourPrior, m.learn.BeliefDecay); !near(s.honour[i].A, w.A) || !near(s.honour[i].B, w.B) {
			errf("honour %d %v, want %v", i, s.honour[i], w)
		}
		if w := dec(cred[i], s.cred0[i], m.cred.Decay); !near(s.cred[i].A, w.A) || !near(s.cred[i].B, w.B) {
			errf("credibility %d %v, want %v", i, s.cred[i], w)
		}
		in, g := false, 0.0
		for mi := range s.am.mechs {
			if s.alive[mi] && s.member[mi*n+i] {
				in = true
				g += s.effInteg[mi]
			}
		}
		w := io[i] + m.learn.InteropDecay*(s.interop0[i]-io[i])
		if in {
			w = io[i] + min(1, g)*(1-io[i])
		}
		if !near(s.interop[i], w) {
			errf("interop %d %v, want %v", i, s.interop[i], w)
		}
		if m.burden.Strength != 0 {
			gap := max(0, s.ask[i]-spend[i])
			cost += m.burden.Cost * gap
			if want := spend[i] + m.burden.Rate*gap; !near(s.spend[i], want) {
				errf("spending %d %v, want %v", i, s.spend[i], want)
			}
			f0 := s.pop.States[i].Domains.DefenceGDP
			if want := 1 + m.burden.Elasticity*(s.spend[i]-f0)/f0; !near(s.mult[i], want) {
				errf("multiplier %d %v, want %v", i, s.mult[i], want)
			}
		}
		if want := ready[i] + m.ready.Rate*(s.readyAim[i]-ready[i]); i != s.pop.Patron && !near(s.ready[i], want) {
			errf("readiness %d %v, want %v", i, s.ready[i], want)
		}
		if i == s.pop.Patron && s.ready[i] != 1 {
			errf("patron readiness %v", s.ready[i])
		}
		if want := (1-m.align.Memory)*gam[i] + recv[i]; m.align.Balancing != 0 && !near(s.coercion[i], want) {
			errf("coercion memory %d %v, want %v", i, s.coercion[i], want)
		}
		if want := (1-m.retMemory)*lmem[i] + loss[i]; m.retribution != 0 && !near(s.lossMem[i], want) {
			errf("loss memory %d %v, want %v", i, s.lossMem[i], want)
		}
	}
	if !near(s.acc.burdenCost, cost) {
		errf("burden cost %v, want %v", s.acc.burdenCost, cost)
	}
	if want := z + m.adv.MobilisationRate*(dv-z); m.adv.Mobilisation != 0 && !near(s.z, want) {
		errf("Z %v, want %v", s.z, want)
	}
}

// TestCrisisAsStated runs every target in turn, every period, through a
// crisis of each type in rotation, and recomputes from docs/model.md's
// formulas, on the engine's state before each crisis, every candidate's
// decision over the best-response rounds (sec. 7), lateness (sec. 7.1),
// the resolution, war, fait accompli and economic loss (sec. 8),
// coordination and the false-security gap (sec. 8.3), and every update
// of honour records, A's credibility, US beliefs and interoperability
// (secs. 9.2-9.5); and, each period, the election, autonomy, asks,
// readiness targets, R_A(t) and the end-of-period updates (secs. 9.1,
// 9.5-9.9), in the order of sec. 10. Cases: the defaults, latency off,
// a stressed point (retrenchment, the economic cap binding, a drawn
// grey-zone fait accompli, high audience costs, frequent reviews and
// elections), and a roster without presence, where the expected strength
// in the grey zone is 0 (a responder whose audience cost exceeds its
// costs acts there: U_i(0) > 0).
func TestCrisisAsStated(t *testing.T) {
	stress := map[string]float64{"coordination.latency.strength": 2, "us.shock_size": 0.5,
		"crisis.economic_coercion.penalty": 1, "crisis.severity_noise": 1, "us.election_period": 4,
		"crisis.entrapment": 2, "accession.taste_scale": 3, "accession.review_period": 2,
		"crisis.grey_zone.territorial_share": 0.5, "crisis.audience_cost": 2,
		"adversary.counter_mobilisation.strength": 2}
	cases := []struct {
		name       string
		set        map[string]float64
		noPresence bool
	}{
		{"defaults", nil, false},
		{"latency off", map[string]float64{"coordination.latency.strength": 0}, false},
		{"stressed", stress, false},
		{"no presence", nil, true},
	}
	for _, c := range cases {
		p := param.Defaults()
		for name, x := range c.set {
			if err := p.Set(name, x); err != nil {
				t.Fatal(err)
			}
		}
		ros := roster(t, "")
		if c.noPresence {
			for i := range ros.States {
				ros.States[i].Domains.Presence = 0
			}
		}
		for _, arch := range []string{"hub_and_spokes", "treaty", "layered", "treaty_plus_cells"} {
			sc := presetScenario(t, p, ros, nil, arch)
			r := NewRunner()
			s := &r.sim
			checked, differ, acts := 0, 0, 0
			for seed := uint64(1); seed <= 3; seed++ {
				// runTask sets the task's values; then the architecture by hand.
				r.Run(sc, int64(seed), make([]Outcome, 1), nil)
				s.am = &s.m.archs[0]
				s.taste = counterStream(mix64(seed ^ s.am.stream))
				s.setUp()
				for tp := 1; tp <= s.m.periods; tp++ {
					refPeriod(t, s, tp, func(tp, j int, k agents.CrisisType) {
						where := func() string { return fmt.Sprintf("%s %s seed %d t %d j %d %v", c.name, arch, seed, tp, j, k) }
						want := refActs(s, tp, j, k)
						s.draw = s.shocks.at(tp, j)
						s.signals(tp, j, k, s.m.logSeverity[k]+s.m.sigmaS*s.draw.normal(slotSeverity, 0), 0)
						s.bestResponseRef(j, k)
						for i := range s.n {
							if i == j {
								continue
							}
							checked++
							if want[i] {
								acts++
							}
							if s.act[i] != want[i] {
								if differ++; differ < 5 {
									t.Errorf("%s: state %d acts %v, the statement says %v", where(), i, s.act[i], want[i])
								}
							}
						}
						pred := refResolve(s, tp, j, k, want)
						before := s.acc
						s.crisis(tp, j, k, 0)
						pred.compare(t, s, &before, where)
					})
				}
			}
			if differ > 0 || acts == 0 || acts == checked {
				t.Errorf("%s %s: %d of %d decisions differ (%d acts)", c.name, arch, differ, checked, acts)
			}
		}
	}
}

// bestResponseRef is crisis steps 4-5 as crisis runs them.
func (s *sim) bestResponseRef(j int, k agents.CrisisType) {
	m := s.m
	if p := s.pop.Patron; p != j {
		l, mi := s.linkOf(p, j, k)
		r := s.reliability
		if mi >= 0 {
			r = agents.Stickiness(r, m.usReliability, m.stickiness, s.am.mechs[mi].def.Stickiness())
		}
		s.act[p] = agents.PatronActs(s.draw.uniform(slotPatron, 0), r, l)
	}
	s.bestResponse(j, k)
}

// refLat is ln(ω_L·Λ̄_ijk) of sec. 7.1.
func refLat(s *sim, i, j int, k agents.CrisisType) float64 {
	m := s.m
	inner := m.coord.AdHoc[k]
	for mi := range s.am.mechs {
		if !s.alive[mi] || !s.member[mi*s.n+i] || !s.member[mi*s.n+j] || s.am.mechs[mi].def.Coverage()[k] <= 0 {
			continue
		}
		inner = min(inner, s.effLat[mi*nk+int(k)])
	}
	lam := max(m.coord.National[k]*(1+s.pop.States[i].Legal), inner)
	return math.Log(m.coord.Strength * lam)
}

type refOutcome struct {
	responses, late, repelled, fa, wars, failures, coordinated int
	gap, econ                                                  float64
	honour, cred, us                                           []agents.Beta
	interop                                                    []float64
}

// refResolve is secs. 7.1 (lateness), 8 and 9.2-9.5 (what a crisis
// changes) from the statement, given the decisions act.
func refResolve(s *sim, t, j int, k agents.CrisisType, act []bool) refOutcome {
	m, n := s.m, s.n
	draw := s.shocks.at(t, j)
	sev := math.Exp(m.logSeverity[k] + m.sigmaS*draw.normal(slotSeverity, 0))
	var o refOutcome
	var r refCoal
	r.add(s, 1, j, j, k)
	var on []int
	var oSum, ioSum float64
	for i := range n {
		if i == j || !act[i] {
			continue
		}
		o.responses++
		if m.coord.On() && refXi(s, i, j, k) != 1 && refLat(s, i, j, k)+m.coord.Noise*draw.normal(slotLatency, i) > m.coord.LnWindow[k] {
			o.late++
			continue
		}
		on = append(on, i)
		r.add(s, 1, i, j, k)
		ioSum += s.interop[i]
		if _, mi := s.linkOf(i, j, k); mi >= 0 {
			oSum += s.oim[mi*n+i]
		}
	}
	need := m.adv.Capability * sev * s.resolveA * math.Exp(m.sigmaO*draw.normal(slotOutcome, 0))
	if r.strength(m.friction) >= need {
		o.repelled = 1
		if k == agents.Blockade || k == agents.ArmedAttack {
			ob := 0.0
			if len(on) > 0 {
				ob = oSum / float64(len(on))
			}
			if draw.uniform(slotEscalation, 0) < min(1, m.adv.Escalation*sev*(1+m.adv.Entrapment*ob)) {
				o.wars, o.failures = 1, 1
			}
		}
	} else {
		o.failures = 1
		tau := m.types[k].Territorial
		if tau >= 1 || (tau > 0 && draw.uniform(slotTerritorial, 0) < tau) {
			o.fa = 1
		}
		if k == agents.EconomicCoercion {
			d := &s.pop.States[j].Domains
			hit := min(1, m.penalty*sev/m.types[k].Severity)
			o.econ = 100 * hit * (1 - m.diversion) * d.ExportsGDP * d.ExportChina * float64(m.duration) / 4 * d.GDPRel
		}
	}
	if len(on) >= 2 && ioSum/float64(len(on)) >= m.coordination {
		o.coordinated = 1
	}
	var prom, came, total float64
	for l := range n {
		if l == j {
			continue
		}
		K := s.pop.States[l].Capability
		total += K
		link, _ := s.linkOf(l, j, k)
		h := s.honour[l].Mean()
		if l == s.pop.Patron {
			h = s.us[j].Mean()
		}
		prom += K * link * h
	}
	for _, l := range on {
		came += s.pop.States[l].Capability
	}
	o.gap = (prom - came) / total
	o.honour = append([]agents.Beta(nil), s.honour[:n]...)
	o.cred = append([]agents.Beta(nil), s.cred[:n]...)
	o.us = append([]agents.Beta(nil), s.us[:n]...)
	o.interop = append([]float64(nil), s.interop[:n]...)
	patronCommitted := false
	for l := range n {
		if l == j {
			continue
		}
		if link, _ := s.linkOf(l, j, k); link >= m.commitment {
			if l == s.pop.Patron {
				patronCommitted = true
			}
			if act[l] {
				o.honour[l].A++
				o.cred[l].A++
			} else {
				o.honour[l].B++
				o.cred[l].B++
			}
		}
	}
	if patronCommitted {
		for x := range n {
			shares := false
			for mi := range s.am.mechs {
				if s.alive[mi] && s.member[mi*n+x] && s.member[mi*n+j] {
					shares = true
				}
			}
			w := m.learn.Bystander
			if x == j || shares {
				w = 1
			}
			if act[s.pop.Patron] {
				o.us[x].A += w
			} else {
				o.us[x].B += w
			}
		}
	}
	if o.responses > 0 {
		g := m.learn.JointGain
		for i := range n {
			if i == j || act[i] {
				o.interop[i] += g * (1 - o.interop[i])
			}
		}
	}
	return o
}

func (o *refOutcome) compare(t *testing.T, s *sim, b *runTotals, where func() string) {
	t.Helper()
	a := &s.acc
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12*max(1, math.Abs(y)) }
	var fails int
	for k := range nk {
		fails += a.failures[k] - b.failures[k]
	}
	got := refOutcome{responses: a.responses - b.responses, late: a.late - b.late, repelled: a.repelledN - b.repelledN,
		fa: a.faN - b.faN, wars: a.wars - b.wars, failures: fails, coordinated: a.coordinated - b.coordinated}
	if got.responses != o.responses || got.late != o.late || got.repelled != o.repelled || got.fa != o.fa ||
		got.wars != o.wars || got.failures != o.failures || got.coordinated != o.coordinated {
		t.Errorf("%s: counts engine %+v statement %+v", where(), got, *o)
	}
	if g := a.gapSum - b.gapSum; !near(g, o.gap) {
		t.Errorf("%s: gap engine %v statement %v", where(), g, o.gap)
	}
	if e := a.econLoss - b.econLoss; !near(e, o.econ) {
		t.Errorf("%s: economic loss engine %v statement %v", where(), e, o.econ)
	}
	for i := range s.n {
		if s.honour[i] != o.honour[i] || s.cred[i] != o.cred[i] || !near(s.us[i].A, o.us[i].A) || !near(s.us[i].B, o.us[i].B) || !near(s.interop[i], o.interop[i]) {
			t.Errorf("%s: state %d learning differs: honour %v/%v cred %v/%v us %v/%v interop %v/%v", where(), i,
				s.honour[i], o.honour[i], s.cred[i], o.cred[i], s.us[i], o.us[i], s.interop[i], o.interop[i])
			return
		}
	}
}

// presetsAt is every preset on the default roster with the parameters of
// set changed from their defaults, for the statement tests.
func presetsAt(t *testing.T, set map[string]float64) (param.Values, *agents.Roster, []agents.Architecture) {
	t.Helper()
	p := param.Defaults()
	setAll(t, p, set)
	ros := roster(t, "")
	var archs []agents.Architecture
	for _, name := range agents.PresetNames() {
		a, err := agents.Preset(name, p, ros)
		if err != nil {
			t.Fatal(err)
		}
		archs = append(archs, a)
	}
	return p, ros, archs
}
