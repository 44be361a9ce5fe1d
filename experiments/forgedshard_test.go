package experiments

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"pactsim/output"
)

// TestSwappedPartInShard (a hostile review, stop 46): a shard whose
// part-00001 files were replaced by part-00000's, their manifest entries
// listed again, matches every checksum and row count. A verify whose
// sample re-ran none of part-00001's tasks passed it, and merge took it
// and failed at the finalisation, naming a file of its own output
// (removed with it) rather than the shard. Both now read every part's
// task columns: verify reports the file (exit 1), and merge refuses the
// shard, naming it, before it writes anything.
func TestSwappedPartInShard(t *testing.T) {
	t.Parallel()
	plan := pcfg{}.plan(t) // 22 tasks, parts of 5
	shards := runShards(t, plan, t.TempDir(), 2)
	// Shard 0/2 is tasks [0, 11): part-00000 [0, 5), part-00001 [5, 10).
	dir := shards[0]
	m, err := output.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"runs/part-0000%d.parquet", "arrow/runs/part-0000%d.arrow"} {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf(f, 0)))
		if err != nil {
			t.Fatal(err)
		}
		to := fmt.Sprintf(f, 1)
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
		for k := range m.Files {
			if m.Files[k].Path == to {
				m.Files[k].SHA256, m.Files[k].Bytes = fmt.Sprintf("%x", sha256.Sum256(b)), int64(len(b))
			}
		}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, output.ManifestName), b, 0o644); err != nil {
		t.Fatal(err)
	}
	// A sample of one task outside part-00001's [5, 10).
	seed := int64(1)
	for ; ; seed++ {
		if task := sampleTasks(seed, 0, 11, 1)[0]; task < 5 || task >= 10 {
			break
		}
	}
	_, err = Verify(context.Background(), dir, VerifyOptions{Sample: 1, SampleSeed: seed, SeedSet: true})
	var mm *output.MismatchError
	if !errors.As(err, &mm) {
		t.Errorf("verify of a shard with a swapped part: %v, want a mismatch", err)
	} else {
		wantText(t, err, "runs/part-00001.parquet", "task 0")
	}

	out := filepath.Join(t.TempDir(), "merged")
	_, err = Merge(context.Background(), out, shards, MergeOptions{})
	wantFailure(t, err, "shard "+dir, "runs/part-00001.parquet")
	if exists(out) {
		t.Errorf("a refused merge wrote %s", out)
	}
}
