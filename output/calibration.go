package output

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"pactsim/engine"
)

// TraceParam is a calibrated parameter: a column of the trace.
type TraceParam struct {
	Name     string // the dotted parameter name
	Min, Max float64
}

// TargetCell is what one evaluation achieved for one target.
type TargetCell struct {
	Value, SE, CILow, CIHigh float64 // NaN where undefined (written as null)
	N                        int
}

// TraceRow is one evaluation of a calibration: everything a resumed
// calibration needs to reuse it without running the model, with the
// parameters as the exact float64 bits that ran.
type TraceRow struct {
	Evaluation int
	X          []float64 // in the order of the trace's parameters
	Loss       float64   // an undefined target counts analysis.UndefinedDistance; +Inf is written as null
	Targets    []TargetCell
}

// TargetRow is one row of the targets table: a target at the best
// evaluation.
type TargetRow struct {
	Name     string
	Wanted   string  // as written: "[low, high]" or "value ± tolerance"
	Achieved float64 // NaN where undefined
	CILow    float64
	CIHigh   float64
	Met      bool
	Low      float64
	High     float64
	SE       float64
	N        int
	Weight   float64
	// Why says why Achieved is undefined ("" when defined); it is for
	// messages and is not a column.
	Why string
}

// CalibrationTables are the outputs of a calibration: the trace of every
// evaluation, the targets at the best one, and calibrated.yaml.
type CalibrationTables struct {
	Params     []TraceParam
	Targets    []string // target names, in config order
	Trace      []TraceRow
	Results    []TargetRow
	Calibrated []byte
}

// unitAsTarget is the unit of a target's value columns: its outcome's
// (the codebook's unit of that outcome), which config.yaml's
// calibration.targets names; a ratio of means has none.
const unitAsTarget = "the unit of the target's outcome (config.yaml, calibration.targets; see that outcome in the runs or states table); none for a ratio"

// lossDescription describes the trace's loss column as analysis.Loss
// computes it: a target without a value counts as a miss of
// analysis.UndefinedDistance bands weighed as the heaviest target, not by
// its own weight, as the codebook said (a review, stop 50); and when the
// column is null, which "≥ 0" did not say.
const lossDescription = "calibration loss: Σ weight · (distance outside the target's range / its width)² over the targets with a value, a point target's distance relative to |wanted| (raw where wanted is 0), " +
	"plus, for each target without one (null), the largest weight of any target · (10⁴)²: a miss of 10⁴ widths weighed as the heaviest target, not by its own weight; " +
	"0 when every target is met, and only then (a missed target whose term is too small for a float64 makes it the smallest positive float64), at most the largest float64; " +
	"null only where the loss is infinite, which no evaluation of this engine gives (engine 0.4.5 and before wrote null for an evaluation with a target without a value)"

// ciNull says when a target's interval is null (analysis.tInterval), as
// the codebook did not (a review, stop 50: T2b-blockades' is null at every
// evaluation of the shipped calibration); ciNullAchieved says it of the
// targets table, whose value is achieved.
const (
	ciNullRest     = "with fewer than 2 replicates, or where the replicates do not vary: a standard error of 0, up to rounding, whose interval of width 0 would claim a certainty no finite sample gives"
	ciNull         = "null where the value is, " + ciNullRest
	ciNullAchieved = "null where achieved is, " + ciNullRest
)

// TraceSchema is the schema of calibration/trace: one row per evaluation,
// in the order of the search.
func TraceSchema(params []TraceParam, targets []string, prov Provenance) (*arrow.Schema, error) {
	if len(params) == 0 || len(targets) == 0 {
		return nil, errors.New("output: a trace needs parameters and targets")
	}
	fs := []arrow.Field{field(ColEvaluation, i64, false, "evaluation of the calibration, 0-based, in the order the search (CMA-ES) or the design (lhs: the start, then the Latin hypercube) asked for it; every evaluation runs the same task seeds (common random numbers)", "", ">= 0")}
	for _, p := range params {
		f, err := paramField(p.Name, "the value this evaluation ran", p.Min, p.Max)
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
	}
	fs = append(fs, field(ColLoss, f64, true, lossDescription, "", ">= 0"))
	for _, t := range targets {
		fs = append(fs,
			field(TraceColumn(t, TraceValue), f64, true, "target "+t+": the mean (or ratio of means) this evaluation achieved (null where undefined)", unitAsTarget, "real"),
			field(TraceColumn(t, TraceSE), f64, true, "target "+t+": Monte Carlo standard error of the value (delta method for a ratio; null where the value is, or with fewer than 2 replicates)", unitAsTarget, ">= 0"),
			field(TraceColumn(t, TraceCILow), f64, true, "target "+t+": lower end of the Student t 95% interval of the value ("+ciNull+")", unitAsTarget, "real"),
			field(TraceColumn(t, TraceCIHigh), f64, true, "target "+t+": upper end of the Student t 95% interval of the value ("+ciNull+")", unitAsTarget, "real"),
			field(TraceColumn(t, TraceN), i64, false, "target "+t+": replicates the value rests on (both defined, for a ratio)", "replicates", ">= 0"),
		)
	}
	return newSchema(TableTrace, fs, prov)
}

// TargetsSchema is the schema of calibration/targets: one row per target
// at the best evaluation.
func TargetsSchema(targets []string, prov Provenance) (*arrow.Schema, error) {
	fs := []arrow.Field{
		field(ColName, dictString, false, "the target's name, as in calibration.targets", "", "one of: "+strings.Join(targets, ", ")),
		field(ColWanted, arrow.BinaryTypes.String, false, "what the target asks, as written: [low, high], or value ± tolerance", "", "text"),
		field(ColAchieved, f64, true, "the mean (or ratio of means) at the best evaluation (null where undefined)", unitAsTarget, "real"),
		field(ColCILow, f64, true, "lower end of the Student t 95% interval of achieved ("+ciNullAchieved+")", unitAsTarget, "real"),
		field(ColCIHigh, f64, true, "upper end of the Student t 95% interval of achieved ("+ciNullAchieved+")", unitAsTarget, "real"),
		field(ColMet, arrow.FixedWidthTypes.Boolean, false, "whether achieved lies in [low, high]", "", "true/false"),
		field(ColLow, f64, false, "lower end of the wanted range (value − tolerance for a value)", unitAsTarget, "real"),
		field(ColHigh, f64, false, "upper end of the wanted range (value + tolerance for a value)", unitAsTarget, "real"),
		field(ColSE, f64, true, "Monte Carlo standard error of achieved (null where achieved is, or with fewer than 2 replicates)", unitAsTarget, ">= 0"),
		field(ColN, i64, false, "replicates achieved rests on", "replicates", ">= 0"),
		field(ColWeight, f64, false, "the target's weight in the loss", "", "> 0"),
	}
	return newSchema(TableTargets, fs, prov)
}

// appendTraceRow appends r to a trace builder.
func appendTraceRow(b *array.RecordBuilder, r *TraceRow, params, targets int) error {
	if len(r.X) != params || len(r.Targets) != targets {
		return fmt.Errorf("evaluation %d has %d parameters and %d targets, want %d and %d", r.Evaluation, len(r.X), len(r.Targets), params, targets)
	}
	b.Field(0).(*array.Int64Builder).Append(int64(r.Evaluation))
	for j, x := range r.X {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("evaluation %d: parameter %d is %v", r.Evaluation, j, x)
		}
		b.Field(1 + j).(*array.Float64Builder).Append(x)
	}
	k := 1 + params
	if math.IsInf(r.Loss, 1) {
		b.Field(k).AppendNull()
	} else if err := appendReal(b.Field(k), r.Loss); err != nil {
		return fmt.Errorf("evaluation %d: loss: %w", r.Evaluation, err)
	}
	k++
	for t, c := range r.Targets {
		for _, x := range []float64{c.Value, c.SE, c.CILow, c.CIHigh} {
			if err := appendReal(b.Field(k), x); err != nil {
				return fmt.Errorf("evaluation %d: target %d: %w", r.Evaluation, t, err)
			}
			k++
		}
		b.Field(k).(*array.Int64Builder).Append(int64(c.N))
		k++
	}
	return nil
}

// WriteCalibration writes a calibration's outputs into the Dataset's
// directory: calibration/trace and calibration/targets (Parquet, CSV and,
// when the Layout chooses Arrow, Arrow IPC in the calibration folder),
// calibrated.yaml, and codebook.csv with the columns of both tables. Every
// file goes through a temporary file. The trace replaces the journal that
// the calibration appended to (see TraceJournal) with the same rows.
func (d *Dataset) WriteCalibration(ctx context.Context, c *CalibrationTables) error {
	prov := d.l.Provenance
	tsc, err := TraceSchema(c.Params, c.Targets, prov)
	if err != nil {
		return err
	}
	gsc, err := TargetsSchema(c.Targets, prov)
	if err != nil {
		return err
	}
	P, T := len(c.Params), len(c.Targets)
	err = d.writeSmallTable(ctx, TableTrace, tsc, nil, len(c.Trace), func(b *array.RecordBuilder, i int) error {
		return appendTraceRow(b, &c.Trace[i], P, T)
	})
	if err != nil {
		return err
	}
	err = d.writeSmallTable(ctx, TableTargets, gsc, map[string][]string{ColName: c.Targets}, len(c.Results), func(b *array.RecordBuilder, i int) error {
		r := &c.Results[i]
		if err := b.Field(0).(*array.BinaryDictionaryBuilder).AppendString(r.Name); err != nil {
			return err
		}
		b.Field(1).(*array.StringBuilder).Append(r.Wanted)
		for k, x := range []float64{r.Achieved, r.CILow, r.CIHigh} {
			if err := appendReal(b.Field(2+k), x); err != nil {
				return fmt.Errorf("target %s: %w", r.Name, err)
			}
		}
		b.Field(5).(*array.BooleanBuilder).Append(r.Met)
		b.Field(6).(*array.Float64Builder).Append(r.Low)
		b.Field(7).(*array.Float64Builder).Append(r.High)
		if err := appendReal(b.Field(8), r.SE); err != nil {
			return fmt.Errorf("target %s: %w", r.Name, err)
		}
		b.Field(9).(*array.Int64Builder).Append(int64(r.N))
		b.Field(10).(*array.Float64Builder).Append(r.Weight)
		return nil
	})
	if err != nil {
		return err
	}
	if err := writeFileAtomic(d.fs, filepath.Join(d.l.Dir, CalibratedName), c.Calibrated); err != nil {
		return err
	}
	return writeCodebookFile(d.fs, filepath.Join(d.l.Dir, CodebookName), []namedSchema{{TableTrace, tsc}, {TableTargets, gsc}})
}

// TraceJournal is the trace of a calibration as it runs:
// DIR/calibration/trace.csv, one line appended and synced per evaluation,
// in exactly the bytes the final trace.csv has, so an interrupted
// calibration can be resumed from it (OpenTrace) and its evaluations
// reused rather than run again. WriteCalibration replaces it at the end.
//
// Beside it, calibration/.trace.sha256 records the engine version that
// runs the search and, per line of the trace, its SHA-256, appended after
// the line: a resume refuses a trace another engine version began (its
// evaluations would not be this engine's), and re-evaluates from the
// first line whose checksum is missing or differs (a line edited, or
// written without its checksum by a crash), since the search asks for the
// same points again. WriteCalibration removes it.
type TraceJournal struct {
	d        *Dataset
	sc       *arrow.Schema
	path     string
	sums     string // the checksum journal
	P, T     int
	appender appender
	// Distrusted is how many lines of the trace a resume found that the
	// checksum journal did not vouch for (OpenTrace drops them), and the
	// first of them says why: NoSums, there was no checksum journal at
	// all; Differs, it had a checksum that differs; Unparsed, it is not a
	// line of this trace (edited, or added); Torn, it is the last line,
	// cut short (a kill while it was written); else it had no checksum
	// yet (a kill between a line and its checksum).
	Distrusted                      int
	NoSums, Differs, Unparsed, Torn bool
}

// TraceSumsName is the trace journal's checksum file, in calibration/.
const TraceSumsName = ".trace.sha256"

// traceSumsHeader is the head of the checksum journal: the engine version,
// the build target (BuildTarget), the resolved config's SHA-256, and the
// Go version and VCS text of the binary (BuildVersions, VCSText), one
// line each.
func traceSumsHeader(p Provenance) string {
	g, v := BuildVersions()
	return "engine " + p.EngineVersion + "\nbuild " + BuildTarget() + "\nconfig " + p.ConfigSHA256 + "\ngo " + g + "\nvcs " + VCSText(v) + "\n"
}

// lineSum is the checksum journal's line for a trace line.
func lineSum(line []byte) string {
	h := sha256.Sum256(line)
	return hex.EncodeToString(h[:]) + "\n"
}

// trustedRows returns how many of the trace's lines, in order, the
// checksum journal vouches for: they have the recorded sums. A
// journal of another engine version is refused (a usage error).
func (j *TraceJournal) trustedRows(lines [][]byte) (int, error) {
	data, err := ReadFileLimited(j.sums, MaxTraceBytes)
	if errors.Is(err, fs.ErrNotExist) {
		j.NoSums = true
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("output: %w", err)
	}
	text := string(data)
	head, rest, _ := strings.Cut(text, "\n")
	if v, ok := strings.CutPrefix(head, "engine "); ok && v != j.d.l.Provenance.EngineVersion {
		return 0, Usagef("--resume: the calibration in %s was begun by engine %s; this runner is engine %s: finish it with the runner of that version, or start it again with --force", j.d.l.Dir, v, j.d.l.Provenance.EngineVersion)
	} else if !ok {
		return 0, nil
	}
	// The build and config lines (engine 0.4.3 on). Evaluations of another
	// build target can differ in the last bits (docs/model.md sec. 22.1),
	// and those of another config (its config.yaml edited to match the
	// one given) are of another model: neither is mixed with this run's.
	//
	// The go and vcs lines (engine 0.4.13 on): evaluations of another
	// binary, of the same engine version, are of other code (a hostile
	// review, stop 43: a runner rebuilt after a pull replayed the trace
	// and went on with its own), and the calibration's manifest would
	// name one binary for both.
	var goVersion string
	for {
		line, after, _ := strings.Cut(rest, "\n")
		if g, ok := strings.CutPrefix(line, "go "); ok {
			goVersion = g
		} else if v, ok := strings.CutPrefix(line, "vcs "); ok {
			if other := OtherBinary(goVersion, v); other != "" {
				return 0, Usagef("--resume: the calibration in %s was begun by a runner %s: finish it with the runner that began it, or start it again with --force", j.d.l.Dir, other)
			}
		} else if b, ok := strings.CutPrefix(line, "build "); ok {
			if other := OtherBuild(b); other != "" {
				return 0, Usagef("--resume: the calibration in %s was begun by a runner %s: finish it with a runner built for that target, or start it again with --force", j.d.l.Dir, other)
			}
		} else if c, ok := strings.CutPrefix(line, "config "); ok {
			if want := j.d.l.Provenance.ConfigSHA256; c != want {
				return 0, Usagef("--resume: the calibration in %s was begun with config %s; this config is %s (was its config.yaml edited?): resume it with the config it was begun with, or start it again with --force", j.d.l.Dir, ShortHash(c), ShortHash(want))
			}
		} else {
			break
		}
		rest = after
	}
	sums := strings.SplitAfter(rest, "\n")
	n := 0
	for n < len(lines) && n < len(sums) {
		if lineSum(lines[n]) != sums[n] {
			// The last element is what follows the final newline: "" when
			// the journal ends cleanly, a checksum torn by a kill
			// otherwise; either way the line has no checksum yet.
			j.Differs = n < len(sums)-1
			break
		}
		n++
	}
	return n, nil
}

// OpenTrace starts the trace journal of a calibration with these
// parameters and targets. Without resume, or when there is no journal
// yet, it writes the header (atomically) and returns no rows. With resume
// it reads the journal back: a line torn by a crash (the last, without its
// newline) is dropped, the rest must parse and be numbered 0, 1, 2, ...,
// and its header must be exactly this calibration's (else the error says
// the trace is not this calibration's); the journal is then rewritten with
// the rows kept, and they are returned, parameters bit for bit.
func (d *Dataset) OpenTrace(params []TraceParam, targets []string, resume bool) (*TraceJournal, []TraceRow, error) {
	sc, err := TraceSchema(params, targets, d.l.Provenance)
	if err != nil {
		return nil, nil, err
	}
	ap, ok := d.fs.(appender)
	if !ok {
		return nil, nil, errors.New("output: the file system cannot append; a calibration needs its trace journal")
	}
	j := &TraceJournal{d: d, sc: sc, path: filepath.Join(d.l.Dir, filepath.FromSlash(TableTrace)+".csv"), P: len(params), T: len(targets), appender: ap}
	j.sums = filepath.Join(filepath.Dir(j.path), TraceSumsName)
	if err := d.fs.MkdirBelow(d.l.Dir, filepath.Dir(j.path)); err != nil {
		return nil, nil, fmt.Errorf("output: create %s: %w", filepath.Dir(j.path), err)
	}
	var rows []TraceRow
	read := false // a trace journal was read back
	unread := 0   // its lines from the first that does not parse on
	torn := 0     // 1 for a last line without its newline: a kill's, not an edit
	if resume {
		data, err := ReadFileLimited(j.path, MaxTraceBytes)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, nil, fmt.Errorf("output: %w", err)
		default:
			if rows, unread, err = parseTrace(j.path, sc, j.P, j.T, data, false); err != nil {
				return nil, nil, fmt.Errorf("%w; remove the directory or rerun with --force to start the calibration again", err)
			}
			read = true
			if len(data) > 0 && data[len(data)-1] != '\n' {
				torn = 1
			}
		}
	}
	// Each row's line, rendered once: checked against the checksums, then
	// written back.
	lines := make([][]byte, len(rows))
	for k := range rows {
		if lines[k], err = j.line(&rows[k]); err != nil {
			return nil, nil, err
		}
	}
	if read {
		n, err := j.trustedRows(lines)
		if err != nil {
			return nil, nil, err
		}
		// A line that does not parse was not written by pactsim: it
		// differs from what its checksum vouched for, and is evaluated
		// again, with those after it, as an edited line that parses is.
		j.Distrusted = len(rows) - n + unread + torn
		// trustedRows judged the first distrusted line if it parsed; the
		// others are told by what they are, with or without a checksum
		// (a resume, stop 35: a cut-short last line was called one
		// without a checksum, which it had, and a line added after the
		// last checksum one that differs from it).
		if !j.NoSums && n == len(rows) {
			j.Unparsed, j.Torn = unread > 0, unread == 0 && torn == 1
		}
		rows, lines = rows[:n], lines[:n]
	}
	if err := j.rewrite(lines); err != nil {
		return nil, nil, err
	}
	return j, rows, nil
}

// MaxTraceBytes bounds the trace journal a resumed calibration reads: a
// million evaluations of a few dozen numbers.
const MaxTraceBytes = 1 << 30

// line renders r as the trace's CSV line.
func (j *TraceJournal) line(r *TraceRow) ([]byte, error) {
	b := array.NewRecordBuilder(j.d.mem, j.sc)
	defer b.Release()
	if err := appendTraceRow(b, r, j.P, j.T); err != nil {
		return nil, fmt.Errorf("output: trace: %w", err)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := writeCSVRows(w, rec); err != nil {
		return nil, err
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// Append appends one evaluation and syncs it.
func (j *TraceJournal) Append(r *TraceRow) error {
	line, err := j.line(r)
	if err != nil {
		return err
	}
	if err := j.appender.AppendSync(j.path, line); err != nil {
		return fmt.Errorf("output: write %s: %w", j.path, err)
	}
	// After the line: killed in between, the line has no sum, and a
	// resume evaluates it again.
	if err := j.appender.AppendSync(j.sums, []byte(lineSum(line))); err != nil {
		return fmt.Errorf("output: write %s: %w", j.sums, err)
	}
	return nil
}

// ReadTrace reads the trace of a calibration with these parameters and
// targets from dir (its calibration/trace.csv), without changing it, for
// `runner verify`. The rules are OpenTrace's.
func ReadTrace(dir string, params []TraceParam, targets []string) ([]TraceRow, error) {
	sc, err := TraceSchema(params, targets, Provenance{})
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, filepath.FromSlash(TableTrace)+".csv")
	data, err := ReadFileLimited(path, MaxTraceBytes)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	rows, _, err := parseTrace(path, sc, len(params), len(targets), data, true)
	return rows, err
}

// parseTrace reads a trace journal back (see OpenTrace). strict (verify)
// refuses a line that does not parse; otherwise (a resume) the rows
// before it are returned, with the number of whole lines from it on,
// unread (a last line without its newline is dropped either way). A
// header that is not this calibration's is an error either way.
func parseTrace(path string, sc *arrow.Schema, P, T int, data []byte, strict bool) (rows []TraceRow, unread int, err error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("output: %s: %s", path, fmt.Sprintf(format, a...))
	}
	// A crash while appending leaves at most the last line without its
	// newline: every append writes whole lines in one call.
	if i := bytes.LastIndexByte(data, '\n'); i+1 < len(data) {
		data = data[:i+1]
	}
	// Every line must have as many fields as the header; the header itself
	// is compared with this calibration's columns below.
	cr := csv.NewReader(bytes.NewReader(data))
	header, err := cr.Read()
	if err == io.EOF {
		return nil, 0, nil
	}
	want := make([]string, sc.NumFields())
	for k, f := range sc.Fields() {
		want[k] = f.Name
	}
	if err != nil && !strict {
		// A header that is not even CSV was not written by pactsim (the
		// config's hash already matched): no line is taken, and every one
		// is evaluated again.
		return nil, bytes.Count(data, []byte{'\n'}) - 1, nil
	}
	if err != nil || !slices.Equal(header, want) {
		return nil, 0, bad("its columns %v are not this calibration's %v (another config?)", header, want)
	}
	for i := 0; ; i++ {
		line := i + 2
		at := cr.InputOffset()
		row, err := parseTraceLine(cr, want, i, line, P, T)
		if err == io.EOF {
			return rows, 0, nil
		}
		if err != nil {
			if strict {
				return nil, 0, bad("%v", err)
			}
			return rows, bytes.Count(data[at:], []byte{'\n'}), nil
		}
		rows = append(rows, row)
	}
}

// parseTraceLine reads the trace's next line, evaluation i on line line.
func parseTraceLine(cr *csv.Reader, want []string, i, line, P, T int) (TraceRow, error) {
	rec, err := cr.Read()
	if err != nil {
		return TraceRow{}, err
	}
	num := func(s string, null float64) (float64, error) {
		if s == "" {
			return null, nil
		}
		return strconv.ParseFloat(s, 64)
	}
	ev, err := strconv.Atoi(rec[0])
	if err != nil || ev != i {
		return TraceRow{}, fmt.Errorf("line %d: evaluation %q, want %d", line, rec[0], i)
	}
	row := TraceRow{Evaluation: ev, X: make([]float64, P), Targets: make([]TargetCell, T)}
	k := 1
	for p := range row.X {
		if rec[k] == "" {
			return TraceRow{}, fmt.Errorf("line %d: parameter %s is empty", line, want[k])
		}
		if row.X[p], err = strconv.ParseFloat(rec[k], 64); err != nil {
			return TraceRow{}, fmt.Errorf("line %d: %s: %v", line, want[k], err)
		}
		k++
	}
	if row.Loss, err = num(rec[k], math.Inf(1)); err != nil {
		return TraceRow{}, fmt.Errorf("line %d: %s: %v", line, want[k], err)
	}
	k++
	for t := range row.Targets {
		c := &row.Targets[t]
		for _, dst := range []*float64{&c.Value, &c.SE, &c.CILow, &c.CIHigh} {
			if *dst, err = num(rec[k], math.NaN()); err != nil {
				return TraceRow{}, fmt.Errorf("line %d: %s: %v", line, want[k], err)
			}
			k++
		}
		if c.N, err = strconv.Atoi(rec[k]); err != nil {
			return TraceRow{}, fmt.Errorf("line %d: %s: %v", line, want[k], err)
		}
		k++
	}
	return row, nil
}

// StateColumn returns how to read the states table's column name from a
// state record, for a calibration target summed over states; nil when the
// column is not a number of the record (an identifying or text column, or
// no such column). It follows stateColumns, which is what the states
// table writes.
func StateColumn(name string) func(*engine.StateRecord) float64 {
	for _, c := range stateColumns {
		if c.name == name {
			return c.state
		}
	}
	return nil
}

// ShortHash is the first 12 hex digits of a SHA-256, as messages name a
// config.
func ShortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
