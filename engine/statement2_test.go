package engine

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// A referee's check of docs/model.md secs. 5 and 6 (and sec. 12's ties):
// every review's decisions and utilities, and every period's decisions of
// the adversary, recomputed from the statement's formulas on the engine's
// state and compared with what the engine does.
//
// Two simulations run in lockstep on the same task. E is the engine: its
// reviews are the engine's, and A's decisions are the engine's own
// (challenges), called for one target at a time (the others' options
// hidden for the call) so that each target's hazards and crises can be
// read. R follows the statement: before each target, A's options,
// estimates, expected utilities, choice, hazard and draw are recomputed
// from sec. 6 on R's state, and R runs the crises the statement says
// happen. At the end E's outcomes must equal an unhooked run's bit for bit
// (the hooks change nothing), and R's within rounding.

// refSt is what the statement's side keeps of a run: the crises seen of
// each type (for ĉ_m), the start of the last campaign against each
// target, the treaty's formation and failure periods, and A's
// counter-mobilisation Z.
type refSt struct {
	seen       [nk]int
	campStart  []int
	formedAt   int // −1: never formed
	failedAt   int // −1: never failed
	failedPrev int // the failed attempt before failedAt; −1 none
	z, visPre  float64
	p          param.Values
	prior      [nk]float64
	n0         float64
}

type refCounts struct {
	reviews, reviewed, uDecisions, probes, barred, bound, preExisting, tastes int
	joins, leaves, stays, outs                                                int
	attempts, formed, failed, dissolved, died, creditCosts, born              int
	links, capped, linkTies, periods                                          int
	channels, options, challenges, econChannels, ties                         int
	formsDiffer                                                               int
}

// setUpRef is setUp with a hook before the first review (the final
// comparison with an unhooked run checks that it is setUp).
func (s *sim) setUpRef(before func()) {
	s.setUpState()
	before()
	s.setUpReview()
}

// challengeOnly is the engine's challenges with every target but j hidden.
func (s *sim) challengeOnly(t, j int) {
	saved := make([]int, len(s.opts))
	for x := range s.opts {
		saved[x] = s.opts[x].nAll
		if x != j {
			s.opts[x].nAll = 0
		}
	}
	s.challenges(t)
	for x := range s.opts {
		s.opts[x].nAll = saved[x]
	}
}

func refL(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func nearTol(x, y, tol float64) bool { return math.Abs(x-y) <= tol*max(1, math.Abs(y)) }

func refHas(names []string, x string) bool { return slices.Contains(names, x) }

// refOim is o_im = o_m·(1 − d_i·r) (sec. 4.1).
func (rs *refSt) oim(s *sim, mi, i int) float64 {
	return s.am.mechs[mi].def.Obligation() * (1 - s.pop.States[i].Legal*rs.p.Get("accession.reservation_strength"))
}

func refIsMember(s *sim, mi, i int) bool { return s.member[mi*s.n+i] }

// link is link_ijk and the mechanism giving it (sec. 6.1, sec. 12's tie
// rule), with Japan's cap.
func (rs *refSt) link(s *sim, i, j int, k agents.CrisisType) (float64, int) {
	l, mi, _ := rs.linkTie(s, i, j, k)
	return l, mi
}

// linkTie is link, and whether an exact tie was decided by the order.
func (rs *refSt) linkTie(s *sim, i, j int, k agents.CrisisType) (float64, int, bool) {
	if i == j {
		return 1, -1, false
	}
	tie := false
	st := &s.pop.States[i]
	best, mech := rs.p.Get("adversary.adhoc_response")*st.Threat, -1
	for mi := range s.am.mechs {
		if !s.alive[mi] || !refIsMember(s, mi, i) || !refIsMember(s, mi, j) {
			continue
		}
		if v := rs.oim(s, mi, i) * s.am.mechs[mi].def.Coverage()[k]; v > best {
			best, mech = v, mi
		} else if v == best {
			tie = true
		}
	}
	if w := rs.p.Get("constitutional_limit.strength"); st.Domains.CSDLimit && (k == agents.Blockade || k == agents.ArmedAttack) {
		cp := rs.p.Get("constitutional_limit.far")
		if st.Domains.Region != agents.NoRegion && s.pop.States[j].Domains.Region == st.Domains.Region {
			cp = rs.p.Get("constitutional_limit.near")
		}
		best = min(best, 1-w*(1-cp))
	}
	return best, mech, tie
}

// rating is h_il (sec. 5.2).
func refRating(s *sim, i, l int) float64 {
	if l == s.pop.Patron {
		return s.us[i].Mean()
	}
	return s.honour[l].Mean()
}

// formalise is sec. 5.4's test on the core ci.
func (rs *refSt) formalise(s *sim, ci int) bool {
	if ci < 0 || !s.alive[ci] {
		return false
	}
	var io, h float64
	var mem, pairs int
	for i := range s.n {
		if !refIsMember(s, ci, i) {
			continue
		}
		mem++
		io += s.interop[i]
		for l := range s.n {
			if l != i && refIsMember(s, ci, l) {
				h += refRating(s, i, l)
				pairs++
			}
		}
	}
	return pairs > 0 && io/float64(mem) >= rs.p.Get("treaty.formalise_interop") && h/float64(pairs) >= rs.p.Get("treaty.formalise_trust")
}

// refReview is a review at t from secs. 5.1-5.5, on the pre-review state.
type refReview struct {
	attempt, reviewed []bool
	next, byU         []bool    // per mi*n+i: the decision; whether U decided it
	rest, scale, eps  []float64 // U − ε_im, the size of U's terms, ε_im
	member, alive     []bool    // after settle
	wasAlive          []bool    // before
	dead              []bool
	formed, failed    bool
	dissolved, died   int // mechanisms dissolved; of them, formed treaties
}

func (rs *refSt) review(s *sim, t int, seed uint64) refReview {
	p, n, nm := rs.p, s.n, len(s.am.mechs)
	patron := s.pop.Patron
	rv := refReview{attempt: make([]bool, nm), reviewed: make([]bool, nm), next: make([]bool, nm*n), byU: make([]bool, nm*n),
		rest: make([]float64, nm*n), scale: make([]float64, nm*n), eps: make([]float64, nm*n)}
	copy(rv.next, s.member)
	// ĉ_m's posterior weights.
	total := rs.n0
	for _, c := range rs.seen {
		total += float64(c)
	}
	taste := counterStream(mix64(seed ^ hashString("arch:"+s.am.name)))
	banW, limit := p.Get("alliance_ban.strength"), p.Get("alliance_ban.obligation_limit")
	for mi := range s.am.mechs {
		d := &s.am.mechs[mi].def
		if d.Treaty && !s.alive[mi] {
			if s.dead[mi] {
				continue
			}
			core := -1
			if d.FormaliseFrom != "" {
				core = slices.IndexFunc(s.am.mechs, func(x mechModel) bool { return x.def.Name == d.FormaliseFrom })
			}
			var att bool
			if rs.failedAt < 0 {
				att = (core < 0 && t == 0) || (core >= 0 && t > 0 && rs.formalise(s, core))
			} else {
				pr := p.Int("treaty.retry_period")
				att = pr > 0 && t >= rs.failedAt+pr && (core < 0 || rs.formalise(s, core))
			}
			if !att {
				continue
			}
			rv.attempt[mi] = true
		}
		rv.reviewed[mi] = true
		var chat float64
		if total > 0 {
			for k, c := range d.Coverage() {
				chat += c * (rs.n0*rs.prior[k] + float64(rs.seen[k])) / total
			}
		}
		for i := range n {
			st := &s.pop.States[i]
			founder := refHas(d.Founders, st.Name)
			if (d.Eligible != nil && !refHas(d.Eligible, st.Name)) || (i == patron && founder) {
				continue
			}
			x := mi*n + i
			if st.Domains.AllianceBan && d.Obligation() > limit && s.shocks.at(0, 0).uniform(slotBan, i) < banW {
				rv.next[x] = false
				continue
			}
			if t == 0 && d.PreExisting {
				rv.next[x] = founder
				continue
			}
			if rv.attempt[mi] && d.FoundersBound && founder {
				rv.next[x] = true
				continue
			}
			// r̂_im.
			var kw, kh float64
			for l := range n {
				if l != i && (refIsMember(s, mi, l) || refHas(d.Founders, s.pop.States[l].Name)) {
					kw += s.pop.States[l].Capability
					kh += s.pop.States[l].Capability * refRating(s, i, l)
				}
			}
			rhat := 0.0
			if kw > 0 {
				rhat = kh / kw
			}
			o := rs.oim(s, mi, i)
			eh := st.Exposure + p.Get("retribution.strength")*p.Get("retribution.learning")*s.lossMem[i]
			terms := []float64{
				st.Threat * o * chat * rhat * p.Get("accession.protect_benefit"),
				st.Threat * s.effInteg[mi] * p.Get("accession.capacity_benefit"),
				-d.Visibility() * (s.autonomy[i]*p.Get("accession.autonomy_cost") + eh*p.Get("accession.retribution_cost")),
				-o * ((1-st.RiskTolerance)*p.Get("accession.entrapment_cost") + st.Legal*p.Get("accession.domestic_cost")),
			}
			if i != patron {
				terms = append(terms, -p.Get("burden.domestic_cost")*max(0, p.Get("burden.strength")*d.Burden()-s.spend[i]))
			}
			if st.Domains.NonAligned && d.Obligation() > limit {
				terms = append(terms, -banW*p.Get("alliance_ban.doctrine_cost"))
			}
			var u, sc float64
			for _, y := range terms {
				u += y
				sc += math.Abs(y)
			}
			rho := p.Get("accession.taste_correlation")
			key := int(hashString(d.Name) >> 33)
			eps := p.Get("accession.taste_scale") * (math.Sqrt(1-rho)*taste.at(0, key).logistic(slotTaste, i) +
				math.Sqrt(rho)*s.shocks.at(0, 0).logistic(slotTasteCommon, i))
			rv.rest[x], rv.scale[x], rv.eps[x], rv.byU[x] = u, sc+math.Abs(eps), eps, true
			u += eps
			if s.member[x] {
				rv.next[x] = u >= -d.ExitCost()
			} else {
				rv.next[x] = u > 0
			}
		}
	}
	// Settle (sec. 5.3).
	rv.member, rv.alive, rv.dead = append([]bool(nil), rv.next...), append([]bool(nil), s.alive...), append([]bool(nil), s.dead...)
	rv.wasAlive = append([]bool(nil), s.alive...)
	for mi := range s.am.mechs {
		d := &s.am.mechs[mi].def
		row := rv.member[mi*n : mi*n+n]
		if !rv.reviewed[mi] {
			clear(row)
			continue
		}
		if refHas(d.Founders, s.pop.States[patron].Name) {
			row[patron] = true
		}
		count, founders := 0, true
		for i, b := range row {
			if b {
				count++
			}
			if refHas(d.Founders, s.pop.States[i].Name) && !b {
				founders = false
			}
		}
		switch {
		case rv.attempt[mi] && founders && count >= d.MinMembers():
			rv.formed, rv.alive[mi] = true, true
		case rv.attempt[mi]:
			rv.failed = true
			rv.dead[mi] = p.Int("treaty.retry_period") == 0
			rv.alive[mi] = false
			clear(row)
		case count < d.MinMembers():
			if s.alive[mi] {
				rv.dissolved++
				if d.Treaty {
					rv.died++
				}
			}
			rv.alive[mi] = false
			rv.dead[mi] = rv.dead[mi] || d.Treaty
			clear(row)
		default:
			rv.alive[mi] = true
		}
	}
	return rv
}

// refVis is Vis(t) on the current memberships (sec. 6.4), or with pre
// Vis_pre, the pre-existing mechanisms with their founders (sec. 6.7).
func refVis(s *sim, pre bool) float64 {
	var ksum, v float64
	for i := range s.n {
		ksum += s.pop.States[i].Capability
	}
	for i := range s.n {
		var x float64
		for mi := range s.am.mechs {
			d := &s.am.mechs[mi].def
			in := s.member[mi*s.n+i]
			if pre {
				in = d.PreExisting && refHas(d.Founders, s.pop.States[i].Name)
			}
			if in {
				x = max(x, d.Visibility())
			}
		}
		v += s.pop.States[i].Capability / ksum * x
	}
	return v
}

// chi is χ(t) (sec. 6.4).
func (rs *refSt) chi(s *sim, t int) float64 {
	p := rs.p
	lf, w := p.Get("adversary.formation_shock"), p.Int("adversary.formation_window")
	chi := p.Get("adversary.threshold") - p.Get("adversary.spiral")*refVis(s, false)
	if tr := s.am.treaty; tr >= 0 && rs.formedAt >= 0 && s.alive[tr] && rs.formedAt < t && t <= rs.formedAt+w {
		chi -= lf
	}
	// Under the shock when any earlier failed attempt's window covers t:
	// the latest attempt before t decides (sec. 6.4).
	if last := rs.failedAt; (last >= 0 && last < t && t <= last+w) || (last == t && rs.failedPrev >= 0 && t <= rs.failedPrev+w) {
		chi -= p.Get("treaty.failure_cost") * lf
	}
	return chi
}

type refChoice struct {
	ok, challenge, tie bool
	k                  agents.CrisisType
	eu, h              float64
	formsDiffer        bool
	nOpts              int
}

// choose is a channel's decision (secs. 6.2, 6.3, 6.5) against j among
// types, read with the uniform of slot.
func (rs *refSt) choose(s *sim, t, j int, types []agents.CrisisType, slot int, need [nk]float64) refChoice {
	p, n := rs.p, s.n
	st := &s.pop.States[j]
	// v_j and A_j: j's live mechanisms (secs. 4.4, 9.6).
	var vj, aw float64
	pc := [nk]float64{}
	for mi := range s.am.mechs {
		if !s.alive[mi] || !refIsMember(s, mi, j) {
			continue
		}
		d := &s.am.mechs[mi].def
		vj, aw = max(vj, d.Visibility()), max(aw, s.effAware[mi])
		size := 0
		for l := range n {
			if refIsMember(s, mi, l) {
				size++
			}
		}
		if size >= 2 {
			for k, c := range d.Coverage() {
				pc[k] = max(pc[k], d.Visibility()*c)
			}
		}
	}
	a0 := p.Get("domains.awareness_base")
	aj := a0 + (1-a0)*aw
	wD := p.Get("domains.strength")
	phi := p.Get("crisis.friction")
	var c refChoice
	for _, k := range types {
		var dk float64
		switch k {
		case agents.GreyZone:
			dk = st.Domains.Dispute[agents.DisputeGreyZone]
		case agents.EconomicCoercion:
			dk = st.Domains.Dispute[agents.DisputeEconomic]
		default:
			dk = st.Domains.Dispute[agents.DisputeTerritorial]
		}
		v := (1-wD)*st.Salience + wD*st.Salience*dk
		if k == agents.EconomicCoercion {
			v += p.Get("retribution.strength") * st.Salience * vj * st.Domains.ExportChina
			if rs.campStart[j] >= 0 && t <= rs.campStart[j]+p.Int("crisis.economic_coercion.duration")-1 {
				continue
			}
		}
		if !(v > 0) {
			continue
		}
		c.nOpts++
		// Ŝ_jk.
		var kw, w, wi, f float64
		for l := range n {
			q := 1.0
			if l != j {
				lk, _ := rs.link(s, l, j, k)
				q = s.cred[l].Mean() * lk * refXi(s, l, j, k)
			}
			cp := s.caps[l].ByType[k]
			kw += q * cp.Against(aj)
			w += q
			wi += q * s.interop[l]
			if k == agents.EconomicCoercion {
				if l == j {
					f += q * s.caps[l].TargetFree
				} else {
					f += q * cp.Free
				}
			}
		}
		shat := kw*(1-phi*(1-wi/w)) + f
		tau := p.Get("adversary.denial_scale") * (1 - p.Get("adversary.clarity.strength")*pc[k])
		pd := refL((shat - need[k]) / tau)
		name := "crisis." + param.CrisisTypes[k] + "."
		eu := p.Get(name+"gain")*v*(1-pd) - p.Get(name+"cost")*pd - p.Get(name+"opprobrium")
		if k == agents.Blockade || k == agents.ArmedAttack {
			eu -= pd * p.Get("crisis.escalation_probability") * p.Get(name+"severity") * p.Get("adversary.war_aversion")
		}
		if c.ok && eu == c.eu {
			c.tie = true
		}
		if !c.ok || eu > c.eu {
			c.ok, c.k, c.eu = true, k, eu
		}
	}
	if !c.ok {
		return c
	}
	sa, chi := p.Get("adversary.noise"), s.chi
	u := s.shocks.at(t, j).uniform(slot, 0)
	if sa == 0 {
		if c.eu > chi {
			c.h = 1
		}
	} else {
		c.h = refL((c.eu - chi) / sa)
	}
	c.challenge = c.eu+sa*math.Log(u/(1-u)) > chi
	c.formsDiffer = c.challenge != (1-u < c.h)
	return c
}

// TestStatementSecs5And6 runs every preset and an inline regional treaty
// without the patron, over seeds, at the defaults, at a stressed point and
// with one channel (and no prior over crisis types), and where A's
// options tie, with and without noise in its decision (and cells at the
// alliance bans' limit); it recomputes from
// docs/model.md every review (secs. 5.1-5.5: which mechanisms are reviewed
// and attempted, eligibility and bans, the t = 0 rules, U_im term by term
// to 1e-12 by two probes of the engine's decision around the statement's
// threshold, ε_im, join and exit rules, formation, failure and its cost,
// dissolution), every link after a review (sec. 6.1 with the cap and the
// tie rule), χ(t) (sec. 6.4), N_k(t) from Z (sec. 6.7), and every target's
// channels each period (secs. 6.2, 6.3, 6.5: options, estimates, EU, the
// lowest index on ties, the hazard and the draw), and compares.
func TestStatementSecs5And6(t *testing.T) {
	stress := map[string]float64{"accession.review_period": 2, "accession.taste_scale": 2, "accession.taste_correlation": 0.9,
		"treaty.retry_period": 4, "treaty.failure_cost": 2, "alliance_ban.strength": 0.5, "treaty.formalise_interop": 0.75,
		"treaty.formalise_trust": 0.6, "adversary.clarity.strength": 0.6, "adversary.counter_mobilisation.strength": 1.5,
		"retribution.strength": 1.5, "burden.strength": 1.43, "crisis.economic_coercion.duration": 3,
		"adversary.threshold": 1.3, "constitutional_limit.strength": 0.7, "accession.type_prior_weight": 4,
		"adversary.formation_shock": 0.1, "adversary.formation_window": 5, "us.election_period": 4,
		"mechanisms.treaty.exit_cost": 0, "mechanisms.treaty.min_members": 5}
	cases := []struct {
		name  string
		set   map[string]float64
		seeds int
	}{
		{"defaults", nil, 4},
		{"stressed", stress, 4},
		{"one channel", map[string]float64{"adversary.channels": 1, "accession.taste_correlation": 0,
			"mechanisms.treaty.founders_bound": 1, "treaty.retry_period": 0, "alliance_ban.strength": 0, "accession.type_prior_weight": 0}, 2},
		// A's estimates of denial all 0, gains equal, no opprobrium, every
		// salience 1: every option ties (sec. 12), and no noise (a step).
		{"ties, no noise", map[string]float64{"adversary.capability": 10, "adversary.denial_scale": 0.001, "domains.strength": 0,
			"crisis.grey_zone.gain": 1, "crisis.economic_coercion.gain": 1, "crisis.blockade.gain": 1, "crisis.armed_attack.gain": 1,
			"crisis.blockade.opprobrium": 0, "crisis.armed_attack.opprobrium": 0, "adversary.noise": 0, "adversary.threshold": 0.99,
			"alliance_ban.obligation_limit": 0.4}, 1},
		{"ties, one channel", map[string]float64{"adversary.capability": 10, "adversary.denial_scale": 0.001, "domains.strength": 0,
			"crisis.grey_zone.gain": 1, "crisis.economic_coercion.gain": 1, "crisis.blockade.gain": 1, "crisis.armed_attack.gain": 1,
			"crisis.blockade.opprobrium": 0, "crisis.armed_attack.opprobrium": 0, "adversary.channels": 1}, 1},
	}
	var tot refCounts
	for _, cs := range cases {
		p, ros, archs := presetsAt(t, cs.set)
		reg, _ := agents.Preset("hub_and_spokes", p, ros)
		pact := agents.FromPreset("treaty", "treaty", p)
		pact.Founders, pact.Treaty = []string{"JP", "AU", "PH"}, true
		reg.Name, reg.Mechanisms = "regional", append(reg.Mechanisms, pact)
		archs = append(archs, reg)
		sc, err := NewScenario(p, ros, archs)
		if err != nil {
			t.Fatal(err)
		}
		for seed := uint64(1); seed <= uint64(cs.seeds); seed++ {
			want := make([]Outcome, len(archs))
			rE, rR := NewRunner(), NewRunner()
			rE.Run(sc, int64(seed), want, nil)
			rR.Run(sc, int64(seed), make([]Outcome, len(archs)), nil)
			for ai := range archs {
				where := fmt.Sprintf("%s seed %d %s", cs.name, seed, archs[ai].Name)
				c := refRunArch(t, where, p, rE, rR, ai, seed, &want[ai])
				tot.add(&c)
			}
		}
	}
	t.Logf("reviews %d, mechanism reviews %d; decisions by U %d (joins %d, leaves %d, stays %d, stay out %d), U probes %d, tastes %d, barred %d, bound %d, pre-existing %d",
		tot.reviews, tot.reviewed, tot.uDecisions, tot.joins, tot.leaves, tot.stays, tot.outs, tot.probes, tot.tastes, tot.barred, tot.bound, tot.preExisting)
	t.Logf("treaty attempts %d (formed %d, failed %d, patron charged %d), dissolutions %d (formed treaties %d), births %d; links %d (%d capped, %d exact ties decided by the order); periods %d",
		tot.attempts, tot.formed, tot.failed, tot.creditCosts, tot.dissolved, tot.died, tot.born, tot.links, tot.capped, tot.linkTies, tot.periods)
	t.Logf("A: channels with an option %d (economic %d), options weighed %d, challenges %d, exact EU ties %d, draws where 1−u<h and EU+σε>χ differ %d",
		tot.channels, tot.econChannels, tot.options, tot.challenges, tot.ties, tot.formsDiffer)
	if tot.formed == 0 || tot.failed == 0 || tot.barred == 0 || tot.leaves == 0 || tot.challenges == 0 || tot.capped == 0 {
		t.Errorf("a rule never exercised: %+v", tot)
	}
}

func (a *refCounts) add(b *refCounts) {
	a.reviews += b.reviews
	a.reviewed += b.reviewed
	a.uDecisions += b.uDecisions
	a.probes += b.probes
	a.barred += b.barred
	a.bound += b.bound
	a.preExisting += b.preExisting
	a.tastes += b.tastes
	a.joins += b.joins
	a.leaves += b.leaves
	a.stays += b.stays
	a.outs += b.outs
	a.attempts += b.attempts
	a.formed += b.formed
	a.failed += b.failed
	a.dissolved += b.dissolved
	a.died += b.died
	a.born += b.born
	a.creditCosts += b.creditCosts
	a.links += b.links
	a.capped += b.capped
	a.linkTies += b.linkTies
	a.periods += b.periods
	a.channels += b.channels
	a.options += b.options
	a.challenges += b.challenges
	a.econChannels += b.econChannels
	a.ties += b.ties
	a.formsDiffer += b.formsDiffer
}

// refRunArch runs architecture ai of the task both ways.
func refRunArch(t *testing.T, where string, p param.Values, rE, rR *Runner, ai int, seed uint64, want *Outcome) refCounts {
	t.Helper()
	E, R := &rE.sim, &rR.sim
	for _, s := range []*sim{E, R} {
		s.am = &s.m.archs[ai]
		s.taste = counterStream(mix64(seed ^ s.am.stream))
	}
	n := E.n
	rs := &refSt{p: p, campStart: make([]int, n), formedAt: -1, failedAt: -1, failedPrev: -1}
	for i := range rs.campStart {
		rs.campStart[i] = -1
	}
	var sum float64
	for k, ct := range param.CrisisTypes {
		rs.prior[k] = p.Get("crisis." + ct + ".prior_share")
		sum += rs.prior[k]
	}
	for k := range rs.prior {
		rs.prior[k] /= sum
	}
	rs.n0 = p.Get("accession.type_prior_weight")
	var c refCounts
	fails := 0
	errf := func(format string, a ...any) {
		t.Helper()
		if fails++; fails <= 6 {
			t.Errorf(where+": "+format, a...)
		}
	}

	// A review of E at t, checked against the statement; R follows.
	before := func(tp int) (refReview, []bool) {
		rv := rs.review(E, tp, seed)
		c.reviews++
		// Probe U − ε: the engine's decision with the taste set just above
		// and just below the statement's threshold.
		E.readRatings()
		for mi := range E.am.mechs {
			if !rv.reviewed[mi] {
				continue
			}
			d := &E.am.mechs[mi].def
			E.attempt[mi] = rv.attempt[mi]
			row := append([]float64(nil), E.tastes[mi*n:mi*n+n]...)
			for _, sign := range []float64{1, -1} {
				for i := range n {
					if x := mi*n + i; rv.byU[x] {
						thr := 0.0
						if E.member[x] {
							thr = -d.ExitCost()
						}
						E.tastes[x] = thr - rv.rest[x] + sign*1e-12*max(1, rv.scale[x])
					}
				}
				E.decide(tp, mi)
				for i := range n {
					if x := mi*n + i; rv.byU[x] {
						c.probes++
						if E.next[x] != (sign > 0) {
							errf("t %d %s state %s: U − ε differs from the statement's %v by more than 1e-12 (probe %+v)", tp, d.Name, E.pop.States[i].Name, rv.rest[x], sign)
						}
					}
				}
			}
			copy(E.tastes[mi*n:mi*n+n], row)
			for i := range n {
				if x := mi*n + i; rv.byU[x] {
					c.tastes++
					if !nearTol(E.tastes[x], rv.eps[x], 1e-12) {
						errf("%s state %d: taste %v, the statement's %v", d.Name, i, E.tastes[x], rv.eps[x])
					}
				}
			}
		}
		return rv, append([]bool(nil), E.member...)
	}
	after := func(tp int, rv refReview, pre []bool) {
		for mi := range E.am.mechs {
			d := &E.am.mechs[mi].def
			if rv.reviewed[mi] {
				c.reviewed++
				if rv.attempt[mi] {
					c.attempts++
				}
				for i := range n {
					x := mi*n + i
					st := &E.pop.States[i]
					founder := refHas(d.Founders, st.Name)
					switch {
					case (d.Eligible != nil && !refHas(d.Eligible, st.Name)) || (i == E.pop.Patron && founder):
						continue
					case rv.byU[x]:
						c.uDecisions++
						switch {
						case pre[x] && rv.next[x]:
							c.stays++
						case pre[x]:
							c.leaves++
						case rv.next[x]:
							c.joins++
						default:
							c.outs++
						}
					case !rv.next[x] && st.Domains.AllianceBan && d.Obligation() > p.Get("alliance_ban.obligation_limit"):
						c.barred++
					case tp == 0 && d.PreExisting:
						c.preExisting++
					default:
						c.bound++
					}
					if E.next[x] != rv.next[x] {
						errf("t %d %s state %s: the engine decides %v, the statement %v (U − ε %v, ε %v, member %v)", tp, d.Name, st.Name, E.next[x], rv.next[x], rv.rest[x], rv.eps[x], pre[x])
					}
				}
			}
			if !slices.Equal(E.member[mi*n:mi*n+n], rv.member[mi*n:mi*n+n]) || E.alive[mi] != rv.alive[mi] || E.dead[mi] != rv.dead[mi] {
				errf("t %d %s after settling: engine alive %v dead %v members %v; statement alive %v dead %v members %v", tp, d.Name,
					E.alive[mi], E.dead[mi], E.member[mi*n:mi*n+n], rv.alive[mi], rv.dead[mi], rv.member[mi*n:mi*n+n])
			}
		}
		c.dissolved += rv.dissolved
		c.died += rv.died
		for mi := range E.am.mechs {
			// The period a mechanism came alive (sec. 4.5's build-up starts there).
			if rv.alive[mi] && (tp == 0 || !rv.wasAlive[mi]) {
				c.born++
				if E.born[mi] != tp {
					errf("t %d %s came alive, engine born %d", tp, E.am.mechs[mi].def.Name, E.born[mi])
				}
			}
		}
		if rv.formed {
			c.formed++
			rs.formedAt = tp
			if !E.treatyFormed || E.formedAt != tp {
				errf("t %d: the treaty formed, engine formed %v at %d", tp, E.treatyFormed, E.formedAt)
			}
		}
		if rv.failed {
			c.failed++
			rs.failedPrev, rs.failedAt = rs.failedAt, tp
			if E.failedAt != tp {
				errf("t %d: the attempt failed, engine failed at %d", tp, E.failedAt)
			}
		}
	}
	// The failure's credibility cost (sec. 5.4), around failureCost.
	charge := func(tp int, run func()) {
		pt := E.pop.Patron
		b := E.cred[pt].B
		failed := rs.failedAt == tp
		run()
		want := 0.0
		if failed && refHas(E.am.mechs[max(0, E.am.treaty)].def.Founders, E.pop.States[pt].Name) {
			want = p.Get("treaty.failure_cost")
			c.creditCosts++
		}
		if got := E.cred[pt].B - b; !nearTol(got, want, 1e-12) {
			errf("t %d: A's belief about the patron gained %v failures, the statement %v", tp, got, want)
		}
	}
	checkLinks := func(tp int) {
		for j := range n {
			for i := range n {
				if i == j {
					continue
				}
				for k := range nk {
					l, mi, tie := rs.linkTie(E, i, j, agents.CrisisType(k))
					if tie {
						c.linkTies++
					}
					el, emi := E.linkOf(i, j, agents.CrisisType(k))
					c.links++
					if E.pop.States[i].Domains.CSDLimit && k >= int(agents.Blockade) && p.Get("constitutional_limit.strength") != 0 {
						c.capped++
					}
					if !nearTol(el, l, 1e-15) || emi != mi {
						errf("t %d link %d→%d %v: engine %v (mechanism %d), statement %v (mechanism %d)", tp, i, j, agents.CrisisType(k), el, emi, l, mi)
					}
				}
			}
		}
	}

	R.setUpRef(func() {})
	var rv0 refReview
	var pre0 []bool
	E.setUpRef(func() {
		rs.visPre = refVis(E, true)
		rv0, pre0 = before(0)
	})
	after(0, rv0, pre0)
	pt := E.pop.Patron
	want0 := 0.0
	if rs.failedAt == 0 && refHas(E.am.mechs[max(0, E.am.treaty)].def.Founders, E.pop.States[pt].Name) {
		want0 = p.Get("treaty.failure_cost")
		c.creditCosts++
	}
	if got := E.cred[pt].B - E.cred0[pt].B; !nearTol(got, want0, 1e-12) {
		errf("t 0: A's belief about the patron gained %v failures, the statement %v", got, want0)
	}
	checkLinks(0)

	m := E.m
	for tp := 1; tp <= m.periods; tp++ {
		c.periods++
		for _, s := range []*sim{E, R} {
			if tp%m.electionPeriod == 0 {
				s.election(tp)
			}
		}
		if tp%m.reviewPeriod == 0 {
			E.updateAutonomy()
			R.updateAutonomy()
			rv, pre := before(tp)
			changedE := E.review(tp)
			after(tp, rv, pre)
			changedR := R.review(tp)
			if changedE || E.building() {
				E.membershipChanged(tp)
			}
			if changedR || R.building() {
				R.membershipChanged(tp)
			}
			charge(tp, E.failureCost)
			R.failureCost()
			E.reviewDynamics()
			R.reviewDynamics()
			checkLinks(tp)
		}
		wantChi := rs.chi(E, tp)
		E.chi, R.chi = E.challengeThreshold(tp), R.challengeThreshold(tp)
		if !nearTol(E.chi, wantChi, 1e-12) {
			errf("t %d: χ %v, the statement's %v", tp, E.chi, wantChi)
		}
		ra := p.Get("adversary.resolve") * (1 + p.Get("adversary.counter_mobilisation.strength")*rs.z)
		var need [nk]float64
		for _, s := range []*sim{E, R} {
			s.beginDynamics()
			s.acc.beginPeriod(m.adv.Threshold0 - s.chi)
		}
		for k, ct := range param.CrisisTypes {
			need[k] = p.Get("adversary.capability") * p.Get("crisis."+ct+".severity") * ra
			if !nearTol(E.need[k], need[k], 1e-12) {
				errf("t %d: N_%s %v, the statement's %v (Z %v)", tp, ct, E.need[k], need[k], rs.z)
			}
		}
		two := p.Int("adversary.channels") == 2
		for j := range n {
			// The statement, on R.
			var hz [nk]float64
			var crises [nk]int
			decideOn := func(types []agents.CrisisType, slot, off int) {
				ch := rs.choose(R, tp, j, types, slot, need)
				if !ch.ok {
					return
				}
				c.channels++
				c.options += ch.nOpts
				if ch.tie {
					c.ties++
				}
				if ch.formsDiffer {
					c.formsDiffer++
				}
				if ch.k == agents.EconomicCoercion && two {
					c.econChannels++
				}
				hz[ch.k] += ch.h
				R.bookHazard(j, ch.k, ch.h)
				if ch.challenge {
					c.challenges++
					crises[ch.k]++
					rs.seen[ch.k]++
					if ch.k == agents.EconomicCoercion {
						rs.campStart[j] = tp
					}
					R.crisis(tp, j, ch.k, off)
				}
			}
			if two {
				decideOn([]agents.CrisisType{agents.GreyZone, agents.Blockade, agents.ArmedAttack}, slotChallenge, 0)
				decideOn([]agents.CrisisType{agents.EconomicCoercion}, slotChallengeEcon, econSlots)
			} else {
				decideOn([]agents.CrisisType{agents.GreyZone, agents.EconomicCoercion, agents.Blockade, agents.ArmedAttack}, slotChallenge, 0)
			}
			// The engine, on E: this target alone, its hazards read exactly.
			old := E.acc.hazard
			E.acc.hazard = [nk]float64{}
			recv := append([]int(nil), E.received[j*nk:j*nk+nk]...)
			E.challengeOnly(tp, j)
			for k := range nk {
				if !nearTol(E.acc.hazard[k], hz[k], 1e-12) {
					errf("t %d target %s %v: hazard %v, the statement's %v", tp, E.pop.States[j].Name, agents.CrisisType(k), E.acc.hazard[k], hz[k])
				}
				if got := E.received[j*nk+k] - recv[k]; got != crises[k] {
					errf("t %d target %s %v: %d challenges, the statement %d", tp, E.pop.States[j].Name, agents.CrisisType(k), got, crises[k])
				}
				E.acc.hazard[k] = old[k] + E.acc.hazard[k]
			}
		}
		for _, s := range []*sim{E, R} {
			s.acc.endPeriod()
			s.decay()
			s.endDynamics()
		}
		rs.z += p.Get("adversary.counter_mobilisation.rate") * (max(0, refVis(E, false)-rs.visPre) - rs.z)
	}
	var oE, oR Outcome
	E.finish(&oE)
	R.finish(&oR)
	for k := range oE.Value {
		if oE.Valid[k] != want.Valid[k] || (want.Valid[k] && math.Float64bits(oE.Value[k]) != math.Float64bits(want.Value[k])) {
			errf("the hooked run's %s %v differs from the engine's %v", Outcomes[k].Name, oE.Value[k], want.Value[k])
		}
		if oR.Valid[k] != want.Valid[k] || (want.Valid[k] && !nearTol(oR.Value[k], want.Value[k], 1e-9)) {
			errf("the statement's run's %s %v differs from the engine's %v", Outcomes[k].Name, oR.Value[k], want.Value[k])
		}
	}
	return c
}
