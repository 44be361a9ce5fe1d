package output

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// panickyParquet writes a file whose footer is a well-formed Parquet
// FileMetaData (thrift compact) whose schema root says it has -1 children:
// the Parquet library makes a slice of that capacity and panics inside
// opening the file, before it returns a reader.
func panickyParquet(t *testing.T, dir string) string {
	t.Helper()
	meta := []byte{
		0x15, 0x02, // 1: version = 1
		0x19, 0x1c, // 2: schema, a list of one struct
		0x48, 0x01, 'x', // 4: name "x"
		0x15, 0x01, // 5: num_children = -1
		0x00,       // end of the SchemaElement
		0x16, 0x00, // 3: num_rows = 0
		0x19, 0x0c, // 4: row_groups, an empty list
		0x00, // end of the FileMetaData
	}
	b := append([]byte("PAR1"), meta...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(meta)))
	b = append(b, "PAR1"...)
	path := filepath.Join(dir, "part-00000.parquet")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// openFDs counts this process's file descriptors open on path.
func openFDs(t *testing.T, path string) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	n := 0
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && target == path {
			n++
		}
	}
	return n
}

// TestOpenParquetClosesOnPanic (a review, stop 49): when the Parquet
// library panicked inside opening a file (file.OpenParquetFile, or
// file.NewParquetReader on a file pactsim opened), the readers recovered
// and reported the file unreadable, but the *os.File stayed open until the
// garbage collector found it: a verify or resume over many damaged parts
// held a descriptor for each. Every reader closes it on every path.
func TestOpenParquetClosesOnPanic(t *testing.T) {
	ctx := context.Background()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(testLayout(filepath.Join(dir, "run")))
	if err != nil {
		t.Fatal(err)
	}
	path := panickyParquet(t, dir)
	for _, c := range []struct {
		name string
		read func() error
	}{
		{"checkParquet", func() error {
			_, err := d.checkParquet(ctx, "part-00000", TableRuns, path, 0, 1)
			return err
		}},
		{"checkParquetTasks", func() error { return d.checkParquetTasks(ctx, "part-00000", TableRuns, path, 0, 1) }},
		{"readWholeTable", func() error {
			return d.readWholeTable(ctx, path, TableRuns, func(columns) error { return nil })
		}},
		{"openParquetCursor", func() error {
			cur, err := d.openParquetCursor(ctx, TableRuns, path)
			if cur != nil {
				t.Error("openParquetCursor gave a cursor on a panicking footer")
			}
			return err
		}},
		{"readPart", func() error { return (&accumulator{d: d}).readPart(ctx, path) }},
		{"parquetFooter", func() error {
			_, _, err := parquetFooter(path)
			return err
		}},
	} {
		err := c.read()
		if err == nil || !strings.Contains(err.Error(), "not a readable") {
			t.Errorf("%s: err %v, want the file named unreadable", c.name, err)
		}
		if n := openFDs(t, path); n != 0 {
			t.Errorf("%s left %d descriptors open on the file after the Parquet library panicked", c.name, n)
		}
	}
}
