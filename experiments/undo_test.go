package experiments

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
)

// midwayRule is a rule of the config that the decoder did not apply, met
// at an evaluation or a part, as a calibration met an evaluation's values
// the engine refused (a hostile review).
var midwayRule = &ConfigError{File: "c.yaml", Line: 3, Key: "calibration.parameters.x", Msg: "refused here"}

// wantUndone checks that a fresh run or calibration stopped by midwayRule
// left nothing: dir removed with the folder above it that it made, or,
// when dir was there before, emptied but for its lock.
func wantUndone(t *testing.T, err error, dir, made string, before bool) {
	t.Helper()
	var ce *ConfigError
	if !errors.As(err, &ce) || !errors.Is(err, ErrUsage) || ce.Line != 3 || ce.Key != "calibration.parameters.x" {
		t.Fatalf("got %v, want the config error", err)
	}
	if !before {
		if _, err := os.Lstat(made); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s is left (%v); error %v", made, err, ce)
		}
		if !strings.Contains(ce.Msg, "was removed: nothing of it was kept") {
			t.Errorf("message %q does not say the directory was removed", ce.Msg)
		}
		return
	}
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Name() != output.LockName {
			t.Errorf("%s is left in %s; error %v", e.Name(), dir, ce)
		}
	}
	if !strings.Contains(ce.Msg, "was emptied: nothing of it was kept") {
		t.Errorf("message %q does not say the directory was emptied", ce.Msg)
	}
}

// A fresh calibration that meets a *ConfigError after it wrote its
// directory (config.yaml, .lock, calibration/trace.csv) removes it: exit
// 2 with nothing half-written (a hostile review).
func TestCalibrateConfigErrorLeavesNothing(t *testing.T) {
	plan := calPlan(t, 16)
	for _, before := range []bool{false, true} {
		root := t.TempDir()
		made := filepath.Join(root, "a")
		dir := filepath.Join(made, "cal")
		if before {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		_, err := calibrate(t, plan, dir, CalibrateOptions{AfterEvaluation: func(n int) error {
			if n == 3 {
				if !exists(filepath.Join(dir, filepath.FromSlash(output.TableTrace)+".csv")) {
					t.Error("no trace written by the third evaluation")
				}
				return midwayRule
			}
			return nil
		}})
		wantUndone(t, err, dir, made, before)
	}
}

// A fresh run that meets a *ConfigError after its first part removes its
// directory the same way; another error leaves it for --resume.
func TestRunConfigErrorLeavesNothing(t *testing.T) {
	plan := pcfg{}.plan(t)
	for _, before := range []bool{false, true} {
		root := t.TempDir()
		made := filepath.Join(root, "a")
		dir := filepath.Join(made, "out")
		if before {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		_, err := run(t, plan, dir, RunOptions{AfterPart: func(parts int) error {
			if !exists(filepath.Join(dir, "config.yaml")) {
				t.Error("no config.yaml written by the first part")
			}
			return midwayRule
		}})
		wantUndone(t, err, dir, made, before)
	}
	dir := filepath.Join(t.TempDir(), "out")
	stop := errors.New("stopped by the test")
	if _, err := run(t, plan, dir, RunOptions{AfterPart: func(int) error { return stop }}); !errors.Is(err, stop) {
		t.Fatalf("got %v", err)
	}
	if !exists(filepath.Join(dir, "config.yaml")) {
		t.Error("a run stopped by another error lost its config.yaml, which --resume needs")
	}
}
