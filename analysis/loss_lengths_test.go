package analysis

import (
	"fmt"
	"strings"
	"testing"
)

// TestLossLengths: targets and values of different lengths are the
// precondition Loss's doc states, refused with a panic that names both
// counts (a review, stop 53).
func TestLossLengths(t *testing.T) {
	msg := func() (msg string) {
		defer func() {
			if r := recover(); r != nil {
				msg = fmt.Sprint(r)
			}
		}()
		Loss(make([]Target, 2), make([]TargetValue, 1))
		return ""
	}()
	if !strings.Contains(msg, "2 targets but 1 values") {
		t.Errorf("Loss of 2 targets and 1 value: panic %q", msg)
	}
}
