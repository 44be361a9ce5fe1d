package experiments

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pactsim/output"
)

// forgeCalibration writes dir as Calibrate would have, from ref's
// calibration, but with trace as its trace: every table, calibrated.yaml,
// the codebook and the manifest consistent with it, as a forger with this
// package's writers would make them.
func forgeCalibration(t *testing.T, plan *Plan, res *CalibrateResult, dir string, trace []output.TraceRow) {
	t.Helper()
	cs := plan.Config.Calibration
	params, names := cs.traceColumns()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ds, err := output.New(layout(plan, dir, nil))
	if err != nil {
		t.Fatal(err)
	}
	cal, err := plan.WithCalibrated(clampCalibrated(cs, res.Best.X))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := ds.WriteCalibration(ctx, &output.CalibrationTables{Params: params, Targets: names, Trace: trace, Results: res.Targets, Calibrated: cal.Canonical()}); err != nil {
		t.Fatal(err)
	}
	if err := keepConfig(dir, plan); err != nil {
		t.Fatal(err)
	}
	if err := ds.WriteManifest(ctx, &output.Manifest{Kind: output.KindCalibration, Seed: plan.Seed(), Started: res.Manifest.Started, Finished: res.Manifest.Finished, Workers: 2}); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyCalibrationReplaysSearch (a review, stop 48): verify re-ran
// the trace's evaluations and wrote its tables again from it, but never
// asked whether the trace was the search the config describes. A trace
// with an evaluation taken out (the others renumbered), or cut after its
// best, every file written consistently with it, verified with exit 0:
// each row left was a true evaluation. The search is deterministic, so
// verify now replays it on the trace's values (running no model) and
// refuses a trace that leaves it or ends where it goes on.
func TestVerifyCalibrationReplaysSearch(t *testing.T) {
	plan := calPlan(t, 16)
	ref := filepath.Join(t.TempDir(), "ref")
	res, err := calibrate(t, plan, ref, CalibrateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	params, names := plan.Config.Calibration.traceColumns()
	trace, err := output.ReadTrace(ref, params, names)
	if err != nil {
		t.Fatal(err)
	}
	best := bestEvaluation(trace)
	if len(trace) < 4 || best == len(trace)-1 {
		t.Fatalf("the reference has %d evaluations, best %d (%s); the test needs an evaluation after the best and 4 in all", len(trace), best, res.Status)
	}
	// The genuine directory, and one written again by the forger's means
	// from its own trace, verify: the forging alone is not what fails.
	same := filepath.Join(t.TempDir(), "same")
	forgeCalibration(t, plan, res, same, trace)
	for _, dir := range []string{ref, same} {
		if _, err := Verify(context.Background(), dir, VerifyOptions{Workers: 2, Sample: -1}); err != nil {
			t.Fatalf("verify of %s: %v", filepath.Base(dir), err)
		}
	}
	drop := 1 // an evaluation that is neither the start nor the best
	if best == drop {
		drop = 2
	}
	var dropped []output.TraceRow
	for k, r := range trace {
		if k != drop {
			r.Evaluation = len(dropped)
			dropped = append(dropped, r)
		}
	}
	cases := []struct {
		name  string
		trace []output.TraceRow
		want  string
	}{
		{"dropped", dropped, fmt.Sprintf("evaluation %d of the trace is not at the point", drop)},
		{"cut", trace[:best+1], "the trace ends after"},
		{"appended", append(slices.Clone(trace), trace[best]), "the config's search stops after"},
		{"swapped", append([]output.TraceRow{trace[1], trace[0]}, trace[2:]...), "evaluation 0 of the trace is not at the point"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows := make([]output.TraceRow, len(c.trace))
			for k, r := range c.trace {
				r.Evaluation = k
				rows[k] = r
			}
			dir := filepath.Join(t.TempDir(), c.name)
			forgeCalibration(t, plan, res, dir, rows)
			for _, tables := range []TablesCheck{TablesAuto, TablesNever} {
				_, err := Verify(context.Background(), dir, VerifyOptions{Workers: 2, Sample: -1, Tables: tables})
				var me *output.MismatchError
				if !errors.As(err, &me) || !strings.Contains(err.Error(), c.want) {
					t.Errorf("verify (tables %v) of a trace %s: %v; want a mismatch saying %q", tables, c.name, err, c.want)
				}
			}
		})
	}
}
