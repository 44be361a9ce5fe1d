package experiments

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"pactsim/engine"
	"pactsim/output"
	"pactsim/output/plots"
)

// RunOptions says where and how Run writes. Dir is required; the zero
// value of everything else is a plain run on DefaultWorkers() workers.
type RunOptions struct {
	Dir     string    // the results directory
	Workers int       // <= 0: DefaultWorkers()
	Shard   ShardSpec // the zero value (or N <= 1) runs every task
	// Resume continues an interrupted run in Dir, keeping every part that
	// verifies; Force replaces a previous results directory. They
	// exclude each other; without either, Dir must be missing or empty.
	Resume, Force bool
	// AllowLarge runs a plan over a soft limit (see Limits).
	AllowLarge bool
	// partFiles replaces MaxPartFiles as the limit of a shard's merge,
	// when not 0 (tests; MergeOptions has its twin).
	partFiles int64
	// Progress, when not nil, is called with the tasks delivered so far
	// (kept parts included) and the total, from one goroutine.
	Progress func(done, total int)
	// Notify, when not nil, receives the run's milestones, for messages.
	Notify func(Event)
	// AfterPart, when not nil, is called after each part is final with
	// the number of parts made final so far; an error stops the run. The
	// command line's tests use it as a deterministic stop point.
	AfterPart func(parts int) error
	// Started is the start time the manifest records; zero means now.
	Started time.Time
	// LockWait is how long to wait for another process to release the
	// directory's lock before giving up with its usage error; 0 gives up
	// at once. A batch system's replacement worker needs it
	// (output.LockDirWait).
	LockWait time.Duration
}

// EventKind names a milestone of a run, resume, merge or verify.
type EventKind int

// The milestones, in the order they happen.
const (
	// EventPlanned: the task range and the estimate are known (Lo, Hi,
	// Estimate), before anything is written.
	EventPlanned EventKind = iota
	// EventComplete: --resume found the directory complete and verified.
	EventComplete
	// EventDamaged: a part on disk failed its check and will be
	// recomputed (Path, Reason).
	EventDamaged
	// EventResuming: the kept parts are verified (Kept of Parts).
	EventResuming
	// EventFinalizing: the parts are done; the whole tables (and, when
	// Plots, the figures and report) are being written.
	EventFinalizing
	// EventMerging: the shards checked out (Shards); their parts are
	// being copied.
	EventMerging
	// EventWaiting: another process holds the directory's lock (Busy),
	// and RunOptions.LockWait says to wait for it; once a run, before
	// anything is written, whichever step first finds the directory in
	// use (before EventPlanned, or after it if another process takes the
	// lock in between).
	EventWaiting
	// EventReplaced: --force removed what the directory held (Replaced),
	// said at once: the command may still fail, but that is gone.
	EventReplaced
)

// Event is one milestone; which fields are set depends on Kind.
type Event struct {
	Kind        EventKind
	Lo, Hi      int               // EventPlanned, EventComplete
	Estimate    *Estimate         // EventPlanned
	Kept, Parts int               // EventResuming
	Path        string            // EventDamaged
	Reason      string            // EventDamaged
	Plots       bool              // EventFinalizing
	Analysis    *AnalysisSpec     // EventFinalizing: the analysis it computes (nil: none)
	Shards      int               // EventMerging
	Copied      output.Kind       // EventMerging: the kind (run or merge) of a whole directory given alone; "" for shards
	Busy        *output.BusyError // EventWaiting
	Replaced    string            // EventReplaced: what --force replaced (replacedWhat)
}

// ErrStoppedWaiting marks a Run whose context was cancelled while it
// waited for another process to let go of the directory's lock
// (RunOptions.LockWait): it wrote nothing, so there is nothing to resume.
var ErrStoppedWaiting = output.ErrStoppedWaiting

// Result is what a Run (or Merge) did.
type Result struct {
	Dir      string
	Lo, Hi   int  // the task range run
	Complete bool // --resume found the directory complete: nothing was done
	Kept     int  // parts kept by --resume
	Parts    int  // parts of the range
	Damaged  int  // parts found damaged and recomputed
	// Report is the path of report.html when plots were drawn, else "".
	Report string
	// Flat names the sensitivity quantities whose indices are all null:
	// they do not vary over the design (flatQuantities).
	Flat []string
	// Caveat is a note on the sensitivity indices of a design smaller than
	// the one their intervals were checked at (output.SensitivityCaveat),
	// or "".
	Caveat string
	// Undefined says, for each discovery, at how many design points its
	// quantity has no value (output.AnalysisTables.DiscoveryUndefined).
	Undefined []string
	// Dropped lists, for a merge, the analysis files of the directories
	// merged (DIR/analysis.yaml, which `runner analyze DIR FILE` stores):
	// the merge computes its config's own analysis, not theirs.
	Dropped []string
	// Replaced says what --force replaced (replacedWhat), or "".
	Replaced string
	Manifest *output.Manifest
}

// opening checks what Run and Calibrate (fn) are given alike, and fills
// in their defaults: workers (DefaultWorkers where 0 or fewer) and the
// start time (now where zero).
func opening(fn, dir string, resume, force bool, workers int, started time.Time) (int, time.Time, error) {
	if resume && force {
		return 0, time.Time{}, usagef("--resume and --force exclude each other")
	}
	if dir == "" {
		return 0, time.Time{}, fmt.Errorf("experiments: %s: no results directory", fn)
	}
	if workers <= 0 {
		workers = DefaultWorkers()
	}
	if started.IsZero() {
		started = time.Now()
	}
	return workers, started, nil
}

// Run runs plan (or one shard of it) into the results directory opt.Dir:
// config.yaml, the parts, then (unsharded) the summary, contrasts, points,
// codebook, plots and report, and last the manifest, which marks the
// directory complete. It is the pipeline behind `runner run`; the command
// line maps its errors to exit codes: errors.Is(err, ErrUsage) is the
// user's (2); a cancelled ctx returns ctx.Err() (the caller knows why);
// anything else is a failure (1).
//
// Before it writes anything it estimates the run from a short calibration
// and refuses a plan over a soft limit unless opt.AllowLarge (see Limits).
// It then takes the directory's lock (a second writer gets a usage error
// naming the holder's pid) and applies the directory rules of the README:
// a missing or empty directory starts a run; otherwise Force replaces a
// pactsim results directory (and nothing else), and Resume continues one,
// verifying every part it keeps (see output.Dataset.CheckPart) and
// recomputing any that fails. Memory does not grow with the plan.
func Run(ctx context.Context, plan *Plan, opt RunOptions) (_ *Result, err error) {
	workers, started, err := opening("Run", opt.Dir, opt.Resume, opt.Force, opt.Workers, opt.Started)
	if err != nil {
		return nil, err
	}
	lo, hi := 0, plan.NumTasks()
	if opt.Shard.Sharded() {
		lo, hi = plan.Shard(opt.Shard.I, opt.Shard.N)
	}
	notify := func(e Event) {
		if opt.Notify != nil {
			opt.Notify(e)
		}
	}
	P := plan.Config.Output.PartTasks
	res := &Result{Dir: opt.Dir, Lo: lo, Hi: hi, Parts: NumParts(lo, hi, P)}
	shard := shardOf(opt.Shard, lo, hi)
	// One wait, with one deadline, for every step that may find another
	// holder of the directory's lock: the rules here, which report a
	// directory in use, and openDir's, and the lock itself.
	wait := lockWait(opt.LockWait, opt.Notify)
	// A directory the rules refuse is refused before the estimate, which
	// announces the run (openDir checks them again under the lock).
	info, err := precheckWaiting(ctx, wait, plan, opt.Dir, opt.Force, opt.Resume, shard, runKind(shard))
	if err != nil {
		return nil, keptWhole(opt.Force, err)
	}
	// announce estimates the run, says it is planned and applies the
	// soft limits. --resume of a complete directory computes and writes
	// nothing new (it verifies), so a soft limit, the free disk above
	// all, does not stop it (review, stop 26: a full disk refused it),
	// and it is not announced as a run to write, with its estimate, only
	// to find nothing to do (a review, stop 50): EventComplete says what
	// it did.
	announce := func() error {
		est, err := EstimateShard(ctx, plan, opt.Shard, workers, opt.Dir)
		if err != nil {
			return err
		}
		est.Merge.limit = opt.partFiles
		if (opt.Resume || opt.Force) && est.Free >= 0 {
			// What is already there is kept or replaced: count it as room.
			est.Held = bytesUnder(opt.Dir)
		}
		notify(Event{Kind: EventPlanned, Lo: lo, Hi: hi, Estimate: &est})
		return plan.CheckEstimate(est, opt.AllowLarge)
	}
	complete := opt.Resume && info.kind == dirComplete
	if !complete {
		if err := announce(); err != nil {
			return nil, keptWhole(opt.Force, err)
		}
	}
	lock, mode, created, err := openDir(ctx, plan, opt.Dir, opt.Force, opt.Resume, shard, runKind(shard), wait, &res.Replaced)
	if res.Replaced != "" {
		// Even where the run then fails (a review, stop 50).
		notify(Event{Kind: EventReplaced, Replaced: res.Replaced})
	}
	if err != nil {
		return nil, keptWhole(opt.Force && res.Replaced == "", err)
	}
	defer lock.Unlock()
	if complete && mode != modeComplete {
		// It changed between the check and the lock: a run after all.
		if err := announce(); err != nil {
			if created != "" {
				_ = removeMade(lock, opt.Dir, created)
			}
			return nil, err
		}
	}
	// Only where the parts are computed: each builds its point's scenario,
	// which the engine may refuse (undoFresh); a config error later, in
	// the finalisation, leaves the parts for --resume.
	computing := false
	if mode == modeFresh {
		defer func() {
			if err != nil && computing {
				err = undoFresh(err, lock, "the run", opt.Dir, created)
			}
		}()
	}
	if mode == modeComplete {
		// A directory finished without its analysis (an undefined
		// quantity) fails again, as its run did: a retry script must not
		// read success from the second try.
		if !opt.Shard.Sharded() {
			if err := completeAnalysisUndefined(ctx, plan, opt.Dir); err != nil {
				var u *UndefinedError
				if errors.As(err, &u) {
					return nil, &AnalysisNotWrittenError{Dir: opt.Dir, Err: err}
				}
				return nil, err
			}
		}
		res.Complete = true
		// A merge --force killed over this complete directory left its
		// staging folders; they hold nothing it needs (as after a resume
		// below). Best effort: a read-only directory keeps them.
		_ = removeStages(opt.Dir)
		// So do the journal and task range of a run killed between its
		// manifest and their removal (best effort, as above).
		_ = output.RemoveLeftRecords(opt.Dir)
		notify(Event{Kind: EventComplete, Lo: lo, Hi: hi})
		return res, nil
	}
	ds, err := output.New(layout(plan, opt.Dir, nil))
	if err != nil {
		return nil, err
	}
	kept := map[int]bool{}
	if mode == modeResume {
		if kept, res.Damaged, err = checkKept(ctx, plan, ds, lo, hi, notify); err != nil {
			return nil, err
		}
		res.Kept = len(kept)
		notify(Event{Kind: EventResuming, Kept: res.Kept, Parts: res.Parts})
	}
	// A directory moved or removed under the run (`mv`, `rm -rf`) is
	// reported as such, before a write makes its path again, empty, and
	// rather than the failed write it caused (movedError).
	moved := func(err error) error { return movedError(ctx, lock, opt.Dir, "the run", "", "", err) }
	if err := ds.WriteTasks(lo, hi, shardName(shard)); err != nil {
		return nil, moved(err)
	}
	computing = true
	if err := executeParts(ctx, plan, ds, lo, hi, workers, kept, opt); err != nil {
		return nil, moved(err)
	}
	computing = false
	var skipped error // an analysis the tables cannot give (finalize)
	if !opt.Shard.Sharded() {
		notify(Event{Kind: EventFinalizing, Plots: plan.Config.Output.Plots, Analysis: plan.Config.Analysis})
		if skipped, err = finalize(ctx, plan, ds, res); err != nil {
			return nil, moved(err)
		}
	}
	if afterFinalize != nil {
		afterFinalize(opt.Dir)
	}
	// A signal during the finalisation stops the run before its manifest
	// marks it complete: --resume redoes only the finalisation.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := moved(nil); err != nil {
		return nil, err
	}
	if err := keepConfig(opt.Dir, plan); err != nil {
		return nil, moved(err)
	}
	m := &output.Manifest{Kind: runKind(shard), Seed: plan.Seed(), Started: started.UTC(), Workers: workers, Shard: shard}
	m.Finished = time.Now().UTC()
	if err := moved(nil); err != nil {
		return nil, err
	}
	if err := ds.WriteManifest(ctx, m); err != nil {
		return nil, moved(err)
	}
	res.Manifest = m
	if mode == modeResume {
		// A merge killed outright here left its staging folders (the
		// new merge, the old one), which a merge --force would have
		// cleared: once the resumed run is complete they hold nothing it
		// needs (a hostile review, stop 32: 122 MB of them stayed beside
		// 61 MB of results, unseen by verify, which skips hidden
		// folders). Best effort: the run is complete either way.
		_ = removeStages(opt.Dir)
	}
	if skipped != nil {
		return nil, &AnalysisNotWrittenError{Dir: opt.Dir, Err: skipped}
	}
	return res, nil
}

// afterFinalize, when not nil, is called with the results directory once
// a run's or a merge's parts and finalisation are done, before its
// manifest: a test
// moves or removes the directory there, as `mv` or `rm -rf` did while a
// run drew its figures. Set only by tests that do not run in parallel.
var afterFinalize func(dir string)

// layout describes plan's results directory dir.
func layout(plan *Plan, dir string, fs output.FileSystem) output.Layout {
	o := plan.Config.Output
	var names []string
	if o.HasTable("states") {
		// Only the states table reads them, and a swept synthetic shape
		// visits every point for them (stateNamesOf).
		names = stateNamesOf(plan)
	}
	return output.Layout{
		Dir: dir, Swept: plan.SweptNames, NumPoints: plan.NumPoints(), PointAt: plan.Swept,
		Replicates:    plan.Replicates(),
		PartTasks:     o.PartTasks,
		Architectures: plan.ArchitectureNames(),
		Arrow:         o.HasFormat("arrow"),
		Trajectories:  o.HasTable("trajectories"),
		States:        o.HasTable("states"),
		StateNames:    names,
		Ablation:      ablationOf(plan),
		Provenance:    output.Provenance{ConfigSHA256: plan.Hash(), EngineVersion: engine.Version, ModelVersion: engine.ModelVersion},
		FS:            fs,
	}
}

// shardOf is the manifest's shard record of a run: nil when unsharded.
func shardOf(s ShardSpec, lo, hi int) *output.Shard {
	if !s.Sharded() {
		return nil
	}
	return &output.Shard{Index: s.I, Count: s.N, TaskLo: lo, TaskHi: hi}
}

func shardName(s *output.Shard) string {
	if s == nil {
		return "all tasks (unsharded)"
	}
	return fmt.Sprintf("shard %d/%d", s.Index, s.Count)
}

// indices (PartIndex) of those it keeps. A file that is not a part of this
// run's task range (a directory begun with another --shard) is a usage
// error; a part that fails its check (incomplete, damaged, no checksum
// record) is reported, removed and recomputed.
func checkKept(ctx context.Context, plan *Plan, ds *output.Dataset, lo, hi int, notify func(Event)) (map[int]bool, int, error) {
	dir := ds.Layout().Dir
	P := plan.Config.Output.PartTasks
	journal, err := ds.ReadJournal()
	if err != nil {
		return nil, 0, err
	}
	names, err := ds.PartsOnDisk()
	if err != nil {
		return nil, 0, err
	}
	// Every name and every part is judged before anything is removed: a
	// refusal (a part of another shard) leaves the directory as it was.
	parts := make([]Part, len(names))
	for k, name := range names {
		start, ok := output.PartStart(name, P)
		if ok && start >= lo && start < hi {
			parts[k] = PartAt(lo, hi, P, PartIndex(lo, P, start))
		}
		if parts[k].Name != name {
			merge := ""
			if len(journal) == 0 {
				// A merge writes no journal: a killed one looks like this.
				merge = fmt.Sprintf(" Or is it an interrupted merge? Then redo it with `runner merge --force -o %s SHARD...`", dir)
			}
			return nil, 0, usagef("--resume: %s holds %s, which is not a part of this run's tasks [%d, %d): was it started with another --shard?%s",
				dir, ds.PartFileOnDisk(name), lo, hi, merge)
		}
	}
	kept := map[int]bool{}
	var damaged []*output.PartError
	for k, name := range names {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		p := parts[k]
		err := ds.CheckPart(ctx, name, p.Lo, p.Hi, journal)
		var pe *output.PartError
		switch {
		case err == nil:
			kept[PartIndex(lo, P, p.Lo)] = true
		case errors.As(err, &pe) && pe.Range:
			return nil, 0, usagef("--resume: %s %s: was it started with another --shard?", pe.Path, pe.Reason)
		case errors.As(err, &pe) && pe.Engine != "":
			// Finished work of another engine: refused, kept (DESIGN:
			// --resume does not mix engine versions), not recomputed.
			return nil, 0, usagef("--resume: %s was written by engine %s; this runner is engine %s: finish the run with the runner of that version, or start it again with --force", dir, pe.Engine, engine.Version)
		case errors.As(err, &pe) && pe.Config != "":
			// Finished work of another config (the directory's config.yaml
			// edited, or another file named): refused and kept, as DESIGN
			// says --resume does on a different config hash.
			return nil, 0, usagef("--resume: %s was written for config %s; this run's config is %s: resume it with the config it was begun with, or start it again with --force", pe.Path, output.ShortHash(pe.Config), output.ShortHash(plan.Hash()))
		case errors.As(err, &pe):
			pe.Part = name
			damaged = append(damaged, pe)
		default:
			return nil, 0, err
		}
	}
	for _, pe := range damaged {
		notify(Event{Kind: EventDamaged, Path: pe.Path, Reason: pe.Reason})
		if err := ds.RemovePart(pe.Part); err != nil {
			return nil, 0, err
		}
	}
	return kept, len(damaged), nil
}

// executeParts runs the tasks [lo, hi) and writes them into their parts, in
// task order, skipping the parts whose index is in kept.
func executeParts(ctx context.Context, plan *Plan, ds *output.Dataset, lo, hi, workers int, kept map[int]bool, opt RunOptions) error {
	P := plan.Config.Output.PartTasks
	if NumParts(lo, hi, P) == 0 {
		return nil
	}
	l := ds.Layout()
	var (
		cur    = -1
		curHi  int
		writer *output.PartWriter
		closed int
	)
	defer func() {
		if writer != nil {
			writer.Abort()
		}
	}()
	eo := EvalOptions{
		Workers: workers,
		Record:  l.Trajectories || l.States,
		Skip:    func(task int) bool { return kept[PartIndex(lo, P, task)] },
	}
	if opt.Progress != nil {
		eo.Progress = func(done int) { opt.Progress(done, hi-lo) }
	}
	return Evaluate(ctx, plan, lo, hi, eo, func(task int, rows *output.TaskRows) error {
		if rows == nil {
			return nil // a kept part
		}
		if k := PartIndex(lo, P, task); k != cur {
			p := PartAt(lo, hi, P, k)
			var err error
			if writer, err = ds.NewPart(p.Name, p.Lo, p.Hi); err != nil {
				return err
			}
			cur, curHi = k, p.Hi
		}
		if err := writer.Write(rows); err != nil {
			return err
		}
		if task != curHi-1 {
			return nil
		}
		w := writer
		writer = nil
		if err := w.Close(); err != nil {
			return err
		}
		closed++
		if opt.AfterPart != nil {
			return opt.AfterPart(closed)
		}
		return nil
	})
}

// finalize writes the whole-directory tables, the analysis tables, plots
// and report: the one code path of run, resume and merge. It returns the
// report's path when it drew one (res.Report), the quantities whose
// sensitivity indices are all null (res.Flat), and, as skipped, an analysis
// the tables cannot give (see finalAnalysis), whose tables it leaves out.
func finalize(ctx context.Context, plan *Plan, ds *output.Dataset, res *Result) (skipped, err error) {
	if err := ds.Finalize(ctx); err != nil {
		return nil, err
	}
	notes, skipped, err := finalAnalysis(ctx, plan, plan.Config.Analysis, ds)
	if err != nil {
		return nil, err
	}
	res.Flat, res.Caveat, res.Undefined = notes.flat, notes.caveat, notes.undefined
	if !plan.Config.Output.Plots {
		return skipped, nil
	}
	dir := ds.Layout().Dir
	if err := drawPlots(ctx, dir, plotMeta(plan)); err != nil {
		return nil, err
	}
	res.Report = filepath.Join(dir, "report.html")
	return skipped, nil
}

// drawPlots draws the figures and the report; both stop within a moment of
// ctx's cancellation and leave nothing under a final name. It first
// refuses a file in plots/ that is none of the figures it draws
// (ownFiguresOnly): the manifest written next lists every file of the
// directory as pactsim's, and a later --force would delete it (review,
// stop 28: --resume of an unfinished run adopted a user's plots/mine.png).
// plot and analyze empty plots/ before they call it.
func drawPlots(ctx context.Context, dir string, meta plots.Meta) error {
	return plots.Publish(ctx, dir, meta, func(stems []string) error {
		return ownFiguresOnly(dir, stems)
	})
}

// strangeFigure returns a usage error naming the first entry of dir/plots
// that is not NAME.png or NAME.svg for a NAME of stems, and nil when
// there is none. A hidden entry passes: no manifest lists it.
func strangeFigure(dir string, stems []string) error {
	own := make(map[string]bool, 2*len(stems))
	for _, s := range stems {
		own[s+".png"], own[s+".svg"] = true, true
	}
	es, err := os.ReadDir(filepath.Join(dir, "plots"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	for _, e := range es {
		name := e.Name()
		if e.Type().IsRegular() && own[name] || output.Hidden(name, e.IsDir()) {
			continue // a hidden entry (a writer's temporary file) is never listed
		}
		what := "which is none of the figures this run draws (a file of yours, or one another pactsim build drew there)"
		if !e.Type().IsRegular() {
			what = "which is not a regular file (pactsim draws only regular files)"
		}
		return usagef("%s holds plots/%s, %s, and the manifest would list it as this run's: move it out of the results directory and give the same command again (what is finished is kept)", dir, name, what)
	}
	return nil
}

// bytesUnder is the size of the regular files under dir (0 if none).
func bytesUnder(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(output.WalkRoot(dir), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
