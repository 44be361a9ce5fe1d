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

	"pactsim/engine"
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

// TestResumeAfterSignal: a run stopped after two parts by SIGINT, SIGTERM
// or SIGKILL keeps those parts, and --resume finishes it into the same
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
			if !strings.Contains(r.stderr, "2 of 5 parts are final and kept") {
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

// TestResumeLeftovers: temporary files and half-written parts of an
// interrupted run are discarded and redone.
func TestResumeLeftovers(t *testing.T) {
	t.Parallel()
	c := cfg{}
	ref := reference(t, c)
	config, dir, r := runStopped(t, c, 2, "INT")
	wantExit(t, r, 130)
	junk := []string{
		"runs/.part-00002.parquet.tmp",       // a part being written
		"arrow/runs/.part-00002.arrow.tmp",   //
		"runs/part-00003.parquet",            // half a part: Parquet final, Arrow not
		"arrow/runs/.part-00003.arrow.tmp",   //
		"arrow/runs/part-00004.arrow",        // half a part: Arrow without Parquet
		".summary.parquet.tmp",               // the finalisation being written
		"." + output.ManifestName + ".tmp",   // the manifest being written
		"arrow/runs/.part-00001.arrow.tmp",   // a stale temporary file of a final part
		"runs/.part-00000.parquet.tmp.extra", // not ours: kept
	}
	for _, j := range junk {
		if err := os.WriteFile(filepath.Join(dir, j), []byte("half a file"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustRun(t, nil, "run", config, "-o", dir, "--resume", "-q")
	for _, j := range junk[:len(junk)-1] {
		if j == "runs/part-00003.parquet" || j == "arrow/runs/part-00004.arrow" {
			continue // now the real part
		}
		if exists(filepath.Join(dir, j)) {
			t.Errorf("%s survived --resume", j)
		}
	}
	stranger := filepath.Join(dir, junk[len(junk)-1])
	if !exists(stranger) {
		t.Errorf("--resume removed %s, which is not a temporary file", stranger)
	}
	if err := os.Remove(stranger); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, ref, dir)
}

// TestResumeComplete: --resume on a complete directory verifies it and
// does nothing; a damaged one is reported.
func TestResumeComplete(t *testing.T) {
	t.Parallel()
	c := cfg{}
	ref := reference(t, c)
	base := t.TempDir()
	config := c.write(t, base)
	dir := filepath.Join(base, "out")
	copyDir(t, ref, dir)
	manifest, _ := os.ReadFile(filepath.Join(dir, output.ManifestName))

	r := mustRun(t, nil, "run", config, "-o", dir, "--resume")
	if !strings.Contains(r.stderr, "is complete") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if r := mustRun(t, nil, "run", config, "-o", dir, "--resume", "-q"); r.stderr != "" {
		t.Errorf("--quiet printed %q", r.stderr)
	}
	sameFiles(t, ref, dir)
	if now, _ := os.ReadFile(filepath.Join(dir, output.ManifestName)); string(now) != string(manifest) {
		t.Error("--resume on a complete directory rewrote its manifest")
	}

	// Another config, or another shard, is refused.
	other := cfg{Seed: 8}.write(t, t.TempDir())
	wantExit(t, runner(t, nil, "run", other, "-o", dir, "--resume"), 2, dir, "written by config")
	wantExit(t, runner(t, nil, "run", config, "-o", dir, "--resume", "--shard", "0/2"), 2, "complete as unsharded", "shard 0/2")

	// Another engine version is refused, before the files are checked.
	other2 := filepath.Join(t.TempDir(), "old-engine")
	copyDir(t, dir, other2)
	editManifest(t, other2, `"engine_version": "`+engine.Version+`"`, `"engine_version": "0.0.0-old"`)
	wantExit(t, runner(t, nil, "run", config, "-o", other2, "--resume"), 2, "engine 0.0.0-old")

	// A damaged file is found.
	flipByte(t, filepath.Join(dir, "summary.parquet"))
	wantExit(t, runner(t, nil, "run", config, "-o", dir, "--resume"), 1, "summary.parquet", "does not match its manifest")
}

// TestResumeOtherConfig: an interrupted directory refuses another config
// and stays as it was.
func TestResumeOtherConfig(t *testing.T) {
	t.Parallel()
	_, dir, r := runStopped(t, cfg{}, 1, "INT")
	wantExit(t, r, 130)
	before := listFiles(t, dir)
	for _, other := range []cfg{{Seed: 8}, {PartTasks: 4}, {Reps: 12}} {
		path := other.write(t, t.TempDir())
		wantExit(t, runner(t, nil, "run", path, "-o", dir, "--resume"), 2, dir, "another resolved config")
	}
	if got := listFiles(t, dir); !slices.Equal(got, before) {
		t.Errorf("refused directory changed: %v, was %v", got, before)
	}
	// Without config.yaml the directory is not a pactsim one.
	if err := os.Remove(filepath.Join(dir, "config.yaml")); err != nil {
		t.Fatal(err)
	}
	wantExit(t, runner(t, nil, "run", cfg{}.write(t, t.TempDir()), "-o", dir, "--resume"), 2, "holds no config.yaml")
}

// TestResumeOtherShard: a directory begun as one shard is not resumed as
// another (its parts would have other task ranges), but is as itself.
func TestResumeOtherShard(t *testing.T) {
	t.Parallel()
	// Shard 0/3 owns tasks [0, 7): part-00000 [0, 5) and part-00001 [5, 7),
	// which the unsharded run names alike but cuts at [5, 10).
	config, dir, r := runStopped(t, cfg{}, 2, "INT", "--shard", "0/3")
	wantExit(t, r, 130)
	wantExit(t, runner(t, nil, "run", config, "-o", dir, "--resume"), 2, "part-00001.parquet", "another --shard")
	wantExit(t, runner(t, nil, "run", config, "-o", dir, "--resume", "--shard", "1/3"), 2, "another --shard")

	// Shard 1/3 owns [7, 14): its first part is the fragment part-00001_2.
	config, dir, r = runStopped(t, cfg{}, 1, "TERM", "--shard", "1/3")
	wantExit(t, r, 143)
	wantExit(t, runner(t, nil, "run", config, "-o", dir, "--resume"), 2, "part-00001_2", "another --shard")
	mustRun(t, []string{"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=3"}, "run", config, "-o", dir, "--resume", "-q")
	m := readManifest(t, dir)
	if m.Shard == nil || *m.Shard != (output.Shard{Index: 1, Count: 3, TaskLo: 7, TaskHi: 14}) {
		t.Errorf("resumed shard manifest: %+v", m.Shard)
	}
	if err := output.VerifyFiles(dir, m); err != nil {
		t.Error(err)
	}
}

// TestExternalSignal: a real SIGINT or SIGTERM from outside stops a
// running run within 5 s with exit code 130 or 143, keeping what is final.
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
			sent := time.Now()
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-waited:
			case <-time.After(5 * time.Second):
				t.Fatalf("still running 5 s after %v", tc.sig)
			}
			took := time.Since(sent)
			if code := cmd.ProcessState.ExitCode(); code != tc.code {
				t.Fatalf("exit %d after %v, want %d\n%s", code, tc.sig, tc.code, stderr.String())
			}
			t.Logf("stopped %v after %v", tc.sig, took)
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

// editManifest replaces old by new in dir's manifest.
func editManifest(t testing.TB, dir, old, new string) {
	t.Helper()
	path := filepath.Join(dir, output.ManifestName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s lacks %s", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
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
		{[]string{"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=2"}, "0/1", nil, "unsharded (--shard)"},
		{[]string{"JOB_COMPLETION_INDEX=0", "PACTSIM_SHARDS=2"}, "1/2", &output.Shard{Index: 1, Count: 2, TaskLo: 2, TaskHi: 4}, "shard 1/2 (from --shard)"},
		{[]string{"SLURM_ARRAY_TASK_ID=7", "SLURM_ARRAY_TASK_MIN=7", "SLURM_ARRAY_TASK_COUNT=1"}, "", nil, "unsharded (SLURM_ARRAY_TASK_ID)"},
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
