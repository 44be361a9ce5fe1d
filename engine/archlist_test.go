package engine

import (
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestArchitectureListInvariant: an architecture's outcomes do not depend
// on which other architectures its task runs, nor on their order (docs/model.md
// sec. 11: every architecture of a task sees the same population and shocks,
// and nothing one architecture does reaches another's state).
func TestArchitectureListInvariant(t *testing.T) {
	p := param.Defaults()
	r, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	names := agents.PresetNames()
	all := presetScenario(t, p, r, nil, names...)
	rev := make([]string, len(names))
	for i := range names {
		rev[i] = names[len(names)-1-i]
	}
	revSc := presetScenario(t, p, r, nil, rev...)
	run := NewRunner()
	for seed := int64(1); seed <= 30; seed++ {
		outAll := make([]Outcome, len(names))
		run.Run(all, seed, outAll, nil)
		outRev := make([]Outcome, len(names))
		run.Run(revSc, seed, outRev, nil)
		for i, n := range names {
			one := presetScenario(t, p, r, nil, n)
			o := make([]Outcome, 1)
			run.Run(one, seed, o, nil)
			if o[0] != outAll[i] {
				t.Errorf("seed %d %s: alone differs from in full list", seed, n)
			}
			if outRev[len(names)-1-i] != outAll[i] {
				t.Errorf("seed %d %s: reversed list differs", seed, n)
			}
		}
	}
}
