package experiments

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
)

// TestLockFileRemovedUnderWriter (a review): a lock file removed while a
// run, merge or plot wrote its directory (`rm DIR/.lock`), the directory
// itself left where it was, was reported as the directory "moved or
// removed", with advice for a moved one. It is now said to be the lock
// file, with what to do there, and doing it completes the directory. Not
// parallel: it sets the afterFinalize and beforeRewrite hooks.
func TestLockFileRemovedUnderWriter(t *testing.T) {
	ctx := context.Background()
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	removeLock := func(d string) {
		if err := os.Remove(filepath.Join(d, output.LockName)); err != nil {
			t.Fatal(err)
		}
	}
	wantLockGone := func(t *testing.T, err error, dir, what string, hint ...string) {
		t.Helper()
		var me *output.MovedError
		if !errors.As(err, &me) {
			t.Fatalf("want a *output.MovedError, got %v", err)
		}
		wantFailure(t, err, append([]string{"the lock file " + filepath.Join(dir, output.LockName) + " was removed or replaced while " + what + " was writing results directory " + dir, "not moved"}, hint...)...)
		if strings.Contains(err.Error(), "moved or removed") {
			t.Errorf("says the directory was moved or removed: %v", err)
		}
	}
	t.Run("run", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "out")
		afterFinalize = removeLock
		_, err := run(t, plan, dir, RunOptions{})
		afterFinalize = nil
		wantLockGone(t, err, dir, "the run", "what it finished is kept", "--resume")
		mustRun(t, plan, dir, RunOptions{Resume: true})
		sameFiles(t, ref, dir)
	})
	t.Run("merge", func(t *testing.T) {
		shards := runShards(t, plan, t.TempDir(), 2)
		out := filepath.Join(t.TempDir(), "merged")
		afterFinalize = removeLock
		_, err := Merge(ctx, out, shards, MergeOptions{})
		afterFinalize = nil
		wantLockGone(t, err, out, "the merge", "run the merge again with --force")
		if _, err := Merge(ctx, out, shards, MergeOptions{Force: true}); err != nil {
			t.Fatalf("merge --force, as the message says: %v", err)
		}
		if _, err := Verify(ctx, out, VerifyOptions{Sample: 2}); err != nil {
			t.Errorf("verify after merge --force: %v", err)
		}
	})
	t.Run("plot", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "out")
		copyDir(t, ref, dir)
		beforeRewrite = removeLock
		_, err := Plot(ctx, dir)
		beforeRewrite = nil
		wantLockGone(t, err, dir, "the plot", "`runner plot` run again on it completes it")
		if _, err := Plot(ctx, dir); err != nil {
			t.Fatalf("plot again, as the message says: %v", err)
		}
		if _, err := Verify(ctx, dir, VerifyOptions{Sample: 2}); err != nil {
			t.Errorf("verify after plot: %v", err)
		}
	})
}
