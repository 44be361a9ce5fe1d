package engine

import (
	"fmt"
	"math"

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
	maxGain     float64     // max_k G_k
	logSeverity [nk]float64 // ln s_k
	logNeed     float64     // ln(K_A·R_A): ln of the strength needed, before severity
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

	archs []archModel
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
	eligible []bool // per state
}

func (sc *Scenario) prepare() error {
	if sc.Roster == nil {
		return fmt.Errorf("engine: scenario has no roster")
	}
	if err := sc.model.resolve(sc); err != nil {
		return err
	}
	if err := sc.Probe.resolve(sc.Roster); err != nil {
		return err
	}
	return sc.model.resolveArchitectures(sc.Architectures, sc.Roster)
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
	}
	for k, t := range m.types {
		m.maxGain = max(m.maxGain, t.Gain)
		m.logSeverity[k] = math.Log(t.Severity)
	}
	m.logNeed = math.Log(m.adv.Capability * m.adv.Resolve)
	return nil
}

// resolve checks the probe's targets against roster r and indexes them.
func (pr *Probe) resolve(r *agents.Roster) error {
	if pr == nil {
		return nil
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
			mm := mechModel{def: d, key: int(hashString(d.Name) >> 33), founder: make([]bool, n), eligible: make([]bool, n)}
			for _, f := range d.Founders {
				mm.founder[r.Index(f)] = true
			}
			for i := range mm.eligible {
				mm.eligible[i] = d.Eligible == nil // nil: every state
			}
			for _, e := range d.Eligible {
				mm.eligible[r.Index(e)] = true
			}
			if d.Treaty {
				if am.treaty >= 0 {
					return fmt.Errorf("architecture %s: more than one treaty mechanism (%s and %s)", a.Name, a.Mechanisms[am.treaty].Name, d.Name)
				}
				am.treaty = k
			}
			am.mechs = append(am.mechs, mm)
		}
		m.archs = append(m.archs, am)
	}
	return nil
}
