package plots

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	registry "pactsim/agents/param"
)

// slice is a set of design points on which every swept parameter except
// the free ones is constant.
type slice struct {
	fixed  []int     // indices into results.params held constant
	values []float64 // their values, aligned with fixed
	points []int     // indices into results.points, ascending
}

// slices groups the design points by the values of every parameter that is
// not free, in ascending lexicographic order of those values. It sorts the
// points by those values (stably, so each slice's points stay ascending)
// and cuts the runs of equal values, so a design with as many slices as
// points (a random one) costs one sort and no per-point allocation beyond
// the slice headers.
func (r *results) slices(free ...int) []slice {
	var fixed []int
	for j := range r.params {
		if !slices.Contains(free, j) {
			fixed = append(fixed, j)
		}
	}
	compare := func(a, b int) int {
		for _, j := range fixed {
			if c := cmp.Compare(r.points[a].values[j], r.points[b].values[j]); c != 0 {
				return c
			}
		}
		return 0
	}
	order := make([]int, len(r.points))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, compare)
	var out []slice
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && compare(order[lo], order[hi]) == 0 {
			hi++
		}
		v := make([]float64, len(fixed))
		for k, j := range fixed {
			v[k] = r.points[order[lo]].values[j]
		}
		out = append(out, slice{fixed: fixed, values: v, points: order[lo:hi:hi]})
		lo = hi
	}
	return out
}

// middle returns the middle one of the slices that satisfy ok (the slice at
// the median of the fixed parameters' values), and false if none does.
func middle(ss []slice, ok func(slice) bool) (slice, bool) {
	var good []slice
	for _, s := range ss {
		if ok(s) {
			good = append(good, s)
		}
	}
	if len(good) == 0 {
		return slice{}, false
	}
	return good[len(good)/2], true
}

// describe names the fixed values of a slice, e.g.
// "at population.autonomy_shift = 0"; "" when nothing is fixed. Past
// describeMost values it names the first and counts the rest: an
// ablation's slice fixes every other strength, and the title ran to about
// 1,500 points, cut off at both edges (a figures audit, stop 37).
func (r *results) describe(s slice) string {
	if len(s.fixed) == 0 {
		return ""
	}
	var parts []string
	for k, j := range s.fixed {
		if k == describeMost-1 && len(s.fixed) > describeMost {
			parts = append(parts, fmt.Sprintf("%d other parameters fixed (points.csv)", len(s.fixed)-k))
			break
		}
		parts = append(parts, r.params[j].name+" = "+r.valueText(j, s.values[k]))
	}
	return "at " + strings.Join(parts, ", ")
}

// describeMost is the most fixed values a slice's title names.
const describeMost = 3

// distinct returns the sorted distinct values of parameter j over points.
func (r *results) distinct(j int, points []int) []float64 {
	vs := make([]float64, 0, len(points))
	for _, i := range points {
		vs = append(vs, r.points[i].values[j])
	}
	slices.Sort(vs)
	return slices.Compact(vs)
}

// sweepPlan is one sweep figure: parameter j along the points of slice s.
type sweepPlan struct {
	j int
	s slice
}

// heatPlan is one contrast heatmap: parameters i (x) and j (y) forming a
// full grid on the points of slice s.
type heatPlan struct {
	i, j int
	s    slice
}

// plan chooses, from the design matrix alone, the figures to draw and the
// points each needs, so that the tables are then read once and only those
// points' rows are kept. A figure past its cap is left out with a note.
func (r *results) plan(ctx context.Context) error {
	r.needStat = make([]bool, len(r.points))
	r.needHead = make([]bool, len(r.points))
	for j, prm := range r.params {
		if err := ctx.Err(); err != nil {
			return err
		}
		ss := r.slices(j)
		if r.shared {
			for k := range ss {
				ss[k] = r.firstOfEach(j, ss[k])
			}
		}
		line := func(s slice) bool {
			return len(s.points) >= 2 && len(r.distinct(j, s.points)) == len(s.points)
		}
		s, ok := middle(ss, func(s slice) bool { return len(s.points) <= maxLinePoints && line(s) })
		if !ok {
			if _, long := middle(ss, line); long {
				r.note("sweep-%s is left out: its line would have more than %d points.", fileSafe(prm.name), maxLinePoints)
			}
			continue
		}
		r.sweeps = append(r.sweeps, sweepPlan{j: j, s: s})
		for _, i := range s.points {
			r.needStat[i] = true
		}
	}
	if err := r.noteTied(ctx); err != nil {
		return err
	}
	for i := range r.params {
		for j := i + 1; j < len(r.params); j++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			// A full grid has every cell once: a design that repeats a
			// point (Morris trajectories can) had as many points as cells
			// with a cell missing, drawn grey under a subtitle that read "0
			// at every point of the grid" (a review, stop 48).
			grid := func(s slice) bool {
				nx, ny := len(r.distinct(i, s.points)), len(r.distinct(j, s.points))
				if nx < 2 || ny < 2 || nx*ny != len(s.points) {
					return false
				}
				cells := make(map[[2]float64]bool, len(s.points))
				for _, k := range s.points {
					cells[[2]float64{r.points[k].values[i], r.points[k].values[j]}] = true
				}
				return len(cells) == len(s.points)
			}
			ss := r.slices(i, j)
			s, ok := middle(ss, func(s slice) bool { return len(s.points) <= maxHeatCells && grid(s) })
			if !ok {
				if _, big := middle(ss, grid); big {
					r.note("contrast-%s-%s is left out: its grid would have more than %d cells.", fileSafe(r.params[i].name), fileSafe(r.params[j].name), maxHeatCells)
				}
				continue
			}
			r.heats = append(r.heats, heatPlan{i: i, j: j, s: s})
			for _, k := range s.points {
				r.needHead[k] = true
			}
		}
	}
	for k := range min(len(r.points), maxReportRows) {
		r.needHead[k] = true
	}
	r.paired = len(r.points) <= maxBoxPoints
	if !r.paired {
		r.note("paired-differences is left out: it draws one box per design point, up to %d; this design has %d (contrasts.parquet has every point's paired contrast).", maxBoxPoints, len(r.points))
	}
	return nil
}

// firstOfEach keeps, of the points of s that repeat a value of parameter
// j (and so, in one slice, every swept value: the same point of the
// design), the first. Only for a design that shares each replicate's world
// across its points (results.shared), where a repeat is the same runs:
// experiments/breakeven.yaml repeats its defaults (point 0) at points 2,
// 30, 84 and 90, inside each strength's sweep, which put two points at one
// value on every line through the defaults, and the report drew no sweep
// figure at all and said nothing of why (a review, stop 51).
func (r *results) firstOfEach(j int, s slice) slice {
	seen := make(map[float64]bool, len(s.points))
	var keep []int
	for _, i := range s.points {
		if v := r.points[i].values[j]; !seen[v] {
			seen[v] = true
			keep = append(keep, i)
		}
	}
	if len(keep) < len(s.points) {
		s.points = keep
	}
	return s
}

// noteTied notes the swept parameters that have no sweep figure because
// they move only in step with another: two parameters i and j, neither
// with a sweep, whose points with every other parameter fixed form a line
// along each. The ablation moves treaty.retry_period and
// treaty.failure_cost together (its "treaty retries" point), and the report
// listed sweeps for every other strength and said nothing of these two (a
// review, stop 51). A random design, where no two points share the other
// parameters' values, or scatters two parameters, notes nothing.
func (r *results) noteTied(ctx context.Context) error {
	swept := make([]bool, len(r.params))
	for _, sp := range r.sweeps {
		swept[sp.j] = true
	}
	for i := range r.params {
		for j := i + 1; j < len(r.params); j++ {
			if swept[i] || swept[j] {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			// Tied: along the slice, j rises with i or falls with it
			// throughout. Two parameters of a random design, the whole
			// design one slice, scatter instead (TestManyPointsHoldLittle).
			tied := func(s slice) bool {
				n := len(s.points)
				if n < 2 || len(r.distinct(i, s.points)) != n || len(r.distinct(j, s.points)) != n {
					return false
				}
				pts := slices.Clone(s.points)
				slices.SortFunc(pts, func(a, b int) int { return cmp.Compare(r.points[a].values[i], r.points[b].values[i]) })
				up, down := true, true
				for k := 1; k < n; k++ {
					d := r.points[pts[k]].values[j] - r.points[pts[k-1]].values[j]
					up, down = up && d > 0, down && d < 0
				}
				return up || down
			}
			if s, ok := middle(r.slices(i, j), tied); ok {
				var at []string
				for _, k := range s.points {
					at = append(at, strconv.Itoa(r.points[k].index))
				}
				r.note("sweep-%s and sweep-%s are left out: the design never moves %s or %s alone, only both together (at points %s), so a line against either would show the two at once; contrasts.csv has those points.",
					fileSafe(r.params[i].name), fileSafe(r.params[j].name), r.params[i].name, r.params[j].name, joinAnd(at, 6))
			}
		}
	}
	return nil
}

// formatValue prints a parameter value briefly and exactly enough for a
// tick or a title.
func formatValue(v float64) string {
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// valueText is paramText for the k-th swept parameter of r ("" when r
// names none: a value printed as a number).
func (r *results) valueText(k int, v float64) string {
	if k < len(r.params) {
		return paramText(r.params[k].name, v)
	}
	return formatValue(v)
}

// paramText prints swept parameter name's value v as the config writes
// it: a boolean false or true, as the sweep figure's ticks do (a review,
// stop 25: 0 and 1 in the paired figure and the report's table), any
// other value by formatValue.
func paramText(name string, v float64) string {
	if spec, ok := registry.Lookup(name); ok && spec.Kind == registry.Bool {
		return strconv.FormatBool(v != 0)
	}
	return formatValue(v)
}

// fileSafe turns a dotted parameter name into a file-name stem: letters,
// digits, '.', '-' and '_' pass; anything else becomes '_'.
func fileSafe(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'
		if !ok {
			b[i] = '_'
		}
	}
	return string(b)
}
