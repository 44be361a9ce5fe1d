package experiments

import (
	"context"
	"fmt"
)

// filesPerPart is how many files one part writes: one per table of rows
// (runs, and trajectories and states when asked for), twice with Arrow.
func (o Output) filesPerPart() int64 {
	files := int64(1)
	if o.HasTable("trajectories") {
		files++
	}
	if o.HasTable("states") {
		files++
	}
	if o.HasFormat("arrow") {
		files *= 2
	}
	return files
}

// partFilesOver is the soft limit's clause for files part files over
// limit, with what to do about it: run's refusal (Estimate.Over) and the
// merge's say the same.
func partFilesOver(files, limit int64) string {
	// Not "shard the run": the merge lists every shard's part files in
	// one manifest, so the merged directory holds as many (a scale-out
	// review, stop 46: the advice led past the limit).
	return fmt.Sprintf("%d part files (limit %d): raise output.part_tasks (sharding does not lower it: a merge lists every shard's part files in its manifest)", files, limit)
}

// maxCountedShards bounds the shards mergedParts counts one at a time
// (a few milliseconds a million).
const maxCountedShards = 1 << 22

// mergedParts is the number of parts that the merge of the n shards of a
// plan of total tasks, in parts of partTasks, lists in its manifest: the
// sum of its shards' parts, each NumParts of the shard's range (shard
// boundaries cut parts), which for n = 1 is the run's. The merge
// (checkMergedParts) and a shard's run and validate (EstimateShard) count
// it here alike. Past maxCountedShards shards, each of which holds a task
// and so a part, and more parts than shards where the run has more, it
// returns that lower bound and atLeast rather than count them.
func mergedParts(total, partTasks, n int) (parts int64, atLeast bool) {
	switch {
	case n >= total:
		// Shards of one task or none: a part for each task.
		return int64(total), false
	case n > maxCountedShards:
		return int64(max(n, NumParts(0, total, partTasks))), true
	}
	for i := range n {
		lo, hi := Shard(i, n, total)
		parts += int64(NumParts(lo, hi, partTasks))
	}
	return parts, false
}

// checkMergedParts refuses, unless allowLarge, a merge of the shards of
// plan whose manifest would list more part files than limit
// (MaxPartFiles when 0). The n shards of a sharded run are counted by
// mergedParts (every shard's records were checked against the plan); a
// whole run or merge given alone (whole, copied) by the part files its
// manifest lists, which the copy lists: a merge's are its shards', more
// than the run's (counted as the run's, a merge made with --allow-large
// was copied without it; a review). Each shard of a plan over the limit
// may be under it, and a shard's run then refuses it unless --allow-large
// too (EstimateShard); its merge holds them all (a scale-out review:
// merge listed any number, where run refused them).
func checkMergedParts(plan *Plan, n int, whole *shardDir, allowLarge bool, limit int64) error {
	if allowLarge {
		return nil
	}
	if limit <= 0 {
		limit = MaxPartFiles
	}
	if whole != nil {
		if files := whole.m.PartFiles(); files > limit {
			return usagef("merge: %s, a whole %s given alone, is too large to copy: %s, then compute it again; if you mean it, pass --allow-large", whole.dir, whole.m.Kind, partFilesOver(files, limit))
		}
		return nil
	}
	parts, _ := mergedParts(plan.NumTasks(), plan.Config.Output.PartTasks, n)
	if files := parts * plan.Config.Output.filesPerPart(); files > limit {
		return usagef("merge: the merged directory is too large: %s, then run the shards again; if you mean it, pass --allow-large", partFilesOver(files, limit))
	}
	return nil
}

// MergeCount is, in a shard's estimate (EstimateShard), what the merge
// of its plan's shards will list.
type MergeCount struct {
	Shards    int   // the shard count: the N of --shard I/N; 0 for a run
	PartFiles int64 // the part files the merge lists in its manifest
	AtLeast   bool  // PartFiles is a lower bound (mergedParts)
	// fewest is the fewest part files any output.part_tasks gives the
	// merge: a part for each shard that holds a task.
	fewest int64
	// limit replaces MaxPartFiles as the limit, when not 0 (tests).
	limit int64
}

// Files is PartFiles as messages say it: "at least N" where it is a
// lower bound.
func (m MergeCount) Files() string {
	if m.AtLeast {
		return fmt.Sprintf("at least %d", m.PartFiles)
	}
	return fmt.Sprint(m.PartFiles)
}

// EstimateShard is EstimateRun for shard s of plan (the whole plan where
// s is not sharded), as Run and validate estimate it: a shard writes no
// whole tables and runs no analysis (the merge does), and its estimate
// counts the part files its merge will list (Merge), to which the
// part-file limit applies too: every shard of a plan whose merge is over
// it would run, for hours on a cluster, and the merge then refuse them (a
// scale-out review).
func EstimateShard(ctx context.Context, plan *Plan, s ShardSpec, workers int, dir string) (Estimate, error) {
	lo, hi := 0, plan.NumTasks()
	if s.Sharded() {
		lo, hi = plan.Shard(s.I, s.N)
	}
	e, err := EstimateRun(ctx, plan, lo, hi, workers, dir, !s.Sharded())
	if err != nil || !s.Sharded() {
		return e, err
	}
	parts, atLeast := mergedParts(plan.NumTasks(), plan.Config.Output.PartTasks, s.N)
	per := plan.Config.Output.filesPerPart()
	e.Merge = MergeCount{Shards: s.N, PartFiles: parts * per, AtLeast: atLeast, fewest: int64(min(s.N, plan.NumTasks())) * per}
	return e, nil
}

// mergeOver is Over's clause for a shard whose merge lists more part
// files than the limit, with what to do about it; "" where it does not,
// or where the shard's own part files are over the limit already (its
// own clause says so).
func (e Estimate) mergeOver() string {
	m := e.Merge
	limit := m.limit
	if limit <= 0 {
		limit = MaxPartFiles
	}
	if m.Shards <= 1 || m.PartFiles <= limit || e.PartFiles > MaxPartFiles {
		return ""
	}
	head := fmt.Sprintf("the merge of its %d shards lists every shard's part files in one manifest, ", m.Shards)
	switch {
	case m.fewest > limit:
		// Each shard holds a part at least: no output.part_tasks helps.
		return head + fmt.Sprintf("%s part files (limit %d), one part at least of each shard that holds a task: run fewer shards", m.Files(), limit)
	case m.AtLeast:
		return head + fmt.Sprintf("%s part files (limit %d): raise output.part_tasks", m.Files(), limit)
	}
	return head + partFilesOver(m.PartFiles, limit)
}

// allowLargeTo is where Check's --allow-large goes: to a shard whose
// merge is over the part-file limit, to every shard's run and to the
// merge, which applies the limit again (checkMergedParts).
func (e Estimate) allowLargeTo() string {
	if e.mergeOver() == "" {
		return ""
	}
	return " to every shard's run (runner run --shard I/N) and to `runner merge`, which counts the part files again"
}
