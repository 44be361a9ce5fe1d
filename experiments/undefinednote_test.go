package experiments

import (
	"math"
	"testing"
)

// TestUndefinedNoteSingular (a review, stop 50): the terminal note of run
// and analyze on a discovery undefined at one design point read "1 of 6
// point has no value (the mean is undefined there) and count as not of
// interest": the noun counts the points, the verbs the undefined ones.
func TestUndefinedNoteSingular(t *testing.T) {
	nan := math.NaN()
	d := DiscoverySpec{Quantity: QuantitySpec{Outcome: "treaty_formed_period", Architecture: "treaty"}, Below: true, Threshold: 5}
	for _, c := range []struct {
		mean []float64
		want string
	}{
		{[]float64{1, nan, 3, 4, 2, 6}, "treaty treaty_formed_period < 5: 1 of 6 points has no value (the mean is undefined there) and counts as not of interest"},
		{[]float64{1, nan, 3, nan, 2, 6}, "treaty treaty_formed_period < 5: 2 of 6 points have no value (the mean is undefined there) and count as not of interest"},
		{[]float64{nan}, "treaty treaty_formed_period < 5: 1 of 1 point has no value (the mean is undefined there) and counts as not of interest"},
		{[]float64{1, 2}, ""},
	} {
		nans := make([]float64, len(c.mean))
		for i := range nans {
			nans[i] = nan
		}
		if got := undefinedNote(d, c.mean, nans, nans); got != c.want {
			t.Errorf("undefinedNote(%v) = %q, want %q", c.mean, got, c.want)
		}
	}
}
