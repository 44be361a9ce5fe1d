package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"pactsim/engine"
	"pactsim/experiments"
	"pactsim/output"
)

// allTables is a config that writes every table, so that determinism
// covers the optional part tables too.
var allTables = cfg{Plots: true, Tables: "runs, trajectories, states, summary, contrasts"}

// TestWorkersDeterminism: the same config gives byte-identical files,
// plots and report included, whatever --workers.
func TestWorkersDeterminism(t *testing.T) {
	t.Parallel()
	ref := reference(t, allTables) // --workers 2
	m := readManifest(t, ref)
	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f.Path] = true
	}
	// The manifest lists every data file, plots and report included, and
	// not itself.
	for _, f := range listFiles(t, ref) {
		if f != output.ManifestName && !listed[f] {
			t.Errorf("manifest does not list %s", f)
		}
	}
	for _, f := range []string{"runs/part-00004.parquet", "arrow/runs/part-00004.arrow", "trajectories/part-00000.parquet",
		"arrow/states/part-00000.arrow", "summary.parquet", "contrasts.parquet", "points.parquet", "codebook.csv",
		"summary.csv", "contrasts.csv", "arrow/summary.arrow", "arrow/contrasts.arrow", "config.yaml", "report.html"} {
		if !listed[f] {
			t.Errorf("manifest lacks %s", f)
		}
	}
	if listed[output.ManifestName] {
		t.Error("the manifest lists itself")
	}
	for _, w := range []int{1, 8} {
		t.Run(fmt.Sprintf("workers=%d", w), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			mustRun(t, nil, "run", allTables.write(t, dir), "-o", out, "--workers", strconv.Itoa(w), "-q")
			sameFiles(t, ref, out)
			if got := readManifest(t, out).Workers; got != w {
				t.Errorf("manifest says %d workers, want %d", got, w)
			}
		})
	}
}

// runsRows reads the runs rows of a results directory, in part (task)
// order, one JSON line per row.
func runsRows(t testing.TB, dir string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "runs", "part-*.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(paths) // part names sort in task order
	var rows []string
	for _, p := range paths {
		rows = append(rows, parquetRows(t, p)...)
	}
	return rows
}

func parquetRows(t testing.TB, path string) []string {
	t.Helper()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1 << 12}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	var buf bytes.Buffer
	for rr.Next() {
		if err := array.RecordToJSON(rr.RecordBatch(), &buf); err != nil {
			t.Fatal(err)
		}
	}
	if err := rr.Err(); err != nil && err != io.EOF {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
}

// isPart reports whether a results path is a part file.
func isPart(rel string) bool {
	return strings.Contains(rel, "/part-")
}

// TestShardsMerge: every sharding of a run, chosen by flag or by the
// scheduler's environment, merges into the unsharded run's files.
func TestShardsMerge(t *testing.T) {
	t.Parallel()
	c := cfg{Plots: true}
	ref := reference(t, c)
	refRows := runsRows(t, ref)
	if len(refRows) != 22*4 {
		t.Fatalf("reference has %d runs rows, want 88", len(refRows))
	}
	refMan := readManifest(t, ref)
	const tasks = 22

	type shardCase struct {
		name   string
		n      int
		env    func(i int) []string // the shard's environment
		args   func(i int) []string // extra run flags
		source string               // how the runner names the choice
	}
	flag := func(n int) shardCase {
		return shardCase{fmt.Sprintf("flag %d", n), n, func(int) []string { return nil },
			func(i int) []string { return []string{"--workers", "2", "--shard", fmt.Sprintf("%d/%d", i, n)} }, "--shard"}
	}
	cases := []shardCase{
		flag(1), flag(2), flag(3), flag(7),
		{"slurm 3", 3, func(i int) []string {
			return []string{"SLURM_ARRAY_TASK_ID=" + strconv.Itoa(i+1), "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=3", "SLURM_CPUS_PER_TASK=1"}
		}, func(int) []string { return nil }, "SLURM_ARRAY_TASK_ID"},
		{"k8s 2", 2, func(i int) []string {
			return []string{"JOB_COMPLETION_INDEX=" + strconv.Itoa(i), "PACTSIM_SHARDS=2"}
		}, func(int) []string { return []string{"--workers", "2"} }, "JOB_COMPLETION_INDEX"},
	}
	for _, sc := range cases {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			config := c.write(t, dir)
			var dirs []string
			for i := 0; i < sc.n; i++ {
				d := filepath.Join(dir, fmt.Sprintf("shard-%d", i))
				args := append([]string{"run", config, "-o", d}, sc.args(i)...)
				r := mustRun(t, sc.env(i), args...)
				m := readManifest(t, d)
				if sc.n == 1 {
					if m.Shard != nil {
						t.Errorf("--shard 0/1 wrote shard %+v", *m.Shard)
					}
					if !strings.Contains(r.stderr, "unsharded (--shard)") {
						t.Errorf("stderr does not name the choice:\n%s", r.stderr)
					}
				} else {
					lo, hi := experiments.Shard(i, sc.n, tasks)
					want := output.Shard{Index: i, Count: sc.n, TaskLo: lo, TaskHi: hi}
					if m.Shard == nil || *m.Shard != want {
						t.Errorf("shard %d: manifest shard %v, want %+v", i, m.Shard, want)
					}
					if s := fmt.Sprintf("shard %d/%d (from %s): tasks [%d, %d)", i, sc.n, sc.source, lo, hi); !strings.Contains(r.stderr, s) {
						t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
					}
					if exists(filepath.Join(d, "summary.parquet")) || exists(filepath.Join(d, "plots")) {
						t.Errorf("shard %d wrote a summary or plots", i)
					}
					if got, want := m.Rows["runs"], int64(hi-lo)*4; got != want {
						t.Errorf("shard %d: %d runs rows, want %d", i, got, want)
					}
				}
				if sc.source == "SLURM_ARRAY_TASK_ID" && m.Workers != 1 {
					t.Errorf("SLURM_CPUS_PER_TASK=1 gave %d workers", m.Workers)
				}
				dirs = append(dirs, d)
			}
			// Shards may be given in any order.
			slices.Reverse(dirs)
			out := filepath.Join(dir, "merged")
			r := mustRun(t, nil, append([]string{"merge", "-o", out}, dirs...)...)
			if !strings.Contains(r.stderr, fmt.Sprintf("merged %d shards", sc.n)) {
				t.Errorf("merge stderr: %q", r.stderr)
			}
			// Every file but the parts (cut at shard boundaries too) and the
			// manifest is byte-identical to the unsharded run's.
			var want []string
			for _, f := range listFiles(t, ref) {
				if !isPart(f) {
					want = append(want, f)
				}
			}
			var got []string
			for _, f := range listFiles(t, out) {
				if !isPart(f) {
					got = append(got, f)
				}
			}
			if !slices.Equal(want, got) {
				t.Fatalf("merged whole files %v, want %v", got, want)
			}
			for _, f := range want {
				if f == output.ManifestName {
					continue
				}
				a, _ := os.ReadFile(filepath.Join(ref, f))
				b, _ := os.ReadFile(filepath.Join(out, f))
				if !bytes.Equal(a, b) {
					t.Errorf("merged %s differs from the unsharded run's", f)
				}
			}
			if rows := runsRows(t, out); !slices.Equal(rows, refRows) {
				t.Errorf("merged runs rows differ: %d rows, want %d", len(rows), len(refRows))
			}
			mm := readManifest(t, out)
			if mm.Shard != nil || !mapsEqual(mm.Rows, refMan.Rows) || mm.Totals != refMan.Totals || mm.ConfigSHA256 != refMan.ConfigSHA256 {
				t.Errorf("merged manifest %+v, want like %+v", mm, refMan)
			}
			if err := output.VerifyFiles(out, mm); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestEmptyShard: a shard may own no tasks (N > T); it writes a manifest
// and no parts, and merges.
func TestEmptyShard(t *testing.T) {
	t.Parallel()
	c := cfg{Reps: 1} // 2 tasks
	ref := reference(t, c)
	dir := t.TempDir()
	config := c.write(t, dir)
	var dirs []string
	for i := 0; i < 3; i++ {
		d := filepath.Join(dir, fmt.Sprintf("s%d", i))
		mustRun(t, nil, "run", config, "-o", d, "--shard", fmt.Sprintf("%d/3", i), "-q")
		dirs = append(dirs, d)
	}
	if m := readManifest(t, dirs[0]); m.Shard.TaskLo != m.Shard.TaskHi || m.Rows["runs"] != 0 {
		t.Errorf("shard 0/3 of 2 tasks: %+v, rows %v", *m.Shard, m.Rows)
	}
	out := filepath.Join(dir, "merged")
	mustRun(t, nil, append([]string{"merge", "-q", "-o", out}, dirs...)...)
	for _, f := range []string{"summary.parquet", "contrasts.parquet", "points.parquet", "codebook.csv"} {
		a, _ := os.ReadFile(filepath.Join(ref, f))
		b, _ := os.ReadFile(filepath.Join(out, f))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs", f)
		}
	}
}

// copyDir copies the regular files of src into dst.
func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	for _, f := range listFiles(t, src) {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		to := filepath.Join(dst, f)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// flipByte changes one byte in the middle of path.
func flipByte(t testing.TB, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x01
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMergeRefusals: merge checks its shards before it writes anything.
func TestMergeRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c := cfg{}
	config := c.write(t, dir)
	shard := func(name string, spec string, conf string) string {
		d := filepath.Join(dir, name)
		mustRun(t, nil, "run", conf, "-o", d, "--shard", spec, "-q")
		return d
	}
	s0, s1, s2 := shard("s0", "0/3", config), shard("s1", "1/3", config), shard("s2", "2/3", config)
	half := shard("h1", "1/2", config)
	otherDir := filepath.Join(dir, "other")
	if err := os.Mkdir(otherDir, 0o755); err != nil {
		t.Fatal(err)
	}
	other := shard("o1", "1/3", cfg{Seed: 8}.write(t, otherDir))

	tampered := filepath.Join(dir, "tampered")
	copyDir(t, s1, tampered)
	parts, _ := filepath.Glob(filepath.Join(tampered, "runs", "part-*.parquet"))
	if len(parts) == 0 {
		t.Fatal("shard 1/3 has no parts")
	}
	flipByte(t, parts[0])

	oldEngine := filepath.Join(dir, "old-engine")
	copyDir(t, s1, oldEngine)
	editManifest(t, oldEngine, `"engine_version": "`+engine.Version+`"`, `"engine_version": "0.0.0-old"`)

	unfinished := filepath.Join(dir, "unfinished")
	copyDir(t, s2, unfinished)
	if err := os.Remove(filepath.Join(unfinished, output.ManifestName)); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		dirs []string
		want []string
	}{
		{"missing shard", []string{s0, s2}, []string{"missing shard(s) [1] of 3"}},
		{"duplicated shard", []string{s0, s1, s2, s1}, []string{"shard 1/3 given twice"}},
		{"same shard from a copy", []string{s0, s1, s2, tampered}, []string{"given twice"}},
		{"different configs", []string{s0, other, s2}, []string{"different resolved configs"}},
		{"different counts", []string{s0, half, s2}, []string{"shard counts differ"}},
		{"other engine", []string{s0, oldEngine, s2}, []string{"engine 0.0.0-old"}},
		{"tampered part", []string{s0, tampered, s2}, []string{filepath.Base(parts[0]), "does not match its manifest"}},
		{"unfinished shard", []string{s0, s1, unfinished}, []string{unfinished, "not a finished shard"}},
		{"not a directory", []string{s0, s1, filepath.Join(dir, "nowhere")}, []string{"nowhere", "not a finished shard"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "merged")
			r := runner(t, nil, append([]string{"merge", "-o", out}, tc.dirs...)...)
			wantExit(t, r, 2, tc.want...)
			if exists(out) {
				t.Errorf("a refused merge created %s", out)
			}
		})
	}

	// OUT may not be one of the shards, even with --force.
	before0 := listFiles(t, s0)
	wantExit(t, runner(t, nil, "merge", "--force", "-o", s0, s0, s1, s2), 2, "also a shard")
	wantExit(t, runner(t, nil, "merge", "--force", "-o", s1+"/.", s0, s1, s2), 2, "also a shard")
	if !slices.Equal(listFiles(t, s0), before0) {
		t.Fatal("a refused merge changed a shard")
	}

	// An existing OUT needs --force.
	out := filepath.Join(dir, "merged")
	mustRun(t, nil, "merge", "-q", "-o", out, s0, s1, s2)
	before := readManifest(t, out)
	wantExit(t, runner(t, nil, "merge", "-o", out, s0, s1, s2), 2, out, "--force")
	if after := readManifest(t, out); !after.Finished.Equal(before.Finished) {
		t.Error("a refused merge rewrote OUT")
	}
	mustRun(t, nil, "merge", "-q", "--force", "-o", out, s2, s0, s1)
	sameWholeFiles(t, reference(t, c), out)
}

// sameWholeFiles compares the summary tables of two results directories.
func sameWholeFiles(t testing.TB, want, got string) {
	t.Helper()
	for _, f := range []string{"summary.parquet", "contrasts.parquet", "points.parquet", "codebook.csv", "summary.csv",
		"contrasts.csv", "arrow/summary.arrow", "arrow/contrasts.arrow", "config.yaml"} {
		a, err1 := os.ReadFile(filepath.Join(want, f))
		b, err2 := os.ReadFile(filepath.Join(got, f))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs (%v, %v)", f, err1, err2)
		}
	}
}
