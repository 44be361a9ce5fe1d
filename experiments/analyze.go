package experiments

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"

	"pactsim/engine"
	"pactsim/output"
	"pactsim/output/plots"
)

// AnalyzeResult is what Analyze wrote.
type AnalyzeResult struct {
	Dir string
	// Rows of each analysis table written; a table not written (the
	// analysis has no sensitivity, or no discovery) is absent.
	Rows map[string]int
	// Report is the path of report.html when the figures were redrawn.
	Report string
	Flat   []string // as Result.Flat
	Caveat string   // as Result.Caveat
	// Undefined: as Result.Undefined.
	Undefined []string
}

// Analyze recomputes the analyses of a complete results directory from the
// tables on disk (`runner analyze DIR [ANALYSIS.yaml]`): those of the
// analysis section of its config.yaml or, when analysisFile is not empty,
// of that file (a YAML document whose only key is analysis, checked
// against the directory's config as the section would be). It holds the
// directory's lock, checks that every file it does not rewrite is as the
// manifest lists it (see output.CheckBeforeRewrite), computes the tables
// (see analyzeTables), then stores the analysis file, resolved, as
// DIR/analysis.yaml (output.AnalysisName; removed when the config's
// section is used, so the file is there exactly when the tables are its)
// and writes the tables and the codebook, as one step that a signal does
// not split, then, when the config draws plots, the figures and report,
// and then the manifest again, so the directory stays verifiable by
// `runner verify`, which checks analysis.yaml too. Interrupted before the
// tables are written, it leaves the directory as it was.
//
// Errors: a directory that is not a complete, unsharded results directory
// of this engine, a config without an analysis section and no file, and a
// bad analysis file (a *ConfigError naming file, line and key) are usage
// errors (errors.Is(err, ErrUsage)); a file that does not match the
// manifest is an *output.MismatchError.
func Analyze(ctx context.Context, dir, analysisFile string) (*AnalyzeResult, error) {
	info, err := inspectDir(dir)
	if err != nil {
		return nil, err
	}
	switch info.kind {
	case dirMissing:
		return nil, usagef("analyze: %s does not exist", dir)
	case dirEmpty:
		return nil, &notResultsError{dir: dir, why: "it is empty"}
	case dirUnfinished:
		// A run still writing it has no manifest yet: say it is in use,
		// as verify and plot do, not that it did not finish, whose hint
		// (--resume) the lock would refuse.
		if err := output.Busy(dir); err != nil {
			return nil, err
		}
		return nil, usagef("analyze: %s has no manifest.json: %s, then analyze it", dir, unfinishedWhy(dir))
	}
	// A kind analyze refuses, and a bad analysis file, are refused before
	// the directory is locked, and again under the lock (the kind):
	// taking the lock creates or rewrites DIR/.lock, and on read-only
	// storage fails, which would hide the file's error.
	if err := precheckKind("runner analyze", dir); err != nil {
		return nil, err
	}
	if err := precheckAnalysisFile(dir, analysisFile); err != nil {
		return nil, err
	}
	lock, err := lockRewrite("runner analyze", dir)
	if err != nil {
		return nil, err
	}
	// Stopped before it marks the directory (a refusal under the lock:
	// another engine or build, a stranger in plots/), it changed nothing,
	// and leaves no lock file it made.
	marked := false
	defer func() {
		if !marked {
			lock.Undo()
		}
		lock.Unlock()
	}()
	// Temporary files of an analyze or plot that was killed: with the
	// lock held, their writer is gone.
	if err := removeTempFiles(dir); err != nil {
		return nil, err
	}
	m, err := output.ReadManifest(dir)
	if err != nil {
		return nil, usagef("analyze: %s has a manifest this version of pactsim cannot use (another version wrote it, or it was edited): %v", dir, err)
	}
	if err := rewriteKind("runner analyze", dir, m); err != nil {
		return nil, err
	}
	if m.EngineVersion != engine.Version {
		return nil, usagef("analyze: %s was written by engine %s; this runner is engine %s (use the runner of that version)", dir, m.EngineVersion, engine.Version)
	}
	if other := output.OtherBuild(m.Build); other != "" {
		// The analysis is arithmetic too: recomputed by another build, its
		// tables could differ in the last bits from what the build the
		// manifest records gives, and no build could verify them.
		return nil, usagef("analyze: %s was computed by a runner %s (use a runner built for that target)", dir, other)
	}
	// config.yaml, read first, is named as verify and plot name a changed
	// listed file (a review, stop 50: one of 4 GiB was "cannot read
	// config: ... larger than the limit", exit 2, where verify said that
	// it does not match its manifest, exit 1).
	if err := output.CheckListed(ctx, dir, m, "config.yaml"); err != nil {
		return nil, err
	}
	plan, err := loadStoredPlan(dir, m)
	if err != nil {
		return nil, err
	}
	spec := plan.Config.Analysis
	var stored []byte // the analysis file's resolved form, for DIR/analysis.yaml
	// DIR/analysis.yaml given back: read as stored (decoder.stored) when
	// in the form analyze wrote, and replaced, so perhaps not yet listed.
	own := analysisFile != "" && samePath(analysisFile, filepath.Join(dir, output.AnalysisName))
	if analysisFile != "" {
		data, err := readAnalysisFile(analysisFile)
		if err != nil {
			return nil, err
		}
		spec = nil // the file's, not the config's section
		if own {
			if s, resolved, err := plan.storedAnalysis(analysisFile, data); err == nil && resolved {
				spec = s
			}
		}
		if spec == nil {
			if spec, err = plan.ParseAnalysis(analysisFile, data); err != nil {
				return nil, err
			}
		}
		if stored, err = plan.canonicalAnalysisFile(spec); err != nil {
			return nil, err
		}
	}
	if spec == nil {
		return nil, noAnalysisSection(dir)
	}
	var given []string
	if own {
		given = append(given, output.AnalysisName)
	}
	// The manifest is rewritten over plots/ whether or not figures are
	// drawn. A stranger there is a refused folder (exit 2), told before
	// the check of the other unlisted files would call it one of them.
	if err := checkFigureFolder(dir, m); err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	if beforeCheck != nil {
		beforeCheck(dir)
	}
	if err := output.CheckBeforeRewrite(ctx, dir, m, output.IsAnalysisFile, given...); err != nil {
		// As in Plot: moved meanwhile, its files are elsewhere.
		return nil, movedError(ctx, lock, dir, "the analysis", rerunHint("analyze"), relockHint("analyze"), err)
	}
	ds, err := output.New(layout(plan, dir, nil))
	if err != nil {
		return nil, err
	}
	// Everything is computed before anything is written: interrupted or
	// refused until then, the directory is as it was.
	t, err := computeAnalysis(ctx, plan, spec, ds)
	if err != nil {
		return nil, err
	}
	// The analysis file and its tables are then written as one step,
	// whatever a signal says (a few small files): interrupted between
	// them, the directory would name one analysis and hold the tables of
	// another, and the manifest, brought up to date below, would seal the
	// mixture; it would verify by checksum and fail `verify --tables`.
	// Without a file the tables come from config.yaml's section, and a
	// stored file from an earlier analyze no longer describes them.
	wctx := context.WithoutCancel(ctx)
	// Figures are drawn anew where the config asks for them, and also
	// where a `runner plot` drew them for a `plots: false` run, or left
	// them part-drawn: figures of the old analysis beside the new tables
	// would contradict them, and the manifest would seal them.
	// An analyze killed after it removed the figures says in its mark
	// that it was to draw them, so that the repair draws them too.
	figures := plan.Config.Output.Plots || output.Pending(dir) == "plot" || output.PendingFigures(dir) || hasFigures(dir)
	// Marked first: killed, or failed part-way (a full disk), from here on
	// the directory is part old, part new, and verify and --resume say so
	// and that this command repairs it (pendingError).
	mark := "analyze"
	if figures {
		mark = output.PendingAnalyzeFigures
	}
	if err := checkWritable("runner analyze", dir, output.IsAnalysisFile, "arrow", "plots"); err != nil {
		return nil, err
	}
	if err := output.MarkPending(dir, mark); err != nil {
		return nil, err
	}
	marked = true
	if stored != nil {
		err = output.WriteFileAtomic(filepath.Join(dir, output.AnalysisName), stored)
	} else {
		err = removeFile(filepath.Join(dir, output.AnalysisName))
	}
	if err == nil {
		err = ds.WriteAnalysis(wctx, t)
	}
	// Tables whole: the rest (figures, manifest) leaves the directory
	// consistent whatever happens to it, so the mark can go once the
	// manifest agrees. Not whole: the mark stays.
	consistent, removed := err == nil, false
	notes := notesOf(t, spec)
	res := &AnalyzeResult{Dir: dir, Rows: analysisRows(t), Flat: notes.flat, Caveat: notes.caveat, Undefined: notes.undefined}
	if err == nil && figures {
		if err = redrawPlots(ctx, dir, plotMeta(plan)); err == nil {
			res.Report = filepath.Join(dir, "report.html")
		} else if rerr := removeFigures(dir); rerr == nil {
			removed = true
		} else {
			// Interrupted or failed, the figures are a mixture of the
			// old analysis's and the new one's, and the report still
			// reads the old: they would contradict the tables beside
			// them, and the manifest below would seal them. Without them
			// the directory is consistent; `runner plot DIR` draws them.
			// Not removed, it is not, and the mark stays.
			err = joinNew(err, rerr)
			consistent = false
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	// Interrupted or not, the manifest is brought up to date with what is
	// on disk, without heeding ctx (it hashes only the few analysis files
	// and figures): every write is atomic, so each file is whole, and the
	// directory verifies.
	// Moved or removed meanwhile (`mv`, `rm -rf`), the tables went with
	// the directory, and a manifest written now would make its path
	// again and seal what little a write made there since.
	if beforeRewrite != nil {
		beforeRewrite(dir)
	}
	if herr := movedError(ctx, lock, dir, "the analysis", rerunHint("analyze"), relockHint("analyze"), nil); herr != nil {
		return nil, herr
	}
	if rerr := ds.RewriteManifest(wctx, m, output.IsAnalysisFile); rerr != nil {
		return nil, errors.Join(err, rerr)
	}
	if !consistent {
		return nil, fmt.Errorf("%w; %s", err, pendingWhy(dir, "analyze"))
	}
	if rerr := output.ClearPending(dir); rerr != nil {
		return nil, errors.Join(err, rerr)
	}
	if err != nil && removed {
		// The manifest rewritten and the mark gone: the directory
		// verifies without its figures.
		return nil, figuresRemoved(ctx, err, dir, "the analysis's tables are written")
	}
	if err != nil {
		return nil, err
	}
	// The staging folders of a merge --force killed over this complete
	// directory: nothing it needs (as in Plot). Best effort.
	_ = removeStages(dir)
	return res, nil
}

// figuresRemoved is err, from drawing dir's figures, with what was done
// about it: the figures were removed, so the directory verifies without
// them (done says what else holds), and `runner plot` draws them. A
// signal's error is left as it is (the command's own hint follows).
func figuresRemoved(ctx context.Context, err error, dir, done string) error {
	if ctx.Err() != nil {
		return err
	}
	return fmt.Errorf("%w (drawing the figures failed, so they were removed: %s, and %s verifies without figures; run `runner plot %s` to draw them once the cause is mended)", err, done, dir, dir)
}

// pendingWhy says that cmd's rewrite of dir did not finish, and how to
// repair it.
func pendingWhy(dir, cmd string) string {
	what, file := "figures", ""
	if cmd == "analyze" {
		what, file = "tables or figures", " (with the same analysis file, if one was given)"
	}
	why := fmt.Sprintf("a `runner %s` of %s was interrupted or failed part-way (it left %s), so its %s are part old, part new: run `runner %s %s` again%s", cmd, dir, output.PendingName, what, cmd, dir, file)
	if output.PendingUnknown(dir) {
		why += fmt.Sprintf("; but %s holds none of the words pactsim writes there (plot, analyze), so it may not be pactsim's: if no analyze or plot ran on %s, remove it and check the directory with `runner verify %s`", filepath.Join(dir, output.PendingName), dir, dir)
	}
	return why
}

// pendingError refuses to vouch for (verify), continue (--resume) or
// merge a directory that an analyze or plot left part old, part new. m is
// its manifest (nil: none read). A shard's mark is no such thing: analyze
// and plot refuse a shard before they mark anything, so pactsim never
// leaves one there, and a shard holds only its config and parts, which
// its manifest vouches for; verify and --resume refused such a shard,
// naming a repair (`runner plot`) that refuses shards, while merge took
// it (a hostile review, stop 46). It is a stray hidden file, passed as
// any other (.foo) is.
func pendingError(dir string, m *output.Manifest) error {
	if m != nil && m.Kind == output.KindShard {
		return nil
	}
	if cmd := output.Pending(dir); cmd != "" {
		return usagef("%s", pendingWhy(dir, cmd))
	}
	return nil
}

// hasFigures reports whether dir holds a report or a plots folder.
func hasFigures(dir string) bool {
	for _, p := range []string{"report.html", "plots"} {
		if _, err := os.Lstat(filepath.Join(dir, p)); err == nil {
			return true
		}
	}
	return false
}

// removeFigures removes the report and every figure of dir.
func removeFigures(dir string) error {
	if err := removeFile(filepath.Join(dir, "report.html")); err != nil {
		return err
	}
	return removeAll(filepath.Join(dir, "plots"))
}

// joinNew is errors.Join(err, rerr), but err alone when rerr says the
// same: removing the figures after a redraw that failed removing them
// fails again alike, and the error was printed twice (a review).
func joinNew(err, rerr error) error {
	if err != nil && rerr.Error() == err.Error() {
		return err
	}
	return errors.Join(err, rerr)
}

// UndefinedError is an analysis that the tables cannot give, found only
// once they exist: a sensitivity quantity undefined (null) at some design
// point, or a discovery quantity undefined at every point. Err names the
// quantity's file, line and key when known; it is a usage error. A run or
// merge whose analysis section meets one is complete without the
// analysis tables (see AnalysisNotWrittenError).
type UndefinedError struct{ Err error }

func (e *UndefinedError) Error() string { return e.Err.Error() }
func (e *UndefinedError) Unwrap() error { return e.Err }

// AnalysisNotWrittenError is what Run and Merge return when every task and
// table is written and the manifest marks the directory complete, but the
// config's analysis could not be computed from the tables (Err, an
// *UndefinedError): a usage error, fixed by `runner analyze DIR FILE` with
// another analysis, without running anything again.
type AnalysisNotWrittenError struct {
	Dir string
	Err error
}

func (e *AnalysisNotWrittenError) Error() string {
	return fmt.Sprintf("%s is complete (every task ran, the manifest is written and `runner verify` passes), but its analysis tables are not written: %v; compute another analysis with `runner analyze %s ANALYSIS.yaml`", e.Dir, e.Err, e.Dir)
}
func (e *AnalysisNotWrittenError) Unwrap() error { return e.Err }

// finalAnalysis computes and writes the analysis spec of a run's or
// merge's finalisation (nothing when spec is nil). An analysis the tables
// cannot give (*UndefinedError) writes nothing and is returned as skipped,
// not as an error: the tables it would read are complete, and discarding
// them (a run of hours) for a choice of quantity that `runner analyze`
// can change would be wrong. Verify recomputes through here too, so it
// expects the same files. flat is flatQuantities of what it wrote.
func finalAnalysis(ctx context.Context, plan *Plan, spec *AnalysisSpec, ds *output.Dataset) (notes analysisNotes, skipped, err error) {
	if spec == nil {
		return notes, nil, nil
	}
	t, err := analyzeTables(ctx, plan, spec, ds)
	var u *UndefinedError
	if errors.As(err, &u) {
		return notes, err, nil
	}
	return notesOf(t, spec), nil, err
}

// removeFile removes path (a missing file is not an error) and syncs its
// folder, so that the removal is durable before what depends on it.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("experiments: %w", err)
	}
	return output.SyncDir(filepath.Dir(path))
}

// plotMeta is the captions' provenance of plan's figures: what
// plots.ReadMeta reads back from the directory, or the report that run and
// analyze write differs from the one plot and verify draw.
func plotMeta(plan *Plan) plots.Meta {
	fresh := plan.Config.Sweep != nil && !plan.CRN()
	return plots.Meta{Name: plan.Name(), Seed: plan.Seed(), Replicates: plan.Replicates(), ConfigSHA256: plan.Hash(),
		Points: plan.NumPoints(), Architectures: len(plan.ArchitectureNames()), SharedWorlds: plan.CRN(), FreshReplicates: fresh}
}

// withAnalysis returns p with spec as its analysis section (the estimators
// read their settings from it); p itself is unchanged.
func (p *Plan) withAnalysis(spec *AnalysisSpec) *Plan {
	q := *p
	c := *p.Config
	c.Analysis = spec
	q.Config = &c
	return &q
}

// analyzeTables computes the analyses of spec from the summary and
// contrasts tables of ds's directory and writes them (output.WriteAnalysis).
// It is the one code path of Run's finalisation and of Analyze, so both
// write the same bytes.
//
// Every quantity is read once, streaming the tables in batches: memory
// holds a mean and an interval per point and quantity, which is what the
// estimators need. Sensitivity (design morris: mu, mu* and sigma; saltelli:
// S1, ST and, with second_order, S2) needs the quantity defined at every
// point; a null there is a usage error naming the quantity and the point.
// Discovery (PRIM) takes a point whose quantity is null as not of interest.
func analyzeTables(ctx context.Context, plan *Plan, spec *AnalysisSpec, ds *output.Dataset) (*output.AnalysisTables, error) {
	t, err := computeAnalysis(ctx, plan, spec, ds)
	if err != nil {
		return nil, err
	}
	if err := ds.WriteAnalysis(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// pointQuantity is q as the tables' reader names it.
func pointQuantity(q QuantitySpec) output.PointQuantity {
	pq := output.PointQuantity{Outcome: q.Outcome, Architecture: q.Architecture}
	if q.IsContrast() {
		pq.A, pq.B = q.Contrast[0], q.Contrast[1]
	}
	return pq
}

// undefinedQuantity is the *UndefinedError of spec's first quantity that
// the tables leave undefined where its analysis needs a value (sensitivity:
// at every point; discovery: at some point), nil when there is none. vals
// are the quantities' point values, vals[of(q)] q's. Every quantity is
// checked before anything is computed, so a bootstrap of hours is not spent
// on an analysis that cannot be written.
func undefinedQuantity(spec *AnalysisSpec, vals []output.PointValues, of func(QuantitySpec) int) error {
	if spec.Sensitivity != nil {
		for k, q := range spec.Quantities {
			y := vals[of(q)].Mean
			first, nulls := -1, 0
			for p, v := range y {
				if math.IsNaN(v) {
					if first < 0 {
						first = p
					}
					nulls++
				}
			}
			if nulls > 0 {
				return &UndefinedError{Err: at(spec.quantityAt, k).errorf("%s is undefined (null in the summary or contrasts table, every replicate null) at %d of the %d design points, the first point %d; sensitivity indices need a value at every point: choose an outcome that is always defined, or more replicates",
					q, nulls, len(y), first)}
			}
		}
	}
	for k, d := range spec.Discovery {
		v := vals[of(d.Quantity)]
		if !slices.ContainsFunc(v.Mean, func(x float64) bool { return !math.IsNaN(x) }) {
			return &UndefinedError{Err: at(spec.discoveryAt, k).errorf("%s is undefined (null in the summary or contrasts table) at every one of the %d design points, so no point can be of interest: choose an outcome that is defined here", d.Quantity, len(v.Mean))}
		}
	}
	return nil
}

// completeAnalysisUndefined is, for a complete directory dir of plan
// whose tables are the config's own analysis's (no analysis.yaml), the
// *UndefinedError that kept the analysis from being written when the run
// or merge finished; nil when the config has no analysis or it is defined.
// --resume of such a directory then fails as the run did, rather than
// report success for a directory without its analysis.
func completeAnalysisUndefined(ctx context.Context, plan *Plan, dir string) error {
	spec := plan.Config.Analysis
	if spec == nil {
		return nil
	}
	if _, err := os.Lstat(filepath.Join(dir, output.AnalysisName)); err == nil {
		return nil // `runner analyze DIR FILE` replaced it
	}
	ds, err := output.New(layout(plan, dir, nil))
	if err != nil {
		return err
	}
	_, _, err = readQuantities(ctx, spec, ds)
	return err
}

// readQuantities reads the point values of spec's quantities from ds,
// each once however often spec names it: vals[of(q)] are q's. It returns
// the *UndefinedError of undefinedQuantity when one is undefined where its
// analysis needs a value.
func readQuantities(ctx context.Context, spec *AnalysisSpec, ds *output.Dataset) (vals []output.PointValues, of func(QuantitySpec) int, err error) {
	var qs []output.PointQuantity
	index := map[string]int{}
	add := func(q QuantitySpec) {
		if _, ok := index[q.String()]; !ok {
			index[q.String()] = len(qs)
			qs = append(qs, pointQuantity(q))
		}
	}
	if spec.Sensitivity != nil {
		for _, q := range spec.Quantities {
			add(q)
		}
	}
	for _, d := range spec.Discovery {
		add(d.Quantity)
	}
	if vals, err = ds.ReadPointQuantities(ctx, qs); err != nil {
		return nil, nil, err
	}
	of = func(q QuantitySpec) int { return index[q.String()] }
	return vals, of, undefinedQuantity(spec, vals, of)
}

// computeAnalysis is analyzeTables without the writing: the tables of
// spec, computed from ds's summary and contrasts.
func computeAnalysis(ctx context.Context, plan *Plan, spec *AnalysisSpec, ds *output.Dataset) (*output.AnalysisTables, error) {
	p := plan.withAnalysis(spec)
	vals, of, err := readQuantities(ctx, spec, ds)
	if err != nil {
		return nil, err
	}
	t := &output.AnalysisTables{}
	if spec.Sensitivity != nil {
		t.HasSensitivity = true
		for _, q := range spec.Quantities {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			rows, err := p.Sensitivity(ctx, q, vals[of(q)].Mean)
			if err != nil {
				return nil, err
			}
			t.Sensitivity = append(t.Sensitivity, rows...)
			offBase(t, rows, vals[of(q)].Mean)
		}
	}
	if len(spec.Discovery) > 0 {
		t.HasDiscovery = true
		for _, d := range spec.Discovery {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			v := vals[of(d.Quantity)]
			boxes, limits, err := p.Discover(ctx, d, v.Mean, v.CILow, v.CIHigh)
			if err != nil {
				return nil, err
			}
			if note := undefinedNote(d, v.Mean, v.CILow, v.CIHigh); note != "" {
				t.DiscoveryUndefined = append(t.DiscoveryUndefined, note)
			}
			t.Discovery = append(t.Discovery, boxes...)
			t.DiscoveryLimits = append(t.DiscoveryLimits, limits...)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return t, nil
}
