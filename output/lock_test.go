package output

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestLockAndJournalDoNotFollowLinks (review defect 3): a symbolic link or
// a FIFO planted at a directory's lock or journal is refused as a usage
// error, and the file a link points to is left untouched.
func TestLockAndJournalDoNotFollowLinks(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	victim := filepath.Join(base, "victim.txt")
	const precious = "precious\n"
	if err := os.WriteFile(victim, []byte(precious), 0o644); err != nil {
		t.Fatal(err)
	}
	wantRefused := func(what string, err error) {
		t.Helper()
		if err == nil || !errors.Is(err, ErrUsage) {
			t.Errorf("%s: want a usage error, got %v", what, err)
		}
	}
	for _, kind := range []string{"link", "fifo"} {
		dir := filepath.Join(base, kind)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{LockName, JournalName} {
			p := filepath.Join(dir, name)
			var err error
			if kind == "link" {
				err = os.Symlink(victim, p)
			} else {
				err = syscall.Mkfifo(p, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		l, err := LockDir(dir)
		l.Unlock()
		wantRefused(kind+": LockDir", err)
		l, err = LockDirShared(dir)
		l.Unlock()
		wantRefused(kind+": LockDirShared", err)
		wantRefused(kind+": AppendSync", OSFileSystem{}.AppendSync(filepath.Join(dir, JournalName), []byte("x  y\n")))
		_, err = (&Dataset{l: Layout{Dir: dir}}).ReadJournal()
		wantRefused(kind+": ReadJournal", err)
	}
	if b, err := os.ReadFile(victim); err != nil || string(b) != precious {
		t.Errorf("the link's target changed: %q, %v", b, err)
	}
}
