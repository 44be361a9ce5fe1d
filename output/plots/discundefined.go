package plots

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
)

// countUndefined sets, for each target of ts whose text parses as a
// condition, at how many of the points design points its quantity has no
// value to compare with the threshold: the mean, or with (95% CI) the
// interval's end on the threshold's side, null or missing in the
// contrasts table (a contrast) or the summary (one architecture's mean). Those points count as not of
// interest. The terminal said so ("23 of 24 points have no value ...") and
// the report did not, reading "at none of the design points" (a review,
// stop 51). It is experiments' undefinedPoints, read back from the tables
// the discovery was computed from.
func countUndefined(ctx context.Context, dir string, points int, ts []primTarget) error {
	// Each table is read once for every target that needs it.
	var one, pair []int // positions in ts
	conds := make([]condition, len(ts))
	for k := range ts {
		c, ok := parseCondition(ts[k].text)
		if !ok {
			continue
		}
		conds[k] = c
		if c.b == "" {
			one = append(one, k)
		} else {
			pair = append(pair, k)
		}
	}
	for _, g := range []struct {
		name string
		at   []int
	}{{summaryName, one}, {contrastsName, pair}} {
		qs := make([]pointQuantity, len(g.at))
		seen := make([]map[int64]bool, len(g.at))
		for j, k := range g.at {
			c := conds[k]
			qs[j], seen[j] = pointQuantity{c.outcome, c.a, c.b}, map[int64]bool{}
		}
		read, err := scanPointQuantities(ctx, filepath.Join(dir, g.name), qs, true, math.MaxInt64, func(j int, p int64, mean, lo, hi float64) bool {
			c, v := conds[g.at[j]], mean
			if c.sig && c.op == "<" {
				v = hi
			} else if c.sig {
				v = lo
			}
			if !math.IsNaN(v) {
				seen[j][p] = true
			}
			return true
		})
		if err != nil {
			return err
		}
		if !read {
			continue
		}
		for j, k := range g.at {
			ts[k].undefined, ts[k].points = points-len(seen[j]), points
		}
	}
	return nil
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
