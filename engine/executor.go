package engine

import (
	"context"
	"runtime"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// Defaults for ExecOptions fields left at zero.
const (
	// DefaultChunkTasks keeps the per-chunk handoff (two channel operations
	// and a progress call) well below a percent of the work: a task runs
	// every architecture for about a millisecond, so a chunk is tens of
	// milliseconds, short enough for a smooth progress bar and a prompt stop.
	DefaultChunkTasks = 16
	// DefaultWindowPerWorker chunks of window per worker let one slow chunk
	// hold back delivery while every other worker still has room to run
	// ahead, without making the window (and so memory) large.
	DefaultWindowPerWorker = 4
)

// ExecOptions tunes Execute. The zero value is ready to use.
//
// None of these fields changes what the sink sees (the same results in the
// same order); they trade memory and latency for throughput only.
type ExecOptions struct {
	// Workers is the number of work goroutines; <= 0 means
	// runtime.GOMAXPROCS(0). Execute starts no more workers than there are
	// chunks or window slots, since the others could never hold a chunk.
	Workers int
	// ChunkTasks is the number of consecutive tasks a worker claims at once;
	// <= 0 means DefaultChunkTasks.
	ChunkTasks int
	// WindowChunks is the most chunks claimed but not yet fully delivered to
	// the sink; <= 0 means DefaultWindowPerWorker * Workers. Memory is
	// WindowChunks * ChunkTasks results, whatever the number of tasks.
	WindowChunks int
	// Progress, when not nil, is called from the sink goroutine after each
	// chunk has been delivered, with the number of tasks delivered so far
	// (increasing, ending at hi-lo on success). It must be quick: delivery
	// waits for it.
	Progress func(done int)
}

// Execute runs work for every task in [lo, hi) on parallel workers and
// passes the results to sink one at a time, strictly in task order
// lo, lo+1, ..., hi-1, so whatever the sink computes or writes is the same
// for any Workers, ChunkTasks or WindowChunks and any timing.
//
// Each worker goroutine first calls newWorker once to build its own state
// (scratch buffers, a simulator), and then calls work(w, task, out) for the
// tasks of the chunks it claims; a W is never shared between goroutines.
// out points into a result buffer that is recycled: it holds whatever an
// earlier task left there (or R's zero value), so work must set every field
// it means to deliver, and may reuse the slices it finds to avoid
// allocating. Likewise the *R passed to sink is valid only until sink
// returns: sink must copy anything it keeps.
//
// sink and Progress are called from a single goroutine, never concurrently.
// At most WindowChunks chunks are claimed and not yet delivered; a worker
// that would go past the window blocks until the sink has consumed the
// oldest chunk, so a slow task or a slow sink bounds memory rather than
// growing it.
//
// The first error from work or sink cancels the rest and is returned as is
// (wrap it with the task's context in work or sink). If ctx is cancelled
// first, each worker stops after the task it is in, the sink is called for
// nothing more (so what it got is always a gap-free prefix lo, lo+1, ...),
// and Execute returns ctx.Err() as is: err == context.Canceled (or
// DeadlineExceeded) holds, and context.Cause(ctx) tells the caller why.
// Execute returns only after every goroutine it started has finished, so
// neither work nor sink is called after it returns. A panic in work or sink
// is not recovered: it crashes the program with its own stack, as a
// programmer error should. Execute returns nil at once when lo == hi; it
// panics if hi < lo, hi − lo overflows an int, or a function is nil.
//
// There is no goroutine per task and nothing random here: which worker runs
// a task depends on timing, so work must compute its result from the task
// index alone and never let one task's state leak into the next through W
// or out.
func Execute[W any, R any](
	ctx context.Context,
	lo, hi int,
	opt ExecOptions,
	newWorker func() W,
	work func(w W, task int, out *R) error,
	sink func(task int, r *R) error,
) error {
	if hi < lo {
		panic("engine: Execute: hi < lo")
	}
	if hi-lo < 0 {
		// hi − lo overflowed an int: more tasks than an int can count.
		panic("engine: Execute: hi − lo overflows an int")
	}
	if newWorker == nil || work == nil || sink == nil {
		panic("engine: Execute: nil newWorker, work or sink")
	}
	if lo == hi {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	workers, chunk, window := opt.sizes(hi - lo)
	x := newChunkWindow[R](lo, hi, chunk, window)
	g, gctx := errgroup.WithContext(ctx)
	for range workers {
		g.Go(func() error { return runChunks(gctx, x, newWorker(), work) })
	}
	g.Go(func() error { return x.deliver(gctx, sink, opt.Progress) })
	return g.Wait()
}

// sizes resolves the options for n > 0 tasks: the number of workers, the
// tasks per chunk and the chunks in the window. No more workers start than
// there are window slots, since the others could never hold a chunk.
func (opt ExecOptions) sizes(n int) (workers, chunk, window int) {
	workers = opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunk = opt.ChunkTasks
	if chunk <= 0 {
		chunk = DefaultChunkTasks
	}
	chunk = min(chunk, n)
	nChunks := chunks(n, chunk)
	window = opt.WindowChunks
	if window <= 0 {
		// Saturating: DefaultWindowPerWorker·workers overflows an int for
		// workers near 2⁶¹, and more than nChunks slots are never used.
		window = nChunks
		if workers <= nChunks/DefaultWindowPerWorker {
			window = DefaultWindowPerWorker * workers
		}
	}
	window = min(window, nChunks)
	return min(workers, window), chunk, window
}

// chunkWindow is Execute's bounded window. Chunk c (tasks lo+c*chunk up to
// the next boundary) lives in slot c%window: results buf[s*chunk:(s+1)*chunk],
// and ready[s], which its worker signals once the chunk is complete. It is
// allocated once up front; nothing is allocated per task or chunk.
type chunkWindow[R any] struct {
	lo, hi, chunk, nChunks int
	buf                    []R
	ready                  []chan struct{}
	// free holds one token per chunk that may be claimed beyond those the
	// sink has consumed. A worker takes a token before it claims the next
	// chunk index; the sink returns one after it has consumed a chunk.
	//
	// Why slot c%window is free when chunk c is claimed: the claims of
	// chunks 0..c each followed a distinct token take, and at most window
	// tokens were there at the start, so at least c+1-window takes got a
	// token returned by the sink after chunk c-window or later; the sink
	// consumes in order, so chunk c-window (the slot's last user) is done.
	// That return happens before its take, which precedes its claim, which
	// the atomic counter orders before the claim of c: the race detector
	// and the memory model agree.
	free chan struct{}
	next atomic.Int64 // the next chunk to claim
}

func newChunkWindow[R any](lo, hi, chunk, window int) *chunkWindow[R] {
	x := &chunkWindow[R]{
		lo: lo, hi: hi, chunk: chunk, nChunks: chunks(hi-lo, chunk),
		buf:   make([]R, window*chunk),
		ready: make([]chan struct{}, window),
		free:  make(chan struct{}, window),
	}
	for s := range x.ready {
		x.ready[s] = make(chan struct{}, 1)
	}
	for range window {
		x.free <- struct{}{}
	}
	return x
}

// chunks is the number of chunks of n ≥ 0 tasks, chunk > 0 a chunk:
// ⌈n/chunk⌉, without n + chunk − 1, which overflows an int for n near its
// largest value.
func chunks(n, chunk int) int {
	c := n / chunk
	if n%chunk != 0 {
		c++
	}
	return c
}

// slot returns chunk c's window slot, first task and result buffers.
func (x *chunkWindow[R]) slot(c int) (s, first int, out []R) {
	s = c % len(x.ready)
	first = x.lo + c*x.chunk
	// The tasks left, hi − first, not first + chunk: that overflows an int
	// for the last chunk of tasks near its largest value, which then ran
	// a whole chunk, past hi to tasks wrapped below lo (a review, stop
	// 51).
	n := min(x.chunk, x.hi-first)
	return s, first, x.buf[s*x.chunk : s*x.chunk+n]
}

// runChunks is one worker: it claims chunks while the window has room and
// runs work on their tasks with its own state w, until every chunk is
// claimed, work fails or ctx is done.
func runChunks[W any, R any](ctx context.Context, x *chunkWindow[R], w W, work func(w W, task int, out *R) error) error {
	done := ctx.Done()
	for {
		select {
		case <-x.free:
		case <-done:
			return ctx.Err()
		}
		c := int(x.next.Add(1) - 1)
		if c >= x.nChunks {
			return nil
		}
		s, first, out := x.slot(c)
		for i := range out {
			// Checked per task, not per chunk, so a cancel stops a
			// worker within one task.
			select {
			case <-done:
				return ctx.Err()
			default:
			}
			if err := work(w, first+i, &out[i]); err != nil {
				return err
			}
		}
		x.ready[s] <- struct{}{}
	}
}

// deliver passes every chunk's results to sink in task order as the
// chunks complete, reports progress after each chunk and frees its slot.
func (x *chunkWindow[R]) deliver(ctx context.Context, sink func(task int, r *R) error, progress func(done int)) error {
	done := ctx.Done()
	delivered := 0
	for c := range x.nChunks {
		s, first, out := x.slot(c)
		select {
		case <-x.ready[s]:
		case <-done:
			return ctx.Err()
		}
		for i := range out {
			// A chunk that completed as the group was cancelled must
			// not be delivered past the point where the caller asked
			// to stop.
			select {
			case <-done:
				return ctx.Err()
			default:
			}
			if err := sink(first+i, &out[i]); err != nil {
				return err
			}
		}
		delivered += len(out)
		if progress != nil {
			progress(delivered)
		}
		x.free <- struct{}{}
	}
	return nil
}
