package agents

import (
	"fmt"
	"math"
	"math/rand/v2"

	"pactsim/agents/param"
)

// State is one drawn state of a replicate's population (docs/model.md
// sec. 3.1).
type State struct {
	Name          string
	Role          Role
	Capability    float64 // K_i
	Belief        float64 // mean of the initial US-reliability belief
	Autonomy      float64 // a_i
	Threat        float64 // θ_i
	Exposure      float64 // e_i
	Legal         float64 // d_i
	Interop       float64 // ι_i at the start
	RiskTolerance float64 // ρ_i
	Salience      float64 // V_i: 1, the patron 0 (it is not a target)
	// Domains holds the roster's model 2.0 columns; Presence and Dispute
	// are this replicate's draws (DrawDomains, docs/model.md sec. 3.3).
	Domains DomainSpec
}

// Population is one replicate's states.
type Population struct {
	States              []State
	Patron              int
	AdversaryCapability float64
}

// PopulationParams are the parameters of population sampling.
type PopulationParams struct {
	Heterogeneity   float64 // Beta concentration around the roster means
	CapabilityNoise float64 // sd of the log-normal capability factor
	BeliefCoupling  float64 // belief mean shift per unit of (us.reliability − 0.7)
	USReliability   float64
	Shift           [NumAttributes]float64 // mean shifts (belief, autonomy, threat, exposure; 0 for the rest)
}

// NewPopulationParams reads the population parameters from p.
func NewPopulationParams(p param.Values) PopulationParams {
	pp := PopulationParams{
		Heterogeneity:   p.Get("population.heterogeneity"),
		CapabilityNoise: p.Get("population.capability_noise"),
		BeliefCoupling:  p.Get("population.belief_coupling"),
		USReliability:   p.Get("us.reliability"),
	}
	pp.Shift[Belief] = p.Get("population.reliability_shift")
	pp.Shift[Autonomy] = p.Get("population.autonomy_shift")
	pp.Shift[Threat] = p.Get("population.threat_shift")
	pp.Shift[Exposure] = p.Get("population.exposure_shift")
	return pp
}

// referenceReliability is the US reliability at which roster beliefs are
// taken as surveyed (the default of us.reliability, docs/model.md sec. 3.2).
const referenceReliability = 0.7

// clamp is max(lo, min(hi, x)) by comparisons, without min and max's
// NaN and signed-zero cases: for bounds that are neither zero nor NaN it
// gives the same value for every x, NaN and ±0 included (TestClamp), and
// every bound in this package is such.
func clamp(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// DrawPopulation draws a replicate's population from roster r into dst,
// reusing dst's memory. Every [0,1] attribute but risk tolerance is drawn from
// a Beta with the (shifted, clamped) roster value as mean and concentration
// Heterogeneity; risk tolerance from U(0.3, 0.7); capability times exp(σz).
// Draws are consumed in a fixed order (state by state, attributes in order,
// then risk tolerance, then capability) so a population depends only on src.
func DrawPopulation(dst *Population, r *Roster, pp PopulationParams, src rand.Source) {
	n := len(r.States)
	if cap(dst.States) < n {
		dst.States = make([]State, n)
	}
	dst.States = dst.States[:n]
	dst.Patron = r.Patron
	dst.AdversaryCapability = r.AdversaryCapability
	rng := rand.New(src)
	shift := pp.Shift
	shift[Belief] += pp.BeliefCoupling * (pp.USReliability - referenceReliability)
	for k := range r.States {
		spec := &r.States[k]
		var v [NumAttributes]float64
		for a := range v {
			mean := clamp(spec.Attr[a]+shift[a], 0.01, 0.99)
			v[a] = clamp(betaDraw(mean, pp.Heterogeneity, rng), 1e-4, 1-1e-4)
		}
		rho := 0.3 + 0.4*rng.Float64()
		// distuv.Normal{Mu: 0, Sigma: 1}'s arithmetic, rnd()*Sigma + Mu,
		// on the same draw (the +0 turns a −0 into +0, as it does there).
		z := rng.NormFloat64()*1 + 0
		sal := 1.0
		if k == r.Patron {
			sal = 0
		}
		dst.States[k] = State{
			Name: spec.Name, Role: spec.Role,
			Capability: spec.Capability * Exp(pp.CapabilityNoise*z),
			Belief:     v[Belief], Autonomy: v[Autonomy], Threat: v[Threat],
			Exposure: v[Exposure], Legal: v[Legal], Interop: v[Interop],
			RiskTolerance: rho, Salience: sal, Domains: spec.Domains,
		}
	}
}

// DrawDomains draws the model 2.0 columns of a population that
// DrawPopulation has filled from roster r (docs/model.md secs. 3.3 and
// 11): presence and the three dispute saliences from a Beta with the roster
// value as mean and concentration Heterogeneity, state by state in roster
// order, columns in that order. A roster value of 0 is not drawn and
// consumes no draw: no dispute stays no dispute. src is a stream of its own,
// so 1.1's population draws are untouched.
func DrawDomains(dst *Population, r *Roster, pp PopulationParams, src rand.Source) {
	rng := rand.New(src)
	draw := func(mean float64) float64 {
		if mean <= 0 {
			return 0
		}
		return clamp(betaDraw(clamp(mean, 0.01, 0.99), pp.Heterogeneity, rng), 1e-4, 1-1e-4)
	}
	for k := range r.States {
		spec, d := &r.States[k].Domains, &dst.States[k].Domains
		d.Presence = draw(spec.Presence)
		for x := range d.Dispute {
			d.Dispute[x] = draw(spec.Dispute[x])
		}
	}
}

// betaDraw is a draw from the Beta of the given mean and concentration.
func betaDraw(mean, conc float64, rng *rand.Rand) float64 {
	return betaRand(mean*conc, (1-mean)*conc, rng)
}

// betaRand is distuv.Beta{Alpha: a, Beta: b, Src: src}.Rand() of gonum
// v0.17.0 for rng = rand.New(src), bit for bit and consuming the same
// draws of src (TestBetaRandExact): two gammas of rate 1, ga/(ga + gb).
// gonum's Gamma.Rand wraps its source in a new rand.Rand and takes three
// method values on every call, about half of a draw's cost; a v2
// rand.Rand holds nothing but its source, so one shared Rand draws the
// same numbers (docs/model.md sec. 22.1, eighth pass). The methods are
// Marsaglia and Tsang (2000, ACM Trans. Math. Softw. 26(3):363–372) and
// Liu, Martin and Syring (2017, Stat. Comput. 27:1137–1148); the order of
// operations is gonum's (BSD-3-Clause, the Gonum Authors), followed so
// that every draw is the one gonum's sampler gives.
func betaRand(a, b float64, rng *rand.Rand) float64 {
	ga := gammaRand(a, rng)
	gb := gammaRand(b, rng)
	return ga / (ga + gb)
}

// gammaRand is distuv.Gamma{Alpha: a, Beta: 1, Src: src}.Rand() of gonum
// v0.17.0 for rng = rand.New(src), operation for operation: an exponential
// at a = 1; Liu, Martin and Syring's method below 0.2; Marsaglia and
// Tsang's at and above it. gonum divides every result by the rate, 1
// here, which leaves every float64 as it is, so no division is written.
// It panics where gonum's does: at a ≤ 0 or NaN (an alpha of a Beta
// here is at least 0.01 times population.heterogeneity's lower bound).
func gammaRand(a float64, rng *rand.Rand) float64 {
	// Shapes above 1, most of the roster's, skip gonum's first three
	// tests, none of which can hold for them: the same branch is taken.
	if !(a > 1) {
		switch {
		case a <= 0:
			panic("gamma: alpha <= 0")
		case a == 1:
			return rng.ExpFloat64()
		case a < 0.2:
			return gammaSmall(a, rng)
		case !(a >= 0.2): // NaN, as gonum's switch falls through
			panic("unreachable")
		}
	}
	d := a - 1.0/3
	m := 1.0
	if a < 1 {
		d += 1.0
		m = math.Pow(rng.Float64(), 1/a)
	}
	c := 1 / (3 * math.Sqrt(d))
	for {
		x := rng.NormFloat64()
		v := 1 + x*c
		if v <= 0.0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if u < 1.0-0.0331*(x*x)*(x*x) {
			return m * d * v
		}
		if math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return m * d * v
		}
	}
}

// gammaSmall is gammaRand below a shape of 0.2: gonum's Liu, Martin and
// Syring branch, operation for operation.
func gammaSmall(a float64, rng *rand.Rand) float64 {
	lambda := 1/a - 1
	lr := -math.Log1p(1 / lambda / math.E)
	for {
		e := rng.ExpFloat64()
		var z float64
		if e >= -lr {
			z = e + lr
		} else {
			z = -rng.ExpFloat64() / lambda
		}
		eza := math.Exp(-z / a)
		lh := -z - eza
		var lEta float64
		if z >= 0 {
			lEta = -z
		} else {
			lEta = -1 + lambda*z
		}
		if lh-lEta > -rng.ExpFloat64() {
			return eza
		}
	}
}

// SyntheticRoster builds the roster of synthetic mode: population.size
// states, one patron and the rest split by population.share_core and
// population.share_partner (hedgers take the remainder), each role with the
// mean attributes of that role in the built-in roster. States are named by
// role (US, C1.., P1.., H1..); presets then work by role.
func SyntheticRoster(p param.Values) (*Roster, error) {
	base, err := LoadRoster("indo-pacific")
	if err != nil {
		return nil, err
	}
	size := p.Int("population.size")
	sc, sp := p.Get("population.share_core"), p.Get("population.share_partner")
	if sc+sp > 1 {
		return nil, fmt.Errorf("population.share_core + population.share_partner = %g exceeds 1 (allowed: shares that sum to at most 1; the rest are hedgers)", sc+sp)
	}
	var mean [NumRoles]StateSpec
	var count [NumRoles]float64
	for _, s := range base.States {
		m := &mean[s.Role]
		m.Capability += s.Capability
		for a := range m.Attr {
			m.Attr[a] += s.Attr[a]
		}
		m.Domains.add(&s.Domains, 1)
		count[s.Role]++
	}
	for r := range mean {
		mean[r].Capability /= count[r]
		for a := range mean[r].Attr {
			mean[r].Attr[a] /= count[r]
		}
		// The numeric 2.0 columns are role means too; flags stay false
		// and no synthetic state has a region (docs/model.md sec. 15).
		d := mean[r].Domains
		mean[r].Domains = DomainSpec{Region: NoRegion}
		mean[r].Domains.add(&d, 1/count[r])
	}
	nCore, nPartner, nHedger := SyntheticShape(size, sc, sp)
	out := &Roster{Name: "synthetic", Patron: 0, Adversary: base.Adversary, AdversaryCapability: base.AdversaryCapability}
	for k, name := range SyntheticNames(nCore, nPartner, nHedger) {
		role := Patron
		switch {
		case k == 0:
		case k <= nCore:
			role = Core
		case k <= nCore+nPartner:
			role = Partner
		default:
			role = Hedger
		}
		s := mean[role]
		s.Name, s.Role, s.Source = name, role, "synthetic: mean of role "+role.String()+" in roster indo-pacific"
		out.States = append(out.States, s)
	}
	return out, nil
}

// SyntheticShape is the number of core, partner and hedger states of a
// synthetic population of size states with shares sc and sp of the
// others (SyntheticRoster; sc + sp at most 1).
func SyntheticShape(size int, sc, sp float64) (core, partner, hedger int) {
	others := size - 1
	core = int(math.Round(sc * float64(others)))
	partner = int(math.Round(sp * float64(others)))
	if core+partner > others {
		partner = others - core
	}
	return core, partner, others - core - partner
}

// SyntheticNames is the names of the states of every synthetic population
// with at most core, partner and hedger states of each role, in the order
// of their rosters: the patron, then C1.., P1.. and H1.. (SyntheticRoster),
// so that each such roster's names come in this order.
func SyntheticNames(core, partner, hedger int) []string {
	names := make([]string, 0, 1+core+partner+hedger)
	names = append(names, SyntheticPatron)
	for _, r := range []struct {
		prefix string
		n      int
	}{{"C", core}, {"P", partner}, {"H", hedger}} {
		for k := 1; k <= r.n; k++ {
			names = append(names, fmt.Sprintf("%s%d", r.prefix, k))
		}
	}
	return names
}

// SyntheticPatron is the patron's name in a synthetic population
// (SyntheticRoster); the other states are C1.., P1.. and H1.. by role.
const SyntheticPatron = "US"
