package experiments

import (
	"fmt"
	"strings"
	"testing"
)

// TestPartIndexPrecondition: PartIndex panics, as its doc and Parts say,
// with a message naming its arguments, for a part size below 1 (a bare
// integer divide by zero before) and a task before lo (a negative index
// before) (a review, stop 53).
func TestPartIndexPrecondition(t *testing.T) {
	for _, c := range [][3]int{{0, 0, 5}, {0, -1, 5}, {8, 4, 3}, {-4, 4, 3}} {
		msg := func() (msg string) {
			defer func() {
				if r := recover(); r != nil {
					msg = fmt.Sprint(r)
				}
			}()
			PartIndex(c[0], c[1], c[2])
			return ""
		}()
		if want := fmt.Sprintf("PartIndex(%d, %d, %d) out of range", c[0], c[1], c[2]); !strings.Contains(msg, want) {
			t.Errorf("PartIndex%v: panic %q; want %q", c, msg, want)
		}
	}
	if got := PartIndex(3, 4, 9); got != 2 {
		t.Errorf("PartIndex(3, 4, 9) = %d, want 2", got)
	}
}
