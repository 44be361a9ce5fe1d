package output

import (
	"fmt"
	"math"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"pactsim/engine"
)

// Break-even values of an ablation's strengths (docs/model.md sec. 19,
// "Estimand and ablation"): for each swept parameter that the plan moves
// alone to at least two values besides the baseline's (a one-at-a-time
// sweep, experiments/breakeven.yaml), where each primary contrast of the two
// headline outcomes changes sign as the parameter moves, by linear
// interpolation between neighbouring values (BreakEven). The curve is the
// contrast at the baseline (the defaults) and at every point that differs
// from it in that parameter alone; a run's contrasts carry Monte Carlo
// noise, so a crossing where the contrast is near 0 over a range is one of
// several: the table says how many there are.
const (
	TableBreakEven = "breakeven"

	ColDefaultValue    = "default_value"
	ColValues          = "values"
	ColBreakEvenValue  = "break_even"
	ColCrossings       = "crossings"
	breakEvenMinValues = 3
)

// breakEvenOutcomes are the outcomes whose break-even values are reported:
// the two headlines.
var breakEvenOutcomes = []engine.OutcomeID{PrimaryOutcome, SecondaryOutcome}

func init() {
	fixedColumns[TableBreakEven] = []string{ColParameter, ColOutcome, ColArchitectureA, ColArchitectureB, ColDefaultValue, ColContrastDefault, ColLow, ColHigh, ColValues, ColBreakEvenValue, ColCrossings}
}

// zeroTol is the size below which BreakEven takes a contrast as 0.
const zeroTol = 1e-12

// BreakEven returns where y(x) changes sign, by linear interpolation between
// neighbours of the curve (xs ascending, ys the contrast at each): the
// crossing nearest x0 (the default), and how many crossings the curve has.
// A value where y is 0 (|y| <= 1e-12) is a crossing only if the sign differs on
// its two sides (a touch is not a change of sign), and then the crossing is
// there (the midpoint of a run of such values), not interpolated between
// its neighbours. ok is false when y keeps
// its sign over the whole range ("none within range"), or with fewer than
// two points. NaN values are skipped.
//
// ys[i] is the contrast at xs[i]: BreakEven panics, with a message that
// says so, if len(ys) != len(xs), as gonum's functions do on a dimension
// mismatch (a programming error: the break-even table pairs each swept
// value with its contrast; a config cannot give another count). It
// panicked with a bare index out of range where ys was the shorter, and
// ignored the extra ys otherwise (a review, stop 53).
func BreakEven(xs, ys []float64, x0 float64) (x float64, crossings int, ok bool) {
	if len(xs) != len(ys) {
		panic(fmt.Sprintf("output: BreakEven of %d xs and %d ys; want one y for each x", len(xs), len(ys)))
	}
	best := math.Inf(1)
	prev, prevX, prevY := -1, 0.0, 0.0 // the last point with a nonzero sign
	// The first and last exact zeros since that point (NaN: none).
	zeroLo, zeroHi := math.NaN(), math.NaN()
	for i := range xs {
		y := ys[i]
		if math.IsNaN(y) || math.IsNaN(xs[i]) {
			continue
		}
		// A mean that should be exactly 0 can come out of the running
		// update as ±1e-19; below zeroTol it counts as 0, far under any
		// resolvable contrast (a share over 40 periods and 200 replicates
		// moves in steps of 1.25e-4).
		if math.Abs(y) <= zeroTol {
			if prev >= 0 {
				if math.IsNaN(zeroLo) {
					zeroLo = xs[i]
				}
				zeroHi = xs[i]
			}
			continue
		}
		if prev >= 0 && (prevY < 0) != (y < 0) {
			// Between the two signed neighbours: at the zeros if the curve
			// passes through 0 there (the midpoint of the first and last),
			// else by linear interpolation.
			c := prevX + (xs[i]-prevX)*(0-prevY)/(y-prevY)
			if math.IsInf(xs[i]-prevX, 0) || math.IsInf(y-prevY, 0) {
				c = farCrossing(prevX, xs[i], prevY, y)
			}
			if !math.IsNaN(zeroLo) {
				c = zeroLo + (zeroHi-zeroLo)/2
				if math.IsInf(zeroHi-zeroLo, 0) {
					c = zeroLo/2 + zeroHi/2
				}
			}
			crossings++
			// The first crossing is taken whatever its distance: one
			// more than the largest float64 from x0 (Inf) was never
			// below best, and ok came back with x = 0, outside the
			// curve (a review, stop 51).
			if d := math.Abs(c - x0); crossings == 1 || d < best {
				best, x = d, c
			}
		}
		prev, prevX, prevY = i, xs[i], y
		zeroLo, zeroHi = math.NaN(), math.NaN()
	}
	return x, crossings, crossings > 0
}

// farCrossing is the zero of the line through (x1, y1) and (x2, y2), y1 and
// y2 of opposite signs, where x2 − x1 or y2 − y1 passes the largest
// float64: BreakEven's expression took the first to ±Inf (a crossing
// outside the curve) and the second to a share of 0 (a crossing at x1). The
// share t of the way from x1 is formed from halves, which cannot overflow,
// and the crossing as a weighted mean of the ends, which lies between them.
// An infinite y is infinitely far from 0: the crossing is at the other end
// (halfway where both are infinite), not NaN.
func farCrossing(x1, x2, y1, y2 float64) float64 {
	t := (y1 / 2) / (y1/2 - y2/2)
	if math.IsNaN(t) { // y1 infinite
		t = 1
		if math.IsInf(y2, 0) {
			t = 0.5
		}
	}
	return x1*(1-t) + x2*t
}

// BreakEvenSchema is the schema of the breakeven table.
func BreakEvenSchema(archs []string, prov Provenance) (*arrow.Schema, error) {
	if err := checkArchitectures(archs); err != nil {
		return nil, err
	}
	fs := []arrow.Field{
		field(ColParameter, dictString, false, "the strength swept one at a time (its dotted name)", "", "a parameter of docs/model.md sec. 14"),
		outcomeField(ColOutcome),
		architectureField(ColArchitectureA, "first architecture of the primary contrast (the difference is a − b)", archs),
		architectureField(ColArchitectureB, "second architecture of the primary contrast", archs),
		field(ColDefaultValue, f64, false, "the parameter's value at the baseline (its default)", "as the parameter", "real"),
		field(ColContrastDefault, f64, true, "mean of a − b at the baseline (null if undefined)", "as the outcome", "real"),
		field(ColLow, f64, false, "lowest value of the sweep", "as the parameter", "real"),
		field(ColHigh, f64, false, "highest value of the sweep", "as the parameter", "real"),
		field(ColValues, i64, false, "distinct values of the parameter on the curve, the baseline's included", "values", ">= 3"),
		field(ColBreakEvenValue, f64, true, "where the mean of a − b changes sign, by linear interpolation between neighbouring values (at a value where it is 0 between signs: that value); the crossing nearest the default when there are several; null: none within range", "as the parameter", "[low, high]"),
		field(ColCrossings, i64, false, "changes of sign along the curve (0: none within range; > 1: the contrast is near 0 and the crossings are partly Monte Carlo noise)", "crossings", ">= 0"),
	}
	return newSchema(TableBreakEven, fs, prov)
}

// breakEvenParams returns, per point, the index of the one swept parameter
// in which the point differs from the baseline (-1: none or several), and
// the parameters with at least breakEvenMinValues values on their curve.
func breakEvenParams(l *Layout) (varied []int, params []int) {
	ab := l.Ablation
	if ab == nil {
		return nil, nil
	}
	base := slices.Clone(l.PointAt(ab.Baseline))
	varied = make([]int, l.NumPoints)
	values := make([]map[float64]bool, len(l.Swept))
	for p := range l.NumPoints {
		varied[p] = -1
		if p == ab.Baseline {
			continue
		}
		for k, x := range l.PointAt(p) {
			if x == base[k] {
				continue
			}
			if varied[p] == -1 {
				varied[p] = k
			} else {
				varied[p] = -2
			}
		}
		if k := varied[p]; k >= 0 {
			if values[k] == nil {
				values[k] = map[float64]bool{base[k]: true}
			}
			values[k][l.PointAt(p)[k]] = true
		} else {
			varied[p] = -1
		}
	}
	for k, v := range values {
		if len(v) >= breakEvenMinValues {
			params = append(params, k)
		}
	}
	return varied, params
}

// hasBreakEven reports whether Finalize writes the breakeven table.
func (d *Dataset) hasBreakEven() bool {
	if !d.hasContributions() {
		return false
	}
	return len(d.beParams) > 0
}

// curvePoint is one point of a break-even curve.
type curvePoint struct{ x, y float64 }

// breakEvenState collects the curves as the points are emitted: a few
// numbers per point (the headline outcomes' contrasts), which the table
// needs all at once to find the crossings.
type breakEvenState struct {
	varied []int
	params []int
	base   []float64               // (pair j, outcome o): the baseline's contrast
	curves map[[3]int][]curvePoint // (param k, pair j, outcome o)
	baseX  []float64               // per swept parameter, the baseline's value
}

func (acc *accumulator) initBreakEven() {
	c := acc.contrib
	if c == nil || acc.w.table(TableBreakEven) == nil {
		return
	}
	acc.be = &breakEvenState{
		varied: acc.d.beVaried, params: acc.d.beParams,
		base:   make([]float64, len(c.pairs)*len(breakEvenOutcomes)),
		curves: map[[3]int][]curvePoint{},
		baseX:  slices.Clone(acc.d.l.PointAt(c.baseline)),
	}
}

// addBreakEven records point p's contrasts (at the baseline, the paired
// differences of the point's contrasts); xs are p's values.
func (acc *accumulator) addBreakEven(p int, xs []float64) {
	be, c := acc.be, acc.contrib
	if be == nil {
		return
	}
	K := acc.K
	for j := range c.pairs {
		for o, id := range breakEvenOutcomes {
			k := int(id)
			if p == c.baseline {
				// The same differences, in the same replicate order, as
				// the stored c.base where c.baseOK.
				m := acc.diffs[c.pairs[j]*K+k].diff
				be.base[j*len(breakEvenOutcomes)+o] = math.NaN()
				if m.n > 0 {
					be.base[j*len(breakEvenOutcomes)+o] = m.average()
				}
				continue
			}
			if kk := be.varied[p]; kk >= 0 {
				y := math.NaN()
				if c.off[j*K+k].n > 0 {
					y = c.off[j*K+k].average()
				}
				key := [3]int{kk, j, o}
				be.curves[key] = append(be.curves[key], curvePoint{xs[kk], y})
			}
		}
	}
}

// emitBreakEven writes the breakeven rows once every point is read.
func (acc *accumulator) emitBreakEven() error {
	be, c := acc.be, acc.contrib
	if be == nil {
		return nil
	}
	t := acc.w.table(TableBreakEven)
	b := t.b
	l := &acc.d.l
	for _, k := range be.params {
		for j, pi := range c.pairs {
			for o, id := range breakEvenOutcomes {
				y0 := be.base[j*len(breakEvenOutcomes)+o]
				pts := append(slices.Clone(be.curves[[3]int{k, j, o}]), curvePoint{be.baseX[k], y0})
				slices.SortStableFunc(pts, func(a, b curvePoint) int {
					switch {
					case a.x < b.x:
						return -1
					case a.x > b.x:
						return 1
					}
					return 0
				})
				xs, ys := make([]float64, len(pts)), make([]float64, len(pts))
				distinct := 0
				for i, pt := range pts {
					xs[i], ys[i] = pt.x, pt.y
					if i == 0 || pt.x != pts[i-1].x {
						distinct++
					}
				}
				x, n, ok := BreakEven(xs, ys, be.baseX[k])
				for f, v := range []string{l.Swept[k], engine.Outcomes[id].Name, l.Architectures[acc.pairs[pi][0]], l.Architectures[acc.pairs[pi][1]]} {
					if err := b.Field(f).(*array.BinaryDictionaryBuilder).AppendString(v); err != nil {
						return err
					}
				}
				b.Field(4).(*array.Float64Builder).Append(be.baseX[k])
				appendOptional(b.Field(5), y0, !math.IsNaN(y0))
				b.Field(6).(*array.Float64Builder).Append(xs[0])
				b.Field(7).(*array.Float64Builder).Append(xs[len(xs)-1])
				b.Field(8).(*array.Int64Builder).Append(int64(distinct))
				appendOptional(b.Field(9), x, ok)
				b.Field(10).(*array.Int64Builder).Append(int64(n))
			}
		}
	}
	return t.rowsAdded()
}
