package experiments

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
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
