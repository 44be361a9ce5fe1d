package experiments

// Tests of the hostile cases of issue 9: --force safety, the lock, limits,
// memory, cancellation and verify (the input bounds: inputbounds_test.go).

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"pactsim/agents/param"
	"pactsim/engine"
	"pactsim/output"
)

// TestForceRefusesForeignDirectories (point 2): --force deletes only what
// pactsim wrote; everything else is refused, untouched, with the reason.
func TestForceRefusesForeignDirectories(t *testing.T) {
	t.Parallel()
	plan := pcfg{}.plan(t)
	ref := reference(t, pcfg{})
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"foreign config.yaml", map[string]string{"config.yaml": "name: x\n", "thesis.tex": "precious"}, []string{"config.yaml is not a pactsim config"}},
		{"foreign manifest.json", map[string]string{"manifest.json": `{"a": 1}`, "data.csv": "precious"}, []string{"manifest.json is not a pactsim manifest"}},
		{"manifest of another tool", map[string]string{"manifest.json": `{"format": "other/1"}`, "data.csv": "precious"}, []string{"not a pactsim manifest"}},
		{"pactsim config beside a foreign file", map[string]string{"config.yaml": string(plan.Canonical()), "notes.txt": "precious"}, []string{"notes.txt", "pactsim does not write"}},
		// A hostile review, stop 31: "holds .lock, which pactsim does
		// not write" (pactsim writes a .lock file).
		{"a folder named .lock", map[string]string{"config.yaml": string(plan.Canonical()), ".lock/x": "y"}, []string{"a directory named .lock, where pactsim expects a regular file"}},
		{"foreign file in runs/", map[string]string{"config.yaml": string(plan.Canonical()), "runs/mine.parquet": "precious"}, []string{"runs/mine.parquet"}},
		{"no config, no manifest", map[string]string{"notes.txt": "precious", "sub/x": "y"}, []string{"neither a pactsim manifest.json nor a config.yaml"}},
		// Review, stop 28: a study folder with its hand-written config and
		// files of names pactsim writes was emptied.
		{"hand-written config beside pactsim names", map[string]string{"config.yaml": "# my study\n" + string(plan.Canonical()), "report.html": "<h1>notes</h1>", "summary.csv": "a,b\n"}, []string{"not in the resolved form a run writes"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for name, text := range tc.files {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := listAll(t, dir)
			_, err := run(t, plan, dir, RunOptions{Force: true})
			usage(t, append([]string{dir}, tc.want...)...)(err)
			// Without a flag: a directory pactsim did not write is not
			// offered --resume or --force, which both refuse it (review
			// 10); an unfinished run with a stranger in it is.
			hint := "choose another directory"
			if tc.files["config.yaml"] == string(plan.Canonical()) {
				hint = "--force"
			}
			_, err = run(t, plan, dir, RunOptions{})
			usage(t, dir, hint)(err)
			if hint != "--force" && err != nil && strings.Contains(err.Error(), "--resume") {
				t.Errorf("%v: offers --resume, which refuses the directory", err)
			}
			if got := listAll(t, dir); !slices.Equal(got, before) {
				t.Errorf("refused directory changed: %v, was %v", got, before)
			}
		})
	}

	// Review defect 1: a manifest (a real one, or a stub naming the
	// format) is no licence to delete a user's file beside it.
	for name, files := range map[string]map[string]string{
		"notes beside a complete run":   {"notes.md": "precious"},
		"thesis beside a stub manifest": {"thesis.tex": "precious", output.ManifestName: `{"format":"pactsim-results/1"}`},
		"hidden file in runs/":          {"runs/.mine": "precious"},
		// Review, stop 28: files of names pactsim writes that the
		// manifest does not list were deleted.
		"a figure of the user's":     {"plots/my-annotated.png": "precious"},
		"a calibrated.yaml in a run": {"calibrated.yaml": "precious"},
		"a part-like name":           {"runs/part-00007.parquet": "precious"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "out")
			if _, stub := files[output.ManifestName]; stub {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			} else {
				copyDir(t, ref, dir)
			}
			for name, text := range files {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := listAll(t, dir)
			_, err := run(t, plan, dir, RunOptions{Force: true})
			usage(t, dir, "even with --force")(err)
			if got := listAll(t, dir); !slices.Equal(got, before) {
				t.Errorf("refused directory changed: %v, was %v", got, before)
			}
		})
	}

	t.Run("holds .git", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "out")
		copyDir(t, ref, dir)
		if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
		_, err := run(t, plan, dir, RunOptions{Force: true})
		usage(t, dir, ".git")(err)
	})
	t.Run("holds the config", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "out")
		copyDir(t, ref, dir)
		p, err := Load(pcfg{}.write(t, dir))
		if err != nil {
			t.Fatal(err)
		}
		_, err = run(t, p, dir, RunOptions{Force: true})
		usage(t, dir, "exp.yaml")(err) // a foreign file, and the config being run
		if !exists(filepath.Join(dir, "exp.yaml")) {
			t.Error("the config was deleted")
		}
	})
	// A hostile review, h1: a roster saved in a results directory under a
	// name pactsim writes (codebook.csv) was deleted by --force with the
	// files it replaced; the config's was refused.
	t.Run("holds the roster file", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "out")
		copyDir(t, ref, dir)
		roster, err := os.ReadFile("testdata/roster.csv")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "codebook.csv"), roster, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := strings.Replace(pcfg{}.yaml(), "roster: indo-pacific", "roster: out/codebook.csv", 1)
		path := filepath.Join(filepath.Dir(dir), "exp.yaml")
		if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = run(t, p, dir, RunOptions{Force: true})
		usage(t, dir, "holds the roster file the config reads")(err)
		if data, _ := os.ReadFile(filepath.Join(dir, "codebook.csv")); string(data) != string(roster) {
			t.Error("the roster was deleted")
		}
	})
	// Review, stop 28: a study folder holding its own hand-written
	// config.yaml, run into itself; --resume replaced the file with the
	// resolved form, comments and all.
	t.Run("is the config's own folder", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		cfg := filepath.Join(dir, "config.yaml")
		text := "# my study\n" + string(plan.Canonical())
		if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := Load(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, opt := range []RunOptions{{}, {Resume: true}, {Force: true}} {
			_, err := run(t, p, dir, opt)
			usage(t, dir, "holds the config being run", "choose another results directory")(err)
			if data, _ := os.ReadFile(cfg); string(data) != text {
				t.Errorf("%+v: the config was rewritten", opt)
			}
		}
	})
	// /, the home directory and the working directory are refused by
	// name, whatever they hold.
	for _, dir := range []string{"/", ".", os.Getenv("HOME")} {
		if dir == "" {
			continue
		}
		err := checkForce(dir, "", "", dirInfo{kind: dirComplete})
		usage(t, "refusing to clear")(err)
	}
	wd, _ := os.Getwd()
	usage(t, "working directory")(checkForce(filepath.Dir(wd), "", "", dirInfo{kind: dirComplete}))
}

// listAll lists every entry under dir, folders and hidden files included.
func listAll(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestForceReplacesResultsDirectories (point 2): --force clears a pactsim
// results directory, complete or unfinished, including the unlisted files
// an interrupted analyze left in a complete one (a stray part no pactsim
// command left is the user's since stop 28, and refused:
// TestForceRefusesForeignDirectories); on a symbolic link it clears the
// target and keeps the link; a dangling link is refused with its target
// named.
func TestForceReplacesResultsDirectories(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)

	dir := filepath.Join(t.TempDir(), "out")
	copyDir(t, ref, dir)
	for name, text := range map[string]string{"sensitivity.csv": "half-written", output.PendingName: "analyze\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustRun(t, plan, dir, RunOptions{Force: true})
	if exists(filepath.Join(dir, "sensitivity.csv")) {
		t.Error("--force kept a table an interrupted analyze left")
	}
	sameFiles(t, ref, dir)

	_, unfinished := runStopped(t, c, 2, RunOptions{})
	mustRun(t, plan, unfinished, RunOptions{Force: true})
	sameFiles(t, ref, unfinished)

	base := t.TempDir()
	target := filepath.Join(base, "target")
	copyDir(t, ref, target)
	link := filepath.Join(base, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, link, RunOptions{Force: true})
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link is gone: %v", err)
	}
	sameFiles(t, ref, target)

	dangling := filepath.Join(base, "dangling")
	if err := os.Symlink(filepath.Join(base, "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}
	for _, opt := range []RunOptions{{}, {Force: true}, {Resume: true}} {
		_, err := run(t, plan, dangling, opt)
		usage(t, "symbolic link", "nowhere", "does not exist")(err)
	}
	// ... and so is one on the way to it, which creating the directory
	// would trip over with "file exists" (exit 1).
	for _, opt := range []RunOptions{{}, {Force: true}, {Resume: true}} {
		_, err := run(t, plan, filepath.Join(dangling, "sub", "out"), opt)
		usage(t, "symbolic link", "nowhere", "does not exist", dangling)(err)
	}
	// A relative target is named as a path from here (review 9: the
	// advice "create ../nowhere" named a folder relative to the link's).
	rel := filepath.Join(base, "rel")
	if err := os.Symlink("nowhere-rel", rel); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{rel, filepath.Join(rel, "out")} {
		_, err := run(t, plan, dir, RunOptions{})
		usage(t, "symbolic link", "create "+filepath.Join(base, "nowhere-rel"))(err)
	}
	if exists(filepath.Join(base, "nowhere")) {
		t.Error("a dangling link's target was created")
	}

	// A loop of links, as the directory or on the way to it, is bad
	// input (exit 2) too, not an lstat failure (exit 1).
	loop1, loop2 := filepath.Join(base, "loop1"), filepath.Join(base, "loop2")
	if err := os.Symlink(loop2, loop1); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(loop1, loop2); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{loop1, filepath.Join(loop1, "out")} {
		for _, opt := range []RunOptions{{}, {Force: true}, {Resume: true}} {
			_, err := run(t, plan, dir, opt)
			usage(t, "symbolic link", "loops")(err)
		}
	}
	_, err := Merge(context.Background(), filepath.Join(base, "merged"), []string{loop1}, MergeOptions{})
	usage(t, "symbolic link on the way to it loops", loop1)(err)

	// So is a name longer than the file system allows.
	_, err = run(t, plan, filepath.Join(base, strings.Repeat("a", 300)), RunOptions{})
	usage(t, "too long")(err)
}

// TestLock (point 3): one writer per directory. A second Run, a Resume, a
// Merge into it or a Plot of it while the first holds the lock is refused
// at once, naming the holder's pid; the lock goes with the holder.
func TestLock(t *testing.T) {
	t.Parallel()
	c := pcfg{Plots: true}
	plan := c.plan(t)
	dir := filepath.Join(t.TempDir(), "out")

	// The first run stops inside its run phase, holding the lock, until
	// the test lets it go on.
	stopped, resume := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		_, err := run(t, plan, dir, RunOptions{AfterPart: func(parts int) error {
			if parts == 1 {
				close(stopped)
				<-resume
			}
			return nil
		}})
		first <- err
	}()
	select {
	case <-stopped:
	case err := <-first:
		t.Fatalf("the first run ended early: %v", err)
	}
	pid := fmt.Sprintf("in use by pid %d", os.Getpid())
	start := time.Now()
	_, err := run(t, plan, dir, RunOptions{Resume: true})
	usage(t, dir, pid)(err)
	// Review defect 13: without --resume or --force the directory is
	// still "in use", not "not empty".
	_, err = run(t, plan, dir, RunOptions{})
	usage(t, dir, pid)(err)
	_, err = run(t, plan, dir, RunOptions{Force: true})
	usage(t, pid)(err)
	_, err = Plot(context.Background(), dir)
	usage(t, pid)(err)
	// So does analyze, not "has no manifest.json: the run did not finish
	// (continue it with --resume …)", whose hint the lock refuses (a
	// hostile review, stop 46).
	_, err = Analyze(context.Background(), dir, "")
	usage(t, dir, pid)(err)
	// Verify says in use too, not "did not finish … --resume" (review,
	// stop 26: the hint it gave was refused as busy).
	_, err = Verify(context.Background(), dir, VerifyOptions{})
	usage(t, dir, pid)(err)
	// The first run stays paused until resume is closed below, so a
	// refusal that waited for the lock would never return: the bound only
	// turns that hang into a failure, generously, since each refusal first
	// loads and may time the plan (slow under -race on a loaded machine).
	if took := time.Since(start); took > 60*time.Second {
		t.Errorf("refusals took %v: they must not wait for the lock", took)
	}
	close(resume)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	// Released: the directory is usable again.
	mustRun(t, plan, dir, RunOptions{Resume: true})
	if _, err := Plot(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(context.Background(), dir, VerifyOptions{}); err != nil {
		t.Fatalf("a redrawn directory does not verify: %v", err)
	}

	// Merge takes the lock of OUT.
	out := t.TempDir()
	l, err := output.LockDir(out)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	s0, s1 := filepath.Join(t.TempDir(), "s0"), filepath.Join(t.TempDir(), "s1")
	mustRun(t, plan, s0, RunOptions{Shard: ShardSpec{I: 0, N: 2}})
	mustRun(t, plan, s1, RunOptions{Shard: ShardSpec{I: 1, N: 2}})
	_, err = Merge(context.Background(), out, []string{s0, s1}, MergeOptions{})
	usage(t, pid)(err)
}

// TestLimits (point 5): one table of limits, used by validate and run. A
// hard limit fails at Load (what validate runs); a plan over a soft limit
// is refused by Run before it writes anything, unless AllowLarge.
func TestLimits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	base := pcfg{}.yaml()
	// replicates 2^31: over the int32 replicate column, refused by Load.
	_, err := Load(write("r31.yaml", strings.Replace(base, "replicates: 11", "replicates: 2147483648", 1)))
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Key != "replicates" || !strings.Contains(ce.Msg, "2147483647") {
		t.Errorf("replicates 2^31: %v", err)
	}
	if _, err := Load(write("r31m1.yaml", strings.Replace(strings.Replace(base, "replicates: 11", "replicates: 2147483647", 1), "part_tasks: 5", "part_tasks: 100000", 1))); err != nil {
		t.Errorf("replicates 2^31-1 is within the limit: %v", err)
	}
	// 1e13 tasks: valid, but over the soft limits; Run refuses it at once
	// and creates nothing.
	hugeText := strings.Replace(base, "replicates: 11", "replicates: 2000000000", 1)
	hugeText = strings.Replace(hugeText, "part_tasks: 5", "part_tasks: 100000000", 1)
	hugeText = strings.Replace(hugeText, "us.reliability: [0.5, 0.8]", "us.reliability: {min: 0, max: 1, steps: 5000}", 1)
	huge, err := Load(write("huge.yaml", hugeText))
	if err != nil {
		t.Fatal(err)
	}
	if huge.NumTasks() != 1e13 {
		t.Fatalf("%d tasks", huge.NumTasks())
	}
	out := filepath.Join(dir, "huge")
	start := time.Now()
	_, err = run(t, huge, out, RunOptions{})
	usage(t, "too large", "of computing", "--allow-large")(err)
	if exists(out) {
		t.Error("a refused plan created its directory")
	}
	t.Logf("refused a 1e13-task plan in %v", time.Since(start))
	est, err := EstimateRun(context.Background(), huge, 0, huge.NumTasks(), 2, out, true)
	if err != nil {
		t.Fatal(err)
	}
	if est.Check(false) == nil || est.Check(true) != nil {
		t.Error("Check does not refuse the huge plan, or AllowLarge does not accept it")
	}
	if est.Parts != 1e5 || est.PartFiles != 2e5 || est.Duration < MaxDuration {
		t.Errorf("estimate %+v", est)
	}

	// The estimate of a small plan is close to what it writes: within a
	// factor of 3 (plots excluded: a stated allowance).
	plan := pcfg{}.plan(t)
	small, err := EstimateRun(context.Background(), plan, 0, plan.NumTasks(), 2, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	ref := reference(t, pcfg{})
	var total int64
	for _, f := range readManifest(t, ref).Files {
		total += f.Bytes
	}
	if r := float64(small.Bytes) / float64(total); r < 1.0/3 || r > 3 {
		t.Errorf("estimated %d bytes, wrote %d", small.Bytes, total)
	}
	if err := small.Check(false); err != nil {
		t.Errorf("a small plan is refused: %v", err)
	}
	// The limits table states every limit the code enforces.
	for _, want := range []string{fmt.Sprint(MaxPoints), fmt.Sprint(MaxReplicates), fmt.Sprint(MaxPartFiles), "16 MiB"} {
		found := false
		for _, l := range Limits {
			found = found || strings.Contains(l.Max, want)
		}
		if !found {
			t.Errorf("the limits table lacks %s", want)
		}
	}
}

// TestStateLimit (review defect 4): a roster over MaxStates is refused by
// Load (what validate and run both call) with the file, line and key; a
// synthetic population is bounded by the same number through its
// parameter's range.
func TestStateLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("state,role,capability,belief,autonomy,threat,exposure,legal,interop,source\n")
	b.WriteString("US,patron,0.817,0.90,0.10,0.70,0.30,0.10,0.90,test\n")
	for k := range MaxStates {
		fmt.Fprintf(&b, "S%04d,hedger,0.01,0.5,0.5,0.5,0.5,0.1,0.5,test\n", k)
	}
	if err := os.WriteFile(filepath.Join(dir, "big.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := "name: big\nseed: 1\nreplicates: 1\nperiods: 2\narchitectures: [none]\npopulation:\n  roster: big.csv\n"
	path := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Key != "population.roster" || ce.Line != 7 || ce.File != path ||
		!strings.Contains(ce.Msg, fmt.Sprintf("%d states", MaxStates+1)) || !strings.Contains(ce.Msg, fmt.Sprint(MaxStates)) {
		t.Errorf("a roster of %d states: %v", MaxStates+1, err)
	}
	if s, ok := param.Lookup("population.size"); !ok || s.Max != MaxStates {
		t.Errorf("population.size allows up to %v states; the limits table says %d", s.Max, MaxStates)
	}
}

// longTask is a plan of two tasks of 1,000 states and 10,000 periods: a
// minute each, far longer than any time box or cancellation bound below.
const longTask = `name: long
seed: 1
replicates: 2
periods: 10000
architectures: [none, hub_and_spokes]
population:
  roster: synthetic
params:
  population.size: 1000
`

// TestCancelLongTask (review defect 5): the estimate time-boxes itself
// and says when its figure is a lower bound; a cancelled context stops a
// task being run within a period, in the estimate and in Evaluate. The
// bounds (10 s) are a tenth of the tasks' own time, loose enough for a
// loaded machine, and fail if a task runs to its end.
func TestCancelLongTask(t *testing.T) {
	t.Parallel()
	plan, err := Parse("long.yaml", []byte(longTask))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	est, err := EstimateRun(context.Background(), plan, 0, plan.NumTasks(), 1, t.TempDir(), true)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	// The task stopped by the time box ran some of its 20,000 periods (1,000
	// states: about 20 ms a period here): the estimate scales them up, to
	// the task's minute or so, not the 1 s box (review 10: "at least 1 s"
	// let a plan of 500 days pass the soft limits). Compared with took, the
	// time the estimate ran (the box and the stopped task's share, so at
	// least the box), not with a fixed 10 s, which a machine six times
	// faster would fail: the box stops the task within its first
	// architecture's 10,000 periods, so scaling to 20,000 at least doubles
	// the time run, on any machine.
	if !est.AtLeast || !est.Extrapolated || est.Calibrated != 0 || est.PeriodsDone < 1 || est.PeriodsTotal != 20000 ||
		est.PerTask <= took || took < calibrationLimit || !strings.Contains(est.String(), "scaled up") {
		t.Errorf("estimate of a minute-long task, made in %v: %+v, %s", took, est, est)
	}
	if took > calibrationHardLimit+10*time.Second {
		t.Errorf("the estimate took %v; its time box is %v, and %v for a task in its set-up", took, calibrationLimit, calibrationHardLimit)
	}
	// ... so that a plan of many such tasks is over the time limit.
	many, err := Parse("long.yaml", []byte(strings.Replace(longTask, "replicates: 2", "replicates: 100000", 1)))
	if err != nil {
		t.Fatal(err)
	}
	est, err = EstimateRun(context.Background(), many, 0, many.NumTasks(), 1, t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	if err := est.Check(false); !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "computing") {
		t.Errorf("100,000 minute-long tasks: %v (estimate %s), want the time limit", err, est)
	}

	for _, what := range []string{"estimate", "evaluate"} {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(200*time.Millisecond, cancel)
		start := time.Now()
		var err error
		if what == "estimate" {
			_, err = EstimateRun(ctx, plan, 0, plan.NumTasks(), 1, t.TempDir(), true)
		} else {
			err = Evaluate(ctx, plan, 0, plan.NumTasks(), EvalOptions{Workers: 2}, func(int, *output.TaskRows) error {
				t.Error("a cancelled task delivered rows")
				return nil
			})
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s, cancelled: %v", what, err)
		}
		if took := time.Since(start); took > 10*time.Second {
			t.Errorf("%s: %v from start (cancelled after 200ms) to return", what, took)
		}
		cancel()
	}
}

// TestCancelFinalize (point 8): a cancelled context stops the summary of a
// 10,000-point plan promptly, leaving no summary, contrasts or temporary
// file; a resume then finishes it into a complete directory.
func TestCancelFinalize(t *testing.T) {
	t.Parallel()
	points := make([]string, 10000)
	for k := range points {
		points[k] = fmt.Sprintf("%.4f", float64(k)/10000)
	}
	c := pcfg{Reps: 1, PartTasks: 2500, Points: strings.Join(points, ", "), Archs: "treaty, layered", Formats: "parquet"}
	plan := c.plan(t)
	dir := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stopped time.Time
	_, err := Run(ctx, plan, RunOptions{Dir: dir, Workers: 2, Notify: func(e Event) {
		if e.Kind == EventFinalizing {
			go func() {
				time.Sleep(20 * time.Millisecond)
				stopped = time.Now()
				cancel()
			}()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want cancelled, got %v", err)
	}
	took := time.Since(stopped)
	t.Logf("the finalisation stopped %v after the cancel", took)
	if took > 5*time.Second {
		t.Errorf("the finalisation took %v to stop", took)
	}
	for _, f := range []string{"summary.parquet", "contrasts.parquet", "summary.csv", output.ManifestName} {
		if exists(filepath.Join(dir, f)) {
			t.Errorf("%s written by a cancelled finalisation", f)
		}
	}
	failedCleanly(t, dir)
	res := mustRun(t, plan, dir, RunOptions{Resume: true})
	if res.Kept != 4 {
		t.Errorf("kept %d of 4 parts", res.Kept)
	}
}

// TestVerify (point 10): verify passes a complete directory, re-running a
// seeded sample (the same tasks every time), and names the first mismatch:
// a file that differs from the manifest, a stray file, and a row that
// differs from its re-run though the file matches the manifest.
func TestVerify(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	ctx := context.Background()
	all, err := Verify(ctx, ref, VerifyOptions{Sample: -1})
	if err != nil {
		t.Fatal(err)
	}
	if all.Checked != 22 || all.Tasks != nil || all.Files == 0 {
		t.Errorf("verify all: %+v", all)
	}
	a, err := Verify(ctx, ref, VerifyOptions{Sample: 5, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Verify(ctx, ref, VerifyOptions{Sample: 5, Workers: 3})
	if len(a.Tasks) != 5 || a.Checked != 5 || !slices.Equal(a.Tasks, b.Tasks) || !slices.IsSorted(a.Tasks) {
		t.Errorf("samples %v and %v", a.Tasks, b.Tasks)
	}
	if d, _ := Verify(ctx, ref, VerifyOptions{}); d.Checked != 20 {
		t.Errorf("default sample: %d tasks", len(d.Tasks))
	}

	mismatch := func(t *testing.T, dir string, subs ...string) {
		t.Helper()
		_, err := Verify(ctx, dir, VerifyOptions{Sample: -1})
		var me *output.MismatchError
		if !errors.As(err, &me) {
			t.Fatalf("want a mismatch, got %v", err)
		}
		wantText(t, err, subs...)
	}
	t.Run("flipped byte", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		flipByte(t, filepath.Join(dir, "arrow", "summary.arrow"))
		mismatch(t, dir, "arrow/summary.arrow", "does not match its manifest")
	})
	t.Run("other build", func(t *testing.T) {
		// Results of another instruction set can differ in the last
		// bits: said as such, not reported as a differing row.
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		editManifest(t, dir, `"build": "`+output.BuildTarget()+`"`, `"build": "GOARCH=arm64 GOARM64=v8.0"`)
		mismatch(t, dir, "built for GOARCH=arm64 GOARM64=v8.0", "built for "+output.BuildTarget())
	})
	t.Run("stray file", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		if err := os.WriteFile(filepath.Join(dir, "runs", "part-00009.parquet"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		mismatch(t, dir, "runs/part-00009.parquet", "does not list")
	})
	t.Run("row differs", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		plan := c.plan(t)
		// Rewrite part-00001 (tasks 5..9) with one outcome of task 7
		// changed, and make the manifest agree with the new file: only the
		// re-run can tell.
		ds, err := output.New(layout(plan, dir, nil))
		if err != nil {
			t.Fatal(err)
		}
		if err := ds.RemovePart("part-00001"); err != nil {
			t.Fatal(err)
		}
		w, err := ds.NewPart("part-00001", 5, 10)
		if err != nil {
			t.Fatal(err)
		}
		err = Evaluate(ctx, plan, 5, 10, EvalOptions{Workers: 1}, func(task int, rows *output.TaskRows) error {
			if task == 7 {
				rows.Outcomes[2].Value[engine.DeterrenceSuccess] += 1e-9
			}
			return w.Write(rows)
		})
		if err == nil {
			err = w.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(dir, output.JournalName)); err != nil {
			t.Fatal(err)
		}
		m := readManifest(t, dir)
		if err := ds.WriteManifest(ctx, m); err != nil {
			t.Fatal(err)
		}
		mismatch(t, dir, "runs/part-00001.parquet", "task 7", "architecture treaty", "deterrence_success")
	})
	t.Run("not a results directory", func(t *testing.T) {
		for _, dir := range []string{t.TempDir(), filepath.Join(t.TempDir(), "missing")} {
			_, err := Verify(ctx, dir, VerifyOptions{})
			usage(t)(err)
		}
		_, dir := runStopped(t, c, 1, RunOptions{})
		_, err := Verify(ctx, dir, VerifyOptions{})
		usage(t, "the run did not finish", "runner run CONFIG -o DIR --resume", "runner merge --force")(err)
	})
}

// TestPartsLazy: NumParts, PartAt and PartIndex agree with the list Parts
// builds, so the run never needs the list.
func TestPartsLazy(t *testing.T) {
	t.Parallel()
	for _, P := range []int{1, 3, 5, 8192} {
		for lo := 0; lo < 20; lo++ {
			for hi := lo; hi < 40; hi++ {
				ps := Parts(lo, hi, P)
				if n := NumParts(lo, hi, P); n != len(ps) {
					t.Fatalf("NumParts(%d, %d, %d) = %d, want %d", lo, hi, P, n, len(ps))
				}
				for j, p := range ps {
					if q := PartAt(lo, hi, P, j); q != p {
						t.Fatalf("PartAt(%d, %d, %d, %d) = %+v, want %+v", lo, hi, P, j, q, p)
					}
					for task := p.Lo; task < p.Hi; task++ {
						if PartIndex(lo, P, task) != j {
							t.Fatalf("PartIndex(%d, %d, %d) != %d", lo, P, task, j)
						}
					}
				}
			}
		}
	}
	// A plan of 1e13 tasks has parts without a list.
	if n := NumParts(0, 1e13, 8192); n != 1220703125 {
		t.Errorf("NumParts of 1e13 tasks: %d", n)
	}
}

// usage is wantUsage with the error last, for one-line checks.
func usage(t testing.TB, subs ...string) func(error) {
	t.Helper()
	return func(err error) {
		t.Helper()
		wantUsage(t, err, subs...)
	}
}

// TestPlotKeepsVerifiable: `runner plot` on a complete directory run with
// `plots: false` draws the figures and lists them in the manifest, so
// verify still passes; a directory whose table was changed after the run
// is refused before anything is drawn.
func TestPlotKeepsVerifiable(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{})
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "d")
	copyDir(t, ref, dir)
	if exists(filepath.Join(dir, "report.html")) {
		t.Fatal("the reference drew a report with plots off")
	}
	if _, err := Plot(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if !exists(filepath.Join(dir, "report.html")) {
		t.Fatal("plot drew no report")
	}
	if _, err := Verify(ctx, dir, VerifyOptions{Sample: 2}); err != nil {
		t.Fatalf("verify after plot: %v", err)
	}

	bad := filepath.Join(t.TempDir(), "bad")
	copyDir(t, ref, bad)
	flipByte(t, filepath.Join(bad, "summary.csv"))
	_, err := Plot(ctx, bad)
	var me *output.MismatchError
	if !errors.As(err, &me) {
		t.Fatalf("plot of a tampered directory: %v, want a mismatch", err)
	}
	if exists(filepath.Join(bad, "report.html")) {
		t.Error("plot drew into a tampered directory")
	}

	// A complete directory whose summary was deleted is damaged, not
	// unfinished: a mismatch naming the file, not the advice to resume
	// (which refuses a complete directory that does not verify).
	gone := filepath.Join(t.TempDir(), "gone")
	copyDir(t, ref, gone)
	if err := os.Remove(filepath.Join(gone, "summary.parquet")); err != nil {
		t.Fatal(err)
	}
	_, err = Plot(ctx, gone)
	if !errors.As(err, &me) || !strings.Contains(err.Error(), "summary.parquet") || strings.Contains(err.Error(), "--resume") {
		t.Fatalf("plot of a directory without its summary: %v, want a mismatch naming summary.parquet", err)
	}

	// An unfinished directory holding a summary under its final name (a
	// merge or a finalisation stopped before its manifest) is refused, with
	// the commands that finish it, and nothing is drawn (review 6: plot
	// drew a report from it).
	unfinished := filepath.Join(t.TempDir(), "unfinished")
	copyDir(t, ref, unfinished)
	if err := os.Remove(filepath.Join(unfinished, output.ManifestName)); err != nil {
		t.Fatal(err)
	}
	_, err = Plot(ctx, unfinished)
	wantUsage(t, err, "no manifest.json", "--resume", "runner merge --force")
	if exists(filepath.Join(unfinished, "report.html")) {
		t.Error("plot drew into an unfinished directory")
	}

	// A shard has no summary by design: the advice is to merge, not to
	// resume a shard that is complete.
	shard := filepath.Join(t.TempDir(), "s0")
	mustRun(t, pcfg{}.plan(t), shard, RunOptions{Shard: ShardSpec{I: 0, N: 2}})
	_, err = Plot(ctx, shard)
	wantUsage(t, err, "shard", "runner merge")
	if strings.Contains(err.Error(), "--resume") {
		t.Errorf("plot of a shard advises a resume: %v", err)
	}
}

// TestRefuseInsideResults: a run, a merge or a calibration whose results
// directory lies inside a complete results directory is refused before it
// writes anything: its files would sit unlisted in the outer directory,
// which would no longer verify or resume.
func TestRefuseInsideResults(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	outer := filepath.Join(t.TempDir(), "outer")
	copyDir(t, ref, outer)
	before := listFiles(t, outer)
	// Through a link to a folder inside it, too (hostile review, stop
	// 24: the logical path was checked, and the run wrote into outer/runs).
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(filepath.Join(outer, "runs"), link); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Join(outer, "sub"), filepath.Join(outer, "runs", "sub"), filepath.Join(outer, "a", "b"), filepath.Join(link, "x"), filepath.Join(link, "x", "y")} {
		_, err := run(t, plan, dir, RunOptions{})
		wantUsage(t, err, dir, "inside the results directory", "outer")
		_, err = Merge(context.Background(), dir, []string{ref}, MergeOptions{})
		wantUsage(t, err, "inside the results directory")
	}
	// The message says it is through a link.
	_, err := run(t, plan, filepath.Join(link, "x"), RunOptions{})
	wantUsage(t, err, "through a symbolic link: it resolves to "+filepath.Join(realPath(outer), "runs", "x"))
	// ".." after a link goes to the link target's parent: outer itself.
	// The path read as written leads elsewhere, so it is refused as
	// ambiguous (a review, stop 24: it made outer/sub, then failed to
	// open sub/.lock beside the working directory).
	dd := link + string(filepath.Separator) + ".." + string(filepath.Separator) + "sub"
	_, err = run(t, plan, dd, RunOptions{})
	wantUsage(t, err, "follows a symbolic link", filepath.Join(realPath(outer), "sub"))
	if exists(filepath.Join(outer, "sub")) {
		t.Errorf("a refused run made %s", filepath.Join(outer, "sub"))
	}
	// ".." after a folder not made yet, then the link: the link still
	// resolves (a review, stop 24: the message was about a ".." after a
	// link, with its paths swapped).
	nope := filepath.Dir(link) + string(filepath.Separator) + "nope" + string(filepath.Separator) + ".." + string(filepath.Separator) + filepath.Base(link) + string(filepath.Separator) + "x"
	_, err = run(t, plan, nope, RunOptions{})
	wantUsage(t, err, "inside the results directory", "through a symbolic link")
	// ".." after a folder not made yet, no link: refused before anything
	// is made (a hostile review, stop 31: -o X/sub/.. made X/sub and
	// X/.lock, then refused X as not pactsim's).
	fresh := filepath.Join(t.TempDir(), "fresh")
	if err := os.Mkdir(fresh, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, missing := range []string{"sub", "a"} {
		sep := string(filepath.Separator)
		dd := filepath.Join(fresh, missing) + sep + ".."
		if missing == "a" {
			dd += sep + "b"
		}
		_, err = run(t, plan, dd, RunOptions{})
		wantUsage(t, err, filepath.Join(fresh, missing)+" is not an existing folder")
		_, err = Merge(context.Background(), dd, []string{ref}, MergeOptions{})
		wantUsage(t, err, "is not an existing folder")
		if es, _ := os.ReadDir(fresh); len(es) != 0 {
			t.Errorf("a refused run or merge wrote into %s: %v", fresh, es)
		}
	}
	if got := listFiles(t, outer); !slices.Equal(got, before) {
		t.Errorf("refused runs changed %s: %v, was %v", outer, got, before)
	}
	if _, err := Verify(context.Background(), outer, VerifyOptions{Sample: 1, Workers: 2}); err != nil {
		t.Errorf("the outer directory no longer verifies: %v", err)
	}
	// Beside it, or inside a folder that merely holds a config, is fine.
	mustRun(t, plan, filepath.Join(filepath.Dir(outer), "beside"), RunOptions{})

	// An unfinished run with finished parts is refused as an outer
	// directory too: its --resume would refuse the stranger.
	_, unfinished := runStopped(t, c, 1, RunOptions{})
	dir := filepath.Join(unfinished, "sub")
	_, err = run(t, plan, dir, RunOptions{})
	wantUsage(t, err, dir, "inside the results directory", unfinished)
	if exists(dir) {
		t.Errorf("a refused run created %s", dir)
	}
	mustRun(t, plan, unfinished, RunOptions{Resume: true})
}

// TestHardLinkedCopy: a copy of a complete directory made of hard links
// (cp -al, rsync --link-dest) resumes, plots and verifies, and so does the
// original: its lock is shared, so it is taken and not written (hostile
// review, stop 24: writing the pid through a hard-linked lock truncated
// another name's file; refusing it, the next change, refused both copies).
func TestHardLinkedCopy(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	orig, snap := filepath.Join(t.TempDir(), "orig"), filepath.Join(t.TempDir(), "snap")
	copyDir(t, ref, orig)
	// A complete directory keeps the lock its writer left.
	if err := os.WriteFile(filepath.Join(orig, output.LockName), []byte("12345\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	linkCopy(t, orig, snap)
	lock, err := os.ReadFile(filepath.Join(orig, output.LockName))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{snap, orig} {
		if res, err := run(t, plan, dir, RunOptions{Resume: true}); err != nil || !res.Complete {
			t.Errorf("resume of %s: %+v, %v", dir, res, err)
		}
		if _, err := Plot(context.Background(), dir); err != nil {
			t.Errorf("plot of %s: %v", dir, err)
		}
		if _, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2}); err != nil {
			t.Errorf("verify of %s: %v", dir, err)
		}
	}
	if after, err := os.ReadFile(filepath.Join(orig, output.LockName)); err != nil || !bytes.Equal(after, lock) {
		t.Errorf("the shared lock was written: %q, was %q (%v)", after, lock, err)
	}

	// Unfinished: the copy resumes, its journal given its own copy, and
	// the original's journal keeps its lines, so the original resumes too
	// (a review, stop 24: the journal's hard link stopped both resumes
	// after a part was computed).
	_, stopped := runStopped(t, c, 2, RunOptions{})
	stoppedSnap := filepath.Join(t.TempDir(), "stopped-snap")
	linkCopy(t, stopped, stoppedSnap)
	journal, err := os.ReadFile(filepath.Join(stopped, output.JournalName))
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, stoppedSnap, RunOptions{Resume: true})
	sameFiles(t, ref, stoppedSnap)
	if after, err := os.ReadFile(filepath.Join(stopped, output.JournalName)); err != nil || !bytes.Equal(after, journal) {
		t.Errorf("the copy's resume changed the original's journal (%v)", err)
	}
	mustRun(t, plan, stopped, RunOptions{Resume: true})
	sameFiles(t, ref, stopped)
}

// linkCopy makes dst a copy of src made of hard links, as cp -al does.
func linkCopy(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		return os.Link(path, filepath.Join(dst, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDamagedManifest: a pactsim manifest cut short is named as damaged,
// with the way out, not as another tool's file; once it is removed,
// --resume rebuilds the directory as it was.
func TestDamagedManifest(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	dir := filepath.Join(t.TempDir(), "d")
	copyDir(t, ref, dir)
	mpath := filepath.Join(dir, output.ManifestName)
	// Cut after its format, and before it (empty, as a crash can leave
	// it: a hostile review, found that read as another tool's file).
	for _, size := range []int64{200, 10, 0} {
		if err := os.Truncate(mpath, size); err != nil {
			t.Fatal(err)
		}
		_, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2})
		wantUsage(t, err, "damaged pactsim manifest", "remove manifest.json and run again with --resume")
		_, err = run(t, plan, dir, RunOptions{Resume: true})
		wantUsage(t, err, "damaged pactsim manifest")
	}
	if err := os.Remove(mpath); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, dir, RunOptions{Resume: true})
	sameFiles(t, ref, dir)
}

// TestResumeRewritesHandWrittenConfig: a directory holding only the user's
// own config.yaml (comments, defaults left out) resumes as the same
// resolved config, and the finished directory keeps the resolved form,
// every default written out, as a fresh run would (review 10: it kept the
// user's 7-line file, so a re-run of DIR/config.yaml would take whatever
// defaults a later version has).
func TestResumeRewritesHandWrittenConfig(t *testing.T) {
	t.Parallel()
	c := pcfg{Reps: 3}
	plan := c.plan(t)
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	hand := "# my notes\n" + c.yaml()
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(hand), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, dir, RunOptions{Resume: true})
	got, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(plan.Canonical()) {
		t.Errorf("config.yaml is not the resolved config:\n%s", got)
	}
	if _, err := Verify(context.Background(), dir, VerifyOptions{Workers: 2}); err != nil {
		t.Error(err)
	}
}

// TestKilledWhileWritingConfig: a run killed while it wrote config.yaml
// leaves only its lock and .config.yaml.RANDOM.tmp; that folder is empty
// to run (with or without --resume) and --force alike, and the temporary
// file goes (review 10: every command refused it as "neither a pactsim
// manifest.json nor a config.yaml").
func TestKilledWhileWritingConfig(t *testing.T) {
	t.Parallel()
	plan := pcfg{Reps: 2}.plan(t)
	for _, opt := range []RunOptions{{}, {Resume: true}, {Force: true}} {
		dir := filepath.Join(t.TempDir(), "out")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{output.LockName, ".config.yaml.0123456789ab.tmp"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte("name: x\nsee"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		mustRun(t, plan, dir, opt)
		if n, err := countTempFiles(dir); err != nil || n != 0 {
			t.Errorf("%+v: %d temporary files left (%v)", opt, n, err)
		}
		if _, err := Verify(context.Background(), dir, VerifyOptions{Workers: 2}); err != nil {
			t.Errorf("%+v: %v", opt, err)
		}
	}
	// A user's file that merely looks temporary is not pactsim's (review
	// 10, second pass: .notes.tmp was deleted): the folder is refused and
	// the file kept.
	for _, name := range []string{".notes.tmp", ".notes.0123456789ab.tmp", ".thesis.tex.0123456789ab.tmp"} {
		dir := filepath.Join(t.TempDir(), "out")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte("precious"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := run(t, plan, dir, RunOptions{})
		usage(t, dir, "pactsim did not write it")(err)
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != "precious" {
			t.Errorf("%s: %q, %v", name, b, err)
		}
	}
}

// TestRunLockWait (hostile review, stop 32): with LockWait, a run into a
// directory whose lock another process holds waits, says so once, and
// runs when the lock is let go, as a batch system's replacement worker
// must; without it, it is refused at once, writing nothing.
func TestRunLockWait(t *testing.T) {
	t.Parallel()
	plan := pcfg{}.plan(t)
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	held, err := output.LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = run(t, plan, dir, RunOptions{})
	usage(t, dir, fmt.Sprintf("in use by pid %d", os.Getpid()))(err)
	if _, err := os.Stat(filepath.Join(dir, "config.yaml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused run wrote config.yaml (%v)", err)
	}
	var waits []*output.BusyError
	res, err := run(t, plan, dir, RunOptions{LockWait: time.Hour, Notify: func(e Event) {
		if e.Kind == EventWaiting {
			waits = append(waits, e.Busy)
			held.Unlock()
		}
	}})
	if err != nil {
		t.Fatalf("run with LockWait: %v", err)
	}
	if len(waits) != 1 || waits[0].PID != os.Getpid() || waits[0].Dir != dir {
		t.Errorf("waiting told %d times (%+v), want once naming pid %d and %s", len(waits), waits, os.Getpid(), dir)
	}
	if res.Manifest == nil {
		t.Fatal("the run that waited did not finish its directory")
	}
	if _, err := Verify(context.Background(), dir, VerifyOptions{}); err != nil {
		t.Errorf("verify after the wait: %v", err)
	}

	// Another process takes the lock after the first look, while the run
	// times its estimate: the run waits for it there too, and says so
	// once (a review, stop 32: only the first look waited).
	late := filepath.Join(t.TempDir(), "late")
	if err := os.Mkdir(late, 0o755); err != nil {
		t.Fatal(err)
	}
	var taken *output.Lock
	waits = nil
	_, err = run(t, plan, late, RunOptions{LockWait: time.Hour, Notify: func(e Event) {
		switch e.Kind {
		case EventPlanned:
			if taken, err = output.LockDir(late); err != nil {
				t.Errorf("take the lock: %v", err)
			}
		case EventWaiting:
			waits = append(waits, e.Busy)
			taken.Unlock()
		}
	}})
	if err != nil || len(waits) != 1 {
		t.Fatalf("a lock taken after the first look: %v, waited %d times, want once", err, len(waits))
	}
}
