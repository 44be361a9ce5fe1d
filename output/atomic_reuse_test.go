package output

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A Commit that failed is not taken back by a second Commit, and a Write
// after Commit or Abort fails rather than vanishing into a closed file (a
// review, stop 52).
func TestAtomicFileReuse(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.json")
	a, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Write([]byte("{}")); err != nil {
		t.Fatal(err)
	}
	// A non-empty folder at the final path: the rename fails.
	if err := os.MkdirAll(filepath.Join(path, "inner"), 0o755); err != nil {
		t.Fatal(err)
	}
	first := a.Commit()
	if first == nil {
		t.Fatal("Commit over a non-empty folder succeeded")
	}
	if err := a.Commit(); err == nil || err.Error() != first.Error() {
		t.Errorf("second Commit after a failed one = %v, want the first's error %v", err, first)
	}
	if n, err := a.Write([]byte("more")); err == nil || !errors.Is(err, os.ErrClosed) || n != 0 {
		t.Errorf("Write after Commit = %d, %v; want 0 and an error wrapping os.ErrClosed", n, err)
	}

	b, err := CreateAtomic(filepath.Join(dir, "y.json"))
	if err != nil {
		t.Fatal(err)
	}
	b.Abort()
	if _, err := b.Write([]byte("late")); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Write after Abort = %v, want os.ErrClosed", err)
	}
	if err := b.Commit(); err == nil {
		t.Errorf("Commit after Abort = nil; nothing was written to %s", b.Path())
	}
	if _, err := os.Stat(b.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an aborted file exists: %v", err)
	}

	c, err := CreateAtomic(filepath.Join(dir, "z.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := c.Commit(); err != nil {
		t.Errorf("second Commit after a successful one = %v, want nil", err)
	}
	c.Abort() // does nothing after Commit
	if _, err := os.Stat(c.Path()); err != nil {
		t.Errorf("Abort after Commit removed the file: %v", err)
	}
}
