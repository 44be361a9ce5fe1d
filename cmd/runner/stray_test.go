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
	copyDir(t, src, dst)
	return dst
}

// TestStrayFileAdvice: a file of the user's at the top of a complete
// results directory is refused by plot, analyze, verify and merge alike,
// exit 1 (it no longer matches its manifest), naming the file, saying that
// the manifest does not list it and what to do, as a stranger in plots/
// is; merge names a whole run given alone as a run, not a shard (a review,
// stop 49: they said only "DIR holds [notes.txt], which its manifest does
// not list", and merge "shard DIR does not verify").
func TestStrayFileAdvice(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref")
	mustRun(t, nil, "run", writeText(t, dir, "unread.yaml", unreadCfg), "-o", ref, "-q")
	for _, args := range [][]string{{"plot"}, {"analyze"}, {"verify"}, {"merge", "-o", filepath.Join(dir, "m")}} {
		d := copyResults(t, ref)
		writeText(t, d, "notes.txt", "mine")
		r := runner(t, nil, append(args, d)...)
		wantExit(t, r, 1, d+" holds notes.txt, which its manifest does not list: move it out of the results directory and run again")
		if args[0] == "merge" {
			wantExit(t, r, 1, "merge: the whole run "+d+" does not verify")
			if strings.Contains(r.stderr, "shard") {
				t.Errorf("merge names a whole run a shard:\n%s", r.stderr)
			}
		}
		writeText(t, d, "b.txt", "mine too")
		wantExit(t, runner(t, nil, append(args, d)...), 1, d+" holds b.txt and notes.txt, which its manifest does not list: move them out")
	}
	// --resume of a complete run said "remove its or rerun with --force"
	// of two parts of a name pactsim writes.
	d := copyResults(t, ref)
	part, err := os.ReadFile(filepath.Join(d, "runs", "part-00000.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"part-00098.parquet", "part-00099.parquet"} {
		writeText(t, filepath.Join(d, "runs"), name, string(part))
	}
	wantExit(t, runner(t, nil, "run", filepath.Join(d, "config.yaml"), "-o", d, "--resume", "-q"), 1,
		"--resume: "+d+" holds runs/part-00098.parquet and runs/part-00099.parquet, which its manifest does not list: move them out of the results directory and run again")
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
		"runner: merge: the whole run "+d+" does not verify: "+gone+" is listed in the manifest but cannot be read: ")
}
