package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/spf13/cobra"

	"pactsim/engine"
	"pactsim/experiments"
	"pactsim/output"
	"pactsim/output/plots"
)

type runFlags struct {
	out     string
	workers int
	shard   string
	resume  bool
	force   bool
	quiet   bool
}

func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run CONFIG",
		Short: "run an experiment and write its results directory",
		Long: `Run every task of CONFIG (or of one shard of it) and write the results
directory: config.yaml, runs parts, summary, contrasts, points, codebook,
plots, report.html and, last, manifest.json.

An existing, non-empty directory is refused unless --force (which deletes a
previous pactsim results directory) or --resume (which keeps every finished
part and redoes the rest) is given.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runExperiment(c.Context(), args[0], f, c.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "out", "o", "", "results directory (default results/NAME)")
	fl.IntVar(&f.workers, "workers", 0, "worker goroutines (default SLURM_CPUS_PER_TASK, else the number of CPUs)")
	fl.StringVar(&f.shard, "shard", "", "run shard I of N (I/N, 0-based); default from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX; 0/1 turns sharding off")
	fl.BoolVar(&f.resume, "resume", false, "continue an interrupted run in DIR")
	fl.BoolVar(&f.force, "force", false, "replace an existing results directory")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "no progress output")
	return cmd
}

// provenance is what every file of a run records about its origin.
func provenance(plan *experiments.Plan) output.Provenance {
	return output.Provenance{ConfigSHA256: plan.Hash(), EngineVersion: engine.Version, ModelVersion: engine.ModelVersion}
}

// layout describes plan's results directory dir.
func layout(plan *experiments.Plan, dir string) output.Layout {
	pts := make([][]float64, plan.NumPoints())
	for k := range pts {
		pts[k] = plan.Swept(k)
	}
	o := plan.Config.Output
	return output.Layout{
		Dir: dir, Swept: plan.SweptNames, Points: pts, Replicates: plan.Replicates(),
		Architectures: plan.ArchitectureNames(),
		Arrow:         o.HasFormat("arrow"),
		Trajectories:  o.HasTable("trajectories"),
		States:        o.HasTable("states"),
		Provenance:    provenance(plan),
	}
}

func runExperiment(ctx context.Context, cfgPath string, f runFlags, stderr io.Writer) error {
	if f.resume && f.force {
		return usagef("run: --resume and --force exclude each other")
	}
	plan, err := experiments.Load(cfgPath)
	if err != nil {
		return err
	}
	shard, err := experiments.ResolveShard(f.shard, os.Getenv)
	if err != nil {
		return err
	}
	if f.workers < 0 {
		return usagef("run: --workers %d: want a positive number (or 0 for the default)", f.workers)
	}
	workers := f.workers
	if workers == 0 {
		workers = experiments.DefaultWorkers()
	}
	dir := f.out
	if dir == "" {
		dir = filepath.Join("results", plan.Name())
	}
	lo, hi := 0, plan.NumTasks()
	if shard.Sharded() {
		lo, hi = plan.Shard(shard.I, shard.N)
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "runner: %s: %d points × %d replicates × %d architectures; %s: tasks [%d, %d); %d %s; writing %s\n",
			plan.Name(), plan.NumPoints(), plan.Replicates(), len(plan.ArchitectureNames()), shard, lo, hi, workers, plural(workers, "worker"), dir)
	} else if shard.Sharded() {
		// The chosen shard is always printed (DESIGN.md, Precise contracts):
		// a batch log must say which share of the tasks it ran.
		fmt.Fprintf(stderr, "runner: %s: tasks [%d, %d)\n", shard, lo, hi)
	}

	ctx, stop := catchSignals(ctx)
	defer stop()

	started := time.Now().UTC()
	done, err := prepareDir(plan, dir, f, shardOf(shard, lo, hi))
	if err != nil {
		return err
	}
	if done {
		if !f.quiet {
			fmt.Fprintf(stderr, "runner: %s is complete and every file matches its manifest; nothing to do\n", dir)
		}
		return nil
	}
	ds, err := output.New(layout(plan, dir))
	if err != nil {
		return err
	}
	finished := map[string]bool{}
	if f.resume {
		if err := checkForeignParts(plan, ds, lo, hi); err != nil {
			return err
		}
		if err := removeTempFiles(dir); err != nil {
			return err
		}
		final, err := ds.FinalParts()
		if err != nil {
			return err
		}
		if err := checkPartRanges(plan, ds, lo, hi, final); err != nil {
			return err
		}
		for _, p := range final {
			finished[p] = true
		}
		if !f.quiet {
			fmt.Fprintf(stderr, "runner: resuming %s: %d of %d parts are final and kept\n", dir, len(final), len(plan.Parts(lo, hi)))
		}
	}
	if err := executeParts(ctx, plan, ds, lo, hi, workers, finished, f.quiet, stderr); err != nil {
		return interrupted(ctx, err)
	}
	m := &output.Manifest{Seed: plan.Seed(), Started: started, Workers: workers, Shard: shardOf(shard, lo, hi)}
	if !shard.Sharded() {
		if !f.quiet {
			what := "the summary, contrasts, points, codebook"
			if plan.Config.Output.Plots {
				what += ", plots and report"
			}
			fmt.Fprintf(stderr, "runner: writing %s\n", what)
		}
		if err := finalize(ctx, plan, ds, dir); err != nil {
			return interrupted(ctx, err)
		}
	}
	// A signal during the finalisation stops the run before its manifest
	// marks it complete: --resume redoes only the finalisation.
	if err := interrupted(ctx, nil); err != nil {
		return err
	}
	m.Finished = time.Now().UTC()
	if err := ds.WriteManifest(m); err != nil {
		return err
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "runner: done: %s\n", dir)
	}
	return nil
}

// catchSignals returns a context that SIGINT or SIGTERM cancels with a
// signalError as its cause, so that the command stops promptly, keeps what
// is final and exits 130 or 143. A second signal gets the default action:
// it kills the process at once, should stopping hang. stop releases the
// signals.
func catchSignals(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sigs:
			signal.Stop(sigs)
			code, name := exitInterrupt, "SIGINT"
			if s == syscall.SIGTERM {
				code, name = exitTerm, "SIGTERM"
			}
			cancel(signalError{code, name})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		cancel(nil)
	}
}

// interrupted prefers the signal that stopped ctx to the error it caused,
// so that the exit code is 130 or 143; with no signal it returns err.
func interrupted(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil && errors.As(cause, new(signalError)) {
		return cause
	}
	return err
}

// finalize writes the whole-directory tables, plots and report: the one
// code path of run, resume and merge.
func finalize(ctx context.Context, plan *experiments.Plan, ds *output.Dataset, dir string) error {
	if err := ds.Finalize(ctx); err != nil {
		return err
	}
	if !plan.Config.Output.Plots {
		return nil
	}
	meta := plots.Meta{Name: plan.Name(), Seed: plan.Seed(), Replicates: plan.Replicates(), ConfigSHA256: plan.Hash(),
		Points: plan.NumPoints(), Architectures: len(plan.ArchitectureNames())}
	if err := plots.Draw(ctx, dir, meta); err != nil {
		return err
	}
	return plots.Report(ctx, dir, meta)
}

// prepareDir applies the existing-directory rules of DESIGN.md ("Precise
// contracts"): a missing or empty DIR starts a run; otherwise --force or
// --resume is needed. It writes config.yaml. done reports that a --resume
// found the run already complete and verified.
func prepareDir(plan *experiments.Plan, dir string, f runFlags, shard *output.Shard) (done bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist) || (err == nil && len(entries) == 0):
		// A fresh start, also under --resume (nothing to resume).
	case err != nil:
		return false, fmt.Errorf("results directory %s: %w", dir, err)
	case f.force:
		if !isResultsDir(dir) {
			return false, usagef("results directory %s exists and holds no pactsim manifest.json or config.yaml: refusing to delete it even with --force", dir)
		}
		if err := os.RemoveAll(dir); err != nil {
			return false, fmt.Errorf("--force: remove %s: %w", dir, err)
		}
	case f.resume:
		return resumeCheck(plan, dir, shard)
	default:
		return false, usagef("results directory %s exists and is not empty: use --resume to continue it or --force to replace it", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, fmt.Errorf("create results directory: %w", err)
	}
	return false, writeConfig(plan, dir)
}

func isResultsDir(dir string) bool {
	for _, n := range []string{output.ManifestName, "config.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return true
		}
	}
	return false
}

// resumeCheck refuses to resume a directory of another config or engine
// version, and verifies a complete one.
func resumeCheck(plan *experiments.Plan, dir string, shard *output.Shard) (bool, error) {
	if _, err := os.Stat(filepath.Join(dir, output.ManifestName)); err == nil {
		m, err := output.ReadManifest(dir)
		if err != nil {
			return false, err
		}
		if m.ConfigSHA256 != plan.Hash() || m.EngineVersion != engine.Version {
			return false, usagef("--resume: %s was written by config %s (engine %s); this is config %s (engine %s)",
				dir, short(m.ConfigSHA256), m.EngineVersion, short(plan.Hash()), engine.Version)
		}
		if shardName(m.Shard) != shardName(shard) {
			return false, usagef("--resume: %s is complete as %s; this run is %s", dir, shardName(m.Shard), shardName(shard))
		}
		if err := output.VerifyFiles(dir, m); err != nil {
			return false, fmt.Errorf("--resume: %s is complete but does not verify: %w", dir, err)
		}
		return true, nil
	}
	prev, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	if err != nil {
		return false, usagef("--resume: %s holds no config.yaml: it is not a pactsim results directory", dir)
	}
	old, err := experiments.Parse(filepath.Join(dir, "config.yaml"), prev)
	if err != nil {
		return false, fmt.Errorf("--resume: %w", err)
	}
	if old.Hash() != plan.Hash() {
		return false, usagef("--resume: %s was started with another resolved config (sha256 %s, this one %s)", dir, short(old.Hash()), short(plan.Hash()))
	}
	return false, nil
}

// shardOf is the manifest's shard record of a run: nil when unsharded.
func shardOf(s experiments.ShardSpec, lo, hi int) *output.Shard {
	if !s.Sharded() {
		return nil
	}
	return &output.Shard{Index: s.I, Count: s.N, TaskLo: lo, TaskHi: hi}
}

func shardName(s *output.Shard) string {
	if s == nil {
		return "unsharded"
	}
	return fmt.Sprintf("shard %d/%d", s.Index, s.Count)
}

// checkForeignParts refuses to resume a directory that holds part files
// outside this run's task range [lo, hi), e.g. one begun with another
// --shard: its rows would be summarised twice or end up in the wrong shard.
func checkForeignParts(plan *experiments.Plan, ds *output.Dataset, lo, hi int) error {
	ours := map[string]bool{}
	for _, p := range plan.Parts(lo, hi) {
		ours[p.Name] = true
	}
	var dirs []string
	for _, t := range ds.PartTables() {
		dirs = append(dirs, filepath.Dir(ds.ParquetPath(t, "part-00000")), filepath.Dir(ds.ArrowPath(t, "part-00000")))
	}
	for _, d := range dirs {
		es, err := os.ReadDir(d)
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			continue // nothing there; writing the parts reports an obstacle
		}
		if err != nil {
			return fmt.Errorf("--resume: %w", err)
		}
		for _, e := range es {
			name := e.Name()
			base := strings.TrimSuffix(strings.TrimSuffix(name, ".parquet"), ".arrow")
			if !strings.HasPrefix(name, "part-") || base == name || ours[base] {
				continue
			}
			return usagef("--resume: %s holds %s, which is not a part of this run's tasks [%d, %d): was it started with another --shard?",
				ds.Layout().Dir, filepath.Join(d, name), lo, hi)
		}
	}
	return nil
}

// checkPartRanges checks that every final part of a resumed run holds the
// task range this run gives it. A part's name says where it starts, not
// where it ends: a shard that stops inside a part names its last fragment
// like the whole part, so a directory begun with another --shard can hold a
// final part-NNNNN with fewer tasks than this run's. Its runs row count,
// from the Parquet footer, tells.
func checkPartRanges(plan *experiments.Plan, ds *output.Dataset, lo, hi int, final []string) error {
	want := map[string]experiments.Part{}
	for _, p := range plan.Parts(lo, hi) {
		want[p.Name] = p
	}
	nArch := int64(len(plan.ArchitectureNames()))
	for _, name := range final {
		p := want[name] // checkForeignParts made sure it is ours
		path := ds.ParquetPath(output.TableRuns, name)
		r, err := file.OpenParquetFile(path, false)
		if err != nil {
			return fmt.Errorf("--resume: %s: %w (delete it to redo that part)", path, err)
		}
		rows := r.NumRows()
		r.Close()
		if rows != int64(p.Hi-p.Lo)*nArch {
			return usagef("--resume: %s holds %d rows; this run's part has tasks [%d, %d), %d rows: was it started with another --shard?",
				path, rows, p.Lo, p.Hi, int64(p.Hi-p.Lo)*nArch)
		}
	}
	return nil
}

// removeTempFiles removes the temporary files (.NAME.tmp) an interrupted
// run left anywhere under dir: they are never final, and the run that
// wrote them is gone.
func removeTempFiles(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("--resume: %w", err)
		}
		name := d.Name()
		if !d.Type().IsRegular() || !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".tmp") {
			return nil
		}
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("--resume: remove a temporary file: %w", err)
		}
		return nil
	})
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// writeConfig writes the resolved config, atomically.
func writeConfig(plan *experiments.Plan, dir string) error {
	path := filepath.Join(dir, "config.yaml")
	tmp := filepath.Join(dir, ".config.yaml.tmp")
	if err := os.WriteFile(tmp, plan.Canonical(), 0o644); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// taskResult is one task's rows, reused by the executor.
type taskResult struct {
	skip bool // the task's part is already final (--resume)
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

// worker is one executor goroutine's state: its scratch and the scenario of
// the point it last ran (tasks are point-major, so it rarely changes).
type worker struct {
	run   *engine.Runner
	point int
	sc    *engine.Scenario
}

// executeParts runs the tasks [lo, hi) and writes them into their parts, in
// task order, skipping parts listed in finished.
func executeParts(ctx context.Context, plan *experiments.Plan, ds *output.Dataset, lo, hi, workers int, finished map[string]bool, quiet bool, stderr io.Writer) error {
	parts := plan.Parts(lo, hi)
	if len(parts) == 0 {
		return nil
	}
	for _, p := range parts {
		if !finished[p.Name] {
			if err := ds.RemovePart(p.Name); err != nil { // leftovers of an interrupted run
				return err
			}
		}
	}
	nArch := len(plan.ArchitectureNames())
	l := ds.Layout()
	record := l.Trajectories || l.States
	stopAfter, stopSignal := testStopHook()

	partOf := func(task int) int { // parts are contiguous and ascending
		return sort.Search(len(parts), func(k int) bool { return parts[k].Hi > task })
	}
	var (
		cur    = -1
		writer *output.PartWriter
		closed int
		prog   = newProgress(hi-lo, quiet, stderr)
		prepMu sync.Mutex // plan.Scenario is not documented as safe for concurrent use
	)
	defer func() {
		if writer != nil {
			writer.Abort()
		}
		prog.finish()
	}()
	err := engine.Execute(ctx, lo, hi, engine.ExecOptions{Workers: workers, Progress: func(done int) { prog.set(done) }},
		func() *worker { return &worker{run: engine.NewRunner(), point: -1} },
		func(w *worker, task int, out *taskResult) error {
			k := partOf(task)
			out.skip = finished[parts[k].Name]
			if out.skip {
				return nil
			}
			point, rep := plan.Task(task)
			if point != w.point {
				prepMu.Lock()
				sc, err := plan.Scenario(point)
				prepMu.Unlock()
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
			if record {
				out.rec.periods = resize(out.rec.periods, nArch)
				out.rec.states = resize(out.rec.states, nArch)
				out.rows.Periods, out.rows.States = out.rec.periods, out.rec.states
				rec = &out.rec
			}
			w.run.Run(w.sc, out.rows.Seed, out.rows.Outcomes, rec)
			return nil
		},
		func(task int, r *taskResult) error {
			if r.skip {
				return nil
			}
			k := partOf(task)
			if k != cur {
				var err error
				if writer, err = ds.NewPart(parts[k].Name, parts[k].Lo, parts[k].Hi); err != nil {
					return err
				}
				cur = k
			}
			if err := writer.Write(&r.rows); err != nil {
				return err
			}
			if task == parts[k].Hi-1 {
				w := writer
				writer = nil
				if err := w.Close(); err != nil {
					return err
				}
				closed++
				if stopAfter > 0 && closed == stopAfter {
					// Test hook: a deterministic stop point for the
					// kill-and-resume tests (DESIGN.md notes).
					p, _ := os.FindProcess(os.Getpid())
					if err := p.Signal(stopSignal); err != nil {
						return err
					}
					if stopSignal != syscall.SIGKILL {
						// Let the signal handler cancel us before the next part starts.
						<-ctx.Done()
						return context.Cause(ctx)
					}
				}
			}
			return nil
		})
	return err
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

// testStopHook reads PACTSIM_TEST_SIGNAL_AFTER_PARTS=N:SIGNAL (SIGNAL one of
// INT, TERM, KILL): after N parts are final the runner sends itself that
// signal. Only the tests set it.
func testStopHook() (int, syscall.Signal) {
	v := os.Getenv("PACTSIM_TEST_SIGNAL_AFTER_PARTS")
	if v == "" {
		return 0, 0
	}
	n, sig, _ := strings.Cut(v, ":")
	k, err := strconv.Atoi(n)
	if err != nil {
		return 0, 0
	}
	switch sig {
	case "TERM", "SIGTERM":
		return k, syscall.SIGTERM
	case "KILL", "SIGKILL":
		return k, syscall.SIGKILL
	}
	return k, syscall.SIGINT
}

// plural returns noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
