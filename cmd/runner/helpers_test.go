package main

// The tests drive the real binary, built once in TestMain, so that exit
// codes, signals and stderr are what a user sees. They are about the
// command line: flags, messages, exit codes, signals, progress. The
// pipeline itself (run, resume, merge, verify) is tested in-process in
// package experiments.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"pactsim/internal/dirtest"
)

var (
	runnerBin string // the binary under test
	tmpRoot   string // shared scratch, removed after all tests
)

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	// The runner keeps a SIGINT or SIGHUP ignored since its start (nohup,
	// a shell's background job), and the commands it runs here inherit
	// this process's dispositions: catching them here (nothing reads the
	// channel) gives those commands the default action back, so the tests
	// that stop them with these signals hold under `nohup go test` too.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGINT, syscall.SIGHUP)
	var err error
	tmpRoot, err = os.MkdirTemp("", "runner-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmpRoot)
	runnerBin = filepath.Join(tmpRoot, "runner")
	build := exec.Command("go", "build", "-o", runnerBin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the runner:", err)
		return 1
	}
	return m.Run()
}

// cfg is a small experiment: 2 points x Reps replicates, parts of PartTasks
// tasks, so that a run has several parts and a partial last one.
type cfg struct {
	Seed      int
	Reps      int
	PartTasks int
	Plots     bool
	Tables    string // default "runs, summary, contrasts"
	Points    string // us.reliability values; default "0.5, 0.8"
}

func (c cfg) yaml() string {
	if c.Seed == 0 {
		c.Seed = 7
	}
	if c.Reps == 0 {
		c.Reps = 11
	}
	if c.PartTasks == 0 {
		c.PartTasks = 5
	}
	if c.Tables == "" {
		c.Tables = "runs, summary, contrasts"
	}
	if c.Points == "" {
		c.Points = "0.5, 0.8"
	}
	return fmt.Sprintf(`name: runner-test
seed: %d
replicates: %d
periods: 20
architectures: [none, hub_and_spokes, treaty, layered]
population:
  roster: indo-pacific
sweep:
  design: grid
  parameters:
    us.reliability: [%s]
output:
  formats: [parquet, arrow]
  tables: [%s]
  plots: %t
  part_tasks: %d
`, c.Seed, c.Reps, c.Points, c.Tables, c.Plots, c.PartTasks)
}

// write writes the config into dir and returns its path.
func (c cfg) write(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "exp.yaml")
	if err := os.WriteFile(path, []byte(c.yaml()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// result is what one runner process did.
type result struct {
	code           int
	stdout, stderr string
	err            error // the exec error (e.g. "signal: killed"), nil on exit 0
}

func (r result) String() string {
	return fmt.Sprintf("exit %d (%v)\nstdout:\n%s\nstderr:\n%s", r.code, r.err, r.stdout, r.stderr)
}

// callLimit is how long one runner call may take before it counts as hung:
// the time left before go test's -timeout, less a minute for the failure
// to be reported, and at least 60 s. A fixed 60 s came close on a loaded
// 2-core machine (a test-suite audit, stop 38), and load should only slow
// a test, not fail it.
func callLimit(t testing.TB) time.Duration {
	limit := 60 * time.Second
	if tt, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if d, ok := tt.Deadline(); ok {
			limit = max(limit, time.Until(d)-time.Minute)
		}
	}
	return limit
}

// runner runs the binary with args; env entries are added to a clean copy
// of the environment without the scheduler variables that pick a shard.
func runner(t testing.TB, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callLimit(t))
	defer cancel()
	cmd := exec.CommandContext(ctx, runnerBin, args...)
	cmd.Env = append(cleanEnv(), env...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	r := result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}
	if ctx.Err() != nil {
		t.Fatalf("runner %v timed out\n%s", args, r)
	}
	return r
}

// cleanEnv is this process's environment without the variables that pick
// a shard or steer the runner and deploy/slurm's scripts: every
// SLURM_ARRAY_ variable, and every PACTSIM_ one they read: go test run as a Slurm array task kept
// SLURM_ARRAY_TASK_MAX and _STEP, which made the runner refuse the arrays
// the tests play as not contiguous, and PACTSIM_RUNNER or
// PACTSIM_ALLOW_LARGE exported in the shell reached the scripts under
// test (a review, stop 50).
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "SLURM_ARRAY_"), strings.HasPrefix(k, "PACTSIM_TEST_"):
			continue
		}
		switch k {
		case "SLURM_CPUS_PER_TASK", "JOB_COMPLETION_INDEX", "PACTSIM_SHARDS", "PACTSIM_RUNNER", "PACTSIM_ALLOW_LARGE":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// mustRun runs the binary and fails the test unless it exits 0.
func mustRun(t testing.TB, env []string, args ...string) result {
	t.Helper()
	r := runner(t, env, args...)
	if r.code != 0 {
		t.Fatalf("runner %v: %s", args, r)
	}
	return r
}

// wantExit checks the exit code and that stderr holds every substring.
func wantExit(t testing.TB, r result, code int, subs ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("want exit %d, got %s", code, r)
	}
	for _, s := range subs {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
}

var (
	refMu   sync.Mutex
	refDirs = map[string]*refEntry{}
)

type refEntry struct {
	once sync.Once
	dir  string
	err  error
}

// reference returns the directory of an uninterrupted, unsharded run of c,
// made once per config and shared by the tests (read-only).
func reference(t testing.TB, c cfg) string {
	t.Helper()
	text := c.yaml()
	refMu.Lock()
	e := refDirs[text]
	if e == nil {
		e = &refEntry{}
		refDirs[text] = e
	}
	refMu.Unlock()
	e.once.Do(func() {
		d, err := os.MkdirTemp(tmpRoot, "ref-")
		if err != nil {
			e.err = err
			return
		}
		path := filepath.Join(d, "exp.yaml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			e.err = err
			return
		}
		e.dir = filepath.Join(d, "out")
		r := runner(t, nil, "run", path, "-o", e.dir, "--workers", "2", "-q")
		if r.code != 0 {
			e.err = fmt.Errorf("reference run: %s", r)
		}
	})
	if e.err != nil {
		t.Fatal(e.err)
	}
	return e.dir
}

// jsonDecode decodes data into v, failing the test on error.
func jsonDecode(t testing.TB, data string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(data), v); err != nil {
		t.Fatalf("%v:\n%s", err, data)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// The checks on results directories that the experiments and cmd/runner
// tests share.
var (
	readManifest = dirtest.ReadManifest
	listFiles    = dirtest.ListFiles
	sameFiles    = dirtest.SameFiles
	tmpFiles     = dirtest.TmpFiles
	exists       = dirtest.Exists
	copyDir      = dirtest.CopyDir
	flipByte     = dirtest.FlipByte
)

// runShards runs config as n shards into base/s0 .. base/s(n-1), with the
// extra flags, and returns their directories.
func runShards(t testing.TB, config, base string, n int, flags ...string) []string {
	t.Helper()
	var shards []string
	for i := range n {
		d := filepath.Join(base, fmt.Sprintf("s%d", i))
		mustRun(t, nil, append([]string{"run", config, "-o", d, "--shard", fmt.Sprintf("%d/%d", i, n), "-q"}, flags...)...)
		shards = append(shards, d)
	}
	return shards
}
