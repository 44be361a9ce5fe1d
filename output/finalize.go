package output

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"pactsim/engine"
)

// readBatchRows is how many rows the finalisation reads at a time: enough to
// amortise the per-batch work, small enough that memory stays flat.
const readBatchRows = 1 << 15

// Finalize computes the summary and contrasts from the runs parts on disk
// and writes every whole-directory table: summary and contrasts (Parquet,
// CSV and, when chosen, Arrow), points (Parquet and, when chosen, Arrow)
// and codebook.csv. It is the one code path of run, resume and merge, so
// their outputs are identical.
//
// It reads the parts in part order, one at a time, and requires their rows
// to be exactly the plan's tasks 0..T-1 in task order, each with every
// architecture in config order: a missing, duplicated or foreign part is an
// error naming the file. Statistics are accumulated in that order, so their
// bits never depend on how the parts were produced.
//
// Memory does not grow with the plan: tasks come point-major, so only the
// accumulators of the point being read are held; a point's rows are
// appended to the tables as soon as its last task is read, and the tables
// are written in batches of a fixed row count (one row group and one IPC
// batch each), so their bytes depend on the data alone. ctx is checked
// between batches of rows.
func (d *Dataset) Finalize(ctx context.Context) error {
	paths, err := d.runsParts()
	if err != nil {
		return err
	}
	w, err := d.newWholeWriter()
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			w.abort()
		}
	}()
	if err := w.writePoints(ctx); err != nil {
		return err
	}
	acc := newAccumulator(d, w)
	acc.ctx = ctx
	acc.initContrib()
	acc.initBreakEven()
	for _, p := range paths {
		if err := acc.readPart(ctx, p); err != nil {
			return err
		}
	}
	if err := acc.finish(); err != nil {
		return err
	}
	if err := w.commit(); err != nil {
		return err
	}
	ok = true
	return d.writeCodebook()
}

// runsParts lists the final Parquet parts of the runs table in task order.
func (d *Dataset) runsParts() ([]string, error) {
	dir := filepath.Join(d.l.Dir, TableRuns)
	names, err := listParts(dir, ".parquet")
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("output: %s holds no parts", dir)
	}
	paths := make([]string, len(names))
	for k, n := range names {
		paths[k] = filepath.Join(dir, n+".parquet")
	}
	return paths, nil
}

// accumulator holds the running statistics of the point being read: every
// (architecture, outcome) and (pair, outcome), and the outcomes of the task
// being read, which the contrasts need all at once.
type accumulator struct {
	ctx     context.Context // checked at every point: a batch of runs rows can span thousands
	d       *Dataset
	w       *wholeWriter
	A, K    int
	pairs   [][2]int
	summary []moments        // arch*K + outcome, of the current point
	diffs   []pairedContrast // pair*K + outcome, of the current point
	q       tQuantiles
	strata  strata          // the same by treaty formation (formation.go)
	contrib *contrib        // an ablation's contributions (contributions.go); nil when none
	be      *breakEvenState // its break-even curves (breakeven.go); nil when none

	task  int // the task whose rows are being read; -1 before the first
	arch  int // the architecture expected next within the task
	value []float64
	valid []bool
}

func newAccumulator(d *Dataset, w *wholeWriter) *accumulator {
	A, K := len(d.l.Architectures), int(engine.NumOutcomes)
	pairs := contrastPairs(d.l.Architectures)
	return &accumulator{
		d: d, w: w, A: A, K: K, pairs: pairs,
		summary: make([]moments, A*K),
		diffs:   make([]pairedContrast, len(pairs)*K),
		q:       tQuantiles{},
		task:    -1,
		value:   make([]float64, A*K),
		valid:   make([]bool, A*K),
	}
}

func (acc *accumulator) readPart(ctx context.Context, path string) error {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	defer pf.Close()
	mem := acc.d.mem
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: readBatchRows}, mem)
	if err != nil {
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	sc, err := fr.Schema()
	if err != nil {
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	if err := sameSchema(sc, acc.d.tables[TableRuns]); err != nil {
		return fmt.Errorf("output: %s is not a part of this run (another config, engine version or sweep?): %w", path, err)
	}
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	defer rr.Release()
	for rr.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := acc.addBatch(rr.RecordBatch(), path); err != nil {
			return err
		}
	}
	if err := rr.Err(); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	return ctx.Err()
}

// addBatch adds the rows of one batch of a runs part.
func (acc *accumulator) addBatch(rec arrow.RecordBatch, path string) error {
	l := &acc.d.l
	nSwept := len(l.Swept)
	point := rec.Column(0).(*array.Int32)
	rep := rec.Column(1).(*array.Int32)
	archCol := rec.Column(2).(*array.Dictionary)
	// The dictionary of a batch is the config's architectures, in order
	// (the part writer seeds it); map by name all the same, so a part from
	// another writer is read right or rejected, never misread.
	dict := archCol.Dictionary().(*array.String)
	archOf := make([]int, dict.Len())
	for k := range archOf {
		archOf[k] = slices.Index(l.Architectures, dict.Value(k))
	}
	outcomes := make([]arrow.Array, acc.K)
	for k := range outcomes {
		outcomes[k] = rec.Column(4 + nSwept + k)
	}
	for i := 0; i < int(rec.NumRows()); i++ {
		p, r := int(point.Value(i)), int(rep.Value(i))
		a := -1
		if archCol.IsValid(i) {
			a = archOf[archCol.GetValueIndex(i)]
		}
		task := p*l.Replicates + r
		if p < 0 || p >= l.NumPoints || r < 0 || r >= l.Replicates || a < 0 {
			return fmt.Errorf("output: %s: row %d (point %d, replicate %d) is not in this run's plan", path, i, p, r)
		}
		if task != acc.task {
			if acc.task >= 0 && acc.arch != acc.A {
				return fmt.Errorf("output: %s: task %d has %d of %d architectures", path, acc.task, acc.arch, acc.A)
			}
			if task != acc.task+1 {
				return fmt.Errorf("output: %s: task %d (point %d, replicate %d) follows task %d: a part is missing, duplicated or out of order", path, task, p, r, acc.task)
			}
			if acc.task >= 0 {
				acc.addContrasts()
				if prev := acc.task / l.Replicates; prev != p {
					if err := acc.emitPoint(prev); err != nil {
						return err
					}
				}
			}
			acc.task, acc.arch = task, 0
		}
		if a != acc.arch {
			return fmt.Errorf("output: %s: task %d: architecture %s out of config order", path, task, l.Architectures[a])
		}
		base := a * acc.K
		sum := acc.summary[a*acc.K:]
		for k, col := range outcomes {
			x, ok := outcomeValue(col, i)
			acc.value[base+k], acc.valid[base+k] = x, ok
			if ok {
				sum[k].add(x)
			}
		}
		acc.arch++
	}
	return nil
}

// outcomeValue reads row i of an outcome column as a number: flags as 0/1,
// so that their mean is a share.
func outcomeValue(col arrow.Array, i int) (float64, bool) {
	if col.IsNull(i) {
		return 0, false
	}
	switch c := col.(type) {
	case *array.Float64:
		return c.Value(i), true
	case *array.Int64:
		return float64(c.Value(i)), true
	case *array.Boolean:
		if c.Value(i) {
			return 1, true
		}
		return 0, true
	}
	panic(fmt.Sprintf("output: outcomeValue: unexpected column type %s", col.DataType()))
}

// addContrasts adds the completed task's paired differences, and its
// values to the accumulators by treaty formation.
func (acc *accumulator) addContrasts() {
	acc.addStrata()
	acc.addContrib()
	for pi, pair := range acc.pairs {
		c := acc.diffs[pi*acc.K:]
		a, b := pair[0]*acc.K, pair[1]*acc.K
		for k := range acc.K {
			if acc.valid[a+k] && acc.valid[b+k] {
				c[k].add(acc.value[a+k], acc.value[b+k], engine.Outcomes[k].Better)
			}
		}
	}
}

// finish checks that every task was read and emits the last point.
func (acc *accumulator) finish() error {
	T := acc.d.Tasks()
	if acc.task != T-1 || acc.arch != acc.A {
		return fmt.Errorf("output: %s: the parts end at task %d of %d: parts are missing", filepath.Join(acc.d.l.Dir, TableRuns), acc.task+1, T)
	}
	acc.addContrasts()
	if err := acc.emitPoint(acc.d.l.NumPoints - 1); err != nil {
		return err
	}
	return acc.emitBreakEven()
}

// emitPoint appends point p's summary rows (per architecture and outcome)
// and contrast rows (per pair and outcome), in that order, and resets the
// accumulators for the next point.
func (acc *accumulator) emitPoint(p int) error {
	if acc.ctx != nil {
		if err := acc.ctx.Err(); err != nil {
			return err
		}
	}
	l := &acc.d.l
	xs := l.PointAt(p)
	nSwept := len(l.Swept)
	b := acc.w.summary.b
	for a, arch := range l.Architectures {
		for k := range acc.K {
			b.Field(0).(*array.Int32Builder).Append(int32(p))
			for j, x := range xs {
				appendParam(b.Field(1+j), x)
			}
			if err := b.Field(1 + nSwept).(*array.BinaryDictionaryBuilder).AppendString(arch); err != nil {
				return err
			}
			if err := b.Field(2 + nSwept).(*array.BinaryDictionaryBuilder).AppendString(engine.Outcomes[k].Name); err != nil {
				return err
			}
			iv := acc.summary[a*acc.K+k].interval(acc.q)
			b.Field(3 + nSwept).(*array.Int64Builder).Append(iv.n)
			appendOptional(b.Field(4+nSwept), iv.mean, iv.hasMean)
			appendOptional(b.Field(5+nSwept), iv.sd, iv.hasSpread)
			appendOptional(b.Field(6+nSwept), iv.se, iv.hasSpread)
			appendOptional(b.Field(7+nSwept), iv.lo, iv.hasSpread)
			appendOptional(b.Field(8+nSwept), iv.hi, iv.hasSpread)
		}
	}
	if err := acc.w.summary.rowsAdded(); err != nil {
		return err
	}
	clear(acc.summary)
	if err := acc.emitStrata(p); err != nil {
		return err
	}
	if err := acc.emitContrib(p); err != nil {
		return err
	}
	if acc.w.contrasts == nil {
		return nil
	}
	b = acc.w.contrasts.b
	for pi, pair := range acc.pairs {
		for k := range acc.K {
			b.Field(0).(*array.Int32Builder).Append(int32(p))
			for j, x := range xs {
				appendParam(b.Field(1+j), x)
			}
			names := [...]string{engine.Outcomes[k].Name, l.Architectures[pair[0]], l.Architectures[pair[1]]}
			for j, s := range names {
				if err := b.Field(1 + nSwept + j).(*array.BinaryDictionaryBuilder).AppendString(s); err != nil {
					return err
				}
			}
			c := &acc.diffs[pi*acc.K+k]
			iv := c.diff.interval(acc.q)
			b.Field(4 + nSwept).(*array.Int64Builder).Append(iv.n)
			appendOptional(b.Field(5+nSwept), iv.mean, iv.hasMean)
			appendOptional(b.Field(6+nSwept), iv.lo, iv.hasSpread)
			appendOptional(b.Field(7+nSwept), iv.hi, iv.hasSpread)
			n := float64(iv.n)
			appendOptional(b.Field(8+nSwept), float64(c.better)/n, iv.n > 0 && engine.Outcomes[k].Better != engine.NoDirection)
			appendOptional(b.Field(9+nSwept), float64(c.ties)/n, iv.n > 0)
		}
	}
	clear(acc.diffs)
	return acc.w.contrasts.rowsAdded()
}

func appendOptional(b array.Builder, x float64, ok bool) {
	if ok {
		b.(*array.Float64Builder).Append(x)
	} else {
		b.AppendNull()
	}
}

func outcomeNames() []string {
	names := make([]string, engine.NumOutcomes)
	for k, o := range engine.Outcomes {
		names[k] = o.Name
	}
	return names
}

// seedDict fills the dictionary of column col with values, in order, so that
// the dictionary (and so the bytes) depends on the config alone and index k
// means the same name in every batch and file.
func seedDict(mem memory.Allocator, b *array.RecordBuilder, col string, values []string) error {
	k := b.Schema().FieldIndices(col)[0]
	sb := array.NewStringBuilder(mem)
	defer sb.Release()
	sb.AppendValues(values, nil)
	vals := sb.NewStringArray()
	defer vals.Release()
	return b.Field(k).(*array.BinaryDictionaryBuilder).InsertStringDictValues(vals)
}

// wholeWriter writes the whole-directory tables as they are computed.
type wholeWriter struct {
	d                         *Dataset
	summary, contrasts, point *streamTable // contrasts nil without pairs
	// By treaty formation (formation.go); contrastsStrata nil without pairs.
	summaryStrata, contrastsStrata *streamTable
	contrib                        *streamTable // an ablation's (contributions.go); else nil
	breakEven                      *streamTable // an ablation's one-at-a-time sweeps (breakeven.go); else nil
}

// streamTable is one whole table being written: a Parquet file, its Arrow
// twin when the Layout chooses Arrow, and its CSV twin when it has one,
// all through temporary files. Rows are built in b and written as a batch
// every rowGroupRows rows, and at the end.
type streamTable struct {
	name  string
	file  *tableFile
	csv   *AtomicFile
	csvw  *csv.Writer
	b     *array.RecordBuilder
	flush int
	fs    FileSystem
}

func (d *Dataset) newWholeWriter() (*wholeWriter, error) {
	for _, dir := range []string{d.l.Dir, filepath.Join(d.l.Dir, "arrow")} {
		if dir != d.l.Dir && !d.l.Arrow {
			continue
		}
		if err := d.fs.MkdirAll(dir); err != nil {
			return nil, fmt.Errorf("output: create %s: %w", dir, err)
		}
	}
	w := &wholeWriter{d: d}
	var err error
	if w.summary, err = d.newStreamTable(TableSummary, true); err != nil {
		return nil, err
	}
	if d.HasContrasts() {
		if w.contrasts, err = d.newStreamTable(TableContrasts, true); err != nil {
			w.abort()
			return nil, err
		}
	}
	if w.summaryStrata, err = d.newStreamTable(TableSummaryByFormation, true); err != nil {
		w.abort()
		return nil, err
	}
	if d.HasContrasts() {
		if w.contrastsStrata, err = d.newStreamTable(TableContrastsByFormation, true); err != nil {
			w.abort()
			return nil, err
		}
	}
	if d.hasContributions() {
		if w.contrib, err = d.newStreamTable(TableContributions, true); err != nil {
			w.abort()
			return nil, err
		}
	}
	if d.hasBreakEven() {
		if w.breakEven, err = d.newStreamTable(TableBreakEven, true); err != nil {
			w.abort()
			return nil, err
		}
	}
	if w.point, err = d.newStreamTable(TablePoints, false); err != nil {
		w.abort()
		return nil, err
	}
	return w, nil
}

func (d *Dataset) newStreamTable(table string, withCSV bool) (*streamTable, error) {
	ipcPath := ""
	if d.l.Arrow {
		ipcPath = filepath.Join(d.l.Dir, "arrow", table+".arrow")
	}
	f, err := newTableFile(d.fs, d.mem, d.tables[table], filepath.Join(d.l.Dir, table+".parquet"), ipcPath)
	if err != nil {
		return nil, err
	}
	t := &streamTable{name: table, file: f, b: array.NewRecordBuilder(d.mem, d.tables[table]), flush: d.wholeRows, fs: d.fs}
	fail := func(err error) (*streamTable, error) {
		t.abort()
		return nil, fmt.Errorf("output: build %s: %w", table, err)
	}
	// Seed the fixed dictionaries in config and registry order, so that
	// the dictionary (and so the bytes) depends on the config alone and
	// index k means the same name in every batch and file.
	switch table {
	case TableSummary, TableSummaryByFormation:
		if table == TableSummaryByFormation {
			if err := seedDict(d.mem, t.b, ColStratum, Strata); err != nil {
				return fail(err)
			}
			if err := seedDict(d.mem, t.b, ColStratifiedBy, d.l.Architectures); err != nil {
				return fail(err)
			}
		}
		if err := seedDict(d.mem, t.b, "architecture", d.l.Architectures); err != nil {
			return fail(err)
		}
		if err := seedDict(d.mem, t.b, "outcome", outcomeNames()); err != nil {
			return fail(err)
		}
	case TableContributions, TableBreakEven:
		for _, col := range []string{ColArchitectureA, ColArchitectureB} {
			if err := seedDict(d.mem, t.b, col, d.l.Architectures); err != nil {
				return fail(err)
			}
		}
		if err := seedDict(d.mem, t.b, ColOutcome, outcomeNames()); err != nil {
			return fail(err)
		}
	case TableContrasts, TableContrastsByFormation:
		cols := []string{"architecture_a", "architecture_b"}
		if table == TableContrastsByFormation {
			if err := seedDict(d.mem, t.b, ColStratum, Strata); err != nil {
				return fail(err)
			}
			cols = append(cols, ColStratifiedBy)
		}
		for _, col := range cols {
			if err := seedDict(d.mem, t.b, col, d.l.Architectures); err != nil {
				return fail(err)
			}
		}
		if err := seedDict(d.mem, t.b, "outcome", outcomeNames()); err != nil {
			return fail(err)
		}
	}
	if withCSV {
		if t.csv, err = createAtomic(d.fs, filepath.Join(d.l.Dir, table+".csv")); err != nil {
			t.abort()
			return nil, err
		}
		t.csvw = csv.NewWriter(t.csv)
		if err := writeCSVHeader(t.csvw, d.tables[table]); err != nil {
			return fail(err)
		}
	}
	return t, nil
}

// rowsAdded writes a batch once the builder holds flush rows or more.
func (t *streamTable) rowsAdded() error {
	if t.b.Field(0).Len() < t.flush {
		return nil
	}
	return t.writeBatch()
}

// writeBatch writes the rows built so far to every format.
func (t *streamTable) writeBatch() error {
	if t.b.Field(0).Len() == 0 {
		return nil
	}
	rec := t.b.NewRecordBatch()
	defer rec.Release()
	if err := t.file.Write(rec); err != nil {
		return err
	}
	if t.csvw != nil {
		if err := writeCSVRows(t.csvw, rec); err != nil {
			return fmt.Errorf("output: write %s: %w", t.csv.Path(), err)
		}
	}
	return nil
}

func (t *streamTable) abort() {
	if t == nil {
		return
	}
	if t.file != nil {
		t.file.Abort()
	}
	if t.csv != nil {
		t.csv.Abort()
	}
	if t.b != nil {
		t.b.Release()
		t.b = nil
	}
}

// commit writes the last batch and makes the files final: Parquet and
// Arrow first, then the CSV twin.
func (t *streamTable) commit() error {
	if err := t.writeBatch(); err != nil {
		return err
	}
	t.b.Release()
	t.b = nil
	if err := commitTables(t.fs, t.file); err != nil {
		return err
	}
	if t.csvw != nil {
		t.csvw.Flush()
		if err := t.csvw.Error(); err != nil {
			t.csv.Abort()
			return fmt.Errorf("output: write %s: %w", t.csv.Path(), err)
		}
		return t.csv.Commit()
	}
	return nil
}

// writePoints writes the design matrix: one row per point.
func (w *wholeWriter) writePoints(ctx context.Context) error {
	b := w.point.b
	for p := range w.d.l.NumPoints {
		if p%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b.Field(0).(*array.Int32Builder).Append(int32(p))
		for j, x := range w.d.l.PointAt(p) {
			appendParam(b.Field(1+j), x)
		}
		if err := w.point.rowsAdded(); err != nil {
			return err
		}
	}
	return nil
}

// commit makes the tables final in codebook order: summary, contrasts,
// points, then the tables by treaty formation. A failure removes the
// temporary files of the rest (abort).
func (w *wholeWriter) commit() error {
	for _, t := range []*streamTable{w.summary, w.contrasts, w.point, w.summaryStrata, w.contrastsStrata, w.contrib, w.breakEven} {
		if t == nil {
			continue
		}
		if err := t.commit(); err != nil {
			return err
		}
	}
	return nil
}

func (w *wholeWriter) abort() {
	w.summary.abort()
	w.contrasts.abort()
	w.point.abort()
	w.summaryStrata.abort()
	w.contrastsStrata.abort()
	w.contrib.abort()
	w.breakEven.abort()
}
