package output

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// taskRows builds the rows of one task in the part table (runs,
// trajectories or states) exactly as a part holds them, by the part
// writer's own code. The caller releases the batch.
func (d *Dataset) taskRows(table string, tr *TaskRows) (arrow.RecordBatch, error) {
	b := array.NewRecordBuilder(d.mem, d.tables[table])
	defer b.Release()
	task := tr.Point*d.l.Replicates + tr.Replicate
	t := &partTable{name: table, b: b, rowGroupRows: d.rowGroupRows}
	w := &PartWriter{d: d, lo: task, hi: task + 1}
	if err := w.seedDictionaries(t); err != nil {
		return nil, err
	}
	var err error
	switch table {
	case TableRuns:
		t.perTask, w.runs = len(d.l.Architectures), t
		err = w.appendRuns(tr, task)
	case TableTrajectories:
		w.traj = t
		err = w.appendPeriods(tr, task)
	case TableStates:
		w.states = t
		err = w.appendStates(tr, task)
	default:
		err = fmt.Errorf("output: %s is not a part table", table)
	}
	if err != nil {
		return nil, err
	}
	return b.NewRecordBatch(), nil
}

// MismatchError is a row of a results directory that differs from its
// re-run: the first difference, named by file, row, task and column.
type MismatchError struct{ Msg string }

func (e *MismatchError) Error() string { return e.Msg }

// PartChecker compares the rows of one part, every table in every format
// (the Parquet files and their Arrow IPC twins), read in order from disk,
// with re-run tasks, so that a part swapped for another run's, in any
// table or format, is caught by the tasks a verify re-runs.
type PartChecker struct {
	d      *Dataset
	tables []partFiles
}

// partFiles are the open files of one table of a part: Parquet, then Arrow.
type partFiles struct {
	table   string
	cursors []*rowCursor
}

// NewPartChecker opens every file of the part named part (e.g.
// "part-00003"): each table of the Layout, in Parquet and, when the Layout
// writes it, Arrow IPC. A file of another schema is a *MismatchError.
func (d *Dataset) NewPartChecker(ctx context.Context, part string) (*PartChecker, error) {
	c := &PartChecker{d: d}
	for _, t := range d.PartTables() {
		pf := partFiles{table: t}
		cur, err := d.openParquetCursor(ctx, t, d.ParquetPath(t, part))
		if err == nil {
			pf.cursors = append(pf.cursors, cur)
		}
		if path := d.ArrowPath(t, part); err == nil && d.l.Arrow {
			if cur, err = d.openArrowCursor(ctx, t, path); err == nil {
				pf.cursors = append(pf.cursors, cur)
			}
			err = arrowOpenError(path, err)
		}
		c.tables = append(c.tables, pf)
		if err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

// Check compares the task's rows on disk, in every file of the part, with
// tr, its re-run, bit for bit (reals by their shortest round-trip form,
// which is exact). Tasks must come in increasing order; the rows of tasks
// between them are passed over. A difference is a *MismatchError.
func (c *PartChecker) Check(tr *TaskRows) error {
	for _, t := range c.tables {
		want, err := c.d.taskRows(t.table, tr)
		if err != nil {
			return err
		}
		for _, cur := range t.cursors {
			if err = cur.check(c.d, tr, want); err != nil {
				break
			}
		}
		want.Release()
		if err != nil {
			return err
		}
	}
	return nil
}

// Close releases the readers.
func (c *PartChecker) Close() {
	for _, t := range c.tables {
		for _, cur := range t.cursors {
			cur.close()
		}
	}
	c.tables = nil
}

// rowCursor reads the rows of one table file in order, batch by batch,
// until its ctx ends: current returns ctx's error as is before it loads
// another batch.
type rowCursor struct {
	ctx         context.Context
	table, path string
	next        func() (arrow.RecordBatch, error) // the next batch; nil, nil at the end
	release     func()
	batch       arrow.RecordBatch
	i           int   // the current row's index in batch
	row         int64 // the current row's index in the file
	end         bool
}

func (d *Dataset) openParquetCursor(ctx context.Context, table, path string) (cur *rowCursor, err error) {
	var pf *file.Reader
	defer func() {
		if p := recover(); p != nil {
			if pf != nil {
				pf.Close()
			}
			cur, err = nil, unreadable(path, p)
		}
	}()
	pf, err = OpenParquet(path)
	if err != nil {
		return nil, fmt.Errorf("output: read %s: %w", path, err)
	}
	fr, err := NewParquetArrowReader(pf, pqarrow.ArrowReadProperties{BatchSize: readBatchRows}, d.mem)
	if err != nil { // its footer was read: what is wrong is its Arrow metadata
		pf.Close()
		return nil, &MismatchError{fmt.Sprintf("%s: not a readable Parquet file: %v", path, err)}
	}
	sc, err := fr.Schema()
	if err == nil {
		err = sameSchema(sc, d.tables[table])
	}
	if err != nil {
		pf.Close()
		return nil, &MismatchError{fmt.Sprintf("%s: another schema than this config's %s table: %v", path, table, err)}
	}
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		pf.Close()
		return nil, fmt.Errorf("output: read %s: %w", path, err)
	}
	return &rowCursor{ctx: ctx, table: table, path: path,
		next: func() (rec arrow.RecordBatch, err error) {
			defer RecoverRead(path, &err)
			if rr.Next() {
				rec := rr.RecordBatch()
				if err := validBatch(rec); err != nil {
					return nil, unreadable(path, err)
				}
				return rec, nil
			}
			if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("output: read %s: %w", path, err)
			}
			return nil, nil
		},
		release: func() { rr.Release(); pf.Close() },
	}, nil
}

// validBatch checks what the readers do not, and the row comparisons
// would otherwise trust: every dictionary index lies within its
// dictionary, every string's offsets within its data, and every bitmap
// (a column's validity, a boolean column's values) holds a bit for each
// row. A damaged file whose checksum was re-listed in the manifest (a
// forger's, or another program's) made verify panic at the first cell of
// a state column whose index pointed past its dictionary, exiting 2 with
// a stack trace instead of 1 naming the file.
func validBatch(rec arrow.RecordBatch) error {
	for k, col := range rec.Columns() {
		if err := validColumn(col); err != nil {
			return fmt.Errorf("column %s: %w", rec.Schema().Field(k).Name, err)
		}
	}
	return nil
}

func validColumn(col arrow.Array) error {
	// The IPC reader takes a buffer's length from the file and checks a
	// fixed-width column's values against its rows, but not a bitmap's: a
	// short one panicked at the first cell past its end (IsNull, or a
	// boolean's Value).
	d := col.Data()
	bits := int(bitutil.BytesForBits(int64(d.Offset() + d.Len())))
	if n := bufLen(d.Buffers(), 0); n > 0 && n < bits { // none: no nulls
		return fmt.Errorf("a validity bitmap of %d bytes for %d rows", n, d.Len())
	}
	if n := bufLen(d.Buffers(), 1); col.DataType().ID() == arrow.BOOL && n < bits {
		return fmt.Errorf("boolean values of %d bytes for %d rows", n, d.Len())
	}
	switch c := col.(type) {
	case *array.String:
		return c.ValidateFull()
	case *array.Dictionary:
		n := c.Dictionary().Len()
		for i := range c.Len() {
			if c.IsNull(i) {
				continue
			}
			if x := c.GetValueIndex(i); x < 0 || x >= n {
				return fmt.Errorf("row %d: dictionary index %d outside its %d values", i, x, n)
			}
		}
		return validColumn(c.Dictionary())
	}
	return nil
}

// bufLen is the length in bytes of bufs[k], 0 for none.
func bufLen(bufs []*memory.Buffer, k int) int {
	if k >= len(bufs) || bufs[k] == nil {
		return 0
	}
	return bufs[k].Len()
}

// RecoverRead turns a panic of the Parquet or Arrow reader into an error
// in *err; a function that reads the file at path defers it, with its
// named error result: the readers trust the offsets and types in a file's footer,
// and a damaged file must be reported, naming it, not crash the command
// (verify of a sensitivity.parquet with five bytes changed panicked with
// "invalid logical type").
func RecoverRead(path string, err *error) {
	if p := recover(); p != nil {
		*err = unreadable(path, p)
	}
}

// unreadable is the error for the reader's panic p on the file at path.
func unreadable(path string, p any) error {
	return &fileFault{fmt.Sprintf("%s: not a readable file: %v", path, p)}
}

// fileFault is what is wrong with a file's content: it cannot be read as
// its format, or holds another table. The caller names the file.
type fileFault struct{ reason string }

func (e *fileFault) Error() string { return e.reason }

// openArrowCursor opens the Arrow IPC file at path as a file of table, for
// a verify (PartChecker) and a resume (CheckPart) alike. What is wrong
// with its content, at the opening or at a batch, is a *fileFault; a file
// that cannot be opened gives os.Open's error.
func (d *Dataset) openArrowCursor(ctx context.Context, table, path string) (cur *rowCursor, err error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	// The IPC reader trusts the offsets in the footer; a damaged file
	// must be reported, not crash the run or the verify.
	badIPC := func(p any) error { return &fileFault{fmt.Sprintf("not a readable Arrow IPC file: %v", p)} }
	defer func() {
		if p := recover(); p != nil {
			f.Close()
			cur, err = nil, badIPC(p)
		}
	}()
	r, err := NewIPCFileReader(f, ipc.WithAllocator(d.mem))
	if err != nil {
		f.Close()
		return nil, badIPC(err)
	}
	if err := sameSchema(r.Schema(), d.tables[table]); err != nil {
		r.Close()
		f.Close()
		return nil, &fileFault{fmt.Sprintf("another schema than this config's %s table: %v", table, err)}
	}
	k := 0
	return &rowCursor{ctx: ctx, table: table, path: path,
		next: func() (rec arrow.RecordBatch, err error) {
			defer func() {
				if p := recover(); p != nil {
					rec, err = nil, badIPC(p)
				}
			}()
			for ; k < r.NumRecords(); k++ {
				rec, err := r.RecordBatch(k)
				if err != nil && !errors.Is(err, io.EOF) {
					return nil, badIPC(err)
				}
				if rec != nil && rec.NumRows() > 0 {
					k++
					if err := validBatch(rec); err != nil {
						return nil, badIPC(err)
					}
					return rec, nil
				}
			}
			return nil, nil
		},
		release: func() { r.Close(); f.Close() },
	}, nil
}

// arrowOpenError is what a verify reports for err, openArrowCursor's error
// for the file at path: what is wrong with the file's content is a
// *MismatchError naming it; nil stays nil.
func arrowOpenError(path string, err error) error {
	var fault *fileFault
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fault):
		return &MismatchError{fmt.Sprintf("%s: %s", path, fault.reason)}
	}
	return fmt.Errorf("output: read %s: %w", path, err)
}

// current returns the batch holding the current row, loading batches as
// needed, or nil at the end of the file; ctx's error, as is, once ctx has
// ended and another batch is needed (a verify passes over the rows between
// its sampled tasks here, a part of many GiB in the worst case: a review,
// stop 51).
func (c *rowCursor) current() (arrow.RecordBatch, error) {
	for !c.end && (c.batch == nil || c.i >= int(c.batch.NumRows())) {
		if err := c.ctx.Err(); err != nil {
			return nil, err
		}
		b, err := c.next()
		if fault := (*fileFault)(nil); errors.As(err, &fault) {
			return nil, &MismatchError{fmt.Sprintf("%s: %s", c.path, fault.reason)}
		}
		if err != nil {
			return nil, err
		}
		c.batch, c.i = b, 0
		c.end = b == nil
	}
	return c.batch, nil
}

// taskOf is the task of the current row, from its point and replicate
// columns (the first two of every part table).
func (c *rowCursor) taskOf(d *Dataset, b arrow.RecordBatch) int {
	point := b.Column(0).(*array.Int32).Value(c.i)
	rep := b.Column(1).(*array.Int32).Value(c.i)
	return int(point)*d.l.Replicates + int(rep)
}

func (c *rowCursor) advance() { c.i++; c.row++ }

// check passes over the rows of earlier tasks and compares the task's rows
// with want, then makes sure no more rows of the task follow.
func (c *rowCursor) check(d *Dataset, tr *TaskRows, want arrow.RecordBatch) error {
	task := tr.Point*d.l.Replicates + tr.Replicate
	for {
		b, err := c.current()
		if err != nil {
			return err
		}
		if b == nil || c.taskOf(d, b) >= task {
			break
		}
		c.advance()
	}
	for k := range int(want.NumRows()) {
		got, err := c.current()
		if err != nil {
			return err
		}
		if got == nil {
			return &MismatchError{fmt.Sprintf("%s has %d rows; task %d (point %d, replicate %d) has %d, of which %d are missing", c.path, c.row, task, tr.Point, tr.Replicate, want.NumRows(), int(want.NumRows())-k)}
		}
		for col := range int(want.NumCols()) {
			g, w := got.Column(col), want.Column(col)
			if !sameCell(g, c.i, w, k) {
				return &MismatchError{fmt.Sprintf("%s, row %d (task %d: point %d, replicate %d, %s): %s is %s on disk, %s when re-run",
					c.path, c.row, task, tr.Point, tr.Replicate, rowKey(c.table, want, k), want.Schema().Field(col).Name, showCell(g, c.i), showCell(w, k))}
			}
		}
		c.advance()
	}
	b, err := c.current()
	if err != nil {
		return err
	}
	if b != nil && c.taskOf(d, b) == task {
		return &MismatchError{fmt.Sprintf("%s, row %d: task %d (point %d, replicate %d) has more rows on disk than its re-run's %d", c.path, c.row, task, tr.Point, tr.Replicate, want.NumRows())}
	}
	return nil
}

// sameCell is whether row i of a and row j of b hold the same value: both
// null, or the same cell, reals by their shortest round-trip form (which
// is exact).
func sameCell(a arrow.Array, i int, b arrow.Array, j int) bool {
	return a.IsNull(i) == b.IsNull(j) && (a.IsNull(i) || cell(a, i) == cell(b, j))
}

// showCell is row j of a as a mismatch shows it: its cell, or null.
func showCell(a arrow.Array, j int) string {
	if a.IsNull(j) {
		return "null"
	}
	return cell(a, j)
}

// rowKey names row k of a task's rows in table by the columns that tell
// its rows apart: the architecture, and a trajectory's period or a state.
func rowKey(table string, rows arrow.RecordBatch, k int) string {
	cols := []int{2} // architecture
	switch table {
	case TableTrajectories:
		cols = append(cols, 3) // period
	case TableStates:
		cols = append(cols, 4) // state
	}
	key := ""
	for n, c := range cols {
		if n > 0 {
			key += ", "
		}
		key += rows.Schema().Field(c).Name + " " + cell(rows.Column(c), k)
	}
	return key
}

func (c *rowCursor) close() {
	if c.release != nil {
		c.release()
		c.release = nil
	}
}
