package plots

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"

	"pactsim/output"
)

// loadContrasts streams contrasts.parquet for the rows of the headline pair
// and outcome: it counts their verdicts and keeps the points the heatmaps
// and the report's table show.
func (r *results) loadContrasts(ctx context.Context) error {
	path := r.contrastsPath()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		r.note("No %s: the contrast heatmaps and the headline table are left out.", contrastsName)
		r.heats = nil
		return nil
	} else if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	t, err := output.OpenTable(path, output.ColPoint, output.ColOutcome, output.ColArchitectureA, output.ColArchitectureB,
		output.ColN, output.ColMeanDiff, output.ColCILow, output.ColCIHigh, output.ColPABetter, output.ColPTie)
	if err != nil {
		return err
	}
	defer t.Close()
	if t.NumRows() == 0 {
		return fmt.Errorf("plots: %s: the table has no rows, but %d architectures ran", path, len(r.architectures))
	}
	var (
		points, ns        []int64
		outcomes, as, bs  []string
		names             = []string{output.ColMeanDiff, output.ColCILow, output.ColCIHigh, output.ColPABetter, output.ColPTie}
		cols              = make([][]float64, len(names))
		diffNulls         nullCheck
		row               int
		seen              = make([]bool, len(r.points))
		wantA, wantB, key = r.pairA, r.pairB, headline
	)
	for t.Next(ctx) {
		if points, err = t.Int64s(output.ColPoint, points[:0]); err != nil {
			return err
		}
		if outcomes, err = t.Strings(output.ColOutcome, outcomes[:0]); err != nil {
			return err
		}
		if as, err = t.Strings(output.ColArchitectureA, as[:0]); err != nil {
			return err
		}
		if bs, err = t.Strings(output.ColArchitectureB, bs[:0]); err != nil {
			return err
		}
		if ns, err = t.Int64s(output.ColN, ns[:0]); err != nil {
			return err
		}
		for k, name := range names {
			var nulls int
			if cols[k], nulls, err = t.Float64s(name, cols[k][:0]); err != nil {
				return err
			}
			if k == 0 {
				diffNulls.add(len(cols[k]), nulls)
			}
		}
		for i, p := range points {
			if outcomes[i] != key || as[i] != wantA || bs[i] != wantB {
				continue
			}
			pos, ok := r.pos(int(p))
			if !ok {
				return fmt.Errorf("plots: %s: row %d: point %d is not in the design matrix", path, row+i, p)
			}
			if seen[pos] {
				return fmt.Errorf("plots: %s: row %d repeats point %d of %s − %s, %s", path, row+i, p, wantA, wantB, key)
			}
			seen[pos] = true
			c := contrast{point: int(p), n: ns[i], meanDiff: cols[0][i], lo: cols[1][i], high: cols[2][i], pABetter: cols[3][i], pTie: cols[4][i]}
			r.headRows++
			r.verdicts[c.verdict()]++
			if r.needHead[pos] {
				r.head[int(p)] = c
			}
		}
		row += len(points)
	}
	if err := t.Err(); err != nil {
		return err
	}
	if err := diffNulls.allNull(path, output.ColMeanDiff); err != nil {
		return err
	}
	if r.headRows == 0 {
		r.note("%s has no %s − %s rows of %s: the contrast heatmaps and the headline table are left out.", contrastsName, wantA, wantB, key)
		r.heats = nil
	}
	return nil
}

// headline returns the kept headline contrasts, in point order.
func (r *results) headlineRows() []contrast {
	out := make([]contrast, 0, len(r.head))
	for _, p := range r.points {
		if c, ok := r.head[p.index]; ok {
			out = append(out, c)
		}
	}
	return out
}

// loadRuns streams the runs parts in task order and keeps, per design
// point, the paired differences pairA - pairB of the headline outcome: the
// rows of one task (point, replicate) are adjacent, one per architecture,
// so pairing needs only the task being read.
func (r *results) loadRuns(ctx context.Context) error {
	parts, err := output.TableParts(r.dir, output.TableRuns)
	if err != nil {
		return err
	}
	if len(parts) == 0 {
		r.note("No runs parts under %s/: the paired differences are left out.", runsFolderName)
		r.paired = false
		return nil
	}
	r.diffs = make([][]float64, len(r.points))
	type task struct{ point, replicate int64 }
	var (
		cur          = task{-1, -1}
		ya, yb       float64
		haveA, haveB bool
		held         int
	)
	flush := func() {
		if haveA && haveB && !math.IsNaN(ya) && !math.IsNaN(yb) {
			if pos, ok := r.pos(int(cur.point)); ok {
				r.diffs[pos] = append(r.diffs[pos], ya-yb)
				held++
			}
		}
		haveA, haveB = false, false
	}
	var points, reps []int64
	var archs []string
	var ys []float64
	for _, path := range parts {
		t, err := output.OpenTable(path, output.ColPoint, output.ColReplicate, output.ColArchitecture, headline)
		if err != nil {
			return err
		}
		if t.NumRows() == 0 {
			t.Close()
			return fmt.Errorf("plots: %s: the table has no rows", path)
		}
		var nulls nullCheck
		for t.Next(ctx) {
			if points, err = t.Int64s(output.ColPoint, points[:0]); err == nil {
				if reps, err = t.Int64s(output.ColReplicate, reps[:0]); err == nil {
					if archs, err = t.Strings(output.ColArchitecture, archs[:0]); err == nil {
						var k int
						ys, k, err = t.Float64s(headline, ys[:0])
						nulls.add(len(ys), k)
					}
				}
			}
			if err != nil {
				t.Close()
				return err
			}
			for i := range points {
				k := task{points[i], reps[i]}
				if k != cur {
					flush()
					cur = k
				}
				switch archs[i] {
				case r.pairA:
					ya, haveA = ys[i], true
				case r.pairB:
					yb, haveB = ys[i], true
				}
			}
			if held > maxBoxValues {
				t.Close()
				r.note("The paired differences are left out: they would hold more than %d values.", maxBoxValues)
				r.diffs, r.paired = nil, false
				return nil
			}
		}
		err = t.Err()
		t.Close()
		if err != nil {
			return err
		}
		if err := nulls.allNull(path, headline); err != nil {
			return err
		}
	}
	flush()
	return nil
}
