package plots

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// TestReadSmallTableClosesOnPanic (a review, stop 49): a Parquet footer on
// which the Parquet library panics while opening the file (a schema root
// of -1 children) is reported unreadable, and the file is closed, not left
// to the garbage collector (output's TestOpenParquetClosesOnPanic has the
// other readers).
func TestReadSmallTableClosesOnPanic(t *testing.T) {
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	meta := []byte{0x15, 0x02, 0x19, 0x1c, 0x48, 0x01, 'x', 0x15, 0x01, 0x00, 0x16, 0x00, 0x19, 0x0c, 0x00}
	b := append([]byte("PAR1"), meta...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(meta)))
	b = append(b, "PAR1"...)
	path := filepath.Join(dir, "summary.parquet")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readSmallTable(context.Background(), path); err == nil {
		t.Error("readSmallTable read a footer the Parquet library panics on")
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	for _, fd := range fds {
		if target, _ := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); target == path {
			t.Errorf("descriptor %s is still open on %s", fd.Name(), path)
		}
	}
}
