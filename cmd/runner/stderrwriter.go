package main

import (
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// signalled is closed by the first signal any command catches
// (handleSignals), which firstSignal then holds.
var (
	signalled     = make(chan struct{})
	signalledOnce sync.Once
	firstSignal   atomic.Pointer[signalError]
)

func noteSignalled(se signalError) {
	signalledOnce.Do(func() {
		firstSignal.Store(&se)
		close(signalled)
	})
}

// stderrGrace is how long a write to standard error (or output) may still
// block once a signal has stopped the command.
const stderrGrace = time.Second

// blockedError is a write to stream given up after a signal.
type blockedError struct{ stream string }

func (e blockedError) Error() string {
	return e.stream + " does not drain (a full pipe nobody reads); its message was dropped after the signal"
}

var errStderrBlocked error = blockedError{"standard error"}

// errStdoutBlocked is errStderrBlocked for standard output: what plot,
// analyze, verify, validate and describe print there waited on a full
// pipe for ever, and SIGTERM was caught but never answered (plot and
// analyze swallow every later one; a review, stop 51).
var errStdoutBlocked error = blockedError{"standard output"}

// boundedWriter is standard error for the commands: a write blocks as
// before, until a signal has stopped the command; from then on a write
// that has not gone through within stderrGrace is given up, and so is
// every later one. A full pipe on standard error (a parent that never
// reads it) held a run's progress line, and then its final message,
// forever: SIGTERM and SIGINT were caught but never answered (a hostile
// review).
type boundedWriter struct {
	w      io.Writer
	err    error      // what a write given up returns: errStderrBlocked when nil
	mu     sync.Mutex // orders the writes as the callers made them
	gaveUp bool
}

func (b *boundedWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.gaveUp {
		return 0, b.blocked()
	}
	type result struct {
		n   int
		err error
	}
	buf := append([]byte(nil), p...) // the caller may reuse p once Write returns
	done := make(chan result, 1)
	go func() {
		n, err := b.w.Write(buf)
		done <- result{n, err}
	}()
	select {
	case r := <-done:
		return r.n, r.err
	case <-signalled:
	}
	select {
	case r := <-done:
		return r.n, r.err
	case <-time.After(stderrGrace):
		b.gaveUp = true
		return 0, b.blocked()
	}
}

func (b *boundedWriter) blocked() error {
	if b.err != nil {
		return b.err
	}
	return errStderrBlocked
}

// file is the writer it wraps, where that is a file,
// so that the progress bar still finds a terminal.
func (b *boundedWriter) file() (*os.File, bool) {
	f, ok := b.w.(*os.File)
	return f, ok
}
