package experiments

import (
	"context"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"pactsim/output"
)

// figuresRun is a complete run of saCfg (an analysis section) with its
// figures drawn, and the path of one of them.
func figuresRun(t *testing.T) (dir, figure string) {
	t.Helper()
	_, dir = saRun(t)
	if _, err := Plot(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	pngs, err := filepath.Glob(filepath.Join(dir, "plots", "*.png"))
	if err != nil || len(pngs) < 2 {
		t.Fatalf("figures drawn: %v, %v", pngs, err)
	}
	return dir, pngs[0]
}

// withoutLock is treeBytes without the lock file, which taking the lock
// rewrites.
func withoutLock(t *testing.T, dir string) map[string]string {
	m := treeBytes(t, dir)
	delete(m, filepath.Join(dir, output.LockName))
	return m
}

// TestRewriteUndeletableFigure: analyze and plot of a directory holding a
// figure the system will not let them remove (an immutable file, played
// here by the test's hooks) are refused, a usage error naming the file,
// before anything is removed: plot deleted the other figures and the
// report, then failed (exit 1) at that one (a review). Not parallel: it
// swaps writeAccess and removeAll.
func TestRewriteUndeletableFigure(t *testing.T) {
	ctx := context.Background()
	for _, rw := range rewriters(ctx) {
		t.Run(rw.name, func(t *testing.T) {
			dir, figure := figuresRun(t)
			before := withoutLock(t, dir)
			writeAccess = func(p string) error {
				if p == figure {
					return syscall.EPERM
				}
				return syscall.Access(p, 2)
			}
			// What the system does to a folder holding an immutable file:
			// it removes the rest, and fails at that one.
			removeAll = func(p string) error {
				if err := filepath.WalkDir(p, func(q string, e fs.DirEntry, err error) error {
					if err == nil && !e.IsDir() && q != figure {
						err = os.Remove(q)
					}
					return err
				}); err != nil {
					return err
				}
				return &fs.PathError{Op: "unlinkat", Path: figure, Err: syscall.EPERM}
			}
			t.Cleanup(func() { writeAccess, removeAll = defaultWriteAccess, os.RemoveAll })
			wantUsage(t, rw.do(dir), "cannot remove or replace "+figure, "nothing was changed")
			if after := withoutLock(t, dir); !maps.Equal(after, before) {
				t.Errorf("a refused %s changed %s: %d entries before, %d after", rw.name, dir, len(before), len(after))
			}
		})
	}
}

// TestRewriteReadOnlyIsUsage: analyze and plot of a results directory they
// may not write are refused with a usage error (exit 2), as run's for one
// is: they exited 1 (a review). The read-only directory is played by the
// test's hook. Not parallel: it swaps writeAccess.
func TestRewriteReadOnlyIsUsage(t *testing.T) {
	ctx := context.Background()
	_, dir := saRun(t)
	for _, rw := range rewriters(ctx) {
		t.Run(rw.name, func(t *testing.T) {
			writeAccess = func(p string) error {
				if p == dir {
					return syscall.EROFS
				}
				return syscall.Access(p, 2)
			}
			t.Cleanup(func() { writeAccess = defaultWriteAccess })
			wantUsage(t, rw.do(dir), "cannot write "+dir, "read-only file system", "nothing was changed")
			if exists(filepath.Join(dir, output.PendingName)) {
				t.Errorf("a refused %s left %s", rw.name, output.PendingName)
			}
		})
	}
}

// TestPlotRemoveFailsOnce: a plot that cannot remove the old figures says
// so once: it tried again to leave the directory without figures, failed
// alike, and printed both errors, the same line twice (a review). Not
// parallel: it swaps removeAll.
func TestPlotRemoveFailsOnce(t *testing.T) {
	dir, figure := figuresRun(t)
	removeAll = func(string) error { return &fs.PathError{Op: "unlinkat", Path: figure, Err: syscall.EIO} }
	t.Cleanup(func() { removeAll = os.RemoveAll })
	_, err := Plot(context.Background(), dir)
	if err == nil {
		t.Fatal("plot succeeded with figures it could not remove")
	}
	if n := strings.Count(err.Error(), "unlinkat "+figure); n != 1 {
		t.Errorf("the failure is told %d times, want once:\n%v", n, err)
	}
}

// TestResumeUnwritable: run --resume of an unfinished directory that it
// cannot write, or whose runs/ it cannot write, is the usage error that
// run gives for a directory it cannot write (exit 2), before anything is
// done: it failed (exit 1) at the journal or the first part (a review).
// Root is refused by an immutable folder (chattr +i; the test skips where
// that is not supported), others by a folder's mode.
func TestResumeUnwritable(t *testing.T) {
	for _, sub := range []string{"", output.TableRuns} {
		t.Run("folder "+sub, func(t *testing.T) {
			plan, dir := runStopped(t, pcfg{Reps: 4, PartTasks: 2}, 1, RunOptions{})
			folder := filepath.Join(dir, sub)
			unwritableFolder(t, folder)
			before := withoutLock(t, dir)
			_, err := run(t, plan, dir, RunOptions{Resume: true})
			wantUsage(t, err, "cannot write results directory "+dir, folder, "choose a directory you can write")
			if after := withoutLock(t, dir); !maps.Equal(after, before) {
				t.Errorf("a refused --resume changed %s", dir)
			}
		})
	}
}

// unwritableFolder makes folder unwritable until the test ends: immutable for root,
// read-only by its mode for others.
func unwritableFolder(t *testing.T, folder string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(folder, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(folder, 0o755) })
		return
	}
	if out, err := exec.Command("chattr", "+i", folder).CombinedOutput(); err != nil {
		t.Skipf("chattr +i: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("chattr", "-i", folder).CombinedOutput(); err != nil {
			t.Errorf("chattr -i: %v: %s", err, out)
		}
	})
}

// TestProbeNamesAreTemporary: a probe file that a kill left behind bears
// the name of one of pactsim's temporary files in its folder, so that the
// next --resume removes it (removeTempFiles) and verify does not call it a
// stranger.
func TestProbeNamesAreTemporary(t *testing.T) {
	for _, p := range probeFolders {
		rel := "." + p.name + ".1234567890.tmp"
		if p.folder != "" {
			rel = p.folder + "/" + rel
		}
		if !output.IsOwnTemp(rel) {
			t.Errorf("%s is not one of pactsim's temporary files", rel)
		}
	}
}

// TestCheckOutPathCreatable: validate's check of -o (CheckOutPath)
// refuses what run refuses whatever its flags: a folder that cannot be
// made (under /proc, or under storage this user may not write, played by
// the writeAccess hook), an empty folder that cannot be written, a ".."
// after a folder that does not exist, each a usage error in run's words;
// it said nothing and validate exited 0 (a review). A folder that can be
// made, on the disk or on a tmpfs, is accepted. Not parallel: it swaps
// writeAccess.
func TestCheckOutPathCreatable(t *testing.T) {
	base := t.TempDir()
	empty := filepath.Join(base, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	fine := []string{filepath.Join(base, "new", "out"), empty}
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		fine = append(fine, filepath.Join("/dev/shm", "pactsim-no-such-dir", "out"))
	}
	for _, dir := range fine {
		if err := CheckOutPath(dir); err != nil {
			t.Errorf("CheckOutPath(%s): %v", dir, err)
		}
	}
	if fi, err := os.Stat("/proc/self"); err == nil && fi.IsDir() {
		wantUsage(t, CheckOutPath("/proc/pactsim-no-such-dir/out"), "cannot create results directory /proc/pactsim-no-such-dir/out", "proc file system", "choose a directory you can write (-o)")
	}
	wantUsage(t, CheckOutPath(base+"/nope/../out"), "nope is not an existing folder")

	defer func() { writeAccess = defaultWriteAccess }()
	writeAccess = func(p string) error {
		if p == base || p == empty {
			return syscall.EROFS
		}
		return defaultWriteAccess(p)
	}
	wantUsage(t, CheckOutPath(filepath.Join(base, "new", "out")), "cannot create results directory", "access "+base+": read-only file system", "choose a directory you can write (-o)")
	wantUsage(t, CheckOutPath(empty), "cannot write results directory "+empty, "read-only file system", "choose a directory you can write (-o)")
	writeAccess = func(p string) error { return fs.ErrPermission }
	wantUsage(t, CheckOutPath(filepath.Join(base, "other")), "cannot create results directory", "permission denied")
}
