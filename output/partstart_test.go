package output

import (
	"math"
	"testing"
)

// TestPartStartOnlyWrittenNames (a review, stop 50, found by
// FuzzPartStart): a part's first task is read only from the name
// experiments.PartName writes. part-4611686018427387904 of parts of 8192
// tasks wrapped round int to task 0, and verify passed a directory whose
// one part was renamed so (manifest edited to match); part-00000_5 of
// parts of 100 tasks (written part-00000_05) read as task 5.
func TestPartStartOnlyWrittenNames(t *testing.T) {
	for _, c := range []struct {
		name  string
		p     int
		start int
		ok    bool
	}{
		{"part-00000", 8192, 0, true},
		{"part-00003", 8192, 3 * 8192, true},
		{"part-00003_05", 100, 305, true},
		{"part-00003_5", 10, 35, true},
		{"part-123456_1", 2, 246913, true},
		{"part-4611686018427387904", 8192, 0, false},
		{"part-9223372036854775807", 2, 0, false},
		{"part-1125899906842623_8191", 8192, math.MaxInt, true},
		{"part-1125899906842624_0001", 8192, 0, false},
		{"part-00003_5", 100, 0, false},
		{"part-00003_005", 100, 0, false},
		{"part-00003_100", 100, 0, false},
	} {
		start, ok := PartStart(c.name, c.p)
		if ok != c.ok || start != c.start {
			t.Errorf("PartStart(%q, %d) = %d, %v; want %d, %v", c.name, c.p, start, ok, c.start, c.ok)
		}
	}
}
