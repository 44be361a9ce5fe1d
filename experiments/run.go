package experiments

import (
	"bytes"
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
)

// Event is one milestone; which fields are set depends on Kind.
type Event struct {
	Kind        EventKind
	Lo, Hi      int       // EventPlanned
	Estimate    *Estimate // EventPlanned
	Kept, Parts int       // EventResuming
	Path        string    // EventDamaged
	Reason      string    // EventDamaged
	Plots       bool      // EventFinalizing
	Shards      int       // EventMerging
}

// Result is what a Run (or Merge) did.
type Result struct {
	Dir      string
	Lo, Hi   int  // the task range run
	Complete bool // --resume found the directory complete: nothing was done
	Kept     int  // parts kept by --resume
	Parts    int  // parts of the range
	Damaged  int  // parts found damaged and recomputed
	// Report is the path of report.html when plots were drawn, else "".
	Report   string
	Manifest *output.Manifest
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
func Run(ctx context.Context, plan *Plan, opt RunOptions) (*Result, error) {
	if opt.Resume && opt.Force {
		return nil, usagef("--resume and --force exclude each other")
	}
	if opt.Dir == "" {
		return nil, errors.New("experiments: Run: no results directory")
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = DefaultWorkers()
	}
	started := opt.Started
	if started.IsZero() {
		started = time.Now()
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
	est, err := EstimateRun(ctx, plan, lo, hi, workers, opt.Dir, !opt.Shard.Sharded())
	if err != nil {
		return nil, err
	}
	if (opt.Resume || opt.Force) && est.Free >= 0 {
		// What is already there is kept or replaced: count it as room.
		est.Free += bytesUnder(opt.Dir)
	}
	notify(Event{Kind: EventPlanned, Lo: lo, Hi: hi, Estimate: &est})
	if err := est.Check(opt.AllowLarge); err != nil {
		return nil, err
	}
	shard := shardOf(opt.Shard, lo, hi)
	lock, mode, err := openDir(ctx, plan, opt.Dir, opt.Force, opt.Resume, shard, runKind(shard))
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	if mode == modeComplete {
		res.Complete = true
		notify(Event{Kind: EventComplete})
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
	if err := executeParts(ctx, plan, ds, lo, hi, workers, kept, opt); err != nil {
		return nil, err
	}
	var skipped error // an analysis the tables cannot give (finalize)
	if !opt.Shard.Sharded() {
		notify(Event{Kind: EventFinalizing, Plots: plan.Config.Output.Plots})
		if res.Report, skipped, err = finalize(ctx, plan, ds); err != nil {
			return nil, err
		}
	}
	// A signal during the finalisation stops the run before its manifest
	// marks it complete: --resume redoes only the finalisation.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m := &output.Manifest{Kind: runKind(shard), Seed: plan.Seed(), Started: started.UTC(), Workers: workers, Shard: shard}
	m.Finished = time.Now().UTC()
	if err := ds.WriteManifest(ctx, m); err != nil {
		return nil, err
	}
	res.Manifest = m
	if skipped != nil {
		return nil, &AnalysisNotWrittenError{Dir: opt.Dir, Err: skipped}
	}
	return res, nil
}

// layout describes plan's results directory dir.
func layout(plan *Plan, dir string, fs output.FileSystem) output.Layout {
	o := plan.Config.Output
	return output.Layout{
		Dir: dir, Swept: plan.SweptNames, NumPoints: plan.NumPoints(), PointAt: plan.Swept,
		Replicates:    plan.Replicates(),
		Architectures: plan.ArchitectureNames(),
		Arrow:         o.HasFormat("arrow"),
		Trajectories:  o.HasTable("trajectories"),
		States:        o.HasTable("states"),
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

// dirMode is what openDir decided.
type dirMode int

const (
	modeFresh    dirMode = iota // write config.yaml and every part
	modeResume                  // continue: verify and keep the final parts
	modeComplete                // --resume on a complete, verified directory
)

// openDir applies the directory rules, takes the lock and, for a fresh
// start, writes config.yaml. The rules are checked once before the lock (so
// that a refused directory gets no lock file) and again under it (another
// process may have changed it meanwhile). kind is the kind of directory the
// caller writes: --resume continues only a directory of that kind
// (resumable; for an unfinished one, checkUnfinishedKind).
func openDir(ctx context.Context, plan *Plan, dir string, force, resume bool, shard *output.Shard, kind output.Kind) (*output.Lock, dirMode, error) {
	decide := func() (dirInfo, error) {
		info, err := inspectDir(dir)
		if err != nil {
			var nr *notResultsError
			if errors.As(err, &nr) && !force && !resume {
				// Neither flag would help (--resume and --force refuse a
				// directory pactsim did not write), so neither is offered.
				return info, usagef("results directory %s exists and is not empty, and pactsim did not write it (%s): choose another directory, or empty this one", dir, nr.why)
			}
			if errors.As(err, &nr) && force {
				return info, usagef("--force: %v; refusing to delete it even with --force", err)
			}
			return info, err
		}
		switch info.kind {
		case dirComplete, dirUnfinished:
			switch {
			case force:
				if err := checkForce(dir, plan.File(), info); err != nil {
					return info, err
				}
			case !resume:
				return info, usagef("results directory %s exists and is not empty: use --resume to continue it or --force to replace it", dir)
			case info.listed != "" && info.kind == dirComplete:
				// A complete directory holding a file its manifest does
				// not list no longer verifies: a data failure (exit 1),
				// as verify reports it (README, "--resume trusts nothing
				// it has not checked").
				return info, &output.MismatchError{Msg: fmt.Sprintf("--resume: %s holds %s, which its manifest does not list and pactsim does not write: move it out of the results directory and run again", dir, info.listed)}
			case info.listed != "":
				// The manifest lists every file it finds: a stranger
				// would be sealed into the results as if pactsim had
				// written it.
				return info, usagef("--resume: %s holds %s, which pactsim does not write: move it out of the results directory and run again", dir, info.listed)
			case info.kind == dirComplete && info.manifest != nil:
				if err := checkKind(resumeCommand(kind), dir, info.manifest, resumable(kind)...); err != nil {
					if kind.HoldsRuns() && info.manifest.Kind.HoldsRuns() {
						return info, fmt.Errorf("%w: it is complete as %s; this run is %s", err, shardName(info.manifest.Shard), shardName(shard))
					}
					return info, err
				}
			case info.kind == dirUnfinished:
				if err := checkUnfinishedKind(dir, kind); err != nil {
					return info, err
				}
			}
		}
		return info, nil
	}
	if outer := enclosingResults(dir); outer != "" {
		return nil, 0, usagef("results directory %s lies inside the results directory %s, which would then hold files its manifest does not list and no longer verify or resume: choose a directory outside it", dir, outer)
	}
	// A directory in use is reported as such, whatever it holds now (a
	// run half-way writes a config.yaml and parts; a run just starting,
	// only its lock); a refusal found meanwhile is checked again against
	// the lock, since the other writer may have taken it in between.
	if err := output.Busy(dir); err != nil {
		return nil, 0, err
	}
	info, err := decide()
	if err != nil {
		if busy := output.Busy(dir); busy != nil {
			return nil, 0, busy
		}
		return nil, 0, err
	}
	if info.kind == dirMissing {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, 0, fmt.Errorf("create results directory: %w", err)
		}
	}
	lock, err := output.LockDir(dir)
	if err != nil {
		return nil, 0, err
	}
	fail := func(err error) (*output.Lock, dirMode, error) {
		lock.Unlock()
		return nil, 0, err
	}
	if info, err = decide(); err != nil {
		return fail(err)
	}
	switch {
	case info.kind == dirComplete && resume:
		if err := checkComplete(ctx, plan, dir, info, shard); err != nil {
			return fail(err)
		}
		return lock, modeComplete, nil
	case info.kind == dirUnfinished && resume:
		if h := info.plan.Hash(); h != plan.Hash() {
			return fail(usagef("--resume: %s was started with another resolved config (sha256 %s, this one %s)%s", dir, short(h), short(plan.Hash()), changedConfig(info.plan.Canonical(), plan.Canonical())))
		}
		if err := removeTempFiles(dir); err != nil {
			return fail(fmt.Errorf("--resume: %w", err))
		}
		// The same resolved config, but perhaps not in the bytes pactsim
		// writes (a config copied in by hand, comments and defaults left
		// out): the results directory keeps the resolved form, every
		// default written out, so that it reproduces its numbers whatever
		// later versions change in the defaults. Parts already there were
		// made by this resolved config, so they stay valid.
		cpath := filepath.Join(dir, "config.yaml")
		if stored, err := output.ReadFileLimited(cpath, MaxConfigBytes); err != nil || !bytes.Equal(stored, plan.Canonical()) {
			if err := output.WriteFileAtomic(cpath, plan.Canonical()); err != nil {
				return fail(err)
			}
		}
		return lock, modeResume, nil
	case info.kind == dirComplete || info.kind == dirUnfinished: // force
		if err := clearDir(dir); err != nil {
			return fail(err)
		}
	case info.kind == dirEmpty:
		if err := removeOwnTempFiles(dir); err != nil {
			return fail(err)
		}
	}
	if err := output.WriteFileAtomic(filepath.Join(dir, "config.yaml"), plan.Canonical()); err != nil {
		return fail(err)
	}
	return lock, modeFresh, nil
}

// enclosingResults returns the nearest directory above dir that holds a
// pactsim manifest (a complete results directory), or an unfinished run
// or calibration that has finished some work (a config.yaml beside its
// parts journal or its trace journal), or "". Writing a results directory
// inside another would add files the outer manifest does not list: the
// outer directory would no longer verify or resume. A folder that merely
// holds a config.yaml is not one.
func enclosingResults(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	regular := func(path string) bool {
		fi, err := os.Lstat(path)
		return err == nil && fi.Mode().IsRegular()
	}
	for p := filepath.Dir(abs); ; p = filepath.Dir(p) {
		if data, err := output.ReadFileLimited(filepath.Join(p, output.ManifestName), output.MaxManifestBytes); err == nil && isResultsManifest(data) {
			return p
		}
		if regular(filepath.Join(p, "config.yaml")) &&
			(regular(filepath.Join(p, output.JournalName)) || regular(filepath.Join(p, filepath.FromSlash(output.TableTrace)+".csv"))) {
			return p
		}
		if filepath.Dir(p) == p {
			return ""
		}
	}
}

// checkComplete refuses to resume a complete directory of another config,
// engine version or shard, and verifies it: every file against the
// manifest, and no file the manifest does not list.
func checkComplete(ctx context.Context, plan *Plan, dir string, info dirInfo, shard *output.Shard) error {
	if err := pendingError(dir); err != nil {
		return fmt.Errorf("--resume: %w", err)
	}
	m := info.manifest
	if m == nil {
		_, err := output.ReadManifest(dir)
		return usagef("--resume: %s has a manifest this version of pactsim cannot use (another version wrote it, or it was edited): %v", dir, err)
	}
	if m.ConfigSHA256 != plan.Hash() || m.EngineVersion != engine.Version {
		changed := ""
		if stored, err := output.ReadFileLimited(filepath.Join(dir, "config.yaml"), MaxConfigBytes); err == nil {
			changed = changedConfig(stored, plan.Canonical())
		}
		return usagef("--resume: %s was written by config %s (engine %s); this is config %s (engine %s)%s",
			dir, short(m.ConfigSHA256), m.EngineVersion, short(plan.Hash()), engine.Version, changed)
	}
	if shardName(m.Shard) != shardName(shard) {
		return usagef("--resume: %s is complete as %s; this run is %s", dir, shardName(m.Shard), shardName(shard))
	}
	if err := output.VerifyFilesContext(ctx, dir, m); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("--resume: %s is complete but does not verify: %w", dir, err)
	}
	extra, err := output.UnlistedFiles(dir, m)
	if err != nil {
		return err
	}
	if len(extra) > 0 {
		return fmt.Errorf("--resume: %s is complete, but holds %s, which its manifest does not list: remove %s or rerun with --force", dir, listShort(extra), output.Plural(len(extra), "it"))
	}
	if _, err := checkRecords(plan, dir, m); err != nil {
		return fmt.Errorf("--resume: %s is complete but does not verify: %w", dir, err)
	}
	return nil
}

func listShort(xs []string) string {
	if len(xs) > 5 {
		return fmt.Sprintf("%v and %d more", xs[:5], len(xs)-5)
	}
	return fmt.Sprint(xs)
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// checkKept verifies every part a resumed run finds on disk and returns the
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
			return nil, 0, usagef("--resume: %s holds %s, which is not a part of this run's tasks [%d, %d): was it started with another --shard?",
				dir, ds.ParquetPath(output.TableRuns, name), lo, hi)
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
// report's path when it drew one, and, as skipped, an analysis the tables
// cannot give (see finalAnalysis), whose tables it leaves out.
func finalize(ctx context.Context, plan *Plan, ds *output.Dataset) (report string, skipped, err error) {
	if err := ds.Finalize(ctx); err != nil {
		return "", nil, err
	}
	if skipped, err = finalAnalysis(ctx, plan, plan.Config.Analysis, ds); err != nil {
		return "", nil, err
	}
	if !plan.Config.Output.Plots {
		return "", skipped, nil
	}
	dir := ds.Layout().Dir
	if err := drawPlots(ctx, dir, plotMeta(plan)); err != nil {
		return "", nil, err
	}
	return filepath.Join(dir, "report.html"), skipped, nil
}

// drawPlots draws the figures and the report; both stop within a moment of
// ctx's cancellation and leave nothing under a final name.
func drawPlots(ctx context.Context, dir string, meta plots.Meta) error {
	return plots.Publish(ctx, dir, meta)
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
