package experiments

import (
	"strings"
	"testing"
)

// NumParts panics, as Parts does, on a part size below 1 or a negative
// start, where it divided by zero or returned a negative count (a review,
// stop 51).
func TestNumPartsOutOfRange(t *testing.T) {
	for _, c := range [][3]int{{0, 10, 0}, {0, 10, -1}, {-5, 10, 4}} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, "NumParts") || !strings.Contains(msg, "out of range") {
					t.Errorf("NumParts(%d, %d, %d): got panic %q, want one that says out of range", c[0], c[1], c[2], msg)
				}
			}()
			n := NumParts(c[0], c[1], c[2])
			t.Errorf("NumParts(%d, %d, %d) = %d without a panic", c[0], c[1], c[2], n)
		}()
	}
	if n := NumParts(3, 3, 4); n != 0 {
		t.Errorf("empty range: %d parts", n)
	}
}
