package engine_test

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"pactsim/engine"
)

// execSeed pins every random delay and value in these tests.
const execSeed = 20261125

// result is what the test work functions deliver; Draws is a slice so that
// recycling (work reusing what an earlier task left) is exercised.
type result struct {
	Task  int
	Sum   float64
	Draws []float64
}

// scratch is per-worker state; busy catches a W used by two goroutines at
// once, which Execute promises never happens.
type scratch struct {
	busy  atomic.Bool
	tasks int
}

func newScratch() *scratch { return new(scratch) }

// jitter delays a task by a seeded pseudo-random amount: often nothing,
// sometimes a yield, sometimes a sleep, so that tasks finish out of order
// and in a different order from run to run.
func jitter(task int) {
	r := rand.New(rand.NewPCG(execSeed, uint64(task)))
	switch u := r.IntN(10); {
	case u < 5:
	case u < 8:
		runtime.Gosched()
	default:
		time.Sleep(time.Duration(r.IntN(200)) * time.Microsecond)
	}
}

// fill is a work function whose result depends only on the task: a few
// draws from the task's own stream, summed in a fixed order.
func fill(w *scratch, task int, out *result) error {
	if w.busy.Swap(true) {
		panic("scratch used by two goroutines at once")
	}
	defer w.busy.Store(false)
	w.tasks++
	r := rand.New(rand.NewPCG(execSeed, uint64(task)))
	out.Task = task
	out.Draws = out.Draws[:0]
	out.Sum = 0
	for range 1 + task%7 {
		x := r.NormFloat64()
		out.Draws = append(out.Draws, x)
		out.Sum += x
	}
	return nil
}

// maxTracker records the largest value an in-flight counter reached.
type maxTracker struct{ cur, max atomic.Int64 }

func (m *maxTracker) inc() {
	v := m.cur.Add(1)
	for {
		old := m.max.Load()
		if v <= old || m.max.CompareAndSwap(old, v) {
			return
		}
	}
}

func (m *maxTracker) dec() { m.cur.Add(-1) }

func TestExecuteDeliversInTaskOrder(t *testing.T) {
	const lo, hi = 7, 7 + 257
	for _, workers := range []int{1, 2, 3, 8, 17} {
		for _, chunk := range []int{1, 3, 16, 300} {
			for _, window := range []int{0, 1, 2, 5} {
				name := fmt.Sprintf("workers=%d/chunk=%d/window=%d", workers, chunk, window)
				t.Run(name, func(t *testing.T) {
					t.Parallel() // the jitter sleeps dominate; overlap them
					var inFlight maxTracker
					opt := engine.ExecOptions{Workers: workers, ChunkTasks: chunk, WindowChunks: window}
					next := lo
					err := engine.Execute(context.Background(), lo, hi, opt, newScratch,
						func(w *scratch, task int, out *result) error {
							inFlight.inc()
							jitter(task)
							return fill(w, task, out)
						},
						func(task int, r *result) error {
							defer inFlight.dec()
							if task != next || r.Task != task {
								return fmt.Errorf("got task %d (result of %d), want %d", task, r.Task, next)
							}
							next++
							return nil
						})
					if err != nil {
						t.Fatal(err)
					}
					if next != hi {
						t.Fatalf("delivered up to %d, want %d", next, hi)
					}
					// The window bounds results between work start and
					// sink return: resolve the defaults as Execute does.
					c, k := min(chunk, hi-lo), window
					if k == 0 {
						k = engine.DefaultWindowPerWorker * workers
					}
					if got, limit := inFlight.max.Load(), int64(c*k); got > limit {
						t.Errorf("%d results in flight, window holds %d", got, limit)
					}
				})
			}
		}
	}
}

// digest hashes every delivered result, in delivery order, bit for bit, and
// also sums them left to right, which is only reproducible if the order is.
func digest(t *testing.T, workers int) (uint64, float64) {
	t.Helper()
	h := fnv.New64a()
	var total float64
	var b [8]byte
	opt := engine.ExecOptions{Workers: workers, ChunkTasks: 5, WindowChunks: 3 * workers}
	err := engine.Execute(context.Background(), 0, 2000, opt, newScratch,
		func(w *scratch, task int, out *result) error {
			jitter(task)
			return fill(w, task, out)
		},
		func(task int, r *result) error {
			put := func(x float64) {
				u := math.Float64bits(x)
				for i := range b {
					b[i] = byte(u >> (8 * i))
				}
				h.Write(b[:])
			}
			for _, x := range r.Draws {
				put(x)
			}
			put(float64(task))
			put(r.Sum)
			total += r.Sum
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	return h.Sum64(), total
}

func TestExecuteSameResultsForAnyWorkerCount(t *testing.T) {
	wantHash, wantSum := digest(t, 1)
	for _, workers := range []int{2, 8} {
		gotHash, gotSum := digest(t, workers)
		if gotHash != wantHash || math.Float64bits(gotSum) != math.Float64bits(wantSum) {
			t.Errorf("workers=%d: hash %x sum %v, want %x %v (workers=1)",
				workers, gotHash, gotSum, wantHash, wantSum)
		}
	}
}

// TestExecuteHugeWorkerCount: with the default window, 2⁶¹ or math.MaxInt
// workers run every task once, in order: the window saturates at the
// chunks there are (DefaultWindowPerWorker·workers overflowed and make
// panicked).
func TestExecuteHugeWorkerCount(t *testing.T) {
	for _, workers := range []int{1 << 61, math.MaxInt} {
		next := 0
		err := engine.Execute(context.Background(), 0, 100, engine.ExecOptions{Workers: workers, ChunkTasks: 7}, newScratch,
			func(w *scratch, task int, out *result) error { return fill(w, task, out) },
			func(task int, _ *result) error {
				if task != next {
					return fmt.Errorf("task %d delivered, want %d", task, next)
				}
				next++
				return nil
			})
		if err != nil || next != 100 {
			t.Errorf("workers %d: %v after %d tasks", workers, err, next)
		}
	}
}

// TestExecuteSlowFirstTask forces completion out of task order: the first
// task waits until a task of a later chunk has finished, so a correct
// executor has to hold that later chunk back.
func TestExecuteSlowFirstTask(t *testing.T) {
	const chunk = 4
	later := make(chan struct{})
	var order []int
	opt := engine.ExecOptions{Workers: 2, ChunkTasks: chunk, WindowChunks: 4}
	err := engine.Execute(context.Background(), 0, 40, opt, newScratch,
		func(w *scratch, task int, out *result) error {
			switch task {
			case 0:
				<-later
			case chunk:
				close(later)
			}
			return fill(w, task, out)
		},
		func(task int, r *result) error {
			order = append(order, task)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	for i, task := range order {
		if task != i {
			t.Fatalf("delivery %d was task %d", i, task)
		}
	}
	if len(order) != 40 {
		t.Fatalf("delivered %d tasks, want 40", len(order))
	}
}

// TestExecuteBoundedWindow holds the first task until everything the window
// allows has been worked on, then waits a little longer: a leaky window
// would let the other workers run past it meanwhile.
func TestExecuteBoundedWindow(t *testing.T) {
	const chunk, window, n = 3, 4, 10000
	var worked atomic.Int64
	var inFlight maxTracker
	opt := engine.ExecOptions{Workers: 8, ChunkTasks: chunk, WindowChunks: window}
	err := engine.Execute(context.Background(), 0, n, opt, newScratch,
		func(w *scratch, task int, out *result) error {
			inFlight.inc()
			worked.Add(1)
			if task == 0 {
				// The other window-1 chunks can all be worked while
				// this one is stuck; nothing beyond them may be.
				for worked.Load() < chunk*(window-1)+1 {
					time.Sleep(100 * time.Microsecond)
				}
				time.Sleep(20 * time.Millisecond)
				if got := worked.Load(); got > chunk*window {
					return fmt.Errorf("%d tasks worked while the first was stuck, window holds %d", got, chunk*window)
				}
			}
			return fill(w, task, out)
		},
		func(task int, r *result) error {
			inFlight.dec()
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if got := inFlight.max.Load(); got > chunk*window {
		t.Errorf("%d results in flight, window holds %d", got, chunk*window)
	}
}

// checkPrefix fails unless delivered is exactly lo, lo+1, ... in order.
func checkPrefix(t *testing.T, delivered []int, lo int) {
	t.Helper()
	for i, task := range delivered {
		if task != lo+i {
			t.Fatalf("delivery %d was task %d, want %d", i, task, lo+i)
		}
	}
}

func TestExecuteWorkErrorStopsEverything(t *testing.T) {
	const n, bad = 100000, 1000
	errBoom := errors.New("boom")
	var calls atomic.Int64
	var delivered []int
	opt := engine.ExecOptions{Workers: 8, ChunkTasks: 7}
	err := engine.Execute(context.Background(), 0, n, opt, newScratch,
		func(w *scratch, task int, out *result) error {
			calls.Add(1)
			if task == bad {
				return fmt.Errorf("task %d: %w", task, errBoom)
			}
			return fill(w, task, out)
		},
		func(task int, r *result) error {
			delivered = append(delivered, task)
			return nil
		})
	if !errors.Is(err, errBoom) {
		t.Fatalf("err = %v, want boom", err)
	}
	checkPrefix(t, delivered, 0)
	if len(delivered) > bad {
		t.Errorf("delivered %d tasks, the failed task is %d", len(delivered), bad)
	}
	// Claims never run further ahead of the sink than the window, which is
	// at most 4*8 chunks of 7 tasks here.
	after := calls.Load()
	if limit := int64(bad + 4*8*7); after > limit {
		t.Errorf("work ran %d tasks after an error at task %d, want at most %d", after, bad, limit)
	}
	time.Sleep(10 * time.Millisecond)
	if calls.Load() != after {
		t.Error("work was called after Execute returned")
	}
}

func TestExecuteSinkErrorStopsEverything(t *testing.T) {
	const n, bad = 100000, 500
	errFull := errors.New("disk full")
	var calls atomic.Int64
	var delivered []int
	opt := engine.ExecOptions{Workers: 4, ChunkTasks: 16}
	err := engine.Execute(context.Background(), 0, n, opt, newScratch,
		func(w *scratch, task int, out *result) error {
			calls.Add(1)
			return fill(w, task, out)
		},
		func(task int, r *result) error {
			delivered = append(delivered, task)
			if task == bad {
				return errFull
			}
			return nil
		})
	if err != errFull {
		t.Fatalf("err = %v, want the sink's error as is", err)
	}
	checkPrefix(t, delivered, 0)
	if len(delivered) != bad+1 {
		t.Errorf("sink called %d times after failing at task %d", len(delivered)-bad-1, bad)
	}
	if got, limit := calls.Load(), int64(bad+1+4*4*16); got > limit {
		t.Errorf("work ran %d tasks after the sink failed at task %d, want at most %d", got, bad, limit)
	}
}

// TestExecuteCancelFromSink cancels at a deterministic point: since the
// cancel happens on the sink goroutine, no later task may reach the sink.
func TestExecuteCancelFromSink(t *testing.T) {
	const lo, stop = 3, 3 + 200
	for _, workers := range []int{1, 4} {
		ctx, cancel := context.WithCancel(context.Background())
		var delivered []int
		opt := engine.ExecOptions{Workers: workers, ChunkTasks: 8}
		err := engine.Execute(ctx, lo, lo+100000, opt, newScratch,
			func(w *scratch, task int, out *result) error {
				jitter(task)
				return fill(w, task, out)
			},
			func(task int, r *result) error {
				delivered = append(delivered, task)
				if task == stop {
					cancel()
				}
				return nil
			})
		cancel()
		if err != context.Canceled {
			t.Fatalf("workers=%d: err = %v, want context.Canceled as is", workers, err)
		}
		checkPrefix(t, delivered, lo)
		if got := len(delivered); got != stop-lo+1 {
			t.Errorf("workers=%d: delivered %d tasks, want %d (none after the cancel)", workers, got, stop-lo+1)
		}
	}
}

// TestExecuteCancelIsPrompt cancels from outside while workers are busy with
// slow tasks and measures how long Execute takes to return.
func TestExecuteCancelIsPrompt(t *testing.T) {
	const workers = 4
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelled atomic.Bool
	var startedAfter atomic.Int64
	var delivered []int
	var cancelAt time.Time
	go func() {
		time.Sleep(30 * time.Millisecond)
		cancelAt = time.Now()
		cancelled.Store(true)
		cancel()
	}()
	opt := engine.ExecOptions{Workers: workers, ChunkTasks: 1000}
	err := engine.Execute(ctx, 0, 1_000_000, opt, newScratch,
		func(w *scratch, task int, out *result) error {
			if cancelled.Load() {
				startedAfter.Add(1)
			}
			time.Sleep(time.Millisecond)
			return fill(w, task, out)
		},
		func(task int, r *result) error {
			delivered = append(delivered, task)
			return nil
		})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// Reading cancelAt is safe now: Execute returned Canceled only after
	// observing the cancel, which the context orders after the write.
	waited := time.Since(cancelAt)
	checkPrefix(t, delivered, 0)
	// Each worker may be inside one task (1 ms) when the cancel comes and
	// may start at most one more before it looks; a second is far beyond
	// that, even under the race detector on a loaded machine.
	if waited > time.Second {
		t.Errorf("Execute returned %v after the cancel", waited)
	}
	if got := startedAfter.Load(); got > 2*workers {
		t.Errorf("%d tasks started after the cancel, want at most %d", got, 2*workers)
	}
}

func TestExecuteDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := engine.Execute(ctx, 0, 1_000_000, engine.ExecOptions{Workers: 2}, newScratch,
		func(w *scratch, task int, out *result) error {
			time.Sleep(100 * time.Microsecond)
			return fill(w, task, out)
		},
		func(task int, r *result) error { return nil })
	if err != context.DeadlineExceeded {
		t.Fatalf("err = %v, want context.DeadlineExceeded as is", err)
	}
}

func TestExecuteAlreadyCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	err := engine.Execute(ctx, 0, 10, engine.ExecOptions{},
		func() *scratch { called = true; return newScratch() },
		func(w *scratch, task int, out *result) error { called = true; return nil },
		func(task int, r *result) error { called = true; return nil })
	if err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if called {
		t.Error("a callback ran on a cancelled context")
	}
}

func TestExecuteEmptyRange(t *testing.T) {
	called := false
	opt := engine.ExecOptions{Progress: func(int) { called = true }}
	err := engine.Execute(context.Background(), 5, 5, opt,
		func() *scratch { called = true; return newScratch() },
		func(w *scratch, task int, out *result) error { called = true; return nil },
		func(task int, r *result) error { called = true; return nil })
	if err != nil || called {
		t.Fatalf("empty range: err = %v, callbacks called = %v", err, called)
	}
}

func TestExecuteReversedRangePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("hi < lo did not panic")
		}
	}()
	_ = engine.Execute(context.Background(), 5, 4, engine.ExecOptions{}, newScratch,
		fill, func(int, *result) error { return nil })
}

// TestExecuteProgress checks that progress counts delivered tasks, rises,
// ends at the total, and runs on the sink goroutine: sinkCalls is a plain
// int, so the race detector would flag a progress call concurrent with the
// sink.
func TestExecuteProgress(t *testing.T) {
	const n = 1001
	sinkCalls, last, reports := 0, 0, 0
	opt := engine.ExecOptions{
		Workers:    4,
		ChunkTasks: 10,
		Progress: func(done int) {
			reports++
			if done != sinkCalls || done <= last {
				t.Errorf("progress %d after %d deliveries (previous report %d)", done, sinkCalls, last)
			}
			last = done
		},
	}
	err := engine.Execute(context.Background(), 100, 100+n, opt, newScratch, fill,
		func(task int, r *result) error { sinkCalls++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if last != n || reports != (n+9)/10 {
		t.Errorf("last progress %d in %d reports, want %d in %d", last, reports, n, (n+9)/10)
	}
}

// TestExecuteWorkerState checks one W per worker, each used by one
// goroutine only (scratch.busy panics otherwise), and no more workers than
// asked for.
func TestExecuteWorkerState(t *testing.T) {
	var made atomic.Int64
	var all []*scratch
	mk := make(chan *scratch, 64)
	opt := engine.ExecOptions{Workers: 5, ChunkTasks: 2}
	err := engine.Execute(context.Background(), 0, 500, opt,
		func() *scratch {
			made.Add(1)
			w := newScratch()
			mk <- w
			return w
		},
		func(w *scratch, task int, out *result) error {
			jitter(task)
			return fill(w, task, out)
		},
		func(int, *result) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	close(mk)
	total := 0
	for w := range mk {
		all = append(all, w)
		total += w.tasks
	}
	if made.Load() > 5 || total != 500 {
		t.Errorf("%d workers made, %d tasks among them; want <= 5 and 500", len(all), total)
	}
}

// TestExecuteAllocsPerTask checks that results are recycled: allocations
// are per run (buffers, channels, goroutines), not per task.
func TestExecuteAllocsPerTask(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation count is slow-ish")
	}
	const n = 100000
	opt := engine.ExecOptions{Workers: 4, ChunkTasks: 16}
	type small struct{ task int }
	allocs := testing.AllocsPerRun(5, func() {
		err := engine.Execute(context.Background(), 0, n, opt,
			func() struct{} { return struct{}{} },
			func(_ struct{}, task int, out *small) error { out.task = task; return nil },
			func(int, *small) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
	})
	if perTask := allocs / n; perTask > 0.01 {
		t.Errorf("%.0f allocations per run of %d tasks (%.3f per task)", allocs, n, perTask)
	}
}

// ExampleExecute sums squares in parallel; because results reach the sink
// in task order, the floating-point total is the same for any worker count.
func ExampleExecute() {
	var total float64
	err := engine.Execute(context.Background(), 1, 101, engine.ExecOptions{Workers: 4},
		func() *[]float64 { return new([]float64) }, // per-worker scratch, unused here
		func(_ *[]float64, task int, out *float64) error {
			*out = 1 / float64(task*task)
			return nil
		},
		func(task int, r *float64) error {
			total += *r // r is recycled after this returns: copy, don't keep
			return nil
		})
	fmt.Println(err, total)
	// Output: <nil> 1.6349839001848923
}
