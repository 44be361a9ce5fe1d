package engine

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// The speed work of issue 12 point 9 replaced computations by exact
// shortcuts (docs/model.md, "Speed"). TestRegress20 pins their results on
// a few tasks; the tests here compare a shortcut with the computation it
// replaces on many.

// runDigest runs seeds on sc with r and returns every outcome at full
// precision and a digest of every record, one line per architecture.
func runDigest(sc *Scenario, r *Runner, seeds int) []byte {
	var buf bytes.Buffer
	out := make([]Outcome, len(sc.Architectures))
	records := make(recordLog, len(sc.Architectures))
	for seed := int64(1); seed <= int64(seeds); seed++ {
		records.reset()
		r.Run(sc, seed, out, records)
		for a, o := range out {
			fmt.Fprintf(&buf, "%d %d %x", seed, a, records[a].Sum(nil)[:8])
			for k := range Outcomes {
				if x, ok := o.Get(OutcomeID(k)); ok {
					buf.WriteString(" " + strconv.FormatFloat(x, 'g', -1, 64))
				}
			}
			buf.WriteByte('\n')
		}
	}
	return buf.Bytes()
}

// TestShortcutsExact: the engine's shortcuts over what did not change
// (computing only the pairs of states whose live mechanisms changed or
// whose mechanism's latency moved; readiness targets only when their
// inputs moved) give the same runs, bit for bit, as computing everything
// at every change, for every preset, with latency on, stronger and off,
// many membership changes (a wide spread of tastes), standing structures
// building up, and on a larger synthetic roster.
func TestShortcutsExact(t *testing.T) {
	ip := roster(t, "")
	set := func(kv map[string]float64) param.Values {
		p := param.Defaults()
		for name, x := range kv {
			if err := p.Set(name, x); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	synth, err := agents.SyntheticRoster(set(map[string]float64{"population.size": 24}))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		p    param.Values
		r    *agents.Roster
	}{
		{"defaults", param.Defaults(), ip},
		{"churn, latency 2", set(map[string]float64{"accession.taste_scale": 3, "coordination.latency.strength": 2, "accession.review_period": 2}), ip},
		{"latency off", set(map[string]float64{"coordination.latency.strength": 0, "accession.taste_scale": 2}), ip},
		{"synthetic", set(map[string]float64{"accession.taste_scale": 2}), synth},
	}
	for _, c := range cases {
		sc := presetScenario(t, c.p, c.r, nil, agents.PresetNames()...)
		every := NewRunner()
		every.sim.full = true
		got, want := runDigest(sc, NewRunner(), 60), runDigest(sc, every, 60)
		if !bytes.Equal(got, want) {
			g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
			for k := range min(len(g), len(w)) {
				if !bytes.Equal(g[k], w[k]) {
					t.Fatalf("%s: the shortcuts differ from the full computation at line %d:\n got %s\nwant %s", c.name, k+1, g[k], w[k])
				}
			}
		}
	}
}
