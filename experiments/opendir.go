package experiments

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"pactsim/engine"
	"pactsim/output"
)

// The directory rules of the commands that write a results directory (run,
// calibrate, merge): what an existing directory may become (openDir), what
// lies above it (enclosingResults), and what a complete one must show
// before --resume trusts it (checkComplete).

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
// (resumable; for an unfinished one, checkUnfinishedKind). wait, when not
// nil, waits for another holder of the lock, both where the rules find
// the directory in use and at the lock (output.LockWait). created is the
// outermost folder it made (firstMissing), "" when dir was there. Where
// --force cleared a results directory and replaced is not nil, *replaced
// says what it held (replacedWhat).
//
// Failing, it leaves no folder it made, and no lock file it made (a
// refusal under the lock leaves the directory as it found it): it removes
// them before it lets go of the lock. Removed after, they could be
// another process's by then: one waiting for the lock (--lock-wait) that
// took it in between found the folder as it was, and lost it (a review:
// a full disk at config.yaml).
func openDir(ctx context.Context, plan *Plan, dir string, force, resume bool, shard *output.Shard, kind output.Kind, wait *output.LockWait, replaced *string) (lock *output.Lock, mode dirMode, created string, err error) {
	var info dirInfo
	for try := 1; ; try++ {
		if info, err = precheckWaiting(ctx, wait, plan, dir, force, resume, shard, kind); err != nil {
			return nil, 0, "", err
		}
		created = ""
		if info.kind == dirMissing {
			created = firstMissing(dir)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				removeCreated(dir, created)
				if notWritable(err) || notCreatable(err) {
					return nil, 0, "", usagef("cannot create results directory %s (%v): choose a directory you can write (-o)", dir, err)
				}
				return nil, 0, "", fmt.Errorf("create results directory: %w", err)
			}
		}
		lock, err = output.LockDirWait(ctx, dir, wait)
		if errors.Is(err, fs.ErrNotExist) && try < 3 {
			// The directory went while this command waited for its lock:
			// the holder that let go of it removed it, having made it
			// (openDir failing). The rules are asked again: it is missing.
			removeCreated(dir, created)
			continue
		}
		break
	}
	if notWritable(err) && resume && info.kind == dirComplete {
		// A complete directory on read-only storage (an archive, a
		// read-only volume, another user's folder): --resume only
		// verifies it, which a reader's shared lock allows, as verify
		// takes it.
		lock, err = output.LockDirShared(dir)
	}
	if err != nil {
		var busy *output.BusyError
		if !errors.As(err, &busy) {
			// Not another process's directory, which would hold it
			// locked: what this one made goes (the limit of open files).
			removeCreated(dir, created)
		}
		return nil, 0, "", unwritable(dir, err)
	}
	fail := func(err error) (*output.Lock, dirMode, string, error) {
		// A refusal leaves the directory as it found it, without the lock
		// file it made; a directory it made goes. Under the lock, the
		// lock file first: the folders go only if empty, and a process
		// waiting for the lock finds it gone (output.LockDir).
		lock.Undo()
		removeCreated(dir, created)
		lock.Unlock()
		if openUnlocked != nil {
			openUnlocked(dir)
		}
		return nil, 0, "", err
	}
	if info, err = decideDir(plan, dir, force, resume, shard, kind); err != nil {
		return fail(err)
	}
	switch {
	case info.kind == dirComplete && resume:
		if err := checkComplete(ctx, plan, dir, info, shard); err != nil {
			return fail(err)
		}
		return lock, modeComplete, created, nil
	case info.kind == dirUnfinished && resume:
		// A directory it cannot write is refused as run refuses one
		// (exit 2), before anything is done, not at the first part.
		if err := probeWritable(dir); err != nil {
			return fail(unwritable(dir, err))
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
		if err := keepConfig(dir, plan); err != nil {
			return fail(err)
		}
		return lock, modeResume, created, nil
	case info.kind == dirComplete || info.kind == dirUnfinished: // force
		if err := checkClearable(dir); err != nil {
			return fail(err)
		}
		what := replacedWhat(dir, info)
		if err := clearDir(dir); err != nil {
			return fail(clearing{err})
		}
		if replaced != nil {
			*replaced = what
		}
	case info.kind == dirEmpty:
		if err := removeTempFiles(dir); err != nil {
			return fail(err)
		}
	}
	if err := output.WriteFileAtomic(filepath.Join(dir, "config.yaml"), plan.Canonical()); err != nil {
		return fail(err)
	}
	return lock, modeFresh, created, nil
}

// notWritable reports whether err is storage's refusal to let the user
// write (read-only storage, a folder without permission). A results
// directory the user may not write is a wrong -o, as bad as a bad flag:
// exit 2 naming it, not a runtime failure (a hostile review, stop 38: a
// read-only parent or folder exited 1).
func notWritable(err error) bool {
	return errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission)
}

// notCreatable reports whether err, of creating a results directory, says
// that the path cannot be a directory here, whatever the disk's state: a
// pseudo file system that makes no folders (-o /proc/x: "no such file or
// directory"), a file or a link on the way. Like notWritable it is a wrong
// -o, exit 2, where it exited 1 (a hostile review); a full disk or an
// I/O error stays a failure of the environment.
func notCreatable(err error) bool {
	for _, e := range []error{syscall.ENOENT, syscall.ENOTDIR, syscall.EEXIST, syscall.ENAMETOOLONG, syscall.ELOOP, syscall.EINVAL, syscall.EOPNOTSUPP, syscall.EMLINK} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// unwritable returns the error of taking the lock of results directory
// dir: a usage error naming dir where the user may not write it
// (notWritable), else err as it is. run, calibrate and merge, whether it
// writes dir or stages a replacement inside it (stageInside), share it.
func unwritable(dir string, err error) error {
	if notWritable(err) {
		return usagef("cannot write results directory %s (%v): choose a directory you can write (-o), or make it writable", dir, err)
	}
	return err
}

// enclosingResults returns the nearest directory above dir that holds a
// pactsim manifest (a complete results directory), or an unfinished run
// or calibration that has finished some work (a config.yaml beside its
// parts journal or its trace journal), or "". Writing a results directory
// inside another would add files the outer manifest does not list: the
// outer directory would no longer verify or resume. A folder that merely
// holds a config.yaml is not one.
//
// The parents are those of dir as written and of dir with its links
// resolved (its nearest existing ancestor's, for a dir not made yet): a
// link to a folder inside a results directory, or a working directory
// reached through one, leads there too (hostile review, stop 24). via is
// the resolved path when only it lies inside, else "".
func enclosingResults(dir string) (outer, via string) {
	abs, err := rawAbs(dir)
	if err != nil {
		return "", ""
	}
	if outer := enclosingOf(filepath.Clean(abs)); outer != "" {
		return outer, ""
	}
	if r := physicalPath(abs); r != filepath.Clean(abs) {
		if outer := enclosingOf(r); outer != "" {
			return outer, r
		}
	}
	return "", ""
}

// rawAbs is dir made absolute without cleaning it: "link/.." must stay
// for physicalPath to resolve it as the system does. A relative dir is
// joined to the working directory as the system has it, links resolved:
// os.Getwd may give the shell's $PWD, reached through a link, and a ".."
// at dir's start goes up from the real directory, not from the link (a
// review, stop 24: `-o ../out` was refused in a directory reached
// through a link).
func rawAbs(dir string) (string, error) {
	if filepath.IsAbs(dir) {
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(wd); err == nil {
		wd = r
	}
	return wd + string(filepath.Separator) + dir, nil
}

// physicalPath resolves the absolute path abs as the system does, element
// by element: a link is followed where it stands, so ".." after it goes to
// the parent of its target, not of the link. Elements past the last one
// that exists are joined as written.
func physicalPath(abs string) string {
	cur := string(filepath.Separator)
	exists := true
	for _, e := range strings.Split(abs, string(filepath.Separator)) {
		switch {
		case e == "" || e == ".":
			continue
		case e == "..":
			cur = filepath.Dir(cur)
			// Going up from what does not exist may reach what does
			// (nope/../link): resolve again from there.
			_, err := os.Lstat(cur)
			exists = err == nil
			continue
		}
		next := filepath.Join(cur, e)
		if exists {
			if r, err := filepath.EvalSymlinks(next); err == nil {
				cur = r
				continue
			}
			exists = false
		}
		cur = next
	}
	return cur
}

// dotDotAfterLink refuses a results directory whose path has ".." after a
// symbolic link: the system resolves it to one place and a path joined to
// it (DIR/.lock) is cleaned to another, so files would be written apart.
func dotDotAfterLink(dir string) error {
	abs, err := rawAbs(dir)
	if err != nil || !slices.Contains(strings.Split(abs, string(filepath.Separator)), "..") {
		return nil
	}
	if phys, clean := physicalPath(abs), physicalPath(filepath.Clean(abs)); phys != clean {
		return usagef("results directory %s: the \"..\" in it follows a symbolic link, so it leads to %s, where the path read as written leads to %s: write the directory without \"..\"", dir, phys, clean)
	}
	return nil
}

// dotDotMissing refuses a results directory whose path has ".." after a
// folder that does not exist: creating the path would create that folder
// in the directory the path names, which is then not empty (a hostile
// review, stop 31: -o X/sub/.. made X/sub and X/.lock, then refused X as
// not pactsim's).
func dotDotMissing(dir string) error {
	abs, err := rawAbs(dir)
	if err != nil {
		return nil
	}
	parts := strings.Split(abs, string(filepath.Separator))
	for i, e := range parts {
		if e != ".." || i == 0 {
			continue
		}
		prefix := strings.Join(parts[:i], string(filepath.Separator))
		if fi, err := os.Stat(prefix); err != nil || !fi.IsDir() {
			return usagef("results directory %s: %s is not an existing folder, so the \"..\" after it cannot be followed without creating it: write the directory without \"..\"", dir, prefix)
		}
	}
	return nil
}

// enclosingOf is enclosingResults for an absolute path, taken as it is.
func enclosingOf(abs string) string {
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
	if err := checkCompleteRecords(plan, dir, info, shard); err != nil {
		return err
	}
	m := info.manifest
	if err := output.VerifyFilesContext(ctx, dir, m); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return notVerified(dir, output.ListedMismatch(err))
	}
	extra, err := output.UnlistedFiles(dir, m)
	if err != nil {
		return err
	}
	if len(extra) > 0 {
		return &output.MismatchError{Msg: "--resume: " + output.UnlistedError(dir, extra).Msg}
	}
	if _, err := checkRecords(ctx, plan, dir, m); err != nil {
		return notVerified(dir, err)
	}
	return nil
}

// insideResults refuses dir when it lies inside another results directory
// (enclosingResults).
func insideResults(dir string) error {
	outer, via := enclosingResults(dir)
	if outer == "" {
		return nil
	}
	through := ""
	if via != "" {
		through = fmt.Sprintf(" (through a symbolic link: it resolves to %s)", via)
	}
	return usagef("results directory %s%s lies inside the results directory %s, which would then hold files its manifest does not list and no longer verify or resume: choose a directory outside it", dir, through, outer)
}

// precheckDir applies the directory rules without changing anything: the
// refusals of openDir, which Run also checks before its estimate, so that
// a refused directory is not first announced as being written.
func precheckDir(plan *Plan, dir string, force, resume bool, shard *output.Shard, kind output.Kind) (dirInfo, error) {
	if err := dotDotAfterLink(dir); err != nil {
		return dirInfo{}, err
	}
	if err := insideResults(dir); err != nil {
		return dirInfo{}, err
	}
	if err := dotDotMissing(dir); err != nil {
		return dirInfo{}, err
	}
	// A directory in use is reported as such, whatever it holds now (a
	// run half-way writes a config.yaml and parts; a run just starting,
	// only its lock); a refusal found meanwhile is checked again against
	// the lock, since the other writer may have taken it in between.
	if err := output.Busy(dir); err != nil {
		return dirInfo{}, err
	}
	info, err := decideDir(plan, dir, force, resume, shard, kind)
	if err != nil {
		if busy := output.Busy(dir); busy != nil {
			return info, busy
		}
		return info, err
	}
	return info, outCreatable(dir, info.kind) // as validate says it, before any work (a hostile review, stop 55)
}

// precheckWaiting is precheckDir, waiting as wait says while the rules
// find dir in use by another holder of its lock.
func precheckWaiting(ctx context.Context, wait *output.LockWait, plan *Plan, dir string, force, resume bool, shard *output.Shard, kind output.Kind) (dirInfo, error) {
	var info dirInfo
	err := wait.Do(ctx, func() (err error) {
		info, err = precheckDir(plan, dir, force, resume, shard, kind)
		return err
	})
	return info, err
}

// decideDir classifies dir and applies the directory rules to it, changing
// nothing: it is checked before the lock and again under it.
func decideDir(plan *Plan, dir string, force, resume bool, shard *output.Shard, kind output.Kind) (dirInfo, error) {
	info, err := inspectDir(dir)
	if err != nil {
		var nr *notResultsError
		if errors.As(err, &nr) && nr.damaged {
			// pactsim's own directory, damaged: not "pactsim did not
			// write it" (a hostile review: a damaged manifest was said
			// to be a stranger's by run without flags); --force keeps
			// refusing it.
			if force {
				return info, usagef("--force: %v; refusing to delete it even with --force", err)
			}
			return info, err
		}
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
	if info.handWritten && samePath(plan.File(), filepath.Join(dir, "config.yaml")) {
		// A run keeps its resolved config there: it would replace the
		// user's own file, comments and all (review, stop 28).
		return info, usagef("results directory %s holds the config being run, %s, as written by hand, and a run writes its resolved config.yaml there: choose another results directory (-o)", dir, plan.File())
	}
	if resume && shard != nil && info.kind == dirUnfinished && info.notShard == "" {
		// A --force cut short leaves a whole run's files with no task
		// record; the shard being resumed must not adopt them either.
		info.notShard = notShardFile(dir)
	}
	// A file of a name pactsim writes that the directory's own config
	// does not write (notPlanFile): asked only of what --resume continues.
	var stranger error
	if resume && !force && info.kind == dirUnfinished {
		if name, why := notPlanFile(dir, info.plan); name != "" {
			stranger = usagef("--resume: %s holds %s, which its config does not write (%s): move it out of the results directory and run again", dir, name, why)
		}
	}
	var damaged string
	if !resume && info.kind == dirUnfinished && info.handWritten {
		damaged = damagedConfig(dir, info, plan)
	}
	switch info.kind {
	case dirComplete, dirUnfinished:
		switch {
		case damaged != "":
			// pactsim's config.yaml, cut short or edited: not "pactsim did
			// not write it" (a hostile review); --force keeps
			// refusing it, as it refuses a config written by hand.
			return info, usagef("results directory %s: %s", dir, damaged)
		case force:
			if err := checkForce(dir, plan.File(), plan.rosterFile(), info); err != nil {
				return info, err
			}
		case !resume && info.handWritten:
			return info, usagef("results directory %s exists and is not empty, and pactsim did not write it (it has no manifest, and its config.yaml is not in the resolved form a run writes): choose another directory, or empty this one", dir)
		case !resume:
			return info, usagef("results directory %s exists and is not empty: use --resume to continue it or --force to replace it", dir)
		case info.notShard != "":
			return info, usagef("--resume: %s holds %s, which a shard does not write: move it out of the results directory and run again", dir, info.notShard)
		case info.notRun != "":
			return info, usagef("--resume: %s holds %s, which a run does not write (analyze or calibrate does, in a finished directory): move it out of the results directory and run again", dir, info.notRun)
		case info.listed != "" && info.kind == dirComplete:
			// A complete directory holding a file its manifest does
			// not list no longer verifies: a data failure (exit 1),
			// as verify reports it (README, "--resume trusts nothing
			// it has not checked").
			return info, &output.MismatchError{Msg: fmt.Sprintf("--resume: %s holds %s, which its manifest does not list%s: move it out of the results directory and run again", dir, info.listed, notWritten(info, info.listed, " and pactsim does not write"))}
		case info.listed != "":
			// The manifest lists every file it finds: a stranger
			// would be sealed into the results as if pactsim had
			// written it.
			return info, usagef("--resume: %s holds %s%s: move it out of the results directory and run again", dir, info.listed, notWritten(info, info.listed, ", which pactsim does not write"))
		case stranger != nil:
			return info, stranger
		case info.kind == dirComplete && info.manifest != nil:
			if err := checkKind(resumeCommand(kind), dir, info.manifest, resumable(kind)...); err != nil {
				if kind.HoldsRuns() && info.manifest.Kind.HoldsRuns() {
					return info, fmt.Errorf("%w: it is complete as %s; this run is %s: %s", err, shardName(info.manifest.Shard), shardName(shard), otherShardHint)
				}
				return info, err
			}
		case info.kind == dirUnfinished:
			if err := checkUnfinishedKind(dir, kind); err != nil {
				return info, err
			}
		}
	}
	// The refusals that need no more than the records are made here, so
	// that run makes them before its estimate; the checks that read every
	// file (checkComplete's verification) come under the lock.
	switch {
	case !resume || force:
	case info.kind == dirComplete:
		if err := checkCompleteRecords(plan, dir, info, shard); err != nil {
			return info, err
		}
	case info.kind == dirUnfinished:
		if h := info.plan.Hash(); h != plan.Hash() {
			if why := damagedConfig(dir, info, plan); why != "" {
				return info, usagef("--resume: %s", why)
			}
			return info, usagef("--resume: %s was started with another resolved config (sha256 %s, this one %s)%s", dir, output.ShortHash(h), output.ShortHash(plan.Hash()), resumeChanged(info.plan.Canonical(), plan.Canonical(), dir, false, info.plan.Config.Calibration == nil && shard == nil))
		}
		lo, hi := 0, plan.NumTasks()
		if shard != nil {
			lo, hi = shard.TaskLo, shard.TaskHi
		}
		if err := output.TasksDamaged(dir); err != nil { // not skipped as absent (a review, stop 50)
			return info, usagef("--resume: %v: it records the task range %s was begun with; if you know that was this run's, %s, remove it and run again, else start again with --force", err, dir, shardName(shard))
		}
		rec, ok := output.ReadTasks(dir)
		if ok && kind.HoldsRuns() && (rec.Lo != lo || rec.Hi != hi) {
			return info, usagef("--resume: %s was begun as %s (tasks [%d, %d)), and this run is %s (tasks [%d, %d)): %s, or start it again with --force",
				dir, rec.What, rec.Lo, rec.Hi, shardName(shard), lo, hi, beganAsTip(rec.What))
		}
		if other := output.OtherBuild(rec.Build); ok && rec.Build != "" && other != "" {
			// Another instruction set can give other last bits: the
			// directory would match no single run (docs/model.md sec. 22.1).
			return info, usagef("--resume: %s was begun by a runner %s: resume it with a runner built for that target, or start it again with --force", dir, other)
		}
		if other := output.OtherBinary(rec.GoVersion, rec.VCS); ok && other != "" {
			// Its parts would be finished under this binary's name in the
			// manifest, and merge refuses shards of two binaries: found
			// at the merge, after every shard ran (a hostile review of
			// scale-out: deploy/slurm/submit.sh rebuilds the runner when
			// run again, from a checkout that may have moved).
			return info, usagef("--resume: %s was begun by a runner %s: resume it with the runner that began it, or start it again with --force", dir, other)
		}
	}
	return info, nil
}

// checkCompleteRecords is what --resume of a complete directory checks
// from its records alone: no analyze or plot left half-done, a manifest
// this runner reads, the same config and engine, the same shard.
func checkCompleteRecords(plan *Plan, dir string, info dirInfo, shard *output.Shard) error {
	if err := pendingError(dir, info.manifest); err != nil {
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
			changed = resumeChanged(stored, plan.Canonical(), dir, true, m.Kind.HoldsRuns() && m.Shard == nil && m.EngineVersion == engine.Version)
		}
		return usagef("--resume: %s was written by config %s (engine %s); this is config %s (engine %s)%s",
			dir, output.ShortHash(m.ConfigSHA256), m.EngineVersion, output.ShortHash(plan.Hash()), engine.Version, changed)
	}
	if other := output.OtherBuild(m.Build); other != "" {
		// As unfinished: another target's runner cannot re-run its tasks
		// to the same bits (verify, analyze and merge refuse it too), and
		// checksums alone let an edited build field pass.
		return usagef("--resume: %s was computed by a runner %s: resume or verify it with a runner built for that target, or start it again with --force", dir, other)
	}
	if shardName(m.Shard) != shardName(shard) {
		return usagef("--resume: %s is complete as %s; this run is %s: %s", dir, shardName(m.Shard), shardName(shard), otherShardHint)
	}
	return nil
}

// keepConfig writes dir's config.yaml as plan's resolved form unless it
// already holds those bytes: at a --resume (a config copied in by hand),
// and before every manifest, which vouches that config.yaml reproduces
// the directory (a data-loss review, stop 37: a config.yaml removed while
// a run worked was left out of the manifest).
func keepConfig(dir string, plan *Plan) error {
	path := filepath.Join(dir, "config.yaml")
	if stored, err := output.ReadFileLimited(path, MaxConfigBytes); err == nil && bytes.Equal(stored, plan.Canonical()) {
		return nil
	}
	return output.WriteFileAtomic(path, plan.Canonical())
}

// otherShardHint is what to do when --resume meets a directory complete
// as another shard (a re-run with another shard count into the same
// results, a review at stop 39: it named no remedy).
const otherShardHint = "it is finished as it is (verify checks it); to run the plan in another number of shards, write them into fresh directories (deploy/slurm/submit.sh: another RESULTS)"
