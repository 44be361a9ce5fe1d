package plots

import (
	"context"
	"math"

	"pactsim/output"
)

// pointQuantity is a per-point quantity of the summary table, architecture
// a's mean of outcome (b == ""), or of the contrasts table, the paired mean
// of a − b.
type pointQuantity struct{ outcome, a, b string }

// scanPointQuantities streams the summary table at path (every quantity of
// qs of one architecture) or the contrasts table (every one a pair), and
// calls fn for each row that holds one of qs: its index in qs, the row's
// point, and its mean, ci_low and ci_high, NaN where null (the interval
// is read only with ci, and is NaN without it). The contrasts
// table holds each pair in one order; a quantity asking for the other is
// read negated, [lo, hi] as [−hi, −lo], as output.ReadPointQuantities
// reads it. A table that is absent, or has more than maxRows rows, is not
// read, and read is false; so too where fn returns false, which stops the
// reading. It serves the report's notes that need a quantity's value at
// each design point (countUndefined, markVaries) and holds no table in
// memory.
func scanPointQuantities(ctx context.Context, path string, qs []pointQuantity, ci bool, maxRows int64,
	fn func(k int, point int64, mean, lo, hi float64) bool) (read bool, err error) {
	if len(qs) == 0 {
		return false, nil
	}
	if ok, err := exists(path); err != nil || !ok {
		return false, err
	}
	pair := qs[0].b != ""
	value, keys := output.ColMean, []string{output.ColArchitecture}
	if pair {
		value, keys = output.ColMeanDiff, []string{output.ColArchitectureA, output.ColArchitectureB}
	}
	cols := append([]string{output.ColPoint, output.ColOutcome, value}, keys...)
	if ci {
		cols = append(cols, output.ColCILow, output.ColCIHigh)
	}
	t, err := output.OpenTable(path, cols...)
	if err != nil {
		return false, err
	}
	defer t.Close()
	if t.NumRows() > maxRows {
		return false, nil
	}
	var (
		points         []int64
		outcomes, a, b []string
		means, lo, hi  []float64
	)
	for t.Next(ctx) {
		bt := batch{t: t}
		points = bt.ints(output.ColPoint, points)
		outcomes = bt.strings(output.ColOutcome, outcomes)
		means = bt.floats(value, means, nil)
		if ci {
			lo = bt.floats(output.ColCILow, lo, nil)
			hi = bt.floats(output.ColCIHigh, hi, nil)
		}
		a = bt.strings(keys[0], a)
		if pair {
			b = bt.strings(keys[1], b)
		}
		if bt.err != nil {
			return false, bt.err
		}
		for r, p := range points {
			for k, q := range qs {
				if q.outcome != outcomes[r] {
					continue
				}
				mean, low, high := means[r], math.NaN(), math.NaN()
				if ci {
					low, high = lo[r], hi[r]
				}
				switch {
				case !pair && a[r] == q.a, pair && a[r] == q.a && b[r] == q.b:
				case pair && a[r] == q.b && b[r] == q.a:
					mean, low, high = -mean, -high, -low
				default:
					continue
				}
				if !fn(k, p, mean, low, high) {
					return false, nil
				}
			}
		}
	}
	if err := t.Err(); err != nil {
		return false, err
	}
	return true, nil
}
