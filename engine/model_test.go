package engine

import (
	"math"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

func scenario(t *testing.T, p param.Values, r *agents.Roster, names ...string) *Scenario {
	t.Helper()
	return presetScenario(t, p, r, nil, names...)
}

// presetScenario builds a scenario of preset architectures, with an optional
// probe.
func presetScenario(t testing.TB, p param.Values, r *agents.Roster, probe *Probe, names ...string) *Scenario {
	t.Helper()
	var archs []agents.Architecture
	for _, n := range names {
		a, err := agents.Preset(n, p, r)
		if err != nil {
			t.Fatal(err)
		}
		archs = append(archs, a)
	}
	sc, err := NewProbeScenario(p, r, archs, probe)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func roster(t *testing.T, csv string) *agents.Roster {
	t.Helper()
	if csv == "" {
		r, err := agents.LoadRoster("indo-pacific")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r, err := agents.ParseRoster("test.csv", strings.NewReader("state,role,capability,belief,autonomy,threat,exposure,legal,interop,source\n"+csv))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Same inputs and seed give bit-identical outcomes, and a Runner's reused
// scratch carries nothing from one run to the next.
func TestDeterminismAndScratchReuse(t *testing.T) {
	sc := scenario(t, param.Defaults(), roster(t, ""), allArchs...)
	shared := NewRunner()
	for seed := int64(0); seed < 40; seed++ {
		a := make([]Outcome, 4)
		b := make([]Outcome, 4)
		shared.Run(sc, seed, a, nil)
		NewRunner().Run(sc, seed, b, nil)
		for k := range a {
			if a[k] != b[k] {
				t.Fatalf("seed %d arch %d: reused runner %+v, fresh %+v", seed, k, a[k], b[k])
			}
		}
	}
	// Different seeds give different runs.
	a, b := make([]Outcome, 4), make([]Outcome, 4)
	shared.Run(sc, 1, a, nil)
	shared.Run(sc, 2, b, nil)
	if a[3] == b[3] {
		t.Error("seeds 1 and 2 gave identical layered runs")
	}
}

type stateLog struct{ states map[int][]StateRecord }

func (l *stateLog) RecordPeriod(int, *PeriodRecord) {}
func (l *stateLog) RecordState(a int, r *StateRecord) {
	if l.states == nil {
		l.states = map[int][]StateRecord{}
	}
	l.states[a] = append(l.states[a], *r)
}

// Common random numbers: every architecture of a task sees the same
// population, and an architecture's outcome does not depend on which other
// architectures run beside it or in which order.
func TestCommonRandomNumbers(t *testing.T) {
	p := param.Defaults()
	r := roster(t, "")
	all := scenario(t, p, r, allArchs...)
	alone := scenario(t, p, r, "layered")
	reordered := scenario(t, p, r, "layered", "treaty", "none")
	run := NewRunner()
	for seed := int64(0); seed < 30; seed++ {
		var log stateLog
		o4 := make([]Outcome, 4)
		run.Run(all, seed, o4, &log)
		for a := 1; a < 4; a++ {
			for i, s := range log.states[a] {
				z := log.states[0][i]
				if s.Capability != z.Capability || s.Belief0 != z.Belief0 || s.Autonomy != z.Autonomy || s.RiskTolerance != z.RiskTolerance {
					t.Fatalf("seed %d: state %s differs between architectures 0 and %d", seed, s.Name, a)
				}
			}
		}
		o1 := make([]Outcome, 1)
		run.Run(alone, seed, o1, nil)
		o3 := make([]Outcome, 3)
		run.Run(reordered, seed, o3, nil)
		if o1[0] != o4[3] || o3[0] != o4[3] || o3[1] != o4[2] || o3[2] != o4[0] {
			t.Fatalf("seed %d: an architecture's outcome depends on the others run beside it", seed)
		}
	}
}

// Every outcome stays in its range across random parameter sets drawn from
// the registry's plausible ranges (a property test over the whole model).
func TestOutcomeRangesProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	r := roster(t, "")
	run := NewRunner()
	for trial := 0; trial < 60; trial++ {
		p := param.Defaults()
		for _, s := range param.All() {
			if s.Inherits != "" || s.Name == "periods" || s.Name == "population.size" || strings.HasPrefix(s.Name, "population.share_") {
				continue
			}
			x := s.Lo + rng.Float64()*(s.Hi-s.Lo)
			switch s.Kind {
			case param.Int:
				x = math.Round(x)
			case param.Bool:
				x = float64(rng.IntN(2))
			}
			if err := p.Set(s.Name, x); err != nil {
				t.Fatal(err)
			}
		}
		sc := scenario(t, p, r, allArchs...)
		out := make([]Outcome, 4)
		for rep := 0; rep < 5; rep++ {
			run.Run(sc, int64(trial*100+rep), out, nil)
			for a, o := range out {
				checkRanges(t, allArchs[a], &o, p.Int("periods"), len(r.States))
			}
		}
	}
}

func checkRanges(t *testing.T, arch string, o *Outcome, periods, n int) {
	t.Helper()
	for k := OutcomeID(0); k < NumOutcomes; k++ {
		v, ok := o.Get(k)
		spec := Outcomes[k]
		if !ok {
			if !spec.Nullable {
				t.Fatalf("%s: %s undefined but not nullable", arch, spec.Name)
			}
			continue
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s: %s = %v", arch, spec.Name, v)
		}
		switch spec.Range {
		case "[0, 1]", "true/false":
			if v < 0 || v > 1 {
				t.Fatalf("%s: %s = %v outside [0, 1]", arch, spec.Name, v)
			}
		case "[-1, 1]":
			if v < -1 || v > 1 {
				t.Fatalf("%s: %s = %v outside [-1, 1]", arch, spec.Name, v)
			}
		case ">= 0":
			if v < 0 || (spec.Kind == Count && v != math.Trunc(v)) {
				t.Fatalf("%s: %s = %v not a non-negative %v", arch, spec.Name, v, spec.Kind)
			}
		}
	}
	c, _ := o.Get(Challenges)
	var sum, failures, faByType float64
	for k := range nk {
		sum += o.Value[ChallengesGreyZone+OutcomeID(k)]
		failures += o.Value[FailuresGreyZone+OutcomeID(k)]
		faByType += o.Value[FaitAccompliGreyZone+OutcomeID(k)]
		if o.Value[FaitAccompliGreyZone+OutcomeID(k)] > o.Value[FailuresGreyZone+OutcomeID(k)] ||
			o.Value[DeterrenceGreyZone+OutcomeID(k)] < o.Value[DeterrenceSuccess]-1e-12 && o.Value[FaitAccompliGreyZone+OutcomeID(k)] == o.Value[FailuresGreyZone+OutcomeID(k)] {
			t.Fatalf("%s: domain %d: faits accomplis above failures, or domain deterrence below the headline: %+v", arch, k, o.Value)
		}
	}
	rep, _ := o.Get(Repelled)
	fa, _ := o.Get(FaitAccompli)
	wars, _ := o.Get(Wars)
	members, _ := o.Get(MembersEnd)
	// Every challenge is repelled or fails; a war is repelled and a
	// failure; a fait accompli is a failure that changed control; two
	// channels allow two challenges per target and period.
	if sum != c || rep+failures-wars != c || fa != faByType || fa > failures || wars > rep || members > float64(n) || c > float64(2*periods*(n-1)) {
		t.Fatalf("%s: inconsistent counts: %+v", arch, o.Value)
	}
	if loss := o.Value[SeverityLoss]; loss < failures-1e-9 || loss > 100*failures+1e-9 {
		t.Fatalf("%s: severity loss %v outside [failures, 100·failures] = [%v, %v]", arch, loss, failures, 100*failures)
	}
	if _, ok := o.Get(HonourRate); ok && c == 0 {
		t.Fatalf("%s: honour rate without a crisis", arch)
	}
}

// No crisis at all: with a prohibitive threshold the adversary never
// challenges; rates over crises are null and deterrence is perfect.
func TestNoCrisis(t *testing.T) {
	p := param.Defaults()
	if err := p.Set("adversary.threshold", 10); err != nil {
		t.Fatal(err)
	}
	sc := scenario(t, p, roster(t, ""), allArchs...)
	out := make([]Outcome, 4)
	NewRunner().Run(sc, 3, out, nil)
	for a, o := range out {
		for _, k := range []OutcomeID{CoordinatedShare, HonourRate, Participation, FalseSecurityGap} {
			if _, ok := o.Get(k); ok {
				t.Errorf("%s: %s defined without a crisis", allArchs[a], Outcomes[k].Name)
			}
		}
		if o.Value[DeterrenceSuccess] != 1 || o.Value[GeneralDeterrence] != 1 || o.Value[Challenges] != 0 {
			t.Errorf("%s: %+v", allArchs[a], o.Value)
		}
		if _, ok := o.Get(TreatyFormed); ok != (allArchs[a] == "treaty") {
			t.Errorf("%s: treaty_formed defined = %v", allArchs[a], ok)
		}
	}
}

// japanRefuses is a roster on which Japan, a treaty founder, has autonomy
// 1 and no threat, so it never joins the treaty and the attempt fails.
const japanRefuses = `US,patron,0.817,0.9,0.1,0.7,0.3,0.1,0.9,x
JP,core,0.389,0.6,1,0,0.5,0.7,0.7,x
AU,core,0.319,0.63,0.2,0.69,0.7,0.15,0.7,x
PH,partner,0.147,0.864,0.272,0.83,0.5,0.2,0.5,x
KR,partner,0.31,0.6,0.35,0.6,0.6,0.3,0.5,x
VN,hedger,0.187,0.735,0.53,0.91,0.6,0.4,0.2,x
`

// setAll sets every parameter of kv in p.
func setAll(t *testing.T, p param.Values, kv map[string]float64) {
	t.Helper()
	for k, v := range kv {
		if err := p.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
}

// A founder that refuses: Japan, with an autonomy preference of 1 and no
// threat, never joins, so the treaty never forms; with no taste noise the
// treaty architecture then behaves exactly like hub_and_spokes.
func TestFounderRefuses(t *testing.T) {
	r := roster(t, japanRefuses)
	p := param.Defaults()
	// No cost of failing and no retry (docs/model.md sec. 5.4): a treaty
	// that never forms is then no mechanism at all.
	setAll(t, p, map[string]float64{"accession.taste_scale": 0, "population.heterogeneity": 10000, "treaty.failure_cost": 0, "treaty.retry_period": 0})
	sc := scenario(t, p, r, "hub_and_spokes", "treaty")
	out := make([]Outcome, 2)
	run := NewRunner()
	for seed := int64(0); seed < 50; seed++ {
		run.Run(sc, seed, out, nil)
		if f, ok := out[1].Get(TreatyFormed); !ok || f != 0 {
			t.Fatalf("seed %d: treaty formed without Japan", seed)
		}
		a, b := out[0], out[1]
		b.Valid[TreatyFormed], b.Value[TreatyFormed] = false, 0
		if a != b {
			t.Fatalf("seed %d: dead treaty differs from hub_and_spokes:\n%+v\n%+v", seed, a.Value, b.Value)
		}
	}
	// With the default failure cost, each failed attempt (t = 0 and the
	// retries) lowers A's threshold for formation_window periods: tension
	// is higher than under hub_and_spokes in every run, and by exactly
	// λ_formation·W_f/T per attempt (docs/model.md sec. 5.4): attempts at
	// 0, 16 and 32, windows of 8 periods within the 40.
	if err := p.Set("treaty.failure_cost", 1); err != nil {
		t.Fatal(err)
	}
	if err := p.Set("treaty.retry_period", 16); err != nil {
		t.Fatal(err)
	}
	sc = scenario(t, p, r, "hub_and_spokes", "treaty")
	run.Run(sc, 3, out, nil)
	if d, want := out[1].Value[Tension]-out[0].Value[Tension], 3*0.03*8/40.0; math.Abs(d-want) > 1e-12 {
		t.Errorf("tension from three failed attempts %v, want %v", d, want)
	}
	// Bound founders form it anyway.
	if err := p.Set("mechanisms.treaty.founders_bound", 1); err != nil {
		t.Fatal(err)
	}
	sc = scenario(t, p, r, "treaty")
	run.Run(sc, 1, out[:1], nil)
	if f, _ := out[0].Get(TreatyFormed); f != 1 {
		t.Error("founders_bound: the treaty should form")
	}
}

// TestFailureCostFallsOnFounder: a failed treaty attempt costs the patron
// credibility only if the patron founds the treaty (docs/model.md sec.
// 5.4). On the roster where Japan refuses (TestFounderRefuses), the
// preset treaty, founded by the US, fails at t = 0 and A's credibility
// belief about the US gains treaty.failure_cost failures; the same treaty
// founded by Japan, Australia and the Philippines alone fails too, and
// raises tension as much, but leaves A's reading of the US where it was.
// Run with Stop set returns after the set-up at t = 0, so r.sim holds the
// state after the first review and its failure cost.
func TestFailureCostFallsOnFounder(t *testing.T) {
	r := roster(t, japanRefuses)
	p := param.Defaults()
	setAll(t, p, map[string]float64{"accession.taste_scale": 0, "population.heterogeneity": 10000, "treaty.failure_cost": 1.5})
	usPact, err := agents.Preset("treaty", p, r)
	if err != nil {
		t.Fatal(err)
	}
	regional, err := agents.Preset("hub_and_spokes", p, r)
	if err != nil {
		t.Fatal(err)
	}
	pact := agents.FromPreset("treaty", "treaty", p)
	pact.Founders, pact.Treaty = []string{"JP", "AU", "PH"}, true
	regional.Name, regional.Mechanisms = "regional", append(regional.Mechanisms, pact)
	for _, c := range []struct {
		a    agents.Architecture
		want float64 // failures A adds to its belief about the patron
	}{{usPact, 1.5}, {regional, 0}} {
		sc, err := NewScenario(p, r, []agents.Architecture{c.a})
		if err != nil {
			t.Fatal(err)
		}
		run := NewRunner()
		run.Stop = new(atomic.Bool)
		run.Stop.Store(true)
		for seed := int64(0); seed < 5; seed++ {
			run.Run(sc, seed, make([]Outcome, 1), nil)
			s := &run.sim
			if s.failedAt != 0 {
				t.Fatalf("%s seed %d: the attempt at t = 0 did not fail (failed at %d)", c.a.Name, seed, s.failedAt)
			}
			if !(s.challengeThreshold(1) < s.challengeThreshold(s.m.formationWindow+1)) {
				t.Errorf("%s seed %d: the failed attempt raised no tension", c.a.Name, seed)
			}
			p := s.pop.Patron
			if got := s.cred[p].B - s.cred0[p].B; math.Abs(got-c.want) > 1e-12 { // B is a sum: the prior's rounding
				t.Errorf("%s seed %d: A's belief about the patron gained %v failures, want %v", c.a.Name, seed, got, c.want)
			}
		}
	}
}

// A state with autonomy 1 and little threat stays out of the fully visible
// treaty but joins a nearly invisible cell that builds capacity.
func TestAutonomyOne(t *testing.T) {
	r := roster(t, `US,patron,0.817,0.9,0.1,0.7,0.3,0.1,0.9,x
JP,core,0.389,0.6,0.2,0.8,0.5,0.7,0.7,x
AU,core,0.319,0.63,0.2,0.69,0.7,0.15,0.7,x
PH,partner,0.147,0.864,0.272,0.83,0.5,0.2,0.5,x
ID,hedger,0.223,0.5,1,0.3,0.2,0.1,0.2,x
`)
	p := param.Defaults()
	setAll(t, p, map[string]float64{"accession.taste_scale": 0, "population.heterogeneity": 10000, "mechanisms.treaty.founders_bound": 1})
	treaty, _ := agents.Preset("treaty", p, r)
	cell := agents.FromPreset("fusion", "intelligence_fusion", p)
	cell.Founders = []string{"US"}
	cell.Values[param.MinMembers][0] = 2
	cell.Values[param.Visibility][0] = 0
	sc, err := NewScenario(p, r, []agents.Architecture{treaty, {Name: "cell", Mechanisms: []agents.MechanismDef{cell}}})
	if err != nil {
		t.Fatal(err)
	}
	var log stateLog
	out := make([]Outcome, 2)
	NewRunner().Run(sc, 5, out, &log)
	if b := out[0].Value[BuyIn]; b != 0 {
		t.Errorf("hedger with autonomy 1 joined the treaty (buy-in %v)", b)
	}
	if b := out[1].Value[BuyIn]; b != 1 {
		t.Errorf("hedger with autonomy 1 stayed out of an invisible cell (buy-in %v)", b)
	}
	if id := log.states[0][4]; id.Name != "ID" || id.Mechanisms != 0 {
		t.Errorf("ID's mechanisms under the treaty: %+v", id)
	}
}

// A population of two: the patron and one ally. Every rule still applies;
// with no hedger, buy-in is null.
func TestPopulationOfTwo(t *testing.T) {
	r := roster(t, "US,patron,0.817,0.9,0.1,0.7,0.3,0.1,0.9,x\nJP,core,0.389,0.6,0.2,0.8,0.5,0.7,0.7,x\n")
	sc := scenario(t, param.Defaults(), r, allArchs...)
	out := make([]Outcome, 4)
	run := NewRunner()
	for seed := int64(0); seed < 20; seed++ {
		run.Run(sc, seed, out, nil)
		for a := range out {
			checkRanges(t, allArchs[a], &out[a], 40, 2)
			if _, ok := out[a].Get(BuyIn); ok {
				t.Fatalf("%s: buy-in defined without hedgers", allArchs[a])
			}
		}
	}
	// The treaty needs 4 members: with two states it can never form.
	if f := out[2].Value[TreatyFormed]; f != 0 {
		t.Error("a treaty of min_members 4 formed with two states")
	}
	if m := out[1].Value[MembersEnd]; m != 2 {
		t.Errorf("the US–JP bilateral should stand: members_end %v", m)
	}
}

// The recorder sees one record per period and per state and architecture,
// and its per-period counts add up to the run's outcomes.
func TestRecorder(t *testing.T) {
	sc := scenario(t, param.Defaults(), roster(t, ""), allArchs...)
	rec := &periodLog{}
	out := make([]Outcome, 4)
	NewRunner().Run(sc, 9, out, rec)
	for a := range allArchs {
		ps := rec.periods[a]
		if len(ps) != 40 {
			t.Fatalf("arch %d: %d period records", a, len(ps))
		}
		var ch, fa int
		for k, p := range ps {
			if p.Period != k+1 {
				t.Fatalf("period %d recorded as %d", k+1, p.Period)
			}
			ch += p.Challenges
			fa += p.FaitAccompli
		}
		if float64(ch) != out[a].Value[Challenges] || float64(fa) != out[a].Value[FaitAccompli] {
			t.Errorf("arch %d: periods sum to %d challenges, %d faits accomplis; outcome %v, %v", a, ch, fa, out[a].Value[Challenges], out[a].Value[FaitAccompli])
		}
		if rec.states[a] != 12 {
			t.Errorf("arch %d: %d state records", a, rec.states[a])
		}
	}
}

type periodLog struct {
	periods map[int][]PeriodRecord
	states  map[int]int
}

func (l *periodLog) RecordPeriod(a int, r *PeriodRecord) {
	if l.periods == nil {
		l.periods = map[int][]PeriodRecord{}
	}
	l.periods[a] = append(l.periods[a], *r)
}
func (l *periodLog) RecordState(a int, r *StateRecord) {
	if l.states == nil {
		l.states = map[int]int{}
	}
	l.states[a]++
}

func TestTaskSeed(t *testing.T) {
	seen := map[int64]bool{}
	for point := 0; point < 50; point++ {
		for rep := 0; rep < 50; rep++ {
			s := TaskSeed(20261125, point, rep)
			if s < 0 || seen[s] {
				t.Fatalf("seed %d for (%d, %d): negative or repeated", s, point, rep)
			}
			seen[s] = true
		}
	}
	if TaskSeed(1, 0, 0) == TaskSeed(2, 0, 0) {
		t.Error("master seed ignored")
	}
}

func TestScenarioErrors(t *testing.T) {
	p := param.Defaults()
	r := roster(t, "")
	a, _ := agents.Preset("layered", p, r)
	if _, err := NewScenario(p, r, []agents.Architecture{a, a}); err == nil || !strings.Contains(err.Error(), "duplicate architecture") {
		t.Errorf("duplicate: %v", err)
	}
	m := agents.NewMechanism("m")
	m.Founders = []string{"FR"}
	bad := agents.Architecture{Name: "x", Mechanisms: []agents.MechanismDef{m}}
	if _, err := NewScenario(p, r, []agents.Architecture{bad}); err == nil || !strings.Contains(err.Error(), `"FR"`) {
		t.Errorf("unknown founder: %v", err)
	}
	if _, err := NewProbeScenario(p, r, []agents.Architecture{a}, &Probe{Targets: []string{"US"}}); err == nil {
		t.Error("probing the patron accepted")
	}
}
