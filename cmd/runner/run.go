package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"pactsim/experiments"
	"pactsim/output"
)

type runFlags struct {
	writerFlags
	shard      string
	allowLarge bool
	lockWait   time.Duration
}

func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run CONFIG",
		Short: "run an experiment and write its results directory",
		Long: `Run every task of CONFIG (or of one shard of it) and write the results
directory: config.yaml, runs parts, summary and contrasts (and both by
treaty formation), points, codebook, the analyses of its analysis section,
for an ablation (README, "Which argument carries the weight") its
contributions and break-even tables, plots and report.html (unless
output.plots is false) and, last, manifest.json.

An existing, non-empty directory is refused unless --force (which clears a
previous pactsim results directory, and nothing else) or --resume (which
verifies and keeps every finished part and redoes the rest) is given. One
process at a time writes a directory: a second gets exit 2 at once, or,
with --lock-wait, waits up to that long for the first to finish.

Before anything is written the plan is timed on a few tasks; a plan that
would exceed a limit (part files, time, disk; see 'runner validate') is
refused unless --allow-large is given. A shard counts the part files of
its merge, every shard's, against the limit, as the merge does: one
given --allow-large for them needs 'runner merge --allow-large' too.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := checkOut(c); err != nil {
				return err
			}
			return runExperiment(c.Context(), args[0], f, c.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	f.register(cmd, "results/NAME", "continue an interrupted run in DIR")
	fl.StringVar(&f.shard, "shard", "", "run shard I of N (I/N, 0-based); default from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX; 0/1 turns sharding off")
	fl.BoolVar(&f.allowLarge, "allow-large", false, "run a plan over a soft limit (part files, time, disk)")
	fl.DurationVar(&f.lockWait, "lock-wait", 0, "wait up to this long (e.g. 10m) for another process to release DIR instead of exiting 2 at once; for a batch system's replacement worker")
	return cmd
}

func runExperiment(ctx context.Context, cfgPath string, f runFlags, stderr io.Writer) error {
	workers, err := f.check("run")
	if err != nil {
		return err
	}
	if err := checkLockWait("run", f.lockWait); err != nil {
		return err
	}
	keepWritingOnClosedPipe()
	ctx, stop := catchSignals(ctx, hintResume)
	defer stop()
	plan, err := load(ctx, cfgPath, f.resumeDir(""))
	if err == nil {
		// PACTSIM_TEST_SIGNAL_AFTER_LOAD=1:SIGNAL (tests only): the
		// signal arrives once the config is read, before the estimate.
		if n, sig := testStopHookEnv("PACTSIM_TEST_SIGNAL_AFTER_LOAD"); n > 0 {
			err = signalSelfAt(ctx, n, sig)(n)
		}
	}
	if err != nil {
		return nothingWritten(interrupted(ctx, err))
	}
	shard, err := experiments.ResolveShard(f.shard, os.Getenv)
	if err != nil {
		return err
	}
	if !f.quiet {
		sayNotes(stderr, plan)
	}
	if cs := plan.Config.Calibration; cs != nil && !f.quiet {
		// run takes a calibration's config (its one point, the search's
		// start, is a run like any other: the calibration's first
		// evaluation), but one who meant calibrate must not read these
		// results as fitted.
		// "Moved" only where a value moved (a scale-out review: it was
		// said of defaults inside their ranges too).
		at := "each calibrated parameter's registry default"
		if cs.Optimizer.Start == experiments.StartCenter {
			at = "the middle of each calibrated parameter's range"
		} else if moved := plan.MovedStarts(); len(moved) > 0 {
			at += ", moved into its range where it lies outside (" + strings.Join(moved, "; ") + ")"
		}
		fmt.Fprintf(stderr, "runner: note: %s has a calibration section, which run does not search: this runs the config once at its params and the search's start, %s, nothing is fitted; `runner calibrate %s` fits it\n", cfgPath, at, cfgPath)
	}
	dir := f.dir(plan, "")
	var prog *progress
	replaced := "" // what --force replaced, said even where the run fails
	defer func() {
		if prog != nil {
			prog.finish()
		}
	}()
	opt := experiments.RunOptions{
		Dir: dir, Workers: workers, Shard: shard, Resume: f.resume, Force: f.force, AllowLarge: f.allowLarge, LockWait: f.lockWait,
		Notify: func(e experiments.Event) {
			switch e.Kind {
			case experiments.EventPlanned:
				if !f.quiet {
					np, nr, na := plan.NumPoints(), plan.Replicates(), len(plan.ArchitectureNames())
					fmt.Fprintf(stderr, "runner: %s: %d %s × %d %s × %d %s; %s; %d %s; writing %s\n",
						plan.Name(), np, output.Plural(np, "point"), nr, output.Plural(nr, "replicate"), na, output.Plural(na, "architecture"),
						taskRange(shard, e.Lo, e.Hi), workers, output.Plural(workers, "worker"), dir)
					fmt.Fprintf(stderr, "runner: %s\n", e.Estimate)
				} else if shard.Sharded() {
					// The chosen shard is always printed (README,
					// "Guarantees"): a batch log must say which share of
					// the tasks it ran.
					fmt.Fprintf(stderr, "runner: %s\n", taskRange(shard, e.Lo, e.Hi))
				}
				if m := e.Estimate.Merge; f.allowLarge && m.Shards > 1 && m.PartFiles > experiments.MaxPartFiles {
					// Said even with -q: the merge job, perhaps another
					// script, needs the flag too (checkMergedParts).
					fmt.Fprintf(stderr, "runner: note: the merge of the %d shards will list %s part files, over the limit of %d that --allow-large passed here: merge them with `runner merge --allow-large`\n", m.Shards, m.Files(), experiments.MaxPartFiles)
				}
				prog = newProgress(e.Hi-e.Lo, f.quiet, stderr)
			case experiments.EventReplaced:
				replaced = e.Replaced
			case experiments.EventWaiting:
				// Said even with -q: a batch log must show why a worker
				// sat idle.
				waitingLine(stderr, e.Busy, f.lockWait)
			case experiments.EventComplete:
				// Not announced as a run (EventPlanned, with its
				// estimate): the shard is said, as ever, and what was
				// found (a review, stop 50).
				if shard.Sharded() {
					fmt.Fprintf(stderr, "runner: %s\n", taskRange(shard, e.Lo, e.Hi))
				}
				if !f.quiet {
					fmt.Fprintf(stderr, "runner: %s is complete, every file matches its manifest and no unlisted data file is there; nothing to do\n", dir)
				}
			case experiments.EventDamaged:
				// Always printed: the user should know a file was bad.
				fmt.Fprintf(stderr, "runner: --resume: %s: %s; recomputing that part\n", e.Path, e.Reason)
			case experiments.EventResuming:
				if !f.quiet {
					fmt.Fprintf(stderr, "runner: resuming %s: %d of %d parts are final, verified and kept\n", dir, e.Kept, e.Parts)
				}
			case experiments.EventFinalizing:
				prog.finish()
				if !f.quiet {
					what := finalizingText(plan.Config.Analysis, e.Plots)
					fmt.Fprintf(stderr, "runner: writing %s\n", what)
				}
			}
		},
		Progress: func(done, total int) {
			if prog != nil {
				prog.set(done)
			}
		},
	}
	if n, sig := testStopHook(); n > 0 {
		opt.AfterPart = signalSelfAt(ctx, n, sig)
	}
	existed := pathExists(dir)
	res, err := experiments.Run(ctx, plan, opt)
	err = verdict(ctx, err)
	if err != nil {
		// The old contents are gone either way (a review, stop 50).
		sayReplaced(stderr, dir, replaced)
		waiting := errors.Is(err, experiments.ErrStoppedWaiting)
		untouched := experiments.NothingDeleted(err)
		if err = interrupted(ctx, err); waiting || !existed && !pathExists(dir) {
			err = diskFull(nothingWritten(err), nothingKept)
		} else if untouched {
			err = forceUntouched(err)
		} else if partsFinished(dir) {
			err = diskFull(err, "finished parts are kept: make room, or copy the directory to a larger disk, and run again with --resume to continue")
		} else {
			// Stopped at the first write (config.yaml, the first part): no
			// part to keep (a hostile review: it said "finished parts
			// are kept" of none).
			var se signalError
			if errors.As(err, &se) {
				se.hint = "no part was finished yet: run again with --resume to begin it"
				err = se
			}
			err = diskFull(err, nothingYetKept("no part was finished yet", dir))
		}
		return err
	}
	prog.finish()
	sayReplaced(stderr, dir, res.Replaced)
	if !res.Complete {
		// Said even with -q, which hides the notes on the config that
		// validate prints, not these on the results, which nothing else
		// prints (a review, stop 48).
		noteAnalysis(stderr, res.Flat, res.Caveat, res.Undefined)
	}
	if !f.quiet && !res.Complete {
		if res.Report != "" {
			fmt.Fprintf(stderr, "runner: done: %s; open %s\n", dir, res.Report)
		} else {
			fmt.Fprintf(stderr, "runner: done: %s\n", dir)
		}
	}
	return nil
}

// waitingLine says that a command waits for another holder of a
// directory's lock (--lock-wait).
func waitingLine(w io.Writer, b *output.BusyError, wait time.Duration) {
	fmt.Fprintf(w, "runner: %s is in use by %s; waiting up to %v for it to finish (--lock-wait)\n", b.Dir, b.Holder(), wait)
}

// checkLockWait refuses a negative --lock-wait of command cmd.
func checkLockWait(cmd string, wait time.Duration) error {
	if wait < 0 {
		return usagef("%s: --lock-wait %v: want a duration of 0 or more (0: do not wait)", cmd, wait)
	}
	return nil
}

// taskRange names the share of the tasks a run computes.
func taskRange(s experiments.ShardSpec, lo, hi int) string {
	if s.Sharded() {
		return fmt.Sprintf("%s: tasks [%d, %d)%s", s, lo, hi, noTasks(s, lo, hi))
	}
	return fmt.Sprintf("%s [%d, %d)", s, lo, hi)
}

// noTasks says, after a shard's task range, that it has none. Allowed
// (deploy/slurm/README.md), but a count far above the plan's is more
// likely a slip than a plan (a hostile review, stop 32: --shard
// 2/4294967297 said only "tasks [0, 0)"); run and validate say it alike
// (stop 46: validate said only the range).
func noTasks(s experiments.ShardSpec, lo, hi int) string {
	if lo != hi {
		return ""
	}
	return fmt.Sprintf(", none (there are more shards than tasks, and merge needs every one of the %d shard directories all the same)", s.N)
}

// sayNotes says on w what the config's decoder accepted but ignores
// (experiments.Config.Notes).
func sayNotes(w io.Writer, plan *experiments.Plan) {
	for _, n := range plan.Config.Notes {
		fmt.Fprintf(w, "runner: note: %s\n", n)
	}
}

// load reads and resolves the config. Planning has written nothing, so a
// signal here ends the command at once, even if resolving a large design
// takes a while: the resolution goes on in the background of a process
// that is about to exit.
//
// resumeDir, for a --resume, names the results directory from the plan:
// a config refused only as advice to a new config is then taken where the
// directory was begun with it (experiments.LoadResumed); nil otherwise.
func load(ctx context.Context, path string, resumeDir func(*experiments.Plan) string) (*experiments.Plan, error) {
	type loaded struct {
		plan *experiments.Plan
		err  error
	}
	done := make(chan loaded, 1)
	go func() {
		var p *experiments.Plan
		var err error
		if resumeDir != nil {
			p, err = experiments.LoadResumed(path, resumeDir)
		} else {
			p, err = experiments.Load(path)
		}
		done <- loaded{p, err}
	}()
	select {
	case l := <-done:
		return l.plan, l.err
	case <-ctx.Done():
		return nil, interrupted(ctx, ctx.Err())
	}
}

// testStopHook reads PACTSIM_TEST_SIGNAL_AFTER_PARTS=N:SIGNAL (SIGNAL one
// of INT, TERM, HUP, QUIT, KILL): after N parts are final the runner sends
// itself that signal. Only the tests set it.
func testStopHook() (int, syscall.Signal) { return testStopHookEnv("PACTSIM_TEST_SIGNAL_AFTER_PARTS") }

// testStopHookEnv reads the test hook in the environment variable name,
// N:SIGNAL; 0 when it is unset or N is not a number.
func testStopHookEnv(name string) (int, syscall.Signal) {
	v := os.Getenv(name)
	if v == "" {
		return 0, 0
	}
	n, sig, _ := strings.Cut(v, ":")
	k, err := strconv.Atoi(n)
	if err != nil {
		return 0, 0
	}
	return k, signalNamed(sig)
}

// isUsage reports whether err is the user's to fix (exit 2).
func isUsage(err error) bool {
	var ue usageError
	return errors.Is(err, output.ErrUsage) || errors.As(err, &ue)
}

// analysesText names the analyses of a config's analysis section for the
// finalisation's progress line.
func analysesText(a *experiments.AnalysisSpec) string {
	var names []string
	if a.Sensitivity != nil {
		names = append(names, "sensitivity")
	}
	if len(a.Discovery) > 0 {
		names = append(names, "discovery (PRIM)")
	}
	switch len(names) {
	case 0:
		return "the analyses"
	case 1:
		return "the " + names[0] + " analysis"
	}
	return "the " + strings.Join(names, " and ") + " analyses"
}

// writerFlags are the flags that run and calibrate share: both write a
// results directory.
type writerFlags struct {
	out     string
	workers int
	resume  bool
	force   bool
	quiet   bool
}

// register adds the flags to cmd, with the command's default directory and
// what its --resume does.
func (f *writerFlags) register(cmd *cobra.Command, defaultOut, resume string) {
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "out", "o", "", "results directory (default "+defaultOut+")")
	intFlag(fl, &f.workers, "workers", 0, "worker goroutines (0: the default, SLURM_CPUS_PER_TASK, else the number of CPUs)")
	fl.BoolVar(&f.resume, "resume", false, resume)
	fl.BoolVar(&f.force, "force", false, "replace an existing pactsim results directory")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "no progress output, and no notes on the config (runner validate CONFIG prints them)")
}

// check checks the flags for command cmd and returns the number of workers
// to use (the default when the flag is 0).
func (f *writerFlags) check(cmd string) (int, error) {
	if f.resume && f.force {
		return 0, usagef("%s: --resume and --force exclude each other", cmd)
	}
	if f.workers < 0 {
		return 0, usagef("%s: --workers %d: want a positive number (or 0 for the default)", cmd, f.workers)
	}
	return resolveWorkers(cmd, f.workers)
}

// resolveWorkers returns the workers for a --workers flag that is not
// negative: the flag, or its default (experiments.ResolveWorkers).
func resolveWorkers(cmd string, workers int) (int, error) {
	n, err := experiments.ResolveWorkers(workers)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", cmd, err)
	}
	return n, nil
}

// finalizingText says what the summary step of a run or merge writes.
func finalizingText(a *experiments.AnalysisSpec, plots bool) string {
	what := "the summary and contrasts (and both by treaty formation), points, codebook"
	if a != nil {
		what += ", " + analysesText(a)
	}
	if plots {
		what += ", plots and report"
	}
	return what
}

// nothingWritten gives a signal's error the hint of a command that had
// not begun its directory (stopped while it read the config or timed its
// estimate): there is nothing to --resume.
func nothingWritten(err error) error {
	var se signalError
	if errors.As(err, &se) {
		se.hint = "nothing was written"
		return se
	}
	return err
}

// pathExists reports whether path names something.
func pathExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// nothingKept is the advice on a full disk that stopped a command before
// it kept anything (its directory, made for it, was removed).
const nothingKept = "nothing was written: " + makeRoom

// makeRoom is the advice on a full disk where nothing is kept.
const makeRoom = "make room, or choose a results directory on a larger disk (-o), and run again"

// nothingYetKept is the advice on a full disk that stopped a command in
// dir before it kept anything (none says what it had not finished): to
// run again, with --resume where dir holds its config.yaml.
func nothingYetKept(none, dir string) string {
	hint := none + ", so nothing is kept: " + makeRoom
	if pathExists(filepath.Join(dir, "config.yaml")) {
		hint += " (into " + dir + ", which holds its config.yaml, with --resume)"
	}
	return hint
}

// partsFinished reports whether the results directory dir holds a part of
// the runs table in either format: what a failed run keeps for --resume.
func partsFinished(dir string) bool {
	for _, sub := range []string{"runs", filepath.Join("arrow", "runs")} {
		es, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, e := range es {
			if strings.HasPrefix(e.Name(), "part-") {
				return true
			}
		}
	}
	return false
}

// dir is the results directory: -o, else results/NAME followed by suffix.
func (f *writerFlags) dir(plan *experiments.Plan, suffix string) string {
	if f.out != "" {
		return f.out
	}
	return filepath.Join("results", plan.Name()+suffix)
}

// resumeDir is load's resumeDir: f.dir with --resume, else nil.
func (f *writerFlags) resumeDir(suffix string) func(*experiments.Plan) string {
	if !f.resume {
		return nil
	}
	return func(p *experiments.Plan) string { return f.dir(p, suffix) }
}

// forceUntouched words the error err of a --force that stopped before it
// deleted anything (experiments.NothingDeleted): the directory is as it
// was, so what to do is the same --force again, not --resume, which
// continues or verifies the old run, not this config's (a review, stop
// 54: a complete run refused for a folder it could not search was said to
// keep "finished parts ... run again with --resume to continue").
func forceUntouched(err error) error {
	var se signalError
	if errors.As(err, &se) {
		se.hint = "nothing was deleted: run the same --force again"
		return se
	}
	return diskFull(err, "nothing was deleted: make room and run the same --force again")
}
