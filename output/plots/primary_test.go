package plots

import (
	"math"
	"strings"
	"testing"

	"pactsim/engine"
	"pactsim/output"
)

// TestPrimaryReadingText: the sentence names the side the CI favours, in
// each outcome's better direction, and says when the CI includes 0.
func TestPrimaryReadingText(t *testing.T) {
	got := primaryReadingText(output.PrimaryAddsA, output.PrimaryAddsB, []primaryReading{
		{outcome: "deterrence_success", better: engine.HigherBetter, mean: 0.02, lo: 0.01, hi: 0.03},
		{outcome: "severity_loss", better: engine.LowerBetter, mean: 3, lo: 2, hi: 4},
	})
	for _, want := range []string{"What a treaty adds", "in deterrence success treaty_plus_cells does better", "in severity loss layered does better"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	got = primaryReadingText(output.PrimaryA, output.PrimaryB, []primaryReading{
		{outcome: "deterrence_success", better: engine.HigherBetter, mean: 0.001, lo: -0.01, hi: 0.012},
	})
	if !strings.Contains(got, "no detectable difference") {
		t.Errorf("%q: want no detectable difference", got)
	}
	// One replicate per point: no interval, and the sentence must not call
	// that "no detectable difference".
	got = primaryReadingText(output.PrimaryA, output.PrimaryB, []primaryReading{
		{outcome: "severity_loss", better: engine.LowerBetter, mean: -6.62, lo: math.NaN(), hi: math.NaN()},
	})
	if strings.Contains(got, "no detectable difference") || !strings.Contains(got, "no confidence interval") {
		t.Errorf("%q: want no confidence interval, not no detectable difference", got)
	}
	if s := sideOf("a", "b", "severity_loss", math.NaN(), math.NaN()); strings.Contains(s, "no detectable") {
		t.Errorf("sideOf with no interval: %q", s)
	}
}

// TestPrimaryCell: the pooled mean weights points by replicates and the
// stratified standard error combines theirs: two points of n = 10 with
// means 1 and 3 and the same se pool to 2 with se/sqrt(2).
func TestPrimaryCell(t *testing.T) {
	q := tCache{}
	var c primaryCell
	se := 0.5
	half := se * q.at(9)
	c.add(10, 1, half, q)
	c.add(10, 3, half, q)
	lo, hi := c.ci()
	wantHalf := 1.959963984540054 * se / math.Sqrt2
	if math.Abs(c.mean()-2) > 1e-12 || math.Abs((hi-lo)/2-wantHalf) > 1e-12 {
		t.Errorf("pooled %v [%v, %v], want 2 ± %v", c.mean(), lo, hi, wantHalf)
	}
}
