package engine

import (
	"math"
	"os"
	"strings"
	"testing"

	"pactsim/agents/param"
)

// Referee probes of the model 2.0 roster columns through what they deny
// (docs/model.md secs. 4.4, 9.7 and 22; a review, stop 51): a column
// changed in a copy of the built-in roster, the same replicates on both
// copies (the task seed is the roster's neither), paired per replicate.

// columnRun is one roster's runs: per architecture and replicate, the
// run's outcomes and the named state's grey-zone challenges received.
type columnRun struct {
	out   [][]Outcome // [arch][rep]
	grey  [][]float64 // [arch][rep], the state's challenges_received_grey_zone
	state string
}

func (c *columnRun) RecordPeriod(int, *PeriodRecord) {}
func (c *columnRun) RecordState(a int, r *StateRecord) {
	if r.Name == c.state {
		c.grey[a] = append(c.grey[a], float64(r.ChallengesReceivedGreyZone))
	}
}

func runColumns(t *testing.T, e *rosterEdit, state string, archs []string, seed int64, reps int) *columnRun {
	t.Helper()
	r, err := e.parse()
	if err != nil {
		t.Fatal(err)
	}
	sc := presetScenario(t, param.Defaults(), r, nil, archs...)
	c := &columnRun{out: make([][]Outcome, len(archs)), grey: make([][]float64, len(archs)), state: state}
	run := NewRunner()
	out := make([]Outcome, len(archs))
	for rep := range reps {
		run.Run(sc, TaskSeed(seed, 0, rep), out, c)
		for a := range archs {
			c.out[a] = append(c.out[a], out[a])
		}
	}
	return c
}

// pairedDiff is the mean of y − x and its z (mean over its standard error).
func pairedDiff(x, y []float64) (mean, z float64) {
	d := make([]float64, len(x))
	for i := range x {
		d[i] = y[i] - x[i]
	}
	m, se := meanSEOf(d)
	if se == 0 {
		return m, 0
	}
	return m, m / se
}

func outcomeSeries(rs []Outcome, k OutcomeID) []float64 {
	x := make([]float64, len(rs))
	for i := range rs {
		x[i] = rs[i].Value[k]
	}
	return x
}

func docHas(t *testing.T, ss ...string) {
	t.Helper()
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	for _, s := range ss {
		if !strings.Contains(text, s) {
			t.Errorf("docs/model.md does not state %q", s)
		}
	}
}

// TestProbeHelperPresence pins docs/model.md sec. 22's "A helper's
// presence counts in every target's waters": with India never a grey-zone
// target (its dispute_grey_zone set to 0 in both copies), lowering India's
// presence from the roster's 0.60 (border forces on the Line of Actual
// Control, sec. 15) to 0.05 raises the Philippines' grey-zone challenges
// and the region's grey-zone failures under every architecture, `none`
// included, since K_ig reads the responder's own ψ_i in the target's
// crisis (sec. 4.4) and India's ad hoc link reaches every target (sec.
// 6.1). Seed 31, 1,000 replicates. Tolerances: the stated means to their
// printed rounding, and each change beyond 3 paired standard errors.
func TestProbeHelperPresence(t *testing.T) {
	if testing.Short() {
		t.Skip("8,000 runs")
	}
	const reps = 1000
	archs := []string{"none", "hub_and_spokes", "treaty", "layered"}
	noDispute := func() *rosterEdit { return builtinRows(t).set("dispute_grey_zone", "0", named("IN")) }
	base := runColumns(t, noDispute(), "PH", archs, 31, reps)
	low := runColumns(t, noDispute().set("presence", "0.05", named("IN")), "PH", archs, 31, reps)
	want := []struct{ ph, fail, sev float64 }{
		{0.140, 0.836, 0.914}, // none
		{0.199, 1.016, 0.977}, // hub_and_spokes
		{0.169, 0.876, 0.815}, // treaty
		{0.151, 0, 0},         // layered: the Philippines only
	}
	for a, name := range archs {
		ph, zph := pairedDiff(base.grey[a], low.grey[a])
		fail, zf := pairedDiff(outcomeSeries(base.out[a], FailuresGreyZone), outcomeSeries(low.out[a], FailuresGreyZone))
		sev, zs := pairedDiff(outcomeSeries(base.out[a], SeverityLoss), outcomeSeries(low.out[a], SeverityLoss))
		t.Logf("%s: PH grey-zone challenges %+.4f (z %.1f), grey-zone failures %+.4f (z %.1f), severity %+.4f (z %.1f)", name, ph, zph, fail, zf, sev, zs)
		if math.Abs(ph-want[a].ph) > 0.0005 || zph < 3 {
			t.Errorf("%s: PH grey-zone challenges %+.4f (z %.1f), want %+.3f beyond 3 SE", name, ph, zph, want[a].ph)
		}
		if want[a].fail == 0 {
			continue
		}
		if math.Abs(fail-want[a].fail) > 0.0005 || zf < 3 {
			t.Errorf("%s: grey-zone failures %+.4f (z %.1f), want %+.3f beyond 3 SE", name, fail, zf, want[a].fail)
		}
		if math.Abs(sev-want[a].sev) > 0.0005 || zs < 3 {
			t.Errorf("%s: severity %+.4f (z %.1f), want %+.3f beyond 3 SE", name, sev, zs, want[a].sev)
		}
	}
	docHas(t, "the Philippines' grey-zone challenges rise by 0.140 a run under `none`, 0.199 under `hub_and_spokes`, 0.169 under `treaty` and 0.151 under `layered`",
		"the region's grey-zone failures by 0.84, 1.02 and 0.88 and `severity_loss` by 0.91, 0.98 and 0.82 under the first three")
}

// TestProbeSpendingShare pins docs/model.md sec. 22's "A higher spending
// share in the roster lowers a state's denial": the Philippines'
// defence_gdp raised from 1.3 to 3.5 leaves every `none` run as it was (no
// ask), lowers capability_growth and burden_cost, and raises the
// Philippines' grey-zone challenges and the run's grey-zone failures and
// severity under `hub_and_spokes` and `treaty`, since the capability
// multiplier m_i grows with spending relative to f_i0 (sec. 9.7) and so
// stays at 1 for a state that already meets the ask. Seed 31, 1,000
// replicates. Tolerances: the stated means to their printed rounding, each
// change beyond 3 paired standard errors; `none` exactly equal.
func TestProbeSpendingShare(t *testing.T) {
	if testing.Short() {
		t.Skip("6,000 runs")
	}
	const reps = 1000
	archs := []string{"none", "hub_and_spokes", "treaty"}
	base := runColumns(t, builtinRows(t), "PH", archs, 31, reps)
	high := runColumns(t, builtinRows(t).set("defence_gdp", "3.5", named("PH")), "PH", archs, 31, reps)
	for rep := range reps {
		if base.out[0][rep].Value != high.out[0][rep].Value || base.grey[0][rep] != high.grey[0][rep] {
			t.Fatalf("none, replicate %d: the spending share moved a run with no ask", rep)
		}
	}
	want := []struct{ ph, fail, sev float64 }{{}, {0.265, 0.285, 0.285}, {0.120, 0.082, 0.089}}
	for a := 1; a < len(archs); a++ {
		ph, zph := pairedDiff(base.grey[a], high.grey[a])
		fail, zf := pairedDiff(outcomeSeries(base.out[a], FailuresGreyZone), outcomeSeries(high.out[a], FailuresGreyZone))
		sev, zs := pairedDiff(outcomeSeries(base.out[a], SeverityLoss), outcomeSeries(high.out[a], SeverityLoss))
		growth, _ := pairedDiff(outcomeSeries(base.out[a], CapabilityGrowth), outcomeSeries(high.out[a], CapabilityGrowth))
		cost, _ := pairedDiff(outcomeSeries(base.out[a], BurdenCost), outcomeSeries(high.out[a], BurdenCost))
		t.Logf("%s: PH grey-zone challenges %+.4f (z %.1f), grey-zone failures %+.4f (z %.1f), severity %+.4f (z %.1f), capability_growth %+.4f, burden_cost %+.4f",
			archs[a], ph, zph, fail, zf, sev, zs, growth, cost)
		w := want[a]
		if math.Abs(ph-w.ph) > 0.0005 || zph < 3 || math.Abs(fail-w.fail) > 0.0005 || zf < 3 || math.Abs(sev-w.sev) > 0.0005 || zs < 3 {
			t.Errorf("%s: PH grey-zone %+.4f (z %.1f), failures %+.4f (z %.1f), severity %+.4f (z %.1f); want %+.3f, %+.3f, %+.3f, each beyond 3 SE",
				archs[a], ph, zph, fail, zf, sev, zs, w.ph, w.fail, w.sev)
		}
		if growth >= 0 || cost >= 0 {
			t.Errorf("%s: capability_growth %+.4f and burden_cost %+.4f should both fall", archs[a], growth, cost)
		}
	}
	docHas(t, "its grey-zone challenges rise by 0.265 a run under `hub_and_spokes` and 0.120 under `treaty`, the run's grey-zone failures by 0.285 and 0.082 and `severity_loss` by 0.285 and 0.089")
}
