package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"pactsim/output"
)

// catchSignals returns a context that SIGINT, SIGTERM, SIGHUP or SIGQUIT
// cancels with a signalError as its cause, so that the command stops
// promptly, keeps what is final and exits 130, 143, 129 or 131. A second
// signal, from forceAfter after the first on, gets the default action: it
// kills the process at once, should stopping hang (a second SIGQUIT exits
// 131 at once, without Go's goroutine dump). One sooner is the first delivered again, and is
// swallowed: `timeout` signals the command and then its process group,
// and a double Ctrl-C is one request (review, stop 27: a second SIGTERM 3
// ms after the first killed run silently, mid-way through its clean-up).
// stop releases the signals.
func catchSignals(parent context.Context, hint string) (ctx context.Context, stop func()) {
	return handleSignals(parent, hint, false)
}

// catchSignalsToEnd is catchSignals for a command that must finish what
// it does once a signal stopped it: merge removes its output, which no
// --resume can continue, and analyze and plot finish rewriting a complete
// directory's tables, figures and manifest, a step they do not split.
// Once a signal has stopped it, later signals are swallowed until the
// process exits, so that a second Ctrl-C, or `timeout`, which signals the
// command and then its whole process group, cannot leave half an output
// under final names or a directory that no longer verifies (review 6);
// SIGKILL still stops it at once.
func catchSignalsToEnd(parent context.Context, hint string) (ctx context.Context, stop func()) {
	keepWritingOnClosedPipe()
	return handleSignals(parent, hint, true)
}

// keepWritingOnClosedPipe is for the commands that write a directory (run,
// calibrate, merge, analyze, plot): their standard output and error are
// logs, and a closed pipe on them (`2>&1 | head`) must not kill the
// command between two files. With SIGPIPE ignored, writes to the pipe
// fail, and the work goes on. The commands whose output is their answer
// (validate, verify, describe) still end quietly on a closed pipe.
func keepWritingOnClosedPipe() { signal.Ignore(syscall.SIGPIPE) }

// forceAfter is how long after a first signal a second is taken as a
// request to stop at once, not the first delivered again.
const forceAfter = 500 * time.Millisecond

func handleSignals(parent context.Context, hint string, keep bool) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 2)
	var caught atomic.Bool
	// SIGHUP (a terminal or an SSH session that closed) stops the command
	// as SIGINT does, cleanly, and so does SIGQUIT (Ctrl-\), whose Go
	// default, a dump of every goroutine and exit 2, read as a usage error
	// and left temporary files (a review).
	signal.Notify(sigs, answered()...)
	released := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			caught.Store(true)
			first := time.Now()
			code, name := exitInterrupt, "SIGINT"
			switch s {
			case syscall.SIGTERM:
				code, name = exitTerm, "SIGTERM"
			case syscall.SIGHUP:
				code, name = exitHangup, "SIGHUP"
			case syscall.SIGQUIT:
				code, name = exitQuit, "SIGQUIT"
			}
			noteSignalled(signalError{code, name, hint})
			cancel(signalError{code, name, hint})
			if keep {
				// Stopped by a signal, the command is on its way out:
				// later signals are swallowed until the process exits,
				// also after stop, so that none lands between the end of
				// its clean-up and the exit.
				for range sigs {
				}
			}
			for {
				select {
				case s := <-sigs:
					if time.Since(first) < forceAfter {
						continue // the first, delivered again
					}
					signal.Stop(sigs)
					if s == syscall.SIGQUIT {
						// Go's own answer to SIGQUIT is a goroutine dump and
						// exit 2, the usage code: stop at once with the
						// signal's code instead.
						os.Exit(exitQuit)
					}
					if sig, ok := s.(syscall.Signal); ok {
						_ = syscall.Kill(os.Getpid(), sig)
					}
					return
				case <-released:
					return
				}
			}
		case <-ctx.Done():
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			if !keep || !caught.Load() {
				signal.Stop(sigs)
			}
			close(released)
			cancel(nil)
		})
	}
}

// answered lists the signals a command stops at: SIGTERM and SIGQUIT,
// and SIGINT and SIGHUP unless the process started with them ignored.
// `nohup runner run ...` ignores SIGHUP, and a POSIX shell starts a
// background job (`runner run ... &` in a script) with SIGINT ignored, so
// that a closed terminal or a Ctrl-C meant for the foreground leaves the
// job running; asking Go for them (signal.Notify) would catch them again,
// and the run stopped with 129 when the terminal of a nohup'd run closed
// (a review, stop 49).
func answered() []os.Signal {
	sigs := []os.Signal{syscall.SIGTERM, syscall.SIGQUIT}
	for _, s := range []os.Signal{syscall.SIGINT, syscall.SIGHUP} {
		if !signal.Ignored(s) {
			sigs = append(sigs, s)
		}
	}
	return sigs
}

// interrupted prefers the signal that stopped ctx to the error it caused,
// so that the exit code is the signal's (130, 143, 129, 131); with no
// signal it returns err. A failure the signal cannot have caused (a full
// disk, a file system made read-only, a bad config met part-way, a moved
// directory) wins over a signal that came during its clean-up: the signal
// turned a full disk's exit 1 into 143 with the advice to --resume, which
// meets the full disk again, and a bad config's exit 2 into 130 with the
// advice to --resume a directory the clean-up removed (a review, stop 51).
func interrupted(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil && errors.As(cause, new(signalError)) && !independentFailure(err) {
		return cause
	}
	return err
}

// independentFailure reports whether err is a failure of its own, not one
// a cancelled context brought about: it does not wrap a cancellation or a
// signal, and it is the user's (exit 2), a directory moved under the
// command, a mismatch found before any signal (verdict), or an error of
// the system (an errno: ENOSPC, EDQUOT, EFBIG, EROFS, EACCES, EMFILE,
// EIO, ...), which stopping never returns.
func independentFailure(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.As(err, new(signalError)) {
		return false
	}
	var errno syscall.Errno
	return isUsage(err) || errors.As(err, new(foundMismatch)) || errors.As(err, new(*output.MovedError)) || errors.As(err, &errno) && errno != syscall.EINTR
}

// foundMismatch is a mismatch (a file that does not match its manifest, a
// part that is not its run's) that a command's check returned before any
// signal had stopped it: the verdict of a check that ran to it, which no
// cancellation can have caused.
type foundMismatch struct{ err error }

func (e foundMismatch) Error() string { return e.err.Error() }
func (e foundMismatch) Unwrap() error { return e.err }

// verdict marks err, the error a command's work (experiments.Plot,
// Analyze, Merge, Run, Calibrate) returned, as a foundMismatch when it is
// a *output.MismatchError and ctx was not yet cancelled, so that
// interrupted keeps it: a signal that came after it, during the clean-up
// or before the exit, turned plot's and analyze's exit 1 on a damaged
// directory into 143 and "run `runner plot` again", which meets the same
// damage, as verify's was before stop 51 (a review, stop 52).
func verdict(ctx context.Context, err error) error {
	if err != nil && ctx.Err() == nil && errors.As(err, new(*output.MismatchError)) {
		err = foundMismatch{err}
	}
	// PACTSIM_TEST_SIGNAL_AFTER_RETURN=1:SIGNAL (tests only): the signal
	// arrives once the command's work has returned.
	if n, sig := testStopHookEnv("PACTSIM_TEST_SIGNAL_AFTER_RETURN"); n > 0 {
		_ = signalSelfAt(ctx, n, sig)(n)
	}
	return err
}

// signalSelfAt is the test hook behind PACTSIM_TEST_SIGNAL_AFTER_*: a
// deterministic stop point for the interrupt-and-resume tests. After the
// n-th part (or evaluation) it sends sig to this process and waits until
// the signal handler has cancelled ctx, so nothing after it starts.
func signalSelfAt(ctx context.Context, n int, sig syscall.Signal) func(done int) error {
	return func(done int) error {
		if done != n {
			return nil
		}
		p, _ := os.FindProcess(os.Getpid())
		if err := p.Signal(sig); err != nil {
			return err
		}
		if signal.Ignored(sig) {
			return nil // ignored since the start (nohup): it does nothing
		}
		<-ctx.Done()
		return context.Cause(ctx)
	}
}
