package engine

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestRegress20 pins model 2.0 for all six presets: every outcome, and the
// sums of every period and state record (goldenTol), for tasks at the
// defaults, on variants that move the paths the engine's shortcuts depend
// on, under a probe and on a synthetic roster. Its values are those of the
// engine before the speed work of issue 12 point 9 (the shortcuts are
// exact; the engine at 0.2.1 reproduced that engine bit for bit, and this
// file was written by it); the file is regenerated only with a documented
// reason, like testdata/regress.golden: go test ./engine -run Regress20
// -update.
//
// The variants: a sweep-like point with part-domain capability, stronger
// latency, no clarity, bound founders and low reliability; a point with
// latency, counter-mobilisation and readiness off and a step decision
// (σ_A = 0), so that the exact-comparison paths run; and one channel over
// all four types (1.1's decision) with the 2.0 strengths on.
func TestRegress20(t *testing.T) {
	var buf bytes.Buffer
	ip := roster(t, "")
	archs := agents.PresetNames()
	set := func(base param.Values, kv map[string]float64) param.Values {
		p := base.Clone()
		for name, x := range kv {
			if err := p.Set(name, x); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	def := param.Defaults()
	sweep := set(def, map[string]float64{
		"us.reliability": 0.4, "population.autonomy_shift": 0.3, "mechanisms.treaty.founders_bound": 1,
		"domains.strength": 0.5, "coordination.latency.strength": 2, "adversary.clarity.strength": 0,
		"retribution.strength": 1.5, "burden.strength": 1.43,
	})
	off := set(def, map[string]float64{
		"coordination.latency.strength": 0, "adversary.counter_mobilisation.strength": 0,
		"false_security.strength": 0, "adversary.noise": 0, "population.threat_shift": 0.3,
	})
	oneChannel := set(def, map[string]float64{"adversary.channels": 1, "adversary.clarity.strength": 0.6})
	synth, err := agents.SyntheticRoster(set(def, map[string]float64{"population.size": 20}))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		p     param.Values
		r     *agents.Roster
		probe *Probe
		seeds []int64
	}{
		{"defaults", def, ip, nil, []int64{1, 2, 3, 4, 5, 6, 7, 8}},
		{"sweep", sweep, ip, nil, []int64{9, 10, 11}},
		{"off", off, ip, nil, []int64{12, 13}},
		{"one-channel", oneChannel, ip, nil, []int64{14, 15}},
		{"synthetic", def, synth, nil, []int64{16, 17}},
		{"probe", def, ip, &Probe{Type: agents.EconomicCoercion, Targets: []string{"JP", "AU", "PH"}}, []int64{18}},
	}
	for _, c := range cases {
		sc := presetScenario(t, c.p, c.r, c.probe, archs...)
		run := NewRunner()
		out := make([]Outcome, len(archs))
		records := newRecordSums(len(archs))
		for _, seed := range c.seeds {
			fmt.Fprintf(&buf, "%s seed %d\n", c.name, seed)
			records.reset()
			run.Run(sc, seed, out, records)
			records.writeRun(&buf, archs, out, nil)
		}
	}
	checkGolden(t, filepath.Join("testdata", "regress-2.0.golden"), buf.Bytes())
}
