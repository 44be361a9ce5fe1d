package experiments

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"pactsim/output"
)

// TestPendingMarkMergeVerifyAgree (a hostile review, stop 46): merge took
// a directory holding a .pending mark that verify refused. A run or merge
// so marked (an analyze or plot of it killed part-way) is now refused by
// merge too, naming the repair, as verify and --resume refuse it. A
// shard's mark is none of pactsim's (analyze and plot refuse a shard
// before they mark it), and verify and --resume refused it naming a
// repair, `runner plot`, that refuses every shard: a dead end. Verify,
// --resume and merge now all pass it, as any stray hidden file.
func TestPendingMarkMergeVerifyAgree(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	plan := pcfg{}.plan(t)
	shards := runShards(t, plan, base, 2)
	for _, word := range []string{"plot", "analyze"} {
		if err := os.WriteFile(filepath.Join(shards[0], output.PendingName), []byte(word+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Verify(context.Background(), shards[0], VerifyOptions{Sample: 2}); err != nil {
			t.Errorf("verify of a shard with a %q mark: %v", word, err)
		}
		if _, err := run(t, plan, shards[0], RunOptions{Resume: true, Shard: ShardSpec{I: 0, N: 2}}); err != nil {
			t.Errorf("--resume of a complete shard with a %q mark: %v", word, err)
		}
		out := filepath.Join(t.TempDir(), "merged")
		if _, err := Merge(context.Background(), out, shards, MergeOptions{}); err != nil {
			t.Errorf("merge of a shard with a %q mark: %v", word, err)
		}
	}

	ref := reference(t, pcfg{})
	whole := filepath.Join(base, "whole")
	copyDir(t, ref, whole)
	if err := output.MarkPending(whole, "analyze"); err != nil {
		t.Fatal(err)
	}
	_, err := Verify(context.Background(), whole, VerifyOptions{Sample: 2})
	wantUsage(t, err, "runner analyze "+whole)
	out := filepath.Join(t.TempDir(), "merged")
	_, err = Merge(context.Background(), out, []string{whole}, MergeOptions{})
	wantUsage(t, err, "merge:", "runner analyze "+whole)
	if exists(out) {
		t.Errorf("a refused merge wrote %s", out)
	}
}
