package engine

import (
	"math"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// A long run with an election every period and no belief decay halves
// every US belief's strength thousands of times (docs/model.md sec. 9.1);
// its mean must stay defined, and so must every outcome that reads it.
// Before the fix the strengths underflowed to 0 after about 1080 periods
// and us_belief_end, the hazards and readiness came out NaN.
func TestProbeManyElectionsKeepBeliefs(t *testing.T) {
	p := param.Defaults()
	for k, v := range map[string]float64{"periods": 1500, "us.election_period": 1, "learning.belief_decay": 0} {
		if err := p.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	r, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"none", "hub_and_spokes"}
	sc := presetScenario(t, p, r, nil, names...)
	out := make([]Outcome, len(names))
	NewRunner().Run(sc, TaskSeed(1, 0, 0), out, nil)
	for a := range out {
		for k := range NumOutcomes {
			if x, ok := out[a].Get(k); ok && (math.IsNaN(x) || math.IsInf(x, 0)) {
				t.Errorf("%s: %s = %v", names[a], Outcomes[k].Name, x)
			}
		}
	}
}
