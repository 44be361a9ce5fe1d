package experiments

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
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
