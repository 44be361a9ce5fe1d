package engine

import (
	"math"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// factRun runs reps replicates of the named preset architectures at the
// given parameter overrides and returns every outcome, [replicate][arch].
func factRun(t testing.TB, seed int64, reps int, archNames []string, set map[string]float64, probe *Probe) [][]Outcome {
	t.Helper()
	p := param.Defaults()
	for k, v := range set {
		if err := p.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	r, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	sc := presetScenario(t, p, r, probe, archNames...)
	run := NewRunner()
	out := make([][]Outcome, reps)
	for rep := range out {
		out[rep] = make([]Outcome, len(archNames))
		run.Run(sc, TaskSeed(seed, 0, rep), out[rep], nil)
	}
	return out
}

// meanSE returns the mean and standard error of f over replicates where it
// is defined.
func meanSE(rows [][]Outcome, f func([]Outcome) (float64, bool)) (mean, se float64, n int) {
	var s, ss float64
	for _, r := range rows {
		x, ok := f(r)
		if !ok {
			continue
		}
		s += x
		ss += x * x
		n++
	}
	if n == 0 {
		return math.NaN(), math.NaN(), 0
	}
	mean = s / float64(n)
	if n > 1 {
		se = math.Sqrt((ss/float64(n) - mean*mean) / float64(n-1))
	}
	return mean, se, n
}

func col(a int, k OutcomeID) func([]Outcome) (float64, bool) {
	return func(r []Outcome) (float64, bool) { return r[a].Get(k) }
}

func diff(a, b int, k OutcomeID) func([]Outcome) (float64, bool) {
	return func(r []Outcome) (float64, bool) {
		x, okx := r[a].Get(k)
		y, oky := r[b].Get(k)
		return x - y, okx && oky
	}
}
