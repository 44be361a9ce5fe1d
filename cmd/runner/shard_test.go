package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pactsim/experiments"
	"pactsim/output"
)

// isPart reports whether a results path is a part file.
func isPart(rel string) bool {
	return strings.Contains(rel, "/part-")
}

// sameAsUnsharded checks that every file of the unsharded run ref but its
// parts and manifest (which name their shard) is in the merged directory
// out byte for byte, and returns those files of out by path.
func sameAsUnsharded(t *testing.T, ref, out string) map[string][]byte {
	t.Helper()
	got := map[string][]byte{}
	for _, f := range listFiles(t, ref) {
		if isPart(f) || f == output.ManifestName {
			continue
		}
		a, _ := os.ReadFile(filepath.Join(ref, f))
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("merged %s differs from the unsharded run's (%v)", f, err)
		}
		got[f] = b
	}
	return got
}

// TestShardsFromScheduler: a shard chosen by the scheduler's environment
// (Slurm array, Kubernetes Indexed Job) is named on stderr, recorded in
// its manifest, and the shards merge into the unsharded run's files. The
// shard arithmetic itself is tested in package experiments.
func TestShardsFromScheduler(t *testing.T) {
	t.Parallel()
	c := cfg{Plots: true}
	ref := reference(t, c)
	const tasks = 22
	type shardCase struct {
		name   string
		n      int
		env    func(i int) []string
		source string
	}
	cases := []shardCase{
		{"slurm 3", 3, func(i int) []string {
			return []string{"SLURM_ARRAY_TASK_ID=" + strconv.Itoa(i+1), "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=3", "SLURM_CPUS_PER_TASK=1"}
		}, "SLURM_ARRAY_TASK_ID"},
		{"k8s 2", 2, func(i int) []string {
			return []string{"JOB_COMPLETION_INDEX=" + strconv.Itoa(i), "PACTSIM_SHARDS=2"}
		}, "JOB_COMPLETION_INDEX"},
	}
	for _, sc := range cases {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			config := c.write(t, dir)
			var dirs []string
			for i := 0; i < sc.n; i++ {
				d := filepath.Join(dir, fmt.Sprintf("shard-%d", i))
				r := mustRun(t, sc.env(i), "run", config, "-o", d)
				m := readManifest(t, d)
				lo, hi := experiments.Shard(i, sc.n, tasks)
				if want := (output.Shard{Index: i, Count: sc.n, TaskLo: lo, TaskHi: hi}); m.Shard == nil || *m.Shard != want {
					t.Errorf("shard %d: manifest shard %v, want %+v", i, m.Shard, want)
				}
				if s := fmt.Sprintf("shard %d/%d (from %s): tasks [%d, %d)", i, sc.n, sc.source, lo, hi); !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
				}
				if sc.source == "SLURM_ARRAY_TASK_ID" && m.Workers != 1 {
					t.Errorf("SLURM_CPUS_PER_TASK=1 gave %d workers", m.Workers)
				}
				dirs = append(dirs, d)
			}
			slices.Reverse(dirs)
			out := filepath.Join(dir, "merged")
			r := mustRun(t, nil, append([]string{"merge", "-o", out}, dirs...)...)
			if !strings.Contains(r.stderr, fmt.Sprintf("merged %d shards", sc.n)) || !strings.Contains(r.stderr, "report.html") {
				t.Errorf("merge stderr: %q", r.stderr)
			}
			sameAsUnsharded(t, ref, out)
			mustRun(t, nil, "verify", out, "--sample", "all")
		})
	}
}

// TestMergeExitCodes: a refused merge exits 2 and creates nothing.
func TestMergeExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	config := cfg{}.write(t, dir)
	s0, s2 := filepath.Join(dir, "s0"), filepath.Join(dir, "s2")
	mustRun(t, nil, "run", config, "-o", s0, "--shard", "0/3", "-q")
	mustRun(t, nil, "run", config, "-o", s2, "--shard", "2/3", "-q")
	// A killed command's temporary file in a shard: verify says it is not
	// data, and does not send the user to plot, which refuses a shard
	// (review, stop 26).
	tmp := filepath.Join(s0, ".summary.csv.123456789abc.tmp")
	if err := os.WriteFile(tmp, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, nil, "verify", s0)
	if !strings.Contains(r.stdout, "1 temporary file") || !strings.Contains(r.stdout, "they can be deleted") || strings.Contains(r.stdout, "runner plot") {
		t.Errorf("verify of a shard with a temporary file: %q", r.stdout)
	}
	if err := os.Remove(tmp); err != nil {
		t.Fatal(err)
	}
	// --tables on a shard, which has no whole tables, says it checked
	// nothing more (a scale-out review, stop 43: it passed over it).
	if r := mustRun(t, nil, "verify", s0, "--tables"); !strings.Contains(r.stdout, "a shard has no whole tables, so --tables checked nothing more") {
		t.Errorf("verify --tables of a shard: %q", r.stdout)
	}
	out := filepath.Join(dir, "merged")
	wantExit(t, runner(t, nil, "merge", "-o", out, s0, s2), 2, "missing shard(s) [1] of 3")
	wantExit(t, runner(t, nil, "merge", "-o", out, s0, filepath.Join(dir, "nowhere")), 2, "not a finished shard")
	if exists(out) {
		t.Errorf("a refused merge created %s", out)
	}
}

// TestEmptyShardSays (hostile review, stop 32): a shard that owns no
// task, since there are more shards than tasks, runs (deploy/slurm
// allows it) and says why it is empty and that merge needs every shard.
func TestEmptyShardSays(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{}.write(t, base)
	// 22 tasks over 30 shards: shard I owns [⌊22·I/30⌋, ⌊22·(I+1)/30⌋).
	r := runner(t, nil, "run", config, "-o", filepath.Join(base, "s"), "--shard", "0/30", "-q")
	wantExit(t, r, 0, "shard 0/30", "tasks [0, 0), none (there are more shards than tasks", "every one of the 30 shard directories")
	r = runner(t, nil, "run", config, "-o", filepath.Join(base, "t"), "--shard", "1/30", "-q")
	wantExit(t, r, 0, "tasks [0, 1)")
	if strings.Contains(r.stderr, "more shards than tasks") {
		t.Errorf("a shard with tasks is called empty:\n%s", r.stderr)
	}
	// validate --shard says it of the shard as run does (stop 46: it
	// gave only the range).
	r = runner(t, nil, "validate", config, "--shard", "0/30")
	wantExit(t, r, 0)
	for _, s := range []string{"0/30: tasks [0, 0), none (there are more shards than tasks", "every one of the 30 shard directories"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("validate --shard 0/30 lacks %q:\n%s", s, r.stdout)
		}
	}
	r = runner(t, nil, "validate", config, "--shard", "1/30")
	wantExit(t, r, 0)
	if !strings.Contains(r.stdout, "1/30: tasks [0, 1)") {
		t.Errorf("validate --shard 1/30 lacks its range:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout+r.stderr, "more shards than tasks") {
		t.Errorf("validate calls a shard with tasks empty:\n%s%s", r.stdout, r.stderr)
	}
}

// TestMergeOneRun: merge of one unsharded run says it copied a whole run,
// not "1 shard checks out" and "merged 1 shard" (a hostile review:
// it is not a shard); merge of one merged directory says it copied that.
func TestMergeOneRun(t *testing.T) {
	t.Parallel()
	ref := reference(t, cfg{})
	out := filepath.Join(t.TempDir(), "merged")
	r := runner(t, nil, "merge", "-o", out, ref)
	wantExit(t, r, 0, ref+" checks out (a whole run, not shards", "copied the run "+ref+" into "+out)
	if strings.Contains(r.stderr, "1 shard") {
		t.Errorf("one run called a shard:\n%s", r.stderr)
	}
	mustRun(t, nil, "verify", out)
	// A merged directory given alone is copied as one, and said to be one,
	// not a run (a scale-out review: "a whole run", "copied the run").
	again := filepath.Join(t.TempDir(), "again")
	r = runner(t, nil, "merge", "-o", again, out)
	wantExit(t, r, 0, out+" checks out (a merged directory, not shards", "copied the merged directory "+out+" into "+again)
	if strings.Contains(r.stderr, "whole run") || strings.Contains(r.stderr, "the run ") {
		t.Errorf("a merge copied is called a run:\n%s", r.stderr)
	}
}

// TestMergeAllowLarge (a scale-out review): merge takes --allow-large, as
// run does, for a merge over the part-file limit (the limit itself is
// tested in package experiments: TestMergePartFilesLimit); its help says
// what it is for. merge had no such flag and refused it (exit 2).
func TestMergeAllowLarge(t *testing.T) {
	t.Parallel()
	ref := reference(t, cfg{})
	out := filepath.Join(t.TempDir(), "merged")
	wantExit(t, runner(t, nil, "merge", "-o", out, ref, "--allow-large", "-q"), 0)
	if r := mustRun(t, nil, "merge", "--help"); !strings.Contains(r.stdout, "--allow-large") || !strings.Contains(r.stdout, "part-file limit") || !strings.Contains(r.stdout, "free disk") {
		t.Errorf("merge --help does not offer --allow-large for the part-file limit and the free disk:\n%s", r.stdout)
	}
}

// lhsCLI is a tiny sampled design, which a discovery analysis takes.
const lhsCLI = `name: lhs
seed: 3
replicates: 2
periods: 4
architectures: [treaty, layered]
population:
  roster: indo-pacific
sweep:
  design: lhs
  samples: 20
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
output:
  formats: [parquet]
  plots: false
`

// TestMergeNotesDroppedAnalysis (a scale-out review): merge of a run that
// `runner analyze DIR FILE` analysed computes its config's analysis (here
// none), not FILE's: it says so, even with -q, naming the file and the
// command that computes it for OUT, and that command gives OUT DIR's
// analysis tables. It dropped them without a word.
func TestMergeNotesDroppedAnalysis(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfgPath := writeText(t, dir, "lhs.yaml", lhsCLI)
	file := writeText(t, dir, "an.yaml", "analysis:\n  discovery:\n    - quantity: {outcome: deterrence_success, contrast: [layered, treaty]}\n      condition: {above: 0}\n")
	run := filepath.Join(dir, "run")
	mustRun(t, nil, "run", cfgPath, "-o", run, "-q")
	plain := filepath.Join(dir, "plain")
	if r := mustRun(t, nil, "merge", "-o", plain, run, "-q"); strings.Contains(r.stderr, "not carried over") {
		t.Errorf("merge of a run without analysis.yaml notes a dropped analysis:\n%s", r.stderr)
	}
	mustRun(t, nil, "analyze", run, file)
	out := filepath.Join(dir, "merged")
	stored := filepath.Join(run, "analysis.yaml")
	redo := "`runner analyze " + out + " " + stored + "`"
	r := mustRun(t, nil, "merge", "-o", out, run, "-q")
	for _, want := range []string{"runner: note: " + stored, "is not carried over", out + " has no analysis tables", redo} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("merge of an analysed run does not say %q:\n%s", want, r.stderr)
		}
	}
	if exists(filepath.Join(out, "discovery.csv")) {
		t.Fatalf("the merge carried the analysis over after all")
	}
	mustRun(t, nil, "analyze", out, stored)
	if got, want := readText(t, filepath.Join(out, "discovery.csv")), readText(t, filepath.Join(run, "discovery.csv")); got != want {
		t.Errorf("the note's command gives other discovery rows:\n%s\nwant\n%s", got, want)
	}
}

// TestMergeWholeRunsSaysForms (a scale-out review): merge of two whole
// runs is refused naming both forms merge takes, one whole run alone
// among them (it named only the shards, though one run alone is copied),
// and merge --help says the same.
func TestMergeWholeRunsSaysForms(t *testing.T) {
	t.Parallel()
	ref := reference(t, cfg{})
	out := filepath.Join(t.TempDir(), "merged")
	wantExit(t, runner(t, nil, "merge", "-o", out, ref, ref), 2, ref+" is a whole run, not a shard", "every shard of one sharded run", "or one whole run or merge alone, which it copies", "give "+ref+" alone, or only shards")
	if exists(out) {
		t.Errorf("a refused merge created %s", out)
	}
	if r := mustRun(t, nil, "merge", "--help"); !strings.Contains(r.stdout, "or one whole run or merge alone,\nwhich is copied") {
		t.Errorf("merge --help does not name the forms merge takes:\n%s", r.stdout)
	}
}

// TestShardMergedPartFilesLimit (a scale-out review): a shard's run and
// validate, by --shard or by a job array's variables, apply the part-file
// limit to what the merge of all the shards will list, as the merge
// counts it: every shard ran (hours on a cluster) and only the merge
// refused them. Here each shard writes 2 part files, the unsharded run
// 480,000, and the merge of 400,000 shards 1,120,000 (shard boundaries
// cut parts). Refused with exit 2 and nothing created, with the merge's
// advice; --allow-large runs it and says that the merge needs it too.
func TestShardMergedPartFilesLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	config := cfg{Reps: 600_000}.write(t, dir) // 1,200,000 tasks in parts of 5
	over := []string{"the merge of its 400000 shards", "1120000 part files (limit 1000000): raise output.part_tasks",
		"pass --allow-large to every shard's run (runner run --shard I/N) and to `runner merge`"}
	out := filepath.Join(dir, "new", "s0")
	for _, env := range [][]string{
		nil,
		{"SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_COUNT=400000"},
		{"JOB_COMPLETION_INDEX=0", "PACTSIM_SHARDS=400000"},
	} {
		var shard []string
		if env == nil {
			shard = []string{"--shard", "0/400000"}
		}
		wantExit(t, runner(t, env, append([]string{"run", config, "-o", out, "-q"}, shard...)...), 2, over...)
		if exists(filepath.Join(dir, "new")) {
			t.Fatalf("%v: a shard whose merge is over the part-file limit created %s", env, out)
		}
		r := runner(t, env, append([]string{"validate", config, "-o", out}, shard...)...)
		wantExit(t, r, 2, over...)
		if !strings.Contains(r.stdout, "merged files   1120000 part files in the merge of the 400000 shards") {
			t.Errorf("%v: validate does not count the merge's part files:\n%s", env, r.stdout)
		}
	}
	mustRun(t, nil, "validate", config)
	r := mustRun(t, nil, "run", config, "-o", out, "-q", "--shard", "0/400000", "--allow-large")
	if !strings.Contains(r.stderr, "the merge of the 400000 shards will list 1120000 part files") || !strings.Contains(r.stderr, "`runner merge --allow-large`") {
		t.Errorf("a shard run with --allow-large does not say its merge needs it too:\n%s", r.stderr)
	}
}
