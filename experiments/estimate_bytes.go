package experiments

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"

	"pactsim/output"
)

// measureBytes writes rows (the tasks lo, lo+1, ...) as one part and as a
// part of half of them into a file system that only counts bytes, and
// returns the bytes per task and the fixed bytes per part (footers,
// schemas) by difference.
func measureBytes(plan *Plan, lo int, rows []output.TaskRows) (perTask, perPart float64, err error) {
	size := func(n int) (float64, error) {
		fs := &countingFS{}
		ds, err := output.New(layout(plan, filepath.Join(os.TempDir(), ".pactsim-calibration-not-written"), fs))
		if err != nil {
			return 0, err
		}
		w, err := ds.NewPart(PartName(lo, plan.Config.Output.PartTasks), lo, lo+n)
		if err != nil {
			return 0, err
		}
		for k := range n {
			if err := w.Write(&rows[k]); err != nil {
				w.Abort()
				return 0, err
			}
		}
		if err := w.Close(); err != nil {
			return 0, err
		}
		return float64(fs.n), nil
	}
	n := len(rows)
	full, err := size(n)
	if err != nil || n < 2 {
		return full, 0, err
	}
	half, err := size(n / 2)
	if err != nil {
		return 0, 0, err
	}
	perTask = max(0, (full-half)/float64(n-n/2))
	perPart = max(0, full-perTask*float64(n))
	return perTask, perPart, nil
}

// countingFS is a FileSystem that writes nothing and counts the bytes.
type countingFS struct{ n int64 }

func (c *countingFS) MkdirBelow(string, string) error    { return nil }
func (c *countingFS) Create(string) (output.File, error) { return &countingFile{c}, nil }
func (c *countingFS) Rename(string, string) error        { return nil }
func (c *countingFS) Remove(string) error                { return nil }

type countingFile struct{ fs *countingFS }

func (f *countingFile) Write(p []byte) (int, error) { f.fs.n += int64(len(p)); return len(p), nil }
func (f *countingFile) Sync() error                 { return nil }
func (f *countingFile) Close() error                { return nil }

// crnRepeats is how many tasks of [lo, hi), in its parts (the multiples of
// P, cut at lo and hi), find the same replicate one point before in their
// own part. Under sweep.crn: points such a task repeats that replicate's
// population and shocks, and its rows compress to a fraction of a fresh
// replicate's.
func crnRepeats(lo, hi, P, R int) int64 {
	if hi <= lo || P <= 0 || R <= 0 {
		return 0
	}
	over := func(n int) int64 { return int64(max(0, n-R)) }
	first := min(hi, (lo/P+1)*P) // the end of the first part
	if first == hi {
		return over(hi - lo)
	}
	last := max(first, hi/P*P) // the start of the last part
	n := over(first-lo) + int64((last-first)/P)*over(P)
	if last < hi {
		n += over(hi - last)
	}
	return n
}

// crnPairs is how many pairs of neighbouring points measureRepeatBytes
// measures: how alike two neighbours are varies along a design (a zip
// design's neighbours differ in one parameter, which may matter much or
// not at all), and one pair, the timed point's, put a shard of
// breakeven.yaml at 0.6 of its parts.
const crnPairs = 4

// measureRepeatBytes returns the bytes a task adds to a part where its
// replicate is there already one point before, under sweep.crn: points.
// The longest run of the timed rows of one point is split among up to
// crnPairs pairs of neighbouring points spread over the points of [lo,
// hi), the first the timed point and its neighbour; each pair's first
// point is written as a part alone, and followed by the same replicates
// at its second, and the differences summed. The rows the timed tasks lack are evaluated here.
// ok is false where there is no other point, or fewer than two replicates
// of the first pair were evaluated (stop, the calibration's time box,
// ended it). A review (stop 52): measured on one point's replicates
// alone, the parts of a shard of breakeven.yaml were estimated at 3.2
// times their size.
func measureRepeatBytes(ctx context.Context, plan *Plan, w *evalWorker, cache *scenarioCache, rows []output.TaskRows, lo, hi int, record bool, stop *atomic.Bool) (perRepeat float64, ok bool, err error) {
	np, R := plan.NumPoints(), plan.Replicates()
	var a []output.TaskRows // the longest run of rows of one point
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].Point == rows[i].Point {
			j++
		}
		if j-i > len(a) {
			a = rows[i:j]
		}
		i = j
	}
	if np < 2 || len(a) < 2 {
		return 0, false, nil
	}
	// The pairs: (p, p+1) for the timed point p, then neighbours spread
	// over the range's points, each with m of the timed replicates.
	pLo, pHi := lo/R, min(np-1, (hi-1)/R) // the points [lo, hi) touches
	pairs := min(crnPairs, len(a)/2, max(1, pHi-pLo))
	m := len(a) / pairs
	evaluate := func(point int, reps []output.TaskRows) ([]output.TaskRows, error) {
		out := make([]output.TaskRows, 0, len(reps))
		for _, r := range reps {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			var res evalResult
			err := w.evaluate(plan, cache, plan.TaskIndex(point, r.Replicate), len(plan.Config.Architectures), record, &res)
			if stop.Load() {
				break
			}
			if err != nil {
				return nil, err
			}
			out = append(out, res.rows)
		}
		return out, nil
	}
	var added float64
	var n int
	for g := range pairs {
		reps := a[g*m : (g+1)*m]
		var first, second []output.TaskRows
		p := reps[0].Point
		if g == 0 {
			q := p + 1
			if q >= np {
				q = p - 1
			}
			other, err := evaluate(q, reps)
			if err != nil {
				return 0, false, err
			}
			first, second = reps[:len(other)], other
			if q < p {
				first, second = other, reps[:len(other)]
			}
		} else {
			p = min(np-2, pLo+g*(pHi-pLo)/pairs)
			if first, err = evaluate(p, reps); err == nil {
				second, err = evaluate(p+1, first)
			}
			if err != nil {
				return 0, false, err
			}
			first = first[:len(second)]
		}
		if len(second) < 2 {
			if g == 0 {
				return 0, false, nil
			}
			break
		}
		one, two, err := pairBytes(plan, first, second)
		if err != nil {
			return 0, false, err
		}
		added += max(0, two-one)
		n += len(second)
	}
	return added / float64(n), true, nil
}

// pairBytes writes first (rows of one point) as a part, and first followed
// by second (the same replicates at another point) as a part of two
// points, into a file system that only counts bytes, and returns the two
// sizes.
func pairBytes(plan *Plan, first, second []output.TaskRows) (one, two float64, err error) {
	n := len(first)
	pts := []int{first[0].Point, second[0].Point}
	l := layout(plan, filepath.Join(os.TempDir(), ".pactsim-calibration-not-written"), nil)
	l.NumPoints, l.Replicates, l.Ablation = 2, n, nil
	l.PointAt = func(k int) []float64 { return plan.Swept(pts[k]) }
	size := func(parts ...[]output.TaskRows) (float64, error) {
		fs := &countingFS{}
		l.FS = fs
		ds, err := output.New(l)
		if err != nil {
			return 0, err
		}
		w, err := ds.NewPart(PartName(0, plan.Config.Output.PartTasks), 0, len(parts)*n)
		if err != nil {
			return 0, err
		}
		for i, rs := range parts {
			for j := range rs {
				tr := rs[j]
				tr.Point, tr.Replicate = i, j
				if err := w.Write(&tr); err != nil {
					w.Abort()
					return 0, err
				}
			}
		}
		if err := w.Close(); err != nil {
			return 0, err
		}
		return float64(fs.n), nil
	}
	if one, err = size(first); err != nil {
		return 0, 0, err
	}
	two, err = size(first, second)
	return one, two, err
}
