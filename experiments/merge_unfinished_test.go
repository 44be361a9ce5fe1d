package experiments

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
)

// TestMergeSaysHowToFinishAShard: a shard that was interrupted (no
// manifest yet) is refused naming it and the command that finishes it,
// with its own --shard, as verify says; a shard directory that is not
// there is said to be missing, not reported as a failed stat of its
// manifest (a scale-out review).
func TestMergeSaysHowToFinishAShard(t *testing.T) {
	t.Parallel()
	c := pcfg{PartTasks: 1}
	plan := c.plan(t)
	base := t.TempDir()
	var shards []string
	for i := range 2 {
		d := filepath.Join(base, "shard-"+string(rune('0'+i)))
		mustRun(t, plan, d, RunOptions{Shard: ShardSpec{I: i, N: 3}})
		shards = append(shards, d)
	}
	if lo, hi := plan.Shard(2, 3); hi-lo < 2 {
		t.Fatalf("shard 2/3 has %d tasks; the test needs two parts or more", hi-lo)
	}
	_, stopped := runStopped(t, c, 1, RunOptions{Shard: ShardSpec{I: 2, N: 3}})

	_, err := Merge(context.Background(), filepath.Join(base, "merged"), append(shards, stopped), MergeOptions{})
	wantUsage(t, err, stopped+" is not a finished shard", "the run of shard 2/3 did not finish", "--resume --shard 2/3")

	gone := filepath.Join(base, "shard-2")
	_, err = Merge(context.Background(), filepath.Join(base, "merged"), append(shards, gone), MergeOptions{})
	wantUsage(t, err, gone+" is not a finished shard: it does not exist")

	// A file given as a shard is named as one, not told to remove its
	// manifest.json and resume (a review, stop 49).
	file := filepath.Join(base, "notes.txt")
	if err := os.WriteFile(file, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Merge(context.Background(), filepath.Join(base, "merged"), []string{shards[0], file}, MergeOptions{})
	wantUsage(t, err, "merge: "+file+" is a regular file, not a results directory: give the directories of the shards")
	if strings.Contains(err.Error(), "remove manifest.json") {
		t.Errorf("a file told to remove its manifest: %v", err)
	}

	// A path with a name too long to follow is said to be, not told to
	// remove its manifest.json and resume (a review, stop 50).
	long := filepath.Join(base, strings.Repeat("s", 300))
	_, err = Merge(context.Background(), filepath.Join(base, "merged"), []string{shards[0], long}, MergeOptions{})
	wantUsage(t, err, "merge: results directory "+long+": the path or one of its names is too long for the file system")
	if strings.Contains(err.Error(), "remove manifest.json") {
		t.Errorf("a path too long told to remove its manifest: %v", err)
	}
}

// TestMergeDamagedShardManifest: a finished shard whose manifest.json was
// cut short is refused naming the manifest and how to mend it, and the
// advice works: with the manifest removed, the shard's own --resume
// finishes it again and the merge takes it (a hostile review, stop 46:
// merge gave only the JSON parser's error).
func TestMergeDamagedShardManifest(t *testing.T) {
	t.Parallel()
	c := pcfg{PartTasks: 1}
	plan := c.plan(t)
	base := t.TempDir()
	var shards []string
	for i := range 2 {
		d := filepath.Join(base, "shard-"+string(rune('0'+i)))
		mustRun(t, plan, d, RunOptions{Shard: ShardSpec{I: i, N: 2}})
		shards = append(shards, d)
	}
	mpath := filepath.Join(shards[1], output.ManifestName)
	data, err := os.ReadFile(mpath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mpath, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	merged := filepath.Join(base, "merged")
	_, err = Merge(context.Background(), merged, shards, MergeOptions{})
	wantUsage(t, err, shards[1]+" is not a finished shard: its manifest.json cannot be read", "remove manifest.json", "--resume --shard I/N")

	if err := os.Remove(mpath); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, shards[1], RunOptions{Shard: ShardSpec{I: 1, N: 2}, Resume: true})
	if _, err := Merge(context.Background(), merged, shards, MergeOptions{}); err != nil {
		t.Fatalf("merge after the shard was mended as advised: %v", err)
	}
}
