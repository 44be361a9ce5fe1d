package output

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestHashBufferFitsFile (a review, stop 56): hashing a small file
// allocates about its size, not a 1 MiB buffer each time (which, zeroed
// and returned to the system, was most of the suite's hashing time);
// files larger than the buffer, and one read from part-way, still hash
// whole and right.
func TestHashBufferFitsFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, n int) (string, []byte) {
		data := bytes.Repeat([]byte("pactsim\n"), n/8+1)[:n]
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path, data
	}
	sum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

	small, _ := write("small", 2000)
	if _, _, err := hashFileCtx(context.Background(), small); err != nil {
		t.Fatal(err)
	}
	// TotalAlloc counts the whole process: the least of three rounds, so
	// that another goroutine's allocations cannot fail the test.
	const calls = 100
	per := uint64(1 << 62)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range calls {
			if _, _, err := hashFileCtx(context.Background(), small); err != nil {
				t.Fatal(err)
			}
		}
		runtime.ReadMemStats(&after)
		per = min(per, (after.TotalAlloc-before.TotalAlloc)/calls)
	}
	// The buffer is 4 KiB for this file; the hash, the file and the
	// error paths add a few hundred bytes. 64 KiB a call leaves room for
	// any of that to grow and is a sixteenth of the 1 MiB it was.
	if per > 64<<10 {
		t.Errorf("hashing a 2,000-byte file allocates %d bytes a call, want at most 64 KiB", per)
	}

	for _, n := range []int{0, 1, 4095, 4096, 4097, 1<<20 - 1, 1 << 20, 1<<20 + 1, 9<<20 + 3} {
		path, data := write("f", n)
		size, got, err := hashFileCtx(context.Background(), path)
		if err != nil || size != int64(n) || got != sum(data) {
			t.Errorf("%d bytes: hashed %d, %s, %v; want %d, %s", n, size, got, err, n, sum(data))
		}
		// From part-way, as hashOpen is documented: the rest only.
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		at := int64(n / 3)
		if _, err := f.Seek(at, 0); err != nil {
			t.Fatal(err)
		}
		size, got, err = hashOpen(context.Background(), f)
		f.Close()
		if err != nil || size != int64(n)-at || got != sum(data[at:]) {
			t.Errorf("%d bytes from %d: hashed %d, %s, %v; want %d, %s", n, at, size, got, err, int64(n)-at, sum(data[at:]))
		}
	}
}
