package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kindCalConfig is a tiny calibration; `runner run` takes it too (its one
// point), so a run's and a calibration's directory share a config hash.
const kindCalConfig = `name: kinds
seed: 5
replicates: 3
periods: 12
architectures: [none, hub_and_spokes]
calibration:
  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}
  targets:
    - {name: challenges, outcome: challenges, architecture: hub_and_spokes, range: [3, 4]}
  optimizer: {evaluations: 3}
output:
  plots: false
`

// TestKindExit: the command line maps a directory of the wrong kind to
// exit 2, with the directory, the kind found and the kind wanted on stderr.
func TestKindExit(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := filepath.Join(base, "kinds.yaml")
	if err := os.WriteFile(config, []byte(kindCalConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	cal, run := filepath.Join(base, "cal"), filepath.Join(base, "run")
	mustRun(t, nil, "calibrate", config, "-o", cal, "--workers", "2", "--quiet")
	mustRun(t, nil, "run", config, "-o", run, "--workers", "2", "--quiet")

	r := runner(t, nil, "run", config, "-o", cal, "--resume", "--quiet")
	wantExit(t, r, 2, cal, `kind "calibration"`, `wants kind "run" or "merge"`)
	r = runner(t, nil, "calibrate", config, "-o", run, "--resume", "--quiet")
	wantExit(t, r, 2, run, `kind "run"`, `wants kind "calibration"`)
	r = runner(t, nil, "merge", "-o", filepath.Join(base, "merged"), cal)
	wantExit(t, r, 2, cal, `kind "calibration"`, `wants kind "shard", "run" or "merge"`)
	if exists(filepath.Join(base, "merged")) {
		t.Error("a refused merge created its output")
	}

	// verify follows the kind: the run's 3 tasks are all re-run, so its
	// whole tables are recomputed too; the calibration's 3 evaluations
	// are re-run and its tables written again from its trace.
	r = mustRun(t, nil, "verify", run)
	if !strings.Contains(r.stdout, "3 of its 3 tasks re-run to the same rows; the tables and codebook recomputed from the runs match the stored ones") {
		t.Errorf("verify of the run: %s", r)
	}
	r = mustRun(t, nil, "verify", run, "--tables=false")
	if !strings.Contains(r.stdout, "; the tables were not recomputed") {
		t.Errorf("verify --tables=false of the run: %s", r)
	}
	// --tables=false wins over --sample all: the note said that --sample
	// all recomputes the tables, where it had just been given (a review,
	// stop 50).
	r = mustRun(t, nil, "verify", run, "--sample", "all", "--tables=false")
	if !strings.Contains(r.stdout, "; the tables were not recomputed (--tables=false)\n") {
		t.Errorf("verify --sample all --tables=false of the run: %s", r)
	}
	r = mustRun(t, nil, "verify", cal)
	if !strings.Contains(r.stdout, "3 of its 3 evaluations (the best included) re-run to the same targets; the tables and calibrated.yaml written again from the trace match the stored ones\n") {
		t.Errorf("verify of the calibration: %s", r)
	}
	r = mustRun(t, nil, "verify", cal, "--tables=false")
	// It says what it did not check (a review, stop 54: silent), and not
	// figures that a `plots: false` calibration has none of (a review,
	// stop 54; TestVerifyCalibrationFiguresNotDrawn has some).
	if !strings.Contains(r.stdout, "3 of its 3 evaluations (the best included) re-run to the same targets; the tables, codebook and calibrated.yaml were not written again from the trace (--tables=false)\n") {
		t.Errorf("verify --tables=false of the calibration: %s", r)
	}
}

// TestVerifyCalibrationFiguresNotDrawn: verify --tables=false of a
// calibration with figures says they were not drawn again, as it says of
// its tables (a review, stop 54; TestKindExit's has none, and is told of
// none).
func TestVerifyCalibrationFiguresNotDrawn(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := writeText(t, base, "figs.yaml", strings.Replace(strings.Replace(calCLI, "plots: false", "plots: true", 1), "evaluations: 12", "evaluations: 2", 1))
	cal := filepath.Join(base, "cal")
	mustRun(t, nil, "calibrate", config, "-o", cal, "-q")
	r := mustRun(t, nil, "verify", cal, "--tables=false")
	if !strings.Contains(r.stdout, "; the tables, codebook and calibrated.yaml were not written again from the trace, nor the figures drawn again (--tables=false)\n") {
		t.Errorf("verify --tables=false of a calibration with figures: %s", r)
	}
}
