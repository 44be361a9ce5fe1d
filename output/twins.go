package output

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// CheckTwins compares every table of the part named part in Arrow IPC with
// its Parquet twin, row by row and bit for bit, when the Layout writes
// Arrow (a hostile review, stop 31: an Arrow part edited and re-listed
// in the manifest passed a verify whose sample did not re-run its rows,
// since the whole tables are recomputed from the Parquet runs alone). It
// needs no re-run: the two files of a part hold the same rows. A
// difference is a *MismatchError naming both files, the row and the
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
	ar, err := d.openArrowCursor(ctx, table, path)
	if err != nil {
		return arrowOpenError(path, err)
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
			for k := range int(n) {
				if !sameCell(ac, ar.i+k, pc, pq.i+k) {
					return &MismatchError{fmt.Sprintf("%s and %s differ at row %d (%s): %s is %s in the Parquet file, %s in the Arrow one; one of them was changed (--sample all re-runs every task and says which)",
						d.ParquetPath(table, part), path, ar.row+int64(k), rowKey(table, a, ar.i+k), a.Schema().Field(c).Name, showCell(pc, pq.i+k), showCell(ac, ar.i+k))}
				}
			}
		}
		ar.i, ar.row = ar.i+int(n), ar.row+n
		pq.i, pq.row = pq.i+int(n), pq.row+n
	}
}

func moreOrFewer(more bool) string {
	if more {
		return "more"
	}
	return "fewer"
}
