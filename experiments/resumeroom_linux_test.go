package experiments

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// TestResumeFiguresFitWhereTheRunDid stops a run after its figures, before
// its manifest (as a full disk or a signal there does), fills its disk to
// within a little of full, and resumes it: the resume redraws every figure
// and the report, and must fit where the old ones were, ending with the
// same bytes as a run never stopped. A hostile review, stop 56: each new
// figure was written beside the old one before it replaced it, so on a
// real tmpfs the run had filled, --resume failed with "no space left on
// device" at plots/mechanisms.png every time, however much else was
// freed. A disk of a known size needs a tmpfs mount: the test runs as root
// (CI does) and skips where mounting is not allowed.
func TestResumeFiguresFitWhereTheRunDid(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs")
	}
	plan := pcfg{Reps: 4, Plots: true}.plan(t)
	ref := filepath.Join(t.TempDir(), "ref")
	mustRun(t, plan, ref, RunOptions{})

	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("mount tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount: %v: %s", err, out)
		}
	})
	dir := filepath.Join(mnt, "out")
	ctx, cancel := context.WithCancel(context.Background())
	afterFinalize = func(string) { cancel() }
	_, err := Run(ctx, plan, RunOptions{Dir: dir, Workers: 2})
	afterFinalize = nil
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("the run stopped after its figures: got %v, want context.Canceled", err)
	}
	var largest int64
	figs, err := os.ReadDir(filepath.Join(dir, "plots"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range figs {
		if fi, err := e.Info(); err == nil {
			largest = max(largest, fi.Size())
		}
	}
	// Room for the manifest and the lock, but a good deal less than the
	// largest figure, which the resume draws again.
	const slack = 32 << 10
	if largest < 2*slack {
		t.Fatalf("the largest figure has %d bytes: the test needs one over %d", largest, 2*slack)
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(mnt, &st); err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(mnt, "filler")
	if err := os.WriteFile(filler, make([]byte, int64(st.Bavail)*st.Bsize-slack), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, plan, dir, RunOptions{Resume: true, AllowLarge: true}); err != nil {
		t.Fatalf("--resume with %d bytes free, in a directory whose largest figure has %d: %v", slack, largest, err)
	}
	want, got := dirFileBytes(t, ref), dirFileBytes(t, dir)
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs from the run never stopped", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is there, and not in the run never stopped", name)
		}
	}
}

// dirFileBytes reads every file under dir but the manifest and the lock
// (their times and process differ between runs), by relative path.
func dirFileBytes(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "manifest.json" || rel == ".lock" {
			return nil
		}
		files[rel], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
