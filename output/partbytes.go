package output

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// CheckPartBytes writes the part named part, which holds the tasks
// [lo, hi), again from the rows its Parquet files hold, through the part
// writer's own encoders and batching, writing nothing, and compares every
// file of it (Parquet and Arrow) with the one on disk byte for byte. A
// part's bytes depend only on the config and its rows, so this catches,
// without re-running a task, what a comparison of rows cannot: a changed
// footer (a column's statistics), schema metadata or Arrow framing, with
// its checksum listed again in the manifest (a hostile review: single-bit
// flips there passed a sampled verify). Call it after CheckTwins, so that
// an Arrow file that differs is known to hold its Parquet twin's rows. A
// difference is a *MismatchError naming the file.
//
// Memory is what the writer's is: the rows are read in batches, and the
// builders hold one row group of each table at a time (a whole states
// table when the Layout has no state names, as when it was written).
func (d *Dataset) CheckPartBytes(ctx context.Context, part string, lo, hi int) error {
	r, err := d.NewPartRewriter(part, lo, hi)
	if err != nil {
		return err
	}
	for _, t := range r.w.tables {
		if err := d.copyStored(ctx, r.w, t, d.ParquetPath(t.name, part)); err != nil {
			r.Abort()
			return err
		}
	}
	// Every table holds its rows; Close flushes and encodes the rest.
	r.w.next = r.w.hi
	err = r.compare("is not what pactsim writes for the rows the part holds", "its rows are as stored")
	var mm *MismatchError
	if err == nil || errors.As(err, &mm) {
		return err
	}
	return unwritable(d.ParquetPath(TableRuns, part), err)
}

// unwritable is the error for err, the writer's, when the rows of the
// file at path are written again into memory: that fails only on what the
// rows hold (a dictionary value the writer never writes, which the Arrow
// file format cannot take after its first batch), so it is a mismatch.
// The writer's paths are the shadow directory's, so the file is named.
func unwritable(path string, err error) error {
	return &MismatchError{fmt.Sprintf("%s: its rows cannot be written again as pactsim writes a part: %v", path, err)}
}

// copyStored appends the rows of the Parquet file at path to t, the
// table's builder in w, task by task, and writes a row group wherever the
// part writer did: after the task at which the rows built reach
// t.rowGroupRows (PartWriter.write). A task's rows are contiguous, so a
// change of point or replicate ends one; a task with no rows in the table
// could not have ended a row group either.
func (d *Dataset) copyStored(ctx context.Context, w *PartWriter, t *partTable, path string) error {
	cur, err := d.openParquetCursor(ctx, t.name, path)
	if err != nil {
		return err
	}
	defer cur.close()
	prev := -1
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		cur.batch = nil // the next batch: current turns a damaged one into a *MismatchError
		b, err := cur.current()
		if err != nil || b == nil {
			return err
		}
		// Every part table begins with point and replicate (sameSchema
		// held when the file was opened).
		point, rep := b.Column(0).(*array.Int32), b.Column(1).(*array.Int32)
		start, n := 0, int(b.NumRows())
		for i := range n {
			task := int(point.Value(i))*d.l.Replicates + int(rep.Value(i))
			if task == prev {
				continue
			}
			if prev >= 0 { // the rows of prev end here
				if err := appendRows(t.b, b, start, i); err != nil {
					return fmt.Errorf("output: %s: %w", path, err)
				}
				start = i
				if !t.whole && t.b.Field(0).Len() >= t.rowGroupRows {
					if err := w.flush(t); err != nil {
						return unwritable(path, err)
					}
				}
			}
			prev = task
		}
		// The last task's rows may go on in the next batch.
		if err := appendRows(t.b, b, start, n); err != nil {
			return fmt.Errorf("output: %s: %w", path, err)
		}
	}
}

// appendRows appends rows [i, j) of rec to b, cell by cell as the part
// writer appends them (a null by AppendNull, a dictionary column by its
// value's string), so the builders' dictionaries and buffers come out as
// the writer's do.
func appendRows(b *array.RecordBuilder, rec arrow.RecordBatch, i, j int) error {
	for k, col := range rec.Columns() {
		var ok bool
		switch fb := b.Field(k).(type) {
		case *array.Int32Builder:
			ok = copyCells[int32](fb, col, i, j)
		case *array.Int64Builder:
			ok = copyCells[int64](fb, col, i, j)
		case *array.Float64Builder:
			ok = copyCells[float64](fb, col, i, j)
		case *array.BooleanBuilder:
			ok = copyCells[bool](fb, col, i, j)
		case *array.BinaryDictionaryBuilder:
			ok, err := copyDictCells(fb, col, i, j)
			if err != nil {
				return fmt.Errorf("column %s: %w", rec.Schema().Field(k).Name, err)
			}
			if !ok {
				return fmt.Errorf("column %s: a %s column where a dictionary of strings was expected", rec.Schema().Field(k).Name, col.DataType())
			}
			continue
		}
		if !ok {
			return fmt.Errorf("column %s: a %s column for a %T", rec.Schema().Field(k).Name, col.DataType(), b.Field(k))
		}
	}
	return nil
}

// copyCells appends rows [i, j) of col to b when col holds b's values.
func copyCells[T any](b interface {
	Append(T)
	AppendNull()
}, col arrow.Array, i, j int) bool {
	c, ok := col.(interface{ Value(int) T })
	if !ok {
		return false
	}
	for k := i; k < j; k++ {
		if col.IsNull(k) {
			b.AppendNull()
		} else {
			b.Append(c.Value(k))
		}
	}
	return true
}

// copyDictCells appends rows [i, j) of col, a dictionary of strings, to b
// by value.
func copyDictCells(b *array.BinaryDictionaryBuilder, col arrow.Array, i, j int) (bool, error) {
	c, ok := col.(*array.Dictionary)
	if !ok {
		return false, nil
	}
	dict, ok := c.Dictionary().(*array.String)
	if !ok {
		return false, nil
	}
	for k := i; k < j; k++ {
		if c.IsNull(k) {
			b.AppendNull()
			continue
		}
		if err := b.AppendString(dict.Value(c.GetValueIndex(k))); err != nil {
			return true, err
		}
	}
	return true, nil
}
