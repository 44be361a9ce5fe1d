package analysis

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Model evaluates the model at parameter values x (in the order of the
// calibration's bounds). It must be deterministic: the same x gives the
// same observations, which holds when every evaluation runs the same task
// seeds (common random numbers). It may use workers inside; Calibrate
// calls it from one goroutine at a time.
type Model func(ctx context.Context, x []float64) (Observations, error)

// Calibration is a calibration problem: box-bounded parameters, targets,
// and a CMA-ES search.
type Calibration struct {
	Lower, Upper []float64 // the box, Lower[j] < Upper[j]
	Start        []float64 // the first mean of the search, inside the box
	Targets      []Target
	Model        Model
	// Evaluations is the budget of model evaluations (reused ones count).
	Evaluations int
	// Population is CMA-ES's λ; 0 means the default 4 + ⌊3 ln n⌋.
	Population int
	// Src seeds CMA-ES's draws. The same source state gives the same
	// search, evaluation for evaluation.
	Src rand.Source
	// Trace holds evaluations already done, as Observe received them (a
	// resumed calibration): evaluation k, when it asks for exactly the
	// parameter values of Trace[k], is taken from here instead of running
	// the model. Since the search is deterministic, a resumed search asks
	// for the trace's points in the trace's order and then goes on as the
	// first run would have; from the first record whose point it does not
	// ask for, none is taken (they were not this search's).
	Trace []Record
	// Observe, when set, receives every evaluation in order, reused ones
	// included (Reused set), e.g. to append it to a trace file. An error
	// stops the calibration.
	Observe func(Record) error
	// Points, when not nil, replaces the search by a design: the
	// calibration evaluates the start and then every one of these points,
	// in order, whatever their losses, and Evaluations must be 1 +
	// len(Points). Those that meet every target (loss 0) are the set of
	// constants the targets cannot tell apart, as far as the design
	// reaches: the rejection step of approximate Bayesian computation
	// (Pritchard et al. 1999) with a tolerance of the targets' ranges, the
	// history-matching view of calibration (Craig et al. 1997; Vernon,
	// Goldstein & Bower 2010), where a point is kept unless the data rule
	// it out. Best is then the lowest loss, the earliest on ties.
	Points [][]float64
}

// Record is one evaluation of a calibration.
type Record struct {
	Evaluation int       // 0-based, in the order of the search
	X          []float64 // parameter values
	Loss       float64
	Targets    []TargetValue // in the order of Calibration.Targets
	Reused     bool          // taken from the trace or an earlier identical evaluation
}

// CalibrationResult is the outcome of Calibrate.
type CalibrationResult struct {
	// Best is the evaluation with the lowest loss, the earliest on ties.
	Best        Record
	Evaluations int    // evaluations made, reused ones included
	Reused      int    // evaluations taken from the trace or repeated
	Status      string // why the search stopped: one of the Status constants
}

// CalibrationStep is CMA-ES's first step size σ0 as a share of each
// parameter's range. Hansen's advice (the tutorial's sec. B.1; pycma's
// documentation of sigma0) is that the optimum lie within about ±3σ0 of
// the start; 0.3 of the range reaches across the box from a start near its
// middle.
const CalibrationStep = 0.3

// calibrationTolSpread stops a search whose next steps would move no
// parameter by more than this share of its range: far below the Monte
// Carlo error of any target, so further evaluations could only re-measure
// the same loss (Hansen's TolX).
const calibrationTolSpread = 1e-12

// Why a calibration stopped (CalibrationResult.Status).
const (
	StatusMet       = "every target met"
	StatusBudget    = "evaluation budget spent"
	StatusConverged = "converged (the search's steps fell below 1e-12 of each range)"
	StatusNumerics  = "stopped: CMA-ES's covariance lost precision"
	StatusDesign    = "every point of the design evaluated"
)

// Calibrate searches the box for the parameters that minimise the loss
// (see Loss) with CMA-ES (Hansen 2016; cmaes), seeded from c.Src.
//
// The first evaluation is the start itself, so a calibration started from
// a point that meets every target returns it unchanged (a calibration
// re-run at its own fitted values is a fixed point); then CMA-ES searches
// from the start with step CalibrationStep.
//
// The box: CMA-ES searches an unbounded space u, in units of each range;
// a parameter is x_j = lo_j + (hi_j − lo_j)·fold(u_j), where fold reflects
// the real line onto [0, 1] (a triangle wave of period 2). Reflection
// keeps the landscape undistorted inside the box, unlike a logistic map,
// which flattens it near the bounds where optima of calibrations often
// lie.
//
// Determinism: evaluations run one at a time in the order CMA-ES asks for
// them, so the trace, the best point and the stopping point depend on the
// inputs alone, not on how many workers the model uses. The search stops
// at the evaluation budget, when CMA-ES converges, or as soon as an
// evaluation meets every target (loss 0: nothing is left to improve).
//
// With c.Points there is no search: the start and then every point are
// evaluated in order, whatever their losses (StatusDesign).
func Calibrate(ctx context.Context, c Calibration) (*CalibrationResult, error) {
	dim := len(c.Lower)
	if err := c.check(); err != nil {
		return nil, err
	}
	for k, r := range c.Trace {
		if len(r.X) != dim || len(r.Targets) != len(c.Targets) {
			return nil, fmt.Errorf("analysis: trace record %d has %d parameters and %d targets, want %d and %d", k, len(r.X), len(r.Targets), dim, len(c.Targets))
		}
	}
	// The trace is reused in order, each record at the evaluation that
	// asks for its point, and not at all from the first whose point the
	// search does not ask for: the records after it were not this
	// search's, and one of them taken by its point would steer the search
	// with values no evaluation of this search gave (a hostile review,
	// stop 46: a trace whose lines were swapped, their checksums written
	// again). The cache holds what the first run's held: every point's
	// first record, of the trace or evaluated, for a point asked again.
	trace := c.Trace
	cache := make(map[string]Record, len(c.Trace))
	var (
		res      CalibrationResult
		haveBest bool
	)
	// evalAt evaluates the parameters x and says whether the search must
	// stop (an error, the budget, or every target met).
	evalAt := func(x []float64) (float64, bool, error) {
		if err := ctx.Err(); err != nil {
			return 0, true, err
		}
		key := keyOf(x)
		if k := res.Evaluations; k < len(trace) {
			if keyOf(trace[k].X) != key {
				trace = nil
			} else if _, ok := cache[key]; !ok {
				cache[key] = trace[k]
			}
		}
		rec, ok := cache[key]
		if ok {
			rec.Reused = true
			res.Reused++
		} else {
			var err error
			if rec, err = c.Evaluate(ctx, x); err != nil {
				return 0, true, err
			}
			cache[key] = rec
		}
		rec.Evaluation = res.Evaluations
		res.Evaluations++
		if c.Observe != nil {
			if err := c.Observe(rec); err != nil {
				return 0, true, err
			}
		}
		if !haveBest || rec.Loss < res.Best.Loss {
			res.Best, haveBest = rec, true
		}
		switch {
		case c.Points != nil:
			if res.Evaluations < c.Evaluations {
				return rec.Loss, false, nil
			}
			res.Status = StatusDesign
		case res.Best.Loss == 0:
			res.Status = StatusMet
		case res.Evaluations >= c.Evaluations:
			res.Status = StatusBudget
		default:
			return rec.Loss, false, nil
		}
		return rec.Loss, true, nil
	}
	// eval evaluates the point u of the search space.
	eval := func(u []float64) (float64, bool, error) {
		x := make([]float64, dim)
		for j := range dim {
			x[j] = c.Lower[j] + (c.Upper[j]-c.Lower[j])*fold(u[j])
		}
		return evalAt(x)
	}
	u0 := make([]float64, dim)
	for j := range dim {
		u0[j] = (c.Start[j] - c.Lower[j]) / (c.Upper[j] - c.Lower[j])
	}
	// The start itself, not its image through u0 and back, which may
	// differ from it in the last bit.
	_, stop, err := evalAt(slices.Clone(c.Start))
	if c.Points != nil {
		for _, x := range c.Points {
			if stop || err != nil {
				break
			}
			_, stop, err = evalAt(slices.Clone(x))
		}
		if err != nil {
			return nil, err
		}
		return &res, nil
	}
	es := newCMAES(u0, CalibrationStep, c.Population, c.Src)
	for !stop && err == nil {
		xs := es.ask()
		f := make([]float64, len(xs))
		for k := range xs {
			if f[k], stop, err = eval(xs[k]); stop {
				break
			}
		}
		if stop {
			break
		}
		switch {
		case es.tell(xs, f) != nil:
			res.Status, stop = StatusNumerics, true
		case es.spread() < calibrationTolSpread:
			res.Status, stop = StatusConverged, true
		}
	}
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// Evaluate runs the model at x and measures every target: one evaluation,
// as Calibrate makes it (for instance to recompute the best point's
// intervals for a report).
func (c Calibration) Evaluate(ctx context.Context, x []float64) (Record, error) {
	obs, err := c.Model(ctx, x)
	if err != nil {
		return Record{}, err
	}
	rec := Record{X: x, Targets: make([]TargetValue, len(c.Targets))}
	for k, t := range c.Targets {
		if rec.Targets[k], err = t.Measure(obs); err != nil {
			return Record{}, err
		}
	}
	rec.Loss = Loss(c.Targets, rec.Targets)
	return rec, nil
}

// MaxPopulation is the largest CMA-ES population (λ) Calibrate takes, the
// config's calibration.optimizer.population limit too: a library caller's
// λ near the largest int made the search panic in make, and a large one
// allocated a generation far beyond any evaluation budget (a review, stop
// 49).
const MaxPopulation = 10000

// MaxCalibrationParameters is the most parameters a CMA-ES search takes
// (a design, Calibration.Points, takes any number): the search holds
// dim×dim matrices and decomposes one every generation, so a library
// caller's bounds of a million parameters asked for terabytes, a fatal
// out-of-memory error no recover catches, instead of an error (a review,
// stop 52). Every parameter of model 2.0's registry (262) fits.
const MaxCalibrationParameters = 1024

func (c Calibration) check() error {
	dim := len(c.Lower)
	switch {
	case dim == 0:
		return errors.New("analysis: a calibration needs at least one parameter")
	case c.Points == nil && dim > MaxCalibrationParameters:
		return fmt.Errorf("analysis: a CMA-ES search of %d parameters; it takes at most %d (a design of points takes more)", dim, MaxCalibrationParameters)
	case len(c.Upper) != dim || len(c.Start) != dim:
		return fmt.Errorf("analysis: %d lower bounds, %d upper bounds and %d start values", dim, len(c.Upper), len(c.Start))
	case len(c.Targets) == 0:
		return errors.New("analysis: a calibration needs at least one target")
	case c.Model == nil:
		return errors.New("analysis: a calibration needs a model")
	case c.Src == nil:
		return errors.New("analysis: a calibration needs a random source")
	case c.Evaluations < 1:
		return fmt.Errorf("analysis: evaluation budget %d; want at least 1", c.Evaluations)
	case c.Population < 0 || c.Population == 1 || c.Population > MaxPopulation:
		return fmt.Errorf("analysis: CMA-ES population %d; want 0 (the default) or 2..%d (it recombines the better half)", c.Population, MaxPopulation)
	case c.Points != nil && c.Evaluations != 1+len(c.Points):
		return fmt.Errorf("analysis: a design of %d points has %d evaluations with the start, not %d", len(c.Points), 1+len(c.Points), c.Evaluations)
	}
	for k, x := range c.Points {
		if len(x) != dim {
			return fmt.Errorf("analysis: design point %d has %d values for %d parameters", k, len(x), dim)
		}
		for j, v := range x {
			if !(c.Lower[j] <= v && v <= c.Upper[j]) {
				return fmt.Errorf("analysis: design point %d: parameter %d = %v outside [%v, %v]", k, j, v, c.Lower[j], c.Upper[j])
			}
		}
	}
	for j := range dim {
		if !(c.Lower[j] < c.Upper[j]) || math.IsInf(c.Lower[j], 0) || math.IsInf(c.Upper[j], 0) {
			return fmt.Errorf("analysis: parameter %d: bounds [%v, %v] are not a finite range", j, c.Lower[j], c.Upper[j])
		}
		if math.IsInf(c.Upper[j]-c.Lower[j], 0) {
			// The search maps the box through its width: a width past the
			// largest float64 put the second evaluation at +Inf, outside
			// the box (and a start at its lower end at NaN).
			return fmt.Errorf("analysis: parameter %d: bounds [%v, %v] are wider than the largest float64, %v", j, c.Lower[j], c.Upper[j], math.MaxFloat64)
		}
		if !(c.Lower[j] <= c.Start[j] && c.Start[j] <= c.Upper[j]) {
			return fmt.Errorf("analysis: parameter %d: start %v outside [%v, %v]", j, c.Start[j], c.Lower[j], c.Upper[j])
		}
	}
	for _, t := range c.Targets {
		if err := t.check(); err != nil {
			return err
		}
	}
	return nil
}

// fold reflects the real line onto [0, 1]: the identity on [0, 1], then a
// mirror at every integer (a triangle wave of period 2).
func fold(u float64) float64 {
	t := math.Mod(u, 2)
	if t < 0 {
		t += 2
	}
	if t > 1 {
		t = 2 - t
	}
	return t
}

// keyOf is the cache key of a parameter vector: its exact bits.
func keyOf(x []float64) string {
	b := make([]byte, 8*len(x))
	for j, v := range x {
		binary.LittleEndian.PutUint64(b[8*j:], math.Float64bits(v))
	}
	return string(b)
}
