package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"pactsim/output"
)

// TestSignalsToEnd: under catchSignalsToEnd (merge, analyze, plot), the
// first SIGTERM cancels the command's context with the exit code 143, and
// later ones are swallowed until the process exits, so the command
// finishes what it must (review 6: a second signal, as `timeout` sends, killed analyze half
// way through rewriting a complete directory). Under catchSignals the
// second signal would kill the test process, which fails the test. Not
// parallel: it signals its own process.
func TestSignalsToEnd(t *testing.T) {
	ctx, stop := catchSignalsToEnd(context.Background(), "hint")
	for range 3 {
		if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
	var se signalError
	if !errors.As(context.Cause(ctx), &se) || se.code != exitTerm {
		t.Errorf("cause %v, want the SIGTERM signal error", context.Cause(ctx))
	}
	stop()
	stop() // idempotent
}

// TestSignalsCodes: each signal the commands answer cancels the context
// with its own exit code and name, SIGQUIT (Ctrl-\) included, whose Go
// default, a goroutine dump and exit 2, read as a usage error and left
// temporary files (a review). Without the handler the signal would kill
// the test process. Not parallel: it signals its own process.
func TestSignalsCodes(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
		name string
	}{
		{syscall.SIGINT, 130, "SIGINT"},
		{syscall.SIGTERM, 143, "SIGTERM"},
		{syscall.SIGHUP, 129, "SIGHUP"},
		{syscall.SIGQUIT, 131, "SIGQUIT"},
	} {
		ctx, stop := catchSignals(context.Background(), "hint")
		if err := syscall.Kill(syscall.Getpid(), tc.sig); err != nil {
			t.Fatal(err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
			t.Fatalf("%v did not cancel the context", tc.sig)
		}
		var se signalError
		if !errors.As(context.Cause(ctx), &se) || se.code != tc.code || se.name != tc.name {
			t.Errorf("%v: cause %v, want %s's signal error (exit %d)", tc.sig, context.Cause(ctx), tc.name, tc.code)
		}
		if code := exitCode(context.Cause(ctx)); code != tc.code {
			t.Errorf("%v: exit code %d, want %d", tc.sig, code, tc.code)
		}
		stop()
	}
}

// TestInterruptedFailureFirst: a signal that comes during the clean-up
// after a failure of its own (a full disk, a bad config met part-way, a
// moved directory) leaves that failure's exit code and advice; one whose
// error is the cancellation, or wraps it, is the signal's (a review, stop
// 51: a SIGTERM during a full disk's clean-up exited 143 with the advice
// to --resume, which met the full disk again).
func TestInterruptedFailureFirst(t *testing.T) {
	t.Parallel()
	sig := signalError{code: exitTerm, name: "SIGTERM", hint: "hint"}
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(sig)
	full := fmt.Errorf("output: write a: %w", &os.PathError{Op: "write", Path: "a", Err: syscall.ENOSPC})
	for _, c := range []struct {
		name string
		err  error
		want int
	}{
		{"full disk", full, exitFailure},
		{"read-only", &os.PathError{Op: "open", Path: "a", Err: syscall.EROFS}, exitFailure},
		{"bad config", fmt.Errorf("run: %w", usagef("bad key")), exitUsage},
		{"moved", &output.MovedError{Dir: "res", What: "the run"}, exitFailure},
		{"cancelled", fmt.Errorf("part 3: %w", context.Canceled), exitTerm},
		{"stopped waiting", fmt.Errorf("%w: %w", output.ErrStoppedWaiting, context.Canceled), exitTerm},
		{"full after the signal", errors.Join(context.Canceled, full), exitTerm},
		{"interrupted call", &os.PathError{Op: "read", Path: "a", Err: syscall.EINTR}, exitTerm},
		{"plain", errors.New("something"), exitTerm},
	} {
		got := interrupted(ctx, c.err)
		if code := exitCode(got); code != c.want {
			t.Errorf("%s: interrupted(%v) = %v, exit %d; want exit %d", c.name, c.err, got, code, c.want)
		}
	}
	if got := diskFull(interrupted(ctx, full), "make room"); !strings.Contains(got.Error(), "the disk is full") {
		t.Errorf("full disk: %v, want its advice", got)
	}
	// Without a signal every error is itself.
	if got := interrupted(context.Background(), context.Canceled); got != context.Canceled {
		t.Errorf("no signal: %v, want context.Canceled", got)
	}
}
