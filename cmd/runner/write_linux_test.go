package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestDiskFull: a run whose estimated output does not fit is refused (exit
// 2); forced past that, a full disk in the middle of a run (a small tmpfs)
// exits 1 with the error, leaves no manifest and no temporary files, and once there
// is room --resume finishes into the uninterrupted run's bytes. It needs
// the right to mount (root in CI); elsewhere it is skipped.
func TestDiskFull(t *testing.T) {
	t.Parallel()
	c := cfg{}
	ref := reference(t, c)
	base := t.TempDir()
	config := c.write(t, base)
	// config.yaml and two of the five parts fit (about 11 KB and 96 KB
	// each), not the rest.
	mnt := mountTmpfs(t, base, "256k")
	dir := filepath.Join(mnt, "out")
	// The estimate sees that the output does not fit, and refuses the run
	// before it starts (issue 9, point 5).
	r := runner(t, nil, "run", config, "-o", dir, "--workers", "2", "-q")
	wantExit(t, r, 2, mnt, "free", "--allow-large")
	// Past the estimate, the disk fills up during the run.
	r = runner(t, nil, "run", config, "-o", dir, "--workers", "2", "-q", "--allow-large")
	wantExit(t, r, 1, dir, "no space left on device", "the disk is full: finished parts are kept", "--resume")
	failedCleanly(t, dir)
	if n := len(finalParts(t, dir)); n >= 5 || n == 0 {
		t.Fatalf("%d final parts: the disk did not fill up during the parts", n)
	}
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT, "size=8m"); err != nil {
		t.Fatal(err)
	}
	mustRun(t, nil, "run", config, "-o", dir, "--resume", "-q")
	sameFiles(t, ref, dir)
}

// TestStdoutFull: a command whose output cannot be written (standard
// output on a full disk, here /dev/full) exits 1 naming the failure,
// rather than 0 with a truncated file: `runner describe > params.md` on a
// full disk left an empty table behind with exit 0.
func TestStdoutFull(t *testing.T) {
	t.Parallel()
	config := cfg{}.write(t, t.TempDir())
	for _, args := range [][]string{
		{"describe"},
		{"describe", "--format", "json"},
		{"version"},
		{"validate", config},
		{"validate", "--help"},
	} {
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Skipf("no /dev/full here: %v", err)
		}
		cmd := exec.Command(runnerBin, args...)
		cmd.Env = cleanEnv()
		var se bytes.Buffer
		cmd.Stdout, cmd.Stderr = full, &se
		cmd.Run()
		full.Close()
		if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(se.String(), "standard output") {
			t.Errorf("runner %v > /dev/full: exit %d, stderr %q; want exit 1 naming standard output", args, code, se.String())
		}
	}
}

// TestPlotDiskFull: `runner plot` of a complete run on a disk too full for
// the figures exits 1 saying that the figures were removed, that the
// directory verifies without them and that `runner plot` draws them; the
// directory then verifies, and once there is room plot draws them and it
// verifies again (a review, stop 27: the message said only "no space
// left", and the README claimed the mark stayed).
func TestPlotDiskFull(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{}.write(t, base)
	mnt := mountTmpfs(t, base, "4m")
	dir := filepath.Join(mnt, "out")
	mustRun(t, nil, "run", config, "-o", dir, "-q")
	// Fill the disk but for 24 KiB: the manifest's rewrite fits, the
	// figures do not.
	var st syscall.Statfs_t
	if err := syscall.Statfs(mnt, &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * int64(st.Bsize)
	if err := os.WriteFile(filepath.Join(mnt, "filler"), make([]byte, free-24<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runner(t, nil, "plot", dir)
	wantExit(t, r, 1, "no space left on device", "so they were removed", "verifies without figures", "runner plot "+dir)
	mustRun(t, nil, "verify", dir)
	if err := os.Remove(filepath.Join(mnt, "filler")); err != nil {
		t.Fatal(err)
	}
	mustRun(t, nil, "plot", dir)
	mustRun(t, nil, "verify", dir)
	if _, err := os.Stat(filepath.Join(dir, "report.html")); err != nil {
		t.Fatalf("no report after plot with room: %v", err)
	}
	// Full but for one block: the mark fits and the manifest does not, so
	// the mark stays, and the message says so and how to clear it (a
	// hostile review, stop 31: it said only "no space left on device").
	if err := syscall.Statfs(mnt, &st); err != nil {
		t.Fatal(err)
	}
	free = int64(st.Bavail) * int64(st.Bsize)
	if err := os.WriteFile(filepath.Join(mnt, "filler"), make([]byte, free-int64(st.Bsize)), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runner(t, nil, "plot", dir)
	if _, err := os.Lstat(filepath.Join(dir, ".pending")); err != nil {
		t.Fatalf("the set-up did not leave the mark (%v): %s", err, r.stderr)
	}
	wantExit(t, r, 1, "no space left on device", "make room and run `runner plot` again; until then verify and --resume refuse "+dir)
	if err := os.Remove(filepath.Join(mnt, "filler")); err != nil {
		t.Fatal(err)
	}
	mustRun(t, nil, "plot", dir)
	mustRun(t, nil, "verify", dir)
}

// TestMergeDiskFull: a merge into a disk too small for the parts it
// copies is refused before it writes anything (exit 2); one into a disk
// with room for the parts but not for the whole tables too exits 1,
// removes its output, and says that the shards are untouched and to run
// the merge again where there is room; the shards still verify. (Here the
// shards' files are about 540 KiB and the merged directory about 1.1 MiB.)
func TestMergeDiskFull(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{}.write(t, base)
	shards := runShards(t, config, base, 2)
	if err := os.Mkdir(filepath.Join(base, "small"), 0o755); err != nil {
		t.Fatal(err)
	}
	small := mountTmpfs(t, filepath.Join(base, "small"), "112k")
	r := runner(t, nil, append([]string{"merge", "-o", filepath.Join(small, "merged"), "-q"}, shards...)...)
	wantExit(t, r, 2, "the shards hold", "which the merge copies", "make room, or merge elsewhere")
	if exists(filepath.Join(small, "merged")) {
		t.Error("a merge refused for room created its output")
	}
	mnt := mountTmpfs(t, base, "700k")
	out := filepath.Join(mnt, "merged")
	r = runner(t, nil, append([]string{"merge", "-o", out, "-q"}, shards...)...)
	wantExit(t, r, 1, "no space left on device", "the disk is full: the shards are untouched and the merge's output was removed")
	if exists(out) {
		t.Errorf("a merge on a full disk left %s", out)
	}
	// A disk with room but no inodes left after the folder and its lock
	// (tmpfs's root, out, out/.lock): config.yaml cannot be created once
	// the lock is taken. The lock file was left in the folder the merge
	// made, and with it the folder (a code review, stop 37).
	if err := os.Mkdir(filepath.Join(base, "few"), 0o755); err != nil {
		t.Fatal(err)
	}
	few := mountTmpfs(t, filepath.Join(base, "few"), "50m,nr_inodes=3")
	out = filepath.Join(few, "merged")
	r = runner(t, nil, append([]string{"merge", "-o", out, "-q"}, shards...)...)
	wantExit(t, r, 1, "no space left on device", "the merge's output was removed")
	if exists(out) {
		t.Errorf("a merge that failed after its lock left %s", out)
	}
	for _, d := range shards {
		mustRun(t, nil, "verify", d, "--sample", "1")
	}
}

// mountTmpfs mounts a tmpfs of the given size at base/mnt for the test and
// returns its path; without the right to mount (root in CI) the test is
// skipped.
func mountTmpfs(t *testing.T, base, size string) string {
	t.Helper()
	mnt := filepath.Join(base, "mnt")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(mnt, syscall.MNT_DETACH); err != nil {
			t.Error(err)
		}
	})
	return mnt
}

// TestMergeForceKeepsOld: `merge --force` over a merged directory,
// stopped by SIGTERM while it finalises, exits 143 saying that the shards
// and the directory are untouched, and the directory holds the old merge
// byte for byte; over a mount point (a volume mounted at DIR) it replaces
// the merge inside it, the mount kept (review, stop 29: --force emptied
// the old merge first; a first design swapped DIR with a folder beside it,
// which a mount point refused).
func TestMergeForceKeepsOld(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{}.write(t, base)
	shards := runShards(t, config, base, 2)
	out := filepath.Join(base, "merged")
	mustRun(t, nil, append([]string{"merge", "-o", out, "-q"}, shards...)...)
	before := filepath.Join(base, "before")
	copyDir(t, out, before)
	r := runner(t, []string{"PACTSIM_TEST_SIGNAL_AT_FINALIZE=1:TERM"}, append([]string{"merge", "-o", out, "--force", "-q"}, shards...)...)
	wantExit(t, r, 143, "interrupted by SIGTERM", "the shards and "+out+" are untouched")
	sameFiles(t, before, out)

	mnt := mountTmpfs(t, base, "8m")
	mustRun(t, nil, append([]string{"merge", "-o", mnt, "-q"}, shards...)...)
	mustRun(t, nil, append([]string{"merge", "-o", mnt, "--force", "-q"}, shards...)...)
	mustRun(t, nil, "verify", mnt)
	var st, parent syscall.Stat_t
	if err := syscall.Stat(mnt, &st); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Stat(base, &parent); err != nil {
		t.Fatal(err)
	}
	if st.Dev == parent.Dev {
		t.Errorf("%s is no longer the mount point", mnt)
	}
	// A folder inside that is a mount point cannot move: refused before
	// the merge does any work (exit 2), nothing written.
	runs := filepath.Join(out, "runs")
	if err := syscall.Mount(runs, runs, "", syscall.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}
	defer syscall.Unmount(runs, syscall.MNT_DETACH)
	r = runner(t, nil, append([]string{"merge", "-o", out, "--force", "-q"}, shards...)...)
	wantExit(t, r, 2, runs+" is a mount point", "merge elsewhere")
	sameFiles(t, before, out)
}

// TestPlotReadOnlyFigures: `runner plot` of a complete run whose plots/ is
// read-only (here a read-only bind mount, which refuses root too) exits 2
// naming plots/ and saying that nothing was changed, leaves no .pending
// mark, and the directory still verifies (hostile review, stop 30: it
// failed after marking the directory, which verify and --resume then
// called part old, part new). `runner analyze` makes the same check
// (experiments' TestRewriteReadOnlyIsUsage). A directory the user cannot
// write is a usage error, as for run (a review: both exited 1).
func TestPlotReadOnlyFigures(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{Plots: true}.write(t, base)
	dir := filepath.Join(base, "out")
	mustRun(t, nil, "run", config, "-o", dir, "-q")
	plots := filepath.Join(dir, "plots")
	mountReadOnly(t, plots)
	r := runner(t, nil, "plot", dir)
	wantExit(t, r, 2, "cannot write "+plots, "nothing was changed")
	if exists(filepath.Join(dir, ".pending")) {
		t.Error("a refused plot left .pending")
	}
	mustRun(t, nil, "verify", dir)
}

// mountReadOnly bind-mounts path read-only over itself until the test
// ends; it skips the test where mounting is not allowed (not root).
func mountReadOnly(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mount(path, path, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount here: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(path, syscall.MNT_DETACH); err != nil {
			t.Error(err)
		}
	})
	if err := syscall.Mount("", path, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Fatal(err)
	}
}

// TestRewriteReadOnlyMount: `runner plot` and `runner analyze` of a
// complete results directory on a read-only file system exit 2 with the
// message run gives for a directory it cannot write, as they do for a
// folder they cannot write: they exited 1 with the lock file's "open
// DIR/.lock: read-only file system", since the lock, taken first, failed
// before their check of what they rewrite (a review). `run --resume`
// still verifies such a directory (a reader's lock), and refuses an
// unfinished one with exit 2. Skipped where mounting is not allowed.
func TestRewriteReadOnlyMount(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{Plots: true}.write(t, base)
	dir := filepath.Join(base, "out")
	mustRun(t, nil, "run", config, "-o", dir, "-q")
	before := filepath.Join(base, "before")
	copyDir(t, dir, before)
	// analyze needs an analysis section (without one it is refused before
	// anything else, stop 43), so it rewrites a run of its own.
	analysed := filepath.Join(base, "analysed")
	mustRun(t, nil, "run", writeText(t, base, "unread.yaml", unreadCfg), "-o", analysed, "-q")
	analysedBefore := filepath.Join(base, "analysed-before")
	copyDir(t, analysed, analysedBefore)
	mountReadOnly(t, dir)
	mountReadOnly(t, analysed)
	for _, args := range [][]string{{"plot", dir}, {"analyze", analysed}} {
		r := runner(t, nil, args...)
		wantExit(t, r, 2, args[0]+": cannot write results directory "+args[1], "read-only file system", "nothing was changed")
	}
	mustRun(t, nil, "run", config, "-o", dir, "--resume", "-q")
	sameFiles(t, before, dir)
	sameFiles(t, analysedBefore, analysed)

	config, stopped, _ := runStopped(t, cfg{}, 2, "SIGKILL")
	mountReadOnly(t, stopped)
	r := runner(t, nil, "run", config, "-o", stopped, "--resume", "-q")
	wantExit(t, r, 2, "cannot write results directory "+stopped, "read-only file system", "choose a directory you can write")
}

// TestPlotImmutableFigure: `runner plot` of a complete run holding one
// figure it cannot remove (an immutable or append-only file, chattr +i or
// +a) exits 2 naming
// it, in one line, before it removes anything: it deleted the other
// figures and report.html, then exited 1, printing its error twice (a
// review). Skipped where chattr +i is not allowed (not root, or a file
// system without the flag).
func TestPlotImmutableFigure(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{Plots: true}.write(t, base)
	dir := filepath.Join(base, "out")
	mustRun(t, nil, "run", config, "-o", dir, "-q")
	before := filepath.Join(base, "before")
	copyDir(t, dir, before)
	figure := filepath.Join(dir, "plots", "mechanisms.png")
	for _, flag := range []string{"i", "a"} { // immutable, append-only
		if out, err := exec.Command("chattr", "+"+flag, figure).CombinedOutput(); err != nil {
			t.Skipf("chattr +%s: %v: %s", flag, err, out)
		}
		r := runner(t, nil, "plot", dir)
		if out, err := exec.Command("chattr", "-"+flag, figure).CombinedOutput(); err != nil {
			t.Fatalf("chattr -%s: %v: %s", flag, err, out)
		}
		wantExit(t, r, 2, "cannot remove or replace "+figure, "nothing was changed")
		if n := strings.Count(r.stderr, figure); n != 1 {
			t.Errorf("chattr +%s: stderr names %s %d times, want once:\n%s", flag, figure, n, r.stderr)
		}
		sameFiles(t, before, dir)
	}
}

// TestResumeImmutable: `run --resume` of an unfinished directory that is
// immutable, or whose runs/ is, exits 2 with run's message for a directory
// it cannot write, and changes nothing (a review: exit 1 at the journal or
// the first part). Skipped where chattr +i is not allowed.
func TestResumeImmutable(t *testing.T) {
	t.Parallel()
	for _, sub := range []string{"", "runs"} {
		config, dir, _ := runStopped(t, cfg{}, 2, "SIGKILL")
		folder := filepath.Join(dir, sub)
		if out, err := exec.Command("chattr", "+i", folder).CombinedOutput(); err != nil {
			t.Skipf("chattr +i: %v: %s", err, out)
		}
		r := runner(t, nil, "run", config, "-o", dir, "--resume", "-q")
		if out, err := exec.Command("chattr", "-i", folder).CombinedOutput(); err != nil {
			t.Errorf("chattr -i: %v: %s", err, out)
		}
		wantExit(t, r, 2, "cannot write results directory "+dir, folder, "choose a directory you can write")
		if n := len(finalParts(t, dir)); n != 2 {
			t.Errorf("%d final parts after a refused --resume, want 2", n)
		}
	}
}

// TestRunForceMountedFolder: `run --force` over a results directory
// holding a folder it could not delete (here a mount point) exits 2
// before it deletes anything, and the directory is as it was (a hostile
// review, stop 31: it deleted the manifest and the Arrow tables first,
// then failed at the folder with exit 1).
func TestRunForceMountedFolder(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{}.write(t, base)
	out := filepath.Join(base, "out")
	mustRun(t, nil, "run", config, "-o", out, "-q")
	before := filepath.Join(base, "before")
	copyDir(t, out, before)
	runs := filepath.Join(out, "runs")
	if err := syscall.Mount(runs, runs, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount here: %v", err)
	}
	defer syscall.Unmount(runs, syscall.MNT_DETACH)
	r := runner(t, nil, "run", config, "-o", out, "--force", "-q")
	wantExit(t, r, 2, runs+" is a mount point", "nothing was deleted")
	sameFiles(t, before, out)
}

// TestRunForceMountedFolderThroughLink: as TestRunForceMountedFolder,
// with the results directory given as a symbolic link to it: the check
// before the clear walked the link alone, found nothing, and the clear
// deleted the manifest and tables, then failed at the mount point with
// exit 1 (a review, stop 54). It refuses, naming the folder under the
// name given, and the directory is as it was.
func TestRunForceMountedFolderThroughLink(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{}.write(t, base)
	out := filepath.Join(base, "out")
	mustRun(t, nil, "run", config, "-o", out, "-q")
	before := filepath.Join(base, "before")
	copyDir(t, out, before)
	link := filepath.Join(base, "link")
	if err := os.Symlink(out, link); err != nil {
		t.Fatal(err)
	}
	runs := filepath.Join(out, "runs")
	if err := syscall.Mount(runs, runs, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount here: %v", err)
	}
	defer syscall.Unmount(runs, syscall.MNT_DETACH)
	r := runner(t, nil, "run", config, "-o", link, "--force", "-q")
	wantExit(t, r, 2, filepath.Join(link, "runs")+" is a mount point", "clearing "+link+" would have to delete", "nothing was deleted")
	sameFiles(t, before, out)
}

// TestFileSizeLimit: a file size limit (ulimit -f, or a file system's
// largest file) in the middle of a run gets the same kind of advice as a
// full disk, not the bare EFBIG (a hostile review, stop 34), and what was
// finished stays for --resume.
func TestFileSizeLimit(t *testing.T) {
	t.Parallel()
	c := cfg{}
	ref := reference(t, c)
	base := t.TempDir()
	config := c.write(t, base)
	dir := filepath.Join(base, "out")
	// Larger than config.yaml and every part (about 11 and 50 KB), smaller
	// than the largest summary table (about 87 KB): the run fails after
	// its parts. Go ignores SIGXFSZ, so the write fails with EFBIG.
	code, se := runFileLimit(t, 70000, "run", config, "-o", dir, "--workers", "1", "-q")
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, se)
	}
	for _, s := range []string{"file too large", "raise `ulimit -f`", "finished parts are kept", "--resume"} {
		if !strings.Contains(se, s) {
			t.Errorf("stderr lacks %q:\n%s", s, se)
		}
	}
	if len(finalParts(t, dir)) == 0 {
		t.Errorf("no final part: the limit stopped the run before its parts:\n%s", se)
	}
	failedCleanly(t, dir)
	mustRun(t, nil, "run", config, "-o", dir, "--resume", "-q")
	sameFiles(t, ref, dir)
}

// TestFileSizeLimitFirstWrite: a run that cannot write even its
// config.yaml (a file size limit below it) removes the directory it made
// and says nothing was written; one that writes its config.yaml but not
// its first part says no part was finished; neither says "finished parts
// are kept" (a hostile review). The same holds for a full disk.
func TestFileSizeLimitFirstWrite(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{}.write(t, base)
	for _, tc := range []struct {
		limit int // bytes: below config.yaml (about 11 KB), or below a part (about 40 KB)
		want  string
		left  bool // the directory stays, with its config.yaml
	}{
		{1024, "nothing was written: make room", false},
		{20000, "no part was finished yet, so nothing is kept", true},
	} {
		dir := filepath.Join(base, "made", "out")
		code, se := runFileLimit(t, tc.limit, "run", config, "-o", dir, "--workers", "1", "-q")
		if code != 1 {
			t.Fatalf("exit %d, want 1:\n%s", code, se)
		}
		for _, s := range []string{"file too large", tc.want} {
			if !strings.Contains(se, s) {
				t.Errorf("stderr lacks %q:\n%s", s, se)
			}
		}
		if strings.Contains(se, "finished parts are kept") {
			t.Errorf("says finished parts are kept, where none was:\n%s", se)
		}
		if tc.left {
			failedCleanly(t, dir)
			mustRun(t, nil, "run", config, "-o", dir, "-q", "--resume")
		} else if exists(filepath.Join(base, "made")) {
			t.Errorf("the folders the run made are left: %v", listFiles(t, base))
		}
		if err := os.RemoveAll(filepath.Join(base, "made")); err != nil {
			t.Fatal(err)
		}
	}
}

// runFileLimit runs the runner with args under a file size limit of about
// limit bytes (sh's ulimit -f, whose block is 512 bytes in some shells and
// 1024 in others: measured here), returning its exit code and stderr.
func runFileLimit(t *testing.T, limit int, args ...string) (int, string) {
	t.Helper()
	out, err := exec.Command("sh", "-c", "ulimit -f 100 && exec cat /proc/self/limits").Output()
	if err != nil {
		t.Fatal(err)
	}
	unit := 0
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(strings.TrimPrefix(line, "Max file size")); len(f) > 0 && len(f) < len(strings.Fields(line)) {
			n, err := strconv.Atoi(f[0])
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			unit = n / 100
		}
	}
	if unit == 0 {
		t.Fatalf("no file size limit in:\n%s", out)
	}
	cmd := exec.Command("sh", append([]string{"-c", fmt.Sprintf(`ulimit -f %d && exec "$@"`, max(1, limit/unit)), "sh", runnerBin}, args...)...)
	cmd.Env = cleanEnv()
	var se bytes.Buffer
	cmd.Stderr = &se
	_ = cmd.Run()
	return cmd.ProcessState.ExitCode(), se.String()
}

// TestPlotNoRoomForMark: plot (and so analyze, which shares pendingFull)
// on a disk with no room even for its .pending mark says that the disk is full and what to do, not the
// bare error (a hostile review, stop 34), and leave the directory as it
// was.
func TestPlotNoRoomForMark(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{}.write(t, base)
	mnt := mountTmpfs(t, base, "8m")
	dir := filepath.Join(mnt, "out")
	mustRun(t, nil, "run", config, "-o", dir, "-q")
	// Fill what is left.
	f, err := os.Create(filepath.Join(mnt, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			break
		}
	}
	f.Close()
	r := runner(t, nil, "plot", dir)
	wantExit(t, r, 1, "no space left on device", "the disk is full", "make room and run `runner plot` again")
	mustRun(t, nil, "verify", dir)
}

// TestMergeFewOpenFiles: a merge of more shards than the limit of open
// files succeeds, with the same data as an unsharded run. It held a shared
// lock, an open file, on every shard until it ended (a scale review, stop
// 35: 50 shards failed under a limit of 64, told "is not a finished shard",
// exit 2); it now locks one shard at a time, for each step. The limit, 30,
// is above what the merge needs besides (about 24 here) and below the 40
// shards.
func TestMergeFewOpenFiles(t *testing.T) {
	t.Parallel()
	c := cfg{Reps: 20, PartTasks: 4}
	ref := reference(t, c)
	base := t.TempDir()
	config := c.write(t, base)
	shards := runShards(t, config, base, 40)
	out := filepath.Join(base, "merged")
	cmd := exec.Command("sh", append([]string{"-c", `ulimit -n 30 && exec "$@"`, "sh", runnerBin, "merge", "-o", out, "-q"}, shards...)...)
	cmd.Env = cleanEnv()
	var se bytes.Buffer
	cmd.Stderr = &se
	if err := cmd.Run(); err != nil {
		t.Fatalf("merge of 40 shards under ulimit -n 30: %v\n%s", err, se.String())
	}
	sameAsUnsharded(t, ref, out)
	mustRun(t, nil, "verify", out)

	// Under lower limits it fails at some step, check, copy or summary,
	// with what to do, exit 1, and nothing left behind, the folders it
	// made included (a review, stop 36: a failed copy left OUT with its
	// lock and config, its removal refused at the limit too).
	for limit := 8; limit <= 26; limit++ {
		top := filepath.Join(base, fmt.Sprintf("low%d", limit))
		cmd := exec.Command("sh", append([]string{"-c", fmt.Sprintf(`ulimit -n %d && exec "$@"`, limit), "sh", runnerBin, "merge", "-o", filepath.Join(top, "a", "b"), "-q"}, shards...)...)
		cmd.Env = cleanEnv()
		var se bytes.Buffer
		cmd.Stderr = &se
		err := cmd.Run()
		if err == nil {
			continue
		}
		if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(se.String(), "raise `ulimit -n`") {
			t.Errorf("ulimit -n %d: exit %d, want 1 with the advice:\n%s", limit, code, se.String())
		}
		if exists(top) {
			t.Errorf("ulimit -n %d: a failed merge left %s (%s)", limit, top, strings.TrimSpace(se.String()))
		}
	}
}

// TestCalibrateStoppedBeforeTracing: a calibration into a directory that
// was there before (empty), stopped before its first evaluation was
// traced (a signal once the config is read; a file size limit below its
// config.yaml), says that nothing was kept, not "the evaluations done are
// in the trace" nor "the evaluations traced so far are kept" with advice
// to resume (a hostile review: run had been corrected, calibrate not).
func TestCalibrateStoppedBeforeTracing(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := writeText(t, base, "cal.yaml", calCLI)
	dir := filepath.Join(base, "out")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r := runner(t, []string{"PACTSIM_TEST_SIGNAL_AFTER_LOAD=1:TERM"}, "calibrate", config, "-o", dir, "-q")
	wantExit(t, r, 143, "interrupted by SIGTERM; nothing was written")
	code, se := runFileLimit(t, 1024, "calibrate", config, "-o", dir, "--workers", "1", "-q")
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, se)
	}
	if !strings.Contains(se, "no evaluation was traced yet, so nothing is kept") {
		t.Errorf("a calibration that wrote no config.yaml does not say nothing was kept:\n%s", se)
	}
	for _, stderr := range []string{r.stderr, se} {
		if strings.Contains(stderr, "evaluations done are in the trace") || strings.Contains(stderr, "traced so far are kept") {
			t.Errorf("says evaluations were traced, where none was:\n%s", stderr)
		}
	}
	mustRun(t, nil, "calibrate", config, "-o", dir, "--workers", "1", "-q")
}

// TestResumeReadOnlyMidRun: a --resume whose results directory turns
// read-only part-way (here its plots folder, bind-mounted read-only, so the
// parts and tables are written and the first figure is not) exits 1 saying
// what was kept and what to do, as a full disk does: the bare "read-only
// file system" said neither (a review, stop 50). Made writable again,
// --resume finishes into the uninterrupted run's bytes. Skipped where
// mounting is not allowed.
func TestResumeReadOnlyMidRun(t *testing.T) {
	t.Parallel()
	c := cfg{Plots: true}
	ref := reference(t, c)
	config, dir, r := runStopped(t, c, 2, "KILL")
	if !killedBy(r, syscall.SIGKILL) {
		t.Fatalf("want killed by SIGKILL, got %s", r)
	}
	plots := filepath.Join(dir, "plots")
	if err := os.Mkdir(plots, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount(plots, plots, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount here: %v", err)
	}
	mounted := true
	unmount := func() {
		if mounted {
			mounted = false
			if err := syscall.Unmount(plots, syscall.MNT_DETACH); err != nil {
				t.Error(err)
			}
		}
	}
	t.Cleanup(unmount)
	if err := syscall.Mount("", plots, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Fatal(err)
	}
	r = runner(t, nil, "run", config, "-o", dir, "--resume", "-q")
	wantExit(t, r, 1, "read-only file system", "the file system is read-only now: finished parts are kept: make it writable again", "--resume")
	if strings.Contains(r.stderr, "make room") {
		t.Errorf("advice on a full disk for a read-only one:\n%s", r.stderr)
	}
	if exists(filepath.Join(dir, "manifest.json")) {
		t.Fatal("a failed run wrote its manifest")
	}
	unmount()
	mustRun(t, nil, "run", config, "-o", dir, "--resume", "-q")
	sameFiles(t, ref, dir)
}

// TestResumeJournalNoAccess (a review, stop 52): `run --resume` of an
// unfinished directory whose checksum journal (.parts.sha256) it may not
// write, an immutable file to root (EPERM) or a read-only one to another
// user (EACCES), as a copy that kept read-only modes holds, exited 1 with
// the bare "operation not permitted", no word of what was kept or what to
// do. It now says both, and once the file is writable again --resume
// ends with the reference's bytes. Skipped for root where chattr +i is
// not allowed.
func TestResumeJournalNoAccess(t *testing.T) {
	t.Parallel()
	ref := reference(t, cfg{})
	config, dir, _ := runStopped(t, cfg{}, 2, "SIGKILL")
	journal := filepath.Join(dir, ".parts.sha256")
	lock, unlock := []string{"chattr", "+i", journal}, []string{"chattr", "-i", journal}
	if os.Geteuid() != 0 {
		lock, unlock = []string{"chmod", "0444", journal}, []string{"chmod", "0644", journal}
	}
	if out, err := exec.Command(lock[0], lock[1:]...).CombinedOutput(); err != nil {
		t.Skipf("%v: %v: %s", lock, err, out)
	}
	r := runner(t, nil, "run", config, "-o", dir, "--resume", "-q")
	if out, err := exec.Command(unlock[0], unlock[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%v: %v: %s", unlock, err, out)
	}
	wantExit(t, r, 1, journal, "may not read or change that file or folder: give it access", "finished parts are kept: run again with --resume to continue")
	mustRun(t, nil, "run", config, "-o", dir, "--resume", "-q")
	sameFiles(t, ref, dir)
}

// TestUnreadablePart (a review, stop 52): a part of a complete run that
// this user may not read (EACCES) is not a difference: merge said the run
// "does not verify", --resume that it "does not verify" with the advice
// to restore the file or recompute everything with --force, and none said
// to give the user access. Each now says that it cannot check it and
// what to do; verify, merge, plot and --resume all exit 1. Run as user
// nobody where the test runs as root (who reads every file).
func TestUnreadablePart(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	bin, cred := asNobody(t, base)
	c := cfg{Plots: true}
	config := c.write(t, base)
	dir := filepath.Join(base, "out")
	copyDir(t, reference(t, c), dir)
	chownTree(t, cred, dir)
	if err := os.Chmod(base, 0o777); err != nil {
		t.Fatal(err)
	}
	part := filepath.Join(dir, "runs", "part-00000.parquet")
	if err := os.Chmod(part, 0); err != nil {
		t.Fatal(err)
	}
	access := "may not read or change that file or folder: give it access"
	call := func(args []string) result {
		ctx, cancel := context.WithTimeout(context.Background(), callLimit(t))
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = cleanEnv()
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		var se bytes.Buffer
		cmd.Stderr = &se
		err := cmd.Run()
		return result{code: cmd.ProcessState.ExitCode(), stderr: se.String(), err: err}
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"verify", dir}, []string{access}},
		{[]string{"merge", "-o", filepath.Join(base, "m"), dir}, []string{"the whole run " + dir + " cannot be checked", access}},
		{[]string{"plot", dir}, []string{access}},
		{[]string{"run", config, "-o", dir, "--resume", "-q"}, []string{dir + " is complete but cannot be checked", access}},
	} {
		r := call(tc.args)
		wantExit(t, r, 1, append([]string{part, "permission denied"}, tc.want...)...)
		if strings.Contains(r.stderr, "does not verify") || strings.Contains(r.stderr, "--force") {
			t.Errorf("%s: a part it may not read read as damage:\n%s", tc.args[0], r.stderr)
		}
	}
	// An Arrow part in a folder this user may list but not search (r, no
	// x): plot's check before it rewrites (output.CheckBeforeRewrite)
	// called its lstat's "permission denied" a mismatch, without the
	// advice on access that verify and merge give (a review, stop 52).
	if err := os.Chmod(part, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "arrow", "runs")
	if err := os.Chmod(folder, 0o444); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(folder, 0o755) })
	for _, args := range [][]string{{"verify", dir}, {"plot", dir}} {
		r := call(args)
		wantExit(t, r, 1, filepath.Join(folder, "part-00000.arrow"), "permission denied", access)
		if strings.Contains(r.stderr, "does not verify") || strings.Contains(r.stderr, "--force") {
			t.Errorf("%s: a part in a folder it may not search read as damage:\n%s", args[0], r.stderr)
		}
	}
}

// TestMergeWholeRunWords (a review, stop 52): a merge given one whole run,
// which it copies, said "the shards are untouched" when a signal stopped
// it and "the shards hold 2.2 MiB" when the disk could not hold the
// copy. Both now name the run. The second needs a tmpfs (root).
func TestMergeWholeRunWords(t *testing.T) {
	t.Parallel()
	ref := reference(t, cfg{})
	base := t.TempDir()
	r := runner(t, []string{"PACTSIM_TEST_SIGNAL_AT_FINALIZE=1:TERM"}, "merge", "-o", filepath.Join(base, "m"), ref, "-q")
	wantExit(t, r, 143, ref+" is untouched and the merge's output was removed")
	if strings.Contains(r.stderr, "shards") {
		t.Errorf("a whole run called shards:\n%s", r.stderr)
	}
	mnt := mountTmpfs(t, base, "256k")
	r = runner(t, nil, "merge", "-o", filepath.Join(mnt, "m"), ref, "-q")
	wantExit(t, r, 2, "merge: the whole run "+ref+" holds ", "which the merge copies")
	if strings.Contains(r.stderr, "shards") {
		t.Errorf("a whole run called shards:\n%s", r.stderr)
	}
}
