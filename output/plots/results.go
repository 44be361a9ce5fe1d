package plots

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
)

// Headline outcome and pair (DESIGN.md, "Precise contracts": contrasts list
// layered - treaty first).
const (
	headlineOutcome = "deterrence_success"
	headlineA       = "layered"
	headlineB       = "treaty"
)

// param is a swept parameter: its dotted name and unit.
type param struct {
	name string
	unit string
}

// label is the axis label of a parameter: name and unit.
func (p param) label() string { return withUnit(p.name, p.unit) }

func withUnit(name, unit string) string {
	if unit == "" {
		return name
	}
	return name + " (" + unit + ")"
}

// designPoint is one point of the sweep: its index and swept values, in the
// order of results.params.
type designPoint struct {
	index  int
	values []float64
}

// stat is one summary cell; NaN where the table holds null.
type stat struct {
	n                      int64
	mean, sd, se, lo, high float64
}

type statKey struct {
	point        int
	architecture string
	outcome      string
}

// contrast is one row of contrasts.parquet.
type contrast struct {
	point              int
	outcome            string
	a, b               string
	n                  int64
	meanDiff, lo, high float64
	pABetter, pTie     float64
}

// results is everything the figures need, loaded from a results directory.
// Every slice is in a fixed order (points ascending, architectures in the
// order of their first row in summary.parquet, which is config order), so
// figures never depend on map iteration.
type results struct {
	dir           string
	params        []param
	points        []designPoint
	architectures []string
	outcomes      []string
	summary       map[statKey]stat
	units         map[string]string // outcome -> unit, from the runs schema

	contrasts []contrast // empty when contrasts.parquet is absent
	pairA     string     // the headline pair, "" when there is none
	pairB     string

	// diffs[i] holds the paired differences pairA - pairB of the headline
	// outcome at points[i], in replicate order; nil without runs parts.
	diffs [][]float64
}

var summaryColumns = []string{"point", "architecture", "outcome", "n", "mean", "sd", "se", "ci_low", "ci_high"}
var contrastColumns = []string{"point", "outcome", "architecture_a", "architecture_b", "n", "mean_diff", "ci_low", "ci_high", "p_a_better", "p_tie"}

// loadResults reads DIR/summary.parquet (required), DIR/contrasts.parquet
// and DIR/runs/part-*.parquet (each optional: the figures that need them are
// skipped).
func loadResults(dir string) (*results, error) {
	r := &results{dir: dir, summary: make(map[statKey]stat), units: make(map[string]string)}
	if err := r.loadSummary(filepath.Join(dir, "summary.parquet")); err != nil {
		return nil, err
	}
	cpath := filepath.Join(dir, "contrasts.parquet")
	if _, err := os.Stat(cpath); err == nil {
		if err := r.loadContrasts(cpath); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("plots: %w", err)
	}
	r.choosePair()
	parts, err := filepath.Glob(filepath.Join(dir, "runs", "part-*.parquet"))
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	sort.Strings(parts)
	if err := r.loadRuns(parts); err != nil {
		return nil, err
	}
	return r, nil
}

// sweptColumns returns the columns of a long table that are not in known:
// the swept parameters, in schema order.
func sweptColumns(t *table, known []string) []string {
	var out []string
	for _, f := range t.schema.Fields() {
		if !slices.Contains(known, f.Name) {
			out = append(out, f.Name)
		}
	}
	return out
}

func (r *results) loadSummary(path string) error {
	head, err := openTable(path, summaryColumns)
	if err != nil {
		return err
	}
	swept := sweptColumns(head, summaryColumns)
	head.Close()
	t, err := openTable(path, append(slices.Clone(summaryColumns), swept...))
	if err != nil {
		return err
	}
	defer t.Close()

	points, err := t.ints("point")
	if err != nil {
		return err
	}
	archs, err := t.strings("architecture")
	if err != nil {
		return err
	}
	outcomes, err := t.strings("outcome")
	if err != nil {
		return err
	}
	ns, err := t.ints("n")
	if err != nil {
		return err
	}
	cols := make([][]float64, 5)
	for i, name := range []string{"mean", "sd", "se", "ci_low", "ci_high"} {
		// sd, se and the CI are null when n < 2; the mean when n = 0. A
		// column that is null everywhere is a broken table.
		if cols[i], err = t.floats(name, true); err != nil {
			return err
		}
	}
	values := make([][]float64, len(swept))
	for i, name := range swept {
		if values[i], err = t.floats(name, false); err != nil {
			return err
		}
		r.params = append(r.params, param{name: name, unit: t.unit(name)})
	}

	seen := make(map[int]bool)
	for i := range points {
		p := int(points[i])
		if !slices.Contains(r.architectures, archs[i]) {
			r.architectures = append(r.architectures, archs[i])
		}
		if !slices.Contains(r.outcomes, outcomes[i]) {
			r.outcomes = append(r.outcomes, outcomes[i])
		}
		k := statKey{p, archs[i], outcomes[i]}
		if _, dup := r.summary[k]; dup {
			return fmt.Errorf("plots: %s: row %d repeats point %d, architecture %q, outcome %q", path, i, p, archs[i], outcomes[i])
		}
		r.summary[k] = stat{n: ns[i], mean: cols[0][i], sd: cols[1][i], se: cols[2][i], lo: cols[3][i], high: cols[4][i]}
		if !seen[p] {
			seen[p] = true
			v := make([]float64, len(swept))
			for j := range swept {
				v[j] = values[j][i]
			}
			r.points = append(r.points, designPoint{index: p, values: v})
		}
	}
	slices.SortFunc(r.points, func(a, b designPoint) int { return a.index - b.index })
	if !slices.Contains(r.outcomes, headlineOutcome) {
		return fmt.Errorf("plots: %s: column %q has no %q rows", path, "outcome", headlineOutcome)
	}
	return nil
}

func (r *results) loadContrasts(path string) error {
	t, err := openTable(path, contrastColumns)
	if err != nil {
		return err
	}
	defer t.Close()
	points, err := t.ints("point")
	if err != nil {
		return err
	}
	outcomes, err := t.strings("outcome")
	if err != nil {
		return err
	}
	as, err := t.strings("architecture_a")
	if err != nil {
		return err
	}
	bs, err := t.strings("architecture_b")
	if err != nil {
		return err
	}
	ns, err := t.ints("n")
	if err != nil {
		return err
	}
	names := []string{"mean_diff", "ci_low", "ci_high", "p_a_better", "p_tie"}
	cols := make([][]float64, len(names))
	for i, name := range names {
		cols[i], err = t.floats(name, true)
		if err != nil && name == "p_a_better" {
			// Null throughout is legal for p_a_better only if no outcome
			// has a direction; the headline outcome has one.
			return err
		}
		if err != nil {
			return err
		}
	}
	for i := range points {
		r.contrasts = append(r.contrasts, contrast{
			point: int(points[i]), outcome: outcomes[i], a: as[i], b: bs[i], n: ns[i],
			meanDiff: cols[0][i], lo: cols[1][i], high: cols[2][i], pABetter: cols[3][i], pTie: cols[4][i],
		})
	}
	return nil
}

// choosePair picks layered - treaty when both ran, else the first pair of
// the headline outcome in contrasts.parquet, else none.
func (r *results) choosePair() {
	if slices.Contains(r.architectures, headlineA) && slices.Contains(r.architectures, headlineB) {
		r.pairA, r.pairB = headlineA, headlineB
		return
	}
	for _, c := range r.contrasts {
		if c.outcome == headlineOutcome {
			r.pairA, r.pairB = c.a, c.b
			return
		}
	}
}

// headline returns the contrasts of the headline pair and outcome, in point
// order.
func (r *results) headline() []contrast {
	var out []contrast
	for _, c := range r.contrasts {
		if c.outcome == headlineOutcome && c.a == r.pairA && c.b == r.pairB {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(x, y contrast) int { return x.point - y.point })
	return out
}

// loadRuns reads the headline outcome of every run, pairs the rows of the
// headline pair by (point, replicate) and keeps the differences. It also
// takes outcome units from the first part's field metadata.
func (r *results) loadRuns(parts []string) error {
	if len(parts) == 0 {
		return nil
	}
	type task struct{ point, replicate int64 }
	a := make(map[task]float64)
	b := make(map[task]float64)
	var order []task
	for i, path := range parts {
		rows, err := r.readPart(path, i == 0)
		if err != nil {
			return err
		}
		for _, row := range rows {
			k := task{row.point, row.replicate}
			var m map[task]float64
			switch row.architecture {
			case r.pairA:
				m = a
			case r.pairB:
				m = b
			default:
				continue
			}
			_, inA := a[k]
			_, inB := b[k]
			if !inA && !inB {
				order = append(order, k)
			}
			m[k] = row.y
		}
	}
	if r.pairA == "" {
		return nil
	}
	slices.SortFunc(order, func(x, y task) int {
		if x.point != y.point {
			return int(x.point - y.point)
		}
		return int(x.replicate - y.replicate)
	})
	at := make(map[int]int, len(r.points))
	for i, p := range r.points {
		at[p.index] = i
	}
	r.diffs = make([][]float64, len(r.points))
	for _, k := range order {
		ya, okA := a[k]
		yb, okB := b[k]
		i, okP := at[int(k.point)]
		if !okA || !okB || !okP || math.IsNaN(ya) || math.IsNaN(yb) {
			continue
		}
		r.diffs[i] = append(r.diffs[i], ya-yb)
	}
	return nil
}

// runRow is the part of a runs row that the paired-difference figure needs.
type runRow struct {
	point, replicate int64
	architecture     string
	y                float64 // the headline outcome, NaN for null
}

// readPart reads one runs part; with units it also records the outcome
// units from the part's field metadata.
func (r *results) readPart(path string, units bool) ([]runRow, error) {
	t, err := openTable(path, []string{"point", "replicate", "architecture", headlineOutcome})
	if err != nil {
		return nil, err
	}
	defer t.Close()
	if units {
		for _, f := range t.schema.Fields() {
			if u := t.unit(f.Name); u != "" {
				r.units[f.Name] = u
			}
		}
	}
	points, err := t.ints("point")
	if err != nil {
		return nil, err
	}
	reps, err := t.ints("replicate")
	if err != nil {
		return nil, err
	}
	archs, err := t.strings("architecture")
	if err != nil {
		return nil, err
	}
	ys, err := t.floats(headlineOutcome, true)
	if err != nil {
		return nil, err
	}
	rows := make([]runRow, len(points))
	for i := range rows {
		rows[i] = runRow{points[i], reps[i], archs[i], ys[i]}
	}
	return rows, nil
}

// stat returns the summary cell, and whether it exists with a mean.
func (r *results) stat(point int, arch, outcome string) (stat, bool) {
	s, ok := r.summary[statKey{point, arch, outcome}]
	return s, ok && !math.IsNaN(s.mean)
}

// pooled returns the design-weighted mean of an outcome over all points, for
// one architecture, with a 95% normal interval. Points are fixed strata, so
// the standard error is sqrt(sum w_i^2 se_i^2) with w_i = n_i / N (the
// stratified-sample variance, Cochran 1977, Sampling Techniques, eq. 5.6).
// With one point it is that point's own row, CI included.
func (r *results) pooled(arch, outcome string) (stat, bool) {
	if len(r.points) == 1 {
		return r.stat(r.points[0].index, arch, outcome)
	}
	var out stat
	var sum, v float64
	for _, p := range r.points {
		s, ok := r.stat(p.index, arch, outcome)
		if !ok || s.n == 0 {
			continue
		}
		out.n += s.n
		sum += float64(s.n) * s.mean
	}
	if out.n == 0 {
		return stat{}, false
	}
	out.mean = sum / float64(out.n)
	for _, p := range r.points {
		s, ok := r.stat(p.index, arch, outcome)
		if !ok || s.n == 0 {
			continue
		}
		w := float64(s.n) / float64(out.n)
		se := s.se
		if math.IsNaN(se) {
			se = 0 // n = 1: no spread to add
		}
		v += w * w * se * se
	}
	out.se = math.Sqrt(v)
	out.lo, out.high = out.mean-1.959964*out.se, out.mean+1.959964*out.se
	out.sd = math.NaN()
	return out, true
}

// outcomeLabel is an outcome's name with its unit from the runs schema.
func (r *results) outcomeLabel(outcome string) string {
	return withUnit(outcome, r.units[outcome])
}

func (r *results) summaryPath() string { return filepath.Join(r.dir, "summary.parquet") }

func (r *results) contrastsPath() string { return filepath.Join(r.dir, "contrasts.parquet") }
