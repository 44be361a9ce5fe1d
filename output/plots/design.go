package plots

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// slice is a set of design points on which every swept parameter except
// the free ones is constant.
type slice struct {
	fixed  []int     // indices into results.params held constant
	values []float64 // their values, aligned with fixed
	points []int     // indices into results.points
}

// slices groups the design points by the values of every parameter that is
// not free, in ascending lexicographic order of those values.
func (r *results) slices(free ...int) []slice {
	var fixed []int
	for j := range r.params {
		if !slices.Contains(free, j) {
			fixed = append(fixed, j)
		}
	}
	var out []slice
	for i, p := range r.points {
		v := make([]float64, len(fixed))
		for k, j := range fixed {
			v[k] = p.values[j]
		}
		at := slices.IndexFunc(out, func(s slice) bool { return slices.Equal(s.values, v) })
		if at < 0 {
			out = append(out, slice{fixed: fixed, values: v})
			at = len(out) - 1
		}
		out[at].points = append(out[at].points, i)
	}
	slices.SortFunc(out, func(a, b slice) int {
		for k := range a.values {
			if c := cmp.Compare(a.values[k], b.values[k]); c != 0 {
				return c
			}
		}
		return 0
	})
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
// "at population.autonomy_shift = 0"; "" when nothing is fixed.
func (r *results) describe(s slice) string {
	if len(s.fixed) == 0 {
		return ""
	}
	parts := make([]string, len(s.fixed))
	for k, j := range s.fixed {
		parts[k] = r.params[j].name + " = " + formatValue(s.values[k])
	}
	return "at " + strings.Join(parts, ", ")
}

// distinct returns the sorted distinct values of parameter j over points.
func (r *results) distinct(j int, points []int) []float64 {
	var vs []float64
	for _, i := range points {
		vs = append(vs, r.points[i].values[j])
	}
	slices.Sort(vs)
	return slices.Compact(vs)
}

// formatValue prints a parameter value briefly and exactly enough for a
// tick or a title.
func formatValue(v float64) string {
	return strconv.FormatFloat(v, 'g', 4, 64)
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
