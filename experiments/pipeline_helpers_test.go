package experiments

// Helpers of the pipeline tests: they call Run, Merge and Verify directly,
// in-process, on small configs.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"pactsim/internal/dirtest"
	"pactsim/output"
)

// pcfg is a small experiment: 2 points x Reps replicates, parts of
// PartTasks tasks, so that a run has several parts and a partial last one.
type pcfg struct {
	Seed      int
	Reps      int
	PartTasks int
	Plots     bool
	Tables    string // default "runs, summary, contrasts"
	Points    string // us.reliability values; default "0.5, 0.8"
	Archs     string // default "none, hub_and_spokes, treaty, layered"
	Formats   string // default "parquet, arrow"
}

func (c pcfg) yaml() string {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	if c.Seed == 0 {
		c.Seed = 7
	}
	if c.Reps == 0 {
		c.Reps = 11
	}
	if c.PartTasks == 0 {
		c.PartTasks = 5
	}
	def(&c.Tables, "runs, summary, contrasts")
	def(&c.Points, "0.5, 0.8")
	def(&c.Archs, "none, hub_and_spokes, treaty, layered")
	def(&c.Formats, "parquet, arrow")
	return fmt.Sprintf(`name: pipeline-test
seed: %d
replicates: %d
periods: 20
architectures: [%s]
population:
  roster: indo-pacific
sweep:
  design: grid
  parameters:
    us.reliability: [%s]
output:
  formats: [%s]
  tables: [%s]
  plots: %t
  part_tasks: %d
`, c.Seed, c.Reps, c.Archs, c.Points, c.Formats, c.Tables, c.Plots, c.PartTasks)
}

// write writes the config into dir and returns its path.
func (c pcfg) write(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "exp.yaml")
	if err := os.WriteFile(path, []byte(c.yaml()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// plan loads the config.
func (c pcfg) plan(t testing.TB) *Plan {
	t.Helper()
	p, err := Load(c.write(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// run runs plan into dir with opt (Dir and, when 0, Workers set here).
func run(t testing.TB, plan *Plan, dir string, opt RunOptions) (*Result, error) {
	t.Helper()
	opt.Dir = dir
	if opt.Workers == 0 {
		opt.Workers = 2
	}
	return Run(context.Background(), plan, opt)
}

// mustRun is run that fails the test on error.
func mustRun(t testing.TB, plan *Plan, dir string, opt RunOptions) *Result {
	t.Helper()
	res, err := run(t, plan, dir, opt)
	if err != nil {
		t.Fatalf("run into %s: %v", dir, err)
	}
	return res
}

var (
	refMu   sync.Mutex
	refDirs = map[string]*refEntry{}
	refRoot string
)

type refEntry struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	var err error
	if refRoot, err = os.MkdirTemp("", "experiments-test-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(refRoot)
	os.Exit(code)
}

// reference returns the directory of an uninterrupted, unsharded run of c
// on 2 workers, made once per config and shared by the tests (read-only).
func reference(t testing.TB, c pcfg) string {
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
		d, err := os.MkdirTemp(refRoot, "ref-")
		if err != nil {
			e.err = err
			return
		}
		path := filepath.Join(d, "exp.yaml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			e.err = err
			return
		}
		plan, err := Load(path)
		if err != nil {
			e.err = err
			return
		}
		e.dir = filepath.Join(d, "out")
		_, e.err = Run(context.Background(), plan, RunOptions{Dir: e.dir, Workers: 2})
	})
	if e.err != nil {
		t.Fatal(e.err)
	}
	return e.dir
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

// wantUsage checks that err is a usage error whose text holds every
// substring.
func wantUsage(t testing.TB, err error, subs ...string) {
	t.Helper()
	if err == nil || !errors.Is(err, ErrUsage) {
		t.Fatalf("want a usage error, got %v", err)
	}
	wantText(t, err, subs...)
}

// wantFailure checks that err is an error but not a usage error.
func wantFailure(t testing.TB, err error, subs ...string) {
	t.Helper()
	if err == nil || errors.Is(err, ErrUsage) {
		t.Fatalf("want a failure (not a usage error), got %v", err)
	}
	wantText(t, err, subs...)
}

// wantEdited checks that err is verify's mismatch for a manifest this
// engine version wrote and can no longer read (exit 1), holding every
// substring.
func wantEdited(t testing.TB, err error, subs ...string) {
	t.Helper()
	var mm *output.MismatchError
	if !errors.As(err, &mm) || errors.Is(err, ErrUsage) {
		t.Fatalf("want a mismatch (an edited manifest), got %v", err)
	}
	wantText(t, err, append(subs, "was edited")...)
}

func wantText(t testing.TB, err error, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error lacks %q: %v", s, err)
		}
	}
}

// stopAfter returns RunOptions that stop the run, as a signal would (a
// cancelled context), once n parts are final.
func stopAfter(n int) (context.Context, RunOptions) {
	ctx, cancel := context.WithCancelCause(context.Background())
	return ctx, RunOptions{AfterPart: func(parts int) error {
		if parts == n {
			cancel(errStopped)
			return errStopped
		}
		return nil
	}}
}

var errStopped = errors.New("stopped by the test")

// runStopped runs c into a fresh directory and stops it after n parts.
func runStopped(t testing.TB, c pcfg, n int, extra RunOptions) (*Plan, string) {
	t.Helper()
	plan := c.plan(t)
	dir := filepath.Join(t.TempDir(), "out")
	ctx, opt := stopAfter(n)
	extra.AfterPart = opt.AfterPart
	extra.Dir = dir
	if extra.Workers == 0 {
		extra.Workers = 2
	}
	// Run returns either the hook's error or, when a worker sees the
	// cancelled context first, ctx.Err(), whose cause says why.
	_, err := Run(ctx, plan, extra)
	if !errors.Is(err, errStopped) && !(errors.Is(err, context.Canceled) && errors.Is(context.Cause(ctx), errStopped)) {
		t.Fatalf("stopped run: %v", err)
	}
	return plan, dir
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
