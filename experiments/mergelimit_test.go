package experiments

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"pactsim/output"
)

// TestMergePartFilesLimit (a scale-out review): a merge lists every
// shard's part files in one manifest, more than any shard's and more than
// the run's (shard boundaries cut parts), so it applies the part-file
// limit a run applies: over it, it is refused before it writes anything,
// with run's advice, unless AllowLarge (--allow-large); at the limit it
// merges. The count is the merged manifest's. It merged any number.
func TestMergePartFilesLimit(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	plan := pcfg{}.plan(t) // 22 tasks, parts of 5, Parquet and Arrow
	// Shards [0, 11) and [11, 22) have 3 parts each, 6 files; the run
	// has 5 parts, 10 files; their merge 6 + 6 = 12 files.
	shards := runShards(t, plan, base, 2)
	out := filepath.Join(base, "new", "merged")
	_, err := Merge(context.Background(), out, shards, MergeOptions{partFiles: 11})
	wantUsage(t, err, "12 part files (limit 11)", "raise output.part_tasks", "run the shards again", "pass --allow-large")
	if exists(filepath.Join(base, "new")) {
		t.Errorf("a merge over the part-file limit created %s", out)
	}
	res, err := Merge(context.Background(), out, shards, MergeOptions{partFiles: 11, AllowLarge: true})
	if err != nil {
		t.Fatalf("merge with AllowLarge: %v", err)
	}
	files := 0
	for _, f := range res.Manifest.Files {
		if strings.HasPrefix(f.Path, "runs/") || strings.HasPrefix(f.Path, "arrow/runs/") {
			files++
		}
	}
	if files != 12 {
		t.Errorf("the merged manifest lists %d part files, the limit counted 12", files)
	}
	if _, err := Merge(context.Background(), filepath.Join(base, "at-limit"), shards, MergeOptions{partFiles: 12}); err != nil {
		t.Errorf("a merge of 12 part files at a limit of 12: %v", err)
	}
}

// TestShardRunChecksMergedPartFiles (a scale-out review): a shard's run
// applies the part-file limit to what its merge will list (every shard's
// part files, counted as the merge counts them), not only to its own: it
// refused nothing, every shard ran, and only the merge refused them. Over
// it, a shard is refused before it writes anything, with the merge's
// advice and --allow-large for the shards and the merge; with AllowLarge
// it runs, and its merge then passes with AllowLarge too.
func TestShardRunChecksMergedPartFiles(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	plan := pcfg{}.plan(t) // 22 tasks, parts of 5, Parquet and Arrow
	// Each shard of two writes 6 part files, their merge 12.
	dir := filepath.Join(base, "new", "s0")
	_, err := run(t, plan, dir, RunOptions{Shard: ShardSpec{I: 0, N: 2}, partFiles: 11})
	wantUsage(t, err, "the merge of its 2 shards", "12 part files (limit 11)", "raise output.part_tasks",
		"pass --allow-large to every shard's run", "`runner merge`")
	if exists(filepath.Join(base, "new")) {
		t.Errorf("a shard whose merge is over the part-file limit created %s", dir)
	}
	// At the limit, and unsharded (10 files), nothing is refused.
	mustRun(t, plan, filepath.Join(base, "at-limit"), RunOptions{Shard: ShardSpec{I: 0, N: 2}, partFiles: 12})
	mustRun(t, plan, filepath.Join(base, "whole"), RunOptions{partFiles: 9})
	var shards []string
	for i := range 2 {
		d := filepath.Join(base, "large", strconv.Itoa(i))
		mustRun(t, plan, d, RunOptions{Shard: ShardSpec{I: i, N: 2}, partFiles: 11, AllowLarge: true})
		shards = append(shards, d)
	}
	_, err = Merge(context.Background(), filepath.Join(base, "m1"), shards, MergeOptions{partFiles: 11})
	wantUsage(t, err, "12 part files (limit 11)")
	if _, err := Merge(context.Background(), filepath.Join(base, "m2"), shards, MergeOptions{partFiles: 11, AllowLarge: true}); err != nil {
		t.Errorf("the merge of shards run with AllowLarge, with AllowLarge: %v", err)
	}
}

// TestMergeCopyPartFilesLimit: a merge given one merged directory alone
// copies its parts, its shards' (12 files here, where the unsharded run
// has 10), and counts those against the part-file limit, not the run's: a
// merge made with AllowLarge over a limit of 11 was copied without it.
// The refusal names the directory copied, not shards to run again.
func TestMergeCopyPartFilesLimit(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	plan := pcfg{}.plan(t) // 22 tasks, parts of 5, Parquet and Arrow
	shards := runShards(t, plan, base, 2)
	merged := filepath.Join(base, "merged")
	if _, err := Merge(context.Background(), merged, shards, MergeOptions{partFiles: 11, AllowLarge: true}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(base, "new", "copy")
	_, err := Merge(context.Background(), out, []string{merged}, MergeOptions{partFiles: 11})
	wantUsage(t, err, merged+", a whole merge given alone, is too large to copy", "12 part files (limit 11)", "pass --allow-large")
	if err != nil && strings.Contains(err.Error(), "run the shards again") {
		t.Errorf("a copy is told to run shards again: %v", err)
	}
	if exists(filepath.Join(base, "new")) {
		t.Errorf("a copy over the part-file limit created %s", out)
	}
	if _, err := Merge(context.Background(), out, []string{merged}, MergeOptions{partFiles: 12}); err != nil {
		t.Errorf("a copy of 12 part files at a limit of 12: %v", err)
	}
	// A whole run is counted as the run lists it: 10 files.
	run := filepath.Join(base, "run")
	mustRun(t, plan, run, RunOptions{})
	if _, err := Merge(context.Background(), filepath.Join(base, "run-copy"), []string{run}, MergeOptions{partFiles: 10}); err != nil {
		t.Errorf("a copy of a run of 10 part files at a limit of 10: %v", err)
	}
	_, err = Merge(context.Background(), filepath.Join(base, "run-copy2"), []string{run}, MergeOptions{partFiles: 9})
	wantUsage(t, err, run+", a whole run given alone, is too large to copy", "10 part files (limit 9)")
}

// TestShardRunMergedPartFilesRealLimit: at MaxPartFiles itself, a shard
// of a plan cut into more shards than the limit (one task each) is refused
// with the one way out that helps, fewer shards (no output.part_tasks
// lowers a part a shard), and EstimateShard says so.
func TestShardRunMergedPartFilesRealLimit(t *testing.T) {
	t.Parallel()
	plan := pcfg{Reps: 600_000}.plan(t) // 1,200,000 tasks, 2 files a part
	s := ShardSpec{I: 0, N: plan.NumTasks()}
	dir := filepath.Join(t.TempDir(), "s0")
	_, err := run(t, plan, dir, RunOptions{Shard: s})
	wantUsage(t, err, "the merge of its 1200000 shards", "2400000 part files (limit 1000000)", "run fewer shards", "pass --allow-large to every shard's run")
	if strings.Contains(err.Error(), "raise output.part_tasks") {
		t.Errorf("a merge of one part a shard is told to raise output.part_tasks: %v", err)
	}
	if exists(dir) {
		t.Errorf("a shard whose merge is over the part-file limit created %s", dir)
	}
	// Seven shards cut the run's 240,000 parts at five of their six
	// boundaries (the third, ⌊3·1,200,000/7⌋ = 514,285, is a multiple of 5).
	e, err := EstimateShard(context.Background(), plan, ShardSpec{I: 3, N: 7}, 1, dir)
	if err != nil {
		t.Fatal(err)
	}
	if e.Merge.Shards != 7 || e.Merge.PartFiles != 2*(240_000+5) || e.Merge.AtLeast || len(e.Over()) != 0 {
		t.Errorf("7 shards of 1,200,000 tasks in parts of 5: merge %+v (want 240,005 parts, 2 files each), over %q", e.Merge, e.Over())
	}
}

// TestMergedParts: mergedParts counts the pieces a merge lists, the run's
// parts cut again at every shard boundary inside one, as Parts cuts each
// shard's range; past maxCountedShards it gives a lower bound at once.
func TestMergedParts(t *testing.T) {
	for total := range 30 {
		for P := 1; P <= 7; P++ {
			for n := 1; n <= 35; n++ {
				want := 0
				for i := range n {
					lo, hi := Shard(i, n, total)
					want += len(Parts(lo, hi, P))
				}
				if got, at := mergedParts(total, P, n); got != int64(want) || at {
					t.Fatalf("mergedParts(%d, %d, %d) = %d, %t; want %d", total, P, n, got, at, want)
				}
			}
		}
	}
	if got, at := mergedParts(1<<40, 1<<20, maxCountedShards+1); got != maxCountedShards+1 || !at {
		t.Errorf("mergedParts of 2^40 tasks in %d shards = %d, %t; want the shard count, a lower bound", maxCountedShards+1, got, at)
	}
	if got, at := mergedParts(1<<40, 1, maxCountedShards+1); got != 1<<40 || !at {
		t.Errorf("mergedParts of 2^40 parts in %d shards = %d, %t; want the run's parts, a lower bound", maxCountedShards+1, got, at)
	}
}

// TestMergeLimitBeforeChecks (a review, stop 47): the merge's part-file
// limit needs only the plan and the shard count, so a merge over it is
// refused before the shards' checks, which read every file of every
// shard (hours for a large run): a damaged part is not read first.
// With AllowLarge the checks run and find the damage.
func TestMergeLimitBeforeChecks(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	plan := pcfg{}.plan(t) // two shards' merge lists 12 part files
	shards := runShards(t, plan, base, 2)
	parts, err := filepath.Glob(filepath.Join(shards[1], "runs", "*.parquet"))
	if err != nil || len(parts) == 0 {
		t.Fatalf("no part files in %s: %v", shards[1], err)
	}
	f, err := os.OpenFile(parts[0], os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte{0}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(base, "merged")
	_, err = Merge(context.Background(), out, shards, MergeOptions{partFiles: 11})
	wantUsage(t, err, "12 part files (limit 11)")
	if strings.Contains(err.Error(), filepath.Base(parts[0])) {
		t.Errorf("the merge read the shards before its part-file limit: %v", err)
	}
	_, err = Merge(context.Background(), out, shards, MergeOptions{partFiles: 11, AllowLarge: true})
	if err == nil {
		t.Fatal("a merge of a damaged shard passed")
	}
	wantText(t, err, "does not verify", filepath.Base(parts[0]))
}

// TestMergeDiskAllowLarge (a review, stop 47): a merge whose copies
// would fill more than DiskHeadroom of the free space is refused, and
// --allow-large passes it, as it passes run's estimate of the disk (the
// refusal was hard: a file system that states too little free space, or
// a merge that would just fit, could not be merged there). Not parallel:
// it sets measureFree.
func TestMergeDiskAllowLarge(t *testing.T) {
	base := t.TempDir()
	plan := pcfg{}.plan(t)
	shards := runShards(t, plan, base, 2)
	defer func(f func(string) (int64, string)) { measureFree = f }(measureFree)
	measureFree = func(dir string) (int64, string) { return 1024, dir }
	out := filepath.Join(base, "merged")
	_, err := Merge(context.Background(), out, shards, MergeOptions{})
	wantUsage(t, err, "has 1 KiB free", "make room, or merge elsewhere; if you mean it, pass --allow-large")
	if exists(out) {
		t.Errorf("a merge refused for room created %s", out)
	}
	res, err := Merge(context.Background(), out, shards, MergeOptions{AllowLarge: true})
	if err != nil {
		t.Fatalf("merge with AllowLarge: %v", err)
	}
	if res.Manifest == nil || res.Manifest.Kind != output.KindMerge {
		t.Errorf("merge with AllowLarge: manifest %+v", res.Manifest)
	}
}
