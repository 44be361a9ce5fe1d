package experiments

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"pactsim/engine"
	"pactsim/output"
)

// resealFile rewrites the manifest of dir so that its entry for rel
// matches the file on disk, as a forger who edits a table and its
// checksum would.
func resealFile(t *testing.T, dir, rel string) {
	t.Helper()
	m := readManifest(t, dir)
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	found := false
	for k := range m.Files {
		if m.Files[k].Path == rel {
			m.Files[k].Bytes, m.Files[k].SHA256 = int64(len(b)), hex.EncodeToString(sum[:])
			found = true
		}
	}
	if !found {
		t.Fatalf("%s's manifest does not list %s", dir, rel)
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, output.ManifestName), append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editCSVValue sets the column col of the first data row of a CSV table
// to value, changing nothing else.
func editCSVValue(t *testing.T, path, col, value string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(b), "\n", 3)
	k := slices.Index(strings.Split(lines[0], ","), col)
	fields := strings.Split(lines[1], ",")
	if k < 0 || k >= len(fields) || fields[k] == value {
		t.Fatalf("%s: no column %s to edit in %q", path, col, lines[1])
	}
	fields[k] = value
	lines[1] = strings.Join(fields, ",")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyRecomputesTables: verify recomputes the whole tables from the
// runs parts and compares them with the stored ones, so a value edited
// together with the file's manifest entry is caught, with --sample all,
// --tables, or by default on a small directory; the files themselves all
// match the manifest.
func TestVerifyRecomputesTables(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{})
	res, err := Verify(context.Background(), ref, VerifyOptions{Workers: 2, Tables: TablesAlways})
	if err != nil || !res.Tables {
		t.Fatalf("verify of the reference: %+v, %v", res, err)
	}
	for _, tc := range []struct{ file, col string }{
		{"summary.csv", "mean"},
		{"contrasts.csv", "ci_high"},
		{"summary_by_formation.csv", "sd"},
		{"contrasts_by_formation.csv", "mean_diff"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "d")
			copyDir(t, ref, dir)
			editCSVValue(t, filepath.Join(dir, tc.file), tc.col, "0.4242")
			resealFile(t, dir, tc.file)
			if err := output.VerifyFiles(dir, readManifest(t, dir)); err != nil {
				t.Fatalf("the forged directory does not match its manifest: %v", err)
			}
			// --sample all, and a sample with --tables.
			for _, opt := range []VerifyOptions{{Sample: -1, Workers: 2}, {Sample: 3, Workers: 2, Tables: TablesAlways}} {
				_, err := Verify(context.Background(), dir, opt)
				var mm *output.MismatchError
				if !errors.As(err, &mm) {
					t.Fatalf("verify %+v of an edited %s: %v, want a mismatch", opt, tc.file, err)
				}
				wantText(t, err, filepath.Join(dir, tc.file), "recomputed from the runs parts")
			}
			// A sample of a directory this small recomputes the whole
			// tables too (TablesAuto); --tables=false does not.
			_, err := Verify(context.Background(), dir, VerifyOptions{Sample: 3, Workers: 2})
			var mm *output.MismatchError
			if !errors.As(err, &mm) {
				t.Errorf("verify of a sample of a small directory: %v, want a mismatch", err)
			}
			if res, err := Verify(context.Background(), dir, VerifyOptions{Sample: 3, Workers: 2, Tables: TablesNever}); err != nil || res.Tables {
				t.Errorf("verify of a sample with --tables=false: %+v, %v; want no table check", res, err)
			}
		})
	}

	// A whole table the manifest lists but the runs do not give (a table
	// of another config copied in and listed) is caught too.
	dir := filepath.Join(t.TempDir(), "d")
	copyDir(t, ref, dir)
	if err := os.Remove(filepath.Join(dir, "contrasts.csv")); err != nil {
		t.Fatal(err)
	}
	m := readManifest(t, dir)
	m.Files = slices.DeleteFunc(m.Files, func(f output.FileSum) bool { return f.Path == "contrasts.csv" })
	data, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, output.ManifestName), data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2, Tables: TablesAlways})
	var mm *output.MismatchError
	if !errors.As(err, &mm) {
		t.Fatalf("verify of a directory without contrasts.csv: %v, want a mismatch", err)
	}
	wantText(t, err, "contrasts.csv is missing")
}

// TestRecomputeTablesChoice: which derived tables a verify recomputes.
func TestRecomputeTablesChoice(t *testing.T) {
	small := &output.Manifest{Files: []output.FileSum{{Path: "runs/part-00000.parquet", Bytes: AutoTablesBytes}}}
	large := &output.Manifest{Files: []output.FileSum{{Path: "runs/part-00000.parquet", Bytes: AutoTablesBytes}, {Path: "runs/part-00001.parquet", Bytes: 1}}}
	for _, tc := range []struct {
		c                TablesCheck
		m                *output.Manifest
		all              bool
		tables, analyses bool
	}{
		{TablesAuto, small, false, true, false},
		{TablesAuto, large, false, false, false},
		{TablesAuto, large, true, true, true},
		{TablesAlways, large, false, true, true},
		{TablesNever, small, true, false, false},
	} {
		if tb, an := recomputeTables(tc.c, tc.m, tc.all); tb != tc.tables || an != tc.analyses {
			t.Errorf("recomputeTables(%d, %d bytes, all %t) = %t, %t; want %t, %t", tc.c, tc.m.Files[0].Bytes+int64(len(tc.m.Files)-1), tc.all, tb, an, tc.tables, tc.analyses)
		}
	}
}

// TestVerifyManifestRecords: the checksums cover the files, not the
// manifest's own records, so verify checks those against the config and
// the tables: a manifest edited to claim another seed, plan size, model or
// row count is a mismatch (exit 1), and --resume of such a complete
// directory refuses it too. So is a manifest claiming 0 rows, with no
// file, of a table that is no part table of its config.
func TestVerifyManifestRecords(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	m := readManifest(t, ref)
	for _, tc := range []struct {
		name string
		edit func(m *output.Manifest)
		want string
	}{
		{"seed", func(m *output.Manifest) { m.Seed++ }, "seed 8"},
		{"model version", func(m *output.Manifest) { m.ModelVersion = "0.1" }, "model_version is 0.1"},
		{"totals", func(m *output.Manifest) { m.Totals.Replicates = 5 }, "replicates 5"},
		{"runs rows", func(m *output.Manifest) { m.Rows[output.TableRuns] = 3 }, "rows.runs is 3"},
		{"rows of no table", func(m *output.Manifest) { m.Rows["extra"] = 1 }, "rows.extra"},
		{"rows left out", func(m *output.Manifest) { delete(m.Rows, "summary") }, "rows.summary is missing"},
		// 0 rows and no file is an empty shard's part table only (a
		// review, stop 55): not a table of no name, nor a part table the
		// config does not ask for.
		{"0 rows of no table", func(m *output.Manifest) { m.Rows["extra"] = 0 }, "rows.extra is 0"},
		{"0 rows of a table not asked for", func(m *output.Manifest) { m.Rows[output.TableStates] = 0 }, "rows.states is 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "d")
			copyDir(t, ref, dir)
			e := *m
			e.Rows = maps.Clone(m.Rows)
			tc.edit(&e)
			data, err := json.MarshalIndent(&e, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, output.ManifestName), append(data, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2})
			var mm *output.MismatchError
			if !errors.As(err, &mm) {
				t.Fatalf("verify of a manifest with another %s: %v, want a mismatch", tc.name, err)
			}
			wantText(t, err, tc.want)
			_, err = run(t, plan, dir, RunOptions{Resume: true})
			wantFailure(t, err, "does not verify", tc.want, "run again with --force instead of --resume")
		})
	}
}

// TestVerifyEditedManifest (hostile review, stop 32): a manifest this
// version wrote but can no longer read (a key added, a file listed twice,
// another kind, another format) was edited: a mismatch (exit 1), like an
// edited seed, not "not a results directory" (exit 2). The same edits in
// a manifest that names another engine version are a mismatch too, as a
// readable one of another version is, saying another version may have
// written it.
func TestVerifyEditedManifest(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{})
	orig, err := os.ReadFile(filepath.Join(ref, output.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(orig, &m); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(m map[string]any)
	}{
		{"a key added", func(m map[string]any) { m["zzz"] = 1 }},
		{"a file listed twice", func(m map[string]any) { fs := m["files"].([]any); m["files"] = append(fs, fs[0]) }},
		{"another kind", func(m map[string]any) { m["kind"] = "shard" }},
		{"another format", func(m map[string]any) { m["format"] = "pactsim-results/0" }},
	} {
		for _, other := range []bool{false, true} {
			name := tc.name
			if other {
				name += ", another engine"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				dir := filepath.Join(t.TempDir(), "d")
				copyDir(t, ref, dir)
				e := maps.Clone(m)
				tc.edit(e)
				if other {
					e["engine_version"] = "0.0.1"
				}
				data, err := json.MarshalIndent(e, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, output.ManifestName), data, 0o644); err != nil {
					t.Fatal(err)
				}
				_, err = Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2})
				if !other {
					wantEdited(t, err)
					return
				}
				var mm *output.MismatchError
				if !errors.As(err, &mm) || errors.Is(err, ErrUsage) {
					t.Fatalf("verify: %v, want a mismatch", err)
				}
				wantText(t, err, "cannot be read by pactsim", "another version wrote it")
			})
		}
	}
}

// TestVerifyRefusesLinks: a symbolic link in a results directory is a
// mismatch (exit 1): one beside the parts adds rows to the table a reader
// sees, and a listed file replaced by a link to a copy verified while the
// directory no longer held its data (review 3: both verified). Resume
// refuses them too.
func TestVerifyRefusesLinks(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{})
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, dir string)
		want string
	}{
		{"a part linked in", func(t *testing.T, dir string) {
			if err := os.Symlink("part-00000.parquet", filepath.Join(dir, "runs", "part-00099.parquet")); err != nil {
				t.Fatal(err)
			}
		}, "runs/part-00099.parquet is a symbolic link"},
		{"a listed file replaced by a link", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "codebook.csv")
			copyTo := filepath.Join(t.TempDir(), "codebook.csv")
			if err := os.Rename(p, copyTo); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(copyTo, p); err != nil {
				t.Fatal(err)
			}
		}, "codebook.csv is a symbolic link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			copyDir(t, ref, dir)
			tc.edit(t, dir)
			_, err := Verify(context.Background(), dir, VerifyOptions{Workers: 2, Tables: TablesNever})
			var mm *output.MismatchError
			if !errors.As(err, &mm) {
				t.Fatalf("verify: want a mismatch, got %v", err)
			}
			wantFailure(t, err, tc.want)
			_, err = run(t, pcfg{}.plan(t), dir, RunOptions{Resume: true})
			if err == nil {
				t.Fatal("--resume accepted the directory")
			}
			wantText(t, err, strings.Fields(tc.want)[0])
		})
	}
}

// TestVerifyPartsCover: a complete directory whose manifest leaves out a
// part together with its file (its checksums all match) does not verify,
// whatever is sampled: an Arrow runs part (the rows are counted from
// Parquet, so this verified, review 3), or a whole part in the middle with
// the rows adjusted (caught only when a sampled task fell in the gap or the
// whole tables were recomputed). --resume of it is refused too.
func TestVerifyPartsCover(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{}) // 22 tasks, parts of 5, 4 architectures
	for _, tc := range []struct {
		name  string
		rows  int64
		paths []string
		want  string
	}{
		{"an Arrow part", 0, []string{"arrow/runs/part-00001.arrow"}, "but no arrow/runs/part-00001.arrow"},
		{"a part in the middle", 5 * 4, []string{"runs/part-00002.parquet", "arrow/runs/part-00002.arrow"}, "tasks [10, 15) are in no part"},
		{"the last part", 2 * 4, []string{"runs/part-00004.parquet", "arrow/runs/part-00004.arrow"}, "tasks [20, 22) are in no part"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			copyDir(t, ref, dir)
			dropFromShard(t, dir, tc.rows, tc.paths...)
			_, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 1, Tables: TablesNever})
			var mm *output.MismatchError
			if !errors.As(err, &mm) {
				t.Fatalf("verify: want a mismatch, got %v", err)
			}
			wantText(t, err, tc.want, "do not cover")
			_, err = run(t, pcfg{}.plan(t), dir, RunOptions{Resume: true})
			wantFailure(t, err, "does not verify", "do not cover")
		})
	}
}

// TestVerifyEveryPartFile: the re-run tasks are compared with every file of
// their part, not only the Parquet runs table, so that a file of a forged
// part (one value of task 6 changed in every table) put in place of the
// run's own, with the manifest resealed to match, is caught in every table
// and format: the Arrow runs copy and the states and trajectories tables
// verified before (review 6). A file of a run at another seed is caught
// by its schema (the config hash), in every table and format too.
func TestVerifyEveryPartFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := pcfg{Tables: "runs, summary, contrasts, states, trajectories", Reps: 4}
	ref := reference(t, c) // 8 tasks, parts of 5
	if _, err := Verify(ctx, ref, VerifyOptions{Sample: -1, Workers: 2, Tables: TablesNever}); err != nil {
		t.Fatalf("verify of the reference: %v", err)
	}
	forged := filepath.Join(t.TempDir(), "forged")
	copyDir(t, ref, forged)
	plan := c.plan(t)
	ds, err := output.New(layout(plan, forged, nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.RemovePart("part-00001"); err != nil {
		t.Fatal(err)
	}
	w, err := ds.NewPart("part-00001", 5, 8)
	if err != nil {
		t.Fatal(err)
	}
	err = Evaluate(ctx, plan, 5, 8, EvalOptions{Workers: 1, Record: true}, func(task int, rows *output.TaskRows) error {
		if task == 6 {
			rows.Outcomes[1].Value[engine.DeterrenceSuccess] += 1e-9
			rows.States[1][2].BeliefEnd += 1e-9
			rows.Periods[1][3].Tension += 1e-9
		}
		return w.Write(rows)
	})
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	c.Seed = 8
	other := reference(t, c)
	for _, rel := range []string{
		"runs/part-00001.parquet", "arrow/runs/part-00001.arrow",
		"states/part-00001.parquet", "arrow/states/part-00001.arrow",
		"trajectories/part-00001.parquet", "arrow/trajectories/part-00001.arrow",
	} {
		for _, from := range []string{forged, other} {
			t.Run(rel, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "d")
				copyDir(t, ref, dir)
				b, err := os.ReadFile(filepath.Join(from, filepath.FromSlash(rel)))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), b, 0o644); err != nil {
					t.Fatal(err)
				}
				resealFile(t, dir, rel)
				_, err = Verify(ctx, dir, VerifyOptions{Sample: -1, Workers: 2, Tables: TablesNever})
				var mm *output.MismatchError
				if !errors.As(err, &mm) {
					t.Fatalf("verify of a directory with %s from %s: %v, want a mismatch", rel, filepath.Base(from), err)
				}
				switch {
				case from == other:
					// Named from the footers, before any task is re-run,
					// so whatever tasks verify samples: with one, it passed
					// (review, stop 29), and merge, which checks each
					// shard so, found the part only after emptying its
					// output.
					wantText(t, err, filepath.Join(dir, filepath.FromSlash(rel)), "written for another config")
					_, err = Verify(ctx, dir, VerifyOptions{Sample: 1, Workers: 2, Tables: TablesNever})
					wantText(t, err, filepath.Join(dir, filepath.FromSlash(rel)), "written for another config")
				default:
					wantText(t, err, filepath.Join(dir, filepath.FromSlash(rel)), "task 6", "architecture hub_and_spokes", "when re-run")
					// With a sample that leaves task 6 out, the part's
					// Parquet and Arrow files are compared with each other
					// (a hostile review, stop 31: an edited Arrow part
					// passed a sampled verify).
					_, err = Verify(ctx, dir, VerifyOptions{Sample: 1, Workers: 2, Tables: TablesNever})
					pq := strings.TrimPrefix(strings.Replace(rel, ".arrow", ".parquet", 1), "arrow/")
					wantText(t, err, filepath.Join(dir, filepath.FromSlash(pq)), filepath.Join(dir, filepath.FromSlash("arrow/"+strings.Replace(pq, ".parquet", ".arrow", 1))), "differ at row", "architecture hub_and_spokes")
				}
			})
		}
	}
}

// TestVerifyHiddenData: a hidden file named like a table's part
// (runs/.x.parquet) is data to readers that glob (DuckDB, polars), so
// verify reports it as unlisted, and so does such a file in a hidden folder
// below the top; the hidden files a directory may hold beside its data (a
// desktop's .DS_Store, a hidden folder at the top) still pass (review 6:
// verify passed over every hidden file).
func TestVerifyHiddenData(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{})
	for _, tc := range []struct {
		rel  string
		pass bool
	}{
		{"runs/.x.parquet", false},
		{"arrow/runs/.x.arrow", false},
		{".summary.csv", false},
		{".DS_Store", true},
		{"runs/.DS_Store", true},
		{".notes/runs.parquet", true},
		// A hidden folder inside a data folder (a hostile review, stop
		// 37): a recursive glob, runs/**/*.parquet, may read its parts;
		// its other files are not data.
		{"runs/.x/part-00001.parquet", false},
		{"arrow/runs/.old/.y.arrow", false},
		{"runs/.x/notes.txt", true},
		{"runs/.x/.DS_Store", true},
	} {
		t.Run(tc.rel, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "d")
			copyDir(t, ref, dir)
			p := filepath.Join(dir, filepath.FromSlash(tc.rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 1, Tables: TablesNever})
			if tc.pass {
				if err != nil {
					t.Errorf("verify with %s: %v", tc.rel, err)
				}
				return
			}
			var mm *output.MismatchError
			if !errors.As(err, &mm) {
				t.Fatalf("verify with %s: %v, want a mismatch", tc.rel, err)
			}
			wantText(t, err, tc.rel, "does not list")
		})
	}
}

// TestVerifyPartBytes (review, this stop): a runs part written again by
// another writer, with the same rows but no column statistics (statistics
// that query engines trust to skip row groups), and resealed in the
// manifest, passed verify --sample all, which compared rows only. Every
// re-run part is now written again in memory and compared byte for byte.
func TestVerifyPartBytes(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{})
	dir := filepath.Join(t.TempDir(), "d")
	copyDir(t, ref, dir)
	rel := "runs/part-00000.parquet"
	path := filepath.Join(dir, filepath.FromSlash(rel))
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := fr.Schema() // with the file's metadata, which ReadTable drops
	if err != nil {
		t.Fatal(err)
	}
	read, err := fr.ReadTable(context.Background())
	pf.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer read.Release()
	cols := make([]arrow.Column, read.NumCols())
	for k := range cols {
		cols[k] = *read.Column(k)
	}
	tbl := array.NewTable(sc, cols, read.NumRows())
	defer tbl.Release()
	var buf bytes.Buffer
	props := parquet.NewWriterProperties(parquet.WithStats(false), parquet.WithCompression(compress.Codecs.Zstd))
	if err := pqarrow.WriteTable(tbl, &buf, 1<<20, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema())); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	resealFile(t, dir, rel)
	// The rows are the same: a sampled verify of one task elsewhere, which
	// compares rows only, passes.
	_, err = Verify(context.Background(), dir, VerifyOptions{Sample: -1, Workers: 2})
	var mm *output.MismatchError
	if !errors.As(err, &mm) {
		t.Fatalf("verify --sample all of a re-encoded part: %v, want a mismatch", err)
	}
	wantText(t, err, path, "differs from what the re-run tasks write")
}

// TestVerifyDictionaryIndexOutOfRange: an Arrow part whose architecture
// column points past its dictionary, re-listed in the manifest, is a
// mismatch naming the file, whether verify re-runs its tasks or only
// compares it with its Parquet twin. The readers do not check dictionary
// indices, and verify panicked at the first such cell and exited 2, the
// code of "not a results directory", with a stack trace (a hostile review
// of reproducibility: one flipped bit of a states part did it).
func TestVerifyDictionaryIndexOutOfRange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ref := reference(t, pcfg{Reps: 4}) // 8 tasks, parts of 5
	const rel = "arrow/runs/part-00001.arrow"
	for _, sample := range []int{-1, 1} {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		path := filepath.Join(dir, filepath.FromSlash(rel))
		breakDictionaryIndex(t, path, "architecture")
		resealFile(t, dir, rel)
		_, err := Verify(ctx, dir, VerifyOptions{Sample: sample, Workers: 2, Tables: TablesNever})
		var mm *output.MismatchError
		if !errors.As(err, &mm) {
			t.Fatalf("verify --sample %d of a part with a dictionary index out of range: %v, want a mismatch", sample, err)
		}
		wantText(t, err, path, "column architecture", "dictionary index")
	}
}

// breakDictionaryIndex rewrites the Arrow IPC file at path with the first
// row of the dictionary column col pointing past its dictionary, and every
// other byte of meaning kept.
func breakDictionaryIndex(t *testing.T, path, col string) {
	t.Helper()
	mem := memory.DefaultAllocator
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ipc.NewFileReader(f, ipc.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	schema := r.Schema()
	k := schema.FieldIndices(col)
	if len(k) != 1 {
		t.Fatalf("%s has no column %s", path, col)
	}
	var buf bytes.Buffer
	w, err := ipc.NewFileWriter(&buf, ipc.WithSchema(schema), ipc.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	for i := range r.NumRecords() {
		rec, err := r.RecordBatch(i)
		if err != nil {
			t.Fatal(err)
		}
		cols := slices.Clone(rec.Columns())
		if i == 0 {
			d := cols[k[0]].(*array.Dictionary)
			ib := array.NewBuilder(mem, d.Indices().DataType())
			for row := range d.Len() {
				x := d.GetValueIndex(row)
				if row == 0 {
					x = d.Dictionary().Len() + 3
				}
				switch b := ib.(type) {
				case *array.Int8Builder:
					b.Append(int8(x))
				case *array.Int16Builder:
					b.Append(int16(x))
				case *array.Int32Builder:
					b.Append(int32(x))
				default:
					t.Fatalf("dictionary index type %s", d.Indices().DataType())
				}
			}
			idx := ib.NewArray()
			cols[k[0]] = array.NewDictionaryArray(d.DataType().(*arrow.DictionaryType), idx, d.Dictionary())
			idx.Release()
			ib.Release()
		}
		out := array.NewRecordBatch(schema, cols, rec.NumRows())
		err = w.Write(out)
		out.Release()
		if err != nil {
			t.Fatal(err)
		}
	}
	r.Close()
	f.Close()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyFiguresRedrawn: a figure or the report changed and listed again
// in the manifest is caught when verify recomputes the analyses (--sample
// all, --tables): it draws them again from the tables, writing nothing,
// and compares (a reproducibility review, stop 38: 39 such edits passed).
// A sampled verify of default size leaves figures to their checksums.
func TestVerifyFiguresRedrawn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ref := reference(t, pcfg{Reps: 4, Plots: true})
	if res, err := Verify(ctx, ref, VerifyOptions{Sample: -1, Workers: 2}); err != nil || !res.Figures {
		t.Fatalf("verify --sample all of an untouched directory: %+v, %v; want its figures drawn again and matched", res, err)
	}
	for _, rel := range []string{"plots/mechanisms.svg", "report.html"} {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		path := filepath.Join(dir, filepath.FromSlash(rel))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.Replace(data, []byte("architecture"), []byte("Architecture"), 1)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		resealFile(t, dir, rel)
		_, err = Verify(ctx, dir, VerifyOptions{Sample: -1, Workers: 2})
		var mm *output.MismatchError
		if !errors.As(err, &mm) {
			t.Fatalf("verify --sample all of a changed, listed %s: %v, want a mismatch", rel, err)
		}
		wantText(t, err, rel, "is not what its tables draw", "runner plot")
		if res, err := Verify(ctx, dir, VerifyOptions{Sample: 1, Workers: 2, Tables: TablesNever}); err != nil || res.Figures {
			t.Errorf("a sampled verify without tables: %+v, %v; want it to pass on the checksums, figures not drawn", res, err)
		}
	}
}

// TestVerifyForgedSchemaCount: a part whose stored Arrow schema says it
// has 0x7ffffff0 fields, with its checksum listed again in the manifest,
// is a mismatch naming the file, for Parquet and Arrow alike. verify died
// with Go's fatal "out of memory" instead (a forger's edit found in 1 of
// 450 re-listed byte flips, stop 38), since arrow-go makes a slice of the
// stored count before reading a field.
func TestVerifyForgedSchemaCount(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{})
	for _, rel := range []string{"runs/part-00000.parquet", "arrow/runs/part-00000.arrow"} {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		path := filepath.Join(dir, filepath.FromSlash(rel))
		forgeFieldCount(t, path)
		resealFile(t, dir, rel)
		_, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2, Tables: TablesNever})
		var mm *output.MismatchError
		if !errors.As(err, &mm) {
			t.Fatalf("verify of %s with a forged field count: %v, want a mismatch", rel, err)
		}
		wantText(t, err, path)
	}
}

// forgeFieldCount sets the field count of the Arrow schema stored in the
// part at path (a Parquet file's ARROW:schema, an Arrow file's footer) to
// 0x7ffffff0, changing nothing else: the count is the one aligned 32-bit
// word equal to the table's number of columns that is followed by the
// fields' offsets.
func forgeFieldCount(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	patch := func(fbuf []byte, fields int) int {
		n := 0
		for w := 0; w+8 <= len(fbuf); w += 4 {
			if int(binary.LittleEndian.Uint32(fbuf[w:])) != fields {
				continue
			}
			// The first field's offset points forward, within the buffer.
			if off := int(binary.LittleEndian.Uint32(fbuf[w+4:])); off == 0 || w+4+off >= len(fbuf) {
				continue
			}
			binary.LittleEndian.PutUint32(fbuf[w:], 0x7ffffff0)
			n++
		}
		return n
	}
	var fields, n int
	if strings.HasSuffix(path, ".parquet") {
		pf, err := file.OpenParquetFile(path, false)
		if err != nil {
			t.Fatal(err)
		}
		enc := *pf.MetaData().KeyValueMetadata().FindValue("ARROW:schema")
		fields = pf.MetaData().Schema.Root().NumFields()
		pf.Close()
		raw, err := base64.StdEncoding.DecodeString(enc)
		if err != nil {
			t.Fatal(err)
		}
		n = patch(raw[8:], fields) // after the continuation marker and length
		at := bytes.Index(b, []byte(enc))
		copy(b[at:], base64.StdEncoding.EncodeToString(raw))
	} else {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := ipc.NewFileReader(f)
		if err != nil {
			t.Fatal(err)
		}
		fields = r.Schema().NumFields()
		r.Close()
		f.Close()
		size := int(binary.LittleEndian.Uint32(b[len(b)-10:]))
		n = patch(b[len(b)-10-size:len(b)-10], fields)
	}
	if n == 0 {
		t.Fatalf("%s: no field count of %d found", path, fields)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeManifestAs rewrites dir's manifest with edit applied, as a forger
// would, the files' checksums left as they are.
func writeManifestAs(t *testing.T, dir string, edit func(*output.Manifest)) {
	t.Helper()
	m := readManifest(t, dir)
	edit(m)
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, output.ManifestName), append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyForgedShardOfOne: a run's manifest relabelled a shard of one
// (index 0 of 1, every task), with an edited contrasts table re-listed,
// is refused: verify stopped after the parts, "a shard has no whole
// tables", and exited 0 even with --sample all --tables (a hostile
// review, stop 41). So is a shard that lists whole tables.
func TestVerifyForgedShardOfOne(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{})
	dir := filepath.Join(t.TempDir(), "d")
	copyDir(t, ref, dir)
	editCSVValue(t, filepath.Join(dir, "contrasts.csv"), "mean_diff", "0.25")
	resealFile(t, dir, "contrasts.csv")
	writeManifestAs(t, dir, func(m *output.Manifest) {
		m.Kind, m.Shard = output.KindShard, &output.Shard{Index: 0, Count: 1, TaskLo: 0, TaskHi: m.Totals.Tasks}
	})
	_, err := Verify(context.Background(), dir, VerifyOptions{Sample: -1, Workers: 2, Tables: TablesAlways})
	if err == nil {
		t.Fatal("verify passed a run relabelled a shard of one")
	}
	wantText(t, err, "a shard is one of at least 2")
	orig, err := os.ReadFile(filepath.Join(ref, output.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, output.ManifestName), orig, 0o644); err != nil {
		t.Fatal(err)
	}
	resealFile(t, dir, "contrasts.csv")
	writeManifestAs(t, dir, func(m *output.Manifest) {
		m.Kind, m.Shard = output.KindShard, &output.Shard{Index: 0, Count: 2, TaskLo: 0, TaskHi: m.Totals.Tasks / 2}
	})
	if _, err = Verify(context.Background(), dir, VerifyOptions{Sample: -1, Workers: 2, Tables: TablesAlways}); err == nil {
		t.Fatal("verify passed a shard that lists whole tables")
	}
	wantText(t, err, "which a shard does not hold")
}

// TestVerifyConfigComment: a config.yaml whose comment was edited, with
// its checksum re-listed, no longer has the manifest's config hash as its
// SHA-256, and is a mismatch; verify passed it, since it resolves to the
// same config (a hostile review, stop 41). A damaged one is a mismatch
// too, not a config error of the user's (exit 2).
func TestVerifyConfigComment(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{})
	for _, edit := range []func([]byte) []byte{
		func(b []byte) []byte { return append(b, "# results were cherry-picked\n"...) },
		func(b []byte) []byte { return append(b, "seed: [\n"...) },
	} {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		path := filepath.Join(dir, "config.yaml")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, edit(b), 0o644); err != nil {
			t.Fatal(err)
		}
		resealFile(t, dir, "config.yaml")
		_, err = Verify(context.Background(), dir, VerifyOptions{Sample: -1, Workers: 2})
		var mm *output.MismatchError
		if !errors.As(err, &mm) {
			t.Fatalf("verify of an edited config.yaml: %v, want a mismatch", err)
		}
		wantText(t, err, path, "was edited", "config hash")
	}
}

// TestVerifyDefaultCodebookFigures: the default verify, which re-runs a
// sample and recomputes no analysis, compares the codebook with the one
// the config gives and the figures and report with what the stored tables
// draw: an edited codebook or an emptied report.html, listed again,
// passed unless every task was re-run (a hostile review, stop 41).
func TestVerifyDefaultCodebookFigures(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{Plots: true})
	for _, tc := range []struct {
		rel  string
		edit func([]byte) []byte
	}{
		{output.CodebookName, func(b []byte) []byte { return bytes.Replace(b, []byte(",higher\n"), []byte(",lower\n"), 1) }},
		{output.CodebookName, func([]byte) []byte { return nil }},
		{"report.html", func([]byte) []byte { return nil }},
	} {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		path := filepath.Join(dir, filepath.FromSlash(tc.rel))
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, tc.edit(b), 0o644); err != nil {
			t.Fatal(err)
		}
		resealFile(t, dir, tc.rel)
		res, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2, Tables: TablesNever})
		if err != nil || res.Codebook || res.Figures {
			t.Fatalf("verify --tables never of an edited %s: %v, %+v; want it passed over", tc.rel, err, res)
		}
		_, err = Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2})
		var mm *output.MismatchError
		if !errors.As(err, &mm) {
			t.Fatalf("verify of an edited %s: %v, want a mismatch", tc.rel, err)
		}
		wantText(t, err, tc.rel)
	}
	res, err := Verify(context.Background(), ref, VerifyOptions{Sample: 1, Workers: 2})
	if err != nil || !res.Codebook || !res.Figures || res.Analyses {
		t.Fatalf("verify of the untouched directory: %v, %+v; want the codebook and figures checked, no analysis", err, res)
	}
}

// TestVerifySampleSeed: a sample seed of the auditor's own draws another
// sample than the config's seed does (which is the same on every verify,
// and known to anyone who reads the config: a hostile review, stop 41),
// and the result says which seed drew it.
func TestVerifySampleSeed(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{Reps: 10})
	ctx := context.Background()
	def, err := Verify(ctx, ref, VerifyOptions{Sample: 3, Workers: 2, Tables: TablesNever})
	if err != nil {
		t.Fatal(err)
	}
	own, err := Verify(ctx, ref, VerifyOptions{Sample: 3, Workers: 2, Tables: TablesNever, SampleSeed: 987654321, SeedSet: true})
	if err != nil {
		t.Fatal(err)
	}
	if def.SampleSeed == own.SampleSeed || own.SampleSeed != 987654321 {
		t.Errorf("sample seeds %d (default) and %d (given 987654321)", def.SampleSeed, own.SampleSeed)
	}
	if slices.Equal(def.Tasks, own.Tasks) || len(own.Tasks) != 3 {
		t.Errorf("the samples %v (config's seed) and %v (the auditor's) are the same", def.Tasks, own.Tasks)
	}
	if want := sampleTasks(987654321, own.Lo, own.Hi, 3); !slices.Equal(own.Tasks, want) {
		t.Errorf("sample %v, want the seed's draw %v", own.Tasks, want)
	}
}

// TestRecomputeTablesBySize: the size that decides whether a sampled
// verify recomputes the whole tables is the runs parts', which the plan
// fixes: padding another listed file past the limit (an analysis table of
// a million repeated rows) left a forged summary unchecked (a hostile
// review, stop 41).
func TestRecomputeTablesBySize(t *testing.T) {
	m := &output.Manifest{Files: []output.FileSum{
		{Path: "runs/part-00000.parquet", Bytes: 1 << 20},
		{Path: "arrow/sensitivity.arrow", Bytes: 2 * AutoTablesBytes},
	}}
	if tables, analyses := recomputeTables(TablesAuto, m, false); !tables || analyses {
		t.Errorf("small runs parts, a padded analysis table: tables %t, analyses %t; want the whole tables", tables, analyses)
	}
	m.Files[0].Bytes = AutoTablesBytes + 1
	if tables, _ := recomputeTables(TablesAuto, m, false); tables {
		t.Error("runs parts over the limit: the tables recomputed on a sampled verify")
	}
}

// TestVerifyZeroRowsOnlyEmptyShard: a part table of 0 rows with no file is
// an empty shard's (a shard that owns no task, output.WriteManifest), and
// no other directory's: a calibration's manifest edited to claim rows.runs
// and rows.states of 0, tables a calibration never writes, verified (a
// review, stop 55; before stop 55 it was refused, as it is again).
func TestVerifyZeroRowsOnlyEmptyShard(t *testing.T) {
	t.Parallel()
	plan := calPlan(t, 4)
	dir := filepath.Join(t.TempDir(), "cal")
	if _, err := calibrate(t, plan, dir, CalibrateOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{output.TableRuns, output.TableStates} {
		writeManifestAs(t, dir, func(m *output.Manifest) {
			delete(m.Rows, output.TableRuns)
			delete(m.Rows, output.TableStates)
			m.Rows[table] = 0
		})
		_, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1})
		var mm *output.MismatchError
		if !errors.As(err, &mm) {
			t.Fatalf("verify of a calibration claiming rows.%s 0: %v, want a mismatch", table, err)
		}
		wantText(t, err, "rows."+table+" is 0", "no such table")
	}
}
