package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"pactsim/engine"
	"pactsim/experiments"
	"pactsim/output"
	"pactsim/output/plots"
)

func newPlotCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "plot DIR",
		Short: "(re)draw the plots and report of a results directory from its tables",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			dir := args[0]
			meta, err := plots.ReadMeta(dir)
			if err != nil {
				return err
			}
			if err := plots.Draw(c.Context(), dir, meta); err != nil {
				return err
			}
			if err := plots.Report(c.Context(), dir, meta); err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "plots and report.html written in %s\n", dir)
			return nil
		},
	}
}

func newMergeCmd() *cobra.Command {
	var out string
	var force, quiet bool
	cmd := &cobra.Command{
		Use:   "merge -o OUT DIR...",
		Short: "check shard directories and join them into one results directory",
		Long: `Check that the shard directories come from the same resolved config and
engine version, that each shard 0..N-1 is present exactly once with its
expected task range, and that every file matches its manifest's checksum;
then copy the parts unchanged and write the summary, contrasts, points,
codebook, plots, report and manifest, by the same code path as a single run.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if out == "" {
				return usagef("merge: -o OUT is required")
			}
			return merge(c.Context(), out, args, force, quiet, c.ErrOrStderr())
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "merged results directory")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing merged directory")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress output")
	return cmd
}

// sameDir reports whether a and b name the same directory (or the same
// path, when either does not exist yet).
func sameDir(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

func merge(ctx context.Context, out string, dirs []string, force, quiet bool, stderr interface{ Write([]byte) (int, error) }) error {
	started := time.Now().UTC()
	ctx, stop := catchSignals(ctx)
	defer stop()
	for _, d := range dirs {
		if sameDir(d, out) {
			return usagef("merge: the output directory %s is also a shard to merge", out)
		}
	}
	type shardDir struct {
		dir string
		m   *output.Manifest
	}
	var shards []shardDir
	for _, d := range dirs {
		m, err := output.ReadManifest(d)
		if err != nil {
			return usagef("merge: %s is not a finished shard: %v", d, err)
		}
		shards = append(shards, shardDir{d, m})
	}
	first := shards[0]
	plan, err := experiments.Load(filepath.Join(first.dir, "config.yaml"))
	if err != nil {
		return err
	}
	n := 1
	if first.m.Shard != nil {
		n = first.m.Shard.Count
	}
	seen := make(map[int]string, n)
	for _, s := range shards {
		m := s.m
		if m.ConfigSHA256 != plan.Hash() || m.ConfigSHA256 != first.m.ConfigSHA256 {
			return usagef("merge: %s is from config %s, %s from config %s: shards of different resolved configs", s.dir, short(m.ConfigSHA256), first.dir, short(first.m.ConfigSHA256))
		}
		if m.EngineVersion != engine.Version || m.EngineVersion != first.m.EngineVersion {
			return usagef("merge: %s was written by engine %s; this runner is engine %s", s.dir, m.EngineVersion, engine.Version)
		}
		idx, count := 0, 1
		if m.Shard != nil {
			idx, count = m.Shard.Index, m.Shard.Count
		}
		if count != n {
			return usagef("merge: %s is shard %d of %d, %s one of %d: shard counts differ", s.dir, idx, count, first.dir, n)
		}
		if prev, dup := seen[idx]; dup {
			return usagef("merge: shard %d/%d given twice (%s and %s)", idx, n, prev, s.dir)
		}
		seen[idx] = s.dir
		lo, hi := plan.Shard(idx, n)
		if m.Shard != nil && (m.Shard.TaskLo != lo || m.Shard.TaskHi != hi) {
			return usagef("merge: %s claims tasks [%d, %d) as shard %d/%d; the plan gives [%d, %d)", s.dir, m.Shard.TaskLo, m.Shard.TaskHi, idx, n, lo, hi)
		}
		if err := output.VerifyFiles(s.dir, m); err != nil {
			return usagef("merge: %v", err)
		}
	}
	var missing []int
	for i := 0; i < n; i++ {
		if _, ok := seen[i]; !ok {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 {
		return usagef("merge: missing shard(s) %v of %d", missing, n)
	}
	if !force {
		if es, err := os.ReadDir(out); err == nil && len(es) > 0 {
			return usagef("merge: %s exists and is not empty: use --force to replace it", out)
		}
	}
	if _, err := prepareDir(plan, out, runFlags{force: force}, nil); err != nil {
		return err
	}
	ds, err := output.New(layout(plan, out))
	if err != nil {
		return err
	}
	for _, s := range shards {
		if err := ctx.Err(); err != nil {
			return interrupted(ctx, err)
		}
		if err := ds.CopyParts(s.dir, s.m); err != nil {
			return err
		}
	}
	if err := finalize(ctx, plan, ds, out); err != nil {
		return interrupted(ctx, err)
	}
	if err := interrupted(ctx, nil); err != nil {
		return err
	}
	m := &output.Manifest{Seed: plan.Seed(), Started: started, Finished: time.Now().UTC()}
	if err := ds.WriteManifest(m); err != nil {
		return err
	}
	if !quiet {
		fmt.Fprintf(stderr, "runner: merged %d shards into %s\n", n, out)
	}
	return nil
}
