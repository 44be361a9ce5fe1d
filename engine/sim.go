package engine

import (
	"math"
	"math/rand/v2"

	"pactsim/agents"
)

const nk = int(agents.NumCrisisTypes)

// sim is one worker's scratch: the population of the current task and the
// state of the architecture-run in progress. Slices are sized on first use
// and reused, so steady-state runs allocate nothing.
type sim struct {
	m     *model
	probe *Probe
	am    *archModel
	pop   agents.Population
	n     int
	src   rand.PCG

	shocks counterStream // exogenous: shared by every architecture of a task
	taste  counterStream // decisions: this architecture's substream

	// memberships, per mechanism × state (index m*n+i)
	member, next []bool
	prevMember   []bool
	oim          []float64 // o_im after reservations
	tastes       []float64 // ε_im
	alive        []bool    // per mechanism: exists now
	dead         []bool    // per mechanism: a dissolved (or unformed) treaty stays dead
	inAny        []bool    // per state: member of some mechanism
	growth       []float64 // per state: min(1, Σ g_m) over its mechanisms
	members      []int     // scratch: one mechanism's members

	// links, per target × responder × type (index (j*n+i)*nk+k)
	link     []float64
	linkMech []int16 // mechanism giving the link; −1 ad hoc
	shares   []bool  // per state pair j*n+i: share an existing mechanism
	sigma    []float64

	// beliefs and records, per state
	usA, usB, usA0, usB0 []float64 // beliefs in US reliability and their priors
	honA, honB           []float64 // public honour records
	credA, credB         []float64 // adversary's credibility beliefs
	credA0, credB0       []float64
	credMean             []float64 // α/(α+β) of credA, credB, kept in step
	interop, interop0    []float64
	committedN, honoured []int

	// crisis scratch
	candidate, act, prevAct []bool
	q, threshold            []float64 // expected strength above which each state acts
	fsCap, fsLink, fsRate   []float64
	fsActed                 []bool

	counts       [agents.NumCrisisTypes]int
	relW, relSum float64 // reliance sums of the mechanism under review
	relPatron    bool
	reliability  float64
	treatyFormed bool

	acc runTotals
}

// runTotals accumulates one architecture-run's outcomes.
type runTotals struct {
	succeeded, quiet                 int
	challenges                       [agents.NumCrisisTypes]int
	repelled, faitAccompli, wars     int
	coordinated                      int
	committed, honouredN             int
	linked, participated             int
	gapSum                           float64
	tension                          float64
	periodChallenges, periodRepelled int
	periodFA, periodWars             int
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func (s *sim) runTask(sc *Scenario, seed uint64, dst []Outcome, rec Recorder) {
	s.m = &sc.model
	s.probe = sc.Probe
	a, b := streamSeed(seed, "population")
	s.src.Seed(a, b)
	agents.DrawPopulation(&s.pop, sc.Roster, s.m.pop, &s.src)
	s.pop.AdversaryCapability = s.m.capA
	s.shocks = counterStream(mix64(seed ^ hashString("shocks")))
	for k := range s.m.archs {
		s.am = &s.m.archs[k]
		s.taste = counterStream(mix64(seed ^ s.am.stream))
		s.runArchitecture(k, &dst[k], rec)
	}
}

func (s *sim) alloc() {
	n := len(s.pop.States)
	mn := len(s.am.mechs) * n
	s.n = n
	s.member, s.next, s.prevMember = grow(s.member, mn), grow(s.next, mn), grow(s.prevMember, mn)
	s.oim, s.tastes = grow(s.oim, mn), grow(s.tastes, mn)
	s.alive, s.dead = grow(s.alive, len(s.am.mechs)), grow(s.dead, len(s.am.mechs))
	s.inAny = grow(s.inAny, n)
	if cap(s.members) < n {
		s.members = make([]int, 0, n)
	}
	s.link, s.linkMech = grow(s.link, n*n*nk), grow(s.linkMech, n*n*nk)
	s.shares = grow(s.shares, n*n)
	s.sigma = grow(s.sigma, n*nk)
	for _, p := range []*[]float64{&s.usA, &s.usB, &s.usA0, &s.usB0, &s.honA, &s.honB, &s.credA, &s.credB, &s.credA0, &s.credB0, &s.credMean, &s.threshold, &s.interop, &s.interop0, &s.q, &s.fsCap, &s.fsLink, &s.fsRate, &s.growth} {
		*p = grow(*p, n)
	}
	s.committedN, s.honoured = grow(s.committedN, n), grow(s.honoured, n)
	s.candidate, s.act, s.prevAct, s.fsActed = grow(s.candidate, n), grow(s.act, n), grow(s.prevAct, n), grow(s.fsActed, n)
}

func (s *sim) runArchitecture(ai int, out *Outcome, rec Recorder) {
	m := s.m
	s.alloc()
	n := s.n
	pop := s.pop.States
	s.acc = runTotals{}
	s.counts = [agents.NumCrisisTypes]int{}
	s.reliability = m.usReliability
	s.treatyFormed = false

	// t = 0: beliefs, records, tastes, the first review, A's credibility prior.
	hA, hB := m.honourPrior*m.honourStrong, (1-m.honourPrior)*m.honourStrong
	for i := range pop {
		st := &pop[i]
		s.usA0[i], s.usB0[i] = st.Belief*m.beliefStrength, (1-st.Belief)*m.beliefStrength
		s.usA[i], s.usB[i] = s.usA0[i], s.usB0[i]
		s.honA[i], s.honB[i] = hA, hB
		s.interop[i], s.interop0[i] = st.Interop, st.Interop
	}
	for mi := range s.am.mechs {
		mm := &s.am.mechs[mi]
		for i := range pop {
			s.oim[mi*n+i] = agents.Reservation(mm.def.Obligation, pop[i].Legal, m.reservation)
			// A persistent taste per (mechanism, state), drawn once: redrawing
			// it at each review would ratchet everyone into everything.
			s.tastes[mi*n+i] = m.tasteScale * s.taste.logistic(0, mm.key, slotTaste, i)
		}
	}
	s.review(0)
	s.computeLinks()
	for i := range pop {
		base := m.credBase
		if i == s.pop.Patron {
			base = m.usReliability
		}
		var pub float64
		for mi := range s.am.mechs {
			if s.alive[mi] && s.member[mi*n+i] {
				pub = max(pub, s.oim[mi*n+i]*s.am.mechs[mi].def.Visibility)
			}
		}
		c := min(0.99, max(0.01, base*(1+m.credAudience*pub)))
		s.credA0[i], s.credB0[i] = c*m.credStrength, (1-c)*m.credStrength
		s.credA[i], s.credB[i] = s.credA0[i], s.credB0[i]
		s.credMean[i] = c
	}

	var capSum float64
	for i := range pop {
		capSum += pop[i].Capability
	}
	// Links and visibility change only when memberships do.
	vis := s.visibility(capSum)
	for t := 1; t <= m.periods; t++ {
		if t%m.electionPeriod == 0 {
			s.election(t)
		}
		if t%m.reviewPeriod == 0 {
			if s.review(t) {
				s.computeLinks()
				vis = s.visibility(capSum)
			}
		}
		chi := m.chi0 - m.spiral*vis
		if s.am.treaty >= 0 && s.treatyFormed && s.alive[s.am.treaty] && t <= m.formationWindow {
			// Formation raises dispute risk for a while (Kenwick, Vasquez &
			// Powers 2015); t_formed = 0.
			chi -= m.formationShock
		}
		s.acc.tension += m.chi0 - chi
		s.acc.periodChallenges, s.acc.periodRepelled, s.acc.periodFA, s.acc.periodWars = 0, 0, 0, 0
		if pr := s.probe; pr != nil {
			s.crisis(t, pr.targets[(t-1)%len(pr.targets)], pr.Type)
		}
		for j := range pop {
			if s.probe != nil {
				break
			}
			if pop[j].Salience <= 0 {
				continue
			}
			// A challenges iff max_k EU_jk + σ_A·ε_j > χ(t). EU_jk ≤ G_k·V_j
			// always (costs and denial only subtract), so when even the best
			// gain cannot clear the bar the options need not be evaluated: an
			// exact shortcut that skips most (target, period) pairs.
			need := chi - m.sigmaA*s.shocks.logistic(t, j, slotChallenge, 0)
			if m.maxGain*pop[j].Salience <= need {
				continue
			}
			if k, eu := s.bestChallenge(j); eu > need {
				s.crisis(t, j, k)
			}
		}
		if s.acc.periodChallenges == 0 {
			s.acc.quiet++
		}
		if s.acc.periodFA == 0 && s.acc.periodWars == 0 {
			s.acc.succeeded++
		}
		s.endPeriod()
		if rec != nil {
			s.recordPeriod(ai, t, vis, chi, rec)
		}
	}
	s.finish(out)
	if rec != nil {
		s.recordStates(ai, rec)
	}
}

// election: every election period the US may elect a retrenching
// administration; a new leader partly resets reputation, so beliefs lose half
// their strength (Renshon, Dafoe & Huth 2018). The decay prior is untouched.
func (s *sim) election(t int) {
	m := s.m
	if s.shocks.uniform(t, -1, slotElection, 0) < m.retrenchment {
		s.reliability = min(1, max(0, m.usReliability-m.shockSize))
	} else {
		s.reliability = m.usReliability
	}
	for i := range s.usA {
		s.usA[i] *= 0.5
		s.usB[i] *= 0.5
	}
}

// rating is h_il: i's rating of l's will to honour a commitment; its US
// belief for the patron, l's public honour record otherwise.
func (s *sim) rating(i, l int) float64 {
	if l == s.pop.Patron {
		return agents.BetaMean(s.usA[i], s.usB[i])
	}
	return agents.BetaMean(s.honA[l], s.honB[l])
}

// review runs the accession decisions of MODEL.md sec. 4, simultaneously on
// the pre-review memberships. It reports whether any membership changed.
func (s *sim) review(t int) bool {
	m, n := s.m, s.n
	pop := s.pop.States
	patron := s.pop.Patron
	copy(s.next, s.member)
	for mi := range s.am.mechs {
		mm := &s.am.mechs[mi]
		d := &mm.def
		if d.Treaty && t > 0 && s.dead[mi] {
			continue
		}
		cov := agents.ExpectedCoverage(&d.Coverage, &m.prior, m.n0, &s.counts)
		s.prepareReliance(mi)
		for i := range pop {
			idx := mi*n + i
			if !mm.eligible[i] || (i == patron && mm.founder[i]) {
				continue
			}
			if t == 0 && d.PreExisting {
				// Alliances that exist today bind their founders; no one else
				// can join them at t = 0.
				s.next[idx] = mm.founder[i]
				continue
			}
			if t == 0 && d.Treaty && d.FoundersBound && mm.founder[i] {
				s.next[idx] = true
				continue
			}
			st := &pop[i]
			u := agents.AccessionUtility(m.acc, agents.AccessionTerms{
				Threat: st.Threat, Autonomy: st.Autonomy, Exposure: st.Exposure,
				Legal: st.Legal, RiskTolerance: st.RiskTolerance,
				Obligation:  s.oim[idx],
				Coverage:    cov,
				Reliance:    s.reliance(mi, i),
				Integration: d.Integration,
				Visibility:  d.Visibility,
				Taste:       s.tastes[idx],
			})
			if s.member[idx] {
				s.next[idx] = u >= -d.ExitCost
			} else {
				s.next[idx] = u > 0
			}
		}
	}
	copy(s.prevMember, s.member)
	copy(s.member, s.next)
	for mi := range s.am.mechs {
		mm := &s.am.mechs[mi]
		row := s.member[mi*n : (mi+1)*n]
		if mm.founder[patron] {
			row[patron] = true // the patron is a member of what it founds
		}
		if mm.def.Treaty && t == 0 {
			// A treaty exists only if every founder joins at t = 0.
			formed := true
			for i := range row {
				if mm.founder[i] && !row[i] {
					formed = false
				}
			}
			if !formed {
				s.dead[mi] = true
			}
		}
		count := 0
		for _, b := range row {
			if b {
				count++
			}
		}
		if mm.def.Treaty && t == 0 {
			// Formed: every founder joined and there are enough members.
			s.treatyFormed = !s.dead[mi] && count >= mm.def.MinMembers
		}
		if s.dead[mi] || count < mm.def.MinMembers {
			clear(row)
			s.alive[mi] = false
			if mm.def.Treaty {
				s.dead[mi] = true // a dissolved treaty stays dead
			}
			continue
		}
		s.alive[mi] = true
	}
	// Membership, and with it interoperability growth min(1, Σ g_m), changes
	// only here: compute both once per review, not every period.
	for i := range s.inAny {
		s.inAny[i] = false
		var g float64
		for mi := range s.am.mechs {
			if s.member[mi*n+i] {
				s.inAny[i] = true
				g += s.am.mechs[mi].def.Integration
			}
		}
		s.growth[i] = min(1, g)
	}
	changed := t == 0
	for x := range s.member {
		changed = changed || s.member[x] != s.prevMember[x]
	}
	return changed
}

// prepareReliance sums, over the members and founders l of m, K_l and
// K_l·h_l for every l but the patron: those ratings are public honour
// records, the same for every rater. Only the patron's rating (i's own US
// belief) and i itself differ by rater, and reliance adds and removes them.
func (s *sim) prepareReliance(mi int) {
	n := s.n
	mm := &s.am.mechs[mi]
	s.relW, s.relSum, s.relPatron = 0, 0, false
	for l := range s.pop.States {
		if !(s.member[mi*n+l] || mm.founder[l]) {
			continue
		}
		if l == s.pop.Patron {
			s.relPatron = true
			continue
		}
		k := s.pop.States[l].Capability
		s.relW += k
		s.relSum += k * agents.BetaMean(s.honA[l], s.honB[l])
	}
}

// reliance is r̂_im: the capability-weighted mean of i's ratings of the other
// members and founders of m (prepared by prepareReliance). Ability is not
// will: interoperability is not used here.
func (s *sim) reliance(mi, i int) float64 {
	n := s.n
	w, sum := s.relW, s.relSum
	if i != s.pop.Patron && (s.member[mi*n+i] || s.am.mechs[mi].founder[i]) {
		k := s.pop.States[i].Capability
		w -= k
		sum -= k * agents.BetaMean(s.honA[i], s.honB[i])
	}
	if s.relPatron && i != s.pop.Patron {
		k := s.pop.States[s.pop.Patron].Capability
		w += k
		sum += k * agents.BetaMean(s.usA[i], s.usB[i])
	}
	if w <= 0 {
		return 0
	}
	return sum / w
}

// computeLinks recomputes link_ijk, the mechanism giving it, shared
// memberships and signal noise after a review.
func (s *sim) computeLinks() {
	m, n := s.m, s.n
	pop := s.pop.States
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			base := (j*n + i) * nk
			s.shares[j*n+i] = false
			v := m.adhoc * pop[i].Threat
			if i == j {
				v = 1
			}
			for k := 0; k < nk; k++ {
				s.link[base+k], s.linkMech[base+k] = v, -1
			}
		}
	}
	// Mechanisms in listed order, so that with strict > the ad hoc floor and
	// then the earlier mechanism win a tie.
	for mi := range s.am.mechs {
		if !s.alive[mi] {
			continue
		}
		s.members = s.members[:0]
		for i := 0; i < n; i++ {
			if s.member[mi*n+i] {
				s.members = append(s.members, i)
			}
		}
		cov := &s.am.mechs[mi].def.Coverage
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
	for i := 0; i < n; i++ {
		for k := 0; k < nk; k++ {
			var nu float64
			for mi := range s.am.mechs {
				if s.alive[mi] && s.member[mi*n+i] && s.am.mechs[mi].def.Coverage[k] > 0 {
					nu = max(nu, s.am.mechs[mi].def.NoiseReduction)
				}
			}
			s.sigma[i*nk+k] = m.sigma0 * (1 - nu)
		}
	}
}

// visibility is Vis(t) = Σ_i (K_i/ΣK)·max over i's mechanisms of v_m.
func (s *sim) visibility(capSum float64) float64 {
	n := s.n
	var vis float64
	for i := range s.pop.States {
		var v float64
		for mi := range s.am.mechs {
			if s.member[mi*n+i] {
				v = max(v, s.am.mechs[mi].def.Visibility)
			}
		}
		vis += s.pop.States[i].Capability / capSum * v
	}
	return vis
}

// bestChallenge evaluates A's options against target j (MODEL.md sec. 5) and
// returns the best crisis type and its expected utility; the lowest index
// wins a tie.
func (s *sim) bestChallenge(j int) (agents.CrisisType, float64) {
	m, n := s.m, s.n
	pop := s.pop.States
	var kw, w, wi [nk]float64
	row := s.link[j*n*nk : (j+1)*n*nk]
	for i := 0; i < n; i++ {
		c := 1.0 // the target resists for sure
		if i != j {
			c = s.credMean[i]
		}
		K, io := pop[i].Capability, s.interop[i]
		l := row[i*nk : i*nk+nk]
		for k := 0; k < nk; k++ {
			p := c * l[k]
			kw[k] += K * p
			w[k] += p
			wi[k] += p * io
		}
	}
	best, bestEU := agents.CrisisType(0), math.Inf(-1)
	for k := 0; k < nk; k++ {
		if m.gain[k]*pop[j].Salience <= bestEU {
			continue // EU_jk ≤ G_k·V_j ≤ bestEU: k cannot win (a tie goes to the earlier type)
		}
		S := agents.EffectiveStrength(kw[k], w[k], wi[k], m.friction)
		pd := agents.DenialEstimate(S, m.capA, m.severity[k], m.resolve, m.tau)
		ct := agents.CrisisType(k)
		eu := agents.ChallengeUtility(m.gain[k], m.cost[k], pop[j].Salience, pd, ct.Escalatory(), m.pEscalation, m.severity[k], m.warAversion)
		if eu > bestEU {
			best, bestEU = ct, eu
		}
	}
	return best, bestEU
}

func (s *sim) linkOf(i, j int, k agents.CrisisType) (float64, int) {
	idx := (j*s.n+i)*nk + int(k)
	return s.link[idx], int(s.linkMech[idx])
}

// crisis resolves A's challenge of target j with type k (MODEL.md sec. 6) and
// applies every update before the next target is considered.
func (s *sim) crisis(t, j int, k agents.CrisisType) {
	m, n := s.m, s.n
	pop := s.pop.States
	patron := s.pop.Patron
	a := &s.acc
	s.counts[k]++
	a.challenges[k]++
	a.periodChallenges++

	lnS := m.logSeverity[k] + m.sigmaS*s.shocks.normal(t, j, slotSeverity, 0)
	sev := math.Exp(lnS)
	tr := s.am.treaty
	invoked := tr >= 0 && s.alive[tr] && s.member[tr*n+j] && s.am.mechs[tr].def.Coverage[k] > m.invocation
	var lnY float64
	if invoked {
		lnY = lnS + m.sigmaPub*s.shocks.normal(t, j, slotPublic, 0)
	}

	// Signals and candidates: every state with a link may respond.
	lnNeedBase := m.logCapResolve
	armed := k == agents.ArmedAttack
	for i := 0; i < n; i++ {
		s.act[i], s.prevAct[i] = false, false
		l, _ := s.linkOf(i, j, k)
		s.candidate[i] = i != j && i != patron && l > 0
		if !s.candidate[i] {
			continue
		}
		sig := max(s.sigma[i*nk+int(k)], 1e-9)
		lnx := lnS + sig*s.shocks.normal(t, j, slotPrivate, i)
		if invoked && s.member[tr*n+i] {
			// Members combine the public signal with their own by precision.
			pi, pp := 1/(sig*sig), 1/(m.sigmaPub*m.sigmaPub)
			lnx = (lnx*pi + lnY*pp) / (pi + pp)
			sig = 1 / math.Sqrt(pi+pp)
		}
		sHat := math.Exp(lnx)
		li, mi := s.linkOf(i, j, k)
		var aud float64
		if mi >= 0 {
			d := &s.am.mechs[mi].def
			aud = s.oim[mi*n+i] * d.Coverage[k] * d.Visibility
		}
		st := &pop[i]
		s.threshold[i] = agents.ResponseThreshold(m.resp, st.Threat, li, aud, sHat, st.Exposure, st.RiskTolerance, st.Legal, armed,
			lnNeedBase+lnx, math.Sqrt(m.sigmaO*m.sigmaO+sig*sig))
	}
	patronActs := false
	if patron != j {
		l, _ := s.linkOf(patron, j, k)
		patronActs = s.shocks.uniform(t, j, slotPatron, 0) < s.reliability*l
	}

	// Best-response rounds: round 0 expects each l to act with probability
	// link·rating; later rounds use l's previous decision. The patron is
	// always expected at belief × link, the target to resist, oneself to act.
	linkUS, _ := s.linkOf(patron, j, k)
	for round := 0; round <= m.rounds; round++ {
		// Σ over l ∉ {patron, target} of q_l·(K_l, 1, ι_l); i's own term is
		// swapped for 1 below, so one pass serves every i.
		var bKW, bW, bWI float64
		for l := 0; l < n; l++ {
			if l == patron || l == j {
				continue
			}
			var q float64
			if round == 0 {
				ll, _ := s.linkOf(l, j, k)
				q = ll * agents.BetaMean(s.honA[l], s.honB[l])
			} else if s.prevAct[l] {
				q = 1
			}
			s.q[l] = q
			bKW += q * pop[l].Capability
			bW += q
			bWI += q * s.interop[l]
		}
		// The target resists.
		bKW += pop[j].Capability
		bW++
		bWI += s.interop[j]
		for i := 0; i < n; i++ {
			if !s.candidate[i] {
				continue
			}
			qi := s.q[i]
			kw := bKW + (1-qi)*pop[i].Capability
			w := bW + (1 - qi)
			wi := bWI + (1-qi)*s.interop[i]
			if patron != j {
				qp := agents.BetaMean(s.usA[i], s.usB[i]) * linkUS
				kw += qp * pop[patron].Capability
				w += qp
				wi += qp * s.interop[patron]
			}
			// i acts iff its expected strength clears its threshold
			// (agents.ResponseThreshold, equivalent to ResponseUtility > 0).
			s.act[i] = agents.EffectiveStrength(kw, w, wi, m.friction) > s.threshold[i]
		}
		// A round that changes no decision is a fixed point: every later
		// round would repeat it, so stop (the result is the same).
		same := round > 0
		for i := 0; same && i < n; i++ {
			same = s.act[i] == s.prevAct[i]
		}
		copy(s.prevAct, s.act)
		if same {
			break
		}
	}
	if patron != j {
		s.act[patron] = patronActs
	}

	// Outcome: realised strength of the responders and the target.
	var sK, sI, cnt, oSum, coordI float64
	var others int
	sK, sI, cnt = pop[j].Capability, s.interop[j], 1
	for i := 0; i < n; i++ {
		if i == j || !s.act[i] {
			continue
		}
		sK += pop[i].Capability
		sI += s.interop[i]
		cnt++
		others++
		coordI += s.interop[i]
		if _, mi := s.linkOf(i, j, k); mi >= 0 {
			oSum += s.oim[mi*n+i]
		}
	}
	S := agents.EffectiveStrength(sK, cnt, sI, m.friction)
	needed := m.capA * sev * m.resolve * math.Exp(m.sigmaO*s.shocks.normal(t, j, slotOutcome, 0))
	if S >= needed {
		a.repelled++
		a.periodRepelled++
		if k.Escalatory() {
			var meanO float64
			if others > 0 {
				meanO = oSum / float64(others)
			}
			if s.shocks.uniform(t, j, slotEscalation, 0) < agents.WarProbability(m.pEscalation, sev, m.entrapment, meanO) {
				a.wars++
				a.periodWars++
			}
		}
	} else {
		a.faitAccompli++
		a.periodFA++
	}

	// Coordination, with pre-crisis interoperability.
	if others >= 2 && coordI/float64(others) >= m.coordination {
		a.coordinated++
	}
	// False-security gap, with pre-update records.
	s.fsCap, s.fsLink, s.fsRate, s.fsActed = s.fsCap[:0], s.fsLink[:0], s.fsRate[:0], s.fsActed[:0]
	for l := 0; l < n; l++ {
		if l == j {
			continue
		}
		ll, _ := s.linkOf(l, j, k)
		s.fsCap = append(s.fsCap, pop[l].Capability)
		s.fsLink = append(s.fsLink, ll)
		s.fsRate = append(s.fsRate, s.rating(j, l))
		s.fsActed = append(s.fsActed, s.act[l])
	}
	a.gapSum += agents.FalseSecurityGap(s.fsCap, s.fsLink, s.fsRate, s.fsActed)

	// Honour records, credibility, participation.
	usCommitted := false
	for l := 0; l < n; l++ {
		if l == j {
			continue
		}
		ll, mi := s.linkOf(l, j, k)
		if mi >= 0 {
			a.linked++
			if s.act[l] {
				a.participated++
			}
		}
		if ll < m.commitment {
			continue
		}
		a.committed++
		s.committedN[l]++
		if l == patron {
			usCommitted = true
		}
		if s.act[l] {
			a.honouredN++
			s.honoured[l]++
			s.honA[l]++
			s.credA[l]++
			s.credMean[l] = agents.BetaMean(s.credA[l], s.credB[l]) // backing down invites challenges, standing firm deters (Weisiger & Yarhi-Milo 2015)
		} else {
			s.honB[l]++
			s.credB[l]++
			s.credMean[l] = agents.BetaMean(s.credA[l], s.credB[l])
		}
	}
	// US beliefs learn from crises in which the US was committed: fully for
	// the target and those allied with it, partly for bystanders.
	if usCommitted {
		for x := 0; x < n; x++ {
			w := m.bystander
			if x == j || s.shares[j*n+x] {
				w = 1
			}
			if s.act[patron] {
				s.usA[x] += w
			} else {
				s.usB[x] += w
			}
		}
	}
	// Joint response: practice builds interoperability.
	if others > 0 {
		s.interop[j] += m.jointGain * (1 - s.interop[j])
		for i := 0; i < n; i++ {
			if i != j && s.act[i] {
				s.interop[i] += m.jointGain * (1 - s.interop[i])
			}
		}
	}
}

// endPeriod decays beliefs, records and credibility toward their priors and
// grows or decays interoperability (MODEL.md sec. 7).
func (s *sim) endPeriod() {
	m, n := s.m, s.n
	hA, hB := m.honourPrior*m.honourStrong, (1-m.honourPrior)*m.honourStrong
	for i := 0; i < n; i++ {
		s.usA[i] = agents.DecayToward(s.usA[i], s.usA0[i], m.beliefDecay)
		s.usB[i] = agents.DecayToward(s.usB[i], s.usB0[i], m.beliefDecay)
		s.honA[i] = agents.DecayToward(s.honA[i], hA, m.beliefDecay)
		s.honB[i] = agents.DecayToward(s.honB[i], hB, m.beliefDecay)
		s.credA[i] = agents.DecayToward(s.credA[i], s.credA0[i], m.credDecay)
		s.credB[i] = agents.DecayToward(s.credB[i], s.credB0[i], m.credDecay)
		s.credMean[i] = agents.BetaMean(s.credA[i], s.credB[i])
		if s.inAny[i] {
			s.interop[i] += s.growth[i] * (1 - s.interop[i])
		} else {
			s.interop[i] = agents.DecayToward(s.interop[i], s.interop0[i], m.interopDecay)
		}
	}
}

func (s *sim) finish(o *Outcome) {
	m, a := s.m, &s.acc
	*o = Outcome{}
	T := float64(m.periods)
	o.set(DeterrenceSuccess, float64(a.succeeded)/T)
	o.set(GeneralDeterrence, float64(a.quiet)/T)
	var total int
	for k, c := range a.challenges {
		total += c
		o.set(ChallengesGreyZone+OutcomeID(k), float64(c))
	}
	o.set(Challenges, float64(total))
	o.set(Repelled, float64(a.repelled))
	o.set(FaitAccompli, float64(a.faitAccompli))
	o.set(Wars, float64(a.wars))
	if total > 0 {
		o.set(CoordinatedShare, float64(a.coordinated)/float64(total))
		o.set(FalseSecurityGap, a.gapSum/float64(total))
	}
	if a.committed > 0 {
		o.set(HonourRate, float64(a.honouredN)/float64(a.committed))
	}
	if a.linked > 0 {
		o.set(Participation, float64(a.participated)/float64(a.linked))
	}
	var hedgers, in, capH, capIn float64
	var members int
	var belief, interop float64
	for i, st := range s.pop.States {
		if s.inAny[i] {
			members++
		}
		if st.Role == agents.Hedger {
			hedgers++
			capH += st.Capability
			if s.inAny[i] {
				in++
				capIn += st.Capability
			}
		}
		belief += agents.BetaMean(s.usA[i], s.usB[i])
		interop += s.interop[i]
	}
	if hedgers > 0 {
		o.set(BuyIn, in/hedgers)
		o.set(BuyInCapability, capIn/capH)
	}
	if s.am.treaty >= 0 {
		f := 0.0
		if s.treatyFormed {
			f = 1
		}
		o.set(TreatyFormed, f)
	}
	o.set(MembersEnd, float64(members))
	o.set(Tension, a.tension/T)
	nf := float64(s.n)
	o.set(USBeliefEnd, belief/nf)
	o.set(InteroperabilityEnd, interop/nf)
}

func (s *sim) recordPeriod(ai, t int, vis, chi float64, rec Recorder) {
	var belief, interop float64
	members := 0
	for i := 0; i < s.n; i++ {
		belief += agents.BetaMean(s.usA[i], s.usB[i])
		interop += s.interop[i]
		if s.inAny[i] {
			members++
		}
	}
	a := &s.acc
	r := PeriodRecord{
		Period: t, Challenges: a.periodChallenges, Repelled: a.periodRepelled,
		FaitAccompli: a.periodFA, Wars: a.periodWars,
		Tension: s.m.chi0 - chi, Visibility: vis, USReliability: s.reliability,
		MeanBelief: belief / float64(s.n), Members: members, Interop: interop / float64(s.n),
	}
	rec.RecordPeriod(ai, &r)
}

func (s *sim) recordStates(ai int, rec Recorder) {
	n := s.n
	for i, st := range s.pop.States {
		mech := 0
		for mi := range s.am.mechs {
			if s.member[mi*n+i] {
				mech++
			}
		}
		r := StateRecord{
			State: i, Name: st.Name, Role: st.Role, Capability: st.Capability,
			Belief0: st.Belief, Autonomy: st.Autonomy, Threat: st.Threat,
			Exposure: st.Exposure, Legal: st.Legal, RiskTolerance: st.RiskTolerance,
			Mechanisms: mech, BeliefEnd: agents.BetaMean(s.usA[i], s.usB[i]),
			InteropEnd: s.interop[i], Committed: s.committedN[i], Honoured: s.honoured[i],
		}
		rec.RecordState(ai, &r)
	}
}
