package experiments

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pactsim/engine"
	"pactsim/output"
)

// allTables writes every table, so that determinism covers the optional
// part tables too.
var allTables = pcfg{Plots: true, Tables: "runs, trajectories, states, summary, contrasts"}

// TestRunDeterminism: the same config gives byte-identical files, plots
// and report included, whatever the worker count; the manifest lists every
// data file and not itself.
func TestRunDeterminism(t *testing.T) {
	t.Parallel()
	ref := reference(t, allTables) // 2 workers
	m := readManifest(t, ref)
	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f.Path] = true
	}
	for _, f := range listFiles(t, ref) {
		if f != output.ManifestName && !listed[f] {
			t.Errorf("manifest does not list %s", f)
		}
	}
	for _, f := range []string{"runs/part-00004.parquet", "arrow/runs/part-00004.arrow", "trajectories/part-00000.parquet",
		"arrow/states/part-00000.arrow", "summary.parquet", "contrasts.parquet", "points.parquet", "codebook.csv",
		"summary.csv", "contrasts.csv", "arrow/summary.arrow", "arrow/contrasts.arrow", "arrow/points.arrow", "config.yaml", "report.html"} {
		if !listed[f] {
			t.Errorf("manifest lacks %s", f)
		}
	}
	if listed[output.ManifestName] || listed[output.LockName] || listed[output.JournalName] {
		t.Error("the manifest lists itself, the lock or the journal")
	}
	if exists(filepath.Join(ref, output.JournalName)) {
		t.Error("a complete directory kept its journal")
	}
	plan := allTables.plan(t)
	for _, w := range []int{1, 8} {
		t.Run(fmt.Sprintf("workers=%d", w), func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "out")
			res := mustRun(t, plan, dir, RunOptions{Workers: w})
			sameFiles(t, ref, dir)
			if res.Manifest.Workers != w || readManifest(t, dir).Workers != w {
				t.Errorf("manifest says %d workers, want %d", res.Manifest.Workers, w)
			}
			if res.Report != filepath.Join(dir, "report.html") {
				t.Errorf("report %q", res.Report)
			}
		})
	}
}

// TestShardsMerge: every sharding merges into the unsharded run's files.
func TestShardsMerge(t *testing.T) {
	t.Parallel()
	c := pcfg{Plots: true}
	ref := reference(t, c)
	plan := c.plan(t)
	for _, n := range []int{1, 2, 3, 7} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			base := t.TempDir()
			var dirs []string
			for i := range n {
				d := filepath.Join(base, fmt.Sprintf("shard-%d", i))
				res := mustRun(t, plan, d, RunOptions{Shard: ShardSpec{I: i, N: n, Source: SourceFlag}})
				m := readManifest(t, d)
				if n == 1 {
					if m.Shard != nil {
						t.Errorf("shard 0/1 wrote shard %+v", *m.Shard)
					}
				} else {
					lo, hi := Shard(i, n, 22)
					if want := (output.Shard{Index: i, Count: n, TaskLo: lo, TaskHi: hi}); m.Shard == nil || *m.Shard != want {
						t.Errorf("shard %d: manifest shard %v, want %+v", i, m.Shard, want)
					}
					if res.Lo != lo || res.Hi != hi {
						t.Errorf("result range [%d, %d)", res.Lo, res.Hi)
					}
					if exists(filepath.Join(d, "summary.parquet")) || exists(filepath.Join(d, "plots")) {
						t.Errorf("shard %d wrote a summary or plots", i)
					}
				}
				dirs = append(dirs, d)
			}
			slices.Reverse(dirs) // shards may come in any order
			out := filepath.Join(base, "merged")
			if _, err := Merge(context.Background(), out, dirs, MergeOptions{}); err != nil {
				t.Fatal(err)
			}
			for _, f := range listFiles(t, ref) {
				if strings.Contains(f, "/part-") || f == output.ManifestName {
					continue
				}
				a, _ := os.ReadFile(filepath.Join(ref, f))
				b, err := os.ReadFile(filepath.Join(out, f))
				if err != nil || !bytes.Equal(a, b) {
					t.Errorf("merged %s differs from the unsharded run's (%v)", f, err)
				}
			}
			if _, err := Verify(context.Background(), out, VerifyOptions{Sample: -1}); err != nil {
				t.Errorf("the merged directory does not verify: %v", err)
			}
		})
	}
}

// TestEmptyShard: a shard may own no tasks; it writes a manifest and no
// parts, verifies and merges.
func TestEmptyShard(t *testing.T) {
	t.Parallel()
	c := pcfg{Reps: 1} // 2 tasks
	ref := reference(t, c)
	plan := c.plan(t)
	base := t.TempDir()
	var dirs []string
	for i := range 3 {
		d := filepath.Join(base, fmt.Sprint(i))
		mustRun(t, plan, d, RunOptions{Shard: ShardSpec{I: i, N: 3}})
		dirs = append(dirs, d)
	}
	// Its runs table has 0 rows, recorded as such: a missing key reads as 0
	// in Go but is a KeyError to a Python reader summing the shards'
	// rows.runs (a review, stop 55).
	if m := readManifest(t, dirs[0]); m.Shard.TaskLo != m.Shard.TaskHi {
		t.Errorf("shard 0/3 of 2 tasks: %+v", *m.Shard)
	} else if n, ok := m.Rows["runs"]; !ok || n != 0 {
		t.Errorf("shard 0/3 of 2 tasks: rows %v, want runs: 0 recorded", m.Rows)
	}
	if res, err := Verify(context.Background(), dirs[0], VerifyOptions{}); err != nil || res.Checked != 0 {
		t.Errorf("empty shard: verify %+v, %v", res, err)
	}
	out := filepath.Join(base, "merged")
	if _, err := Merge(context.Background(), out, dirs, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	// An empty shard written before stop 55 recorded `rows: {}`: it still
	// verifies and merges, to the same tables (a review, stop 55).
	m := readManifest(t, dirs[0])
	m.Rows = map[string]int64{}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dirs[0], output.ManifestName), append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(context.Background(), dirs[0], VerifyOptions{}); err != nil {
		t.Errorf("empty shard with rows {}: verify: %v", err)
	}
	old := filepath.Join(base, "merged-old")
	if _, err := Merge(context.Background(), old, dirs, MergeOptions{}); err != nil {
		t.Fatalf("merge with an empty shard of rows {}: %v", err)
	}
	for _, f := range []string{"summary.parquet", "contrasts.parquet", "points.parquet", "codebook.csv"} {
		a, _ := os.ReadFile(filepath.Join(ref, f))
		for _, d := range []string{out, old} {
			b, _ := os.ReadFile(filepath.Join(d, f))
			if len(a) == 0 || !bytes.Equal(a, b) {
				t.Errorf("%s: %s differs", d, f)
			}
		}
	}
}

// TestMergeRefusals: merge checks its shards before it writes anything.
func TestMergeRefusals(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	plan := pcfg{}.plan(t)
	shard := func(name string, i, n int, p *Plan) string {
		d := filepath.Join(base, name)
		mustRun(t, p, d, RunOptions{Shard: ShardSpec{I: i, N: n}})
		return d
	}
	s0, s1, s2 := shard("s0", 0, 3, plan), shard("s1", 1, 3, plan), shard("s2", 2, 3, plan)
	half := shard("h1", 1, 2, plan)
	other := shard("o1", 1, 3, pcfg{Seed: 8}.plan(t))

	tampered := filepath.Join(base, "tampered")
	copyDir(t, s1, tampered)
	parts, _ := filepath.Glob(filepath.Join(tampered, "runs", "part-*.parquet"))
	if len(parts) == 0 {
		t.Fatal("shard 1/3 has no parts")
	}
	flipByte(t, parts[0])
	oldEngine := filepath.Join(base, "old-engine")
	copyDir(t, s1, oldEngine)
	editManifest(t, oldEngine, `"engine_version": "`+engine.Version+`"`, `"engine_version": "0.0.0-old"`)
	// A shard computed on a node of another architecture (review, stop
	// 26: it merged without a word into results no build verifies).
	otherBuild := filepath.Join(base, "other-build")
	copyDir(t, s1, otherBuild)
	editManifest(t, otherBuild, `"build": "`+output.BuildTarget()+`"`, `"build": "GOARCH=arm64 GOARM64=v8.0"`)
	unfinished := filepath.Join(base, "unfinished")
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
		{"different configs", []string{s0, other, s2}, []string{"different resolved configs", "seed: "}},
		{"different counts", []string{s0, half, s2}, []string{half + " is shard 1 of 2, " + s0 + " one of 3: shard counts differ"}},
		// A whole run is not "shard 0 of 1", given with shards or twice
		// (review, stop 29); the refusal names both forms merge takes,
		// one whole run alone among them (a scale-out review: it named
		// only the shards).
		{"a whole run", []string{s0, reference(t, pcfg{}), s2}, []string{"is a whole run, not a shard: merge takes either every shard of one sharded run", "or one whole run or merge alone, which it copies"}},
		{"a whole run twice", []string{reference(t, pcfg{}), reference(t, pcfg{})}, []string{"is a whole run, not a shard", "or one whole run or merge alone, which it copies; give " + reference(t, pcfg{}) + " alone, or only shards"}},
		{"other engine", []string{s0, oldEngine, s2}, []string{"engine 0.0.0-old"}},
		{"other build", []string{s0, otherBuild, s2}, []string{otherBuild, "built for GOARCH=arm64 GOARM64=v8.0", "built for " + output.BuildTarget()}},
		{"unfinished shard", []string{s0, s1, unfinished}, []string{unfinished, "not a finished shard"}},
		{"not a directory", []string{s0, s1, filepath.Join(base, "nowhere")}, []string{"nowhere", "not a finished shard"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "merged")
			_, err := Merge(context.Background(), out, tc.dirs, MergeOptions{})
			wantUsage(t, err, tc.want...)
			if exists(out) {
				t.Errorf("a refused merge created %s", out)
			}
		})
	}

	// A shard whose data does not match its manifest is a failure (exit
	// 1, as verify says), not the user's usage error (review defect 20).
	out0 := filepath.Join(t.TempDir(), "merged")
	_, err0 := Merge(context.Background(), out0, []string{s0, tampered, s2}, MergeOptions{})
	wantFailure(t, err0, filepath.Base(parts[0]), "does not match its manifest")
	if exists(out0) {
		t.Errorf("a refused merge created %s", out0)
	}
	// So is a shard whose config.yaml is gone or damaged, first or not, as
	// verify says (review, stop 29: merge said exit 2 of the same damage).
	for _, damage := range []func(string) error{
		func(p string) error { return os.Remove(p) },
		func(p string) error { return os.WriteFile(p, []byte("junk: [\n"), 0o644) },
	} {
		bad := filepath.Join(t.TempDir(), "bad")
		copyDir(t, s1, bad)
		if err := damage(filepath.Join(bad, "config.yaml")); err != nil {
			t.Fatal(err)
		}
		for _, dirs := range [][]string{{s0, bad, s2}, {bad, s0, s2}} {
			_, err := Merge(context.Background(), out0, dirs, MergeOptions{})
			wantFailure(t, err, "shard "+bad+" does not verify", "config.yaml")
			if _, verr := Verify(context.Background(), bad, VerifyOptions{}); verr == nil || errors.Is(verr, ErrUsage) {
				t.Errorf("verify of the same shard: %v, want a failure", verr)
			}
		}
	}

	// OUT may not be one of the shards, even with --force.
	before0 := listFiles(t, s0)
	_, err := Merge(context.Background(), s0, []string{s0, s1, s2}, MergeOptions{Force: true})
	wantUsage(t, err, "also a shard")
	_, err = Merge(context.Background(), s1+"/.", []string{s0, s1, s2}, MergeOptions{Force: true})
	wantUsage(t, err, "also a shard")
	if !slices.Equal(listFiles(t, s0), before0) {
		t.Fatal("a refused merge changed a shard")
	}

	// An existing OUT needs --force.
	out := filepath.Join(base, "merged")
	if _, err := Merge(context.Background(), out, []string{s0, s1, s2}, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	before := readManifest(t, out)
	_, err = Merge(context.Background(), out, []string{s0, s1, s2}, MergeOptions{})
	wantUsage(t, err, out, "--force")
	if after := readManifest(t, out); !after.Finished.Equal(before.Finished) {
		t.Error("a refused merge rewrote OUT")
	}
	if _, err := Merge(context.Background(), out, []string{s2, s0, s1}, MergeOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	ref := reference(t, pcfg{})
	for _, f := range []string{"summary.parquet", "contrasts.parquet", "points.parquet", "codebook.csv", "summary.csv",
		"contrasts.csv", "arrow/summary.arrow", "arrow/contrasts.arrow", "arrow/points.arrow", "config.yaml"} {
		a, err1 := os.ReadFile(filepath.Join(ref, f))
		b, err2 := os.ReadFile(filepath.Join(out, f))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs (%v, %v)", f, err1, err2)
		}
	}
}

// TestResumeAfterStop: a run stopped after two parts keeps them, and
// Resume finishes it into the same bytes as an uninterrupted run without
// rewriting the kept parts.
func TestResumeAfterStop(t *testing.T) {
	t.Parallel()
	c := pcfg{Plots: true}
	ref := reference(t, c)
	plan, dir := runStopped(t, c, 2, RunOptions{})
	if exists(filepath.Join(dir, output.ManifestName)) {
		t.Fatal("an interrupted run wrote its manifest")
	}
	if tmp := tmpFiles(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	if got := finalParts(t, dir); !slices.Equal(got, []string{"part-00000", "part-00001"}) {
		t.Fatalf("final parts %v, want the first two", got)
	}
	kept := filepath.Join(dir, "runs", "part-00000.parquet")
	before, err := os.Stat(kept)
	if err != nil {
		t.Fatal(err)
	}
	res := mustRun(t, plan, dir, RunOptions{Resume: true, Workers: 3})
	if res.Kept != 2 || res.Parts != 5 || res.Damaged != 0 {
		t.Errorf("resume kept %d of %d parts, %d damaged; want 2 of 5, 0", res.Kept, res.Parts, res.Damaged)
	}
	sameFiles(t, ref, dir)
	after, err := os.Stat(kept)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || !before.ModTime().Equal(after.ModTime()) {
		t.Error("--resume rewrote a final part")
	}
}

// TestResumeLeftovers: temporary files and half-written parts of an
// interrupted run are discarded and redone; a stranger's file is kept.
func TestResumeLeftovers(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan, dir := runStopped(t, c, 2, RunOptions{})
	junk := []string{
		"runs/.part-00002.parquet.0a1b2c3d4e5f.tmp",     // a part being written
		"arrow/runs/.part-00002.arrow.tmp",              // (the old temporary name)
		"runs/part-00003.parquet",                       // half a part: Parquet final, Arrow not
		"arrow/runs/.part-00003.arrow.99aa00000000.tmp", //
		"arrow/runs/part-00004.arrow",                   // half a part: Arrow without Parquet
		".summary.parquet.ffff00000000.tmp",             // the finalisation being written
		"." + output.ManifestName + ".1234.tmp",         // the manifest being written
		"arrow/runs/.part-00001.arrow.abcd00000000.tmp", // a stale temporary file of a final part
		".summary.csv.bad.tmp",                          // not ours (review, stop 28: "bad" is hex, not a temporary's 12 digits): kept
		"runs/.part-00000.parquet.tmp.extra",            // not ours: kept
	}
	for _, j := range junk {
		if err := os.WriteFile(filepath.Join(dir, j), []byte("half a file"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := mustRun(t, plan, dir, RunOptions{Resume: true})
	if res.Kept != 2 {
		t.Errorf("kept %d parts, want 2", res.Kept)
	}
	for _, j := range junk[:len(junk)-2] {
		if j == "runs/part-00003.parquet" || j == "arrow/runs/part-00004.arrow" {
			continue // now the real part
		}
		if exists(filepath.Join(dir, j)) {
			t.Errorf("%s survived --resume", j)
		}
	}
	for _, j := range junk[len(junk)-2:] {
		stranger := filepath.Join(dir, j)
		if !exists(stranger) {
			t.Errorf("--resume removed %s, which is not a temporary file", stranger)
		}
		if err := os.Remove(stranger); err != nil {
			t.Fatal(err)
		}
	}
	sameFiles(t, ref, dir)
}

// TestResumeRefusesForeignFiles (review defect 2): --resume never seals a
// file pactsim did not write into the manifest; it refuses, naming the
// file, and changes nothing.
func TestResumeRefusesForeignFiles(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	plan, dir := runStopped(t, c, 2, RunOptions{})
	// analysis.yaml and calibrated.yaml are pactsim's names, but no run
	// writes them: --resume recorded them as the run's (review, stop 28).
	// A part in a hidden folder below the top is data to a recursive glob
	// (a hostile review, stop 37: it was sealed, or failed the manifest).
	for _, name := range []string{"runs/notes.txt", "notes.md", output.AnalysisName, "calibrated.yaml", "runs/.x/part-00099.parquet"} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("junk"), 0o644); err != nil {
			t.Fatal(err)
		}
		before := listFiles(t, dir)
		_, err := run(t, plan, dir, RunOptions{Resume: true})
		why := "pactsim does not write"
		if !strings.Contains(name, "notes") && !strings.Contains(name, "/.x/") {
			why = "which a run does not write"
		}
		wantUsage(t, err, name, why)
		if got := listFiles(t, dir); !slices.Equal(got, before) {
			t.Errorf("refused --resume changed %s: %v, was %v", dir, got, before)
		}
		if exists(filepath.Join(dir, output.ManifestName)) {
			t.Fatal("a manifest was written")
		}
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		if filepath.Base(filepath.Dir(path)) == ".x" {
			if err := os.Remove(filepath.Dir(path)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A link under a part's name is refused as a link, not as a name
	// pactsim does not write.
	link := filepath.Join(dir, "runs", "part-09999.parquet")
	if err := os.Symlink(filepath.Join(dir, "config.yaml"), link); err != nil {
		t.Fatal(err)
	}
	_, err := run(t, plan, dir, RunOptions{Resume: true})
	wantUsage(t, err, "a symbolic link named runs/part-09999.parquet, where pactsim expects a regular file")
	if strings.Contains(err.Error(), "does not write") {
		t.Errorf("a misfit is also called a file pactsim does not write: %v", err)
	}
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, dir, RunOptions{Resume: true})
	sameFiles(t, reference(t, c), dir)

	// On the complete directory, a stranger is a file its manifest does
	// not list: a data failure (exit 1), as the README says and verify
	// reports it, not a usage error (review 6).
	stranger := filepath.Join(dir, "notes.md")
	if err := os.WriteFile(stranger, []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, plan, dir, RunOptions{Resume: true})
	var mm *output.MismatchError
	if !errors.As(err, &mm) || errors.Is(err, ErrUsage) {
		t.Errorf("--resume of a complete directory with a stranger: %v, want a mismatch", err)
	}
	wantText(t, err, "notes.md", "its manifest does not list")
	if err := os.Remove(stranger); err != nil {
		t.Fatal(err)
	}

	// The manifest writer is the last guard: it lists no stranger even
	// when a caller did not check.
	ds, err := output.New(layout(plan, t.TempDir(), nil))
	if err != nil {
		t.Fatal(err)
	}
	stray := filepath.Join(ds.Layout().Dir, "notes.txt")
	if err := os.WriteFile(stray, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err = ds.WriteManifest(context.Background(), &output.Manifest{Kind: output.KindRun})
	wantText(t, err, "notes.txt", "refusing to list it")
}

// TestShardRefusesStrayFiles: an unfinished shard holds its config, task
// record, journal and parts; a figure, report or summary there is a
// user's, whatever its name, since a shard draws and summarises nothing.
// --force refuses to delete it and --resume to list it as the shard's
// (review, stop 29: --force deleted plots/my-annotated.png, report.html
// and summary.csv from an unfinished shard). Moved out, both proceed.
func TestShardRefusesStrayFiles(t *testing.T) {
	t.Parallel()
	shard := RunOptions{Shard: ShardSpec{I: 1, N: 2}}
	plan, dir := runStopped(t, pcfg{Reps: 40}, 2, shard)
	// verify's hint to resume it names the shard (review, stop 29).
	_, err := Verify(t.Context(), dir, VerifyOptions{})
	wantUsage(t, err, "the run of shard 1/2 did not finish", "runner run CONFIG -o DIR --resume --shard 1/2")
	for _, rel := range []string{"plots/my-annotated.png", "report.html", "summary.csv", "arrow/summary.arrow", output.AnalysisName} {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		before := listFiles(t, dir)
		for _, opt := range []RunOptions{{Force: true, Shard: shard.Shard}, {Resume: true, Shard: shard.Shard}} {
			_, err := run(t, plan, dir, opt)
			named := rel // the folder, for a file in one no shard makes
			if strings.HasPrefix(rel, "plots/") {
				named = "plots"
			}
			wantUsage(t, err, named, "which a shard does not write")
			if got := listFiles(t, dir); !slices.Equal(got, before) {
				t.Errorf("%s: refused %+v changed %s: %v, was %v", rel, opt, dir, got, before)
			}
		}
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(rel, "plots/") {
			if err := os.Remove(filepath.Dir(path)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A hidden file is no stranger, as for a whole run: no manifest lists
	// it (code review, stop 29: NFS's .nfs files blocked the resume).
	for _, rel := range []string{".DS_Store", "runs/.nfs000000000001"} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := run(t, plan, dir, RunOptions{Resume: true, Shard: shard.Shard}); err != nil || res.Kept == 0 {
		t.Fatalf("--resume of the shard, strangers gone: %+v, %v", res, err)
	}

	// A whole run whose --force was cut short has no task record, only its
	// files: a --resume with --shard does not take its summary, figures
	// and report for the shard's.
	whole := filepath.Join(t.TempDir(), "whole")
	copyDir(t, reference(t, pcfg{Reps: 40}), whole)
	if err := os.Remove(filepath.Join(whole, output.ManifestName)); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, plan, whole, RunOptions{Resume: true, Shard: shard.Shard})
	wantUsage(t, err, "which a shard does not write")
}

// TestResumeRefusesStrayFigure: a file in plots/ bears a figure's
// extension, so --resume of an unfinished run cannot tell it from a
// figure by its name; its finalisation refuses it once the figures it
// draws are known, before writing any, and lists nothing in a manifest
// (review, stop 28: plots/mine.png was sealed into the manifest, and a
// later --force would have deleted it). Moved out, the run completes with
// the reference's files.
func TestResumeRefusesStrayFigure(t *testing.T) {
	t.Parallel()
	c := pcfg{Plots: true}
	plan, dir := runStopped(t, c, 2, RunOptions{})
	mine := filepath.Join(dir, "plots", "mine.png")
	if err := os.MkdirAll(filepath.Dir(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("a user's figure"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := run(t, plan, dir, RunOptions{Resume: true})
	wantUsage(t, err, "plots/mine.png", "none of the figures this run draws")
	if exists(filepath.Join(dir, output.ManifestName)) {
		t.Fatal("a manifest was written")
	}
	if es, _ := os.ReadDir(filepath.Dir(mine)); len(es) != 1 {
		t.Errorf("plots/ holds %d entries, want mine.png alone: a figure was written before the refusal", len(es))
	}
	if b, err := os.ReadFile(mine); err != nil || string(b) != "a user's figure" {
		t.Errorf("mine.png: %q, %v", b, err)
	}
	if err := os.Remove(mine); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, dir, RunOptions{Resume: true})
	sameFiles(t, reference(t, c), dir)
}

// TestResumeRefusesBeforeRemoving (review defect 21): a damaged part and
// a part of another task range: --resume refuses and removes nothing,
// the damaged part included.
func TestResumeRefusesBeforeRemoving(t *testing.T) {
	t.Parallel()
	plan, dir := runStopped(t, pcfg{}, 2, RunOptions{})
	flipByte(t, filepath.Join(dir, "runs", "part-00000.parquet"))
	if err := os.WriteFile(filepath.Join(dir, "runs", "part-00099.parquet"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := listFiles(t, dir)
	_, err := run(t, plan, dir, RunOptions{Resume: true})
	wantUsage(t, err, filepath.Join(dir, "runs", "part-00099.parquet"), "another --shard")
	if got := listFiles(t, dir); !slices.Equal(got, before) {
		t.Errorf("a refused --resume changed the directory: %v, was %v", got, before)
	}
	// A stray of another table or format is named as it is (hostile
	// review, stop 24: the message named runs/part-00077.parquet, which
	// did not exist).
	if err := os.Remove(filepath.Join(dir, "runs", "part-00099.parquet")); err != nil {
		t.Fatal(err)
	}
	stray := filepath.Join(dir, "arrow", "runs", "part-00077.arrow")
	if err := os.WriteFile(stray, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, plan, dir, RunOptions{Resume: true})
	wantUsage(t, err, stray, "another --shard")
}

// TestResumeDamagedParts (issue 9, point 4): a truncated Arrow part and a
// Parquet part with a flipped byte are found by name before --resume
// reuses them, and recomputed; the result equals an uninterrupted run.
func TestResumeDamagedParts(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan, dir := runStopped(t, c, 3, RunOptions{})
	truncated := filepath.Join(dir, "arrow", "runs", "part-00001.arrow")
	fi, err := os.Stat(truncated)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(truncated, fi.Size()-100); err != nil {
		t.Fatal(err)
	}
	flipped := filepath.Join(dir, "runs", "part-00002.parquet")
	flipByte(t, flipped)
	var damaged []string
	res := mustRun(t, plan, dir, RunOptions{Resume: true, Notify: func(e Event) {
		if e.Kind == EventDamaged {
			damaged = append(damaged, e.Path)
		}
	}})
	slices.Sort(damaged)
	if want := []string{truncated, flipped}; !slices.Equal(damaged, want) {
		t.Errorf("damaged parts reported: %v, want %v", damaged, want)
	}
	if res.Kept != 1 || res.Damaged != 2 {
		t.Errorf("kept %d, damaged %d; want 1 and 2", res.Kept, res.Damaged)
	}
	sameFiles(t, ref, dir)
}

// TestResumeComplete: --resume on a complete directory verifies it and does
// nothing; another config, shard or engine is refused; a damaged file or a
// stray file the manifest does not list is reported.
func TestResumeComplete(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	dir := filepath.Join(t.TempDir(), "out")
	copyDir(t, ref, dir)
	manifest, _ := os.ReadFile(filepath.Join(dir, output.ManifestName))
	var complete, planned bool
	res := mustRun(t, plan, dir, RunOptions{Resume: true, Notify: func(e Event) {
		complete = complete || e.Kind == EventComplete
		planned = planned || e.Kind == EventPlanned
	}})
	if !res.Complete || !complete {
		t.Error("--resume did not report the directory complete")
	}
	if planned {
		// Not announced as a run to write, with an estimate, only to
		// find nothing to do (a review, stop 50).
		t.Error("--resume on a complete directory announced a run (EventPlanned)")
	}
	sameFiles(t, ref, dir)
	if now, _ := os.ReadFile(filepath.Join(dir, output.ManifestName)); !bytes.Equal(now, manifest) {
		t.Error("--resume on a complete directory rewrote its manifest")
	}
	_, err := run(t, pcfg{Seed: 8}.plan(t), dir, RunOptions{Resume: true})
	wantUsage(t, err, dir, "written by config", "seed: 7 -> 8")
	_, err = run(t, plan, dir, RunOptions{Resume: true, Shard: ShardSpec{I: 0, N: 2}})
	wantUsage(t, err, "complete as all tasks", "shard 0/2", "fresh directories")

	old := filepath.Join(t.TempDir(), "old-engine")
	copyDir(t, dir, old)
	editManifest(t, old, `"engine_version": "`+engine.Version+`"`, `"engine_version": "0.0.0-old"`)
	_, err = run(t, plan, old, RunOptions{Resume: true})
	wantUsage(t, err, "engine 0.0.0-old")

	// Stray files in runs/ and arrow/runs/ (issue 9, point 4).
	for _, stray := range []string{"runs/part-00009.parquet", "arrow/runs/part-00009.arrow"} {
		d := filepath.Join(t.TempDir(), "stray")
		copyDir(t, ref, d)
		if err := os.WriteFile(filepath.Join(d, stray), []byte("PAR1"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := run(t, plan, d, RunOptions{Resume: true})
		wantFailure(t, err, stray, "does not list")
	}

	flipByte(t, filepath.Join(dir, "summary.parquet"))
	_, err = run(t, plan, dir, RunOptions{Resume: true})
	wantFailure(t, err, "summary.parquet", "does not match its manifest")
}

// TestResumeOtherConfig: an interrupted directory refuses another config
// and stays as it was.
func TestResumeOtherConfig(t *testing.T) {
	t.Parallel()
	_, dir := runStopped(t, pcfg{}, 1, RunOptions{})
	before := listFiles(t, dir)
	// The refusal names what changed, not only the two hashes: the
	// researcher must know which edit to undo.
	for _, tc := range []struct {
		other   pcfg
		changed string
	}{
		{pcfg{Seed: 8}, "seed: 7 -> 8"},
		{pcfg{PartTasks: 4}, "output.part_tasks: 5 -> 4"},
		{pcfg{Reps: 12}, "replicates: 11 -> 12"},
		{pcfg{Points: "0.5, 0.9"}, "sweep.parameters.us.reliability: [0.5, 0.8] -> [0.5, 0.9]"},
	} {
		_, err := run(t, tc.other.plan(t), dir, RunOptions{Resume: true})
		wantUsage(t, err, dir, "another resolved config", tc.changed)
	}
	if got := listFiles(t, dir); !slices.Equal(got, before) {
		t.Errorf("refused directory changed: %v, was %v", got, before)
	}
	// The directory's own config.yaml edited to another config, and the
	// run resumed with it (review, stop 26): its finished parts were
	// written for the config it was begun with, so they are refused and
	// kept, not deleted as damaged and recomputed.
	saved, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	other := pcfg{Seed: 8}.plan(t)
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), other.Canonical(), 0o644); err != nil {
		t.Fatal(err)
	}
	edited := listFiles(t, dir)
	_, err = run(t, other, dir, RunOptions{Resume: true})
	wantUsage(t, err, "part-00000.parquet", "written for config", "begun with")
	if got := listFiles(t, dir); !slices.Equal(got, edited) {
		t.Errorf("a refused --resume after an edited config.yaml changed the directory: %v, was %v", got, edited)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), saved, 0o644); err != nil {
		t.Fatal(err)
	}

	// Begun by a runner of another build target (a node of another
	// architecture): refused and kept, not mixed.
	tasks := filepath.Join(dir, output.TasksName)
	rec, err := os.ReadFile(tasks)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rec), "\nbuild "+output.BuildTarget()+"\n") {
		t.Fatalf("%s does not record the build: %q", tasks, rec)
	}
	if err := os.WriteFile(tasks, []byte(strings.Replace(string(rec), output.BuildTarget(), "GOARCH=arm64 GOARM64=v8.0", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, pcfg{}.plan(t), dir, RunOptions{Resume: true})
	wantUsage(t, err, "begun by a runner built for GOARCH=arm64 GOARM64=v8.0", "built for "+output.BuildTarget())
	if got := listFiles(t, dir); !slices.Equal(got, before) {
		t.Errorf("a refused --resume of another build changed the directory: %v, was %v", got, before)
	}
	if err := os.WriteFile(tasks, rec, 0o644); err != nil {
		t.Fatal(err)
	}

	if err := os.Remove(filepath.Join(dir, "config.yaml")); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, pcfg{}.plan(t), dir, RunOptions{Resume: true})
	wantUsage(t, err, "damaged pactsim results directory", "config.yaml")
}

// TestResumeOtherShard: a directory begun as one shard is not resumed as
// another, nor as the whole run, but is as itself. The task range it was
// begun with is recorded (.tasks): a shard stopped after a part that the
// unsharded run cuts alike (part-00000 [0, 5) of shard 0/3) was taken over
// by an unsharded --resume, which finished as a run, and the reverse as a
// shard without a summary (a Slurm array task resuming a whole run).
// Without the record (a directory begun before it was kept), the parts'
// own task ranges still catch what does not line up.
func TestResumeOtherShard(t *testing.T) {
	t.Parallel()
	// Shard 0/3 owns tasks [0, 7): part-00000 [0, 5) and part-00001 [5, 7),
	// which the unsharded run names alike but cuts at [5, 10).
	for _, stopAfter := range []int{1, 2} {
		plan, dir := runStopped(t, pcfg{}, stopAfter, RunOptions{Shard: ShardSpec{I: 0, N: 3}})
		before := listFiles(t, dir)
		_, err := run(t, plan, dir, RunOptions{Resume: true})
		wantUsage(t, err, "begun as shard 0/3 (tasks [0, 7))", "this run is all tasks (unsharded) (tasks [0, 22))", "--shard")
		_, err = run(t, plan, dir, RunOptions{Resume: true, Shard: ShardSpec{I: 1, N: 3}})
		wantUsage(t, err, "begun as shard 0/3", "this run is shard 1/3")
		if got := listFiles(t, dir); !slices.Equal(got, before) {
			t.Errorf("refused directory changed: %v, was %v", got, before)
		}
	}
	plan, dir := runStopped(t, pcfg{}, 1, RunOptions{})
	_, err := run(t, plan, dir, RunOptions{Resume: true, Shard: ShardSpec{I: 0, N: 3}})
	wantUsage(t, err, "begun as all tasks (unsharded) (tasks [0, 22))", "this run is shard 0/3")

	// Without the record: the parts of another range are still refused.
	plan, dir = runStopped(t, pcfg{}, 2, RunOptions{Shard: ShardSpec{I: 0, N: 3}})
	if err := os.Remove(filepath.Join(dir, output.TasksName)); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, plan, dir, RunOptions{Resume: true})
	wantUsage(t, err, "part-00001.parquet", "another --shard")

	// Shard 1/3 owns [7, 14): its first part is the fragment part-00001_2.
	plan, dir = runStopped(t, pcfg{}, 1, RunOptions{Shard: ShardSpec{I: 1, N: 3}})
	_, err = run(t, plan, dir, RunOptions{Resume: true})
	wantUsage(t, err, "begun as shard 1/3", "the --shard it was begun with")
	// ... and from a scheduler, which passes no --shard, by the count it
	// must keep (a review, stop 50).
	wantUsage(t, err, "(--shard 1/3; a Slurm array task or a Kubernetes Indexed Job pod: PACTSIM_SHARDS=3, the shard count it was begun with")
	if err := os.Remove(filepath.Join(dir, output.TasksName)); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, plan, dir, RunOptions{Resume: true})
	wantUsage(t, err, "part-00001_2", "another --shard")
	if strings.Contains(err.Error(), "merge") {
		t.Errorf("a shard with a journal is called a merge: %v", err)
	}
	// Without a journal it may be a killed merge, which writes none
	// (hostile review, stop 24: only --shard was suggested).
	journal := filepath.Join(dir, output.JournalName)
	saved, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(journal); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, plan, dir, RunOptions{Resume: true})
	wantUsage(t, err, "part-00001_2", "another --shard", "interrupted merge", "runner merge --force -o "+dir)
	if err := os.WriteFile(journal, saved, 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, dir, RunOptions{Resume: true, Shard: ShardSpec{I: 1, N: 3}})
	m := readManifest(t, dir)
	if m.Shard == nil || *m.Shard != (output.Shard{Index: 1, Count: 3, TaskLo: 7, TaskHi: 14}) {
		t.Errorf("resumed shard manifest: %+v", m.Shard)
	}
	if _, err := Verify(context.Background(), dir, VerifyOptions{Sample: -1}); err != nil {
		t.Error(err)
	}
}

// TestWriteFailure: when the results directory cannot be written the run
// fails naming the path, marks nothing complete and leaves no temporary
// files, and once the cause is gone Resume finishes into the
// uninterrupted run's bytes.
func TestWriteFailure(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)

	t.Run("parent is a file", func(t *testing.T) {
		t.Parallel()
		parent := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(parent, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(parent, "out")
		_, err := run(t, plan, dir, RunOptions{})
		// Bad input, found before anything is written (TestOutUnderAFile).
		wantUsage(t, err, dir, parent+" is a file, not a directory")
	})

	// The parts cannot be written: arrow/runs is a regular file.
	t.Run("part folder is a file", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "out")
		if err := os.MkdirAll(filepath.Join(dir, "arrow"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "config.yaml"), plan.Canonical(), 0o644); err != nil {
			t.Fatal(err)
		}
		obstacle := filepath.Join(dir, "arrow", "runs")
		if err := os.WriteFile(obstacle, []byte("in the way"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := run(t, plan, dir, RunOptions{Resume: true})
		wantFailure(t, err, obstacle, "not a directory")
		failedCleanly(t, dir)
		if parts := finalParts(t, dir); len(parts) != 0 {
			t.Errorf("final parts %v without their Arrow files", parts)
		}
		if err := os.Remove(obstacle); err != nil {
			t.Fatal(err)
		}
		mustRun(t, plan, dir, RunOptions{Resume: true})
		sameFiles(t, ref, dir)
	})

	// The summary cannot be written after every part is: the parts stay
	// final and --resume redoes only the finalisation.
	t.Run("summary blocked", func(t *testing.T) {
		t.Parallel()
		plan, dir := runStopped(t, c, 2, RunOptions{})
		obstacle := filepath.Join(dir, "summary.parquet")
		// Placed once the last part is final: placed before, --resume
		// refuses the folder as a stranger before it writes anything.
		_, err := run(t, plan, dir, RunOptions{Resume: true, AfterPart: func(parts int) error {
			if parts == 3 {
				return os.MkdirAll(filepath.Join(obstacle, "x"), 0o755)
			}
			return nil
		}})
		wantFailure(t, err, obstacle)
		failedCleanly(t, dir)
		if parts := finalParts(t, dir); len(parts) != 5 {
			t.Errorf("final parts %v, want all 5", parts)
		}
		if err := os.RemoveAll(obstacle); err != nil {
			t.Fatal(err)
		}
		res := mustRun(t, plan, dir, RunOptions{Resume: true})
		if res.Kept != 5 {
			t.Errorf("kept %d of 5 parts", res.Kept)
		}
		sameFiles(t, ref, dir)
	})
}

// failedCleanly checks what a failed run leaves: no manifest, no
// temporary files.
func failedCleanly(t testing.TB, dir string) {
	t.Helper()
	if exists(filepath.Join(dir, output.ManifestName)) {
		t.Error("a failed run wrote its manifest")
	}
	if tmp := tmpFiles(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// TestSingleArchitecture (issue 9, point 9): a config with one
// architecture runs to the end with plots; it has no contrasts table (no
// contrasts.parquet, .csv or .arrow, and no codebook rows for it).
func TestSingleArchitecture(t *testing.T) {
	t.Parallel()
	for _, arch := range []string{"treaty", "none"} {
		t.Run(arch, func(t *testing.T) {
			t.Parallel()
			c := pcfg{Archs: arch, Plots: true}
			dir := filepath.Join(t.TempDir(), "out")
			res := mustRun(t, c.plan(t), dir, RunOptions{})
			for _, f := range []string{"contrasts.parquet", "contrasts.csv", "arrow/contrasts.arrow"} {
				if exists(filepath.Join(dir, f)) {
					t.Errorf("%s written for one architecture", f)
				}
			}
			for _, f := range []string{"summary.parquet", "points.parquet", "report.html"} {
				if !exists(filepath.Join(dir, f)) {
					t.Errorf("%s missing", f)
				}
			}
			if res.Report == "" {
				t.Error("no report")
			}
			cb, _ := os.ReadFile(filepath.Join(dir, "codebook.csv"))
			if bytes.Contains(cb, []byte("\ncontrasts,")) {
				t.Error("the codebook describes a contrasts table that is not there")
			}
			if _, err := Verify(context.Background(), dir, VerifyOptions{Sample: -1}); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestEvaluate: Evaluate delivers every task's rows in order, the same for
// any worker count, and the rows are those the run wrote.
func TestEvaluate(t *testing.T) {
	t.Parallel()
	plan := pcfg{}.plan(t)
	collect := func(workers int) []string {
		var out []string
		err := Evaluate(context.Background(), plan, 3, 17, EvalOptions{Workers: workers}, func(task int, rows *output.TaskRows) error {
			if got := plan.TaskIndex(rows.Point, rows.Replicate); got != task {
				return fmt.Errorf("task %d delivered as %d", task, got)
			}
			out = append(out, fmt.Sprint(task, rows.Seed, rows.Outcomes))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	one, four := collect(1), collect(4)
	if len(one) != 14 || !slices.Equal(one, four) {
		t.Fatalf("1 worker: %d rows, 4 workers: %d rows, equal %v", len(one), len(four), slices.Equal(one, four))
	}
	// Skipped tasks come as nil rows, in order.
	var got []int
	err := Evaluate(context.Background(), plan, 0, 6, EvalOptions{Workers: 3, Skip: func(t int) bool { return t%2 == 1 }}, func(task int, rows *output.TaskRows) error {
		if (rows == nil) != (task%2 == 1) {
			return fmt.Errorf("task %d: rows %v", task, rows)
		}
		got = append(got, task)
		return nil
	})
	if err != nil || !slices.Equal(got, []int{0, 1, 2, 3, 4, 5}) {
		t.Fatalf("skip: %v, %v", got, err)
	}
	if err := Evaluate(context.Background(), plan, 0, plan.NumTasks()+1, EvalOptions{}, nil); err == nil {
		t.Error("a range past the plan was accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Evaluate(ctx, plan, 0, 4, EvalOptions{}, func(int, *output.TaskRows) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestResumeCompleteFullDisk: --resume of a complete directory writes
// nothing new, so a disk too full for the whole run does not refuse it
// (review, stop 26: the estimate's free-space check did, exit 2), for a
// run and a calibration; a new run on that disk is still refused. Not
// parallel: it plays the full disk through measureFree.
func TestResumeCompleteFullDisk(t *testing.T) {
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	cal := calPlan(t, 4)
	calDir := filepath.Join(t.TempDir(), "cal")
	if _, err := calibrate(t, cal, calDir, CalibrateOptions{}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	copyDir(t, ref, dir)
	var shards []string
	for i := range 2 {
		shards = append(shards, filepath.Join(t.TempDir(), "s"))
		mustRun(t, plan, shards[i], RunOptions{Shard: ShardSpec{I: i, N: 2}})
	}
	defer func(f func(string) (int64, string)) { measureFree = f }(measureFree)
	measureFree = func(dir string) (int64, string) { return 1024, dir }

	// A merge checks the room for the parts it copies before it writes
	// or clears anything (review, stop 29: on a full disk a merge --force
	// emptied the old merge, then failed). What --force would clear counts
	// as room, as for a run.
	merged := filepath.Join(t.TempDir(), "merged")
	_, err := Merge(t.Context(), merged, shards, MergeOptions{})
	wantUsage(t, err, "the shards hold", "which the merge copies", "has 1 KiB free", "plans to use at most 90%")
	if exists(merged) {
		t.Error("a merge refused for room created its directory")
	}

	if _, err := run(t, plan, dir, RunOptions{Resume: true}); err != nil {
		t.Errorf("--resume of a complete run on a full disk: %v", err)
	}
	if _, err := calibrate(t, cal, calDir, CalibrateOptions{Resume: true}); err != nil {
		t.Errorf("--resume of a complete calibration on a full disk: %v", err)
	}
	_, err = run(t, plan, filepath.Join(t.TempDir(), "new"), RunOptions{})
	wantUsage(t, err, "of output", "free")
	// --force replaces what the directory holds, which counts as room; the
	// message says what is free and what is held apart (review, stop 27:
	// it gave their sum as the free space).
	_, err = run(t, plan, dir, RunOptions{Force: true})
	wantUsage(t, err, "has 1 KiB free, besides the", "the directory holds already", "plans to use at most 90%")
}

// TestResumeRefusesPlanStrangers (hostile review, stop 30): --resume of an
// unfinished run or calibration refuses, naming the file and why, a file
// of a name pactsim writes that its own config does not write: a report
// or figure where the config draws none, an analysis table it does not
// compute, a part table it does not write, a run's table in a calibration
// or an unknown file in calibration/. Each was listed in the manifest and
// passed verify. The directory is left as it was, and once the file is
// moved out the resume reaches the uninterrupted run's bytes.
func TestResumeRefusesPlanStrangers(t *testing.T) {
	t.Parallel()
	c := pcfg{Formats: "parquet"}
	plan, dir := runStopped(t, c, 2, RunOptions{})
	// plant writes name under dir and returns what --resume names (a
	// folder the config does not write is named, not the file in it) and
	// a function that removes what it made.
	plant := func(dir, name string) (string, func()) {
		t.Helper()
		path := filepath.Join(dir, filepath.FromSlash(name))
		top, _, nested := strings.Cut(name, "/")
		made := !exists(filepath.Join(dir, top))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("made up"), 0o644); err != nil {
			t.Fatal(err)
		}
		named := name
		if nested && made {
			named = top
		}
		return named, func() {
			remove := path
			if nested && made {
				remove = filepath.Join(dir, top)
			}
			if err := os.RemoveAll(remove); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct{ name, why string }{
		{"report.html", "output.plots: false"},
		{"plots/mechanisms.svg", "output.plots: false"},
		{"sensitivity.csv", "computes no sensitivity"},
		{"discovery_limits.parquet", "has no discovery"},
		{"trajectories/part-00000.parquet", "no trajectories table"},
		{"states/part-00000.parquet", "no states table"},
		{"arrow/summary.arrow", "no Arrow files"},
		{"breakeven.csv", "writes no breakeven table"},
	} {
		named, remove := plant(dir, tc.name)
		before := listFiles(t, dir)
		_, err := run(t, plan, dir, RunOptions{Resume: true})
		wantUsage(t, err, "holds "+named+",", "which its config does not write", tc.why)
		if got := listFiles(t, dir); !slices.Equal(got, before) {
			t.Errorf("refused --resume changed %s: %v, was %v", dir, got, before)
		}
		remove()
	}
	mustRun(t, plan, dir, RunOptions{Resume: true})
	sameFiles(t, reference(t, c), dir)

	cal := calPlan(t, 8)
	calDir := filepath.Join(t.TempDir(), "cal")
	stop := errors.New("stopped by the test")
	if _, err := calibrate(t, cal, calDir, CalibrateOptions{AfterEvaluation: func(n int) error {
		if n == 3 {
			return stop
		}
		return nil
	}}); !errors.Is(err, stop) {
		t.Fatalf("stopped calibration: %v", err)
	}
	for _, tc := range []struct{ name, why string }{
		{"summary.csv", "a calibration writes no run's tables"},
		{"runs/part-00000.parquet", "a calibration writes no run's tables"},
		{"calibration/notes.csv", "a calibration writes no such file"},
		{"report.html", "output.plots: false"},
	} {
		named, remove := plant(calDir, tc.name)
		_, err := calibrate(t, cal, calDir, CalibrateOptions{Resume: true})
		wantUsage(t, err, "holds "+named+",", "which its config does not write", tc.why)
		remove()
	}
	if _, err := calibrate(t, cal, calDir, CalibrateOptions{Resume: true}); err != nil {
		t.Fatal(err)
	}
}

// TestReportSharedWorlds (hostile review, stop 32): under crn: points the
// design points share each replicate's world, so the report's pooled
// primary contrasts give their means without an interval and say why
// (the stratified interval treated the points as independent and called
// differences significant that per-replicate pooling does not); with
// independent points (crn: none) the same design gets intervals.
func TestReportSharedWorlds(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	for _, crn := range []string{"points", "none"} {
		cfg := filepath.Join(base, crn+".yaml")
		text := fmt.Sprintf(`name: shared-%s
seed: 3
replicates: 6
periods: 8
architectures: [treaty, layered, treaty_plus_cells]
population:
  roster: indo-pacific
sweep:
  design: grid
  crn: %s
  parameters:
    us.reliability: [0.5, 0.8]
output:
  formats: [parquet]
  tables: [runs, summary, contrasts]
  plots: true
`, crn, crn)
		if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		plan, err := Load(cfg)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(base, crn)
		mustRun(t, plan, dir, RunOptions{})
		b, err := os.ReadFile(filepath.Join(dir, "report.html"))
		if err != nil {
			t.Fatal(err)
		}
		// runner plot draws the same report from the directory alone
		// (plots.ReadMeta), not from the plan.
		if _, err := Plot(context.Background(), dir); err != nil {
			t.Fatal(err)
		}
		if again, err := os.ReadFile(filepath.Join(dir, "report.html")); err != nil || string(again) != string(b) {
			t.Errorf("crn: %s: plot redrew a different report (%v)", crn, err)
		}
		report := html.UnescapeString(string(b))
		const why = "no confidence interval (the design points share each replicate's world (crn: points)"
		shared := strings.Contains(report, why) && strings.Contains(report, "the cells give no CI")
		if withCI := strings.Contains(report, "pooled over the design points: in deterrence success") && strings.Contains(report, "95% CI"); crn == "points" && (!shared || strings.Contains(report, "does better (")) {
			t.Errorf("crn: points: the report pools without saying the points share worlds, or calls a side better")
		} else if crn == "none" && (shared || !withCI) {
			t.Errorf("crn: none: want pooled intervals and no shared-worlds note (shared %v, CI %v)", shared, withCI)
		}
	}
}

// TestResumeDamagedConfig: an unfinished run whose config.yaml was cut
// short or removed is refused by --resume with the way back (a data-loss
// review, stop 37, left it at "not a pactsim results directory", which
// only --force, recomputing every part, got past); the config it was
// begun with, copied in, lets --resume finish it to the uninterrupted
// run's bytes, keeping its parts.
func TestResumeDamagedConfig(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan, dir := runStopped(t, c, 2, RunOptions{})
	cpath := filepath.Join(dir, "config.yaml")
	canonical, err := os.ReadFile(cpath)
	if err != nil {
		t.Fatal(err)
	}
	for _, damage := range []string{"cut", "removed"} {
		if damage == "cut" {
			err = os.WriteFile(cpath, canonical[:40], 0o644)
		} else {
			err = os.Remove(cpath)
		}
		if err != nil {
			t.Fatal(err)
		}
		_, err = run(t, plan, dir, RunOptions{Resume: true})
		wantUsage(t, err, "damaged pactsim results directory", "holds a run's records", "copy the config the run was begun with to "+cpath, "--resume")
	}
	if err := os.WriteFile(cpath, []byte("# as the user wrote it\n"+c.yaml()), 0o644); err != nil {
		t.Fatal(err)
	}
	res := mustRun(t, plan, dir, RunOptions{Resume: true})
	if res.Kept != 2 {
		t.Errorf("resume kept %d parts, want the 2 finished ones", res.Kept)
	}
	sameFiles(t, ref, dir)
}
