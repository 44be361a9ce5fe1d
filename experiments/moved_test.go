package experiments

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"pactsim/output"
)

// TestRunDirectoryMoved (a failure-injection review): a results directory
// moved or removed while the run drew its figures, and made again, empty,
// by a later write (the figures' os.MkdirAll), was sealed with a manifest
// of no rows, exit 0. The run now fails (not a usage error: exit 1)
// naming the directory, writes no manifest, and the moved directory
// still finishes with --resume to the reference's files. Not parallel:
// it sets the afterFinalize hook.
func TestRunDirectoryMoved(t *testing.T) {
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	for _, tc := range []struct {
		name   string
		moveTo func(dir string) string // moves dir away; returns where ("" removed)
	}{
		{"moved", func(dir string) string {
			to := dir + ".moved"
			if err := os.Rename(dir, to); err != nil {
				t.Fatal(err)
			}
			return to
		}},
		{"removed", func(dir string) string {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			return ""
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			moved := ""
			afterFinalize = func(d string) {
				moved = tc.moveTo(d)
				// What a later write did: the path made again, empty.
				if err := os.MkdirAll(filepath.Join(d, "plots"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			_, err := run(t, plan, dir, RunOptions{})
			afterFinalize = nil
			var me *output.MovedError
			if !errors.As(err, &me) {
				t.Fatalf("want a *output.MovedError, got %v", err)
			}
			wantFailure(t, err, dir, "was moved or removed while the run was writing it", "--resume")
			if exists(filepath.Join(dir, output.ManifestName)) {
				t.Fatal("a manifest was written into the directory made again")
			}
			if moved == "" {
				return
			}
			mustRun(t, plan, moved, RunOptions{Resume: true})
			sameFiles(t, ref, moved)
		})
	}
}

// TestCalibrationDirectoryMoved: a calibration's directory moved while it
// searched, or after its last evaluation while it wrote its tables and
// figures, is named as moved (exit 1), with the advice to --resume where
// it now is, which ends in the uninterrupted calibration's files; it was
// named as the failed write it caused ("plots: mkdir DIR/plots: no such
// file or directory"), with no advice (a review, stop 50).
func TestCalibrationDirectoryMoved(t *testing.T) {
	t.Parallel()
	plan := calPlan(t, 16)
	ref := filepath.Join(t.TempDir(), "ref")
	res, err := calibrate(t, plan, ref, CalibrateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Evaluations < 4 {
		t.Fatalf("the reference stopped after %d evaluations; the test needs more than 3", res.Evaluations)
	}
	for _, at := range []int{3, res.Evaluations} {
		dir := filepath.Join(t.TempDir(), "out")
		moved := dir + ".moved"
		_, err := calibrate(t, plan, dir, CalibrateOptions{Workers: 1, AfterEvaluation: func(n int) error {
			if n == at {
				return os.Rename(dir, moved)
			}
			return nil
		}})
		var me *output.MovedError
		if !errors.As(err, &me) {
			t.Fatalf("moved after evaluation %d: want a *output.MovedError, got %v", at, err)
		}
		wantFailure(t, err, dir, "was moved or removed while the calibration was writing it", "--resume")
		if _, err := calibrate(t, plan, moved, CalibrateOptions{Resume: true}); err != nil {
			t.Fatalf("--resume where it was moved after evaluation %d: %v", at, err)
		}
		sameFiles(t, ref, moved)
	}
}
