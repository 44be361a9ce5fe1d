package experiments

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"pactsim/output"
)

// TestRunDirectoryMoved (a failure-injection review): a results directory
// moved or removed while the run drew its figures, and made again, empty,
// by a later write (the figures' os.MkdirAll), was sealed with a manifest
// of no rows, exit 0. The run now fails (not a usage error: exit 1)
// naming the directory, writes no manifest, and the moved directory
// still finishes with --resume to the reference's files. Not parallel:
// it sets the afterFinalize hook.
func TestRunDirectoryMoved(t *testing.T) {
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	for _, tc := range []struct {
		name   string
		moveTo func(dir string) string // moves dir away; returns where ("" removed)
	}{
		{"moved", func(dir string) string {
			to := dir + ".moved"
			if err := os.Rename(dir, to); err != nil {
				t.Fatal(err)
			}
			return to
		}},
		{"removed", func(dir string) string {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			return ""
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			moved := ""
			afterFinalize = func(d string) {
				moved = tc.moveTo(d)
				// What a later write did: the path made again, empty.
				if err := os.MkdirAll(filepath.Join(d, "plots"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			_, err := run(t, plan, dir, RunOptions{})
			afterFinalize = nil
			var me *output.MovedError
			if !errors.As(err, &me) {
				t.Fatalf("want a *output.MovedError, got %v", err)
			}
			wantFailure(t, err, dir, "was moved or removed while the run was writing it", "--resume")
			if exists(filepath.Join(dir, output.ManifestName)) {
				t.Fatal("a manifest was written into the directory made again")
			}
			if moved == "" {
				return
			}
			mustRun(t, plan, moved, RunOptions{Resume: true})
			sameFiles(t, ref, moved)
		})
	}
}
