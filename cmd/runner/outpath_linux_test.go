package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
)

// TestRunOutPseudoFS: -o under /proc, where no folder can be made, is a
// wrong -o like a read-only one (exit 2, "cannot create results
// directory"), for run, calibrate and merge alike; it exited 1, and
// without --allow-large the estimate sent the user to that flag ("/proc has
// 0 B free"), which does not help (a hostile review). validate refuses it
// alike, before anything is written (it said valid, exit 0; a review), and
// so it does a ".." after a folder that does not exist, which run refuses.
func TestRunOutPseudoFS(t *testing.T) {
	t.Parallel()
	config := cfg{}.write(t, t.TempDir())
	for _, args := range [][]string{
		{"run", config, "-o", "/proc/pactsim-no-such-dir", "-q"},
		{"run", config, "-o", "/proc/pactsim-no-such-dir", "-q", "--allow-large"},
		{"merge", "-o", "/proc/pactsim-no-such-dir", reference(t, cfg{})},
		{"validate", config, "-o", "/proc/pactsim-no-such-dir"},
		{"validate", config, "-o", "/proc/pactsim-no-such-dir", "--allow-large"},
	} {
		r := runner(t, nil, args...)
		wantExit(t, r, 2, "cannot create results directory /proc/pactsim-no-such-dir", "choose a directory you can write (-o)")
		if strings.Contains(r.stderr, "--allow-large") {
			t.Errorf("%v: points to --allow-large, which does not help:\n%s", args, r.stderr)
		}
	}
	dotDot := t.TempDir() + "/nope/../out" // not filepath.Join, which drops the ".."
	for _, args := range [][]string{{"run", config, "-o", dotDot, "-q"}, {"validate", config, "-o", dotDot}} {
		wantExit(t, runner(t, nil, args...), 2, "nope is not an existing folder", "write the directory without \"..\"")
	}
}

// TestValidateDefaultOutUncreatable: validate without -o judges the config,
// not the working directory: in one where no folder can be made (a
// read-only checkout; here /proc) the config is valid, exit 0, with a note
// that run would need -o there; the same directory named by -o is refused
// (exit 2) as run refuses it. It exited 2 "cannot create results directory
// results/NAME" for a valid config (a review).
func TestValidateDefaultOutUncreatable(t *testing.T) {
	t.Parallel()
	config := cfg{}.write(t, t.TempDir())
	inProc := func(args ...string) result {
		ctx, cancel := context.WithTimeout(context.Background(), callLimit(t))
		defer cancel()
		cmd := exec.CommandContext(ctx, runnerBin, args...)
		cmd.Env, cmd.Dir = cleanEnv(), "/proc"
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		err := cmd.Run()
		return result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}
	}
	r := inProc("validate", config)
	wantExit(t, r, 0, "note: run without -o would refuse: cannot create results directory results/")
	if !strings.Contains(r.stdout, "is valid") {
		t.Errorf("validate without -o in /proc: stdout lacks \"is valid\":\n%s", r.stdout)
	}
	r = inProc("validate", config, "-o", "results/x")
	wantExit(t, r, 2, "cannot create results directory results/x")
}
