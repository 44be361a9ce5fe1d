package engine

import (
	"fmt"
	"math"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestSignalFloorSkipsExact: signals' floor on a candidate's estimate
// (radiusBound, setFloor) leaves out only candidates whose threshold is
// +Inf, as computing every threshold does (sim.full), on many draws and
// severities swept finely across each candidate's boundary (a review,
// stop 53). TestSignalFloor checks the floor's factors and
// TestShortcutsExact whole runs, but a floor 1% too high in signals
// passed both: a run's crises put an estimate within 1% of its floor
// and a decision between them too rarely.
func TestSignalFloorSkipsExact(t *testing.T) {
	for _, noise := range []float64{0.05, 0.3} {
		p := param.Defaults()
		if err := p.Set("crisis.private_noise", noise); err != nil {
			t.Fatal(err)
		}
		sc := presetScenario(t, p, roster(t, ""), nil, "treaty_plus_cells")
		r := NewRunner()
		s := &r.sim
		r.Run(sc, 1, make([]Outcome, 1), nil)
		s.am = &s.m.archs[0]
		s.taste = counterStream(mix64(1 ^ s.am.stream))
		s.setUp()
		type player struct {
			i  int
			th uint64
		}
		players := func(full bool, t0, j int, k agents.CrisisType, lnS float64) []player {
			s.full = full
			s.draw = s.shocks.at(t0, j)
			s.signals(t0, j, k, lnS, 0)
			var out []player
			for _, pl := range s.players {
				out = append(out, player{pl.i, math.Float64bits(pl.threshold)})
			}
			return out
		}
		calls, skipped := 0, 0
		for t0 := 1; t0 <= 150; t0++ {
			for j := range s.n {
				if j == s.pop.Patron {
					continue
				}
				for k := range agents.CrisisType(nk) {
					base := s.m.logSeverity[k]
					for x := -60; x <= 60; x++ {
						lnS := base + float64(x)*0.02
						got, want := players(false, t0, j, k, lnS), players(true, t0, j, k, lnS)
						calls++
						skipped += len(want) - len(got)
						if fmt.Sprint(got) != fmt.Sprint(want) {
							t.Fatalf("noise %v t %d j %d %v lnS %v: players %v, computing every threshold %v", noise, t0, j, k, lnS, got, want)
						}
					}
				}
			}
		}
		s.full = false
		if skipped != 0 || calls == 0 {
			t.Fatalf("noise %v: %d calls, %d players left out", noise, calls, skipped)
		}
	}
}
