package engine

import (
	"fmt"
	"slices"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestLinksIncremental: after every period, the pairs, A's weights, λ̄
// and signal noise that computeLinks keeps by computing only the pairs
// whose shared live mechanisms changed (or whose mechanism's latency
// moved) are those of computing every pair anew from the same
// memberships (a review, stop 53). Whole runs (TestShortcutsExact) see a
// stale pair only where it changes an outcome; this sees it at once. Among
// the mechanisms is one the patron joins and leaves by its own decision
// while its founders stay, so that only the patron's mask changes.
func TestLinksIncremental(t *testing.T) {
	p := param.Defaults()
	for name, x := range map[string]float64{"accession.taste_scale": 3, "accession.review_period": 1, "coordination.latency.strength": 2} {
		if err := p.Set(name, x); err != nil {
			t.Fatal(err)
		}
	}
	ip := roster(t, "")
	open := agents.Architecture{Name: "open to the patron"}
	m := agents.FromPreset("open", "coordination_centre", p)
	m.Founders, m.Eligible = []string{"JP", "AU"}, []string{"JP", "AU", "US"}
	m.Values[param.MinMembers][0] = 2
	m.Values[param.ExitCost][0] = 0
	m.Values[param.Coverage] = [agents.NumCrisisTypes]float64{0, 1, 0, 0}
	open.Mechanisms = append(open.Mechanisms, m)
	c := agents.FromPreset("standing cell", "intelligence_fusion", p)
	c.Founders, c.Eligible = []string{"PH", "ID"}, []string{"PH", "ID", "AU"}
	c.Values[param.MinMembers][0] = 1
	c.Values[param.StandingStructure][0] = 1
	c.Values[param.Coverage] = [agents.NumCrisisTypes]float64{0, 0, 0.9, 0}
	c.Values[param.Latency] = [agents.NumCrisisTypes]float64{0.05, 0.5, 1, 0.05}
	open.Mechanisms = append(open.Mechanisms, c)
	archs := []agents.Architecture{open}
	for _, name := range agents.PresetNames() {
		a, err := agents.Preset(name, p, ip)
		if err != nil {
			t.Fatal(err)
		}
		archs = append(archs, a)
	}
	sc, err := NewScenario(p, ip, archs)
	if err != nil {
		t.Fatal(err)
	}
	r := NewRunner()
	s := &r.sim
	checked := 0
	for seed := uint64(1); seed <= 30; seed++ {
		r.Run(sc, int64(seed), make([]Outcome, len(archs)), nil)
		for a := range s.m.archs {
			s.am = &s.m.archs[a]
			s.taste = counterStream(mix64(seed ^ s.am.stream))
			s.setUp()
			for tp := 1; tp <= s.m.periods; tp++ {
				s.period(tp)
				n := s.n
				pairs, wl, sigma := slices.Clone(s.pairs[:n*n]), slices.Clone(s.wl[:n*n*nk]), slices.Clone(s.sigma[:n*nk])
				kl := slices.Clone(s.kLambda)
				s.computeLinks(true)
				checked++
				for x := range pairs {
					if pairs[x] != s.pairs[x] {
						t.Fatalf("seed %d %s t %d: pair (%d, %d) kept %v, computed anew %v", seed, archs[a].Name, tp, x/n, x%n, pairs[x], s.pairs[x])
					}
				}
				if fmt.Sprint(wl) != fmt.Sprint(s.wl[:n*n*nk]) || fmt.Sprint(sigma) != fmt.Sprint(s.sigma[:n*nk]) || fmt.Sprint(kl) != fmt.Sprint(s.kLambda) {
					t.Fatalf("seed %d %s t %d: weights, λ̄ or signal noise kept differ from those computed anew", seed, archs[a].Name, tp)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}
