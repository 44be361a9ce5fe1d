package experiments

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"pactsim/output"
)

// A merge --force over an existing results directory writes the new merge
// into a folder beside it and swaps the two only once the new one is
// complete, so that a merge stopped part-way (a signal, a full disk, a
// shard unreadable half-way) leaves the directory it was to replace as it
// was (review, stop 29: it was emptied first, and lost with the merge).
// Both must fit on the disk meanwhile; a merge that cannot stage beside
// the directory (its parent not writable, or the directory a mount point,
// where a rename cannot reach it) is refused rather than clearing first.

// mergeStage is a staged replacement of a results directory.
type mergeStage struct {
	out  string       // the directory as given
	real string       // out with its links resolved: what is replaced
	dir  string       // the folder beside real the merge writes into
	lock *output.Lock // out's lock, held until the swap
}

// stageBeside checks out as openDir would for --force and, when it holds a
// results directory, takes its lock without clearing it and makes the
// folder beside it that the merge writes into. It returns nil when out is
// missing or empty (the merge writes into it directly).
func stageBeside(plan *Plan, out string) (*mergeStage, error) {
	info, err := precheckDir(plan, out, true, false, nil, output.KindMerge)
	if err != nil {
		return nil, err
	}
	if info.kind != dirComplete && info.kind != dirUnfinished {
		return nil, nil
	}
	real, err := filepath.EvalSymlinks(out)
	if err != nil {
		return nil, fmt.Errorf("merge --force: %w", err)
	}
	if real, err = filepath.Abs(real); err != nil {
		return nil, fmt.Errorf("merge --force: %w", err)
	}
	lock, err := output.LockDir(real)
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
	refuse := func(why string) (*mergeStage, error) {
		return fail(usagef("merge --force: %s, so the new merge cannot be written beside %s and swapped in once complete; replacing it in place would delete it before the new one is complete: empty %s first, or merge elsewhere", why, out, out))
	}
	parent := filepath.Dir(real)
	if sameDevice(parent, real) != nil {
		return refuse(fmt.Sprintf("%s is a mount point", real))
	}
	// Made with the mode a results directory is made with (umask applies).
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand does not fail on supported platforms
	dir := filepath.Join(parent, "."+filepath.Base(real)+".merging-"+hex.EncodeToString(b[:]))
	if err := os.Mkdir(dir, 0o755); err != nil {
		if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
			return fail(fmt.Errorf("merge --force: %w", err))
		}
		return refuse(fmt.Sprintf("%s cannot hold a new folder (%v)", parent, errors.Unwrap(err)))
	}
	return &mergeStage{out: out, real: real, dir: dir, lock: lock}, nil
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

// swap puts the complete new merge in the replaced directory's place and
// removes the old one. On Linux the two change places in one step; where
// that is not to be had, two renames follow each other.
func (st *mergeStage) swap() error {
	if err := exchange(st.dir, st.real); err != nil {
		old := st.dir + ".old"
		if err := os.Rename(st.real, old); err != nil {
			return fmt.Errorf("merge --force: put the new merge in place: %w (the new merge is complete in %s; %s is as it was)", err, st.dir, st.out)
		}
		if err := os.Rename(st.dir, st.real); err != nil {
			return fmt.Errorf("merge --force: put the new merge in place: %w (the new merge is complete in %s, the old one moved to %s)", err, st.dir, old)
		}
		st.dir = old
	}
	_ = output.SyncDir(filepath.Dir(st.real)) // best effort: the swap is made
	return nil
}

// close unlocks the replaced directory and removes the staging folder:
// the old merge after a swap, the unfinished new one otherwise.
func (st *mergeStage) close() {
	os.RemoveAll(st.dir)
	st.lock.Unlock()
}
