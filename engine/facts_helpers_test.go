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

// stateRows records every state's end-of-run record, per architecture, for
// one replicate (the facts read per-state targets from them, as runner
// calibrate reads the states table).
type stateRows [][]StateRecord

func (s *stateRows) RecordPeriod(int, *PeriodRecord) {}
func (s *stateRows) RecordState(a int, r *StateRecord) {
	for len(*s) <= a {
		*s = append(*s, nil)
	}
	(*s)[a] = append((*s)[a], *r)
}

// factStates is factRun with the states records: outcomes and records,
// [replicate][arch] and [replicate][arch][state].
func factStates(t testing.TB, seed int64, reps int, archNames []string, set map[string]float64) ([][]Outcome, []stateRows) {
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
	sc := presetScenario(t, p, r, nil, archNames...)
	run := NewRunner()
	out := make([][]Outcome, reps)
	recs := make([]stateRows, reps)
	for rep := range out {
		out[rep] = make([]Outcome, len(archNames))
		run.Run(sc, TaskSeed(seed, 0, rep), out[rep], &recs[rep])
	}
	return out, recs
}

// sumStates sums field f over the named states of architecture a's
// records.
func sumStates(rows stateRows, a int, names []string, f func(*StateRecord) float64) float64 {
	var s float64
	for i := range rows[a] {
		r := &rows[a][i]
		for _, n := range names {
			if r.Name == n {
				s += f(r)
			}
		}
	}
	return s
}

// ratioSE returns the ratio of the means of x and y (paired by replicate)
// and its delta-method standard error, SE² = (s²_x − 2R s_xy + R² s²_y) /
// (n ȳ²): the estimator runner calibrate uses for a ratio target
// (analysis.Target.Measure).
func ratioSE(x, y []float64) (r, se float64) {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	r = mx / my
	var sxx, syy, sxy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	v := (sxx - 2*r*sxy + r*r*syy) / (n - 1) / n / (my * my)
	return r, math.Sqrt(math.Max(v, 0))
}

// meanSEOf returns the mean and standard error of x.
func meanSEOf(x []float64) (mean, se float64) {
	n := float64(len(x))
	var s, ss float64
	for _, v := range x {
		s += v
	}
	mean = s / n
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / (n - 1) / n)
}
