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

// TestPendingUnknown (a hostile-situation review, stop 44): a mark
// holding none of the words MarkPending writes is still read as an
// analyze's, but PendingUnknown says so, so that the refusal can say to
// remove it where the analyze it names cannot run (a config without an
// analysis section). Every mark MarkPending writes is known.
func TestPendingUnknown(t *testing.T) {
	dir := t.TempDir()
	if PendingUnknown(dir) {
		t.Error("no mark read as an unknown one")
	}
	for _, cmd := range []string{"plot", "analyze", PendingAnalyzeFigures} {
		if err := MarkPending(dir, cmd); err != nil {
			t.Fatal(err)
		}
		if PendingUnknown(dir) {
			t.Errorf("MarkPending(%q) read as unknown", cmd)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, PendingName), []byte{0x9f, 0x03, 'x', 0}, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Pending(dir); got != "analyze" {
		t.Errorf("Pending of a garbage mark = %q, want analyze (the safe reading)", got)
	}
	if !PendingUnknown(dir) {
		t.Error("a garbage mark not read as unknown")
	}
}
