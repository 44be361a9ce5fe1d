package main

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"
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
