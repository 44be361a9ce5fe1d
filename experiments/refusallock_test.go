package experiments

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"pactsim/engine"
	"pactsim/output"
)

// TestRefusalLeavesNoLockFile (a review): a command refused under the
// lock, before it wrote anything (plot or analyze of a directory of
// another engine or build, of one an analyze left part-done or with a
// stranger in plots/; --resume of a complete directory that does not
// verify; merge --force without room for both merges), left DIR/.lock in
// a directory that had none. It now leaves the directory as it found it:
// the lock file it made goes, under the lock; one that was there stays.
// Not parallel: a case sets measureFree.
func TestRefusalLeavesNoLockFile(t *testing.T) {
	ctx := context.Background()
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	shards := runShards(t, plan, t.TempDir(), 2)
	free := measureFree
	defer func() { measureFree = free }()
	write := func(rel, text string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			p := filepath.Join(dir, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		name  string
		prep  func(t *testing.T, dir string)
		do    func(dir string) error
		usage bool // a usage error (exit 2), else a failure (exit 1)
	}{
		{"analyze, another engine", func(t *testing.T, dir string) {
			editManifest(t, dir, `"engine_version": "`+engine.Version+`"`, `"engine_version": "0.0.1"`)
		}, func(dir string) error { _, err := Analyze(ctx, dir, ""); return err }, true},
		{"plot, analyze left part-done", write(output.PendingName, "analyze\n"),
			func(dir string) error { _, err := Plot(ctx, dir); return err }, true},
		{"plot, a stranger in plots", write("plots/mine.txt", "mine\n"),
			func(dir string) error { _, err := Plot(ctx, dir); return err }, true},
		{"plot, a damaged part", write("runs/part-00000.parquet", "x"),
			func(dir string) error { _, err := Plot(ctx, dir); return err }, false},
		{"resume, does not verify", write("summary.csv", "x"),
			func(dir string) error { _, err := run(t, plan, dir, RunOptions{Resume: true}); return err }, false},
		{"merge --force, no room", func(*testing.T, string) {
			measureFree = func(dir string) (int64, string) { return 1024, dir }
		}, func(dir string) error { _, err := Merge(ctx, dir, shards, MergeOptions{Force: true}); return err }, true},
	} {
		for _, hadLock := range []bool{false, true} {
			dir := filepath.Join(t.TempDir(), "out")
			copyDir(t, ref, dir)
			lockFile := filepath.Join(dir, output.LockName)
			if hadLock {
				if err := os.WriteFile(lockFile, []byte("1\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			tc.prep(t, dir)
			before := listAll(t, dir)
			err := tc.do(dir)
			measureFree = free
			switch {
			case err == nil:
				t.Fatalf("%s: not refused", tc.name)
			case tc.usage != errors.Is(err, ErrUsage):
				t.Errorf("%s: a usage error: %v, want %v: %v", tc.name, !tc.usage, tc.usage, err)
			}
			after := listAll(t, dir)
			added := slices.DeleteFunc(slices.Clone(after), func(p string) bool { return slices.Contains(before, p) })
			gone := slices.DeleteFunc(slices.Clone(before), func(p string) bool { return slices.Contains(after, p) })
			if len(added)+len(gone) > 0 {
				t.Errorf("%s (a lock file before: %v): the refusal left %v and removed %v", tc.name, hadLock, added, gone)
			}
		}
	}
}
