package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"pactsim/output"
)

const stopHook = "PACTSIM_TEST_SIGNAL_AFTER_PARTS"

// killedBy reports whether the process of r died of sig.
func killedBy(r result, sig syscall.Signal) bool {
	var ee *exec.ExitError
	if !errors.As(r.err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == sig
}

// finalParts lists the part names whose runs Parquet and Arrow files are
// both present.
func finalParts(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	pq, _ := filepath.Glob(filepath.Join(dir, "runs", "part-*.parquet"))
	for _, p := range pq {
		name := strings.TrimSuffix(filepath.Base(p), ".parquet")
		if exists(filepath.Join(dir, "arrow", "runs", name+".arrow")) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// runStopped runs c into a fresh directory and stops it with the test hook
// after n parts; it returns the config path, the directory and the result.
func runStopped(t testing.TB, c cfg, n int, sig string, extra ...string) (config, dir string, r result) {
	t.Helper()
	base := t.TempDir()
	config = c.write(t, base)
	dir = filepath.Join(base, "out")
	args := append([]string{"run", config, "-o", dir, "--workers", "2"}, extra...)
	r = runner(t, []string{stopHook + "=" + strconv.Itoa(n) + ":" + sig}, args...)
	return config, dir, r
}

// TestResumeAfterSignal: a run stopped after two parts by SIGINT, SIGTERM,
// SIGHUP, SIGQUIT or SIGKILL keeps those parts, and --resume finishes it into the same
// bytes as an uninterrupted run, without redoing the kept parts.
func TestResumeAfterSignal(t *testing.T) {
	t.Parallel()
	c := cfg{Plots: true}
	ref := reference(t, c)
	tests := []struct {
		sig  string
		code int // -1: killed
		msg  string
	}{
		{"INT", 130, "interrupted by SIGINT"},
		{"TERM", 143, "interrupted by SIGTERM"},
		{"HUP", 129, "interrupted by SIGHUP"},
		// Ctrl-\: Go's default dumped the goroutines and exited 2, the
		// usage code, leaving temporary files (a review).
		{"QUIT", 131, "interrupted by SIGQUIT"},
		{"KILL", -1, ""},
	}
	for _, tc := range tests {
		t.Run(tc.sig, func(t *testing.T) {
			t.Parallel()
			config, dir, r := runStopped(t, c, 2, tc.sig)
			if tc.code < 0 {
				if !killedBy(r, syscall.SIGKILL) {
					t.Fatalf("want killed by SIGKILL, got %s", r)
				}
			} else {
				wantExit(t, r, tc.code, tc.msg, "--resume")
				if tmp := tmpFiles(t, dir); len(tmp) > 0 {
					t.Errorf("temporary files left: %v", tmp)
				}
			}
			if exists(filepath.Join(dir, output.ManifestName)) {
				t.Fatal("an interrupted run wrote its manifest")
			}
			if got := finalParts(t, dir); !slices.Equal(got, []string{"part-00000", "part-00001"}) {
				t.Fatalf("final parts %v, want the first two", got)
			}
			kept := filepath.Join(dir, "runs", "part-00000.parquet")
			before, err := os.Stat(kept)
			if err != nil {
				t.Fatal(err)
			}

			r = mustRun(t, nil, "run", config, "-o", dir, "--resume", "--workers", "3")
			if !strings.Contains(r.stderr, "2 of 5 parts are final, verified and kept") {
				t.Errorf("resume stderr:\n%s", r.stderr)
			}
			sameFiles(t, ref, dir)
			after, err := os.Stat(kept)
			if err != nil {
				t.Fatal(err)
			}
			if !os.SameFile(before, after) || !before.ModTime().Equal(after.ModTime()) {
				t.Error("--resume rewrote a final part")
			}
		})
	}
}

// TestExternalSignal: a real SIGINT, SIGTERM, SIGHUP or SIGQUIT from
// outside stops a running run promptly (maxSignalWork) with exit code 130,
// 143, 129 or 131, keeping
// what is final.
func TestExternalSignal(t *testing.T) {
	t.Parallel()
	// 40000 tasks on 2 workers: far longer than the test waits.
	long := cfg{Reps: 20000, PartTasks: 200}
	tests := []struct {
		sig  syscall.Signal
		code int
	}{
		{syscall.SIGINT, 130},
		{syscall.SIGTERM, 143},
		// A closed terminal or SSH session (hostile review, stop 25: it
		// killed the run with no clean-up and no word).
		{syscall.SIGHUP, 129},
		// Ctrl-\ (a review: Go's goroutine dump and exit 2).
		{syscall.SIGQUIT, 131},
	}
	for _, tc := range tests {
		t.Run(tc.sig.String(), func(t *testing.T) {
			t.Parallel()
			base := t.TempDir()
			dir := filepath.Join(base, "out")
			cmd := exec.Command(runnerBin, "run", long.write(t, base), "-o", dir, "--workers", "2", "-q")
			cmd.Env = cleanEnv()
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			defer func() {
				if cmd.ProcessState == nil {
					_ = cmd.Process.Kill()
					<-waited
				}
			}()
			first := filepath.Join(dir, "runs", "part-00000.parquet")
			deadline := time.Now().Add(30 * time.Second)
			for !exists(first) {
				select {
				case err := <-waited:
					t.Fatalf("the run ended before its first part appeared: %v\n%s", err, stderr.String())
				case <-time.After(5 * time.Millisecond):
				}
				if time.Now().After(deadline) {
					t.Fatal("no part after 30 s")
				}
			}
			sent := sendSignal(t, cmd, tc.sig)
			select {
			case <-waited:
			case <-time.After(30 * time.Second): // a hang, not a slow exit
				t.Fatalf("still running 30 s after %v", tc.sig)
			}
			sent.work(cmd).check(t, tc.sig.String())
			if code := cmd.ProcessState.ExitCode(); code != tc.code {
				t.Fatalf("exit %d after %v, want %d\n%s", code, tc.sig, tc.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), "--resume") {
				t.Errorf("stderr does not say how to continue:\n%s", stderr.String())
			}
			if exists(filepath.Join(dir, output.ManifestName)) {
				t.Error("an interrupted run wrote its manifest")
			}
			if tmp := tmpFiles(t, dir); len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
			if parts := finalParts(t, dir); len(parts) == 0 || len(parts) >= 200 {
				t.Errorf("%d final parts", len(parts))
			}
		})
	}
}

// TestShardFlagOverridesEnv: --shard wins over the scheduler's
// environment, and --shard 0/1 turns sharding off.
func TestShardFlagOverridesEnv(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{Reps: 2}.write(t, base)
	tests := []struct {
		env   []string
		flag  string
		shard *output.Shard
		say   string
	}{
		{[]string{"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=2"}, "0/1", nil, "all tasks (--shard) [0, 4)"},
		{[]string{"JOB_COMPLETION_INDEX=0", "PACTSIM_SHARDS=2"}, "1/2", &output.Shard{Index: 1, Count: 2, TaskLo: 2, TaskHi: 4}, "shard 1/2 (from --shard)"},
		{[]string{"SLURM_ARRAY_TASK_ID=7", "SLURM_ARRAY_TASK_MIN=7", "SLURM_ARRAY_TASK_COUNT=1"}, "", nil, "all tasks (SLURM_ARRAY_TASK_ID) [0, 4)"},
	}
	for k, tc := range tests {
		dir := filepath.Join(base, strconv.Itoa(k))
		args := []string{"run", config, "-o", dir}
		if tc.flag != "" {
			args = append(args, "--shard", tc.flag)
		}
		r := mustRun(t, tc.env, args...)
		if !strings.Contains(r.stderr, tc.say) {
			t.Errorf("%v: stderr lacks %q:\n%s", tc.env, tc.say, r.stderr)
		}
		got := readManifest(t, dir).Shard
		if (got == nil) != (tc.shard == nil) || (got != nil && *got != *tc.shard) {
			t.Errorf("%v --shard %s: manifest shard %v, want %v", tc.env, tc.flag, got, tc.shard)
		}
	}
}

// TestClosedStderr: a run whose standard error is a pipe nobody reads
// (`2>&1 | head -1` after its first line) finishes, and its directory
// verifies; a write to the closed pipe killed it with SIGPIPE between two
// files (hostile review, stop 25).
func TestClosedStderr(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "out")
	cmd := exec.Command(runnerBin, "run", cfg{Reps: 20, PartTasks: 10}.write(t, base), "-o", dir, "--workers", "2")
	cmd.Env = cleanEnv()
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pipe.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("a run with its standard error closed: %v (%v)", err, cmd.ProcessState)
	}
	mustRun(t, nil, "verify", dir)
}
