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

// stateSums are the sums over one run's state records that sec. 13's
// state-based outcomes are computed from (docs/model.md sec. 13), in
// roster order; TestOutcomesAsStated and the probe codebook check both
// recompute the outcomes from them.
type stateSums struct {
	recv                                          [nk]int // challenges received, by type
	fa, committed, honoured, members              int
	hedgers, hedgersIn                            int
	treatyMember                                  bool
	hazard, belief, interop, realign, capH, capIn float64
	gdp, loss, capSum, capEnd                     float64
}

// outcomeSums sums the records sts of states whose model 2.0 columns are
// dom, with the capability elasticity eta; the spending multiplier is 1
// with burden-sharing off (burdenOn false), as sec. 9.7 has it.
func outcomeSums(sts []StateRecord, dom func(i int) *agents.DomainSpec, eta float64, burdenOn bool) stateSums {
	var a stateSums
	for i, st := range sts {
		d := dom(i)
		a.recv[agents.GreyZone] += st.ChallengesReceivedGreyZone
		a.recv[agents.EconomicCoercion] += st.ChallengesReceivedEconomic
		a.recv[agents.Blockade] += st.ChallengesReceivedBlockade
		a.recv[agents.ArmedAttack] += st.ChallengesReceivedArmed
		a.fa += st.FaitAccompliSuffered
		a.hazard += st.HazardReceived
		a.committed += st.Committed
		a.honoured += st.Honoured
		if st.Mechanisms > 0 {
			a.members++
		}
		if st.TreatyMember {
			a.treatyMember = true
		}
		if st.Role == agents.Hedger {
			a.hedgers++
			a.capH += st.Capability
			if st.Mechanisms > 0 {
				a.hedgersIn++
				a.capIn += st.Capability
			}
			a.realign += st.Autonomy - st.AutonomyEnd
		}
		a.belief += st.BeliefEnd
		a.interop += st.InteropEnd
		a.gdp += d.GDPRel
		a.loss += st.EconomicLoss * d.GDPRel
		a.capSum += st.Capability
		mult := 1.0
		if burdenOn {
			mult = 1 + eta*(st.SpendingEnd-d.DefenceGDP)/d.DefenceGDP
		}
		a.capEnd += st.Capability * mult
	}
	return a
}
