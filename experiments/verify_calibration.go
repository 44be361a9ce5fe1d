package experiments

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"pactsim/analysis"
	"pactsim/output"
)

// verifyCalibration is Verify for a calibration's directory (its
// config.yaml has a calibration section; the files have been checked
// against the manifest): the trace must be this calibration's (its search,
// replayed on the trace's values: replaySearch), calibrated.yaml
// must hold the best evaluation's values, and the best evaluation and
// opt.Sample others drawn from the trace (every one when opt.Sample is
// negative), run again on the same task seeds, must give every target's
// value, standard error, interval and n bit for bit. Then, unless opt.Tables is
// TablesNever, the calibration's tables (trace and targets in every
// format), calibrated.yaml and the codebook are written again from the
// trace into nothing (output.Dataset.Recompute) and compared byte for
// byte with the stored ones, so that a table edited together with its
// manifest entry is caught.
func verifyCalibration(ctx context.Context, plan *Plan, dir string, m *output.Manifest, ds *output.Dataset, res *VerifyResult, opt VerifyOptions) (*VerifyResult, error) {
	mismatch := func(format string, a ...any) error { return &output.MismatchError{Msg: fmt.Sprintf(format, a...)} }
	cs := plan.Config.Calibration
	params, names := cs.traceColumns()
	trace, err := output.ReadTrace(dir, params, names)
	if err != nil {
		return nil, mismatch("%v", err)
	}
	if len(trace) == 0 {
		return nil, mismatch("%s: the calibration trace is empty", dir)
	}
	if err := replaySearch(ctx, plan, dir, trace); err != nil {
		return nil, err
	}
	best := bestEvaluation(trace)
	b := trace[best]
	cal, err := plan.WithCalibrated(clampCalibrated(cs, b.X))
	if err != nil {
		return nil, mismatch("%s: best evaluation %d: %v", dir, b.Evaluation, err)
	}
	data, err := output.ReadFileLimited(filepath.Join(dir, output.CalibratedName), MaxConfigBytes)
	if err != nil {
		return nil, mismatch("%s: %v", dir, err)
	}
	if !bytes.Equal(data, cal.Canonical()) {
		return nil, mismatch("%s: %s does not hold the best evaluation's values (evaluation %d)", dir, output.CalibratedName, b.Evaluation)
	}
	model, err := newCalibrationModel(plan, opt.Workers)
	if err != nil {
		return nil, err
	}
	c, err := plan.Calibration(model.eval)
	if err != nil {
		return nil, err
	}
	// The best evaluation is always re-run (calibrated.yaml and the
	// targets table come from it), and as many others as opt.Sample asks,
	// drawn as Verify draws tasks (every one with --sample all), so that a
	// trace row edited together with its checksum is caught too.
	check := []int{best}
	others := sampleTasks(opt.sampleSeed(plan), 0, len(trace), opt.Sample)
	if others == nil {
		others = make([]int, len(trace))
		for k := range others {
			others[k] = k
		}
	}
	for _, k := range others {
		if k != best {
			check = append(check, k)
		}
	}
	var rec analysis.Record
	for n, k := range check {
		r := trace[k]
		got, err := c.Evaluate(ctx, r.X)
		if err != nil {
			return nil, err
		}
		what := fmt.Sprintf("evaluation %d", r.Evaluation)
		if k == best {
			what = "best " + what
		}
		for j, t := range got.Targets {
			w := r.Targets[j]
			gv := []float64{t.Value, t.SE, t.CILow, t.CIHigh, float64(t.N)}
			wv := []float64{w.Value, w.SE, w.CILow, w.CIHigh, float64(w.N)}
			for i := range gv {
				if math.Float64bits(gv[i]) != math.Float64bits(wv[i]) && !(math.IsNaN(gv[i]) && math.IsNaN(wv[i])) {
					return nil, mismatch("%s: %s, target %s: the trace holds %s %v, the re-run gives %v",
						dir, what, names[j], output.TraceColumn(names[j], []string{output.TraceValue, output.TraceSE, output.TraceCILow, output.TraceCIHigh, output.TraceN}[i]), wv[i], gv[i])
				}
			}
		}
		// The loss too, which a function of the values gives: checked
		// here, so that --tables=false, which skips the tables, still
		// catches an edited loss (it decides which evaluation is best).
		if math.Float64bits(got.Loss) != math.Float64bits(r.Loss) && !(math.IsNaN(got.Loss) && math.IsNaN(r.Loss)) {
			return nil, mismatch("%s: %s: the trace holds loss %v, the re-run gives %v", dir, what, r.Loss, got.Loss)
		}
		if n == 0 {
			rec = got
		}
	}
	res.Evaluations, res.EvaluationsChecked = len(trace), len(check)
	res.Lo, res.Hi, res.Checked = 0, plan.NumTasks(), plan.NumTasks()
	for t := range plan.NumTasks() {
		res.Tasks = append(res.Tasks, t)
	}
	res.FiguresListed = slices.ContainsFunc(m.Files, func(f output.FileSum) bool { return output.IsFigureFile(f.Path) })
	if tables, _ := recomputeTables(opt.Tables, m, true); !tables {
		return res, nil
	}
	// The targets table as Calibrate writes it, from the best evaluation
	// (whose values the re-run has just matched bit for bit).
	var rows []output.TargetRow
	for k, t := range c.Targets {
		v := rec.Targets[k]
		rows = append(rows, output.TargetRow{Name: t.Name, Wanted: t.WantedText(), Achieved: v.Value, CILow: v.CILow, CIHigh: v.CIHigh,
			Met: t.Met(v), Low: t.Low, High: t.High, SE: v.SE, N: v.N, Weight: t.Weight, Why: t.Why(v)})
	}
	got, err := ds.Recompute(func(r *output.Dataset) error {
		return r.WriteCalibration(ctx, &output.CalibrationTables{Params: params, Targets: names, Trace: trace, Results: rows, Calibrated: cal.Canonical()})
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	if err := output.CompareDerived(dir, m, got, isCalibrationFile, "the calibration's trace, "+filepath.Join(dir, filepath.FromSlash(output.TableTrace)+".csv")); err != nil {
		return nil, err
	}
	res.Tables = true
	if res.Figures, err = verifyFigures(ctx, dir, m); err != nil {
		return nil, err
	}
	return res, nil
}

// errLeftTrace is the model of replaySearch: the search asked for a point
// the trace does not hold there.
var errLeftTrace = errors.New("the search left the trace")

// replaySearch checks that trace is the search the config describes: the
// search (CMA-ES, or the design of method lhs) is deterministic, so run
// again on the trace's values, as a resume takes them, it must ask for
// the trace's points in the trace's order and stop exactly at its end.
// No model runs: a point the trace does not hold is a mismatch. Without
// it, a trace with an evaluation taken out, or cut after its best, every
// row a true evaluation and every file written again to match, verified
// (a review, stop 48).
func replaySearch(ctx context.Context, plan *Plan, dir string, trace []output.TraceRow) error {
	c, err := plan.Calibration(func(context.Context, []float64) (analysis.Observations, error) { return nil, errLeftTrace })
	if err != nil {
		return err
	}
	appendTrace(&c, trace)
	n := 0
	c.Observe = func(analysis.Record) error { n++; return nil }
	out, err := analysis.Calibrate(ctx, c)
	switch {
	case errors.Is(err, errLeftTrace) && n < len(trace):
		return &output.MismatchError{Msg: fmt.Sprintf("%s: evaluation %d of the trace is not at the point the config's search asks for there: the trace is not this calibration's search (edited, reordered, or an evaluation taken out)", dir, n)}
	case errors.Is(err, errLeftTrace):
		return &output.MismatchError{Msg: fmt.Sprintf("%s: the trace ends after %d %s, where the config's search goes on (its budget is %d and no evaluation meets every target): it was cut short", dir, n, output.Plural(n, "evaluation"), c.Evaluations)}
	case err != nil:
		return err
	case out.Evaluations != len(trace):
		return &output.MismatchError{Msg: fmt.Sprintf("%s: the config's search stops after %d %s (%s), the trace holds %d", dir, out.Evaluations, output.Plural(out.Evaluations, "evaluation"), out.Status, len(trace))}
	}
	return nil
}
