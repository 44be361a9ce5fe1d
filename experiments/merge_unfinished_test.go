package experiments

import (
	"context"
	"path/filepath"
	"testing"
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
}
