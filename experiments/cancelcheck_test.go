package experiments

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// lookCtx is a context that is cancelled at its n-th look (a call of
// Err or Done): a deterministic stop at every point a check looks at it.
type lookCtx struct {
	context.Context
	cancel context.CancelFunc
	left   atomic.Int64
}

func newLookCtx(n int64) *lookCtx {
	ctx, cancel := context.WithCancel(context.Background())
	c := &lookCtx{Context: ctx, cancel: cancel}
	c.left.Store(n)
	return c
}

func (c *lookCtx) look() {
	if c.left.Add(-1) < 0 {
		c.cancel()
	}
}

func (c *lookCtx) Err() error {
	c.look()
	return c.Context.Err()
}

func (c *lookCtx) Done() <-chan struct{} {
	c.look()
	return c.Context.Done()
}

// wantStopped fails unless err is nil or the context's cancellation, and
// does not call the stopped check a failed one.
func wantStopped(t *testing.T, what string, n int64, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("%s stopped at look %d: %v, want context.Canceled", what, n, err)
	}
	if strings.Contains(err.Error(), "does not verify") {
		t.Fatalf("%s stopped at look %d: %q calls a cancelled check a failed one", what, n, err)
	}
}

// TestCancelledShardCheck (a review, stop 51): a merge, or a --resume of
// a complete directory, stopped while it checked the manifest's records
// (after its files had verified) said "does not verify: context
// canceled". Cancelled at any look, they now return the cancellation.
func TestCancelledShardCheck(t *testing.T) {
	t.Parallel()
	plan := pcfg{}.plan(t)
	shards := runShards(t, plan, t.TempDir(), 2)
	for n := int64(0); ; n++ {
		ctx := newLookCtx(n)
		out := filepath.Join(t.TempDir(), "merged")
		_, err := Merge(ctx, out, shards, MergeOptions{})
		wantStopped(t, "merge", n, err)
		if err == nil {
			break
		}
	}
	dir := filepath.Join(t.TempDir(), "whole")
	mustRun(t, plan, dir, RunOptions{})
	for n := int64(0); ; n++ {
		ctx := newLookCtx(n)
		_, err := Run(ctx, plan, RunOptions{Dir: dir, Workers: 2, Resume: true})
		wantStopped(t, "--resume", n, err)
		if err == nil {
			break
		}
	}
}
