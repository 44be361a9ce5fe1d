package engine

import (
	"fmt"
	"math"

	"pactsim/agents"
	"pactsim/agents/param"
)

// model is a Scenario's parameters and architectures resolved into plain
// numbers and indices, once per design point, so the inner loop reads no
// maps and no strings.
type model struct {
	periods, reviewPeriod, electionPeriod, rounds, formationWindow int

	acc                       agents.AccessionCosts
	resp                      agents.ResponseCosts
	reservation, tasteScale   float64
	n0                        float64
	prior                     [agents.NumCrisisTypes]float64
	capA, resolve, chi0       float64
	sigmaA, warAversion       float64
	maxGain                   float64 // max_k G_k
	adhoc, tau                float64
	spiral, formationShock    float64
	credBase, credAudience    float64
	credStrength, credDecay   float64
	friction                  float64
	sigmaS, sigma0, sigmaPub  float64
	sigmaO                    float64
	invocation, commitment    float64
	coordination              float64
	pEscalation, entrapment   float64
	severity, gain, cost      [agents.NumCrisisTypes]float64
	logSeverity               [agents.NumCrisisTypes]float64 // ln s_k, cached for the crisis
	logCapResolve             float64                        // ln(K_A·R_A)
	usReliability, shockSize  float64
	retrenchment              float64
	bystander, beliefDecay    float64
	honourPrior, honourStrong float64
	jointGain, interopDecay   float64
	beliefStrength            float64
	pop                       agents.PopulationParams

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
	p := sc.Params
	r := sc.Roster
	if r == nil {
		return fmt.Errorf("engine: scenario has no roster")
	}
	m := &sc.model
	*m = model{
		periods:        p.Int("periods"),
		reviewPeriod:   p.Int("accession.review_period"),
		electionPeriod: p.Int("us.election_period"),
		rounds:         p.Int("crisis.response_rounds"),
		acc: agents.AccessionCosts{
			Protect:     p.Get("accession.protect_benefit"),
			Capacity:    p.Get("accession.capacity_benefit"),
			Autonomy:    p.Get("accession.autonomy_cost"),
			Retribution: p.Get("accession.retribution_cost"),
			Entrapment:  p.Get("accession.entrapment_cost"),
			Domestic:    p.Get("accession.domestic_cost"),
		},
		resp: agents.ResponseCosts{
			Respond:     p.Get("crisis.respond_benefit"),
			Audience:    p.Get("crisis.audience_cost"),
			Retribution: p.Get("accession.retribution_cost"),
			Risk:        p.Get("crisis.risk_cost"),
			Domestic:    p.Get("accession.domestic_cost"),
		},
		reservation:     p.Get("accession.reservation_strength"),
		tasteScale:      p.Get("accession.taste_scale"),
		n0:              p.Get("accession.type_prior_weight"),
		capA:            p.Get("adversary.capability"),
		resolve:         p.Get("adversary.resolve"),
		chi0:            p.Get("adversary.threshold"),
		sigmaA:          p.Get("adversary.noise"),
		warAversion:     p.Get("adversary.war_aversion"),
		adhoc:           p.Get("adversary.adhoc_response"),
		tau:             p.Get("adversary.denial_scale"),
		spiral:          p.Get("adversary.spiral"),
		formationShock:  p.Get("adversary.formation_shock"),
		formationWindow: p.Int("adversary.formation_window"),
		credBase:        p.Get("adversary.credibility_base"),
		credAudience:    p.Get("adversary.credibility_audience"),
		credStrength:    p.Get("adversary.credibility_strength"),
		credDecay:       p.Get("adversary.credibility_decay"),
		friction:        p.Get("crisis.friction"),
		sigmaS:          p.Get("crisis.severity_noise"),
		sigma0:          p.Get("crisis.private_noise"),
		sigmaPub:        p.Get("crisis.public_noise"),
		sigmaO:          p.Get("crisis.outcome_noise"),
		invocation:      p.Get("crisis.invocation_threshold"),
		commitment:      p.Get("crisis.commitment_threshold"),
		coordination:    p.Get("crisis.coordination_threshold"),
		pEscalation:     p.Get("crisis.escalation_probability"),
		entrapment:      p.Get("crisis.entrapment"),
		usReliability:   p.Get("us.reliability"),
		shockSize:       p.Get("us.shock_size"),
		retrenchment:    p.Get("us.retrenchment_probability"),
		bystander:       p.Get("learning.bystander_weight"),
		beliefDecay:     p.Get("learning.belief_decay"),
		honourPrior:     p.Get("learning.peer_honour_prior"),
		honourStrong:    p.Get("learning.honour_strength"),
		jointGain:       p.Get("learning.joint_response_gain"),
		interopDecay:    p.Get("learning.interoperability_decay"),
		beliefStrength:  p.Get("population.belief_strength"),
		pop:             agents.NewPopulationParams(p),
	}
	// The adversary's capability is a parameter (Lowy API CN 72.7 by
	// default); a roster's adversary row documents it but the parameter wins,
	// so it can be swept.
	var priorSum float64
	for k, ct := range param.CrisisTypes {
		pre := "crisis." + ct + "."
		m.severity[k] = p.Get(pre + "severity")
		m.gain[k] = p.Get(pre + "gain")
		m.cost[k] = p.Get(pre + "cost")
		m.prior[k] = p.Get(pre + "prior_share")
		m.maxGain = max(m.maxGain, m.gain[k])
		m.logSeverity[k] = math.Log(m.severity[k])
		priorSum += m.prior[k]
	}
	m.logCapResolve = math.Log(m.capA * m.resolve)
	if priorSum <= 0 {
		return fmt.Errorf("crisis.<type>.prior_share: all zero; at least one must be positive")
	}
	// π is a distribution over types: normalise so ĉ_m stays a weighted mean.
	for k := range m.prior {
		m.prior[k] /= priorSum
	}
	n := len(r.States)
	if pr := sc.Probe; pr != nil {
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
	}
	seen := map[string]bool{}
	for _, a := range sc.Architectures {
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
			if d.Eligible == nil {
				for i := range mm.eligible {
					mm.eligible[i] = true
				}
			} else {
				for _, e := range d.Eligible {
					mm.eligible[r.Index(e)] = true
				}
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
