package engine

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestProbeFailureCostFounder (a review, stop 51): sec. 9.4 said a failed
// formation attempt adds ω_Fail to the patron's β without the condition
// sec. 5.4 and the engine apply: only where the patron founds the treaty.
// With a treaty founded by Japan, Australia and the Philippines and one by
// the US with them, each failing at t = 0 (minimum membership above the
// roster), A's belief about the patron after the set-up is its prior in
// the first and the prior plus ω_Fail in β in the second; and sec. 9.4
// carries the condition.
func TestProbeFailureCostFounder(t *testing.T) {
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	const line = "A failed formation attempt adds ω_Fail to β of the patron where the\npatron founds the treaty (section 5.4)."
	if !strings.Contains(string(doc), line) {
		t.Errorf("docs/model.md sec. 9.4: want %q", line)
	}
	p, ros, _ := presetsAt(t, map[string]float64{"treaty.failure_cost": 2})
	var archs []agents.Architecture
	for _, f := range [][]string{{"JP", "AU", "PH"}, {"US", "JP", "AU", "PH"}} {
		a, _ := agents.Preset("hub_and_spokes", p, ros)
		pact := agents.FromPreset("treaty", "treaty", p)
		pact.Founders, pact.Treaty = f, true
		pact.Values[param.MinMembers][0] = 50
		a.Name, a.Mechanisms = fmt.Sprintf("pact%d", len(f)), append(a.Mechanisms, pact)
		archs = append(archs, a)
	}
	sc, err := NewScenario(p, ros, archs)
	if err != nil {
		t.Fatal(err)
	}
	r := NewRunner()
	r.Run(sc, 7, make([]Outcome, len(archs)), nil)
	s := &r.sim
	for ai, extra := range []float64{0, 2} {
		s.am = &s.m.archs[ai]
		s.taste = counterStream(mix64(7 ^ s.am.stream))
		s.setUp()
		pt := s.pop.Patron
		if s.failedAt != 0 {
			t.Fatalf("%s: the attempt at t = 0 did not fail (failedAt %d)", archs[ai].Name, s.failedAt)
		}
		if got, want := s.cred[pt].B, s.cred0[pt].B+extra; got != want {
			t.Errorf("%s: A's β of the patron %v after the set-up, want %v", archs[ai].Name, got, want)
		}
	}
}
