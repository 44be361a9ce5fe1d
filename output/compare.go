package output

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// RunsRows builds the runs rows of one task exactly as a part holds them
// (one row per architecture, in config order). The caller releases the
// batch.
func (d *Dataset) RunsRows(tr *TaskRows) (arrow.RecordBatch, error) {
	b := array.NewRecordBuilder(d.mem, d.tables[TableRuns])
	defer b.Release()
	if err := seedDict(d.mem, b, "architecture", d.l.Architectures); err != nil {
		return nil, err
	}
	task := tr.Point*d.l.Replicates + tr.Replicate
	w := &PartWriter{d: d, runs: &partTable{name: TableRuns, b: b, perTask: len(d.l.Architectures), rowGroupRows: d.rowGroupRows}, lo: task, hi: task + 1}
	if err := w.appendRuns(tr, task); err != nil {
		return nil, err
	}
	return b.NewRecordBatch(), nil
}

// MismatchError is a row of a results directory that differs from its
// re-run: the first difference, named by file, row, task and column.
type MismatchError struct{ Msg string }

func (e *MismatchError) Error() string { return e.Msg }

// RunsChecker compares the rows of one runs part, read in order from disk,
// with re-run tasks.
type RunsChecker struct {
	d      *Dataset
	path   string
	lo     int // the part's first task
	pf     *file.Reader
	rr     pqarrow.RecordReader
	batch  arrow.RecordBatch
	first  int64 // part row of the batch's first row
	closed bool
}

// NewRunsChecker opens the runs part at path, whose first task is lo.
func (d *Dataset) NewRunsChecker(ctx context.Context, path string, lo int) (*RunsChecker, error) {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return nil, fmt.Errorf("output: read %s: %w", path, err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: readBatchRows}, d.mem)
	if err != nil {
		pf.Close()
		return nil, fmt.Errorf("output: read %s: %w", path, err)
	}
	sc, err := fr.Schema()
	if err == nil {
		err = sameSchema(sc, d.tables[TableRuns])
	}
	if err != nil {
		pf.Close()
		return nil, &MismatchError{fmt.Sprintf("%s: another schema than this config's runs table: %v", path, err)}
	}
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		pf.Close()
		return nil, fmt.Errorf("output: read %s: %w", path, err)
	}
	return &RunsChecker{d: d, path: path, lo: lo, pf: pf, rr: rr}, nil
}

// Check compares the task's rows on disk with tr, its re-run, bit for bit
// (reals by their shortest round-trip form, which is exact). Tasks must come
// in increasing order. A difference is a *MismatchError.
func (c *RunsChecker) Check(tr *TaskRows) error {
	want, err := c.d.RunsRows(tr)
	if err != nil {
		return err
	}
	defer want.Release()
	A := int64(len(c.d.l.Architectures))
	task := tr.Point*c.d.l.Replicates + tr.Replicate
	row := int64(task-c.lo) * A
	for k := range A {
		got, i, err := c.row(row + k)
		if err != nil {
			return err
		}
		for col := range int(want.NumCols()) {
			g, w := got.Column(col), want.Column(col)
			if g.IsNull(i) != w.IsNull(int(k)) || cell(g, i) != cell(w, int(k)) {
				show := func(a arrow.Array, j int) string {
					if a.IsNull(j) {
						return "null"
					}
					return cell(a, j)
				}
				return &MismatchError{fmt.Sprintf("%s, row %d (task %d: point %d, replicate %d, architecture %s): %s is %s on disk, %s when re-run",
					c.path, row+k, task, tr.Point, tr.Replicate, c.d.l.Architectures[k], want.Schema().Field(col).Name, show(g, i), show(w, int(k)))}
			}
		}
	}
	return nil
}

// row returns the batch holding part row r and r's index in it.
func (c *RunsChecker) row(r int64) (arrow.RecordBatch, int, error) {
	for c.batch == nil || r >= c.first+c.batch.NumRows() {
		if c.batch != nil {
			c.first += c.batch.NumRows()
		}
		if !c.rr.Next() {
			err := c.rr.Err()
			if err == nil || errors.Is(err, io.EOF) {
				return nil, 0, &MismatchError{fmt.Sprintf("%s has %d rows; row %d is missing", c.path, c.first, r)}
			}
			return nil, 0, fmt.Errorf("output: read %s: %w", c.path, err)
		}
		c.batch = c.rr.RecordBatch()
	}
	if r < c.first {
		return nil, 0, fmt.Errorf("output: %s: row %d requested after row %d", c.path, r, c.first)
	}
	return c.batch, int(r - c.first), nil
}

// Close releases the reader.
func (c *RunsChecker) Close() {
	if c.closed {
		return
	}
	c.closed = true
	c.rr.Release()
	c.pf.Close()
}
