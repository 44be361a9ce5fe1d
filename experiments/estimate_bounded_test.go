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

// TestEstimateSummaryTimingBounded (a scale review): the summary step's
// timing writes rows for every pair of architectures at each of its
// points, so a plan of many architectures just over timedLargePoints was
// timed for longer than it runs (30 architectures at 40 points: validate
// 25 s, the run's summary 6 s; 100 architectures: over 150 s). Such a
// plan is not timed, and the estimate says why.
func TestEstimateSummaryTimingBounded(t *testing.T) {
	plan := mustParse(t, `name: many-architectures
seed: 3
replicates: 1
periods: 4
architectures:
  - {name: a1, base: treaty, mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU], obligation: 0.01}]}
  - {name: a2, base: treaty, mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU], obligation: 0.02}]}
  - {name: a3, base: treaty, mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU], obligation: 0.03}]}
  - {name: a4, base: treaty, mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU], obligation: 0.04}]}
  - {name: a5, base: treaty, mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU], obligation: 0.05}]}
  - {name: a6, base: treaty, mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU], obligation: 0.06}]}
  - {name: a7, base: treaty, mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU], obligation: 0.07}]}
  - {name: a8, base: treaty, mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU], obligation: 0.08}]}
  - {name: a9, base: treaty, mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU], obligation: 0.09}]}
  - {name: a10, base: treaty, mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU], obligation: 0.10}]}
  - {name: a11, base: treaty, mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU], obligation: 0.11}]}
  - {name: a12, base: treaty, mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU], obligation: 0.12}]}
sweep:
  design: lhs
  samples: 33
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
output:
  plots: false
`)
	if plan.NumPoints() <= timedLargePoints || summaryRows(plan, timingPoints) <= timedSummaryRows {
		t.Fatalf("the plan does not test what it should: %d points, %d rows", plan.NumPoints(), summaryRows(plan, timingPoints))
	}
	est, err := EstimateRun(t.Context(), plan, 0, plan.NumTasks(), 2, t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	if est.Calibrated == 0 || est.Summary != 0 || !strings.Contains(est.String(), "not timed: timing them would write") || !strings.Contains(est.Untimed, "rows of summary tables") {
		t.Errorf("the summary step timed by writing more rows than the run, or not said: %+v\n%s", est, est)
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

// TestOverPartFilesAdvice (a scale-out review, stop 46): a plan over the
// part-file limit is told to raise output.part_tasks, not to shard: the
// merge of its shards lists every part file in one manifest, as many as
// the run would (a shard under the limit passes, and its merge does not).
func TestOverPartFilesAdvice(t *testing.T) {
	over := Estimate{PartFiles: MaxPartFiles + 1}.Over()
	if len(over) != 1 || !strings.Contains(over[0], "raise output.part_tasks") || strings.Contains(over[0], "shard the run") {
		t.Errorf("over the part-file limit: %q, want the advice to raise output.part_tasks and not to shard", over)
	}
}

// TestEstimateTimesHeavyParts (a scale review): a plan of one point and
// few parts whose parts write many bytes (states and trajectories) is
// timed for its writing, which grows with the bytes, not the parts: 13
// parts of 1.6 GiB were estimated at the simulation's 10.9 s alone and
// ran 31.6 s. A plan as small in bytes as in parts is still not timed.
func TestEstimateTimesHeavyParts(t *testing.T) {
	const cfg = `name: heavy-parts
seed: 3
replicates: 6000
architectures: [treaty, layered]
output:
  plots: false
  tables: [runs, summary, contrasts, trajectories, states]
`
	plan := mustParse(t, cfg)
	est, err := EstimateRun(t.Context(), plan, 0, plan.NumTasks(), 2, t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	if est.Parts > timedParts || plan.NumPoints() > timedLargePoints || est.Bytes <= timedBytes {
		t.Fatalf("the plan does not test what it should: %d parts, %d points, %d bytes", est.Parts, plan.NumPoints(), est.Bytes)
	}
	if est.Untimed != "" || est.Writing <= 0 || !strings.Contains(est.String(), "of writing") {
		t.Errorf("parts of %d bytes not timed for their writing: %+v\n%s", est.Bytes, est, est)
	}
	light := mustParse(t, strings.Replace(cfg, "replicates: 6000", "replicates: 200", 1))
	le, err := EstimateRun(t.Context(), light, 0, light.NumTasks(), 2, t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	if le.Writing != 0 || le.Untimed != "" || strings.Contains(le.String(), "writing") {
		t.Errorf("a light plan was timed: %+v\n%s", le, le)
	}
}
