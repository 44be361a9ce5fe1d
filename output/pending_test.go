package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPendingNotRegular (a hostile review, stop 37): a folder or a link
// named .pending is not pactsim's mark. Pending says nothing is pending,
// so verify and plot do not send the user to analyze, and MarkPending
// refuses with a usage error naming what to remove, where the rename over
// a folder failed with the system's words (exit 1) and analyze could
// never run.
func TestPendingNotRegular(t *testing.T) {
	for _, kind := range []string{"folder", "link"} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, PendingName)
			var err error
			if kind == "folder" {
				err = os.Mkdir(path, 0o755)
			} else {
				target := filepath.Join(dir, "elsewhere")
				if err = os.WriteFile(target, []byte("analyze\n"), 0o644); err == nil {
					err = os.Symlink(target, path)
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := Pending(dir); got != "" {
				t.Errorf("Pending = %q, want none", got)
			}
			err = MarkPending(dir, "analyze")
			if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "is not a regular file") || !strings.Contains(err.Error(), "remove it") {
				t.Errorf("MarkPending over a %s: %v, want a usage error saying to remove it", kind, err)
			}
			if fi, err := os.Lstat(path); err != nil || fi.Mode().IsRegular() {
				t.Errorf("the %s was replaced or removed: %v", kind, err)
			}
		})
	}
	// A regular mark still reads back.
	dir := t.TempDir()
	if err := MarkPending(dir, "plot"); err != nil {
		t.Fatal(err)
	}
	if got := Pending(dir); got != "plot" {
		t.Errorf("Pending after MarkPending(plot) = %q", got)
	}
}
