package experiments

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestResumeReadOnlyComplete: --resume of a complete directory on
// read-only storage (an archive, a read-only volume) verifies it and
// succeeds, as verify does there; it failed to create its lock file
// (exit 1). Read-only storage needs a read-only bind mount, so the test
// runs as root (CI does) and skips where mounting is not allowed.
func TestResumeReadOnlyComplete(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root for a read-only bind mount")
	}
	plan := pcfg{}.plan(t)
	src := filepath.Join(t.TempDir(), "out")
	mustRun(t, plan, src, RunOptions{})
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o755); err != nil {
		t.Fatal(err)
	}
	mountReadOnly(t, src, ro)
	if err := os.WriteFile(filepath.Join(ro, "probe"), nil, 0o644); err == nil {
		t.Fatal("the bind mount is writable")
	}
	res, err := run(t, plan, ro, RunOptions{Resume: true})
	if err != nil {
		t.Fatalf("--resume of a complete read-only directory: %v", err)
	}
	if !res.Complete {
		t.Errorf("--resume did not find the read-only directory complete: %+v", res)
	}
}

// TestRunReadOnlyTarget: -o naming an empty folder on read-only storage,
// or a new folder under one, is a usage error (exit 2) naming the
// directory, and nothing is written (a hostile review, stop 38: both
// exited 1, as a runtime failure). Needs a read-only bind mount, as above.
func TestRunReadOnlyTarget(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root for a read-only bind mount")
	}
	plan := pcfg{Reps: 2}.plan(t)
	src := filepath.Join(t.TempDir(), "src")
	if err := os.MkdirAll(filepath.Join(src, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o755); err != nil {
		t.Fatal(err)
	}
	mountReadOnly(t, src, ro)
	for _, c := range []struct{ dir, want string }{
		{filepath.Join(ro, "empty"), "cannot write results directory"},
		{filepath.Join(ro, "new", "out"), "cannot create results directory"},
	} {
		_, err := run(t, plan, c.dir, RunOptions{})
		wantUsage(t, err, c.want, c.dir, "choose a directory you can write")
	}
	if got := listFiles(t, src); len(got) != 0 {
		t.Errorf("a refused run wrote %v", got)
	}
}

// mountReadOnly binds src read-only at ro until the test ends, skipping the
// test where mounting is not allowed.
func mountReadOnly(t *testing.T, src, ro string) {
	t.Helper()
	if out, err := exec.Command("mount", "--bind", src, ro).CombinedOutput(); err != nil {
		t.Skipf("mount --bind: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", ro).CombinedOutput(); err != nil {
			t.Errorf("umount: %v: %s", err, out)
		}
	})
	if out, err := exec.Command("mount", "-o", "remount,bind,ro", ro).CombinedOutput(); err != nil {
		t.Skipf("remount read-only: %v: %s", err, out)
	}
}

// TestMergeForceReadOnlyTarget: merge --force over a merge on read-only
// storage is a usage error naming the directory (exit 2), as run --force
// over one is: the staged replacement's lock went through its own path
// and exited 1 with the lock file's error.
func TestMergeForceReadOnlyTarget(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root for a read-only bind mount")
	}
	base := t.TempDir()
	plan := pcfg{}.plan(t)
	shards := runShards(t, plan, base, 2)
	src := filepath.Join(base, "merged")
	if _, err := Merge(context.Background(), src, shards, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o755); err != nil {
		t.Fatal(err)
	}
	mountReadOnly(t, src, ro)
	_, err := Merge(context.Background(), ro, shards, MergeOptions{Force: true})
	wantUsage(t, err, "cannot write results directory", ro, "choose a directory you can write")
}
