package output

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"pactsim/agents/param"
	"pactsim/engine"
)

// The tables of the analyses and the calibration (README, "What a results directory holds"). A name is the table's path relative to the results
// directory without an extension: DIR/NAME.parquet and DIR/NAME.csv, and,
// when the Layout chooses Arrow, DIR/arrow/NAME.arrow for the analysis
// tables and DIR/calibration/NAME.arrow for the calibration tables (the
// calibration folder holds its own files).
const (
	TableSensitivity     = "sensitivity"         // per quantity, parameter and index
	TableDiscovery       = "discovery"           // per PRIM target and box: the peeling trajectory
	TableDiscoveryLimits = "discovery_limits"    // per PRIM target, box and swept parameter
	CalibrationDir       = "calibration"         // the calibration's folder
	TableTrace           = "calibration/trace"   // per calibration evaluation
	TableTargets         = "calibration/targets" // per calibration target, at the best evaluation
	// CalibratedName is the config a calibration writes: the input config
	// without its calibration section, the fitted values under params.
	CalibratedName = "calibrated.yaml"
	// CodebookName is every column of every table of a directory.
	CodebookName = "codebook.csv"
)

// analysisOutputTables are the analysis tables `runner analyze` writes in
// the directory's root, in codebook order.
var analysisOutputTables = []string{TableSensitivity, TableDiscovery, TableDiscoveryLimits}

// analysisTableNames are the tables above, in codebook order; the manifest
// counts their rows.
var analysisTableNames = slices.Concat(analysisOutputTables, []string{TableTrace, TableTargets})

// Column names of the analysis and calibration tables, for readers such as
// the plots: every table's columns are listed in the order they appear.
//
//	sensitivity:      method, outcome, architecture_a, architecture_b, parameter, parameter_b, index, estimate, ci_low, ci_high, n
//	discovery:        target, box, coverage, density, mass, restricted, selected
//	discovery_limits: target, box, parameter, low, high, restricted
//	calibration/trace: evaluation, each calibrated parameter (its dotted name), loss,
//	                   then per target NAME: NAME.value, NAME.se, NAME.ci_low, NAME.ci_high, NAME.n
//	calibration/targets: name, wanted, achieved, ci_low, ci_high, met, low, high, se, n, weight
//
// Columns shared with the run tables (ColOutcome, ColArchitectureA,
// ColArchitectureB, ColCILow, ColCIHigh, ColN, ColSE) are declared once,
// in contract.go.
const (
	ColMethod     = "method"
	ColParameter  = "parameter"
	ColParameterB = "parameter_b"
	ColIndex      = "index"
	ColEstimate   = "estimate"

	ColTarget     = "target"
	ColBox        = "box"
	ColCoverage   = "coverage"
	ColDensity    = "density"
	ColMass       = "mass"
	ColRestricted = "restricted"
	ColSelected   = "selected"
	ColLow        = "low"
	ColHigh       = "high"

	ColEvaluation = "evaluation"
	ColLoss       = "loss"

	ColName     = "name"
	ColWanted   = "wanted"
	ColAchieved = "achieved"
	ColMet      = "met"
	ColWeight   = "weight"
)

// The values of the sensitivity table's method and index columns.
const (
	MethodMorris = "morris"
	MethodSobol  = "sobol"

	IndexMu     = "mu"      // Morris: mean elementary effect
	IndexMuStar = "mu_star" // Morris: mean absolute elementary effect
	IndexSigma  = "sigma"   // Morris: standard deviation of the effects
	IndexS1     = "S1"      // Sobol': first-order index
	IndexST     = "ST"      // Sobol': total index
	IndexS2     = "S2"      // Sobol': second-order index
)

var (
	methodNames = []string{MethodMorris, MethodSobol}
	indexNames  = []string{IndexMu, IndexMuStar, IndexSigma, IndexS1, IndexST, IndexS2}
)

// The suffixes of a target's columns in the trace: TraceColumn(name, suffix).
const (
	TraceValue  = "value"
	TraceSE     = "se"
	TraceCILow  = "ci_low"
	TraceCIHigh = "ci_high"
	TraceN      = "n"
)

// TraceColumn is the trace's column of a target: "NAME.SUFFIX", e.g.
// TraceColumn("honour", TraceValue) is "honour.value".
func TraceColumn(target, suffix string) string { return target + "." + suffix }

// SensitivityRow is one row of the sensitivity table. NaN numbers and empty
// strings are written as nulls.
type SensitivityRow struct {
	Method        string // MethodMorris or MethodSobol
	Outcome       string
	ArchitectureA string
	ArchitectureB string // "" unless a contrast
	Parameter     string
	ParameterB    string // S2 only
	Index         string // IndexMu ... IndexS2
	Estimate      float64
	CILow         float64
	CIHigh        float64
	N             int
}

// DiscoveryRow is one row of the discovery table: a box of a PRIM
// trajectory.
type DiscoveryRow struct {
	Target     string
	Box        int
	Coverage   float64 // NaN (null in the table) where no point is of interest
	Density    float64
	Mass       float64
	Restricted int
	Selected   bool
}

// DiscoveryLimitRow is one row of the discovery_limits table: a box's
// inclusive limits of one swept parameter.
type DiscoveryLimitRow struct {
	Target     string
	Box        int
	Parameter  string
	Low, High  float64
	Restricted bool
}

// AnalysisTables are what an analysis of a results directory writes. A
// table whose Has flag is false is not written, and a file of it left by
// an earlier analysis is removed, so the directory shows this analysis
// alone.
type AnalysisTables struct {
	HasSensitivity  bool
	Sensitivity     []SensitivityRow
	HasDiscovery    bool
	Discovery       []DiscoveryRow
	DiscoveryLimits []DiscoveryLimitRow
	// DiscoveryUndefined is not written: for each discovery whose quantity
	// (or, when significant, its interval) is undefined at some design
	// points, a line saying how many, which count as not of interest; the
	// commands say it on the terminal (a review, stop 34: PRIM dropped them
	// silently).
	DiscoveryUndefined []string
	// SensitivityOffBase is not written: for each quantity whose every
	// Sobol' index is null because it is one value at every base sample
	// (every f(A) and f(B)) while it varies at other points of the
	// Saltelli design, keyed by its name as the terminal gives it, the
	// note that says so. It does not vary over the base samples, which is
	// what the estimates' variance is taken over, but it does vary over
	// the design (a review, stop 51: the terminal said it did not).
	SensitivityOffBase map[string]string
}

// SensitivitySchema is the schema of the sensitivity table (README, "What a
// results directory holds"): one row per quantity, swept parameter (or pair) and
// index.
func SensitivitySchema(swept, archs []string, prov Provenance) (*arrow.Schema, error) {
	if err := checkArchitectures(archs); err != nil {
		return nil, err
	}
	if len(swept) == 0 {
		return nil, fmt.Errorf("output: a sensitivity table needs swept parameters")
	}
	params := "one of: " + strings.Join(swept, ", ")
	fs := []arrow.Field{
		field(ColMethod, dictString, false, "sensitivity method, which follows the design: morris (elementary effects, Morris 1991; mu* of Campolongo et al. 2007) or sobol (variance-based: S1 of Saltelli et al. 2010, ST of Jansen 1999, S2 of Saltelli 2002)", "", "one of: "+strings.Join(methodNames, ", ")),
		outcomeField(ColOutcome),
		architectureField(ColArchitectureA, "architecture whose per-point replicate mean is analysed; for a contrast, the first of the pair (the quantity is the paired mean of a − b)", archs),
		field(ColArchitectureB, dictString, true, "second architecture of a contrast a − b; null when the quantity is one architecture's mean", "", "one of: "+strings.Join(archs, ", ")),
		field(ColParameter, dictString, false, "swept parameter the index belongs to (the first of the pair for S2)", "", params),
		field(ColParameterB, dictString, true, "second parameter of a second-order index S2; null for every other index", "", params),
		field(ColIndex, dictString, false, "mu: mean elementary effect; mu_star: mean absolute elementary effect; sigma: sd of the elementary effects; S1: first-order Sobol' index; ST: total Sobol' index; S2: second-order Sobol' index", "", "one of: "+strings.Join(indexNames, ", ")),
		field(ColEstimate, f64, true, "the index estimated from the whole design (null where undefined: a constant quantity has no variance to apportion, sigma of one trajectory)", "morris: the quantity's unit per whole range of the parameter; sobol: share of the quantity's variance", "real; sobol indices near [0, 1]"),
		field(ColCILow, f64, true, "lower end of the 95% bootstrap percentile interval, resampling trajectories (morris) or base rows (sobol) with replacement (null without bootstrap, or where more than 2.5% of the resamples leave the index undefined)", "as estimate", "real"),
		field(ColCIHigh, f64, true, "upper end of the 95% bootstrap percentile interval (null as ci_low)", "as estimate", "real"),
		field(ColN, i64, false, "independent units the estimate rests on: trajectories (morris) or base samples N (sobol)", "", ">= 1"),
	}
	return newSchema(TableSensitivity, fs, prov)
}

const targetNote = "the condition a point's quantity meets to be a point of interest, e.g. \"layered - treaty deterrence_success > 0\"; \" (95% CI)\" means its whole 95% interval must meet it"

// DiscoverySchema is the schema of the discovery table: one row per PRIM
// target and box of its peeling and pasting trajectory.
func DiscoverySchema(prov Provenance) (*arrow.Schema, error) {
	fs := []arrow.Field{
		field(ColTarget, dictString, false, targetNote, "", "text"),
		field(ColBox, i64, false, "step of the PRIM trajectory, 0-based: box 0 is the whole design range, then one box per peel, then one per paste (Friedman & Fisher 1999)", "", ">= 0"),
		field(ColCoverage, f64, true, "points of interest in the box / all points of interest (null when there are none)", "share of points of interest", "[0, 1]"),
		field(ColDensity, f64, false, "points of interest in the box / points in the box", "share of points in the box", "[0, 1]"),
		field(ColMass, f64, false, "points in the box / all design points", "share of design points", "[0, 1]"),
		field(ColRestricted, i64, false, "swept parameters whose limits in this box are narrower than their design range", "parameters", ">= 0"),
		field(ColSelected, arrow.FixedWidthTypes.Boolean, false, "the box PRIM proposes for this target (one per target): the largest coverage × density, the earlier box on ties, if it beats the proposal of each of 19 searches with the points of interest shuffled (a test at the 5% level; not made with crn: points, whose shared noise clusters the points); box 0, the whole range, otherwise", "", "true/false"),
	}
	return newSchema(TableDiscovery, fs, prov)
}

// DiscoveryLimitsSchema is the schema of the discovery_limits table: every
// swept parameter's limits for every box of every target.
func DiscoveryLimitsSchema(swept []string, prov Provenance) (*arrow.Schema, error) {
	if len(swept) == 0 {
		return nil, fmt.Errorf("output: a discovery_limits table needs swept parameters")
	}
	fs := []arrow.Field{
		field(ColTarget, dictString, false, targetNote, "", "text"),
		field(ColBox, i64, false, "step of the PRIM trajectory, 0-based (see the discovery table)", "", ">= 0"),
		field(ColParameter, dictString, false, "swept parameter", "", "one of: "+strings.Join(swept, ", ")),
		field(ColLow, f64, false, "lower limit of the box in this parameter, inclusive; the design minimum where not restricted", "as the parameter", "the parameter's design range"),
		field(ColHigh, f64, false, "upper limit of the box in this parameter, inclusive; the design maximum where not restricted", "as the parameter", "the parameter's design range"),
		field(ColRestricted, arrow.FixedWidthTypes.Boolean, false, "whether the box's limits in this parameter differ from its design range", "", "true/false"),
	}
	return newSchema(TableDiscoveryLimits, fs, prov)
}

// analysisSchemas returns the schemas of the analysis tables of t, in
// codebook order.
func (d *Dataset) analysisSchemas(t *AnalysisTables) ([]namedSchema, error) {
	var out []namedSchema
	prov := d.l.Provenance
	if t.HasSensitivity {
		sc, err := SensitivitySchema(d.l.Swept, d.l.Architectures, prov)
		if err != nil {
			return nil, err
		}
		out = append(out, namedSchema{TableSensitivity, sc})
	}
	if t.HasDiscovery {
		sc, err := DiscoverySchema(prov)
		if err != nil {
			return nil, err
		}
		lsc, err := DiscoveryLimitsSchema(d.l.Swept, prov)
		if err != nil {
			return nil, err
		}
		out = append(out, namedSchema{TableDiscovery, sc}, namedSchema{TableDiscoveryLimits, lsc})
	}
	return out, nil
}

// WriteAnalysis writes the analysis tables of t (Parquet, CSV and, when the
// Layout chooses Arrow, Arrow IPC), each file through a temporary file,
// removes the files of the analysis tables t does not have, and rewrites
// codebook.csv with the columns of every table now in the directory. Rows
// are written in the order given; dictionaries are seeded in config and
// registry order, so the bytes depend on the rows alone.
func (d *Dataset) WriteAnalysis(ctx context.Context, t *AnalysisTables) error {
	schemas, err := d.analysisSchemas(t)
	if err != nil {
		return err
	}
	byName := map[string]*arrow.Schema{}
	for _, s := range schemas {
		byName[s.name] = s.schema
	}
	outcomes := outcomeNames()
	if sc := byName[TableSensitivity]; sc != nil {
		seeds := map[string][]string{ColMethod: methodNames, ColOutcome: outcomes, ColArchitectureA: d.l.Architectures,
			ColArchitectureB: d.l.Architectures, ColParameter: d.l.Swept, ColParameterB: d.l.Swept, ColIndex: indexNames}
		err := d.writeSmallTable(ctx, TableSensitivity, sc, seeds, len(t.Sensitivity), func(b *array.RecordBuilder, i int) error {
			r := &t.Sensitivity[i]
			for k, s := range []string{r.Method, r.Outcome, r.ArchitectureA, r.ArchitectureB, r.Parameter, r.ParameterB, r.Index} {
				if err := appendDictOrNull(b.Field(k), s); err != nil {
					return fmt.Errorf("row %d: %w", i, err)
				}
			}
			for k, x := range []float64{r.Estimate, r.CILow, r.CIHigh} {
				if err := appendReal(b.Field(7+k), x); err != nil {
					return fmt.Errorf("row %d (%s %s of %s): %w", i, r.Method, r.Index, r.Parameter, err)
				}
			}
			b.Field(10).(*array.Int64Builder).Append(int64(r.N))
			return nil
		})
		if err != nil {
			return err
		}
	}
	if sc := byName[TableDiscovery]; sc != nil {
		err := d.writeSmallTable(ctx, TableDiscovery, sc, nil, len(t.Discovery), func(b *array.RecordBuilder, i int) error {
			r := &t.Discovery[i]
			if err := b.Field(0).(*array.BinaryDictionaryBuilder).AppendString(r.Target); err != nil {
				return err
			}
			b.Field(1).(*array.Int64Builder).Append(int64(r.Box))
			for k, x := range []float64{r.Coverage, r.Density, r.Mass} {
				if k == 0 && math.IsNaN(x) {
					// Coverage is 0/0 where no point is of interest.
					b.Field(2).AppendNull()
					continue
				}
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return fmt.Errorf("row %d: %s is %v", i, sc.Field(2+k).Name, x)
				}
				b.Field(2 + k).(*array.Float64Builder).Append(x)
			}
			b.Field(5).(*array.Int64Builder).Append(int64(r.Restricted))
			b.Field(6).(*array.BooleanBuilder).Append(r.Selected)
			return nil
		})
		if err != nil {
			return err
		}
		lsc := byName[TableDiscoveryLimits]
		err = d.writeSmallTable(ctx, TableDiscoveryLimits, lsc, map[string][]string{ColParameter: d.l.Swept}, len(t.DiscoveryLimits), func(b *array.RecordBuilder, i int) error {
			r := &t.DiscoveryLimits[i]
			if err := b.Field(0).(*array.BinaryDictionaryBuilder).AppendString(r.Target); err != nil {
				return err
			}
			b.Field(1).(*array.Int64Builder).Append(int64(r.Box))
			if err := b.Field(2).(*array.BinaryDictionaryBuilder).AppendString(r.Parameter); err != nil {
				return err
			}
			for k, x := range []float64{r.Low, r.High} {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return fmt.Errorf("row %d: %s is %v", i, lsc.Field(3+k).Name, x)
				}
				b.Field(3 + k).(*array.Float64Builder).Append(x)
			}
			b.Field(5).(*array.BooleanBuilder).Append(r.Restricted)
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, name := range analysisOutputTables {
		if byName[name] == nil {
			if err := d.removeTable(name); err != nil {
				return err
			}
		}
	}
	return d.writeCodebook(schemas...)
}

// appendDictOrNull appends s to a dictionary column, or a null for "".
func appendDictOrNull(b array.Builder, s string) error {
	if s == "" {
		b.AppendNull()
		return nil
	}
	return b.(*array.BinaryDictionaryBuilder).AppendString(s)
}

// namedSchema is a table of a results directory and its schema, for the
// codebook.
type namedSchema struct {
	name   string
	schema *arrow.Schema
}

// tablePaths returns the files of a small table: Parquet, CSV and, when
// the Layout chooses Arrow, Arrow IPC ("" otherwise).
func (d *Dataset) tablePaths(table string) (pq, csvPath, ipc string) {
	base := filepath.Join(d.l.Dir, filepath.FromSlash(table))
	pq, csvPath = base+".parquet", base+".csv"
	if d.l.Arrow {
		ipc = analysisArrowPath(d.l.Dir, table)
	}
	return pq, csvPath, ipc
}

// analysisArrowPath is where a small table's Arrow twin goes: beside the
// other whole tables under DIR/arrow, or, for a table in a folder of its
// own (the calibration's), in that folder.
func analysisArrowPath(dir, table string) string {
	if path.Dir(table) != "." {
		return filepath.Join(dir, filepath.FromSlash(table)+".arrow")
	}
	return filepath.Join(dir, "arrow", table+".arrow")
}

// removeTable removes every file of a small table (a missing file is not
// an error).
func (d *Dataset) removeTable(table string) error {
	base := filepath.Join(d.l.Dir, filepath.FromSlash(table))
	for _, p := range []string{base + ".parquet", base + ".csv", analysisArrowPath(d.l.Dir, table)} {
		if err := d.fs.Remove(p); err != nil {
			return fmt.Errorf("output: remove %s: %w", p, err)
		}
	}
	return nil
}

// writeSmallTable writes a table of n rows that fits in memory: fill
// appends row i to the builder. The table goes to Parquet, its CSV twin
// and, when the Layout chooses Arrow, Arrow IPC, in batches of the whole
// tables' fixed row count, each file through a temporary file; Parquet and
// Arrow become final together, then the CSV. seeds fills the named
// dictionary columns first, in order, so that the dictionaries (and the
// bytes) depend on the config alone.
func (d *Dataset) writeSmallTable(ctx context.Context, table string, sc *arrow.Schema, seeds map[string][]string, n int, fill func(b *array.RecordBuilder, i int) error) error {
	pqPath, csvPath, ipcPath := d.tablePaths(table)
	for _, dir := range []string{filepath.Dir(pqPath), filepath.Dir(ipcPath)} {
		if dir == "." {
			continue
		}
		if err := d.fs.MkdirBelow(d.l.Dir, dir); err != nil {
			return fmt.Errorf("output: create %s: %w", dir, err)
		}
	}
	b := array.NewRecordBuilder(d.mem, sc)
	defer b.Release()
	for _, f := range sc.Fields() {
		if vals, ok := seeds[f.Name]; ok && len(vals) > 0 {
			if err := seedDict(d.mem, b, f.Name, vals); err != nil {
				return fmt.Errorf("output: build %s: %w", table, err)
			}
		}
	}
	tf, err := newTableFile(d.fs, d.mem, sc, pqPath, ipcPath)
	if err != nil {
		return err
	}
	cf, err := createAtomic(d.fs, csvPath)
	if err != nil {
		tf.Abort()
		return err
	}
	fail := func(err error) error {
		tf.Abort()
		cf.Abort()
		return err
	}
	cw := csv.NewWriter(cf)
	if err := writeCSVHeader(cw, sc); err != nil {
		return fail(fmt.Errorf("output: write %s: %w", csvPath, err))
	}
	flush := func() error {
		if b.Field(0).Len() == 0 {
			return nil
		}
		rec := b.NewRecordBatch()
		defer rec.Release()
		if err := tf.Write(rec); err != nil {
			return err
		}
		if err := writeCSVRows(cw, rec); err != nil {
			return fmt.Errorf("output: write %s: %w", csvPath, err)
		}
		return nil
	}
	for i := range n {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return fail(err)
			}
		}
		if err := fill(b, i); err != nil {
			return fail(fmt.Errorf("output: build %s: %w", table, err))
		}
		if b.Field(0).Len() >= d.wholeRows {
			if err := flush(); err != nil {
				return fail(err)
			}
		}
	}
	if err := flush(); err != nil {
		return fail(err)
	}
	if n == 0 {
		// An empty table still has its schema: write one empty batch so
		// that every format holds it.
		rec := b.NewRecordBatch()
		err := tf.Write(rec)
		rec.Release()
		if err != nil {
			return fail(err)
		}
	}
	if err := commitTables(d.fs, tf); err != nil {
		cf.Abort()
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		cf.Abort()
		return fmt.Errorf("output: write %s: %w", csvPath, err)
	}
	return cf.Commit()
}

// paramField is the column of a calibrated parameter, under its dotted
// name, described from the registry.
func paramField(name, what string, lo, hi float64) (arrow.Field, error) {
	s, ok := param.Lookup(name)
	if !ok {
		return arrow.Field{}, fmt.Errorf("output: parameter %q: %w", name, param.Unknown(name))
	}
	return field(name, f64, false, s.Description+" ("+what+")", s.Unit, fmt.Sprintf("search range [%v, %v]", lo, hi)), nil
}

// checkOutcome reports whether name is an outcome of the runs table.
func checkOutcome(name string) bool {
	_, ok := engine.OutcomeByName(name)
	return ok
}

// The design sizes from which the sensitivity intervals were checked on
// test functions with known indices (README, "How to read the tables";
// analysis/doc.go): a Saltelli base sample of 4,096, 20 Morris
// trajectories. (1,024 until stop 35, when a methods review found an index
// near 0 of Sobol's G-function covered 83–90% of the time at 1,024–2,048,
// every time from 4,096 but for an inert parameter's ST of about 1e-4,
// covered 98.6% of the time and missed by under 1e-6 (a review, stop 53);
// Ishigami's every time from 1,024.)
const (
	CheckedSobolN        = 4096
	CheckedMorrisTraject = 20
)

// From CheckedMorrisTraject trajectories on, μ's and μ*'s
// percentile-bootstrap intervals cover within about a point of 95%, and no
// better with more: they cover about 94.0% of the time at 20
// trajectories, 94.6% at 40 and 94.4% at 80 on a test function (4,000 repeats, a standard error of about 0.3 points;
// analysis.TestMorrisCoverageFigures, a review, stop 53, which found the
// 92.8%, 93.7% and 95% of stop 51 unreproduced). The caveat that stop 51
// gave below 80 trajectories is gone: 80 covers no better than 20.

// CheckedS2N is the base sample from which second-order indices of a
// parameter with no effect were found near 0: at N = 32 a review (stop
// 34) measured S2 = 0.49 with an interval of [0.16, 0.75] for a pair with
// an inert parameter, at N = 256 0.02-0.03 with intervals covering 0.
const CheckedS2N = 256

// SecondOrderCaveat is the note on second-order indices from a base sample
// of n below CheckedS2N: Saltelli's (2002) S2 of a pair with an inert
// parameter is the difference of two estimates of the other's variance,
// which at small N can be far from 0 with an interval that excludes 0
// (SALib's estimator does the same).
func SecondOrderCaveat(n int) string {
	return fmt.Sprintf("with a base sample of N = %d (below %d) a second-order index S2 can be far from 0, its interval excluding 0, even for a pair with a parameter that has no effect (Saltelli 2002's estimator differences two estimates of the other's variance): read S2 only where both parameters' ST are clearly above 0", n, CheckedS2N)
}

// SensitivityCaveat is a note on the indices of a sensitivity table of
// method computed from n base samples (Sobol') or n trajectories (Morris),
// with bootstrap intervals or not, or "" where n is at or above the size at
// which they were checked. Below it the intervals cover less than their
// nominal 95% (Sobol': an index near 0 was covered 83–90% of the time at
// N = 256–2,048, and 62–82% at 16; Morris: σ's interval 85% at 10 trajectories and 55% at 5,
// μ*'s 84% at 5, as a percentile bootstrap of a standard deviation of a
// few effects is biased low; from CheckedMorrisTraject on, μ's and μ*'s
// cover within about a point of 95%, so no note), and a Sobol' estimate
// from a few base samples can lie far outside [0, 1]. One Morris trajectory has no
// interval and no σ, whatever the bootstrap, and the note says so.
func SensitivityCaveat(method string, n int, intervals bool) string {
	var parts []string
	switch {
	case n <= 0:
	case method == MethodSobol && n < CheckedSobolN:
		if intervals {
			parts = append(parts, fmt.Sprintf("with a base sample of N = %d (below %d) the 95%% intervals cover less than 95%% (an index near 0 was covered 83–90%% of the time at N = 256–2,048 on test functions)", n, CheckedSobolN))
		}
		if n < 64 {
			parts = append(parts, fmt.Sprintf("with a base sample of N = %d the indices themselves are rough: an estimate can fall far outside [0, 1]", n))
		}
	case method == MethodMorris && n == 1:
		// One trajectory: σ is null and no statistic has an interval,
		// whatever the bootstrap; the terminal said nothing of it, and the
		// report that the run had no bootstrap (a review, stop 50).
		parts = append(parts, fmt.Sprintf("with 1 Morris trajectory σ, the spread of a single effect, is undefined, and no statistic has a bootstrap interval (every resample of one trajectory is that trajectory): run at least 2 trajectories, and %d for intervals that cover within about a point of 95%%", CheckedMorrisTraject))
	case method == MethodMorris && n < CheckedMorrisTraject && intervals:
		parts = append(parts, fmt.Sprintf("with %d Morris trajectories (below %d) the 95%% intervals cover less than 95%%: σ's 85%% of the time at 10 trajectories and 55%% at 5, μ*'s 84%% at 5 (test functions)", n, CheckedMorrisTraject))
	}
	return strings.Join(parts, "; ")
}
