package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLockDirFileRemovedBeforeLocked (a review): a process that opened a
// directory's lock file while another held it, and locked it once the
// holder had removed it (Undo: a refusal that leaves no lock file, a
// failed run that removes the directory it made) and let go, held a lock
// on a file no longer in the directory, while a third process locked the
// new one: two writers. LockDir now checks, once it holds the lock, that
// the file is still the directory's, and opens the path again if not; a
// directory removed meanwhile is an error that is fs.ErrNotExist, which
// openDir answers by deciding again. Not parallel: it sets lockOpened.
func TestLockDirFileRemovedBeforeLocked(t *testing.T) {
	defer func() { lockOpened = nil }()
	for _, removeDir := range []bool{false, true} {
		dir := filepath.Join(t.TempDir(), "out")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		first, err := LockDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		// The second opens the first's file; the first removes it and
		// lets go before the second locks it.
		lockOpened = func(string) {
			lockOpened = nil
			first.Undo()
			if removeDir {
				if err := os.Remove(dir); err != nil {
					t.Error(err)
				}
			}
			first.Unlock()
		}
		second, err := LockDir(dir)
		if removeDir {
			if !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("directory removed: LockDir = %v, want an error that is fs.ErrNotExist", err)
			}
			second.Unlock()
			continue
		}
		if err != nil {
			t.Fatalf("LockDir: %v", err)
		}
		if err := second.CheckHeld(dir, "the second", ""); err != nil {
			t.Errorf("the lock taken is not the directory's: %v", err)
		}
		var busy *BusyError
		third, err := LockDir(dir)
		if !errors.As(err, &busy) {
			t.Errorf("a third process locked the directory beside the second: %v", err)
		}
		third.Unlock()
		if shared, err := LockDirShared(dir); !errors.As(err, &busy) {
			t.Errorf("a reader locked the directory beside the second: %v", err)
			shared.Unlock()
		}
		second.Unlock()
	}
}

// TestLockUndo: Undo removes the lock file only where the Lock made it,
// and only while it is still the directory's; the lock stays held until
// Unlock.
func TestLockUndo(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		before   bool // a lock file was there before
		replaced bool // another file took its name meanwhile
		want     bool // a lock file is left
	}{
		{"made", false, false, false},
		{"there before", true, false, true},
		{"replaced", false, true, true},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, LockName)
		if tc.before {
			if err := os.WriteFile(path, []byte("1\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		l, err := LockDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if tc.replaced {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		l.Undo()
		if tc.before {
			// Still held: a second locker is refused.
			var busy *BusyError
			if _, err := LockDir(dir); !errors.As(err, &busy) {
				t.Errorf("%s: after Undo, LockDir = %v, want busy", tc.name, err)
			}
		}
		l.Unlock()
		l.Undo() // after Unlock: nothing
		if _, err := os.Lstat(path); (err == nil) != tc.want {
			t.Errorf("%s: a lock file left: %v, want %v", tc.name, err == nil, tc.want)
		}
	}
}

// TestLockCheckHeldLockFileRemoved (a review): a lock file removed, or
// replaced, from a directory that stayed where it was was reported as the
// directory "moved or removed". CheckHeld now tells the two apart.
func TestLockCheckHeldLockFileRemoved(t *testing.T) {
	t.Parallel()
	for _, replace := range []bool{false, true} {
		dir := filepath.Join(t.TempDir(), "out")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		l, err := LockDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, LockName)
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		if replace {
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		err = l.CheckHeld(dir, "the run", "")
		var me *MovedError
		if !errors.As(err, &me) || errors.Is(err, ErrUsage) {
			t.Fatalf("replaced %v: CheckHeld = %v, want a *MovedError", replace, err)
		}
		msg := err.Error()
		for _, s := range []string{"the lock file " + path + " was removed or replaced while the run was writing results directory " + dir, "not moved", "--resume"} {
			if !strings.Contains(msg, s) {
				t.Errorf("replaced %v: %q lacks %q", replace, msg, s)
			}
		}
		if strings.Contains(msg, "moved or removed") {
			t.Errorf("replaced %v: says the directory was moved or removed: %s", replace, msg)
		}
		// The directory moved after: that is what is said.
		if err := os.Rename(dir, dir+".moved"); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := l.CheckHeld(dir, "the run", ""); !errors.As(err, &me) || !strings.Contains(err.Error(), dir+" was moved or removed") {
			t.Errorf("replaced %v, then moved: CheckHeld = %v, want the directory moved or removed", replace, err)
		}
		l.Unlock()
	}
}
