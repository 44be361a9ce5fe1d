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

// TestForceSaysWhatItReplacedOnFailure: run and calibrate --force say what
// they replaced even where they then fail (here, stopped by SIGINT): the
// old directory is gone either way (a review, stop 50). A merge stopped
// before it swaps its new directory in has replaced nothing, and says
// nothing of it.
func TestForceSaysWhatItReplacedOnFailure(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{Reps: 3}.write(t, base)
	cal := writeText(t, base, "cal.yaml", strings.Replace(calCLI, "evaluations: 12", "evaluations: 3", 1))
	shards := runShards(t, config, base, 2)
	x := filepath.Join(base, "x")
	mustRun(t, nil, "run", config, "-o", x, "-q")
	r := runner(t, []string{"PACTSIM_TEST_SIGNAL_AFTER_PARTS=1:INT"}, "run", config, "-o", x, "--force", "-q")
	wantExit(t, r, 130, "runner: --force replaced "+x+", which held a complete run of config ", "interrupted by SIGINT")
	mustRun(t, nil, "run", config, "-o", x, "--resume", "-q")
	r = runner(t, []string{"PACTSIM_TEST_SIGNAL_AFTER_EVALUATIONS=1:INT"}, "calibrate", cal, "-o", x, "--force", "-q")
	wantExit(t, r, 130, "runner: --force replaced "+x+", which held a complete run of config ", "interrupted by SIGINT")
	m := filepath.Join(base, "m")
	mustRun(t, nil, "merge", "-o", m, shards[0], shards[1], "-q")
	r = runner(t, []string{"PACTSIM_TEST_SIGNAL_AT_FINALIZE=1:TERM"}, "merge", "-o", m, shards[0], shards[1], "--force", "-q")
	if r.code == 0 || strings.Contains(r.stderr, "replaced") {
		t.Errorf("a merge stopped before its swap:\n%s", r)
	}
}

// TestVerifySaysKilledMergeStage (a review, stop 52): a merge --force
// killed outright leaves its staging folder (.merging-RANDOM) in the
// directory it was replacing, which can hold a whole merge; verify, which
// does not check it, said nothing of it. It now names it, with its size
// and what removes it, and still passes; plot removes it.
func TestVerifySaysKilledMergeStage(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "m")
	ref := reference(t, cfg{})
	mustRun(t, nil, "merge", "-o", out, ref, "-q")
	r := runner(t, []string{"PACTSIM_TEST_SIGNAL_AT_FINALIZE=1:KILL"}, "merge", "-o", out, ref, "--force", "-q")
	if r.code != 137 && r.code != -1 {
		t.Fatalf("want the merge killed, got %s", r)
	}
	stages, _ := filepath.Glob(filepath.Join(out, ".merging-*"))
	if len(stages) != 1 {
		t.Fatalf("%d staging folders after a killed merge, want 1", len(stages))
	}
	r = mustRun(t, nil, "verify", out)
	for _, want := range []string{filepath.Base(stages[0]) + " in " + out + ", the staging folder of a merge killed outright, holds ", "KiB", "`runner plot " + out + "`"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("verify's stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	mustRun(t, nil, "plot", out)
	if r := mustRun(t, nil, "verify", out); strings.Contains(r.stdout, "staging") {
		t.Errorf("verify after plot:\n%s", r.stdout)
	}
}

// TestVerifyShardStageAdvice (a review, stop 52): verify of a shard that
// holds a staging folder named the next merge --force into it as what
// removes the folder, a merge that replaces the shard itself. It names
// a --resume of the shard, which keeps the shard and removes the folder.
func TestVerifyShardStageAdvice(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{}.write(t, base)
	shard := filepath.Join(base, "s0")
	mustRun(t, nil, "run", config, "-o", shard, "--shard", "0/2", "-q")
	stage := filepath.Join(shard, ".merging-0123456789ab")
	if err := os.Mkdir(stage, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stage, "x"), []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, nil, "verify", shard)
	if !strings.Contains(r.stdout, "holds 3 B") || !strings.Contains(r.stdout, "`runner run --resume` of this shard removes it") || strings.Contains(r.stdout, "merge --force") {
		t.Errorf("verify of a shard with a staging folder:\n%s", r.stdout)
	}
	mustRun(t, nil, "run", config, "-o", shard, "--shard", "0/2", "--resume", "-q")
	if _, err := os.Stat(stage); !os.IsNotExist(err) {
		t.Errorf("--resume of the complete shard left its staging folder (%v)", err)
	}
	if r := mustRun(t, nil, "verify", shard); strings.Contains(r.stdout, "staging") {
		t.Errorf("verify after --resume:\n%s", r.stdout)
	}
}

// TestForceThroughOwnFolder: run --force given its directory by a path
// through a folder inside it (OUT/runs/..) deleted the complete run, then
// failed with exit 1 on "stat OUT/runs/..: no such file or directory",
// since the clear had deleted runs (a review, stop 54). It refuses before
// deleting anything (exit 2), naming the folder, and the run is as it was.
func TestForceThroughOwnFolder(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{}.write(t, base)
	out := filepath.Join(base, "out")
	mustRun(t, nil, "run", config, "-o", out, "-q")
	before := filepath.Join(base, "before")
	copyDir(t, out, before)
	via := out + string(filepath.Separator) + "runs" + string(filepath.Separator) + ".."
	for _, cmd := range []string{"run", "calibrate"} {
		file := config
		if cmd == "calibrate" {
			file = writeText(t, base, "cal.yaml", strings.Replace(calCLI, "evaluations: 12", "evaluations: 2", 1))
		}
		r := runner(t, nil, cmd, file, "-o", via, "--force", "-q")
		wantExit(t, r, 2, "the path "+via+" goes through "+filepath.Join(out, "runs")+", which clearing it would delete", "nothing was deleted")
		sameFiles(t, before, out)
	}
	// A path with .. that does not go through the directory is its own.
	other := filepath.Join(base, "sub")
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Fatal(err)
	}
	r := runner(t, nil, "run", config, "-o", other+string(filepath.Separator)+".."+string(filepath.Separator)+"out", "--force", "-q")
	wantExit(t, r, 0, "--force replaced")
}
