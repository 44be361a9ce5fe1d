package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnreadableManifest (a hostile review, stop 55): a complete results
// directory whose manifest.json this user may not read (mode 000, the
// folder searchable) was "a damaged pactsim results directory: ... remove
// manifest.json and run again with --resume" for verify, plot, analyze
// and run --resume, exit 2: advice that would lose an intact manifest.
// Each now gives the system's error with the advice on access, exit 1;
// merge, which said so already, named the folder as one this user may not
// search, which it may: it now names the file. The manifest is kept.
func TestUnreadableManifest(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	bin, cred := asNobody(t, base)
	if err := os.Chmod(base, 0o777); err != nil {
		t.Fatal(err)
	}
	c := cfg{}
	config := c.write(t, base)
	dir := filepath.Join(base, "out")
	copyDir(t, reference(t, c), dir)
	chownTree(t, cred, dir)
	manifest := filepath.Join(dir, "manifest.json")
	before, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(manifest, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(manifest, 0o644) })
	for _, args := range [][]string{
		{"verify", dir},
		{"plot", dir},
		{"analyze", dir},
		{"run", config, "-o", dir, "--resume"},
		{"merge", "-o", filepath.Join(base, "merged"), dir},
	} {
		r := runAs(t, bin, cred, args...)
		if r.code != 1 || strings.Contains(r.stderr, "remove manifest.json") || strings.Contains(r.stderr, "search permission") ||
			!strings.Contains(r.stderr, "open "+manifest+": permission denied (this user") || !strings.Contains(r.stderr, "give it access (chmod, chown") {
			t.Errorf("runner %s: %s\nwant exit 1 naming %s with the advice on access", strings.Join(args, " "), r, manifest)
		}
	}
	if err := os.Chmod(manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	if after, err := os.ReadFile(manifest); err != nil || !bytes.Equal(after, before) {
		t.Errorf("manifest.json changed or gone (%v)", err)
	}
	if _, err := os.Lstat(filepath.Join(base, "merged")); !os.IsNotExist(err) {
		t.Errorf("merge left its output (%v)", err)
	}
}
