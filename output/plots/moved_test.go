package plots

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestDrawDoesNotMakeDirAgain (a failure-injection review): a results
// directory removed while its figures were drawn was made again, empty,
// by the plots folder's os.MkdirAll, and the run sealed it as complete.
// Writing the figures now fails instead, and leaves no directory.
func TestDrawDoesNotMakeDirAgain(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	f := pointFixture()
	f.write(t, dir)
	meta, err := ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	figs, _, err := buildFigures(context.Background(), dir, meta)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := drawFigures(context.Background(), dir, figs); err == nil {
		t.Fatal("drawFigures into a removed directory succeeded")
	}
	if _, err := os.Lstat(dir); err == nil {
		t.Fatalf("drawFigures made %s again", dir)
	}
}
