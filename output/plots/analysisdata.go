package plots

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"

	"pactsim/output"
)

// The analysis and calibration tables the figures read (README, "What a results directory holds"), each optional: a section of the report and its figures
// appear only when its table is there.
var (
	sensitivityName     = output.TableSensitivity + ".parquet"
	discoveryName       = output.TableDiscovery + ".parquet"
	discoveryLimitsName = output.TableDiscoveryLimits + ".parquet"
	traceName           = filepath.FromSlash(output.TableTrace) + ".parquet"
	targetsName         = filepath.FromSlash(output.TableTargets) + ".parquet"
)

// estimate is one index with its 95% interval; NaN where the table holds
// null.
type estimate struct{ v, lo, hi float64 }

func (e estimate) hasCI() bool { return !math.IsNaN(e.lo) && !math.IsNaN(e.hi) }

// sensParam is one parameter's indices for one quantity.
type sensParam struct {
	name          string
	s1, st        estimate // sobol
	muStar, sigma estimate // morris (mu is read but not drawn)
}

// sensQuantity is the sensitivity of one quantity: its indices per
// parameter, in the table's (sweep) order.
type sensQuantity struct {
	method  string // output.MethodSobol or output.MethodMorris
	outcome string
	a, b    string // b is "" unless a contrast a − b
	n       int64  // base samples (sobol) or trajectories (morris)
	params  []sensParam
	// varies and points, for a Sobol' quantity with no defined index
	// (markVaries): the number of design points at which its value
	// differs from its value at the base samples, of points; 0 where it
	// does not vary over the design, -1 where that could not be read.
	varies, points int
}

// mainIndex is the index the report reads a quantity by: ST for Sobol',
// μ* for Morris, with its symbol.
func (q sensQuantity) mainIndex() (sym string, pick func(sensParam) estimate) {
	if q.method == output.MethodSobol {
		return "ST", func(p sensParam) estimate { return p.st }
	}
	return "μ*", func(p sensParam) estimate { return p.muStar }
}

// defined reports whether some parameter's main index is defined: a
// quantity that does not vary over the design has none.
func (q sensQuantity) defined() bool {
	_, pick := q.mainIndex()
	return slices.ContainsFunc(q.params, func(p sensParam) bool { return !math.IsNaN(pick(p).v) })
}

// label names the quantity: "treaty: deterrence success" or
// "layered − treaty: deterrence success".
func (q sensQuantity) label() string {
	return quantityText(q.a, q.b, q.outcome)
}

func quantityText(a, b, outcome string) string {
	if b == "" {
		return a + ": " + outcomeName(outcome)
	}
	return a + " − " + b + ": " + outcomeName(outcome)
}

// primaryFirst returns the position of the quantity the report's reading
// leads with: the first of output.PrimaryPairs analysed in the primary
// outcome, else the first; among them, one with some defined index
// (defined) before one whose indices are all undefined (a quantity that
// does not vary), which the reading could say nothing about.
func primaryFirst(n int, at func(int) (a, b, outcome string), defined func(int) bool) int {
	np := len(output.PrimaryPairs)
	key := func(i int) int {
		k := np // not a primary pair in the primary outcome
		if a, b, o := at(i); o == headline {
			if j := slices.Index(output.PrimaryPairs, [2]string{a, b}); j >= 0 {
				k = j
			}
		}
		if !defined(i) {
			k += np + 1
		}
		return k
	}
	best := 0
	for i := 1; i < n; i++ {
		if key(i) < key(best) {
			best = i
		}
	}
	return best
}

// primBox is one box of a PRIM trajectory.
type primBox struct {
	coverage, density, mass float64
	restricted              int
	limits                  []primLimit // one per parameter, in target.params order
}

type primLimit struct {
	low, high  float64
	restricted bool
}

// primTarget is one PRIM search: its condition, its trajectory and the
// selected box. Box 0 is the whole design range, so its limits are each
// parameter's range.
type primTarget struct {
	text     string
	params   []string
	boxes    []primBox
	selected int
	// undefined: at how many of the points design points the target's
	// quantity has no value to compare (countUndefined); 0 where not
	// counted.
	undefined, points int
}

// calibration is a calibration's trace and targets.
type calibration struct {
	params  []string  // the calibrated parameters, in trace order
	evals   []float64 // evaluation numbers
	loss    []float64 // +Inf where undefined (null)
	bestX   []float64 // the parameters of evaluation best; nil when best is -1
	targets []calTarget
	best    int // position in evals of the lowest loss, the earliest on ties; -1 when none is finite
	// undefined marks the evaluations at which some target had no value;
	// failed, a best evaluation at which none had (the calibration failed).
	undefined []bool
	failed    bool
}

type calTarget struct {
	name, wanted      string
	achieved, lo, hi  float64
	low, high, weight float64
	se                float64 // NaN where null
	n                 int     // replicates with a value
	met               bool
}

// analyses are the analysis and calibration tables of a directory; a nil
// field means the table is absent.
type analyses struct {
	sens []sensQuantity
	disc []primTarget
	cal  *calibration
	// weight is an ablation's contributions and break-even values
	// (weight.go); nil without contributions.parquet.
	weight *weightData
}

func exists(path string) (bool, error) {
	_, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("plots: %w", err)
	}
	return true, nil
}

// loadAnalyses reads whichever analysis and calibration tables dir has.
func loadAnalyses(ctx context.Context, dir string) (*analyses, error) {
	a := &analyses{}
	if ok, err := exists(filepath.Join(dir, sensitivityName)); err != nil {
		return nil, err
	} else if ok {
		if a.sens, err = loadSensitivity(ctx, filepath.Join(dir, sensitivityName)); err != nil {
			return nil, err
		}
		if err = markVaries(ctx, dir, a.sens); err != nil {
			return nil, err
		}
	}
	if ok, err := exists(filepath.Join(dir, discoveryName)); err != nil {
		return nil, err
	} else if ok {
		if a.disc, err = loadDiscovery(ctx, filepath.Join(dir, discoveryName), filepath.Join(dir, discoveryLimitsName)); err != nil {
			return nil, err
		}
	}
	if ok, err := exists(filepath.Join(dir, targetsName)); err != nil {
		return nil, err
	} else if ok {
		if a.cal, err = loadCalibration(ctx, filepath.Join(dir, traceName), filepath.Join(dir, targetsName)); err != nil {
			return nil, err
		}
	}
	var err error
	if a.weight, err = loadWeight(ctx, dir); err != nil {
		return nil, err
	}
	return a, nil
}

// loadSensitivity groups the sensitivity table by quantity, in order of
// first appearance, and within it by parameter. S2 rows are not drawn.
func loadSensitivity(ctx context.Context, path string) ([]sensQuantity, error) {
	t, err := readSmallTable(ctx, path, output.ColMethod, output.ColOutcome, output.ColArchitectureA, output.ColArchitectureB,
		output.ColParameter, output.ColIndex, output.ColEstimate, output.ColCILow, output.ColCIHigh, output.ColN)
	if err != nil {
		return nil, err
	}
	var cols [6][]string
	for k, c := range []struct {
		name     string
		nullable bool
	}{{output.ColMethod, false}, {output.ColOutcome, false}, {output.ColArchitectureA, false}, {output.ColArchitectureB, true}, {output.ColParameter, false}, {output.ColIndex, false}} {
		if cols[k], err = t.strings(c.name, c.nullable); err != nil {
			return nil, err
		}
	}
	var nums [4][]float64
	for k, c := range []string{output.ColEstimate, output.ColCILow, output.ColCIHigh, output.ColN} {
		if nums[k], err = t.numbers(c, k < 3); err != nil {
			return nil, err
		}
	}
	method, outcome, archA, archB, par, index := cols[0], cols[1], cols[2], cols[3], cols[4], cols[5]
	var out []sensQuantity
	for i := range t.rows {
		if index[i] == output.IndexS2 {
			continue
		}
		qi := slices.IndexFunc(out, func(q sensQuantity) bool {
			return q.method == method[i] && q.outcome == outcome[i] && q.a == archA[i] && q.b == archB[i]
		})
		if qi < 0 {
			if method[i] != output.MethodSobol && method[i] != output.MethodMorris {
				return nil, fmt.Errorf("plots: %s: row %d: method %q; want %s or %s", path, i, method[i], output.MethodSobol, output.MethodMorris)
			}
			out = append(out, sensQuantity{method: method[i], outcome: outcome[i], a: archA[i], b: archB[i], n: int64(nums[3][i])})
			qi = len(out) - 1
		}
		q := &out[qi]
		pi := slices.IndexFunc(q.params, func(p sensParam) bool { return p.name == par[i] })
		if pi < 0 {
			q.params = append(q.params, sensParam{name: par[i], s1: nanEstimate(), st: nanEstimate(), muStar: nanEstimate(), sigma: nanEstimate()})
			pi = len(q.params) - 1
		}
		p := &q.params[pi]
		e := estimate{nums[0][i], nums[1][i], nums[2][i]}
		switch index[i] {
		case output.IndexS1:
			p.s1 = e
		case output.IndexST:
			p.st = e
		case output.IndexMu:
			// a known index that no figure draws
		case output.IndexMuStar:
			p.muStar = e
		case output.IndexSigma:
			p.sigma = e
		default:
			return nil, fmt.Errorf("plots: %s: row %d: index %q is not one the figures know", path, i, index[i])
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("plots: %s: the table has no S1, ST or Morris rows", path)
	}
	return out, nil
}

func nanEstimate() estimate { return estimate{math.NaN(), math.NaN(), math.NaN()} }

// loadDiscovery reads the PRIM trajectories and their box limits.
func loadDiscovery(ctx context.Context, path, limitsPath string) ([]primTarget, error) {
	t, err := readSmallTable(ctx, path, output.ColTarget, output.ColBox, output.ColCoverage, output.ColDensity, output.ColMass, output.ColRestricted, output.ColSelected)
	if err != nil {
		return nil, err
	}
	target, err := t.strings(output.ColTarget, false)
	if err != nil {
		return nil, err
	}
	var nums [6][]float64
	for k, c := range []string{output.ColBox, output.ColCoverage, output.ColDensity, output.ColMass, output.ColRestricted, output.ColSelected} {
		// Coverage is null where no point is of interest.
		if nums[k], err = t.numbers(c, c == output.ColCoverage); err != nil {
			return nil, err
		}
	}
	var out []primTarget
	find := func(name string) int { return slices.IndexFunc(out, func(p primTarget) bool { return p.text == name }) }
	for i := range t.rows {
		k := find(target[i])
		if k < 0 {
			out = append(out, primTarget{text: target[i], selected: -1})
			k = len(out) - 1
		}
		p := &out[k]
		if int(nums[0][i]) != len(p.boxes) {
			return nil, fmt.Errorf("plots: %s: row %d: box %d of target %q; want %d (boxes in order from 0)", path, i, int(nums[0][i]), target[i], len(p.boxes))
		}
		if nums[5][i] == 1 {
			if p.selected >= 0 {
				return nil, fmt.Errorf("plots: %s: row %d: target %q has a second selected box", path, i, target[i])
			}
			p.selected = len(p.boxes)
		}
		p.boxes = append(p.boxes, primBox{coverage: nums[1][i], density: nums[2][i], mass: nums[3][i], restricted: int(nums[4][i])})
	}
	for _, p := range out {
		if p.selected < 0 {
			return nil, fmt.Errorf("plots: %s: target %q has no selected box", path, p.text)
		}
	}

	lt, err := readSmallTable(ctx, limitsPath, output.ColTarget, output.ColBox, output.ColParameter, output.ColLow, output.ColHigh, output.ColRestricted)
	if err != nil {
		return nil, err
	}
	ltarget, err := lt.strings(output.ColTarget, false)
	if err != nil {
		return nil, err
	}
	lparam, err := lt.strings(output.ColParameter, false)
	if err != nil {
		return nil, err
	}
	var lnums [4][]float64
	for k, c := range []string{output.ColBox, output.ColLow, output.ColHigh, output.ColRestricted} {
		if lnums[k], err = lt.numbers(c, false); err != nil {
			return nil, err
		}
	}
	for i := range lt.rows {
		k := find(ltarget[i])
		if k < 0 {
			return nil, fmt.Errorf("plots: %s: row %d: target %q is not in %s", limitsPath, i, ltarget[i], path)
		}
		p := &out[k]
		b := int(lnums[0][i])
		if b < 0 || b >= len(p.boxes) {
			return nil, fmt.Errorf("plots: %s: row %d: box %d of target %q is not in %s", limitsPath, i, b, ltarget[i], path)
		}
		j := slices.Index(p.params, lparam[i])
		if j < 0 {
			if b != 0 {
				return nil, fmt.Errorf("plots: %s: row %d: parameter %q of target %q has no row for box 0", limitsPath, i, lparam[i], ltarget[i])
			}
			p.params = append(p.params, lparam[i])
			j = len(p.params) - 1
		}
		box := &p.boxes[b]
		if len(box.limits) != j {
			return nil, fmt.Errorf("plots: %s: row %d: parameter %q of box %d of target %q is out of order", limitsPath, i, lparam[i], b, ltarget[i])
		}
		box.limits = append(box.limits, primLimit{low: lnums[1][i], high: lnums[2][i], restricted: lnums[3][i] == 1})
	}
	for _, p := range out {
		for b, box := range p.boxes {
			if len(box.limits) != len(p.params) {
				return nil, fmt.Errorf("plots: %s: box %d of target %q has limits for %d of %d parameters", limitsPath, b, p.text, len(box.limits), len(p.params))
			}
		}
	}
	return out, nil
}

// loadCalibration reads a calibration's trace (its evaluation, parameter
// and loss columns: the parameters are the columns between evaluation and
// loss) and its targets.
func loadCalibration(ctx context.Context, tracePath, targetsPath string) (*calibration, error) {
	t, err := readSmallTable(ctx, tracePath, output.ColEvaluation, output.ColLoss)
	if err != nil {
		return nil, err
	}
	c := &calibration{best: -1}
	if c.evals, err = t.numbers(output.ColEvaluation, false); err != nil {
		return nil, err
	}
	loss, err := t.numbers(output.ColLoss, true)
	if err != nil {
		return nil, err
	}
	c.loss = make([]float64, len(loss))
	for i, l := range loss {
		if math.IsNaN(l) {
			l = math.Inf(1) // null: some target undefined
		}
		c.loss[i] = l
		if !math.IsInf(l, 1) && (c.best < 0 || l < c.loss[c.best]) {
			c.best = i
		}
	}
	at := slices.Index(t.fields, output.ColEvaluation)
	end := slices.Index(t.fields, output.ColLoss)
	if end <= at+1 {
		return nil, fmt.Errorf("plots: %s: no parameter columns between %q and %q", tracePath, output.ColEvaluation, output.ColLoss)
	}
	c.params = slices.Clone(t.fields[at+1 : end])
	cols := make([][]float64, len(c.params))
	for j, name := range c.params {
		if cols[j], err = t.numbers(name, false); err != nil {
			return nil, err
		}
	}
	if c.best >= 0 {
		c.bestX = make([]float64, len(c.params))
		for j := range c.params {
			c.bestX[j] = cols[j][c.best]
		}
	}

	g, err := readSmallTable(ctx, targetsPath, output.ColName, output.ColWanted, output.ColAchieved, output.ColCILow, output.ColCIHigh,
		output.ColMet, output.ColLow, output.ColHigh, output.ColSE, output.ColN, output.ColWeight)
	if err != nil {
		return nil, err
	}
	names, err := g.strings(output.ColName, false)
	if err != nil {
		return nil, err
	}
	wanted, err := g.strings(output.ColWanted, false)
	if err != nil {
		return nil, err
	}
	var nums [9][]float64
	for k, col := range []string{output.ColAchieved, output.ColCILow, output.ColCIHigh, output.ColSE, output.ColMet, output.ColLow, output.ColHigh, output.ColN, output.ColWeight} {
		if nums[k], err = g.numbers(col, k < 4); err != nil {
			return nil, err
		}
	}
	for i := range g.rows {
		c.targets = append(c.targets, calTarget{
			name: names[i], wanted: wanted[i],
			achieved: nums[0][i], lo: nums[1][i], hi: nums[2][i],
			met: nums[4][i] == 1, low: nums[5][i], high: nums[6][i], weight: nums[8][i],
			se: nums[3][i], n: int(nums[7][i]),
		})
	}
	if len(c.targets) == 0 {
		return nil, fmt.Errorf("plots: %s: the table has no rows", targetsPath)
	}
	// Which evaluations left some target without a value: their loss
	// carries analysis.UndefinedDistance (engine 0.4.6 on), read from the
	// values, not guessed from the loss's size.
	c.undefined = make([]bool, len(c.loss))
	for _, tg := range c.targets {
		col := output.TraceColumn(tg.name, output.TraceValue)
		if !slices.Contains(t.fields, col) {
			continue // a trace of another shape: nothing to mark
		}
		v, err := t.numbers(col, true)
		if err != nil {
			return nil, err
		}
		for i, x := range v {
			c.undefined[i] = c.undefined[i] || math.IsNaN(x)
		}
	}
	// No target has a value at the best evaluation: the calibration
	// failed (runner calibrate exits 1), and its best is no fit.
	c.failed = true
	for _, tg := range c.targets {
		c.failed = c.failed && math.IsNaN(tg.achieved)
	}
	return c, nil
}
