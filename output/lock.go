package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// LockName is the lock file of a results directory. Every writer (run,
// resume, plot, merge, analyze) holds an exclusive flock(2) on it while it
// touches the directory (README, "What a results directory holds"). The kernel drops
// the lock when the process ends, however it ends, so a crash never leaves
// a directory locked; the file itself stays, holding the last holder's pid
// (but for a command that leaves the directory as it found it: Undo).
const LockName = ".lock"

// ErrUsage marks an error that is the user's to fix by changing the command
// or its inputs: bad usage, a bad config, a directory the command refuses
// to touch. The command line maps it to exit code 2.
var ErrUsage = errors.New("usage error")

// UsageError is an error that errors.Is(err, ErrUsage) recognises.
type UsageError struct{ Err error }

func (e *UsageError) Error() string        { return e.Err.Error() }
func (e *UsageError) Unwrap() error        { return e.Err }
func (e *UsageError) Is(target error) bool { return target == ErrUsage }

// Usagef formats a UsageError.
func Usagef(format string, a ...any) error {
	return &UsageError{fmt.Errorf(format, a...)}
}

// BusyError says that another process holds a directory's lock.
type BusyError struct {
	Dir    string
	PID    int           // 0 when the lock file does not say
	Waited time.Duration // how long a LockWait waited for it; 0: not at all
}

// Holder names the process that holds the lock: "pid N", or "another
// process" when the lock file does not say.
func (e *BusyError) Holder() string {
	if e.PID > 0 {
		return "pid " + strconv.Itoa(e.PID)
	}
	return "another process"
}

// Error names every command that holds a lock, calibrate among them (a
// review, stop 50: a running calibration's lock was reported as one of
// "another run, resume, plot, analyze, merge or verify").
func (e *BusyError) Error() string {
	msg := fmt.Sprintf("%s is in use by %s (another run, resume, calibrate, plot, analyze, merge or verify); wait for it to finish", e.Dir, e.Holder())
	if e.Waited > 0 {
		msg += fmt.Sprintf(" (waited %v for it already)", e.Waited)
	}
	return msg
}

// Is makes a BusyError a usage error: exit 2, at once.
func (e *BusyError) Is(target error) bool { return target == ErrUsage }

// Lock is a held directory lock.
type Lock struct {
	f    *os.File
	path string // the lock file's path, as LockDir was given it
	// d is the directory, held open so that no folder made later at its
	// path can take its identity (nil where it could not be opened: the
	// limit of open files): CheckHeld tells a lock file removed from a
	// directory that stayed where it was from a directory moved or removed.
	d *os.File
	// created: this Lock made the lock file (the directory had none), so
	// Undo removes it.
	created bool
}

// maxLockTries bounds LockDir's tries when the file it locks is removed or
// replaced each time before it holds it.
const maxLockTries = 10

// lockOpened, when not nil, is called by LockDir with the lock file's path
// once it has opened the file and before it locks it: a test removes or
// replaces the file there, as a holder that let go of it does.
var lockOpened func(path string)

// LockDir takes the exclusive lock of dir, which must exist, without
// waiting: if another process holds it, it returns a *BusyError naming
// that process's pid.
//
// The file it locks is checked to be still dir's lock file once it holds
// it: a holder may remove that file before it lets go of it (a refusal
// that removes the lock file it made, a failed run that removes the
// directory it made: Undo), and a process that opened the file
// before the removal and locks it after would otherwise hold a lock on a
// file no longer in the directory, while another process locks the new one
// (a review: a --lock-wait run lost its folder to a failed run's clean-up).
// The path is then opened again; a directory removed meanwhile is an error
// that is fs.ErrNotExist.
func LockDir(dir string) (*Lock, error) {
	path := filepath.Join(dir, LockName)
	for try := 1; ; try++ {
		f, created, err := openLockFile(path)
		if err != nil {
			return nil, err
		}
		if lockOpened != nil {
			lockOpened(path)
		}
		if err := flock(f, syscall.LOCK_EX); err != nil {
			defer f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &BusyError{Dir: dir, PID: holder(f, path)}
			}
			return nil, fmt.Errorf("output: lock %s: %w", dir, err)
		}
		if !isFileAt(f, path) {
			f.Close() // another process removed or replaced it: open it again
			if try == maxLockTries {
				return nil, &BusyError{Dir: dir}
			}
			continue
		}
		// Record who holds it, for the message a second process prints. The
		// lock is the flock, not this content: a stale pid is harmless. A lock
		// file with another name (a hard link: a copy made with cp -al, or a
		// file of the user's) is locked but not written, so the other name's
		// content stays as it was; the two directories then lock each other
		// out, which is safe.
		if fi, err := f.Stat(); err == nil && !hardLinked(fi) {
			if err := f.Truncate(0); err == nil {
				_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
			}
		}
		d, err := os.Open(dir)
		if err != nil {
			d = nil // CheckHeld then says "moved or removed" for both
		}
		return &Lock{f: f, path: path, d: d, created: created}, nil
	}
}

// openLockFile opens the lock file at path for writing, making it when
// there is none (created says so).
func openLockFile(path string) (f *os.File, created bool, err error) {
	for range maxLockTries {
		f, err = openRegular(path, os.O_RDWR|os.O_CREATE|os.O_EXCL)
		if !errors.Is(err, fs.ErrExist) {
			return f, err == nil, err
		}
		f, err = openRegular(path, os.O_RDWR)
		if !errors.Is(err, fs.ErrNotExist) {
			return f, false, err
		}
		// Removed between the two opens: make it.
	}
	return nil, false, err
}

// isFileAt reports whether f is the file at path now (path itself, not
// what a link there points to).
func isFileAt(f *os.File, path string) bool { return sameFileAt(f, path, os.Lstat) }

// sameFileAt reports whether f is the file that stat finds at path now.
func sameFileAt(f *os.File, path string, stat func(string) (fs.FileInfo, error)) bool {
	held, err := f.Stat()
	if err != nil {
		return false
	}
	now, err := stat(path)
	return err == nil && os.SameFile(held, now)
}

// lockPoll is how often a LockWait tries again. flock(2) can wait by
// itself, but a blocked call cannot be given a deadline or be interrupted
// by a signal the runner handles, so the lock is tried again at this
// interval instead; a second's delay costs nothing beside a run.
const lockPoll = 500 * time.Millisecond

// ErrStoppedWaiting marks the error of a LockWait whose context was
// cancelled while it waited: the command had not begun to write.
var ErrStoppedWaiting = errors.New("stopped while waiting for the directory's lock")

// LockWait is one command's wait for other holders of a directory's lock,
// shared by every step that may meet them (the directory rules, which
// report a directory in use, and the lock itself): one deadline, and one
// message when the wait begins. This is for a batch system's replacement
// of a lost worker (a Kubernetes pod or a requeued Slurm task on another
// node), which can find the lost worker's lock still held on a network
// file system until its lease runs out (hostile review, stop 32: the
// Indexed Job's FailJob rule for exit 2 then failed every shard). A nil
// LockWait does not wait.
type LockWait struct {
	total    time.Duration
	deadline time.Time
	waiting  func(*BusyError)
	first    time.Time // when a step first found the directory in use; zero: none yet
}

// NewLockWait starts a wait of up to total from now; waiting, when not
// nil, is told once, when the wait begins. A total of 0 or less gives nil.
func NewLockWait(total time.Duration, waiting func(*BusyError)) *LockWait {
	if total <= 0 {
		return nil
	}
	return &LockWait{total: total, deadline: time.Now().Add(total), waiting: waiting}
}

// Do calls try until it returns anything but a *BusyError, or until the
// wait's deadline, when it returns the last BusyError with Waited set;
// with a nil w it calls try once. A cancelled ctx ends the wait with an
// error that is both ErrStoppedWaiting and ctx.Err().
func (w *LockWait) Do(ctx context.Context, try func() error) error {
	for {
		err := try()
		var busy *BusyError
		if w == nil || !errors.As(err, &busy) {
			return err
		}
		fresh := w.first.IsZero() // the first busy step: the wait begins here
		if fresh {
			w.first = time.Now()
		}
		left := time.Until(w.deadline)
		if left <= 0 {
			// What it waited, from the first busy step: the deadline ran
			// from the start of the command (a review, stop 32).
			busy.Waited = time.Since(w.first).Round(time.Millisecond)
			return busy
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%w: %w", ErrStoppedWaiting, ctx.Err())
		}
		if fresh && w.waiting != nil {
			w.waiting(busy)
		}
		t := time.NewTimer(min(left, lockPoll))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w: %w", ErrStoppedWaiting, ctx.Err())
		case <-t.C:
		}
	}
}

// LockDirWait is LockDir, waiting as w says for another holder to let go
// of the lock instead of failing at once.
func LockDirWait(ctx context.Context, dir string, w *LockWait) (*Lock, error) {
	var l *Lock
	err := w.Do(ctx, func() (err error) {
		l, err = LockDir(dir)
		return err
	})
	return l, err
}

// LockDirShared takes a shared lock of dir for a reader (verify), without
// waiting: it fails with a *BusyError while a writer holds the lock. A
// directory without a lock file, or one the reader cannot open (a read-only
// archive), is read without a lock: no pactsim writer can be in it.
func LockDirShared(dir string) (*Lock, error) {
	path := filepath.Join(dir, LockName)
	for try := 1; ; try++ {
		f, err := openRegular(path, os.O_RDONLY)
		var ue *UsageError
		if errors.As(err, &ue) {
			return nil, err
		}
		if TooManyFiles(err) {
			// Not a directory without a lock: a reader at its limit of open
			// files must not go on as if no writer could be there.
			return nil, fmt.Errorf("output: lock %s: %w", dir, err)
		}
		if err != nil {
			return &Lock{}, nil
		}
		if err := flock(f, syscall.LOCK_SH); err != nil {
			defer f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &BusyError{Dir: dir, PID: holder(f, path)}
			}
			return &Lock{}, nil
		}
		// As in LockDir: a file removed by the holder that let go of it
		// locks out no writer.
		if !isFileAt(f, path) {
			f.Close()
			if try == maxLockTries {
				return nil, &BusyError{Dir: dir}
			}
			continue
		}
		return &Lock{f: f}, nil
	}
}

// openRegular opens path (creating it with mode 0644 when flag says so)
// without following a symbolic link, and only if it is a regular file: a
// link planted at a results directory's lock or journal must not make
// pactsim truncate or append to the file it points to. Such an entry is a
// usage error naming it; other errors are returned as they are.
func openRegular(path string, flag int) (*os.File, error) {
	notRegular := func() error {
		return Usagef("%s is not a regular file (a symbolic link, a folder or a device): pactsim does not write through it; remove it and run again", path)
	}
	f, err := os.OpenFile(path, flag|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o644)
	// EISDIR: a folder opened for writing (a hostile review, stop 31: it
	// was reported as a bare "is a directory", exit 1).
	if errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.ENXIO) || errors.Is(err, syscall.EISDIR) { // ENXIO: a FIFO without a reader
		if _, derr := os.Stat(filepath.Dir(path)); errors.Is(derr, syscall.ELOOP) {
			// The loop is on the way to the directory, not at path.
			return nil, Usagef("%s: a symbolic link on the way to it loops: fix or remove the link", filepath.Dir(path))
		}
		return nil, notRegular()
	}
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("output: %w", err)
		}
		return nil, notRegular()
	}
	// A hard link is a second name for the same file: appended to, the
	// journal's lines would land in a file of the user's elsewhere, or in
	// the journal of a hard-linked copy of the directory (hostile review,
	// stop 24). The lock is not refused (a complete directory keeps it,
	// and a copy made with cp -al must still resume); LockDir does not
	// write its pid into one that is shared.
	if hardLinked(fi) && flag&os.O_APPEND != 0 {
		f.Close()
		return nil, Usagef("%s has another name (a hard link): pactsim does not append to a file another name shares; give it its own copy (cp %s %s.new && mv %s.new %s) and run again", path, path, path, path, path)
	}
	return f, nil
}

// hardLinked reports whether the file fi describes has more than one name.
func hardLinked(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && st.Nlink > 1
}

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// Busy reports, without taking it, whether another process holds dir's
// lock: a *BusyError naming it, or nil (also when dir has no lock file).
// A writer asks before it judges what dir holds, so that a second writer
// is told that the directory is in use, not that it is not empty.
func Busy(dir string) error {
	path := filepath.Join(dir, LockName)
	f, err := openRegular(path, os.O_RDONLY)
	if err != nil {
		return nil
	}
	defer f.Close()
	err = flock(f, syscall.LOCK_EX)
	if errors.Is(err, syscall.EBADF) {
		// NFS emulates flock(2) with byte-range locks, where an exclusive
		// lock needs a file open for writing (flock(2), NOTES): a read-only
		// probe is refused, and would call every directory idle. A shared
		// probe conflicts with every writer's exclusive lock just as well
		// (a review, stop 32).
		err = flock(f, syscall.LOCK_SH)
	}
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return &BusyError{Dir: dir, PID: holder(f, path)}
	}
	return nil // closing f releases the probe's lock
}

// holder returns the pid of a process holding a flock on f, or 0. The
// kernel's table (/proc/locks) names every holder, readers included,
// which never write their pid into the file; where it cannot be read, the
// pid the last writer recorded is used only if that process is alive.
func holder(f *os.File, path string) int {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err == nil {
		if b, err := os.ReadFile("/proc/locks"); err == nil {
			// MAJ:MIN:INODE, the device in hex: an inode number alone can
			// be another file system's (a review, stop 32). But btrfs
			// reports a subvolume's own device to stat and the file
			// system's to /proc/locks, so a lone match on the inode
			// stands when none matches both.
			byInode, inodeOnly := 0, 0
			for _, line := range strings.Split(string(b), "\n") {
				// "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"
				fs := strings.Fields(line)
				if len(fs) < 6 || fs[1] != "FLOCK" { // "1: -> FLOCK ...": a waiter
					continue
				}
				id := strings.Split(fs[5], ":")
				pid, err := strconv.Atoi(fs[4])
				if len(id) != 3 || id[2] != strconv.FormatUint(st.Ino, 10) || err != nil {
					continue
				}
				if sameDevice(id[0], id[1], uint64(st.Dev)) {
					return pid
				}
				if byInode++; byInode == 1 {
					inodeOnly = pid
				}
			}
			if byInode == 1 {
				return inodeOnly
			}
		}
	}
	if pid := readPID(path); pid > 0 && syscall.Kill(pid, 0) == nil {
		return pid
	}
	return 0
}

// sameDevice reports whether /proc/locks' major and minor device numbers
// (hex) are those of dev, split as Linux's new_encode_dev does (glibc's
// gnu_dev_major and gnu_dev_minor).
func sameDevice(major, minor string, dev uint64) bool {
	ma, err1 := strconv.ParseUint(major, 16, 32)
	mi, err2 := strconv.ParseUint(minor, 16, 32)
	return err1 == nil && err2 == nil &&
		ma == (dev>>8)&0xfff|(dev>>32)&0xfffff000 &&
		mi == dev&0xff|(dev>>12)&0xffffff00
}

func readPID(path string) int {
	b, err := ReadFileLimited(path, 32) // not a FIFO put there (a review, stop 50)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0
	}
	return pid
}

// MovedError says that a results directory was moved or removed while a
// command held its lock and wrote it: what the command finished went with
// the directory (or is gone), and a path it wrote next would have made a
// fresh, empty directory. With LockGone, the directory stayed where it was
// and only its lock file was removed (or replaced): another command could
// then lock it and write it too. An environment failure (exit 1), not bad
// input.
type MovedError struct {
	Dir  string
	What string // who was writing: "the run", "the calibration"
	// Hint says what to do; "" for a run's or calibration's: --resume
	// where the directory now is, else run again.
	Hint string
	// LockGone: the directory is the one locked, its lock file is not.
	LockGone bool
	// LockHint says what to do when LockGone; "" for a run's or
	// calibration's: --resume, once no other command writes it.
	LockHint string
}

func (e *MovedError) Error() string {
	lockFile := filepath.Join(e.Dir, LockName)
	if e.LockGone {
		hint := e.LockHint
		if hint == "" {
			hint = "what it finished is kept; once no other command is writing the directory, run again with --resume to continue it"
		}
		return fmt.Sprintf("the lock file %s was removed or replaced while %s was writing results directory %s (the directory itself was not moved), so another command could lock the directory and write it at the same time, and %s stopped: %s",
			lockFile, e.What, e.Dir, e.What, hint)
	}
	hint := e.Hint
	if hint == "" {
		hint = "nothing is completed here; if the directory was moved, --resume continues it where it now is, else run again"
	}
	return fmt.Sprintf("results directory %s was moved or removed while %s was writing it (its lock file %s is no longer the one %s holds): %s",
		e.Dir, e.What, lockFile, e.What, hint)
}

// CheckHeld returns a *MovedError when dir's lock file is no longer the
// file l holds open: the directory was moved or removed (and perhaps made
// again, empty, by a writer's os.MkdirAll) since l was taken, or, where
// dir is still the directory l locked (LockGone), its lock file alone was
// removed or replaced. The held descriptors keep their inodes alive, so a
// new file or folder cannot share their identity. what names the writer and hint what to do, for the message
// ("": --resume where it now is, else run again). A nil Lock, or one a
// reader holds without a lock file, is not judged.
func (l *Lock) CheckHeld(dir, what, hint string) error {
	if l == nil || l.f == nil {
		return nil
	}
	held, err := l.f.Stat()
	if err != nil {
		return fmt.Errorf("output: lock %s: %w", dir, err)
	}
	now, err := os.Lstat(filepath.Join(dir, LockName))
	if err != nil && !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
		return fmt.Errorf("output: lock %s: %w", dir, err)
	}
	if err != nil || !os.SameFile(held, now) {
		return &MovedError{Dir: dir, What: what, Hint: hint, LockGone: l.sameDir(dir)}
	}
	return nil
}

// sameDir reports whether dir is still the directory l locked.
// dir is followed through a link, as the writer reached it.
func (l *Lock) sameDir(dir string) bool {
	return l.d != nil && sameFileAt(l.d, dir, os.Stat)
}

// Unlock releases the lock. It is safe to call more than once and on a nil
// Lock.
func (l *Lock) Unlock() {
	if l == nil || l.f == nil {
		return
	}
	_ = l.f.Close() // closing the descriptor releases the flock
	l.f = nil
	if l.d != nil {
		_ = l.d.Close()
		l.d = nil
	}
}

// Undo removes the lock file when this Lock made it (the directory had
// none) and it is still the directory's, keeping the lock held: for a
// command that leaves its directory as it found it, or removes the
// directory it made, before it unlocks. Removed while the lock is held,
// the file is found gone by a process waiting for the lock, which makes
// a new one (LockDir); removed after, it could be another process's lock
// by then. It is safe to call on a nil Lock, and after Unlock (it then
// does nothing).
func (l *Lock) Undo() {
	if l == nil || l.f == nil || !l.created {
		return
	}
	if isFileAt(l.f, l.path) {
		_ = os.Remove(l.path)
	}
	l.created = false
}

// TooManyFiles reports whether err is the limit of open files, of the
// process (EMFILE: `ulimit -n`) or of the system (ENFILE).
func TooManyFiles(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE)
}
