package experiments

import (
	"strings"
	"testing"
	"time"
)

// TestEstimateTimingBounded (a code review, stop 37): a plan just over the
// timing's thresholds whose tasks write megabytes is not timed by writing
// 7×16 tasks (3.4 times the run's own output) into TMPDIR: that took 2.0 s
// of a 2.9 s run. The estimate says why the writing was not timed.
func TestEstimateTimingBounded(t *testing.T) {
	plan := mustParse(t, `name: heavy
seed: 3
replicates: 1
periods: 4000
architectures: [none, treaty, layered]
sweep:
  design: lhs
  samples: 33
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
output:
  plots: false
  tables: [runs, summary, contrasts, trajectories, states]
`)
	est, err := EstimateRun(t.Context(), plan, 0, plan.NumTasks(), 2, t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	if est.Calibrated == 0 || !strings.Contains(est.Untimed, "timing them would write") || !strings.Contains(est.String(), "not timed: timing them would write") {
		t.Errorf("timed by writing more than the run, or not said: %+v\n%s", est, est)
	}
}

// TestOverSummaryAdvice (a code review, stop 37): a plan over the time
// limit mostly in its summary step is not told to shard, since the merge
// runs the summary step too; one mostly in simulation still is.
func TestOverSummaryAdvice(t *testing.T) {
	long := MaxDuration + time.Hour
	for _, tc := range []struct {
		summary time.Duration
		want    string
	}{
		{long * 3 / 4, "sweep fewer points or replicates"},
		{long / 4, "shard the run (--shard I/N)"},
	} {
		over := Estimate{Duration: long, Summary: tc.summary}.Over()
		if len(over) != 1 || !strings.Contains(over[0], tc.want) {
			t.Errorf("summary %v of %v: %q, want %q", tc.summary, long, over, tc.want)
		}
	}
}
