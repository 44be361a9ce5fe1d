package analysis

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestBootstrapBoundOverflow: a Resamples whose product with the number of
// indices passes the largest int is refused by the memory bound with an
// error, as a smaller oversized one is; the product wrapped (to 2^63 and
// to 2), passed the bound, and Sobol and Morris panicked on the draws'
// slice (a review, stop 49).
func TestBootstrapBoundOverflow(t *testing.T) {
	call := func(name string, f func() error) {
		t.Helper()
		defer func() {
			if p := recover(); p != nil {
				t.Errorf("%s: panic %v; want an error", name, p)
			}
		}()
		if err := f(); err == nil || !strings.Contains(err.Error(), "fewer resamples") {
			t.Errorf("%s: %v; want the bootstrap bound's error", name, err)
		}
	}
	// Two base rows of one parameter: 2 indices, 2^62 × 2 = 2^63.
	call("Sobol", func() error {
		_, err := Sobol(t.Context(), []float64{0, 1, 2, 3, 5, 4}, 1, false, Bootstrap{Resamples: 1 << 62, Src: rand.NewPCG(1, 1)})
		return err
	})
	// Two trajectories of one parameter: 3 statistics, (2^64+2)/3 × 3
	// wraps to 2.
	pts, err := MorrisSample(2, 1, 4, rand.NewPCG(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	call("Morris", func() error {
		_, err := Morris(t.Context(), pts, 1, []float64{0, 1, 3, 2}, Bootstrap{Resamples: 6148914691236517206, Src: rand.NewPCG(1, 2)})
		return err
	})
}
