package experiments

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"pactsim/output"
	"pactsim/output/plots"
)

// Plot redraws the figures and report of the complete results directory
// dir from its tables (`runner plot`). A directory that is not a results
// directory, or is unfinished, is a usage error saying why and what
// finishes it; it takes the directory's lock.
func Plot(ctx context.Context, dir string) (report string, err error) {
	if err := IsResultsDir(dir); err != nil {
		return "", err
	}
	// A kind plot refuses is refused before the lock, whose file it
	// would create, and again under it.
	if err := precheckKind("runner plot", dir); err != nil {
		return "", err
	}
	lock, err := lockRewrite("runner plot", dir)
	if err != nil {
		return "", err
	}
	// As in Analyze: stopped before it marks the directory, it leaves no
	// lock file it made.
	marked := false
	defer func() {
		if !marked {
			lock.Undo()
		}
		lock.Unlock()
	}()
	// Temporary files of a plot or analyze that was killed: with the lock
	// held, their writer is gone.
	if err := removeTempFiles(dir); err != nil {
		return "", err
	}
	// The directory stays verifiable: its other files must match the
	// manifest before the figures are redrawn, and the manifest then
	// lists the figures and report as drawn (a `plots: false` run gets
	// them listed too). Checked first, so that a complete directory
	// missing a table is named as damaged, not as unfinished.
	m, complete, err := readCompleteManifest(dir)
	if err != nil {
		return "", err
	}
	if !complete {
		// An unfinished directory (an interrupted finalisation or merge)
		// may hold a summary under its final name already; figures drawn
		// from it would show a directory that does not verify as if it
		// were results.
		return "", usagef("plot: %s has no manifest.json: %s, then plot it", dir, unfinishedWhy(dir))
	}
	if err := rewriteKind("runner plot", dir, m); err != nil {
		return "", err
	}
	if output.Pending(dir) == "analyze" {
		// Its tables may be part old, part new: figures drawn from them
		// would seal the mixture.
		return "", usagef("plot: %s", pendingWhy(dir, "analyze"))
	}
	if err := checkFigureFolder(dir, m); err != nil {
		return "", fmt.Errorf("plot: %w", err)
	}
	if beforeCheck != nil {
		beforeCheck(dir)
	}
	if err := output.CheckBeforeRewrite(ctx, dir, m, output.IsFigureFile); err != nil {
		// Moved meanwhile, its files are not missing but elsewhere (a
		// review, stop 50: "listed in the manifest but cannot be read").
		return "", movedError(ctx, lock, dir, "the plot", rerunHint("plot"), relockHint("plot"), err)
	}
	// A calibration's directory has no summary: its figures come from its
	// trace and targets.
	_, noTargets := os.Stat(filepath.Join(dir, filepath.FromSlash(output.TableTargets)+".parquet"))
	if _, err := os.Stat(filepath.Join(dir, output.TableSummary+".parquet")); err != nil && noTargets != nil {
		return "", &output.MismatchError{Msg: fmt.Sprintf("plot: %s is complete but has no %s.parquet to draw from (its manifest does not list one)", dir, output.TableSummary)}
	}
	// The manifest's seed and totals name the plan in every caption and
	// the report (plots.ReadMeta), and the manifest is sealed again with
	// them: they must be its config's (a review, stop 51: totals edited
	// by hand were drawn, their product overflowing to "= 0 runs").
	if err := checkStoredTotals(dir, m); err != nil {
		return "", fmt.Errorf("plot: %w", err)
	}
	meta, err := plots.ReadMeta(dir)
	if err != nil {
		return "", err
	}
	// Marked while the figures are redrawn: killed meanwhile, the
	// directory holds figures its manifest does not vouch for, and verify
	// and --resume say that this command repairs it.
	if err := checkWritable("runner plot", dir, output.IsFigureFile, "plots"); err != nil {
		return "", err
	}
	if err := output.MarkPending(dir, "plot"); err != nil {
		return "", err
	}
	marked = true
	err = redrawPlots(ctx, dir, meta)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		// Failed or interrupted (a full disk, a signal), the figures are
		// part old, part new, some unlisted: without them the directory
		// is consistent again, and verifies once the manifest says so.
		if rerr := removeFigures(dir); rerr != nil {
			return "", joinNew(err, rerr)
		}
	}
	// Moved or removed meanwhile, as in Analyze.
	if beforeRewrite != nil {
		beforeRewrite(dir)
	}
	if herr := movedError(ctx, lock, dir, "the plot", rerunHint("plot"), relockHint("plot"), nil); herr != nil {
		return "", herr
	}
	wctx := context.WithoutCancel(ctx)
	if rerr := output.RewriteManifestAt(wctx, dir, m, output.IsFigureFile); rerr != nil {
		return "", errors.Join(err, rerr)
	}
	if rerr := output.ClearPending(dir); rerr != nil {
		return "", errors.Join(err, rerr)
	}
	if err != nil {
		// Only now, with the manifest rewritten and the mark gone, does
		// the directory verify without its figures.
		return "", figuresRemoved(ctx, err, dir, "its tables are as they were")
	}
	// A merge --force killed over this complete directory left its
	// staging folders (output.StagePrefix), which verify does not see and
	// which hold nothing the directory needs; the next writer removes
	// them, as a resume does. Best effort: the figures are drawn.
	_ = removeStages(dir)
	return filepath.Join(dir, "report.html"), nil
}

// checkFigureFolder refuses a plots/ folder holding a file pactsim did not
// draw there: a redraw replaces the folder, and its manifest would list
// whatever is there (review 10: a notes.txt under plots/ was sealed into
// the manifest, and a user's annotated.png would be deleted). A figure is
// pactsim's if the manifest m lists it, or, while a plot or analyze left
// its mark (it was killed drawing), if it bears a figure's name.
func checkFigureFolder(dir string, m *output.Manifest) error {
	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f.Path] = true
	}
	left := output.PendingLeft(dir) // every command that marks a directory draws figures
	root := filepath.Join(dir, "plots")
	if _, err := os.Lstat(root); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var stranger, what string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "plots" {
			if !d.IsDir() {
				// Not "not listed": the manifest lists the figures in it.
				stranger = rel
				what = fmt.Sprintf("which is %s, not the folder pactsim draws its figures in", output.FileKind(d.Type()))
			}
			return nil
		}
		if d.IsDir() {
			stranger = rel // pactsim draws no folder under plots/
			if listed[rel] {
				what = "which is a folder, not the figure pactsim drew there (its manifest lists a regular file)"
			}
			return fs.SkipAll
		}
		if !d.Type().IsRegular() || !listed[rel] && !(left(rel) && output.IsResultsFile(rel)) {
			stranger = rel
			if listed[rel] {
				// A figure's name, listed, that is now a link or a
				// device: "its manifest does not list it" was false (a
				// hostile review, stop 48).
				what = fmt.Sprintf("which is %s, not the figure pactsim drew there (its manifest lists a regular file)", output.FileKind(d.Type()))
			}
			return fs.SkipAll
		}
		return nil
	})
	if err != nil {
		return err
	}
	if stranger != "" {
		if what == "" {
			what = "which pactsim did not draw (its manifest does not list it)"
		}
		return usagef("%s holds %s, %s, and a redraw replaces plots/: move it out of the results directory and run again", dir, stranger, what)
	}
	return nil
}

// redrawPlots draws the figures and report of a complete directory anew:
// the old ones go first, so that none of an earlier analysis (a discovery
// figure the new analysis has no table for) outlives it.
func redrawPlots(ctx context.Context, dir string, meta plots.Meta) error {
	if err := removeFigures(dir); err != nil {
		return err
	}
	return drawPlots(ctx, dir, meta)
}

// beforeRewrite, when not nil, is called with the directory by plot and
// analyze once they have written it, before they check their lock and
// rewrite its manifest: a test's hook (a directory moved under them), set
// only by tests that do not run in parallel.
var beforeRewrite func(dir string)

// beforeCheck, when set by a test, is called under the lock before Plot
// and Analyze check the files they keep against the manifest.
var beforeCheck func(dir string)

// readCompleteManifest reads dir's manifest when it has one.
func readCompleteManifest(dir string) (*output.Manifest, bool, error) {
	if _, err := os.Stat(filepath.Join(dir, output.ManifestName)); errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	m, err := output.ReadManifest(dir)
	if err != nil {
		return nil, false, usagef("plot: %s: %v", dir, err)
	}
	return m, true, nil
}

// rerunHint is what repairs a directory moved or removed while `runner
// cmd` (analyze, plot) rewrote it (movedError): its old manifest and mark
// went with it, so where it now is, verify names it as marked and the
// command, run again there, completes it.
func rerunHint(cmd string) string {
	return fmt.Sprintf("if the directory was moved, `runner %s` run again where it now is completes it; nothing written here since is vouched for", cmd)
}

// relockHint is what repairs a directory whose lock file alone was
// removed while `runner cmd` (analyze, plot) rewrote it (movedError): it
// is where it was, marked as part-done, and the command run again on it
// completes it.
func relockHint(cmd string) string {
	same := ""
	if cmd == "analyze" {
		same = " (with the same analysis file, if one was given)"
	}
	return fmt.Sprintf("it is marked as part-done: once no other command is writing the directory, `runner %s` run again on it%s completes it", cmd, same)
}

// checkStoredTotals checks the seed and totals that the manifest m of the
// complete directory dir records against the plan of its config.yaml,
// reading no table (output.Dataset.CheckTotals); a difference is a
// *output.MismatchError.
func checkStoredTotals(dir string, m *output.Manifest) error {
	plan, err := loadStoredPlan(dir, m)
	if err != nil {
		return err
	}
	if m.Seed != plan.Seed() {
		return &output.MismatchError{Msg: fmt.Sprintf("%s: its manifest records seed %d; its config.yaml has seed %d", dir, m.Seed, plan.Seed())}
	}
	ds, err := output.New(layout(plan, dir, nil))
	if err != nil {
		return err
	}
	return ds.CheckTotals(m)
}

// ownFiguresOnly refuses, as strangeFigure, a file in dir/plots that is
// none of the figures of stems, and then removes the figures of stems and
// the report that an earlier drawing left: each new figure was written
// beside the old one before it replaced it, so a resumed run or
// calibration stopped at its figures (a full disk) needed room for the
// largest figure more than the run itself did, and on the disk it had
// filled failed there again however much else was freed (a hostile
// review, stop 56). They are drawn again from the tables next; a
// directory without its manifest is not complete meanwhile, and plot and
// analyze have removed them already (redrawPlots).
func ownFiguresOnly(dir string, stems []string) error {
	if err := strangeFigure(dir, stems); err != nil {
		return err
	}
	paths := []string{filepath.Join(dir, "report.html")}
	for _, s := range stems {
		paths = append(paths, filepath.Join(dir, "plots", s+".png"), filepath.Join(dir, "plots", s+".svg"))
	}
	for _, p := range paths {
		if err := removeFile(p); err != nil {
			return err
		}
	}
	return nil
}
