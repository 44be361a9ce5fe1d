package output

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"

	"pactsim/engine"
)

// dirFiles returns every file under dir (relative path -> bytes), manifest
// included.
func dirFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if rel == JournalName {
			return nil // bookkeeping of an unfinished directory, removed by the manifest
		}
		data, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestDeterminism: the same input gives the same bytes in every file, and
// the whole-directory tables do not depend on where the parts were cut.
func TestDeterminism(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	writeDataset(t, testLayout(a), 4)
	writeDataset(t, testLayout(b), 4)
	writeDataset(t, testLayout(c), 7)
	fa, fb, fc := dirFiles(t, a), dirFiles(t, b), dirFiles(t, c)
	if len(fa) != len(fb) {
		t.Fatalf("%d files, then %d", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two runs of the same input", name)
		}
	}
	for _, name := range []string{"summary.parquet", "contrasts.parquet", "summary.csv", "contrasts.csv", "points.parquet", "codebook.csv", "arrow/summary.arrow", "arrow/contrasts.arrow"} {
		if !bytes.Equal(fa[name], fc[name]) {
			t.Errorf("%s depends on the part size", name)
		}
	}
}

// TestRowGroups cuts parts into many row groups and Arrow batches: the
// files still read back, the Arrow files keep one dictionary per column, and
// the statistics do not change.
func TestRowGroups(t *testing.T) {
	ref, small := t.TempDir(), t.TempDir()
	writeDataset(t, testLayout(ref), 8)
	d := writeDatasetRows(t, testLayout(small), 8, 10)
	pf, err := file.OpenParquetFile(d.ParquetPath(TableTrajectories, pn(0)), false)
	if err != nil {
		t.Fatal(err)
	}
	if n := pf.NumRowGroups(); n < 5 {
		t.Errorf("trajectories part 0 has %d row groups, want many", n)
	}
	pf.Close()
	for _, table := range d.PartTables() {
		checkIPC(t, d.ArrowPath(table, pn(0)), d.Schema(table))
	}
	fr, fs := dirFiles(t, ref), dirFiles(t, small)
	for _, name := range []string{"summary.parquet", "contrasts.parquet", "summary.csv", "contrasts.csv"} {
		if !bytes.Equal(fr[name], fs[name]) {
			t.Errorf("%s depends on the row group size", name)
		}
	}
}

// TestStatesRowGroups: with the state names known (a fixed roster), the
// states table is written in row groups and Arrow batches like the others,
// so a part's states rows are not all held in memory (a scale review, stop
// 35: 2 GiB for 2.4M rows), with the same rows as one batch per part; a
// name the Layout does not list is an error, not a dictionary that grows
// between batches.
func TestStatesRowGroups(t *testing.T) {
	readStates := func(d *Dataset) (arrow.Table, int) {
		t.Helper()
		path := d.ParquetPath(TableStates, pn(0))
		pf, err := file.OpenParquetFile(path, false)
		if err != nil {
			t.Fatal(err)
		}
		defer pf.Close()
		return readParquet(t, path), pf.NumRowGroups()
	}
	held := writeDatasetRows(t, testLayout(t.TempDir()), 8, 10)
	l := testLayout(t.TempDir())
	l.StateNames = []string{"US", "JP", "AU"}
	grouped := writeDatasetRows(t, l, 8, 10)
	a, na := readStates(held)
	defer a.Release()
	b, nb := readStates(grouped)
	defer b.Release()
	if na != 1 || nb < 5 {
		t.Errorf("states part 0: %d row groups without the names (want 1), %d with them (want many)", na, nb)
	}
	if !array.TableEqual(a, b) {
		t.Error("the states rows differ between one batch and row groups")
	}
	checkIPC(t, grouped.ArrowPath(TableStates, pn(0)), grouped.Schema(TableStates))

	l = testLayout(t.TempDir())
	l.StateNames = []string{"US", "JP"}
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	if err := writePart(d, testPart{name: pn(0), lo: 0, hi: 2}); err == nil || !strings.Contains(err.Error(), `state "AU" is not one of the Layout's 2 state names`) {
		t.Errorf("a state the names lack: %v", err)
	}
}

// TestLeaks checks that every Arrow buffer is released, on success and on
// the failure paths.
func TestLeaks(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	l := testLayout(t.TempDir())
	l.Alloc = mem
	writeDataset(t, l, 4)

	// An aborted part, a part failed by bad input and a part closed early.
	l.Dir = t.TempDir()
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	for part, fail := range []func(w *PartWriter){
		func(w *PartWriter) { w.Abort() },
		func(w *PartWriter) { _ = w.Write(&TaskRows{Point: 9}) },
		func(w *PartWriter) { _ = w.Close() },
	} {
		w, err := d.NewPart(pn(part), 0, 3)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(fakeTask(&l, 0, 0)); err != nil {
			t.Fatal(err)
		}
		fail(w)
		_ = w.Close()
	}
	// A full disk.
	l.Dir = t.TempDir()
	l.FS = &fullDisk{left: 20000}
	d, err = New(l)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeAll(d, 4); err == nil {
		t.Fatal("a full disk went unnoticed")
	}
}

// writeAll is writeParts and Finalize returning the first error.
func writeAll(d *Dataset, partTasks int) error {
	for _, p := range partsOf(0, d.Tasks(), partTasks) {
		if err := writePart(d, p); err != nil {
			return err
		}
	}
	if err := d.Finalize(context.Background()); err != nil {
		return err
	}
	return d.WriteManifest(context.Background(), &Manifest{Kind: KindRun})
}

// fullDisk is a file system that runs out of space after a byte budget
// shared by all its files.
type fullDisk struct {
	OSFileSystem
	left int64
}

func (f *fullDisk) Create(name string) (File, error) {
	file, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	return &budgetFile{File: file, disk: f}, nil
}

type budgetFile struct {
	*os.File
	disk *fullDisk
}

func (b *budgetFile) Write(p []byte) (int, error) {
	if int64(len(p)) > b.disk.left {
		n, _ := b.File.Write(p[:b.disk.left])
		b.disk.left = 0
		return n, syscall.ENOSPC
	}
	b.disk.left -= int64(len(p))
	return b.File.Write(p)
}

// TestDiskFull runs out of space at many points of a run and checks that
// the error names a file and that nothing half-written is left: no
// temporary files, and every file present is complete.
func TestDiskFull(t *testing.T) {
	full := t.TempDir()
	d := writeDataset(t, testLayout(full), 4)
	if err := d.WriteManifest(context.Background(), &Manifest{Kind: KindRun}); err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, data := range dirFiles(t, full) {
		total += int64(len(data))
	}
	for _, budget := range []int64{0, 100, 5000, total / 4, total / 2, total - 5000, total - 1} {
		dir := t.TempDir()
		l := testLayout(dir)
		l.FS = &fullDisk{left: budget}
		d, err := New(l)
		if err != nil {
			t.Fatal(err)
		}
		err = writeAll(d, 4)
		if !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("budget %d: got %v, want ENOSPC", budget, err)
		}
		if !strings.Contains(err.Error(), dir) {
			t.Errorf("budget %d: error %q does not name the file", budget, err)
		}
		ref := dirFiles(t, full)
		for name, data := range dirFiles(t, dir) {
			if strings.HasPrefix(filepath.Base(name), ".") {
				t.Errorf("budget %d: temporary file %s left behind", budget, name)
				continue
			}
			if !bytes.Equal(data, ref[name]) {
				t.Errorf("budget %d: %s is there but not complete", budget, name)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ManifestName)); err == nil {
			t.Errorf("budget %d: a failed run has a manifest", budget)
		}
	}
}

func TestNotWritable(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	l := testLayout(filepath.Join(blocker, "results"))
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.NewPart(pn(0), 0, 1)
	if err == nil || !strings.Contains(err.Error(), blocker) {
		t.Fatalf("got %v, want an error naming %s", err, blocker)
	}
}

func TestPartErrors(t *testing.T) {
	l := testLayout(t.TempDir())
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	bad := func(mutate func(tr *TaskRows)) *TaskRows {
		tr := fakeTask(&l, 0, 0)
		mutate(tr)
		return tr
	}
	for _, tc := range []struct {
		name string
		tr   *TaskRows
		want string
	}{
		{"out of order", fakeTask(&l, 0, 1), "tasks must come in order"},
		{"outside plan", bad(func(tr *TaskRows) { tr.Replicate = 99 }), "outside the plan"},
		{"missing architecture", bad(func(tr *TaskRows) { tr.Outcomes = tr.Outcomes[:2] }), "outcomes for 4 architectures"},
		{"undefined, not nullable", bad(func(tr *TaskRows) { tr.Outcomes[0].Valid[engine.Challenges] = false }), "undefined but not nullable"},
		{"NaN", bad(func(tr *TaskRows) { tr.Outcomes[1].Value[engine.Tension] = nan() }), "never NaN"},
		{"negative seed", bad(func(tr *TaskRows) { tr.Seed = -1 }), "negative seed"},
		// A count that is not whole, or a flag that is not 0 or 1, was
		// written truncated (a review, stop 51).
		{"fractional count", bad(func(tr *TaskRows) { tr.Outcomes[0].Value[engine.Challenges] = 2.5 }), "outcome challenges is 2.5 (a count: a whole number within int64)"},
		{"count beyond int64", bad(func(tr *TaskRows) { tr.Outcomes[0].Value[engine.Wars] = 1e19 }), "outcome wars is 1e+19 (a count"},
		{"flag 2", bad(func(tr *TaskRows) {
			tr.Outcomes[0].Value[engine.TreatyFormed], tr.Outcomes[0].Valid[engine.TreatyFormed] = 2, true
		}), "outcome treaty_formed is 2 (a flag: 0 or 1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := d.NewPart(pn(0), 0, 2)
			if err != nil {
				t.Fatal(err)
			}
			err = w.Write(tc.tr)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "part-00000.parquet") {
				t.Fatalf("got %v, want an error naming the part and saying %q", err, tc.want)
			}
			if err2 := w.Close(); err2 != err {
				t.Errorf("Close after a failed Write = %v, want the same error", err2)
			}
			if files := dirFiles(t, l.Dir); len(files) != 0 {
				t.Errorf("a failed part left %d files", len(files))
			}
		})
	}

	// A part closed before all its tasks came is not final.
	w, err := d.NewPart(pn(0), 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(fakeTask(&l, 0, 0)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err == nil || !strings.Contains(err.Error(), "got 1 of the 2 tasks") {
		t.Fatalf("Close of a short part = %v", err)
	}
	if files := dirFiles(t, l.Dir); len(files) != 0 {
		t.Errorf("a short part left %d files", len(files))
	}
}

func TestPartCollision(t *testing.T) {
	l := testLayout(t.TempDir())
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	writeParts(t, d, 4)
	_, err = d.NewPart(pn(1), 4, 8)
	want := d.ParquetPath(TableRuns, pn(1))
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("got %v, want an error naming %s", err, want)
	}
	// Resume: the part is removed and written again, to the same bytes.
	before := dirFiles(t, l.Dir)
	if err := d.RemovePart(pn(1)); err != nil {
		t.Fatal(err)
	}
	parts, err := d.FinalParts()
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 3 || parts[1] != pn(2) {
		t.Fatalf("final parts after removing part 1: %v", parts)
	}
	w, err := d.NewPart(pn(1), 4, 8)
	if err != nil {
		t.Fatal(err)
	}
	for task := 4; task < 8; task++ {
		if err := w.Write(fakeTask(&l, task/l.Replicates, task%l.Replicates)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close = %v", err)
	}
	after := dirFiles(t, l.Dir)
	for name := range before {
		if !bytes.Equal(before[name], after[name]) {
			t.Errorf("%s differs after rewriting the part", name)
		}
	}
}

func TestFinalizeChecksParts(t *testing.T) {
	l := testLayout(t.TempDir())
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	writeParts(t, d, 4)
	missing := d.ParquetPath(TableRuns, pn(1))
	if err := os.Rename(missing, missing+".bak"); err != nil {
		t.Fatal(err)
	}
	err = d.Finalize(context.Background())
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("Finalize with a missing part = %v", err)
	}
	if err := os.Rename(missing+".bak", missing); err != nil {
		t.Fatal(err)
	}

	// A part of another config is refused, by name.
	other := l
	other.Provenance.ConfigSHA256 = "another"
	other.Dir = t.TempDir()
	od, err := New(other)
	if err != nil {
		t.Fatal(err)
	}
	writeParts(t, od, 4)
	if err := d.RemovePart(pn(2)); err != nil {
		t.Fatal(err)
	}
	foreign := od.ParquetPath(TableRuns, pn(2))
	data, err := os.ReadFile(foreign)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(d.ParquetPath(TableRuns, pn(2)), data, 0o644); err != nil {
		t.Fatal(err)
	}
	err = d.Finalize(context.Background())
	if err == nil || !strings.Contains(err.Error(), d.ParquetPath(TableRuns, pn(2))) || !strings.Contains(err.Error(), "not a part of this run") {
		t.Fatalf("Finalize with a foreign part = %v", err)
	}
}

// TestNulls checks that undefined outcomes are null in the runs table and
// that a summary cell with fewer than two values has null spread.
func TestNulls(t *testing.T) {
	l := testLayout(t.TempDir())
	l.Replicates = 1
	l.Points = l.Points[:1]
	writeDataset(t, l, 1)
	runs := readParquet(t, filepath.Join(l.Dir, "runs", "part-00000.parquet"))
	defer runs.Release()
	tr := fakeTask(&l, 0, 0)
	for k, spec := range engine.Outcomes {
		col := column(t, runs, spec.Name)
		for a := range l.Architectures {
			if col.IsNull(a) == tr.Outcomes[a].Valid[k] {
				t.Errorf("%s, architecture %d: null = %v, valid = %v", spec.Name, a, col.IsNull(a), tr.Outcomes[a].Valid[k])
			}
		}
	}
	traj := readParquet(t, filepath.Join(l.Dir, "trajectories", "part-00000.parquet"))
	defer traj.Release()
	for _, c := range periodColumns {
		if n := column(t, traj, c.name).NullN(); n != 0 {
			t.Errorf("trajectories %s: %d nulls, want none (no record value is undefined)", c.name, n)
		}
	}
	sum := readParquet(t, filepath.Join(l.Dir, "summary.parquet"))
	defer sum.Release()
	for _, name := range []string{"sd", "se", "ci_low", "ci_high"} {
		if c := column(t, sum, name); c.NullN() != c.Len() {
			t.Errorf("%s: %d of %d null with one replicate, want all", name, c.NullN(), c.Len())
		}
	}
	if c := column(t, sum, "mean").(*array.Float64); c.NullN() == 0 {
		t.Errorf("mean: no nulls, but some outcomes were never defined")
	}
}

func TestManifest(t *testing.T) {
	dir := t.TempDir()
	d := writeDataset(t, testLayout(dir), 4)
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	m := &Manifest{Kind: KindRun, Seed: 7, Started: start, Finished: start.Add(time.Minute), Workers: 3}
	if err := d.WriteManifest(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.Seed != 7 || got.ConfigSHA256 != "c0ffee" || got.Totals.Tasks != 15 || got.Shard != nil || !got.Started.Equal(start) {
		t.Errorf("manifest read back as %+v", got)
	}
	if got.Rows[TableRuns] != 60 || got.Rows[TableSummary] != int64(3*4*engine.NumOutcomes) || got.Rows[TableTrajectories] != 180 || got.Rows[TableStates] != 180 {
		t.Errorf("rows = %v", got.Rows)
	}
	raw, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"shard": null`, `"started": "2026-01-02T03:04:05Z"`, `"path": "runs/part-00000.parquet"`, `"path": "arrow/summary.arrow"`} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("manifest lacks %s", want)
		}
	}
	if err := VerifyFiles(dir, got); err != nil {
		t.Fatal(err)
	}
	// One changed byte is caught, by file name.
	path := filepath.Join(dir, "summary.csv")
	data, _ := os.ReadFile(path)
	data[len(data)-2] ^= 1
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := VerifyFiles(dir, got); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("VerifyFiles after a change = %v", err)
	}
}

// TestMergeShards writes the plan as two shards whose boundary splits a
// part, merges them with CopyParts and Finalize, and checks the result
// equals the unsharded run.
func TestMergeShards(t *testing.T) {
	whole := t.TempDir()
	writeDataset(t, testLayout(whole), 4)

	var shards []string
	for s, r := range [][2]int{{0, 7}, {7, 15}} { // shard 1 starts inside part 1
		l := testLayout(t.TempDir())
		d, err := New(l)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range partsOf(r[0], r[1], 4) {
			if err := writePart(d, p); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.WriteManifest(context.Background(), &Manifest{Kind: KindShard, Shard: &Shard{Index: s, Count: 2, TaskLo: r[0], TaskHi: r[1]}}); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, l.Dir)
	}
	merged := t.TempDir()
	d, err := New(testLayout(merged))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range shards {
		m, err := ReadManifest(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := VerifyFiles(s, m); err != nil {
			t.Fatal(err)
		}
		if err := d.CopyParts(context.Background(), s, m); err != nil {
			t.Fatal(err)
		}
	}
	parts, err := d.FinalParts()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"part-00000", "part-00001", "part-00001_3", "part-00002", "part-00003"}; !slices.Equal(parts, want) {
		t.Fatalf("merged parts %v, want %v", parts, want)
	}
	if err := d.Finalize(context.Background()); err != nil {
		t.Fatal(err)
	}
	fw, fm := dirFiles(t, whole), dirFiles(t, merged)
	for _, name := range []string{"summary.parquet", "contrasts.parquet", "summary.csv", "contrasts.csv", "points.parquet", "codebook.csv", "arrow/summary.arrow", "arrow/contrasts.arrow"} {
		if !bytes.Equal(fw[name], fm[name]) {
			t.Errorf("%s differs between the merged and the unsharded run", name)
		}
	}
	m, err := ReadManifest(shards[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := d.CopyParts(context.Background(), shards[0], m); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("copying a shard twice = %v", err)
	}
}

func TestPartNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"part-00000", true}, {"part-00001_3", true}, {"part-123456", true}, {"part-00001_0003", true},
		{"part-0001", false}, {"part-00001_", false}, {"part-00001_0", false}, {"part-00001_-3", false},
		{"part-+0001", false}, {"part-00001.bak", false}, {"parts-00001", false}, {"part-000001", false},
	} {
		if _, ok := parsePartName(tc.name); ok != tc.ok {
			t.Errorf("parsePartName(%q) ok = %v, want %v", tc.name, ok, tc.ok)
		}
	}
	dir := t.TempDir()
	names := []string{"part-100000", "part-99999_5", "part-99999", "part-00002", "part-00001_10", "part-00001_9", "junk", ".part-00000.parquet.tmp"}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n+".parquet"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := listParts(dir, ".parquet")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"part-00001_9", "part-00001_10", "part-00002", "part-99999", "part-99999_5", "part-100000"}
	if !slices.Equal(got, want) {
		t.Errorf("listParts = %v, want %v (task order)", got, want)
	}
}
