package experiments

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"pactsim/output"
)

// dirKind is what a results directory is, found without changing it.
type dirKind int

const (
	dirMissing    dirKind = iota // nothing there: a run creates it
	dirEmpty                     // an empty folder (or one holding only the lock)
	dirComplete                  // a pactsim manifest: a finished run, shard or merge
	dirUnfinished                // a pactsim config.yaml and only pactsim files
)

// dirInfo is what inspectDir found.
type dirInfo struct {
	kind     dirKind
	manifest *output.Manifest // dirComplete, when the manifest is of this format
	plan     *Plan            // dirUnfinished: its config.yaml
	// foreign is the first entry pactsim does not write, or "" (complete
	// and unfinished directories). --force refuses such a directory: it
	// deletes only what pactsim wrote.
	foreign string
	// listed is the first such entry that a manifest would list (one that
	// is not hidden), or "". --resume refuses such a directory rather than
	// record a file it did not write as part of the results; a hidden
	// stranger is left alone.
	listed string
	// misfit is foreign when that is an entry of a name pactsim writes,
	// of another kind (misfit: a directory where pactsim expects a
	// regular file), or "".
	misfit string
	// handWritten: an unfinished directory whose config.yaml is not in
	// the resolved form a run writes there (a config written by hand, or
	// by another version of pactsim).
	handWritten bool
	// notRun is the first entry of an unfinished run's directory that no
	// run writes (an analysis file, a calibration's), or "": --resume
	// would record it in the manifest as the run's (review, stop 28).
	notRun string
	// notShard is the first entry of an unfinished shard's directory (its
	// task record says shard) that a shard does not write: figures, a
	// report, whole or analysis tables (review, stop 29). --force would
	// delete it and --resume list it in the manifest as the shard's.
	notShard string
}

// linkTarget is where the symbolic link p points, as a path from here: a
// relative target is relative to the link's folder, and "create it"
// advice must name the path that works.
func linkTarget(p string) string {
	t, err := os.Readlink(p)
	if err != nil || filepath.IsAbs(t) {
		return t
	}
	return filepath.Join(filepath.Dir(p), t)
}

// inspectDir classifies dir without changing anything (README, "What a results directory holds"): missing, empty, complete (its manifest.json is a pactsim
// manifest) or unfinished (its config.yaml decodes as a pactsim config and
// every other entry is a file pactsim writes). Anything else is a usage
// error saying why dir is not a results directory. A symbolic link is
// followed; a dangling one is an error naming its target.
func inspectDir(dir string) (dirInfo, error) {
	li, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		// A folder on the way may be a dangling symbolic link, which
		// creating the directory would trip over ("file exists"): name it.
		for p := filepath.Dir(dir); filepath.Dir(p) != p; p = filepath.Dir(p) {
			pi, err := os.Lstat(p)
			if err != nil || pi.Mode()&fs.ModeSymlink == 0 {
				continue
			}
			if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
				target := linkTarget(p)
				return dirInfo{}, usagef("results directory %s: %s is a symbolic link to %s, which does not exist: create %s or remove the link", dir, p, target, target)
			}
		}
		return dirInfo{kind: dirMissing}, nil
	}
	if errors.Is(err, syscall.ENOTDIR) {
		// A folder on the way is a file: a usage error naming it, not
		// an lstat error (exit 1).
		for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
				return dirInfo{}, usagef("results directory %s: %s is a file, not a directory", dir, p)
			}
			if filepath.Dir(p) == p {
				break
			}
		}
	}
	if errors.Is(err, syscall.ELOOP) {
		return dirInfo{}, usagef("results directory %s: a symbolic link on the way to it loops (%v): fix or remove the link", dir, err)
	}
	if errors.Is(err, syscall.ENAMETOOLONG) {
		return dirInfo{}, usagef("results directory %s: the path or one of its names is too long for the file system (%v)", dir, syscall.ENAMETOOLONG)
	}
	if err != nil {
		return dirInfo{}, fmt.Errorf("results directory %s: %w", dir, err)
	}
	fi := li
	if li.Mode()&fs.ModeSymlink != 0 {
		target := linkTarget(dir)
		if fi, err = os.Stat(dir); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return dirInfo{}, usagef("results directory %s is a symbolic link to %s, which does not exist: create %s or remove the link", dir, target, target)
			}
			if errors.Is(err, syscall.ELOOP) {
				return dirInfo{}, usagef("results directory %s is a symbolic link to %s, which loops back through symbolic links: fix or remove the link", dir, target)
			}
			return dirInfo{}, fmt.Errorf("results directory %s: %w", dir, err)
		}
	}
	if !fi.IsDir() {
		return dirInfo{}, usagef("results directory %s exists and is not a directory", dir)
	}
	es, err := os.ReadDir(dir)
	if err != nil {
		return dirInfo{}, fmt.Errorf("results directory %s: %w", dir, err)
	}
	var names []string
	for _, e := range es {
		// The lock, and a writer's temporary file (a run killed while it
		// wrote config.yaml leaves only .config.yaml.RANDOM.tmp), are not
		// contents: such a folder is empty, and a fresh start removes them.
		if e.Name() != output.LockName && !(e.Type().IsRegular() && output.IsOwnTemp(e.Name())) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return dirInfo{kind: dirEmpty}, nil
	}
	notResults := func(why string, a ...any) error {
		return &notResultsError{dir: dir, why: fmt.Sprintf(why, a...)}
	}
	mpath := filepath.Join(dir, output.ManifestName)
	_, merr := os.Lstat(mpath)
	if err := unsearchable(dir, merr); err != nil {
		return dirInfo{}, err
	}
	if merr == nil {
		if why, damaged, ok := manifestNotFile(dir, damagedKind(dir, nil)); ok {
			return dirInfo{}, &notResultsError{dir: dir, damaged: damaged, why: why}
		}
		data, err := output.ReadFileLimited(mpath, output.MaxManifestBytes)
		if err != nil && cannotRead(err) {
			// A manifest this user may not read may be intact: not
			// "damaged: remove manifest.json", which would lose it, but
			// the system's error, which the command line gives with the
			// advice on access (a hostile review, stop 55).
			return dirInfo{}, fmt.Errorf("results directory %s: %w", dir, err)
		}
		if err != nil {
			if resolvedConfigIn(dir) {
				// A pactsim directory whose manifest.json is a folder, a
				// link or too large: the error's own advice, "give the
				// path of a file", was no way out (a review, stop 50).
				return dirInfo{}, &notResultsError{dir: dir, damaged: true, why: fmt.Sprintf("its %s cannot be read (%v): if the rest of the directory is intact, %s", output.ManifestName, err, damagedRepair(dir, damagedKind(dir, nil)))}
			}
			return dirInfo{}, notResults("its %s cannot be read: %v", output.ManifestName, err)
		}
		format, err := manifestFormat(data)
		if err != nil {
			if strings.Contains(string(data), `"`+formatPrefix) || resolvedConfigIn(dir) {
				// A pactsim manifest, cut short or damaged: say so, and
				// how to recover, rather than call it a stranger's.
				return dirInfo{}, &notResultsError{dir: dir, damaged: true, why: fmt.Sprintf("its %s is a damaged pactsim manifest (%v): if the rest of the directory is intact, %s", output.ManifestName, err, damagedRepair(dir, damagedKind(dir, data)))}
			}
			return dirInfo{}, notResults("its %s is not a pactsim manifest (not JSON: %v)", output.ManifestName, err)
		}
		if !strings.HasPrefix(format, formatPrefix) {
			return dirInfo{}, notResults("its %s is not a pactsim manifest (no \"format\": \"%s...\")", output.ManifestName, formatPrefix)
		}
		info := dirInfo{kind: dirComplete}
		if m, err := output.ReadManifest(dir); err == nil {
			info.manifest = m
		}
		if info.foreign, info.listed, info.misfit, err = foreignEntry(dir); err != nil {
			return dirInfo{}, fmt.Errorf("results directory %s: %w", dir, err)
		}
		return info, nil
	}
	cpath := filepath.Join(dir, "config.yaml")
	// A run's records beside an unreadable config.yaml: a run's
	// directory whose config.yaml was damaged. The config it was begun
	// with, copied in, lets --resume go on (its resolved form has the
	// parts' hash), so say so rather than leave only --force (a
	// data-loss review, stop 37).
	// Read only on the way to a refusal: a readable config.yaml needs none.
	hint := func() string {
		if _, ok := output.ReadTasks(dir); ok {
			return fmt.Sprintf("; it holds a run's records (%s), so if its config.yaml was damaged or removed, copy the config the run was begun with to %s and run again with --resume", output.TasksName, cpath)
		}
		return ""
	}
	// Beside a run's records, the directory is pactsim's, damaged.
	recordsOr := func(why string, a ...any) *notResultsError {
		h := hint()
		return &notResultsError{dir: dir, damaged: h != "", why: fmt.Sprintf(why, a...) + h}
	}
	if _, err := os.Lstat(cpath); err != nil {
		return dirInfo{}, recordsOr("it holds neither a pactsim manifest.json nor a config.yaml")
	}
	data, err := output.ReadFileLimited(cpath, MaxConfigBytes)
	if err != nil {
		return dirInfo{}, recordsOr("its config.yaml cannot be read: %v", err)
	}
	plan, err := parse(&decoder{file: cpath, stored: true}, data)
	if err != nil {
		e := recordsOr("its config.yaml is not a pactsim config: %v", err)
		if !e.damaged && bytes.HasPrefix(data, []byte(resolvedHead)) {
			// pactsim's resolved config, cut short or damaged.
			e.damaged, e.why = true, fmt.Sprintf("its config.yaml begins as pactsim's resolved config but does not read as one (%v): if it was cut short or damaged, copy the config the run was begun with to %s and run again with --resume", err, cpath)
		}
		return dirInfo{}, e
	}
	foreign, listed, misfit, err := foreignEntry(dir)
	if err != nil {
		return dirInfo{}, fmt.Errorf("results directory %s: %w", dir, err)
	}
	info := dirInfo{kind: dirUnfinished, plan: plan, foreign: foreign, listed: listed, misfit: misfit, handWritten: !bytes.Equal(data, plan.Canonical())}
	if plan.Config.Calibration == nil {
		info.notRun = notRunFile(dir)
		if t, ok := output.ReadTasks(dir); ok && strings.HasPrefix(t.What, "shard ") {
			info.notShard = notShardFile(dir)
		}
	}
	return info, nil
}

// resolvedConfigIn reports whether dir's config.yaml begins as the
// resolved config pactsim writes: beside it, a manifest.json cut short
// before its format (empty, after a crash) is a damaged pactsim manifest,
// not a stranger's (a hostile review).
func resolvedConfigIn(dir string) bool {
	f, err := output.OpenRegular(filepath.Join(dir, "config.yaml"))
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, len(resolvedHead))
	_, err = io.ReadFull(f, buf)
	return err == nil && string(buf) == resolvedHead
}

// resolvedHead is the first line of the resolved config a run writes.
var resolvedHead = "# " + canonicalComment[:strings.IndexByte(canonicalComment, '\n')]

// notResultsError says why a directory is not a results directory, or
// (damaged) why pactsim's cannot be used as it is.
type notResultsError struct {
	dir, why string
	damaged  bool
}

func (e *notResultsError) Error() string {
	if e.damaged {
		return fmt.Sprintf("%s is a damaged pactsim results directory: %s", e.dir, e.why)
	}
	return fmt.Sprintf("%s is not a pactsim results directory: %s", e.dir, e.why)
}
func (e *notResultsError) Is(target error) bool { return target == ErrUsage }

// foreignEntry returns the first entry under dir (slash-separated,
// relative) that pactsim does not write, and the first such entry that is
// not hidden (a manifest would list it), each "" when there is none.
func foreignEntry(dir string) (foreign, listed, misfits string, err error) {
	err = filepath.WalkDir(output.WalkRoot(dir), func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return output.UnsearchableParent(output.WalkRoot(dir), path, err)
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if e.IsDir() && rel == e.Name() && output.IsOwnStage(rel) {
			return filepath.SkipDir // a merge --force killed outright left it
		}
		ok := false
		switch {
		case e.IsDir():
			ok = output.IsResultsFolder(rel)
		case e.Type().IsRegular():
			ok = output.IsResultsFile(rel)
		}
		if ok {
			return nil
		}
		name := rel
		if m := misfit(rel, e.Type()); m != "" {
			name = m
			if foreign == "" {
				misfits = m
			}
		} else if e.IsDir() && rel == output.LockName {
			// pactsim writes a lock of that name, as a file (a hostile
			// review, stop 31: "holds .lock, which pactsim does not
			// write" read as wrong).
			name += " (a folder; pactsim's lock is a regular file)"
		} else if !e.IsDir() && !e.Type().IsRegular() {
			// A link under a part's name is no part: say what it is.
			kind := "not a regular file"
			if e.Type()&fs.ModeSymlink != 0 {
				kind = "a symbolic link"
			}
			name += " (" + kind + "; pactsim writes only regular files)"
		}
		if foreign == "" {
			foreign = name
		}
		if !output.HiddenRel(rel, e.IsDir()) {
			listed = name
			return filepath.SkipAll
		}
		if e.IsDir() && output.SkipHiddenDir(rel) {
			return filepath.SkipDir
		}
		return nil // a hidden folder below the top may hold data (HiddenRel)
	})
	return foreign, listed, misfits, err
}

// checkForce refuses --force on a directory that must never be cleared,
// whatever it holds: /, the home directory, the working directory or one
// of its parents, a directory holding .git, or the one holding the config
// being run or the roster file it reads; and a results directory, complete or unfinished, holding a
// file pactsim does not write (a manifest is no licence to delete a
// user's notes beside it). In a complete directory a file of a name
// pactsim writes is the user's too unless the manifest lists it or an
// interrupted analyze or plot left it (its .pending mark); an unfinished
// directory is pactsim's only if its config.yaml is in the resolved form
// a run writes, not a config written by hand (review, stop 28: --force
// deleted a user's plots/my-annotated.png, and emptied a study folder
// holding its hand-written config.yaml).
func checkForce(dir, configFile, rosterFile string, info dirInfo) error {
	foreign := func(what string) error {
		return &notResultsError{dir: dir, why: what + "; refusing to delete it even with --force: move it elsewhere first"}
	}
	if info.foreign != "" {
		what := "it has no manifest and holds "
		if info.kind == dirComplete {
			what = "it holds "
		}
		return foreign(what + info.foreign + notWritten(info, info.foreign, ", which pactsim does not write"))
	}
	if info.kind == dirComplete && info.manifest != nil {
		extra, err := output.UnlistedFiles(dir, info.manifest)
		if err != nil {
			return err
		}
		left := output.PendingLeft(dir)
		for _, rel := range extra {
			if !left(rel) {
				return foreign("it holds " + rel + ", which its manifest does not list: pactsim did not write it")
			}
		}
	}
	if info.notShard != "" {
		return foreign("it is an unfinished shard and holds " + info.notShard + ", which a shard does not write")
	}
	if info.handWritten {
		return &notResultsError{dir: dir, why: "it has no manifest, and its config.yaml is not in the resolved form a run writes (a config written by hand, or by another version of pactsim); refusing to delete it even with --force: empty the directory yourself, or choose another"}
	}
	d := realPath(dir)
	refuse := func(why string) error {
		return usagef("--force: refusing to clear %s: %s", dir, why)
	}
	if d == string(filepath.Separator) {
		return refuse("it is the root directory")
	}
	if home, err := os.UserHomeDir(); err == nil && d == realPath(home) {
		return refuse("it is your home directory")
	}
	if wd, err := os.Getwd(); err == nil {
		if realPath(wd) == d || holds(d, wd) {
			return refuse("it is the working directory or holds it")
		}
	}
	if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
		return refuse("it holds .git (a repository)")
	}
	if configFile != "" {
		if holds(d, configFile) {
			return refuse("it holds the config being run, " + configFile)
		}
	}
	// A roster saved under a name pactsim writes (codebook.csv) in a
	// results directory was deleted with it (a hostile review, h1).
	if rosterFile != "" && holds(d, rosterFile) {
		return refuse("it holds the roster file the config reads, " + rosterFile)
	}
	return nil
}

// notRunFile returns the first of the entries of dir that no run writes
// (an analysis file, a calibration's), or "" (dirInfo.notRun).
func notRunFile(dir string) string {
	for _, name := range []string{output.AnalysisName, "calibrated.yaml", "calibration"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return name
		}
	}
	return ""
}

// notShardFile returns the first entry of dir, an unfinished directory,
// that a shard does not write, or "" (dirInfo.notShard). A shard writes
// its config, its task record and parts journal, and its parts: a figure
// or a summary there is not a leftover of it. A hidden entry (a desktop's
// .DS_Store, NFS's .nfs files on a cluster) passes: no manifest lists it.
// inspectDir asks it of a directory whose task record says shard; a
// --resume with --shard asks it whatever the record, since a --force cut
// short leaves a whole run's files with no record (clearDir removes the
// record before the config, and a run writes its record after the clear).
func notShardFile(dir string) string {
	ok := func(folder, name string, isDir bool) bool {
		switch {
		case output.Hidden(name, isDir):
			return true
		case isDir:
			return output.IsResultsFolder(path.Join(folder, name)) && name != "plots" && name != "calibration"
		}
		return folder == "" && (name == "config.yaml" || name == output.TasksName || name == output.JournalName || name == output.LockName)
	}
	for _, folder := range []string{"", "arrow"} {
		es, err := os.ReadDir(filepath.Join(dir, folder))
		if err != nil {
			continue
		}
		for _, e := range es {
			if !ok(folder, e.Name(), e.IsDir()) {
				return path.Join(folder, e.Name())
			}
		}
	}
	return ""
}

// clearDir removes every entry of dir but its lock (held by this process):
// the directory itself stays, so a symbolic link to it stays a link to the
// same, now empty, directory. The manifest goes first, then what only a
// complete directory holds (notRunFile), and config.yaml last, so that a
// clear cut short (SIGKILL, OOM, a lost node) never leaves a directory
// that claims to be complete with files missing (--resume then
// refused it as complete but not verifying), nor one that --force no longer
// recognises as pactsim's: it is an unfinished run that --resume continues.
func clearDir(dir string) error {
	es, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("--force: %w", err)
	}
	rank := func(name string) int {
		switch name {
		case output.ManifestName:
			return 0
		case output.AnalysisName, "calibrated.yaml", "calibration":
			return 1 // what an unfinished run may not hold (notRunFile)
		case "config.yaml":
			return 3
		}
		return 2
	}
	slices.SortStableFunc(es, func(a, b fs.DirEntry) int { return rank(a.Name()) - rank(b.Name()) })
	for _, e := range es {
		if e.Name() == output.LockName {
			continue
		}
		if err := removeAll(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("--force: %w", err)
		}
	}
	return nil
}

// removeAll is os.RemoveAll; a test replaces it to cut a clear short.
var removeAll = os.RemoveAll

// removeTempFiles removes the temporary files (.NAME.RANDOM.tmp) an
// interrupted run left anywhere under dir: they are never final, and with
// the lock held, the process that wrote them is gone.
func removeTempFiles(dir string) error {
	return walkTempFiles(dir, func(path string) error {
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("remove a temporary file: %w", err)
		}
		return nil
	})
}

// countTempFiles counts the temporary files (.NAME.RANDOM.tmp) under dir.
func countTempFiles(dir string) (int, error) {
	n := 0
	err := walkTempFiles(dir, func(string) error { n++; return nil })
	return n, err
}

// walkTempFiles calls fn with the path of every temporary file under dir.
func walkTempFiles(dir string, fn func(path string) error) error {
	return filepath.WalkDir(output.WalkRoot(dir), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return output.UnsearchableParent(output.WalkRoot(dir), path, err)
		}
		if !d.Type().IsRegular() || !output.IsTempName(d.Name()) {
			return nil
		}
		// Only pactsim's own: a user's .notes.tmp is not a temporary file
		// to remove (it makes the directory not pactsim's alone).
		if rel, err := filepath.Rel(dir, path); err == nil && output.IsOwnTemp(filepath.ToSlash(rel)) {
			return fn(path)
		}
		return nil
	})
}

// IsResultsDir reports whether dir is a pactsim results directory, complete
// or unfinished; the error (a usage error) says why not.
func IsResultsDir(dir string) error {
	info, err := inspectDir(dir)
	if err != nil {
		return err
	}
	switch info.kind {
	case dirMissing:
		return usagef("%s does not exist", dir)
	case dirEmpty:
		return &notResultsError{dir: dir, why: "it is empty"}
	}
	return nil
}

// formatPrefix starts the format field of every pactsim manifest
// (output.ManifestFormat without its version).
const formatPrefix = "pactsim-results/"

// manifestFormat returns the format field of a manifest's bytes, or the
// JSON error when they do not parse.
func manifestFormat(data []byte) (string, error) {
	var head struct {
		Format string `json:"format"`
	}
	err := json.Unmarshal(data, &head)
	return head.Format, err
}

// isResultsManifest reports whether data is a pactsim manifest.
func isResultsManifest(data []byte) bool {
	f, err := manifestFormat(data)
	return err == nil && strings.HasPrefix(f, formatPrefix)
}

// realPath is p made absolute with its symbolic links resolved, as far as
// it exists (p itself when it cannot be made absolute).
func realPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if r, err := filepath.EvalSymlinks(a); err == nil {
		return r
	}
	return a
}

// holds reports whether inner lies strictly inside outer, symbolic links
// resolved: a directory that holds the working directory may not be
// cleared, and a merge may not write into a directory that holds its
// shards (it could only replace them or mix the merged results with them).
func holds(outer, inner string) bool {
	rel, err := filepath.Rel(realPath(outer), realPath(inner))
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// notWritten is clause, saying that entry (info's foreign or listed) is
// not one pactsim writes, or "" when entry is info's misfit: a name
// pactsim writes, of another kind, which its description already says.
func notWritten(info dirInfo, entry, clause string) string {
	if info.misfit != "" && info.misfit == entry {
		return ""
	}
	return clause
}
