package experiments

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"

	"pactsim/output"
)

// checkWritable is asked by plot and analyze before they mark a complete
// directory (.pending): each of dir's folders they rewrite that exists
// (dir itself, and the sub-folders named) must be writable, or they would
// fail after the mark, unable to draw or remove a figure, and leave the
// directory saying that it is part old, part new though nothing changed
// (hostile review, stop 30: a read-only plots/). Access also answers for
// a read-only file system, where root is refused too.
//
// So must each file in those folders that they remove or replace
// (replaced(rel) true, and the manifest and mark, which they rewrite): an
// immutable figure made plot delete the other figures and the report,
// then fail (a review). A file's own mode bits do not matter, as removing
// or renaming over it needs only its folder's, but the system's refusal to
// change it at all (EPERM: an immutable file) does.
//
// The refusal is a usage error (exit 2), as run's for a directory it
// cannot write: the user chose a directory that cannot be rewritten.
func checkWritable(cmd, dir string, replaced func(rel string) bool, subs ...string) error {
	refuse := func(what, p string, err error) error {
		return usagef("%s: cannot %s %s (%w): nothing was changed; make it writable and run %s again", cmdHead(cmd), what, p, err, cmd)
	}
	for _, sub := range append([]string{""}, subs...) {
		p := filepath.Join(dir, sub)
		if sub != "" {
			if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
				continue
			}
		}
		if err := writeAccess(p); err != nil {
			return refuse("write", p, err)
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return err
		}
		for _, e := range entries {
			rel := filepath.ToSlash(filepath.Join(sub, e.Name()))
			if !e.Type().IsRegular() || !replaced(rel) && rel != output.ManifestName && rel != output.PendingName {
				continue
			}
			f := filepath.Join(p, e.Name())
			if err := writeAccess(f); errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EROFS) {
				return refuse("remove or replace", f, err)
			}
		}
	}
	return nil
}

// writeAccess asks the system whether path may be written (access(2),
// W_OK); a test replaces it to play an immutable file or a read-only
// folder without root.
var writeAccess = defaultWriteAccess

func defaultWriteAccess(path string) error { return syscall.Access(path, 2 /* W_OK */) }
