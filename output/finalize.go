package output

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
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
	if err := d.removeWhole(); err != nil {
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

// removeWhole removes the files Finalize writes (the whole tables in every
// format, and the codebook) where an earlier finalisation left them: a run
// stopped after them (a full disk at its figures or manifest, a signal) is
// resumed by writing them all again, and each new file was written beside
// the old one before it replaced it, so --resume needed the room of the
// largest table more than the run itself did. On a disk that the stopped
// run had filled, freeing every other byte was not enough: the resume
// failed at the same file every time (a hostile review, stop 56). They are
// recomputed from the parts, which stay, and a directory without its
// manifest is not complete, so no reader takes them as final meanwhile.
// Through d.fs, so that a recomputation in memory (Recompute) removes
// nothing on disk.
func (d *Dataset) removeWhole() error {
	paths := []string{filepath.Join(d.l.Dir, CodebookName)}
	for _, table := range d.WholeTables() {
		paths = append(paths, filepath.Join(d.l.Dir, table+".parquet"))
		if table != TablePoints {
			paths = append(paths, filepath.Join(d.l.Dir, table+".csv"))
		}
		if d.l.Arrow {
			paths = append(paths, filepath.Join(d.l.Dir, "arrow", table+".arrow"))
		}
	}
	for _, p := range paths {
		if err := d.fs.Remove(p); err != nil {
			return fmt.Errorf("output: remove the earlier %s: %w", p, err)
		}
	}
	return nil
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

func (acc *accumulator) readPart(ctx context.Context, path string) (err error) {
	defer RecoverRead(path, &err)
	pf, err := OpenParquet(path)
	if err != nil {
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	defer pf.Close()
	mem := acc.d.mem
	fr, err := NewParquetArrowReader(pf, pqarrow.ArrowReadProperties{BatchSize: readBatchRows}, mem)
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
	summary := acc.w.table(TableSummary)
	b := summary.b
	for a, arch := range l.Architectures {
		for k := range acc.K {
			if err := appendPointHead(b, p, xs, arch, engine.Outcomes[k].Name); err != nil {
				return err
			}
			appendSummaryStats(b, 3+nSwept, acc.summary[a*acc.K+k].interval(acc.q))
		}
	}
	if err := summary.rowsAdded(); err != nil {
		return err
	}
	clear(acc.summary)
	if err := acc.emitStrata(p, xs); err != nil {
		return err
	}
	if err := acc.emitContrib(p, xs); err != nil {
		return err
	}
	contrasts := acc.w.table(TableContrasts)
	if contrasts == nil {
		return nil
	}
	b = contrasts.b
	for pi, pair := range acc.pairs {
		for k := range acc.K {
			if err := appendPointHead(b, p, xs, engine.Outcomes[k].Name, l.Architectures[pair[0]], l.Architectures[pair[1]]); err != nil {
				return err
			}
			appendContrastStats(b, 4+nSwept, &acc.diffs[pi*acc.K+k], acc.q, k)
		}
	}
	clear(acc.diffs)
	return contrasts.rowsAdded()
}

// appendPointHead appends the head of a whole table's row: point p, its
// swept values xs, then the dictionary columns' values names, in order.
func appendPointHead(b *array.RecordBuilder, p int, xs []float64, names ...string) error {
	b.Field(0).(*array.Int32Builder).Append(int32(p))
	for j, x := range xs {
		appendParam(b.Field(1+j), x)
	}
	for j, s := range names {
		if err := b.Field(1 + len(xs) + j).(*array.BinaryDictionaryBuilder).AppendString(s); err != nil {
			return err
		}
	}
	return nil
}

// appendSummaryStats appends a summary row's statistics from field f on:
// n, mean, sd, se, ci_low, ci_high.
func appendSummaryStats(b *array.RecordBuilder, f int, iv interval) {
	b.Field(f).(*array.Int64Builder).Append(iv.n)
	appendOptional(b.Field(f+1), iv.mean, iv.hasMean)
	appendOptional(b.Field(f+2), iv.sd, iv.hasSpread)
	appendOptional(b.Field(f+3), iv.se, iv.hasSpread)
	appendOptional(b.Field(f+4), iv.lo, iv.hasSpread)
	appendOptional(b.Field(f+5), iv.hi, iv.hasSpread)
}

// appendContrastStats appends a contrast row's statistics of outcome k
// from field f on: n, mean_diff, ci_low, ci_high, and the shares better
// and tied.
func appendContrastStats(b *array.RecordBuilder, f int, c *pairedContrast, q tQuantiles, k int) {
	iv := c.diff.interval(q)
	b.Field(f).(*array.Int64Builder).Append(iv.n)
	appendOptional(b.Field(f+1), iv.mean, iv.hasMean)
	appendOptional(b.Field(f+2), iv.lo, iv.hasSpread)
	appendOptional(b.Field(f+3), iv.hi, iv.hasSpread)
	n := float64(iv.n)
	appendOptional(b.Field(f+4), float64(c.better)/n, iv.n > 0 && engine.Outcomes[k].Better != engine.NoDirection)
	appendOptional(b.Field(f+5), float64(c.ties)/n, iv.n > 0)
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
