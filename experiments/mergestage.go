package experiments

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

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
	out   string       // the directory replaced
	dir   string       // out/.merging-RANDOM: the new merge
	old   string       // out/.replaced-RANDOM once the old contents are moved there
	lock  *output.Lock // out's lock, held throughout
	moved bool         // the new contents are in out
}

// stageInside checks out as openDir would for --force and, when it holds a
// results directory, takes its lock without clearing it, removes what a
// merge killed outright left there, and makes the folder the new merge is
// written into. It returns nil when out is missing or empty (the merge
// writes into it directly).
func stageInside(plan *Plan, out string) (*mergeStage, error) {
	info, err := precheckDir(plan, out, true, false, nil, output.KindMerge)
	if err != nil {
		return nil, err
	}
	if info.kind != dirComplete && info.kind != dirUnfinished {
		return nil, nil
	}
	lock, err := output.LockDir(out)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*mergeStage, error) {
		lock.Unlock()
		return nil, err
	}
	// Checked again under the lock: another writer may have changed it.
	if _, err := decideDir(plan, out, true, false, nil, output.KindMerge); err != nil {
		return fail(err)
	}
	if err := removeStages(out); err != nil {
		return fail(fmt.Errorf("merge --force: %w", err))
	}
	dir := filepath.Join(out, output.StageName(output.StagePrefix))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return fail(fmt.Errorf("merge --force: %w", err))
	}
	st := &mergeStage{out: out, dir: dir, lock: lock}
	if err := output.WriteFileAtomic(filepath.Join(dir, "config.yaml"), plan.Canonical()); err != nil {
		st.close()
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

// swap replaces out's contents (all but its lock) by the complete new
// merge: the old ones move into .replaced-RANDOM, manifest first, and the
// new ones into out, manifest last, so that at no moment does out hold a
// manifest over a mixture (a merge killed outright between the two is an
// unfinished directory, its old merge in .replaced-RANDOM). A rename that
// fails puts back what moved.
func (st *mergeStage) swap() error {
	st.old = filepath.Join(st.out, output.StageName(output.ReplacedPrefix))
	if err := os.Mkdir(st.old, 0o700); err != nil {
		return fmt.Errorf("merge --force: %w (%s is as it was)", err, st.out)
	}
	keep := func(name string) bool {
		return name == output.LockName || name == filepath.Base(st.dir) || name == filepath.Base(st.old)
	}
	olds, err := manifestFirst(st.out, keep)
	if err != nil {
		return fmt.Errorf("merge --force: %w (%s is as it was)", err, st.out)
	}
	news, err := manifestFirst(st.dir, func(string) bool { return false })
	if err != nil {
		return fmt.Errorf("merge --force: %w (%s is as it was)", err, st.out)
	}
	slices.Reverse(news)
	if n, err := moveAll(st.out, st.old, olds); err != nil {
		_, back := moveAll(st.old, st.out, olds[:n])
		return fmt.Errorf("merge --force: %w (%s)", err, st.where(back == nil))
	}
	if n, err := moveAll(st.dir, st.out, news); err != nil {
		_, back := moveAll(st.out, st.dir, news[:n])
		if back == nil {
			_, back = moveAll(st.old, st.out, olds)
		}
		return fmt.Errorf("merge --force: %w (%s)", err, st.where(back == nil))
	}
	st.moved = true
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
// contents after a swap) and unlocks the directory.
func (st *mergeStage) close() {
	if st.old != "" {
		os.RemoveAll(st.old)
	}
	os.RemoveAll(st.dir)
	st.lock.Unlock()
}
