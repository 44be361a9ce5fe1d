package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"pactsim/experiments"
	"pactsim/output"
)

func newPlotCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "plot DIR",
		Short: "(re)draw the plots and report of a results directory from its tables",
		Long: `Draw DIR's figures (plots/*.png and .svg) and report.html again from its
tables, without running anything, and rewrite the manifest so that
runner verify still passes. DIR is a complete run, merge or calibration (a
shard has no summary to draw). plots/ is redrawn whole: a figure of an
earlier analysis does not stay, and a plots/ folder holding a file pactsim
did not draw is refused, untouched. While it works DIR holds .pending;
stopped by a signal it removes the figures and report and brings the
manifest up to date; killed, it leaves .pending, which verify and --resume
refuse until plot is run again.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ctx, stop := catchSignalsToEnd(c.Context(), "run `runner plot` again to draw the figures and report")
			defer stop()
			report, err := experiments.Plot(ctx, args[0])
			err = verdict(ctx, err)
			if err != nil {
				// A full disk leaves the mark, as a kill does (a hostile
				// review, stop 31: the bare error said nothing of it).
				return pendingFull(interrupted(ctx, err), args[0], "plot")
			}
			fmt.Fprintf(c.OutOrStdout(), "plots and report.html written in %s; open %s\n", args[0], report)
			return nil
		},
	}
}

func newMergeCmd() *cobra.Command {
	var out string
	var force, quiet, allowLarge bool
	var lockWait time.Duration
	cmd := &cobra.Command{
		Use:   "merge -o OUT DIR...",
		Short: "check shard directories and join them into one results directory",
		Long: `Check that the shard directories come from the same resolved config,
engine version and build target (and this runner's), that each shard 0..N-1 is present exactly once with its
expected task range, and that every file matches its manifest's checksum;
then copy the parts unchanged and write the summary and contrasts (and
both by treaty formation), points, codebook, the analyses of the config's
analysis section, for an ablation its contributions and break-even tables,
plots and report (unless output.plots is false) and, last, manifest, by
the same code path as a single run.
DIR... is every shard of one sharded run, or one whole run or merge alone,
which is copied (its tables are written anew). A merge whose part files (every shard's, listed in one manifest) are over
the limit a run applies, or whose copies would fill more than the share of
the free disk a run plans to use, is refused unless --allow-large is given.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			// checkOut first: -o "" (an unset shell variable) is told
			// that its path is empty, not that -o is missing (a hostile
			// review).
			if err := checkOut(c); err != nil {
				return err
			}
			if out == "" {
				return usagef("merge: -o OUT is required")
			}
			if err := checkLockWait("merge", lockWait); err != nil {
				return err
			}
			return merge(c.Context(), out, args, mergeFlags{force: force, quiet: quiet, allowLarge: allowLarge, lockWait: lockWait}, c.ErrOrStderr())
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "merged results directory")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing pactsim results directory at OUT, of any kind (a run, shard, merge or calibration), and nothing else")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress output")
	cmd.Flags().BoolVar(&allowLarge, "allow-large", false, "merge shards over a soft limit: the part-file limit or the free disk")
	cmd.Flags().DurationVar(&lockWait, "lock-wait", 0, "wait up to this long (e.g. 10m) for another process to release OUT instead of exiting 2 at once; for a batch system's requeued merge job")
	return cmd
}

// nonEmptyDir reports whether dir is a folder (or a link to one) with
// entries other than hidden ones (its lock): what merge --force replaces
// rather than writes into.
func nonEmptyDir(dir string) bool {
	es, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range es {
		if !strings.HasPrefix(e.Name(), ".") {
			return true
		}
	}
	return false
}

// mergeFlags are merge's flags but -o.
type mergeFlags struct {
	force, quiet, allowLarge bool
	lockWait                 time.Duration
}

func merge(ctx context.Context, out string, dirs []string, f mergeFlags, stderr io.Writer) error {
	force, quiet, lockWait := f.force, f.quiet, f.lockWait
	ownAnalysis := false     // the config has an analysis section
	copied := output.KindRun // the kind of a whole directory given alone
	// --force over a results directory keeps it until the new merge is
	// complete (experiments.Merge), so a failure leaves it as it was.
	// One directory given is a whole run or merge that merge copies, not
	// "the shards" (a review, stop 52).
	given := "the shards"
	if len(dirs) == 1 {
		given = dirs[0]
	}
	kept, removed := given+" are untouched", "the merge's output was removed"
	if len(dirs) == 1 {
		kept = given + " is untouched"
	}
	if force && nonEmptyDir(out) {
		kept, removed = given+" and "+out+" are untouched", "the new merge, written inside it, was removed"
	}
	ctx, stop := catchSignalsToEnd(ctx, kept+" and "+removed+": run the merge again")
	defer stop()
	replaced := "" // what --force replaced, said even where the merge fails
	res, err := experiments.Merge(ctx, out, dirs, experiments.MergeOptions{
		Force: force, LockWait: lockWait, AllowLarge: f.allowLarge,
		Notify: func(e experiments.Event) {
			if e.Kind == experiments.EventWaiting {
				// Said even with -q, as run says it.
				waitingLine(stderr, e.Busy, lockWait)
				return
			}
			// PACTSIM_TEST_SIGNAL_AT_FINALIZE=1:SIGNAL (tests only): the
			// signal arrives as the merge starts to finalise.
			if n, sig := testStopHookEnv("PACTSIM_TEST_SIGNAL_AT_FINALIZE"); n > 0 && e.Kind == experiments.EventFinalizing {
				_ = signalSelfAt(ctx, n, sig)(n)
			}
			if e.Kind == experiments.EventFinalizing {
				ownAnalysis = e.Analysis != nil
			}
			if e.Kind == experiments.EventMerging {
				copied = e.Copied
			}
			if e.Kind == experiments.EventReplaced {
				replaced = e.Replaced
			}
			if quiet {
				return
			}
			switch e.Kind {
			case experiments.EventMerging:
				if e.Shards == 1 {
					// One shard is a whole run or merge (a merge refuses
					// shard 0/2 alone), not "1 shard" (a hostile review),
					// and a merge is not called a run (a scale-out review).
					article, name := copiedName(copied)
					fmt.Fprintf(stderr, "runner: %s checks out (%s %s, not shards: nothing to join); copying its parts into %s\n", dirs[0], article, name, out)
					break
				}
				fmt.Fprintf(stderr, "runner: %d shards check out; copying their parts into %s\n", e.Shards, out)
			case experiments.EventFinalizing:
				fmt.Fprintf(stderr, "runner: writing %s\n", finalizingText(e.Analysis, e.Plots))
			}
		},
	})
	err = verdict(ctx, err)
	if err != nil {
		// The old contents are gone either way (a review, stop 50).
		sayReplaced(stderr, out, replaced)
		if errors.Is(err, experiments.ErrStoppedWaiting) {
			// Stopped while it waited for OUT's lock: it had not begun.
			return nothingWritten(interrupted(ctx, err))
		}
		return diskFull(interrupted(ctx, err), kept+" and "+removed+": run the merge again where there is room")
	}
	sayReplaced(stderr, out, res.Replaced)
	// Said even with -q: OUT lacks tables the directory merged had.
	for _, a := range res.Dropped {
		has := "the analysis of its config.yaml's section"
		if !ownAnalysis {
			has = "no analysis tables (its config.yaml has no analysis section)"
		}
		fmt.Fprintf(stderr, "runner: note: %s, the analysis `runner analyze` gave %s, is not carried over: %s has %s; `runner analyze %s %s` computes that analysis for it\n", a, filepath.Dir(a), out, has, out, a)
	}
	// Said even with -q: notes on the merged results' analysis, which
	// nothing else prints (a review, stop 48).
	noteAnalysis(stderr, res.Flat, res.Caveat, res.Undefined)
	if !quiet {
		what := fmt.Sprintf("merged %d shards", len(dirs))
		if len(dirs) == 1 {
			_, name := copiedName(copied)
			what = "copied the " + name + " " + dirs[0]
		}
		if res.Report != "" {
			fmt.Fprintf(stderr, "runner: %s into %s; open %s\n", what, out, res.Report)
		} else {
			fmt.Fprintf(stderr, "runner: %s into %s\n", what, out)
		}
	}
	return nil
}

// sayReplaced says what --force replaced in dir (what: "a complete shard
// 1/3 of config ..."), even with -q: what the directory held is gone (a
// review, stop 49: run, calibrate and merge --force replaced a finished
// shard, run, merge or calibration without a word).
func sayReplaced(stderr io.Writer, dir, what string) {
	if what != "" {
		fmt.Fprintf(stderr, "runner: --force replaced %s, which held %s\n", dir, what)
	}
}

// copiedName names, with its article, the whole directory of kind k that
// a merge given it alone copies: a run, or a merge's directory.
func copiedName(k output.Kind) (article, name string) {
	if k == output.KindMerge {
		return "a", "merged directory"
	}
	return "a whole", "run"
}

func newVerifyCmd() *cobra.Command {
	var sample string
	var workers, sampleSeed int
	var tables bool
	cmd := &cobra.Command{
		Use:   "verify DIR",
		Short: "re-check a results directory: checksums, no unlisted data files, and re-run tasks bit for bit",
		Long: `Re-check a complete results directory (a run, a shard, a merge or a
calibration, as its manifest's kind says) as a reader of a paper would:
every file's SHA-256 against the manifest, no file the manifest does not
list, then re-run --sample tasks (chosen by a draw seeded from the config's
seed, so the same ones every time) from the stored config.yaml and compare
their rows, bit for bit, with every file of their parts (runs, states and
trajectories, Parquet and Arrow); a part whose every task was re-run is
also written again in memory and compared byte for byte, footers and
metadata included. Then recompute the derived
tables (summary, contrasts, points, by formation, the analyses and the
codebook) from the runs and compare them with the stored ones, byte for
byte: with --sample all or --tables; by default, the whole tables without
the analyses when its runs parts hold at most 128 MiB (the recomputation reads every
runs row: about as long as the run's own finalisation); never with
--tables=false. A calibration instead re-runs its best evaluation and
--sample others of its trace to the same targets, and (but with
--tables=false) writes its tables and calibrated.yaml again from the trace,
in memory, and compares them: verify writes nothing in DIR.

Exit 0 when everything matches, 1 with the first mismatch named, 2 when DIR
is not a complete results directory.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			n, err := parseSample(sample)
			if err != nil {
				return err
			}
			if workers < 0 {
				return usagef("verify: --workers %d: want a positive number (or 0 for the default)", workers)
			}
			workers, err := resolveWorkers("verify", workers)
			if err != nil {
				return err
			}
			ctx, stop := catchSignals(c.Context(), "nothing was changed: run `runner verify` again")
			defer stop()
			check := experiments.TablesAuto
			if c.Flags().Changed("tables") {
				check = experiments.TablesNever
				if tables {
					check = experiments.TablesAlways
				}
			}
			res, err := experiments.Verify(ctx, args[0], experiments.VerifyOptions{Sample: n, Workers: workers, Tables: check,
				SampleSeed: int64(sampleSeed), SeedSet: c.Flags().Changed("sample-seed")})
			// A mismatch found before any signal is the verdict of a
			// check that ran to it (no cancellation can have caused it):
			// a signal after it does not turn its exit 1 into 143 and
			// "run `runner verify` again", as a signal after a
			// verification that passed leaves its exit 0 (a review, stop
			// 51). One that came while Verify still ran wins, as before.
			// verdict marks it, as it does plot's, analyze's, merge's and
			// run's (a review, stop 52: verify kept its own copy).
			err = verdict(ctx, err)
			if err != nil {
				// A file this user may not read, or too many open files,
				// gets its advice (a review, stop 52).
				return diskFull(interrupted(ctx, err), "nothing was changed: run `runner verify` again")
			}
			match := "match"
			if res.Files == 1 {
				match = "matches"
			}
			tasks := res.Hi - res.Lo
			other := "no unlisted data file is there"
			if res.Temporaries > 0 {
				// plot removes them where it runs; a shard has no plot
				// to run (its figures are drawn at the merge).
				clean := "`runner plot` removes them"
				if res.Kind == output.KindShard {
					clean = "they can be deleted"
				}
				other = fmt.Sprintf("no other data file is there (%d temporary %s of a command that was killed: not data; %s)", res.Temporaries, output.Plural(res.Temporaries, "file"), clean)
			}
			if n := len(res.Stages.Names); n > 0 {
				// A merge --force killed outright left its staging
				// folder, which can hold a whole merge (a review, stop 52:
				// not said).
				it := map[bool]string{true: "it", false: "them"}[n == 1]
				clean := fmt.Sprintf("`runner plot %s` or the next merge --force into it removes %s", args[0], it)
				if res.Kind == output.KindShard {
					// A shard has no plot; a merge --force into it would
					// replace the shard itself, while a --resume of the
					// complete shard removes only the folders (a review,
					// stop 52: that merge was named as the clean-up).
					clean = "delete " + it + ", or `runner run --resume` of this shard removes " + it
				}
				other += fmt.Sprintf(" (%s in %s, the staging %s of a merge killed outright, %s %s: not data and not checked; %s)",
					strings.Join(res.Stages.Names, ", "), args[0], output.Plural(n, "folder"), map[bool]string{true: "holds", false: "hold"}[n == 1], output.FormatBytes(res.Stages.Bytes), clean)
			}
			if res.Twins {
				other += ", every Arrow part holds its Parquet twin's rows"
			}
			drawn := ""
			if res.Tasks != nil {
				drawn = fmt.Sprintf(" (drawn with seed %d)", res.SampleSeed)
			}
			rerun := fmt.Sprintf("%d of its %d %s%s re-run to the same rows", res.Checked, tasks, output.Plural(tasks, "task"), drawn)
			if res.Kind == output.KindCalibration {
				rerun = fmt.Sprintf("%d of its %d %s (the best included) re-run to the same targets", res.EvaluationsChecked, res.Evaluations, output.Plural(res.Evaluations, "evaluation"))
			}
			fmt.Fprintf(c.OutOrStdout(), "%s verifies: %d %s %s the manifest, %s, and %s",
				args[0], res.Files, output.Plural(res.Files, "file"), match, other, rerun)
			figures := ""
			if res.Figures {
				figures = ", and so do the figures and report drawn again from them"
			}
			// Why the tables were not recomputed: --tables=false wins over
			// --sample all, which the note named as what recomputes them
			// when both were given (a review, stop 50).
			notWhy := "--tables or --sample all does"
			if check == experiments.TablesNever {
				notWhy = "--tables=false"
			}
			switch {
			case res.Kind == output.KindCalibration && res.Tables:
				fmt.Fprintf(c.OutOrStdout(), "; the tables and calibrated.yaml written again from the trace match the stored ones%s\n", figures)
			case res.Kind == output.KindCalibration:
				// A calibration writes its tables again whatever --sample,
				// so only --tables=false skips them; say so, as a run's
				// line does (a review, stop 54: the line ended with the
				// re-run, silent on what was not checked).
				// The figures only where there are some (a review, stop
				// 54: said of a `plots: false` calibration too).
				nor := ""
				if res.FiguresListed {
					nor = ", nor the figures drawn again"
				}
				fmt.Fprintf(c.OutOrStdout(), "; the tables, codebook and calibrated.yaml were not written again from the trace%s (--tables=false)\n", nor)
			case res.Analyses:
				// Without an analysis section there are none to name (a
				// contract audit, stop 45: "and analyses" for a plain run).
				what := "the tables and codebook"
				if res.Analysis {
					what = "the tables and analyses"
				}
				undefined := ""
				if res.Undefined != nil {
					// No analysis table to match (a review, stop 53:
					// "analyses ... match the stored ones" of none).
					what = "the tables and codebook"
					undefined = fmt.Sprintf("; the analysis has no tables, since the stored tables leave it undefined, as when it was computed: %v", res.Undefined)
				}
				fmt.Fprintf(c.OutOrStdout(), "; %s recomputed from the runs match the stored ones%s%s\n", what, figures, undefined)
			case res.Tables:
				// One file, or the codebook with the figures and report.
				also := "as does the codebook"
				if res.Figures {
					also = "as do the codebook and the figures and report drawn again from them"
				}
				// The analyses are named only where the directory has
				// some (a review, stop 53: a run without an analysis
				// section was told its analyses were not recomputed).
				notAnalyses := ""
				if res.Analysis {
					notAnalyses = " (the analyses were not recomputed: --tables or --sample all does)"
				}
				fmt.Fprintf(c.OutOrStdout(), "; the whole tables recomputed from the runs match the stored ones, %s%s\n", also, notAnalyses)
			case res.Codebook:
				drawn := ""
				if res.Figures {
					drawn = ", and the figures and report drawn again from the stored tables match"
				}
				fmt.Fprintf(c.OutOrStdout(), "; the codebook matches its config%s; the tables were not recomputed (%s)\n", drawn, notWhy)
			case res.Kind == output.KindRun || res.Kind == output.KindMerge:
				fmt.Fprintf(c.OutOrStdout(), "; the tables were not recomputed (%s)\n", notWhy)
			case res.Kind == output.KindShard && check == experiments.TablesAlways:
				// --tables asked for what a shard does not hold: say so
				// rather than pass it over (a scale-out review, stop 43).
				fmt.Fprintf(c.OutOrStdout(), "; a shard has no whole tables, so --tables checked nothing more (the merge's verify recomputes them)\n")
			default:
				fmt.Fprintln(c.OutOrStdout())
			}
			if res.OtherBinary != "" {
				// Said, not refused: a newer checkout verifies older work.
				fmt.Fprintf(c.ErrOrStderr(), "runner: note: %s's manifest records a runner %s: nothing else in the directory records the binary, so the re-run vouches for this runner's rows, not for that record (the runner that wrote it finds an edit of it)\n", args[0], res.OtherBinary)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&sample, "sample", strconv.Itoa(experiments.DefaultVerifySample), "tasks to re-run (a calibration's evaluations, the best always among them): a number, or all")
	intFlag(cmd.Flags(), &workers, "workers", 0, "worker goroutines (0: the default, SLURM_CPUS_PER_TASK, else the number of CPUs)")
	intFlag(cmd.Flags(), &sampleSeed, "sample-seed", 0, "seed of the sample's draw (default: the config's seed, the same tasks every time; an auditor gives one of their own, which a forger cannot foresee)")
	cmd.Flags().BoolVar(&tables, "tables", false, "recompute the derived tables and analyses from the runs and compare them (default: with --sample all, and the whole tables where the runs parts hold up to 128 MiB)")
	return cmd
}

// parseSample reads verify's --sample: a positive number of tasks, or all
// (-1); a number beyond int is all of them.
func parseSample(sample string) (int, error) {
	if sample == "all" {
		return -1, nil
	}
	k, err := strconv.Atoi(sample)
	// Atoi says ErrRange as soon as the digits overflow, before it reads
	// the rest: "19000000000000000000A" was all of the tasks (a review,
	// stop 51, by FuzzParseSample). Only digits are a number that large.
	if errors.Is(err, strconv.ErrRange) && decimalDigits(strings.TrimPrefix(sample, "+")) {
		k, err = math.MaxInt, nil // more than any plan's tasks: all of them
	}
	if err != nil || k < 1 {
		return 0, usagef("verify: --sample %q: want a positive number of tasks or all", sample)
	}
	return k, nil
}

// decimalDigits reports whether s is one or more of the digits 0-9.
func decimalDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
