package experiments

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"pactsim/engine"
	"pactsim/output"
)

// What a run spends besides simulating: writing its part files, one at a
// time in task order (executeParts), and, at the end of an unsharded run,
// the summary step (output.Dataset.Finalize: summary, contrasts, points
// and their by-formation twins), which reads every part. A scale review
// (stop 35) found the estimate timed the simulation alone, so a
// 100,000-point, 1-replicate lhs ran 181 s against an estimate of 21 s: the
// summary step takes about 1.3 ms a point with three architectures here,
// and each part file about 8 ms. Both are timed here by writing made-up
// runs of the timed tasks' rows into a temporary folder (under TMPDIR,
// never DIR, whose file system may differ: the estimate names the folder)
// and finalising them:
//
//   - B: timedPoints points of one replicate in one part, written and
//     finalised first once to warm the file system and the code, then
//     twice for the timing, the faster kept (a review, stop 36: a first
//     write took 3 to 5 times a later one, and put a part's cost at 2 to 3
//     times its own);
//   - A: the same points, a part each: A − B is timedPoints − 1 parts,
//     written and read;
//   - C: 4·timedPoints points in one part, timed twice, the faster kept:
//     C − B is 3·timedPoints points.
//
// The summary step's reading of the runs, per task, is left out: a few
// microseconds a task, beside the hundreds of a task's simulation, and
// below what timing a few hundred tasks can resolve from the noise of a
// file system's syncs (tried: differences of 96 tasks came out at 0.15 to
// 0.8 ms a task).

// timedPoints is B's size. A plan of at most timedLargePoints points and
// timedParts parts whose parts write at most timedBytes is not timed
// (EstimateRun): there the two steps take about a second at most, and
// timing them would add half a second to every small run. Writing grows
// with the bytes, not the number of parts: a scale review found a plan of
// 13 parts of states and trajectories (100,000 tasks, 1.6 GiB) estimated
// at 10.9 s, the simulation's alone, that ran 31.6 s, so parts of more
// than timedBytes are timed for their writing whatever their number.
const (
	timedTasks       = 12 * timedPoints // B three times, A once, C twice
	timedPartFiles   = 5 + timedPoints  // B's part three times, A's timedPoints, C's twice
	timedPoints      = 16
	timedLargePoints = 32
	timedParts       = 64
	timedBytes       = 64 << 20
)

// timingSteps are timeWhole's writes, in order: B (a warm-up, then
// timed), A, C, B again and C again. timedTasks and timedPartFiles, which
// bound the bytes a timing writes (EstimateRun), are their sums.
var timingSteps = []struct{ points, partTasks int }{
	{timedPoints, timedPoints}, {timedPoints, timedPoints}, {timedPoints, 1}, {4 * timedPoints, 4 * timedPoints},
	{timedPoints, timedPoints}, {4 * timedPoints, 4 * timedPoints},
}

// timingPoints is the number of points timeWhole finalises, over its
// steps.
var timingPoints = func() (n int) {
	for _, s := range timingSteps {
		n += s.points
	}
	return n
}()

// timedSummaryRows bounds the summary-table rows a timing may write
// beyond the run's own. The summary step writes rows for every
// architecture and pair of architectures at a point, so its timing's cost
// grows with the square of their number: a scale review found validate
// taking 25 s to time the summary step of 30 architectures at 40 points
// (a run of 6 s), and more than 150 s for 100 architectures. Three
// architectures write about 160,000 rows in a timing, six about 570,000.
const timedSummaryRows = 1 << 20

// summaryRows is about how many rows the summary step writes for points
// points: summary, contrasts and their by-formation twins (two strata),
// each outcome of every architecture and pair.
func summaryRows(plan *Plan, points int) int64 {
	return 3 * tableRows(plan, points)
}

// tableRows is the rows of the summary and contrasts tables at points
// points, without the by-formation twins: a row per point and outcome of
// every architecture and every pair.
func tableRows(plan *Plan, points int) int64 {
	a := int64(len(plan.Config.Architectures))
	return int64(points) * (a + a*(a-1)/2) * int64(engine.NumOutcomes)
}

// stalePending is the age past which a timing folder left by a killed
// process (SIGKILL leaves it; every other end removes it) is removed by
// the next timing: a timing takes seconds.
const stalePending = time.Hour

// wholeCost is the time of writing and finalising, as linear costs.
type wholeCost struct {
	partFixed, partTask               time.Duration // writing: a part file, and each task in it
	wholeFixed, wholePoint, wholePart time.Duration // the summary step: once, per point and per part
}

// timeWhole times the writing and, when whole, the summary step with
// rows, the tasks timed. Where it cannot (no temporary folder to write in,
// no room there), it returns why as untimed and no error: the estimate
// then says so. Its only error is ctx's.
func timeWhole(ctx context.Context, plan *Plan, rows []output.TaskRows, whole bool) (c wholeCost, untimed string, err error) {
	if len(rows) == 0 {
		return c, "no task was timed", nil
	}
	removeStaleTimings(os.TempDir())
	tmp, err := os.MkdirTemp("", ".pactsim-estimate-")
	if err != nil {
		return c, err.Error(), nil
	}
	defer os.RemoveAll(tmp)
	type timing struct{ write, finalize time.Duration }
	at := func(points, partTasks int) (timing, error) {
		l := layout(plan, filepath.Join(tmp, "run"), nil)
		defer os.RemoveAll(l.Dir)
		if err := os.Mkdir(l.Dir, 0o755); err != nil { // as opening a results directory does
			return timing{}, err
		}
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
		var w *output.PartWriter
		for p := range points {
			if p%partTasks == 0 {
				hi := min(p+partTasks, points)
				if w, err = ds.NewPart(PartName(p, partTasks), p, hi); err != nil {
					return timing{}, err
				}
			}
			r := rows[p%len(rows)]
			r.Point, r.Replicate = p, 0
			if err := w.Write(&r); err != nil {
				w.Abort()
				return timing{}, err
			}
			if (p+1)%partTasks == 0 || p == points-1 {
				if err := w.Close(); err != nil {
					return timing{}, err
				}
			}
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
	// B and C are timed twice each, after B's warm-up, and the faster of
	// each pair kept: the per-task cost is a difference of the two, and on
	// a loaded machine one slow B made it come out near 0 (a scale review,
	// stop 38: one plan's writing estimated at 0.4 s and at 12.7 s, the run
	// taking 20 s). The minimum is the time least disturbed by other work.
	var b, a, cc, b2, cc2 timing
	for k, t := range []*timing{&b, &b, &a, &cc, &b2, &cc2} {
		step := timingSteps[k]
		if *t, err = at(step.points, step.partTasks); err != nil {
			if ctx.Err() != nil {
				return c, "", ctx.Err()
			}
			// A failure here (a full or read-only temporary folder) says
			// nothing of DIR: the estimate goes without these terms, and
			// says why.
			return c, err.Error(), nil
		}
	}
	b = timing{min(b.write, b2.write), min(b.finalize, b2.finalize)}
	cc = timing{min(cc.write, cc2.write), min(cc.finalize, cc2.finalize)}
	// Differences of timings can come out negative on a busy machine:
	// each cost is clamped at 0.
	c.partFixed = max(0, (a.write-b.write)/(timedPoints-1))
	c.partTask = max(0, (cc.write-b.write)/(3*timedPoints))
	c.wholePart = max(0, (a.finalize-b.finalize)/(timedPoints-1))
	c.wholePoint = max(0, (cc.finalize-b.finalize)/(3*timedPoints))
	c.wholeFixed = max(0, b.finalize-c.wholePoint*timedPoints-c.wholePart) // B: 16 points in one part
	return c, "", nil
}

// removeStaleTimings removes the timing folders in dir older than
// stalePending (best effort).
func removeStaleTimings(dir string) {
	old, _ := filepath.Glob(filepath.Join(dir, ".pactsim-estimate-*"))
	for _, p := range old {
		if fi, err := os.Lstat(p); err == nil && fi.IsDir() && time.Since(fi.ModTime()) > stalePending {
			_ = os.RemoveAll(p)
		}
	}
}

// writing is the time to write tasks tasks in parts part files.
func (c wholeCost) writing(tasks, parts int64) time.Duration {
	return sumDurations(float64(c.partFixed)*float64(parts), float64(c.partTask)*float64(tasks))
}

// summary is the time of the summary step of a plan of points points in
// parts parts.
func (c wholeCost) summary(points, parts int64) time.Duration {
	return sumDurations(float64(c.wholeFixed), float64(c.wholePoint)*float64(points), float64(c.wholePart)*float64(parts))
}

// timedIn says where the two steps were timed, for the estimate's text.
func timedIn() string {
	return fmt.Sprintf("timed under %s", os.TempDir())
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
