package engine

import (
	"math"
	"strings"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// A roster that a Go program builds or edits, bypassing ParseRoster, is
// refused by NewScenario with an error naming the state and the field,
// where it gave NaN outcomes or a panic deep inside Run (a review, stop
// 51).
func TestNewScenarioRefusesBadRoster(t *testing.T) {
	p := param.Defaults()
	base := roster(t, "")
	archs := func() []agents.Architecture {
		var out []agents.Architecture
		for _, n := range agents.PresetNames() {
			a, err := agents.Preset(n, p, base)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, a)
		}
		return out
	}()
	for _, c := range []struct {
		name, want string
		edit       func(r *agents.Roster)
	}{
		{"patron out of range", "Patron 12", func(r *agents.Roster) { r.Patron = 12 }},
		{"patron -1", "Patron -1", func(r *agents.Roster) { r.Patron = -1 }},
		{"patron not the patron", `role patron, but Patron is state 1`, func(r *agents.Roster) { r.Patron = 1 }},
		{"capability NaN", `state "JP": capability NaN`, func(r *agents.Roster) { r.States[1].Capability = math.NaN() }},
		{"capability 0", `state "AU": capability 0`, func(r *agents.Roster) { r.States[2].Capability = 0 }},
		{"belief NaN", `state "JP": belief NaN`, func(r *agents.Roster) { r.States[1].Attr[agents.Belief] = math.NaN() }},
		{"threat 2", `state "JP": threat 2`, func(r *agents.Roster) { r.States[1].Attr[agents.Threat] = 2 }},
		{"presence NaN", `state "JP": presence NaN`, func(r *agents.Roster) { r.States[1].Domains.Presence = math.NaN() }},
		{"defence_gdp 0", `state "JP": defence_gdp 0`, func(r *agents.Roster) { r.States[1].Domains.DefenceGDP = 0 }},
		{"gdp_rel NaN", `state "JP": gdp_rel NaN`, func(r *agents.Roster) { r.States[1].Domains.GDPRel = math.NaN() }},
		{"region", `state "JP": region 9`, func(r *agents.Roster) { r.States[1].Domains.Region = 9 }},
		{"role", `state "JP": role 7`, func(r *agents.Roster) { r.States[1].Role = 7 }},
		{"duplicate", `state "JP": duplicate state (states 1 and 2)`, func(r *agents.Roster) { r.States[2].Name = "JP" }},
		{"empty name", `state 3: empty state name`, func(r *agents.Roster) { r.States[3].Name = "" }},
		{"one state", "1 states: at least 2", func(r *agents.Roster) { r.States = r.States[:1] }},
	} {
		r := *base
		r.States = append([]agents.StateSpec(nil), base.States...)
		c.edit(&r)
		func() {
			defer func() {
				if x := recover(); x != nil {
					t.Errorf("%s: NewScenario or Run panicked: %v", c.name, x)
				}
			}()
			sc, err := NewScenario(p, &r, archs)
			if err == nil {
				dst := make([]Outcome, len(archs))
				NewRunner().Run(sc, 1, dst, nil)
				t.Errorf("%s: NewScenario accepted the roster", c.name)
				return
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: error %q does not say %q", c.name, err, c.want)
			}
		}()
	}
	if _, err := NewScenario(p, base, archs); err != nil {
		t.Errorf("the built-in roster: %v", err)
	}
}

// NewProbeScenario refuses a probe's crisis type out of range, which
// panicked inside Run (a review, stop 51).
func TestProbeTypeOutOfRange(t *testing.T) {
	p := param.Defaults()
	r := roster(t, "")
	a, err := agents.Preset("treaty", p, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []agents.CrisisType{-1, agents.NumCrisisTypes, 9} {
		func() {
			defer func() {
				if x := recover(); x != nil {
					t.Errorf("type %d: panicked: %v", k, x)
				}
			}()
			sc, err := NewProbeScenario(p, r, []agents.Architecture{a}, &Probe{Type: k, Targets: []string{"JP"}})
			if err == nil {
				NewRunner().Run(sc, 1, make([]Outcome, 1), nil)
				t.Errorf("type %d accepted", k)
			} else if !strings.Contains(err.Error(), "probe: crisis type") {
				t.Errorf("type %d: %v", k, err)
			}
		}()
	}
}

// One Probe used for two scenarios of different rosters leaves the first
// as it was: its targets were resolved into the second roster's indices
// (a review, stop 51).
func TestProbeSharedByScenarios(t *testing.T) {
	pr := &Probe{Type: agents.ArmedAttack, Targets: []string{"C1", "P1"}}
	synth := func(size float64) *Scenario {
		p := param.Defaults()
		if err := p.Set("population.size", size); err != nil {
			t.Fatal(err)
		}
		r, err := agents.SyntheticRoster(p)
		if err != nil {
			t.Fatal(err)
		}
		return presetScenario(t, p, r, pr, "treaty")
	}
	a := synth(12)
	run := func() Outcome {
		dst := make([]Outcome, 1)
		NewRunner().Run(a, 3, dst, nil)
		return dst[0]
	}
	want := run()
	synth(40) // C1 and P1 at other indices
	pr.Targets[0] = "P1"
	if got := run(); got != want {
		t.Error("a scenario's runs changed when its Probe served another scenario")
	}
}

// Run on a Scenario written as a literal panics with a message that says
// what is wrong, not deep inside the population draw (a review, stop 51).
func TestRunRefusesLiteralScenario(t *testing.T) {
	p := param.Defaults()
	r := roster(t, "")
	a, err := agents.Preset("treaty", p, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []*Scenario{{}, {Params: p, Roster: r}, {Params: p, Roster: r, Architectures: []agents.Architecture{a}}} {
		func() {
			defer func() {
				x := recover()
				if msg, _ := x.(string); !strings.Contains(msg, "not made by NewScenario") {
					t.Errorf("%d architectures: got %v, want a panic that names NewScenario", len(sc.Architectures), x)
				}
			}()
			NewRunner().Run(sc, 1, make([]Outcome, len(sc.Architectures)), nil)
		}()
	}
}

// nopRecorder takes the records and keeps nothing.
type nopRecorder struct{}

func (nopRecorder) RecordPeriod(int, *PeriodRecord) {}
func (nopRecorder) RecordState(int, *StateRecord)   {}

// With a Recorder that keeps nothing, a steady-state Run allocates nothing
// either: each record was built on the stack and escaped to the heap
// through the interface call, one allocation a period and a state (a
// review, stop 51).
func TestRunWithRecorderAllocatesNothing(t *testing.T) {
	sc := scenario(t, param.Defaults(), roster(t, ""), agents.PresetNames()...)
	r := NewRunner()
	out := make([]Outcome, len(sc.Architectures))
	r.Run(sc, 1, out, nopRecorder{})
	seed := int64(1)
	if n := testing.AllocsPerRun(5, func() { seed++; r.Run(sc, seed, out, nopRecorder{}) }); n != 0 {
		t.Errorf("%v allocations per run", n)
	}
}

// A sweep that edits one roster, one Values and one architecture in place
// and makes a Scenario at each step gets each step's Scenario: the roster
// was kept by reference and read by every Run, so all ran at the last
// step's capability (a review, stop 51).
func TestScenarioKeepsItsInputs(t *testing.T) {
	p := param.Defaults()
	r := roster(t, "")
	a, err := agents.Preset("treaty", p, r)
	if err != nil {
		t.Fatal(err)
	}
	archs := []agents.Architecture{a}
	tr := len(a.Mechanisms) - 1 // the treaty
	steps := []float64{0.1, 0.5, 2}
	var scs []*Scenario
	for _, c := range steps {
		r.States[1].Capability = c
		if err := p.Set("us.reliability", c/4); err != nil {
			t.Fatal(err)
		}
		archs[0].Mechanisms[tr].Founders[1] = []string{"JP", "KR", "TH"}[len(scs)]
		sc, err := NewScenario(p, r, archs)
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, sc)
	}
	run := func(sc *Scenario) Outcome {
		dst := make([]Outcome, 1)
		NewRunner().Run(sc, 1, dst, nil)
		return dst[0]
	}
	for i, c := range steps {
		p2, r2 := param.Defaults(), roster(t, "")
		r2.States[1].Capability = c
		if err := p2.Set("us.reliability", c/4); err != nil {
			t.Fatal(err)
		}
		a2, _ := agents.Preset("treaty", p2, r2)
		a2.Mechanisms[tr].Founders[1] = []string{"JP", "KR", "TH"}[i]
		if run(scs[i]) != run(scenarioOf(t, p2, r2, a2)) {
			t.Errorf("step %d: the Scenario's runs are not those of a Scenario made afresh", i)
		}
		if got := scs[i].Params.Get("us.reliability"); got != c/4 {
			t.Errorf("step %d: Params has us.reliability %v, want %v", i, got, c/4)
		}
		if got := scs[i].Roster.States[1].Capability; got != c {
			t.Errorf("step %d: Roster has capability %v, want %v", i, got, c)
		}
		if got := scs[i].Architectures[0].Mechanisms[tr].Founders[1]; got != a2.Mechanisms[tr].Founders[1] {
			t.Errorf("step %d: founder %s, want %s", i, got, a2.Mechanisms[tr].Founders[1])
		}
	}
}

func scenarioOf(t *testing.T, p param.Values, r *agents.Roster, archs ...agents.Architecture) *Scenario {
	t.Helper()
	sc, err := NewScenario(p, r, archs)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
