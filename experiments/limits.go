package experiments

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"pactsim/agents"
	"pactsim/engine"
	"pactsim/output"
)

// The hard limits: a plan beyond them is refused by validate and by run
// alike, with no override, because the formats or the bookkeeping cannot
// hold it (README, "What a results directory holds": one table of limits).
const (
	// MaxConfigBytes caps the config file: a config is a few KiB, and an
	// embedded roster a few more (one limit with output's, which
	// plots.ReadMeta applies to a results directory's config).
	MaxConfigBytes = output.MaxConfigBytes
	// MaxConfigItems caps the YAML items of a config (an upper bound on
	// the parser's nodes, yamlItems): the parser holds each in memory, so
	// 16 MiB of one-character list entries took 2 GB. A million items is
	// far beyond any config written by hand, and a sweep that long is a
	// range or a design.
	MaxConfigItems = 1 << 20
	// MaxRosterBytes caps a roster CSV: a roster is one line per state.
	MaxRosterBytes = 16 << 20
	// MaxPoints caps the design: the design matrix is held in memory.
	MaxPoints = 1 << 22
	// MaxDesignValues caps the design matrix itself, points × swept
	// parameters: it is held in memory, and a sampled design builds it
	// twice (the unit cube, then the parameters' ranges), so 4M points of
	// 48 parameters took 46 s and 6 GB to read. 16M values are 128 MiB a
	// copy; a 48-parameter lhs at the cap takes some 400 MB and 10-20 s
	// to read on a two-core machine, inside a plan of days.
	MaxDesignValues = 1 << 24
	// MaxReplicates caps replicates per point: the replicate column is
	// int32 in every table.
	MaxReplicates = math.MaxInt32
	// MaxTasks caps points × replicates: task indices stay well inside
	// int64 and exact in float64.
	MaxTasks = 1 << 50
	// MaxArchitectures caps a config's architectures: the contrasts of
	// every pair at a point are computed and held together, so memory
	// grows with the square of their number (a hostile review, stop 33:
	// 600 architectures took 5.9 GB at one point of 2 replicates, 300
	// took 1.6 GB); 100 make 4,950 pairs.
	MaxArchitectures = 100
	// MaxPartTasks caps output.part_tasks.
	MaxPartTasks = 1 << 30
	// MaxStates caps the states of a roster file and of a synthetic
	// population (population.size, whose registry range ends here too):
	// the engine holds an N × N link table per run and every period
	// visits it, so 105,000 states exhausted memory and 5,000 took a
	// gigabyte and 19 s per run. A thousand states run in well under a
	// second a task and some 8 MB of links.
	MaxStates = 1000
	// MaxCalibrationValues caps what a calibration holds of one
	// evaluation, replicates × target series (each target's outcome, two
	// for a ratio, in every replicate): 256 MiB of float64, as the
	// bootstrap's cap. The 2^31 replicates a run may have would need 17
	// GB a series.
	MaxCalibrationValues = 1 << 25
	// MaxWorkers caps --workers and SLURM_CPUS_PER_TASK: far beyond the
	// hardware threads of any machine, and well inside the executor's
	// window arithmetic (a value near 2⁶¹ overflowed it).
	MaxWorkers = 1 << 16
)

// The soft limits: a plan beyond them could be meant, but most likely is a
// typo, and it would run for weeks, fill the disk or exhaust memory before
// it ends. Validate and run refuse it unless the user says they mean it
// (--allow-large on the command line, RunOptions.AllowLarge here).
const (
	// MaxPartFiles caps the part files of one run, shard or merge: the
	// manifest lists (and holds in memory) one entry per file, about 200
	// bytes.
	MaxPartFiles = 1_000_000
	// MaxDuration caps the estimated wall time of one run or shard.
	MaxDuration = 7 * 24 * time.Hour
	// DiskHeadroom is the share of the free space a run may plan to use.
	DiskHeadroom = 0.9
)

// checkStates refuses a roster over MaxStates.
func checkStates(file string, line int, r *agents.Roster) error {
	if n := len(r.States); n > MaxStates {
		return &ConfigError{File: file, Line: line, Key: "population.roster",
			Msg: fmt.Sprintf("roster %s has %d states, over the limit of %d (`runner validate --help` lists every limit)", r.Name, n, MaxStates)}
	}
	return nil
}

// Limit is one row of the limits table, for `runner validate --help` and
// the README.
type Limit struct {
	What  string
	Max   string
	Hard  bool // false: --allow-large overrides it
	Why   string
	Where string // the config key or file it applies to
}

// Limits is the table of limits that validate and run both enforce.
var Limits = []Limit{
	{"config file", output.FormatBytes(MaxConfigBytes) + ", a regular file", true, "a config is a few KiB; a device or FIFO would never end", "CONFIG"},
	{"YAML items of a config (lines, keys, list entries)", fmt.Sprint(MaxConfigItems), true, "the YAML parser holds each item in memory", "CONFIG"},
	{"roster file", output.FormatBytes(MaxRosterBytes) + ", a regular file", true, "a roster is one line per state", "population.roster"},
	{"states", fmt.Sprint(MaxStates), true, "the engine holds a states × states link table per run", "population.roster, population.size"},
	{"architectures", fmt.Sprint(MaxArchitectures), true, "the contrasts of every pair at a point are held together: memory grows with the square of their number", "architectures"},
	{"design points", fmt.Sprint(MaxPoints), true, "the design matrix is held in memory", "sweep"},
	{"design values (points × swept parameters)", fmt.Sprint(MaxDesignValues), true, "the design matrix is held in memory", "sweep"},
	{"replicates per point", fmt.Sprint(MaxReplicates), true, "the replicate column is int32", "replicates"},
	{"calibration values of an evaluation (replicates × target series)", fmt.Sprint(MaxCalibrationValues), true, "every replicate's value of each target is held in memory", "replicates, calibration.targets"},
	{"workers", fmt.Sprint(MaxWorkers), true, "far beyond any machine's threads", "--workers, SLURM_CPUS_PER_TASK"},
	{"tasks (points × replicates)", fmt.Sprint(int64(MaxTasks)), true, "task numbers stay exact", "replicates, sweep"},
	{"part files of a run, shard or merge", fmt.Sprint(MaxPartFiles), false, "the manifest lists every file", "output.part_tasks"},
	{"estimated wall time of a run, shard or calibration", MaxDuration.String(), false, "a run that cannot finish should be sharded; a calibration, given fewer evaluations or replicates", "--shard, --workers, calibration.optimizer.evaluations"},
	{"estimated disk use", fmt.Sprintf("%.0f%% of the free space", 100*DiskHeadroom), false, "a full disk stops the run", "-o DIR"},
}

// Estimate is what a run of tasks [Lo, Hi) of a plan will cost, from a
// short calibration: a few of its tasks run and written (into memory) on
// this machine.
type Estimate struct {
	Lo, Hi    int
	Tasks     int64
	Parts     int64
	PartFiles int64
	RunsRows  int64
	Workers   int

	Calibrated    int           // tasks timed
	PerTask       time.Duration // CPU time per task, measured
	Duration      time.Duration // estimated wall time on Workers workers
	Bytes         int64         // estimated bytes written under DIR
	Free          int64         // free bytes where DIR goes; -1 if unknown
	Held          int64         // bytes DIR already holds that a --resume or --force keeps or replaces: room too
	FreeAt        string        // the existing folder whose file system was measured
	WholeTables   bool          // Bytes includes summary and contrasts
	Architectures int
	// AtLeast says that no task finished within the calibration's time
	// box: PerTask and Duration are lower bounds and Bytes is unknown (0),
	// unless Extrapolated.
	AtLeast bool
	// Extrapolated says that the task stopped by the time box had run
	// some of its periods: PerTask and Duration are scaled up from the
	// share it ran (PeriodsDone of PeriodsTotal), an estimate rather than
	// a bound, and the soft limits apply to it; Bytes is still unknown.
	Extrapolated              bool
	PeriodsDone, PeriodsTotal int
	// Evaluations is a calibration's budget (EstimateCalibration): Duration
	// is then that of every evaluation, each the plan's tasks; 0 for a run.
	Evaluations int64
	// Design: the calibration is a design (method lhs), which runs every
	// one of its evaluations, so Duration is not a bound.
	Design bool
	// Writing and Summary are the parts of Duration that writing the part
	// files and the summary step take, timed under TMPDIR
	// (estimate_whole.go): 0 for a plan of few points and parts, which is
	// not timed for them; Summary is 0 for a shard, which leaves it to the
	// merge. Untimed says why they could not be timed, where they could not.
	Writing, Summary time.Duration
	Untimed          string
	// Analysis is the part of Duration the sensitivity analysis takes once
	// the tasks are done (its bootstrap, on one goroutine, at the end of an
	// unsharded run or a merge): timed here on a smaller sample and
	// scaled (estimateSensitivity).
	Analysis time.Duration
	// Discovery is the part of Analysis that scenario discovery (PRIM)
	// takes (estimateDiscovery).
	Discovery time.Duration
	// Merge is, for a shard (EstimateShard), what its merge will list.
	Merge MergeCount
}

// plotsBytes is a stated allowance for the figures and the report (0.8
// to 1.5 MB for the shipped configs), and analysisPlotsBytes one for each
// discovery search's figures (0.7 MB each in where-layered-wins.yaml).
const (
	plotsBytes         = 2 << 20
	analysisPlotsBytes = 1 << 20
)

// wholeTableBytes is a stated allowance for the summary and contrasts and,
// when an architecture bears a treaty, their by-formation twins (two
// strata: twice the rows): a row per point and outcome of every
// architecture and every pair. A row takes about 160 bytes over its CSV
// and Parquet files, and 18 more for each swept parameter, whose value
// every row repeats; an Arrow copy adds about 80 and 8 (measured on the
// shipped quick.yaml, one swept parameter, and a 64-point
// where-layered-wins.yaml, sixteen: 150–180 and 440 bytes a row). The flat
// 300 bytes a row it replaces, without the twins, put the 1.5 GB of
// where-layered-wins.yaml at 396 MiB.
func wholeTableBytes(plan *Plan) float64 {
	rows := float64(tableRows(plan, plan.NumPoints()))
	if planBearsTreaty(plan) {
		rows *= 3
	}
	d := 0.0
	if sw := plan.Config.Sweep; sw != nil {
		d = float64(len(sw.Parameters))
	}
	perRow := 160 + 18*d
	if plan.Config.Output.HasFormat("arrow") {
		perRow += 80 + 8*d
	}
	return rows * perRow
}

// planBearsTreaty reports whether an architecture of the plan's first
// point bears a treaty, so that the by-formation tables have rows.
func planBearsTreaty(plan *Plan) bool {
	pt := plan.Point(0)
	r, err := plan.Roster(pt)
	if err != nil {
		return true // an allowance errs long
	}
	archs, err := plan.Architectures(pt, r)
	if err != nil {
		return true
	}
	return slices.ContainsFunc(archs, agents.Architecture.HasTreaty)
}

// calibrationBudget bounds the time the calibration spends simulating.
const calibrationBudget = 250 * time.Millisecond

// calibrationMax bounds the tasks it runs.
const calibrationMax = 64

// calibrationLimit bounds the calibration's wall time whatever one task
// costs: a task still running then is stopped (engine.Runner.Stop) and the
// estimate says its time per task is a lower bound.
const calibrationLimit = time.Second

// calibrationHardLimit bounds how long the calibration waits past
// calibrationLimit for a task in its set-up to run its first period.
const calibrationHardLimit = 10 * time.Second

// EstimateRun calibrates the plan on this machine: it runs the first tasks
// of [lo, hi) (up to 64, or 0.25 s of simulating; it stops a task still
// running after 1 s and then reports a lower bound, see
// Estimate.AtLeast) on one goroutine, writes their rows
// into memory as parts of two sizes to learn the bytes per task and per
// part, and scales up. dir is where the run would write (it need not
// exist): the free space of its file system is measured. Whole tables
// (summary, contrasts and their by-formation twins) are counted when whole
// is true, at the stated allowance of wholeTableBytes, and the figures and
// report at a stated 2 MiB and 1 MiB for each discovery search.
func EstimateRun(ctx context.Context, plan *Plan, lo, hi, workers int, dir string, whole bool) (Estimate, error) {
	return estimateRun(ctx, plan, lo, hi, workers, dir, whole, estimateOptions{})
}

// estimateOptions tunes estimateRun: noParts for a calibration, whose
// evaluations write no parts.
type estimateOptions struct{ noParts bool }

func estimateRun(ctx context.Context, plan *Plan, lo, hi, workers int, dir string, whole bool, opt estimateOptions) (Estimate, error) {
	if workers <= 0 {
		workers = DefaultWorkers()
	}
	P := plan.Config.Output.PartTasks
	A := len(plan.Config.Architectures)
	e := Estimate{Lo: lo, Hi: hi, Tasks: int64(hi - lo), Parts: int64(NumParts(lo, hi, P)), Workers: workers, Free: -1, WholeTables: whole, Architectures: A}
	e.RunsRows = e.Tasks * int64(A)
	o := plan.Config.Output
	e.PartFiles = e.Parts * o.filesPerPart()
	e.Free, e.FreeAt = measureFree(dir)
	if lo == hi {
		return e, nil
	}
	n := min(hi-lo, calibrationMax)
	rows := make([]output.TaskRows, 0, n)
	w := &evalWorker{run: engine.NewRunner(), point: -1}
	cache := newScenarioCache(plan)
	record := o.HasTable("trajectories") || o.HasTable("states")
	// A signal or the time box stops the task being timed within a period.
	var stop atomic.Bool
	defer context.AfterFunc(ctx, func() { stop.Store(true) })()
	began := time.Now()
	// The box stops a task once it has run a period at least, so that its
	// time can be scaled up from the share it ran; a task still in its
	// set-up then (a population of a thousand states on a loaded machine)
	// gets until calibrationHardLimit to finish one.
	// It observes the periods run twice, a quarter of the box apart, so that
	// the rate of periods and the set-up's time are told apart.
	type seen struct {
		at      time.Duration
		periods int
	}
	var (
		mu            sync.Mutex
		box           *time.Timer
		ended         bool
		check         func()
		first, second seen
	)
	check = func() {
		mu.Lock()
		defer mu.Unlock()
		if ended {
			return
		}
		now := seen{time.Since(began), w.run.PeriodsDone()}
		switch {
		case now.at >= calibrationHardLimit:
			stop.Store(true)
		case now.periods == 0:
			box = time.AfterFunc(calibrationLimit/20, check)
		case first.periods == 0:
			first = now
			box = time.AfterFunc(calibrationLimit/4, check)
		default:
			second = now
			stop.Store(true)
		}
	}
	mu.Lock()
	box = time.AfterFunc(calibrationLimit, check)
	mu.Unlock()
	defer func() {
		mu.Lock()
		ended = true
		box.Stop()
		mu.Unlock()
	}()
	w.run.Stop, w.run.CountPeriods = &stop, true
	var spent time.Duration
	var stoppedAt time.Duration // how long the task the time box stopped had run
	for task := lo; task < lo+n; task++ {
		if err := ctx.Err(); err != nil {
			return e, err
		}
		var out evalResult
		start := time.Now()
		err := w.evaluate(plan, cache, task, A, record, &out)
		if err := ctx.Err(); err != nil {
			return e, err
		}
		if stop.Load() {
			// The time box: this task is unfinished, its rows unusable;
			// how far it got tells how long it would take.
			stoppedAt = time.Since(start)
			e.PeriodsDone = w.run.PeriodsDone()
			pt, _ := plan.Task(task)
			e.PeriodsTotal = A * plan.Point(pt).Values.Int("periods")
			break
		}
		if err != nil {
			return e, err
		}
		spent += time.Since(start)
		rows = append(rows, out.rows)
		if spent > calibrationBudget {
			break
		}
	}
	cores := min(workers, max(1, runtime.NumCPU()))
	e.Calibrated = len(rows)
	if len(rows) == 0 {
		// Not one task in the time box: it takes at least that long, and
		// if it ran some of its periods, about as much longer as the rest
		// (a period's cost varies little over a run).
		e.AtLeast = true
		e.PerTask = time.Since(began)
		if e.PeriodsDone > 0 && e.PeriodsTotal > e.PeriodsDone && ctx.Err() == nil {
			e.Extrapolated = true
			mu.Lock()
			a, b := first, second
			mu.Unlock()
			// The periods at the rate measured between the two
			// observations (in the task's first architecture: the others
			// are taken to be as fast), and the set-up before the first
			// once per architecture (each architecture sets up anew; the
			// population draw, counted with each, errs long). With one
			// observation (a period longer than the gap), the whole time
			// scaled up, which counts the set-up as periods and errs long.
			per := float64(stoppedAt) * float64(e.PeriodsTotal) / float64(e.PeriodsDone)
			if b.periods > a.periods && b.at > a.at {
				rate := float64(b.at-a.at) / float64(b.periods-a.periods) // time a period
				setup := max(0, float64(a.at)-rate*float64(a.periods))
				per = setup*float64(A) + rate*float64(e.PeriodsTotal)
			}
			e.PerTask = time.Duration(min(per, float64(math.MaxInt64/2)))
		}
		e.Duration = scaleDuration(e.PerTask, e.Tasks, cores)
		return e, e.addAnalysis(ctx, plan, whole)
	}
	e.PerTask = spent / time.Duration(len(rows))
	e.Duration = scaleDuration(e.PerTask, e.Tasks, cores)
	// Writing the parts (one goroutine, in task order) and the summary
	// step are added to the simulation's time: they overlap it little on
	// the few cores of a workstation, so the sum errs long where they do.
	// A plan of few points and parts, and few bytes of parts, is not
	// timed for them (timedLargePoints, timedParts, timedBytes), nor a
	// calibration's evaluations, which write neither.
	perTask, perPart, err := measureBytes(plan, lo, rows)
	if err != nil {
		return e, err
	}
	bytes := perTask*float64(e.Tasks) + perPart*float64(e.Parts) // the parts'
	// Under sweep.crn: points a part repeats each replicate at every point
	// it holds, which the timed tasks, of one point, do not show.
	if rep := crnRepeats(lo, hi, P, plan.Replicates()); plan.CRN() && rep > 0 && !opt.noParts && !stop.Load() {
		perRepeat, ok, err := measureRepeatBytes(ctx, plan, w, cache, rows, lo, hi, record, &stop)
		if err != nil {
			return e, err
		}
		if ok && perRepeat < perTask {
			bytes -= (perTask - perRepeat) * float64(rep)
		}
	}
	summary := whole && (plan.NumPoints() > timedLargePoints || e.Parts > timedParts)
	// The timing writes timedTasks tasks in timedPartFiles parts: where
	// that is more than the run writes, and more than a few MiB, it would
	// cost more than it measures (and put several times the run's output
	// in TMPDIR).
	timingBytes := perTask*timedTasks + perPart*timedPartFiles
	timingRows, runRows := summaryRows(plan, timingPoints), summaryRows(plan, plan.NumPoints())
	switch {
	case opt.noParts || !summary && e.Parts <= timedParts && bytes <= timedBytes: // not timed
	case timingBytes > max(bytes, 16<<20):
		e.Untimed = fmt.Sprintf("timing them would write %s, more than the run's %s", output.FormatBytes(int64(timingBytes)), output.FormatBytes(int64(bytes)))
	case summary && timingRows > max(runRows, timedSummaryRows):
		e.Untimed = fmt.Sprintf("timing them would write %d rows of summary tables, more than the run's %d", timingRows, runRows)
	default:
		cost, untimed, err := timeWhole(ctx, plan, rows, summary)
		if err != nil {
			return e, err
		}
		if e.Untimed = untimed; untimed == "" {
			e.Writing = cost.writing(e.Tasks, e.Parts)
			if summary {
				e.Summary = cost.summary(int64(plan.NumPoints()), e.Parts)
			}
			e.Duration = addDuration(addDuration(e.Duration, e.Writing), e.Summary)
		}
	}
	if err := e.addAnalysis(ctx, plan, whole); err != nil {
		return e, err
	}

	if whole {
		bytes += wholeTableBytes(plan)
	}
	if whole && o.Plots {
		bytes += plotsBytes
		if a := plan.Config.Analysis; a != nil {
			bytes += analysisPlotsBytes * float64(len(a.Discovery))
		}
	}
	e.Bytes = int64(min(bytes, math.MaxInt64/2))
	return e, nil
}

// scaleDuration is the wall time of tasks tasks of perTask each on cores
// cores.
func scaleDuration(perTask time.Duration, tasks int64, cores int) time.Duration {
	// Saturate rather than overflow: a plan of 1e13 tasks needs more than
	// the ~292 years a time.Duration holds, and must still read as too long.
	// A task runs on one worker: the workers take ⌈tasks/cores⌉ rounds.
	rounds := math.Ceil(float64(tasks) / float64(cores))
	d := float64(perTask) * rounds
	if d >= math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(d)
}

// freeSpace returns the bytes available to this user on the file system
// that dir is (or would be created) on, and the folder measured.
// measureFree is freeSpace, a variable so that a test can play a full
// disk; only tests that do not run in parallel may set it.
var measureFree = freeSpace

func freeSpace(dir string) (int64, string) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return -1, ""
	}
	for {
		var st syscall.Statfs_t
		if err := syscall.Statfs(d, &st); err == nil && st.Blocks == 0 {
			// A file system that states no size (/proc, /sys) holds no
			// results, and "0 B free, pass --allow-large" sent the user
			// to a flag that does not help: creating the directory says.
			return -1, ""
		} else if err == nil {
			return int64(st.Bavail) * int64(st.Bsize), d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return -1, ""
		}
		d = parent
	}
}

// Check refuses an estimate over a soft limit, unless allowLarge. The
// error is a usage error (exit 2) that names the limit, the estimate and
// the way out.
func (e Estimate) Check(allowLarge bool) error {
	over := e.Over()
	if allowLarge || len(over) == 0 {
		return nil
	}
	return usagef("the plan is too large to finish: %s; if you mean it, pass --allow-large%s", strings.Join(over, "; "), e.allowLargeTo())
}

// CheckEstimate is e.Check for a run or a calibration of p, whose refusal
// also says what sets the plan's size and where (a hostile review, stop
// 33: it named the limit, not the key): replicates at its line, the
// design's points, the architectures, and a calibration's evaluations.
func (p *Plan) CheckEstimate(e Estimate, allowLarge bool) error {
	err := e.Check(allowLarge)
	if err == nil {
		return nil
	}
	at := ""
	if l := p.Config.replicatesLine; l > 0 {
		at = fmt.Sprintf(" at %s:%d", p.file, l)
	}
	size := fmt.Sprintf("replicates %d%s × %d design %s × %d %s", p.Replicates(), at, p.NumPoints(), output.Plural(p.NumPoints(), "point"),
		len(p.ArchitectureNames()), output.Plural(len(p.ArchitectureNames()), "architecture"))
	if c := p.Config.Calibration; c != nil {
		size += fmt.Sprintf(", for %s (calibration.optimizer.evaluations)", c.Optimizer.Budget())
	}
	return usagef("%s (the plan's size: %s)", strings.TrimSuffix(err.Error(), "."), size)
}

// Over lists the soft limits the estimate is over, each with what to do
// about it; none when it is within every one.
func (e Estimate) Over() []string {
	var over []string
	if e.PartFiles > MaxPartFiles {
		over = append(over, partFilesOver(e.PartFiles, MaxPartFiles))
	}
	if m := e.mergeOver(); m != "" {
		over = append(over, m)
	}
	switch {
	case e.Duration > MaxDuration && e.Evaluations > 0:
		over = append(over, fmt.Sprintf("an estimated %s of computing for up to %d %s (limit %s, which the whole budget must fit, as the search may use it all): give the calibration fewer evaluations (calibration.optimizer.evaluations) or replicates, or more workers", FormatDuration(e.Duration), e.Evaluations, output.Plural(int(e.Evaluations), "evaluation"), FormatDuration(MaxDuration)))
	case e.Duration > MaxDuration && 2*e.Summary > e.Duration:
		// Sharding leaves the summary step to the merge (a code review,
		// stop 37): fewer points or replicates is what shortens it.
		over = append(over, fmt.Sprintf("an estimated %s of computing (limit %s), most of it the summary step (%s), which a merge of shards runs too: sweep fewer points or replicates", FormatDuration(e.Duration), FormatDuration(MaxDuration), FormatDuration(e.Summary)))
	case e.Duration > MaxDuration:
		over = append(over, fmt.Sprintf("an estimated %s of computing (limit %s): shard the run (--shard I/N) over more machines", FormatDuration(e.Duration), FormatDuration(MaxDuration)))
	}
	if e.Free >= 0 && float64(e.Bytes) > DiskHeadroom*float64(e.Free+e.Held) {
		held := ""
		if e.Held > 0 {
			held = fmt.Sprintf(", besides the %s the directory holds already", output.FormatBytes(e.Held))
		}
		// The headroom named, so that an estimate below the free space
		// does not read as a wrong refusal (a hostile review, stop 31).
		over = append(over, fmt.Sprintf("an estimated %s of output, but %s has %s free%s, and a run plans to use at most %.0f%% of it", output.FormatBytes(e.Bytes), e.FreeAt, output.FormatBytes(e.Free), held, 100*DiskHeadroom))
	}
	return over
}
