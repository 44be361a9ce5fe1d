package experiments

import (
	"math"
	"testing"
)

// TestDiscoveryRoundingTie: the contrasts table's means are Welford
// updates, so paired differences that sum to 0 can give a mean of
// 2.08e-18 instead of 0 (12 of 273 zero means in quick.yaml's contrasts
// table). Without significant: true the sign of that rounding decided
// whether a point was of interest for {above: 0} or {below: 0}: a tie was
// counted as layered better. A mean on the threshold up to rounding is on
// it, of interest to neither side.
func TestDiscoveryRoundingTie(t *testing.T) {
	d := DiscoverySpec{Quantity: QuantitySpec{Outcome: "deterrence_success", Contrast: [2]string{"layered", "treaty"}},
		PeelAlpha: 0.05, PasteAlpha: 0.05, MinMass: 0.05}
	for _, c := range []struct {
		mean, lo, hi, threshold float64
		below, want             bool
	}{
		{2.0816681711721684e-18, -0.0337, 0.0337, 0, false, false}, // the review's point: 0 in exact arithmetic
		{-4.163336342344337e-17, -0.754, 0.754, 0, true, false},
		{0.5000000000000001, 0.4, 0.6, 0.5, false, false}, // a share on a threshold of 0.5
		{1e-6, -0.0337, 0.0337, 0, false, true},           // a small difference, but a difference
		{-0.025, -0.05, 0, 0, true, true},
		{2.0816681711721684e-18, math.NaN(), math.NaN(), 0, false, true}, // no interval: nothing to scale by
	} {
		d.Threshold, d.Below = c.threshold, c.below
		if got := d.Of(c.mean, c.lo, c.hi); got != c.want {
			t.Errorf("%s at mean %v [%v, %v]: of interest %v, want %v", d.Target(), c.mean, c.lo, c.hi, got, c.want)
		}
	}
}

// TestDiscoverRoundingTie: Discover hands each point's interval to Of
// for the scale of its rounding, with significant: false too.
func TestDiscoverRoundingTie(t *testing.T) {
	p := mustParse(t, analysisHead+`sweep:
  design: lhs
  samples: 40
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
`)
	n := p.NumPoints()
	mean, lo, hi := make([]float64, n), make([]float64, n), make([]float64, n)
	for k := range n {
		mean[k], lo[k], hi[k] = 2.0816681711721684e-18, -0.0337, 0.0337 // every point a tie
	}
	d := DiscoverySpec{Quantity: QuantitySpec{Outcome: "deterrence_success", Contrast: [2]string{"layered", "treaty"}},
		PeelAlpha: 0.05, PasteAlpha: 0.05, MinMass: 0.05}
	boxes, _, err := p.Discover(t.Context(), d, mean, lo, hi)
	if err != nil {
		t.Fatal(err)
	}
	if b := boxes[0]; b.Density != 0 || !math.IsNaN(b.Coverage) {
		t.Errorf("box 0 %+v: no point is above 0 (each is a tie up to rounding), want density 0 and coverage null", b)
	}
}
