package experiments

// The advice on access for an input file this user may not read.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"pactsim/agents"
	"pactsim/output"
)

// noAccess is why the input file at path (a config, a roster, an
// analysis file) cannot be read when err, from reading it, says that this
// user may not (EACCES, EPERM), with the advice on access: the file
// itself, or the folder on its path this user may not search, named as
// output.NotSearchable names a results directory's (a hostile review,
// stop 55: a config of mode 000 was "cannot read config: permission
// denied", exit 2, where a results directory's file got the advice on
// access). ok is false for every other error. The exit stays 2: an input
// the user gave is the user's to fix.
func noAccess(err error, path string) (msg string, ok bool) {
	dir, advice, ok := accessAdvice(err, path)
	if !ok {
		return "", false
	}
	var pe *fs.PathError
	sys := err
	if errors.As(err, &pe) {
		sys = pe.Err
	}
	if dir != "" {
		return fmt.Sprintf("%v (%s)", output.NotSearchable(agents.ShowName(dir), sys), advice), true
	}
	return fmt.Sprintf("%v (%s)", sys, advice), true
}

// accessAdvice is noAccess's advice, with the folder this user may not
// search ("" where the file is what it may not read).
func accessAdvice(err error, path string) (dir, advice string, ok bool) {
	if !errors.Is(err, fs.ErrPermission) {
		return "", "", false
	}
	who := "this user"
	if uid := os.Geteuid(); uid >= 0 {
		who = fmt.Sprintf("this user, uid %d,", uid)
	}
	if dir = unsearchableFolder(path); dir != "" {
		return dir, who + " may not search that folder: give it access (chmod a+x, chown), or copy the file where this user may read it", true
	}
	return "", who + " may not read that file: give it access (chmod a+r, chown), or copy it where this user may read it", true
}

// unsearchableFolder is the deepest folder on path's way that this user
// may see but not search (no x), so that nothing in it can be opened;
// "" when path itself can be seen (the file is what may not be read).
func unsearchableFolder(path string) string {
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrPermission) {
		return ""
	}
	for d := filepath.Dir(path); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrPermission) {
			return d
		}
		if d == filepath.Dir(d) {
			return d
		}
	}
}
