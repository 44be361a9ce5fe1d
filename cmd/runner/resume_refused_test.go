package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestResumeOfConfigRefusedSince: a calibration begun with a config that a
// later check refuses for a new run (two targets on one quantity with
// disjoint ranges, refused since stop 54) is still finished by --resume,
// given the config or the directory's own config.yaml, into -o or the
// default results/NAME-calibration, with a note; a new
// run of it, and a --resume into a directory begun with another config,
// are still refused, exit 2 (a review, stop 54: both resumes were refused,
// so a directory begun the stop before could not be finished). The
// directory "begun the stop before" is made by writing the refused
// config's resolved form as its config.yaml, as that version did.
func TestResumeOfConfigRefusedSince(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	conf := func(bLow string) string {
		return "name: conf\nseed: 1\nreplicates: 4\nperiods: 8\narchitectures: [none, hub_and_spokes]\ncalibration:\n  parameters:\n    adversary.threshold: {min: 1.4, max: 2.1}\n  targets:\n" +
			"    - {name: A, outcome: hazard_armed, architecture: hub_and_spokes, range: [0, 0.01]}\n" +
			"    - {name: B, outcome: hazard_armed, architecture: hub_and_spokes, range: [" + bLow + ", 1]}\n" +
			"  optimizer: {method: cmaes, evaluations: 4, start: defaults}\n"
	}
	for name, text := range map[string]string{"ok.yaml": conf("0"), "refused.yaml": conf("0.5")} {
		if err := os.WriteFile(filepath.Join(work, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runner := func(args ...string) (int, string) {
		cmd := exec.Command(runnerBin, args...)
		cmd.Env, cmd.Dir = cleanEnv(), work
		var se bytes.Buffer
		cmd.Stderr = &se
		_ = cmd.Run()
		return cmd.ProcessState.ExitCode(), se.String()
	}
	if code, se := runner("calibrate", "ok.yaml", "-o", "base", "-q"); code != 0 {
		t.Fatalf("calibrate ok.yaml: exit %d\n%s", code, se)
	}
	base, err := os.ReadFile(filepath.Join(work, "base", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const okB, refusedB = "range: [0, 1]", "range: [0.5, 1]"
	if bytes.Count(base, []byte(okB)) != 1 {
		t.Fatalf("the resolved config does not hold B's %q once:\n%s", okB, base)
	}
	begun := bytes.Replace(base, []byte(okB), []byte(refusedB), 1)
	deflt := filepath.Join("results", "conf-calibration") // -o's default
	for dir, data := range map[string][]byte{"begun": begun, "begun2": begun, "other": base, deflt: begun} {
		if err := os.MkdirAll(filepath.Join(work, dir), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, dir, "config.yaml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const refusal = "no point meets both"
	if code, se := runner("calibrate", "refused.yaml", "-o", "new"); code != 2 || !strings.Contains(se, refusal) {
		t.Errorf("a new calibration of refused.yaml: want exit 2 saying %q, got exit %d\n%s", refusal, code, se)
	}
	if code, se := runner("calibrate", "refused.yaml", "-o", "other", "--resume"); code != 2 || !strings.Contains(se, refusal) {
		t.Errorf("--resume into a directory begun with another config: want exit 2 saying %q, got exit %d\n%s", refusal, code, se)
	}
	for _, c := range []struct {
		args []string
		dir  string
	}{
		{[]string{"calibrate", "refused.yaml", "-o", "begun", "--resume"}, "begun"},
		{[]string{"calibrate", filepath.Join("begun2", "config.yaml"), "-o", "begun2", "--resume"}, "begun2"},
		{[]string{"calibrate", "refused.yaml", "--resume"}, deflt},
	} {
		code, se := runner(c.args...)
		if code != 0 || !strings.Contains(se, "resumed all the same") || !strings.Contains(se, refusal) {
			t.Errorf("runner %q: want exit 0 with a note naming the refusal, got exit %d\n%s", c.args, code, se)
		}
		if _, err := os.Stat(filepath.Join(work, c.dir, "manifest.json")); err != nil {
			t.Errorf("runner %q: the calibration was not finished: %v", c.args, err)
		}
	}
}
