package experiments

import "fmt"

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

// checkMergedParts refuses, unless allowLarge, a merge whose manifest
// would list more part files than limit (MaxPartFiles when 0): the sum
// of its shards' parts, as the plan cuts them (every shard's records were
// checked against the plan). Each shard of a plan over the limit may be
// under it, and run takes it; its merge holds them all (a scale-out
// review: merge listed any number, where run refused them).
func checkMergedParts(plan *Plan, shards []shardDir, allowLarge bool, limit int64) error {
	if allowLarge {
		return nil
	}
	if limit <= 0 {
		limit = MaxPartFiles
	}
	P := plan.Config.Output.PartTasks
	var parts int64
	for _, s := range shards {
		lo, hi := 0, plan.NumTasks()
		if sh := s.m.Shard; sh != nil {
			lo, hi = sh.TaskLo, sh.TaskHi
		}
		parts += int64(NumParts(lo, hi, P))
	}
	if files := parts * plan.Config.Output.filesPerPart(); files > limit {
		return usagef("merge: the merged directory is too large: %s, then run the shards again; if you mean it, pass --allow-large", partFilesOver(files, limit))
	}
	return nil
}
