package experiments

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"pactsim/output"
)

// TestFailedOpenCleansUpUnderLock (a review): a run that fails at its
// first write (a file size limit below config.yaml, as a full disk) into a
// directory it made removed the directory and its lock file after it had
// let go of the lock. A process waiting for the lock (--lock-wait) that
// took it in between lost its lock file and its folder: it failed as
// "moved or removed", while a third process could lock a new file there.
// The removal now comes before the lock is let go: at that moment nothing
// of the failed run is left to remove, and a process that takes the lock
// then keeps it. Not parallel: it sets the openUnlocked hook and the
// process's file size limit.
//
// The limit is the whole process's: every file the test binary writes
// while it holds fails too. go test, to cache results, has the binary log
// the files and variables each test looks at to a file
// (-test.testlogfile), through a buffer written whenever it fills; when
// that happened under the limit the package failed ("can't write
// testlog.txt: file too large") though every test passed. The body
// therefore runs in a child process of the test binary, started with this
// test alone and no log file, and the parent checks that it passed.
func TestFailedOpenCleansUpUnderLock(t *testing.T) {
	if os.Getenv(fsizeChild) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), fsizeChild+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the test in a child process: %v\n%s", err, out)
		}
		if !bytes.Contains(out, []byte("--- PASS: "+t.Name())) {
			t.Fatalf("the child process did not pass the test:\n%s", out)
		}
		return
	}
	if f := flag.Lookup("test.testlogfile"); f != nil && f.Value.String() != "" {
		t.Fatalf("a file size limit with go test's log file %s open: its writes would fail", f.Value)
	}
	plan := pcfg{}.plan(t)
	base := t.TempDir()
	dir := filepath.Join(base, "made", "out")
	var other *output.Lock
	var otherErr error
	openUnlocked = func(d string) {
		// The process waiting for the lock takes it as soon as it is let
		// go, finding the directory as the failed run left it.
		if _, err := os.Stat(d); err == nil {
			other, otherErr = output.LockDir(d)
		}
	}
	defer func() { openUnlocked = nil }()
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	restore := func() {
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
			t.Fatal(err)
		}
	}
	defer restore()
	_, err := run(t, plan, dir, RunOptions{Notify: func(e Event) {
		if e.Kind == EventPlanned {
			// After the estimate, before the directory is made and
			// locked: its config.yaml (about 10 KB) cannot be written.
			lim := syscall.Rlimit{Cur: 1024, Max: old.Max}
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
				t.Error(err)
			}
		}
	}})
	restore()
	if err == nil {
		t.Fatal("the run wrote its config.yaml under a file size limit of 1 KB")
	}
	wantText(t, err, "config.yaml")
	if otherErr != nil {
		t.Fatalf("the waiting process could not take the lock: %v", otherErr)
	}
	if other != nil {
		defer other.Unlock()
		if herr := other.CheckHeld(dir, "the waiting run", ""); herr != nil {
			t.Errorf("the process that took the lock as the failed run let go of it lost it to the run's clean-up: %v", herr)
		}
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("the directory the waiting process locked is gone: %v", err)
		}
		return
	}
	// Let go only once it was all removed: nothing of it is left.
	if exists(filepath.Join(base, "made")) {
		t.Errorf("the failed run left the folders it made: %v", listFiles(t, base))
	}
}

// fsizeChild is set in the environment of the child process that runs
// TestFailedOpenCleansUpUnderLock's body.
const fsizeChild = "PACTSIM_TEST_FSIZE_CHILD"

// TestFailedMergeKeepsAnotherDirectory: a merge whose directory was moved
// under it (its lock file no longer the one it holds) removed whatever
// stood at the path when it failed, though it no longer held that
// path's lock: a directory made there since, another process's, went
// with its files. It now removes nothing it does not hold the lock of.
// Not parallel: it sets the afterFinalize hook.
func TestFailedMergeKeepsAnotherDirectory(t *testing.T) {
	plan := pcfg{}.plan(t)
	shards := runShards(t, plan, t.TempDir(), 2)
	out := filepath.Join(t.TempDir(), "merged")
	notes := filepath.Join(out, "notes.txt")
	afterFinalize = func(d string) {
		if err := os.Rename(d, d+".moved"); err != nil {
			t.Fatal(err)
		}
		// Another process's directory, made at the path since.
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(notes, []byte("mine\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Merge(context.Background(), out, shards, MergeOptions{})
	afterFinalize = nil
	var me *output.MovedError
	if !errors.As(err, &me) {
		t.Fatalf("want a *output.MovedError, got %v", err)
	}
	if !exists(notes) {
		t.Errorf("the failed merge removed %s, made at its path by another process", out)
	}
}

// TestUndoRemovesLockFileLast: a fresh run stopped by a config error
// part-way removes the directory it made (undoFresh). It did so in one
// os.RemoveAll, which took the lock file among the first entries: a
// process waiting for the lock then made its own lock file and began,
// and the removal went on with what it wrote. Every other entry now goes
// first, with the lock file in place and held, then the lock file, then
// the empty folders. Not parallel: it sets removeAll.
func TestUndoRemovesLockFileLast(t *testing.T) {
	plan := pcfg{}.plan(t)
	root := t.TempDir()
	made := filepath.Join(root, "a")
	dir := filepath.Join(made, "out")
	calls := 0
	removeAll = func(p string) error {
		calls++
		if l, err := output.LockDir(dir); err == nil {
			l.Unlock()
			t.Errorf("removing %s: the directory's lock could be taken (its lock file gone or let go)", p)
		}
		return os.RemoveAll(p)
	}
	defer func() { removeAll = os.RemoveAll }()
	_, err := run(t, plan, dir, RunOptions{AfterPart: func(int) error { return midwayRule }})
	removeAll = os.RemoveAll
	wantUndone(t, err, dir, made, false)
	if calls == 0 {
		t.Error("the directory was removed in one step, its lock file with the rest, not entry by entry with its lock file kept to the last")
	}
}
