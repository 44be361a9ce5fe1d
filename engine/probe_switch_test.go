package engine

import (
	"math"
	"math/rand/v2"
	"regexp"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

type irrCase struct {
	name  string
	off   map[string]float64
	deps  string // regexp of parameter names that must not matter
	archs []string
}

var irrCases = []irrCase{
	{"none: treaty and mechanism parameters", nil, `^(mechanisms\.|treaty\.|us\.treaty_stickiness|adversary\.formation_|accession\.(protect|capacity|autonomy|entrapment|domestic|reservation|taste|type_prior)|alliance_ban\.|adversary\.handtying|crisis\.invocation_threshold)`, []string{"none"}},
	{"latency off", map[string]float64{"coordination.latency.strength": 0}, `^(coordination\.(latency_noise|national|adhoc)|mechanisms\..*\.latency\.|crisis\..*\.window)`, nil},
	{"retribution off", map[string]float64{"retribution.strength": 0}, `^retribution\.(learning|memory)$`, nil},
	{"burden off", map[string]float64{"burden.strength": 0}, `^(burden\.(adjustment_rate|capability_elasticity|domestic_cost)|mechanisms\..*\.burden)$`, nil},
	{"false security off", map[string]float64{"false_security.strength": 0}, `^false_security\.adjustment_rate$`, nil},
	{"counter-mobilisation off", map[string]float64{"adversary.counter_mobilisation.strength": 0}, `^adversary\.counter_mobilisation\.rate$`, nil},
	{"balancing off", map[string]float64{"balancing.strength": 0}, `^balancing\.memory$`, nil},
	{"bans off", map[string]float64{"alliance_ban.strength": 0}, `^alliance_ban\.(obligation_limit|doctrine_cost)$`, nil},
	{"csd off", map[string]float64{"constitutional_limit.strength": 0}, `^constitutional_limit\.(near|far)$`, nil},
	{"stickiness off", map[string]float64{"us.treaty_stickiness": 0}, `^mechanisms\..*\.stickiness$`, nil},
	{"no retrenchment", map[string]float64{"us.retrenchment_probability": 0}, `^us\.shock_size$`, nil},
	{"no shock", map[string]float64{"us.shock_size": 0}, `^us\.retrenchment_probability$`, nil},
	{"domains off", map[string]float64{"domains.strength": 0}, `^(domains\.(awareness_base|trade_support)|mechanisms\..*\.awareness)$`, nil},
	{"formation shock off", map[string]float64{"adversary.formation_shock": 0}, `^adversary\.formation_window$`, nil},
	{"formation window 0", map[string]float64{"adversary.formation_window": 0}, `^adversary\.formation_shock$`, nil},
	{"no escalation", map[string]float64{"crisis.escalation_probability": 0}, `^crisis\.entrapment$`, nil},
	{"no standing structure", map[string]float64{"mechanisms.treaty.standing_structure": 0}, `^treaty\.standing_buildup$`, nil},
	{"no taste", map[string]float64{"accession.taste_scale": 0}, `^accession\.taste_correlation$`, nil},
}

// TestProbeSwitchIrrelevance: with a mechanism switched off (docs/model.md
// sec. 19), the parameters that only shape that mechanism change no outcome
// of any preset, bit for bit; and the none preset, which has no mechanism,
// does not depend on any mechanism, treaty or accession-utility parameter
// (accession.review_period and accession.retribution_cost do matter to
// it: reviews time the autonomy updates, and the retribution cost is also a
// crisis response cost). Randomly drawn values in the allowed ranges.
func TestProbeSwitchIrrelevance(t *testing.T) {
	r, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	for _, c := range irrCases {
		re := regexp.MustCompile(c.deps)
		archs := c.archs
		if archs == nil {
			archs = agents.PresetNames()
		}
		base := param.Defaults()
		for k, v := range c.off {
			if err := base.Set(k, v); err != nil {
				t.Fatal(err)
			}
		}
		var deps []param.Spec
		for _, s := range param.All() {
			if re.MatchString(s.Name) {
				deps = append(deps, s)
			}
		}
		if len(deps) == 0 {
			t.Fatalf("%s: %s matches no parameter", c.name, c.deps)
		}
		ref := runAll(t, base, r, archs, 8)
	trials:
		for trial := range 6 {
			p := base.Clone()
			for _, s := range deps {
				if rng.IntN(2) == 0 && trial > 0 {
					continue
				}
				x := s.Min + rng.Float64()*(s.Max-s.Min)
				if s.Kind != param.Float {
					x = math.Round(x)
				}
				if err := p.Set(s.Name, x); err != nil {
					t.Fatal(err)
				}
			}
			got := runAll(t, p, r, archs, 8)
			for rep := range got {
				for a := range got[rep] {
					for k := range NumOutcomes {
						if got[rep][a].Value[k] != ref[rep][a].Value[k] || got[rep][a].Valid[k] != ref[rep][a].Valid[k] {
							var set []string
							for _, s := range deps {
								if p.IsSet(s.Name) {
									set = append(set, s.Name)
								}
							}
							t.Errorf("%s: trial %d rep %d %s: %s %v vs %v (set %v)", c.name, trial, rep, archs[a], Outcomes[k].Name, got[rep][a].Value[k], ref[rep][a].Value[k], set)
							break trials
						}
					}
				}
			}
		}
	}
}

// runAll runs reps replicates of the named presets at p.
func runAll(t *testing.T, p param.Values, r *agents.Roster, archs []string, reps int) [][]Outcome {
	sc := presetScenario(t, p, r, nil, archs...)
	run := NewRunner()
	out := make([][]Outcome, reps)
	for rep := range out {
		out[rep] = make([]Outcome, len(archs))
		run.Run(sc, TaskSeed(11, 0, rep), out[rep], nil)
	}
	return out
}
