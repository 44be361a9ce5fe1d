package engine

import (
	"math"
	"os"
	"strings"
	"testing"
)

// TestProbeWarAversionUnidentified pins docs/model.md sec. 17.2's "Not
// every fitted constant is identified": a sweep of adversary.war_aversion
// over 0, the fit and 10 (seed 29, 1,000 replicates, common random
// numbers) leaves every outcome of every run of `none`, `hub_and_spokes`
// and `treaty` the same except A's armed hazard, which moves by at most
// 0.00002 a run (its mean by less than 10⁻⁶): P̂ is near 0, not 0, for
// the undefended targets of their armed options. The text had said the
// sweep left every run the same; the runs table shows `hazard_armed`
// moving in about four runs of five (a review, stop 50). The bounds
// hold with a margin of two at the fixed seed.
func TestProbeWarAversionUnidentified(t *testing.T) {
	archs := []string{"none", "hub_and_spokes", "treaty"}
	rs := staticsSweep(t, 29, 1000, archs, "adversary.war_aversion", []float64{0, 3.7402791754019664, 10}, nil)
	for a, name := range archs {
		for s := 1; s < len(rs); s++ {
			var sum, most float64
			moved := 0
			for r := range rs[0] {
				x, y := &rs[0][r][a], &rs[s][r][a]
				for k := range NumOutcomes {
					if k == HazardArmed {
						continue
					}
					if x.Valid[k] != y.Valid[k] || x.Value[k] != y.Value[k] {
						t.Fatalf("%s, point %d, replicate %d: outcome %s moved (%v → %v)", name, s, r, Outcomes[k].Name, x.Value[k], y.Value[k])
					}
				}
				d := y.Value[HazardArmed] - x.Value[HazardArmed]
				sum += d
				most = max(most, math.Abs(d))
				if d != 0 {
					moved++
				}
			}
			mean := sum / float64(len(rs[0]))
			t.Logf("%s, war aversion 0 → point %d: hazard_armed moved in %d runs, by at most %.2g, mean %.2g", name, s, moved, most, mean)
			if most > 2e-5 || math.Abs(mean) > 1e-6 {
				t.Errorf("%s, point %d: hazard_armed moved by up to %.2g a run, mean %.2g, want at most 2e-5 and 1e-6", name, s, most, mean)
			}
		}
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	const s = "left every outcome of every run of those three presets the same but A's armed hazard, which moved by at most 0.00002 a run (its mean by less than 10⁻⁶: treaty `hazard_armed` 0.0821"
	if !strings.Contains(text, s) {
		t.Errorf("docs/model.md sec. 17.2 does not state %q", s)
	}
}
