package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"pactsim/analysis"
	"pactsim/experiments"
	"pactsim/output"
)

func newAnalyzeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "analyze DIR [ANALYSIS.yaml]",
		Short: "(re)compute the sensitivity and scenario-discovery tables of a results directory",
		Long: `Recompute the analyses of a complete results directory from its summary and
contrasts tables: those of the analysis section of DIR/config.yaml or, when
ANALYSIS.yaml is given, of that file (a YAML document whose only key is
analysis, as in a config, or the section's own keys, quantities,
sensitivity and discovery, at its top), which is then stored, resolved (every default
written out but peel_to_min_mass, written only when true), as
DIR/analysis.yaml, so that a later reader can tell which
analysis produced the tables ('runner analyze DIR DIR/analysis.yaml'
recomputes them; without ANALYSIS.yaml, the stored file is removed). Writes
sensitivity.parquet/.csv (design morris:
mu, mu* and sigma; saltelli: Sobol' S1 and ST, with bootstrap intervals) and
discovery.parquet/.csv and discovery_limits.parquet/.csv (PRIM), redraws the
figures when the config draws plots, and rewrites the manifest so that
'runner verify DIR' still passes. Files the analysis does not rewrite are
checked against the manifest first.

Exit 0 on success, 2 when DIR is not a complete results directory or the
analysis is bad (file:line: key: what is allowed), 1 on any other failure.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(c *cobra.Command, args []string) error {
			file := ""
			if len(args) == 2 {
				file = args[1]
			}
			ctx, stop := catchSignalsToEnd(c.Context(), "run `runner analyze` again to redo the analyses (a stop while the figures were drawn removes them, since some were the old analysis's; `runner plot DIR` draws them)")
			defer stop()
			res, err := experiments.Analyze(ctx, args[0], file)
			err = verdict(ctx, err)
			if err != nil {
				return pendingFull(interrupted(ctx, err), args[0], "analyze")
			}
			w := c.OutOrStdout()
			var written []string
			for _, t := range []string{output.TableSensitivity, output.TableDiscovery, output.TableDiscoveryLimits} {
				if n, ok := res.Rows[t]; ok {
					written = append(written, fmt.Sprintf("%s (%d %s)", t, n, output.Plural(n, "row")))
				}
			}
			fmt.Fprintf(w, "analyses written in %s: %s", args[0], strings.Join(written, ", "))
			if file != "" {
				fmt.Fprintf(w, "; the analysis is stored as %s", filepath.Join(args[0], output.AnalysisName))
			}
			if res.Report != "" {
				fmt.Fprintf(w, "; open %s", res.Report)
			}
			fmt.Fprintln(w)
			noteAnalysis(c.ErrOrStderr(), res.Flat, res.Caveat, res.Undefined)
			return nil
		},
	}
}

type calibrateFlags struct {
	writerFlags
	allowLarge bool
}

func newCalibrateCmd() *cobra.Command {
	var f calibrateFlags
	cmd := &cobra.Command{
		Use:   "calibrate CONFIG",
		Short: "fit the free parameters of CONFIG's calibration section to its targets (CMA-ES, or a design: lhs)",
		Long: `Fit the parameters of CONFIG's calibration section to its targets with
CMA-ES, seeded from the config seed, which stops at the first evaluation
that meets every target. With optimizer method lhs it evaluates instead
the start and then a Latin hypercube of the box, every point: the trace's
rows of loss 0 are then the constants the targets cannot tell apart.
Every evaluation runs the config's
replicates at the candidate values on the same task seeds (common random
numbers), so the loss is deterministic and the outputs are byte-identical
whatever --workers. Writes DIR/calibration/trace (every evaluation),
DIR/calibration/targets (each target at the best evaluation: wanted,
achieved, 95% interval, met), DIR/calibrated.yaml (the config without its
calibration section, the fitted values under params; 'runner run' takes it
as is), the codebook, the figures and report.html (unless output.plots is
false) and, last, manifest.json.

The trace is appended as the search goes: an interrupted calibration
continues with --resume, reusing every evaluation of the trace that its
checksums (calibration/.trace.sha256) vouch for and evaluating the rest
again, and ends with the same files. The directory rules, exit codes,
signals and limits are those of 'runner run': the estimate (up to the
budget of evaluations, each the config's replicates, timed here) is
printed first, and one over a soft limit is refused unless --allow-large.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := checkOut(c); err != nil {
				return err
			}
			return calibrate(c.Context(), args[0], f, c.ErrOrStderr())
		},
	}
	f.register(cmd, "results/NAME-calibration", "continue an interrupted calibration in DIR from its trace")
	cmd.Flags().BoolVar(&f.allowLarge, "allow-large", false, "calibrate even if the estimate is over a soft limit (time, disk)")
	return cmd
}

func calibrate(ctx context.Context, cfgPath string, f calibrateFlags, stderr io.Writer) error {
	workers, err := f.check("calibrate")
	if err != nil {
		return err
	}
	if err := calibrationUnsharded("calibrate", "", ""); err != nil {
		return err
	}
	keepWritingOnClosedPipe()
	ctx, stop := catchSignals(ctx, hintResume)
	defer stop()
	plan, err := load(ctx, cfgPath, f.resumeDir("-calibration"))
	if err != nil {
		return nothingWritten(interrupted(ctx, err))
	}
	if !f.quiet {
		sayNotes(stderr, plan)
	}
	// PACTSIM_TEST_SIGNAL_AFTER_LOAD=1:SIGNAL (tests only): the signal
	// arrives once the config is read, and the calibration meets it.
	if n, sig := testStopHookEnv("PACTSIM_TEST_SIGNAL_AFTER_LOAD"); n > 0 {
		_ = signalSelfAt(ctx, n, sig)(n)
	}
	dir := f.dir(plan, "-calibration")
	cs := plan.Config.Calibration
	header := ""
	if cs != nil && !f.quiet {
		names := make([]string, len(cs.Parameters))
		for j, p := range cs.Parameters {
			names[j] = p.Name
		}
		// "1 replicate × 1 architecture", as run's header (a review, stop 50).
		reps, archs := plan.Replicates(), len(plan.ArchitectureNames())
		header = fmt.Sprintf("runner: %s: calibrating %s to %d %s; %s of %d %s × %d %s; %d %s; writing %s\n",
			plan.Name(), calibratedNames(names), len(cs.Targets), output.Plural(len(cs.Targets), "target"), cs.Optimizer.Budget(),
			reps, output.Plural(reps, "replicate"), archs, output.Plural(archs, "architecture"), workers, output.Plural(workers, "worker"), dir)
	}
	opt := experiments.CalibrateOptions{Dir: dir, Workers: workers, Resume: f.resume, Force: f.force, AllowLarge: f.allowLarge}
	if !f.quiet {
		// Announced once the directory rules have accepted DIR, as run
		// does, with the estimate.
		opt.Planned = func(e experiments.Estimate) {
			fmt.Fprintf(stderr, "%srunner: %s\n", header, e)
			// A line each, as the best evaluation's values are: joined,
			// four made a line of 409 characters (a review, stop 51).
			for _, m := range plan.MovedStarts() {
				fmt.Fprintf(stderr, "runner: start: defaults: %s\n", m)
			}
		}
		opt.Notice = func(msg string) { fmt.Fprintf(stderr, "runner: --resume: %s\n", msg) }
		var last time.Time
		resumed := 0
		opt.Progress = func(p experiments.CalibrationProgress) {
			if p.Reused {
				resumed++
				return
			}
			if resumed > 0 {
				fmt.Fprintf(stderr, "runner: --resume: %d %s taken from the trace\n", resumed, output.Plural(resumed, "evaluation"))
				resumed = 0
			}
			// One line per evaluation on a terminal would scroll; in a
			// batch log every few seconds is enough.
			if time.Since(last) < 2*time.Second && p.Evaluation+1 < p.Budget {
				return
			}
			last = time.Now()
			undefined := ""
			if p.Undefined > 0 {
				undefined = fmt.Sprintf(", %d %s undefined", p.Undefined, output.Plural(p.Undefined, "target"))
			}
			fmt.Fprintf(stderr, "runner: evaluation %d/%d: loss %s%s (best %s)\n", p.Evaluation+1, p.Budget, fmtLoss(p.Loss), undefined, fmtLoss(p.Best))
		}
	}
	if n, sig := testStopHookEvaluations(); n > 0 {
		opt.AfterEvaluation = signalSelfAt(ctx, n, sig)
	}
	replaced := "" // what --force replaced, said even where the calibration fails
	opt.Replaced = func(what string) { replaced = what }
	existed := pathExists(dir)
	res, err := experiments.Calibrate(ctx, plan, opt)
	err = verdict(ctx, err)
	if err != nil {
		// The old contents are gone either way (a review, stop 50).
		sayReplaced(stderr, dir, replaced)
		return calibrationFailed(ctx, err, dir, existed)
	}
	sayReplaced(stderr, dir, res.Replaced)
	if res.Complete && !f.quiet {
		fmt.Fprintf(stderr, "runner: %s is complete, every file matches its manifest and no unlisted data file is there; nothing to do\n", dir)
	}
	if !res.Complete && !f.quiet {
		calibrationSummary(stderr, cs, res)
	}
	var undef []string
	for _, t := range res.Targets {
		if t.Why != "" {
			undef = append(undef, fmt.Sprintf("target %s is undefined: %s", t.Name, t.Why))
		}
	}
	if len(res.Targets) == 0 || len(undef) == len(res.Targets) || math.IsNaN(res.Best.Loss) {
		// No target has a value at the best evaluation, which is then
		// the best of equals (each undefined target counts as the same
		// miss): calibrated.yaml holds a point no better than any other.
		// The directory is complete, but the calibration failed, so a
		// script that goes on to run calibrated.yaml (calibrate && run)
		// stops here (exit 1).
		why := "every target was undefined in every evaluation"
		if len(undef) > 0 {
			at := "at the best of them, "
			if res.Evaluations == 1 {
				at = "at the one evaluation, " // not "of them" (a review, stop 50)
			}
			why = at + strings.Join(undef, "; ")
		}
		return fmt.Errorf("calibration failed: no evaluation gave every target a value (%s); %s is complete, and its %s is written for inspection, not for use", why, dir, filepath.Base(res.Calibrated))
	}
	if len(undef) > 0 {
		// Said even with -q, which hides the notes on the config, not
		// this one on the fit (a review, stop 48).
		// Some targets have values: calibrated.yaml fits them, and the
		// undefined ones count as unmet (a contract review, stop 33: the
		// results contract's example, whose honour_rate target model 2.0
		// leaves null, failed the whole calibration).
		// How many of the others it meets, not a claim that it fits them:
		// a weight heavy enough swamps the others' terms (a review, stop
		// 34: weight 1e9 left every loss at 1e17 to the last bit).
		others, met := len(res.Targets)-len(undef), 0
		for _, t := range res.Targets {
			if t.Met {
				met++
			}
		}
		// A count of one in the singular (a review, stop 50: "each
		// counts" of one target, "it meets 0 of them" of the other one).
		each, meets := "each counts", fmt.Sprintf("it meets %d of them", met)
		if len(undef) == 1 {
			each = "it counts"
		}
		if others == 1 {
			meets = map[bool]string{true: "it meets it", false: "it does not meet it"}[met == 1]
		}
		// Weighed as the heaviest target, as analysis.Loss counts it, not
		// by its own weight, which "a miss of 10000 times its band" read
		// as (a review, stop 50).
		fmt.Fprintf(stderr, "runner: note: at the best evaluation %s; %s as unmet, a miss of %g bands weighed as the heaviest target in the loss, and %s fits the other %d %s (%s)\n",
			strings.Join(undef, "; "), each, analysis.UndefinedDistance, filepath.Base(res.Calibrated), others, output.Plural(others, "target"), meets)
	}
	if !res.Complete {
		if edges := atEdge(cs, res.Best.X); len(edges) > 0 && res.Best.Loss > 0 && cs.Optimizer.Method == experiments.MethodCMAES {
			// A search held by its box reads as a fit the data allow (a
			// review, stop 48: silent). Said even with -q, as the notes
			// on the fit are.
			fmt.Fprintf(stderr, "runner: note: the best evaluation misses a target with %s: a better fit may lie outside the box; widen %s and calibrate again\n",
				strings.Join(edges, ", "), map[bool]string{true: "that range", false: "those ranges"}[len(edges) == 1])
		}
		if names := statesTargets(cs); len(names) > 0 && !slices.Contains(plan.Config.Output.Tables, output.TableStates) {
			// calibrated.yaml keeps the config's output section, so its
			// run cannot show these targets (a hostile review, stop 32).
			// Said even with -q: validate does not say it (a review, stop
			// 48).
			fmt.Fprintf(stderr, "runner: note: %s read the states table, which %s does not write (its output.tables are the config's): add states to output.tables to check them from its run\n", strings.Join(names, ", "), filepath.Base(res.Calibrated))
		}
	}
	if !res.Complete && !f.quiet {
		// Last, after the notes on the fit, as run's is: a batch log's
		// last line says where the results are (a review, stop 51).
		// With -o: calibrated.yaml keeps the config's name, whose default
		// results directory may be this very one (calibrate -o
		// results/NAME), which run then refuses.
		fmt.Fprintf(stderr, "runner: done: %s; run it with: runner run %s -o %s\n", dir, res.Calibrated, filepath.Join(filepath.Dir(filepath.Clean(dir)), filepath.Base(filepath.Clean(dir))+"-run"))
	}
	return nil
}

// statesTargets names the targets of cs read from the states table.
func statesTargets(cs *experiments.CalibrationSpec) []string {
	var names []string
	for _, t := range cs.Targets {
		if t.Table == output.TableStates {
			names = append(names, t.Name)
		}
	}
	return names
}

// calibrationSummary prints a calibration's best point, its targets and
// its report.
func calibrationSummary(stderr io.Writer, cs *experiments.CalibrationSpec, res *experiments.CalibrateResult) {
	// The progress lines count evaluations from 1; the trace's evaluation
	// column counts from 0, so both are named.
	fmt.Fprintf(stderr, "runner: %d %s (%s); best at evaluation %d (evaluation %d in the trace), loss %s:\n",
		res.Evaluations, output.Plural(res.Evaluations, "evaluation"), res.Status, res.Best.Evaluation+1, res.Best.Evaluation, fmtLoss(res.Best.Loss))
	if res.Best.Loss == math.MaxFloat64 {
		// The best is the least: every evaluation saturated (review,
		// stop 29: a weight of 1e308 left the search blind, silently).
		fmt.Fprintln(stderr, "runner: every evaluation's loss saturated at the largest number, so the search could not rank them: lower the targets' weights or widen their ranges")
	}
	for j, p := range cs.Parameters {
		fmt.Fprintf(stderr, "runner:   %s = %s\n", p.Name, strconv.FormatFloat(res.Best.X[j], 'g', 6, 64))
	}
	if cs.Optimizer.Method == experiments.MethodLHS {
		// The design's answer is the set, not the best point (docs/model.md
		// sec. 17.2, "How far the targets pin each constant").
		switch res.Consistent {
		case 0:
			none := fmt.Sprintf("none of the %d evaluations meets", res.Evaluations)
			if res.Evaluations == 1 {
				none = "the one evaluation does not meet" // not "none of the 1 evaluation" (a review, stop 50)
			}
			fmt.Fprintf(stderr, "runner: %s every target: the targets rule out every point of the design (widen its box, or look at the trace's losses)\n", none)
		default:
			verb := "meet"
			if res.Consistent == 1 {
				verb = "meets"
			}
			fmt.Fprintf(stderr, "runner: %d of %d %s %s every target: the rows of calibration/trace with loss 0 are the constants the targets cannot tell apart, as far as the design reaches\n",
				res.Consistent, res.Evaluations, output.Plural(res.Evaluations, "evaluation"), verb)
		}
	}
	met := 0
	for _, t := range res.Targets {
		mark := "missed"
		if t.Met {
			mark = "met"
			met++
		}
		ci := fmt.Sprintf("[%s, %s]", fmtNum(t.CILow), fmtNum(t.CIHigh))
		switch {
		case math.IsNaN(t.Achieved) && t.Why != "":
			ci = "(" + t.Why + ")" // not "[undefined, undefined]"
		case math.IsNaN(t.Achieved) || !math.IsNaN(t.CILow):
		case t.N < 2:
			ci = "(no interval: one replicate)"
		default:
			ci = "(no interval: the replicates do not vary)"
		}
		fmt.Fprintf(stderr, "runner:   target %s: wanted %s, achieved %s %s: %s\n", t.Name, t.Wanted, fmtNum(t.Achieved), ci, mark)
	}
	fmt.Fprintf(stderr, "runner: %d of %d %s met\n", met, len(res.Targets), output.Plural(len(res.Targets), "target")) // "0 of 1 target" (a review, stop 50)
	if res.Report != "" {
		fmt.Fprintf(stderr, "runner: open %s\n", res.Report)
	}
}

// edgeShare is the share of a search range within which calibrate calls a
// best value at the range's end.
const edgeShare = 0.01

// atEdge lists the parameters of x within edgeShare of their search
// range's ends, each as a clause saying so.
func atEdge(cs *experiments.CalibrationSpec, x []float64) []string {
	var out []string
	for j, p := range cs.Parameters {
		w := p.Max - p.Min
		switch {
		case x[j]-p.Min <= edgeShare*w:
			out = append(out, fmt.Sprintf("%s = %s at the lower end of its search range [%s, %s]", p.Name, strconv.FormatFloat(x[j], 'g', 6, 64), fmtNum(p.Min), fmtNum(p.Max)))
		case p.Max-x[j] <= edgeShare*w:
			out = append(out, fmt.Sprintf("%s = %s at the upper end of its search range [%s, %s]", p.Name, strconv.FormatFloat(x[j], 'g', 6, 64), fmtNum(p.Min), fmtNum(p.Max)))
		}
	}
	return out
}

// calibrationFailed words the error err of a calibration into dir (which
// existed before it, or not) by what it kept: the directory it made and
// removed, a directory without a traced evaluation, or a trace to
// continue with --resume. "The evaluations done are in the trace" and
// "the evaluations traced so far are kept" were said of a calibration
// stopped (a signal, a full disk at config.yaml) before its first
// evaluation, into a directory that was there before (a hostile review),
// as run's "finished parts are kept" was said of none.
func calibrationFailed(ctx context.Context, err error, dir string, existed bool) error {
	untouched := experiments.NothingDeleted(err)
	if err = interrupted(ctx, err); untouched && pathExists(dir) {
		return forceUntouched(err)
	}
	traced := tracedEvaluation(dir)
	hasConfig := pathExists(filepath.Join(dir, "config.yaml"))
	var se signalError
	if errors.As(err, &se) {
		switch {
		case !existed && !pathExists(dir), !traced && !hasConfig:
			// Stopped before the directory was made (hostile review,
			// stop 25), or before anything was written into it: no
			// trace to resume.
			return nothingWritten(err)
		case !traced:
			se.hint = "no evaluation was traced yet: run `runner calibrate` again with --resume to begin it"
			return se
		}
		return calibrationInterrupted{se}
	}
	switch {
	case traced:
		return diskFull(err, "the evaluations traced so far are kept: make room and run `runner calibrate` again with --resume to continue")
	case pathExists(dir):
		return diskFull(err, nothingYetKept("no evaluation was traced yet", dir))
	}
	return diskFull(err, nothingKept)
}

// tracedEvaluation reports whether the calibration directory dir holds an
// evaluation in its trace journal: a whole line after the header.
func tracedEvaluation(dir string) bool {
	f, err := output.OpenRegular(filepath.Join(dir, filepath.FromSlash(output.TableTrace)+".csv"))
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	lines := 0
	for lines < 2 {
		n, err := f.Read(buf)
		lines += bytes.Count(buf[:n], []byte("\n"))
		if err != nil {
			break
		}
	}
	return lines >= 2
}

// calibrationInterrupted is a signal's exit code with a calibration's
// message: what is kept is the trace, not parts.
type calibrationInterrupted struct{ se signalError }

func (e calibrationInterrupted) Error() string {
	return fmt.Sprintf("interrupted by %s; the evaluations done are in the trace: run again with --resume to continue", e.se.name)
}
func (e calibrationInterrupted) Unwrap() error { return e.se }

func fmtLoss(x float64) string {
	if x == math.MaxFloat64 {
		return "1.798e+308 (saturated: the largest number)"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

// noteAnalysis says on w at how many design points each discovery's
// quantity is undefined (experiments.Result.Undefined), which sensitivity
// quantities do not vary over the design (experiments.Result.Flat: the
// table holds only nulls for them), and the caveat on a small design
// (experiments.Result.Caveat).
func noteAnalysis(w io.Writer, flat []string, caveat string, undefined []string) {
	for _, u := range undefined {
		fmt.Fprintf(w, "runner: note: discovery: %s\n", u)
	}
	for _, q := range flat {
		fmt.Fprintf(w, "runner: note: sensitivity: %s does not vary over the design, so every index of it is null (there is no variance to apportion)\n", q)
	}
	if caveat != "" {
		fmt.Fprintf(w, "runner: note: sensitivity: %s\n", caveat)
	}
}

func fmtNum(x float64) string {
	if math.IsNaN(x) {
		return "undefined"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

// testStopHookEvaluations reads PACTSIM_TEST_SIGNAL_AFTER_EVALUATIONS=N:SIGNAL
// (SIGNAL one of INT, TERM, HUP, QUIT, KILL): after N evaluations are in the trace the
// runner sends itself that signal. Only the tests set it.
func testStopHookEvaluations() (int, syscall.Signal) {
	return testStopHookEnv("PACTSIM_TEST_SIGNAL_AFTER_EVALUATIONS")
}

// signalNamed maps INT, TERM, HUP, QUIT and KILL (with or without SIG)
// to the signal; anything else is SIGINT.
func signalNamed(s string) syscall.Signal {
	switch {
	case slices.Contains([]string{"HUP", "SIGHUP"}, s):
		return syscall.SIGHUP
	case slices.Contains([]string{"QUIT", "SIGQUIT"}, s):
		return syscall.SIGQUIT
	case slices.Contains([]string{"TERM", "SIGTERM"}, s):
		return syscall.SIGTERM
	case slices.Contains([]string{"KILL", "SIGKILL"}, s):
		return syscall.SIGKILL
	}
	return syscall.SIGINT
}

// calibrationUnsharded refuses to run a calibration (cmd: calibrate, or
// validate of a calibration config, with its --shard flag and config
// name) as a shard. A calibration is one search: run in a job array,
// every task would run all of it into one directory, each after the first
// refused by the lock (a hostile review, stop 35: no word of why).
// Unreadable array variables are refused as run refuses them (a hostile
// review, stop 37: SLURM_ARRAY_TASK_ID=abc passed here), without run's
// advice to pass --shard, which calibrate does not take; and validate
// refuses what calibrate refuses (a scale-out review, stop 46: validate
// ignored the array's variables and said valid, exit 0), and any --shard.
func calibrationUnsharded(cmd, flag, config string) error {
	if flag != "" {
		// Any --shard, 0/1 too: deploy/slurm/submit.sh checks a config
		// with --shard 0/N, and a calibration config is no array's.
		return usagef("%s: --shard %s: %s has a calibration section, and runner calibrate is not sharded: every evaluation runs on one machine", cmd, flag, config)
	}
	if slurm, k8s := strings.TrimSpace(os.Getenv("SLURM_ARRAY_TASK_ID")), strings.TrimSpace(os.Getenv("JOB_COMPLETION_INDEX")); slurm != "" && k8s != "" {
		// Both schedulers' indices: which is this job's matters not to a
		// calibration, which is neither's. ResolveShard's advice to unset
		// the one that is not this job's, beside a single job's, was two
		// ways out that disagree (a scale-out review): one, a single job.
		return usagef("%s: both SLURM_ARRAY_TASK_ID=%q (a Slurm array task) and JOB_COMPLETION_INDEX=%q (a Kubernetes Indexed Job) are set, and runner calibrate is not sharded: every evaluation runs in one process; run it as a single job, with neither set", cmd, slurm, k8s)
	}
	s, err := experiments.ResolveUnsharded(os.Getenv)
	if err != nil {
		// A Slurm array of several tasks is refused for being an array,
		// whatever else is wrong with it (a step, a list, a task outside
		// it): run's advice of a contiguous array, beside that of a
		// single job, would run the whole search in every task (a
		// scale-out review).
		if n := slurmArrayCount(os.Getenv); n > 1 {
			return usagef("%s: SLURM_ARRAY_TASK_COUNT=%d says this is a task of a Slurm job array of %d, and runner calibrate is not sharded: every evaluation runs in one process; submit it as a single job, not an array", cmd, n, n)
		}
		return usagef("%s: %v; runner calibrate is not sharded: run it as a single job, not a job array task", cmd, err)
	}
	if s.N > 1 {
		return usagef("%s: %s says this is task %d of a job array of %d, and runner calibrate is not sharded: every evaluation runs in one process; submit it as a single job, not an array", cmd, s.Source, s.I, s.N)
	}
	return nil
}

// slurmArrayCount is SLURM_ARRAY_TASK_COUNT in a Slurm array task
// (SLURM_ARRAY_TASK_ID set), or 0 where it is not one or the count is not
// a plain number.
func slurmArrayCount(getenv func(string) string) int {
	if strings.TrimSpace(getenv("SLURM_ARRAY_TASK_ID")) == "" {
		return 0
	}
	v := strings.TrimSpace(getenv("SLURM_ARRAY_TASK_COUNT"))
	n, err := strconv.Atoi(v)
	if err != nil || strings.Trim(v, "0123456789") != "" {
		return 0
	}
	return n
}

// headerNames is the most parameters calibrate's first line names.
const headerNames = 4

// calibratedNames names the calibrated parameters for calibrate's first
// line: every one up to headerNames, else their number and the first few,
// so that a batch log's line stays short (a review, stop 51: the shipped
// calibrate.yaml's 12 parameters made a line of 476 characters, and a
// calibration of more made one as long as their names). validate, and
// the best evaluation's lines at the end, list every one.
func calibratedNames(names []string) string {
	if len(names) <= headerNames {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%d parameters (%s and %d more)", len(names), strings.Join(names[:headerNames], ", "), len(names)-headerNames)
}
