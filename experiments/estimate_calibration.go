package experiments

import (
	"context"
	"errors"
	"math"
	"time"
)

// traceLineBytes is a stated allowance for one line of a calibration's
// trace in CSV and Parquet: 20 bytes per value (each parameter, and each
// target's value, SE, interval and n) and 100 for the rest. Measured on
// the shipped calibration-set.yaml's 1,600 lines of 57 values: 13 bytes a
// value in CSV and 6 in Parquet (a review, stop 51: the 60 bytes a value
// this replaces, with the flat plotsBytes, put its 3.0 MB at 7.4 MiB).
func traceLineBytes(cs *CalibrationSpec) int64 {
	return 100 + 20*int64(len(cs.Parameters)+5*len(cs.Targets))
}

// calibrationFixedBytes is a stated allowance for what a calibration
// writes once (its config, calibrated.yaml, codebook, targets tables and
// manifest: about 60 KB in the shipped ones) and, when it draws plots,
// calibrationPlotsBytes for its figures and report.html: the targets
// figure and the report's frame (about 430 KB for nine targets), and
// calibrationPlotEvalBytes for each evaluation, which the loss figure
// (PNG and SVG) and the report that embeds it draw (about 480 bytes: 1.3
// MB at 1,600 evaluations).
const (
	calibrationFixedBytes    = 64 << 10
	calibrationPlotsBytes    = 512 << 10
	calibrationPlotEvalBytes = 512
)

// calibrationBytes is the allowance for a calibration of ev evaluations.
func calibrationBytes(cs *CalibrationSpec, ev int64, plots bool) int64 {
	b := calibrationFixedBytes + ev*traceLineBytes(cs)
	if plots {
		b += calibrationPlotsBytes + ev*calibrationPlotEvalBytes
	}
	return b
}

// EstimateCalibration is EstimateRun for a calibration: up to its budget
// of evaluations, each the plan's tasks on the workers, and a trace of a
// line per evaluation under DIR/calibration; it writes no parts. The soft
// limits apply to it as to a run (Check).
func EstimateCalibration(ctx context.Context, plan *Plan, workers int, dir string) (Estimate, error) {
	cs := plan.Config.Calibration
	if cs == nil {
		return Estimate{}, errors.New("experiments: EstimateCalibration: the plan has no calibration")
	}
	e, err := estimateRun(ctx, plan, 0, plan.NumTasks(), workers, dir, false, estimateOptions{noParts: true})
	if err != nil {
		return e, err
	}
	ev := int64(cs.Optimizer.Evaluations)
	e.Evaluations, e.Parts, e.PartFiles = ev, 0, 0
	e.Design = cs.Optimizer.Method == MethodLHS
	if d := float64(e.Duration) * float64(ev); d >= math.MaxInt64 {
		e.Duration = time.Duration(math.MaxInt64)
	} else {
		e.Duration = time.Duration(d)
	}
	e.Bytes = calibrationBytes(cs, ev, plan.Config.Output.Plots)
	if e.AtLeast || e.Extrapolated {
		e.Bytes = 0 // unknown, as for a run; the trace is small beside the time
	}
	return e, nil
}
