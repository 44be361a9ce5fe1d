package plots

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"pactsim/output"
)

// countUndefined sets, for each target of ts whose text parses as a
// condition, at how many of the points design points its quantity has no
// value to compare with the threshold: the mean, or with (95% CI) the
// interval's end on the threshold's side, null or missing in the
// contrasts table (a contrast, which holds each pair in one order: the
// other is read negated, as output.ReadPointQuantities does) or the
// summary (one architecture's mean). Those points count as not of
// interest. The terminal said so ("23 of 24 points have no value ...") and
// the report did not, reading "at none of the design points" (a review,
// stop 51). It is experiments' undefinedPoints, read back from the tables
// the discovery was computed from.
func countUndefined(ctx context.Context, dir string, points int, ts []primTarget) error {
	for k := range ts {
		c, ok := parseCondition(ts[k].text)
		if !ok {
			continue
		}
		path, mean, cols := filepath.Join(dir, summaryName), output.ColMean, []string{output.ColArchitecture}
		if c.b != "" {
			path, mean, cols = filepath.Join(dir, contrastsName), output.ColMeanDiff, []string{output.ColArchitectureA, output.ColArchitectureB}
		}
		if ok, err := exists(path); err != nil {
			return err
		} else if !ok {
			continue
		}
		defined, err := definedPoints(ctx, path, mean, cols, c)
		if err != nil {
			return err
		}
		ts[k].undefined, ts[k].points = points-defined, points
	}
	return nil
}

// definedPoints counts the distinct points of the table at path whose row
// for c's quantity (architectures in cols) has the value c compares.
func definedPoints(ctx context.Context, path, mean string, cols []string, c condition) (int, error) {
	t, err := output.OpenTable(path, append([]string{output.ColPoint, output.ColOutcome, mean, output.ColCILow, output.ColCIHigh}, cols...)...)
	if err != nil {
		return 0, err
	}
	defer t.Close()
	var (
		pts           []int64
		outs, a, b    []string
		means, lo, hi []float64
		seen          = map[int64]bool{}
	)
	for t.Next(ctx) {
		bt := batch{t: t}
		pts = bt.ints(output.ColPoint, pts)
		outs = bt.strings(output.ColOutcome, outs)
		means = bt.floats(mean, means, nil)
		lo = bt.floats(output.ColCILow, lo, nil)
		hi = bt.floats(output.ColCIHigh, hi, nil)
		a = bt.strings(cols[0], a)
		if c.b != "" {
			b = bt.strings(cols[1], b)
		}
		if bt.err != nil {
			return 0, bt.err
		}
		for i, p := range pts {
			if outs[i] != c.outcome {
				continue
			}
			low, high := lo[i], hi[i]
			switch {
			case c.b == "" && a[i] == c.a, c.b != "" && a[i] == c.a && b[i] == c.b:
			case c.b != "" && a[i] == c.b && b[i] == c.a:
				low, high = high, low // −[lo, hi] is [−hi, −lo]: only nullness matters here
			default:
				continue
			}
			v := means[i]
			if c.sig && c.op == "<" {
				v = high
			} else if c.sig {
				v = low
			}
			if !math.IsNaN(v) {
				seen[p] = true
			}
		}
	}
	if err := t.Err(); err != nil {
		return 0, err
	}
	return len(seen), nil
}

// undefinedWhyDisc says, for a target with points that have no value, at
// how many, in the terminal's words (experiments' undefinedNote); "" for
// one with a value at every point, or not counted.
func undefinedWhyDisc(t primTarget) string {
	if t.undefined <= 0 {
		return ""
	}
	have, count, what := "have", "count", "mean"
	if t.undefined == 1 {
		have, count = "has", "counts"
	}
	if strings.HasSuffix(t.text, " (95% CI)") {
		what = "mean or its interval"
	}
	return fmt.Sprintf("%s: %d of %d %s %s no value (the %s is undefined there) and %s as not of interest",
		conditionText(t.text), t.undefined, t.points, plural3(t.points, "point", "points"), have, what, count)
}
