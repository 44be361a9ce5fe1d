package agents

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"pactsim/agents/param"
)

// TestBetaRandExact: betaRand is gonum's distuv.Beta.Rand bit for bit and
// leaves its source where gonum leaves it (a review, stop 55). The shapes
// cover every branch of gonum's gamma: an exponential at 1, Liu, Martin
// and Syring's method below 0.2 (0.01 is the least a Beta's shape can be
// here: a mean clamped to 0.01 at population.heterogeneity's lower bound
// 1), Marsaglia and Tsang's with the power of a uniform below 1 and
// without it above, at the edges 0.2 and 1 and next to them, and the
// roster's range (means 0.01-0.99 at concentrations 1-10000). Every shape
// pair is drawn from 200 seeds, and after each draw the two sources must
// give the same next word, so neither consumed a draw the other did not.
func TestBetaRandExact(t *testing.T) {
	shapes := []float64{
		0.01, 0.05, 0.1, 0.19, math.Nextafter(0.2, 0), 0.2, math.Nextafter(0.2, 1), 0.3,
		0.5, 0.99, math.Nextafter(1, 0), 1, math.Nextafter(1, 2), 1.5, 2, 3.7,
		9.8, 19.8, 20, 99, 5000, 9900,
	}
	for _, mean := range []float64{0.01, 0.07, 0.35, 0.5, 0.83, 0.99} {
		for _, conc := range []float64{1, 2.5, 10, 20, 40, 10000} {
			shapes = append(shapes, mean*conc)
		}
	}
	draws := 0
	for _, a := range shapes {
		for _, b := range shapes {
			for seed := uint64(0); seed < 200; seed++ {
				ref := rand.NewPCG(seed, uint64(math.Float64bits(a))^uint64(math.Float64bits(b)))
				own := *ref
				want := distuv.Beta{Alpha: a, Beta: b, Src: ref}.Rand()
				got := betaRand(a, b, rand.New(&own))
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("Beta(%v, %v) seed %d: %v (%#x), gonum %v (%#x)", a, b, seed,
						got, math.Float64bits(got), want, math.Float64bits(want))
				}
				if own.Uint64() != ref.Uint64() {
					t.Fatalf("Beta(%v, %v) seed %d: the sources differ after the draw", a, b, seed)
				}
				draws++
			}
		}
	}
	t.Logf("%d draws equal", draws)
}

// gonumPopulation is DrawPopulation and DrawDomains as they were written
// on gonum's samplers before the eighth pass (docs/model.md sec. 22.1):
// the reference TestDrawPopulationExact compares the two with.
func gonumPopulation(dst *Population, r *Roster, pp PopulationParams, src, src2 rand.Source) {
	n := len(r.States)
	dst.States = make([]State, n)
	dst.Patron = r.Patron
	dst.AdversaryCapability = r.AdversaryCapability
	rng := rand.New(src)
	beta := func(mean float64, src rand.Source) float64 {
		return distuv.Beta{Alpha: mean * pp.Heterogeneity, Beta: (1 - mean) * pp.Heterogeneity, Src: src}.Rand()
	}
	shift := pp.Shift
	shift[Belief] += pp.BeliefCoupling * (pp.USReliability - referenceReliability)
	for k := range r.States {
		spec := &r.States[k]
		var v [NumAttributes]float64
		for a := range v {
			v[a] = clamp(beta(clamp(spec.Attr[a]+shift[a], 0.01, 0.99), src), 1e-4, 1-1e-4)
		}
		rho := 0.3 + 0.4*rng.Float64()
		z := distuv.Normal{Mu: 0, Sigma: 1, Src: src}.Rand()
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
	draw := func(mean float64) float64 {
		if mean <= 0 {
			return 0
		}
		return clamp(beta(clamp(mean, 0.01, 0.99), src2), 1e-4, 1-1e-4)
	}
	for k := range r.States {
		spec, d := &r.States[k].Domains, &dst.States[k].Domains
		d.Presence = draw(spec.Presence)
		for x := range d.Dispute {
			d.Dispute[x] = draw(spec.Dispute[x])
		}
	}
}

// TestDrawPopulationExact: DrawPopulation and DrawDomains draw the
// populations that gonum's samplers drew, every field bit for bit, on
// the built-in and a synthetic roster, at concentrations from
// population.heterogeneity's lower bound to its upper and with shifted
// means (a review, stop 55).
func TestDrawPopulationExact(t *testing.T) {
	base, err := LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	synth, err := SyntheticRoster(param.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Roster{base, synth} {
		for _, conc := range []float64{1, 3, 20, 40, 10000} {
			for _, shift := range []float64{0, -0.3, 0.4} {
				p := param.Defaults()
				pp := NewPopulationParams(p)
				pp.Heterogeneity = conc
				pp.Shift[Belief], pp.Shift[Threat] = shift, -shift
				var got Population
				for seed := uint64(0); seed < 100; seed++ {
					var want Population
					gonumPopulation(&want, r, pp, rand.NewPCG(seed, 1), rand.NewPCG(seed, 2))
					DrawPopulation(&got, r, pp, rand.NewPCG(seed, 1))
					DrawDomains(&got, r, pp, rand.NewPCG(seed, 2))
					for k := range want.States {
						w, g := want.States[k], got.States[k]
						for _, f := range [][2]float64{
							{w.Capability, g.Capability}, {w.Belief, g.Belief}, {w.Autonomy, g.Autonomy},
							{w.Threat, g.Threat}, {w.Exposure, g.Exposure}, {w.Legal, g.Legal},
							{w.Interop, g.Interop}, {w.RiskTolerance, g.RiskTolerance}, {w.Salience, g.Salience},
							{w.Domains.Presence, g.Domains.Presence}, {w.Domains.Dispute[0], g.Domains.Dispute[0]},
							{w.Domains.Dispute[1], g.Domains.Dispute[1]}, {w.Domains.Dispute[2], g.Domains.Dispute[2]},
						} {
							if math.Float64bits(f[0]) != math.Float64bits(f[1]) {
								t.Fatalf("%s κ=%v shift %v seed %d state %s: %v, gonum's %v", r.Name, conc, shift, seed, w.Name, f[1], f[0])
							}
						}
					}
				}
			}
		}
	}
}
