package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestForceSaysWhatItReplaced: run, calibrate and merge --force name the
// kind of results directory they replaced, even with -q: a finished shard
// replaced by a calibration, a calibration by a run, a merge by a merge,
// an unfinished shard by a run (a review, stop 49: each replaced it
// without a word).
func TestForceSaysWhatItReplaced(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{Reps: 3}.write(t, base)
	cal := writeText(t, base, "cal.yaml", strings.Replace(calCLI, "evaluations: 12", "evaluations: 2", 1))
	shards := runShards(t, config, base, 2)
	x := filepath.Join(base, "x")
	copyDir(t, shards[1], x)
	said := func(r result, what string) {
		t.Helper()
		wantExit(t, r, 0, "runner: --force replaced "+x+", which held "+what)
	}
	said(runner(t, nil, "calibrate", cal, "-o", x, "--force", "-q"), "a complete shard 1/2 of config ")
	said(runner(t, nil, "run", config, "-o", x, "--force", "-q"), "a complete calibration of config ")
	r := runner(t, nil, "run", config, "-o", x, "--force", "-q")
	said(r, "a complete run of config ")
	if !strings.Contains(r.stderr, "(finished ") {
		t.Errorf("no time of the replaced run:\n%s", r.stderr)
	}
	said(runner(t, nil, "merge", "-o", x, shards[0], shards[1], "--force", "-q"), "a complete run of config ")
	said(runner(t, nil, "merge", "-o", x, shards[0], shards[1], "--force", "-q"), "a complete merge of config ")
	// An unfinished shard: its manifest is not written yet.
	if err := os.RemoveAll(x); err != nil {
		t.Fatal(err)
	}
	copyDir(t, shards[0], x)
	if err := os.Remove(filepath.Join(x, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	said(runner(t, nil, "run", config, "-o", x, "--force", "-q"), "an unfinished results directory of config ")
	// Nothing replaced, nothing said.
	if r := mustRun(t, nil, "run", config, "-o", filepath.Join(base, "fresh"), "--force", "-q"); strings.Contains(r.stderr, "replaced") {
		t.Errorf("a fresh directory said to be replaced:\n%s", r.stderr)
	}
}
