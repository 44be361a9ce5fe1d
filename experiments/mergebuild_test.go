package experiments

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"pactsim/output"
)

// TestMergeBuildVersions (a review): shards built by different binaries
// (go_version or vcs) are refused, a usage error naming both shard
// directories and both values, as other disagreeing manifest fields are;
// the merged manifest records the shards' go_version and vcs, not the
// merger's; and `runner analyze` keeps them too.
func TestMergeBuildVersions(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	plan := pcfg{}.plan(t)
	shards := runShards(t, plan, base, 3)
	m0 := readManifest(t, shards[0])

	t.Run("go_version", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "s1")
		copyDir(t, shards[1], dir)
		editManifest(t, dir, `"go_version": "`+m0.GoVersion+`"`, `"go_version": "go1.0-other"`)
		out := filepath.Join(t.TempDir(), "merged")
		_, err := Merge(context.Background(), out, []string{shards[0], dir, shards[2]}, MergeOptions{})
		wantUsage(t, err, dir, shards[0], "go1.0-other", m0.GoVersion, "different binaries")
		if exists(out) {
			t.Errorf("a refused merge created %s", out)
		}
	})
	t.Run("vcs", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "s2")
		copyDir(t, shards[2], dir)
		editManifest(t, dir, `"source": "`+m0.VCS.Source+`"`, `"source": "other-source"`)
		out := filepath.Join(t.TempDir(), "merged")
		_, err := Merge(context.Background(), out, []string{shards[0], shards[1], dir}, MergeOptions{})
		wantUsage(t, err, dir, shards[0], "other-source", "source "+m0.VCS.Source, "different binaries")
		if exists(out) {
			t.Errorf("a refused merge created %s", out)
		}
	})
	t.Run("recorded", func(t *testing.T) {
		var dirs []string
		for i, s := range shards {
			dir := filepath.Join(t.TempDir(), "s"+string(rune('0'+i)))
			copyDir(t, s, dir)
			editManifest(t, dir, `"go_version": "`+m0.GoVersion+`"`, `"go_version": "go1.0-shards"`)
			dirs = append(dirs, dir)
		}
		out := filepath.Join(t.TempDir(), "merged")
		if _, err := Merge(context.Background(), out, dirs, MergeOptions{}); err != nil {
			t.Fatal(err)
		}
		if got := readManifest(t, out).GoVersion; got != "go1.0-shards" {
			t.Errorf("merged manifest records go_version %q, want the shards' go1.0-shards", got)
		}
		if _, err := Verify(context.Background(), out, VerifyOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestAnalyzeKeepsBuildVersions: `runner analyze` rewrites the manifest
// but keeps the go_version and vcs of the build that computed the runs
// (output.Dataset.RewriteManifest; it wrote the analyzing runner's own).
func TestAnalyzeKeepsBuildVersions(t *testing.T) {
	t.Parallel()
	ref, file := runAndOtherAnalysis(t, saCfg)
	dir := filepath.Join(t.TempDir(), "d")
	copyDir(t, ref, dir)
	m := readManifest(t, dir)
	editManifest(t, dir, `"go_version": "`+m.GoVersion+`"`, `"go_version": "go1.0-runs"`)
	editManifest(t, dir, `"source": "`+m.VCS.Source+`"`, `"source": "runs-source"`)
	if _, err := Analyze(context.Background(), dir, file); err != nil {
		t.Fatal(err)
	}
	got := readManifest(t, dir)
	if got.GoVersion != "go1.0-runs" || got.VCS.Source != "runs-source" {
		t.Errorf("analyze recorded go_version %q, vcs source %q; want the run's go1.0-runs, runs-source", got.GoVersion, got.VCS.Source)
	}
}

// TestMergeDirectoryMoved: a merged directory moved or removed before its
// manifest is written fails the merge with *output.MovedError (exit 1),
// and no manifest is written into the path made again, as for a run
// (lock.CheckHeld). Not parallel: it sets the afterFinalize hook.
func TestMergeDirectoryMoved(t *testing.T) {
	base := t.TempDir()
	plan := pcfg{}.plan(t)
	shards := runShards(t, plan, base, 2)
	out := filepath.Join(t.TempDir(), "merged")
	afterFinalize = func(d string) {
		if err := os.Rename(d, d+".moved"); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Merge(context.Background(), out, shards, MergeOptions{})
	afterFinalize = nil
	var me *output.MovedError
	if !errors.As(err, &me) {
		t.Fatalf("want a *output.MovedError, got %v", err)
	}
	wantFailure(t, err, out, "was moved or removed while the merge was writing it", "run the merge again")
	if exists(filepath.Join(out, output.ManifestName)) {
		t.Fatal("a manifest was written into the directory made again")
	}
}

// TestMergeMovedWhileWriting: a merge's output directory moved while the
// merge writes its tables, or while it copies its shards' parts, is named
// as moved (exit 1), with the advice to run the merge again, which works;
// it was named as the failed write it caused ("rename ...: no such file or
// directory"), with no advice (a review, stop 50).
func TestMergeMovedWhileWriting(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	plan := pcfg{}.plan(t)
	shards := runShards(t, plan, base, 2)
	for _, at := range []EventKind{EventMerging, EventFinalizing} {
		out := filepath.Join(t.TempDir(), "merged")
		_, err := Merge(context.Background(), out, shards, MergeOptions{Notify: func(e Event) {
			if e.Kind == at {
				if err := os.Rename(out, out+".moved"); err != nil {
					t.Error(err)
				}
			}
		}})
		var me *output.MovedError
		if !errors.As(err, &me) {
			t.Fatalf("moved at event %v: want a *output.MovedError, got %v", at, err)
		}
		wantFailure(t, err, out, "was moved or removed while the merge was writing it", "run the merge again")
		if _, err := Merge(context.Background(), out, shards, MergeOptions{}); err != nil {
			t.Fatalf("the merge run again: %v", err)
		}
		if _, err := Verify(context.Background(), out, VerifyOptions{Sample: 1}); err != nil {
			t.Fatal(err)
		}
	}
}
