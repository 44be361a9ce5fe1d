package plots

import (
	"context"
	"fmt"
	"math"
	"slices"

	"pactsim/output"
)

// loadContrasts streams contrasts.parquet for the rows of the headline
// pairs and outcome: it counts each pair's verdicts and keeps the points the
// heatmaps and the report's tables show.
func (r *results) loadContrasts(ctx context.Context) error {
	path := r.contrastsPath()
	if ok, err := exists(path); err != nil {
		return err
	} else if !ok {
		r.note("No %s: the contrast heatmaps and the headline table are left out.", contrastsName)
		r.heats = nil
		return nil
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
		points, ns       []int64
		outcomes, as, bs []string
		names            = []string{output.ColMeanDiff, output.ColCILow, output.ColCIHigh, output.ColPABetter, output.ColPTie}
		cols             = make([][]float64, len(names))
		diffNulls        nullCheck
		row              int
		seen             = make([][]bool, len(r.pairs))
		key              = headline
	)
	for k := range seen {
		seen[k] = make([]bool, len(r.points))
	}
	for t.Next(ctx) {
		b := batch{t: t}
		points = b.ints(output.ColPoint, points)
		outcomes = b.strings(output.ColOutcome, outcomes)
		as = b.strings(output.ColArchitectureA, as)
		bs = b.strings(output.ColArchitectureB, bs)
		ns = b.ints(output.ColN, ns)
		cols[0] = b.floats(names[0], cols[0], &diffNulls)
		for k := 1; k < len(names); k++ {
			cols[k] = b.floats(names[k], cols[k], nil)
		}
		if b.err != nil {
			return b.err
		}
		for i, p := range points {
			if outcomes[i] != key && outcomes[i] != second {
				continue
			}
			k := slices.IndexFunc(r.pairs, func(pd *pairData) bool { return pd.a == as[i] && pd.b == bs[i] })
			if k < 0 {
				continue
			}
			pd := r.pairs[k]
			pos, ok := r.pos(int(p))
			if !ok {
				return fmt.Errorf("plots: %s: row %d: point %d is not in the design matrix", path, row+i, p)
			}
			if outcomes[i] == second {
				if r.needHead[pos] {
					pd.second[int(p)] = contrast{point: int(p), n: ns[i], meanDiff: cols[0][i], lo: cols[1][i], high: cols[2][i], pABetter: cols[3][i], pTie: cols[4][i]}
				}
				continue
			}
			if seen[k][pos] {
				return fmt.Errorf("plots: %s: row %d repeats point %d of %s − %s, %s", path, row+i, p, pd.a, pd.b, key)
			}
			seen[k][pos] = true
			c := contrast{point: int(p), n: ns[i], meanDiff: cols[0][i], lo: cols[1][i], high: cols[2][i], pABetter: cols[3][i], pTie: cols[4][i]}
			pd.rows++
			if math.IsNaN(c.lo) || math.IsNaN(c.high) {
				pd.noCI++ // no interval (one replicate): not one that includes 0
			} else {
				pd.verdicts[c.verdict()]++
			}
			if r.needHead[pos] {
				pd.head[int(p)] = c
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
	// A pair without rows is dropped with a note; the others keep their
	// figures and tables.
	kept := r.pairs[:0]
	for _, pd := range r.pairs {
		if pd.rows == 0 {
			r.note("%s has no %s − %s rows of %s: its contrast heatmaps and headline table are left out.", contrastsName, pd.a, pd.b, key)
			continue
		}
		kept = append(kept, pd)
	}
	r.pairs = kept
	if len(r.pairs) == 0 {
		r.heats = nil
	}
	return nil
}

// headlineRows returns the pair's kept headline contrasts, in point order.
func (r *results) headlineRows(pd *pairData) []contrast {
	out := make([]contrast, 0, len(pd.head))
	for _, p := range r.points {
		if c, ok := pd.head[p.index]; ok {
			out = append(out, c)
		}
	}
	return out
}

// loadRuns streams the runs parts in task order and keeps, per headline
// pair and design point, the paired differences a − b of the headline
// outcome: the rows of one task (point, replicate) are adjacent, one per
// architecture, so pairing needs only the task being read.
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
	// The architectures the pairs need, and each pair's two positions in
	// that list.
	var archs []string
	ends := make([][2]int, len(r.pairs))
	for k, pd := range r.pairs {
		pd.diffs = make([][]float64, len(r.points))
		for e, a := range []string{pd.a, pd.b} {
			i := slices.Index(archs, a)
			if i < 0 {
				i = len(archs)
				archs = append(archs, a)
			}
			ends[k][e] = i
		}
	}
	type task struct{ point, replicate int64 }
	var (
		cur  = task{-1, -1}
		y    = make([]float64, len(archs))
		have = make([]bool, len(archs))
		held int
	)
	flush := func() {
		pos, ok := r.pos(int(cur.point))
		for k, pd := range r.pairs {
			i, j := ends[k][0], ends[k][1]
			if ok && have[i] && have[j] && !math.IsNaN(y[i]) && !math.IsNaN(y[j]) {
				pd.diffs[pos] = append(pd.diffs[pos], y[i]-y[j])
				held++
			}
		}
		clear(have)
	}
	var points, reps []int64
	var rowArchs []string
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
			b := batch{t: t}
			points = b.ints(output.ColPoint, points)
			reps = b.ints(output.ColReplicate, reps)
			rowArchs = b.strings(output.ColArchitecture, rowArchs)
			ys = b.floats(headline, ys, &nulls)
			if b.err != nil {
				t.Close()
				return b.err
			}
			for i := range points {
				k := task{points[i], reps[i]}
				if k != cur {
					flush()
					cur = k
				}
				if a := slices.Index(archs, rowArchs[i]); a >= 0 {
					y[a], have[a] = ys[i], true
				}
			}
			if held > maxBoxValues {
				t.Close()
				r.note("The paired differences are left out: they would hold more than %d values.", maxBoxValues)
				for _, pd := range r.pairs {
					pd.diffs = nil
				}
				r.paired = false
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
