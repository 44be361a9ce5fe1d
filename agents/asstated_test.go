package agents

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"pactsim/agents/param"
)

// moments accumulates a sample's first, second and fourth central moments.
type moments struct{ xs []float64 }

func (m *moments) add(x float64) { m.xs = append(m.xs, x) }

func (m *moments) stats() (mean, variance, seVar float64) {
	n := float64(len(m.xs))
	for _, x := range m.xs {
		mean += x
	}
	mean /= n
	var m2, m4 float64
	for _, x := range m.xs {
		d := (x - mean) * (x - mean)
		m2 += d
		m4 += d * d
	}
	m2 /= n
	m4 /= n
	return mean, m2, math.Sqrt(math.Max(m4-m2*m2, 0) / n)
}

// TestPopulationAsStated draws many populations at fixed seeds and checks
// every attribute against docs/model.md secs. 3.1–3.3: each [0,1] attribute
// is Beta with mean clamp(roster + shift, .01, .99) and variance
// m(1 − m)/(κ + 1), the draw in [1e-4, 1 − 1e-4]; the belief shift is
// reliability_shift + coupling·(us.reliability − 0.7); legal and interop are
// never shifted; ρ ~ U(.3, .7); log(K/K_roster) ~ N(0, σ_K²); V = 0 for the
// patron, 1 otherwise; the draws come state by state in the stated order;
// the 2.0 columns (presence, disputes) are Beta around the roster value, a 0
// stays 0 and consumes no draw, and the measured columns are copied.
// Tolerances: means within 5 standard errors, variances within 5 standard
// errors of the sample variance (from the sample's fourth moment).
func TestPopulationAsStated(t *testing.T) {
	const reps = 6000
	const kappa, sigmaK = 8.0, 0.25
	p := param.Defaults()
	for k, v := range map[string]float64{
		"population.heterogeneity":     kappa,
		"population.capability_noise":  sigmaK,
		"population.reliability_shift": 0.05,
		"population.belief_coupling":   0.5,
		"us.reliability":               0.5,
		"population.autonomy_shift":    -0.2,
		"population.threat_shift":      0.1,
		"population.exposure_shift":    -0.1,
	} {
		if err := p.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	// The stated shifts: belief 0.05 + 0.5·(0.5 − 0.7) = −0.05.
	rs, bc, ur := 0.05, 0.5, 0.5 // floats, not exact constants, as the code computes them
	shift := [NumAttributes]float64{Belief: rs + bc*(ur-0.7), Autonomy: -0.2, Threat: 0.1, Exposure: -0.1}
	r, err := LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	n := len(r.States)
	pp := NewPopulationParams(p)
	attr := make([][NumAttributes]moments, n)
	rho := make([]moments, n)
	logK := make([]moments, n)
	dom := make([][1 + NumDisputes]moments, n)
	var pop Population
	for k := 0; k < reps; k++ {
		DrawPopulation(&pop, r, pp, rand.NewPCG(48, uint64(k)))
		DrawDomains(&pop, r, pp, rand.NewPCG(4848, uint64(k)))
		for i, s := range pop.States {
			spec := &r.States[i]
			v := [NumAttributes]float64{s.Belief, s.Autonomy, s.Threat, s.Exposure, s.Legal, s.Interop}
			for a, x := range v {
				if !(x >= 1e-4 && x <= 1-1e-4) {
					t.Fatalf("%s attribute %d: %v outside [1e-4, 1-1e-4]", s.Name, a, x)
				}
				attr[i][a].add(x)
			}
			if !(s.RiskTolerance >= 0.3 && s.RiskTolerance < 0.7) {
				t.Fatalf("%s: ρ %v outside [0.3, 0.7)", s.Name, s.RiskTolerance)
			}
			rho[i].add(s.RiskTolerance)
			logK[i].add(math.Log(s.Capability / spec.Capability))
			want := 1.0
			if i == r.Patron {
				want = 0
			}
			if s.Salience != want || s.Name != spec.Name || s.Role != spec.Role {
				t.Fatalf("%s: salience %v role %v", s.Name, s.Salience, s.Role)
			}
			d, sd := s.Domains, spec.Domains
			x := []float64{d.Presence, d.Dispute[0], d.Dispute[1], d.Dispute[2]}
			mx := []float64{sd.Presence, sd.Dispute[0], sd.Dispute[1], sd.Dispute[2]}
			for c := range x {
				if mx[c] == 0 {
					if x[c] != 0 {
						t.Fatalf("%s column %d: roster 0 drew %v", s.Name, c, x[c])
					}
					continue
				}
				if !(x[c] >= 1e-4 && x[c] <= 1-1e-4) {
					t.Fatalf("%s column %d: %v outside [1e-4, 1-1e-4]", s.Name, c, x[c])
				}
				dom[i][c].add(x[c])
			}
			d.Presence, d.Dispute = sd.Presence, sd.Dispute
			if d != sd {
				t.Fatalf("%s: measured columns not copied: %+v vs %+v", s.Name, d, sd)
			}
		}
	}
	checkBeta := func(what string, m *moments, mean float64) {
		t.Helper()
		got, v, seV := m.stats()
		wantV := mean * (1 - mean) / (kappa + 1)
		if se := math.Sqrt(wantV / float64(len(m.xs))); math.Abs(got-mean) > 5*se {
			t.Errorf("%s: mean %.5f, stated %.5f (± %.5f)", what, got, mean, 5*se)
		}
		if math.Abs(v-wantV) > 5*seV {
			t.Errorf("%s: variance %.6f, stated m(1-m)/(κ+1) = %.6f (± %.6f)", what, v, wantV, 5*seV)
		}
	}
	for i, spec := range r.States {
		for a := range NumAttributes {
			checkBeta(spec.Name+" "+attributeColumns[a], &attr[i][a], clamp(spec.Attr[a]+shift[a], 0.01, 0.99))
		}
		mx := []float64{spec.Domains.Presence, spec.Domains.Dispute[0], spec.Domains.Dispute[1], spec.Domains.Dispute[2]}
		for c, m := range mx {
			if m > 0 {
				checkBeta(spec.Name+" "+domainColumns[4+c].name, &dom[i][c], clamp(m, 0.01, 0.99))
			}
		}
		// ρ ~ U(0.3, 0.7): mean 0.5, variance 0.4²/12.
		mu, v, seV := rho[i].stats()
		if math.Abs(mu-0.5) > 5*math.Sqrt(0.16/12/reps) || math.Abs(v-0.16/12) > 5*seV {
			t.Errorf("%s ρ: mean %v variance %v, stated U(0.3, 0.7)", spec.Name, mu, v)
		}
		// log capability factor ~ N(0, σ_K²).
		mu, v, seV = logK[i].stats()
		if math.Abs(mu) > 5*sigmaK/math.Sqrt(reps) || math.Abs(v-sigmaK*sigmaK) > 5*seV {
			t.Errorf("%s log K factor: mean %v variance %v, stated N(0, %v²)", spec.Name, mu, v, sigmaK)
		}
	}

	// The stated order of draws on one generator: state by state, the six
	// attributes (belief, autonomy, threat, exposure, legal, interop), then
	// ρ, then the capability factor; the 2.0 columns on their own stream,
	// presence, grey zone, economic, territorial, skipping zeros.
	src := rand.NewPCG(1, 2)
	DrawPopulation(&pop, r, pp, rand.NewPCG(1, 2))
	DrawDomains(&pop, r, pp, rand.NewPCG(3, 4))
	rng := rand.New(src)
	beta := func(m float64, s rand.Source) float64 {
		return clamp(distuv.Beta{Alpha: m * kappa, Beta: (1 - m) * kappa, Src: s}.Rand(), 1e-4, 1-1e-4)
	}
	for i, spec := range r.States {
		s := pop.States[i]
		got := [NumAttributes]float64{s.Belief, s.Autonomy, s.Threat, s.Exposure, s.Legal, s.Interop}
		for a := range NumAttributes {
			if w := beta(clamp(spec.Attr[a]+shift[a], 0.01, 0.99), src); got[a] != w {
				t.Fatalf("%s attribute %d: %v, replay %v", spec.Name, a, got[a], w)
			}
		}
		if w := 0.3 + 0.4*rng.Float64(); s.RiskTolerance != w {
			t.Fatalf("%s ρ: %v, replay %v", spec.Name, s.RiskTolerance, w)
		}
		z := distuv.Normal{Mu: 0, Sigma: 1, Src: src}.Rand()
		if w := spec.Capability * math.Exp(sigmaK*z); math.Abs(s.Capability-w) > 1e-12*w {
			t.Fatalf("%s K: %v, replay %v", spec.Name, s.Capability, w)
		}
	}
	src2 := rand.NewPCG(3, 4)
	for i, spec := range r.States {
		d := pop.States[i].Domains
		got := []float64{d.Presence, d.Dispute[0], d.Dispute[1], d.Dispute[2]}
		mx := []float64{spec.Domains.Presence, spec.Domains.Dispute[0], spec.Domains.Dispute[1], spec.Domains.Dispute[2]}
		for c, m := range mx {
			w := 0.0
			if m > 0 {
				w = beta(clamp(m, 0.01, 0.99), src2)
			}
			if got[c] != w {
				t.Fatalf("%s 2.0 column %d: %v, replay %v", spec.Name, c, got[c], w)
			}
		}
	}
}

// TestCapabilityAsStated checks docs/model.md sec. 4.4's formulas term by
// term at hand-computed states.
func TestCapabilityAsStated(t *testing.T) {
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %.15g, hand-computed %.15g", what, got, want)
		}
	}
	d := Domains{Strength: 0.7, AwarenessBase: 0.5, TradeSupport: 0.2, Adversary: 0.727}
	s := State{Capability: 0.4, Salience: 1}
	s.Domains.Presence, s.Domains.ExportChina, s.Domains.GDPRel = 0.3, 0.2, 0.1
	tm := CapabilityTerms{Spending: 1.1, Readiness: 0.9}
	// Awareness of a target in a mechanism of awareness 0.5:
	// A = 0.5 + 0.5·0.5 = 0.75; in none, a_0 = 0.5.
	aw := d.Awareness(0.5)
	near("A_j", aw, 0.75)
	near("A_j (no mechanism)", d.Awareness(0), 0.5)
	// Grey zone: [(1−.7)·.4·1.1 + .7·.727·.3·.75·1.1]·.9 = .1188 + .1133574...
	g := s.CapabilityFor(GreyZone, &d, tm)
	near("K_ig", g.Against(aw), (0.3*0.4*1.1+0.7*0.727*0.3*0.75*1.1)*0.9)
	near("K_ig free", g.Free, 0)
	// Blockade and armed attack: .4·1.1·.9 = .396, awareness plays no part.
	for _, k := range []CrisisType{Blockade, ArmedAttack} {
		c := s.CapabilityFor(k, &d, tm)
		near("K_ib/K_ia", c.Against(aw), 0.396)
		near("K_ib/K_ia at A=0", c.Against(0), 0.396)
		near("K_ib/K_ia free", c.Free, 0)
	}
	// Economic, a partner: K = .3·.4·1.1·.9 = .1188; F = .7·.727·.2·.1·.9
	// (no spending factor).
	e := s.CapabilityFor(EconomicCoercion, &d, tm)
	near("K_le", e.Against(aw), 0.1188)
	near("F_le", e.Free, 0.7*0.727*0.2*0.1*0.9)
	// Economic, the target: the same K, F = .7·.727·(1 − .2)·.9.
	tm.Target = true
	e = s.CapabilityFor(EconomicCoercion, &d, tm)
	near("K_je", e.Against(aw), 0.1188)
	near("F_je", e.Free, 0.7*0.727*0.8*0.9)
	// ω_D = 0, m = ϑ = 1: every domain gives K_i (1.1).
	d0 := Domains{Strength: 0, AwarenessBase: 0.5, TradeSupport: 0.2, Adversary: 0.727}
	for k := range NumCrisisTypes {
		c := s.CapabilityFor(k, &d0, CapabilityTerms{Spending: 1, Readiness: 1, Target: k == EconomicCoercion})
		near("ω_D=0 "+k.String(), c.Against(0.3)+c.Free, 0.4)
	}
	// Friction: Σ w·K·(1 − φ·(1 − ῑ_w)) + Σ w·F, ῑ_w the w-weighted mean
	// interoperability: (.4 + .5·.2)·(1 − .3·(1 − (.8 + .5·.4)/1.5)) + .5·.1.
	var co Coalition
	co.Add(1, 0.4, 0.8)
	co.Add(0.5, 0.2, 0.4)
	co.AddFree(0.5, 0.1)
	near("coalition strength", co.Strength(0.3), 0.5*0.9+0.05)
	// Salience: (1 − ω)·V + ω·V·d (+ retribution term, here ω_R·v·x = .5·.6·.2).
	near("V_jk", d.Salience(1, 0.4, 0), 0.3+0.7*0.4)
	near("V_je", d.Salience(1, 0.4, 0.5*0.6*0.2), 0.3+0.7*0.4+0.06)
	near("V_patron", d.Salience(0, 0.4, 0.06), 0)
}

// TestSyntheticRoleMeansAsStated: every synthetic state of a role takes the
// mean capability, attributes and numeric 2.0 columns of that role in the
// built-in CSV (docs/model.md secs. 3.2, 3.3), computed here from the CSV
// text itself; flags false, no region.
func TestSyntheticRoleMeansAsStated(t *testing.T) {
	data, err := rosterFiles.ReadFile("data/indo-pacific.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for k, h := range recs[0] {
		col[h] = k
	}
	numeric := []string{"capability", "belief", "autonomy", "threat", "exposure", "legal", "interop",
		"defence_gdp", "export_china", "exports_gdp", "gdp_rel", "presence", "dispute_grey_zone", "dispute_economic", "dispute_territorial"}
	sum := map[string]map[string]float64{}
	cnt := map[string]float64{}
	for _, rec := range recs[1:] {
		role := rec[col["role"]]
		if role == "adversary" {
			continue
		}
		if sum[role] == nil {
			sum[role] = map[string]float64{}
		}
		cnt[role]++
		for _, c := range numeric {
			x, err := strconv.ParseFloat(rec[col[c]], 64)
			if err != nil {
				t.Fatal(err)
			}
			sum[role][c] += x
		}
	}
	p := param.Defaults()
	if err := p.Set("population.size", 40); err != nil {
		t.Fatal(err)
	}
	r, err := SyntheticRoster(p)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[Role]bool{}
	for _, s := range r.States {
		seen[s.Role] = true
		d := s.Domains
		got := map[string]float64{"capability": s.Capability,
			"defence_gdp": d.DefenceGDP, "export_china": d.ExportChina, "exports_gdp": d.ExportsGDP, "gdp_rel": d.GDPRel,
			"presence": d.Presence, "dispute_grey_zone": d.Dispute[0], "dispute_economic": d.Dispute[1], "dispute_territorial": d.Dispute[2]}
		for a, c := range attributeColumns {
			got[c] = s.Attr[a]
		}
		role := s.Role.String()
		for _, c := range numeric {
			if want := sum[role][c] / cnt[role]; math.Abs(got[c]-want) > 1e-12 {
				t.Errorf("%s (%s) %s = %v, CSV role mean %v", s.Name, role, c, got[c], want)
			}
		}
		if d.AllianceBan || d.NonAligned || d.CSDLimit || d.Region != NoRegion {
			t.Errorf("%s: flags or region set: %+v", s.Name, d)
		}
	}
	if len(seen) != int(NumRoles) {
		t.Errorf("roles %v", seen)
	}
}
