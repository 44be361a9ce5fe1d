package output

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// A limit of the largest int64, "no limit", reads the whole file: limit+1
// wrapped to the smallest int64, the reader read nothing, and the file
// came back empty with a nil error (a review, stop 52).
func TestReadFileLimitedLargestLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	want := "replicates: 4\n"
	if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int64{int64(len(want)), math.MaxInt64 - 1, math.MaxInt64} {
		got, err := ReadFileLimited(path, limit)
		if err != nil || string(got) != want {
			t.Errorf("limit %d: %q, %v; want %q", limit, got, err, want)
		}
	}
	if got, err := ReadFileLimited(path, int64(len(want))-1); err == nil {
		t.Errorf("a limit one byte short read %q", got)
	}
}
