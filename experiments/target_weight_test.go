package experiments

import (
	"math"
	"testing"

	"pactsim/analysis"
)

// TestCalibrationWeightBound (a hostile review, stop 55): a target of
// weight 1e308 was accepted, and every evaluation that missed it had the
// loss 1.797e308, the largest float64, so the search could not tell any
// two apart. A weight is now refused where the loss of an evaluation that
// leaves every target undefined, n × w × 10⁸, passes the largest float64;
// the bound printed is allowed, and the loss at it is finite and still
// tells a miss from a worse one.
func TestCalibrationWeightBound(t *testing.T) {
	h := "name: cal\nseed: 1\nreplicates: 2\narchitectures: [none, hub_and_spokes]\ncalibration:\n  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}\n  targets:\n"
	two := func(w string) string {
		return h + "    - {name: a, outcome: wars, architecture: none, range: [0, 0.3]}\n    - {name: b, outcome: wars, architecture: hub_and_spokes, range: [0, 0.3], weight: " + w + "}\n"
	}
	// MaxFloat64 / (2 × 10⁸) is 8.988e299: the bound printed, 8.98e299.
	wantConfigError(t, "1e308", two("1e308"), 9, "calibration.targets[1].weight", "1e+308 is too heavy for 2 targets", "at most 8.98e+299 with 2 targets")
	wantConfigError(t, "just above", two("8.99e299"), 9, "calibration.targets[1].weight", "at most 8.98e+299 with 2 targets")
	p, err := Parse("t.yaml", []byte(two("8.98e299")))
	if err != nil {
		t.Fatalf("the bound printed refused: %v", err)
	}
	// At the bound, every target undefined has a finite loss, and a defined
	// miss of 10 bands a smaller one than a miss of 100.
	var tg []analysis.Target
	for _, s := range p.Config.Calibration.Targets {
		tg = append(tg, analysis.Target{Name: s.Name, Low: s.Low, High: s.High, Weight: s.Weight})
	}
	nan := analysis.TargetValue{Value: math.NaN()}
	if l := analysis.Loss(tg, []analysis.TargetValue{nan, nan}); !(l < math.MaxFloat64) {
		t.Errorf("loss with every target undefined at the bound = %g, want below the largest float64", l)
	}
	near := analysis.Loss(tg, []analysis.TargetValue{{Value: 0}, {Value: 3.3}})
	far := analysis.Loss(tg, []analysis.TargetValue{{Value: 0}, {Value: 30.3}})
	if !(near < far && far < math.MaxFloat64) {
		t.Errorf("losses at the bound: a miss of 10 bands %g, of 100 bands %g: want the first smaller and both finite", near, far)
	}
	// A stored config (an older calibration's) is read as it is.
	if _, err := parseStored("config.yaml", []byte(two("1e308"))); err != nil {
		t.Errorf("a stored config with weight 1e308 refused: %v", err)
	}
}
