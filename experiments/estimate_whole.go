package experiments

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"time"

	"pactsim/output"
)

// What a run spends besides simulating: writing its part files, one at a
// time in task order (executeParts), and, at the end of an unsharded run,
// the summary step (output.Dataset.Finalize: summary, contrasts, points
// and their by-formation twins). A scale review (stop 35) found the
// estimate timed the simulation alone, so a 100,000-point, 1-replicate lhs
// ran 181 s against an estimate of 21 s: the summary step takes about
// 1.3 ms a point with three architectures here, and each part file about
// 8 ms. Both are timed here, on this machine and file system, by writing
// made-up runs of the timed tasks' rows into a temporary folder (never DIR)
// and finalising them, at two sizes whose difference tells the fixed and
// the per-point (and, for a part, per-task) costs apart.
//
// The summary step's reading of the runs, per task, is left out: a few
// microseconds a task, beside the hundreds of a task's simulation, and
// below what timing a few hundred tasks can resolve from the noise of a
// file system's syncs (tried: differences of 96 tasks came out at 0.15 to
// 0.8 ms a task).

// The sizes timed: designs of one replicate. A plan of at most
// timedLargePoints points and timedParts parts is not timed (EstimateRun).
const (
	timedSmallPoints = 8
	timedLargePoints = 32
	timedParts       = 64
)

// wholeCost is the time of writing and finalising, as linear costs.
type wholeCost struct {
	partFixed, partTask    time.Duration // a part file, and each task in it
	wholeFixed, wholePoint time.Duration // the summary step: once, and per point
}

// timeWhole times the writing and, when whole, the summary step with
// rows, the tasks timed. It returns ok false when it could not time them (no temporary
// folder to write in, or no room there): the estimate then says so. Its
// only error is ctx's.
func timeWhole(ctx context.Context, plan *Plan, rows []output.TaskRows, whole bool) (c wholeCost, ok bool, err error) {
	if len(rows) == 0 {
		return c, false, nil
	}
	tmp, err := os.MkdirTemp("", ".pactsim-estimate-")
	if err != nil {
		return c, false, nil
	}
	defer os.RemoveAll(tmp)
	type timing struct{ write, finalize time.Duration }
	at := func(points int) (timing, error) {
		l := layout(plan, filepath.Join(tmp, "run"), nil)
		defer os.RemoveAll(l.Dir)
		np := plan.NumPoints()
		l.NumPoints, l.Replicates = points, 1
		l.PointAt = func(p int) []float64 { return plan.Swept(p % np) }
		// An ablation's tables need its own design; left out, as small.
		l.Ablation = nil
		ds, err := output.New(l)
		if err != nil {
			return timing{}, err
		}
		began := time.Now()
		w, err := ds.NewPart(PartName(0, points), 0, points)
		if err != nil {
			return timing{}, err
		}
		for p := range points {
			r := rows[p%len(rows)]
			r.Point, r.Replicate = p, 0
			if err := w.Write(&r); err != nil {
				w.Abort()
				return timing{}, err
			}
		}
		if err := w.Close(); err != nil {
			return timing{}, err
		}
		mid := time.Now()
		if !whole {
			return timing{write: mid.Sub(began)}, nil // a shard leaves the summary to the merge
		}
		if err := ds.Finalize(ctx); err != nil {
			return timing{}, err
		}
		return timing{mid.Sub(began), time.Since(mid)}, nil
	}
	// A write that fails here (a full or read-only temporary folder) says
	// nothing of DIR: the estimate goes without these terms, and says so.
	small, err := at(timedSmallPoints)
	if err != nil {
		return c, false, ctx.Err()
	}
	large, err := at(timedLargePoints)
	if err != nil {
		return c, false, ctx.Err()
	}
	// Differences of timings can come out negative on a busy machine:
	// each cost is clamped at 0.
	const n = timedLargePoints - timedSmallPoints
	c.partTask = max(0, (large.write-small.write)/n)
	c.partFixed = max(0, small.write-c.partTask*timedSmallPoints)
	c.wholePoint = max(0, (large.finalize-small.finalize)/n)
	c.wholeFixed = max(0, small.finalize-c.wholePoint*timedSmallPoints)
	return c, true, nil
}

// writing is the time to write tasks tasks in parts part files.
func (c wholeCost) writing(tasks, parts int64) time.Duration {
	return sumDurations(float64(c.partFixed)*float64(parts), float64(c.partTask)*float64(tasks))
}

// summary is the time of the summary step of a plan of points points.
func (c wholeCost) summary(points int64) time.Duration {
	return sumDurations(float64(c.wholeFixed), float64(c.wholePoint)*float64(points))
}

// sumDurations adds nanoseconds, saturating at the largest duration.
func sumDurations(ns ...float64) time.Duration {
	var s float64
	for _, x := range ns {
		s += x
	}
	if s >= math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(s)
}

// addDuration is a + b, saturating at the largest duration.
func addDuration(a, b time.Duration) time.Duration {
	if b > time.Duration(math.MaxInt64)-a {
		return time.Duration(math.MaxInt64)
	}
	return a + b
}
