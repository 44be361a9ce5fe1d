package output

import (
	"bytes"
	"context"
	"os"
	"syscall"
	"testing"
)

// roomDisk is a file system of a fixed capacity, as a real disk is: a file
// written takes room, and a file removed, truncated or renamed over gives
// its room back. fullDisk (write_test.go) only counts down a budget, so it
// cannot tell a writer that frees room first from one that does not.
type roomDisk struct {
	OSFileSystem
	free int64
}

// sizeOf is the size of the file name, 0 when there is none.
func sizeOf(name string) int64 {
	if fi, err := os.Stat(name); err == nil && fi.Mode().IsRegular() {
		return fi.Size()
	}
	return 0
}

func (r *roomDisk) Create(name string) (File, error) {
	old := sizeOf(name) // os.Create truncates it
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	r.free += old
	return &roomFile{File: f, disk: r}, nil
}

func (r *roomDisk) Rename(oldpath, newpath string) error {
	old := sizeOf(newpath) // replaced
	if err := r.OSFileSystem.Rename(oldpath, newpath); err != nil {
		return err
	}
	r.free += old
	return nil
}

func (r *roomDisk) Remove(name string) error {
	old := sizeOf(name)
	if err := r.OSFileSystem.Remove(name); err != nil {
		return err
	}
	r.free += old
	return nil
}

type roomFile struct {
	*os.File
	disk *roomDisk
}

func (f *roomFile) Write(p []byte) (int, error) {
	if int64(len(p)) > f.disk.free {
		n, _ := f.File.Write(p[:f.disk.free])
		f.disk.free -= int64(n)
		return n, syscall.ENOSPC
	}
	f.disk.free -= int64(len(p))
	return f.File.Write(p)
}

// TestFinalizeAgainFitsWhereTheRunDid finalises a directory again, as
// --resume does after a run stopped between its tables and its manifest
// (a full disk at its figures, a signal), on a disk with no more room than
// the stopped run left after its tables: the new tables must fit where the
// old ones were, and come out byte for byte the same. A hostile review,
// stop 56: each new table was written beside the old one before replacing
// it, so on the disk the run had filled (a real tmpfs, every other byte
// freed) --resume failed with "no space left on device" at
// contrasts_by_formation.csv every time.
func TestFinalizeAgainFitsWhereTheRunDid(t *testing.T) {
	dir := t.TempDir()
	writeDataset(t, testLayout(dir), 4)
	before := dirFiles(t, dir)
	var whole int64
	for _, table := range []string{TableSummary, TableContrasts} {
		for _, name := range []string{table + ".parquet", table + ".csv", "arrow/" + table + ".arrow"} {
			if len(before[name]) == 0 {
				t.Fatalf("%s was not written: the test needs the tables of a finished finalisation", name)
			}
			whole += int64(len(before[name]))
		}
	}
	// Not a byte of room beyond what the directory holds: the finalisation
	// writes the same bytes again, so this is all it needs once the old
	// tables make way for the new ones.
	l := testLayout(dir)
	disk := &roomDisk{}
	l.FS = disk
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Finalize(context.Background()); err != nil {
		t.Fatalf("finalising again in the room the first finalisation used: %v", err)
	}
	after := dirFiles(t, dir)
	for name, data := range before {
		if !bytes.Equal(after[name], data) {
			t.Errorf("%s differs after the second finalisation (%d bytes, was %d)", name, len(after[name]), len(data))
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s is new after the second finalisation (a temporary file left?)", name)
		}
	}
	if disk.free != 0 {
		t.Errorf("%d bytes of room left over, want 0: the tables (%d bytes of summary and contrasts alone) should take back exactly what they gave", disk.free, whole)
	}
}
