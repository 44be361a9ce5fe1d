package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyResults copies the results directory src to a new directory and
// returns it.
func copyResults(t testing.TB, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "d")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestListedFileMissingCLI: a listed file that is gone is named in one
// message by verify, merge, plot and analyze (a review, stop 49: verify
// said "output: verify open DIR/summary.csv: no such file or directory").
func TestListedFileMissingCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref")
	mustRun(t, nil, "run", writeText(t, dir, "unread.yaml", unreadCfg), "-o", ref, "-q")
	d := copyResults(t, ref)
	gone := filepath.Join(d, "summary.csv")
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	want := "runner: " + gone + " is listed in the manifest but cannot be read: "
	for _, args := range [][]string{{"plot"}, {"analyze"}, {"verify"}} {
		r := runner(t, nil, append(args, d)...)
		wantExit(t, r, 1, want)
		if strings.Contains(r.stderr, "output: ") {
			t.Errorf("%s: a package's prefix in the message:\n%s", args[0], r.stderr)
		}
	}
	wantExit(t, runner(t, nil, "merge", "-o", filepath.Join(dir, "m"), d), 1,
		" does not verify: "+gone+" is listed in the manifest but cannot be read: ")
}
