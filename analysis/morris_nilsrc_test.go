package analysis

import (
	"strings"
	"testing"
)

// MorrisSample without a source is an error, as every other sampler and
// bootstrap here says it, not a nil-pointer panic (a review, stop 52).
func TestMorrisSampleNilSource(t *testing.T) {
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("MorrisSample(2, 2, 4, nil) panicked: %v", p)
		}
	}()
	if pts, err := MorrisSample(2, 2, 4, nil); err == nil || !strings.Contains(err.Error(), "random source") {
		t.Errorf("MorrisSample(2, 2, 4, nil) = %d values, %v; want an error naming the random source", len(pts), err)
	}
}
