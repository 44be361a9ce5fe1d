package experiments

import (
	"context"
	"path/filepath"
	"testing"

	"pactsim/engine"
)

// TestMergeRefusalsSayWayOut (a review, stop 51): a merge that refuses a
// shard of another config, engine or shard count, or one given twice,
// names the shard and says the way out (which shards to give, or the
// command that runs the shard again); those refusals named the shards
// and said only what differed.
func TestMergeRefusalsSayWayOut(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	plan := pcfg{}.plan(t)
	shard := func(name string, i, n int, p *Plan) string {
		d := filepath.Join(base, name)
		mustRun(t, p, d, RunOptions{Shard: ShardSpec{I: i, N: n}})
		return d
	}
	s0, s1, s2 := shard("s0", 0, 3, plan), shard("s1", 1, 3, plan), shard("s2", 2, 3, plan)
	half := shard("h1", 1, 2, plan)
	other := shard("o1", 1, 3, pcfg{Seed: 8}.plan(t))
	oldEngine := filepath.Join(base, "old-engine")
	copyDir(t, s1, oldEngine)
	editManifest(t, oldEngine, `"engine_version": "`+engine.Version+`"`, `"engine_version": "0.0.0-old"`)
	copied := filepath.Join(base, "copied")
	copyDir(t, s1, copied)
	rerun := "`runner run " + filepath.Join(s0, "config.yaml") + " -o NEWDIR --shard 1/3`"
	tests := []struct {
		name string
		dirs []string
		want []string
	}{
		{"different configs", []string{s0, other, s2}, []string{other, "give the merge the shards of one config only", rerun}},
		{"other engine", []string{s0, oldEngine, s2}, []string{oldEngine, "merge with the runner of engine 0.0.0-old", rerun}},
		{"different counts", []string{s0, half, s2}, []string{half, "give the shards of one run only: the 3 of " + s0 + "'s, or the 2 of " + half + "'s"}},
		{"a copy", []string{s0, s1, s2, copied}, []string{copied, "give one of them"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "merged")
			_, err := Merge(context.Background(), out, tc.dirs, MergeOptions{})
			wantUsage(t, err, tc.want...)
			if exists(out) {
				t.Errorf("a refused merge created %s", out)
			}
		})
	}
}
