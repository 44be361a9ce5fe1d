package engine

import (
	"bytes"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestCacheSkipsExact: computeLinks computes anew only the pairs whose
// shared live mechanisms changed, targetCaches only the targets whose
// mechanisms, or their awareness or whether they have two members,
// changed, and signalNoise only the states whose mechanisms, or their
// noise reduction, changed (a review, stop 53). With wide tastes, a
// review every period and every mechanism able to live on with one
// member, memberships churn; the cells of two targets each, which only
// they may join, fall to one member and rise to two again without the
// other's mechanisms changing, and, fully visible, they decide A's scale
// τ_jk while they have two members; with a standing structure their
// fields move as it builds up. The shortcuts must give the runs of
// computing every pair, target and state at every change (sim.full), bit
// for bit, for every preset and those cells.
func TestCacheSkipsExact(t *testing.T) {
	p := param.Defaults()
	kv := map[string]float64{"accession.taste_scale": 3, "accession.review_period": 1, "adversary.clarity.strength": 0.9}
	for _, name := range []string{"bilateral", "treaty", "core", "maritime_awareness", "sanctions_enforcement", "intelligence_fusion", "coordination_centre"} {
		kv["mechanisms."+name+".min_members"] = 1
	}
	for name, x := range kv {
		if err := p.Set(name, x); err != nil {
			t.Fatal(err)
		}
	}
	ip := roster(t, "")
	archs := make([]agents.Architecture, 0, 8)
	for _, name := range agents.PresetNames() {
		a, err := agents.Preset(name, p, ip)
		if err != nil {
			t.Fatal(err)
		}
		archs = append(archs, a)
	}
	// Cells of two targets each, once without and once with a standing
	// structure, which moves a cell's awareness, latency and noise
	// reduction (0.5) toward the core's (0) as it builds up.
	for ss, name := range []string{"target cells", "standing cells"} {
		cells := agents.Architecture{Name: name}
		for _, founders := range [][]string{{"JP", "AU"}, {"PH", "ID"}, {"AU", "PH"}} {
			c := agents.FromPreset("cell "+founders[0]+" "+founders[1], "intelligence_fusion", p)
			c.Founders, c.Eligible = founders, founders
			c.Values[param.MinMembers][0] = 1
			c.Values[param.Visibility][0] = 1 // its coverage decides A's scale τ_jk (clarity)
			c.Values[param.StandingStructure][0] = float64(ss)
			c.Values[param.Coverage][agents.EconomicCoercion] = 0 // none in one domain
			cells.Mechanisms = append(cells.Mechanisms, c)
		}
		archs = append(archs, cells)
	}
	sc, err := NewScenario(p, ip, archs)
	if err != nil {
		t.Fatal(err)
	}
	every := NewRunner()
	every.sim.full = true
	got, want := runDigest(sc, NewRunner(), 60), runDigest(sc, every, 60)
	if !bytes.Equal(got, want) {
		g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for k := range min(len(g), len(w)) {
			if !bytes.Equal(g[k], w[k]) {
				t.Fatalf("the shortcuts differ from computing everything at line %d:\n got %s\nwant %s", k+1, g[k], w[k])
			}
		}
	}
}
