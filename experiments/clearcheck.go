package experiments

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"pactsim/output"
)

// checkClearable refuses, before anything is deleted, a directory that
// --force could not clear whole: clearing removes every entry of every
// folder under dir, which needs each folder writable, and removes the
// folders, which a mount point refuses (a hostile review, stop 31: run
// --force deleted the manifest and the Arrow tables, then stopped at a
// read-only or mounted subfolder with exit 1, leaving half a result and
// nothing new). Access also answers for a read-only file system.
func checkClearable(dir string) error {
	if err := syscall.Access(dir, 3 /* W_OK|X_OK */); err != nil {
		return usagef("--force: cannot write %s (%v), whose contents it would delete: nothing was deleted", dir, err)
	}
	if through := throughCleared(dir); through != "" {
		return usagef("--force: the path %s goes through %s, which clearing it would delete, so the new run could not reach it: give the directory without that way through it (%s); nothing was deleted", dir, through, realPath(dir))
	}
	mounts := mountPoints()
	// From WalkRoot, as every other walk of a results directory: WalkDir
	// does not follow a symbolic link at its root, so `-o LINK` walked
	// nothing, passed, and the clear deleted the manifest and tables before
	// it stopped at the folder it could not clear, exit 1 (a review, stop
	// 54). The paths it names stay under the name the user gave.
	root := output.WalkRoot(dir)
	return filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return usagef("--force: cannot read %s (%v), which clearing %s would delete: nothing was deleted", p, err, dir)
		}
		if p == root || !e.IsDir() {
			return nil
		}
		if e.Name() == output.LockName && filepath.Dir(p) == filepath.Clean(dir) {
			return fs.SkipDir // not deleted (a folder there is refused elsewhere)
		}
		mount, err := folderBlock(dir, p, mounts)
		if mount {
			return usagef("--force: %s is a mount point, which clearing %s would have to delete: unmount it, or choose another directory; nothing was deleted", p, dir)
		}
		if err == nil {
			// Deleting an entry needs search (x) on its folder as well
			// as write: a folder of mode 0600 passed, and the clear
			// deleted the manifest and the tables before it stopped
			// there, exit 1 (a review, stop 54).
			err = syscall.Access(p, 1 /* X_OK */)
		}
		if err != nil {
			return usagef("--force: cannot delete the contents of %s (%v), which clearing %s needs: make it writable and searchable (chmod u+wx), or choose another directory; nothing was deleted", p, err, dir)
		}
		return nil
	})
}

// throughCleared returns the first folder that the path dir, as given,
// goes through and that lies inside dir itself (DIR/runs in DIR/runs/..),
// else "". Clearing dir deletes that folder, and dir no longer resolves:
// run --force deleted a complete run and then failed, exit 1, "stat
// DIR/runs/..: no such file or directory" (a review, stop 54). Only a
// path with a ".." element can go through a folder inside its own end.
func throughCleared(dir string) string {
	if !slices.Contains(strings.Split(filepath.ToSlash(dir), "/"), "..") {
		return ""
	}
	for i := 1; i < len(dir); i++ {
		if os.IsPathSeparator(dir[i]) && !os.IsPathSeparator(dir[i-1]) && holds(dir, dir[:i]) {
			return dir[:i]
		}
	}
	return ""
}

// clearing marks the error of a clear that began: what it deleted is gone.
type clearing struct{ error }

func (e clearing) Unwrap() error { return e.error }

// nothingDeleted marks the error of a --force refused before it deleted
// anything (a folder it may not search, found by the first inspection of
// the directory; the estimate; the lock): the directory is as it was.
type nothingDeleted struct{ error }

func (e nothingDeleted) Unwrap() error { return e.error }

// keptWhole marks err as nothingDeleted where force is true and err is not
// a clear's that began.
func keptWhole(force bool, err error) error {
	if !force || errors.As(err, new(clearing)) {
		return err
	}
	return nothingDeleted{err}
}

// NothingDeleted reports whether err stopped a run's or calibration's
// --force before it deleted anything: "finished parts are kept: run again
// with --resume" was said of a complete run refused at its first
// inspection (a review, stop 54), where --resume would only verify the
// old run, not the new config's; the way on is the same --force again.
func NothingDeleted(err error) bool { return errors.As(err, new(nothingDeleted)) }
