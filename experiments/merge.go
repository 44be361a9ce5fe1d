package experiments

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"time"

	"pactsim/engine"
	"pactsim/output"
)

// MergeOptions tunes Merge.
type MergeOptions struct {
	// Force replaces an existing merged directory (a pactsim results
	// directory only, by the rules of RunOptions.Force).
	Force bool
	// Notify, when not nil, receives the milestones.
	Notify func(Event)
	// LockWait is how long to wait for another process to release out's
	// lock, as RunOptions.LockWait: a merge job requeued onto another node
	// can meet its old node's lock (a hostile review, stop 32).
	LockWait time.Duration
	// AllowLarge merges shards whose part files together are over the
	// soft limit of MaxPartFiles, or whose files fill more than
	// DiskHeadroom of the free space, as RunOptions.AllowLarge runs a
	// plan over those limits (--allow-large).
	AllowLarge bool
	// partFiles replaces MaxPartFiles as the limit, when not 0 (tests).
	partFiles int64
}

// Merge joins the shard directories dirs into the results directory out
// (README, "Guarantees": Merge). Before it touches out it checks
// that every shard is finished and verifies against its manifest, that all
// come from one resolved config and this engine version, and that shards
// 0..N-1 are each present exactly once with the task range the plan gives
// them; a failed check is a usage error naming the directory, and so is a
// merge over the part-file limit or the free space, unless
// opt.AllowLarge. It takes a
// shared lock on each shard for each step, reading the shard, checking it
// and copying its parts (a shard being written or resumed is refused, and
// one whose manifest changed between steps is an error), one shard at a
// time, so that a merge of thousands of shards needs few open files; it
// holds the exclusive lock of out throughout, copies the parts unchanged and then
// finalises out by the same code path as a single run, so every file but
// the parts and the manifest is byte-identical to an unsharded run's.
func Merge(ctx context.Context, out string, dirs []string, opt MergeOptions) (*Result, error) {
	started := time.Now()
	notify := func(e Event) {
		if opt.Notify != nil {
			opt.Notify(e)
		}
	}
	if len(dirs) == 0 {
		return nil, usagef("merge: no shard directories")
	}
	for _, d := range dirs {
		if samePath(d, out) {
			return nil, usagef("merge: the output directory %s is also a shard to merge", out)
		}
		if holds(out, d) {
			return nil, usagef("merge: the output directory %s holds the shard %s; the merged results need a directory of their own, e.g. %s", out, d, filepath.Join(out, "merged"))
		}
	}
	var shards []shardDir
	var plan *Plan
	var absent []error // shards given that were never run (mergemissing.go)
	for _, d := range dirs {
		m, err := lockedManifest(d, nil, func(m *output.Manifest) error {
			// A run or a merge holds every task: it merges as shard 0/1.
			if err := checkKind("runner merge", d, m, output.KindShard, output.KindRun, output.KindMerge); err != nil {
				return err
			}
			if plan != nil {
				return nil
			}
			// The first shard's config, read under its lock as every
			// shard's is when it is checked.
			var err error
			plan, err = shardConfig(d, m)
			return err
		})
		if err != nil && len(dirs) > 1 && notRunYet(d, err) {
			absent = append(absent, err)
			continue
		}
		if err != nil {
			return nil, err
		}
		shards = append(shards, shardDir{d, m})
	}
	if len(shards) == 0 {
		return nil, absent[0]
	}
	first := shards[0]
	n := 1
	if first.m.Shard != nil {
		n = first.m.Shard.Count
	}
	if err := neverRun(shards, n, absent); err != nil {
		return nil, err
	}
	var whole *shardDir // a whole run or merge given alone, copied
	if first.m.Shard == nil {
		whole = &first
	}
	// The part-file limit before the shards' checks, which read every
	// file of every shard: a merge over it is refused at once, not after
	// hours of checksums (a review, stop 47). The count needs only the
	// plan and the shard count, which the checks then hold every shard to.
	if err := checkMergedParts(plan, n, whole, opt.AllowLarge, opt.partFiles); err != nil {
		return nil, err
	}
	seen := make(map[int]string, len(shards))
	sc := &shardCheck{plan: plan, first: first, n: n, given: len(shards), seen: seen}
	for _, s := range shards {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Each shard is checked under its shared lock, taken anew: a
		// merge of many shards held one file descriptor for each until it
		// ended, and failed past the limit of open files (a scale review,
		// stop 35: 50 shards under a limit of 64).
		if _, err := lockedManifest(s.dir, s.m, func(m *output.Manifest) error {
			return sc.check(ctx, s.dir, m)
		}); err != nil {
			return nil, err
		}
	}
	if err := missingShards(shards, seen, n, nil); err != nil {
		return nil, err
	}
	// A merge in progress there is said to be one, not a full folder
	// (review, stop 29).
	wait := lockWait(opt.LockWait, opt.Notify)
	if err := wait.Do(ctx, func() error { return output.Busy(out) }); err != nil {
		return nil, err
	}
	info, err := inspectDir(out)
	var nr *notResultsError
	if err != nil && !errors.As(err, &nr) {
		return nil, err // not a folder at all: a file, or under one
	}
	if !opt.Force && (err != nil || info.kind != dirMissing && info.kind != dirEmpty) {
		return nil, usagef("merge: %s exists and is not empty: use --force to replace it (a pactsim results directory only)", out)
	}
	// --force over a results directory stages the new merge inside it
	// (mergestage.go): the old one is kept until the new one is complete.
	var stage *mergeStage
	if opt.Force {
		if stage, err = stageInside(ctx, plan, out, wait); err != nil {
			return nil, err
		}
	}
	// The parts are copied: a disk that cannot hold them is found before
	// anything is written, not half-way (review, stop 29). With a staged
	// replacement both merges must fit until the swap.
	var need int64
	for _, sh := range shards {
		for _, f := range sh.m.Files {
			need += f.Bytes
		}
	}
	// --allow-large passes it, as it passes run's estimate of the disk
	// (a review, stop 47: the free space a file system states can be
	// wrong, and the headroom refuses a merge that would just fit); a
	// merge that then fills the disk leaves nothing behind.
	if free, at := measureFree(out); free >= 0 && float64(need) > DiskHeadroom*float64(free) && !opt.AllowLarge {
		besides := ":"
		if stage != nil {
			besides = fmt.Sprintf("; %s is kept until the new merge is complete, so both must fit: empty it first, or", out)
			stage.close(true)
		}
		return nil, usagef("merge: %s %s, which the merge copies, but %s has %s free, of which a merge plans to use at most %.0f%%%s make room, or merge elsewhere; if you mean it, pass --allow-large", holders(shards), output.FormatBytes(need), at, output.FormatBytes(free), 100*DiskHeadroom, besides)
	}
	// A few open files are kept back for the removal of a failed merge's
	// output, which a failure at the limit of open files would otherwise
	// leave behind (a review, stop 36: at `ulimit -n 9`).
	spare := reserveFiles(2)
	defer spare.release()
	target, created := out, ""
	var lock *output.Lock
	if stage != nil {
		target, lock = stage.dir, stage.lock
	} else {
		// A failure leaves no folder it made, nor its lock file (the
		// limit of open files, a full disk at its config.yaml: a code
		// review, stop 37): openDir removes them under the lock.
		if lock, _, created, err = openDir(ctx, plan, out, opt.Force, false, nil, output.KindMerge, wait, nil); err != nil {
			return nil, err
		}
	}
	ok := false
	defer func() {
		// A failed merge leaves nothing behind: no folder it created and
		// no file of its output (the shards, and a directory it was to
		// replace, are untouched).
		spare.release()
		if stage != nil {
			stage.close(false) // unlocks
			return
		}
		if !ok {
			undoMerge(lock, out, created)
		}
		lock.Unlock()
	}()
	ds, err := output.New(layout(plan, target, nil))
	if err != nil {
		return nil, err
	}
	// A directory moved or removed under the merge is named as such (the
	// lock is out's, staged or not), not as the failed write it caused (a
	// review, stop 50), and before keepConfig and the manifest make its
	// path again, empty (movedError, as run does).
	moved := func(err error) error {
		return movedError(ctx, lock, out, "the merge", "nothing is completed here or where it went; run the merge again (the shards are as they were)",
			"nothing is completed here; once no other command is writing the directory, run the merge again with --force (the shards are as they were)", err)
	}
	merging := Event{Kind: EventMerging, Shards: n}
	if first.m.Shard == nil {
		merging.Copied = first.m.Kind
	}
	notify(merging)
	for _, s := range shards {
		if _, err := lockedManifest(s.dir, s.m, func(m *output.Manifest) error {
			return ds.CopyParts(ctx, s.dir, m)
		}); err != nil {
			return nil, moved(err)
		}
	}
	notify(Event{Kind: EventFinalizing, Plots: plan.Config.Output.Plots, Analysis: plan.Config.Analysis})
	res := &Result{Dir: out, Lo: 0, Hi: plan.NumTasks(), Parts: NumParts(0, plan.NumTasks(), plan.Config.Output.PartTasks)}
	// The analysis a `runner analyze DIR FILE` gave a run or merge given
	// here is not carried over: said, not dropped silently (a scale-out
	// review). Shards have none (analyze refuses them).
	for _, s := range shards {
		if slices.ContainsFunc(s.m.Files, func(f output.FileSum) bool { return f.Path == output.AnalysisName }) {
			res.Dropped = append(res.Dropped, filepath.Join(s.dir, output.AnalysisName))
		}
	}
	var skipped error
	if skipped, err = finalize(ctx, plan, ds, res); err != nil {
		return nil, moved(err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if afterFinalize != nil {
		afterFinalize(out)
	}
	if err := moved(nil); err != nil {
		return nil, err
	}
	// No workers: a merge runs no tasks (a manifest written before kinds
	// were recorded is told to be a merge's by this; output.Kind).
	if err := keepConfig(target, plan); err != nil {
		return nil, err
	}
	// The merged manifest records the build that computed the runs, the
	// shards' (all one: shardCheck.check), not the merger's.
	m := &output.Manifest{Kind: output.KindMerge, Seed: plan.Seed(), Started: started.UTC(), Finished: time.Now().UTC(),
		GoVersion: first.m.GoVersion, VCS: first.m.VCS}
	if err := ds.WriteManifest(ctx, m); err != nil {
		return nil, err
	}
	res.Manifest = m
	if stage != nil {
		if err := stage.swap(); err != nil {
			return nil, err
		}
		res.Replaced = stage.replaced
		// Even where the merge then fails (a review, stop 50).
		notify(Event{Kind: EventReplaced, Replaced: res.Replaced})
		if res.Report != "" {
			res.Report = filepath.Join(out, "report.html")
		}
	}
	ok = true
	if skipped != nil {
		return nil, &AnalysisNotWrittenError{Dir: out, Err: skipped}
	}
	return res, nil
}

// firstMissing returns the outermost of dir and its parents that does not
// exist (the first folder os.MkdirAll(dir) would create), or "" when dir
// exists.
func firstMissing(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	missing := ""
	for p := abs; ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil {
			return missing
		}
		missing = p
		if filepath.Dir(p) == p {
			return missing
		}
	}
}

// undoMerge removes what a failed merge wrote into out: out itself and the
// folders above it it created (created, from firstMissing), or, when out
// was there before, everything in it but the lock. It runs under lock,
// and removes nothing once lock's file is no longer out's (moved or
// removed under the merge): another process may hold out's lock by then.
func undoMerge(lock *output.Lock, out, created string) {
	if lock.CheckHeld(out, "the merge", "") != nil {
		return
	}
	if created == "" {
		clearDir(out) // best effort: the error that stopped the merge is reported
		return
	}
	_ = removeMade(lock, out, created)
}

// removeCreated removes out's parents up to created, each only if empty
// (os.Remove): folders os.MkdirAll made that nothing else has filled since.
func removeCreated(out, created string) {
	if created == "" {
		return
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return
	}
	for p := abs; ; p = filepath.Dir(p) {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return
		}
		if p == created || filepath.Dir(p) == p {
			return
		}
	}
}

// samePath reports whether a and b name the same file or directory (or
// the same path, when either does not exist yet).
func samePath(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

// shardConfig loads the shard dir's config.yaml once its bytes match the
// record of its manifest m: a missing or damaged one is the shard's data
// failure (exit 1), as verify reports it, not a bad config of the user's
// (exit 2; review, stop 29: merge and verify gave the same damage
// different exit codes).
func shardConfig(dir string, m *output.Manifest) (*Plan, error) {
	var one output.Manifest
	for _, f := range m.Files {
		if f.Path == "config.yaml" {
			one.Files = append(one.Files, f)
		}
	}
	if err := output.VerifyFiles(dir, &one); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, mergeNotVerified(dir, m, &output.MismatchError{Msg: err.Error()})
	}
	return loadStored(filepath.Join(dir, "config.yaml"))
}

// shardDir is a shard to merge and its manifest.
type shardDir struct {
	dir string
	m   *output.Manifest
}

// shardCheck is what Merge checks each shard against: the plan of the
// first shard given, the shard count n it names, how many shards were
// given, and the indices seen so far.
type shardCheck struct {
	plan  *Plan
	first shardDir
	n     int
	given int
	seen  map[int]string
}

// check checks shard dir, of manifest m, and records its index; it runs
// under the shard's shared lock (Merge).
func (c *shardCheck) check(ctx context.Context, dir string, m *output.Manifest) error {
	plan, n, seen := c.plan, c.n, c.seen
	firstDir, firstM := c.first.dir, c.first.m
	// A run or merge that an analyze or plot left part old, part new is
	// refused as verify refuses it, naming the repair: its checksums
	// could otherwise fail below, as data that does not verify (exit 1),
	// or pass, and the merge vouch for a directory verify refuses (a
	// hostile review, stop 46).
	if err := pendingError(dir, m); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	// Each shard's config.yaml must resolve to what its manifest
	// records, not only the first's: a shard edited after it was
	// written would otherwise merge unnoticed when not given first. The
	// first's is read again: the lock was let go since plan was read.
	own, err := shardConfig(dir, m)
	if err != nil {
		return err
	}
	if own.Hash() != m.ConfigSHA256 {
		return mergeNotVerified(dir, m, &output.MismatchError{Msg: fmt.Sprintf("its config.yaml resolves to config %s, its manifest records config %s", output.ShortHash(own.Hash()), output.ShortHash(m.ConfigSHA256))})
	}
	idx, count := 0, 1
	if m.Shard != nil {
		idx, count = m.Shard.Index, m.Shard.Count
	}
	if m.ConfigSHA256 != firstM.ConfigSHA256 {
		changed := ""
		if other, err := output.ReadFileLimited(filepath.Join(dir, "config.yaml"), MaxConfigBytes); err == nil {
			if c := configChanges(plan.Canonical(), other); c != "" {
				changed = fmt.Sprintf("; changed (%s -> %s): %s", firstDir, dir, c)
			}
		}
		return usagef("merge: %s is from config %s, %s from config %s: shards of different resolved configs%s; give the merge the shards of one config only, or run this shard again from the config of %s into a new directory (%s)", dir, output.ShortHash(m.ConfigSHA256), firstDir, output.ShortHash(firstM.ConfigSHA256), changed, firstDir, rerunShard(firstDir, idx, count))
	}
	if m.EngineVersion != engine.Version || m.EngineVersion != firstM.EngineVersion {
		return usagef("merge: %s was written by engine %s; this runner is engine %s: merge with the runner of engine %s if it wrote every shard, or run this shard again with this runner into a new directory (%s)", dir, m.EngineVersion, engine.Version, m.EngineVersion, rerunShard(firstDir, idx, count))
	}
	if m.GoVersion != firstM.GoVersion {
		return usagef("merge: %s was built with go_version %s, %s with go_version %s: shards of different binaries; run every shard with one binary", dir, m.GoVersion, firstDir, firstM.GoVersion)
	}
	if a, b := output.VCSText(m.VCS), output.VCSText(firstM.VCS); a != b {
		return usagef("merge: %s was built from vcs %s, %s from vcs %s: shards of different binaries; run every shard with one binary", dir, a, firstDir, b)
	}
	if other := output.OtherBuild(m.Build); other != "" {
		// Another instruction set can give other last bits (a node of
		// another architecture): the merge would match no single run.
		return usagef("merge: %s was computed by a runner %s: run every shard with one build, and merge with it", dir, other)
	}
	if m.Shard == nil && c.given > 1 {
		// A whole run or merge is no "shard 0 of 1" (review, stop 29);
		// given alone it is copied, which the refusal says (a scale-out
		// review: it named only the shards).
		return usagef("merge: %s is a whole %s, not a shard: merge takes either every shard of one sharded run (runner run --shard I/N for I = 0..N-1, each once) or one whole run or merge alone, which it copies; give %s alone, or only shards", dir, m.Kind, dir)
	}
	if count != n {
		return usagef("merge: %s is shard %d of %d, %s one of %d: shard counts differ; give the shards of one run only: the %d of %s's, or the %d of %s's", dir, idx, count, firstDir, n, n, firstDir, count, dir)
	}
	if prev, dup := seen[idx]; dup {
		return usagef("merge: shard %d/%d given twice (%s and %s): give one of them (a copy of a shard under another name is the same shard)", idx, n, prev, dir)
	}
	seen[idx] = dir
	lo, hi := plan.Shard(idx, n)
	if m.Shard != nil && (m.Shard.TaskLo != lo || m.Shard.TaskHi != hi) {
		return usagef("merge: %s claims tasks [%d, %d) as shard %d/%d; the plan gives [%d, %d)", dir, m.Shard.TaskLo, m.Shard.TaskHi, idx, n, lo, hi)
	}
	if err := output.VerifyFilesContext(ctx, dir, m); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// A shard whose data does not match its manifest is a data
		// failure (exit 1), as verify reports it, not a usage error.
		return mergeNotVerified(dir, m, output.ListedMismatch(err))
	}
	// A data file the manifest does not list fails verify; the merge
	// would leave it out without a word.
	if err := unlisted(dir, m); err != nil {
		var mm *output.MismatchError
		if errors.As(err, &mm) {
			err = mergeNotVerified(dir, m, err)
		}
		return err
	}
	// Its checksums say nothing of what the manifest leaves out: the
	// manifest's records, its parts and their rows must make up the
	// shard's tasks, or the merge would fail half-way through.
	if _, err := checkRecords(ctx, plan, dir, m); err != nil {
		return mergeNotVerified(dir, m, err)
	}
	return nil
}

// lockedManifest reads the manifest of shard dir under its shared lock and
// calls f with it before it releases the lock. With was (its manifest as
// read before), a manifest that differs is an error: the shard changed
// since (the lock is taken anew for each step of a merge, not held
// throughout). Copying verifies every part against the manifest too.
func lockedManifest(dir string, was *output.Manifest, f func(*output.Manifest) error) (*output.Manifest, error) {
	lock, err := output.LockDirShared(dir)
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	m, err := output.ReadManifest(dir)
	if err != nil {
		if err := manifestNotRead(dir, err); err != nil {
			return nil, err
		}
		if was != nil {
			return nil, fmt.Errorf("merge: %s changed during the merge: %w", givenAs(dir, was), err)
		}
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			// Not "its manifest.json cannot be read ...: remove
			// manifest.json" (a review, stop 49).
			return nil, usagef("merge: %s is %s, not a results directory: give the directories of the shards (or of one whole run or merge)", dir, output.FileKind(fi.Mode()))
		}
		if _, serr := os.Stat(dir); serr != nil && !errors.Is(serr, fs.ErrNotExist) {
			// A path too long to follow: no manifest.json to remove (a
			// review, stop 50). inspectDir words it as run and verify do.
			if _, ierr := inspectDir(dir); ierr != nil {
				return nil, fmt.Errorf("merge: %w", ierr)
			}
			return nil, usagef("merge: %s cannot be read: %v", dir, serr)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, usagef("merge: %s is not a finished shard: %s", dir, noManifestWhy(dir))
		}
		// Cut short or edited: say how a shard's damaged manifest is
		// mended, as --resume says it of a run's (a hostile review,
		// stop 46: merge gave only the parse error).
		// A whole run or merge given alone is no shard: its way out is
		// its own command's (a hostile review, stop 48: a merge's was
		// `runner run --resume --shard I/N`, which refuses it).
		k := readDamagedKind(dir)
		if k == "" {
			if _, serr := os.Lstat(filepath.Join(dir, "codebook.csv")); serr != nil {
				k = output.KindShard // a shard holds only its config and parts
			}
		}
		what := "shard"
		if k != output.KindShard {
			what = "results directory"
		}
		if why, _, ok := manifestNotFile(dir, k); ok {
			return nil, usagef("merge: %s is not a finished %s: %s", dir, what, why)
		}
		return nil, usagef("merge: %s is not a finished %s: its %s cannot be read (%v): if the rest of it is intact, %s", dir, what, output.ManifestName, err, damagedRepair(dir, k))
	}
	if was != nil && !reflect.DeepEqual(m, was) {
		return nil, fmt.Errorf("merge: %s changed during the merge: its manifest differs from the one checked", givenAs(dir, was))
	}
	return m, f(m)
}

// noManifestWhy says why dir, given to merge as a shard, has no manifest
// and how to finish it, as verify says it: an interrupted shard is resumed
// with its own --shard (a scale-out review: merge printed only the stat
// error of DIR/manifest.json, which left the user to find the command).
func noManifestWhy(dir string) string {
	info, err := inspectDir(dir)
	switch {
	case err != nil:
		return "it has no manifest.json"
	case info.kind == dirMissing:
		return "it does not exist"
	case info.kind == dirEmpty:
		return "it is empty"
	}
	return "it has no manifest.json: " + unfinishedWhy(dir)
}

// spareFiles are open files held back for a cleanup (Merge).
type spareFiles []*os.File

// reserveFiles opens up to n files (the null device) to hold back.
func reserveFiles(n int) spareFiles {
	var s spareFiles
	for range n {
		f, err := os.Open(os.DevNull)
		if err != nil {
			break
		}
		s = append(s, f)
	}
	return s
}

// release closes them, so that a cleanup at the limit of open files has
// them to use; a second release does nothing.
func (s spareFiles) release() {
	for k, f := range s {
		if f != nil {
			f.Close()
			s[k] = nil
		}
	}
}
