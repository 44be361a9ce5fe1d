package experiments

import (
	"context"
	"fmt"
	"math"
	"path"
	"path/filepath"
	"strings"
	"time"

	"pactsim/analysis"
	"pactsim/engine"
	"pactsim/output"
)

// CalibrateOptions says where and how Calibrate writes. Dir is required;
// the zero value of everything else is a fresh calibration on
// DefaultWorkers() workers.
type CalibrateOptions struct {
	Dir     string // the calibration's results directory
	Workers int    // <= 0: DefaultWorkers(); the outputs do not depend on it
	// Resume continues an interrupted calibration in Dir from its trace;
	// Force replaces a previous results directory. They exclude each
	// other; without either, Dir must be missing or empty.
	Resume, Force bool
	// Progress, when not nil, is called after every evaluation.
	Progress func(CalibrationProgress)
	// AfterEvaluation, when not nil, is called after each evaluation that
	// was run (not reused) is in the trace, with the number of evaluations
	// so far; an error stops the calibration. The command line's tests use
	// it as a deterministic stop point.
	AfterEvaluation func(evaluations int) error
	// Started is the start time the manifest records; zero means now.
	Started time.Time
	// Notice, when not nil, receives what a resume found worth saying
	// before it goes on (evaluations of the trace it will not reuse).
	Notice func(msg string)
	// Planned, when not nil, receives the estimate (EstimateCalibration)
	// before anything is written; AllowLarge accepts one over a soft
	// limit, which is otherwise refused as for a run (Estimate.Check).
	Planned    func(Estimate)
	AllowLarge bool
	// Replaced, when not nil, is told at once what --force replaced
	// (replacedWhat), even where the calibration then fails (a review,
	// stop 50).
	Replaced func(string)
}

// CalibrationProgress is one evaluation, for progress messages.
type CalibrationProgress struct {
	Evaluation int     // 0-based
	Budget     int     // calibration.optimizer.evaluations
	Loss       float64 // this evaluation's loss (an undefined target counts analysis.UndefinedDistance)
	Best       float64 // the lowest loss so far
	Reused     bool    // taken from the trace of an interrupted calibration
	Undefined  int     // targets undefined at this evaluation
}

// CalibrateResult is what Calibrate did.
type CalibrateResult struct {
	Dir string
	// Complete: --resume found the calibration complete and verified;
	// nothing was done, and of the other fields only Evaluations, Best
	// (its evaluation, parameters and loss) and Calibrated are set.
	Complete    bool
	Evaluations int // evaluations in the trace
	Resumed     int // of which taken from an interrupted calibration's trace
	// Consistent counts the evaluations of the trace that meet every
	// target (loss 0): with method lhs, the design's points the targets
	// cannot rule out.
	Consistent int
	Best       analysis.Record
	Status     string // why the search stopped (one of analysis's Status constants)
	Targets    []output.TargetRow
	Calibrated string // path of calibrated.yaml
	Report     string // path of report.html when the config draws plots, else ""
	Replaced   string // what --force replaced (replacedWhat), or ""
	Manifest   *output.Manifest
}

// Calibrate fits the free parameters of the plan's calibration section to
// its targets (`runner calibrate`, README, "What a results directory holds") and writes
// the calibration's results directory opt.Dir:
//
//	config.yaml                 the resolved input config (with its calibration section)
//	calibration/trace.*         every evaluation: parameters, loss, each target's value, SE, interval and n
//	calibration/targets.*       each target at the best evaluation: wanted, achieved, interval, met
//	calibrated.yaml             the input config without calibration, the fitted values under params
//	plots/, report.html         the calibration's figures and report, when output.plots
//	codebook.csv, manifest.json
//
// Every evaluation runs the plan's tasks (one point, its replicates) at the
// candidate values through Evaluate, on the same task seeds (common random
// numbers), so the loss is a deterministic function of the parameters;
// targets read the runs outcomes, or sum a states column over the named
// states within each run (the states records are then recorded). The
// search is analysis.Calibrate (CMA-ES, seeded from the config seed). The
// outputs depend on the config alone, not on opt.Workers.
//
// The trace is a journal while the search runs (output.TraceJournal): each
// evaluation is appended and synced as it ends. An interrupted calibration
// resumed with opt.Resume reads it back, and the search, which asks for the
// same points in the same order, takes those evaluations from it instead
// of running the model; it ends with the same files as an uninterrupted
// calibration. The directory rules, the lock and the error mapping are
// Run's: a usage error is errors.Is(err, ErrUsage), a cancelled ctx returns
// ctx.Err().
func Calibrate(ctx context.Context, plan *Plan, opt CalibrateOptions) (_ *CalibrateResult, err error) {
	cs := plan.Config.Calibration
	if cs == nil {
		return nil, &ConfigError{File: plan.File(), Key: "calibration", Msg: "required by runner calibrate: the free parameters {name: {min, max}}, the targets and (optionally) the optimizer; see the README"}
	}
	workers, started, err := opening("Calibrate", opt.Dir, opt.Resume, opt.Force, opt.Workers, opt.Started)
	if err != nil {
		return nil, err
	}
	model, err := newCalibrationModel(plan, workers)
	if err != nil {
		return nil, err
	}
	c, err := plan.Calibration(model.eval)
	if err != nil {
		return nil, err
	}
	// As for a run: a directory the rules refuse is refused before the
	// estimate, and a plan over a soft limit before anything is written.
	info, err := precheckDir(plan, opt.Dir, opt.Force, opt.Resume, nil, output.KindCalibration)
	if err != nil {
		return nil, keptWhole(opt.Force, err)
	}
	// As for a run, --resume of a complete directory writes nothing new,
	// so no soft limit stops it, and it is not announced, with an
	// estimate, as a calibration to write (a review, stop 50).
	announce := func() error {
		est, err := EstimateCalibration(ctx, plan, workers, opt.Dir)
		if err != nil {
			return err
		}
		if (opt.Resume || opt.Force) && est.Free >= 0 {
			est.Held = bytesUnder(opt.Dir)
		}
		if opt.Planned != nil {
			opt.Planned(est)
		}
		return plan.CheckEstimate(est, opt.AllowLarge)
	}
	complete := opt.Resume && info.kind == dirComplete
	if !complete {
		if err := announce(); err != nil {
			return nil, keptWhole(opt.Force, err)
		}
	}
	res := &CalibrateResult{Dir: opt.Dir}
	lock, mode, created, err := openDir(ctx, plan, opt.Dir, opt.Force, opt.Resume, nil, output.KindCalibration, nil, &res.Replaced)
	if res.Replaced != "" && opt.Replaced != nil {
		opt.Replaced(res.Replaced)
	}
	if err != nil {
		return nil, keptWhole(opt.Force && res.Replaced == "", err)
	}
	defer lock.Unlock()
	if complete && mode != modeComplete {
		// It changed between the check and the lock: a calibration after all.
		if err := announce(); err != nil {
			if created != "" {
				_ = removeMade(lock, opt.Dir, created)
			}
			return nil, err
		}
	}
	// Only where the evaluations run: each resolves its plan, which the
	// engine may refuse (undoFresh); a config error later leaves the
	// trace for --resume.
	searching := false
	if mode == modeFresh {
		defer func() {
			if err != nil && searching {
				err = undoFresh(err, lock, "the calibration", opt.Dir, created)
			}
		}()
	}
	if mode == modeComplete {
		// Verified: its trace reads. Its best loss says whether it failed
		// (every evaluation had an undefined target), which a script that
		// resumes and then runs calibrated.yaml must learn again.
		res.Complete = true
		// The trace's checksums left by a calibration killed between its
		// manifest and their removal go (best effort: a read-only
		// directory keeps them).
		_ = output.RemoveLeftRecords(opt.Dir)
		params, names := cs.traceColumns()
		trace, err := output.ReadTrace(opt.Dir, params, names)
		if err != nil {
			return nil, err
		}
		res.Evaluations, res.Best.Loss = len(trace), math.Inf(1)
		res.Consistent = consistent(trace)
		if k := bestEvaluation(trace); k >= 0 {
			res.Best = analysis.Record{Evaluation: trace[k].Evaluation, X: trace[k].X, Loss: trace[k].Loss}
			// The targets at the best evaluation, for a failed
			// calibration's message (why each undefined one is).
			for j, t := range c.Targets {
				r := trace[k].Targets[j]
				v := analysis.TargetValue{Value: r.Value, SE: r.SE, CILow: r.CILow, CIHigh: r.CIHigh, N: r.N}
				res.Targets = append(res.Targets, output.TargetRow{Name: t.Name, Wanted: t.WantedText(), Achieved: v.Value, CILow: v.CILow, CIHigh: v.CIHigh,
					Met: t.Met(v), Low: t.Low, High: t.High, SE: v.SE, N: v.N, Weight: t.Weight, Why: t.Why(v)})
			}
		}
		res.Calibrated = filepath.Join(opt.Dir, output.CalibratedName)
		return res, nil
	}
	ds, err := output.New(layout(plan, opt.Dir, nil))
	if err != nil {
		return nil, err
	}
	params, names := cs.traceColumns()
	journal, prior, err := ds.OpenTrace(params, names, mode == modeResume)
	if err != nil {
		return nil, err
	}
	res.Resumed = len(prior)
	if n := journal.Distrusted; n > 0 && opt.Notice != nil {
		why := fmt.Sprintf("the first has no checksum in %s yet (the calibration was stopped between the two)", output.TraceSumsName)
		switch {
		case journal.NoSums:
			why = fmt.Sprintf("the trace has no checksum journal (%s: deleted, or an older runner wrote the trace)", output.TraceSumsName)
		case journal.Differs:
			why = fmt.Sprintf("the first differs from its checksum in %s (edited or damaged)", output.TraceSumsName)
		case journal.Unparsed:
			why = "the first is not a line of this calibration's trace (edited, damaged or added)"
		case journal.Torn:
			why = "the last was cut short (the calibration was stopped while writing it)"
		}
		opt.Notice(fmt.Sprintf("%d %s of the trace not reused: %s; %s evaluated again", n, output.Plural(n, "evaluation"), why, map[bool]string{true: "it is", false: "they are"}[n == 1]))
	}
	appendTrace(&c, prior)
	var trace []output.TraceRow
	best := math.Inf(1)
	c.Observe = func(r analysis.Record) error {
		row := output.TraceRow{Evaluation: r.Evaluation, X: r.X, Loss: r.Loss, Targets: make([]output.TargetCell, len(r.Targets))}
		for k, t := range r.Targets {
			row.Targets[k] = output.TargetCell{Value: t.Value, SE: t.SE, CILow: t.CILow, CIHigh: t.CIHigh, N: t.N}
		}
		reused := r.Evaluation < len(prior)
		if reused && !sameBits(prior[r.Evaluation].X, r.X) {
			// The search leaves the trace here (analysis.Calibrate took
			// none of it from here on): the evaluations before are kept,
			// the trace's others evaluated again.
			n := r.Evaluation
			if err := journal.Keep(prior, n); err != nil {
				return err
			}
			if opt.Notice != nil {
				k := len(prior) - n
				opt.Notice(fmt.Sprintf("evaluation %d of the trace in %s is not at the point this calibration's search asks for there (edited, or its lines reordered): %d %s of the trace not reused; %s evaluated again", n, opt.Dir, k, output.Plural(k, "evaluation"), map[bool]string{true: "it is", false: "they are"}[k == 1]))
			}
			prior, res.Resumed, reused = prior[:n], n, false
		}
		if !reused {
			if err := journal.Append(&row); err != nil {
				return err
			}
		}
		trace = append(trace, row)
		best = math.Min(best, r.Loss)
		if opt.Progress != nil {
			undefined := 0
			for _, t := range r.Targets {
				if math.IsNaN(t.Value) {
					undefined++
				}
			}
			opt.Progress(CalibrationProgress{Evaluation: r.Evaluation, Budget: c.Evaluations, Loss: r.Loss, Best: best, Reused: reused, Undefined: undefined})
		}
		if !reused && opt.AfterEvaluation != nil {
			return opt.AfterEvaluation(len(trace))
		}
		return nil
	}
	// A directory moved or removed under the calibration is named as such,
	// not as the failed write it caused (a review, stop 50), as in Run.
	moved := func(err error) error { return movedError(ctx, lock, opt.Dir, "the calibration", "", "", err) }
	searching = true
	out, err := analysis.Calibrate(ctx, c)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, moved(err)
	}
	res.Evaluations, res.Best, res.Status = len(trace), out.Best, out.Status
	res.Consistent = consistent(trace)
	x := clampCalibrated(cs, out.Best.X)
	calibrated, err := plan.WithCalibrated(x)
	if err != nil {
		return nil, err
	}
	searching = false
	for k, t := range c.Targets {
		v := out.Best.Targets[k]
		res.Targets = append(res.Targets, output.TargetRow{Name: t.Name, Wanted: t.WantedText(), Achieved: v.Value, CILow: v.CILow, CIHigh: v.CIHigh,
			Met: t.Met(v), Low: t.Low, High: t.High, SE: v.SE, N: v.N, Weight: t.Weight, Why: t.Why(v)})
	}
	err = ds.WriteCalibration(ctx, &output.CalibrationTables{Params: params, Targets: names, Trace: trace, Results: res.Targets, Calibrated: calibrated.Canonical()})
	if err != nil {
		return nil, moved(err)
	}
	res.Calibrated = filepath.Join(opt.Dir, output.CalibratedName)
	if plan.Config.Output.Plots {
		if err := drawPlots(ctx, opt.Dir, plotMeta(plan)); err != nil {
			return nil, moved(err)
		}
		res.Report = filepath.Join(opt.Dir, "report.html")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := movedError(ctx, lock, opt.Dir, "the calibration", "", "", nil); err != nil {
		return nil, err
	}
	if err := keepConfig(opt.Dir, plan); err != nil {
		return nil, moved(err)
	}
	m := &output.Manifest{Kind: output.KindCalibration, Seed: plan.Seed(), Started: started.UTC(), Workers: workers}
	m.Finished = time.Now().UTC()
	if err := movedError(ctx, lock, opt.Dir, "the calibration", "", "", nil); err != nil {
		return nil, err
	}
	if err := ds.WriteManifest(ctx, m); err != nil {
		return nil, err
	}
	res.Manifest = m
	return res, nil
}

// consistent counts the evaluations of trace that meet every target.
func consistent(trace []output.TraceRow) int {
	n := 0
	for _, r := range trace {
		if r.Loss == 0 {
			n++
		}
	}
	return n
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if math.Float64bits(a[k]) != math.Float64bits(b[k]) {
			return false
		}
	}
	return true
}

// clampCalibrated keeps x inside the search box: the search maps its
// space onto each range as lo + (hi − lo)·u with u in [0, 1], which
// rounding can put one ulp outside.
func clampCalibrated(cs *CalibrationSpec, x []float64) []float64 {
	out := make([]float64, len(x))
	for j, v := range x {
		out[j] = max(cs.Parameters[j].Min, min(cs.Parameters[j].Max, v))
	}
	return out
}

// calibrationModel evaluates a calibration's plan at parameter values: the
// quantities its targets read, per replicate.
type calibrationModel struct {
	plan    *Plan
	workers int
	record  bool // some target reads the states records
	needs   []modelQuantity
	// rolesFree: the population is synthetic and its shares by role are
	// calibrated, so which states exist depends on the evaluation (the
	// decoder allows only names some shares in the ranges give).
	rolesFree bool
}

// modelQuantity is one per-replicate series a target reads.
type modelQuantity struct {
	key     string // analysis.Quantity.String()
	arch    int
	outcome engine.OutcomeID                  // runs table
	column  func(*engine.StateRecord) float64 // states table; nil for runs
	states  map[string]bool
}

func newCalibrationModel(plan *Plan, workers int) (*calibrationModel, error) {
	m := &calibrationModel{plan: plan, workers: workers}
	if _, maybe := stateNames(plan.Config, plan.Config.Calibration.Parameters); maybe {
		m.rolesFree = true
	}
	archs := plan.ArchitectureNames()
	seen := map[string]bool{}
	add := func(q analysis.Quantity) error {
		key := q.String()
		if seen[key] {
			return nil
		}
		seen[key] = true
		nq := modelQuantity{key: key, arch: -1, outcome: -1}
		for a, name := range archs {
			if name == q.Architecture {
				nq.arch = a
			}
		}
		if nq.arch < 0 {
			return fmt.Errorf("experiments: calibration quantity %s: unknown architecture", key)
		}
		switch q.Table {
		case analysis.TableStates:
			if nq.column = output.StateColumn(q.Outcome); nq.column == nil {
				return fmt.Errorf("experiments: calibration quantity %s: the states records have no number %q", key, q.Outcome)
			}
			nq.states = map[string]bool{}
			for _, s := range q.States {
				nq.states[s] = true
			}
			m.record = true
		default:
			if k, ok := engine.OutcomeByName(q.Outcome); ok {
				nq.outcome = k
			}
			if nq.outcome < 0 {
				return fmt.Errorf("experiments: calibration quantity %s: unknown outcome", key)
			}
		}
		m.needs = append(m.needs, nq)
		return nil
	}
	for _, t := range plan.Config.Calibration.Targets {
		at := t.Target()
		if err := add(at.Of); err != nil {
			return nil, err
		}
		if at.Per != nil {
			if err := add(*at.Per); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

// observations are one evaluation's series, by quantity.
type observations map[string][]float64

func (o observations) Replicates(q analysis.Quantity) ([]float64, error) {
	v, ok := o[q.String()]
	if !ok {
		return nil, fmt.Errorf("experiments: no series for %s", q)
	}
	return v, nil
}

// eval runs the plan with the calibration parameters at x: the tasks of
// its one point, whose seeds do not depend on x.
func (m *calibrationModel) eval(ctx context.Context, x []float64) (analysis.Observations, error) {
	q, err := m.plan.WithCalibrated(clampCalibrated(m.plan.Config.Calibration, x))
	if err != nil {
		return nil, err
	}
	R := q.Replicates()
	obs := make(observations, len(m.needs))
	series := make([][]float64, len(m.needs))
	for k, n := range m.needs {
		series[k] = make([]float64, R)
		obs[n.key] = series[k]
	}
	err = Evaluate(ctx, q, 0, q.NumTasks(), EvalOptions{Workers: m.workers, Record: m.record}, func(task int, rows *output.TaskRows) error {
		r := rows.Replicate
		for k, n := range m.needs {
			if n.column == nil {
				v, ok := rows.Outcomes[n.arch].Get(n.outcome)
				if !ok {
					v = math.NaN()
				}
				series[k][r] = v
				continue
			}
			// The column summed over the named states within the run; a
			// null (NaN) is left out, as SQL's SUM does, and a sum of
			// nothing but nulls is null.
			sum, found, defined := 0.0, 0, 0
			for i := range rows.States[n.arch] {
				s := &rows.States[n.arch][i]
				if !n.states[s.Name] {
					continue
				}
				found++
				if v := n.column(s); !math.IsNaN(v) {
					sum += v
					defined++
				}
			}
			if found != len(n.states) && m.rolesFree {
				// These shares give the population no such state: the
				// sum over the named states is undefined here, so the
				// target is, and the search moves on.
				series[k][r] = math.NaN()
				continue
			}
			if found != len(n.states) {
				return usagef("calibration target %s: %d of the %d named states are in the population of replicate %d", n.key, found, len(n.states), r)
			}
			if defined == 0 {
				sum = math.NaN()
			}
			series[k][r] = sum
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return obs, nil
}

// isCalibrationFile reports whether rel is a file that a calibration
// writes from its trace (output.Dataset.WriteCalibration).
func isCalibrationFile(rel string) bool {
	return strings.HasPrefix(rel, path.Dir(output.TableTrace)+"/") || rel == output.CalibratedName || rel == output.CodebookName
}

// traceColumns are the trace's parameter columns and target names, in the
// calibration section's order.
func (cs *CalibrationSpec) traceColumns() ([]output.TraceParam, []string) {
	params := make([]output.TraceParam, len(cs.Parameters))
	for j, p := range cs.Parameters {
		params[j] = output.TraceParam{Name: p.Name, Min: p.Min, Max: p.Max}
	}
	names := make([]string, len(cs.Targets))
	for k, t := range cs.Targets {
		names[k] = t.Name
	}
	return params, names
}

// bestEvaluation is the index of the trace's first evaluation of least
// loss, the one calibrated.yaml holds; -1 for an empty trace.
func bestEvaluation(trace []output.TraceRow) int {
	best := -1
	for k, r := range trace {
		if best < 0 || r.Loss < trace[best].Loss {
			best = k
		}
	}
	return best
}

// appendTrace appends the trace's rows to c.Trace as the search's
// records, for a resumed search (Calibrate) and its replay (verify).
func appendTrace(c *analysis.Calibration, rows []output.TraceRow) {
	for _, r := range rows {
		rec := analysis.Record{Evaluation: r.Evaluation, X: r.X, Targets: make([]analysis.TargetValue, len(r.Targets))}
		for k, t := range r.Targets {
			rec.Targets[k] = analysis.TargetValue{Value: t.Value, SE: t.SE, CILow: t.CILow, CIHigh: t.CIHigh, N: t.N}
		}
		// The loss is a function of the values: recomputed, it has the
		// bits the first run computed.
		rec.Loss = analysis.Loss(c.Targets, rec.Targets)
		c.Trace = append(c.Trace, rec)
	}
}
