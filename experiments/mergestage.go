package experiments

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"pactsim/output"
)

// A merge --force over an existing results directory writes the new merge
// into a hidden folder inside it (.merging-RANDOM) and replaces the old
// contents only once the new merge is complete, so that a merge stopped
// part-way (a signal, a full disk, a shard unreadable half-way) leaves the
// old merge as it was (review, stop 29: the directory was emptied first,
// and lost with the merge). The directory itself stays (its mode, owner,
// links to it and mounts of it), and every move is a rename within it.
// Both merges must fit on the disk meanwhile.

// mergeStage is a staged replacement of a results directory's contents.
type mergeStage struct {
	out  string       // the directory replaced
	dir  string       // out/.merging-RANDOM: the new merge
	old  string       // out/.replaced-RANDOM once the old contents are moved there
	lock *output.Lock // out's lock, held throughout
	// replaced says what out held (replacedWhat), for the merge to say
	// once it is replaced.
	replaced string
}

// stageInside checks out as openDir would for --force and, when it holds a
// results directory, takes its lock without clearing it, removes what a
// merge killed outright left there, and makes the folder the new merge is
// written into. It returns nil when out is missing or empty (the merge
// writes into it directly). wait, when not nil, waits for another holder
// of out's lock (output.LockWait).
func stageInside(ctx context.Context, plan *Plan, out string, wait *output.LockWait) (*mergeStage, error) {
	info, err := precheckWaiting(ctx, wait, plan, out, true, false, nil, output.KindMerge)
	if err != nil {
		return nil, err
	}
	if info.kind != dirComplete && info.kind != dirUnfinished {
		return nil, nil
	}
	lock, err := output.LockDirWait(ctx, out, wait)
	if err != nil {
		return nil, unwritable(out, err)
	}
	fail := func(err error) (*mergeStage, error) {
		lock.Undo() // a refusal leaves out as it found it
		lock.Unlock()
		return nil, err
	}
	// Checked again under the lock: another writer may have changed it.
	info, err = decideDir(plan, out, true, false, nil, output.KindMerge)
	if err != nil {
		return fail(err)
	}
	if err := removeStages(out); err != nil {
		return fail(fmt.Errorf("merge --force: %w", err))
	}
	if err := checkMovable(out); err != nil {
		return fail(err)
	}
	dir := filepath.Join(out, output.StageName(output.StagePrefix))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return fail(fmt.Errorf("merge --force: %w", err))
	}
	st := &mergeStage{out: out, dir: dir, lock: lock, replaced: replacedWhat(out, info)}
	if err := output.WriteFileAtomic(filepath.Join(dir, "config.yaml"), plan.Canonical()); err != nil {
		st.close(true)
		return nil, fmt.Errorf("merge --force: %w", err)
	}
	return st, nil
}

// removeStages removes the folders of merges killed outright in dir.
func removeStages(dir string) error {
	es, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range es {
		if e.IsDir() && output.IsOwnStage(e.Name()) {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// StageUse is what the folders of merges killed outright take in a
// results directory: their names and their files' bytes.
type StageUse struct {
	Names []string
	Bytes int64
}

// stageUse measures the folders of merges killed outright in dir, which
// verify does not check and which can hold a whole merge: verify said
// nothing of them (a review, stop 52).
func stageUse(dir string) (StageUse, error) {
	var u StageUse
	es, err := os.ReadDir(dir)
	if err != nil {
		return u, err
	}
	for _, e := range es {
		if !e.IsDir() || !output.IsOwnStage(e.Name()) {
			continue
		}
		u.Names = append(u.Names, e.Name())
		err := filepath.WalkDir(filepath.Join(dir, e.Name()), func(_ string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			fi, err := d.Info()
			if err == nil {
				u.Bytes += fi.Size()
			}
			return err
		})
		if err != nil {
			return u, err
		}
	}
	return u, nil
}

// swap replaces out's contents (all but its lock) by the complete new
// merge. The old manifest moves out first and the new one in last, so
// that at no moment does out hold a manifest over a mixture; and out holds
// a config.yaml throughout (the old one until the new one replaces it by
// a rename over it), so that a merge killed outright part-way leaves an
// unfinished pactsim directory, which the next merge --force replaces
// (review, stop 30: with neither file, every command refused it). The old
// contents go to .replaced-RANDOM (its config.yaml as a copy). A rename
// that fails puts back what moved, the old manifest last.
func (st *mergeStage) swap() error {
	st.old = filepath.Join(st.out, output.StageName(output.ReplacedPrefix))
	if err := os.Mkdir(st.old, 0o700); err != nil {
		return fmt.Errorf("merge --force: %w (%s is as it was)", err, st.out)
	}
	keep := func(name string) bool {
		return name == output.LockName || name == "config.yaml" || name == filepath.Base(st.dir) || name == filepath.Base(st.old)
	}
	olds, err := manifestFirst(st.out, keep)
	if err != nil {
		return fmt.Errorf("merge --force: %w (%s is as it was)", err, st.out)
	}
	news, err := manifestFirst(st.dir, func(name string) bool { return name == "config.yaml" })
	if err != nil {
		return fmt.Errorf("merge --force: %w (%s is as it was)", err, st.out)
	}
	slices.Reverse(news) // the manifest last
	config := filepath.Join(st.out, "config.yaml")
	oldConfig, err := output.ReadFileLimited(config, MaxConfigBytes)
	if err == nil {
		err = output.WriteFileAtomic(filepath.Join(st.old, "config.yaml"), oldConfig)
	}
	if err != nil {
		return fmt.Errorf("merge --force: %w (%s is as it was)", err, st.out)
	}
	// putBack moves the first n old entries back, the manifest last.
	putBack := func(n int) error {
		back := slices.Clone(olds[:n])
		slices.Reverse(back)
		_, err := moveAll(st.old, st.out, back)
		return err
	}
	if n, err := moveAll(st.out, st.old, olds); err != nil {
		return fmt.Errorf("merge --force: %w (%s)", err, st.where(putBack(n) == nil))
	}
	// The new entries but the manifest, then the config over the old
	// one, then the manifest.
	in := func(names []string) (int, error) { return moveAll(st.dir, st.out, names) }
	undo := func(n int, config bool) error {
		if config {
			if err := output.WriteFileAtomic(filepath.Join(st.out, "config.yaml"), oldConfig); err != nil {
				return err
			}
		}
		if _, err := moveAll(st.out, st.dir, news[:n]); err != nil {
			return err
		}
		return putBack(len(olds))
	}
	last := len(news) - 1 // the manifest
	if n, err := in(news[:last]); err != nil {
		return fmt.Errorf("merge --force: %w (%s)", err, st.where(undo(n, false) == nil))
	}
	if err := rename(filepath.Join(st.dir, "config.yaml"), config); err != nil {
		return fmt.Errorf("merge --force: %w (%s)", err, st.where(undo(last, false) == nil))
	}
	if _, err := in(news[last:]); err != nil {
		return fmt.Errorf("merge --force: %w (%s)", err, st.where(undo(last, true) == nil))
	}
	_ = output.SyncDir(st.out) // best effort: the moves are made
	return nil
}

// where says where the old merge is after a swap that failed: in place
// again, or still in the folder it was moved to.
func (st *mergeStage) where(back bool) string {
	if back {
		return st.out + " is as it was"
	}
	old := st.old
	st.old = "" // kept for the user: close must not remove it
	return "the old merge could not be put back: it is in " + old + "; move its contents back into " + st.out
}

// checkMovable refuses, before any work, a directory whose entries the
// swap could not move: a folder moved to another parent must itself be
// writable (its ".." changes), and a mount point cannot move (review, stop
// 30: the whole merge ran, then the first such rename failed). Access also
// answers for a read-only file system.
func checkMovable(out string) error {
	es, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("merge --force: %w", err)
	}
	if err := syscall.Access(out, 2 /* W_OK */); err != nil {
		return usagef("merge --force: cannot write %s (%v), whose contents it replaces", out, err)
	}
	mounts := mountPoints()
	for _, e := range es {
		p := filepath.Join(out, e.Name())
		if !e.IsDir() || e.Name() == output.LockName || output.IsOwnStage(e.Name()) {
			continue
		}
		mount, err := folderBlock(out, p, mounts)
		if mount {
			return usagef("merge --force: %s is a mount point, which replacing the merge in %s would have to move: unmount it, or merge elsewhere", p, out)
		}
		if err != nil {
			return usagef("merge --force: cannot move %s (%v), which replacing the merge in %s needs (a folder moved must itself be writable): make it writable, or merge elsewhere", p, err, out)
		}
		if err := removable(out, p, mounts); err != nil {
			return err
		}
	}
	return nil
}

// removable refuses, before any work, a folder in the tree of top, a
// folder of out, that the removal of out's old contents could not empty
// once the new merge is in place: one it may not read, search (x) or
// write, or a mount point. The removal's error is not reported (the new
// merge is in place): merge --force over a run whose runs folder had mode
// 0600 said it replaced it, exit 0, and left the old parts in
// .replaced-RANDOM, which verify then called the staging folder of a merge
// killed outright (a review, stop 54).
func removable(out, top string, mounts map[string]bool) error {
	return filepath.WalkDir(top, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return usagef("merge --force: cannot read %s (%v), which replacing the merge in %s would delete once the new merge is in place: give it access, or merge elsewhere", p, err, out)
		}
		if !e.IsDir() {
			return nil
		}
		mount := false
		if p != top {
			mount, err = folderBlock(out, p, mounts)
		}
		if mount {
			return usagef("merge --force: %s is a mount point, which replacing the merge in %s would have to delete: unmount it, or merge elsewhere", p, out)
		}
		if err == nil {
			err = syscall.Access(p, 3 /* W_OK|X_OK */)
		}
		if err != nil {
			return usagef("merge --force: cannot delete the contents of %s (%v), which replacing the merge in %s needs once the new merge is in place: make it writable and searchable (chmod u+wx), or merge elsewhere", p, err, out)
		}
		return nil
	})
}

// folderBlock says what stops folder p under root from being moved or
// emptied: it is a mount point (another file system, or in the mount
// table mounts), or it is not writable (Access's error, which also
// answers for a read-only file system).
func folderBlock(root, p string, mounts map[string]bool) (mount bool, err error) {
	if err := sameDevice(root, p); err != nil || mounts[systemPath(p)] {
		return true, nil
	}
	return false, syscall.Access(p, 2 /* W_OK */)
}

// mountPoints is the set of folders where something is mounted, by the
// mount table of Linux's /proc/self/mountinfo (a bind mount on the same
// file system has the same device number). Where there is no such table it
// is empty, and the swap's rename finds a mount point, putting back what
// moved.
func mountPoints() map[string]bool {
	set := map[string]bool{}
	table, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return set
	}
	for _, line := range strings.Split(string(table), "\n") {
		// The fifth field is the mount point, with space, tab, newline
		// and backslash written in octal (proc(5)).
		if f := strings.Fields(line); len(f) > 4 {
			set[unescapeMount(f[4])] = true
		}
	}
	return set
}

// systemPath is p as the system resolves it (rawAbs, physicalPath), as
// the mount table names folders.
func systemPath(p string) string {
	abs, err := rawAbs(p)
	if err != nil {
		return ""
	}
	return physicalPath(abs)
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// sameDevice is nil when a and b are on one file system.
func sameDevice(a, b string) error {
	var sa, sb syscall.Stat_t
	if err := syscall.Stat(a, &sa); err != nil {
		return err
	}
	if err := syscall.Stat(b, &sb); err != nil {
		return err
	}
	if sa.Dev != sb.Dev {
		return errors.New("another file system")
	}
	return nil
}

// manifestFirst lists dir's entries but those skip names, the manifest
// first.
func manifestFirst(dir string, skip func(string) bool) ([]string, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	names := []string{}
	for _, e := range es {
		if !skip(e.Name()) {
			names = append(names, e.Name())
		}
	}
	slices.SortStableFunc(names, func(a, b string) int {
		return boolRank(a == output.ManifestName) - boolRank(b == output.ManifestName)
	})
	return names, nil
}

func boolRank(first bool) int {
	if first {
		return 0
	}
	return 1
}

// moveAll renames each of names from one folder to another, in order, and
// returns how many moved.
func moveAll(from, to string, names []string) (int, error) {
	for i, name := range names {
		if err := rename(filepath.Join(from, name), filepath.Join(to, name)); err != nil {
			return i, err
		}
	}
	return len(names), nil
}

// rename is os.Rename; a test replaces it to fail a swap part-way.
var rename = os.Rename

// close removes the staging folders (the unfinished new merge, or the old
// contents after a swap) and unlocks the directory; undo, for a merge
// refused before it began, removes the lock file too where the merge
// made it, leaving the directory as it found it.
func (st *mergeStage) close(undo bool) {
	if st.old != "" {
		os.RemoveAll(st.old)
	}
	os.RemoveAll(st.dir)
	if undo {
		st.lock.Undo()
	}
	st.lock.Unlock()
}
