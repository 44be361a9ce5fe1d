package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mustPanic runs f and returns the message of its panic ("" if none).
func mustPanic(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(toString(r), "\n", " "), "\t", " "))
		}
	}()
	f()
	return ""
}

func toString(r any) string {
	if e, ok := r.(error); ok {
		return e.Error()
	}
	if s, ok := r.(string); ok {
		return s
	}
	return "?"
}

// TestBreakEvenLengths: xs and ys of different lengths are the
// precondition BreakEven's doc states, refused with a panic that names
// it, for fewer ys (an index out of range before) and for more (ignored
// before) (a review, stop 53).
func TestBreakEvenLengths(t *testing.T) {
	for _, ys := range [][]float64{{-1}, {-1, 1, 2}} {
		msg := mustPanic(func() { BreakEven([]float64{0, 1}, ys, 0) })
		if !strings.Contains(msg, "BreakEven of 2 xs and") || !strings.Contains(msg, "one y for each x") {
			t.Errorf("%d ys for 2 xs: panic %q; want one that names the lengths", len(ys), msg)
		}
	}
	if x, n, ok := BreakEven([]float64{0, 1}, []float64{-1, 1}, 0); !ok || n != 1 || x != 0.5 {
		t.Errorf("BreakEven of equal lengths: %v, %d, %v", x, n, ok)
	}
}

// TestTraceKeepRange: Keep past the rows given (or of a negative count)
// is an error and leaves the journal as it was; it panicked (a review,
// stop 53).
func TestTraceKeepRange(t *testing.T) {
	l := testLayout(t.TempDir())
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	params := []TraceParam{{"adversary.threshold", 0.6, 1.6}}
	j, _, err := d.OpenTrace(params, []string{"armed"}, false)
	if err != nil {
		t.Fatal(err)
	}
	rows := []TraceRow{{Evaluation: 0, X: []float64{1}, Loss: 2, Targets: []TargetCell{{0.1, 0.01, 0.08, 0.12, 40}}}}
	if err := j.Append(&rows[0]); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(l.Dir, "calibration", "trace.csv")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{2, -1} {
		var kerr error
		if msg := mustPanic(func() { kerr = j.Keep(rows, n) }); msg != "" {
			t.Fatalf("Keep(%d) of 1 row panicked: %s", n, msg)
		}
		if kerr == nil || !strings.Contains(kerr.Error(), "want 0..1") {
			t.Errorf("Keep(%d) of 1 row: %v; want an error naming 0..1", n, kerr)
		}
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Errorf("Keep(%d) of 1 row changed the journal", n)
		}
	}
	if err := j.Keep(rows, 1); err != nil {
		t.Errorf("Keep(1) of 1 row: %v", err)
	}
}
