package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/internal/dirtest"
)

// TestVerifyNotesOtherBinary: verify of a directory whose manifest's Go
// version or VCS state is not this runner's exits 0 (the rows are what
// this runner computes) but says so on stderr, naming both: nothing else
// records the binary, and an edited revision verified unsaid (a review,
// stop 54). Of a directory this runner wrote it says nothing.
func TestVerifyNotesOtherBinary(t *testing.T) {
	t.Parallel()
	ref := reference(t, cfg{})
	r := mustRun(t, nil, "verify", ref, "--sample", "1")
	if strings.Contains(r.stderr, "note:") {
		t.Errorf("verify of a directory this runner wrote notes: %q", r.stderr)
	}
	dir := filepath.Join(t.TempDir(), "d")
	dirtest.CopyDir(t, ref, dir)
	path := filepath.Join(dir, "manifest.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := readManifest(t, dir)
	old := `"go_version": "` + m.GoVersion + `"`
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s lacks %s", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, `"go_version": "go1.0-edited"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	r = mustRun(t, nil, "verify", dir, "--sample", "1")
	for _, want := range []string{"runner: note: " + dir + "'s manifest records a runner built with go1.0-edited", "this runner is built with " + m.GoVersion} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("verify of an edited go_version: stderr lacks %q: %q", want, r.stderr)
		}
	}
}
