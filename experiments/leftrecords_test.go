package experiments

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"pactsim/output"
)

// TestResumeRemovesLeftRecords (a review of interrupted commands, stop 48):
// a run or calibration killed after it wrote its manifest but before it
// removed the records of an unfinished directory (the parts journal and
// task range, the trace's checksums) left them in the complete directory
// for good: --resume called it complete, exit 0, and kept them, so a run
// interrupted there never ended with the files of an uninterrupted one.
// --resume of a complete directory now removes them.
func TestResumeRemovesLeftRecords(t *testing.T) {
	t.Parallel()
	t.Run("run", func(t *testing.T) {
		t.Parallel()
		c := pcfg{}
		ref := reference(t, c)
		plan, dir := runStopped(t, c, 1, RunOptions{})
		// The records as the run keeps them while it works.
		left := map[string][]byte{}
		for _, name := range []string{output.JournalName, output.TasksName} {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			left[name] = data
		}
		mustRun(t, plan, dir, RunOptions{Resume: true})
		// Killed between the manifest and their removal.
		for name, data := range left {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if res := mustRun(t, plan, dir, RunOptions{Resume: true}); !res.Complete {
			t.Fatal("--resume did not find the directory complete")
		}
		for name := range left {
			if exists(filepath.Join(dir, name)) {
				t.Errorf("%s is still there after --resume of the complete directory", name)
			}
		}
		sameFiles(t, ref, dir)
	})
	t.Run("calibration", func(t *testing.T) {
		t.Parallel()
		plan := calPlan(t, 6)
		dir := filepath.Join(t.TempDir(), "cal")
		stop := errors.New("stopped by the test")
		if _, err := calibrate(t, plan, dir, CalibrateOptions{AfterEvaluation: func(n int) error {
			if n == 3 {
				return stop
			}
			return nil
		}}); !errors.Is(err, stop) {
			t.Fatalf("stopped calibration: %v", err)
		}
		sums := filepath.Join(dir, "calibration", output.TraceSumsName)
		data, err := os.ReadFile(sums)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := calibrate(t, plan, dir, CalibrateOptions{Resume: true}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(sums, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := calibrate(t, plan, dir, CalibrateOptions{Resume: true})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Complete {
			t.Fatal("--resume did not find the calibration complete")
		}
		if exists(sums) {
			t.Errorf("%s is still there after --resume of the complete calibration", sums)
		}
	})
}
