package output

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// CheckTwins compares every table of the part named part in Arrow IPC with
// its Parquet twin, row by row and bit for bit, when the Layout writes
// Arrow (a hostile review, stop 31: an Arrow part edited and re-listed
// in the manifest passed a verify whose sample did not re-run its rows,
// since the whole tables are recomputed from the Parquet runs alone). It
// needs no re-run: the two files of a part hold the same rows. A
// difference is a *MismatchError naming the Arrow file, its row and
// column.
func (d *Dataset) CheckTwins(ctx context.Context, part string) error {
	if !d.l.Arrow {
		return nil
	}
	for _, t := range d.PartTables() {
		if err := d.checkTwin(ctx, t, part); err != nil {
			return err
		}
	}
	return nil
}

func (d *Dataset) checkTwin(ctx context.Context, table, part string) error {
	pq, err := d.openParquetCursor(ctx, table, d.ParquetPath(table, part))
	if err != nil {
		return err
	}
	defer pq.close()
	path := d.ArrowPath(table, part)
	ar, err := d.openArrowCursor(table, path)
	if err != nil {
		if fault := (*fileFault)(nil); errors.As(err, &fault) {
			return &MismatchError{fmt.Sprintf("%s: %s", path, fault.reason)}
		}
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	defer ar.close()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		a, err := ar.current()
		if err != nil {
			return err
		}
		p, err := pq.current()
		if err != nil {
			return err
		}
		if a == nil || p == nil {
			if a != nil || p != nil {
				return &MismatchError{fmt.Sprintf("%s holds %s rows than its Parquet twin %s", path, moreOrFewer(a != nil), d.ParquetPath(table, part))}
			}
			return nil
		}
		// The rows both batches still hold, compared column by column.
		n := min(a.NumRows()-int64(ar.i), p.NumRows()-int64(pq.i))
		for c := range int(a.NumCols()) {
			ac, pc := a.Column(c), p.Column(c)
			if array.SliceEqual(ac, int64(ar.i), int64(ar.i)+n, pc, int64(pq.i), int64(pq.i)+n) {
				continue
			}
			for k := range n {
				if !sameCell(ac, int64(ar.i)+k, pc, int64(pq.i)+k) {
					return &MismatchError{fmt.Sprintf("%s and %s differ at row %d (%s): %s is %s in the Parquet file, %s in the Arrow one; one of them was changed (--sample all re-runs every task and says which)",
						d.ParquetPath(table, part), path, ar.row+k, rowKey(table, a, ar.i+int(k)), a.Schema().Field(c).Name, cell(pc, pq.i+int(k)), cell(ac, ar.i+int(k)))}
				}
			}
		}
		ar.i, ar.row = ar.i+int(n), ar.row+n
		pq.i, pq.row = pq.i+int(n), pq.row+n
	}
}

// sameCell is whether row i of a and row j of b hold the same value: both
// null, or the same value, reals by their bits (so a NaN in both is the
// same, and -0 is not 0).
func sameCell(a arrow.Array, i int64, b arrow.Array, j int64) bool {
	if a.IsNull(int(i)) || b.IsNull(int(j)) {
		return a.IsNull(int(i)) == b.IsNull(int(j))
	}
	if x, ok := a.(*array.Float64); ok {
		if y, ok := b.(*array.Float64); ok {
			return math.Float64bits(x.Value(int(i))) == math.Float64bits(y.Value(int(j)))
		}
	}
	return array.SliceEqual(a, i, i+1, b, j, j+1)
}

func moreOrFewer(more bool) string {
	if more {
		return "more"
	}
	return "fewer"
}
