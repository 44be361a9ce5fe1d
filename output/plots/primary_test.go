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
	}, "")
	for _, want := range []string{"What a treaty adds", "in deterrence success treaty_plus_cells does better", "in severity loss layered does better"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	got = primaryReadingText(output.PrimaryA, output.PrimaryB, []primaryReading{
		{outcome: "deterrence_success", better: engine.HigherBetter, mean: 0.001, lo: -0.01, hi: 0.012},
	}, "")
	if !strings.Contains(got, "no detectable difference") {
		t.Errorf("%q: want no detectable difference", got)
	}
	// One replicate per point: no interval, and the sentence must not call
	// that "no detectable difference".
	got = primaryReadingText(output.PrimaryA, output.PrimaryB, []primaryReading{
		{outcome: "severity_loss", better: engine.LowerBetter, mean: -6.62, lo: math.NaN(), hi: math.NaN()},
	}, "too few replicates")
	if strings.Contains(got, "no detectable difference") || !strings.Contains(got, "no confidence interval (too few replicates)") {
		t.Errorf("%q: want no confidence interval, not no detectable difference", got)
	}
	if s := sideOf("a", "b", "severity_loss", math.NaN(), math.NaN(), "why"); strings.Contains(s, "no detectable") || !strings.HasSuffix(s, ": why") {
		t.Errorf("sideOf with no interval: %q", s)
	}
}

// TestPrimaryCell: the pooled mean weights points by replicates and the
// stratified standard error combines theirs: two points of n = 10 with
// means 1 and 3 and the same se pool to 2 with se/sqrt(2), and a Student
// t interval of 18 degrees of freedom (2.1009). One point is its own
// paired t interval. A point of one replicate adds to the mean but leaves
// the variance unknown: no interval (a review, stop 24: it added nothing
// to the variance, and the interval was several times too narrow).
func TestPrimaryCell(t *testing.T) {
	q := tCache{}
	var c primaryCell
	se := 0.5
	half := se * q.at(9)
	c.add(10, 1, half, q)
	c.add(10, 3, half, q)
	lo, hi := c.ci()
	wantHalf := 2.10092204024096 * se / math.Sqrt2 // t(18) 0.975
	if math.Abs(c.mean()-2) > 1e-12 || math.Abs((hi-lo)/2-wantHalf) > 1e-9 {
		t.Errorf("pooled %v [%v, %v], want 2 ± %v", c.mean(), lo, hi, wantHalf)
	}
	var one primaryCell
	one.add(10, 1, half, q)
	if lo, hi := one.ci(); math.Abs((hi-lo)/2-half) > 1e-12 {
		t.Errorf("one point: half-width %v, want its own %v", (hi-lo)/2, half)
	}
	c.add(1, 21, math.NaN(), q)
	if lo, hi := c.ci(); !math.IsNaN(lo) || !math.IsNaN(hi) || math.Abs(c.mean()-61.0/21) > 1e-12 {
		t.Errorf("with a single-replicate point: %v [%v, %v], want mean 61/21 and no interval", c.mean(), lo, hi)
	}
}

// TestPooledSingleReplicates: a pooled figure's mean over points of one
// replicate each has no interval (their variances are unknown), not one of
// zero width, and computing it does not ask for a t quantile of 0 degrees
// of freedom (which panics in gonum: a review, stop 24, then CI); with two
// replicates a point it is Student t with Σ(n_i − 1) degrees of freedom.
func TestPooledSingleReplicates(t *testing.T) {
	for _, n := range []int64{1, 2} {
		p := &pool{}
		for k := range 4 {
			se := math.NaN()
			if n > 1 {
				se = 0.5
			}
			p.add(stat{n: n, mean: float64(k), se: se})
		}
		r := &results{points: make([]designPoint, 4), pools: map[archOutcome]*pool{{"a", "o"}: p}}
		s, ok := r.pooled("a", "o")
		if !ok || s.mean != 1.5 {
			t.Fatalf("n %d: pooled %+v, %v; want mean 1.5", n, s, ok)
		}
		if n == 1 && (!math.IsNaN(s.lo) || !math.IsNaN(s.high) || !math.IsNaN(s.se)) {
			t.Errorf("one replicate a point: interval [%v, %v], se %v; want none", s.lo, s.high, s.se)
		}
		if n == 2 {
			se := math.Sqrt(4*4*0.25) / 8 // sqrt(Σ n_i² se_i²) / N
			if want := t975(4) * se; math.Abs((s.high-s.lo)/2-want) > 1e-12 {
				t.Errorf("two replicates a point: half-width %v, want t(4)·%v = %v", (s.high-s.lo)/2, se, want)
			}
		}
	}
}
