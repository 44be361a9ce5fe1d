package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestVerifyMismatchBeforeSignal (a review, stop 51): a SIGTERM that
// came once verify had found a mismatch turned its exit 1 into 143 and
// "interrupted ...: run `runner verify` again", as if nothing had been
// found; a verification that passed kept its exit 0. The verdict of a
// check that ran to it now stands either way.
func TestVerifyMismatchBeforeSignal(t *testing.T) {
	t.Parallel()
	dir := copyResults(t, reference(t, cfg{}))
	env := []string{"PACTSIM_TEST_SIGNAL_AFTER_RETURN=1:TERM"}
	wantExit(t, runner(t, env, "verify", dir), 0)
	f, err := os.OpenFile(filepath.Join(dir, "summary.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("x"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	wantExit(t, runner(t, env, "verify", dir), 1, "summary.csv does not match its manifest")
}
