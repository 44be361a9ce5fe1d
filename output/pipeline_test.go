package output

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// TestWriteFileAtomic (issue 10, point 5): the one atomic-write helper
// leaves the old or the new file, never a part of either, and no temporary
// file; temporary names are random, so two writers never share one.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.txt")
	for _, data := range []string{"first", "second, longer"} {
		if err := WriteFileAtomic(path, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != data {
			t.Errorf("got %q, want %q", got, data)
		}
	}
	a, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.tmp == b.tmp || !IsTempName(filepath.Base(a.tmp)) || !strings.HasPrefix(filepath.Base(a.tmp), ".f.txt.") {
		t.Errorf("temporary names %s and %s", a.tmp, b.tmp)
	}
	if _, err := a.Write([]byte("third")); err != nil {
		t.Fatal(err)
	}
	b.Abort()
	if got, _ := os.ReadFile(path); string(got) != "second, longer" {
		t.Errorf("before Commit the file is %q", got)
	}
	sum := sha256.Sum256([]byte("third"))
	if s := a.Sum(); s.Bytes != 5 || s.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("Sum %+v", s)
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "third" {
		t.Errorf("after Commit the file is %q", got)
	}
	es, _ := os.ReadDir(dir)
	if len(es) != 1 {
		t.Errorf("files left: %v", es)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "f"), nil); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("writing into a missing folder: %v", err)
	}
}

// TestPointsArrow (issue 10, point 12): points has an Arrow file like the
// other tables when the layout chooses Arrow, and none otherwise.
func TestPointsArrow(t *testing.T) {
	l := testLayout(t.TempDir())
	d := writeDataset(t, l, 4)
	f, err := os.Open(filepath.Join(l.Dir, "arrow", "points.arrow"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := sameSchema(r.Schema(), d.Schema(TablePoints)); err != nil {
		t.Error(err)
	}
	rows := int64(0)
	for i := range r.NumRecords() {
		rec, err := r.RecordBatch(i)
		if err != nil {
			t.Fatal(err)
		}
		rows += rec.NumRows()
	}
	if rows != 3 {
		t.Errorf("%d rows, want 3", rows)
	}
	l2 := testLayout(t.TempDir())
	l2.Arrow = false
	writeDataset(t, l2, 4)
	if _, err := os.Stat(filepath.Join(l2.Dir, "arrow")); err == nil {
		t.Error("an arrow folder without Arrow")
	}
}

// TestWholeTablesInBatches (issue 9, point 7): the whole tables are written
// as they are computed, in batches of a fixed row count; the CSV bytes and
// the values do not depend on the batch size.
func TestWholeTablesInBatches(t *testing.T) {
	ref, small := t.TempDir(), t.TempDir()
	writeDataset(t, testLayout(ref), 4)
	d, err := New(testLayout(small))
	if err != nil {
		t.Fatal(err)
	}
	d.wholeRows = 7
	writeParts(t, d, 4)
	if err := d.Finalize(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"summary.csv", "contrasts.csv", "codebook.csv"} {
		a, _ := os.ReadFile(filepath.Join(ref, name))
		b, _ := os.ReadFile(filepath.Join(small, name))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s depends on the batch size", name)
		}
	}
	for _, table := range []string{TableSummary, TableContrasts, TablePoints} {
		a := readParquet(t, filepath.Join(ref, table+".parquet"))
		b := readParquet(t, filepath.Join(small, table+".parquet"))
		if a.NumRows() != b.NumRows() || a.NumRows() == 0 {
			t.Errorf("%s: %d and %d rows", table, a.NumRows(), b.NumRows())
		}
		a.Release()
		b.Release()
		checkIPC(t, filepath.Join(small, "arrow", table+".arrow"), d.Schema(table))
	}
}

// TestCheckPart (issue 9, point 4): a kept part must match its journal
// line byte for byte and open as Parquet and Arrow with the right schema
// and rows; each kind of damage is named.
func TestCheckPart(t *testing.T) {
	ctx := context.Background()
	fresh := func(t *testing.T) (*Dataset, Journal) {
		d, err := New(testLayout(t.TempDir()))
		if err != nil {
			t.Fatal(err)
		}
		writeParts(t, d, 4)
		j, err := d.ReadJournal()
		if err != nil {
			t.Fatal(err)
		}
		if err := d.CheckPart(ctx, pn(1), 4, 8, j); err != nil {
			t.Fatalf("an intact part fails: %v", err)
		}
		return d, j
	}
	wantPartError := func(t *testing.T, err error, path, reason string, rng bool) {
		t.Helper()
		var pe *PartError
		if !errors.As(err, &pe) || pe.Path != path || !strings.Contains(pe.Reason, reason) || pe.Range != rng {
			t.Errorf("got %v, want a part error on %s: %s (range %v)", err, path, reason, rng)
		}
	}
	t.Run("flipped byte", func(t *testing.T) {
		d, j := fresh(t)
		p := d.ParquetPath(TableRuns, pn(1))
		b, _ := os.ReadFile(p)
		b[len(b)/2] ^= 1
		os.WriteFile(p, b, 0o644)
		wantPartError(t, d.CheckPart(ctx, pn(1), 4, 8, j), p, "damaged", false)
	})
	t.Run("truncated Arrow", func(t *testing.T) {
		d, j := fresh(t)
		p := d.ArrowPath(TableStates, pn(1))
		fi, _ := os.Stat(p)
		os.Truncate(p, fi.Size()/2)
		wantPartError(t, d.CheckPart(ctx, pn(1), 4, 8, j), p, "damaged", false)
		// A file without a journal line is not trusted.
		delete(j, "arrow/states/"+pn(1)+".arrow")
		wantPartError(t, d.CheckPart(ctx, pn(1), 4, 8, j), p, "no checksum", false)
	})
	t.Run("missing file", func(t *testing.T) {
		d, j := fresh(t)
		p := d.ArrowPath(TableRuns, pn(1))
		os.Remove(p)
		wantPartError(t, d.CheckPart(ctx, pn(1), 4, 8, j), p, "missing", false)
	})
	t.Run("other range", func(t *testing.T) {
		d, j := fresh(t)
		wantPartError(t, d.CheckPart(ctx, pn(1), 4, 9, j), d.ParquetPath(TableRuns, pn(1)), "rows", true)
	})
	t.Run("another engine", func(t *testing.T) {
		// Parts written intact by another engine version: not damaged
		// (a resume must refuse, not recompute, them), and named so.
		d, j := fresh(t)
		l := d.Layout()
		l.Provenance.EngineVersion = "other-engine"
		other, err := New(l)
		if err != nil {
			t.Fatal(err)
		}
		err = other.CheckPart(ctx, pn(1), 4, 8, j)
		var pe *PartError
		if !errors.As(err, &pe) || pe.Engine != "test-engine" || pe.Range {
			t.Errorf("got %v (%+v), want a part error naming engine test-engine", err, pe)
		}
		if err := d.CheckPart(ctx, pn(1), 4, 8, j); err != nil {
			t.Errorf("its own engine: %v", err)
		}
	})
	t.Run("journal is superseded by the manifest", func(t *testing.T) {
		d, _ := fresh(t)
		if err := d.Finalize(ctx); err != nil {
			t.Fatal(err)
		}
		if err := d.WriteManifest(ctx, &Manifest{Kind: KindRun}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(d.Layout().Dir, JournalName)); err == nil {
			t.Error("the journal survived the manifest")
		}
	})
}

// TestLockDir (issue 9, point 3): the lock is exclusive, refused at once
// with the holder's pid, and free again once released; a reader's shared
// lock is refused while a writer holds it.
func TestLockDir(t *testing.T) {
	dir := t.TempDir()
	l, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockDir(dir)
	var be *BusyError
	if !errors.As(err, &be) || be.PID != os.Getpid() || !errors.Is(err, ErrUsage) {
		t.Fatalf("second lock: %v", err)
	}
	if _, err := LockDirShared(dir); !errors.As(err, &be) {
		t.Fatalf("shared lock under a writer: %v", err)
	}
	l.Unlock()
	l.Unlock() // harmless
	r1, err := LockDirShared(dir)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := LockDirShared(dir)
	if err != nil {
		t.Fatalf("two readers: %v", err)
	}
	if _, err := LockDir(dir); !errors.As(err, &be) {
		t.Fatalf("a writer under readers: %v", err)
	}
	r1.Unlock()
	r2.Unlock()
	l, err = LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	l.Unlock()
	if _, err := LockDirShared(t.TempDir()); err != nil {
		t.Errorf("a directory without a lock file: %v", err)
	}
}

// TestReadFileLimited (issue 9, point 6).
func TestReadFileLimited(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	os.WriteFile(p, []byte("12345"), 0o644)
	if b, err := ReadFileLimited(p, 5); err != nil || string(b) != "12345" {
		t.Errorf("at the limit: %q, %v", b, err)
	}
	if _, err := ReadFileLimited(p, 4); err == nil || !strings.Contains(err.Error(), "4 B") {
		t.Errorf("over the limit: %v", err)
	}
	for _, bad := range []string{"/dev/null", dir} {
		if _, err := ReadFileLimited(bad, 1<<20); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// TestIsResultsFile: the names --force may delete.
func TestIsResultsFile(t *testing.T) {
	for _, ok := range []string{"manifest.json", "config.yaml", "summary.parquet", "summary.csv", "points.parquet", "codebook.csv",
		"report.html", ".lock", JournalName, "runs/part-00001.parquet", "runs/part-00001_25.parquet", "arrow/runs/part-00001.arrow",
		"arrow/points.arrow", "plots/sweep.png", "plots/.sweep.png.0123456789ab.tmp", ".summary.parquet.1234567.tmp", ".summary.parquet.tmp", "sensitivity.parquet", "calibration/trace.csv"} {
		if !IsResultsFile(ok) {
			t.Errorf("%s is pactsim's", ok)
		}
	}
	for _, bad := range []string{"notes.txt", "thesis.tex", "runs/mine.parquet", "runs/part-1.parquet", "points.csv", "arrow/x.arrow",
		"plots/photo.jpg", "sub/config.yaml", "data.csv", ".git",
		".summary.csv.bad.tmp", ".config.yaml.cafe.tmp", "plots/.my-figure.png.abc.tmp"} {
		if IsResultsFile(bad) {
			t.Errorf("%s is not pactsim's", bad)
		}
	}
}

// TestBuildVersions (issue 9, point 11): without a build stamp (go test
// builds without one here) the VCS fields come from the module's git
// checkout, and say so.
func TestBuildVersions(t *testing.T) {
	_, vcs := BuildVersions()
	switch vcs.Source {
	case VCSBuildInfo:
		t.Skip("this test binary carries a VCS stamp")
	case VCSNone:
		if vcs.Revision != nil || vcs.Modified != nil {
			t.Errorf("source none with fields %+v", vcs)
		}
		if _, err := exec.LookPath("git"); err == nil && sourceCheckout() != "" {
			if exec.Command("git", "-C", sourceCheckout(), "rev-parse", "HEAD").Run() == nil {
				t.Error("source none, but the checkout is a git repository")
			}
		}
		return
	case VCSGit:
	default:
		t.Fatalf("source %q", vcs.Source)
	}
	out, err := exec.Command("git", "-C", sourceCheckout(), "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	if vcs.Revision == nil || *vcs.Revision != strings.TrimSpace(string(out)) || vcs.Time == nil || vcs.Modified == nil {
		t.Errorf("git fields %+v, want revision %s", vcs, out)
	}
}

// cancelOnSecondErr is a context that is cancelled by the second call of
// its Err: a signal that arrives once CheckPart has checked ctx and begun
// a file's checksum.
type cancelOnSecondErr struct {
	context.Context
	cancel context.CancelFunc
	calls  int
}

func (c *cancelOnSecondErr) Err() error {
	if c.calls++; c.calls == 2 {
		c.cancel()
	}
	return c.Context.Err()
}

// TestCheckPartStopsWithinChecksum: a cancel (a signal) that arrives while
// CheckPart hashes a part's file stops it there, with ctx's error, not a
// part error. The hash ignored ctx, and a resumed run's part of many GiB
// was hashed to its end, minutes after a SIGINT, then called damaged (a
// review, stop 50). The part's Parquet file here is 64 MiB of zeros, eight
// of the hash's steps.
func TestCheckPartStopsWithinChecksum(t *testing.T) {
	d, err := New(testLayout(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	writeParts(t, d, 4)
	j, err := d.ReadJournal()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(d.ParquetPath(TableRuns, pn(1)), 64<<20); err != nil {
		t.Fatal(err)
	}
	parent, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx := &cancelOnSecondErr{Context: parent, cancel: cancel}
	err = d.CheckPart(ctx, pn(1), 4, 8, j)
	var pe *PartError
	if !errors.Is(err, context.Canceled) || errors.As(err, &pe) {
		t.Errorf("CheckPart cancelled during the checksum: %v, want context.Canceled", err)
	}
}
