package output

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Close of a Table that was read succeeds, a second Close too, and a Table
// used after Close says so: Next fails with os.ErrClosed instead of
// reading as an empty table, and NumRows still answers from the footer (a
// review, stop 52: Close always returned "file already closed", Next
// returned false with Err nil, NumRows panicked).
func TestTableClose(t *testing.T) {
	l := testLayout(t.TempDir())
	writeDataset(t, l, 4)
	path := filepath.Join(l.Dir, TableSummary+".parquet")

	for _, read := range []bool{false, true} {
		tb, err := OpenTable(path, ColPoint)
		if err != nil {
			t.Fatal(err)
		}
		rows := tb.NumRows()
		if read {
			for tb.Next(context.Background()) {
			}
			if err := tb.Err(); err != nil {
				t.Fatal(err)
			}
		}
		if err := tb.Close(); err != nil {
			t.Errorf("read %v: Close = %v, want nil", read, err)
		}
		if err := tb.Close(); err != nil {
			t.Errorf("read %v: second Close = %v, want nil", read, err)
		}
		if tb.Next(context.Background()) {
			t.Errorf("read %v: Next after Close found a batch", read)
		}
		if err := tb.Err(); !errors.Is(err, os.ErrClosed) {
			t.Errorf("read %v: Err after Next after Close = %v, want os.ErrClosed", read, err)
		}
		if got := tb.NumRows(); got != rows || rows == 0 {
			t.Errorf("read %v: NumRows after Close = %d, want %d", read, got, rows)
		}
	}
}
