package output

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteManifestDirectoryGone (a failure-injection review): a results
// directory moved or removed after its parts were final, and made again,
// empty, by a later write, took its journal along; WriteManifest, which
// checked the parts against the journal alone, sealed the empty directory
// with a manifest of no rows. It now refuses, from the Dataset's own
// record of the parts it made final and, for a Dataset that made none,
// from the parts' cover of the tasks the manifest records.
func TestWriteManifestDirectoryGone(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		partTasks int  // Layout.PartTasks: 0 skips the cover check
		fresh     bool // WriteManifest by a Dataset that wrote no part
		move      bool // moved (else removed)
		want      string
	}{
		{"removed, own record", 0, false, false, "went missing since it was written"},
		{"moved, own record", 0, false, true, "went missing since it was written"},
		{"removed, cover", 4, true, false, "its parts do not cover its tasks"},
		{"moved, cover", 4, true, true, "its parts do not cover its tasks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "out")
			if err := os.Mkdir(dir, 0o755); err != nil { // as opening a results directory does
				t.Fatal(err)
			}
			l := testLayout(dir)
			l.PartTasks = tc.partTasks
			d := writeDataset(t, l, 4)
			if tc.move {
				if err := os.Rename(dir, dir+".moved"); err != nil {
					t.Fatal(err)
				}
			} else if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(dir, "plots"), 0o755); err != nil {
				t.Fatal(err)
			}
			if tc.fresh {
				var err error
				if d, err = New(l); err != nil {
					t.Fatal(err)
				}
			}
			err := d.WriteManifest(context.Background(), &Manifest{Kind: KindRun})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("WriteManifest = %v, want an error saying %q", err, tc.want)
			}
			if _, err := os.Lstat(filepath.Join(dir, ManifestName)); err == nil {
				t.Fatal("a manifest was written")
			}
		})
	}
	// A shard's cover is its own range, not the plan's.
	t.Run("shard", func(t *testing.T) {
		t.Parallel()
		l := testLayout(t.TempDir())
		l.PartTasks = 4
		d, err := New(l)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range partsOf(5, 11, 4) {
			if err := writePart(d, p); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.WriteManifest(context.Background(), &Manifest{Kind: KindShard, Shard: &Shard{Index: 1, Count: 3, TaskLo: 5, TaskHi: 11}}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestLockCheckHeld: the lock a writer holds tells it when its directory
// was moved or removed, even once the path was made again with a lock
// file of its own; a failure of the environment, not a usage error.
func TestLockCheckHeld(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dir := filepath.Join(base, "out")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	l, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	if err := l.CheckHeld(dir, "the run", ""); err != nil {
		t.Fatalf("CheckHeld in place = %v", err)
	}
	wantMoved := func(what string) {
		t.Helper()
		err := l.CheckHeld(dir, "the run", "")
		var me *MovedError
		if !errors.As(err, &me) || errors.Is(err, ErrUsage) {
			t.Fatalf("%s: CheckHeld = %v, want a *MovedError", what, err)
		}
		if !strings.Contains(err.Error(), dir+" was moved or removed while the run was writing it") {
			t.Errorf("%s: %v", what, err)
		}
	}
	moved := filepath.Join(base, "moved")
	if err := os.Rename(dir, moved); err != nil {
		t.Fatal(err)
	}
	wantMoved("moved")
	if err := l.CheckHeld(moved, "the run", ""); err != nil {
		t.Errorf("CheckHeld where it was moved = %v", err)
	}
	// The path made again, with a lock file of its own.
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	wantMoved("made again")
	if err := os.WriteFile(filepath.Join(dir, LockName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	wantMoved("made again with a lock file")
	if err := os.RemoveAll(moved); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	wantMoved("removed")
	var nilLock *Lock
	if err := nilLock.CheckHeld(dir, "the run", ""); err != nil {
		t.Errorf("a nil Lock: %v", err)
	}
}

// TestWritersDoNotMakeDirAgain: a part written after its results directory
// was removed fails and leaves the directory removed. The writers made
// their folders with MkdirAll, which made the results directory again with
// the part in it (no manifest, since WriteManifest checks its parts, but a
// directory the user removed came back).
func TestWritersDoNotMakeDirAgain(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	l := testLayout(dir)
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	parts := partsOf(0, d.Tasks(), 4)
	if err := writePart(d, parts[0]); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := writePart(d, parts[1]); err == nil {
		t.Error("a part was written into a removed results directory")
	}
	if _, err := os.Lstat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the removed results directory is back: %v", err)
	}
	// A folder below it is made as before, and a file where a folder
	// belongs is named.
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "runs"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writePart(d, parts[1]); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("a part under a file named runs: %v, want \"not a directory\"", err)
	}
	if err := (OSFileSystem{}).MkdirBelow(dir, filepath.Join(dir, "a", "b")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "a", "b")); err != nil || !fi.IsDir() {
		t.Errorf("MkdirBelow made no folder a/b: %v", err)
	}
	if err := (OSFileSystem{}).MkdirBelow(dir, filepath.Dir(dir)); err == nil {
		t.Error("MkdirBelow made a folder above its root")
	}
}
