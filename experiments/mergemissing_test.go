package experiments

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"pactsim/output"
)

// TestMergeSaysHowToRunMissing: a merge that lacks shards names them and
// says how to run them, with the config the shards ran and, where the
// shards are named RESULTS/shard-I, the directory each goes in; a shard
// directory given that was never run (it does not exist, or is empty) is
// said before the other shards' files are read, with the same advice; and
// the command it gives, run, completes the merge (a review, stop 50: the
// message was "missing shard(s) [2] of 4", and "DIR is not a finished
// shard: it does not exist", with no way to run them).
func TestMergeSaysHowToRunMissing(t *testing.T) {
	t.Parallel()
	plan := pcfg{Reps: 4}.plan(t)
	base := filepath.Join(t.TempDir(), "my results")
	dir := func(i int) string { return filepath.Join(base, "shard-"+strconv.Itoa(i)) }
	for _, i := range []int{0, 1, 3} {
		mustRun(t, plan, dir(i), RunOptions{Shard: ShardSpec{I: i, N: 4}})
	}
	cfg := "'" + filepath.Join(dir(0), "config.yaml") + "'"
	out := filepath.Join(base, "merged")

	// Shard 2 left out of the list (a glob over RESULTS/shard-*).
	_, err := Merge(context.Background(), out, []string{dir(0), dir(1), dir(3)}, MergeOptions{})
	wantUsage(t, err, "missing shard(s) [2] of 4: run it with `runner run "+cfg+" -o '"+dir(2)+"' --shard 2/4`",
		"--resume continues one begun", "then merge all 4", "PACTSIM_SHARDS=4", "apply it again")

	// Shard 3 there but left out of the list: given, not run again.
	_, err = Merge(context.Background(), out, []string{dir(0), dir(1)}, MergeOptions{})
	wantUsage(t, err, "missing shard(s) [2 3] of 4: "+dir(3)+" is there but not given: give the merge every shard 0..3; for any shard not run, run each with")

	// Shard 2 given but never run: missing, or an empty directory.
	for _, empty := range []bool{false, true} {
		if empty {
			if err := os.Mkdir(dir(2), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		_, err = Merge(context.Background(), out, []string{dir(0), dir(1), dir(2), dir(3)}, MergeOptions{})
		wantUsage(t, err, dir(2)+" is not a finished shard", "missing shard(s) [2] of 4: run it with `runner run "+cfg+" -o '"+dir(2)+"' --shard 2/4`")
		if exists(out) {
			t.Fatalf("a refused merge created %s", out)
		}
	}

	// An empty shard held by its writer (a run that has just begun) is in
	// use, not to be run again.
	held, err := output.LockDir(dir(2))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Merge(context.Background(), out, []string{dir(0), dir(1), dir(2), dir(3)}, MergeOptions{})
	held.Unlock()
	var busy *output.BusyError
	if !errors.As(err, &busy) || strings.Contains(err.Error(), "run it with") {
		t.Errorf("merge of a shard in use: %v, want it in use, and no advice to run it", err)
	}

	// Two missing, the shards given named otherwise: each by I, into DIR.
	other := filepath.Join(t.TempDir(), "a")
	if err := os.Rename(dir(1), other); err != nil {
		t.Fatal(err)
	}
	_, err = Merge(context.Background(), out, []string{dir(0), other}, MergeOptions{})
	wantUsage(t, err, "missing shard(s) [2 3] of 4: run each with `runner run "+cfg+" -o DIR --shard I/4`, for I = 2, 3 (DIR a directory of its own for each; --resume")
	if err := os.Rename(other, dir(1)); err != nil {
		t.Fatal(err)
	}

	// The command it gives, run, completes the merge: the stored config
	// resolves to the one the other shards ran.
	stored, err := Load(filepath.Join(dir(0), "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, stored, dir(2), RunOptions{Shard: ShardSpec{I: 2, N: 4}, Resume: true})
	if _, err := Merge(context.Background(), out, []string{dir(0), dir(1), dir(2), dir(3)}, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
}
