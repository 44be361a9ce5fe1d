package engine

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestShortcutsExactCorners: the engine's exact shortcuts (docs/model.md,
// "Speed") give the runs of computing everything (sim.full), bit for bit,
// on corners the presets do not reach (a review, stop 53): cells that
// cover some domains not at all but are faster there than the ad hoc
// latency (so that a shortcut that let an uncovered mechanism set a
// pair's latency, e.g. pairsWith without its cov[k] > 0, is seen), whose
// standing structure moves their latency as it builds up, with a noisy
// and a noiseless adversary; a treaty that never forms and is retried
// every period; every strength at 0 and at its maximum, with
// domains.strength at 0 and ½; a crisis probe; and synthetic rosters of
// 2 and 200 states.
func TestShortcutsExactCorners(t *testing.T) {
	ip := roster(t, "")
	set := func(base map[string]float64, kv map[string]float64) param.Values {
		p := param.Defaults()
		for _, m := range []map[string]float64{base, kv} {
			for name, x := range m {
				if err := p.Set(name, x); err != nil {
					t.Fatal(err)
				}
			}
		}
		return p
	}
	churn := map[string]float64{"accession.taste_scale": 3, "accession.review_period": 1}
	// cells covering blockades only (0.9), faster than the ad hoc latency in
	// every domain; one of them with a standing structure that moves its
	// latencies toward the core's as it builds up.
	cells := func(p param.Values) agents.Architecture {
		a := agents.Architecture{Name: "uncovered cells"}
		for c, founders := range [][]string{{"JP", "AU"}, {"PH", "ID"}, {"AU", "PH"}} {
			m := agents.FromPreset(fmt.Sprintf("cell %d", c), "intelligence_fusion", p)
			m.Founders, m.Eligible = founders, []string{"JP", "AU", "PH", "ID"}
			m.Values[param.MinMembers][0] = 1
			m.Values[param.Visibility][0] = 1
			m.Values[param.StandingStructure][0] = float64(c % 2)
			m.Values[param.Coverage] = [agents.NumCrisisTypes]float64{0, 0, 0.9, 0}
			m.Values[param.Latency] = [agents.NumCrisisTypes]float64{0.05, 0.5, 1, 0.05}
			a.Mechanisms = append(a.Mechanisms, m)
		}
		return a
	}
	strengths := []string{"adversary.counter_mobilisation.strength", "adversary.handtying.strength", "adversary.clarity.strength",
		"retribution.strength", "burden.strength", "false_security.strength", "resistance.strength", "balancing.strength",
		"alliance_ban.strength", "constitutional_limit.strength"}
	at := func(hi bool, kv map[string]float64) map[string]float64 {
		for _, name := range strengths {
			spec, ok := param.Lookup(name)
			if !ok {
				t.Fatalf("no parameter %s", name)
			}
			kv[name] = 0
			if hi {
				kv[name] = spec.Max
			}
		}
		return kv
	}
	synth := func(n float64) *agents.Roster {
		r, err := agents.SyntheticRoster(set(map[string]float64{"population.size": n}, nil))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	cases := []struct {
		name  string
		p     param.Values
		r     *agents.Roster
		probe *Probe
		cells bool
		seeds int
	}{
		{"uncovered cells, latency 2", set(churn, map[string]float64{"coordination.latency.strength": 2}), ip, nil, true, 40},
		{"uncovered cells, noiseless adversary", set(churn, map[string]float64{"adversary.noise": 0}), ip, nil, true, 40},
		{"treaty retried every period", set(churn, map[string]float64{"mechanisms.treaty.min_members": 100, "treaty.retry_period": 1, "coordination.latency.strength": 3}), ip, nil, true, 30},
		{"strengths 0", set(churn, at(false, map[string]float64{"domains.strength": 0})), ip, nil, true, 30},
		{"strengths max", set(churn, at(true, map[string]float64{"domains.strength": 0.5, "coordination.latency.strength": 3})), ip, nil, true, 30},
		{"probe", set(churn, nil), ip, &Probe{Type: agents.ArmedAttack, Targets: []string{"PH", "JP"}}, true, 30},
		{"synthetic 2", set(churn, nil), synthRoster(t, 2), nil, false, 40},
		{"synthetic 200", set(churn, map[string]float64{"coordination.latency.strength": 2}), synth(200), nil, false, 2},
	}
	for _, c := range cases {
		sc := presetScenario(t, c.p, c.r, c.probe, agents.PresetNames()...)
		if c.cells {
			archs := append(sc.Architectures, cells(c.p))
			var err error
			if sc, err = NewProbeScenario(c.p, c.r, archs, c.probe); err != nil {
				t.Fatal(err)
			}
		}
		every := NewRunner()
		every.sim.full = true
		got, want := runDigest(sc, NewRunner(), c.seeds), runDigest(sc, every, c.seeds)
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

// TestRowsFollowResize: the resistance sums read A's weights through row
// headers of the pair table (weightRows, a review, stop 54), derived
// when the table is sized. One runner that runs rosters of 12, 2, 30 and
// again 12 states in turn must give each the runs of a fresh runner, bit
// for bit, so every change of size re-derives the rows; rows left from an
// earlier size would read another target's weights.
func TestRowsFollowResize(t *testing.T) {
	reused := NewRunner()
	for c, r := range []*agents.Roster{roster(t, ""), synthRoster(t, 2), synthRoster(t, 30), roster(t, "")} {
		sc := presetScenario(t, param.Defaults(), r, nil, agents.PresetNames()...)
		if got, want := runDigest(sc, reused, 4), runDigest(sc, NewRunner(), 4); !bytes.Equal(got, want) {
			t.Fatalf("roster %d of %d states: a reused runner's runs differ from a fresh one's", c, len(r.States))
		}
	}
}

// TestTaskSumsExact: prepareTask's Σ_{l≠i} K_l, taken as the running sum
// of the states before i and then those after it, and Σ_i K_i, taken once
// per task (a review, stop 55), are bit for bit the sums as written, from
// +0 over l in index order, on the built-in roster and synthetic rosters
// of 2 and 30 states over 20 draws each. The test has power: the whole sum
// less K_i, another order, differs from the sum as written for some i.
func TestTaskSumsExact(t *testing.T) {
	otherOrderDiffers := false
	for _, r := range []*agents.Roster{roster(t, ""), synthRoster(t, 2), synthRoster(t, 30)} {
		sc := presetScenario(t, param.Defaults(), r, nil, "treaty")
		run := NewRunner()
		s := &run.sim
		for seed := int64(1); seed <= 20; seed++ {
			run.Run(sc, seed, make([]Outcome, 1), nil)
			var all float64
			for l := range s.pop.States {
				all += s.pop.States[l].Capability
			}
			if s.capSum != all {
				t.Fatalf("%d states, seed %d: Σ K = %v, want %v", s.n, seed, s.capSum, all)
			}
			for i := range s.pop.States {
				var want float64
				for l := range s.pop.States {
					if l != i {
						want += s.pop.States[l].Capability
					}
				}
				if s.promTotal[i] != want {
					t.Fatalf("%d states, seed %d: Σ_{l≠%d} K_l = %v, want %v", s.n, seed, i, s.promTotal[i], want)
				}
				if all-s.pop.States[i].Capability != want {
					otherOrderDiffers = true
				}
			}
		}
	}
	if !otherOrderDiffers {
		t.Error("no draw tells the sums' order apart: the test has no power")
	}
}

// TestReviewMeansKept: reviewDynamics leaves the means it last computed
// readiness targets at equal (==) to the review's, whether or not it
// copied them (it skips the honour means' copy where it found them equal,
// a review, stop 55): after every architecture-run of 20 tasks of all six
// presets, the last review's means and the kept ones compare equal, and
// some run's honour means moved from their first review's (so a copy
// skipped where they were not equal would be seen).
func TestReviewMeansKept(t *testing.T) {
	sc := presetScenario(t, param.Defaults(), roster(t, ""), nil, agents.PresetNames()...)
	run := NewRunner()
	s := &run.sim
	moved := false
	for seed := int64(1); seed <= 20; seed++ {
		// Run sets the task's values; then each architecture by hand.
		run.Run(sc, seed, make([]Outcome, len(sc.Architectures)), nil)
		for a := range s.m.archs {
			s.am = &s.m.archs[a]
			s.taste = counterStream(mix64(uint64(seed) ^ s.am.stream))
			s.setUp()
			first := append([]float64(nil), s.promHonour...)
			for tp := 1; tp <= s.m.periods; tp++ {
				s.period(tp)
			}
			if !slices.Equal(s.promHonour, s.honourMean) || !slices.Equal(s.promUs, s.usMean) {
				t.Fatalf("seed %d, %s: the kept means differ from the last review's", seed, s.am.name)
			}
			if !slices.Equal(first, s.honourMean) {
				moved = true
			}
		}
	}
	if !moved {
		t.Error("no run's honour means moved: the test has no power")
	}
}

// synthRoster is the synthetic roster of n states at the defaults.
func synthRoster(t *testing.T, n float64) *agents.Roster {
	t.Helper()
	p := param.Defaults()
	if err := p.Set("population.size", n); err != nil {
		t.Fatal(err)
	}
	r, err := agents.SyntheticRoster(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
