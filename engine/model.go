package engine

import (
	"fmt"
	"math"
	"slices"

	"pactsim/agents"
)

// model is a Scenario's parameters and architectures resolved into plain
// numbers, the agents package's parameter structs and indices, once per
// design point, so that the inner loop reads no maps and no strings.
type model struct {
	periods, reviewPeriod, electionPeriod, rounds, formationWindow int

	pop agents.PopulationParams

	// Accession (docs/model.md sec. 5).
	acc         agents.AccessionCosts
	prior       agents.TypePrior
	reservation float64 // r of o_im = o_m·(1 − d_i·r)
	tasteScale  float64 // σ_join

	// The adversary and the crisis types (secs. 4.2, 6, 8).
	adv         agents.Adversary
	types       [nk]agents.CrisisTypeParams
	logSeverity [nk]float64 // ln s_k
	adhoc       float64     // λ_adhoc

	// The crisis (secs. 7, 8).
	resp                     agents.ResponseCosts
	friction                 float64 // φ
	sigmaS, sigma0, sigmaPub float64 // severity, private and public signal noise
	sigmaO                   float64 // outcome noise
	invocation, commitment   float64 // treaty invocation and commitment thresholds
	coordination             float64 // coordination threshold
	usReliability, shockSize float64 // the US's true reliability and its retrenchment drop (sec. 9.1)
	retrenchment             float64 // chance that an election brings retrenchment
	learn                    agents.Learning
	cred                     agents.Credibility

	// Model 2.0 (docs/model.md secs. 4.4-9.9).
	dom         agents.Domains
	coord       agents.Coordination
	burden      agents.Burden
	ready       agents.Readiness
	align       agents.Alignment
	allies      agents.Alliances
	csd         agents.ConstitutionalLimit
	form        agents.Formation
	retribution float64             // ω_R
	retLearning float64             // w_L
	retMemory   float64             // δ_L
	stickiness  float64             // ω_T
	tasteCorr   float64             // ρ_ε
	penalty     float64             // p_pen
	diversion   float64             // δ_div
	duration    int                 // D, periods of an economic campaign
	core        agents.MechanismDef // the core template, what a standing structure moves toward
	xiAdHoc     [nk]float64         // ξ of an ad hoc response before the national bound
	lnLatAdHoc  [nk]float64         // ln(ω_L·Λ^adhoc_k)

	archs []archModel

	// prepared is set once prepare has succeeded: Run refuses a Scenario
	// that NewScenario did not make.
	prepared bool
}

type archModel struct {
	name   string
	stream uint64 // hash of the name: the architecture's decision substream
	mechs  []mechModel
	treaty int // index of the treaty mechanism, or -1
}

type mechModel struct {
	def      agents.MechanismDef
	key      int    // hash of the name, indexes the mechanism's tastes
	founder  []bool // per state
	eligible []bool // per state, after alliance bans (docs/model.md sec. 5.5)
	voters   []int  // the eligible states in roster order, the patron only if it did not found it
	founders []int  // the founders in roster order
	doctrine []bool // per state: a non-aligned state and a mechanism above the obligation limit
	// barrable: per state, a ban that binds in a share ω_Ban < 1 of worlds
	// (agents.Alliances.Binds, drawn per task); nil when none may bind
	// or every one binds always (then eligible leaves the state out).
	barrable []bool
	from     int         // a deferred treaty: index of the mechanism it formalises; −1 otherwise
	xi       [nk]float64 // ξ of the mechanism's base latency, before the national bound
	lnLat    [nk]float64 // ln(ω_L·Λ_mk) of its base latency
}

func (sc *Scenario) prepare() error {
	if sc.Roster == nil {
		return fmt.Errorf("engine: scenario has no roster")
	}
	// A roster a Go program built is checked as ParseRoster checks a file's
	// rows (a review, stop 51: NaN, a Patron out of range or a repeated
	// name gave NaN outcomes or a panic deep inside a run).
	if err := sc.Roster.Validate(); err != nil {
		return err
	}
	if err := sc.model.resolve(sc); err != nil {
		return err
	}
	if err := sc.Probe.resolve(sc.Roster); err != nil {
		return err
	}
	if err := sc.model.resolveArchitectures(sc.Architectures, sc.Roster); err != nil {
		return err
	}
	sc.model.prepared = true
	return nil
}

// resolve reads the parameters of sc into m.
func (m *model) resolve(sc *Scenario) error {
	p := sc.Params
	prior, err := agents.NewTypePrior(p)
	if err != nil {
		return err
	}
	*m = model{
		periods:         p.Int("periods"),
		reviewPeriod:    p.Int("accession.review_period"),
		electionPeriod:  p.Int("us.election_period"),
		rounds:          p.Int("crisis.response_rounds"),
		formationWindow: p.Int("adversary.formation_window"),
		pop:             agents.NewPopulationParams(p),
		acc:             agents.NewAccessionCosts(p),
		prior:           prior,
		reservation:     p.Get("accession.reservation_strength"),
		tasteScale:      p.Get("accession.taste_scale"),
		adv:             agents.NewAdversary(p),
		types:           agents.NewCrisisTypes(p),
		adhoc:           p.Get("adversary.adhoc_response"),
		resp:            agents.NewResponseCosts(p),
		friction:        p.Get("crisis.friction"),
		sigmaS:          p.Get("crisis.severity_noise"),
		sigma0:          p.Get("crisis.private_noise"),
		sigmaPub:        p.Get("crisis.public_noise"),
		sigmaO:          p.Get("crisis.outcome_noise"),
		invocation:      p.Get("crisis.invocation_threshold"),
		commitment:      p.Get("crisis.commitment_threshold"),
		coordination:    p.Get("crisis.coordination_threshold"),
		usReliability:   p.Get("us.reliability"),
		shockSize:       p.Get("us.shock_size"),
		retrenchment:    p.Get("us.retrenchment_probability"),
		learn:           agents.NewLearning(p),
		cred:            agents.NewCredibility(p),
		dom:             agents.NewDomains(p),
		coord:           agents.NewCoordination(p),
		burden:          agents.NewBurden(p),
		ready:           agents.NewReadiness(p),
		align:           agents.NewAlignment(p),
		allies:          agents.NewAlliances(p),
		csd:             agents.NewConstitutionalLimit(p),
		form:            agents.NewFormation(p),
		retribution:     p.Get("retribution.strength"),
		retLearning:     p.Get("retribution.learning"),
		retMemory:       p.Get("retribution.memory"),
		stickiness:      p.Get("us.treaty_stickiness"),
		tasteCorr:       p.Get("accession.taste_correlation"),
		penalty:         p.Get("crisis.economic_coercion.penalty"),
		diversion:       p.Get("crisis.economic_coercion.diversion"),
		duration:        p.Int("crisis.economic_coercion.duration"),
		core:            agents.FromPreset("core", "core", p),
	}
	for k, t := range m.types {
		m.logSeverity[k] = math.Log(t.Severity)
	}
	if m.coord.On() {
		for k := range nk {
			m.lnLatAdHoc[k], m.xiAdHoc[k] = m.latency(k, m.coord.AdHoc[k])
		}
	}
	return nil
}

// latency returns ln(ω_L·Λ) and the chance ξ that a response of latency Λ
// days in domain k arrives within the window (docs/model.md sec. 7.1).
func (m *model) latency(k int, days float64) (lnLat, xi float64) {
	lnLat = m.coord.LogLatency(days)
	return lnLat, m.coord.OnTime(agents.CrisisType(k), lnLat)
}

// resolve checks the probe's targets against roster r and indexes them.
func (pr *Probe) resolve(r *agents.Roster) error {
	if pr == nil {
		return nil
	}
	if pr.Type < 0 || pr.Type >= agents.NumCrisisTypes {
		// It indexed per-type arrays deep inside Run (a review, stop 51).
		return fmt.Errorf("probe: crisis type %d (allowed: 0..%d, agents.GreyZone to agents.ArmedAttack)", pr.Type, agents.NumCrisisTypes-1)
	}
	pr.targets = pr.targets[:0]
	for _, name := range pr.Targets {
		k := r.Index(name)
		if k < 0 || k == r.Patron {
			return fmt.Errorf("probe: target %q is not a non-patron state of roster %s", name, r.Name)
		}
		pr.targets = append(pr.targets, k)
	}
	if len(pr.targets) == 0 {
		return fmt.Errorf("probe: no targets")
	}
	return nil
}

// resolveArchitectures validates the architectures against roster r and
// indexes their founders, eligible states and treaty.
func (m *model) resolveArchitectures(archs []agents.Architecture, r *agents.Roster) error {
	n := len(r.States)
	seen := map[string]bool{}
	for _, a := range archs {
		if seen[a.Name] {
			return fmt.Errorf("duplicate architecture %q", a.Name)
		}
		seen[a.Name] = true
		if err := a.Validate(r); err != nil {
			return err
		}
		am := archModel{name: a.Name, stream: hashString("arch:" + a.Name), treaty: -1}
		for k, d := range a.Mechanisms {
			mm := mechModel{def: d, key: int(hashString(d.Name) >> 33), founder: make([]bool, n), eligible: make([]bool, n),
				doctrine: make([]bool, n), from: -1}
			for _, f := range d.Founders {
				mm.founder[r.Index(f)] = true
			}
			for i := range mm.eligible {
				mm.eligible[i] = d.Eligible == nil // nil: every state
			}
			for _, e := range d.Eligible {
				mm.eligible[r.Index(e)] = true
			}
			if err := m.bans(&mm, a.Name, r); err != nil {
				return err
			}
			for i, f := range mm.founder {
				if f {
					mm.founders = append(mm.founders, i)
				}
			}
			for i, e := range mm.eligible {
				// The patron does not review what it founds: it is a member.
				if e && !(i == r.Patron && mm.founder[i]) {
					mm.voters = append(mm.voters, i)
				}
			}
			if d.FormaliseFrom != "" {
				mm.from = slices.IndexFunc(a.Mechanisms, func(x agents.MechanismDef) bool { return x.Name == d.FormaliseFrom })
			}
			if m.coord.On() {
				for k, l := range d.Latency() {
					mm.lnLat[k], mm.xi[k] = m.latency(k, l)
				}
			}
			if d.Treaty {
				if am.treaty >= 0 {
					return agents.MechanismErrorf(d.Name, nil, "architecture %s: more than one treaty mechanism (%s and %s) (allowed: one treaty an architecture, whose attempts and formation the treaty outcomes record; write treaty: false on the other to keep its numbers as a mechanism that needs no attempt, docs/model.md sec. 4.3)", a.Name, a.Mechanisms[am.treaty].Name, d.Name)
				}
				am.treaty = k
			}
			am.mechs = append(am.mechs, mm)
		}
		m.archs = append(m.archs, am)
	}
	return nil
}

// bans closes mechanism mm to states with a formal alliance ban when its
// obligation exceeds the limit, and marks where the doctrine cost of the
// non-aligned applies (docs/model.md sec. 5.5). A banned founder is an
// error: the bar is legal, so such an architecture cannot exist.
func (m *model) bans(mm *mechModel, arch string, r *agents.Roster) error {
	o := mm.def.Obligation()
	for i := range r.States {
		d := &r.States[i].Domains
		if m.allies.Banned(d.AllianceBan, o) {
			if mm.founder[i] {
				return agents.MechanismErrorf(mm.def.Name, []string{"founders"}, "architecture %s, mechanism %s: founder %s has a formal alliance ban and the obligation %g exceeds alliance_ban.obligation_limit %g (set alliance_ban.strength 0, or drop the founder)",
					arch, mm.def.Name, r.States[i].Name, o, m.allies.Limit)
			}
			if m.allies.Certain() {
				mm.eligible[i] = false
			} else {
				if mm.barrable == nil {
					mm.barrable = make([]bool, len(r.States))
				}
				mm.barrable[i] = true
			}
		}
		mm.doctrine[i] = m.allies.Doctrine(d.NonAligned, o)
	}
	return nil
}
