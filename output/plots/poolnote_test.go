package plots

import (
	"strings"
	"testing"

	"pactsim/engine"
)

// TestMechanismsNotesFewRuns (a review, stop 51): in treaty-vs-layered
// (5 points × 1000 replicates) hub_and_spokes's honour rate rests on 11
// of the 5000 runs and treaty_plus_cells's on 260, a fifth of its weight
// on 2 runs at one point; the figure said "3 of 5 points" for the first and
// nothing for the second, beside layered's mean over 4748 runs. The note
// gives the runs where they are fewer than all at fewer points, or fewer
// than half at every point, and stays silent for a mean over most runs.
func TestMechanismsNotesFewRuns(t *testing.T) {
	r := &results{
		points:        []designPoint{{index: 0}, {index: 1}, {index: 2}, {index: 3}, {index: 4}},
		architectures: []string{"hub_and_spokes", "layered", "treaty_plus_cells"},
		pools:         map[archOutcome]*pool{},
	}
	hub, layered, tpc := &pool{}, &pool{}, &pool{}
	for _, n := range []int64{8, 1, 2, 0, 0} {
		s := stat{n: n, mean: 0.5, se: 0.1}
		if n == 0 {
			s = stat{n: 0, mean: nan(), se: nan()}
		} else if n == 1 {
			s.se = nan()
		}
		hub.add(s)
	}
	for _, n := range []int64{952, 945, 955, 958, 938} {
		layered.add(stat{n: n, mean: 0.3, se: 0.01})
	}
	for _, n := range []int64{90, 87, 56, 25, 2} {
		tpc.add(stat{n: n, mean: 0.3, se: 0.05})
	}
	r.pools[archOutcome{"hub_and_spokes", col(engine.HonourRate)}] = hub
	r.pools[archOutcome{"layered", col(engine.HonourRate)}] = layered
	r.pools[archOutcome{"treaty_plus_cells", col(engine.HonourRate)}] = tpc
	got := svgText(t)(mechanismFigure(t.Context(), r, Meta{Name: "m", Seed: 1, Replicates: 1000}))
	for _, want := range []string{"3 of 5 points, 11 of 5000 runs", "260 of 5000 runs"} {
		if n := strings.Count(got, want); n != 1 {
			t.Errorf("the figure notes %q %d times, want once", want, n)
		}
	}
	if strings.Contains(got, "4748") {
		t.Error("a mean over most runs at every point carries a note")
	}
	for _, c := range []struct {
		pl                 *pool
		points, replicates int
		want               string
	}{
		{&pool{n: 40, points: 1}, 1, 40, ""},
		{&pool{n: 3, points: 1}, 1, 40, "3 of 40 runs"},
		{&pool{n: 80, points: 2}, 3, 40, "2 of 3 points, 80 of 120 runs"},
		{&pool{n: 50, points: 2}, 3, 0, "2 of 3 points"},
		{nil, 3, 40, ""},
	} {
		if got := poolNote(c.pl, c.points, c.replicates); got != c.want {
			t.Errorf("poolNote(%+v, %d, %d) = %q, want %q", c.pl, c.points, c.replicates, got, c.want)
		}
	}
}
