package experiments

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestEstimateCRNShardBytes (a review, stop 52): under sweep.crn: points a
// part repeats each replicate at every point it holds, and those rows
// compress to a fraction of a fresh replicate's; the estimate measured
// bytes on the first timed tasks, all of one point, and put a shard of
// the shipped breakeven.yaml at 3.2 times the parts it wrote (2.3 MiB for
// 0.7). Here breakeven.yaml's shards 0/4 and 3/4 (5,750 tasks, about 29
// points in a part): the estimate of the parts must be from 0.9 to 1.75
// times the bytes written (it guards the disk, so it may err long, not
// much short; it errs long by some 55%). crnRepeats is checked on its own
// too.
func TestEstimateCRNShardBytes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ lo, hi, P, R, want int }{
		{0, 10, 100, 3, 7}, // one part: all but the first 3
		{0, 10, 4, 3, 2},   // parts [0,4) [4,8) [8,10): 1 + 1 + 0
		{5, 23, 8, 2, 12},  // [5,8) [8,16) [16,23): 1 + 6 + 5
		{0, 16, 8, 8, 0},   // a part of one point each
		{7, 7, 8, 2, 0},    // empty
		{3, 1 << 40, 1 << 20, 1 << 10, (1<<40 - 3) - (1<<20)*(1<<10)}, // every part loses R
	} {
		if got := crnRepeats(c.lo, c.hi, c.P, c.R); got != int64(c.want) {
			t.Errorf("crnRepeats(%d, %d, %d, %d) = %d, want %d", c.lo, c.hi, c.P, c.R, got, c.want)
		}
	}
	text, err := os.ReadFile("breakeven.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		t.Skip("runs two shards of 5,750 tasks")
	}
	plan := mustParse(t, string(text))
	if !plan.CRN() || plan.NumTasks() != 23000 {
		t.Fatalf("crn %v, %d tasks: the shipped config changed", plan.CRN(), plan.NumTasks())
	}
	// The first shard and the last: a pair of neighbours measured alone,
	// the timed point's, put the last at 0.6 of its bytes.
	for _, s := range []ShardSpec{{I: 0, N: 4}, {I: 3, N: 4}} {
		dir := filepath.Join(t.TempDir(), "shard")
		est, err := EstimateShard(context.Background(), plan, s, 2, dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := run(t, plan, dir, RunOptions{Shard: s}); err != nil {
			t.Fatal(err)
		}
		var wrote int64
		err = filepath.WalkDir(filepath.Join(dir, "runs"), func(_ string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			info, err := d.Info()
			wrote += info.Size()
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		r := float64(est.Bytes) / float64(wrote)
		t.Logf("shard %d/%d: estimated %d bytes, wrote %d (ratio %.2f)", s.I, s.N, est.Bytes, wrote, r)
		if r < 0.9 || r > 1.75 {
			t.Errorf("shard %d/%d: estimated %d bytes, wrote %d: ratio %.2f, want 0.9 to 1.75", s.I, s.N, est.Bytes, wrote, r)
		}
	}
}
