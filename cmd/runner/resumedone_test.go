package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestResumeCompleteNotAnnounced: run and calibrate --resume on a
// complete directory say it is complete, without first announcing a run
// or calibration to write and its estimate (a review, stop 50); a shard
// still says its share of the tasks, even with -q.
func TestResumeCompleteNotAnnounced(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{}.write(t, base)
	out := filepath.Join(base, "out")
	mustRun(t, nil, "run", config, "-o", out, "-q")
	r := mustRun(t, nil, "run", config, "-o", out, "--resume")
	if !strings.Contains(r.stderr, "nothing to do") || strings.Contains(r.stderr, "writing") || strings.Contains(r.stderr, "estimated") {
		t.Errorf("--resume of a complete directory:\n%s", r.stderr)
	}
	shard := filepath.Join(base, "shard")
	mustRun(t, nil, "run", config, "-o", shard, "--shard", "1/2", "-q")
	r = mustRun(t, nil, "run", config, "-o", shard, "--shard", "1/2", "--resume", "-q")
	if r.stderr != "runner: shard 1/2 (from --shard): tasks [11, 22)\n" {
		t.Errorf("--resume -q of a complete shard:\n%s", r.stderr)
	}
	cal := writeText(t, base, "cal.yaml", strings.Replace(calCLI, "evaluations: 12", "evaluations: 2", 1))
	c := filepath.Join(base, "cal")
	mustRun(t, nil, "calibrate", cal, "-o", c, "-q")
	r = mustRun(t, nil, "calibrate", cal, "-o", c, "--resume")
	if !strings.Contains(r.stderr, "nothing to do") || strings.Contains(r.stderr, "writing") || strings.Contains(r.stderr, "estimated") {
		t.Errorf("calibrate --resume of a complete directory:\n%s", r.stderr)
	}
}
