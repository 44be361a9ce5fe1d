package experiments

import (
	"errors"
	"fmt"
	"io/fs"
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
// change it at all (EPERM: an immutable or, on Linux, append-only file)
// does.
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
			err := writeAccess(f)
			if err == nil {
				err = pinned(f)
			}
			if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EROFS) {
				return refuse("remove or replace", f, err)
			}
		}
	}
	return nil
}

// lockRewrite takes the lock of dir for analyze or plot (cmd "runner
// analyze" or "runner plot"). Taking it creates or opens DIR/.lock for
// writing, the first write either makes, so a directory the user may not
// write (a read-only mount, a folder without permission, an immutable
// lock file: notWritable) is refused here, as run refuses one (exit 2),
// not at checkWritable, which comes later, under the lock (a review: a
// results directory on a read-only mount exited 1 with the lock file's
// "read-only file system"). Nothing was changed: the lock was not taken.
func lockRewrite(cmd, dir string) (*output.Lock, error) {
	lock, err := output.LockDir(dir)
	if notWritable(err) {
		return nil, usagef("%s: cannot write results directory %s (%v): nothing was changed; make it writable, or copy it to a directory you can write, and run %s again", cmdHead(cmd), dir, err, cmd)
	}
	return lock, err
}

// CheckOutPath reports what makes dir unusable as a results directory
// whatever the flags (a file, a dangling or looping link, a name too
// long, a ".." run refuses, a place inside another results directory, a
// folder that cannot be made or written: outCreatable): what validate can
// say of -o before run is asked to write there. Its contents (another
// directory's files, a finished run) are run's to judge with --force or
// --resume, and are not reported.
func CheckOutPath(dir string) error {
	for _, check := range []func(string) error{dotDotAfterLink, insideResults, dotDotMissing} {
		if err := check(dir); err != nil {
			return err
		}
	}
	info, err := inspectDir(dir)
	var nr *notResultsError
	if errors.As(err, &nr) {
		return nil
	}
	if err != nil {
		return err
	}
	return outCreatable(dir, info.kind)
}

// outCreatable refuses, in the words run would refuse it with when it came
// to write there, a results directory dir that is missing (kind dirMissing)
// under a folder where none can be made, or empty (dirEmpty) where nothing
// can be written: storage that refuses this user (read-only, no
// permission: access(2) of dir, or of its nearest existing folder), or the
// kernel's proc or sysfs, where mkdir fails whoever asks (-o /proc/x:
// validate said valid, exit 0, where run exited 2; a review). Whether a
// file system states its size is not asked: a tmpfs or a FUSE mount that
// states none is as good as any.
func outCreatable(dir string, kind dirKind) error {
	switch kind {
	case dirEmpty:
		if err := writeAccess(dir); notWritable(err) {
			return &notCreatableError{unwritable(dir, &fs.PathError{Op: "access", Path: dir, Err: err})}
		}
	case dirMissing:
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil
		}
		p := filepath.Dir(abs)
		for ; ; p = filepath.Dir(p) {
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				break
			} else if err == nil || !errors.Is(err, fs.ErrNotExist) || filepath.Dir(p) == p {
				return nil // inspectDir names a file on the way; run says the rest
			}
		}
		var why error
		if name := pseudoFS(p); name != "" {
			why = fmt.Errorf("%s is on the kernel's %s file system, where no folder can be made", p, name)
		} else if err := writeAccess(p); notWritable(err) {
			why = &fs.PathError{Op: "access", Path: p, Err: err}
		}
		if why != nil {
			return &notCreatableError{usagef("cannot create results directory %s (%v): choose a directory you can write (-o)", dir, why)}
		}
	}
	return nil
}

// notCreatableError is outCreatable's refusal: a usage error, which
// NotCreatable tells from CheckOutPath's others.
type notCreatableError struct{ error }

func (e *notCreatableError) Unwrap() error { return e.error }

// NotCreatable reports that err is CheckOutPath's refusal of a folder that
// cannot be made or written here (not of its name or its place): validate
// without -o judges the config, not the working directory, so a config
// in a read-only checkout is valid, with a note that run would need -o
// there.
func NotCreatable(err error) bool {
	var nc *notCreatableError
	return errors.As(err, &nc)
}

// writeAccess asks the system whether path may be written (access(2),
// W_OK); a test replaces it to play an immutable file or a read-only
// folder without root.
var writeAccess = defaultWriteAccess

func defaultWriteAccess(path string) error { return syscall.Access(path, 2 /* W_OK */) }

// probeFolders are the folders of an unfinished directory that --resume
// writes in, each with a file name pactsim writes there: a probe file is
// named as that file's temporary (.NAME.RANDOM.tmp), so that a probe a kill
// left behind is removed as any temporary file is (removeTempFiles).
var probeFolders = []struct{ folder, name string }{
	{"", "config.yaml"},
	{output.TableRuns, "part-00000.parquet"},
	{output.TableTrajectories, "part-00000.parquet"},
	{output.TableStates, "part-00000.parquet"},
	{"arrow", output.TableSummary + ".arrow"},
	{"arrow/" + output.TableRuns, "part-00000.arrow"},
	{"arrow/" + output.TableTrajectories, "part-00000.arrow"},
	{"arrow/" + output.TableStates, "part-00000.arrow"},
	{output.CalibrationDir, "trace.csv"},
}

// probeWritable creates and removes a file in dir and in each of its
// folders that --resume of an unfinished directory writes in, so that one
// it cannot write (an immutable folder, a read-only runs/) is refused
// before anything is done, not when the first part or the journal is
// written (a review: exit 1 after the lock and the checks). Creating a
// file asks exactly what writing needs, whatever refuses it (mode bits,
// an immutable flag, a read-only mount, an ACL). The error is the
// system's, naming the folder; openDir passes it through unwritable.
func probeWritable(dir string) error {
	for _, p := range probeFolders {
		folder := filepath.Join(dir, filepath.FromSlash(p.folder))
		if fi, err := os.Lstat(folder); err != nil || !fi.IsDir() {
			continue
		}
		f, err := os.CreateTemp(folder, "."+p.name+".*.tmp")
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = &os.PathError{Op: "create a file in", Path: folder, Err: pe.Err}
			}
			return err
		}
		name := f.Name()
		f.Close()
		if err := os.Remove(name); err != nil {
			return err
		}
	}
	return nil
}
