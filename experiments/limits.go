package experiments

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"pactsim/engine"
	"pactsim/output"
)

// The hard limits: a plan beyond them is refused by validate and by run
// alike, with no override, because the formats or the bookkeeping cannot
// hold it (DESIGN.md, "Turn 2 contracts": one table of limits).
const (
	// MaxConfigBytes caps the config file: a config is a few KiB, and an
	// embedded roster a few more.
	MaxConfigBytes = 16 << 20
	// MaxRosterBytes caps a roster CSV: a roster is one line per state.
	MaxRosterBytes = 16 << 20
	// MaxPoints caps the design: the design matrix is held in memory.
	MaxPoints = 1 << 22
	// MaxReplicates caps replicates per point: the replicate column is
	// int32 in every table.
	MaxReplicates = math.MaxInt32
	// MaxTasks caps points × replicates: task indices stay well inside
	// int64 and exact in float64.
	MaxTasks = 1 << 50
)

// The soft limits: a plan beyond them could be meant, but most likely is a
// typo, and it would run for weeks, fill the disk or exhaust memory before
// it ends. Validate and run refuse it unless the user says they mean it
// (--allow-large on the command line, RunOptions.AllowLarge here).
const (
	// MaxPartFiles caps the part files of one run or shard: the manifest
	// lists (and holds in memory) one entry per file, about 200 bytes.
	MaxPartFiles = 1_000_000
	// MaxDuration caps the estimated wall time of one run or shard.
	MaxDuration = 7 * 24 * time.Hour
	// DiskHeadroom is the share of the free space a run may plan to use.
	DiskHeadroom = 0.9
)

// Limit is one row of the limits table, for `runner validate --limits` and
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
	{"roster file", output.FormatBytes(MaxRosterBytes) + ", a regular file", true, "a roster is one line per state", "population.roster"},
	{"design points", fmt.Sprint(MaxPoints), true, "the design matrix is held in memory", "sweep"},
	{"replicates per point", fmt.Sprint(MaxReplicates), true, "the replicate column is int32", "replicates"},
	{"tasks (points × replicates)", fmt.Sprint(int64(MaxTasks)), true, "task numbers stay exact", "replicates, sweep"},
	{"part files of a run or shard", fmt.Sprint(MaxPartFiles), false, "the manifest lists every file", "output.part_tasks"},
	{"estimated wall time of a run or shard", MaxDuration.String(), false, "a run that cannot finish should be sharded", "--shard, --workers"},
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
	FreeAt        string        // the existing folder whose file system was measured
	WholeTables   bool          // Bytes includes summary and contrasts
	Architectures int
}

// plotsBytes is a stated allowance for the figures and the report (about
// 0.8 MB for the shipped configs).
const plotsBytes = 2 << 20

// calibrationBudget bounds the time the calibration spends simulating.
const calibrationBudget = 250 * time.Millisecond

// calibrationMax bounds the tasks it runs.
const calibrationMax = 64

// EstimateRun calibrates the plan on this machine: it runs the first tasks
// of [lo, hi) (up to 64, or 0.25 s) on one goroutine, writes their rows
// into memory as parts of two sizes to learn the bytes per task and per
// part, and scales up. dir is where the run would write (it need not
// exist): the free space of its file system is measured. Whole tables
// (summary, contrasts) are counted when whole is true, at a stated 300
// bytes per row over their Parquet, CSV and Arrow files, and the figures
// and report at a stated 2 MiB.
func EstimateRun(ctx context.Context, plan *Plan, lo, hi, workers int, dir string, whole bool) (Estimate, error) {
	if workers <= 0 {
		workers = DefaultWorkers()
	}
	P := plan.Config.Output.PartTasks
	A := len(plan.Config.Architectures)
	e := Estimate{Lo: lo, Hi: hi, Tasks: int64(hi - lo), Parts: int64(NumParts(lo, hi, P)), Workers: workers, Free: -1, WholeTables: whole, Architectures: A}
	e.RunsRows = e.Tasks * int64(A)
	o := plan.Config.Output
	files := int64(1)
	if o.HasTable("trajectories") {
		files++
	}
	if o.HasTable("states") {
		files++
	}
	if o.HasFormat("arrow") {
		files *= 2
	}
	e.PartFiles = e.Parts * files
	e.Free, e.FreeAt = freeSpace(dir)
	if lo == hi {
		return e, nil
	}
	n := min(hi-lo, calibrationMax)
	rows := make([]output.TaskRows, 0, n)
	w := &evalWorker{run: engine.NewRunner(), point: -1}
	cache := newScenarioCache(plan)
	record := o.HasTable("trajectories") || o.HasTable("states")
	var spent time.Duration
	for task := lo; task < lo+n; task++ {
		if err := ctx.Err(); err != nil {
			return e, err
		}
		var out evalResult
		start := time.Now()
		if err := w.evaluate(plan, cache, task, A, record, &out); err != nil {
			return e, err
		}
		spent += time.Since(start)
		rows = append(rows, out.rows)
		if spent > calibrationBudget {
			break
		}
	}
	e.Calibrated = len(rows)
	e.PerTask = spent / time.Duration(len(rows))
	cores := min(workers, max(1, runtime.NumCPU()))
	// Saturate: a float64 beyond int64 converts to an undefined (in
	// practice negative) Duration, which would pass the time limit.
	e.Duration = time.Duration(math.MaxInt64)
	if d := float64(e.PerTask) * float64(e.Tasks) / float64(cores); d < math.MaxInt64 {
		e.Duration = time.Duration(d)
	}

	perTask, perPart, err := measureBytes(plan, lo, rows)
	if err != nil {
		return e, err
	}
	bytes := perTask*float64(e.Tasks) + perPart*float64(e.Parts)
	if whole {
		K := float64(engine.NumOutcomes)
		pairs := float64(A * (A - 1) / 2)
		bytes += 300 * float64(plan.NumPoints()) * (float64(A) + pairs) * K
	}
	if whole && o.Plots {
		bytes += plotsBytes
	}
	e.Bytes = int64(min(bytes, math.MaxInt64/2))
	return e, nil
}

// measureBytes writes rows (the tasks lo, lo+1, ...) as one part and as a
// part of half of them into a file system that only counts bytes, and
// returns the bytes per task and the fixed bytes per part (footers,
// schemas) by difference.
func measureBytes(plan *Plan, lo int, rows []output.TaskRows) (perTask, perPart float64, err error) {
	size := func(n int) (float64, error) {
		fs := &countingFS{}
		ds, err := output.New(layout(plan, filepath.Join(os.TempDir(), ".pactsim-calibration-not-written"), fs))
		if err != nil {
			return 0, err
		}
		w, err := ds.NewPart(PartName(lo, plan.Config.Output.PartTasks), lo, lo+n)
		if err != nil {
			return 0, err
		}
		for k := range n {
			if err := w.Write(&rows[k]); err != nil {
				w.Abort()
				return 0, err
			}
		}
		if err := w.Close(); err != nil {
			return 0, err
		}
		return float64(fs.n), nil
	}
	n := len(rows)
	full, err := size(n)
	if err != nil || n < 2 {
		return full, 0, err
	}
	half, err := size(n / 2)
	if err != nil {
		return 0, 0, err
	}
	perTask = max(0, (full-half)/float64(n-n/2))
	perPart = max(0, full-perTask*float64(n))
	return perTask, perPart, nil
}

// countingFS is a FileSystem that writes nothing and counts the bytes.
type countingFS struct{ n int64 }

func (c *countingFS) MkdirAll(string) error              { return nil }
func (c *countingFS) Create(string) (output.File, error) { return &countingFile{c}, nil }
func (c *countingFS) Rename(string, string) error        { return nil }
func (c *countingFS) Remove(string) error                { return nil }

type countingFile struct{ fs *countingFS }

func (f *countingFile) Write(p []byte) (int, error) { f.fs.n += int64(len(p)); return len(p), nil }
func (f *countingFile) Sync() error                 { return nil }
func (f *countingFile) Close() error                { return nil }

// freeSpace returns the bytes available to this user on the file system
// that dir is (or would be created) on, and the folder measured.
func freeSpace(dir string) (int64, string) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return -1, ""
	}
	for {
		var st syscall.Statfs_t
		if err := syscall.Statfs(d, &st); err == nil {
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
	if allowLarge {
		return nil
	}
	var over []string
	if e.PartFiles > MaxPartFiles {
		over = append(over, fmt.Sprintf("%d part files (limit %d): raise output.part_tasks or shard the run", e.PartFiles, MaxPartFiles))
	}
	if e.Duration > MaxDuration {
		over = append(over, fmt.Sprintf("an estimated %s of computing (limit %s): shard the run (--shard I/N) over more machines", FormatDuration(e.Duration), FormatDuration(MaxDuration)))
	}
	if e.Free >= 0 && float64(e.Bytes) > DiskHeadroom*float64(e.Free) {
		over = append(over, fmt.Sprintf("an estimated %s of output, but %s has %s free", output.FormatBytes(e.Bytes), e.FreeAt, output.FormatBytes(e.Free)))
	}
	if len(over) == 0 {
		return nil
	}
	return usagef("the plan is too large to finish: %s; if you mean it, pass --allow-large", strings.Join(over, "; "))
}

// String is the one-line estimate the command line prints.
func (e Estimate) String() string {
	s := fmt.Sprintf("estimated %s on %d %s and %s of output", FormatDuration(e.Duration), e.Workers, plural(e.Workers, "worker"), output.FormatBytes(e.Bytes))
	if e.Calibrated > 0 {
		s += fmt.Sprintf(" (from %d %s timed here, %s each)", e.Calibrated, plural(e.Calibrated, "task"), FormatDuration(e.PerTask))
	}
	return s
}

// FormatDuration renders a duration for people: 850µs, 2.5s, 3m20s, 4h10m,
// 12.3 days, 41 years.
func FormatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(100 * time.Microsecond).String()
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	case d < time.Hour:
		return d.Round(time.Second).String()
	case d < 48*time.Hour:
		return d.Round(time.Minute).String()
	case d < 2*365*24*time.Hour:
		return fmt.Sprintf("%.1f days", d.Hours()/24)
	}
	return fmt.Sprintf("%.0f years", d.Hours()/24/365)
}

func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
