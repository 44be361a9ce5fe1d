package experiments

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"pactsim/engine"
	"pactsim/output"
)

// DefaultVerifySample is how many tasks Verify re-runs by default.
const DefaultVerifySample = 20

// VerifyOptions tunes Verify.
type VerifyOptions struct {
	// Sample is how many tasks to re-run, drawn without replacement by a
	// draw seeded from the config's seed; 0 means DefaultVerifySample and
	// a negative value (or one at least the directory's task count) means
	// every task.
	Sample int
	// SampleSeed, when SeedSet, seeds the sample's draw instead of the
	// config's seed. The config's seed makes the sample the same on every
	// verify, and known to anyone who reads the config, so a forger can
	// edit a row no sample re-runs; an auditor draws a sample of their own
	// (a hostile review, stop 41).
	SampleSeed int64
	SeedSet    bool
	// Workers re-run the tasks; <= 0 means DefaultWorkers().
	Workers int
	// Tables says whether to recompute the derived tables from the runs
	// parts and compare them with the stored ones (see Verify).
	Tables TablesCheck
}

// TablesCheck says when Verify recomputes the derived tables.
type TablesCheck int

const (
	// TablesAuto (the default) recomputes them when every task is re-run
	// (--sample all), and the whole tables alone when the directory's
	// files total at most AutoTablesBytes (see recomputeTables). The cost grows with the data: it reads every runs
	// row and writes (into a hash) every table. Measured with the default
	// sample of 20 tasks on 2 shared cores, without it and with it: the
	// quick config (1.7 MB) 0.05 s and 0.07 s; reliability-autonomy
	// (19 MB) 0.11 s and 0.26-0.33 s; 10,000 points x 2 replicates x 4
	// architectures (2.3 GB) 2.3-4.4 s and 30-40 s, about what the run's
	// own finalisation took.
	TablesAuto TablesCheck = iota
	// TablesAlways recomputes them whatever the size (--tables).
	TablesAlways
	// TablesNever does not (--tables=false).
	TablesNever
)

// AutoTablesBytes is the size of a directory's runs parts (Parquet, what
// the recomputation reads) up to which TablesAuto recomputes the tables
// with a sampled verify: a few seconds at most. The parts, not every
// listed file: a forger padded an analysis table past the limit so that
// a forged summary went unchecked (a hostile review, stop 41), while the
// parts' rows are fixed by the plan.
const AutoTablesBytes = 128 << 20

// VerifyResult is what Verify checked.
type VerifyResult struct {
	Kind   output.Kind // the directory's kind, as its manifest records it (or infers)
	Files  int         // files whose checksum matched the manifest
	Lo, Hi int         // the directory's task range
	// Checked is how many tasks were re-run: all of [Lo, Hi), or the
	// sample, whose tasks are in Tasks (ascending; nil when all were).
	Checked int
	Tasks   []int
	// SampleSeed seeded the sample's draw (VerifyOptions.SampleSeed, or
	// the config's seed); meaningful when Tasks is not nil.
	SampleSeed int64
	// Tables: the whole tables (summary, contrasts, points, by formation,
	// an ablation's) were recomputed from the runs parts and match the
	// stored ones byte for byte (VerifyOptions.Tables); Analyses: so did
	// the analysis tables and the codebook. Always false for a shard (it
	// has none). For a calibration, Tables says that its trace and targets
	// tables, calibrated.yaml and codebook were written again from the
	// trace and match; Analyses is false.
	Tables, Analyses bool
	// Analysis: the directory has an analysis (its config's section, or
	// the one runner analyze DIR FILE stored), so that Analyses
	// recomputed its tables; without one, Analyses recomputed the
	// codebook alone beside Tables.
	Analysis bool
	// Undefined: with Analyses, why the analysis has no tables (an
	// undefined quantity, as when the run or analyze met it); else nil.
	Undefined error
	// Codebook: a run's or merge's codebook matches the one its config
	// and the tables it lists give (recomputed with Analyses). Figures:
	// the figures and report the manifest lists were drawn again from the
	// stored tables, writing nothing, and match (verifyFigures); false
	// where it lists none. Both are checked unless VerifyOptions.Tables is
	// TablesNever (and for a calibration, with its Tables).
	Codebook, Figures bool
	// FiguresListed: the manifest lists figures or a report (a directory
	// written with `plots: false` lists none), so that a verify that does
	// not draw them again says so only where there are some.
	FiguresListed bool
	// Twins: every part's Arrow files were compared with its Parquet
	// ones, row by row (output.Dataset.CheckTwins); false when the
	// directory has no Arrow parts.
	Twins bool
	// Evaluations is a calibration's trace length, EvaluationsChecked how
	// many of its evaluations were re-run (the best and a sample, or all).
	Evaluations, EvaluationsChecked int
	// Temporaries counts the temporary files (.NAME.RANDOM.tmp) a killed
	// command left: not data, and not listed, but there.
	Temporaries int
	Stages      StageUse // the folders of merges killed outright (stageUse)
	// OtherBinary says how the Go version and VCS state the manifest
	// records differ from this runner's (output.OtherBinary); "" when they
	// are its own. Only the manifest records them, so a re-run vouches
	// for this runner's rows, not for that record: an edited revision
	// passed unsaid (a review, stop 54).
	OtherBinary string
}

// Verify re-checks a results directory as a reader of a paper would
// (README, "What a results directory holds": runner verify). Every file the manifest
// lists must match its size and SHA-256 and no other data file may be
// there; then opt.Sample tasks of the directory's range, chosen by a draw
// seeded from the config's seed (so the same tasks every time), are re-run
// from the stored config.yaml and their rows compared bit for bit with
// every file of their parts (runs, trajectories and states, Parquet and
// Arrow: output.PartChecker), and a part whose every task was re-run is
// compared byte for byte with what the re-run writes. Then, as opt.Tables says (by default when every task
// is re-run, and the whole tables alone when the directory is small), the
// derived tables of a run or a
// merge (summary, contrasts, points, the by-formation tables, an
// ablation's contributions and break-even, the analysis tables and the
// codebook) are recomputed from the runs parts by the code that wrote
// them, writing nothing, and compared byte for byte with the stored ones,
// so that a table edited together with its manifest entry is caught (see
// verifyTables). It works
// on complete directories of every kind (output.Kind): runs, shards,
// merges and calibrations (see verifyCalibration), following the kind
// the manifest records.
//
// Errors: a directory that is not a complete results directory is a usage
// error (errors.Is(err, ErrUsage)); a difference is a *output.MismatchError
// naming the first one; anything else (unreadable files, a cancelled ctx)
// is returned as is. Verify writes nothing; it holds a shared lock, so a
// directory being written is refused.
func Verify(ctx context.Context, dir string, opt VerifyOptions) (*VerifyResult, error) {
	info, err := inspectDir(dir)
	if err != nil {
		return nil, err
	}
	if info.kind != dirComplete {
		why := "it has no manifest.json: " + unfinishedWhy(dir)
		switch info.kind {
		case dirMissing:
			why = "it does not exist"
		case dirEmpty:
			why = "it is empty"
		default:
			// A run still writing it has no manifest yet: say it is in
			// use, not that it did not finish (whose hint, --resume, the
			// lock would refuse).
			lock, err := output.LockDirShared(dir)
			var busy *output.BusyError
			if errors.As(err, &busy) {
				return nil, err
			}
			if err == nil {
				lock.Unlock()
			}
		}
		return nil, &notResultsError{dir: dir, why: why}
	}
	if info.manifest == nil {
		_, err := output.ReadManifest(dir)
		return nil, unusableManifest(dir, err)
	}
	lock, err := output.LockDirShared(dir)
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	// Read under the lock: a plot or analyze in progress holds the
	// exclusive one, and its mark is then in use, not left behind.
	if err := pendingError(dir, info.manifest); err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	// The manifest too: a plot or analyze that ran between the first
	// look and the lock rewrote it with the files.
	m, err := output.ReadManifest(dir)
	if err != nil {
		return nil, unusableManifest(dir, err)
	}
	mismatch := func(format string, a ...any) error { return &output.MismatchError{Msg: fmt.Sprintf(format, a...)} }

	if err := output.VerifyFilesContext(ctx, dir, m); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// A difference is a mismatch; a file this user may not read
		// (EACCES) or that fails to read (EIO) stays the system's error,
		// as merge and --resume have it (output.ListedMismatch).
		return nil, output.ListedMismatch(err)
	}
	if err := unlisted(dir, m); err != nil {
		return nil, err
	}
	res := &VerifyResult{Kind: m.Kind, Files: len(m.Files), OtherBinary: output.OtherBinary(m.GoVersion, output.VCSText(m.VCS))}
	if res.Temporaries, err = countTempFiles(dir); err != nil {
		return nil, err
	}
	if res.Stages, err = stageUse(dir); err != nil {
		return nil, err
	}

	plan, err := loadStoredPlan(dir, m)
	if err != nil {
		return nil, err
	}
	if m.EngineVersion != engine.Version {
		return nil, mismatch("%s was written by engine %s; this runner is engine %s and cannot re-run its tasks (use the runner of that version)", dir, m.EngineVersion, engine.Version)
	}
	if other := output.OtherBuild(m.Build); other != "" {
		return nil, mismatch("%s was computed by a runner %s, so it cannot check them (use a runner built for that target)", dir, other)
	}
	ds, err := checkRecords(ctx, plan, dir, m)
	if err != nil {
		return nil, err
	}
	stored, err := checkStoredAnalysis(plan, dir)
	if err != nil {
		return nil, err
	}
	// The kind says what to re-run: a calibration's evaluations (the best
	// and a sample of the others: verifyCalibration), or
	// runs tasks. It is not read off the config: `runner run` takes a
	// calibration's config too (its one point).
	if m.Kind == output.KindCalibration {
		if plan.Config.Calibration == nil {
			return nil, mismatch("%s: its manifest says kind %q, but its config.yaml has no calibration section", dir, m.Kind)
		}
		return verifyCalibration(ctx, plan, dir, m, ds, res, opt)
	}
	res.Lo, res.Hi = 0, plan.NumTasks()
	if m.Shard != nil {
		res.Lo, res.Hi = m.Shard.TaskLo, m.Shard.TaskHi
		if lo, hi := plan.Shard(m.Shard.Index, m.Shard.Count); lo != res.Lo || hi != res.Hi || m.Shard.Count < 1 {
			return nil, mismatch("%s claims tasks [%d, %d) as shard %d/%d; the plan gives [%d, %d)", dir, res.Lo, res.Hi, m.Shard.Index, m.Shard.Count, lo, hi)
		}
	}
	parts, err := runsParts(dir, m, plan, res.Lo, res.Hi)
	if err != nil {
		return nil, err
	}
	lo, hi := res.Lo, res.Hi
	var skip func(int) bool
	res.SampleSeed = opt.sampleSeed(plan)
	if res.Tasks = sampleTasks(res.SampleSeed, res.Lo, res.Hi, opt.Sample); res.Tasks != nil {
		want := make(map[int]bool, len(res.Tasks))
		for _, t := range res.Tasks {
			want[t] = true
		}
		skip = func(t int) bool { return !want[t] }
		lo, hi = res.Tasks[0], res.Tasks[len(res.Tasks)-1]+1
		res.Checked = len(res.Tasks)
	} else {
		res.Checked = hi - lo
	}
	if res.Checked > 0 {
		if err := verifyTasks(ctx, plan, ds, parts, lo, hi, skip, opt); err != nil {
			return nil, err
		}
	}
	// Then every part's Arrow files against its Parquet ones, which the
	// whole tables are recomputed from: no re-run is needed, so no part is
	// left to the sample. The re-run comes first, since it can say which
	// of two files that differ is wrong.
	for _, pt := range parts {
		if err := ds.CheckTwins(ctx, pt.Name); err != nil {
			return nil, err
		}
	}
	res.Twins = len(parts) > 0 && ds.Layout().Arrow
	if m.Kind == output.KindShard {
		return res, nil // a shard has no whole tables
	}
	spec := stored
	if spec == nil {
		spec = plan.Config.Analysis
	}
	if err := orphanAnalysis(dir, m, spec); err != nil {
		return nil, err
	}
	res.Analysis = spec != nil
	tables, analyses := recomputeTables(opt.Tables, m, res.Tasks == nil)
	if tables {
		undefined, err := verifyTables(ctx, plan, dir, m, ds, analyses, spec)
		if err != nil {
			return nil, err
		}
		res.Tables, res.Analyses, res.Undefined = true, analyses, undefined
	}
	if opt.Tables == TablesNever {
		return res, nil
	}
	// What the stored tables give, whether or not they were recomputed:
	// the codebook (from the config and the tables listed) and the
	// figures and report (drawn again from the tables, about 2 s at 2,000
	// points), so that a forged figure, report or codebook is caught by
	// the default verify too (a hostile review, stop 41: a zeroed
	// report.html passed unless the analyses were recomputed).
	if !analyses {
		if err := ds.CheckCodebook(m); err != nil {
			return nil, err
		}
	}
	res.Codebook = true
	if res.Figures, err = verifyFigures(ctx, dir, m); err != nil {
		return nil, err
	}
	return res, nil
}

// checkRecords checks what the manifest m of the complete directory dir
// records beside its files (seed, provenance, totals, rows per table)
// against plan, its config, and the tables on disk (see
// output.Dataset.CheckRecords), and that the part files it lists are
// those of its tasks (output.Dataset.CheckPartCover), and returns
// the directory's Dataset. A
// difference is a *output.MismatchError.
func checkRecords(ctx context.Context, plan *Plan, dir string, m *output.Manifest) (*output.Dataset, error) {
	if m.Seed != plan.Seed() {
		return nil, &output.MismatchError{Msg: fmt.Sprintf("%s: its manifest records seed %d; its config.yaml has seed %d", dir, m.Seed, plan.Seed())}
	}
	ds, err := output.New(layout(plan, dir, nil))
	if err != nil {
		return nil, err
	}
	if err := ds.CheckRecords(ctx, m); err != nil {
		return nil, err
	}
	if m.Kind.HoldsRuns() {
		// The part files listed must make up the directory's tasks, in
		// every table and format: the checksums say nothing of
		// a part left out of the manifest with its file (the runs rows
		// are counted from Parquet alone, so an Arrow part could go
		// unnoticed).
		lo, hi := 0, plan.NumTasks()
		if m.Shard != nil {
			lo, hi = plan.Shard(m.Shard.Index, m.Shard.Count)
		}
		if err := ds.CheckPartCover(m, plan.Config.Output.PartTasks, lo, hi); err != nil {
			return nil, err
		}
		// And each part's rows must be its own tasks: a part file put
		// in another's place, its entry listed again, passes the above.
		parts, err := runsParts(dir, m, plan, lo, hi)
		if err != nil {
			return nil, err
		}
		for _, p := range parts {
			if err := ds.CheckPartTasks(ctx, p.Name, p.Lo, p.Hi); err != nil {
				return nil, err
			}
		}
	}
	return ds, nil
}

// verifyTasks re-runs the tasks [lo, hi) but those skip selects and
// compares their rows with every file of their parts, bit for bit: the
// runs, trajectories and states tables, in Parquet and in Arrow.
//
// A part whose every task is re-run is also written again, in memory, and
// compared with its files byte for byte (output.PartRewriter): its bytes
// depend only on the config and its task range, so a change that leaves
// the rows as they were (a column's statistics in a Parquet footer, which
// query engines use to skip row groups, or a schema's metadata) is caught
// too.
func verifyTasks(ctx context.Context, plan *Plan, ds *output.Dataset, parts []Part, lo, hi int, skip func(int) bool, opt VerifyOptions) error {
	var checker *output.PartChecker
	var rewrite *output.PartRewriter
	cur := -1
	closeCur := func() error {
		if checker != nil {
			checker.Close()
			checker = nil
		}
		if rewrite != nil {
			err := rewrite.Compare()
			rewrite = nil
			return err
		}
		return nil
	}
	defer func() {
		if checker != nil {
			checker.Close()
		}
		if rewrite != nil {
			rewrite.Abort()
		}
	}()
	l := ds.Layout()
	err := Evaluate(ctx, plan, lo, hi, EvalOptions{Workers: opt.Workers, Skip: skip, Record: l.Trajectories || l.States},
		func(task int, rows *output.TaskRows) error {
			if rows == nil {
				return nil
			}
			k := sort.Search(len(parts), func(i int) bool { return parts[i].Hi > task })
			if k != cur {
				if err := closeCur(); err != nil {
					return err
				}
				var err error
				if checker, err = ds.NewPartChecker(ctx, parts[k].Name); err != nil {
					return err
				}
				if rerunWhole(parts[k], lo, hi, skip) {
					if rewrite, err = ds.NewPartRewriter(parts[k].Name, parts[k].Lo, parts[k].Hi); err != nil {
						return err
					}
				}
				cur = k
			}
			if err := checker.Check(rows); err != nil {
				return err
			}
			if rewrite != nil {
				return rewrite.Write(rows)
			}
			return nil
		})
	if err != nil {
		return err
	}
	return closeCur()
}

// rerunWhole is whether verifyTasks re-runs every task of part p (and so
// writes it again and compares its bytes): it re-runs [lo, hi) but those
// skip selects.
func rerunWhole(p Part, lo, hi int, skip func(int) bool) bool {
	if p.Lo < lo || p.Hi > hi {
		return false
	}
	for t := p.Lo; skip != nil && t < p.Hi; t++ {
		if skip(t) {
			return false
		}
	}
	return true
}

// recomputeTables applies a TablesCheck to a directory of manifest m (all
// says whether every task was re-run): whether to recompute the whole
// tables, and the analyses and codebook too. A sampled verify of a small
// directory (TablesAuto) leaves the analyses out: an interrupted `runner
// analyze` may leave their tables mixed, each file whole and listed, and
// that directory verifies until analyze is run again; --sample all and
// --tables report it.
func recomputeTables(c TablesCheck, m *output.Manifest, all bool) (tables, analyses bool) {
	switch c {
	case TablesAlways:
		return true, true
	case TablesNever:
		return false, false
	}
	if all {
		return true, true
	}
	var size int64
	for _, f := range m.Files {
		if strings.HasPrefix(f.Path, output.TableRuns+"/") {
			size += f.Bytes
		}
	}
	return size <= AutoTablesBytes, false
}

// sampleSeed is the seed of the sample's draw: SampleSeed when set, else
// the config's seed.
func (opt VerifyOptions) sampleSeed(plan *Plan) int64 {
	if opt.SeedSet {
		return opt.SampleSeed
	}
	return plan.Seed()
}

// sampleTasks draws n distinct tasks of [lo, hi) by Floyd's algorithm from a
// PCG stream seeded by the config seed and a fixed constant, ascending
// (DefaultVerifySample when n == 0); nil, meaning all of them, when n < 0
// or n >= hi-lo, so that checking every task holds no list of them.
func sampleTasks(seed int64, lo, hi, n int) []int {
	total := hi - lo
	if n == 0 {
		n = DefaultVerifySample
	}
	if n < 0 || n >= total {
		return nil
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x7665726966792121)) // "verify!!"
	chosen := make(map[int]bool, n)
	for j := total - n; j < total; j++ {
		t := rng.IntN(j + 1)
		if chosen[t] {
			t = j
		}
		chosen[t] = true
	}
	out := make([]int, 0, n)
	for t := range chosen {
		out = append(out, lo+t)
	}
	slices.Sort(out)
	return out
}

// unfinishedWhy says how an unfinished results directory is finished: a
// calibration (it holds calibration/) by runner calibrate --resume, a run
// by runner run --resume; an interrupted merge keeps no journal of its
// parts, so it is merged again with --force (review 5: the advice was
// always runner run --resume, which recomputes every task of an
// interrupted merge and cannot continue a calibration).
func unfinishedWhy(dir string) string {
	if runs, cal, err := output.UnfinishedContent(dir); err == nil && (cal || !runs && calibrationConfigIn(dir)) {
		return "the calibration did not finish (continue it with `runner calibrate CONFIG -o DIR --resume`)"
	}
	if t, ok := output.ReadTasks(dir); ok && strings.HasPrefix(t.What, "shard ") {
		// A shard resumes with its own --shard (review, stop 29: the hint
		// left it out).
		return fmt.Sprintf("the run of %s did not finish (continue it with `runner run CONFIG -o DIR --resume --shard %s`)", t.What, strings.TrimPrefix(t.What, "shard "))
	}
	return "the run did not finish (continue it with `runner run CONFIG -o DIR --resume`; an interrupted merge is redone with `runner merge --force -o DIR SHARD...`)"
}

// calibrationConfigIn reports whether dir's config.yaml reads as a config
// with a calibration section: a calibration stopped before it made
// calibration/ holds only its config.yaml, and `runner run --resume`, the
// advice for a run, turned it into a run of the config's start (a review,
// stop 51: a calibrate killed there).
func calibrationConfigIn(dir string) bool {
	cpath := filepath.Join(dir, "config.yaml")
	data, err := output.ReadFileLimited(cpath, MaxConfigBytes)
	if err != nil {
		return false
	}
	plan, err := parse(&decoder{file: cpath, stored: true}, data)
	return err == nil && plan.Config.Calibration != nil
}

// unusableManifest is verify's error for a manifest this version cannot
// read (err): a mismatch (exit 1), as a readable manifest of another
// engine version is (README, "verify"). One that names this engine version
// was edited, since this version reads every manifest it writes, and says
// so. (A hostile review, stop 32: an added key, a file listed twice or
// another kind had exit 2, "not a results directory", where an edited
// seed had 1.)
func unusableManifest(dir string, err error) error {
	path := filepath.Join(dir, output.ManifestName)
	if output.ManifestEngineVersion(dir) == engine.Version {
		return &output.MismatchError{Msg: fmt.Sprintf("verify: %s was edited (or written by another build of pactsim %s, which reads every manifest it writes): %v", path, engine.Version, err)}
	}
	return &output.MismatchError{Msg: fmt.Sprintf("verify: %s cannot be read by pactsim %s (another version wrote it, or it was edited), so its files cannot be checked: %v", path, engine.Version, err)}
}
