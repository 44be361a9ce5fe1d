package experiments

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"pactsim/engine"
	"pactsim/output"
)

// EvalOptions tunes Evaluate. The zero value runs on DefaultWorkers()
// workers and records nothing but the outcomes.
type EvalOptions struct {
	// Workers is the number of goroutines; <= 0 means DefaultWorkers().
	Workers int
	// Record asks for the per-period and per-state records
	// (TaskRows.Periods and TaskRows.States) as well as the outcomes.
	Record bool
	// Skip, when not nil, names tasks whose rows are not needed: they are
	// not simulated, and sink receives nil rows for them (in order, so the
	// caller can count). A resumed run skips the parts it keeps.
	Skip func(task int) bool
	// Progress, when not nil, is called with the number of tasks delivered
	// so far, from the goroutine that calls sink.
	Progress func(done int)
}

// Evaluate simulates the tasks [lo, hi) of plan in parallel and calls sink
// with each task's rows strictly in task order, lo, lo+1, ..., hi-1,
// whatever the worker count or timing: the rows are a function of the plan
// and the task alone. It writes nothing. It is the one way tasks are run:
// Run writes its rows into parts, Verify compares them with a results
// directory, and a calibration can call it many times in-process on the
// same tasks.
//
// rows is valid only during the call (the executor recycles its buffers);
// copy what you keep. An error from sink or from a task stops the
// evaluation, the tasks being run within a period, and is returned; a
// cancelled ctx stops it within about one task per worker and
// returns ctx.Err() (context.Cause(ctx) says why). engine.Execute is the
// executor: its ordering and memory guarantees hold here.
func Evaluate(ctx context.Context, plan *Plan, lo, hi int, opt EvalOptions, sink func(task int, rows *output.TaskRows) error) error {
	if plan == nil || sink == nil {
		// A nil sink was called on the executor's delivery goroutine: a
		// nil dereference there crashed the program, past any recover
		// of the caller's (a review, stop 51).
		return fmt.Errorf("experiments: Evaluate: nil plan or sink")
	}
	if lo < 0 || hi < lo || hi > plan.NumTasks() {
		return fmt.Errorf("experiments: Evaluate: task range [%d, %d) is outside [0, %d)", lo, hi, plan.NumTasks())
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = DefaultWorkers()
	}
	nArch := len(plan.Config.Architectures)
	scenarios := newScenarioCache(plan)
	// A cancelled ctx stops the tasks being run within a period (a task
	// of a thousand states and ten thousand periods takes a minute); their
	// rows are discarded.
	var stop atomic.Bool
	defer context.AfterFunc(ctx, func() { stop.Store(true) })()
	// The first failure of a task or of sink stops the tasks being run
	// within a period too, as a cancel does: the executor only stops its
	// workers between tasks, and a write that failed (a full disk) waited
	// for every worker's task to end, a minute for a task of a thousand
	// states (a review, stop 49). The failure is what Evaluate returns,
	// not the errFailedElsewhere of the tasks it stopped.
	var failed atomic.Pointer[error]
	fail := func(err error) error {
		if err != nil && failed.CompareAndSwap(nil, &err) {
			stop.Store(true)
		}
		return err
	}
	eo := evalExecOptions(plan, workers, opt.Record)
	eo.Progress = opt.Progress
	err := engine.Execute(ctx, lo, hi, eo,
		func() *evalWorker {
			w := &evalWorker{run: engine.NewRunner(), point: -1}
			w.run.Stop = &stop
			return w
		},
		func(w *evalWorker, task int, out *evalResult) error {
			out.skip = opt.Skip != nil && opt.Skip(task)
			if out.skip {
				return nil
			}
			err := w.evaluate(plan, scenarios, task, nArch, opt.Record, out)
			if stop.Load() {
				if evalStopped != nil {
					evalStopped(task)
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				return errFailedElsewhere
			}
			return fail(err)
		},
		func(task int, r *evalResult) error {
			if r.skip {
				return fail(sink(task, nil))
			}
			return fail(sink(task, &r.rows))
		})
	if f := failed.Load(); f != nil {
		return *f
	}
	return err
}

// errFailedElsewhere is what a task stopped by another's failure returns; Evaluate
// returns that failure instead.
var errFailedElsewhere = errors.New("experiments: stopped by another task's failure")

// evalStopped, when not nil, is called with each task that Evaluate's stop
// flag ended (or found set as it ended): a test learns there which tasks a
// failure or a cancel stopped. Set only by tests that do not run in
// parallel.
var evalStopped func(task int)

// evalWindowBytes bounds the records that the executor's window holds
// when tasks record their periods and states: each task of the window
// keeps its records until the sink has taken them, and at the defaults
// (4 chunks of 16 tasks a worker) a plan of long runs and many
// architectures held gigabytes (20 architectures of 10,000 periods took
// 2.5 GB on 2 workers, for 48 MiB of output).
const evalWindowBytes = 256 << 20

// evalExecOptions sizes the executor's chunks and window for plan on
// workers: the defaults, unless recorded tasks would hold more than
// evalWindowBytes of records in the window, which then holds fewer tasks
// (never fewer than one a worker). Sizes change nothing the sink sees.
func evalExecOptions(plan *Plan, workers int, record bool) engine.ExecOptions {
	opt := engine.ExecOptions{Workers: workers}
	if !record {
		return opt
	}
	states := MaxStates // a synthetic population's size may be swept
	if plan.roster != nil {
		states = len(plan.roster.States)
	}
	per := len(plan.Config.Architectures) * (plan.maxPeriods()*int(unsafe.Sizeof(engine.PeriodRecord{})) +
		states*int(unsafe.Sizeof(engine.StateRecord{})))
	tasks := evalWindowBytes / max(1, per)
	window := engine.DefaultWindowPerWorker * workers
	if tasks >= engine.DefaultChunkTasks*window {
		return opt
	}
	opt.ChunkTasks = max(1, tasks/window)
	opt.WindowChunks = max(workers, min(window, tasks/opt.ChunkTasks))
	return opt
}

// maxPeriods is the most periods a point of the plan runs.
func (p *Plan) maxPeriods() int {
	j := slices.Index(p.SweptNames, "periods")
	if j < 0 {
		return p.Point(0).Values.Int("periods")
	}
	m := 1
	for k := range p.NumPoints() {
		m = max(m, int(p.Swept(k)[j]))
	}
	return m
}

// evalResult is one task's rows, reused by the executor.
type evalResult struct {
	skip bool
	rows output.TaskRows
	rec  recorder
}

// recorder collects the optional per-period and per-state records.
type recorder struct {
	periods [][]engine.PeriodRecord
	states  [][]engine.StateRecord
}

func (r *recorder) RecordPeriod(a int, p *engine.PeriodRecord) {
	r.periods[a] = append(r.periods[a], *p)
}
func (r *recorder) RecordState(a int, s *engine.StateRecord) { r.states[a] = append(r.states[a], *s) }

// evalWorker is one executor goroutine's state: its scratch and the
// scenario of the point it last ran (tasks are point-major, so it rarely
// changes).
type evalWorker struct {
	run   *engine.Runner
	point int
	sc    *engine.Scenario
}

func (w *evalWorker) evaluate(plan *Plan, scenarios *scenarioCache, task, nArch int, record bool, out *evalResult) error {
	point, rep := plan.Task(task)
	if point != w.point {
		sc, err := scenarios.get(point)
		if err != nil {
			return fmt.Errorf("point %d: %w", point, err)
		}
		w.sc, w.point = sc, point
	}
	out.rows.Point, out.rows.Replicate = point, rep
	out.rows.Seed = plan.TaskSeed(point, rep)
	if len(out.rows.Outcomes) != nArch {
		out.rows.Outcomes = make([]engine.Outcome, nArch)
	}
	var rec engine.Recorder
	out.rows.Periods, out.rows.States = nil, nil
	if record {
		out.rec.periods = resize(out.rec.periods, nArch)
		out.rec.states = resize(out.rec.states, nArch)
		out.rows.Periods, out.rows.States = out.rec.periods, out.rec.states
		rec = &out.rec
	}
	w.run.Run(w.sc, out.rows.Seed, out.rows.Outcomes, rec)
	return nil
}

// scenarioCache builds each point's scenario once, even when several
// workers start the same point together, and keeps only the latest few:
// tasks are point-major, so workers are within a point or two of each
// other, and memory must not grow with the number of points.
type scenarioCache struct {
	plan *Plan
	mu   sync.Mutex
	keep map[int]*scenarioEntry
}

type scenarioEntry struct {
	once sync.Once
	sc   *engine.Scenario
	err  error
}

// scenarioKeep bounds the cache; a worker far behind rebuilds its point.
const scenarioKeep = 64

func newScenarioCache(plan *Plan) *scenarioCache {
	return &scenarioCache{plan: plan, keep: map[int]*scenarioEntry{}}
}

func (c *scenarioCache) get(point int) (*engine.Scenario, error) {
	c.mu.Lock()
	e := c.keep[point]
	if e == nil {
		e = &scenarioEntry{}
		if len(c.keep) >= scenarioKeep {
			for k := range c.keep {
				if k < point {
					delete(c.keep, k)
				}
			}
		}
		c.keep[point] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.sc, e.err = c.plan.Scenario(point) })
	return e.sc, e.err
}

func resize[T any](s [][]T, n int) [][]T {
	if len(s) != n {
		s = make([][]T, n)
	}
	for k := range s {
		s[k] = s[k][:0]
	}
	return s
}
