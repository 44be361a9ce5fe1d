package experiments

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEstimateManyParameters: the estimated output of a design of many
// swept parameters and a treaty is near what the run writes. Every row of
// the summary and contrasts repeats each swept value, and a treaty doubles
// their rows in the by-formation twins: with a flat 300 bytes a row and no
// twins, the shipped where-layered-wins.yaml was estimated at 396 MiB and
// wrote 1.5 GB. Here it runs at 64 points and 2 replicates, without
// figures (a stated allowance); the estimate must be within a factor of
// 1.5 of the bytes written (it errs long, by some 30%).
func TestEstimateManyParameters(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile("where-layered-wins.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.NewReplacer("samples: 4096", "samples: 64", "replicates: 40", "replicates: 2").Replace(string(text))
	cfg = cfg[:strings.Index(cfg, "\nanalysis:")] + "\noutput: {plots: false}\n"
	plan := mustParse(t, cfg)
	if n := len(plan.Config.Sweep.Parameters); n < 10 || plan.NumPoints() != 64 {
		t.Fatalf("%d swept parameters, %d points: the shipped config changed", n, plan.NumPoints())
	}
	dir := filepath.Join(t.TempDir(), "out")
	est, err := EstimateRun(context.Background(), plan, 0, plan.NumTasks(), 2, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, plan, dir, RunOptions{}); err != nil {
		t.Fatal(err)
	}
	var wrote int64
	err = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		wrote += info.Size()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r := float64(est.Bytes) / float64(wrote)
	t.Logf("estimated %d bytes, wrote %d (ratio %.2f)", est.Bytes, wrote, r)
	if r < 1/1.5 || r > 1.5 {
		t.Errorf("estimated %d bytes, wrote %d: ratio %.2f, want within a factor of 1.5", est.Bytes, wrote, r)
	}
}

// TestEstimateSensitivity: an unsharded run's estimate counts the
// sensitivity analysis that follows its tasks (review, stop 26: validate
// estimated 0.7 s for a run whose bootstrap of 10^6 resamples took 6 s, as
// the estimate counted tasks only), for both methods; a plan without one,
// or a shard, which runs no analysis, counts none.
func TestEstimateSensitivity(t *testing.T) {
	t.Parallel()
	analysis := "analysis:\n  quantities:\n    - {outcome: severity_loss, architecture: treaty}\n  sensitivity: {bootstrap: 2000}\n"
	for _, sweep := range []string{saltelliSweep, morrisSweep} {
		plan := mustParse(t, analysisHead+sweep+analysis)
		est, err := EstimateRun(t.Context(), plan, 0, plan.NumTasks(), 1, t.TempDir(), true)
		if err != nil {
			t.Fatal(err)
		}
		if est.Analysis <= 0 || est.Duration < est.Analysis || !strings.Contains(est.String(), "of sensitivity analysis") {
			t.Errorf("%s: analysis %v of %v: %s", plan.Config.Sweep.Design, est.Analysis, est.Duration, est)
		}
		shard, err := EstimateRun(t.Context(), plan, 0, plan.NumTasks()/2, 1, t.TempDir(), false)
		if err != nil {
			t.Fatal(err)
		}
		if shard.Analysis != 0 {
			t.Errorf("%s: a shard's estimate counts %v of analysis", plan.Config.Sweep.Design, shard.Analysis)
		}
		// A plan whose tasks alone saturate the estimate: the analysis
		// added to it must not wrap it negative, which hid the time limit
		// (review, stop 26).
		huge := mustParse(t, strings.Replace(analysisHead, "replicates: 2", "replicates: 2147483647", 1)+sweep+analysis)
		big, err := EstimateRun(t.Context(), huge, 0, huge.NumTasks(), 1, t.TempDir(), true)
		if err != nil {
			t.Fatal(err)
		}
		if big.Duration <= MaxDuration || !slices.ContainsFunc(big.Over(), func(o string) bool { return strings.Contains(o, "of computing") }) {
			t.Errorf("%s, 2^31 − 1 replicates: estimated %v, over %q", plan.Config.Sweep.Design, big.Duration, big.Over())
		}
		none := mustParse(t, analysisHead+sweep)
		if est, err := EstimateRun(t.Context(), none, 0, none.NumTasks(), 1, t.TempDir(), true); err != nil || est.Analysis != 0 {
			t.Errorf("%s without quantities: analysis %v, %v", none.Config.Sweep.Design, est.Analysis, err)
		}
	}
}
