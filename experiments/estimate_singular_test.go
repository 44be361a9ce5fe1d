package experiments

import (
	"strings"
	"testing"
	"time"
)

// TestEstimateOneTaskTimed (a review, stop 50): an estimate timed on one
// task read "(from 1 task timed here, 125µs each)".
func TestEstimateOneTaskTimed(t *testing.T) {
	e := Estimate{Workers: 1, Calibrated: 1, PerTask: 125 * time.Microsecond, Duration: 125 * time.Microsecond, Bytes: 2 << 20, Evaluations: 1}
	if got, want := e.String(), "(from 1 task timed here, 125µs)"; !strings.Contains(got, want) {
		t.Errorf("%q lacks %q", got, want)
	}
	e.Calibrated = 2
	if got, want := e.String(), "(from 2 tasks timed here, 125µs each)"; !strings.Contains(got, want) {
		t.Errorf("%q lacks %q", got, want)
	}
}
